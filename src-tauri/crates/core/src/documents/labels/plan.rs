//! Which of a stored order's packages have a TikTok label to print, or why none does, from
//! what Shopdock knows locally (write-api §B: TikTok Shipping only, after shipment was
//! arranged, before the carrier's pickup, not cancelled, not FBT). TikTok has the last word:
//! a refusal of Get Package Shipping Document is turned into the same reasons
//! ([`reason_of_refusal`]), and every reason reads the sentence of TikTok's code for it from
//! the one refusal table, so a reason decided here and one TikTok gave read the same.

use crate::outbox::eligibility::is_cancelled;
use crate::words::NoLabelReason;
use shopdock_tiktok::codes;
use shopdock_tiktok::model::Order;

/// What a stored order can print.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Plan {
    /// These packages' labels, in the order's order (one per package).
    Labels(Vec<String>),
    NoLabel(NoLabelReason),
}

/// The plan of `order`; `arranged` is the package a sent arrangement of Shopdock's named (the
/// stored order may not show the arrangement until the next sync).
pub(crate) fn plan(order: &Order, arranged: Option<&str>) -> Plan {
    if order.fulfillment_type == "FULFILLMENT_BY_TIKTOK" {
        return Plan::NoLabel(NoLabelReason::FulfilledByTiktok);
    }
    if order.status == "CANCELLED" {
        return Plan::NoLabel(NoLabelReason::Cancelled);
    }
    if order.shipping_type != "TIKTOK" {
        return Plan::NoLabel(NoLabelReason::SellerShipping);
    }
    if matches!(
        order.status.as_str(),
        "IN_TRANSIT" | "DELIVERED" | "COMPLETED"
    ) {
        return Plan::NoLabel(NoLabelReason::PickedUp);
    }
    let live: Vec<_> = order
        .line_items
        .iter()
        .filter(|i| !is_cancelled(i))
        .collect();
    let mut packages: Vec<String> = Vec::new();
    let mut picked_up = false;
    for item in &live {
        let Some(id) = item.package_id.as_deref().filter(|p| !p.trim().is_empty()) else {
            continue;
        };
        match item.package_status.as_deref() {
            // Arranged by the seller, waiting for the carrier: the label's time.
            Some("PROCESSING") if !packages.iter().any(|p| p == id) => {
                packages.push(id.to_owned());
            }
            Some("FULFILLING" | "COMPLETED") => picked_up = true,
            _ => {}
        }
    }
    if let Some(id) = arranged.filter(|p| !p.trim().is_empty()) {
        if !packages.iter().any(|p| p == id) {
            packages.push(id.to_owned());
        }
    }
    // Arranged, but line items do not name the package (an order read before TikTok filled
    // them in): its packages are the ones to print.
    if packages.is_empty() && order.status == "AWAITING_COLLECTION" {
        packages.extend(
            order
                .packages
                .iter()
                .map(|p| p.id.clone())
                .filter(|p| !p.trim().is_empty()),
        );
    }
    match (packages.is_empty(), live.is_empty(), picked_up) {
        (false, _, _) => Plan::Labels(packages),
        (true, true, _) => Plan::NoLabel(NoLabelReason::Cancelled),
        (true, false, true) => Plan::NoLabel(NoLabelReason::PickedUp),
        (true, false, false) => Plan::NoLabel(NoLabelReason::NotArranged),
    }
}

/// The reason a refusal of Get Package Shipping Document gives, when it is one of §B's.
pub(crate) fn reason_of_refusal(code: i64) -> NoLabelReason {
    match code {
        codes::DOCUMENT_SELLER_SHIPPING | codes::DOCUMENT_SELLER_SHIPPING_ALT => {
            NoLabelReason::SellerShipping
        }
        codes::DOCUMENT_BEFORE_ARRANGED | codes::DOCUMENT_BEFORE_SHIPPED => {
            NoLabelReason::NotArranged
        }
        codes::DOCUMENT_AFTER_PICKUP => NoLabelReason::PickedUp,
        codes::PACKAGE_CANCELLED | codes::ORDER_CANCELLED => NoLabelReason::Cancelled,
        codes::DOCUMENT_FULFILLED_BY_TIKTOK | codes::FULFILLED_BY_TIKTOK => {
            NoLabelReason::FulfilledByTiktok
        }
        codes::DOCUMENT_GENERATING | codes::DOCUMENT_TIMEOUT => NoLabelReason::StillGenerating,
        _ => NoLabelReason::Refused,
    }
}

/// The seller's sentence for a reason Shopdock decided itself: the one TikTok's code for it
/// carries in the refusal table.
pub(crate) fn message(reason: NoLabelReason) -> String {
    let code = match reason {
        NoLabelReason::SellerShipping => codes::DOCUMENT_SELLER_SHIPPING,
        NoLabelReason::NotArranged => codes::DOCUMENT_BEFORE_ARRANGED,
        NoLabelReason::PickedUp => codes::DOCUMENT_AFTER_PICKUP,
        NoLabelReason::Cancelled => codes::PACKAGE_CANCELLED,
        NoLabelReason::FulfilledByTiktok => codes::DOCUMENT_FULFILLED_BY_TIKTOK,
        NoLabelReason::StillGenerating => {
            return "The carrier is still generating the label: print again in a few minutes."
                .into()
        }
        NoLabelReason::Refused => return "TikTok refused the label.".into(),
        NoLabelReason::Unreachable => {
            return "TikTok could not be reached and no label was kept for this order: print \
                    again once online."
                .into()
        }
    };
    shopdock_tiktok::fulfillment_refusal(code)
        .map(|r| r.reason.to_owned())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use shopdock_tiktok::model::{LineItem, PackageRef};

    fn item(package: Option<&str>, status: Option<&str>) -> LineItem {
        LineItem {
            id: "L".into(),
            package_id: package.map(Into::into),
            package_status: status.map(Into::into),
            ..LineItem::default()
        }
    }

    fn order(status: &str, shipping: &str, items: Vec<LineItem>) -> Order {
        Order {
            status: status.into(),
            shipping_type: shipping.into(),
            fulfillment_type: "FULFILLMENT_BY_SELLER".into(),
            line_items: items,
            ..Order::default()
        }
    }

    #[test]
    fn arranged_tiktok_packages_have_labels_each_once_in_order() {
        let o = order(
            "AWAITING_COLLECTION",
            "TIKTOK",
            vec![
                item(Some("P2"), Some("PROCESSING")),
                item(Some("P1"), Some("PROCESSING")),
                item(Some("P2"), Some("PROCESSING")),
            ],
        );
        assert_eq!(plan(&o, None), Plan::Labels(vec!["P2".into(), "P1".into()]));
    }

    #[test]
    fn a_package_shopdock_just_arranged_has_a_label_before_the_next_sync() {
        let o = order(
            "AWAITING_SHIPMENT",
            "TIKTOK",
            vec![item(Some("P1"), Some("TO_FULFILL"))],
        );
        assert_eq!(plan(&o, None), Plan::NoLabel(NoLabelReason::NotArranged));
        assert_eq!(plan(&o, Some("P1")), Plan::Labels(vec!["P1".into()]));
        let us = Order {
            packages: vec![PackageRef { id: "P9".into() }],
            ..order("AWAITING_COLLECTION", "TIKTOK", vec![item(None, None)])
        };
        assert_eq!(plan(&us, None), Plan::Labels(vec!["P9".into()]));
    }

    #[test]
    fn each_order_without_a_label_says_why() {
        let seller = order(
            "AWAITING_COLLECTION",
            "SELLER",
            vec![item(Some("P"), Some("PROCESSING"))],
        );
        assert_eq!(
            plan(&seller, None),
            Plan::NoLabel(NoLabelReason::SellerShipping)
        );
        let fbt = Order {
            fulfillment_type: "FULFILLMENT_BY_TIKTOK".into(),
            ..seller.clone()
        };
        assert_eq!(
            plan(&fbt, None),
            Plan::NoLabel(NoLabelReason::FulfilledByTiktok)
        );
        let gone = order(
            "IN_TRANSIT",
            "TIKTOK",
            vec![item(Some("P"), Some("FULFILLING"))],
        );
        assert_eq!(
            plan(&gone, Some("P")),
            Plan::NoLabel(NoLabelReason::PickedUp)
        );
        let cancelled = order(
            "CANCELLED",
            "TIKTOK",
            vec![item(Some("P"), Some("CANCELLED"))],
        );
        assert_eq!(
            plan(&cancelled, Some("P")),
            Plan::NoLabel(NoLabelReason::Cancelled)
        );
        let split_gone = order(
            "PARTIALLY_SHIPPING",
            "TIKTOK",
            vec![
                item(Some("P1"), Some("FULFILLING")),
                item(Some("P2"), Some("TO_FULFILL")),
            ],
        );
        assert_eq!(
            plan(&split_gone, None),
            Plan::NoLabel(NoLabelReason::PickedUp)
        );
    }

    #[test]
    fn a_reason_reads_the_same_whether_shopdock_or_tiktok_decided_it() {
        for (code, reason) in [
            (
                codes::DOCUMENT_SELLER_SHIPPING_ALT,
                NoLabelReason::SellerShipping,
            ),
            (codes::DOCUMENT_BEFORE_SHIPPED, NoLabelReason::NotArranged),
            (codes::DOCUMENT_AFTER_PICKUP, NoLabelReason::PickedUp),
            (codes::PACKAGE_CANCELLED, NoLabelReason::Cancelled),
            (
                codes::DOCUMENT_FULFILLED_BY_TIKTOK,
                NoLabelReason::FulfilledByTiktok,
            ),
            (codes::DOCUMENT_TIMEOUT, NoLabelReason::StillGenerating),
            (codes::DOCUMENT_NO_WAREHOUSE, NoLabelReason::Refused),
        ] {
            assert_eq!(reason_of_refusal(code), reason, "{code}");
        }
        assert!(message(NoLabelReason::SellerShipping).contains("print your carrier's label"));
        assert!(message(NoLabelReason::NotArranged).contains("not arranged yet"));
        assert!(message(NoLabelReason::PickedUp).contains("picked up"));
        assert!(message(NoLabelReason::Cancelled).contains("cancelled"));
    }
}
