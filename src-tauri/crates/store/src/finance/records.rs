//! The plain records core hands in for the finance tables, and what the reads give back.
//! Amounts are [`Decimal`]s in the record's currency (stored as their decimal text); TikTok's
//! words (types, statuses) are kept as sent, so a new one never fails a write.

use super::parts::Parts;
use rust_decimal::Decimal;

/// A statement as Get Statements lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatementRecord {
    pub statement_id: String,
    /// The 00:00 UTC that closed the statement's day.
    pub statement_time: i64,
    pub currency: String,
    /// TikTok's truth for the day.
    pub settlement_amount: Option<Decimal>,
    pub revenue_amount: Option<Decimal>,
    pub fee_amount: Option<Decimal>,
    pub adjustment_amount: Option<Decimal>,
    pub net_sales_amount: Option<Decimal>,
    pub shipping_cost_amount: Option<Decimal>,
    /// PAID, FAILED, PROCESSING (or a word TikTok added).
    pub payment_status: String,
    /// `None` while the statement waits to be paid with later ones.
    pub payment_id: Option<String>,
    /// The statement as read (every field the client knows, re-encoded as JSON).
    pub raw_json: String,
}

/// An amount and its currency, as Get Payments writes money.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Money {
    pub amount: Decimal,
    pub currency: String,
}

/// A payout as Get Payments lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentRecord {
    pub payment_id: String,
    pub create_time: Option<i64>,
    pub status: String,
    /// What reached the bank, after exchange.
    pub amount: Option<Money>,
    pub settlement_amount: Option<Money>,
    pub reserve_amount: Option<Money>,
    pub before_exchange: Option<Money>,
    pub exchange_rate: Option<Decimal>,
    pub paid_time: Option<i64>,
    /// Masked by TikTok.
    pub bank_account: String,
    /// The payment as read (every field the client knows, re-encoded as JSON).
    pub raw_json: String,
}

/// Get Statement Transactions' totals of a statement (sent with every page).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StatementTotals {
    pub payable_amount: Option<Decimal>,
    pub reserve_amount: Option<Decimal>,
    pub settlement_amount: Option<Decimal>,
    pub revenue_amount: Option<Decimal>,
    pub shipping_cost_amount: Option<Decimal>,
    pub fee_tax_amount: Option<Decimal>,
    pub adjustment_amount: Option<Decimal>,
    /// Transactions in the whole statement.
    pub transaction_count: Option<i64>,
}

/// One transaction of a statement: an order's settlement (`ORDER`), a reserve movement
/// (`RESERVE`) or an adjustment (any other type).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TransactionRecord {
    pub transaction_id: String,
    pub kind: String,
    /// The order it concerns: the settled order, the adjustment's order or the reserve's
    /// associated order; `None` for an adjustment without an order.
    pub order_id: Option<String>,
    pub order_create_time: Option<i64>,
    pub adjustment_id: Option<String>,
    pub reserve_id: Option<String>,
    pub reserve_status: Option<String>,
    pub estimated_release_time: Option<i64>,
    /// What the transaction adds to the statement: TikTok's truth.
    pub settlement_amount: Option<Decimal>,
    pub revenue_amount: Option<Decimal>,
    pub shipping_cost_amount: Option<Decimal>,
    pub fee_tax_amount: Option<Decimal>,
    pub adjustment_amount: Option<Decimal>,
    pub reserve_amount: Option<Decimal>,
    /// Every amount of the breakdowns that is not zero, by kind (see [`Parts`]).
    pub parts: Parts,
}

/// The transaction types that are not adjustments.
pub const ORDER_KIND: &str = "ORDER";
pub const RESERVE_KIND: &str = "RESERVE";

impl TransactionRecord {
    /// An order's settlement.
    pub fn is_order(&self) -> bool {
        self.kind == ORDER_KIND
    }

    /// Anything but an order's settlement or a reserve movement.
    pub fn is_adjustment(&self) -> bool {
        !self.is_order() && self.kind != RESERVE_KIND && !self.kind.is_empty()
    }

    /// Revenue + shipping + fees and taxes (+ the adjustment of an adjustment), with their
    /// signs; `None` when none is given (a reserve).
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
}

/// Where the statement's transactions import stands after a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransactionsProgress {
    /// The next page's token (`None` when `done`).
    pub cursor: Option<String>,
    pub done: bool,
}

/// One SKU's part of an order's settlement (Get Order Transactions).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SkuSettlementRecord {
    pub statement_id: Option<String>,
    pub sku_id: Option<String>,
    pub sku_name: Option<String>,
    pub product_name: Option<String>,
    /// Units settled.
    pub quantity: Option<i64>,
    pub settlement_amount: Option<Decimal>,
    pub revenue_amount: Option<Decimal>,
    pub shipping_cost_amount: Option<Decimal>,
    pub fee_tax_amount: Option<Decimal>,
    /// The SKU's breakdown; summed into the order's parts when no statement transaction of
    /// the order is stored.
    pub parts: Parts,
}

/// Get Order Transactions' answer for one order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OrderSettlementRecord {
    pub order_id: String,
    pub currency: String,
    pub revenue_amount: Option<Decimal>,
    pub fee_tax_amount: Option<Decimal>,
    pub shipping_cost_amount: Option<Decimal>,
    pub settlement_amount: Option<Decimal>,
    /// Empty for an order TikTok has not settled.
    pub skus: Vec<SkuSettlementRecord>,
}
