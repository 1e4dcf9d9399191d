//! What the tests do on the app's pages (open one, click a tab or a row, read the table) and
//! what they read from the app's store about it.

use fantoccini::key::Key;
use fantoccini::{Client, Locator};

use crate::support::{wait_for, wait_for_text, wait_until, AppEnv};

pub(crate) async fn assert_no_error_banner(client: &Client) {
    if let Ok(alert) = client.find(Locator::Css(".banner[role=alert]")).await {
        let text = alert.text().await.unwrap_or_default();
        panic!("the page shows an error: {text}");
    }
}

/// The order ids in the table, top to bottom.
pub(crate) async fn order_ids(client: &Client) -> Vec<String> {
    let Ok(rows) = client
        .find_all(Locator::Css("[data-testid=order-row]"))
        .await
    else {
        return Vec::new();
    };
    let mut ids = Vec::new();
    for row in rows {
        if let Ok(Some(id)) = row.attr("data-order-id").await {
            ids.push(id);
        }
    }
    ids
}

/// Clicks the status tab whose label starts with `label` and waits until it is selected.
pub(crate) async fn click_tab(client: &Client, label: &str) {
    let xpath = format!("//button[@role='tab'][starts-with(normalize-space(), '{label} ')]");
    client
        .wait()
        .at_most(crate::support::STEP_TIMEOUT)
        .for_element(Locator::XPath(&xpath))
        .await
        .unwrap_or_else(|e| panic!("no tab {label}: {e}"))
        .click()
        .await
        .unwrap_or_else(|e| panic!("click the tab {label}: {e}"));
    wait_for_text(client, "[role=tab][aria-selected=true]", |t| {
        t.starts_with(label)
    })
    .await;
}

/// With a search that matches one order: the label of the status tab that counts it, and of
/// one that does not.
pub(crate) async fn tab_split(client: &Client) -> (String, String) {
    wait_until("tab counts for the search", || async {
        let tabs = client.find_all(Locator::Css("[role=tab]")).await.ok()?;
        let mut with_it = None;
        let mut without_it = None;
        for tab in tabs {
            let text = tab.text().await.ok()?;
            let (label, count) = text.rsplit_once(' ')?;
            match (label, count) {
                ("All", _) => {}
                (label, "1") => with_it = Some(label.to_owned()),
                (label, "0") => without_it = Some(label.to_owned()),
                _ => return None,
            }
        }
        Some((with_it?, without_it?))
    })
    .await
}

/// The id of a row on screen whose order has left the warehouse (so it has an address).
pub(crate) async fn shipped_order(client: &Client) -> String {
    wait_until("a shipped order in the table", || async {
        let rows = client
            .find_all(Locator::Css("[data-testid=order-row]"))
            .await
            .ok()?;
        for row in rows {
            let status = row
                .find(Locator::Css("td.status"))
                .await
                .ok()?
                .text()
                .await
                .ok()?;
            if ["In transit", "Delivered", "Completed"].contains(&status.as_str()) {
                return row.attr("data-order-id").await.ok()?;
            }
        }
        None
    })
    .await
}

/// Clicks a row of the table (on its order id: WebDriver clicks cells, not rows).
pub(crate) async fn click_row(client: &Client, order_id: &str) {
    let css = format!("[data-testid=order-row][data-order-id='{order_id}'] [data-testid=order-id]");
    wait_for(client, &css)
        .await
        .click()
        .await
        .unwrap_or_else(|e| panic!("click the order {order_id}: {e}"));
}

pub(crate) async fn send_key(client: &Client, key: Key) {
    client
        .active_element()
        .await
        .expect("the focused element")
        .send_keys(&key)
        .await
        .expect("press the key");
}

pub(crate) async fn open_link(client: &Client, text: &str) {
    client
        .find(Locator::LinkText(text))
        .await
        .unwrap_or_else(|e| panic!("the {text} link: {e}"))
        .click()
        .await
        .unwrap_or_else(|e| panic!("open {text}: {e}"));
}

/// Opens Orders and waits for its default tab, To ship, to list orders.
pub(crate) async fn open_orders(client: &Client) {
    open_link(client, "Orders").await;
    // The first download has stored every order, so the list is complete.
    wait_for_text(client, "[data-testid=orders-sync]", |t| {
        t.contains("Synced")
    })
    .await;
    wait_until("orders to ship", || async {
        (!order_ids(client).await.is_empty()).then_some(())
    })
    .await;
}

/// An order the seller can mark shipped, and its buyer.
#[derive(Debug, Clone)]
pub(crate) struct Shippable {
    pub(crate) id: String,
    pub(crate) buyer: String,
}

/// The orders on screen that the seller ships with their own carrier (TikTok-shipping, FBT
/// and cancel-requested ones are refused before any call), read from the app's store.
pub(crate) async fn shippable_in_view(client: &Client, env: &AppEnv) -> Vec<Shippable> {
    ready_in_view(client, env, "SELLER").await
}

/// The orders on screen ready to ship of one `shipping_type` (`SELLER`: the seller's carrier;
/// `TIKTOK`: TikTok shipping), neither FBT nor cancel-requested, read from the app's store.
pub(crate) async fn ready_in_view(
    client: &Client,
    env: &AppEnv,
    shipping_type: &str,
) -> Vec<Shippable> {
    let ids = order_ids(client).await;
    let store = shopdock_store::Store::open_in_dir(&env.data_dir).expect("open the app's store");
    let shops = store.list_shops().expect("list the stored shops");
    let demo = shops.iter().find(|s| s.is_demo).expect("the demo shop");
    let mut ready = Vec::new();
    for id in ids {
        let Some(order) = store.get_order(&demo.id, &id).expect("read an order") else {
            continue;
        };
        let raw: serde_json::Value =
            serde_json::from_str(&order.raw_json).expect("the order's JSON");
        let shippable = raw["status"] == "AWAITING_SHIPMENT"
            && raw["shipping_type"] == shipping_type
            && raw["fulfillment_type"] != "FULFILLMENT_BY_TIKTOK"
            && raw["is_buyer_request_cancel"] != true
            && raw["delivery_option_id"].is_string();
        if shippable {
            ready.push(Shippable {
                id,
                buyer: raw["user_id"].as_str().unwrap_or_default().to_owned(),
            });
        }
    }
    assert!(
        !ready.is_empty(),
        "the demo has {shipping_type}-shipping orders to ship"
    );
    ready
}

/// The Ship dialog's main button (its words follow the route: Ship, Buy label, …).
pub(crate) async fn press_ship(client: &Client) {
    wait_for(client, "[data-testid=ship-submit]")
        .await
        .click()
        .await
        .expect("press the dialog's button");
}

/// Ticks an order's checkbox in the To ship work list.
pub(crate) async fn select_order(client: &Client, order_id: &str) {
    let css =
        format!("[data-testid=order-row][data-order-id='{order_id}'] [data-testid=select-order]");
    wait_for(client, &css)
        .await
        .click()
        .await
        .unwrap_or_else(|e| panic!("select the order {order_id}: {e}"));
}
