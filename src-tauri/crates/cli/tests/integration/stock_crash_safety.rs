//! Crash safety of a stock push (issue 12 "Tests"): `shopdock stock push` of 2,000 linked SKUs
//! is killed with SIGKILL at random moments and started again each time. At the end TikTok
//! (the sandbox) holds every SKU's figure, every product whose figures changed was written
//! exactly once (a push in flight at a kill is read back, never sent twice), and a product
//! with no change was never written.

use crate::common::{kill_at_random, ok, register_demo_shop, shopdock, KillWindow, Lcg};
use shopdock_sandbox::{Control, Sandbox, SandboxConfig};
use shopdock_store::{LinkPart, LocalSkuPatch, ShopOptions, SkuLink, Store};
use std::collections::HashMap;
use std::time::Duration;

const SKUS: usize = 2000;
const KILLS: usize = 10;

fn inventory_writes(control: &Control, shop: &str) -> u32 {
    control
        .products(shop)
        .unwrap()
        .iter()
        .map(|p| {
            control
                .product_write_counts(shop, &p.product_id)
                .unwrap()
                .by_endpoint
                .get("update_inventory")
                .copied()
                .unwrap_or(0)
        })
        .sum()
}

/// Half the kills land at a random moment from the start (the order pull, queueing), the
/// others a random delay after the run's first write reached the sandbox.
const WINDOW: KillWindow = KillWindow {
    from_start: Duration::from_millis(3000),
    after_a_write: Duration::from_millis(800),
    give_up: Duration::from_secs(120),
};

#[tokio::test(flavor = "multi_thread")]
async fn a_push_of_two_thousand_skus_survives_kill_9s_and_writes_each_changed_product_once() {
    let sandbox = Sandbox::start(SandboxConfig {
        seed: 12,
        ..SandboxConfig::default()
    })
    .await
    .unwrap();
    let base = sandbox.base_url();
    let control = sandbox.control().clone();
    let demo = control.demo_shop();
    control.set_filler_skus(&demo.id, Some(3)).unwrap();
    let have = control.product_count(&demo.id).unwrap();
    control.set_product_count(&demo.id, have + 1000).unwrap();
    control.pause_clock();

    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    register_demo_shop(data, &control, &base, "Stock crash");
    let store = Store::open(&data.join("shopdock.sqlite3")).unwrap();
    let shop = store.list_shops().unwrap().remove(0).id;

    // 2,000 SKUs of live products, each its own local SKU. Every fourth product's counts are
    // what TikTok already holds (in its one warehouse): those products need no write.
    let mut counts: HashMap<String, i64> = HashMap::new();
    let mut unchanged: Vec<String> = Vec::new();
    let mut changed: Vec<String> = Vec::new();
    let mut rows = Vec::new();
    let mut links = Vec::new();
    let products = control.products(&demo.id).unwrap();
    for (i, p) in products
        .iter()
        .filter(|p| p.role == "filler" && p.status == "ACTIVATE")
        .enumerate()
    {
        if counts.len() + p.skus.len() > SKUS {
            break;
        }
        let same = i % 4 == 0 && p.skus.iter().all(|k| k.warehouses.len() == 1);
        for k in &p.skus {
            let held: i64 = k.warehouses.iter().map(|w| w.available).sum();
            let n = if same {
                held
            } else {
                held + 1 + (i as i64 % 7)
            };
            let code = format!("F-{}", k.sku_id);
            rows.push((
                code.clone(),
                LocalSkuPatch {
                    on_hand: Some(n),
                    ..LocalSkuPatch::default()
                },
            ));
            links.push(SkuLink {
                shop_id: shop.clone(),
                product_id: p.product_id.clone(),
                sku_id: k.sku_id.clone(),
                parts: vec![LinkPart { code, factor: 1 }],
                linked_at: 1,
            });
            counts.insert(k.sku_id.clone(), n);
        }
        if same { &mut unchanged } else { &mut changed }.push(p.product_id.clone());
    }
    assert!(counts.len() >= SKUS - 2, "{} SKUs", counts.len());
    assert!(!unchanged.is_empty() && !changed.is_empty());
    store.save_local_skus(&rows, 1).unwrap();
    store
        .write(|tx| {
            links
                .iter()
                .try_for_each(|l| tx.set_sku_link(l).map(|_| ()))
        })
        .unwrap();
    store
        .set_shop_options(
            &shop,
            &ShopOptions {
                auto_stock_sync: true,
                ..ShopOptions::default()
            },
        )
        .unwrap();
    control.set_latency(Duration::from_millis(20));

    let args = ["stock", "push", "Stock crash"];
    let mut rng = Lcg::from_clock();
    let mut mid_push_kills = 0;
    for _ in 0..KILLS {
        let killed = kill_at_random(data, &args, &mut rng, &WINDOW, || {
            inventory_writes(&control, &demo.id)
        });
        if !killed {
            continue;
        }
        let written = inventory_writes(&control, &demo.id) as usize;
        if written > 0 && written < changed.len() {
            mid_push_kills += 1;
        }
    }
    assert!(
        mid_push_kills >= 2,
        "only {mid_push_kills} kills landed mid-push"
    );

    let out = ok(shopdock(data, &args));
    assert!(
        out.contains(&format!(
            "{n} of {n} SKU(s) hold Shopdock's figure",
            n = counts.len()
        )),
        "{out}"
    );
    for (sku, n) in &counts {
        let held: i64 = control
            .sku_stock(&demo.id, sku)
            .unwrap()
            .warehouses
            .iter()
            .map(|w| w.available)
            .sum();
        assert_eq!(held, *n, "SKU {sku}");
    }
    let writes = |product: &str| {
        control
            .product_write_counts(&demo.id, product)
            .unwrap()
            .by_endpoint
            .get("update_inventory")
            .copied()
            .unwrap_or(0)
    };
    for p in &unchanged {
        assert_eq!(writes(p), 0, "product {p} had no change");
    }
    for p in &changed {
        assert_eq!(writes(p), 1, "product {p} written once");
    }
}
