//! Reconciliation with TikTok: a SKU whose quantity on TikTok drifted from Shopdock's figure is
//! found, kept as a finding, reported, and pushed back; one for which TikTok holds orders
//! Shopdock has not downloaded yet is not called drift.

use crate::support::open_app;
use crate::support::stock::{options, settle, stock_shop};
use shopdock_core::{OptionKey, PushState};

#[tokio::test(flavor = "multi_thread")]
async fn drift_on_tiktok_is_found_reported_and_pushed_back() {
    let t = open_app(None).await;
    let s = stock_shop(&t, 0).await;
    let product = s.products(&t, "blank_seller_sku").await.remove(0);
    let sku = product.skus[0].sku_id.clone();
    s.count(&t, "TARP", 8);
    s.link(&product.product_id, &sku, &[("TARP", 1)]);
    options(&t, &s.shop, &[(OptionKey::AutoStockSync, true)]).await;
    settle(&t, &s).await;
    assert_eq!(s.on_tiktok(&t, &sku).await, 8);

    // A change whose push never happened (as after a silent failure): the count moves, its
    // mark is lost, TikTok still shows the old figure.
    s.count(&t, "TARP", 5);
    s.store
        .flush_sync_marks(false, t.app.now(), |_| None)
        .unwrap();
    assert_eq!(s.on_tiktok(&t, &sku).await, 8);

    let report = t.app.reconcile_stock(&s.shop).await.unwrap();
    assert_eq!(report.checked, 1);
    assert_eq!(report.drifted.len(), 1, "{report:?}");
    let finding = &report.drifted[0];
    assert_eq!(
        (finding.sku_id.as_str(), finding.tiktok, finding.expected),
        (sku.as_str(), 8, 5)
    );
    settle(&t, &s).await;
    assert_eq!(s.on_tiktok(&t, &sku).await, 5, "pushed back");

    let status = t.app.stock_status(&s.shop).await.unwrap();
    assert_eq!(status.findings.len(), 1, "kept for the window");
    assert_eq!(status.skus[0].stock, PushState::Pushed);
    let again = t.app.reconcile_stock(&s.shop).await.unwrap();
    assert!(again.drifted.is_empty(), "nothing left: {again:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn orders_shopdock_has_not_downloaded_are_not_drift() {
    let t = open_app(None).await;
    let s = stock_shop(&t, 0).await;
    s.link_each_order_sku(&t, 50).await;
    options(&t, &s.shop, &[(OptionKey::AutoStockSync, true)]).await;
    settle(&t, &s).await;

    // New orders on TikTok, not downloaded: TikTok's available drops, Shopdock's does not yet.
    t.sandbox()
        .await
        .control()
        .create_orders(&s.demo.id, 5)
        .unwrap();
    let report = t.app.reconcile_stock(&s.shop).await.unwrap();
    assert!(report.waiting_for_orders > 0, "{report:?}");
    assert!(report.drifted.is_empty(), "{report:?}");

    // Once TikTok's search lists them (its index lags a few seconds) and they are
    // downloaded, both agree without a correction.
    t.sandbox()
        .await
        .control()
        .advance_clock(std::time::Duration::from_secs(10));
    settle(&t, &s).await;
    let after = t.app.reconcile_stock(&s.shop).await.unwrap();
    assert_eq!(
        (after.waiting_for_orders, after.drifted.len()),
        (0, 0),
        "{after:?}"
    );
}
