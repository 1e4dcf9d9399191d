//! The automatic order download: one supervisor task looks at every shop each second and
//! starts a pull for each one that is connected, not paused, has the option on, and is due
//! (its poll interval has passed, or "Sync now" was pressed). A shop that needs
//! reauthorization is skipped until Get Auth fixes it, which is how its work pauses.

use crate::api::SyncStatusView;
use crate::errors::CoreError;
use crate::{now, CoreEvent, Shopdock};
use shopdock_store::AuthState;
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::Notify;
use tokio_util::sync::CancellationToken;

/// How often the supervisor looks at the shops.
const TICK: Duration = Duration::from_secs(1);
/// After a failed pull, wait at least this long before the next one.
const RETRY_AFTER_FAILURE_SECS: i64 = 30;

/// Shared state of the running supervisor.
#[derive(Default)]
pub(crate) struct Supervisor {
    pub(crate) started: std::sync::atomic::AtomicBool,
    pub(crate) wake: Notify,
    pub(crate) cancel: CancellationToken,
    state: Mutex<SupervisorState>,
}

#[derive(Default)]
struct SupervisorState {
    running: HashSet<String>,
    next_due: HashMap<String, i64>,
    status: HashMap<String, SyncStatusView>,
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

    fn set_status(&self, shop_id: &str, state: &str, error: Option<String>, finished: bool) {
        let status = self.with_supervisor(|s| {
            let entry = s
                .status
                .entry(shop_id.to_owned())
                .or_insert_with(|| SyncStatusView {
                    shop_id: shop_id.to_owned(),
                    state: String::new(),
                    last_sync_at: None,
                    last_error: None,
                });
            entry.state = state.to_owned();
            if finished {
                entry.last_sync_at = Some(now());
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
        let t = now();
        for shop in shops {
            let eligible = shop.auth_state == AuthState::Connected && !shop.sync_paused;
            let id = shop.id.clone();
            let options = {
                let id = id.clone();
                self.db(move |s| s.shop_options(&id))
                    .await
                    .unwrap_or_default()
            };
            if !(eligible && options.auto_download && crate::options::is_available("auto_download"))
            {
                let state = if eligible { "off" } else { "paused" };
                let current = self.with_supervisor(|s| s.status.get(&id).map(|v| v.state.clone()));
                if current.as_deref() != Some(state) {
                    self.set_status(&id, state, None, false);
                }
                continue;
            }
            let start = self.with_supervisor(|s| {
                let due = s.next_due.get(&id).copied().unwrap_or(0);
                if s.running.contains(&id) || due > t {
                    return false;
                }
                s.running.insert(id.clone());
                true
            });
            if !start {
                continue;
            }
            let app = self.clone();
            let interval = i64::from(
                options
                    .poll_interval_secs
                    .max(crate::options::MIN_POLL_SECS),
            );
            let cancel = self.inner.supervisor.cancel.clone();
            tokio::spawn(async move {
                app.set_status(&id, "syncing", None, false);
                let result = app.pull_orders_inner(&id, &cancel).await;
                let next = match &result {
                    Ok(stats) => {
                        tracing::debug!(shop = %id, ?stats, "order pull finished");
                        app.set_status(&id, "idle", None, true);
                        now() + interval
                    }
                    Err(CoreError::Cancelled) => now(),
                    Err(e) => {
                        let api: crate::ApiError = crate::errors::api_error_ref(e);
                        tracing::warn!(shop = %id, error = %api.message, "order pull failed");
                        app.set_status(&id, "error", Some(api.message), false);
                        now() + interval.max(RETRY_AFTER_FAILURE_SECS)
                    }
                };
                app.with_supervisor(|s| {
                    s.running.remove(&id);
                    s.next_due.insert(id.clone(), next);
                });
            });
        }
    }
}
