//! The rules of a tracking correction after shipment (write-api §C "Correction after
//! shipment"), pure and unit-tested: which orders may be corrected, until when, what the
//! seller is asked before the single update is spent, and whether TikTok's order already shows
//! a correction whose reply was lost.
//!
//! TikTok allows one update per order: within 72 h of shipment in the US, UK and SEA; with no
//! stated window in EMEA (but the UK), LATAM and JP (OV:ful "Update order tracking number
//! policy"; the US window went from 36 h to 72 h, after which the code is 21011049).

use super::carriers::normalise_tracking;
use super::route::Market;
use serde::{Deserialize, Serialize};
use shopdock_tiktok::model::Order;

/// The correction window where TikTok has one.
pub const CORRECTION_WINDOW_SECS: i64 = 72 * 3600;

/// What an Update Tracking row carries (stored as its JSON payload). Its first three fields
/// are a shipment's, so the Activity list shows the new carrier and number alike.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UpdateTrackingPayload {
    /// Normalised ([`normalise_tracking`]).
    pub tracking_number: String,
    /// The provider's name as TikTok spells it.
    pub carrier: String,
    pub shipping_provider_id: String,
    /// Set for an order shipped in several packages: Update Package Shipping Info of this
    /// package; else Update Shipping Info of the order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub package_id: Option<String>,
}

/// How long after shipment a market allows the correction; `None` = no stated window (still
/// one update): the US, the UK and SEA have one.
pub fn correction_window(market: Market) -> Option<i64> {
    matches!(market, Market::Us | Market::Uk | Market::Sea).then_some(CORRECTION_WINDOW_SECS)
}

/// When the order was shipped: TikTok's `rts_time` (of the order, else the latest of its line
/// items), else when Shopdock's own shipment of it was sent.
pub fn shipped_at(order: &Order, sent_by_shopdock: Option<i64>) -> Option<i64> {
    order
        .rts_time
        .or_else(|| order.line_items.iter().filter_map(|i| i.rts_time).max())
        .or(sent_by_shopdock)
}

/// Whether the stored order may have its tracking corrected now, and until when (`None` = no
/// window known). `sent_by_shopdock`: when Shopdock's shipment of it was sent, which also
/// counts as shipped while the stored order is older than that.
pub fn check_correctable(
    order: &Order,
    sent_by_shopdock: Option<i64>,
    market: Option<Market>,
    now: i64,
) -> Result<Option<i64>, String> {
    let id = &order.id;
    if order.shipping_type == "TIKTOK" || order.fulfillment_type == "FULFILLMENT_BY_TIKTOK" {
        return Err(format!(
            "Order {id} is not shipped by you with your own carrier, so TikTok allows no tracking correction for it."
        ));
    }
    let status = match order.status.as_str() {
        "AWAITING_SHIPMENT" if sent_by_shopdock.is_some() => "AWAITING_COLLECTION",
        other => other,
    };
    match status {
        "AWAITING_COLLECTION" | "IN_TRANSIT" => {}
        "DELIVERED" | "COMPLETED" => {
            return Err(format!(
                "Order {id} is already delivered: TikTok no longer allows changing its tracking (TikTok Shop support can)."
            ))
        }
        "CANCELLED" => {
            return Err(format!(
                "Order {id} is cancelled: its tracking can no longer change."
            ))
        }
        "PARTIALLY_SHIPPING" => {
            return Err(format!(
                "Part of order {id} is still to ship: ship the rest first, then correct a package's tracking."
            ))
        }
        _ => {
            return Err(format!(
                "Order {id} is not shipped yet: ship it with the right tracking number instead."
            ))
        }
    }
    let window = market.and_then(correction_window);
    let deadline = window
        .zip(shipped_at(order, sent_by_shopdock))
        .map(|(w, at)| at + w);
    match deadline {
        Some(end) if now > end => Err(format!(
            "TikTok allows changing the tracking number only within 72 hours of shipment in this market; order {id} shipped {} hours ago.",
            (now - end + CORRECTION_WINDOW_SECS) / 3600
        )),
        _ => Ok(deadline),
    }
}

/// What the seller is asked before the order's single update is spent.
pub fn confirmation_question(
    payload: &UpdateTrackingPayload,
    order_id: &str,
    market: Option<Market>,
    deadline: Option<i64>,
    now: i64,
) -> String {
    let window = match (market.and_then(correction_window), deadline) {
        (Some(_), Some(end)) => format!(
            ", only within 72 hours of shipment in this market (about {} hours remain)",
            ((end - now).max(0) + 1800) / 3600
        ),
        (Some(_), None) => ", only within 72 hours of shipment in this market".to_owned(),
        (None, _) => " (no time limit in this market)".to_owned(),
    };
    format!(
        "TikTok allows a single tracking correction per order{window}. Change order {order_id} to {} {}? It cannot be corrected again afterwards.",
        payload.carrier, payload.tracking_number
    )
}

/// After a correction whose outcome is unknown: does TikTok's order already carry the new
/// tracking number (on the corrected package, or on the order)?
pub fn correction_is_there(order: &Order, payload: &UpdateTrackingPayload) -> bool {
    let tracked = |t: &Option<String>| {
        t.as_deref()
            .is_some_and(|t| normalise_tracking(t) == payload.tracking_number)
    };
    let mut items = order
        .line_items
        .iter()
        .filter(|i| match &payload.package_id {
            Some(pid) => i.package_id.as_deref() == Some(pid.as_str()),
            None => true,
        });
    (payload.package_id.is_none() && tracked(&order.tracking_number))
        || items.any(|i| tracked(&i.tracking_number))
}

#[cfg(test)]
mod tests {
    use super::*;
    use shopdock_tiktok::model::LineItem;

    const NOW: i64 = 1_750_000_000;
    const HOUR: i64 = 3600;

    fn shipped(status: &str, rts: Option<i64>) -> Order {
        Order {
            id: "576".into(),
            status: status.into(),
            shipping_type: "SELLER".into(),
            fulfillment_type: "FULFILLMENT_BY_SELLER".into(),
            rts_time: rts,
            ..Order::default()
        }
    }

    fn payload(package: Option<&str>) -> UpdateTrackingPayload {
        UpdateTrackingPayload {
            tracking_number: "1Z999".into(),
            carrier: "UPS".into(),
            shipping_provider_id: "661".into(),
            package_id: package.map(Into::into),
        }
    }

    #[test]
    fn the_window_is_72_hours_in_the_us_uk_and_sea_and_absent_elsewhere() {
        for m in ["US", "GB", "uk", "MY", "ID", "TH", "SG", "VN", "PH"] {
            let market = Market::parse(m).expect("a known market");
            assert_eq!(correction_window(market), Some(72 * HOUR), "{m}");
        }
        for m in ["DE", "FR", "ES", "IT", "IE", "JP", "MX", "BR"] {
            let market = Market::parse(m).expect("a known market");
            assert_eq!(correction_window(market), None, "{m}");
        }
    }

    #[test]
    fn a_us_order_may_be_corrected_until_72_hours_after_shipment() {
        let order = shipped("IN_TRANSIT", Some(NOW - 71 * HOUR));
        assert_eq!(
            check_correctable(&order, None, Some(Market::Us), NOW),
            Ok(Some(NOW + HOUR))
        );
        let late = shipped("IN_TRANSIT", Some(NOW - 73 * HOUR));
        let e = check_correctable(&late, None, Some(Market::Us), NOW).unwrap_err();
        assert!(e.contains("72 hours") && e.contains("73 hours ago"), "{e}");
        assert_eq!(
            check_correctable(&late, None, Some(Market::Eu), NOW),
            Ok(None),
            "no window in the EU"
        );
    }

    #[test]
    fn the_shipping_time_comes_from_the_order_its_items_or_shopdocks_own_shipment() {
        let mut order = shipped("AWAITING_COLLECTION", None);
        assert_eq!(shipped_at(&order, Some(5)), Some(5));
        order.line_items = vec![
            LineItem {
                rts_time: Some(7),
                ..LineItem::default()
            },
            LineItem {
                rts_time: Some(9),
                ..LineItem::default()
            },
        ];
        assert_eq!(shipped_at(&order, Some(5)), Some(9));
        order.rts_time = Some(3);
        assert_eq!(shipped_at(&order, Some(5)), Some(3));
    }

    #[test]
    fn only_shipped_seller_orders_not_delivered_or_cancelled_may_be_corrected() {
        for (status, words) in [
            ("DELIVERED", "already delivered"),
            ("COMPLETED", "already delivered"),
            ("CANCELLED", "cancelled"),
            ("AWAITING_SHIPMENT", "not shipped yet"),
            ("PARTIALLY_SHIPPING", "still to ship"),
        ] {
            let e = check_correctable(&shipped(status, Some(NOW)), None, Some(Market::Us), NOW)
                .unwrap_err();
            assert!(e.contains(words), "{status}: {e}");
        }
        let mut tiktok = shipped("IN_TRANSIT", Some(NOW));
        tiktok.shipping_type = "TIKTOK".into();
        assert!(check_correctable(&tiktok, None, Some(Market::Us), NOW)
            .unwrap_err()
            .contains("own carrier"));
        assert!(
            check_correctable(
                &shipped("AWAITING_SHIPMENT", None),
                Some(NOW - HOUR),
                Some(Market::Us),
                NOW
            )
            .is_ok(),
            "shipped by Shopdock before the stored order caught up"
        );
    }

    #[test]
    fn the_question_names_the_single_update_and_the_markets_window() {
        let us = confirmation_question(
            &payload(None),
            "576",
            Some(Market::Us),
            Some(NOW + 10 * HOUR),
            NOW,
        );
        assert!(us.contains("single tracking correction"), "{us}");
        assert!(
            us.contains("72 hours") && us.contains("about 10 hours remain"),
            "{us}"
        );
        assert!(us.contains("UPS 1Z999"), "{us}");
        let de = confirmation_question(&payload(None), "576", Some(Market::Eu), None, NOW);
        assert!(de.contains("no time limit"), "{de}");
    }

    #[test]
    fn a_correction_is_there_when_the_order_or_its_package_shows_the_new_number() {
        let mut order = shipped("IN_TRANSIT", Some(NOW));
        assert!(!correction_is_there(&order, &payload(None)));
        order.tracking_number = Some("1z-999".into());
        assert!(correction_is_there(&order, &payload(None)));
        assert!(
            !correction_is_there(&order, &payload(Some("P2"))),
            "a package correction looks at its own package"
        );
        order.line_items = vec![LineItem {
            package_id: Some("P2".into()),
            tracking_number: Some("1Z999".into()),
            ..LineItem::default()
        }];
        assert!(correction_is_there(&order, &payload(Some("P2"))));
    }
}
