//! Shipping fixtures shared by the bulk and fault tests: the demo shop connected and synced
//! with many orders awaiting shipment, and a tracking file for them that the sandbox accepts.

use super::{connect_sandbox_shop, TestApp};
use shopdock_core::{OutboxEntryView, OutboxState};
use shopdock_sandbox::ShopInfo;
use shopdock_tiktok::model::Order;
use std::path::PathBuf;
use std::time::Duration;
use tokio_util::sync::CancellationToken;

/// The demo shop connected as a real shop with `extra` fresh orders past their on-hold hour,
/// every order stored.
pub async fn synced_demo_shop(t: &TestApp, extra: usize) -> (String, ShopInfo) {
    let demo = t.sandbox().await.control().demo_shop();
    let shop = synced_shop(t, &demo, extra).await;
    (shop, demo)
}

/// The sandbox shop `info` connected as a real shop, with `extra` fresh orders past their
/// on-hold hour, every order stored. Returns Shopdock's shop id.
pub async fn synced_shop(t: &TestApp, info: &ShopInfo, extra: usize) -> String {
    let sandbox = t.sandbox().await;
    let shop = connect_sandbox_shop(t, &info.code, &info.seller_id).await;
    sandbox.control().create_orders(&info.id, extra).unwrap();
    sandbox
        .control()
        .advance_clock(Duration::from_secs(2 * 3600));
    let now = sandbox.control().now();
    let progress = t
        .app
        .backfill_orders(&shop, now - 60 * 86_400, now + 1, CancellationToken::new())
        .await
        .unwrap();
    assert!(progress.finished);
    shop
}

/// Seller-shipped orders awaiting shipment that nobody has shipped any part of.
pub async fn shippable(t: &TestApp, demo: &ShopInfo) -> Vec<Order> {
    t.sandbox()
        .await
        .control()
        .orders(&demo.id)
        .unwrap()
        .into_iter()
        .filter(|o| {
            o.status == "AWAITING_SHIPMENT"
                && o.shipping_type == "SELLER"
                && o.fulfillment_type != "FULFILLMENT_BY_TIKTOK"
                && !o.is_buyer_request_cancel
                && o.delivery_option_id.is_some()
                && o.line_items.iter().all(|i| i.tracking_number.is_none())
        })
        .collect()
}

/// A carrier of the order's delivery option and a tracking number it accepts.
pub async fn carrier_and_tracking(
    t: &TestApp,
    demo: &ShopInfo,
    order: &Order,
    seq: u64,
) -> (String, String) {
    let control = t.sandbox().await.control();
    let option = order.delivery_option_id.clone().unwrap();
    let provider = control
        .shipping_providers(&demo.id, &option)
        .unwrap()
        .into_iter()
        .next()
        .expect("a seller-shipping option has providers");
    let tracking = control
        .sample_tracking_number(&demo.id, &provider.id, seq)
        .unwrap();
    (provider.name, tracking)
}

/// A CSV of `orders` with valid carriers and tracking numbers, written in the app's data dir.
pub async fn tracking_csv(t: &TestApp, demo: &ShopInfo, orders: &[Order], name: &str) -> PathBuf {
    let mut text = String::from("Order ID,Carrier,Tracking Number\n");
    for (i, order) in orders.iter().enumerate() {
        let (carrier, tracking) = carrier_and_tracking(t, demo, order, i as u64 + 1).await;
        text.push_str(&format!("{},{carrier},{tracking}\n", order.id));
    }
    let path = t.dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// Drains until the row is sent or failed (or the deadline passes).
pub async fn settled(t: &TestApp, shop: &str, id: i64) -> OutboxEntryView {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    loop {
        t.app.drain_outbox(shop).await.unwrap();
        let entry = t.app.outbox_entry(id).await.unwrap();
        if matches!(
            entry.state,
            OutboxState::Sent | OutboxState::Failed | OutboxState::NeedsAttention
        ) {
            return entry;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "row {id} still {:?} after 30 s",
            entry.state
        );
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}
