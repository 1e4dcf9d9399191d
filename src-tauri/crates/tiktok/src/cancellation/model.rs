//! Request and response bodies of the cancellation endpoints (SPEC:return-and-refund/*), with
//! TikTok's field names. Enumerated response fields stay strings (the docs disagree on
//! spellings: `CANCELLATION_REQUEST_CANCEL` vs `_CANCELLED`, and a `cancel_type` outside the
//! enum, `REQUEST_CANCEL_REFUND`); [`CancelStatus::parse`] and [`CancelType::parse`] read every
//! documented answer.

use crate::lenient::null_as_default;
use crate::model::SortOrder;
use serde::{Deserialize, Serialize};

/// A cancellation's status (SPEC:search-cancellations, cancel-order).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CancelStatus {
    /// Waiting for the seller (or the system) to answer a buyer's request.
    Pending,
    /// Approved; the refund is under way.
    Success,
    /// The request was rejected or withdrawn; the order goes on.
    Cancelled,
    /// Done: the order (or its items) is cancelled and refunded.
    Complete,
}

impl CancelStatus {
    /// The request spelling (Search Cancellations' `cancel_status` filter).
    pub fn as_str(self) -> &'static str {
        match self {
            CancelStatus::Pending => "CANCELLATION_REQUEST_PENDING",
            CancelStatus::Success => "CANCELLATION_REQUEST_SUCCESS",
            CancelStatus::Cancelled => "CANCELLATION_REQUEST_CANCEL",
            CancelStatus::Complete => "CANCELLATION_REQUEST_COMPLETE",
        }
    }

    /// Reads both documented spellings of the closed status, and OV:rr's flow-chart words.
    pub fn parse(s: &str) -> Option<CancelStatus> {
        Some(match s.trim() {
            "CANCELLATION_REQUEST_PENDING" | "REQUEST_APPLYING" => CancelStatus::Pending,
            "CANCELLATION_REQUEST_SUCCESS" | "CANCEL_SUCCESS" => CancelStatus::Success,
            "CANCELLATION_REQUEST_CANCEL" | "CANCELLATION_REQUEST_CANCELLED" | "CLOSED" => {
                CancelStatus::Cancelled
            }
            "CANCELLATION_REQUEST_COMPLETE" | "COMPLETE" => CancelStatus::Complete,
            _ => return None,
        })
    }

    /// The order is (or will be) cancelled: approved or done.
    pub fn cancels_the_order(self) -> bool {
        matches!(self, CancelStatus::Success | CancelStatus::Complete)
    }
}

/// Who asked for a cancellation (SPEC `cancel_type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CancelType {
    /// By the seller or the system (also a buyer's cancel during ON_HOLD, auto-accepted).
    Cancel,
    /// A buyer's request the seller must answer.
    BuyerCancel,
}

impl CancelType {
    pub fn as_str(self) -> &'static str {
        match self {
            CancelType::Cancel => "CANCEL",
            CancelType::BuyerCancel => "BUYER_CANCEL",
        }
    }

    /// `REQUEST_CANCEL_REFUND` (the spec's own example, outside its enum) is a buyer's request.
    pub fn parse(s: &str) -> Option<CancelType> {
        match s.trim() {
            "CANCEL" => Some(CancelType::Cancel),
            "BUYER_CANCEL" | "REQUEST_CANCEL_REFUND" => Some(CancelType::BuyerCancel),
            _ => None,
        }
    }
}

/// Search Cancellations' `sort_field`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CancelSortField {
    #[default]
    CreateTime,
    UpdateTime,
}

impl CancelSortField {
    pub fn as_str(self) -> &'static str {
        match self {
            CancelSortField::CreateTime => "create_time",
            CancelSortField::UpdateTime => "update_time",
        }
    }
}

/// Query parameters of Search Cancellations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchCancellationsQuery {
    /// 1..=50.
    pub page_size: u32,
    pub page_token: Option<String>,
    pub sort_field: CancelSortField,
    pub sort_order: SortOrder,
}

/// The body of Search Cancellations (every field optional).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SearchCancellationsFilter {
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub cancel_ids: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub order_ids: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub buyer_user_ids: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub cancel_types: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub cancel_status: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub create_time_ge: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub create_time_lt: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub update_time_ge: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub update_time_lt: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub locale: Option<String>,
}

/// One page of Search Cancellations.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct CancellationPage {
    #[serde(deserialize_with = "null_as_default")]
    pub cancellations: Vec<Cancellation>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total_count: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_page_token: Option<String>,
}

/// A cancellation record.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Cancellation {
    #[serde(deserialize_with = "null_as_default")]
    pub cancel_id: String,
    #[serde(deserialize_with = "null_as_default")]
    pub order_id: String,
    #[serde(deserialize_with = "null_as_default")]
    pub cancel_type: String,
    #[serde(deserialize_with = "null_as_default")]
    pub cancel_status: String,
    /// BUYER | SELLER | SYSTEM.
    #[serde(deserialize_with = "null_as_default")]
    pub role: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cancel_reason: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cancel_reason_text: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub create_time: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub update_time: Option<i64>,
    #[serde(deserialize_with = "null_as_default")]
    pub seller_next_action_response: Vec<NextAction>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refund_amount: Option<RefundAmount>,
    #[serde(deserialize_with = "null_as_default")]
    pub cancel_line_items: Vec<CancelLineItem>,
}

impl Cancellation {
    /// When TikTok decides on its own if the seller does not answer (`SELLER_RESPOND_CANCEL`).
    pub fn respond_deadline(&self) -> Option<i64> {
        self.seller_next_action_response
            .iter()
            .find(|a| a.action == "SELLER_RESPOND_CANCEL")
            .and_then(|a| a.deadline)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct NextAction {
    #[serde(deserialize_with = "null_as_default")]
    pub action: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deadline: Option<i64>,
}

/// Decimal strings, as sent.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct RefundAmount {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refund_total: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refund_subtotal: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refund_shipping_fee: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refund_tax: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retail_delivery_fee: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub buyer_service_fee: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct CancelLineItem {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cancel_line_item_id: Option<String>,
    #[serde(deserialize_with = "null_as_default")]
    pub order_line_item_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sku_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sku_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub product_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seller_sku: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refund_amount: Option<RefundAmount>,
}

/// A SKU and quantity of Cancel Order's `skus`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CancelSku {
    pub sku_id: String,
    pub quantity: u32,
}

/// The body of Cancel Order (a seller's cancel). Without `order_line_item_ids` and `skus`
/// the whole order is cancelled.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CancelOrderRequest {
    pub order_id: String,
    pub cancel_reason: String,
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub skus: Vec<CancelSku>,
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub order_line_item_ids: Vec<String>,
}

/// Cancel Order's answer.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct CancelOrderReply {
    #[serde(deserialize_with = "null_as_default")]
    pub cancel_id: String,
    #[serde(deserialize_with = "null_as_default")]
    pub cancel_status: String,
}

/// The body of Reject Cancellation.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct RejectCancellationRequest {
    pub reject_reason: String,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub comment: Option<String>,
}

/// Get Reject Reasons' answer.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct RejectReasons {
    #[serde(deserialize_with = "null_as_default")]
    pub reasons: Vec<RejectReason>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct RejectReason {
    #[serde(deserialize_with = "null_as_default")]
    pub name: String,
    #[serde(deserialize_with = "null_as_default")]
    pub text: String,
}

/// Get Aftersale Eligibility's answer.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct AftersaleEligibility {
    #[serde(deserialize_with = "null_as_default")]
    pub sku_eligibility: Vec<SkuEligibility>,
}

impl AftersaleEligibility {
    /// The CANCEL entries, one per group of line items.
    pub fn cancel_entries(&self) -> impl Iterator<Item = &LineItemEligibility> {
        self.sku_eligibility
            .iter()
            .flat_map(|s| s.line_item_eligibility.iter())
            .filter(|e| e.request_type == "CANCEL")
    }
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct SkuEligibility {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sku_id: Option<String>,
    #[serde(deserialize_with = "null_as_default")]
    pub line_item_eligibility: Vec<LineItemEligibility>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct LineItemEligibility {
    /// CANCEL | RETURN | RETURN_AND_REFUND (and REFUND in the spec's example).
    #[serde(deserialize_with = "null_as_default")]
    pub request_type: String,
    /// The spec spells it `order_line_items_ids`.
    #[serde(deserialize_with = "null_as_default")]
    pub order_line_items_ids: Vec<String>,
    #[serde(deserialize_with = "null_as_default")]
    pub eligible: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ineligible_code: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ineligible_reason: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_spellings_of_the_closed_status_and_the_example_type_are_read() {
        assert_eq!(
            CancelStatus::parse("CANCELLATION_REQUEST_CANCELLED"),
            Some(CancelStatus::Cancelled)
        );
        assert_eq!(
            CancelStatus::parse("CANCELLATION_REQUEST_CANCEL"),
            Some(CancelStatus::Cancelled)
        );
        assert_eq!(
            CancelType::parse("REQUEST_CANCEL_REFUND"),
            Some(CancelType::BuyerCancel)
        );
        assert_eq!(CancelType::parse("SOMETHING_NEW"), None);
    }

    #[test]
    fn the_spec_example_decodes_with_its_deadline() {
        let json = r#"{"cancellations":[{"order_id":"577087614418520388","cancel_type":"REQUEST_CANCEL_REFUND","cancel_status":"CANCELLATION_REQUEST_PENDING","role":"BUYER","cancel_reason":"ecom_order_to_ship_canceled_reason_created_by_mistakes","create_time":1690451136,"update_time":1690451136,"seller_next_action_response":[{"action":"SELLER_RESPOND_CANCEL","deadline":1690554680}],"cancel_line_items":[{"order_line_item_id":"576468844534141348"}],"cancel_id":"4035318504086604100"}],"total_count":100,"next_page_token":null}"#;
        let page: CancellationPage = serde_json::from_str(json).unwrap();
        assert_eq!(page.cancellations[0].respond_deadline(), Some(1690554680));
        assert_eq!(page.next_page_token, None);
    }
}
