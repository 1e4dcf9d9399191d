//! Buyer cancellation requests reach the seller as one calm notification, against the sandbox
//! over real loopback HTTP and a real SQLite file: a request a later pull stores is announced
//! in exactly one `CancellationRequests` event (the window is told to refresh too), a request
//! read again is never announced twice, several in one pull make one event naming the one to
//! answer first, and a shop's first pull announces nothing.

use crate::support::shipping::{shippable, synced_demo_shop};
use crate::support::{drain_events, open_app, TestApp};
use shopdock_core::CoreEvent;
use shopdock_sandbox::ShopInfo;
use std::time::Duration;

fn requests(events: &[CoreEvent]) -> Vec<&CoreEvent> {
    events
        .iter()
        .filter(|e| matches!(e, CoreEvent::CancellationRequests { .. }))
        .collect()
}

/// The buyer of each of `n` fresh orders asks to cancel; returns the orders. The clock then
/// moves a second, so the next order pull sees the orders' change.
async fn buyers_ask(t: &TestApp, demo: &ShopInfo, n: usize) -> Vec<String> {
    let orders: Vec<String> = shippable(t, demo)
        .await
        .into_iter()
        .take(n)
        .map(|o| o.id)
        .collect();
    assert_eq!(orders.len(), n, "enough orders to cancel");
    let control = t.sandbox().await.control();
    for order in &orders {
        control.request_buyer_cancel(&demo.id, order, 0).unwrap();
        control.advance_clock(Duration::from_secs(1));
    }
    orders
}

async fn label_of(t: &TestApp, shop: &str) -> String {
    let shops = t.app.list_shops().await.unwrap();
    shops.into_iter().find(|s| s.id == shop).unwrap().label
}

#[tokio::test(flavor = "multi_thread")]
async fn a_new_buyer_request_is_announced_once_and_never_again() {
    let t = open_app(None).await;
    let (shop, demo) = synced_demo_shop(&t, 40).await;
    // The shop's first incremental pull: it catches up, silently.
    let early = buyers_ask(&t, &demo, 1).await;
    let mut events = t.app.subscribe();
    t.app.pull_orders(&shop).await.unwrap();
    assert_eq!(
        requests(&drain_events(&mut events)),
        Vec::<&CoreEvent>::new(),
        "a first pull brings requests the seller sees flagged already"
    );
    let detail = t.app.order_detail(&shop, &early[0]).await.unwrap();
    assert!(
        detail.cancellations.iter().any(|c| c.pending),
        "stored all the same"
    );

    let asked = buyers_ask(&t, &demo, 1).await;
    t.app.pull_orders(&shop).await.unwrap();
    let seen = drain_events(&mut events);
    let announced = requests(&seen);
    assert_eq!(announced.len(), 1, "one event: {announced:?}");
    let CoreEvent::CancellationRequests {
        shop_id,
        shop_label,
        count,
        order_id,
        reason,
        deadline,
    } = announced[0]
    else {
        unreachable!("filtered to CancellationRequests")
    };
    assert_eq!((shop_id, *count, order_id), (&shop, 1, &asked[0]));
    let label = label_of(&t, &shop).await;
    assert_eq!(shop_label, &label);
    let stored = t.app.order_detail(&shop, &asked[0]).await.unwrap();
    assert_eq!(
        *deadline, stored.row.cancel_deadline,
        "the deadline TikTok gave"
    );
    assert!(deadline.is_some());
    assert_eq!(
        reason.as_deref(),
        stored.row.cancel_request_reason.as_deref()
    );
    let text = announced[0].desktop_notification().unwrap();
    assert_eq!(text.title, format!("{label}: a buyer asks to cancel"));
    assert!(
        text.body.starts_with(&format!("Order {}", asked[0])),
        "{text:?}"
    );
    assert!(
        seen.iter()
            .any(|e| matches!(e, CoreEvent::OrdersChanged { shop_id, .. } if *shop_id == shop)),
        "the window is told to show the request: {seen:?}"
    );

    // Read again by the overlapping pulls that follow: known, so never news again.
    for _ in 0..2 {
        t.sandbox()
            .await
            .control()
            .advance_clock(Duration::from_secs(60));
        t.app.pull_orders(&shop).await.unwrap();
    }
    assert_eq!(
        requests(&drain_events(&mut events)),
        Vec::<&CoreEvent>::new()
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn requests_of_one_pull_make_one_event_naming_the_one_to_answer_first() {
    let t = open_app(None).await;
    let (shop, demo) = synced_demo_shop(&t, 40).await;
    t.app.pull_orders(&shop).await.unwrap();
    let mut events = t.app.subscribe();

    let asked = buyers_ask(&t, &demo, 3).await;
    t.app.pull_orders(&shop).await.unwrap();
    let seen = drain_events(&mut events);
    let announced = requests(&seen);
    assert_eq!(announced.len(), 1, "one event for the pull: {announced:?}");
    let CoreEvent::CancellationRequests {
        count, order_id, ..
    } = announced[0]
    else {
        unreachable!()
    };
    assert_eq!(*count, 3);
    // The first asked is the first TikTok decides on its own.
    assert_eq!(order_id, &asked[0]);
    assert_eq!(
        announced[0].desktop_notification().unwrap().title,
        format!("{}: 3 buyers ask to cancel", label_of(&t, &shop).await)
    );
}
