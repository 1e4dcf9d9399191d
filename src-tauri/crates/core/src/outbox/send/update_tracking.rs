//! Sending an Update Tracking row: Update Shipping Info for an order shipped in one package,
//! Update Package Shipping Info for one package of a split order. When an earlier outcome is
//! unknown, TikTok's order is read first: if it already shows the new tracking number the
//! correction landed, and the single update is not spent twice.

use crate::outbox::correction::{correction_is_there, UpdateTrackingPayload};
use crate::outbox::drain::Outcome;
use crate::outbox::payload::ShippedResult;
use crate::outbox::settle::classify;
use crate::Shopdock;
use shopdock_store::outbox::ClaimedIntent;
use shopdock_tiktok::fulfillment::ShippingInfoUpdate;

impl Shopdock {
    pub(in crate::outbox) async fn send_update_tracking(
        &self,
        shop_id: &str,
        intent: &ClaimedIntent,
    ) -> Outcome {
        let entry = &intent.entry;
        let payload: UpdateTrackingPayload = match serde_json::from_value(entry.payload.clone()) {
            Ok(p) => p,
            Err(e) => {
                return Outcome::Unsendable(format!("The queued correction did not read: {e}"))
            }
        };
        let attempt = intent.ticket.attempt;
        if intent.must_reconcile() {
            match self.tiktok_order(shop_id, &entry.target).await {
                Ok(Some(order)) if correction_is_there(&order, &payload) => {
                    tracing::info!(shop = %shop_id, id = entry.id, "correction found on TikTok's order; not sent again");
                    return Outcome::sent(&ShippedResult {
                        package_id: payload.package_id.clone(),
                        warning: None,
                        reconciled: true,
                    });
                }
                Ok(_) => {
                    tracing::info!(shop = %shop_id, id = entry.id, "correction not on TikTok's order; sending it");
                }
                Err(e) => return Outcome::Settle(classify(&e, attempt, true)),
            }
        }
        let update = ShippingInfoUpdate {
            tracking_number: payload.tracking_number.clone(),
            shipping_provider_id: payload.shipping_provider_id.clone(),
        };
        let (order_id, package_id) = (entry.target.clone(), payload.package_id.clone());
        let sent = self
            .call_shop(shop_id, |s| {
                let (update, order_id, package_id) =
                    (update.clone(), order_id.clone(), package_id.clone());
                async move {
                    match package_id {
                        Some(package_id) => {
                            s.client
                                .update_package_shipping_info(
                                    &s.access_token,
                                    &s.shop_cipher,
                                    &package_id,
                                    &update,
                                )
                                .await
                        }
                        None => {
                            s.client
                                .update_shipping_info(
                                    &s.access_token,
                                    &s.shop_cipher,
                                    &order_id,
                                    &update,
                                )
                                .await
                        }
                    }
                }
            })
            .await;
        match sent {
            Ok(()) => Outcome::sent(&ShippedResult {
                package_id: payload.package_id.clone(),
                warning: None,
                reconciled: false,
            }),
            Err(e) => Outcome::Settle(classify(&e, attempt, false)),
        }
    }
}
