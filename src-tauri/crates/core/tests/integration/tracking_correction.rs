//! Correcting a shipped order's tracking (Update Shipping Info), over real loopback HTTP
//! against the sandbox and a real SQLite file. TikTok allows one update per order, within 72 h
//! of shipment in the US, UK and SEA, so nothing is sent without the seller's confirmation, a
//! second correction is refused locally, the US window is checked before sending (and TikTok's
//! own 21011049 is explained when it still comes), an EU shop has no window but one update,
//! and a correction whose reply was lost is settled by reading the order, never resent.

use crate::support::shipping::{shippable, synced_demo_shop, synced_shop};
use crate::support::{open_app, open_app_on, open_app_with_clock, TestApp};
use shopdock_core::{
    CorrectTrackingInput, ErrorCode, ManualClock, OutboxEntryView, OutboxKind, OutboxListInput,
    OutboxState, ShipInput,
};
use shopdock_demo::SandboxDemo;
use shopdock_sandbox::{MarketCode, SandboxConfig, ShippingMode, ShopInfo, ShopSetup, WriteFaults};
use shopdock_tiktok::model::Order;
use std::sync::Arc;
use std::time::Duration;

const HOUR: i64 = 3600;

/// Drains until the row is settled (or 30 s pass).
async fn settled(t: &TestApp, shop: &str, id: i64) -> OutboxEntryView {
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
            "row {id}: {entry:?}"
        );
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}

/// The first provider of the order's option (its name) and a number it accepts.
async fn carrier(t: &TestApp, info: &ShopInfo, order: &Order, seq: u64) -> (String, String) {
    let control = t.sandbox().await.control();
    let provider = control
        .shipping_providers(&info.id, order.delivery_option_id.as_deref().unwrap())
        .unwrap()
        .remove(0);
    let tracking = control
        .sample_tracking_number(&info.id, &provider.id, seq)
        .unwrap();
    (provider.name, tracking)
}

/// Ships the first `n` shippable orders through Shopdock and waits until TikTok has them.
async fn shipped(t: &TestApp, shop: &str, info: &ShopInfo, n: usize) -> Vec<Order> {
    let orders: Vec<Order> = shippable(t, info).await.into_iter().take(n).collect();
    assert_eq!(orders.len(), n, "{n} shippable orders");
    for (i, order) in orders.iter().enumerate() {
        let (carrier, tracking) = carrier(t, info, order, 100 + i as u64).await;
        let queued = t
            .app
            .ship_order(
                shop,
                ShipInput {
                    order_id: order.id.clone(),
                    carrier,
                    tracking_number: tracking,
                    line_item_ids: Vec::new(),
                },
            )
            .await
            .unwrap();
        assert_eq!(settled(t, shop, queued.id).await.state, OutboxState::Sent);
    }
    orders
}

async fn correction(
    t: &TestApp,
    info: &ShopInfo,
    order: &Order,
    seq: u64,
    confirmed: bool,
) -> CorrectTrackingInput {
    let (carrier, tracking_number) = carrier(t, info, order, seq).await;
    CorrectTrackingInput {
        order_id: order.id.clone(),
        carrier,
        tracking_number,
        confirmed,
        package_id: None,
    }
}

async fn writes(t: &TestApp, info: &ShopInfo, order_id: &str) -> u32 {
    t.sandbox()
        .await
        .control()
        .write_counts(&info.id, order_id)
        .unwrap()
        .writes
}

async fn corrections(t: &TestApp) -> Vec<OutboxEntryView> {
    t.app
        .list_outbox(OutboxListInput {
            kind: Some(OutboxKind::UpdateTracking),
            ..Default::default()
        })
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_correction_is_sent_only_confirmed_exactly_once_and_a_second_is_refused_locally() {
    let t = open_app(None).await;
    let (shop, demo) = synced_demo_shop(&t, 40).await;
    let order = shipped(&t, &shop, &demo, 1).await.remove(0);

    let unconfirmed = correction(&t, &demo, &order, 1, false).await;
    let asked = t
        .app
        .correct_tracking(&shop, unconfirmed.clone())
        .await
        .unwrap_err();
    assert_eq!(asked.code, ErrorCode::ConfirmationRequired, "{asked:?}");
    assert!(
        asked.message.contains("single tracking correction") && asked.message.contains("72 hours"),
        "{asked:?}"
    );
    assert!(
        corrections(&t).await.is_empty(),
        "nothing queued unconfirmed"
    );
    assert_eq!(writes(&t, &demo, &order.id).await, 1, "only the shipment");

    let confirmed = CorrectTrackingInput {
        confirmed: true,
        ..unconfirmed
    };
    let queued = t
        .app
        .correct_tracking(&shop, confirmed.clone())
        .await
        .unwrap();
    assert_eq!(queued.kind, OutboxKind::UpdateTracking);
    let sent = settled(&t, &shop, queued.id).await;
    assert_eq!(sent.state, OutboxState::Sent, "{sent:?}");
    assert_eq!(writes(&t, &demo, &order.id).await, 2, "sent exactly once");
    let on_tiktok = t
        .sandbox()
        .await
        .control()
        .order(&demo.id, &order.id)
        .unwrap();
    assert_eq!(
        on_tiktok.tracking_number.as_deref(),
        Some(confirmed.tracking_number.as_str())
    );

    let again = correction(&t, &demo, &order, 2, true).await;
    let refused = t.app.correct_tracking(&shop, again).await.unwrap_err();
    assert_eq!(refused.code, ErrorCode::Conflict, "{refused:?}");
    assert!(
        refused.message.contains("already corrected once"),
        "{refused:?}"
    );
    t.app.drain_outbox(&shop).await.unwrap();
    assert_eq!(writes(&t, &demo, &order.id).await, 2, "nothing more sent");
    assert_eq!(corrections(&t).await.len(), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn past_72_hours_a_us_correction_is_refused_locally_and_tiktoks_own_refusal_is_explained() {
    let clock = Arc::new(ManualClock::at_system_time());
    let t = open_app_with_clock(None, Some(clock.clone())).await;
    let (shop, demo) = synced_demo_shop(&t, 40).await;
    let orders = shipped(&t, &shop, &demo, 6).await;

    // TikTok's clock passes 72 h while Shopdock's does not: the correction reaches TikTok.
    let control = t.sandbox().await.control();
    control.advance_clock(Duration::from_secs(73 * 3600));
    let in_transit = orders
        .iter()
        .find(|o| {
            matches!(
                control.order(&demo.id, &o.id).unwrap().status.as_str(),
                "AWAITING_COLLECTION" | "IN_TRANSIT"
            )
        })
        .expect("an order not delivered 73 h after shipment");
    let queued = t
        .app
        .correct_tracking(&shop, correction(&t, &demo, in_transit, 1, true).await)
        .await
        .unwrap();
    let refused = settled(&t, &shop, queued.id).await;
    assert_eq!(refused.state, OutboxState::NeedsAttention, "{refused:?}");
    assert_eq!(refused.last_error_code.as_deref(), Some("21011049"));
    assert!(
        refused
            .last_error
            .as_deref()
            .unwrap_or_default()
            .contains("72 hours"),
        "{refused:?}"
    );

    // Shopdock's clock passes 72 h too: refused before anything is queued.
    clock.advance(73 * HOUR);
    let other = orders.iter().find(|o| o.id != in_transit.id).unwrap();
    let before = writes(&t, &demo, &other.id).await;
    let late = t
        .app
        .correct_tracking(&shop, correction(&t, &demo, other, 2, true).await)
        .await
        .unwrap_err();
    assert_eq!(late.code, ErrorCode::Conflict, "{late:?}");
    assert!(late.message.contains("72 hours"), "{late:?}");
    assert_eq!(writes(&t, &demo, &other.id).await, before);
    assert_eq!(corrections(&t).await.len(), 1, "only the first was queued");
}

#[tokio::test(flavor = "multi_thread")]
async fn an_eu_shop_has_no_window_but_one_update() {
    let demo_world = SandboxDemo::with_config(SandboxConfig {
        seed: 42,
        extra_shops: vec![ShopSetup::local(MarketCode::De, ShippingMode::Seller)],
        ..SandboxConfig::default()
    });
    let clock = Arc::new(ManualClock::at_system_time());
    let t = open_app_on(demo_world, None, Some(clock.clone())).await;
    let de = t
        .sandbox()
        .await
        .control()
        .shops()
        .into_iter()
        .find(|s| s.region == "DE")
        .expect("the DE shop");
    let shop = synced_shop(&t, &de, 30).await;
    let order = shipped(&t, &shop, &de, 1).await.remove(0);
    clock.advance(100 * HOUR);

    let asked = t
        .app
        .correct_tracking(&shop, correction(&t, &de, &order, 1, false).await)
        .await
        .unwrap_err();
    assert_eq!(asked.code, ErrorCode::ConfirmationRequired, "{asked:?}");
    assert!(asked.message.contains("no time limit"), "{asked:?}");
    let queued = t
        .app
        .correct_tracking(&shop, correction(&t, &de, &order, 1, true).await)
        .await
        .unwrap();
    assert_eq!(settled(&t, &shop, queued.id).await.state, OutboxState::Sent);
    let again = t
        .app
        .correct_tracking(&shop, correction(&t, &de, &order, 2, true).await)
        .await
        .unwrap_err();
    assert!(
        again.message.contains("already corrected once"),
        "{again:?}"
    );
    assert_eq!(writes(&t, &de, &order.id).await, 2);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_correction_whose_reply_was_lost_is_found_on_the_order_and_not_resent() {
    let t = open_app(None).await;
    let (shop, demo) = synced_demo_shop(&t, 40).await;
    let order = shipped(&t, &shop, &demo, 1).await.remove(0);
    t.sandbox()
        .await
        .control()
        .set_write_faults(WriteFaults {
            p_drop: 1.0,
            p_truncate: 0.0,
        })
        .unwrap();
    let queued = t
        .app
        .correct_tracking(&shop, correction(&t, &demo, &order, 1, true).await)
        .await
        .unwrap();
    let sent = settled(&t, &shop, queued.id).await;
    assert_eq!(sent.state, OutboxState::Sent, "{sent:?}");
    assert!(sent.attempts >= 2, "the first reply was lost: {sent:?}");
    assert_eq!(
        writes(&t, &demo, &order.id).await,
        2,
        "the shipment and one correction, never a second"
    );
}
