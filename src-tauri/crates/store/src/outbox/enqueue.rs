//! Writing an intent, inside the caller's transaction or on its own.

use super::records::{Dedupe, Enqueued, NewIntent, OutboxState};
use crate::error::is_foreign_key_violation;
use crate::{Store, StoreError, WriteTxn};
use rusqlite::{params, Connection, OptionalExtension};

fn validate(intent: &NewIntent) -> Result<(), StoreError> {
    if intent.target.is_empty() {
        return Err(StoreError::Invalid(
            "an outbox intent needs a target".into(),
        ));
    }
    if intent.dedupe.key() == Some("") {
        return Err(StoreError::Invalid(
            "an empty dedupe key dedupes nothing".into(),
        ));
    }
    Ok(())
}

fn enqueue(conn: &Connection, intent: &NewIntent, now: i64) -> Result<Enqueued, StoreError> {
    validate(intent)?;
    let payload = serde_json::to_string(&intent.payload)?;
    match &intent.dedupe {
        Dedupe::None => {}
        Dedupe::Once(key) => {
            let existing = conn
                .prepare_cached(
                    "SELECT id, state FROM outbox
                     WHERE shop_id = ?1 AND kind = ?2 AND dedupe_rule = 'once'
                       AND dedupe_key = ?3 AND state <> 'dismissed'",
                )?
                .query_row(params![intent.shop_id, intent.kind, key], |r| {
                    Ok((r.get::<_, i64>(0)?, r.get::<_, OutboxState>(1)?))
                })
                .optional()?;
            if let Some((id, state)) = existing {
                tracing::debug!(id, %state, "outbox intent already there");
                return Ok(Enqueued::AlreadyThere { id, state });
            }
        }
        Dedupe::Latest(key) => {
            let replaced = conn
                .prepare_cached(
                    "UPDATE outbox SET target = ?4, order_id = ?5, payload = ?6,
                        state = 'queued', outcome_unknown = 0, next_try_at = ?7,
                        last_error_code = NULL, last_error_reason = NULL, updated_at = ?7
                     WHERE shop_id = ?1 AND kind = ?2 AND dedupe_rule = 'latest'
                       AND dedupe_key = ?3
                       AND state IN ('queued', 'needs_check', 'failed', 'needs_attention')
                     RETURNING id",
                )?
                .query_row(
                    params![
                        intent.shop_id,
                        intent.kind,
                        key,
                        intent.target,
                        intent.order_id,
                        payload,
                        now
                    ],
                    |r| r.get::<_, i64>(0),
                )
                .optional()?;
            if let Some(id) = replaced {
                tracing::debug!(id, "outbox intent replaced by a newer value");
                return Ok(Enqueued::Replaced(id));
            }
        }
    }
    let inserted = conn
        .prepare_cached(
            "INSERT INTO outbox (shop_id, kind, target, order_id, payload, dedupe_rule,
                                 dedupe_key, state, next_try_at, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'queued', ?8, ?8, ?8)",
        )?
        .execute(params![
            intent.shop_id,
            intent.kind,
            intent.target,
            intent.order_id,
            payload,
            intent.dedupe.rule(),
            intent.dedupe.key(),
            now
        ]);
    match inserted {
        Ok(_) => {}
        Err(e) if is_foreign_key_violation(&e) => {
            return Err(StoreError::ShopNotFound(intent.shop_id.clone()))
        }
        Err(e) => return Err(e.into()),
    }
    let id = conn.last_insert_rowid();
    tracing::debug!(id, kind = intent.kind.as_str(), "outbox intent queued");
    Ok(Enqueued::Queued(id))
}

impl WriteTxn<'_> {
    /// Writes an intent inside this transaction, so it commits (or rolls back) with the local
    /// change it stands for. `now` is when it becomes due.
    pub fn enqueue(&self, intent: &NewIntent, now: i64) -> Result<Enqueued, StoreError> {
        enqueue(self.conn(), intent, now)
    }
}

impl Store {
    /// Writes an intent on its own (a change with no local side, e.g. a stock push).
    pub fn enqueue(&self, intent: &NewIntent, now: i64) -> Result<Enqueued, StoreError> {
        self.write(|tx| tx.enqueue(intent, now))
    }
}
