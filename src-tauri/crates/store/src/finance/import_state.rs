//! What the finance import asks the store before it asks TikTok: where to start again (the
//! oldest statement or payment whose payment may still change), which statements still have
//! transactions to read, and which settled orders still wait for Get Order Transactions.

use crate::{Store, StoreError};
use rusqlite::{params, OptionalExtension};

/// A statement whose transactions are not all stored, and the page token to go on from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingStatement {
    pub statement_id: String,
    pub statement_time: i64,
    pub cursor: Option<String>,
}

impl Store {
    /// The oldest statement of the shop at or after `since` whose payment is not `PAID` yet
    /// (processing, failed or waiting to be combined): an incremental import reads from there
    /// so its payment status follows TikTok's.
    pub fn oldest_unpaid_statement(
        &self,
        shop_id: &str,
        since: i64,
    ) -> Result<Option<i64>, StoreError> {
        self.read(|conn| {
            Ok(conn
                .prepare_cached(
                    "SELECT MIN(statement_time) FROM finance_statements
                     WHERE shop_id = ?1 AND statement_time >= ?2 AND payment_status <> 'PAID'",
                )?
                .query_row(params![shop_id, since], |r| r.get(0))?)
        })
    }

    /// The oldest payment of the shop created at or after `since` that is not `PAID` yet.
    pub fn oldest_unpaid_payment(
        &self,
        shop_id: &str,
        since: i64,
    ) -> Result<Option<i64>, StoreError> {
        self.read(|conn| {
            Ok(conn
                .prepare_cached(
                    "SELECT MIN(create_time) FROM finance_payments
                     WHERE shop_id = ?1 AND create_time >= ?2 AND status <> 'PAID'",
                )?
                .query_row(params![shop_id, since], |r| r.get(0))?)
        })
    }

    /// The shop's statements with `statement_time` in `[from, to)` whose transactions are not
    /// all stored, oldest first.
    pub fn statements_pending_transactions(
        &self,
        shop_id: &str,
        from: i64,
        to: i64,
    ) -> Result<Vec<PendingStatement>, StoreError> {
        self.read(|conn| {
            let mut stmt = conn.prepare_cached(
                "SELECT statement_id, statement_time, transactions_cursor
                 FROM finance_statements
                 WHERE shop_id = ?1 AND statement_time >= ?2 AND statement_time < ?3
                   AND transactions_done = 0
                 ORDER BY statement_time, statement_id",
            )?;
            let rows = stmt.query_map(params![shop_id, from, to], |r| {
                Ok(PendingStatement {
                    statement_id: r.get(0)?,
                    statement_time: r.get(1)?,
                    cursor: r.get(2)?,
                })
            })?;
            Ok(rows.collect::<Result<_, _>>()?)
        })
    }

    /// How many of the shop's statements with `statement_time` in `[from, to)` are stored,
    /// and how many of them have all their transactions.
    pub fn statements_done(
        &self,
        shop_id: &str,
        from: i64,
        to: i64,
    ) -> Result<(u64, u64), StoreError> {
        self.read(|conn| {
            Ok(conn
                .prepare_cached(
                    "SELECT COUNT(*), COALESCE(SUM(transactions_done), 0) FROM finance_statements
                     WHERE shop_id = ?1 AND statement_time >= ?2 AND statement_time < ?3",
                )?
                .query_row(params![shop_id, from, to], |r| Ok((r.get(0)?, r.get(1)?)))?)
        })
    }

    /// Settled orders of the shop whose Get Order Transactions answer is not stored, by order
    /// id after `after`, at most `limit`.
    pub fn orders_awaiting_skus(
        &self,
        shop_id: &str,
        after: Option<&str>,
        limit: u32,
    ) -> Result<Vec<String>, StoreError> {
        self.read(|conn| {
            let mut stmt = conn.prepare_cached(
                "SELECT order_id FROM finance_order_earnings
                 WHERE shop_id = ?1 AND skus_fetched_at IS NULL
                   AND settlement_amount IS NOT NULL AND order_id > ?2
                 ORDER BY order_id LIMIT ?3",
            )?;
            let rows =
                stmt.query_map(params![shop_id, after.unwrap_or(""), limit], |r| r.get(0))?;
            Ok(rows.collect::<Result<_, _>>()?)
        })
    }

    /// How many settled orders of the shop have their Get Order Transactions answer stored,
    /// and how many wait for it.
    pub fn order_skus_progress(&self, shop_id: &str) -> Result<(u64, u64), StoreError> {
        self.read(|conn| {
            Ok(conn
                .prepare_cached(
                    "SELECT COUNT(skus_fetched_at), COUNT(*) - COUNT(skus_fetched_at)
                     FROM finance_order_earnings
                     WHERE shop_id = ?1 AND settlement_amount IS NOT NULL",
                )?
                .query_row(params![shop_id], |r| Ok((r.get(0)?, r.get(1)?)))?)
        })
    }

    /// The newest stored statement time of the shop.
    pub fn newest_statement_time(&self, shop_id: &str) -> Result<Option<i64>, StoreError> {
        self.read(|conn| {
            Ok(conn
                .prepare_cached(
                    "SELECT MAX(statement_time) FROM finance_statements WHERE shop_id = ?1",
                )?
                .query_row(params![shop_id], |r| r.get(0))
                .optional()?
                .flatten())
        })
    }
}
