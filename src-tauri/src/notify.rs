//! Desktop notifications that lead somewhere. Core decides which orders and which buyer
//! cancellation requests are news and what their notification says
//! (`shopdock_core::notifications`); this module adds the two the seller must
//! act on (a change TikTok would not take, a shop to reconnect), keeps those calm with the pure
//! rule of [`Calm`], and hands everything to tauri-plugin-notification from Rust (the UI needs
//! no notification permission). Each notification carries the screen it opens (`open` in its
//! extra payload); a click shows the window on that screen ([`on_click`]).
//!
//! A desktop without a notification server must never break anything: a notification that could
//! not be prepared is logged and dropped. (On Linux the plugin sends it on a background task over
//! the session bus and drops a failed delivery itself.)

use std::collections::HashSet;

use shopdock_core::CoreEvent;
use tauri::Manager as _;
use tauri_plugin_notification::{ActionPerformed, NotificationExt as _};

/// The key of the extra payload that names the screen a click opens.
const OPEN_KEY: &str = "open";

/// The screens a notification can open; each is the window's `#hash` for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Screen {
    Shops,
    Orders,
    Activity,
}

impl Screen {
    pub fn hash(self) -> &'static str {
        match self {
            Screen::Shops => "shops",
            Screen::Orders => "orders",
            Screen::Activity => "activity",
        }
    }

    fn from_hash(hash: &str) -> Option<Self> {
        [Screen::Shops, Screen::Orders, Screen::Activity]
            .into_iter()
            .find(|s| s.hash() == hash)
    }
}

/// One notification: what it says and where a click leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub title: String,
    pub body: String,
    pub opens: Screen,
}

/// The notification `event` warrants, if any (new orders and new buyer cancellation requests,
/// from core's rules): both open the orders, where the seller acts on them.
pub fn for_event(event: &CoreEvent) -> Option<Notice> {
    let n = event.desktop_notification()?;
    Some(Notice {
        title: n.title,
        body: n.body,
        opens: Screen::Orders,
    })
}

/// What a shop needs from the seller right now, as the tray's refresh sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShopNeeds {
    pub shop_id: String,
    pub label: String,
    pub reconnect: bool,
    /// Changes TikTok refused or that wait for the seller.
    pub failed_changes: u64,
    /// Buyers' cancellation requests TikTok decides on its own within [`DUE_SOON_SECS`].
    pub cancellations_due_soon: u64,
}

/// How close to TikTok's own decision an unanswered cancellation request gets its reminder.
pub const DUE_SOON_SECS: i64 = 12 * 3600;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Need {
    Reconnect,
    FailedChanges,
    CancellationsDueSoon,
}

/// The calm rule: each need of a shop is announced once when it appears, never again while it
/// lasts (more failed changes add no notification), and again only after it was resolved and
/// came back. A removed shop is forgotten.
#[derive(Debug, Default)]
pub struct Calm {
    announced: HashSet<(String, Need)>,
}

impl Calm {
    /// The notifications for what appeared since the last observation.
    pub fn observe(&mut self, shops: &[ShopNeeds]) -> Vec<Notice> {
        let mut now = HashSet::new();
        let mut notices = Vec::new();
        for shop in shops {
            let label = match shop.label.trim() {
                "" => "Shopdock",
                label => label,
            };
            if shop.reconnect {
                let key = (shop.shop_id.clone(), Need::Reconnect);
                if !self.announced.contains(&key) {
                    notices.push(Notice {
                        title: format!("{label} needs reconnecting"),
                        body: "Its orders are not synced until you press Get Auth on the Shops screen."
                            .into(),
                        opens: Screen::Shops,
                    });
                }
                now.insert(key);
            }
            if shop.failed_changes > 0 {
                let key = (shop.shop_id.clone(), Need::FailedChanges);
                if !self.announced.contains(&key) {
                    let what = if shop.failed_changes == 1 {
                        "a change was not sent".to_owned()
                    } else {
                        format!("{} changes were not sent", shop.failed_changes)
                    };
                    notices.push(Notice {
                        title: format!("{label}: {what}"),
                        body: "Open Activity to see why, then retry or dismiss.".into(),
                        opens: Screen::Activity,
                    });
                }
                now.insert(key);
            }
            if shop.cancellations_due_soon > 0 {
                let key = (shop.shop_id.clone(), Need::CancellationsDueSoon);
                if !self.announced.contains(&key) {
                    let what = if shop.cancellations_due_soon == 1 {
                        "a buyer's cancellation request".to_owned()
                    } else {
                        format!(
                            "{} buyers' cancellation requests",
                            shop.cancellations_due_soon
                        )
                    };
                    notices.push(Notice {
                        title: format!("{label}: answer {what} soon"),
                        body: "TikTok decides on its own within 12 hours. Sort the orders by Answer by."
                            .into(),
                        opens: Screen::Orders,
                    });
                }
                now.insert(key);
            }
        }
        self.announced = now;
        notices
    }
}

/// Shows `notice` as a desktop notification.
pub fn show<R: tauri::Runtime>(app: &tauri::AppHandle<R>, notice: &Notice) {
    let shown = app
        .notification()
        .builder()
        .title(&notice.title)
        .body(&notice.body)
        .extra(OPEN_KEY, notice.opens.hash())
        .show();
    match shown {
        Ok(()) => tracing::debug!(title = %notice.title, "desktop notification sent"),
        Err(error) => {
            tracing::warn!(%error, title = %notice.title, "could not show a desktop notification")
        }
    }
}

/// Routes clicks on Shopdock's notifications to their screens. Registered in `setup`, before
/// the first notification (the plugin reports clicks only to handlers that existed then).
pub fn on_click<R: tauri::Runtime>(app: &tauri::AppHandle<R>) {
    let handle = app.clone();
    let registered = app
        .notification()
        .on_action(move |action: &ActionPerformed| {
            if action.action_id() != "tap" {
                return;
            }
            let screen = action
                .notification()
                .and_then(|n| n.extra().get(OPEN_KEY))
                .and_then(|v| v.as_str())
                .and_then(Screen::from_hash);
            crate::desktop::show_main(&handle, screen);
        });
    if let Err(error) = registered {
        tracing::warn!(%error, "notification clicks will not open Shopdock");
    }
}

/// Whether the seller wants notifications (Settings).
pub fn wanted<R: tauri::Runtime>(app: &tauri::AppHandle<R>) -> bool {
    app.try_state::<std::sync::Arc<crate::desktop::Desktop>>()
        .is_none_or(|d| d.settings.get().notifications)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn needs(id: &str, reconnect: bool, failed: u64) -> ShopNeeds {
        ShopNeeds {
            shop_id: id.into(),
            label: "Demo shop".into(),
            reconnect,
            failed_changes: failed,
            cancellations_due_soon: 0,
        }
    }

    #[test]
    fn cancellation_requests_near_their_deadline_are_announced_once_until_answered() {
        let due = |n| ShopNeeds {
            cancellations_due_soon: n,
            ..needs("s1", false, 0)
        };
        let mut calm = Calm::default();
        let first = calm.observe(&[due(1)]);
        assert_eq!(first.len(), 1);
        assert_eq!(
            first[0].title,
            "Demo shop: answer a buyer's cancellation request soon"
        );
        assert_eq!(first[0].opens, Screen::Orders);
        assert!(
            calm.observe(&[due(2)]).is_empty(),
            "a second one adds no notification"
        );
        assert!(calm.observe(&[due(0)]).is_empty());
        let again = calm.observe(&[due(3)]);
        assert_eq!(
            again[0].title,
            "Demo shop: answer 3 buyers' cancellation requests soon"
        );
    }

    #[test]
    fn a_failed_change_is_announced_once_however_many_follow() {
        let mut calm = Calm::default();
        assert!(calm.observe(&[needs("s1", false, 0)]).is_empty());
        let first = calm.observe(&[needs("s1", false, 1)]);
        assert_eq!(
            first,
            [Notice {
                title: "Demo shop: a change was not sent".into(),
                body: "Open Activity to see why, then retry or dismiss.".into(),
                opens: Screen::Activity,
            }]
        );
        assert!(calm.observe(&[needs("s1", false, 1)]).is_empty());
        assert!(
            calm.observe(&[needs("s1", false, 7)]).is_empty(),
            "no stream"
        );
    }

    #[test]
    fn a_need_that_was_resolved_and_comes_back_is_announced_again() {
        let mut calm = Calm::default();
        assert_eq!(calm.observe(&[needs("s1", true, 0)]).len(), 1);
        assert!(calm.observe(&[needs("s1", true, 0)]).is_empty());
        assert!(calm.observe(&[needs("s1", false, 0)]).is_empty());
        let again = calm.observe(&[needs("s1", true, 0)]);
        assert_eq!(again[0].title, "Demo shop needs reconnecting");
        assert_eq!(again[0].opens, Screen::Shops);
    }

    #[test]
    fn each_shop_and_each_need_is_announced_on_its_own() {
        let mut calm = Calm::default();
        let notices = calm.observe(&[needs("s1", true, 2), needs("s2", false, 3)]);
        let titles: Vec<_> = notices.iter().map(|n| n.title.as_str()).collect();
        assert_eq!(
            titles,
            [
                "Demo shop needs reconnecting",
                "Demo shop: 2 changes were not sent",
                "Demo shop: 3 changes were not sent"
            ]
        );
        // s2 was removed and comes back with the same need: a new shop, a new notice.
        assert!(calm.observe(&[needs("s1", true, 2)]).is_empty());
        assert_eq!(
            calm.observe(&[needs("s1", true, 2), needs("s2", false, 1)])
                .len(),
            1
        );
    }

    #[test]
    fn a_buyer_cancellation_request_opens_the_orders() {
        let event = CoreEvent::CancellationRequests {
            shop_id: "s1".into(),
            shop_label: "Demo shop".into(),
            count: 1,
            order_id: "5764".into(),
            reason: Some("No longer needed".into()),
            deadline: Some(1_800_000_000),
        };
        let notice = for_event(&event).unwrap();
        assert_eq!(notice.title, "Demo shop: a buyer asks to cancel");
        assert!(
            notice.body.starts_with("Order 5764 · No longer needed"),
            "{notice:?}"
        );
        assert_eq!(notice.opens, Screen::Orders);
    }

    #[test]
    fn new_orders_open_the_orders() {
        let event = CoreEvent::NewOrders {
            shop_id: "s1".into(),
            shop_label: "Demo shop".into(),
            count: 3,
            newest_order_id: "5764".into(),
            newest_item_name: None,
            newest_created_at: 0,
        };
        let notice = for_event(&event).unwrap();
        assert_eq!(notice.title, "Demo shop: 3 new orders");
        assert_eq!(notice.opens, Screen::Orders);
        assert_eq!(for_event(&CoreEvent::ShopsChanged), None);
    }
}
