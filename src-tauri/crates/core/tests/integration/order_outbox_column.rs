//! The orders table and the order drawer show each order's latest outgoing change: queued as
//! soon as the seller ships, sent once TikTok accepted it, a refusal with its reason, and
//! nothing once the seller dismissed it. Real loopback HTTP against the sandbox, real SQLite.

use crate::support::{connect_sandbox_shop, open_app, TestApp};
use shopdock_core::{OrderQueryInput, OrderRowView, OutboxState, ShipInput, StatusGroup};
use shopdock_tiktok::model::Order;
use std::time::Duration;
use tokio_util::sync::CancellationToken;

async fn to_ship_rows(t: &TestApp, shop: &str) -> Vec<OrderRowView> {
    t.app
        .query_orders(OrderQueryInput {
            shop_ids: vec![shop.to_owned()],
            status_group: Some(StatusGroup::ToShip),
            limit: Some(1000),
            ..Default::default()
        })
        .await
        .unwrap()
        .rows
}

/// Drains until the row leaves queued/sending/checking.
async fn drained(t: &TestApp, shop: &str, id: i64) -> OutboxState {
    for _ in 0..120 {
        t.app.drain_outbox(shop).await.unwrap();
        let state = t.app.outbox_entry(id).await.unwrap().state;
        if !matches!(
            state,
            OutboxState::Queued | OutboxState::Sending | OutboxState::NeedsCheck
        ) {
            return state;
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    panic!("row {id} never settled");
}

#[tokio::test(flavor = "multi_thread")]
async fn each_order_row_shows_its_latest_outgoing_change_until_dismissed() {
    let t = open_app(None).await;
    let sandbox = t.sandbox().await;
    let demo = sandbox.control().demo_shop();
    let shop = connect_sandbox_shop(&t, &demo.code, shopdock_sandbox::DEMO_SELLER).await;
    sandbox.control().create_orders(&demo.id, 40).unwrap();
    sandbox
        .control()
        .advance_clock(Duration::from_secs(2 * 3600));
    let now = sandbox.control().now();
    t.app
        .backfill_orders(&shop, now - 60 * 86_400, now + 1, CancellationToken::new())
        .await
        .unwrap();
    assert!(
        to_ship_rows(&t, &shop)
            .await
            .iter()
            .all(|r| r.outbox.is_none()),
        "nothing was sent yet"
    );

    let shippable: Vec<Order> = sandbox
        .control()
        .orders(&demo.id)
        .unwrap()
        .into_iter()
        .filter(|o| {
            o.status == "AWAITING_SHIPMENT"
                && o.shipping_type == "SELLER"
                && o.fulfillment_type != "FULFILLMENT_BY_TIKTOK"
                && !o.is_buyer_request_cancel
                && o.line_items.iter().all(|i| i.tracking_number.is_none())
        })
        .collect();
    let first = &shippable[0];
    let second = shippable[1..]
        .iter()
        .find(|o| o.user_id != first.user_id && o.delivery_option_id == first.delivery_option_id)
        .expect("two shippable orders to different buyers");
    let provider = sandbox
        .control()
        .shipping_providers(&demo.id, first.delivery_option_id.as_deref().unwrap())
        .unwrap()
        .into_iter()
        .next()
        .unwrap();
    let tracking = sandbox
        .control()
        .sample_tracking_number(&demo.id, &provider.id, 7)
        .unwrap();
    let ship = |order: &Order| ShipInput {
        order_id: order.id.clone(),
        carrier: provider.name.clone(),
        tracking_number: tracking.clone(),
        line_item_ids: Vec::new(),
    };

    // Shipped: the row shows its change at once (the drainer may already be sending it), and
    // only that row.
    let queued = t.app.ship_order(&shop, ship(first)).await.unwrap();
    let rows = to_ship_rows(&t, &shop).await;
    let tagged: Vec<_> = rows.iter().filter(|r| r.outbox.is_some()).collect();
    assert_eq!(tagged.len(), 1, "{tagged:?}");
    assert_eq!(tagged[0].order_id, first.id);
    let tag = tagged[0].outbox.as_ref().unwrap();
    assert_eq!(tag.id, queued.id);
    assert!(
        matches!(
            tag.state,
            OutboxState::Queued
                | OutboxState::Sending
                | OutboxState::NeedsCheck
                | OutboxState::Sent
        ),
        "{tag:?}"
    );

    // Sent: the drawer's row shows it.
    assert_eq!(drained(&t, &shop, queued.id).await, OutboxState::Sent);
    let detail = t.app.order_detail(&shop, &first.id).await.unwrap();
    assert_eq!(detail.row.outbox.map(|o| o.state), Some(OutboxState::Sent));

    // Refused (the same tracking number for another buyer): the row carries TikTok's reason.
    let dup = t.app.ship_order(&shop, ship(second)).await.unwrap();
    let state = drained(&t, &shop, dup.id).await;
    let row = t.app.order_detail(&shop, &second.id).await.unwrap().row;
    let tag = row.outbox.expect("the refusal is on the order");
    assert_eq!(tag.state, state);
    assert!(matches!(
        state,
        OutboxState::Failed | OutboxState::NeedsAttention
    ));
    assert!(
        tag.reason
            .as_deref()
            .unwrap_or_default()
            .contains("already used"),
        "{tag:?}"
    );

    // Dismissed: the order no longer shows a change.
    t.app.dismiss_outbox(dup.id).await.unwrap();
    let row = t.app.order_detail(&shop, &second.id).await.unwrap().row;
    assert_eq!(row.outbox, None);
}
