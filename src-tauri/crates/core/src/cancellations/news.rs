//! Which buyer requests warrant a desktop notification, and what it says. Pure rules: the pull
//! (`super::pull`) feeds them page by page and emits the one
//! [`CoreEvent::CancellationRequests`] a pull yields; the shell shows it like new orders.
//!
//! The rule: a request is news when a pull stores it for the first time while it waits for
//! the seller, and only when
//! - the shop had caught up before this pull (on its first pull every request is new to the
//!   store but not to the seller, who sees them all flagged in the table);
//! - automatic download is on (what the seller chose to hear from in the background).
//!
//! Unlike new orders, the shop's "notify new orders" option does not silence it: a request
//! is decided by TikTok on its own after 48 h, so it is worth one notification whenever it
//! arrives. One pull gives at most one notification per shop ("2 buyers ask to cancel"),
//! naming the request to answer first; a request re-read later (the pull overlaps) is known
//! and never announced again.

use crate::notifications::{shop_name, DesktopNotification};
use crate::CoreEvent;
use shopdock_store::{CancellationRecord, ShopOptions};

/// Whether the requests a pull stores for a shop with `options` are announced; `caught_up`:
/// the shop had a watermark before this pull.
pub fn announces(caught_up: bool, options: &ShopOptions) -> bool {
    caught_up && options.auto_download
}

/// A buyer's request a pull stored for the first time, still waiting for the seller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewRequest {
    pub order_id: String,
    /// The buyer's reason in words (else TikTok's code).
    pub reason: Option<String>,
    /// Unix seconds when TikTok decides on its own.
    pub deadline: Option<i64>,
}

/// The records of a page at `positions` (those the store had never seen) that wait for the
/// seller.
pub fn new_in_page(records: &[CancellationRecord], positions: &[usize]) -> Vec<NewRequest> {
    positions
        .iter()
        .filter_map(|&at| records.get(at))
        .filter(|r| r.pending)
        .map(|r| NewRequest {
            order_id: r.order_id.clone(),
            reason: r.reason_text.clone().or_else(|| r.reason.clone()),
            deadline: r.deadline,
        })
        .collect()
}

/// One pull's new requests, batched into at most one event naming the one due first.
#[derive(Debug, Clone, Default)]
pub struct RequestsBatch {
    count: u32,
    first_due: Option<NewRequest>,
}

impl RequestsBatch {
    pub fn add(&mut self, requests: impl IntoIterator<Item = NewRequest>) {
        for r in requests {
            self.count = self.count.saturating_add(1);
            // No deadline sorts last: TikTok has not said when it decides.
            let key = |r: &NewRequest| (r.deadline.unwrap_or(i64::MAX), r.order_id.clone());
            if self.first_due.as_ref().is_none_or(|f| key(&r) < key(f)) {
                self.first_due = Some(r);
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// The event announcing the batch; `None` when the pull brought no new request.
    pub fn into_event(self, shop_id: &str, shop_label: &str) -> Option<CoreEvent> {
        let first = self.first_due?;
        Some(CoreEvent::CancellationRequests {
            shop_id: shop_id.to_owned(),
            shop_label: shop_label.to_owned(),
            count: self.count,
            order_id: first.order_id,
            reason: first.reason,
            deadline: first.deadline,
        })
    }
}

/// The notification for `count` new requests, naming `order_id`'s.
pub fn notification(
    shop_label: &str,
    count: u32,
    order_id: &str,
    reason: Option<&str>,
) -> DesktopNotification {
    let shop = shop_name(shop_label);
    let title = if count == 1 {
        format!("{shop}: a buyer asks to cancel")
    } else {
        format!("{shop}: {count} buyers ask to cancel")
    };
    let mut body = if count == 1 {
        format!("Order {order_id}")
    } else {
        format!("First to answer: order {order_id}")
    };
    if let Some(reason) = reason.map(str::trim).filter(|r| !r.is_empty()) {
        body.push_str(" · ");
        body.push_str(reason);
    }
    body.push_str(". Approve or reject before TikTok decides on its own.");
    DesktopNotification { title, body }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(order: &str, pending: bool, deadline: Option<i64>) -> CancellationRecord {
        CancellationRecord {
            shop_id: "s1".into(),
            cancel_id: format!("c{order}"),
            order_id: order.into(),
            cancel_type: "BUYER_CANCEL".into(),
            status: "CANCELLATION_REQUEST_PENDING".into(),
            pending,
            role: "BUYER".into(),
            reason: Some("ecom_order_to_ship_canceled_reason_no_longer_needed".into()),
            reason_text: Some("No longer needed".into()),
            deadline,
            line_item_ids: Vec::new(),
            create_time: Some(1),
            update_time: 1,
            local_answer: None,
        }
    }

    #[test]
    fn only_a_caught_up_pull_with_the_download_on_announces() {
        let on = ShopOptions::default();
        assert!(announces(true, &on));
        assert!(
            !announces(false, &on),
            "a shop's first pull brings old requests"
        );
        let quiet_orders = ShopOptions {
            notify_new_orders: false,
            ..on
        };
        assert!(
            announces(true, &quiet_orders),
            "a request is not an order: TikTok decides it in 48 h"
        );
        let no_download = ShopOptions {
            auto_download: false,
            ..on
        };
        assert!(!announces(true, &no_download));
    }

    #[test]
    fn only_new_records_still_waiting_for_the_seller_are_news() {
        let page = [
            record("1", true, Some(50)),
            record("2", false, None),
            record("3", true, Some(40)),
        ];
        let news = new_in_page(&page, &[1, 2, 9]);
        assert_eq!(
            news,
            [NewRequest {
                order_id: "3".into(),
                reason: Some("No longer needed".into()),
                deadline: Some(40),
            }]
        );
        assert!(new_in_page(&page, &[]).is_empty());
    }

    #[test]
    fn a_pull_yields_one_event_naming_the_request_due_first() {
        let mut batch = RequestsBatch::default();
        assert!(batch.clone().into_event("s1", "Demo").is_none());
        batch.add(new_in_page(
            &[record("7", true, None), record("8", true, Some(300))],
            &[0, 1],
        ));
        batch.add(new_in_page(&[record("9", true, Some(200))], &[0]));
        assert_eq!(
            batch.into_event("s1", "Demo shop"),
            Some(CoreEvent::CancellationRequests {
                shop_id: "s1".into(),
                shop_label: "Demo shop".into(),
                count: 3,
                order_id: "9".into(),
                reason: Some("No longer needed".into()),
                deadline: Some(200),
            })
        );
    }

    #[test]
    fn the_text_names_the_shop_the_order_and_the_reason() {
        assert_eq!(
            notification("Demo shop", 1, "5764", Some("No longer needed")),
            DesktopNotification {
                title: "Demo shop: a buyer asks to cancel".into(),
                body: "Order 5764 · No longer needed. Approve or reject before TikTok decides on its own."
                    .into()
            }
        );
        let n = notification(" ", 3, "5764", None);
        assert_eq!(n.title, "Shopdock: 3 buyers ask to cancel");
        assert!(n.body.starts_with("First to answer: order 5764."), "{n:?}");
    }
}
