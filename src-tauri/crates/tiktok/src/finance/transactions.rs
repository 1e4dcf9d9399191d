//! Get Statement Transactions (SPEC:finance/get-transactions-by-statement,
//! `/finance/202501/statements/{statement_id}/statement_transactions`; the 202309 version was
//! blocked after 2025-12-31, write-api §H): a statement's totals and its transactions, each an
//! order's settlement, a reserve movement, or an adjustment (which may carry no order), sorted
//! by `order_create_time` (required).
//!
//! Signs: amounts are signed (fees and costs negative). The documented formulas subtract
//! ("revenue - shipping - fee_tax - adjustment") while the examples add, and neither always
//! matches `settlement_amount` (write-api §H DISAGREE): [`StatementTransaction::parts_sum`]
//! adds with the signs, and `settlement_amount` stays the truth.

use super::breakdown::{
    FeeTaxBreakdown, RevenueBreakdown, ShippingCostBreakdown, TotalSettlementBreakdown,
    TransactionSupplementary,
};
use super::decode::{next_token, Decoded, Undecodable};
use super::words::{reserve_status, ReserveStatus, StatementStatus, TransactionType};
use crate::lenient::{decimal, int_text, null_as_default};
use crate::model::SortOrder;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize, Serializer};
use serde_json::value::RawValue;

/// The query of Get Statement Transactions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatementTransactionsQuery {
    /// 1..=100 (TikTok's default is 20).
    pub page_size: u32,
    pub page_token: Option<String>,
    pub sort_order: SortOrder,
}

impl Default for StatementTransactionsQuery {
    fn default() -> Self {
        Self {
            page_size: super::MAX_FINANCE_PAGE_SIZE,
            page_token: None,
            sort_order: SortOrder::Asc,
        }
    }
}

/// Writes a whole number the way the reference types it: as a string.
pub(crate) fn int_as_text<S: Serializer>(v: &Option<i64>, s: S) -> Result<S::Ok, S::Error> {
    match v {
        Some(n) => s.serialize_str(&n.to_string()),
        None => s.serialize_none(),
    }
}

/// One transaction of a statement. Which fields are filled depends on `type`: an order's
/// settlement has the order and its amounts, an adjustment its `adjustment_*` fields (and
/// `adjustment_order_id` only when it concerns an order), a reserve its `reserve_*` fields.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct StatementTransaction {
    #[serde(deserialize_with = "null_as_default")]
    pub id: String,
    #[serde(rename = "type")]
    pub kind: TransactionType,
    #[serde(
        deserialize_with = "null_as_default",
        skip_serializing_if = "String::is_empty"
    )]
    pub order_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub order_create_time: Option<i64>,
    #[serde(
        deserialize_with = "null_as_default",
        skip_serializing_if = "String::is_empty"
    )]
    pub adjustment_id: String,
    /// The order an adjustment concerns, if any.
    #[serde(
        deserialize_with = "null_as_default",
        skip_serializing_if = "String::is_empty"
    )]
    pub adjustment_order_id: String,
    #[serde(deserialize_with = "decimal", skip_serializing_if = "Option::is_none")]
    pub adjustment_amount: Option<Decimal>,
    /// What this transaction adds to the statement: the truth.
    #[serde(deserialize_with = "decimal", skip_serializing_if = "Option::is_none")]
    pub settlement_amount: Option<Decimal>,
    #[serde(deserialize_with = "decimal", skip_serializing_if = "Option::is_none")]
    pub revenue_amount: Option<Decimal>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revenue_breakdown: Option<RevenueBreakdown>,
    #[serde(deserialize_with = "decimal", skip_serializing_if = "Option::is_none")]
    pub shipping_cost_amount: Option<Decimal>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shipping_cost_breakdown: Option<ShippingCostBreakdown>,
    #[serde(deserialize_with = "decimal", skip_serializing_if = "Option::is_none")]
    pub fee_tax_amount: Option<Decimal>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fee_tax_breakdown: Option<FeeTaxBreakdown>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub supplementary_component: Option<TransactionSupplementary>,
    #[serde(
        deserialize_with = "null_as_default",
        skip_serializing_if = "String::is_empty"
    )]
    pub reserve_id: String,
    /// Negative: withheld from the settlement; positive: released to the seller.
    #[serde(deserialize_with = "decimal", skip_serializing_if = "Option::is_none")]
    pub reserve_amount: Option<Decimal>,
    #[serde(
        deserialize_with = "null_as_default",
        skip_serializing_if = "String::is_empty"
    )]
    pub associated_order_id: String,
    #[serde(
        deserialize_with = "reserve_status",
        skip_serializing_if = "is_blank_reserve_status"
    )]
    pub reserve_status: ReserveStatus,
    /// Documented as a string of Unix seconds; empty once the funds are released.
    #[serde(
        deserialize_with = "int_text",
        serialize_with = "int_as_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub estimated_release_time: Option<i64>,
}

fn is_blank_reserve_status(s: &ReserveStatus) -> bool {
    s.as_str().is_empty()
}

impl StatementTransaction {
    /// The parts added with their signs: revenue + shipping + fees and taxes, plus the
    /// adjustment of an adjustment. `None` when the transaction carries none of them (a
    /// reserve).
    pub fn parts_sum(&self) -> Option<Decimal> {
        let parts = [
            self.revenue_amount,
            self.shipping_cost_amount,
            self.fee_tax_amount,
            self.adjustment_amount,
        ];
        parts
            .iter()
            .any(Option::is_some)
            .then(|| parts.iter().flatten().sum())
    }

    /// `settlement_amount` minus [`Self::parts_sum`], when both are known and differ: what
    /// Shopdock shows instead of hiding.
    pub fn settlement_gap(&self) -> Option<Decimal> {
        let gap = self.settlement_amount? - self.parts_sum()?;
        (!gap.is_zero()).then_some(gap)
    }
}

/// `data` of Get Statement Transactions, generic over how a transaction is held (the sandbox
/// writes [`StatementTransaction`] values; the client reads each one raw first).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(bound(deserialize = "T: Deserialize<'de>"))]
pub struct StatementTransactionsData<T> {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_page_token: Option<String>,
    /// The statement id.
    #[serde(default, deserialize_with = "null_as_default")]
    pub id: String,
    /// The statement time (00:00 UTC closing its day).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub create_time: Option<i64>,
    #[serde(default)]
    pub status: StatementStatus,
    #[serde(default, deserialize_with = "null_as_default")]
    pub currency: String,
    /// `total_settlement_amount + total_reserve_amount`: what is paid out.
    #[serde(
        default,
        deserialize_with = "decimal",
        skip_serializing_if = "Option::is_none"
    )]
    pub payable_amount: Option<Decimal>,
    /// UK and US local sellers only.
    #[serde(
        default,
        deserialize_with = "decimal",
        skip_serializing_if = "Option::is_none"
    )]
    pub total_reserve_amount: Option<Decimal>,
    #[serde(
        default,
        deserialize_with = "decimal",
        skip_serializing_if = "Option::is_none"
    )]
    pub total_settlement_amount: Option<Decimal>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_settlement_breakdown: Option<TotalSettlementBreakdown>,
    /// Transactions in the whole statement (not this page).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_count: Option<i64>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub transactions: Vec<T>,
}

/// One page of Get Statement Transactions: the statement's totals (on every page) and this
/// page's transactions.
#[derive(Debug, Clone)]
pub struct StatementTransactionsPage {
    pub data: StatementTransactionsData<StatementTransaction>,
    pub undecodable: Vec<Undecodable>,
}

impl StatementTransactionsPage {
    pub(crate) fn from_raw(raw: StatementTransactionsData<Box<RawValue>>) -> Self {
        let decoded = Decoded::from_raw(raw.transactions);
        Self {
            data: StatementTransactionsData {
                next_page_token: next_token(raw.next_page_token),
                id: raw.id,
                create_time: raw.create_time,
                status: raw.status,
                currency: raw.currency,
                payable_amount: raw.payable_amount,
                total_reserve_amount: raw.total_reserve_amount,
                total_settlement_amount: raw.total_settlement_amount,
                total_settlement_breakdown: raw.total_settlement_breakdown,
                total_count: raw.total_count,
                transactions: decoded.items,
            },
            undecodable: decoded.undecodable,
        }
    }

    /// `None` on the last page.
    pub fn next_page_token(&self) -> Option<&str> {
        self.data.next_page_token.as_deref()
    }
}
