//! How the CLI opens the app: with the demo shop's backend (the sandbox, in this process, started
//! on first use) handed to core through `OpenOptions`.

use shopdock_core::{ApiError, OpenOptions, ShopView, Shopdock};

/// Opens the app over `SHOPDOCK_DATA_DIR` (or the default data folder).
pub async fn open_app() -> Result<Shopdock, ApiError> {
    Shopdock::open(OpenOptions {
        demo: Some(shopdock_demo::SandboxDemo::new()),
        ..OpenOptions::from_env()
    })
    .await
}

/// `shopdock shop add --demo`: registers the shop backed by the in-process sandbox.
pub async fn add_demo_shop(app: &Shopdock) -> Result<ShopView, ApiError> {
    app.add_demo_shop().await
}
