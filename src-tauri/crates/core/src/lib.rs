//! Shopdock's product logic behind one facade, [`Shopdock`], that the Tauri shell and the
//! `shopdock` CLI both call. Nothing here depends on Tauri.
//!
//! NOTE: early stub; the facade's signatures below are the contract the shell builds on.

pub mod api;

pub use api::{ApiError, CoreEvent, ErrorCode, ShopStatus, ShopView};

use std::path::PathBuf;
use tokio::sync::broadcast;

/// Where Shopdock keeps its data. `from_env` honours `SHOPDOCK_DATA_DIR` (tests point it at a
/// temp dir) and otherwise uses the platform data dir.
#[derive(Debug, Clone, Default)]
pub struct OpenOptions {
    pub data_dir: Option<PathBuf>,
}

impl OpenOptions {
    pub fn from_env() -> Self {
        Self {
            data_dir: std::env::var_os("SHOPDOCK_DATA_DIR").map(PathBuf::from),
        }
    }
}

/// The application facade. Cheap to clone; all state lives behind `Arc`s.
#[derive(Clone)]
pub struct Shopdock {
    events: broadcast::Sender<CoreEvent>,
}

impl Shopdock {
    /// Opens the store, starts background work. Call once per process.
    pub async fn open(_opts: OpenOptions) -> Result<Self, ApiError> {
        let (events, _) = broadcast::channel(256);
        Ok(Self { events })
    }

    /// Background events (sync progress, shop changes, ...) for the UI to reflect.
    pub fn subscribe(&self) -> broadcast::Receiver<CoreEvent> {
        self.events.subscribe()
    }

    /// Every registered shop, demo shop included, in the order they were added.
    pub async fn list_shops(&self) -> Result<Vec<ShopView>, ApiError> {
        Ok(Vec::new())
    }

    /// Registers (or returns the existing) demo shop backed by the in-process sandbox.
    pub async fn add_demo_shop(&self) -> Result<ShopView, ApiError> {
        Ok(ShopView {
            id: "demo".into(),
            label: "Demo shop".into(),
            region: "US".into(),
            shop_name: None,
            is_demo: true,
            status: ShopStatus::NotConnected,
        })
    }
}
