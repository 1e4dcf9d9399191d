//! Reading the finance tables: statements (newest first, per shop or every shop, by date),
//! one statement's transactions, payments, and what an order earned (for its drawer, or for
//! many orders at once for the orders table's columns).

use super::amounts::{at, parts_at};
use super::parts::Parts;
use super::records::{
    Money, PaymentRecord, SkuSettlementRecord, StatementRecord, StatementTotals, TransactionRecord,
};
use crate::{Store, StoreError};
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension, Row};
use rust_decimal::Decimal;
use std::collections::HashMap;

/// The most rows one read of a list returns.
pub const MAX_FINANCE_PAGE: u32 = 1_000;

/// Which statements (or payments) a list shows. Times are Unix seconds of `statement_time`
/// (payments: `create_time`), `from` inclusive, `to` exclusive.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FinanceQuery {
    /// Empty = every shop.
    pub shop_ids: Vec<String>,
    pub from: Option<i64>,
    pub to: Option<i64>,
    pub offset: u32,
    /// `None` = [`MAX_FINANCE_PAGE`].
    pub limit: Option<u32>,
}

impl FinanceQuery {
    /// `WHERE` over `time_col` and `shop_id` of the table aliased `alias`, with its arguments.
    pub(crate) fn filter(&self, alias: &str, time_col: &str) -> (String, Vec<Value>) {
        let mut clauses = vec!["1 = 1".to_owned()];
        let mut args: Vec<Value> = Vec::new();
        if !self.shop_ids.is_empty() {
            let marks = vec!["?"; self.shop_ids.len()].join(", ");
            clauses.push(format!("{alias}.shop_id IN ({marks})"));
            args.extend(self.shop_ids.iter().cloned().map(Value::Text));
        }
        if let Some(from) = self.from {
            clauses.push(format!("{alias}.{time_col} >= ?"));
            args.push(Value::Integer(from));
        }
        if let Some(to) = self.to {
            clauses.push(format!("{alias}.{time_col} < ?"));
            args.push(Value::Integer(to));
        }
        (clauses.join(" AND "), args)
    }

    fn limit(&self) -> u32 {
        self.limit.unwrap_or(MAX_FINANCE_PAGE).min(MAX_FINANCE_PAGE)
    }
}

/// A stored statement with its transactions' totals and the payment that pays it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatementRow {
    pub shop_id: String,
    pub statement: StatementRecord,
    /// Get Statement Transactions' totals (none before its first page is stored).
    pub totals: StatementTotals,
    /// Every transaction is stored.
    pub transactions_done: bool,
    pub transactions_stored: u32,
    /// Its transactions' amounts by kind (filled once all are stored).
    pub parts: Parts,
    /// The stored payment named by `payment_id`.
    pub payment: Option<PaymentRecord>,
}

/// A page of statements and how many match in all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatementPage {
    pub rows: Vec<StatementRow>,
    pub total: u32,
}

const STATEMENT_COLUMNS: &str = "t.shop_id, t.statement_id, t.statement_time, t.currency,
    t.settlement_amount, t.revenue_amount, t.fee_amount, t.adjustment_amount,
    t.net_sales_amount, t.shipping_cost_amount, t.payment_status, t.payment_id, t.raw_json,
    t.payable_amount, t.total_reserve_amount, t.total_settlement_amount, t.total_revenue_amount,
    t.total_shipping_cost_amount, t.total_fee_tax_amount, t.total_adjustment_amount,
    t.transaction_count, t.transactions_done, t.parts,
    (SELECT COUNT(*) FROM finance_transactions x
     WHERE x.shop_id = t.shop_id AND x.statement_id = t.statement_id)";

fn statement_row(r: &Row<'_>) -> rusqlite::Result<StatementRow> {
    Ok(StatementRow {
        shop_id: r.get(0)?,
        statement: StatementRecord {
            statement_id: r.get(1)?,
            statement_time: r.get(2)?,
            currency: r.get(3)?,
            settlement_amount: at(r, 4)?,
            revenue_amount: at(r, 5)?,
            fee_amount: at(r, 6)?,
            adjustment_amount: at(r, 7)?,
            net_sales_amount: at(r, 8)?,
            shipping_cost_amount: at(r, 9)?,
            payment_status: r.get(10)?,
            payment_id: r.get(11)?,
            raw_json: r.get(12)?,
        },
        totals: StatementTotals {
            payable_amount: at(r, 13)?,
            reserve_amount: at(r, 14)?,
            settlement_amount: at(r, 15)?,
            revenue_amount: at(r, 16)?,
            shipping_cost_amount: at(r, 17)?,
            fee_tax_amount: at(r, 18)?,
            adjustment_amount: at(r, 19)?,
            transaction_count: r.get(20)?,
        },
        transactions_done: r.get(21)?,
        parts: parts_at(r, 22)?,
        transactions_stored: r.get(23)?,
        payment: None,
    })
}

const PAYMENT_COLUMNS: &str = "t.shop_id, t.payment_id, t.create_time, t.status, t.amount,
    t.amount_currency, t.settlement_amount, t.settlement_currency, t.reserve_amount,
    t.reserve_currency, t.before_exchange_amount, t.before_exchange_currency, t.exchange_rate,
    t.paid_time, t.bank_account, t.raw_json";

fn money_at(r: &Row<'_>, idx: usize) -> rusqlite::Result<Option<Money>> {
    Ok(at(r, idx)?.map(|amount| Money {
        amount,
        currency: r
            .get::<_, Option<String>>(idx + 1)
            .ok()
            .flatten()
            .unwrap_or_default(),
    }))
}

fn payment_row(r: &Row<'_>) -> rusqlite::Result<(String, PaymentRecord)> {
    Ok((
        r.get(0)?,
        PaymentRecord {
            payment_id: r.get(1)?,
            create_time: r.get(2)?,
            status: r.get(3)?,
            amount: money_at(r, 4)?,
            settlement_amount: money_at(r, 6)?,
            reserve_amount: money_at(r, 8)?,
            before_exchange: money_at(r, 10)?,
            exchange_rate: at(r, 12)?,
            paid_time: r.get(13)?,
            bank_account: r.get(14)?,
            raw_json: r.get(15)?,
        },
    ))
}

fn payment(
    conn: &Connection,
    shop_id: &str,
    payment_id: &str,
) -> Result<Option<PaymentRecord>, StoreError> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {PAYMENT_COLUMNS} FROM finance_payments t
             WHERE t.shop_id = ?1 AND t.payment_id = ?2"
        ))?
        .query_row(params![shop_id, payment_id], payment_row)
        .optional()?
        .map(|(_, p)| p))
}

fn with_payments(
    conn: &Connection,
    mut rows: Vec<StatementRow>,
) -> Result<Vec<StatementRow>, StoreError> {
    for row in &mut rows {
        if let Some(id) = row.statement.payment_id.clone() {
            row.payment = payment(conn, &row.shop_id, &id)?;
        }
    }
    Ok(rows)
}

const TRANSACTION_COLUMNS: &str = "t.transaction_id, t.kind, t.order_id, t.order_create_time,
    t.adjustment_id, t.reserve_id, t.reserve_status, t.estimated_release_time,
    t.settlement_amount, t.revenue_amount, t.shipping_cost_amount, t.fee_tax_amount,
    t.adjustment_amount, t.reserve_amount, t.parts";

/// A transaction whose columns ([`TRANSACTION_COLUMNS`]) start at column `o`.
pub(crate) fn transaction_at(r: &Row<'_>, o: usize) -> rusqlite::Result<TransactionRecord> {
    Ok(TransactionRecord {
        transaction_id: r.get(o)?,
        kind: r.get(o + 1)?,
        order_id: r.get(o + 2)?,
        order_create_time: r.get(o + 3)?,
        adjustment_id: r.get(o + 4)?,
        reserve_id: r.get(o + 5)?,
        reserve_status: r.get(o + 6)?,
        estimated_release_time: r.get(o + 7)?,
        settlement_amount: at(r, o + 8)?,
        revenue_amount: at(r, o + 9)?,
        shipping_cost_amount: at(r, o + 10)?,
        fee_tax_amount: at(r, o + 11)?,
        adjustment_amount: at(r, o + 12)?,
        reserve_amount: at(r, o + 13)?,
        parts: parts_at(r, o + 14)?,
    })
}

/// Where an order's earnings came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EarningsSource {
    /// Its transactions in the statements.
    Statements,
    /// Get Order Transactions (its statement's transactions are not stored).
    Order,
}

/// What an order earned, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderEarningsRecord {
    pub shop_id: String,
    pub order_id: String,
    pub currency: String,
    pub source: EarningsSource,
    /// The statement that settled it.
    pub statement_id: Option<String>,
    pub statement_time: Option<i64>,
    pub revenue_amount: Option<Decimal>,
    pub shipping_cost_amount: Option<Decimal>,
    pub fee_amount: Option<Decimal>,
    pub tax_amount: Option<Decimal>,
    pub fee_tax_amount: Option<Decimal>,
    /// The adjustments that name the order.
    pub adjustment_amount: Option<Decimal>,
    /// Reserve withheld (negative) and released (positive).
    pub reserve_amount: Option<Decimal>,
    /// TikTok's truth; `None` while the order is not settled (adjustments only).
    pub settlement_amount: Option<Decimal>,
    pub parts_sum: Option<Decimal>,
    /// `settlement_amount - parts_sum` when they differ.
    pub settlement_gap: Option<Decimal>,
    pub parts: Parts,
    /// When Get Order Transactions' answer was stored.
    pub skus_fetched_at: Option<i64>,
}

/// An order's earnings with the rows they come from (the drawer).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderEarningsDetail {
    pub earnings: OrderEarningsRecord,
    /// Get Order Transactions' SKUs (their `parts` are not kept).
    pub skus: Vec<SkuSettlementRecord>,
    /// Every stored transaction naming the order, oldest statement first, with its
    /// statement's id and time.
    pub transactions: Vec<(String, i64, TransactionRecord)>,
}

const EARNINGS_COLUMNS: &str = "e.shop_id, e.order_id, e.currency, e.source, e.statement_id,
    e.statement_time, e.revenue_amount, e.shipping_cost_amount, e.fee_amount, e.tax_amount,
    e.fee_tax_amount, e.adjustment_amount, e.reserve_amount, e.settlement_amount, e.parts_sum,
    e.settlement_gap, e.parts, e.skus_fetched_at";

pub(crate) fn earnings_row(r: &Row<'_>) -> rusqlite::Result<OrderEarningsRecord> {
    Ok(OrderEarningsRecord {
        shop_id: r.get(0)?,
        order_id: r.get(1)?,
        currency: r.get(2)?,
        source: match r.get::<_, String>(3)?.as_str() {
            "order" => EarningsSource::Order,
            _ => EarningsSource::Statements,
        },
        statement_id: r.get(4)?,
        statement_time: r.get(5)?,
        revenue_amount: at(r, 6)?,
        shipping_cost_amount: at(r, 7)?,
        fee_amount: at(r, 8)?,
        tax_amount: at(r, 9)?,
        fee_tax_amount: at(r, 10)?,
        adjustment_amount: at(r, 11)?,
        reserve_amount: at(r, 12)?,
        settlement_amount: at(r, 13)?,
        parts_sum: at(r, 14)?,
        settlement_gap: at(r, 15)?,
        parts: parts_at(r, 16)?,
        skus_fetched_at: r.get(17)?,
    })
}

pub(crate) fn earnings_select() -> String {
    format!("SELECT {EARNINGS_COLUMNS} FROM finance_order_earnings e")
}

fn skus(
    conn: &Connection,
    shop_id: &str,
    order_id: &str,
) -> Result<Vec<SkuSettlementRecord>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT statement_id, sku_id, sku_name, product_name, quantity, settlement_amount,
                revenue_amount, shipping_cost_amount, fee_tax_amount
         FROM finance_order_skus WHERE shop_id = ?1 AND order_id = ?2 ORDER BY position",
    )?;
    let rows = stmt.query_map(params![shop_id, order_id], |r| {
        Ok(SkuSettlementRecord {
            statement_id: r.get(0)?,
            sku_id: r.get(1)?,
            sku_name: r.get(2)?,
            product_name: r.get(3)?,
            quantity: r.get(4)?,
            settlement_amount: at(r, 5)?,
            revenue_amount: at(r, 6)?,
            shipping_cost_amount: at(r, 7)?,
            fee_tax_amount: at(r, 8)?,
            parts: Parts::default(),
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

impl Store {
    /// Statements, newest first, with the payment that pays each (when stored).
    pub fn finance_statements(&self, q: &FinanceQuery) -> Result<StatementPage, StoreError> {
        self.read(|conn| {
            let (filter, args) = q.filter("t", "statement_time");
            let total: u32 = conn.query_row(
                &format!("SELECT COUNT(*) FROM finance_statements t WHERE {filter}"),
                params_from_iter(args.iter()),
                |r| r.get(0),
            )?;
            let mut page_args = args;
            page_args.push(Value::Integer(i64::from(q.limit())));
            page_args.push(Value::Integer(i64::from(q.offset)));
            let rows = conn
                .prepare(&format!(
                    "SELECT {STATEMENT_COLUMNS} FROM finance_statements t WHERE {filter}
                     ORDER BY t.statement_time DESC, t.shop_id, t.statement_id
                     LIMIT ? OFFSET ?"
                ))?
                .query_map(params_from_iter(page_args.iter()), statement_row)?
                .collect::<Result<Vec<_>, _>>()?;
            Ok(StatementPage {
                rows: with_payments(conn, rows)?,
                total,
            })
        })
    }

    /// One statement and its stored transactions in TikTok's order (order creation time,
    /// then id; the adjustments without an order last); `None` when it is not stored.
    pub fn finance_statement(
        &self,
        shop_id: &str,
        statement_id: &str,
    ) -> Result<Option<(StatementRow, Vec<TransactionRecord>)>, StoreError> {
        self.read(|conn| {
            let Some(row) = conn
                .prepare_cached(&format!(
                    "SELECT {STATEMENT_COLUMNS} FROM finance_statements t
                     WHERE t.shop_id = ?1 AND t.statement_id = ?2"
                ))?
                .query_row(params![shop_id, statement_id], statement_row)
                .optional()?
            else {
                return Ok(None);
            };
            let row = with_payments(conn, vec![row])?.remove(0);
            let transactions = conn
                .prepare_cached(&format!(
                    "SELECT {TRANSACTION_COLUMNS} FROM finance_transactions t
                     WHERE t.shop_id = ?1 AND t.statement_id = ?2
                     ORDER BY t.order_create_time IS NULL, t.order_create_time, t.transaction_id"
                ))?
                .query_map(params![shop_id, statement_id], |r| transaction_at(r, 0))?
                .collect::<Result<Vec<_>, _>>()?;
            Ok(Some((row, transactions)))
        })
    }

    /// Payments, newest first, with their shop.
    pub fn finance_payments(
        &self,
        q: &FinanceQuery,
    ) -> Result<Vec<(String, PaymentRecord)>, StoreError> {
        self.read(|conn| {
            let (filter, mut args) = q.filter("t", "create_time");
            args.push(Value::Integer(i64::from(q.limit())));
            args.push(Value::Integer(i64::from(q.offset)));
            Ok(conn
                .prepare(&format!(
                    "SELECT {PAYMENT_COLUMNS} FROM finance_payments t WHERE {filter}
                     ORDER BY t.create_time DESC, t.shop_id, t.payment_id LIMIT ? OFFSET ?"
                ))?
                .query_map(params_from_iter(args.iter()), payment_row)?
                .collect::<Result<Vec<_>, _>>()?)
        })
    }

    /// What the order earned, with its SKUs and transactions; `None` when nothing of it is
    /// stored (not settled, or not imported yet).
    pub fn order_earnings(
        &self,
        shop_id: &str,
        order_id: &str,
    ) -> Result<Option<OrderEarningsDetail>, StoreError> {
        self.read(|conn| {
            let Some(earnings) = conn
                .prepare_cached(&format!(
                    "{} WHERE e.shop_id = ?1 AND e.order_id = ?2",
                    earnings_select()
                ))?
                .query_row(params![shop_id, order_id], earnings_row)
                .optional()?
            else {
                return Ok(None);
            };
            let transactions = conn
                .prepare_cached(&format!(
                    "SELECT s.statement_id, s.statement_time, {TRANSACTION_COLUMNS}
                     FROM finance_transactions t
                     JOIN finance_statements s
                       ON s.shop_id = t.shop_id AND s.statement_id = t.statement_id
                     WHERE t.shop_id = ?1 AND t.order_id = ?2
                     ORDER BY s.statement_time, t.transaction_id"
                ))?
                .query_map(params![shop_id, order_id], |r| {
                    Ok((r.get(0)?, r.get(1)?, transaction_at(r, 2)?))
                })?
                .collect::<Result<Vec<_>, _>>()?;
            Ok(Some(OrderEarningsDetail {
                skus: skus(conn, shop_id, order_id)?,
                earnings,
                transactions,
            }))
        })
    }

    /// The earnings of many orders of one shop at once (the orders table's columns), by
    /// order id; orders with nothing stored are absent.
    pub fn orders_earnings(
        &self,
        shop_id: &str,
        order_ids: &[String],
    ) -> Result<HashMap<String, OrderEarningsRecord>, StoreError> {
        self.read(|conn| {
            let mut out = HashMap::with_capacity(order_ids.len());
            let mut stmt = conn.prepare_cached(&format!(
                "{} WHERE e.shop_id = ?1 AND e.order_id = ?2",
                earnings_select()
            ))?;
            for id in order_ids {
                if let Some(e) = stmt
                    .query_row(params![shop_id, id], earnings_row)
                    .optional()?
                {
                    out.insert(id.clone(), e);
                }
            }
            Ok(out)
        })
    }
}
