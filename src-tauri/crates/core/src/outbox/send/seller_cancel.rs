//! Sending a Seller Cancel row (Cancel Order). When an earlier outcome is unknown, TikTok's
//! records for the order are read first: a seller cancel already there is not sent again.

use crate::outbox::drain::Outcome;
use crate::outbox::payload::{CancelResult, SellerCancelPayload};
use crate::outbox::settle::classify;
use crate::Shopdock;
use shopdock_store::outbox::ClaimedIntent;
use shopdock_tiktok::cancellation::{CancelOrderRequest, CancelType};

impl Shopdock {
    pub(in crate::outbox) async fn send_seller_cancel(
        &self,
        shop_id: &str,
        intent: &ClaimedIntent,
    ) -> Outcome {
        let entry = &intent.entry;
        let payload: SellerCancelPayload = match serde_json::from_value(entry.payload.clone()) {
            Ok(p) => p,
            Err(e) => return Outcome::Unsendable(format!("The queued cancel did not read: {e}")),
        };
        let attempt = intent.ticket.attempt;
        if intent.must_reconcile() {
            match self
                .pull_order_cancellations(shop_id, &payload.order_id)
                .await
            {
                Ok(page) => {
                    let mut wanted = payload.line_item_ids.clone();
                    wanted.sort();
                    let found = page.cancellations.iter().find(|c| {
                        let mut lines: Vec<String> = c
                            .cancel_line_items
                            .iter()
                            .map(|l| l.order_line_item_id.clone())
                            .collect();
                        lines.sort();
                        c.role == "SELLER"
                            && CancelType::parse(&c.cancel_type) == Some(CancelType::Cancel)
                            && c.create_time.is_none_or(|t| t >= entry.created_at - 60)
                            && (wanted.is_empty() || lines == wanted)
                    });
                    if let Some(c) = found {
                        tracing::info!(shop = %shop_id, id = entry.id, "seller cancel found on TikTok; not sent again");
                        self.after_cancellation(shop_id, &payload.order_id).await;
                        return Outcome::sent(&CancelResult {
                            cancel_id: Some(c.cancel_id.clone()),
                            cancel_status: Some(c.cancel_status.clone()),
                            reconciled: true,
                        });
                    }
                }
                Err(e) => return Outcome::Settle(classify(&e, attempt, true)),
            }
        }
        let request = CancelOrderRequest {
            order_id: payload.order_id.clone(),
            cancel_reason: payload.reason.clone(),
            skus: Vec::new(),
            order_line_item_ids: payload.line_item_ids.clone(),
        };
        let sent = self
            .call_shop(shop_id, |s| {
                let request = request.clone();
                async move {
                    s.client
                        .cancel_order(&s.access_token, &s.shop_cipher, &request)
                        .await
                }
            })
            .await;
        match sent {
            Ok(reply) => {
                self.after_cancellation(shop_id, &payload.order_id).await;
                Outcome::sent(&CancelResult {
                    cancel_id: Some(reply.cancel_id).filter(|c| !c.is_empty()),
                    cancel_status: Some(reply.cancel_status).filter(|c| !c.is_empty()),
                    reconciled: false,
                })
            }
            Err(e) => Outcome::Settle(classify(&e, attempt, false)),
        }
    }
}
