//! Stored rows as the UI sees them.

use super::arrange_payload::{ArrangePayload, ArrangedResult};
use super::payload::{MarkShippedPayload, ShippedResult};
use crate::api::{OutboxCountsView, OutboxEntryView, OutboxKind, OutboxState};
use shopdock_store::outbox as stored;

pub(crate) fn kind_word(kind: stored::OutboxKind) -> OutboxKind {
    match kind {
        stored::OutboxKind::ArrangeShipment => OutboxKind::ArrangeShipment,
        stored::OutboxKind::MarkShipped => OutboxKind::MarkShipped,
        stored::OutboxKind::UpdateTracking => OutboxKind::UpdateTracking,
        stored::OutboxKind::SellerCancel => OutboxKind::SellerCancel,
        stored::OutboxKind::ApproveCancellation => OutboxKind::ApproveCancellation,
        stored::OutboxKind::RejectCancellation => OutboxKind::RejectCancellation,
        stored::OutboxKind::Stock => OutboxKind::Stock,
        stored::OutboxKind::Price => OutboxKind::Price,
        stored::OutboxKind::ProductEdit => OutboxKind::ProductEdit,
    }
}

pub(crate) fn stored_kind(kind: OutboxKind) -> stored::OutboxKind {
    match kind {
        OutboxKind::ArrangeShipment => stored::OutboxKind::ArrangeShipment,
        OutboxKind::MarkShipped => stored::OutboxKind::MarkShipped,
        OutboxKind::UpdateTracking => stored::OutboxKind::UpdateTracking,
        OutboxKind::SellerCancel => stored::OutboxKind::SellerCancel,
        OutboxKind::ApproveCancellation => stored::OutboxKind::ApproveCancellation,
        OutboxKind::RejectCancellation => stored::OutboxKind::RejectCancellation,
        OutboxKind::Stock => stored::OutboxKind::Stock,
        OutboxKind::Price => stored::OutboxKind::Price,
        OutboxKind::ProductEdit => stored::OutboxKind::ProductEdit,
    }
}

pub(crate) fn state_word(state: stored::OutboxState) -> OutboxState {
    match state {
        stored::OutboxState::Queued => OutboxState::Queued,
        stored::OutboxState::Sending => OutboxState::Sending,
        stored::OutboxState::NeedsCheck => OutboxState::NeedsCheck,
        stored::OutboxState::Sent => OutboxState::Sent,
        stored::OutboxState::Failed => OutboxState::Failed,
        stored::OutboxState::NeedsAttention => OutboxState::NeedsAttention,
        stored::OutboxState::Dismissed => OutboxState::Dismissed,
        stored::OutboxState::Superseded => OutboxState::Superseded,
    }
}

impl From<stored::OutboxEntry> for OutboxEntryView {
    fn from(e: stored::OutboxEntry) -> Self {
        let shipment = serde_json::from_value::<MarkShippedPayload>(e.payload.clone()).ok();
        let result = e
            .result
            .clone()
            .and_then(|r| serde_json::from_value::<ShippedResult>(r).ok());
        let arranged = (e.kind == stored::OutboxKind::ArrangeShipment).then(|| {
            let payload = serde_json::from_value::<ArrangePayload>(e.payload.clone()).ok();
            let result = e
                .result
                .clone()
                .and_then(|r| serde_json::from_value::<ArrangedResult>(r).ok())
                .unwrap_or_default();
            (payload, result)
        });
        let state = state_word(e.state);
        OutboxEntryView {
            id: e.id,
            shop_id: e.shop_id,
            kind: kind_word(e.kind),
            target: e.target,
            order_id: e.order_id,
            state,
            attempts: e.attempts,
            next_try_at: e.next_try_at,
            last_error: e.last_error.as_ref().map(|p| p.reason.clone()),
            last_error_code: e.last_error.map(|p| p.code),
            carrier: match &arranged {
                Some((_, r)) => r.service_name.clone().or(r.shipping_provider.clone()),
                None => shipment.as_ref().map(|s| s.carrier.clone()),
            },
            tracking_number: match &arranged {
                Some((_, r)) => r.tracking_number.clone(),
                None => shipment.map(|s| s.tracking_number),
            },
            package_id: match &arranged {
                Some((_, r)) => r.package_id.clone(),
                None => result.as_ref().and_then(|r| r.package_id.clone()),
            },
            warning: result.and_then(|r| r.warning),
            arrangement: arranged.and_then(|(p, r)| p.map(|p| describe_arranged(&p, &r))),
            can_retry: matches!(state, OutboxState::Failed | OutboxState::NeedsAttention),
            can_dismiss: matches!(
                state,
                OutboxState::Queued | OutboxState::Failed | OutboxState::NeedsAttention
            ),
            created_at: e.created_at,
            updated_at: e.updated_at,
            sent_at: e.sent_at,
        }
    }
}

/// How an arrangement is handed over; a label names the service TikTok bought once it is
/// known (the queued payload names only a service chosen by id).
fn describe_arranged(payload: &ArrangePayload, result: &ArrangedResult) -> String {
    match (payload, &result.service_name) {
        (ArrangePayload::BuyLabel { .. }, Some(name)) => format!("TikTok label: {name}"),
        _ => payload.describe(),
    }
}

/// TikTok's warning kept with a row's success, if any.
pub(crate) fn result_warning(result: Option<serde_json::Value>) -> Option<String> {
    result
        .and_then(|r| serde_json::from_value::<ShippedResult>(r).ok())
        .and_then(|r| r.warning)
}

pub(crate) fn counts_view(shop_id: String, c: stored::OutboxCounts) -> OutboxCountsView {
    OutboxCountsView {
        shop_id,
        queued: c.queued,
        in_flight: c.in_flight,
        failed: c.failed,
        needs_attention: c.needs_attention,
    }
}
