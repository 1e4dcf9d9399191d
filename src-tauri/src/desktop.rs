//! The window's life on the desktop: it hides to the tray when closed (unless the seller turned
//! that off), a second launch or a notification click brings it back, `--minimized` (start at
//! login) starts it hidden, and quitting stops the engine before the process ends.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use tauri::{AppHandle, Manager as _, Runtime, WebviewWindow};

use crate::facade::Core;
use crate::notify::{Notice, Screen};
use crate::settings::SettingsFile;

/// The label of the one window (tauri.conf.json).
pub const MAIN_WINDOW: &str = "main";
/// The argument the login autostart entry passes: start hidden in the tray.
pub const MINIMIZED_ARG: &str = "--minimized";
/// How long Quit waits for changes being sent to TikTok.
const QUIT_GRACE: Duration = Duration::from_secs(10);

/// The shell's desktop state, managed as Tauri state.
pub struct Desktop {
    pub settings: SettingsFile,
    /// Set once Quit began: the exit that follows is ours and is let through.
    quitting: AtomicBool,
}

impl Desktop {
    pub fn new(settings: SettingsFile) -> Self {
        Self {
            settings,
            quitting: AtomicBool::new(false),
        }
    }
}

fn main_window<R: Runtime>(app: &AppHandle<R>) -> Option<WebviewWindow<R>> {
    app.get_webview_window(MAIN_WINDOW)
}

/// Shows, unminimizes and focuses the window, on `screen` when given.
pub fn show_main<R: Runtime>(app: &AppHandle<R>, screen: Option<Screen>) {
    let Some(window) = main_window(app) else {
        return;
    };
    if let Some(screen) = screen {
        // The UI follows its `#hash` (App.svelte listens to hashchange).
        let script = format!("location.hash = '#{}'", screen.hash());
        if let Err(error) = window.eval(&script) {
            tracing::warn!(%error, "could not open the {} screen", screen.hash());
        }
    }
    for (what, result) in [
        ("show", window.show()),
        ("unminimize", window.unminimize()),
        ("focus", window.set_focus()),
    ] {
        if let Err(error) = result {
            tracing::warn!(%error, "could not {what} the window");
        }
    }
}

/// Whether this launch was asked to start hidden in the tray.
pub fn started_minimized() -> bool {
    std::env::args().any(|a| a == MINIMIZED_ARG)
}

/// The window's close button: hide to the tray (and say so, the first time) or, when the
/// seller turned that off, let it close, which quits.
pub fn on_close_requested<R: Runtime>(window: &tauri::Window<R>, api: &tauri::CloseRequestApi) {
    let app = window.app_handle();
    let Some(desktop) = app.try_state::<Arc<Desktop>>() else {
        return;
    };
    if !desktop.settings.get().close_to_tray || desktop.quitting.load(Ordering::SeqCst) {
        return;
    }
    api.prevent_close();
    if let Err(error) = window.hide() {
        tracing::warn!(%error, "could not hide the window");
    }
    if !desktop.settings.get().tray_notice_shown {
        crate::notify::show(
            app,
            &Notice {
                title: "Shopdock is still running".into(),
                body: "It keeps syncing your orders from the tray. Quit it from the tray menu, \
                       or turn this off in Settings."
                    .into(),
                opens: Screen::Shops,
            },
        );
        if let Err(error) = desktop.settings.update(|s| s.tray_notice_shown = true) {
            tracing::warn!(%error, "could not remember that the tray notice was shown");
        }
    }
}

/// Quit: the engine stops (changes being sent get [`QUIT_GRACE`] to finish; see
/// `Shopdock::shut_down`), then the process exits. Called by the tray's Quit and for any other
/// exit request (the last window closed); a second call while quitting does nothing.
pub fn quit<R: Runtime>(app: &AppHandle<R>, code: i32) {
    let Some(desktop) = app.try_state::<Arc<Desktop>>() else {
        app.exit(code);
        return;
    };
    if desktop.quitting.swap(true, Ordering::SeqCst) {
        return;
    }
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        if let Some(core) = app.try_state::<Arc<Core>>() {
            if let Some(shopdock) = core.opened() {
                shopdock.shut_down(QUIT_GRACE).await;
            }
        }
        tracing::info!("Shopdock quits");
        app.exit(code);
    });
}

/// Whether an exit request is Quit's own (let it through) or must go through [`quit`] first.
pub fn is_quitting<R: Runtime>(app: &AppHandle<R>) -> bool {
    app.try_state::<Arc<Desktop>>()
        .is_none_or(|d| d.quitting.load(Ordering::SeqCst))
}
