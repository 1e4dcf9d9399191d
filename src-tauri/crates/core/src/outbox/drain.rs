//! The drainer: one pass per shop sends what is due, exactly once.
//!
//! A pass holds the shop's drain lease under this process's unique holder id (so two
//! processes, e.g. the window and the CLI, never send the same row), renews it before every
//! row (each call ends within the HTTP timeout, well inside the lease), and lets it go at the
//! end so another process can drain the shop at once. A row whose earlier outcome is unknown
//! is sent again only after TikTok's order shows the shipment is not there.

use super::settle::Settlement;
use crate::errors::{CoreError, CoreResult};
use crate::{CoreEvent, Shopdock};
use shopdock_store::outbox::{ClaimedIntent, DrainLease, OutboxKind, OutboxProblem};
use std::collections::{HashSet, VecDeque};
use std::sync::Arc;
use tokio::sync::Mutex as AsyncMutex;
use tokio::task::JoinSet;

/// How long a lease lasts without renewal: longer than any one call (30 s HTTP timeout plus a
/// rate-limiter wait and a token refresh).
const LEASE_SECS: i64 = 180;
/// Rows claimed at once.
const CLAIM_BATCH: u32 = 20;
/// Sends in flight at once per shop: enough to keep TikTok's per-shop rate busy at the
/// latency of a real round trip (50 QPS at 150 ms needs 8); the rate limiter still paces them.
const IN_FLIGHT: usize = 16;

/// How one row ended its attempt.
pub(super) enum Outcome {
    /// TikTok applied the change; what the row keeps of its answer.
    Sent(serde_json::Value),
    Settle(Settlement),
    /// Shopdock cannot send this row (an unknown kind or an unreadable payload).
    Unsendable(String),
}

impl Outcome {
    /// A success, with what the row keeps of TikTok's answer.
    pub(super) fn sent(result: &impl serde::Serialize) -> Outcome {
        match serde_json::to_value(result) {
            Ok(json) => Outcome::Sent(json),
            Err(e) => Outcome::Unsendable(format!("TikTok's answer could not be kept: {e}")),
        }
    }
}

impl Shopdock {
    /// Starts a drain pass of the shop in the background (after a change was queued or
    /// retried).
    pub(crate) fn wake_drainer(&self, shop_id: &str) {
        let app = self.clone();
        let shop_id = shop_id.to_owned();
        tokio::spawn(async move {
            if let Err(e) = app.drain_outbox(&shop_id).await {
                tracing::warn!(shop = %shop_id, error = %e.message, "outbox drain failed");
            }
        });
    }

    /// One drain pass of the shop: sends every row that is due. Returns how many rows were
    /// settled. The supervisor runs it each tick for shops with due rows; the CLI calls it
    /// while it waits for a shipment.
    pub async fn drain_outbox(&self, shop_id: &str) -> Result<u32, crate::ApiError> {
        Ok(self.drain_inner(shop_id).await?)
    }

    fn drain_lock(&self, shop_id: &str) -> Arc<AsyncMutex<()>> {
        self.inner
            .outbox
            .drains
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .entry(shop_id.to_owned())
            .or_default()
            .clone()
    }

    /// Takes (or renews) the lease; false when another process holds it.
    async fn hold_lease(&self, shop_id: &str) -> CoreResult<bool> {
        let (shop, holder, now) = (
            shop_id.to_owned(),
            self.inner.outbox.holder.clone(),
            self.now(),
        );
        let lease = self
            .db(move |s| s.acquire_drain_lease(&shop, &holder, now, now + LEASE_SECS))
            .await?;
        let DrainLease::HeldByOther { holder, expires_at } = lease else {
            return Ok(true);
        };
        if !holder_process_gone(&holder) {
            tracing::debug!(shop = %shop_id, %holder, expires_at, "another Shopdock drains this shop");
            return Ok(false);
        }
        let (shop, ours, now) = (
            shop_id.to_owned(),
            self.inner.outbox.holder.clone(),
            self.now(),
        );
        let ended = holder.clone();
        let taken = self
            .db(move |s| s.take_over_drain_lease(&shop, &ended, &ours, now, now + LEASE_SECS))
            .await?;
        tracing::info!(shop = %shop_id, ended = %holder, "took over the drain lease of a process that is gone");
        Ok(!matches!(taken, DrainLease::HeldByOther { .. }))
    }

    pub(crate) async fn drain_inner(&self, shop_id: &str) -> CoreResult<u32> {
        let lock = self.drain_lock(shop_id);
        let _one_pass = lock.lock().await;
        self.drain_locked(shop_id).await
    }

    /// The supervisor's tick: a pass of the shop in the background unless one is running.
    pub(crate) fn spawn_drain_if_idle(&self, shop_id: &str) {
        let Ok(one_pass) = self.drain_lock(shop_id).try_lock_owned() else {
            return;
        };
        let app = self.clone();
        let shop_id = shop_id.to_owned();
        tokio::spawn(async move {
            let _one_pass = one_pass;
            if let Err(e) = app.drain_locked(&shop_id).await {
                tracing::warn!(shop = %shop_id, error = %e, "outbox drain failed");
            }
        });
    }

    async fn drain_locked(&self, shop_id: &str) -> CoreResult<u32> {
        if !self.hold_lease(shop_id).await? {
            return Ok(0);
        }
        let result = self.drain_claimed(shop_id).await;
        let (shop, holder) = (shop_id.to_owned(), self.inner.outbox.holder.clone());
        if let Err(e) = self
            .db(move |s| s.release_drain_lease(&shop, &holder))
            .await
        {
            tracing::warn!(shop = %shop_id, error = %e, "could not release the drain lease");
        }
        result
    }

    /// Sends the due rows up to [`IN_FLIGHT`] at a time (each call still passes the shop's
    /// rate limiter), one row per target at a time so a target's rows keep their order. The
    /// lease is renewed before each send. Claims more as rows settle, until none is due.
    async fn drain_claimed(&self, shop_id: &str) -> CoreResult<u32> {
        let mut settled = 0;
        let mut waiting: VecDeque<ClaimedIntent> = VecDeque::new();
        let mut busy_targets: HashSet<String> = HashSet::new();
        let mut running: JoinSet<(String, CoreResult<()>)> = JoinSet::new();
        let mut none_due = false;
        let mut stop = false;
        let mut first_error = None;
        loop {
            while !stop && running.len() < IN_FLIGHT {
                if waiting.is_empty() && !none_due {
                    let claimed = self.claim(shop_id).await;
                    match claimed {
                        Ok(claimed) if claimed.is_empty() => none_due = true,
                        Ok(claimed) => {
                            waiting.extend(claimed);
                            self.emit(CoreEvent::OutboxChanged {
                                shop_id: shop_id.to_owned(),
                            });
                        }
                        Err(e) => {
                            first_error = Some(e);
                            stop = true;
                            break;
                        }
                    }
                }
                let Some(next) = waiting
                    .iter()
                    .position(|i| !busy_targets.contains(&i.entry.target))
                else {
                    break;
                };
                match self.hold_lease(shop_id).await {
                    Ok(true) => {}
                    // Lost the lease: the new holder recovers the claimed rows as needs_check.
                    Ok(false) => {
                        stop = true;
                        break;
                    }
                    Err(e) => {
                        first_error = Some(e);
                        stop = true;
                        break;
                    }
                }
                let Some(intent) = waiting.remove(next) else {
                    break;
                };
                let target = intent.entry.target.clone();
                busy_targets.insert(target.clone());
                let (app, shop) = (self.clone(), shop_id.to_owned());
                running.spawn(async move {
                    let outcome = app.attempt(&shop, &intent).await;
                    (target, app.record(intent, outcome).await)
                });
            }
            let Some(joined) = running.join_next().await else {
                return match first_error {
                    Some(e) => Err(e),
                    None => Ok(settled),
                };
            };
            let (target, recorded) =
                joined.map_err(|e| CoreError::Internal(format!("an outbox send failed: {e}")))?;
            busy_targets.remove(&target);
            none_due = false;
            match recorded {
                Ok(()) => {
                    settled += 1;
                    self.emit(CoreEvent::OutboxChanged {
                        shop_id: shop_id.to_owned(),
                    });
                }
                Err(e) => {
                    first_error.get_or_insert(e);
                    stop = true;
                }
            }
        }
    }

    async fn claim(&self, shop_id: &str) -> CoreResult<Vec<ClaimedIntent>> {
        let (shop, holder, now) = (
            shop_id.to_owned(),
            self.inner.outbox.holder.clone(),
            self.now(),
        );
        self.db(move |s| s.claim_due(&shop, &holder, now, CLAIM_BATCH))
            .await
    }

    /// One attempt at a claimed row, by kind. Each kind's send lives in its own room under
    /// [`super::send`]; a kind with none is set aside for the seller.
    async fn attempt(&self, shop_id: &str, intent: &ClaimedIntent) -> Outcome {
        match intent.entry.kind {
            OutboxKind::MarkShipped => self.send_mark_shipped(shop_id, intent).await,
            OutboxKind::UpdateTracking => self.send_update_tracking(shop_id, intent).await,
            OutboxKind::ArrangeShipment => self.send_arrangement(shop_id, intent).await,
            OutboxKind::ApproveCancellation | OutboxKind::RejectCancellation => {
                self.send_cancellation_answer(shop_id, intent).await
            }
            OutboxKind::SellerCancel => self.send_seller_cancel(shop_id, intent).await,
            OutboxKind::Stock => self.send_stock(shop_id, intent).await,
            OutboxKind::Price => self.send_price(shop_id, intent).await,
            other => Outcome::Unsendable(format!(
                "This Shopdock cannot send {} changes yet.",
                other.as_str()
            )),
        }
    }

    async fn record(&self, intent: ClaimedIntent, outcome: Outcome) -> CoreResult<()> {
        let ticket = intent.ticket;
        let now = self.now();
        let state = match outcome {
            Outcome::Sent(json) => {
                self.db(move |s| s.mark_sent(ticket, Some(&json), now))
                    .await?
            }
            Outcome::Settle(Settlement::Failed {
                code,
                reason,
                retry_in,
            }) => {
                let problem = OutboxProblem { code, reason };
                self.db(move |s| s.mark_failed(ticket, &problem, retry_in.map(|d| now + d), now))
                    .await?
            }
            Outcome::Settle(Settlement::Unknown {
                code,
                reason,
                check_in,
            }) => {
                let problem = OutboxProblem { code, reason };
                self.db(move |s| s.mark_outcome_unknown(ticket, &problem, now + check_in, now))
                    .await?
            }
            Outcome::Unsendable(reason) => {
                let problem = OutboxProblem {
                    code: "unsendable".into(),
                    reason,
                };
                self.db(move |s| s.mark_needs_attention(ticket, &problem, now))
                    .await?
            }
        };
        tracing::info!(id = ticket.id, attempt = ticket.attempt, %state, "outbox row settled");
        Ok(())
    }

    /// The shops with rows due now, for the supervisor's tick.
    pub(crate) async fn shops_with_due_outbox(&self) -> CoreResult<Vec<String>> {
        let counts = self.db(|s| s.outbox_counts_by_shop()).await?;
        Ok(counts
            .into_iter()
            .filter(|(_, c)| c.pending() > 0 || c.failed > 0)
            .map(|(shop, _)| shop)
            .collect())
    }
}

/// Whether the process that holds a lease (holder `shopdock-<pid>-<run id>`) has ended, so its
/// lease can be taken over before it expires. Known only where the process table can be read
/// (Linux); elsewhere the lease is waited out.
fn holder_process_gone(holder: &str) -> bool {
    let Some(pid) = holder
        .strip_prefix("shopdock-")
        .and_then(|rest| rest.split_once('-'))
        .and_then(|(pid, _)| pid.parse::<u32>().ok())
    else {
        return false;
    };
    if pid == std::process::id() {
        // Another Shopdock in this process (tests open several): alive.
        return false;
    }
    let proc_root = std::path::Path::new("/proc");
    cfg!(target_os = "linux")
        && proc_root.join("self").exists()
        && !proc_root.join(pid.to_string()).exists()
}
