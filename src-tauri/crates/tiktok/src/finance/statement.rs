//! Get Statements (SPEC:finance/get-statements, `/finance/202309/statements`): one statement
//! per shop per day, generated at 00:00 UTC over the day before, sorted by `statement_time`
//! (the only sort field, and a required one).
//!
//! Which amounts a statement carries depends on the market (the spec's field notes):
//! `revenue_amount` everywhere but the UK and the US; `net_sales_amount` and
//! `shipping_cost_amount` only for local sellers outside SEA; `fee_amount` includes shipping
//! only for local sellers in SEA. So the parts do not always add up to `settlement_amount`,
//! which is the truth.

use super::decode::{next_token, Decoded, Undecodable};
use super::words::PaymentStatus;
use crate::lenient::{decimal, null_as_default};
use crate::model::SortOrder;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

/// The query of Get Statements. Times are Unix seconds, `ge` inclusive and `lt` exclusive;
/// TikTok completes a missing end (`lt` = now, `ge` = the shop's beginning). To get the
/// statements of Oct 5 to Oct 10, `ge` is any time on Oct 5 after 00:00 (or Oct 6 00:00) and
/// `lt` any time on Oct 11 after 00:00 (the spec's example): a statement's time is the
/// midnight that closes its day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatementsQuery {
    pub statement_time_ge: Option<i64>,
    pub statement_time_lt: Option<i64>,
    /// `None`: every status.
    pub payment_status: Option<PaymentStatus>,
    /// 1..=100 (TikTok's default is 20).
    pub page_size: u32,
    pub page_token: Option<String>,
    pub sort_order: SortOrder,
}

impl Default for StatementsQuery {
    fn default() -> Self {
        Self {
            statement_time_ge: None,
            statement_time_lt: None,
            payment_status: None,
            page_size: super::MAX_FINANCE_PAGE_SIZE,
            page_token: None,
            sort_order: SortOrder::Asc,
        }
    }
}

/// One daily statement.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Statement {
    #[serde(deserialize_with = "null_as_default")]
    pub id: String,
    /// The 00:00 UTC that closed the statement's day.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub statement_time: Option<i64>,
    /// What the seller is paid for the day: the truth the parts may not add up to.
    #[serde(deserialize_with = "decimal", skip_serializing_if = "Option::is_none")]
    pub settlement_amount: Option<Decimal>,
    /// ISO 4217.
    #[serde(deserialize_with = "null_as_default")]
    pub currency: String,
    /// Every market but the UK and the US.
    #[serde(deserialize_with = "decimal", skip_serializing_if = "Option::is_none")]
    pub revenue_amount: Option<Decimal>,
    /// Fees charged at settlement (negative); shipping included only for SEA local sellers.
    #[serde(deserialize_with = "decimal", skip_serializing_if = "Option::is_none")]
    pub fee_amount: Option<Decimal>,
    #[serde(deserialize_with = "decimal", skip_serializing_if = "Option::is_none")]
    pub adjustment_amount: Option<Decimal>,
    pub payment_status: PaymentStatus,
    /// Empty while the statement waits to be paid with later ones (small amounts are combined
    /// into one payment).
    #[serde(deserialize_with = "null_as_default")]
    pub payment_id: String,
    /// Local sellers outside SEA: revenue after seller discounts.
    #[serde(deserialize_with = "decimal", skip_serializing_if = "Option::is_none")]
    pub net_sales_amount: Option<Decimal>,
    /// Local sellers outside SEA.
    #[serde(deserialize_with = "decimal", skip_serializing_if = "Option::is_none")]
    pub shipping_cost_amount: Option<Decimal>,
}

/// `data` of Get Statements, generic over how a statement is held (the sandbox writes
/// [`Statement`] values; the client reads each one raw first).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(bound(deserialize = "T: Deserialize<'de>"))]
pub struct StatementsData<T> {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_page_token: Option<String>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub statements: Vec<T>,
}

/// One page of Get Statements.
#[derive(Debug, Clone, Default)]
pub struct StatementPage {
    pub statements: Vec<Statement>,
    pub undecodable: Vec<Undecodable>,
    /// `None` on the last page.
    pub next_page_token: Option<String>,
}

impl StatementPage {
    pub(crate) fn from_raw(raw: StatementsData<Box<RawValue>>) -> Self {
        let decoded = Decoded::from_raw(raw.statements);
        Self {
            statements: decoded.items,
            undecodable: decoded.undecodable,
            next_page_token: next_token(raw.next_page_token),
        }
    }
}
