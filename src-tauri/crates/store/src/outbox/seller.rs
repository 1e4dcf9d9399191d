//! What the seller does to a row from the UI or the CLI: retry it now, or dismiss it.

use super::records::OutboxState;
use super::refusal;
use crate::{Store, StoreError};
use rusqlite::{params, OptionalExtension};

impl Store {
    /// Sends a `failed` or `needs_attention` row again, due now. A row whose last send may have
    /// landed goes to `needs_check` instead of `queued`, so a retry is never a blind resend.
    /// Returns the new state.
    pub fn retry_outbox(&self, id: i64, now: i64) -> Result<OutboxState, StoreError> {
        self.write(|tx| {
            let conn = tx.conn();
            let state = conn
                .prepare_cached(
                    "UPDATE outbox SET
                        state = CASE WHEN outcome_unknown THEN 'needs_check' ELSE 'queued' END,
                        next_try_at = ?2, updated_at = ?2
                     WHERE id = ?1 AND state IN ('failed', 'needs_attention')
                     RETURNING state",
                )?
                .query_row(params![id, now], |r| r.get::<_, OutboxState>(0))
                .optional()?;
            state.ok_or_else(|| refusal(conn, id, "retry"))
        })
    }

    /// Gives up on a row that is not in flight (`queued`, `failed` or `needs_attention`). A row
    /// being sent or checked cannot be dismissed: what TikTok did must be known first. A row in
    /// `needs_attention` with `outcome_unknown` may have been applied; dismissing it only stops
    /// Shopdock from trying.
    pub fn dismiss_outbox(&self, id: i64, now: i64) -> Result<(), StoreError> {
        self.write(|tx| {
            let conn = tx.conn();
            let changed = conn
                .prepare_cached(
                    "UPDATE outbox SET state = 'dismissed', next_try_at = NULL, updated_at = ?2
                     WHERE id = ?1 AND state IN ('queued', 'failed', 'needs_attention')",
                )?
                .execute(params![id, now])?;
            if changed == 0 {
                return Err(refusal(conn, id, "dismiss"));
            }
            Ok(())
        })
    }
}
