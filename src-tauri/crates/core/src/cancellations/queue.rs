//! The seller's cancellation actions: approve or reject a buyer's request, cancel an order.
//! Each is checked against what is stored, then queued in the outbox (an answer in the same
//! transaction as the request's local "answering" mark) and the shop's drainer is woken; the
//! order follows TikTok's answer once it is sent.

use super::offer::{offer, Offer};
use super::views::{CancelReasonView, CancellationListInput, CancellationView, SellerCancelInput};
use crate::api::{FormField, OutboxEntryView};
use crate::errors::{CoreError, CoreResult};
use crate::outbox::payload::{AnswerPayload, SellerCancelPayload};
use crate::{ApiError, CoreEvent, Shopdock};
use shopdock_store::outbox::{Dedupe, NewIntent, OutboxKind};
use shopdock_store::CancellationRecord;
use shopdock_tiktok::cancellation::reasons::{self, ReasonMarket};

/// How many cancellations a list shows at most.
const LIST_LIMIT: u32 = 500;

impl Shopdock {
    /// Cancellations of one shop or all, pending requests first (soonest deadline first).
    pub async fn cancellations(
        &self,
        input: CancellationListInput,
    ) -> Result<Vec<CancellationView>, ApiError> {
        let rows = self
            .db(move |s| {
                s.list_cancellations(input.shop_id.as_deref(), input.pending_only, LIST_LIMIT)
            })
            .await?;
        Ok(rows.into_iter().map(CancellationView::from).collect())
    }

    /// One order's cancellations, newest first (the drawer).
    pub async fn order_cancellations(
        &self,
        shop_id: &str,
        order_id: &str,
    ) -> Result<Vec<CancellationView>, ApiError> {
        let (s, o) = (shop_id.to_owned(), order_id.to_owned());
        let rows = self.db(move |st| st.order_cancellations(&s, &o)).await?;
        Ok(rows.into_iter().map(CancellationView::from).collect())
    }

    /// The reasons the seller may cancel this order with now: asks TikTok's Get Aftersale
    /// Eligibility first, then offers the market's reasons for the order's status. An order
    /// the seller cannot cancel is refused with the reason.
    pub async fn cancel_reasons(
        &self,
        shop_id: &str,
        order_id: &str,
    ) -> Result<Vec<CancelReasonView>, ApiError> {
        Ok(self.cancel_reasons_inner(shop_id, order_id).await?)
    }

    async fn cancel_reasons_inner(
        &self,
        shop_id: &str,
        order_id: &str,
    ) -> CoreResult<Vec<CancelReasonView>> {
        let order = self.stored_order(shop_id, order_id).await?;
        let region = self.shop_region(shop_id).await?;
        let oid = order_id.to_owned();
        let eligibility = self
            .call_shop(shop_id, |s| {
                let oid = oid.clone();
                async move {
                    s.client
                        .aftersale_eligibility(&s.access_token, &s.shop_cipher, &oid)
                        .await
                }
            })
            .await?;
        match offer(
            &region,
            &order.status,
            order.is_buyer_request_cancel,
            Some(&eligibility),
        ) {
            Offer::Reasons(list) => Ok(list.iter().map(CancelReasonView::from).collect()),
            Offer::Refused(why) => Err(CoreError::Conflict(why)),
        }
    }

    /// The reasons the seller may reject this request with (Get Reject Reasons; the market's
    /// table if TikTok cannot be asked).
    pub async fn reject_reasons(
        &self,
        shop_id: &str,
        cancel_id: &str,
    ) -> Result<Vec<CancelReasonView>, ApiError> {
        let id = cancel_id.to_owned();
        let asked = self
            .call_shop(shop_id, |s| {
                let id = id.clone();
                async move {
                    s.client
                        .reject_reasons(&s.access_token, &s.shop_cipher, &id)
                        .await
                }
            })
            .await;
        match asked {
            Ok(r) if !r.reasons.is_empty() => Ok(r
                .reasons
                .into_iter()
                .map(|x| CancelReasonView {
                    text: if x.text.is_empty() {
                        reasons::reason_text(&x.name).unwrap_or(&x.name).to_owned()
                    } else {
                        x.text
                    },
                    name: x.name,
                })
                .collect()),
            other => {
                if let Err(e) = &other {
                    tracing::warn!(shop = %shop_id, error = %e, "Get Reject Reasons failed; offering the market's table");
                }
                let region = self.shop_region(shop_id).await?;
                let market = ReasonMarket::from_region(&region).unwrap_or(ReasonMarket::Us);
                Ok(reasons::reject_reasons(market)
                    .iter()
                    .map(CancelReasonView::from)
                    .collect())
            }
        }
    }

    /// Approves a buyer's pending request (queued, then sent by the drainer).
    pub async fn approve_cancellation(
        &self,
        shop_id: &str,
        cancel_id: &str,
    ) -> Result<OutboxEntryView, ApiError> {
        Ok(self.answer(shop_id, cancel_id, None, None).await?)
    }

    /// Rejects a buyer's pending request with a reason from [`Shopdock::reject_reasons`].
    pub async fn reject_cancellation(
        &self,
        shop_id: &str,
        cancel_id: &str,
        reason: &str,
        comment: Option<String>,
    ) -> Result<OutboxEntryView, ApiError> {
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(CoreError::field(
                FormField::Reason,
                "Choose a reason to reject the request.",
            )
            .into());
        }
        Ok(self
            .answer(
                shop_id,
                cancel_id,
                Some(reason.to_owned()),
                comment.filter(|c| !c.trim().is_empty()),
            )
            .await?)
    }

    async fn answer(
        &self,
        shop_id: &str,
        cancel_id: &str,
        reject_reason: Option<String>,
        comment: Option<String>,
    ) -> CoreResult<OutboxEntryView> {
        let record = self.pending_request(shop_id, cancel_id).await?;
        let (kind, word) = match reject_reason {
            None => (OutboxKind::ApproveCancellation, "approve"),
            Some(_) => (OutboxKind::RejectCancellation, "reject"),
        };
        let payload = AnswerPayload {
            cancel_id: record.cancel_id.clone(),
            idempotency_key: uuid::Uuid::new_v4().to_string(),
            reject_reason,
            comment,
        };
        let intent = NewIntent {
            shop_id: shop_id.to_owned(),
            kind,
            target: record.order_id.clone(),
            order_id: Some(record.order_id.clone()),
            payload: serde_json::to_value(&payload)
                .map_err(|e| CoreError::Internal(e.to_string()))?,
            // One answer per request: answering twice returns the first answer's row.
            dedupe: Dedupe::Once(record.cancel_id.clone()),
        };
        let (shop, id, now) = (shop_id.to_owned(), record.cancel_id.clone(), self.now());
        let enqueued = self
            .db(move |s| {
                s.write(|tx| {
                    tx.set_cancellation_answer(&shop, &id, word)?;
                    tx.enqueue(&intent, now)
                })
            })
            .await?;
        tracing::info!(shop = %shop_id, id = enqueued.id(), cancel = %cancel_id, answer = word, "cancellation answer queued");
        self.queued(shop_id, enqueued.id()).await
    }

    /// The stored request, refused unless it waits for the seller and has no answer on its way.
    async fn pending_request(
        &self,
        shop_id: &str,
        cancel_id: &str,
    ) -> CoreResult<CancellationRecord> {
        let (s, c) = (shop_id.to_owned(), cancel_id.trim().to_owned());
        let record = self
            .db(move |st| st.cancellation(&s, &c))
            .await?
            .ok_or_else(|| {
                CoreError::Conflict(format!(
                    "Cancellation {cancel_id} is not stored for this shop; sync the shop first."
                ))
            })?;
        if !record.pending {
            return Err(CoreError::Conflict(format!(
                "The cancellation request of order {} is no longer waiting for an answer ({}).",
                record.order_id, record.status
            )));
        }
        Ok(record)
    }

    /// The seller cancels an order (or, US/UK out of stock, some of its items) with a reason
    /// offered by [`Shopdock::cancel_reasons`]: checked against TikTok's eligibility and the
    /// market's table, then queued once.
    pub async fn seller_cancel(
        &self,
        shop_id: &str,
        input: SellerCancelInput,
    ) -> Result<OutboxEntryView, ApiError> {
        Ok(self.seller_cancel_inner(shop_id, input).await?)
    }

    async fn seller_cancel_inner(
        &self,
        shop_id: &str,
        input: SellerCancelInput,
    ) -> CoreResult<OutboxEntryView> {
        let order_id = input.order_id.trim().to_owned();
        let reason = input.reason.trim().to_owned();
        let offered = self.cancel_reasons_inner(shop_id, &order_id).await?;
        if !offered.iter().any(|r| r.name == reason) {
            let list: Vec<&str> = offered.iter().map(|r| r.name.as_str()).collect();
            return Err(CoreError::field(
                FormField::Reason,
                format!(
                    "\"{reason}\" does not fit this order's market and status; choose one of: {}.",
                    list.join(", ")
                ),
            ));
        }
        let mut lines: Vec<String> = input
            .line_item_ids
            .iter()
            .map(|l| l.trim().to_owned())
            .filter(|l| !l.is_empty())
            .collect();
        lines.sort();
        lines.dedup();
        if !lines.is_empty() {
            let region = self.shop_region(shop_id).await?;
            let items_allowed = ReasonMarket::from_region(&region)
                .is_some_and(ReasonMarket::allows_item_level_cancel);
            if !items_allowed || !reasons::is_out_of_stock(&reason) {
                return Err(CoreError::field(
                    FormField::LineItemIds,
                    "Single items can be cancelled only in the US and UK, for out-of-stock items; cancel the whole order instead.",
                ));
            }
        }
        let key = if lines.is_empty() {
            order_id.clone()
        } else {
            format!("{order_id}:{}", lines.join(","))
        };
        let intent = NewIntent {
            shop_id: shop_id.to_owned(),
            kind: OutboxKind::SellerCancel,
            target: order_id.clone(),
            order_id: Some(order_id.clone()),
            payload: serde_json::to_value(SellerCancelPayload {
                order_id: order_id.clone(),
                reason,
                line_item_ids: lines,
            })
            .map_err(|e| CoreError::Internal(e.to_string()))?,
            dedupe: Dedupe::Once(key),
        };
        let now = self.now();
        let enqueued = self.db(move |s| s.enqueue(&intent, now)).await?;
        tracing::info!(shop = %shop_id, id = enqueued.id(), order = %order_id, "seller cancel queued");
        self.queued(shop_id, enqueued.id()).await
    }

    async fn queued(&self, shop_id: &str, id: i64) -> CoreResult<OutboxEntryView> {
        let view = self.outbox_view(id).await?;
        self.emit(CoreEvent::OutboxChanged {
            shop_id: shop_id.to_owned(),
        });
        self.wake_drainer(shop_id);
        Ok(view)
    }
}
