//! Shipping a seller-shipped order through the outbox, over real loopback HTTP against the
//! sandbox and a real SQLite file: exactly one write reaches TikTok, a lost reply is settled
//! by reading TikTok's order instead of resending, local refusals send nothing, and TikTok's
//! refusals reach the seller with their reason and can be retried.

use crate::support::shipping::{carrier_and_tracking, settled, shippable, synced_demo_shop};
use crate::support::{open_app, TestApp};
use shopdock_core::{OutboxListInput, OutboxState, ShipInput};
use shopdock_sandbox::{ShopInfo, WriteFaults};
use shopdock_tiktok::model::Order;

async fn writes(t: &TestApp, demo: &ShopInfo, order_id: &str) -> u32 {
    t.sandbox()
        .await
        .control()
        .write_counts(&demo.id, order_id)
        .unwrap()
        .writes
}

#[tokio::test(flavor = "multi_thread")]
async fn a_seller_shipped_order_ships_exactly_once_and_a_second_ship_finds_the_same_row() {
    let t = open_app(None).await;
    let (shop, demo) = synced_demo_shop(&t, 40).await;
    let order = shippable(&t, &demo)
        .await
        .into_iter()
        .next()
        .expect("a shippable order");
    let (carrier, tracking) = carrier_and_tracking(&t, &demo, &order, 1).await;
    let spaced = format!(" {}-{} ", &tracking[..4], tracking[4..].to_lowercase());
    let input = ShipInput {
        order_id: order.id.clone(),
        carrier: carrier.to_uppercase(),
        tracking_number: spaced,
        line_item_ids: Vec::new(),
    };
    let queued = t.app.ship_order(&shop, input.clone()).await.unwrap();
    assert_eq!(queued.tracking_number.as_deref(), Some(tracking.as_str()));
    assert_eq!(queued.carrier.as_deref(), Some(carrier.as_str()));
    let sent = settled(&t, &shop, queued.id).await;
    assert_eq!(sent.state, OutboxState::Sent, "{sent:?}");
    assert_eq!(writes(&t, &demo, &order.id).await, 1);

    let again = t.app.ship_order(&shop, input).await.unwrap();
    assert_eq!(again.id, queued.id, "the second ship returns the first row");
    t.app.drain_outbox(&shop).await.unwrap();
    assert_eq!(writes(&t, &demo, &order.id).await, 1);
    let rows = t
        .app
        .list_outbox(OutboxListInput {
            shop_id: Some(shop.clone()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(rows.iter().filter(|r| r.target == order.id).count(), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_lost_reply_is_settled_by_reading_the_order_never_by_sending_again() {
    let t = open_app(None).await;
    let (shop, demo) = synced_demo_shop(&t, 40).await;
    let order = shippable(&t, &demo)
        .await
        .into_iter()
        .next()
        .expect("a shippable order");
    let (carrier, tracking) = carrier_and_tracking(&t, &demo, &order, 2).await;
    let control = t.sandbox().await.control();
    control
        .set_write_faults(WriteFaults {
            p_drop: 1.0,
            p_truncate: 0.0,
        })
        .unwrap();
    let queued = t
        .app
        .ship_order(
            &shop,
            ShipInput {
                order_id: order.id.clone(),
                carrier,
                tracking_number: tracking,
                line_item_ids: Vec::new(),
            },
        )
        .await
        .unwrap();
    let sent = settled(&t, &shop, queued.id).await;
    assert_eq!(sent.state, OutboxState::Sent, "{sent:?}");
    assert!(
        sent.attempts >= 2,
        "the first attempt's outcome was unknown: {sent:?}"
    );
    assert_eq!(
        writes(&t, &demo, &order.id).await,
        1,
        "applied once, never resent"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn orders_refused_locally_name_the_reason_and_send_nothing() {
    let t = open_app(None).await;
    let (shop, demo) = synced_demo_shop(&t, 40).await;
    let control = t.sandbox().await.control();
    let orders = control.orders(&demo.id).unwrap();
    let mut tried = 0;
    for (status, reason) in [
        ("ON_HOLD", "on hold"),
        ("CANCELLED", "cancelled"),
        ("IN_TRANSIT", "already shipped"),
    ] {
        let Some(order) = orders.iter().find(|o| o.status == status) else {
            continue;
        };
        let e = t
            .app
            .ship_order(
                &shop,
                ShipInput {
                    order_id: order.id.clone(),
                    carrier: "USPS".into(),
                    tracking_number: "9400111899223100001234".into(),
                    line_item_ids: Vec::new(),
                },
            )
            .await
            .unwrap_err();
        assert!(e.message.contains(reason), "{status}: {e:?}");
        tried += 1;
    }
    if let Some(order) = orders
        .iter()
        .find(|o| o.status == "AWAITING_SHIPMENT" && o.shipping_type == "TIKTOK")
    {
        let e = t
            .app
            .ship_order(
                &shop,
                ShipInput {
                    order_id: order.id.clone(),
                    carrier: "USPS".into(),
                    tracking_number: "9400111899223100001234".into(),
                    line_item_ids: Vec::new(),
                },
            )
            .await
            .unwrap_err();
        assert!(e.message.contains("arrange its shipment"), "{e:?}");
        tried += 1;
    }
    assert!(tried >= 2, "the demo shop has orders to refuse");
    let total: u32 = control.shop_write_counts(&demo.id).unwrap().values().sum();
    assert_eq!(total, 0, "nothing was sent");
    let rows = t.app.list_outbox(OutboxListInput::default()).await.unwrap();
    assert!(rows.is_empty(), "nothing was queued: {rows:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_tiktok_refusal_reaches_the_seller_with_its_reason_and_retry_sends_again() {
    let t = open_app(None).await;
    let (shop, demo) = synced_demo_shop(&t, 40).await;
    let orders = shippable(&t, &demo).await;
    let first = &orders[0];
    let second = orders[1..]
        .iter()
        .find(|o| o.user_id != first.user_id && o.delivery_option_id == first.delivery_option_id)
        .expect("two shippable orders to different buyers");
    let (carrier, tracking) = carrier_and_tracking(&t, &demo, first, 3).await;
    let ship = |order: &Order| ShipInput {
        order_id: order.id.clone(),
        carrier: carrier.clone(),
        tracking_number: tracking.clone(),
        line_item_ids: Vec::new(),
    };
    let ok = t.app.ship_order(&shop, ship(first)).await.unwrap();
    assert_eq!(settled(&t, &shop, ok.id).await.state, OutboxState::Sent);

    let dup = t.app.ship_order(&shop, ship(second)).await.unwrap();
    let failed = settled(&t, &shop, dup.id).await;
    assert_eq!(failed.state, OutboxState::NeedsAttention, "{failed:?}");
    let reason = failed.last_error.clone().unwrap_or_default();
    assert!(reason.contains("already used"), "{failed:?}");
    assert!(failed.can_retry);
    assert_eq!(writes(&t, &demo, &second.id).await, 0);
    let listed = t
        .app
        .list_outbox(OutboxListInput {
            failed_only: true,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(
        listed.iter().map(|r| r.id).collect::<Vec<_>>(),
        vec![dup.id]
    );

    let retried = t.app.retry_outbox(dup.id).await.unwrap();
    assert!(matches!(
        retried.state,
        OutboxState::Queued | OutboxState::Sending | OutboxState::NeedsAttention
    ));
    let again = settled(&t, &shop, dup.id).await;
    assert_eq!(again.attempts, 2, "Retry sent it again: {again:?}");
    assert_eq!(again.last_error, failed.last_error);

    let dismissed = t.app.dismiss_outbox(dup.id).await.unwrap();
    assert_eq!(dismissed.state, OutboxState::Dismissed);
    let counts = t.app.outbox_counts().await.unwrap();
    assert!(
        counts.iter().all(|c| c.failed + c.needs_attention == 0),
        "{counts:?}"
    );
}
