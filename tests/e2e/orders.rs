//! The orders table in the real window: orders arriving from the sandbox, filters, the
//! drawer, new orders appearing without a click, and the desktop notification of a new order.

use std::sync::Arc;
use std::time::{Duration, Instant};

use fantoccini::key::Key;
use fantoccini::Locator;

use crate::pages::{
    assert_no_error_banner, click_row, click_tab, open_link, order_ids, send_key, shipped_order,
    tab_split,
};
use crate::support::desktop::NotificationServer;
use crate::support::{
    click_button, connect_demo_shop, create_sandbox_order, screenshot_for_docs, wait_for,
    wait_for_text, wait_gone, wait_until, with_app,
};

/// The demo shop's orders reach the Orders page; search and the status tabs narrow the table;
/// a row opens its detail drawer (Enter) and Esc closes it; and an order created in the sandbox
/// appears in the table without a click, through the live OrdersChanged refresh.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn orders_arrive_filter_open_in_the_drawer_and_new_ones_appear_without_a_click() {
    with_app(|client, env| async move {
        connect_demo_shop(&client).await;

        open_link(&client, "Orders").await;
        // Default tab: To ship. Then All, once the first sync has stored orders.
        let selected = wait_for(&client, "[role=tab][aria-selected=true]").await;
        assert!(selected
            .text()
            .await
            .unwrap_or_default()
            .starts_with("To ship"));
        click_tab(&client, "All").await;
        wait_until("orders in the table", || async {
            let rows = order_ids(&client).await;
            (!rows.is_empty()).then_some(())
        })
        .await;

        // Search by one order's id: only it is left, and exactly one status tab counts it.
        let id = order_ids(&client).await.remove(0);
        let search = wait_for(&client, "[data-testid=orders-search]").await;
        search.send_keys(&id).await.expect("type the search");
        wait_until("the search to leave one order", || async {
            (order_ids(&client).await == [id.clone()]).then_some(())
        })
        .await;
        assert_eq!(
            wait_for_text(&client, "[data-testid=page-range]", |t| t.contains("of 1")).await,
            "1–1 of 1"
        );
        let (with_it, without_it) = tab_split(&client).await;
        click_tab(&client, &with_it).await;
        wait_until("the order in its own tab", || async {
            (order_ids(&client).await == [id.clone()]).then_some(())
        })
        .await;
        click_tab(&client, &without_it).await;
        wait_for(&client, "[data-testid=orders-empty]").await;
        click_tab(&client, "All").await;
        click_button(&client, "Clear filters").await;
        wait_until("the whole list back", || async {
            (order_ids(&client).await.len() > 1).then_some(())
        })
        .await;

        // Enter on a row opens its drawer; Esc closes it.
        let first = wait_for(&client, "[data-testid=order-row]").await;
        let first_id = first
            .attr("data-order-id")
            .await
            .ok()
            .flatten()
            .expect("id");
        click_row(&client, &first_id).await;
        wait_for_text(&client, "[data-testid=drawer-order-id]", |t| t == first_id).await;
        wait_for(&client, "[data-testid=drawer-raw]").await;
        send_key(&client, Key::Escape).await;
        wait_gone(&client, "[data-testid=order-drawer]").await;
        let focused = client
            .active_element()
            .await
            .expect("the focused element")
            .attr("data-order-id")
            .await
            .ok()
            .flatten();
        assert_eq!(
            focused.as_deref(),
            Some(first_id.as_str()),
            "focus back on the row"
        );
        send_key(&client, Key::Enter).await;
        wait_for_text(&client, "[data-testid=drawer-order-id]", |t| t == first_id).await;
        send_key(&client, Key::Escape).await;
        wait_gone(&client, "[data-testid=order-drawer]").await;

        // A new order in the sandbox shows up by itself (the next sync pull, then the event).
        let new_id = create_sandbox_order(&env).await;
        let row = format!("[data-testid=order-row][data-order-id='{new_id}']");
        client
            .wait()
            .at_most(Duration::from_secs(45))
            .for_element(Locator::Css(&row))
            .await
            .unwrap_or_else(|e| panic!("the new order {new_id} never appeared: {e}"));

        // The new order opens like any other.
        click_row(&client, &new_id).await;
        wait_for_text(&client, "[data-testid=drawer-order-id]", |t| t == new_id).await;
        wait_for(&client, "[data-testid=drawer-payment]").await;

        // The picture of the page: a shipped order, whose address TikTok shares, in the drawer.
        let shipped = shipped_order(&client).await;
        click_row(&client, &shipped).await;
        wait_for_text(&client, "[data-testid=drawer-order-id]", |t| t == shipped).await;
        wait_for(&client, "[data-testid=drawer-address]").await;
        screenshot_for_docs(&client, "orders.png").await;
        send_key(&client, Key::Escape).await;
        wait_gone(&client, "[data-testid=order-drawer]").await;

        // Export CSV writes the view (all pages) and says where.
        click_button(&client, "Export CSV").await;
        let saved = wait_for_text(&client, "[data-testid=export-result]", |t| {
            t.contains("shopdock-orders-")
        })
        .await;
        let path = saved
            .split_whitespace()
            .find(|w| w.contains("shopdock-orders-"))
            .expect("the path in the message");
        assert!(
            path.starts_with(&*env.home.to_string_lossy()),
            "saved at home: {path}"
        );
        let csv = std::fs::read_to_string(path).expect("read the export");
        assert!(csv.starts_with("shop_id,order_id"), "a CSV header");
        assert!(csv.contains(&new_id), "the export holds the new order");

        // Fetch orders (a backfill) shows its progress and how it ended.
        click_button(&client, "Fetch orders…").await;
        wait_for(&client, "[data-testid=backfill-form]").await;
        click_button(&client, "Fetch orders").await;
        wait_for_text(&client, "[data-testid=backfill-progress]", |t| {
            t.contains("Fetched all")
        })
        .await;
        assert_no_error_banner(&client).await;
    })
    .await;
}

/// A new order reaches the desktop: once the demo shop's first download has caught up (silently),
/// an order created in the sandbox is announced by exactly one desktop notification, sent over the
/// session bus to the notification server this test plays, naming the shop, the count and the
/// order.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_order_reaches_the_desktop_as_one_notification() {
    let desktop = Arc::new(NotificationServer::start().await);
    with_app(|client, env| async move {
        connect_demo_shop(&client).await;
        wait_for_text(&client, "[data-testid=shop-sync]", |t| {
            t.starts_with("Synced")
        })
        .await;

        let id = create_sandbox_order(&env).await;
        // The next automatic pull (every 10 s by default) stores it and tells the desktop.
        // Another test's app may notify this server too, so only notifications of this order
        // count.
        let deadline = Instant::now() + Duration::from_secs(45);
        let about_it = loop {
            let about_it: Vec<_> = desktop
                .seen()
                .into_iter()
                .filter(|n| n.body.contains(&id))
                .collect();
            if !about_it.is_empty() {
                break about_it;
            }
            assert!(
                Instant::now() < deadline,
                "no desktop notification of the new order {id} within 45 s; seen: {:?}",
                desktop.seen()
            );
            tokio::time::sleep(Duration::from_millis(200)).await;
        };
        assert_eq!(about_it.len(), 1, "one notification: {about_it:?}");
        assert_eq!(about_it[0].summary, "Demo shop: 1 new order");
        assert!(
            about_it[0].body.starts_with(&format!("Order {id}")),
            "the body names the order: {:?}",
            about_it[0].body
        );
        assert_no_error_banner(&client).await;
    })
    .await;
}
