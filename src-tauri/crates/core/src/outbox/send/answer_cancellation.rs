//! Sending an Approve or Reject row: the answer to a buyer's cancellation request, with the
//! idempotency key made at queueing. When an earlier outcome is unknown, TikTok's record is
//! read first (Search Cancellations): a request no longer pending is not answered again.

use crate::outbox::drain::Outcome;
use crate::outbox::payload::{AnswerPayload, CancelResult};
use crate::outbox::settle::{classify, Settlement};
use crate::Shopdock;
use shopdock_store::outbox::ClaimedIntent;
use shopdock_tiktok::cancellation::{CancelStatus, RejectCancellationRequest};

impl Shopdock {
    pub(in crate::outbox) async fn send_cancellation_answer(
        &self,
        shop_id: &str,
        intent: &ClaimedIntent,
    ) -> Outcome {
        let entry = &intent.entry;
        let payload: AnswerPayload = match serde_json::from_value(entry.payload.clone()) {
            Ok(p) => p,
            Err(e) => return Outcome::Unsendable(format!("The queued answer did not read: {e}")),
        };
        let attempt = intent.ticket.attempt;
        let approve = payload.reject_reason.is_none();
        if intent.must_reconcile() {
            match self.pull_order_cancellations(shop_id, &entry.target).await {
                Ok(page) => {
                    let status = page
                        .cancellations
                        .iter()
                        .find(|c| c.cancel_id == payload.cancel_id)
                        .and_then(|c| CancelStatus::parse(&c.cancel_status));
                    match status {
                        Some(CancelStatus::Pending) | None => {
                            tracing::info!(shop = %shop_id, id = entry.id, "request still pending on TikTok; sending the answer");
                        }
                        Some(s) => {
                            tracing::info!(shop = %shop_id, id = entry.id, status = s.as_str(), "request already settled on TikTok; not answered again");
                            self.after_cancellation(shop_id, &entry.target).await;
                            if s.cancels_the_order() == approve {
                                return Outcome::sent(&CancelResult {
                                    cancel_id: Some(payload.cancel_id.clone()),
                                    cancel_status: Some(s.as_str().to_owned()),
                                    reconciled: true,
                                });
                            }
                            return Outcome::Unsendable(format!(
                                "TikTok settled the request the other way before this answer arrived ({}).",
                                s.as_str()
                            ));
                        }
                    }
                }
                Err(e) => return Outcome::Settle(classify(&e, attempt, true)),
            }
        }
        let (id, key) = (payload.cancel_id.clone(), payload.idempotency_key.clone());
        let reject = payload
            .reject_reason
            .clone()
            .map(|reason| RejectCancellationRequest {
                reject_reason: reason,
                comment: payload.comment.clone(),
            });
        let sent = self
            .call_shop(shop_id, |s| {
                let (id, key, reject) = (id.clone(), key.clone(), reject.clone());
                async move {
                    match reject {
                        None => {
                            s.client
                                .approve_cancellation(&s.access_token, &s.shop_cipher, &id, &key)
                                .await
                        }
                        Some(r) => {
                            s.client
                                .reject_cancellation(&s.access_token, &s.shop_cipher, &id, &key, &r)
                                .await
                        }
                    }
                }
            })
            .await;
        match sent {
            Ok(()) => {
                self.after_cancellation(shop_id, &entry.target).await;
                Outcome::sent(&CancelResult {
                    cancel_id: Some(payload.cancel_id),
                    cancel_status: None,
                    reconciled: false,
                })
            }
            Err(e) => {
                let settlement = classify(&e, attempt, false);
                if matches!(settlement, Settlement::Failed { retry_in: None, .. }) {
                    // Refused for good: the request shows unanswered again, with TikTok's state.
                    self.forget_answer(shop_id, &payload.cancel_id).await;
                    self.after_cancellation(shop_id, &entry.target).await;
                }
                Outcome::Settle(settlement)
            }
        }
    }

    /// Clears a request's "answering" mark whose answer will not be sent.
    pub(in crate::outbox) async fn forget_answer(&self, shop_id: &str, cancel_id: &str) {
        let (s, c) = (shop_id.to_owned(), cancel_id.to_owned());
        if let Err(e) = self
            .db(move |st| st.write(|tx| tx.clear_cancellation_answer(&s, &c)))
            .await
        {
            tracing::warn!(shop = %shop_id, error = %e, "could not clear a cancellation answer");
        }
    }

    /// After TikTok acted on an order's cancellation: its records and the order as TikTok
    /// now has them, so the order follows TikTok's answer. Failures only delay that to the
    /// next sync.
    pub(in crate::outbox) async fn after_cancellation(&self, shop_id: &str, order_id: &str) {
        if let Err(e) = self.pull_order_cancellations(shop_id, order_id).await {
            tracing::warn!(shop = %shop_id, order = %order_id, error = %e, "could not read the order's cancellations back");
        }
        if let Err(e) = self.refresh_stored_order(shop_id, order_id).await {
            tracing::warn!(shop = %shop_id, order = %order_id, error = %e, "could not read the order back");
        }
        self.emit(crate::CoreEvent::OrdersChanged {
            shop_id: shop_id.to_owned(),
            inserted: 0,
            updated: 1,
        });
    }

    /// Reads one order from TikTok and stores it.
    pub(in crate::outbox) async fn refresh_stored_order(
        &self,
        shop_id: &str,
        order_id: &str,
    ) -> crate::errors::CoreResult<()> {
        let Some(order) = self.tiktok_order(shop_id, order_id).await? else {
            return Ok(());
        };
        let raw = serde_json::to_string(&order)
            .map_err(|e| crate::errors::CoreError::Internal(e.to_string()))?;
        let record = crate::sync::plan::to_record(&order, &raw);
        let (shop, now) = (shop_id.to_owned(), self.now());
        self.db(move |s| {
            s.write(|tx| {
                tx.upsert_orders(&shop, std::slice::from_ref(&record))?;
                tx.stock_after_orders(&shop, &[record.header.order_id.as_str()], now)
                    .map(|_| ())
            })
        })
        .await
    }
}
