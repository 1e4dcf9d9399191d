//! Which cancel reasons to offer the seller for one order: the market's table for the order's
//! status (`shopdock_tiktok::cancellation::reasons`, tested row by row there), and only when
//! TikTok's Get Aftersale Eligibility says the seller may cancel now.

use shopdock_tiktok::cancellation::reasons::{self, Reason, ReasonMarket};
use shopdock_tiktok::cancellation::AftersaleEligibility;
use shopdock_tiktok::model::OrderStatus;

/// What the seller may do for an order: the reasons, or why none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Offer {
    Reasons(&'static [Reason]),
    /// Nothing to offer, in the seller's words.
    Refused(String),
}

/// The reasons for an order of `region` in `status`, given TikTok's eligibility answer
/// (`None`: not asked, e.g. offline; the table alone decides, TikTok's answer to the cancel
/// itself has the last word).
pub fn offer(
    region: &str,
    status: &str,
    buyer_request_pending: bool,
    eligibility: Option<&AftersaleEligibility>,
) -> Offer {
    let Some(market) = ReasonMarket::from_region(region) else {
        return Offer::Refused(format!(
            "Shopdock does not know TikTok's cancel reasons for the {region} market; cancel in Seller Center."
        ));
    };
    let Some(status) = OrderStatus::parse(status) else {
        return Offer::Refused(format!(
            "The order's status {status} is unknown; sync it first."
        ));
    };
    if buyer_request_pending {
        return Offer::Refused(
            "The buyer asked to cancel this order: approve or reject the request instead.".into(),
        );
    }
    if let Some(e) = eligibility {
        let mut entries = e.cancel_entries().peekable();
        if entries.peek().is_some() && !e.cancel_entries().any(|x| x.eligible) {
            let why = e
                .cancel_entries()
                .find_map(|x| x.ineligible_reason.clone())
                .unwrap_or_else(|| {
                    "TikTok does not allow the seller to cancel this order now.".into()
                });
            return Offer::Refused(why);
        }
    }
    match reasons::stage_of(market, status) {
        Some(stage) => Offer::Reasons(reasons::seller_cancel_reasons(market, stage)),
        None => Offer::Refused(format!(
            "A {} order can no longer be cancelled by the seller; handle it as a return or refund.",
            status.as_str()
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use shopdock_tiktok::cancellation::{LineItemEligibility, SkuEligibility};

    fn names(o: &Offer) -> Vec<&'static str> {
        match o {
            Offer::Reasons(r) => r.iter().map(|x| x.name).collect(),
            Offer::Refused(_) => Vec::new(),
        }
    }

    fn eligibility(eligible: bool) -> AftersaleEligibility {
        AftersaleEligibility {
            sku_eligibility: vec![SkuEligibility {
                sku_id: None,
                line_item_eligibility: vec![LineItemEligibility {
                    request_type: "CANCEL".into(),
                    eligible,
                    ineligible_reason: (!eligible).then(|| "already shipped".into()),
                    ..Default::default()
                }],
            }],
        }
    }

    #[test]
    fn each_market_offers_its_own_reasons_for_the_orders_status() {
        assert!(names(&offer("US", "AWAITING_SHIPMENT", false, None))
            .contains(&"seller_cancel_paid_reason_address_not_deliver"));
        assert!(names(&offer("GB", "ON_HOLD", false, None))
            .iter()
            .all(|n| n.ends_with("_uk")));
        assert!(names(&offer("US", "UNPAID", false, None))
            .iter()
            .all(|n| n.starts_with("seller_cancel_unpaid_reason")));
        assert!(names(&offer("JP", "AWAITING_SHIPMENT", false, None))
            .contains(&"seller_cancel_order_reason_potential_fraud"));
        assert!(!names(&offer("MY", "AWAITING_SHIPMENT", false, None))
            .contains(&"seller_cancel_paid_reason_address_not_deliver"));
    }

    #[test]
    fn shipped_orders_pending_requests_and_tiktoks_no_offer_nothing() {
        assert!(matches!(
            offer("US", "IN_TRANSIT", false, None),
            Offer::Refused(_)
        ));
        assert!(matches!(
            offer("GB", "AWAITING_COLLECTION", false, None),
            Offer::Refused(_)
        ));
        assert!(!names(&offer("US", "AWAITING_COLLECTION", false, None)).is_empty());
        assert!(matches!(
            offer("US", "AWAITING_SHIPMENT", true, None),
            Offer::Refused(_)
        ));
        assert_eq!(
            offer("US", "AWAITING_SHIPMENT", false, Some(&eligibility(false))),
            Offer::Refused("already shipped".into())
        );
        assert!(!names(&offer(
            "US",
            "AWAITING_SHIPMENT",
            false,
            Some(&eligibility(true))
        ))
        .is_empty());
    }
}
