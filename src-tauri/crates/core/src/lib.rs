//! Shopdock's product logic behind one facade, [`Shopdock`], that the Tauri shell and the
//! `shopdock` CLI both call, so the CLI is never a second implementation. Nothing here
//! depends on Tauri.
//!
//! Rooms: [`registration`] validates what the seller types; [`auth`] runs Get Auth over the
//! [`loopback`] receiver; [`tokens`] keeps access tokens fresh; [`connection`] is Test
//! Connection; [`options`] the automation toggles; [`notifications`] which new orders deserve a
//! desktop notification; [`demo`] the in-process sandbox behind the demo shop; [`secrets`] the OS
//! keyring. The store is SQLite (`shopdock-store`), TikTok is reached through `shopdock-tiktok`.

pub mod api;
pub mod auth;
pub mod browser;
pub mod connection;
pub mod demo;
pub mod errors;
pub mod loopback;
pub mod notifications;
pub mod options;
pub mod orders;
pub mod registration;
pub mod secrets;
pub mod shops;
pub mod sync;
pub mod tokens;

pub use api::*;
pub use browser::{BrowserOpener, SystemBrowser};
pub use errors::{CoreError, CoreResult};
pub use shopdock_tiktok::redact::redact_url;

use shopdock_store::Store;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};
use tokio::sync::{broadcast, Mutex as AsyncMutex, OnceCell};

/// How Shopdock is opened.
#[derive(Clone, Default)]
pub struct OpenOptions {
    /// Where the SQLite file lives; `None` = `$SHOPDOCK_DATA_DIR` or the platform data dir.
    pub data_dir: Option<PathBuf>,
    /// Opens the system browser for Get Auth; `None` = [`SystemBrowser`].
    pub browser: Option<Arc<dyn BrowserOpener>>,
    /// Seed of the demo shop's sandbox (fixed by default so the demo looks the same each time).
    pub demo_seed: Option<u64>,
}

impl OpenOptions {
    pub fn from_env() -> Self {
        Self {
            data_dir: std::env::var_os("SHOPDOCK_DATA_DIR")
                .filter(|d| !d.is_empty())
                .map(PathBuf::from),
            ..Self::default()
        }
    }
}

pub(crate) struct Inner {
    pub(crate) store: Arc<Store>,
    pub(crate) events: broadcast::Sender<CoreEvent>,
    pub(crate) browser: Arc<dyn BrowserOpener>,
    pub(crate) demo: OnceCell<demo::Demo>,
    pub(crate) demo_seed: u64,
    /// Get Auth attempts in progress, by shop id.
    pub(crate) auth: std::sync::Mutex<HashMap<String, auth::PendingAuth>>,
    /// Serialises token refreshes per shop, so two calls that both see 105002 refresh once.
    pub(crate) refresh_locks: std::sync::Mutex<HashMap<String, Arc<AsyncMutex<()>>>>,
    /// Sessions (client + token + cipher) per shop, so a sync does not read the keyring for
    /// every request; dropped whenever tokens or the registration change.
    pub(crate) sessions: std::sync::Mutex<HashMap<String, tokens::ShopSession>>,
    /// One token bucket per app-and-shop.
    pub(crate) limiters: sync::limiter::Limiters,
    pub(crate) supervisor: sync::supervisor::Supervisor,
    /// Running backfills by shop, to cancel them.
    pub(crate) backfills: std::sync::Mutex<HashMap<String, tokio_util::sync::CancellationToken>>,
}

/// The application facade. Cheap to clone; all state lives behind one `Arc`.
#[derive(Clone)]
pub struct Shopdock {
    pub(crate) inner: Arc<Inner>,
}

impl Shopdock {
    /// Opens the store (creating or migrating it) and starts background work (token refresh).
    pub async fn open(opts: OpenOptions) -> Result<Self, ApiError> {
        let dir = match opts.data_dir {
            Some(d) => d,
            None => shopdock_store::default_data_dir().map_err(CoreError::from)?,
        };
        let store = tokio::task::spawn_blocking(move || Store::open_in_dir(&dir))
            .await
            .map_err(|e| CoreError::Internal(e.to_string()))?
            .map_err(CoreError::from)?;
        let (events, _) = broadcast::channel(1024);
        let app = Self {
            inner: Arc::new(Inner {
                store: Arc::new(store),
                events,
                browser: opts.browser.unwrap_or_else(|| Arc::new(SystemBrowser)),
                demo: OnceCell::new(),
                demo_seed: opts.demo_seed.unwrap_or(demo::DEFAULT_SEED),
                auth: std::sync::Mutex::new(HashMap::new()),
                refresh_locks: std::sync::Mutex::new(HashMap::new()),
                sessions: std::sync::Mutex::new(HashMap::new()),
                limiters: sync::limiter::Limiters::default(),
                supervisor: sync::supervisor::Supervisor::default(),
                backfills: std::sync::Mutex::new(HashMap::new()),
            }),
        };
        app.resume_demo_shop().await;
        tokens::spawn_refresher(app.clone());
        Ok(app)
    }

    /// Background events (shop changes, Get Auth progress, ...) for the UI to reflect.
    pub fn subscribe(&self) -> broadcast::Receiver<CoreEvent> {
        self.inner.events.subscribe()
    }

    pub(crate) fn emit(&self, event: CoreEvent) {
        // No receiver is fine (the CLI often has none).
        let _ = self.inner.events.send(event);
    }

    /// Runs a store call on the blocking pool.
    pub(crate) async fn db<T: Send + 'static>(
        &self,
        f: impl FnOnce(&Store) -> Result<T, shopdock_store::StoreError> + Send + 'static,
    ) -> CoreResult<T> {
        let store = self.inner.store.clone();
        tokio::task::spawn_blocking(move || f(&store))
            .await
            .map_err(|e| CoreError::Internal(format!("database task failed: {e}")))?
            .map_err(CoreError::from)
    }

    /// The SQLite file in use (for the settings screen and tests).
    pub fn database_path(&self) -> PathBuf {
        self.inner.store.path().to_path_buf()
    }
}

/// Unix seconds now.
pub(crate) fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}
