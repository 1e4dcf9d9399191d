//! Get Order Transactions (SPEC:finance/get-transactions-by-order,
//! `/finance/202501/orders/{order_id}/statement_transactions`; the 202309 version was blocked
//! after 2025-12-31): what one settled order earned, SKU by SKU. An order that is not settled
//! yet "will not appear" (OV:fin): the answer then carries no SKU transactions.
//!
//! Traps: the root names the fees `fee_and_tax_amount`, each SKU `fee_tax_amount`; `quantity`
//! is a string; and the spec's own example does not add up (revenue 200, fee −30, shipping
//! −70, settlement 130; write-api §H DISAGREE). [`OrderTransactions::settlement_gap`] says by
//! how much TikTok's `settlement_amount`, the truth, differs from the signed sum of the parts.

use super::breakdown::{FeeTaxBreakdown, RevenueBreakdown, ShippingCostBreakdown};
use super::decode::{Decoded, Undecodable};
use super::transactions::int_as_text;
use crate::lenient::{decimal, int_text, null_as_default};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

/// One SKU's part of an order's settlement.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct SkuTransaction {
    #[serde(deserialize_with = "null_as_default")]
    pub sku_id: String,
    #[serde(deserialize_with = "null_as_default")]
    pub sku_name: String,
    /// The statement this SKU was settled in.
    #[serde(deserialize_with = "null_as_default")]
    pub statement_id: String,
    #[serde(deserialize_with = "null_as_default")]
    pub product_name: String,
    /// Units settled (documented as a string).
    #[serde(
        deserialize_with = "int_text",
        serialize_with = "int_as_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub quantity: Option<i64>,
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
}

/// `data` of Get Order Transactions, generic over how a SKU transaction is held.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(bound(deserialize = "T: Deserialize<'de>"))]
pub struct OrderTransactionsData<T> {
    #[serde(
        default,
        deserialize_with = "null_as_default",
        skip_serializing_if = "String::is_empty"
    )]
    pub order_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order_create_time: Option<i64>,
    #[serde(
        default,
        deserialize_with = "null_as_default",
        skip_serializing_if = "String::is_empty"
    )]
    pub currency: String,
    #[serde(
        default,
        deserialize_with = "decimal",
        skip_serializing_if = "Option::is_none"
    )]
    pub revenue_amount: Option<Decimal>,
    /// Fees and taxes (named `fee_tax_amount` on each SKU).
    #[serde(
        default,
        deserialize_with = "decimal",
        skip_serializing_if = "Option::is_none"
    )]
    pub fee_and_tax_amount: Option<Decimal>,
    #[serde(
        default,
        deserialize_with = "decimal",
        skip_serializing_if = "Option::is_none"
    )]
    pub shipping_cost_amount: Option<Decimal>,
    /// What TikTok paid for the order: the truth.
    #[serde(
        default,
        deserialize_with = "decimal",
        skip_serializing_if = "Option::is_none"
    )]
    pub settlement_amount: Option<Decimal>,
    #[serde(
        default,
        deserialize_with = "null_as_default",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub sku_transactions: Vec<T>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_count: Option<i64>,
}

/// What Get Order Transactions said about one order.
#[derive(Debug, Clone)]
pub struct OrderTransactions {
    pub data: OrderTransactionsData<SkuTransaction>,
    pub undecodable: Vec<Undecodable>,
}

impl OrderTransactions {
    pub(crate) fn from_raw(raw: OrderTransactionsData<Box<RawValue>>) -> Self {
        let decoded = Decoded::from_raw(raw.sku_transactions);
        Self {
            data: OrderTransactionsData {
                order_id: raw.order_id,
                order_create_time: raw.order_create_time,
                currency: raw.currency,
                revenue_amount: raw.revenue_amount,
                fee_and_tax_amount: raw.fee_and_tax_amount,
                shipping_cost_amount: raw.shipping_cost_amount,
                settlement_amount: raw.settlement_amount,
                sku_transactions: decoded.items,
                total_count: raw.total_count,
            },
            undecodable: decoded.undecodable,
        }
    }

    /// Whether TikTok reported the order as settled (an unsettled order has no settlement).
    pub fn is_settled(&self) -> bool {
        self.data.settlement_amount.is_some() || !self.data.sku_transactions.is_empty()
    }

    /// Revenue + fees and taxes + shipping, with their signs (`None` if TikTok sent none).
    pub fn parts_sum(&self) -> Option<Decimal> {
        let d = &self.data;
        let parts = [
            d.revenue_amount,
            d.fee_and_tax_amount,
            d.shipping_cost_amount,
        ];
        parts
            .iter()
            .any(Option::is_some)
            .then(|| parts.iter().flatten().sum())
    }

    /// `settlement_amount` minus [`Self::parts_sum`], when both are known and differ.
    pub fn settlement_gap(&self) -> Option<Decimal> {
        let gap = self.data.settlement_amount? - self.parts_sum()?;
        (!gap.is_zero()).then_some(gap)
    }
}
