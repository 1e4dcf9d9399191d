//! TikTok's cancellation records per shop (Search Cancellations), and the seller's answer to a
//! buyer's request while it is on its way. Writing records also refreshes the orders' pending-
//! request columns (`cancel_deadline`, `cancel_request_reason`), so the orders table shows and
//! sorts them without a join.

use crate::{Store, StoreError, WriteTxn};
use rusqlite::{params, Connection, OptionalExtension, Row};

/// One cancellation as TikTok last reported it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CancellationRecord {
    pub shop_id: String,
    pub cancel_id: String,
    pub order_id: String,
    /// As sent (`CANCEL`, `BUYER_CANCEL`, or a value outside the documented enum).
    pub cancel_type: String,
    /// As sent (either documented spelling).
    pub status: String,
    /// Waiting for the seller's answer (core reads the status spellings).
    pub pending: bool,
    /// BUYER | SELLER | SYSTEM.
    pub role: String,
    pub reason: Option<String>,
    pub reason_text: Option<String>,
    /// When TikTok decides on its own (`SELLER_RESPOND_CANCEL`).
    pub deadline: Option<i64>,
    /// The line items it covers (empty: the whole order).
    pub line_item_ids: Vec<String>,
    pub create_time: Option<i64>,
    pub update_time: i64,
    /// The seller's answer queued in the outbox (`approve` | `reject`), until TikTok's record
    /// shows the request settled.
    pub local_answer: Option<String>,
}

const COLUMNS: &str = "shop_id, cancel_id, order_id, cancel_type, status, pending, role, reason,
    reason_text, deadline, line_item_ids, create_time, update_time, local_answer";

fn record_from(r: &Row<'_>) -> rusqlite::Result<CancellationRecord> {
    let lines: String = r.get(10)?;
    Ok(CancellationRecord {
        shop_id: r.get(0)?,
        cancel_id: r.get(1)?,
        order_id: r.get(2)?,
        cancel_type: r.get(3)?,
        status: r.get(4)?,
        pending: r.get(5)?,
        role: r.get(6)?,
        reason: r.get(7)?,
        reason_text: r.get(8)?,
        deadline: r.get(9)?,
        line_item_ids: serde_json::from_str(&lines).unwrap_or_default(),
        create_time: r.get(11)?,
        update_time: r.get(12)?,
        local_answer: r.get(13)?,
    })
}

/// Brings one order's pending-request columns up to its stored records.
fn refresh_order(conn: &Connection, shop_id: &str, order_id: &str) -> Result<(), StoreError> {
    conn.prepare_cached(
        "UPDATE orders SET
            cancel_deadline = (SELECT MIN(c.deadline) FROM cancellations c
                WHERE c.shop_id = ?1 AND c.order_id = ?2 AND c.pending = 1),
            cancel_request_reason = (SELECT COALESCE(c.reason_text, c.reason) FROM cancellations c
                WHERE c.shop_id = ?1 AND c.order_id = ?2 AND c.pending = 1
                ORDER BY c.create_time DESC LIMIT 1)
         WHERE shop_id = ?1 AND order_id = ?2",
    )?
    .execute(params![shop_id, order_id])?;
    Ok(())
}

/// What storing a page of records did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CancellationsStored {
    /// Records inserted or changed.
    pub changed: usize,
    /// Positions (in the page) of the records the store had never seen: what is news (a new
    /// buyer request). A record repeated in the page counts once.
    pub new: Vec<usize>,
}

impl WriteTxn<'_> {
    /// Stores records as TikTok reported them (newer or equal `update_time` wins; a settled
    /// record clears the seller's queued answer) and refreshes their orders' columns.
    pub fn upsert_cancellations(
        &self,
        records: &[CancellationRecord],
    ) -> Result<CancellationsStored, StoreError> {
        let conn = self.conn();
        let mut stored = CancellationsStored::default();
        for (at, c) in records.iter().enumerate() {
            let known = conn
                .prepare_cached(
                    "SELECT 1 FROM cancellations WHERE shop_id = ?1 AND cancel_id = ?2",
                )?
                .exists(params![c.shop_id, c.cancel_id])?;
            if !known {
                stored.new.push(at);
            }
            let lines = serde_json::to_string(&c.line_item_ids)?;
            stored.changed += conn
                .prepare_cached(
                    "INSERT INTO cancellations (shop_id, cancel_id, order_id, cancel_type, status,
                        pending, role, reason, reason_text, deadline, line_item_ids, create_time,
                        update_time)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)
                     ON CONFLICT (shop_id, cancel_id) DO UPDATE SET
                        order_id = excluded.order_id, cancel_type = excluded.cancel_type,
                        status = excluded.status, pending = excluded.pending, role = excluded.role,
                        reason = excluded.reason, reason_text = excluded.reason_text,
                        deadline = excluded.deadline, line_item_ids = excluded.line_item_ids,
                        create_time = excluded.create_time, update_time = excluded.update_time,
                        local_answer = CASE WHEN excluded.pending = 1 THEN local_answer END
                     WHERE excluded.update_time >= cancellations.update_time",
                )?
                .execute(params![
                    c.shop_id,
                    c.cancel_id,
                    c.order_id,
                    c.cancel_type,
                    c.status,
                    c.pending,
                    c.role,
                    c.reason,
                    c.reason_text,
                    c.deadline,
                    lines,
                    c.create_time,
                    c.update_time
                ])?;
            refresh_order(conn, &c.shop_id, &c.order_id)?;
        }
        Ok(stored)
    }

    /// Records the seller's answer to a pending request (in the transaction that queues it).
    /// `false` when the request is not stored as pending any more.
    pub fn set_cancellation_answer(
        &self,
        shop_id: &str,
        cancel_id: &str,
        answer: &str,
    ) -> Result<bool, StoreError> {
        let n = self
            .conn()
            .prepare_cached(
                "UPDATE cancellations SET local_answer = ?3
                 WHERE shop_id = ?1 AND cancel_id = ?2 AND pending = 1",
            )?
            .execute(params![shop_id, cancel_id, answer])?;
        Ok(n == 1)
    }

    /// Forgets a queued answer that will not be sent (its row was refused or dismissed).
    pub fn clear_cancellation_answer(
        &self,
        shop_id: &str,
        cancel_id: &str,
    ) -> Result<(), StoreError> {
        self.conn()
            .prepare_cached(
                "UPDATE cancellations SET local_answer = NULL WHERE shop_id = ?1 AND cancel_id = ?2",
            )?
            .execute(params![shop_id, cancel_id])?;
        Ok(())
    }
}

impl Store {
    /// One cancellation.
    pub fn cancellation(
        &self,
        shop_id: &str,
        cancel_id: &str,
    ) -> Result<Option<CancellationRecord>, StoreError> {
        self.read(|conn| {
            Ok(conn
                .prepare_cached(&format!(
                    "SELECT {COLUMNS} FROM cancellations WHERE shop_id = ?1 AND cancel_id = ?2"
                ))?
                .query_row(params![shop_id, cancel_id], record_from)
                .optional()?)
        })
    }

    /// One order's cancellations, newest first.
    pub fn order_cancellations(
        &self,
        shop_id: &str,
        order_id: &str,
    ) -> Result<Vec<CancellationRecord>, StoreError> {
        self.read(|conn| {
            Ok(conn
                .prepare_cached(&format!(
                    "SELECT {COLUMNS} FROM cancellations WHERE shop_id = ?1 AND order_id = ?2
                     ORDER BY create_time DESC, cancel_id DESC"
                ))?
                .query_map(params![shop_id, order_id], record_from)?
                .collect::<Result<Vec<_>, _>>()?)
        })
    }

    /// Cancellations of one shop (or every shop), pending ones by deadline first, then the
    /// rest newest first; at most `limit`.
    pub fn list_cancellations(
        &self,
        shop_id: Option<&str>,
        pending_only: bool,
        limit: u32,
    ) -> Result<Vec<CancellationRecord>, StoreError> {
        self.read(|conn| {
            Ok(conn
                .prepare_cached(&format!(
                    "SELECT {COLUMNS} FROM cancellations
                     WHERE (?1 IS NULL OR shop_id = ?1) AND (?2 = 0 OR pending = 1)
                     ORDER BY pending DESC, deadline ASC, update_time DESC, cancel_id
                     LIMIT ?3"
                ))?
                .query_map(params![shop_id, pending_only, limit], record_from)?
                .collect::<Result<Vec<_>, _>>()?)
        })
    }
}
