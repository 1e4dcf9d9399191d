//! Finance as the window and the CLI see it: the statements list, one statement with its
//! transactions, payouts, what an order earned (the drawer and the orders table's optional
//! columns), the period summary with its chart, and the import's progress. Amounts are
//! signed decimal strings with their currency (never numbers that could round); times are
//! Unix seconds, and a statement's `day` is the UTC day it covers as `YYYY-MM-DD`.

use crate::words::{
    ChartStep, EarningsSource, EarningsStatus, FinanceExportRows, FinanceImportStep, UnitsFrom,
};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Which statements (or payments) to show. `from` and `to` are days (Unix seconds, `to`
/// exclusive): a statement is in the range when the day it covers is.
#[derive(Debug, Clone, Default, Deserialize, Serialize, TS)]
pub struct FinanceQueryInput {
    /// Empty = every shop.
    pub shop_ids: Vec<String>,
    pub from: Option<i64>,
    pub to: Option<i64>,
    pub offset: u32,
    /// Rows per page (default and most 1000).
    pub limit: Option<u32>,
}

/// One amount by kind: `kind` is `group.field` (`fee.platform_commission_amount`,
/// `adjustment.CHARGE_BACK`), `label` its words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct AmountPartView {
    pub kind: String,
    /// `revenue`, `shipping`, `fee`, `tax`, `adjustment`, `reserve` or `supplementary`
    /// (amounts for reference that are not part of the settlement).
    pub group: String,
    pub label: String,
    pub amount: String,
}

/// One row of the statements list: a day's statement and its payout.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct StatementRowView {
    pub shop_id: String,
    pub statement_id: String,
    /// The 00:00 UTC that closed the statement.
    pub statement_time: i64,
    /// The day it covers, `YYYY-MM-DD` (UTC).
    pub day: String,
    pub currency: String,
    /// TikTok's settlement for the day: the truth.
    pub settlement: Option<String>,
    pub revenue: Option<String>,
    pub shipping: Option<String>,
    /// Fees and taxes (negative).
    pub fee_tax: Option<String>,
    pub adjustments: Option<String>,
    /// Reserve withheld (negative) or released (positive).
    pub reserve: Option<String>,
    /// Settlement plus reserve: what is paid out.
    pub payable: Option<String>,
    /// PAID, PROCESSING, FAILED (TikTok's words).
    pub payment_status: String,
    /// Empty while the statement waits to be paid together with later ones.
    pub payment_id: Option<String>,
    pub paid_time: Option<i64>,
    /// What reached the bank, in the payout's currency (after exchange).
    pub payout_amount: Option<String>,
    pub payout_currency: Option<String>,
    /// TikTok's count of the statement's transactions, and how many are stored.
    pub transaction_count: Option<i64>,
    pub transactions_stored: u32,
    /// Every transaction is stored.
    pub complete: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct StatementPageView {
    pub rows: Vec<StatementRowView>,
    /// Statements matching in all.
    pub total: u32,
}

/// One transaction of a statement: an order's settlement, a reserve movement or an
/// adjustment (which may concern no order).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct TransactionView {
    pub transaction_id: String,
    /// `ORDER`, `RESERVE` or the adjustment's type (TikTok's words).
    pub kind: String,
    pub is_adjustment: bool,
    pub order_id: Option<String>,
    pub order_create_time: Option<i64>,
    /// What it adds to the statement: TikTok's truth.
    pub settlement: Option<String>,
    pub revenue: Option<String>,
    pub shipping: Option<String>,
    pub fee_tax: Option<String>,
    pub adjustment: Option<String>,
    pub reserve: Option<String>,
    pub reserve_status: Option<String>,
    pub estimated_release_time: Option<i64>,
    /// Revenue + shipping + fees and taxes (+ adjustment), with their signs.
    pub parts_sum: Option<String>,
    /// Settlement minus the parts' sum, when they differ: shown, never hidden.
    pub gap: Option<String>,
    pub parts: Vec<AmountPartView>,
}

/// A statement with its transactions (the statements screen's detail).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct StatementDetailView {
    pub statement: StatementRowView,
    pub transactions: Vec<TransactionView>,
    /// The transactions' amounts by kind.
    pub parts: Vec<AmountPartView>,
}

/// A payout (Get Payments; none in SEA, where the statements' payment status tells).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct PayoutView {
    pub shop_id: String,
    pub payment_id: String,
    pub create_time: Option<i64>,
    pub status: String,
    /// What reached the bank, in `payout_currency`.
    pub amount: Option<String>,
    pub payout_currency: Option<String>,
    /// Settlement and reserve paid, in the shop's currency, before exchange.
    pub settlement: Option<String>,
    pub reserve: Option<String>,
    pub currency: Option<String>,
    pub exchange_rate: Option<String>,
    pub paid_time: Option<i64>,
    /// Masked by TikTok.
    pub bank_account: String,
}

/// A transaction that names an order, with its statement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct OrderTransactionView {
    pub statement_id: String,
    pub statement_time: i64,
    pub transaction: TransactionView,
}

/// One SKU of a settled order, with the seller's cost where the SKU list has it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct EarningsSkuView {
    pub sku_id: Option<String>,
    pub sku_name: Option<String>,
    pub product_name: Option<String>,
    pub units: Option<i64>,
    /// This SKU's part of the settlement (Get Order Transactions).
    pub settlement: Option<String>,
    /// What one unit costs the seller through the SKU's link.
    pub unit_cost: Option<String>,
    pub cost: Option<String>,
}

/// What an order earned (the order drawer).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct OrderEarningsView {
    pub shop_id: String,
    pub order_id: String,
    pub status: EarningsStatus,
    pub source: Option<EarningsSource>,
    pub currency: Option<String>,
    /// The statement that settled it.
    pub statement_id: Option<String>,
    pub statement_time: Option<i64>,
    /// The day of that statement, `YYYY-MM-DD` (UTC).
    pub settled_day: Option<String>,
    pub revenue: Option<String>,
    pub shipping: Option<String>,
    pub fees: Option<String>,
    pub taxes: Option<String>,
    pub fee_tax: Option<String>,
    /// The adjustments that name the order (chargebacks, reimbursements, ...).
    pub adjustments: Option<String>,
    pub reserve: Option<String>,
    /// TikTok's settlement: the truth.
    pub settlement: Option<String>,
    /// Revenue + shipping + fees and taxes, with their signs.
    pub parts_sum: Option<String>,
    /// Settlement minus the parts' sum, when they differ.
    pub gap: Option<String>,
    /// Settlement plus adjustments: what the order brought in.
    pub net: Option<String>,
    /// Each amount by kind (fees, taxes, shipping and its discounts, adjustments, and the
    /// reference amounts in `supplementary`).
    pub parts: Vec<AmountPartView>,
    pub transactions: Vec<OrderTransactionView>,
    pub skus: Vec<EarningsSkuView>,
    /// What the units cost the seller, through the SKU links and the SKU list's costs.
    pub cost: Option<String>,
    /// Net minus cost.
    pub profit: Option<String>,
    /// Profit as a percentage of revenue, one decimal.
    pub margin_percent: Option<String>,
    pub units_from: Option<UnitsFrom>,
    /// Why there is no profit (a SKU without a link, a local SKU without a cost, ...).
    pub profit_missing: Vec<String>,
}

/// An order's earnings in a few columns (the orders table).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct OrderEarningsRowView {
    pub shop_id: String,
    pub order_id: String,
    pub status: EarningsStatus,
    pub currency: Option<String>,
    pub revenue: Option<String>,
    pub fee_tax: Option<String>,
    pub shipping: Option<String>,
    pub settlement: Option<String>,
    pub gap: Option<String>,
    pub net: Option<String>,
    pub profit: Option<String>,
    pub margin_percent: Option<String>,
}

/// What the summary asks for: statements of the days `[from, to)` (Unix seconds).
#[derive(Debug, Clone, Deserialize, Serialize, TS)]
pub struct FinanceSummaryInput {
    /// Empty = every shop.
    pub shop_ids: Vec<String>,
    pub from: i64,
    pub to: i64,
    pub step: ChartStep,
}

/// One step of the chart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SummaryBucketView {
    /// 00:00 UTC of the step's first day.
    pub start: i64,
    pub day: String,
    pub settlement: String,
    pub revenue: String,
    pub shipping: String,
    pub fee_tax: String,
    pub adjustments: String,
    pub paid: String,
}

/// One currency's period (shops in different currencies are never added together).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct CurrencySummaryView {
    pub currency: String,
    pub statements: u32,
    /// Statements whose transactions are not all imported: their amounts by kind are missing.
    pub statements_incomplete: u32,
    pub settlement: String,
    pub revenue: String,
    pub shipping: String,
    pub fee_tax: String,
    pub fees: String,
    pub taxes: String,
    pub adjustments: String,
    pub reserve: String,
    /// Payable (settlement plus reserve) by payment status.
    pub paid: String,
    pub processing: String,
    pub failed: String,
    pub fees_by_kind: Vec<AmountPartView>,
    pub taxes_by_kind: Vec<AmountPartView>,
    pub shipping_by_kind: Vec<AmountPartView>,
    pub adjustments_by_kind: Vec<AmountPartView>,
    pub buckets: Vec<SummaryBucketView>,
    pub orders_settled: u32,
    /// Orders whose parts do not add up to TikTok's settlement, and the differences' sum.
    pub orders_with_gap: u32,
    pub gap_total: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct FinanceSummaryView {
    pub from: i64,
    pub to: i64,
    pub step: ChartStep,
    pub currencies: Vec<CurrencySummaryView>,
}

/// A finance import's progress.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct FinanceImportProgressView {
    pub shop_id: String,
    pub step: FinanceImportStep,
    /// The import's statements whose transactions are stored, of all of them.
    pub statements_done: u64,
    pub statements_total: u64,
    /// Settled orders whose transactions are stored, of all of them.
    pub orders_done: u64,
    pub orders_total: u64,
    pub finished: bool,
}

/// What a finance import did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
pub struct FinanceImportSummary {
    pub shop_id: String,
    /// Statements read (new and updated).
    pub statements: u32,
    pub statements_new: u32,
    pub payments: u32,
    /// Transactions stored by this run.
    pub transactions: u64,
    /// Settled orders whose transactions this run stored.
    pub orders: u64,
    /// Records TikTok sent that Shopdock could not read (logged, left out).
    pub unreadable: u32,
}

/// What the export writes: statements of the days `[from, to)`.
#[derive(Debug, Clone, Default, Deserialize, Serialize, TS)]
pub struct FinanceExportInput {
    /// Empty = every shop.
    pub shop_ids: Vec<String>,
    pub from: Option<i64>,
    pub to: Option<i64>,
    /// What a CSV holds (default transactions); a workbook holds all three.
    pub rows: Option<FinanceExportRows>,
}

/// How many rows an export wrote, of each table.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
pub struct FinanceExportSummary {
    pub statements: u64,
    pub transactions: u64,
    pub orders: u64,
}
