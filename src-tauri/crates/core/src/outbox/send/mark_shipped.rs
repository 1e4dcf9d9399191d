//! Sending a Mark Shipped row: the seller's own tracking number and carrier, after TikTok's
//! order is read back when an earlier outcome is unknown.

use crate::errors::CoreResult;
use crate::outbox::drain::Outcome;
use crate::outbox::payload::{MarkShippedPayload, ShippedResult};
use crate::outbox::reconcile::shipment_is_there;
use crate::outbox::route::{route, Carriage, Route};
use crate::outbox::settle::classify;
use crate::Shopdock;
use shopdock_store::outbox::ClaimedIntent;
use shopdock_tiktok::fulfillment::MarkShippedRequest;

impl Shopdock {
    pub(in crate::outbox) async fn send_mark_shipped(
        &self,
        shop_id: &str,
        intent: &ClaimedIntent,
    ) -> Outcome {
        let entry = &intent.entry;
        let payload: MarkShippedPayload = match serde_json::from_value(entry.payload.clone()) {
            Ok(p) => p,
            Err(e) => return Outcome::Unsendable(format!("The queued shipment did not read: {e}")),
        };
        let attempt = intent.ticket.attempt;
        let must_reconcile = intent.must_reconcile();
        if must_reconcile {
            match self.tiktok_order(shop_id, &entry.target).await {
                Ok(Some(order)) if shipment_is_there(&order, &payload) => {
                    tracing::info!(shop = %shop_id, id = entry.id, "shipment found on TikTok's order; not sent again");
                    return Outcome::sent(&ShippedResult {
                        package_id: None,
                        warning: None,
                        reconciled: true,
                    });
                }
                Ok(_) => {
                    tracing::info!(shop = %shop_id, id = entry.id, "shipment not on TikTok's order; sending it");
                }
                Err(e) => return Outcome::Settle(classify(&e, attempt, true)),
            }
        }
        // SEA and LATAM have no Mark Package As Shipped: the seller's tracking goes through
        // Ship Package (write-api §A).
        match self.shop_market(shop_id).await {
            Ok(market) if route(market, Carriage::Seller) == Ok(Route::SelfShipment) => {
                return self
                    .send_self_shipment(shop_id, &entry.target, &payload, attempt)
                    .await
            }
            Ok(_) => {}
            Err(e) => return Outcome::Settle(classify(&e, attempt, must_reconcile)),
        }
        let request = MarkShippedRequest {
            tracking_number: payload.tracking_number.clone(),
            shipping_provider_id: payload.shipping_provider_id.clone(),
            order_line_item_ids: payload.line_item_ids.clone(),
        };
        let order_id = entry.target.clone();
        let sent = self
            .call_shop(shop_id, |s| {
                let (request, order_id) = (request.clone(), order_id.clone());
                async move {
                    s.client
                        .mark_package_as_shipped(
                            &s.access_token,
                            &s.shop_cipher,
                            &order_id,
                            &request,
                        )
                        .await
                }
            })
            .await;
        match sent {
            Ok(reply) => Outcome::sent(&ShippedResult {
                package_id: Some(reply.package_id.clone()).filter(|p| !p.is_empty()),
                warning: reply.warning_message().map(str::to_owned),
                reconciled: false,
            }),
            // The send itself was answered (or not): a definite refusal settles the row even
            // when an earlier outcome was unknown, since TikTok's state was read just before.
            Err(e) => Outcome::Settle(classify(&e, attempt, false)),
        }
    }

    /// TikTok's current view of one order (read before resending a row whose outcome is
    /// unknown).
    pub(in crate::outbox) async fn tiktok_order(
        &self,
        shop_id: &str,
        order_id: &str,
    ) -> CoreResult<Option<shopdock_tiktok::model::Order>> {
        let ids = vec![order_id.to_owned()];
        let orders = self
            .call_shop(shop_id, |s| {
                let ids = ids.clone();
                async move {
                    s.client
                        .order_detail(&s.access_token, &s.shop_cipher, &ids)
                        .await
                }
            })
            .await?;
        Ok(orders.into_iter().find(|o| o.id == order_id))
    }
}
