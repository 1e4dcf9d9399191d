//! What outbox rows carry, in core's own shape (stored as the row's JSON payload): a Mark
//! Shipped row, and the cancellation rows.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MarkShippedPayload {
    /// Normalised ([`super::carriers::normalise_tracking`]).
    pub tracking_number: String,
    /// The provider's name as TikTok spells it.
    pub carrier: String,
    pub shipping_provider_id: String,
    /// Empty = every line item not shipped yet.
    #[serde(default)]
    pub line_item_ids: Vec<String>,
}

/// What the row keeps of TikTok's success.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShippedResult {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub package_id: Option<String>,
    /// TikTok's US tracking warning.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub warning: Option<String>,
    /// Found applied when TikTok's state was read back after an unknown outcome.
    #[serde(default)]
    pub reconciled: bool,
}

/// An answer to a buyer's cancellation request (Approve, or Reject with a reason). The
/// idempotency key is made once at queueing, so every resend carries the same one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnswerPayload {
    pub cancel_id: String,
    pub idempotency_key: String,
    /// `None`: approve.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reject_reason: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

/// The seller's cancel of an order (Cancel Order).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SellerCancelPayload {
    pub order_id: String,
    pub reason: String,
    /// Empty: the whole order.
    #[serde(default)]
    pub line_item_ids: Vec<String>,
}

/// What a cancellation row keeps of TikTok's answer.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CancelResult {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cancel_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cancel_status: Option<String>,
    /// Found applied when TikTok's state was read back after an unknown outcome.
    #[serde(default)]
    pub reconciled: bool,
}
