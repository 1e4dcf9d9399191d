//! A burst of 1,000 stock changes over 100 products, made as separate edits while Shopdock
//! runs on its own (the supervisor's ticks), reaches TikTok in at most one Update Inventory
//! call per product, each product ending at its last figure.

use crate::support::open_app;
use crate::support::stock::{options, settle, stock_shop};
use shopdock_core::OptionKey;
use std::time::Duration;

const PRODUCTS: usize = 100;
const CHANGES: usize = 1000;

#[tokio::test(flavor = "multi_thread")]
async fn a_burst_of_a_thousand_changes_over_a_hundred_products_costs_at_most_a_hundred_writes() {
    let t = open_app(None).await;
    let s = stock_shop(&t, 0).await;
    let control = t.sandbox().await.control().clone();
    let have = control.product_count(&s.demo.id).unwrap();
    control
        .set_product_count(&s.demo.id, have + 3 * PRODUCTS)
        .unwrap();
    let fillers: Vec<_> = s
        .products(&t, "filler")
        .await
        .into_iter()
        .filter(|p| p.status == "ACTIVATE")
        .take(PRODUCTS)
        .collect();
    assert_eq!(fillers.len(), PRODUCTS, "enough live products");
    for (i, p) in fillers.iter().enumerate() {
        let code = format!("F{i}");
        s.count(&t, &code, 1);
        s.link(&p.product_id, &p.skus[0].sku_id, &[(&code, 1)]);
    }
    options(&t, &s.shop, &[(OptionKey::AutoStockSync, true)]).await;
    settle(&t, &s).await;
    let mut before = Vec::with_capacity(PRODUCTS);
    for p in &fillers {
        before.push(s.inventory_writes(&t, &p.product_id).await);
    }

    t.app.start_sync();
    let started = tokio::time::Instant::now();
    let mut last = vec![0i64; PRODUCTS];
    for n in 0..CHANGES {
        let i = (n * 37) % PRODUCTS;
        last[i] = 2 + (n as i64 % 50);
        s.count(&t, &format!("F{i}"), last[i]);
    }
    let burst = started.elapsed();

    // Pushed within the debounce plus a send, with no help from the test.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(60);
    let mut i = 0;
    while i < PRODUCTS {
        if s.on_tiktok(&t, &fillers[i].skus[0].sku_id).await == last[i] {
            i += 1;
            continue;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "product {i} not pushed: TikTok {} vs {}",
            s.on_tiktok(&t, &fillers[i].skus[0].sku_id).await,
            last[i]
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    t.app.stop_sync();
    let mut writes = 0;
    for (p, b) in fillers.iter().zip(&before) {
        let n = s.inventory_writes(&t, &p.product_id).await - b;
        assert!(n <= 1, "product {} written {n} times", p.product_id);
        writes += n;
    }
    assert!(
        writes as usize <= PRODUCTS,
        "{writes} Update Inventory calls for a burst of {burst:?}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_single_change_reaches_tiktok_within_five_seconds_on_its_own() {
    let t = open_app(None).await;
    let s = stock_shop(&t, 0).await;
    let product = s.products(&t, "blank_seller_sku").await.remove(0);
    let sku = product.skus[0].sku_id.clone();
    s.count(&t, "ROPE", 4);
    s.link(&product.product_id, &sku, &[("ROPE", 1)]);
    options(&t, &s.shop, &[(OptionKey::AutoStockSync, true)]).await;
    settle(&t, &s).await;
    t.sandbox()
        .await
        .control()
        .set_latency(Duration::from_millis(150));
    t.app.start_sync();

    let changed = tokio::time::Instant::now();
    s.count(&t, "ROPE", 9);
    while s.on_tiktok(&t, &sku).await != 9 {
        assert!(
            changed.elapsed() < Duration::from_secs(5),
            "not on TikTok 5 s after the change"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    t.app.stop_sync();
}
