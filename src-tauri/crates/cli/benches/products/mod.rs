//! products: the first import of 10,000 products (fillers of 3 SKUs each) at the sandbox's 50
//! QPS limit and 150 ms latency, by the real `shopdock products sync` process.
//!
//! The floor is the calls such an import cannot do without, at 50 a second: Get Warehouse
//! List, one Search Products page per 100 products, and one Get Product per product TikTok
//! serves it for (Search Products lacks the sales attributes, images, category and bundle
//! parts). The import also makes a few searches of its own (the changes since it started,
//! the deleted products); they count against it, not in the floor.

use super::{connect_bench_shop, peak_rss_mib, start_sandbox, BIN};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const N: usize = 10_000;
const QPS: f64 = 50.0;

pub async fn products() {
    let sandbox = start_sandbox(15).await;
    let base = sandbox.base_url();
    let control = sandbox.control().clone();
    let demo = control.demo_shop();
    control
        .set_filler_skus(&demo.id, Some(3))
        .expect("filler SKUs");
    control.set_product_count(&demo.id, N).expect("catalog");
    let catalog = control.products(&demo.id).expect("products");
    let listed = catalog.iter().filter(|p| p.status != "DELETED").count();
    let served = catalog
        .iter()
        .filter(|p| p.status != "DELETED" && p.status != "FREEZE")
        .count();
    let skus: usize = catalog.iter().map(|p| p.skus.len()).sum();
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path();
    connect_bench_shop(data, &control, &base);
    control.set_rate_limit(50);
    control.set_latency(Duration::from_millis(150));
    control.reset_stats();
    let t = Instant::now();
    let mut child = Command::new(BIN)
        .args(["products", "sync", "Bench"])
        .env("SHOPDOCK_DATA_DIR", data)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    let pid = child.id();
    let mut peak = 0.0f64;
    let status = loop {
        if let Some(p) = peak_rss_mib(pid) {
            peak = peak.max(p);
        }
        if let Some(s) = child.try_wait().expect("wait") {
            break s;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let elapsed = t.elapsed().as_secs_f64();
    assert!(status.success(), "the import failed");
    let stats = control.stats();
    let calls = |prefix: &str| -> u64 {
        stats
            .by_path
            .iter()
            .filter(|(path, _)| path.starts_with(prefix))
            .map(|(_, n)| n)
            .sum()
    };
    let searches = calls("/product/202502/products/search");
    let details = calls("/product/202309/products/");
    let pages = listed.div_ceil(100);
    let needed = 1 + pages + served;
    let floor = needed as f64 / QPS;
    println!("\n== products: first import of {N} products ({skus} SKUs), sandbox limit 50 QPS, latency 150 ms, `shopdock products sync`");
    println!(
        "   floor (calls / QPS)   : {floor:.1} s  (1 warehouse list + {pages} search pages + {served} Get Product)"
    );
    println!(
        "   time                  : {elapsed:.1} s  ({} requests: {searches} searches, {details} Get Product)",
        stats.requests
    );
    println!(
        "   ratio                 : {:.3}  (target <= 1.2)",
        elapsed / floor
    );
    println!(
        "   HTTP 429 (rate limit) : {}  (target 0)",
        stats.rate_limited
    );
    println!("   peak memory (VmHWM)   : {peak:.0} MiB");
}
