//! Cancellations through the outbox, over real loopback HTTP against the sandbox and a real
//! SQLite file: a buyer's request approved (or left to TikTok's 48 h), a seller cancel with a
//! reason that does not fit refused before anything is sent, an item-level cancel shown on its
//! line, and an approve whose reply was lost settled by reading TikTok's record, not resent.

use crate::support::shipping::{settled, shippable, synced_demo_shop};
use crate::support::{open_app, TestApp};
use shopdock_core::{CancellationListInput, OutboxState, SellerCancelInput};
use shopdock_sandbox::{ShopInfo, WriteFaults};
use std::time::Duration;

/// A fresh order awaiting shipment with a buyer's pending request, synced; returns
/// (order id, cancel id).
async fn requested(t: &TestApp, shop: &str, demo: &ShopInfo) -> (String, String) {
    let order = shippable(t, demo).await.remove(0).id;
    let control = t.sandbox().await.control();
    let cancel_id = control.request_buyer_cancel(&demo.id, &order, 0).unwrap();
    t.app.pull_orders(shop).await.unwrap();
    (order, cancel_id)
}

fn writes(t_control: &shopdock_sandbox::Control, demo: &ShopInfo, order: &str, kind: &str) -> u32 {
    t_control
        .write_counts(&demo.id, order)
        .unwrap()
        .by_endpoint
        .get(kind)
        .copied()
        .unwrap_or(0)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_buyer_request_approved_cancels_the_order() {
    let t = open_app(None).await;
    let (shop, demo) = synced_demo_shop(&t, 40).await;
    let (order, cancel_id) = requested(&t, &shop, &demo).await;
    let detail = t.app.order_detail(&shop, &order).await.unwrap();
    let request = &detail.cancellations[0];
    assert!(request.pending && request.buyer_request);
    assert_eq!(request.cancel_id, cancel_id);
    assert!(detail.row.cancel_deadline.is_some());
    assert_eq!(detail.row.cancel_deadline, request.deadline);
    let pending = t
        .app
        .cancellations(CancellationListInput {
            shop_id: Some(shop.clone()),
            pending_only: true,
        })
        .await
        .unwrap();
    assert!(pending.iter().any(|c| c.cancel_id == cancel_id));

    let queued = t.app.approve_cancellation(&shop, &cancel_id).await.unwrap();
    let sent = settled(&t, &shop, queued.id).await;
    assert_eq!(sent.state, OutboxState::Sent, "{sent:?}");
    let detail = t.app.order_detail(&shop, &order).await.unwrap();
    assert_eq!(detail.row.status, "CANCELLED");
    assert!(!detail.cancellations[0].pending);
    assert_eq!(detail.row.cancel_deadline, None);
    let control = t.sandbox().await.control();
    assert_eq!(writes(control, &demo, &order, "approve_cancellation"), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_request_left_unanswered_for_48_hours_shows_tiktoks_decision() {
    let t = open_app(None).await;
    let (shop, demo) = synced_demo_shop(&t, 40).await;
    let (order, cancel_id) = requested(&t, &shop, &demo).await;
    let control = t.sandbox().await.control();
    control.advance_clock(Duration::from_secs(48 * 3_600 + 60));
    t.app.pull_orders(&shop).await.unwrap();
    let detail = t.app.order_detail(&shop, &order).await.unwrap();
    assert_eq!(detail.row.status, "CANCELLED");
    let record = detail
        .cancellations
        .iter()
        .find(|c| c.cancel_id == cancel_id)
        .unwrap();
    assert!(!record.pending);
    assert_eq!(record.status, "CANCELLATION_REQUEST_SUCCESS");
    assert_eq!(writes(control, &demo, &order, "approve_cancellation"), 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_seller_cancel_reason_that_does_not_fit_the_status_is_refused_with_the_valid_ones_and_nothing_is_sent(
) {
    let t = open_app(None).await;
    let (shop, demo) = synced_demo_shop(&t, 40).await;
    let order = shippable(&t, &demo).await.remove(0).id;
    let reasons = t.app.cancel_reasons(&shop, &order).await.unwrap();
    let names: Vec<&str> = reasons.iter().map(|r| r.name.as_str()).collect();
    assert!(
        names.contains(&"seller_cancel_reason_out_of_stock"),
        "{names:?}"
    );
    assert!(!names.iter().any(|n| n.contains("unpaid")), "{names:?}");
    let refused = t
        .app
        .seller_cancel(
            &shop,
            SellerCancelInput {
                order_id: order.clone(),
                reason: "seller_cancel_unpaid_reason_out_of_stock".into(),
                line_item_ids: Vec::new(),
            },
        )
        .await
        .unwrap_err();
    let text = format!("{refused:?}");
    assert!(text.contains("does not fit"), "{text}");
    assert!(text.contains("seller_cancel_reason_out_of_stock"), "{text}");
    let control = t.sandbox().await.control();
    assert_eq!(control.write_counts(&demo.id, &order).unwrap().writes, 0);

    let input = SellerCancelInput {
        order_id: order.clone(),
        reason: "seller_cancel_reason_wrong_price".into(),
        line_item_ids: Vec::new(),
    };
    let queued = t.app.seller_cancel(&shop, input.clone()).await.unwrap();
    let again = t.app.seller_cancel(&shop, input).await;
    if let Ok(again) = again {
        assert_eq!(again.id, queued.id, "one row per cancel");
    }
    assert_eq!(settled(&t, &shop, queued.id).await.state, OutboxState::Sent);
    assert_eq!(writes(control, &demo, &order, "cancel_order"), 1);
    let detail = t.app.order_detail(&shop, &order).await.unwrap();
    assert_eq!(detail.row.status, "CANCELLED");
}

#[tokio::test(flavor = "multi_thread")]
async fn an_out_of_stock_item_cancel_is_shown_on_its_line_and_the_order_stays_open() {
    let t = open_app(None).await;
    let (shop, demo) = synced_demo_shop(&t, 60).await;
    let order = shippable(&t, &demo)
        .await
        .into_iter()
        .find(|o| o.line_items.len() >= 2)
        .expect("an order with two items");
    let line = order.line_items[1].id.clone();
    let queued = t
        .app
        .seller_cancel(
            &shop,
            SellerCancelInput {
                order_id: order.id.clone(),
                reason: "seller_cancel_reason_out_of_stock".into(),
                line_item_ids: vec![line.clone()],
            },
        )
        .await
        .unwrap();
    assert_eq!(settled(&t, &shop, queued.id).await.state, OutboxState::Sent);
    let detail = t.app.order_detail(&shop, &order.id).await.unwrap();
    assert_eq!(detail.row.status, "AWAITING_SHIPMENT");
    for item in &detail.items {
        let cancelled = item.display_status.as_deref() == Some("CANCELLED");
        assert_eq!(cancelled, item.line_item_id == line, "{item:?}");
    }
    assert_eq!(detail.cancellations[0].line_item_ids, vec![line]);
}

#[tokio::test(flavor = "multi_thread")]
async fn an_approve_whose_reply_is_lost_is_reconciled_from_tiktoks_record_not_resent() {
    let t = open_app(None).await;
    let (shop, demo) = synced_demo_shop(&t, 40).await;
    let (order, cancel_id) = requested(&t, &shop, &demo).await;
    let control = t.sandbox().await.control();
    control
        .set_write_faults(WriteFaults {
            p_drop: 1.0,
            p_truncate: 0.0,
        })
        .unwrap();
    let queued = t.app.approve_cancellation(&shop, &cancel_id).await.unwrap();
    let sent = settled(&t, &shop, queued.id).await;
    control.set_write_faults(WriteFaults::default()).unwrap();
    assert_eq!(sent.state, OutboxState::Sent, "{sent:?}");
    assert!(
        sent.attempts >= 2,
        "the first outcome was unknown: {sent:?}"
    );
    assert_eq!(writes(control, &demo, &order, "approve_cancellation"), 1);
    let detail = t.app.order_detail(&shop, &order).await.unwrap();
    assert_eq!(detail.row.status, "CANCELLED");
}
