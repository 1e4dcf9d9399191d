//! The Tauri shell of Shopdock: it wires `shopdock_core::Shopdock` to the window and nothing
//! more. Product logic lives in core; this crate only
//! - opens the facade once, with Get Auth's browser being tauri-plugin-opener, starts the
//!   automatic order download and shares the facade with the commands ([`facade::Core`]),
//! - exposes the commands listed in the one table in [`commands`] (the TypeScript bindings in
//!   `ui/src/lib/bindings.ts` are generated from the same table, see [`bindings`]),
//! - forwards every `CoreEvent` to the UI as the Tauri event [`CORE_EVENT`], so the UI never polls,
//!   and shows the desktop notification an event warrants (new orders, see [`notify`]).

pub mod bindings;
pub mod commands;
mod facade;
mod notify;

use std::process::ExitCode;
use std::sync::Arc;

use tauri::{Emitter, Manager};
use tokio::sync::broadcast::error::RecvError;

use crate::facade::{Core, TauriBrowser};

/// The Tauri event that carries each `shopdock_core::CoreEvent` to the UI. The bindings
/// generator exports it to TypeScript, so the name is written only here.
pub const CORE_EVENT: &str = "shopdock://event";

/// Builds and runs the app until its last window closes.
pub fn run() -> ExitCode {
    init_tracing();
    let app = tauri::Builder::default()
        // Get Auth opens the seller's system browser; Rust calls the opener, the UI does not.
        .plugin(tauri_plugin_opener::init())
        // New-order notifications, shown by Rust (`notify`); the UI gets no permission for them.
        .plugin(tauri_plugin_notification::init())
        .invoke_handler(commands::handler())
        .setup(|app| {
            // Exports go where the seller looks for downloaded files.
            let paths = app.path();
            let export_dir = paths.download_dir().or_else(|_| paths.home_dir()).ok();
            let browser = Arc::new(TauriBrowser::new(app.handle().clone()));
            let core = Arc::new(Core::new(browser, export_dir));
            app.manage(Arc::clone(&core));
            let handle = app.handle().clone();
            // Opening may run migrations: do it off the main thread so the window paints at
            // once. Commands that arrive meanwhile wait for the same open (see `Core::get`).
            tauri::async_runtime::spawn(async move {
                if let Ok(shopdock) = core.get().await {
                    forward_events(handle, shopdock.subscribe()).await;
                }
            });
            Ok(())
        })
        .run(tauri::generate_context!());
    match app {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            tracing::error!(%error, "Shopdock could not start");
            eprintln!("Shopdock could not start: {error}");
            ExitCode::FAILURE
        }
    }
}

/// Logs to stderr; `RUST_LOG` overrides the default level (info).
fn init_tracing() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    // `try_init` fails only if a subscriber is already set (e.g. by a test): keep that one.
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}

/// Re-emits each core event to every window, and shows the desktop notification it warrants,
/// until core closes its channel.
async fn forward_events(
    app: tauri::AppHandle,
    mut events: tokio::sync::broadcast::Receiver<shopdock_core::CoreEvent>,
) {
    loop {
        match events.recv().await {
            Ok(event) => {
                notify::show_for(&app, &event);
                if let Err(error) = app.emit(CORE_EVENT, &event) {
                    tracing::warn!(%error, ?event, "could not forward a core event to the UI");
                }
            }
            // Forwarding only re-emits, so falling a whole channel behind means the process
            // is starved; say so in the log rather than stop forwarding.
            Err(RecvError::Lagged(skipped)) => {
                tracing::warn!(skipped, "the UI fell behind the core's events");
            }
            Err(RecvError::Closed) => break,
        }
    }
}
