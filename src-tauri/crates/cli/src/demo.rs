//! How the CLI opens the app: with the demo shop's backend (the sandbox, in this process, started
//! on first use) handed to core through `OpenOptions`.

use shopdock_core::{ApiError, OpenOptions, ShopView, Shopdock};

/// How every command opens the app: over `SHOPDOCK_DATA_DIR` (or the default data folder).
pub fn options() -> OpenOptions {
    OpenOptions {
        demo: Some(shopdock_demo::SandboxDemo::new()),
        ..OpenOptions::from_env()
    }
}

/// Opens the app; when the open had to recover a damaged database, says so on stderr first.
pub async fn open_app() -> Result<Shopdock, ApiError> {
    let app = Shopdock::open(options()).await?;
    if let Some(notice) = app.database_notice() {
        eprintln!("warning: {}", notice.message);
        eprintln!("  ({})", notice.problem);
    }
    Ok(app)
}

/// `shopdock shop add --demo`: registers the shop backed by the in-process sandbox.
pub async fn add_demo_shop(app: &Shopdock) -> Result<ShopView, ApiError> {
    app.add_demo_shop().await
}
