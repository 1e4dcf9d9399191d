//! `shopdock products` end to end, by the real binary against an in-test sandbox: `sync`
//! imports the catalog with a progress line on stderr and then only the changes, `list` shows
//! what was stored (search, status filter, JSON), and Ctrl-C stops a sync with what it stored
//! kept, the same command finishing it.

use crate::common::{ok, register_demo_shop, shopdock, BIN};
use shopdock_sandbox::{Control, ProductInfo, Sandbox, SandboxConfig, DEMO_APP_SECRET};
use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const SHOP: &str = "Catalog";

async fn sandbox_with_catalog(seed: u64, products: usize) -> (Sandbox, Control) {
    let sandbox = Sandbox::start(SandboxConfig {
        seed,
        orders_per_shop: 0,
        ..SandboxConfig::default()
    })
    .await
    .unwrap();
    let control = sandbox.control().clone();
    control
        .set_product_count(&control.demo_shop().id, products)
        .unwrap();
    (sandbox, control)
}

/// The sandbox's products a search lists (every status but deleted).
fn listed(control: &Control) -> Vec<ProductInfo> {
    let mut all = control.products(&control.demo_shop().id).unwrap();
    all.retain(|p| p.status != "DELETED");
    all
}

fn list_json(data: &Path, args: &[&str]) -> serde_json::Value {
    let mut full = vec!["products", "list", "--json"];
    full.extend_from_slice(args);
    serde_json::from_str(&ok(shopdock(data, &full))).unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn products_sync_imports_the_catalog_and_list_searches_and_filters_it() {
    let (sandbox, control) = sandbox_with_catalog(31, 250).await;
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    register_demo_shop(data, &control, &sandbox.base_url(), SHOP);
    let want = listed(&control);

    let out = shopdock(data, &["products", "sync", SHOP]);
    let stdout = ok(out.clone());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stdout.starts_with(&format!("imported products (all): {} new", want.len())),
        "{stdout}"
    );
    assert!(stderr.contains("products (all products): "), "{stderr}");

    let all = list_json(data, &["--shop", SHOP, "--limit", "1000"]);
    assert_eq!(all["total"].as_u64(), Some(want.len() as u64));
    let mut ids: Vec<&str> = all["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["product_id"].as_str().unwrap())
        .collect();
    ids.sort_unstable();
    let mut expected: Vec<&str> = want.iter().map(|p| p.product_id.as_str()).collect();
    expected.sort_unstable();
    assert_eq!(ids, expected, "each product once");
    assert_eq!(
        list_json(data, &[])["rows"].as_array().map(Vec::len),
        Some(50),
        "50 rows unless asked for more"
    );

    let multi = want.iter().find(|p| p.role == "multi_warehouse").unwrap();
    let text = ok(shopdock(
        data,
        &["products", "list", "--search", &multi.skus[1].seller_sku],
    ));
    assert!(text.starts_with(&multi.product_id), "{text}");
    assert!(text.ends_with("1 of 1 products\n"), "{text}");

    let paused = list_json(data, &["--status", "seller_deactivated"]);
    let want_paused = want
        .iter()
        .filter(|p| p.status == "SELLER_DEACTIVATED")
        .count();
    assert_eq!(paused["total"].as_u64(), Some(want_paused as u64));
    assert!(paused["rows"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["status"] == "SELLER_DEACTIVATED"));
    let counts = paused["status_counts"].as_array().unwrap();
    assert!(counts.iter().any(|c| c["status"] == "FREEZE"), "{counts:?}");

    let refused = shopdock(data, &["products", "list", "--status", "sold_out"]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("PLATFORM_DEACTIVATED"),
        "the valid statuses are named"
    );

    // Again: only what changed since (nothing), nothing new.
    let again = ok(shopdock(data, &["products", "sync", SHOP, "--json"]));
    let again: serde_json::Value = serde_json::from_str(&again).unwrap();
    assert_eq!(again["full"], false);
    assert_eq!(again["inserted"], 0);
    assert_eq!(again["details_fetched"], 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn ctrl_c_stops_a_products_sync_keeping_what_it_stored_and_the_same_command_finishes() {
    let (sandbox, control) = sandbox_with_catalog(32, 700).await;
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    register_demo_shop(data, &control, &sandbox.base_url(), SHOP);
    let want = listed(&control);

    let mut child = Command::new(BIN)
        .args(["products", "sync", SHOP])
        .env("SHOPDOCK_DATA_DIR", data)
        .env("SHOPDOCK_APP_SECRET", DEMO_APP_SECRET)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start shopdock");
    // Wait for the progress line to pass 100 products, then press Ctrl-C.
    let mut stderr = child.stderr.take().unwrap();
    let (said, heard) = std::sync::mpsc::channel::<String>();
    std::thread::spawn(move || {
        let mut buf = [0u8; 512];
        let mut text = String::new();
        while let Ok(n) = stderr.read(&mut buf) {
            if n == 0 {
                break;
            }
            text.push_str(&String::from_utf8_lossy(&buf[..n]));
            let _ = said.send(text.clone());
        }
    });
    let deadline = Instant::now() + Duration::from_secs(60);
    let progressed = |t: &str| {
        t.rsplit('\r').any(|line| {
            line.strip_prefix("products (all products): ")
                .and_then(|rest| rest.split(' ').next())
                .and_then(|n| n.parse::<u64>().ok())
                .is_some_and(|n| n >= 100)
        })
    };
    let mut text = String::new();
    while !progressed(&text) {
        let left = deadline.saturating_duration_since(Instant::now());
        text = heard.recv_timeout(left).expect("progress on stderr");
    }
    let interrupted = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(interrupted.success());
    let status = child.wait().unwrap();
    let mut rest = String::new();
    while let Ok(t) = heard.recv_timeout(Duration::from_secs(2)) {
        rest = t;
    }
    assert_eq!(status.code(), Some(1), "{rest}");
    assert!(
        rest.contains("cancelling; run the same command again to resume"),
        "{rest}"
    );
    assert!(rest.contains("error: Cancelled."), "{rest}");

    let partial = list_json(data, &["--limit", "1000"]);
    let stored = partial["total"].as_u64().unwrap() as usize;
    assert!(stored >= 100 && stored < want.len(), "{stored}");

    let finished = ok(shopdock(data, &["products", "sync", SHOP, "--json"]));
    let finished: serde_json::Value = serde_json::from_str(&finished).unwrap();
    assert_eq!(finished["full"], true, "the full import resumed");
    assert_eq!(
        finished["inserted"].as_u64(),
        Some((want.len() - stored) as u64),
        "only what the first run had not stored"
    );
    let all = list_json(data, &["--limit", "1000"]);
    assert_eq!(all["total"].as_u64(), Some(want.len() as u64));
}
