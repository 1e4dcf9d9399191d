//! New-order notifications against the sandbox over real loopback HTTP and a real SQLite file:
//! a shop's first pull announces nothing, a later pull that stores new orders announces them in
//! exactly one `NewOrders` event, updates of known orders and backfills never do, and neither
//! does a shop whose option is off. Sync now (the supervisor) takes the same path.

use crate::support;

use crate::support::{drain_events, open_app, TestApp};
use shopdock_core::{
    AuthOutcome, CoreEvent, FormField, OptionKey, OptionToggle, OptionsPatch, SyncState,
};
use shopdock_sandbox::browser::Decision;
use std::time::Duration;
use tokio::sync::broadcast;
use tokio_util::sync::CancellationToken;

/// The demo shop, connected through Get Auth, with its TikTok shop id.
async fn connect_demo(t: &TestApp) -> (String, String) {
    let mut events = t.app.subscribe();
    let shop = t.app.add_demo_shop().await.unwrap();
    t.app.begin_auth(&shop.id).await.unwrap();
    assert!(matches!(
        support::auth_outcome(&mut events, &shop.id).await,
        AuthOutcome::Connected { .. }
    ));
    let sandbox = t.sandbox().await;
    (shop.id, sandbox.control().demo_shop().id)
}

/// Creates `n` orders now and lets a second pass, so the next pull sees them (TikTok's search
/// bounds `update_time_lt` by its clock). Returns their ids.
async fn create_orders(t: &TestApp, tiktok_shop: &str, n: usize) -> Vec<String> {
    let sandbox = t.sandbox().await;
    let ids = sandbox.control().create_orders(tiktok_shop, n).unwrap();
    sandbox.control().advance_clock(Duration::from_secs(1));
    ids
}

/// The `NewOrders` events received so far (the engine emits before `pull_orders` returns).
fn new_orders_events(events: &mut broadcast::Receiver<CoreEvent>) -> Vec<CoreEvent> {
    drain_events(events)
        .into_iter()
        .filter(|e| matches!(e, CoreEvent::NewOrders { .. }))
        .collect()
}

fn toggle(key: OptionKey, enabled: bool) -> OptionsPatch {
    OptionsPatch {
        set: vec![OptionToggle { key, enabled }],
        poll_interval_secs: None,
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn only_orders_new_after_the_first_pull_are_announced_once_per_pull() {
    let t = open_app(Some(Decision::Authorize)).await;
    let (shop, tiktok) = connect_demo(&t).await;
    let mut events = t.app.subscribe();

    let first = t.app.pull_orders(&shop).await.unwrap();
    assert!(first.inserted > 0, "the seeded orders arrive: {first:?}");
    assert_eq!(
        new_orders_events(&mut events),
        [],
        "the first pull brings orders the seller already has"
    );

    let created = create_orders(&t, &tiktok, 3).await;
    let stats = t.app.pull_orders(&shop).await.unwrap();
    assert_eq!(stats.inserted, 3, "{stats:?}");
    let announced = new_orders_events(&mut events);
    assert_eq!(announced.len(), 1, "one event per pull: {announced:?}");
    let CoreEvent::NewOrders {
        shop_id,
        shop_label,
        count,
        newest_order_id,
        newest_item_name,
        newest_created_at,
    } = &announced[0]
    else {
        unreachable!("filtered to NewOrders")
    };
    assert_eq!((shop_id.as_str(), *count), (shop.as_str(), 3));
    assert_eq!(shop_label, "Demo shop");
    // The newest: latest creation time, then the largest id.
    let sandbox = t.sandbox().await;
    let newest = created
        .iter()
        .map(|id| sandbox.control().order(&tiktok, id).unwrap())
        .max_by(|a, b| (a.create_time, &a.id).cmp(&(b.create_time, &b.id)))
        .unwrap();
    assert_eq!(newest_order_id, &newest.id);
    assert_eq!(*newest_created_at, newest.create_time);
    assert_eq!(
        newest_item_name.as_deref(),
        newest.line_items.first().map(|li| li.product_name.as_str())
    );
    let text = announced[0].desktop_notification().unwrap();
    assert_eq!(text.title, "Demo shop: 3 new orders");
    assert!(text.body.contains(&newest.id), "{text:?}");

    // Known orders moving through their lifecycle are updates, not news.
    sandbox
        .control()
        .advance_clock(Duration::from_secs(3 * 3600));
    let later = t.app.pull_orders(&shop).await.unwrap();
    assert!(later.updated > 0 && later.inserted == 0, "{later:?}");
    assert_eq!(new_orders_events(&mut events), []);

    // One more order, one more event.
    let one = create_orders(&t, &tiktok, 1).await;
    t.app.pull_orders(&shop).await.unwrap();
    let announced = new_orders_events(&mut events);
    assert!(
        matches!(&announced[..], [CoreEvent::NewOrders { count: 1, newest_order_id, .. }] if *newest_order_id == one[0]),
        "{announced:?}"
    );
    assert_eq!(
        announced[0].desktop_notification().unwrap().title,
        "Demo shop: 1 new order"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_shop_with_the_option_off_is_not_notified() {
    let t = open_app(Some(Decision::Authorize)).await;
    let (shop, tiktok) = connect_demo(&t).await;
    let mut events = t.app.subscribe();
    t.app.pull_orders(&shop).await.unwrap();

    let view = t
        .app
        .set_shop_options(&shop, toggle(OptionKey::NotifyNewOrders, false))
        .await
        .unwrap();
    let option = view
        .options
        .iter()
        .find(|o| o.key == OptionKey::NotifyNewOrders)
        .unwrap();
    assert!(!option.enabled && option.available, "{option:?}");
    create_orders(&t, &tiktok, 2).await;
    let stats = t.app.pull_orders(&shop).await.unwrap();
    assert_eq!(stats.inserted, 2, "{stats:?}");
    assert_eq!(new_orders_events(&mut events), []);

    // Without the download the option cannot be switched on, and says why.
    t.app
        .set_shop_options(&shop, toggle(OptionKey::AutoDownload, false))
        .await
        .unwrap();
    let refused = t
        .app
        .set_shop_options(&shop, toggle(OptionKey::NotifyNewOrders, true))
        .await
        .unwrap_err();
    assert_eq!(refused.fields[0].field, FormField::Options);
    assert!(refused.fields[0]
        .message
        .contains("Desktop notification for new orders"));
    assert!(
        refused.fields[0]
            .message
            .contains("automatic order download"),
        "{refused:?}"
    );
    // Both in one change is fine, and new orders are announced again.
    let both = OptionsPatch {
        set: vec![
            OptionToggle {
                key: OptionKey::NotifyNewOrders,
                enabled: true,
            },
            OptionToggle {
                key: OptionKey::AutoDownload,
                enabled: true,
            },
        ],
        poll_interval_secs: None,
    };
    t.app.set_shop_options(&shop, both).await.unwrap();
    create_orders(&t, &tiktok, 1).await;
    t.app.pull_orders(&shop).await.unwrap();
    assert!(
        matches!(
            &new_orders_events(&mut events)[..],
            [CoreEvent::NewOrders { count: 1, .. }]
        ),
        "announced once the option is back on"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_backfill_announces_nothing() {
    let t = open_app(Some(Decision::Authorize)).await;
    let (shop, tiktok) = connect_demo(&t).await;
    let mut events = t.app.subscribe();
    t.app.pull_orders(&shop).await.unwrap();
    let sandbox = t.sandbox().await;
    let before = shopdock_store::Store::open(&t.app.database_path())
        .unwrap()
        .count_orders(&shop)
        .unwrap();

    // Older orders the store never saw, fetched by date range.
    sandbox
        .control()
        .create_orders_spread(&tiktok, 300, Duration::from_secs(20 * 86_400))
        .unwrap();
    let now = sandbox.control().now();
    let progress = t
        .app
        .backfill_orders(&shop, now - 45 * 86_400, now + 1, CancellationToken::new())
        .await
        .unwrap();
    assert!(progress.finished);
    let after = shopdock_store::Store::open(&t.app.database_path())
        .unwrap()
        .count_orders(&shop)
        .unwrap();
    assert!(
        after >= before + 300,
        "the backfill stored them: {before} -> {after}"
    );
    assert_eq!(new_orders_events(&mut events), []);
    // Nor does the next pull: they are known now.
    sandbox.control().advance_clock(Duration::from_secs(1));
    t.app.pull_orders(&shop).await.unwrap();
    assert_eq!(new_orders_events(&mut events), []);
}

#[tokio::test(flavor = "multi_thread")]
async fn sync_now_announces_new_orders_of_the_automatic_download() {
    let t = open_app(Some(Decision::Authorize)).await;
    let (shop, tiktok) = connect_demo(&t).await;
    let mut events = t.app.subscribe();
    t.app.start_sync();
    // The first automatic pull: the shop catches up, silently.
    wait_for(&mut events, "the first pull to finish", |e| {
        matches!(e, CoreEvent::SyncStatus { status } if status.shop_id == shop && status.state == SyncState::Idle)
    })
    .await;

    let created = create_orders(&t, &tiktok, 2).await;
    t.app.sync_now(&shop);
    let event = wait_for(&mut events, "NewOrders after Sync now", |e| {
        matches!(e, CoreEvent::NewOrders { .. })
    })
    .await;
    let CoreEvent::NewOrders {
        shop_id,
        count,
        newest_order_id,
        ..
    } = &event
    else {
        unreachable!()
    };
    assert_eq!((shop_id.as_str(), *count), (shop.as_str(), 2));
    assert!(created.contains(newest_order_id), "{event:?}");
    t.app.stop_sync();
}

/// The first event matching `what`, failing the test after 30 s. A `NewOrders` event that does
/// not match is a failure too: none is expected while waiting.
async fn wait_for(
    events: &mut broadcast::Receiver<CoreEvent>,
    what: &str,
    matches: impl Fn(&CoreEvent) -> bool,
) -> CoreEvent {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    loop {
        let event = match tokio::time::timeout_at(deadline, events.recv()).await {
            Ok(Ok(event)) => event,
            Ok(Err(broadcast::error::RecvError::Lagged(_))) => continue,
            Ok(Err(e)) => panic!("event channel closed while waiting for {what}: {e}"),
            Err(_) => panic!("no event for {what} within 30 s"),
        };
        if matches(&event) {
            return event;
        }
        assert!(
            !matches!(event, CoreEvent::NewOrders { .. }),
            "unexpected {event:?} while waiting for {what}"
        );
    }
}
