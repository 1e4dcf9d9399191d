//! The automatic order download (and the outbox's drain passes): one supervisor task looks at every shop each second and
//! starts a pull for each one that is connected, not paused, has the option on, and is due
//! (its poll interval has passed, or "Sync now" was pressed). A shop that needs
//! reauthorization is skipped until Get Auth fixes it, which is how its work pauses.
//!
//! What to do at a tick is decided by the pure [`decide`] over a shop's [`ShopFacts`] and `now`,
//! and when the next pull is due by the pure [`next_due`]; the executor below only gathers the
//! facts and carries the decisions out.

use crate::api::{SyncState, SyncStatusView};
use crate::errors::CoreError;
use crate::{CoreEvent, Shopdock};
use shopdock_store::{AuthState, ShopOptions};
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::Notify;
use tokio_util::sync::CancellationToken;

/// How often the supervisor looks at the shops.
const TICK: Duration = Duration::from_secs(1);
/// After a failed pull, wait at least this long before the next one.
pub const RETRY_AFTER_FAILURE_SECS: i64 = 30;
/// After a pull stopped by a full disk, the first try again comes this soon; each further
/// full disk doubles the wait, up to [`DISK_FULL_MAX_WAIT_SECS`].
pub const DISK_FULL_FIRST_WAIT_SECS: i64 = 15;
pub const DISK_FULL_MAX_WAIT_SECS: i64 = 300;

/// Shared state of the running supervisor.
#[derive(Default)]
pub(crate) struct Supervisor {
    pub(crate) started: std::sync::atomic::AtomicBool,
    pub(crate) wake: Notify,
    pub(crate) cancel: CancellationToken,
    /// The seller's "Pause all" (see [`super::hold`]): no pull or drain starts while set.
    pub(crate) held: std::sync::atomic::AtomicBool,
    state: Mutex<SupervisorState>,
}

#[derive(Default)]
struct SupervisorState {
    running: HashSet<String>,
    next_due: HashMap<String, i64>,
    status: HashMap<String, SyncStatusView>,
    /// Pulls in a row each shop lost to a full disk (the backoff's exponent).
    disk_full: HashMap<String, u32>,
}

/// Everything the supervisor knows of one shop at a tick.
#[derive(Debug, Clone, PartialEq)]
pub struct ShopFacts {
    pub connected: bool,
    /// Paused by Shopdock (reauthorization needed) or by the seller.
    pub paused: bool,
    /// The shop's options; `Err` when they could not be read (never sync on a guess).
    pub options: Result<ShopOptions, crate::ApiError>,
    /// A pull of this shop is in flight.
    pub running: bool,
    /// Unix seconds when its next pull is due (0 = now).
    pub next_due: i64,
}

/// What a tick does for one shop.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// Start a pull; the next one is due `interval_secs` after it succeeds.
    Pull { interval_secs: i64 },
    /// Nothing runs; the shop shows `state` (with `error` when its options are unreadable).
    Show {
        state: SyncState,
        error: Option<String>,
    },
    /// A pull is in flight or not due yet.
    Wait,
}

/// The tick's decision for one shop at `now`.
pub fn decide(facts: &ShopFacts, now: i64) -> Decision {
    if !facts.connected || facts.paused {
        return Decision::Show {
            state: SyncState::Paused,
            error: None,
        };
    }
    let options = match &facts.options {
        Ok(o) => o,
        Err(e) => {
            return Decision::Show {
                state: SyncState::Error,
                error: Some(format!(
                    "Shopdock could not read this shop's options: {}",
                    e.message
                )),
            }
        }
    };
    if !(options.auto_download && crate::options::is_available(crate::api::OptionKey::AutoDownload))
    {
        return Decision::Show {
            state: SyncState::Off,
            error: None,
        };
    }
    if facts.running || facts.next_due > now {
        return Decision::Wait;
    }
    Decision::Pull {
        interval_secs: i64::from(
            options
                .poll_interval_secs
                .max(crate::options::MIN_POLL_SECS),
        ),
    }
}

/// How a pull ended, as far as scheduling cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PullEnd {
    Finished,
    Cancelled,
    Failed,
    /// Stopped by a full disk, the `times`-th pull in a row (1 = the first).
    DiskFull {
        times: u32,
    },
}

/// When the shop's next pull is due after a pull that ended at `now`.
pub fn next_due(end: PullEnd, now: i64, interval_secs: i64) -> i64 {
    match end {
        PullEnd::Finished => now + interval_secs,
        PullEnd::Cancelled => now,
        PullEnd::Failed => now + interval_secs.max(RETRY_AFTER_FAILURE_SECS),
        PullEnd::DiskFull { times } => now + disk_full_wait(times),
    }
}

/// How long sync stays paused after the `times`-th full disk in a row: short at first (the
/// seller may be freeing space right now), then doubling so a disk that stays full is not
/// hammered.
pub fn disk_full_wait(times: u32) -> i64 {
    let doublings = times.saturating_sub(1).min(16);
    (DISK_FULL_FIRST_WAIT_SECS << doublings).min(DISK_FULL_MAX_WAIT_SECS)
}

impl Shopdock {
    /// Starts the background order download (the shell calls this at startup; `shopdock sync`
    /// runs it in the foreground). Idempotent.
    pub fn start_sync(&self) {
        let sup = &self.inner.supervisor;
        if sup.started.swap(true, std::sync::atomic::Ordering::SeqCst) {
            return;
        }
        let weak = Arc::downgrade(&self.inner);
        let cancel = sup.cancel.clone();
        tokio::spawn(async move {
            loop {
                let Some(inner) = weak.upgrade() else { break };
                let app = Shopdock { inner };
                app.supervise_once().await;
                let wake = async { app.inner.supervisor.wake.notified().await };
                tokio::select! {
                    _ = cancel.cancelled() => break,
                    _ = tokio::time::sleep(TICK) => {}
                    _ = wake => {}
                }
            }
        });
    }

    /// Stops the background download; pulls in flight finish their current page.
    pub fn stop_sync(&self) {
        self.inner.supervisor.cancel.cancel();
    }

    /// "Sync now": the shop's next pull starts at once.
    pub fn sync_now(&self, shop_id: &str) {
        self.with_supervisor(|s| {
            s.next_due.insert(shop_id.to_owned(), 0);
        });
        self.inner.supervisor.wake.notify_one();
    }

    /// The engine's last known state of every shop it has looked at.
    pub fn sync_statuses(&self) -> Vec<SyncStatusView> {
        self.with_supervisor(|s| s.status.values().cloned().collect())
    }

    fn with_supervisor<R>(&self, f: impl FnOnce(&mut SupervisorState) -> R) -> R {
        let mut s = self
            .inner
            .supervisor
            .state
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        f(&mut s)
    }

    fn set_status(&self, shop_id: &str, state: SyncState, error: Option<String>, finished: bool) {
        let status = self.with_supervisor(|s| {
            let entry = s
                .status
                .entry(shop_id.to_owned())
                .or_insert_with(|| SyncStatusView {
                    shop_id: shop_id.to_owned(),
                    state,
                    last_sync_at: None,
                    last_error: None,
                });
            entry.state = state;
            if finished {
                entry.last_sync_at = Some(self.now());
            }
            if error.is_some() || finished {
                entry.last_error = error;
            }
            entry.clone()
        });
        self.emit(CoreEvent::SyncStatus { status });
    }

    async fn supervise_once(&self) {
        let shops = match self.db(|s| s.list_shops()).await {
            Ok(s) => s,
            Err(e) => {
                tracing::error!(error = %e, "sync supervisor could not list shops");
                return;
            }
        };
        let now = self.now();
        let held = self.is_paused_all();
        for shop in shops {
            let id = shop.id.clone();
            let options = {
                let id = id.clone();
                self.db(move |s| s.shop_options(&id))
                    .await
                    .map_err(crate::ApiError::from)
            };
            let (running, next_due) = self.with_supervisor(|s| {
                (
                    s.running.contains(&id),
                    s.next_due.get(&id).copied().unwrap_or(0),
                )
            });
            let facts = ShopFacts {
                connected: shop.auth_state == AuthState::Connected,
                paused: shop.sync_paused || held,
                options,
                running,
                next_due,
            };
            match decide(&facts, now) {
                Decision::Wait => {}
                Decision::Show { state, error } => {
                    let current = self.with_supervisor(|s| {
                        s.status.get(&id).map(|v| (v.state, v.last_error.clone()))
                    });
                    if current != Some((state, error.clone())) {
                        if let Some(e) = &error {
                            tracing::error!(shop = %id, error = %e, "shop not synced");
                        }
                        self.set_status(&id, state, error, false);
                    }
                }
                Decision::Pull { interval_secs } => self.spawn_pull(id, interval_secs),
            }
        }
        // The outbox: one drain pass per shop with rows to send or check (none while held:
        // queued changes wait for Resume).
        if held {
            return;
        }
        // Stock and price: changes marked since the last tick become pushes (a burst settles
        // for one tick first), and due reconciliations start.
        if let Err(e) = self.flush_sync_marks(true).await {
            tracing::error!(error = %e, "sync supervisor could not queue stock and price pushes");
        }
        self.spawn_due_reconciliations().await;
        match self.shops_with_due_outbox().await {
            Ok(shops) => {
                for shop in shops {
                    self.spawn_drain_if_idle(&shop);
                }
            }
            Err(e) => tracing::error!(error = %e, "sync supervisor could not read the outbox"),
        }
    }

    /// Runs one pull in the background and schedules the next.
    fn spawn_pull(&self, id: String, interval_secs: i64) {
        self.with_supervisor(|s| s.running.insert(id.clone()));
        let app = self.clone();
        let cancel = self.inner.supervisor.cancel.clone();
        tokio::spawn(async move {
            app.set_status(&id, SyncState::Syncing, None, false);
            let result = app.pull_orders_inner(&id, &cancel).await;
            let end = match &result {
                Ok(stats) => {
                    tracing::debug!(shop = %id, ?stats, "order pull finished");
                    app.with_supervisor(|s| s.disk_full.remove(&id));
                    app.set_status(&id, SyncState::Idle, None, true);
                    // Statements follow the orders, a few times a day.
                    app.schedule_finance(&id);
                    PullEnd::Finished
                }
                Err(CoreError::Cancelled) => PullEnd::Cancelled,
                // Not a failure of the shop: a pause until writes succeed again.
                Err(e) if crate::data::is_disk_full(e) => {
                    let times = app.with_supervisor(|s| {
                        let n = s.disk_full.entry(id.clone()).or_default();
                        *n += 1;
                        *n
                    });
                    let api = crate::ApiError::from(e);
                    tracing::warn!(shop = %id, times, "disk full: order download paused");
                    app.set_status(&id, SyncState::Paused, Some(api.message), false);
                    PullEnd::DiskFull { times }
                }
                Err(e) => {
                    let api = crate::ApiError::from(e);
                    tracing::warn!(shop = %id, error = %api.message, "order pull failed");
                    app.set_status(&id, SyncState::Error, Some(api.message), false);
                    PullEnd::Failed
                }
            };
            let due = next_due(end, app.now(), interval_secs);
            app.with_supervisor(|s| {
                s.running.remove(&id);
                s.next_due.insert(id.clone(), due);
            });
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts() -> ShopFacts {
        ShopFacts {
            connected: true,
            paused: false,
            options: Ok(ShopOptions::default()),
            running: false,
            next_due: 0,
        }
    }

    #[test]
    fn a_connected_shop_with_download_on_is_pulled_when_due() {
        let f = ShopFacts {
            next_due: 100,
            ..facts()
        };
        assert_eq!(decide(&f, 99), Decision::Wait);
        assert!(matches!(decide(&f, 100), Decision::Pull { .. }));
    }

    #[test]
    fn the_poll_interval_is_never_below_the_minimum() {
        let f = ShopFacts {
            options: Ok(ShopOptions {
                poll_interval_secs: 1,
                ..ShopOptions::default()
            }),
            ..facts()
        };
        assert_eq!(
            decide(&f, 0),
            Decision::Pull {
                interval_secs: i64::from(crate::options::MIN_POLL_SECS)
            }
        );
    }

    #[test]
    fn a_pull_in_flight_is_never_started_twice() {
        let f = ShopFacts {
            running: true,
            ..facts()
        };
        assert_eq!(decide(&f, 1_000_000), Decision::Wait);
    }

    #[test]
    fn a_shop_that_needs_get_auth_or_is_paused_shows_paused() {
        for f in [
            ShopFacts {
                connected: false,
                ..facts()
            },
            ShopFacts {
                paused: true,
                ..facts()
            },
        ] {
            assert_eq!(
                decide(&f, 0),
                Decision::Show {
                    state: SyncState::Paused,
                    error: None
                }
            );
        }
    }

    #[test]
    fn download_switched_off_shows_off() {
        let f = ShopFacts {
            options: Ok(ShopOptions {
                auto_download: false,
                ..ShopOptions::default()
            }),
            ..facts()
        };
        assert_eq!(
            decide(&f, 0),
            Decision::Show {
                state: SyncState::Off,
                error: None
            }
        );
    }

    #[test]
    fn unreadable_options_never_start_a_pull() {
        let f = ShopFacts {
            options: Err(crate::ApiError::new(
                crate::ErrorCode::Storage,
                "disk I/O error",
            )),
            ..facts()
        };
        match decide(&f, 0) {
            Decision::Show {
                state: SyncState::Error,
                error: Some(e),
            } => assert!(e.contains("disk I/O error")),
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn the_next_pull_waits_an_interval_or_longer_after_a_failure() {
        assert_eq!(next_due(PullEnd::Finished, 1_000, 10), 1_010);
        assert_eq!(next_due(PullEnd::Cancelled, 1_000, 10), 1_000);
        assert_eq!(
            next_due(PullEnd::Failed, 1_000, 10),
            1_000 + RETRY_AFTER_FAILURE_SECS
        );
        assert_eq!(next_due(PullEnd::Failed, 1_000, 600), 1_600);
    }

    #[test]
    fn a_full_disk_pauses_with_a_doubling_wait_that_stays_bounded() {
        let waits: Vec<i64> = (1..=8).map(disk_full_wait).collect();
        assert_eq!(waits, [15, 30, 60, 120, 240, 300, 300, 300]);
        assert_eq!(disk_full_wait(u32::MAX), DISK_FULL_MAX_WAIT_SECS);
        assert_eq!(next_due(PullEnd::DiskFull { times: 2 }, 1_000, 10), 1_030);
    }
}
