//! The Settings screen's side in Rust: what it shows (the seller's choices, the data and log
//! folders, the version) and what a change does beyond saving it (start at login registers or
//! removes the autostart entry). Opening a folder takes a [`Folder`], never a path from the UI.

use serde::{Deserialize, Serialize};
use shopdock_core::{ApiError, ErrorCode, Shopdock};
use tauri::{AppHandle, Manager as _};
use tauri_plugin_autostart::ManagerExt as _;
use tauri_plugin_opener::OpenerExt as _;
use ts_rs::TS;

use crate::desktop::Desktop;

/// What the seller can change on the Settings screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SettingsInput {
    /// Desktop notifications: new orders, a change not sent, a shop to reconnect.
    pub notifications: bool,
    /// Closing the window keeps Shopdock syncing in the tray.
    pub close_to_tray: bool,
    /// Start Shopdock, hidden in the tray, at login.
    pub start_at_login: bool,
}

/// The Settings screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SettingsView {
    pub settings: SettingsInput,
    /// Where the database lives.
    pub data_dir: String,
    /// Where the daily log files are (`None` when the platform has no log folder).
    pub log_dir: Option<String>,
    /// Shopdock's version, e.g. "0.1.0".
    pub version: String,
}

/// A folder the Settings screen can open in the file manager.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub enum Folder {
    Data,
    Logs,
    Backups,
}

fn desktop(app: &AppHandle) -> Result<tauri::State<'_, std::sync::Arc<Desktop>>, ApiError> {
    app.try_state::<std::sync::Arc<Desktop>>()
        .ok_or_else(|| ApiError::new(ErrorCode::Internal, "Shopdock's settings are not loaded."))
}

pub fn view(app: &AppHandle, shopdock: &Shopdock) -> Result<SettingsView, ApiError> {
    let s = desktop(app)?.settings.get();
    let data_dir = shopdock
        .database_path()
        .parent()
        .map(|d| d.display().to_string())
        .unwrap_or_default();
    Ok(SettingsView {
        settings: SettingsInput {
            notifications: s.notifications,
            close_to_tray: s.close_to_tray,
            start_at_login: s.start_at_login,
        },
        data_dir,
        log_dir: app
            .path()
            .app_log_dir()
            .ok()
            .map(|d| d.display().to_string()),
        version: app.package_info().version.to_string(),
    })
}

/// Saves the seller's choices; start at login is registered with the desktop first, so a
/// failure there leaves the saved setting as it was.
pub fn apply(
    app: &AppHandle,
    shopdock: &Shopdock,
    input: SettingsInput,
) -> Result<SettingsView, ApiError> {
    let desktop = desktop(app)?;
    if input.start_at_login != desktop.settings.get().start_at_login {
        let autostart = app.autolaunch();
        let changed = if input.start_at_login {
            autostart.enable()
        } else {
            autostart.disable()
        };
        changed.map_err(|e| {
            ApiError::new(
                ErrorCode::Storage,
                "Shopdock could not change whether it starts at login. Check that your \
                 autostart folder exists and you can write to it.",
            )
            .with_detail(e.to_string())
        })?;
    }
    desktop
        .settings
        .update(|s| {
            s.notifications = input.notifications;
            s.close_to_tray = input.close_to_tray;
            s.start_at_login = input.start_at_login;
        })
        .map_err(|detail| {
            ApiError::new(
                ErrorCode::Storage,
                "Shopdock could not save its settings; they hold until it quits.",
            )
            .with_detail(detail)
        })?;
    view(app, shopdock)
}

/// Opens the data or log folder in the file manager (creating the log folder if needed).
pub fn open_folder(app: &AppHandle, shopdock: &Shopdock, folder: Folder) -> Result<(), ApiError> {
    let dir = match folder {
        Folder::Data => shopdock.database_path().parent().map(ToOwned::to_owned),
        Folder::Logs => app.path().app_log_dir().ok(),
        Folder::Backups => Some(shopdock.backups_dir()),
    }
    .ok_or_else(|| ApiError::new(ErrorCode::NotFound, "This platform has no such folder."))?;
    let fail = |e: String| {
        ApiError::new(
            ErrorCode::Internal,
            format!("Shopdock could not open {}.", dir.display()),
        )
        .with_detail(e)
    };
    std::fs::create_dir_all(&dir).map_err(|e| fail(e.to_string()))?;
    app.opener()
        .open_path(dir.display().to_string(), None::<&str>)
        .map_err(|e| fail(e.to_string()))
}
