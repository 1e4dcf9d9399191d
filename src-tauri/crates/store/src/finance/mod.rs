//! Finance (issue 14; schema: the migration "finance: statements, payments and transactions"):
//! each shop's daily statements, its payouts, every statement's transactions, and what each
//! settled order earned, with the seller's costs where the SKU list has them.
//!
//! Writes go through [`WriteTxn`], so core stores each page in one transaction with the
//! import's progress (the watermark, or the statement's page cursor): the progress never runs
//! ahead of what is stored, and reading a page again changes nothing (every row is keyed by
//! TikTok's id). Writing a transaction rebuilds the earnings of the order it names
//! (module `earnings`), so an order's row is always the sum of its stored transactions.
//!
//! Reads: [`Store::finance_statements`], [`Store::finance_statement`] (with its transactions),
//! [`Store::finance_payments`], [`Store::order_earnings`] (the drawer),
//! [`Store::orders_earnings`] (table columns), [`Store::finance_summary`] (a period with chart
//! steps), [`Store::sku_costs`] and [`Store::order_units`] (profit), and the export's streams.

mod amounts;
mod costs;
mod earnings;
mod export;
mod import_state;
pub mod parts;
mod reads;
mod records;
mod summary;
mod write;

pub use costs::{CostPart, OrderUnits, UnitsLine, UnitsSource};
pub use export::StatementTransactionRow;
pub use import_state::PendingStatement;
pub use parts::Parts;
pub use reads::{
    EarningsSource, FinanceQuery, OrderEarningsDetail, OrderEarningsRecord, StatementPage,
    StatementRow, MAX_FINANCE_PAGE,
};
pub use records::{
    Money, OrderSettlementRecord, PaymentRecord, SkuSettlementRecord, StatementRecord,
    StatementTotals, TransactionRecord, TransactionsProgress, ORDER_KIND, RESERVE_KIND,
};
pub use summary::{CurrencySummary, SummaryBucket, SummaryStep};
pub use write::FinanceStored;

#[cfg(doc)]
use crate::Store;
use crate::{StoreError, WriteTxn};

impl WriteTxn<'_> {
    /// Stores a page of Get Statements of `shop_id`, read at `now` (Unix seconds); a statement
    /// stored before is updated (its payment status may have moved) and keeps its
    /// transactions.
    pub fn upsert_statements(
        &self,
        shop_id: &str,
        statements: &[StatementRecord],
        now: i64,
    ) -> Result<FinanceStored, StoreError> {
        write::upsert_statements(self.conn(), shop_id, statements, now)
    }

    /// Stores a page of Get Payments of `shop_id`.
    pub fn upsert_payments(
        &self,
        shop_id: &str,
        payments: &[PaymentRecord],
        now: i64,
    ) -> Result<FinanceStored, StoreError> {
        write::upsert_payments(self.conn(), shop_id, payments, now)
    }

    /// Stores one page of a stored statement's transactions, the statement's totals and the
    /// page's progress, and rebuilds the earnings of the orders the page names.
    pub fn store_statement_transactions(
        &self,
        shop_id: &str,
        statement_id: &str,
        totals: &StatementTotals,
        transactions: &[TransactionRecord],
        progress: &TransactionsProgress,
        now: i64,
    ) -> Result<FinanceStored, StoreError> {
        write::store_transactions_page(
            self.conn(),
            shop_id,
            statement_id,
            totals,
            transactions,
            progress,
            now,
        )
    }

    /// Stores one order's Get Order Transactions answer: its SKUs replace the stored ones and
    /// the order is marked as asked; with no statement transaction of the order stored, its
    /// earnings come from this answer.
    pub fn store_order_settlement(
        &self,
        shop_id: &str,
        order: &OrderSettlementRecord,
        now: i64,
    ) -> Result<(), StoreError> {
        write::store_order_settlement(self.conn(), shop_id, order, now)
    }
}
