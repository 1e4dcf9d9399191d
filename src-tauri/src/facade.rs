//! The one `Shopdock` facade of the process, shared by every command, and the two things only
//! the shell knows: how to open the system browser (tauri-plugin-opener) and where the seller's
//! exports go (the Downloads folder).

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use shopdock_core::sync::engine_lock::{Claimant, EngineLock};
use shopdock_core::{ApiError, BrowserError, BrowserOpener, ErrorCode, OpenOptions, Shopdock};
use shopdock_demo::SandboxDemo;
use tauri_plugin_opener::OpenerExt as _;
use tokio::sync::OnceCell;

/// Managed as Tauri state from the start, while the facade opens in the background: a command
/// that arrives before the open has finished waits for it instead of failing. A failed open is
/// reported to the command that asked (so the UI can show it) instead of ending the process,
/// and is not kept: the next command tries to open again, so the seller can retry (after
/// freeing disk space, say) without restarting the app.
pub struct Core {
    /// The app, for the commands that act on the desktop (Settings, folders).
    pub app: tauri::AppHandle,
    cell: OnceCell<Shopdock>,
    browser: Arc<dyn BrowserOpener>,
    /// Where exports are written: the seller's Downloads folder, else their home folder.
    export_dir: Option<PathBuf>,
    /// The seller paused all syncing last time (Settings keeps it): the engine starts held.
    start_paused: bool,
    /// This process's claim on the data dir's sync engine, held for the whole run so that
    /// `shopdock sync` refuses the shops the app syncs (see `shopdock_core::sync::engine_lock`).
    engine: Arc<Mutex<Option<EngineLock>>>,
}

/// How often the app tries again to claim an engine a `shopdock sync` command holds.
const ENGINE_RETRY: Duration = Duration::from_secs(5);

impl Core {
    pub fn new(
        app: tauri::AppHandle,
        browser: Arc<dyn BrowserOpener>,
        export_dir: Option<PathBuf>,
        start_paused: bool,
    ) -> Self {
        Self {
            app,
            cell: OnceCell::new(),
            browser,
            export_dir,
            start_paused,
            engine: Arc::default(),
        }
    }

    /// The facade if it has opened successfully (no waiting).
    pub fn opened(&self) -> Option<&Shopdock> {
        self.cell.get()
    }

    /// Claims the sync engine and starts the automatic download; while a `shopdock sync`
    /// command holds the engine, tries again every few seconds in the background.
    fn start_engine(&self, shopdock: &Shopdock) {
        shopdock.set_paused_all(self.start_paused);
        let shopdock = shopdock.clone();
        let held = Arc::clone(&self.engine);
        tokio::spawn(async move {
            let mut told = false;
            loop {
                match shopdock.claim_engine(Claimant::App, "") {
                    Ok(lock) => {
                        *held.lock().unwrap_or_else(|p| p.into_inner()) = Some(lock);
                        shopdock.start_sync();
                        tracing::info!("automatic order download started");
                        return;
                    }
                    Err(error) if !told => {
                        tracing::warn!(error = %error.message, "waiting for the sync engine");
                        told = true;
                    }
                    Err(_) => {}
                }
                tokio::time::sleep(ENGINE_RETRY).await;
            }
        });
    }

    /// The facade, opening it on first use (`SHOPDOCK_DATA_DIR` picks the data dir), or again
    /// after a failed open. Once open, the automatic order download runs for as long as the
    /// app does.
    pub async fn get(&self) -> Result<&Shopdock, ApiError> {
        self.cell
            .get_or_try_init(|| async {
                let options = OpenOptions {
                    browser: Some(Arc::clone(&self.browser)),
                    // The demo shop's backend: the sandbox, in this process, on first use.
                    demo: Some(SandboxDemo::new()),
                    ..OpenOptions::from_env()
                };
                let opened = Shopdock::open(options).await;
                match &opened {
                    Ok(shopdock) => {
                        tracing::info!("Shopdock core opened");
                        self.start_engine(shopdock);
                    }
                    Err(error) => tracing::error!(?error, "Shopdock core failed to open"),
                }
                opened
            })
            .await
    }

    /// A new, not yet existing file in the export folder for `what` (orders, skus...), named
    /// for the local time now, e.g. `shopdock-orders-20261122-091500.csv`; `-2`, `-3`, ...
    /// when two exports share a second.
    pub fn export_path(&self, what: &str, extension: &str) -> Result<PathBuf, ApiError> {
        let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S");
        let dir = self.export_dir.as_ref().ok_or_else(|| {
            ApiError::new(
                ErrorCode::Storage,
                "Shopdock found neither a Downloads nor a home folder to save the export in.",
            )
        })?;
        std::fs::create_dir_all(dir).map_err(|error| {
            ApiError::new(
                ErrorCode::Storage,
                format!(
                    "Shopdock could not open {} to save the export. Check that the folder exists and you can write to it.",
                    dir.display()
                ),
            )
            .with_detail(error.to_string())
        })?;
        let base = format!("shopdock-{what}-{stamp}");
        let mut path = dir.join(format!("{base}.{extension}"));
        let mut n = 2;
        while path.exists() {
            path = dir.join(format!("{base}-{n}.{extension}"));
            n += 1;
        }
        Ok(path)
    }
}

/// Get Auth's browser: tauri-plugin-opener, which on Linux tries `xdg-open` first (so a test can
/// put its own `xdg-open` first on PATH and play the browser). It returns once the browser
/// process has started; it never waits for the page.
pub struct TauriBrowser<R: tauri::Runtime> {
    app: tauri::AppHandle<R>,
}

impl<R: tauri::Runtime> TauriBrowser<R> {
    pub fn new(app: tauri::AppHandle<R>) -> Self {
        Self { app }
    }
}

impl<R: tauri::Runtime> BrowserOpener for TauriBrowser<R> {
    fn open(&self, url: &str) -> Result<(), BrowserError> {
        self.app
            .opener()
            .open_url(url, None::<&str>)
            .map_err(|error| BrowserError::OpenerFailed(error.to_string()))
    }
}
