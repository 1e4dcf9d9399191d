//! Get Payments (SPEC:finance/get-payments, `/finance/202309/payments`): the payouts to the
//! seller's bank account, sorted by `create_time` (the only sort field, and a required one).
//! Not available in SEA markets ([`super::payments_available`]). One payment pays one
//! statement, or several when their amounts were too small to pay on their own (OV:fin);
//! currency exchange shows only here (write-api §H): `settlement_amount` and `reserve_amount`
//! are in the shop's currency, `amount` in the payout currency at `exchange_rate`.

use super::decode::{next_token, Decoded, Undecodable};
use super::words::PaymentStatus;
use crate::lenient::{decimal, null_as_default};
use crate::model::SortOrder;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

/// The query of Get Payments: `create_time` from `ge` (inclusive) to `lt` (exclusive); a
/// missing end is completed by TikTok (`lt` = now, `ge` = the shop's beginning).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentsQuery {
    pub create_time_ge: Option<i64>,
    pub create_time_lt: Option<i64>,
    /// 1..=100 (TikTok's default is 20).
    pub page_size: u32,
    pub page_token: Option<String>,
    pub sort_order: SortOrder,
}

impl Default for PaymentsQuery {
    fn default() -> Self {
        Self {
            create_time_ge: None,
            create_time_lt: None,
            page_size: super::MAX_FINANCE_PAGE_SIZE,
            page_token: None,
            sort_order: SortOrder::Asc,
        }
    }
}

/// An amount with its currency, as Get Payments writes money.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Amount {
    #[serde(deserialize_with = "decimal", skip_serializing_if = "Option::is_none")]
    pub value: Option<Decimal>,
    /// ISO 4217.
    #[serde(deserialize_with = "null_as_default")]
    pub currency: String,
}

/// One payout.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Payment {
    /// When TikTok initiated the payment.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub create_time: Option<i64>,
    #[serde(deserialize_with = "null_as_default")]
    pub id: String,
    pub status: PaymentStatus,
    /// What reached the bank account, after currency exchange.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount: Option<Amount>,
    /// The settlement paid, before exchange.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub settlement_amount: Option<Amount>,
    /// Reserve withheld (negative) or released (positive), before exchange.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reserve_amount: Option<Amount>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payment_amount_before_exchange: Option<Amount>,
    /// Six decimals, e.g. "1.000000".
    #[serde(deserialize_with = "decimal", skip_serializing_if = "Option::is_none")]
    pub exchange_rate: Option<Decimal>,
    /// When the money arrived (paid payments only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub paid_time: Option<i64>,
    /// Masked, last four digits shown.
    #[serde(deserialize_with = "null_as_default")]
    pub bank_account: String,
}

/// `data` of Get Payments, generic over how a payment is held.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(bound(deserialize = "T: Deserialize<'de>"))]
pub struct PaymentsData<T> {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_page_token: Option<String>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub payments: Vec<T>,
}

/// One page of Get Payments.
#[derive(Debug, Clone, Default)]
pub struct PaymentPage {
    pub payments: Vec<Payment>,
    pub undecodable: Vec<Undecodable>,
    /// `None` on the last page.
    pub next_page_token: Option<String>,
}

impl PaymentPage {
    pub(crate) fn from_raw(raw: PaymentsData<Box<RawValue>>) -> Self {
        let decoded = Decoded::from_raw(raw.payments);
        Self {
            payments: decoded.items,
            undecodable: decoded.undecodable,
            next_page_token: next_token(raw.next_page_token),
        }
    }
}
