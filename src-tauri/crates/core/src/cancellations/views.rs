//! Cancellations as the window and the CLI see them.

use serde::{Deserialize, Serialize};
use shopdock_store::CancellationRecord;
use shopdock_tiktok::cancellation::{CancelType, Reason};
use ts_rs::TS;

/// One cancellation of an order: a buyer's request (to answer by `deadline`) or a cancel
/// already made by the buyer, the seller or TikTok.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct CancellationView {
    pub shop_id: String,
    pub cancel_id: String,
    pub order_id: String,
    /// A buyer's request the seller answers (else a cancel already made).
    pub buyer_request: bool,
    /// TikTok's status as sent.
    pub status: String,
    /// Waiting for the seller's answer.
    pub pending: bool,
    /// BUYER, SELLER or SYSTEM.
    pub role: String,
    #[ts(optional = nullable)]
    pub reason: Option<String>,
    /// The reason in words.
    #[ts(optional = nullable)]
    pub reason_text: Option<String>,
    /// Unix seconds when TikTok decides on its own if the seller does not answer.
    #[ts(optional = nullable)]
    pub deadline: Option<i64>,
    /// The line items it covers (empty: the whole order).
    pub line_item_ids: Vec<String>,
    pub update_time: i64,
    /// The seller's answer on its way to TikTok ("approve" or "reject").
    #[ts(optional = nullable)]
    pub answering: Option<String>,
}

impl From<CancellationRecord> for CancellationView {
    fn from(r: CancellationRecord) -> Self {
        Self {
            buyer_request: CancelType::parse(&r.cancel_type) == Some(CancelType::BuyerCancel),
            shop_id: r.shop_id,
            cancel_id: r.cancel_id,
            order_id: r.order_id,
            status: r.status,
            pending: r.pending,
            role: r.role,
            reason: r.reason,
            reason_text: r.reason_text,
            deadline: r.deadline,
            line_item_ids: r.line_item_ids,
            update_time: r.update_time,
            answering: r.local_answer,
        }
    }
}

/// A reason the seller may give (to cancel, or to reject a request).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct CancelReasonView {
    /// What TikTok is sent.
    pub name: String,
    /// What the seller reads.
    pub text: String,
}

impl From<&Reason> for CancelReasonView {
    fn from(r: &Reason) -> Self {
        Self {
            name: r.name.to_owned(),
            text: r.text.to_owned(),
        }
    }
}

/// The seller cancels an order, or (US and UK, out of stock) some of its line items.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, TS)]
pub struct SellerCancelInput {
    pub order_id: String,
    /// A reason name from [`crate::Shopdock::cancel_reasons`].
    pub reason: String,
    /// Empty: the whole order.
    #[serde(default)]
    pub line_item_ids: Vec<String>,
}

/// Which cancellations to list.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize, TS)]
pub struct CancellationListInput {
    /// `None`: every shop.
    #[serde(default)]
    pub shop_id: Option<String>,
    /// Only requests waiting for the seller's answer.
    #[serde(default)]
    pub pending_only: bool,
}
