//! Shopdock's product logic behind one facade, [`Shopdock`], that the Tauri shell and the
//! `shopdock` CLI both call, so the CLI is never a second implementation. Nothing here
//! depends on Tauri.
//!
//! Rooms: [`registration`] validates what the seller types; [`auth`] runs Get Auth over the
//! [`loopback`] receiver; [`sessions`] caches each shop's client and token and runs calls;
//! [`tokens`] keeps access tokens fresh; [`connection`] is Test
//! Connection; [`options`] the automation toggles; [`notifications`] which new orders deserve a
//! desktop notification; [`demo`] the seam through which the shell and the CLI hand in the demo
//! shop's backend; [`clock`] the one clock; [`secrets`] the OS keyring. The store is SQLite
//! (`shopdock-store`), TikTok is reached through `shopdock-tiktok`.

pub mod api;
pub mod auth;
pub mod browser;
pub mod cancellations;
pub mod clock;
pub mod connection;
pub mod data;
pub mod demo;
pub mod documents;
pub mod errors;
pub mod finance;
pub mod loopback;
pub mod notifications;
pub mod options;
pub mod orders;
pub mod outbox;
pub mod poll_interval;
pub mod products;
pub mod registration;
pub mod scopes;
pub mod secrets;
pub mod sessions;
pub(crate) mod sheet;
pub(crate) mod shop_jobs;
pub mod shops;
pub mod skus;
pub mod stock;
pub mod sync;
pub mod tokens;
pub mod words;

pub use api::*;
pub use browser::{BrowserError, BrowserOpener, SystemBrowser};
pub use clock::{Clock, ManualClock, SystemClock};
pub use data::restore_database;
pub use demo::{DemoApp, DemoBackend, DemoError, DemoLauncher};
pub use errors::{CoreError, CoreResult};
pub use shopdock_tiktok::redact::{redact_url, SECRET_QUERY_KEYS};

use shopdock_store::Store;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use tokio::sync::{broadcast, Mutex as AsyncMutex, OnceCell};

/// How Shopdock is opened.
#[derive(Clone, Default)]
pub struct OpenOptions {
    /// Where the SQLite file lives; `None` = `$SHOPDOCK_DATA_DIR` or the platform data dir.
    pub data_dir: Option<PathBuf>,
    /// Opens the system browser for Get Auth; `None` = [`SystemBrowser`].
    pub browser: Option<Arc<dyn BrowserOpener>>,
    /// The demo shop's backend; `None` = no demo shop in this process.
    pub demo: Option<Arc<dyn DemoLauncher>>,
    /// Where time comes from; `None` = [`SystemClock`].
    pub clock: Option<Arc<dyn Clock>>,
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
    pub(crate) demo_launcher: Option<Arc<dyn DemoLauncher>>,
    pub(crate) demo: OnceCell<Arc<dyn DemoBackend>>,
    pub(crate) clock: Arc<dyn Clock>,
    /// Get Auth attempts in progress, by shop id.
    pub(crate) auth: std::sync::Mutex<HashMap<String, auth::PendingAuth>>,
    /// Serialises token refreshes per shop, so two calls that both see 105002 refresh once.
    pub(crate) refresh_locks: std::sync::Mutex<HashMap<String, Arc<AsyncMutex<()>>>>,
    /// Sessions (client + token + cipher) per shop, so a sync does not read the keyring for
    /// every request; dropped whenever tokens or the registration change.
    pub(crate) sessions: std::sync::Mutex<HashMap<String, sessions::ShopSession>>,
    /// TikTok's clock as each shop's requests measured it (signing corrects by it).
    pub(crate) server_clocks: std::sync::Mutex<HashMap<String, shopdock_tiktok::ServerClock>>,
    /// One token bucket per app-and-shop.
    pub(crate) limiters: sync::limiter::Limiters,
    pub(crate) supervisor: sync::supervisor::Supervisor,
    /// Running backfills by shop, to cancel them.
    pub(crate) backfills: std::sync::Mutex<HashMap<String, tokio_util::sync::CancellationToken>>,
    /// The outbox's drain lease holder, provider cache and per-shop drain locks.
    pub(crate) outbox: outbox::OutboxRuntime,
    /// Which shops' stock reconciliations run.
    pub(crate) stock: stock::StockRuntime,
    /// What the open found wrong with the database (damaged, recovered from a backup).
    pub(crate) database_notice: Option<DatabaseNotice>,
    /// Label prints in progress, by job id, to cancel them.
    pub(crate) label_prints: std::sync::Mutex<HashMap<String, tokio_util::sync::CancellationToken>>,
    /// Running product imports by shop, to cancel them (one per shop at a time).
    pub(crate) product_imports: shop_jobs::ShopJobs,
    /// Running finance imports by shop, and when each shop's automatic one last started.
    pub(crate) finance: finance::import::FinanceRuntime,
}

/// The application facade. Cheap to clone; all state lives behind one `Arc`.
#[derive(Clone)]
pub struct Shopdock {
    pub(crate) inner: Arc<Inner>,
}

impl Shopdock {
    /// Opens the store (checking it, recovering a damaged one from the newest good backup,
    /// creating or migrating it) and starts background work (token refresh, daily backup).
    /// A failed open holds nothing: calling it again ([`Shopdock::retry_open`]) starts afresh.
    pub async fn open(opts: OpenOptions) -> Result<Self, ApiError> {
        let dir = data::data_dir(&opts)?;
        let clock: Arc<dyn Clock> = opts.clock.unwrap_or_else(|| Arc::new(SystemClock));
        let (store, database_notice) = data::open_store(dir, clock.now()).await?;
        if let Some(notice) = &database_notice {
            tracing::error!(message = %notice.message, "the database was recovered");
        }
        let (events, _) = broadcast::channel(1024);
        let app = Self {
            inner: Arc::new(Inner {
                store: Arc::new(store),
                events,
                browser: opts.browser.unwrap_or_else(|| Arc::new(SystemBrowser)),
                demo_launcher: opts.demo,
                demo: OnceCell::new(),
                clock,
                auth: std::sync::Mutex::new(HashMap::new()),
                refresh_locks: std::sync::Mutex::new(HashMap::new()),
                sessions: std::sync::Mutex::new(HashMap::new()),
                server_clocks: std::sync::Mutex::new(HashMap::new()),
                limiters: sync::limiter::Limiters::default(),
                supervisor: sync::supervisor::Supervisor::default(),
                backfills: std::sync::Mutex::new(HashMap::new()),
                outbox: outbox::OutboxRuntime::default(),
                stock: stock::StockRuntime::default(),
                database_notice,
                label_prints: std::sync::Mutex::new(HashMap::new()),
                product_imports: shop_jobs::ShopJobs::default(),
                finance: finance::import::FinanceRuntime::default(),
            }),
        };
        app.resume_demo_shop().await;
        tokens::spawn_refresher(app.clone());
        data::spawn_daily_backup(app.clone());
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

    /// Tells the table that a shop's stored orders changed, when any did: orders inserted or
    /// updated, or orders stored as unreadable (the table's notice lists those).
    pub(crate) fn emit_orders_changed(
        &self,
        shop_id: &str,
        inserted: usize,
        updated: usize,
        unreadable: usize,
    ) {
        if inserted + updated + unreadable > 0 {
            self.emit(CoreEvent::OrdersChanged {
                shop_id: shop_id.to_owned(),
                inserted: inserted as u32,
                updated: updated as u32,
            });
        }
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

    /// Unix seconds now, by the process's clock.
    pub fn now(&self) -> i64 {
        self.inner.clock.now()
    }

    /// The SQLite file in use (for the settings screen and tests).
    pub fn database_path(&self) -> PathBuf {
        self.inner.store.path().to_path_buf()
    }
}
