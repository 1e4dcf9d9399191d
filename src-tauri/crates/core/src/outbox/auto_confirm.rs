//! Automatic order confirmation (the AutoConfirm option): after a pull, every stored order
//! awaiting shipment whose §A preconditions all hold ([`confirmation_wait`] says none is
//! missing) gets one Arrange Shipment row with the shop's default arrangement. Seller-shipped
//! orders get nothing (only the seller has their tracking). The row's once-per-order dedupe
//! makes a second pass queue nothing again.

use super::arrange::open_package;
use super::arrange_payload::{ArrangePayload, Handover};
use super::arrange_wait::confirmation_wait;
use super::route::{route, Carriage, Market, Route};
use crate::errors::CoreResult;
use crate::Shopdock;
use shopdock_store::{ConfirmHandover, ShopOptions};
use shopdock_tiktok::model::Order;

/// The default arrangement of `order` (already found ready) in `market`, or `None` when it
/// has none (seller shipping; a package Shopdock cannot name).
fn default_arrangement(
    order: &Order,
    market: Option<Market>,
    options: &ShopOptions,
) -> Option<ArrangePayload> {
    match route(market, Carriage::of(order)).ok()? {
        Route::BuyLabel => Some(ArrangePayload::BuyLabel {
            service_id: None,
            service_name: None,
            weight: None,
            dimension: None,
        }),
        Route::Handover { method_chosen } => {
            let handover = match (method_chosen, options.confirm_handover) {
                (false, _) => Handover::SellerCenter,
                (true, ConfirmHandover::Pickup) => Handover::Pickup { slot: None },
                (true, ConfirmHandover::DropOff) => Handover::DropOff,
            };
            let package_id = open_package(order).ok()?;
            Some(ArrangePayload::Handover {
                package_id,
                handover,
            })
        }
        Route::MarkShipped | Route::SelfShipment => None,
    }
}

impl Shopdock {
    /// One automatic confirmation pass over the shop's stored orders awaiting shipment, when
    /// its AutoConfirm option is on. Returns how many rows were queued now.
    pub async fn auto_confirm_orders(&self, shop_id: &str) -> Result<u32, crate::ApiError> {
        Ok(self.auto_confirm_inner(shop_id).await?)
    }

    pub(crate) async fn auto_confirm_inner(&self, shop_id: &str) -> CoreResult<u32> {
        let id = shop_id.to_owned();
        let options = self.db(move |s| s.shop_options(&id)).await?;
        if !options.auto_confirm {
            return Ok(0);
        }
        let market = self.shop_market(shop_id).await?;
        let id = shop_id.to_owned();
        let raw = self.db(move |s| s.orders_awaiting_shipment(&id)).await?;
        let now = self.now();
        let mut queued = 0;
        for json in raw {
            let order: Order = match serde_json::from_str(&json) {
                Ok(o) => o,
                Err(e) => {
                    tracing::warn!(shop = %shop_id, error = %e, "a stored order did not read; not confirmed");
                    continue;
                }
            };
            if let Some(wait) = confirmation_wait(&order, market, now) {
                tracing::trace!(shop = %shop_id, order = %order.id, reason = %wait.message(), "not confirmed now");
                continue;
            }
            let Some(payload) = default_arrangement(&order, market, &options) else {
                continue;
            };
            let (_, now_queued) = self.queue_arrangement(shop_id, &order.id, &payload).await?;
            queued += u32::from(now_queued);
        }
        if queued > 0 {
            tracing::info!(shop = %shop_id, queued, "orders confirmed automatically");
        }
        Ok(queued)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use shopdock_tiktok::model::{LineItem, PackageRef};

    fn order(shipping: &str) -> Order {
        Order {
            shipping_type: shipping.into(),
            packages: vec![PackageRef { id: "P1".into() }],
            line_items: vec![LineItem {
                id: "L1".into(),
                package_id: Some("P1".into()),
                package_status: Some("TO_FULFILL".into()),
                ..LineItem::default()
            }],
            ..Order::default()
        }
    }

    #[test]
    fn the_default_follows_the_market_and_the_shop_setting() {
        let pickup = ShopOptions::default();
        let drop_off = ShopOptions {
            confirm_handover: ConfirmHandover::DropOff,
            ..ShopOptions::default()
        };
        let handover = |o: &ShopOptions, m: &str| match default_arrangement(
            &order("TIKTOK"),
            Market::parse(m),
            o,
        ) {
            Some(ArrangePayload::Handover { handover, .. }) => Some(handover),
            _ => None,
        };
        assert_eq!(
            handover(&pickup, "GB"),
            Some(Handover::Pickup { slot: None })
        );
        assert_eq!(handover(&drop_off, "DE"), Some(Handover::DropOff));
        assert_eq!(handover(&drop_off, "MY"), Some(Handover::SellerCenter));
        assert!(matches!(
            default_arrangement(&order("TIKTOK"), Market::parse("US"), &pickup),
            Some(ArrangePayload::BuyLabel {
                service_id: None,
                ..
            })
        ));
        assert_eq!(
            default_arrangement(&order("SELLER"), Market::parse("MY"), &pickup),
            None
        );
        assert_eq!(
            default_arrangement(&order("TIKTOK"), Market::parse("BR"), &pickup),
            None
        );
    }
}
