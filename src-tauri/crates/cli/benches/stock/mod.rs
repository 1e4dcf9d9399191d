//! stock: stock push latency (issue 12), from a local stock change to the quantity TikTok
//! stores, with Shopdock running as the app does: the seller's edit saved through core (as the
//! SKUs screen saves it), the supervisor's tick turning the stock marks into outbox rows and
//! waking the drainer, each push reading TikTok's stock (Inventory Search) and writing it
//! (Update Inventory) at the sandbox's 150 ms latency and 50 QPS limit.
//!
//! 200 changes at random moments over 60 s, each to one of 100 linked products (one SKU each;
//! a product is changed again only once its last change has landed, so each change has its own
//! figure to wait for). The sandbox's stored quantity of the SKU is read every 20 ms (its
//! control API, in process) until it equals the new on-hand count (no orders, no buffer: the
//! figure pushed is the count). Prints p50, p95 and max, the changes never seen, and the calls
//! made by Update Inventory and Inventory Search.

use super::{app_with_shops, percentile, start_sandbox};
use shopdock_core::{LinkPartView, LocalSkuInput, OptionKey, OptionToggle, OptionsPatch};
use std::collections::HashMap;
use std::time::{Duration, Instant};

const PRODUCTS: usize = 100;
const CHANGES: usize = 200;
const SPREAD: Duration = Duration::from_secs(60);
const POLL: Duration = Duration::from_millis(20);
/// How long a change may take before it counts as never seen.
const GIVE_UP: Duration = Duration::from_secs(60);

/// A small deterministic generator (xorshift64): the same moments and figures every run.
struct Draw(u64);

impl Draw {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

pub async fn stock() {
    let sandbox = start_sandbox(17).await;
    let control = sandbox.control().clone();
    let demo = control.demo_shop();
    control
        .set_filler_skus(&demo.id, Some(1))
        .expect("filler SKUs");
    let have = control.product_count(&demo.id).expect("catalog");
    control
        .set_product_count(&demo.id, have + 2 * PRODUCTS)
        .expect("catalog");
    let (_dir, app, shops) = app_with_shops(
        &sandbox,
        &[(demo.code.clone(), shopdock_sandbox::DEMO_SELLER.to_owned())],
    )
    .await;
    let shop = shops[0].clone();
    app.import_products(&shop, false, tokio_util::sync::CancellationToken::new())
        .await
        .expect("products imported");

    // 100 live single-SKU products, each linked to a SKU of the seller's own.
    let fillers: Vec<(String, String)> = control
        .products(&demo.id)
        .expect("products")
        .into_iter()
        .filter(|p| p.role == "filler" && p.status == "ACTIVATE" && p.skus.len() == 1)
        .take(PRODUCTS)
        .map(|p| (format!("BENCH-{}", p.product_id), p.skus[0].sku_id.clone()))
        .collect();
    assert_eq!(fillers.len(), PRODUCTS, "enough live products");
    let mut on_hand: HashMap<String, i64> = HashMap::new();
    for (code, sku) in &fillers {
        save(&app, code, 10).await;
        on_hand.insert(sku.clone(), 10);
        app.set_sku_link(
            &shop,
            sku,
            vec![LinkPartView {
                code: code.clone(),
                factor: 1,
            }],
        )
        .await
        .expect("link");
    }
    app.set_shop_options(
        &shop,
        OptionsPatch {
            set: vec![OptionToggle {
                key: OptionKey::AutoStockSync,
                enabled: true,
            }],
            poll_interval_secs: None,
        },
    )
    .await
    .expect("stock sync on");
    app.start_sync();
    // The first push of every linked product (each SKU to 10) before the clock starts.
    let deadline = Instant::now() + Duration::from_secs(120);
    for (_, sku) in &fillers {
        while stored(&control, &demo.id, sku) != 10 {
            assert!(
                Instant::now() < deadline,
                "the first push of {sku} never landed"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    control.set_latency(Duration::from_millis(150));
    control.reset_stats();
    let mut draw = Draw(0x9E37_79B9_7F4A_7C15);
    let mut moments: Vec<Duration> = (0..CHANGES)
        .map(|_| Duration::from_millis(draw.below(SPREAD.as_millis() as u64)))
        .collect();
    moments.sort();
    let mut moments = moments.into_iter().peekable();
    // SKU -> (figure to wait for, when the change was made).
    let mut pending: HashMap<String, (i64, Instant)> = HashMap::new();
    let mut latencies: Vec<f64> = Vec::with_capacity(CHANGES);
    let mut lost = 0usize;
    let start = Instant::now();
    loop {
        while moments.peek().is_some_and(|at| start.elapsed() >= *at) {
            moments.next();
            let free: Vec<&(String, String)> = fillers
                .iter()
                .filter(|(_, sku)| !pending.contains_key(sku))
                .collect();
            let (code, sku) = free[draw.below(free.len() as u64) as usize];
            let old = on_hand[sku];
            let figure = loop {
                let f = 1 + draw.below(500) as i64;
                if f != old {
                    break f;
                }
            };
            let at = Instant::now();
            save(&app, code, figure).await;
            on_hand.insert(sku.clone(), figure);
            pending.insert(sku.clone(), (figure, at));
        }
        pending.retain(|sku, (figure, at)| {
            if stored(&control, &demo.id, sku) == *figure {
                latencies.push(at.elapsed().as_secs_f64());
                false
            } else if at.elapsed() > GIVE_UP {
                lost += 1;
                false
            } else {
                true
            }
        });
        if moments.peek().is_none() && pending.is_empty() {
            break;
        }
        tokio::time::sleep(POLL).await;
    }
    app.stop_sync();
    let stats = control.stats();
    let calls = |suffix: &str| -> u64 {
        stats
            .by_path
            .iter()
            .filter(|(path, _)| path.ends_with(suffix))
            .map(|(_, n)| n)
            .sum()
    };
    latencies.sort_by(|a, b| a.total_cmp(b));
    println!(
        "\n== stock: push latency, {CHANGES} local changes at random moments over {} s across {PRODUCTS} linked products, sandbox latency 150 ms, limit 50 QPS",
        SPREAD.as_secs()
    );
    println!(
        "   local change to TikTok's stored quantity: p50 {:.2} s, p95 {:.2} s, max {:.2} s  (target p95 <= 5 s); never seen: {lost}",
        percentile(&latencies, 0.5),
        percentile(&latencies, 0.95),
        latencies.last().copied().unwrap_or(f64::NAN),
    );
    println!(
        "   calls: {} Update Inventory, {} Inventory Search for {CHANGES} changes; HTTP 429: {}",
        calls("/inventory/update"),
        calls("/inventory/search"),
        stats.rate_limited
    );
}

/// Sets a local SKU's on-hand count through core, as the SKUs screen's inline edit does.
async fn save(app: &shopdock_core::Shopdock, code: &str, on_hand: i64) {
    app.save_local_sku(LocalSkuInput {
        code: code.to_owned(),
        name: None,
        on_hand: Some(on_hand),
        price: None,
        cost: None,
    })
    .await
    .expect("the count saved");
}

/// The units the sandbox stores for the SKU, every warehouse together.
fn stored(control: &shopdock_sandbox::Control, shop: &str, sku: &str) -> i64 {
    control
        .sku_stock(shop, sku)
        .map(|s| s.warehouses.iter().map(|w| w.available).sum())
        .unwrap_or(-1)
}
