//! After a send whose outcome is unknown: is the shipment already on TikTok's order?

use super::eligibility::is_shipped;
use super::payload::MarkShippedPayload;
use shopdock_tiktok::model::Order;

/// True when TikTok's `order` shows the shipment: a line item it covers carries this tracking
/// number, or the order has moved past waiting for shipment.
pub fn shipment_is_there(order: &Order, payload: &MarkShippedPayload) -> bool {
    if matches!(
        order.status.as_str(),
        "AWAITING_COLLECTION" | "IN_TRANSIT" | "DELIVERED" | "COMPLETED"
    ) {
        return true;
    }
    let covered = |id: &str| {
        payload.line_item_ids.is_empty() || payload.line_item_ids.iter().any(|l| l == id)
    };
    let tracked = |t: &Option<String>| {
        t.as_deref()
            .is_some_and(|t| super::carriers::normalise_tracking(t) == payload.tracking_number)
    };
    if tracked(&order.tracking_number) {
        return true;
    }
    let items: Vec<_> = order.line_items.iter().filter(|i| covered(&i.id)).collect();
    items.iter().any(|i| tracked(&i.tracking_number))
        || (!payload.line_item_ids.is_empty()
            && !items.is_empty()
            && items.iter().all(|i| is_shipped(i)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use shopdock_tiktok::model::LineItem;

    fn payload() -> MarkShippedPayload {
        MarkShippedPayload {
            tracking_number: "1Z999".into(),
            carrier: "UPS".into(),
            shipping_provider_id: "661".into(),
            line_item_ids: Vec::new(),
        }
    }

    fn order(status: &str, tracking: Option<&str>) -> Order {
        Order {
            status: status.into(),
            line_items: vec![LineItem {
                id: "L1".into(),
                tracking_number: tracking.map(Into::into),
                ..LineItem::default()
            }],
            ..Order::default()
        }
    }

    #[test]
    fn the_same_tracking_or_a_shipped_status_means_it_landed() {
        assert!(shipment_is_there(
            &order("AWAITING_SHIPMENT", Some("1z-999")),
            &payload()
        ));
        assert!(shipment_is_there(
            &order("AWAITING_COLLECTION", None),
            &payload()
        ));
        assert!(shipment_is_there(
            &order("IN_TRANSIT", Some("other")),
            &payload()
        ));
    }

    #[test]
    fn an_untouched_order_needs_the_send() {
        assert!(!shipment_is_there(
            &order("AWAITING_SHIPMENT", None),
            &payload()
        ));
        assert!(!shipment_is_there(
            &order("PARTIALLY_SHIPPING", Some("OTHER")),
            &payload()
        ));
    }
}
