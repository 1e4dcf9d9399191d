//! The drainer's side: the per-shop lease, claiming what is due, and settling each claim.

use super::records::{ClaimTicket, ClaimedIntent, DrainLease, OutboxProblem, OutboxState};
use super::{entry_by_id, NEWER_VALUE_WAITS};
use crate::error::is_foreign_key_violation;
use crate::{Store, StoreError, WriteTxn};
use rusqlite::{params, Connection, OptionalExtension};

/// Turns the rows a previous lease holder left `sending` into `needs_check` (or `superseded`,
/// when a newer value of their `latest` key waits). Only this shop's rows.
fn recover_interrupted(conn: &Connection, shop_id: &str, now: i64) -> Result<u64, StoreError> {
    let sql = format!(
        "UPDATE outbox AS o SET
            state = CASE WHEN {NEWER_VALUE_WAITS} THEN 'superseded' ELSE 'needs_check' END,
            next_try_at = CASE WHEN {NEWER_VALUE_WAITS} THEN NULL ELSE ?2 END,
            outcome_unknown = 1, updated_at = ?2
         WHERE o.shop_id = ?1 AND o.state = 'sending'"
    );
    let n = conn.prepare_cached(&sql)?.execute(params![shop_id, now])? as u64;
    if n > 0 {
        tracing::warn!(
            shop_id,
            rows = n,
            "outbox rows interrupted while sending; TikTok is checked before any resend"
        );
    }
    Ok(n)
}

fn current_lease(conn: &Connection, shop_id: &str) -> Result<Option<(String, i64)>, StoreError> {
    Ok(conn
        .prepare_cached("SELECT holder, expires_at FROM outbox_drainers WHERE shop_id = ?1")?
        .query_row([shop_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

fn set_lease(
    conn: &Connection,
    shop_id: &str,
    holder: &str,
    expires_at: i64,
) -> Result<(), StoreError> {
    let written = conn
        .prepare_cached(
            "INSERT INTO outbox_drainers (shop_id, holder, expires_at) VALUES (?1, ?2, ?3)
             ON CONFLICT (shop_id) DO UPDATE SET
                holder = excluded.holder, expires_at = excluded.expires_at",
        )?
        .execute(params![shop_id, holder, expires_at]);
    match written {
        Ok(_) => Ok(()),
        Err(e) if is_foreign_key_violation(&e) => Err(StoreError::ShopNotFound(shop_id.into())),
        Err(e) => Err(e.into()),
    }
}

fn check_lease_args(holder: &str, now: i64, expires_at: i64) -> Result<(), StoreError> {
    if holder.is_empty() {
        return Err(StoreError::Invalid("a drain lease needs a holder".into()));
    }
    if expires_at <= now {
        return Err(StoreError::Invalid(
            "a drain lease must end after now".into(),
        ));
    }
    Ok(())
}

/// Grants, renews or refuses the lease; a grant to a new holder recovers the shop's interrupted
/// rows in the same transaction.
fn lease(
    conn: &Connection,
    shop_id: &str,
    holder: &str,
    ended_holder: Option<&str>,
    now: i64,
    expires_at: i64,
) -> Result<DrainLease, StoreError> {
    match current_lease(conn, shop_id)? {
        Some((current, _)) if current == holder => {
            set_lease(conn, shop_id, holder, expires_at)?;
            Ok(DrainLease::Renewed)
        }
        Some((current, until)) if until > now && Some(current.as_str()) != ended_holder => {
            Ok(DrainLease::HeldByOther {
                holder: current,
                expires_at: until,
            })
        }
        _ => {
            set_lease(conn, shop_id, holder, expires_at)?;
            let recovered = recover_interrupted(conn, shop_id, now)?;
            tracing::info!(shop_id, holder, recovered, "outbox drain lease acquired");
            Ok(DrainLease::Acquired { recovered })
        }
    }
}

/// How a claimed row ends this attempt.
enum Settlement<'a> {
    Sent(Option<&'a serde_json::Value>),
    Failed(&'a OutboxProblem, Option<i64>),
    OutcomeUnknown(&'a OutboxProblem, i64),
    NeedsAttention(&'a OutboxProblem),
}

fn settle(
    conn: &Connection,
    ticket: ClaimTicket,
    settlement: Settlement<'_>,
    now: i64,
) -> Result<OutboxState, StoreError> {
    let newer_value_waits: Option<bool> = conn
        .prepare_cached(&format!(
            "SELECT {NEWER_VALUE_WAITS} FROM outbox o
             WHERE o.id = ?1 AND o.state = 'sending' AND o.attempts = ?2"
        ))?
        .query_row(params![ticket.id, ticket.attempt], |r| r.get(0))
        .optional()?;
    let Some(newer_value_waits) = newer_value_waits else {
        return Err(stale(conn, ticket));
    };
    // (state, outcome_unknown: None = keep, next_try_at, problem, result)
    let (mut state, outcome_unknown, mut next_try_at, problem, result) = match settlement {
        Settlement::Sent(result) => (OutboxState::Sent, Some(false), None, None, result),
        Settlement::Failed(problem, Some(at)) => (
            OutboxState::Failed,
            Some(false),
            Some(at),
            Some(problem),
            None,
        ),
        Settlement::Failed(problem, None) => (
            OutboxState::NeedsAttention,
            Some(false),
            None,
            Some(problem),
            None,
        ),
        Settlement::OutcomeUnknown(problem, at) => (
            OutboxState::NeedsCheck,
            Some(true),
            Some(at),
            Some(problem),
            None,
        ),
        Settlement::NeedsAttention(problem) => {
            (OutboxState::NeedsAttention, None, None, Some(problem), None)
        }
    };
    if newer_value_waits && state != OutboxState::Sent {
        state = OutboxState::Superseded;
        next_try_at = None;
    }
    let result = result.map(serde_json::to_string).transpose()?;
    let sent_at = (state == OutboxState::Sent).then_some(now);
    let changed = conn
        .prepare_cached(
            "UPDATE outbox SET state = ?3, outcome_unknown = COALESCE(?4, outcome_unknown),
                next_try_at = ?5,
                last_error_code = COALESCE(?6, last_error_code),
                last_error_reason = COALESCE(?7, last_error_reason),
                result = COALESCE(?8, result), sent_at = ?9, updated_at = ?10
             WHERE id = ?1 AND state = 'sending' AND attempts = ?2",
        )?
        .execute(params![
            ticket.id,
            ticket.attempt,
            state,
            outcome_unknown,
            next_try_at,
            problem.map(|p| &p.code),
            problem.map(|p| &p.reason),
            result,
            sent_at,
            now
        ])?;
    if changed == 0 {
        return Err(stale(conn, ticket));
    }
    tracing::debug!(id = ticket.id, %state, "outbox row settled");
    Ok(state)
}

fn stale(conn: &Connection, ticket: ClaimTicket) -> StoreError {
    match entry_by_id(conn, ticket.id) {
        Ok(Some(entry)) => StoreError::StaleClaim {
            id: ticket.id,
            attempt: ticket.attempt,
            state: entry.state,
        },
        Ok(None) => StoreError::OutboxEntryNotFound(ticket.id),
        Err(e) => e,
    }
}

impl WriteTxn<'_> {
    /// TikTok applied the change (`result`: what it answered worth keeping, e.g. a package id or
    /// a warning message). Returns the row's new state.
    pub fn mark_sent(
        &self,
        ticket: ClaimTicket,
        result: Option<&serde_json::Value>,
        now: i64,
    ) -> Result<OutboxState, StoreError> {
        settle(self.conn(), ticket, Settlement::Sent(result), now)
    }

    /// TikTok refused the change with an error code, so it was not applied. `retry_at`: when the
    /// refusal may pass (transient codes), else `None` and the row waits for the seller.
    pub fn mark_failed(
        &self,
        ticket: ClaimTicket,
        problem: &OutboxProblem,
        retry_at: Option<i64>,
        now: i64,
    ) -> Result<OutboxState, StoreError> {
        settle(
            self.conn(),
            ticket,
            Settlement::Failed(problem, retry_at),
            now,
        )
    }

    /// The change may or may not have been applied (timeout, reset, 5xx, an undecodable reply, or
    /// a reconcile read that failed): the row is checked against TikTok at `check_at`.
    pub fn mark_outcome_unknown(
        &self,
        ticket: ClaimTicket,
        problem: &OutboxProblem,
        check_at: i64,
        now: i64,
    ) -> Result<OutboxState, StoreError> {
        settle(
            self.conn(),
            ticket,
            Settlement::OutcomeUnknown(problem, check_at),
            now,
        )
    }

    /// The drainer gives up without TikTok's verdict (attempts spent, a reconcile that cannot
    /// decide): the row waits for the seller, and keeps `outcome_unknown` as it was.
    pub fn mark_needs_attention(
        &self,
        ticket: ClaimTicket,
        problem: &OutboxProblem,
        now: i64,
    ) -> Result<OutboxState, StoreError> {
        settle(
            self.conn(),
            ticket,
            Settlement::NeedsAttention(problem),
            now,
        )
    }
}

impl Store {
    /// Asks for the right to drain `shop_id` until `expires_at`; call again before then to renew.
    ///
    /// `holder` must name one run of one process (e.g. a random id made at start), never a fixed
    /// name: a new holder is what tells the store that the rows left `sending` belong to a run
    /// that ended. When the lease is free or expired, the caller gets it and those rows become
    /// `needs_check` in the same transaction; while another holder's lease runs, the caller is
    /// told who holds it and nothing changes.
    pub fn acquire_drain_lease(
        &self,
        shop_id: &str,
        holder: &str,
        now: i64,
        expires_at: i64,
    ) -> Result<DrainLease, StoreError> {
        check_lease_args(holder, now, expires_at)?;
        self.write(|tx| lease(tx.conn(), shop_id, holder, None, now, expires_at))
    }

    /// Takes the lease from `ended_holder` before it expires, when the caller knows that run has
    /// ended (e.g. its process is gone), with the same recovery as [`Store::acquire_drain_lease`].
    /// Does nothing if a third holder has it by now.
    pub fn take_over_drain_lease(
        &self,
        shop_id: &str,
        ended_holder: &str,
        holder: &str,
        now: i64,
        expires_at: i64,
    ) -> Result<DrainLease, StoreError> {
        check_lease_args(holder, now, expires_at)?;
        self.write(|tx| {
            lease(
                tx.conn(),
                shop_id,
                holder,
                Some(ended_holder),
                now,
                expires_at,
            )
        })
    }

    /// Gives the lease up (on a clean stop, after the calls in flight were settled). Returns
    /// whether `holder` held it.
    pub fn release_drain_lease(&self, shop_id: &str, holder: &str) -> Result<bool, StoreError> {
        self.with_writer(|conn| {
            let n = conn
                .prepare_cached("DELETE FROM outbox_drainers WHERE shop_id = ?1 AND holder = ?2")?
                .execute([shop_id, holder])?;
            Ok(n > 0)
        })
    }

    /// Claims up to `limit` due rows of `shop_id` for `holder`, which must hold the shop's
    /// unexpired lease: each becomes `sending` with one more attempt, in one transaction, so no
    /// other claimer can get it. Due = `queued`, `failed` or `needs_check` with `next_try_at <=
    /// now`, and no earlier row of the same target still unsettled. Oldest due first.
    pub fn claim_due(
        &self,
        shop_id: &str,
        holder: &str,
        now: i64,
        limit: u32,
    ) -> Result<Vec<ClaimedIntent>, StoreError> {
        self.write(|tx| {
            let conn = tx.conn();
            match current_lease(conn, shop_id)? {
                Some((current, until)) if current == holder && until > now => {}
                _ => {
                    return Err(StoreError::DrainLeaseNotHeld {
                        shop_id: shop_id.into(),
                    })
                }
            }
            let mut ids = conn
                .prepare_cached(
                    "UPDATE outbox SET state = 'sending', attempts = attempts + 1,
                        next_try_at = NULL, updated_at = ?2
                     WHERE id IN (
                        SELECT o.id FROM outbox o
                        WHERE o.shop_id = ?1 AND o.next_try_at <= ?2
                          AND NOT EXISTS (
                            SELECT 1 FROM outbox e
                            WHERE e.shop_id = o.shop_id AND e.target = o.target AND e.id < o.id
                              AND e.state IN ('queued', 'sending', 'needs_check', 'failed'))
                        ORDER BY o.next_try_at, o.id
                        LIMIT ?3)
                     RETURNING id",
                )?
                .query_map(params![shop_id, now, limit], |r| r.get::<_, i64>(0))?
                .collect::<Result<Vec<_>, _>>()?;
            ids.sort_unstable();
            let mut claimed = Vec::with_capacity(ids.len());
            for id in ids {
                let entry = entry_by_id(conn, id)?.ok_or(StoreError::OutboxEntryNotFound(id))?;
                claimed.push(ClaimedIntent {
                    ticket: ClaimTicket {
                        id,
                        attempt: entry.attempts,
                    },
                    entry,
                });
            }
            Ok(claimed)
        })
    }

    /// [`WriteTxn::mark_sent`] on its own.
    pub fn mark_sent(
        &self,
        ticket: ClaimTicket,
        result: Option<&serde_json::Value>,
        now: i64,
    ) -> Result<OutboxState, StoreError> {
        self.write(|tx| tx.mark_sent(ticket, result, now))
    }

    /// [`WriteTxn::mark_failed`] on its own.
    pub fn mark_failed(
        &self,
        ticket: ClaimTicket,
        problem: &OutboxProblem,
        retry_at: Option<i64>,
        now: i64,
    ) -> Result<OutboxState, StoreError> {
        self.write(|tx| tx.mark_failed(ticket, problem, retry_at, now))
    }

    /// [`WriteTxn::mark_outcome_unknown`] on its own.
    pub fn mark_outcome_unknown(
        &self,
        ticket: ClaimTicket,
        problem: &OutboxProblem,
        check_at: i64,
        now: i64,
    ) -> Result<OutboxState, StoreError> {
        self.write(|tx| tx.mark_outcome_unknown(ticket, problem, check_at, now))
    }

    /// [`WriteTxn::mark_needs_attention`] on its own.
    pub fn mark_needs_attention(
        &self,
        ticket: ClaimTicket,
        problem: &OutboxProblem,
        now: i64,
    ) -> Result<OutboxState, StoreError> {
        self.write(|tx| tx.mark_needs_attention(ticket, problem, now))
    }
}
