//! The Tauri shell of Shopdock: it wires `shopdock_core::Shopdock` to the desktop and nothing
//! more. Product logic lives in core; this crate only
//! - opens the facade once, with Get Auth's browser being tauri-plugin-opener, claims the data
//!   dir's sync engine and starts the automatic order download (`facade::Core`),
//! - exposes the commands listed in the one table in [`commands`] (the TypeScript bindings in
//!   `ui/src/lib/bindings.ts` are generated from the same table, see [`bindings`]),
//! - forwards every `CoreEvent` to the UI as the Tauri event [`CORE_EVENT`], so the UI never polls,
//!   shows the desktop notification an event warrants (`notify`) and redraws the tray (`tray`),
//! - lives on the desktop: one instance per data dir, close to tray, start at login, the window's
//!   size and position (`desktop`), the app's settings (`settings`, `preferences`) and the
//!   rotating log file (`logging`),
//! - serves the cached product thumbnails to the webview through the `thumb:` scheme
//!   (`thumbs`).

pub mod bindings;
pub mod commands;
mod desktop;
mod facade;
mod logging;
mod notify;
mod preferences;
mod settings;
mod single_instance;
mod thumbs;
mod tray;
mod tray_state;
mod viewer;

use std::process::ExitCode;
use std::sync::{Arc, Mutex};

use tauri::{Emitter, Manager};
use tauri_plugin_window_state::StateFlags;
use tokio::sync::broadcast::error::RecvError;

use crate::desktop::{Desktop, MAIN_WINDOW, MINIMIZED_ARG};
use crate::facade::{Core, TauriBrowser};
use crate::settings::SettingsFile;

/// The Tauri event that carries each `shopdock_core::CoreEvent` to the UI. The bindings
/// generator exports it to TypeScript, so the name is written only here.
pub const CORE_EVENT: &str = "shopdock://event";

/// The log file's writer guard, kept for the whole run so the last lines are flushed at exit.
struct LogGuard(#[allow(dead_code)] Mutex<Option<tracing_appender::non_blocking::WorkerGuard>>);

/// Builds and runs the app until Quit.
pub fn run() -> ExitCode {
    let app = tauri::Builder::default()
        // First: a second launch must be caught before anything else starts (a second engine).
        .plugin(
            tauri_plugin_single_instance::Builder::new()
                .dbus_id(single_instance::dbus_id())
                .callback(|app, _args, _cwd| desktop::show_main(app, None))
                .build(),
        )
        // Get Auth and "Open folder" open the seller's system browser / file manager; Rust
        // calls the opener, the UI does not.
        .plugin(tauri_plugin_opener::init())
        // Notifications, shown by Rust (`notify`); the UI gets no permission for them.
        .plugin(tauri_plugin_notification::init())
        .plugin(
            tauri_plugin_autostart::Builder::new()
                .arg(MINIMIZED_ARG)
                .build(),
        )
        // Size and position, never visibility: quitting from the tray while hidden must not
        // start the next launch hidden.
        .plugin(
            tauri_plugin_window_state::Builder::new()
                .with_state_flags(StateFlags::all() - StateFlags::VISIBLE)
                .build(),
        )
        // Cached product thumbnails, served to the webview from the cache folder only.
        .register_asynchronous_uri_scheme_protocol(thumbs::SCHEME, thumbs::handle)
        .invoke_handler(commands::handler())
        .on_window_event(|window, event| {
            if let tauri::WindowEvent::CloseRequested { api, .. } = event {
                desktop::on_close_requested(window, api);
            }
        })
        .setup(|app| {
            let paths = app.path();
            let guard = logging::init(paths.app_log_dir().ok().as_deref());
            app.manage(LogGuard(Mutex::new(guard)));
            let settings = SettingsFile::load(paths.app_config_dir().ok().as_deref());
            let start_paused = settings.get().paused;
            app.manage(Arc::new(Desktop::new(settings)));
            notify::on_click(app.handle());
            if let Some(window) = app.get_webview_window(MAIN_WINDOW) {
                if !desktop::started_minimized() {
                    window.show()?;
                }
            }
            // Exports go where the seller looks for downloaded files.
            let export_dir = paths.download_dir().or_else(|_| paths.home_dir()).ok();
            let browser = Arc::new(TauriBrowser::new(app.handle().clone()));
            let core = Arc::new(Core::new(
                app.handle().clone(),
                browser,
                export_dir,
                start_paused,
            ));
            app.manage(Arc::clone(&core));
            if let Err(error) = tray::build(app.handle()) {
                // A desktop without a tray still has the window; closing it then quits.
                tracing::warn!(%error, "no tray icon");
            }
            let handle = app.handle().clone();
            // Opening may run migrations: do it off the main thread so the window paints at
            // once. Commands that arrive meanwhile wait for the same open (see `Core::get`).
            tauri::async_runtime::spawn(async move {
                if let Ok(shopdock) = core.get().await {
                    let events = shopdock.subscribe();
                    tray::refresh(&handle).await;
                    forward_events(handle, events).await;
                }
            });
            Ok(())
        })
        .build(tauri::generate_context!());
    let app = match app {
        Ok(app) => app,
        Err(error) if single_instance::met_a_quitting_instance(&error.to_string()) => {
            // The instance this launch handed over to went away before taking the hand-over:
            // start again as a new process (an event loop cannot be built twice in one).
            tracing::warn!(%error, "the running Shopdock quit during this launch; starting anew");
            return single_instance::relaunch();
        }
        Err(error) => {
            tracing::error!(%error, "Shopdock could not start");
            eprintln!("Shopdock could not start: {error}");
            return ExitCode::FAILURE;
        }
    };
    app.run(|app, event| {
        // Any way out (the last window closed without the tray, a signal) stops the engine
        // first; Quit's own exit is let through.
        if let tauri::RunEvent::ExitRequested { api, code, .. } = event {
            if !desktop::is_quitting(app) {
                api.prevent_exit();
                desktop::quit(app, code.unwrap_or(0));
            }
        }
    });
    ExitCode::SUCCESS
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
                if let Some(notice) = notify::for_event(&event).filter(|_| notify::wanted(&app)) {
                    notify::show(&app, &notice);
                }
                if redraws_tray(&event) {
                    let app = app.clone();
                    tauri::async_runtime::spawn(async move { tray::refresh(&app).await });
                }
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

/// The events after which the tray's picture may change.
fn redraws_tray(event: &shopdock_core::CoreEvent) -> bool {
    use shopdock_core::CoreEvent::*;
    matches!(
        event,
        ShopsChanged | AuthFinished { .. } | SyncStatus { .. } | OutboxChanged { .. }
    )
}
