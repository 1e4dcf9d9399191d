//! Streaming reads for the export: every transaction, and every order's earnings, of the
//! statements a query selects, handed one at a time to the caller's writer inside one read
//! snapshot, so a year of transactions is never held in memory at once.

use super::reads::{earnings_row, earnings_select, FinanceQuery, OrderEarningsRecord};
use super::records::TransactionRecord;
use crate::{Store, StoreError};
use rusqlite::params_from_iter;

/// A transaction with its statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatementTransactionRow {
    pub shop_id: String,
    pub statement_id: String,
    pub statement_time: i64,
    pub currency: String,
    pub transaction: TransactionRecord,
}

impl Store {
    /// Calls `f` with each transaction of the statements `q` selects (by statement time,
    /// oldest first; `offset` and `limit` ignored).
    pub fn for_each_finance_transaction<E: From<StoreError>>(
        &self,
        q: &FinanceQuery,
        mut f: impl FnMut(StatementTransactionRow) -> Result<(), E>,
    ) -> Result<(), E> {
        self.read_as(|conn| {
            let (filter, args) = q.filter("t", "statement_time");
            let mut stmt = conn
                .prepare(&format!(
                    "SELECT t.shop_id, t.statement_id, t.statement_time, t.currency,
                            x.transaction_id, x.kind, x.order_id, x.order_create_time,
                            x.adjustment_id, x.reserve_id, x.reserve_status,
                            x.estimated_release_time, x.settlement_amount, x.revenue_amount,
                            x.shipping_cost_amount, x.fee_tax_amount, x.adjustment_amount,
                            x.reserve_amount, x.parts
                     FROM finance_statements t
                     JOIN finance_transactions x
                       ON x.shop_id = t.shop_id AND x.statement_id = t.statement_id
                     WHERE {filter}
                     ORDER BY t.statement_time, t.shop_id, x.order_create_time IS NULL,
                              x.order_create_time, x.transaction_id"
                ))
                .map_err(StoreError::from)?;
            let mut rows = stmt
                .query(params_from_iter(args.iter()))
                .map_err(StoreError::from)?;
            while let Some(r) = rows.next().map_err(StoreError::from)? {
                let row = (|| {
                    Ok::<_, rusqlite::Error>(StatementTransactionRow {
                        shop_id: r.get(0)?,
                        statement_id: r.get(1)?,
                        statement_time: r.get(2)?,
                        currency: r.get(3)?,
                        transaction: super::reads::transaction_at(r, 4)?,
                    })
                })()
                .map_err(StoreError::from)?;
                f(row)?;
            }
            Ok(())
        })
    }

    /// Calls `f` with the earnings of each order settled in the statements `q` selects (by
    /// the settling statement's time, oldest first; `offset` and `limit` ignored).
    pub fn for_each_order_earnings<E: From<StoreError>>(
        &self,
        q: &FinanceQuery,
        mut f: impl FnMut(OrderEarningsRecord) -> Result<(), E>,
    ) -> Result<(), E> {
        self.read_as(|conn| {
            let (filter, args) = q.filter("e", "statement_time");
            let sql = format!(
                "{} WHERE {filter} ORDER BY e.statement_time, e.shop_id, e.order_id",
                earnings_select()
            );
            let mut stmt = conn.prepare(&sql).map_err(StoreError::from)?;
            let mut rows = stmt
                .query(params_from_iter(args.iter()))
                .map_err(StoreError::from)?;
            while let Some(r) = rows.next().map_err(StoreError::from)? {
                f(earnings_row(r).map_err(StoreError::from)?)?;
            }
            Ok(())
        })
    }
}
