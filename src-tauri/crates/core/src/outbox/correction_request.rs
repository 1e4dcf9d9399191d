//! `correct_tracking`: the seller's correction of a shipped order's carrier and tracking
//! number, checked locally (state, window, once through Shopdock), confirmed by the seller
//! because TikTok allows a single update, then queued once.

use super::carriers::{normalise_tracking, TypedShipment};
use super::correction::{check_correctable, confirmation_question, UpdateTrackingPayload};
use crate::api::{CorrectTrackingInput, ErrorCode, FormField, OutboxEntryView};
use crate::errors::{CoreError, CoreResult};
use crate::{ApiError, CoreEvent, Shopdock};
use shopdock_store::outbox::{Dedupe, NewIntent, OutboxEntry, OutboxKind, OutboxState};
use shopdock_tiktok::model::Order;

/// What a correction request came to.
enum Correction {
    /// Boxed: a view is large beside a question.
    Queued(Box<OutboxEntryView>),
    /// Everything checks out; the seller must confirm spending the single update.
    NeedsConfirmation(String),
}

impl Shopdock {
    /// Queues a correction of a shipped order's carrier and tracking number (Update Shipping
    /// Info, or Update Package Shipping Info for an order shipped in several packages), then
    /// wakes the drainer. Refused with the reason when the order cannot be corrected now, or
    /// was corrected through Shopdock already. Without `confirmed` nothing is queued: the
    /// answer is [`ErrorCode::ConfirmationRequired`] with the question to ask the seller.
    pub async fn correct_tracking(
        &self,
        shop_id: &str,
        input: CorrectTrackingInput,
    ) -> Result<OutboxEntryView, ApiError> {
        match self.correct_tracking_inner(shop_id, input).await? {
            Correction::Queued(view) => Ok(*view),
            Correction::NeedsConfirmation(question) => {
                Err(ApiError::new(ErrorCode::ConfirmationRequired, question))
            }
        }
    }

    async fn correct_tracking_inner(
        &self,
        shop_id: &str,
        input: CorrectTrackingInput,
    ) -> CoreResult<Correction> {
        let TypedShipment {
            order_id,
            tracking_number,
        } = TypedShipment::check(
            &input.order_id,
            &input.tracking_number,
            &input.carrier,
            [
                "Name the order to correct.",
                "Enter the new tracking number.",
            ],
        )?;
        let market = self.shop_market(shop_id).await?;
        let order = self.stored_order(shop_id, &order_id).await?;
        let rows = self.order_rows(shop_id, &order_id).await?;
        let shipment = rows
            .iter()
            .rev()
            .find(|r| r.kind == OutboxKind::MarkShipped && r.state == OutboxState::Sent);
        let sent_at = shipment.and_then(|r| r.sent_at);
        let now = self.now();
        let deadline =
            check_correctable(&order, sent_at, market, now).map_err(CoreError::Conflict)?;
        let package_id = correction_package(&order, input.package_id.as_deref())?;
        let dedupe = match &package_id {
            Some(p) => format!("{order_id}:{p}"),
            None => order_id.clone(),
        };
        let provider = self.order_provider(shop_id, &order, &input.carrier).await?;
        let payload = UpdateTrackingPayload {
            tracking_number,
            carrier: provider.name,
            shipping_provider_id: provider.id,
            package_id,
        };
        if let Some(earlier) = earlier_correction(&rows, &dedupe, &order_id, &payload)? {
            return Ok(Correction::Queued(Box::new(OutboxEntryView::from(earlier))));
        }
        if payload.package_id.is_none()
            && current_tracking(&order, shipment).as_deref()
                == Some(payload.tracking_number.as_str())
        {
            return Err(CoreError::field(
                FormField::TrackingNumber,
                "This is already the order's tracking number; the single correction would be spent for nothing.",
            ));
        }
        if !input.confirmed {
            return Ok(Correction::NeedsConfirmation(confirmation_question(
                &payload, &order_id, market, deadline, now,
            )));
        }
        let intent = NewIntent {
            shop_id: shop_id.to_owned(),
            kind: OutboxKind::UpdateTracking,
            target: order_id.clone(),
            order_id: Some(order_id),
            payload: serde_json::to_value(&payload)
                .map_err(|e| CoreError::Internal(e.to_string()))?,
            dedupe: Dedupe::Once(dedupe),
        };
        let enqueued = self.db(move |s| s.enqueue(&intent, now)).await?;
        tracing::info!(shop = %shop_id, id = enqueued.id(), "tracking correction queued");
        let view = self.outbox_view(enqueued.id()).await?;
        self.emit(CoreEvent::OutboxChanged {
            shop_id: shop_id.to_owned(),
        });
        self.wake_drainer(shop_id);
        Ok(Correction::Queued(Box::new(view)))
    }
}

/// The package to correct: none for an order shipped in one package (the order's own
/// update); for a split order the seller's pick, which must be one of its packages.
fn correction_package(order: &Order, asked: Option<&str>) -> CoreResult<Option<String>> {
    let asked = asked.map(str::trim).filter(|p| !p.is_empty());
    if order.packages.len() <= 1 {
        return Ok(None);
    }
    let ids: Vec<&str> = order.packages.iter().map(|p| p.id.as_str()).collect();
    match asked {
        Some(p) if ids.contains(&p) => Ok(Some(p.to_owned())),
        Some(p) => Err(CoreError::Conflict(format!(
            "Package {p} is not one of order {}'s packages ({}).",
            order.id,
            ids.join(", ")
        ))),
        None => Err(CoreError::Conflict(format!(
            "Order {} shipped in {} packages ({}): name the package to correct.",
            order.id,
            ids.len(),
            ids.join(", ")
        ))),
    }
}

/// The correction Shopdock already has for this order (or package): the same one still on its
/// way is returned; a sent one, or a different one, refuses another.
fn earlier_correction(
    rows: &[OutboxEntry],
    dedupe: &str,
    order_id: &str,
    payload: &UpdateTrackingPayload,
) -> CoreResult<Option<OutboxEntry>> {
    let Some(earlier) = rows.iter().find(|r| {
        r.kind == OutboxKind::UpdateTracking
            && r.dedupe == Dedupe::Once(dedupe.to_owned())
            && r.state != OutboxState::Dismissed
    }) else {
        return Ok(None);
    };
    let same = serde_json::from_value::<UpdateTrackingPayload>(earlier.payload.clone())
        .is_ok_and(|p| p == *payload);
    match earlier.state {
        OutboxState::Sent => Err(CoreError::Conflict(format!(
            "Order {order_id}'s tracking was already corrected once through Shopdock; TikTok allows a single correction."
        ))),
        OutboxState::Queued | OutboxState::Sending | OutboxState::NeedsCheck | OutboxState::Failed
            if same =>
        {
            Ok(Some(earlier.clone()))
        }
        state => Err(CoreError::Conflict(format!(
            "A correction of order {order_id} is already in Activity ({state}): retry or dismiss it there first; TikTok allows only one."
        ))),
    }
}

/// The order's tracking number as TikTok (or Shopdock's sent shipment) last showed it.
fn current_tracking(order: &Order, shipment: Option<&OutboxEntry>) -> Option<String> {
    order
        .tracking_number
        .clone()
        .filter(|t| !t.is_empty())
        .or_else(|| {
            shipment
                .and_then(|r| r.payload.get("tracking_number"))
                .and_then(|t| t.as_str())
                .map(str::to_owned)
        })
        .map(|t| normalise_tracking(&t))
}
