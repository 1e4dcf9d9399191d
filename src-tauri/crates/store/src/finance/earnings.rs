//! What each order earned and what each statement holds by kind, rebuilt from the stored
//! transactions whenever one of them is written, so they never disagree with the rows they
//! sum and a transaction read twice is counted once.
//!
//! An order's settlement comes from its `ORDER` transactions when any is stored (source
//! `statements`); otherwise from Get Order Transactions' answer (source `order`), kept as
//! written until an `ORDER` transaction arrives. Its adjustments and reserve movements always
//! come from the transactions that name it. TikTok's `settlement_amount` is the truth; the
//! signed sum of revenue, shipping and fees and taxes is kept beside it, and their difference
//! as `settlement_gap` (NULL when they agree).

use super::amounts::{add, at, parts_at, text};
use super::parts::{kind, Parts, ADJUSTMENT, FEE, TAX};
use super::records::{OrderSettlementRecord, ORDER_KIND, RESERVE_KIND};
use crate::StoreError;
use rusqlite::{named_params, params, Connection, OptionalExtension};
use rust_decimal::Decimal;

/// Get Order Transactions' answer for an order being written now.
#[derive(Clone, Copy)]
pub(crate) struct OrderLevel<'a>(pub &'a OrderSettlementRecord);

/// The settlement columns of an earnings row.
#[derive(Debug, Default)]
struct Settlement {
    revenue: Option<Decimal>,
    shipping: Option<Decimal>,
    fee_tax: Option<Decimal>,
    settlement: Option<Decimal>,
    parts_sum: Option<Decimal>,
    /// Without the adjustments (they are added from the transactions).
    parts: Parts,
    /// The statement Get Order Transactions named, and its time when that statement is stored.
    statement: Option<(String, Option<i64>)>,
}

/// One stored transaction of the order, as the rebuild needs it.
struct Stored {
    kind: String,
    statement_id: String,
    statement_time: i64,
    currency: String,
    settlement: Option<Decimal>,
    revenue: Option<Decimal>,
    shipping: Option<Decimal>,
    fee_tax: Option<Decimal>,
    adjustment: Option<Decimal>,
    reserve: Option<Decimal>,
    parts: Parts,
}

/// An order's transactions, oldest statement first. `INDEXED BY` because without planner
/// statistics (a new install's first import) SQLite takes the primary key's `shop_id` prefix
/// for selective and reads every transaction of the shop for each order: an import of
/// 100,000 settled orders spent its time there, at half the rate limit.
const ORDER_TRANSACTIONS: &str =
    "SELECT t.kind, t.statement_id, s.statement_time, s.currency, t.settlement_amount,
                t.revenue_amount, t.shipping_cost_amount, t.fee_tax_amount, t.adjustment_amount,
                t.reserve_amount, t.parts
         FROM finance_transactions t INDEXED BY finance_transactions_by_order
         JOIN finance_statements s ON s.shop_id = t.shop_id AND s.statement_id = t.statement_id
         WHERE t.shop_id = ?1 AND t.order_id = ?2
         ORDER BY s.statement_time, t.transaction_id";

fn transactions(
    conn: &Connection,
    shop_id: &str,
    order_id: &str,
) -> Result<Vec<Stored>, StoreError> {
    let mut stmt = conn.prepare_cached(ORDER_TRANSACTIONS)?;
    let rows = stmt.query_map(params![shop_id, order_id], |r| {
        Ok(Stored {
            kind: r.get(0)?,
            statement_id: r.get(1)?,
            statement_time: r.get(2)?,
            currency: r.get(3)?,
            settlement: at(r, 4)?,
            revenue: at(r, 5)?,
            shipping: at(r, 6)?,
            fee_tax: at(r, 7)?,
            adjustment: at(r, 8)?,
            reserve: at(r, 9)?,
            parts: parts_at(r, 10)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The earnings row as stored, when its settlement came from Get Order Transactions.
fn stored_order_level(
    conn: &Connection,
    shop_id: &str,
    order_id: &str,
) -> Result<Option<(Settlement, String)>, StoreError> {
    Ok(conn
        .prepare_cached(
            "SELECT revenue_amount, shipping_cost_amount, fee_tax_amount, settlement_amount,
                    parts_sum, parts, currency, statement_id, statement_time
             FROM finance_order_earnings
             WHERE shop_id = ?1 AND order_id = ?2 AND source = 'order'",
        )?
        .query_row(params![shop_id, order_id], |r| {
            let mut parts = Parts::default();
            for (k, v) in parts_at(r, 5)?.iter() {
                if super::parts::group_of(k) != ADJUSTMENT {
                    parts.add(k, v);
                }
            }
            Ok((
                Settlement {
                    revenue: at(r, 0)?,
                    shipping: at(r, 1)?,
                    fee_tax: at(r, 2)?,
                    settlement: at(r, 3)?,
                    parts_sum: at(r, 4)?,
                    parts,
                    statement: r
                        .get::<_, Option<String>>(7)?
                        .map(|id| Ok::<_, rusqlite::Error>((id, r.get(8)?)))
                        .transpose()?,
                },
                r.get::<_, String>(6)?,
            ))
        })
        .optional()?)
}

fn statement_time(
    conn: &Connection,
    shop_id: &str,
    statement_id: &str,
) -> Result<Option<i64>, StoreError> {
    Ok(conn
        .prepare_cached(
            "SELECT statement_time FROM finance_statements
             WHERE shop_id = ?1 AND statement_id = ?2",
        )?
        .query_row(params![shop_id, statement_id], |r| r.get(0))
        .optional()?)
}

fn from_order_level(
    conn: &Connection,
    shop_id: &str,
    o: &OrderSettlementRecord,
) -> Result<Settlement, StoreError> {
    let mut parts = Parts::default();
    for sku in &o.skus {
        parts.add_all(&sku.parts);
    }
    let statement = match o
        .skus
        .iter()
        .find_map(|s| s.statement_id.as_deref().filter(|id| !id.trim().is_empty()))
    {
        Some(id) => Some((id.to_owned(), statement_time(conn, shop_id, id)?)),
        None => None,
    };
    let sum = [o.revenue_amount, o.shipping_cost_amount, o.fee_tax_amount];
    Ok(Settlement {
        revenue: o.revenue_amount,
        shipping: o.shipping_cost_amount,
        fee_tax: o.fee_tax_amount,
        settlement: o.settlement_amount,
        parts_sum: sum
            .iter()
            .any(Option::is_some)
            .then(|| sum.iter().flatten().sum()),
        parts,
        statement,
    })
}

const UPSERT_EARNINGS: &str = "
INSERT INTO finance_order_earnings (shop_id, order_id, currency, source, statement_id,
    statement_time, revenue_amount, shipping_cost_amount, fee_amount, tax_amount, fee_tax_amount,
    adjustment_amount, reserve_amount, settlement_amount, parts_sum, settlement_gap, parts,
    updated_at)
VALUES (:shop_id, :order_id, :currency, :source, :statement_id, :statement_time,
    :revenue_amount, :shipping_cost_amount, :fee_amount, :tax_amount, :fee_tax_amount,
    :adjustment_amount, :reserve_amount, :settlement_amount, :parts_sum, :settlement_gap, :parts,
    :updated_at)
ON CONFLICT (shop_id, order_id) DO UPDATE SET
    currency = excluded.currency,
    source = excluded.source,
    statement_id = excluded.statement_id,
    statement_time = excluded.statement_time,
    revenue_amount = excluded.revenue_amount,
    shipping_cost_amount = excluded.shipping_cost_amount,
    fee_amount = excluded.fee_amount,
    tax_amount = excluded.tax_amount,
    fee_tax_amount = excluded.fee_tax_amount,
    adjustment_amount = excluded.adjustment_amount,
    reserve_amount = excluded.reserve_amount,
    settlement_amount = excluded.settlement_amount,
    parts_sum = excluded.parts_sum,
    settlement_gap = excluded.settlement_gap,
    parts = excluded.parts,
    updated_at = excluded.updated_at";

/// Rebuilds the order's earnings row from its stored transactions (and `level`, Get Order
/// Transactions' answer being written now); returns whether the order has a row. An order
/// with nothing to show gets none.
pub(crate) fn rebuild_order(
    conn: &Connection,
    shop_id: &str,
    order_id: &str,
    level: Option<OrderLevel<'_>>,
    now: i64,
) -> Result<bool, StoreError> {
    let txns = transactions(conn, shop_id, order_id)?;
    let settlements: Vec<&Stored> = txns.iter().filter(|t| t.kind == ORDER_KIND).collect();
    let (settlement, source, mut currency) = if !settlements.is_empty() {
        let mut s = Settlement::default();
        for t in &settlements {
            s.revenue = add(s.revenue, t.revenue);
            s.shipping = add(s.shipping, t.shipping);
            s.fee_tax = add(s.fee_tax, t.fee_tax);
            s.settlement = add(s.settlement, t.settlement);
            let sum = [t.revenue, t.shipping, t.fee_tax, t.adjustment];
            if sum.iter().any(Option::is_some) {
                s.parts_sum = add(s.parts_sum, Some(sum.iter().flatten().sum()));
            }
            s.parts.add_all(&t.parts);
        }
        let currency = settlements[settlements.len() - 1].currency.clone();
        (Some(s), "statements", currency)
    } else if let Some(OrderLevel(o)) = level {
        (
            Some(from_order_level(conn, shop_id, o)?),
            "order",
            o.currency.clone(),
        )
    } else if let Some((s, currency)) = stored_order_level(conn, shop_id, order_id)? {
        (Some(s), "order", currency)
    } else {
        (None, "statements", String::new())
    };
    let others: Vec<&Stored> = txns.iter().filter(|t| t.kind != ORDER_KIND).collect();
    if settlement.is_none() && others.is_empty() {
        return Ok(false);
    }
    let mut s = settlement.unwrap_or_default();
    let (mut adjustment, mut reserve) = (None, None);
    for t in &others {
        if t.kind == RESERVE_KIND {
            reserve = add(reserve, t.reserve);
        } else {
            let amount = t.adjustment.or(t.settlement);
            adjustment = add(adjustment, amount);
            if let Some(a) = amount {
                s.parts.add(&kind(ADJUSTMENT, &t.kind), a);
            }
        }
    }
    if currency.is_empty() {
        currency = txns.last().map(|t| t.currency.clone()).unwrap_or_default();
    }
    // The statement that settled it: the latest ORDER transaction's, else the one Get Order
    // Transactions names, else the latest transaction's that names the order.
    let (statement_id, statement_time) = match settlements.last() {
        Some(t) => (Some(t.statement_id.clone()), Some(t.statement_time)),
        None => match s.statement.take() {
            Some((id, time)) => (Some(id), time),
            None => txns.last().map_or((None, None), |t| {
                (Some(t.statement_id.clone()), Some(t.statement_time))
            }),
        },
    };
    let gap = match (s.settlement, s.parts_sum) {
        (Some(truth), Some(sum)) if truth != sum => Some(truth - sum),
        _ => None,
    };
    conn.prepare_cached(UPSERT_EARNINGS)?
        .execute(named_params! {
            ":shop_id": shop_id,
            ":order_id": order_id,
            ":currency": currency,
            ":source": source,
            ":statement_id": statement_id,
            ":statement_time": statement_time,
            ":revenue_amount": text(s.revenue),
            ":shipping_cost_amount": text(s.shipping),
            ":fee_amount": text(s.parts.group_total(FEE)),
            ":tax_amount": text(s.parts.group_total(TAX)),
            ":fee_tax_amount": text(s.fee_tax),
            ":adjustment_amount": text(adjustment),
            ":reserve_amount": text(reserve),
            ":settlement_amount": text(s.settlement),
            ":parts_sum": text(s.parts_sum),
            ":settlement_gap": text(gap),
            ":parts": s.parts.to_json(),
            ":updated_at": now,
        })?;
    Ok(true)
}

/// Sums the statement's transactions by kind into its `parts`.
pub(crate) fn rebuild_statement_parts(
    conn: &Connection,
    shop_id: &str,
    statement_id: &str,
) -> Result<(), StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT parts FROM finance_transactions WHERE shop_id = ?1 AND statement_id = ?2",
    )?;
    let mut total = Parts::default();
    for parts in stmt.query_map(params![shop_id, statement_id], |r| parts_at(r, 0))? {
        total.add_all(&parts?);
    }
    conn.prepare_cached(
        "UPDATE finance_statements SET parts = ?3 WHERE shop_id = ?1 AND statement_id = ?2",
    )?
    .execute(params![shop_id, statement_id, total.to_json()])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::Store;

    #[test]
    fn an_orders_transactions_are_found_through_the_order_index_before_and_after_statistics() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = Store::open(&dir.path().join("plan.sqlite3")).expect("open");
        for analyzed in [false, true] {
            if analyzed {
                store
                    .with_writer(|c| Ok(c.execute_batch("ANALYZE")?))
                    .expect("analyze");
            }
            let plan = store
                .read(|conn| {
                    let mut stmt =
                        conn.prepare(&format!("EXPLAIN QUERY PLAN {}", super::ORDER_TRANSACTIONS))?;
                    let rows = stmt.query_map(["s", "o"], |r| r.get::<_, String>(3))?;
                    Ok(rows.collect::<Result<Vec<_>, _>>()?.join("\n"))
                })
                .expect("plan");
            assert!(plan.contains("finance_transactions_by_order"), "{plan}");
        }
    }
}
