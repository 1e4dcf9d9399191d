//! Reading the outbox: one row, the Activity list, the shop card's counts, the orders' column,
//! and pruning of settled history.

use super::records::{
    OrderOutboxStatus, OutboxCounts, OutboxEntry, OutboxFilter, OutboxPage, OutboxState,
    MAX_OUTBOX_PAGE,
};
use super::{entry_by_id, entry_from, problem_from, ENTRY_COLUMNS};
use crate::{Store, StoreError};
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension};
use std::collections::HashMap;

/// Counts of the states that are not final, per shop (`shop_id` NULL = every shop).
fn counts(
    conn: &Connection,
    shop_id: Option<&str>,
) -> Result<HashMap<String, OutboxCounts>, StoreError> {
    let mut out: HashMap<String, OutboxCounts> = HashMap::new();
    let mut stmt = conn.prepare_cached(
        "SELECT shop_id, state, COUNT(*) FROM outbox
         WHERE (?1 IS NULL OR shop_id = ?1)
           AND state IN ('queued', 'sending', 'needs_check', 'failed', 'needs_attention')
         GROUP BY shop_id, state",
    )?;
    let rows = stmt.query_map([shop_id], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, OutboxState>(1)?,
            r.get::<_, i64>(2)? as u64,
        ))
    })?;
    for row in rows {
        let (shop, state, n) = row?;
        let c = out.entry(shop).or_default();
        match state {
            OutboxState::Queued => c.queued += n,
            OutboxState::Sending | OutboxState::NeedsCheck => c.in_flight += n,
            OutboxState::Failed => c.failed += n,
            OutboxState::NeedsAttention => c.needs_attention += n,
            OutboxState::Sent | OutboxState::Dismissed | OutboxState::Superseded => {}
        }
    }
    Ok(out)
}

impl Store {
    /// One row, or `None`.
    pub fn outbox_entry(&self, id: i64) -> Result<Option<OutboxEntry>, StoreError> {
        self.read(|conn| entry_by_id(conn, id))
    }

    /// The Activity list: rows matching `filter`, newest first, one page.
    pub fn list_outbox(&self, filter: &OutboxFilter) -> Result<OutboxPage, StoreError> {
        let limit = filter.limit.clamp(1, MAX_OUTBOX_PAGE);
        let mut clauses: Vec<String> = Vec::new();
        let mut args: Vec<Value> = Vec::new();
        if let Some(shop) = &filter.shop_id {
            args.push(Value::Text(shop.clone()));
            clauses.push(format!("o.shop_id = ?{}", args.len()));
        }
        if let Some(kind) = filter.kind {
            args.push(Value::Text(kind.as_str().into()));
            clauses.push(format!("o.kind = ?{}", args.len()));
        }
        if !filter.states.is_empty() {
            let mut marks = Vec::new();
            for state in &filter.states {
                args.push(Value::Text(state.as_str().into()));
                marks.push(format!("?{}", args.len()));
            }
            clauses.push(format!("o.state IN ({})", marks.join(", ")));
        }
        if let Some(before) = filter.before_id {
            args.push(Value::Integer(before));
            clauses.push(format!("o.id < ?{}", args.len()));
        }
        let filter_sql = if clauses.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", clauses.join(" AND "))
        };
        // One row more than the page tells whether another page follows.
        args.push(Value::Integer(i64::from(limit) + 1));
        let sql = format!(
            "SELECT {ENTRY_COLUMNS} FROM outbox o {filter_sql} ORDER BY o.id DESC LIMIT ?{}",
            args.len()
        );
        self.read(|conn| {
            let mut entries = conn
                .prepare_cached(&sql)?
                .query_map(params_from_iter(args), entry_from)?
                .collect::<Result<Vec<_>, _>>()?;
            let next_before_id = if entries.len() > limit as usize {
                entries.truncate(limit as usize);
                entries.last().map(|e| e.id)
            } else {
                None
            };
            Ok(OutboxPage {
                entries,
                next_before_id,
            })
        })
    }

    /// One shop's rows still to send and its failures, for its card.
    pub fn outbox_counts(&self, shop_id: &str) -> Result<OutboxCounts, StoreError> {
        self.read(|conn| {
            Ok(counts(conn, Some(shop_id))?
                .remove(shop_id)
                .unwrap_or_default())
        })
    }

    /// [`Store::outbox_counts`] of every shop with rows not final (a shop missing has none).
    pub fn outbox_counts_by_shop(&self) -> Result<HashMap<String, OutboxCounts>, StoreError> {
        self.read(|conn| counts(conn, None))
    }

    /// The latest row of each `(shop_id, order_id)`, in the order asked (`None`: no row, or only
    /// dismissed and superseded ones). For the orders table's column, one page at a time.
    pub fn order_outbox_states(
        &self,
        orders: &[(&str, &str)],
    ) -> Result<Vec<Option<OrderOutboxStatus>>, StoreError> {
        self.read(|conn| {
            let mut stmt = conn.prepare_cached(
                "SELECT id, kind, state, last_error_code, last_error_reason, updated_at, result
                 FROM outbox
                 WHERE shop_id = ?1 AND order_id = ?2
                   AND state NOT IN ('dismissed', 'superseded')
                 ORDER BY id DESC LIMIT 1",
            )?;
            let mut out = Vec::with_capacity(orders.len());
            for (shop_id, order_id) in orders {
                let status = stmt
                    .query_row(params![shop_id, order_id], |r| {
                        Ok(OrderOutboxStatus {
                            id: r.get(0)?,
                            kind: r.get(1)?,
                            state: r.get(2)?,
                            last_error: problem_from(r, 3)?,
                            result: super::json_column(r, 6)?,
                            updated_at: r.get(5)?,
                        })
                    })
                    .optional()?;
                out.push(status);
            }
            Ok(out)
        })
    }

    /// Every row of one order, of any kind and state, oldest first: what was shipped and
    /// corrected (and when), for the checks before another change of the order.
    pub fn order_outbox_entries(
        &self,
        shop_id: &str,
        order_id: &str,
    ) -> Result<Vec<OutboxEntry>, StoreError> {
        self.read(|conn| {
            let sql = format!(
                "SELECT {ENTRY_COLUMNS} FROM outbox o
                 WHERE o.shop_id = ?1 AND o.order_id = ?2 ORDER BY o.id"
            );
            let rows = conn
                .prepare_cached(&sql)?
                .query_map(params![shop_id, order_id], entry_from)?
                .collect::<Result<Vec<_>, _>>()?;
            Ok(rows)
        })
    }

    /// Deletes final rows (`sent`, `dismissed`, `superseded`) last changed before
    /// `settled_before`; rows still pending or failed are kept whatever their age. A pruned `sent`
    /// row of a [`Dedupe::Once`](super::Dedupe::Once) key no longer holds its key, so keep them
    /// longer than anything could ask for the same change again. Returns how many went.
    pub fn prune_outbox(&self, settled_before: i64) -> Result<u64, StoreError> {
        self.with_writer(|conn| {
            let n = conn
                .prepare_cached(
                    "DELETE FROM outbox
                     WHERE state IN ('sent', 'dismissed', 'superseded') AND updated_at < ?1",
                )?
                .execute([settled_before])?;
            Ok(n as u64)
        })
    }
}
