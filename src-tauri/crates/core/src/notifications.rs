//! New-order notifications: which stored orders warrant a desktop notification, and what it says.
//! Pure rules: the sync engine feeds them page by page (see `sync::engine`) and emits the one
//! [`CoreEvent::NewOrders`] a pull yields; the shell turns that event into the notification
//! ([`CoreEvent::desktop_notification`]). New buyer cancellation requests have their own rule
//! (`cancellations::news`) and share the wording entry point here.
//!
//! The rule: only orders a pull *inserted* (the store had never seen them) are news, and only
//! when
//! - they came from the incremental pull (automatic download or Sync now). A date-range backfill
//!   ("Fetch orders") brings the past, never news;
//! - the shop had caught up before: on a shop's first pull (no watermark yet) every order is new
//!   to the store but old to the seller;
//! - the shop's "Desktop notification for new orders" option is on (with the download).
//!
//! One pull gives at most one notification per shop, however many pages and orders it brought:
//! "Demo shop: 3 new orders", naming the newest. A pull that fails after some pages still
//! announces what it stored, as those orders will never be new again.

use crate::CoreEvent;
use shopdock_store::{OrderRecord, ShopOptions};

/// Product names longer than this many characters are cut (with "…") in the notification's body.
const MAX_ITEM_CHARS: usize = 60;

/// What stored the orders.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Run {
    /// The incremental pull. `caught_up`: the shop had a watermark before this pull began.
    Pull { caught_up: bool },
    /// A date-range backfill.
    Backfill,
}

/// Whether the orders `run` inserts for a shop with `options` are announced.
pub fn announces(run: Run, options: &ShopOptions) -> bool {
    match run {
        Run::Backfill => false,
        Run::Pull { caught_up } => caught_up && options.auto_download && options.notify_new_orders,
    }
}

/// An order a pull stored for the first time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewOrder {
    pub order_id: String,
    /// Unix seconds.
    pub create_time: i64,
    pub first_item_name: Option<String>,
}

impl NewOrder {
    pub fn from_record(record: &OrderRecord) -> Self {
        Self {
            order_id: record.header.order_id.clone(),
            create_time: record.header.create_time,
            first_item_name: record
                .items
                .iter()
                .find_map(|i| i.product_name.clone().filter(|n| !n.trim().is_empty())),
        }
    }
}

/// The orders of a page at `positions`: those its upsert inserted
/// ([`shopdock_store::UpsertStats::new_orders`], each new order once even if the page repeats
/// it). A position outside the page is skipped.
pub fn new_in_page(records: &[OrderRecord], positions: &[usize]) -> Vec<NewOrder> {
    positions
        .iter()
        .filter_map(|&at| records.get(at))
        .map(NewOrder::from_record)
        .collect()
}

/// One pull's new orders, added page after page, batched into at most one event.
#[derive(Debug, Clone)]
pub struct NewOrdersBatch {
    shop_id: String,
    shop_label: String,
    count: u32,
    newest: Option<NewOrder>,
}

impl NewOrdersBatch {
    pub fn new(shop_id: impl Into<String>, shop_label: impl Into<String>) -> Self {
        Self {
            shop_id: shop_id.into(),
            shop_label: shop_label.into(),
            count: 0,
            newest: None,
        }
    }

    pub fn add(&mut self, orders: impl IntoIterator<Item = NewOrder>) {
        for order in orders {
            self.count = self.count.saturating_add(1);
            let newer = match &self.newest {
                None => true,
                Some(n) => (order.create_time, &order.order_id) > (n.create_time, &n.order_id),
            };
            if newer {
                self.newest = Some(order);
            }
        }
    }

    /// The event announcing the batch; `None` when the pull brought no new order.
    pub fn into_event(self) -> Option<CoreEvent> {
        let newest = self.newest?;
        Some(CoreEvent::NewOrders {
            shop_id: self.shop_id,
            shop_label: self.shop_label,
            count: self.count,
            newest_order_id: newest.order_id,
            newest_item_name: newest.first_item_name,
            newest_created_at: newest.create_time,
        })
    }
}

/// What a desktop notification says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DesktopNotification {
    /// e.g. "Demo shop: 3 new orders".
    pub title: String,
    /// e.g. "Newest: order 576461413038785752 · Wireless earbuds".
    pub body: String,
}

impl CoreEvent {
    /// The desktop notification this event warrants: new orders
    /// ([`CoreEvent::NewOrders`]) and new buyer cancellation requests
    /// ([`CoreEvent::CancellationRequests`], worded in `cancellations::news`).
    pub fn desktop_notification(&self) -> Option<DesktopNotification> {
        match self {
            CoreEvent::NewOrders {
                shop_label,
                count,
                newest_order_id,
                newest_item_name,
                ..
            } => Some(new_orders_text(
                shop_label,
                *count,
                newest_order_id,
                newest_item_name.as_deref(),
            )),
            CoreEvent::CancellationRequests {
                shop_label,
                count,
                order_id,
                reason,
                ..
            } => Some(crate::cancellations::news::notification(
                shop_label,
                *count,
                order_id,
                reason.as_deref(),
            )),
            _ => None,
        }
    }
}

fn new_orders_text(
    shop_label: &str,
    count: u32,
    newest_order_id: &str,
    newest_item_name: Option<&str>,
) -> DesktopNotification {
    let shop = shop_name(shop_label);
    let orders = if count == 1 { "order" } else { "orders" };
    let mut body = if count == 1 {
        format!("Order {newest_order_id}")
    } else {
        format!("Newest: order {newest_order_id}")
    };
    if let Some(item) = newest_item_name.map(str::trim) {
        body.push_str(" · ");
        body.push_str(&shorten(item, MAX_ITEM_CHARS));
    }
    DesktopNotification {
        title: format!("{shop}: {count} new {orders}"),
        body,
    }
}

/// The shop as a notification names it: its label, or "Shopdock" when it has none.
pub(crate) fn shop_name(label: &str) -> &str {
    match label.trim() {
        "" => "Shopdock",
        label => label,
    }
}

fn shorten(text: &str, max_chars: usize) -> String {
    if text.chars().count() <= max_chars {
        return text.to_owned();
    }
    let cut: String = text.chars().take(max_chars - 1).collect();
    format!("{}…", cut.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;
    use shopdock_store::{OrderHeader, OrderItemRecord};

    fn record(id: &str, created: i64, item: Option<&str>) -> OrderRecord {
        OrderRecord {
            header: OrderHeader {
                order_id: id.into(),
                status: "AWAITING_SHIPMENT".into(),
                status_group: "to_ship".into(),
                create_time: created,
                update_time: created,
                ..OrderHeader::default()
            },
            items: item
                .into_iter()
                .map(|name| OrderItemRecord {
                    line_item_id: format!("{id}-1"),
                    product_name: Some(name.into()),
                    ..OrderItemRecord::default()
                })
                .collect(),
            raw_json: "{}".into(),
            ..OrderRecord::default()
        }
    }

    #[test]
    fn only_a_caught_up_incremental_pull_with_the_option_on_announces() {
        let on = ShopOptions::default();
        assert!(on.notify_new_orders, "on by default");
        assert!(announces(Run::Pull { caught_up: true }, &on));
        assert!(
            !announces(Run::Pull { caught_up: false }, &on),
            "a shop's first catch-up pull brings old orders"
        );
        assert!(!announces(Run::Backfill, &on), "a backfill brings the past");
        let off = ShopOptions {
            notify_new_orders: false,
            ..on
        };
        assert!(!announces(Run::Pull { caught_up: true }, &off));
        let no_download = ShopOptions {
            auto_download: false,
            ..on
        };
        assert!(!announces(Run::Pull { caught_up: true }, &no_download));
    }

    #[test]
    fn only_the_orders_the_upsert_inserted_are_new() {
        let page = [
            record("1", 10, Some("Mug")),
            record("2", 11, None),
            record("3", 12, Some("Lamp")),
            record("3", 12, Some("Lamp")),
        ];
        // The upsert inserted 1 and the first 3; it had 2; the second 3 was an update.
        let new = new_in_page(&page, &[0, 2]);
        let ids: Vec<_> = new.iter().map(|o| o.order_id.as_str()).collect();
        assert_eq!(ids, ["1", "3"]);
        assert_eq!(new[0].first_item_name.as_deref(), Some("Mug"));
        assert!(new_in_page(&page, &[]).is_empty());
    }

    #[test]
    fn a_pull_yields_one_event_for_all_its_pages_naming_the_newest_order() {
        let mut batch = NewOrdersBatch::new("s1", "Demo shop");
        batch.add(new_in_page(
            &[
                record("7", 100, Some("Old mug")),
                record("9", 300, Some("Lamp")),
            ],
            &[0, 1],
        ));
        batch.add(Vec::new());
        batch.add(new_in_page(&[record("8", 200, None)], &[0]));
        assert_eq!(
            batch.into_event(),
            Some(CoreEvent::NewOrders {
                shop_id: "s1".into(),
                shop_label: "Demo shop".into(),
                count: 3,
                newest_order_id: "9".into(),
                newest_item_name: Some("Lamp".into()),
                newest_created_at: 300,
            })
        );
    }

    #[test]
    fn a_pull_without_new_orders_yields_no_event() {
        let mut batch = NewOrdersBatch::new("s1", "Demo shop");
        batch.add(new_in_page(&[record("1", 1, None)], &[]));
        assert_eq!(batch.into_event(), None);
    }

    #[test]
    fn the_notification_names_the_shop_the_count_and_the_newest_order() {
        let event = |count, item: Option<&str>| CoreEvent::NewOrders {
            shop_id: "s1".into(),
            shop_label: "Demo shop".into(),
            count,
            newest_order_id: "576461413038785752".into(),
            newest_item_name: item.map(Into::into),
            newest_created_at: 0,
        };
        assert_eq!(
            event(3, Some("Wireless earbuds")).desktop_notification(),
            Some(DesktopNotification {
                title: "Demo shop: 3 new orders".into(),
                body: "Newest: order 576461413038785752 · Wireless earbuds".into(),
            })
        );
        assert_eq!(
            event(1, None).desktop_notification(),
            Some(DesktopNotification {
                title: "Demo shop: 1 new order".into(),
                body: "Order 576461413038785752".into(),
            })
        );
        let long = "x".repeat(200);
        let body = event(1, Some(&long)).desktop_notification().unwrap().body;
        assert!(body.ends_with('…') && body.chars().count() < 100, "{body}");
        assert_eq!(CoreEvent::ShopsChanged.desktop_notification(), None);
    }
}
