//! Writing what the finance import read: statements and payments by their ids, a page of a
//! statement's transactions with the statement's totals and the page's progress, and one
//! order's Get Order Transactions answer. Each is one call inside the caller's transaction,
//! so the progress written with a page never runs ahead of what the page stored, and a page
//! stored twice changes nothing.

use super::amounts::text;
use super::earnings::{rebuild_order, rebuild_statement_parts, OrderLevel};
use super::records::{
    OrderSettlementRecord, PaymentRecord, StatementRecord, StatementTotals, TransactionRecord,
    TransactionsProgress,
};
use crate::error::is_foreign_key_violation;
use crate::StoreError;
use rusqlite::{named_params, params, Connection, OptionalExtension};
use std::collections::BTreeSet;

/// What a write added and changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FinanceStored {
    pub inserted: u32,
    pub updated: u32,
}

impl FinanceStored {
    fn count(&mut self, existed: bool) {
        if existed {
            self.updated += 1;
        } else {
            self.inserted += 1;
        }
    }
}

fn shop_missing(shop_id: &str) -> impl Fn(StoreError) -> StoreError + '_ {
    move |e| match e {
        StoreError::Sqlite(e) if is_foreign_key_violation(&e) => {
            StoreError::ShopNotFound(shop_id.to_owned())
        }
        other => other,
    }
}

fn exists(conn: &Connection, sql: &str, args: impl rusqlite::Params) -> Result<bool, StoreError> {
    Ok(conn
        .prepare_cached(sql)?
        .query_row(args, |_| Ok(()))
        .optional()?
        .is_some())
}

const UPSERT_STATEMENT: &str = "
INSERT INTO finance_statements (shop_id, statement_id, statement_time, currency,
    settlement_amount, revenue_amount, fee_amount, adjustment_amount, net_sales_amount,
    shipping_cost_amount, payment_status, payment_id, raw_json, imported_at)
VALUES (:shop_id, :statement_id, :statement_time, :currency, :settlement_amount,
    :revenue_amount, :fee_amount, :adjustment_amount, :net_sales_amount, :shipping_cost_amount,
    :payment_status, :payment_id, :raw_json, :imported_at)
ON CONFLICT (shop_id, statement_id) DO UPDATE SET
    statement_time = excluded.statement_time,
    currency = excluded.currency,
    settlement_amount = excluded.settlement_amount,
    revenue_amount = excluded.revenue_amount,
    fee_amount = excluded.fee_amount,
    adjustment_amount = excluded.adjustment_amount,
    net_sales_amount = excluded.net_sales_amount,
    shipping_cost_amount = excluded.shipping_cost_amount,
    payment_status = excluded.payment_status,
    payment_id = excluded.payment_id,
    raw_json = excluded.raw_json,
    imported_at = excluded.imported_at";

/// Stores a page of Get Statements; a statement stored before keeps its transactions and
/// their progress.
pub(crate) fn upsert_statements(
    conn: &Connection,
    shop_id: &str,
    statements: &[StatementRecord],
    now: i64,
) -> Result<FinanceStored, StoreError> {
    let mut stored = FinanceStored::default();
    for s in statements {
        if s.statement_id.trim().is_empty() {
            return Err(StoreError::Invalid("a statement needs an id".into()));
        }
        stored.count(exists(
            conn,
            "SELECT 1 FROM finance_statements WHERE shop_id = ?1 AND statement_id = ?2",
            params![shop_id, s.statement_id],
        )?);
        conn.prepare_cached(UPSERT_STATEMENT)?
            .execute(named_params! {
                ":shop_id": shop_id,
                ":statement_id": s.statement_id,
                ":statement_time": s.statement_time,
                ":currency": s.currency,
                ":settlement_amount": text(s.settlement_amount),
                ":revenue_amount": text(s.revenue_amount),
                ":fee_amount": text(s.fee_amount),
                ":adjustment_amount": text(s.adjustment_amount),
                ":net_sales_amount": text(s.net_sales_amount),
                ":shipping_cost_amount": text(s.shipping_cost_amount),
                ":payment_status": s.payment_status,
                ":payment_id": s.payment_id.as_deref().filter(|p| !p.is_empty()),
                ":raw_json": s.raw_json,
                ":imported_at": now,
            })
            .map_err(StoreError::from)
            .map_err(shop_missing(shop_id))?;
    }
    Ok(stored)
}

const UPSERT_PAYMENT: &str = "
INSERT INTO finance_payments (shop_id, payment_id, create_time, status, amount, amount_currency,
    settlement_amount, settlement_currency, reserve_amount, reserve_currency,
    before_exchange_amount, before_exchange_currency, exchange_rate, paid_time, bank_account,
    raw_json, imported_at)
VALUES (:shop_id, :payment_id, :create_time, :status, :amount, :amount_currency,
    :settlement_amount, :settlement_currency, :reserve_amount, :reserve_currency,
    :before_exchange_amount, :before_exchange_currency, :exchange_rate, :paid_time,
    :bank_account, :raw_json, :imported_at)
ON CONFLICT (shop_id, payment_id) DO UPDATE SET
    create_time = excluded.create_time,
    status = excluded.status,
    amount = excluded.amount,
    amount_currency = excluded.amount_currency,
    settlement_amount = excluded.settlement_amount,
    settlement_currency = excluded.settlement_currency,
    reserve_amount = excluded.reserve_amount,
    reserve_currency = excluded.reserve_currency,
    before_exchange_amount = excluded.before_exchange_amount,
    before_exchange_currency = excluded.before_exchange_currency,
    exchange_rate = excluded.exchange_rate,
    paid_time = excluded.paid_time,
    bank_account = excluded.bank_account,
    raw_json = excluded.raw_json,
    imported_at = excluded.imported_at";

/// Stores a page of Get Payments.
pub(crate) fn upsert_payments(
    conn: &Connection,
    shop_id: &str,
    payments: &[PaymentRecord],
    now: i64,
) -> Result<FinanceStored, StoreError> {
    let mut stored = FinanceStored::default();
    for p in payments {
        if p.payment_id.trim().is_empty() {
            return Err(StoreError::Invalid("a payment needs an id".into()));
        }
        stored.count(exists(
            conn,
            "SELECT 1 FROM finance_payments WHERE shop_id = ?1 AND payment_id = ?2",
            params![shop_id, p.payment_id],
        )?);
        let money = |m: &Option<super::Money>| {
            (
                m.as_ref().map(|m| m.amount.to_string()),
                m.as_ref().map(|m| m.currency.clone()),
            )
        };
        let (amount, amount_currency) = money(&p.amount);
        let (settlement, settlement_currency) = money(&p.settlement_amount);
        let (reserve, reserve_currency) = money(&p.reserve_amount);
        let (before, before_currency) = money(&p.before_exchange);
        conn.prepare_cached(UPSERT_PAYMENT)?
            .execute(named_params! {
                ":shop_id": shop_id,
                ":payment_id": p.payment_id,
                ":create_time": p.create_time,
                ":status": p.status,
                ":amount": amount,
                ":amount_currency": amount_currency,
                ":settlement_amount": settlement,
                ":settlement_currency": settlement_currency,
                ":reserve_amount": reserve,
                ":reserve_currency": reserve_currency,
                ":before_exchange_amount": before,
                ":before_exchange_currency": before_currency,
                ":exchange_rate": text(p.exchange_rate),
                ":paid_time": p.paid_time,
                ":bank_account": p.bank_account,
                ":raw_json": p.raw_json,
                ":imported_at": now,
            })
            .map_err(StoreError::from)
            .map_err(shop_missing(shop_id))?;
    }
    Ok(stored)
}

const UPSERT_TRANSACTION: &str = "
INSERT INTO finance_transactions (shop_id, transaction_id, statement_id, kind, order_id,
    order_create_time, adjustment_id, reserve_id, reserve_status, estimated_release_time,
    settlement_amount, revenue_amount, shipping_cost_amount, fee_tax_amount, adjustment_amount,
    reserve_amount, parts)
VALUES (:shop_id, :transaction_id, :statement_id, :kind, :order_id, :order_create_time,
    :adjustment_id, :reserve_id, :reserve_status, :estimated_release_time, :settlement_amount,
    :revenue_amount, :shipping_cost_amount, :fee_tax_amount, :adjustment_amount,
    :reserve_amount, :parts)
ON CONFLICT (shop_id, transaction_id) DO UPDATE SET
    statement_id = excluded.statement_id,
    kind = excluded.kind,
    order_id = excluded.order_id,
    order_create_time = excluded.order_create_time,
    adjustment_id = excluded.adjustment_id,
    reserve_id = excluded.reserve_id,
    reserve_status = excluded.reserve_status,
    estimated_release_time = excluded.estimated_release_time,
    settlement_amount = excluded.settlement_amount,
    revenue_amount = excluded.revenue_amount,
    shipping_cost_amount = excluded.shipping_cost_amount,
    fee_tax_amount = excluded.fee_tax_amount,
    adjustment_amount = excluded.adjustment_amount,
    reserve_amount = excluded.reserve_amount,
    parts = excluded.parts";

const SET_TOTALS: &str = "
UPDATE finance_statements SET
    payable_amount = :payable_amount,
    total_reserve_amount = :reserve_amount,
    total_settlement_amount = :settlement_amount,
    total_revenue_amount = :revenue_amount,
    total_shipping_cost_amount = :shipping_cost_amount,
    total_fee_tax_amount = :fee_tax_amount,
    total_adjustment_amount = :adjustment_amount,
    transaction_count = :transaction_count,
    transactions_cursor = :cursor,
    transactions_done = :done
WHERE shop_id = :shop_id AND statement_id = :statement_id";

/// A blank id is no id.
fn id(v: &Option<String>) -> Option<&str> {
    v.as_deref().filter(|s| !s.trim().is_empty())
}

/// Stores one page of a stored statement's transactions with the statement's totals and the
/// page's progress, then rebuilds the earnings of every order the page concerns (and, on the
/// last page, the statement's amounts by kind).
pub(crate) fn store_transactions_page(
    conn: &Connection,
    shop_id: &str,
    statement_id: &str,
    totals: &StatementTotals,
    transactions: &[TransactionRecord],
    progress: &TransactionsProgress,
    now: i64,
) -> Result<FinanceStored, StoreError> {
    if !exists(
        conn,
        "SELECT 1 FROM finance_statements WHERE shop_id = ?1 AND statement_id = ?2",
        params![shop_id, statement_id],
    )? {
        return Err(StoreError::Invalid(format!(
            "statement {statement_id} of shop {shop_id} is not stored"
        )));
    }
    let mut stored = FinanceStored::default();
    let mut orders = BTreeSet::new();
    for t in transactions {
        if t.transaction_id.trim().is_empty() {
            return Err(StoreError::Invalid(format!(
                "a transaction of statement {statement_id} has no id"
            )));
        }
        // A transaction that moved to another statement leaves the old one's totals wrong
        // until it is read again; TikTok closes statements, so it is not expected.
        stored.count(exists(
            conn,
            "SELECT 1 FROM finance_transactions WHERE shop_id = ?1 AND transaction_id = ?2",
            params![shop_id, t.transaction_id],
        )?);
        conn.prepare_cached(UPSERT_TRANSACTION)?
            .execute(named_params! {
                ":shop_id": shop_id,
                ":transaction_id": t.transaction_id,
                ":statement_id": statement_id,
                ":kind": t.kind,
                ":order_id": id(&t.order_id),
                ":order_create_time": t.order_create_time,
                ":adjustment_id": id(&t.adjustment_id),
                ":reserve_id": id(&t.reserve_id),
                ":reserve_status": id(&t.reserve_status),
                ":estimated_release_time": t.estimated_release_time,
                ":settlement_amount": text(t.settlement_amount),
                ":revenue_amount": text(t.revenue_amount),
                ":shipping_cost_amount": text(t.shipping_cost_amount),
                ":fee_tax_amount": text(t.fee_tax_amount),
                ":adjustment_amount": text(t.adjustment_amount),
                ":reserve_amount": text(t.reserve_amount),
                ":parts": t.parts.to_json(),
            })?;
        if let Some(order) = id(&t.order_id) {
            orders.insert(order.to_owned());
        }
    }
    conn.prepare_cached(SET_TOTALS)?.execute(named_params! {
        ":payable_amount": text(totals.payable_amount),
        ":reserve_amount": text(totals.reserve_amount),
        ":settlement_amount": text(totals.settlement_amount),
        ":revenue_amount": text(totals.revenue_amount),
        ":shipping_cost_amount": text(totals.shipping_cost_amount),
        ":fee_tax_amount": text(totals.fee_tax_amount),
        ":adjustment_amount": text(totals.adjustment_amount),
        ":transaction_count": totals.transaction_count.filter(|n| *n >= 0),
        ":cursor": if progress.done { None } else { progress.cursor.as_deref() },
        ":done": progress.done,
        ":shop_id": shop_id,
        ":statement_id": statement_id,
    })?;
    for order in &orders {
        rebuild_order(conn, shop_id, order, None, now)?;
    }
    if progress.done {
        rebuild_statement_parts(conn, shop_id, statement_id)?;
    }
    Ok(stored)
}

const INSERT_SKU: &str = "
INSERT INTO finance_order_skus (shop_id, order_id, position, statement_id, sku_id, sku_name,
    product_name, quantity, settlement_amount, revenue_amount, shipping_cost_amount,
    fee_tax_amount)
VALUES (:shop_id, :order_id, :position, :statement_id, :sku_id, :sku_name, :product_name,
    :quantity, :settlement_amount, :revenue_amount, :shipping_cost_amount, :fee_tax_amount)";

/// Stores one order's Get Order Transactions answer: its SKUs replace the stored ones, and
/// the order is marked as asked (also when TikTok had not settled it: an empty answer). When
/// no statement transaction of the order is stored, its earnings come from this answer.
pub(crate) fn store_order_settlement(
    conn: &Connection,
    shop_id: &str,
    order: &OrderSettlementRecord,
    now: i64,
) -> Result<(), StoreError> {
    if order.order_id.trim().is_empty() {
        return Err(StoreError::Invalid(
            "an order settlement needs an order id".into(),
        ));
    }
    let settled = order.settlement_amount.is_some() || !order.skus.is_empty();
    let level = settled.then_some(OrderLevel(order));
    let has_row =
        rebuild_order(conn, shop_id, &order.order_id, level, now).map_err(shop_missing(shop_id))?;
    if !has_row {
        // Nothing settled and nothing stored: nothing to mark (asking again is harmless).
        return Ok(());
    }
    conn.prepare_cached("DELETE FROM finance_order_skus WHERE shop_id = ?1 AND order_id = ?2")?
        .execute(params![shop_id, order.order_id])?;
    for (position, s) in order.skus.iter().enumerate() {
        conn.prepare_cached(INSERT_SKU)?.execute(named_params! {
            ":shop_id": shop_id,
            ":order_id": order.order_id,
            ":position": position as i64,
            ":statement_id": id(&s.statement_id),
            ":sku_id": id(&s.sku_id),
            ":sku_name": s.sku_name,
            ":product_name": s.product_name,
            ":quantity": s.quantity.filter(|q| *q >= 0),
            ":settlement_amount": text(s.settlement_amount),
            ":revenue_amount": text(s.revenue_amount),
            ":shipping_cost_amount": text(s.shipping_cost_amount),
            ":fee_tax_amount": text(s.fee_tax_amount),
        })?;
    }
    conn.prepare_cached(
        "UPDATE finance_order_earnings SET skus_fetched_at = ?3
         WHERE shop_id = ?1 AND order_id = ?2",
    )?
    .execute(params![shop_id, order.order_id, now])?;
    Ok(())
}
