//! What a Mark Shipped row carries, in core's own shape (stored as the row's JSON payload).

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
