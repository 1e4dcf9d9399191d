//! "Pause all" and "Sync all now", the tray's controls over the whole engine. Pausing holds
//! the supervisor: no pull or outbox drain starts (those in flight finish), every shop shows
//! Paused, and queued changes wait. It lasts for the process; the shell remembers it.

use crate::Shopdock;
use std::sync::atomic::Ordering;

impl Shopdock {
    /// Holds (`true`) or releases the engine; releasing looks at every shop at once.
    pub fn set_paused_all(&self, paused: bool) {
        self.inner.supervisor.held.store(paused, Ordering::SeqCst);
        self.inner.supervisor.wake.notify_one();
    }

    /// Whether the seller paused the engine.
    pub fn is_paused_all(&self) -> bool {
        self.inner.supervisor.held.load(Ordering::SeqCst)
    }

    /// "Sync all now": every shop's next pull starts at once (a paused engine stays paused).
    pub async fn sync_all_now(&self) {
        match self.db(|s| s.list_shops()).await {
            Ok(shops) => shops.iter().for_each(|shop| self.sync_now(&shop.id)),
            Err(e) => tracing::error!(error = %e, "Sync all now could not list the shops"),
        }
    }
}

impl Shopdock {
    /// Quit: no new pull or drain starts, and the drain passes in flight get up to `grace` to
    /// finish. A change being sent when the grace ends is not lost: the next run finds it
    /// `sending` and checks TikTok before sending it again (reconcile-before-resend).
    pub async fn shut_down(&self, grace: std::time::Duration) {
        self.stop_sync();
        self.set_paused_all(true);
        let passes: Vec<_> = self
            .inner
            .outbox
            .drains
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .values()
            .cloned()
            .collect();
        let finished = async {
            for pass in passes {
                drop(pass.lock().await);
            }
        };
        if tokio::time::timeout(grace, finished).await.is_err() {
            tracing::warn!(
                ?grace,
                "outbox sends still in flight at quit; the next run checks them"
            );
        }
    }
}
