//! Whether a stored order may be shipped with the seller's own tracking, or have its shipment
//! arranged, decided before any call (write-api §A preconditions): nothing is sent for an
//! order refused here. `confirmation_wait` says why automatic confirmation leaves an order.

use super::route::{route, Carriage, Market, Route};
use shopdock_tiktok::model::{LineItem, Order};

const FBT: &str = "FULFILLMENT_BY_TIKTOK";
const TIKTOK_SHIPPING: &str = "TIKTOK";
/// The buyer's remorse hour after payment (§A precondition 2).
pub const REMORSE_SECS: i64 = 3_600;

/// The seller-facing reason `order` (as stored) cannot be marked shipped now with the given
/// line items (empty = every line item not shipped yet), or `Ok` when it can.
pub fn refuse_seller_shipping(order: &Order, line_item_ids: &[String]) -> Result<(), String> {
    refuse_any_shipment(order)?;
    if order.shipping_type == TIKTOK_SHIPPING {
        return Err("This order ships with TikTok Shipping: arrange its shipment (pickup, drop-off or a TikTok label) instead of entering tracking.".into());
    }
    let chosen = chosen_items(order, line_item_ids)?;
    if chosen.iter().all(|item| is_cancelled(item)) {
        return Err("The order's items are cancelled; do not ship them.".into());
    }
    if chosen
        .iter()
        .all(|item| is_shipped(item) || is_cancelled(item))
    {
        return Err("The order is already shipped; nothing more to send.".into());
    }
    if let Some(item) = chosen
        .iter()
        .find(|item| !line_item_ids.is_empty() && (is_shipped(item) || is_cancelled(item)))
    {
        return Err(format!(
            "Line item {} is already shipped or cancelled: leave it out.",
            item.id
        ));
    }
    Ok(())
}

/// [`refuse_seller_shipping`] in the shop's market: Brazil needs an invoice first, and an
/// unknown market is not guessed at.
pub fn refuse_seller_shipping_in(
    market: Option<Market>,
    order: &Order,
    line_item_ids: &[String],
) -> Result<(), String> {
    refuse_seller_shipping(order, line_item_ids)?;
    route(market, Carriage::Seller).map(|_| ())
}

/// The seller-facing reason Shopdock cannot arrange shipment of `order` now, or the route
/// that arranges it. A seller-shipped order's route is a tracking upload (the caller asks for
/// the carrier and tracking number).
pub fn refuse_arrangement(market: Option<Market>, order: &Order) -> Result<Route, String> {
    refuse_any_shipment(order)?;
    let route = route(market, Carriage::of(order))?;
    let open: Vec<&LineItem> = order
        .line_items
        .iter()
        .filter(|i| !is_cancelled(i))
        .collect();
    if open.is_empty() {
        return Err("The order's items are cancelled; do not ship them.".into());
    }
    if open.iter().all(|i| is_shipped(i)) {
        return Err("The order is already shipped; nothing more to send.".into());
    }
    if order.recipient_address.is_none() {
        return Err("TikTok has not released the buyer's address for this order yet; sync it and try again.".into());
    }
    Ok(route)
}

/// The checks every kind of shipment shares: fulfilled by the seller, awaiting shipment, and
/// no pending buyer cancellation.
fn refuse_any_shipment(order: &Order) -> Result<(), String> {
    if order.fulfillment_type == FBT {
        return Err(
            "TikTok fulfils this order from its own warehouse (FBT); there is nothing to ship."
                .into(),
        );
    }
    match order.status.as_str() {
        "AWAITING_SHIPMENT" | "PARTIALLY_SHIPPING" => {}
        "ON_HOLD" => {
            return Err("The order is on hold for its first hour after payment; ship it once it moves to To ship.".into())
        }
        "UNPAID" => return Err("The buyer has not paid yet; do not ship.".into()),
        "CANCELLED" => return Err("The order is cancelled; do not ship it.".into()),
        "AWAITING_COLLECTION" | "IN_TRANSIT" | "DELIVERED" | "COMPLETED" => {
            return Err("The order is already shipped; nothing more to send.".into())
        }
        other => {
            return Err(format!(
                "The order's status {other} is not one Shopdock ships from (it must be awaiting shipment)."
            ))
        }
    }
    if order.is_buyer_request_cancel {
        return Err("The buyer asked to cancel this order: accept or reject the request in Seller Center first.".into());
    }
    Ok(())
}

/// The line items a shipment covers: the named ones (each must be the order's) or all.
fn chosen_items<'a>(
    order: &'a Order,
    line_item_ids: &[String],
) -> Result<Vec<&'a LineItem>, String> {
    if line_item_ids.is_empty() {
        return Ok(order.line_items.iter().collect());
    }
    line_item_ids
        .iter()
        .map(|id| {
            order
                .line_items
                .iter()
                .find(|item| &item.id == id)
                .ok_or_else(|| format!("Line item {id} is not part of order {}.", order.id))
        })
        .collect()
}

/// The line item already left with a tracking number (or its package moved on).
pub(crate) fn is_shipped(item: &LineItem) -> bool {
    item.tracking_number
        .as_deref()
        .is_some_and(|t| !t.trim().is_empty())
        || matches!(
            item.package_status.as_deref(),
            Some("PROCESSING" | "FULFILLING" | "COMPLETED")
        )
}

pub(crate) fn is_cancelled(item: &LineItem) -> bool {
    item.display_status == "CANCELLED" || item.package_status.as_deref() == Some("CANCELLED")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn order(status: &str) -> Order {
        Order {
            id: "5770001".into(),
            status: status.into(),
            fulfillment_type: "FULFILLMENT_BY_SELLER".into(),
            shipping_type: "SELLER".into(),
            line_items: vec![
                LineItem {
                    id: "L1".into(),
                    display_status: "AWAITING_SHIPMENT".into(),
                    ..LineItem::default()
                },
                LineItem {
                    id: "L2".into(),
                    display_status: "AWAITING_SHIPMENT".into(),
                    ..LineItem::default()
                },
            ],
            ..Order::default()
        }
    }

    #[test]
    fn an_awaiting_seller_shipped_order_may_ship() {
        assert_eq!(
            refuse_seller_shipping(&order("AWAITING_SHIPMENT"), &[]),
            Ok(())
        );
        assert_eq!(
            refuse_seller_shipping(&order("PARTIALLY_SHIPPING"), &["L2".into()]),
            Ok(())
        );
    }

    #[test]
    fn each_refusal_names_its_reason() {
        let cases: Vec<(Order, &str)> = vec![
            (order("ON_HOLD"), "on hold"),
            (order("CANCELLED"), "cancelled"),
            (order("UNPAID"), "not paid"),
            (order("IN_TRANSIT"), "already shipped"),
            (
                Order {
                    fulfillment_type: FBT.into(),
                    ..order("AWAITING_SHIPMENT")
                },
                "FBT",
            ),
            (
                Order {
                    is_buyer_request_cancel: true,
                    ..order("AWAITING_SHIPMENT")
                },
                "asked to cancel",
            ),
            (
                Order {
                    shipping_type: TIKTOK_SHIPPING.into(),
                    ..order("AWAITING_SHIPMENT")
                },
                "arrange its shipment",
            ),
        ];
        for (o, want) in cases {
            let reason = refuse_seller_shipping(&o, &[]).unwrap_err();
            assert!(reason.contains(want), "{reason:?} should say {want:?}");
        }
    }

    #[test]
    fn shipped_or_foreign_line_items_are_refused() {
        let mut o = order("PARTIALLY_SHIPPING");
        o.line_items[0].tracking_number = Some("1Z999".into());
        let reason = refuse_seller_shipping(&o, &["L1".into()]).unwrap_err();
        assert!(reason.contains("already shipped"), "{reason}");
        assert_eq!(refuse_seller_shipping(&o, &["L2".into()]), Ok(()));
        let reason = refuse_seller_shipping(&o, &["L9".into()]).unwrap_err();
        assert!(reason.contains("not part of order"), "{reason}");
        o.line_items[1].tracking_number = Some("1Z998".into());
        let reason = refuse_seller_shipping(&o, &[]).unwrap_err();
        assert!(reason.contains("already shipped"), "{reason}");
    }
}
