//! The outbox: the one road for every change Shopdock sends to TikTok.
//!
//! Core writes an intent with [`WriteTxn::enqueue`](crate::WriteTxn::enqueue) in the same
//! transaction as the local change it stands for, so both commit or neither does. A drainer per
//! shop holds the shop's lease ([`Store::acquire_drain_lease`](crate::Store::acquire_drain_lease)),
//! claims what is due ([`Store::claim_due`](crate::Store::claim_due)), makes the calls, and settles
//! each row with the [`ClaimTicket`] of its claim. `now` always comes from the caller: core owns
//! the clock.
//!
//! # Exactly once
//! Claiming is the only way into `sending`, and it spends an attempt in the same transaction, so
//! two drainers never get the same row. A row found `sending` by the next lease holder may have
//! been sent before the crash: it becomes `needs_check`, never `queued`, and its
//! `outcome_unknown` flag stays set through failures and retries until TikTok's answer or state
//! settles it. The drainer reads TikTok's state before sending such a row again
//! ([`ClaimedIntent::must_reconcile`]).
//!
//! # Transitions
//! | from | call | to |
//! |---|---|---|
//! | (none) | `enqueue` | `queued` |
//! | `queued`, `needs_check`, `failed`, `needs_attention` of a [`Dedupe::Latest`] key | `enqueue` (same key) | `queued`, payload replaced, `outcome_unknown` cleared (an absolute value may be resent) |
//! | `queued`, `failed`, `needs_check` (due, first unsettled row of its target, caller holds the lease) | `claim_due` | `sending`, attempts + 1 |
//! | `sending` | `mark_sent` | `sent`, `outcome_unknown` cleared |
//! | `sending` | `mark_failed` with a retry time (TikTok refused, may pass) | `failed`, `outcome_unknown` cleared |
//! | `sending` | `mark_failed` without a retry time (TikTok refused for good) | `needs_attention`, `outcome_unknown` cleared |
//! | `sending` | `mark_outcome_unknown` (timeout, reset, 5xx, undecodable reply, failed reconcile read) | `needs_check`, `outcome_unknown` set |
//! | `sending` | `mark_needs_attention` (the drainer gives up, e.g. attempts spent) | `needs_attention`, `outcome_unknown` kept |
//! | `sending` | `acquire_drain_lease` by a new holder (the previous one crashed or let go) | `needs_check`, `outcome_unknown` set |
//! | `sending` of a [`Dedupe::Latest`] key with a newer value waiting | any of the four above except `mark_sent` | `superseded` |
//! | `failed`, `needs_attention` | `retry` (the seller) | `queued`, or `needs_check` when `outcome_unknown` |
//! | `queued`, `failed`, `needs_attention` | `dismiss` (the seller) | `dismissed` |
//!
//! `sent`, `dismissed` and `superseded` are final. Any other call on a row is refused with
//! [`StoreError::OutboxTransition`](crate::StoreError::OutboxTransition); a stale ticket likewise.
//!
//! # Order per target
//! A row is claimed only when no earlier row of the same shop and target is `queued`,
//! `sending`, `needs_check` or `failed`: a tracking update never overtakes the shipment it
//! corrects, and an older stock value never lands after a newer one. A row in `needs_attention`
//! does not hold its target back (it waits for the seller, who may never come).

mod drain;
mod enqueue;
mod queries;
mod records;
mod seller;

pub use records::{
    ClaimTicket, ClaimedIntent, Dedupe, DrainLease, Enqueued, NewIntent, OrderOutboxStatus,
    OutboxCounts, OutboxEntry, OutboxFilter, OutboxKind, OutboxPage, OutboxProblem, OutboxState,
    MAX_OUTBOX_PAGE,
};

use rusqlite::types::Type;
use rusqlite::{Connection, OptionalExtension, Row};

/// The columns [`entry_from`] reads, in its order (`o` is the outbox table's alias).
pub(crate) const ENTRY_COLUMNS: &str = "o.id, o.shop_id, o.kind, o.target, o.order_id, o.payload,
    o.dedupe_rule, o.dedupe_key, o.state, o.outcome_unknown, o.attempts, o.next_try_at,
    o.last_error_code, o.last_error_reason, o.result, o.created_at, o.updated_at, o.sent_at";

fn json_column(r: &Row<'_>, index: usize) -> rusqlite::Result<Option<serde_json::Value>> {
    let text: Option<String> = r.get(index)?;
    text.map(|t| {
        serde_json::from_str(&t)
            .map_err(|e| rusqlite::Error::FromSqlConversionFailure(index, Type::Text, Box::new(e)))
    })
    .transpose()
}

pub(crate) fn problem_from(
    r: &Row<'_>,
    code_index: usize,
) -> rusqlite::Result<Option<OutboxProblem>> {
    let code: Option<String> = r.get(code_index)?;
    let reason: Option<String> = r.get(code_index + 1)?;
    Ok(code
        .zip(reason)
        .map(|(code, reason)| OutboxProblem { code, reason }))
}

pub(crate) fn entry_from(r: &Row<'_>) -> rusqlite::Result<OutboxEntry> {
    let rule: String = r.get(6)?;
    let dedupe = Dedupe::from_stored(&rule, r.get(7)?)
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(6, Type::Text, e.into()))?;
    Ok(OutboxEntry {
        id: r.get(0)?,
        shop_id: r.get(1)?,
        kind: r.get(2)?,
        target: r.get(3)?,
        order_id: r.get(4)?,
        payload: json_column(r, 5)?.unwrap_or(serde_json::Value::Null),
        dedupe,
        state: r.get(8)?,
        outcome_unknown: r.get(9)?,
        attempts: r.get(10)?,
        next_try_at: r.get(11)?,
        last_error: problem_from(r, 12)?,
        result: json_column(r, 14)?,
        created_at: r.get(15)?,
        updated_at: r.get(16)?,
        sent_at: r.get(17)?,
    })
}

pub(crate) fn entry_by_id(
    conn: &Connection,
    id: i64,
) -> Result<Option<OutboxEntry>, crate::StoreError> {
    let sql = format!("SELECT {ENTRY_COLUMNS} FROM outbox o WHERE o.id = ?1");
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([id], entry_from)
        .optional()?)
}

/// A state change refused: the row is missing, or not in a state the call applies to.
pub(crate) fn refusal(conn: &Connection, id: i64, action: &'static str) -> crate::StoreError {
    let state = conn
        .prepare_cached("SELECT state FROM outbox WHERE id = ?1")
        .and_then(|mut s| s.query_row([id], |r| r.get::<_, OutboxState>(0)).optional());
    match state {
        Ok(Some(state)) => crate::StoreError::OutboxTransition { id, state, action },
        Ok(None) => crate::StoreError::OutboxEntryNotFound(id),
        Err(e) => e.into(),
    }
}

/// "A newer value of the same `latest` key waits": a row in flight that fails then steps aside
/// (`superseded`) instead of taking the waiting slot the unique index keeps for one row.
pub(crate) const NEWER_VALUE_WAITS: &str = "o.dedupe_rule = 'latest' AND EXISTS (
    SELECT 1 FROM outbox n
    WHERE n.shop_id = o.shop_id AND n.kind = o.kind AND n.dedupe_rule = 'latest'
      AND n.dedupe_key = o.dedupe_key AND n.id > o.id
      AND n.state IN ('queued', 'needs_check', 'failed', 'needs_attention'))";
