//! How the CLI gets the demo sandbox. Today core starts the demo shop's sandbox itself on
//! first use, so opening the app needs nothing but the environment; when core takes the demo
//! backend through `OpenOptions`, this module is the one place that changes.

use shopdock_core::{ApiError, OpenOptions, ShopView, Shopdock};

/// Opens the app over `SHOPDOCK_DATA_DIR` (or the default data folder).
pub async fn open_app() -> Result<Shopdock, ApiError> {
    Shopdock::open(OpenOptions::from_env()).await
}

/// `shopdock shop add --demo`: registers the shop backed by the in-process sandbox.
pub async fn add_demo_shop(app: &Shopdock) -> Result<ShopView, ApiError> {
    app.add_demo_shop().await
}
