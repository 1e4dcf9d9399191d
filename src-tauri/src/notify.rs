//! Desktop notifications for new orders. Core decides which orders are news and what the
//! notification says (`shopdock_core::notifications`); this module only hands the text to
//! tauri-plugin-notification, from Rust, so the UI needs no notification permission.
//!
//! A desktop without a notification server must never break anything: a notification that could
//! not be prepared is logged and dropped. (On Linux the plugin sends it on a background task over
//! the session bus and drops a failed delivery itself.)

use shopdock_core::CoreEvent;
use tauri_plugin_notification::NotificationExt as _;

/// Shows the desktop notification `event` warrants, if any.
pub fn show_for<R: tauri::Runtime>(app: &tauri::AppHandle<R>, event: &CoreEvent) {
    let Some(notification) = event.desktop_notification() else {
        return;
    };
    let shown = app
        .notification()
        .builder()
        .title(&notification.title)
        .body(&notification.body)
        .show();
    match shown {
        Ok(()) => tracing::debug!(title = %notification.title, "desktop notification sent"),
        Err(error) => {
            tracing::warn!(%error, title = %notification.title, "could not show a desktop notification")
        }
    }
}
