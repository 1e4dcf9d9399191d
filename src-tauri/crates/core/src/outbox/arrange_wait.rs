//! Why automatic order confirmation leaves an order alone for now: every precondition of
//! write-api §A ("Preconditions a robust auto-confirm must check"), one reason each, in the
//! seller's words. Pure; the auto-confirm pass and the order drawer share it.

use super::eligibility::{is_cancelled, is_shipped, REMORSE_SECS};
use super::route::{route, Carriage, Market, Route};
use shopdock_tiktok::model::Order;

/// Why an order waits (or is never confirmed automatically).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WaitReason {
    /// Fulfilled by TikTok: nothing for the seller to arrange.
    FulfilledByTiktok,
    Unpaid,
    /// ON_HOLD: TikTok releases it an hour after payment. Never confirmed while on hold.
    OnHold,
    /// Skipped ON_HOLD (`is_on_hold_order` false): the buyer's remorse hour still runs until
    /// `until` (Unix seconds), which Shopdock waits out itself.
    RemorseHour {
        until: i64,
    },
    /// Not awaiting shipment any more (or not yet known): nothing to confirm.
    NotToShip {
        status: String,
    },
    BuyerAskedToCancel,
    /// Seller shipping: confirming means uploading the seller's tracking, which only the
    /// seller has.
    SellerShips,
    AlreadyShipped,
    AddressMissing,
    /// The market cannot be arranged from Shopdock (Brazil's invoice, an unknown market).
    CannotArrange(String),
}

impl WaitReason {
    /// One sentence for the seller.
    pub fn message(&self) -> String {
        match self {
            WaitReason::FulfilledByTiktok => "TikTok fulfils this order from its warehouse (FBT); there is nothing to confirm.".into(),
            WaitReason::Unpaid => "The buyer has not paid yet.".into(),
            WaitReason::OnHold => "On hold for its first hour after payment; Shopdock never confirms an order on hold.".into(),
            WaitReason::RemorseHour { .. } => "The buyer may still change or cancel the order within an hour of payment; Shopdock confirms it once that hour is over.".into(),
            WaitReason::NotToShip { status } => format!("Nothing to confirm: the order is {status}."),
            WaitReason::BuyerAskedToCancel => "The buyer asked to cancel: answer the request first; Shopdock does not confirm the order meanwhile.".into(),
            WaitReason::SellerShips => "You ship this order with your own carrier: it is confirmed when you enter its tracking number.".into(),
            WaitReason::AlreadyShipped => "Already arranged: nothing more to confirm.".into(),
            WaitReason::AddressMissing => "TikTok has not released the buyer's address yet.".into(),
            WaitReason::CannotArrange(why) => why.clone(),
        }
    }

    /// When the wait ends by itself, if it does at a known time.
    pub fn until(&self) -> Option<i64> {
        match self {
            WaitReason::RemorseHour { until } => Some(*until),
            _ => None,
        }
    }
}

/// Why automatic confirmation does not arrange `order` of a shop in `market` at `now`, or
/// `None` when every precondition holds and it would be arranged.
pub fn confirmation_wait(order: &Order, market: Option<Market>, now: i64) -> Option<WaitReason> {
    if order.fulfillment_type == "FULFILLMENT_BY_TIKTOK" {
        return Some(WaitReason::FulfilledByTiktok);
    }
    match order.status.as_str() {
        "AWAITING_SHIPMENT" | "PARTIALLY_SHIPPING" => {}
        "ON_HOLD" => return Some(WaitReason::OnHold),
        "UNPAID" => return Some(WaitReason::Unpaid),
        other => {
            return Some(WaitReason::NotToShip {
                status: other.to_owned(),
            })
        }
    }
    if order.is_buyer_request_cancel {
        return Some(WaitReason::BuyerAskedToCancel);
    }
    match route(market, Carriage::of(order)) {
        Err(why) => return Some(WaitReason::CannotArrange(why)),
        Ok(Route::MarkShipped | Route::SelfShipment) => return Some(WaitReason::SellerShips),
        Ok(Route::BuyLabel | Route::Handover { .. }) => {}
    }
    let open = order.line_items.iter().filter(|i| !is_cancelled(i));
    let tracked = order
        .tracking_number
        .as_deref()
        .is_some_and(|t| !t.trim().is_empty());
    if tracked || open.clone().count() == 0 || open.clone().all(is_shipped) {
        return Some(WaitReason::AlreadyShipped);
    }
    if order.recipient_address.is_none() {
        return Some(WaitReason::AddressMissing);
    }
    if !order.is_on_hold_order {
        let Some(paid) = order.paid_time else {
            return Some(WaitReason::Unpaid);
        };
        if now < paid + REMORSE_SECS {
            return Some(WaitReason::RemorseHour {
                until: paid + REMORSE_SECS,
            });
        }
    }
    None
}

impl crate::Shopdock {
    /// [`confirmation_wait`] of a stored order (its raw JSON) as the drawer shows it; `None`
    /// also when the stored JSON does not read (the drawer shows it raw).
    pub(crate) async fn confirmation_wait_view(
        &self,
        shop_id: &str,
        raw_json: &str,
    ) -> crate::errors::CoreResult<Option<crate::api::ConfirmationWaitView>> {
        let Ok(order) = serde_json::from_str::<Order>(raw_json) else {
            return Ok(None);
        };
        let market = self.shop_market(shop_id).await?;
        Ok(confirmation_wait(&order, market, self.now()).map(|w| {
            crate::api::ConfirmationWaitView {
                reason: w.message(),
                until: w.until(),
            }
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use shopdock_tiktok::model::{LineItem, RecipientAddress};

    const PAID: i64 = 1_750_000_000;

    fn ready() -> Order {
        Order {
            id: "577".into(),
            status: "AWAITING_SHIPMENT".into(),
            fulfillment_type: "FULFILLMENT_BY_SELLER".into(),
            shipping_type: "TIKTOK".into(),
            paid_time: Some(PAID),
            is_on_hold_order: true,
            recipient_address: Some(RecipientAddress::default()),
            line_items: vec![LineItem {
                id: "L1".into(),
                display_status: "AWAITING_SHIPMENT".into(),
                package_status: Some("TO_FULFILL".into()),
                ..LineItem::default()
            }],
            ..Order::default()
        }
    }

    fn wait(o: &Order) -> Option<WaitReason> {
        confirmation_wait(o, Market::parse("GB"), PAID + 2 * 3600)
    }

    #[test]
    fn a_released_tiktok_shipping_order_is_confirmed() {
        assert_eq!(wait(&ready()), None);
        let partly = Order {
            status: "PARTIALLY_SHIPPING".into(),
            ..ready()
        };
        assert_eq!(wait(&partly), None);
        assert_eq!(
            confirmation_wait(&ready(), Market::parse("US"), PAID + 7200),
            None
        );
    }

    #[test]
    fn an_order_that_skipped_on_hold_waits_out_the_remorse_hour_itself() {
        let skipped = Order {
            is_on_hold_order: false,
            ..ready()
        };
        let w = confirmation_wait(&skipped, Market::parse("MY"), PAID + 600).unwrap();
        assert_eq!(w, WaitReason::RemorseHour { until: PAID + 3600 });
        assert_eq!(w.until(), Some(PAID + 3600));
        assert!(w.message().contains("within an hour of payment"));
        assert_eq!(
            confirmation_wait(&skipped, Market::parse("MY"), PAID + 3600),
            None
        );
    }

    #[test]
    fn each_failed_precondition_has_its_reason() {
        let cases: Vec<(Order, WaitReason)> = vec![
            (
                Order {
                    status: "ON_HOLD".into(),
                    ..ready()
                },
                WaitReason::OnHold,
            ),
            (
                Order {
                    status: "UNPAID".into(),
                    ..ready()
                },
                WaitReason::Unpaid,
            ),
            (
                Order {
                    status: "CANCELLED".into(),
                    ..ready()
                },
                WaitReason::NotToShip {
                    status: "CANCELLED".into(),
                },
            ),
            (
                Order {
                    fulfillment_type: "FULFILLMENT_BY_TIKTOK".into(),
                    ..ready()
                },
                WaitReason::FulfilledByTiktok,
            ),
            (
                Order {
                    is_buyer_request_cancel: true,
                    ..ready()
                },
                WaitReason::BuyerAskedToCancel,
            ),
            (
                Order {
                    shipping_type: "SELLER".into(),
                    ..ready()
                },
                WaitReason::SellerShips,
            ),
            (
                Order {
                    recipient_address: None,
                    ..ready()
                },
                WaitReason::AddressMissing,
            ),
            (
                Order {
                    tracking_number: Some("TT1".into()),
                    ..ready()
                },
                WaitReason::AlreadyShipped,
            ),
        ];
        for (order, want) in cases {
            assert_eq!(wait(&order), Some(want.clone()), "{want:?}");
            assert!(!want.message().is_empty());
        }
    }

    #[test]
    fn a_shipped_package_or_an_unarrangeable_market_is_not_confirmed() {
        let mut shipped = ready();
        shipped.line_items[0].package_status = Some("PROCESSING".into());
        assert_eq!(wait(&shipped), Some(WaitReason::AlreadyShipped));
        let br = confirmation_wait(&ready(), Market::parse("BR"), PAID + 7200);
        assert!(matches!(br, Some(WaitReason::CannotArrange(ref why)) if why.contains("invoice")));
    }
}
