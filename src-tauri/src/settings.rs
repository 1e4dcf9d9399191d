//! The app's own settings (Settings screen), kept as a small JSON file in the platform's
//! config folder, not in the database: they are the window's, not the engine's (the CLI has no
//! use for them), and they are needed before and without the database: whether to start hidden
//! or close to the tray is decided before the engine opens, and a seller whose database will not
//! open still needs Settings to find the data and log folders. A write goes to a temporary file
//! that replaces the old one in one rename, so a crash leaves the old or the new file, never half.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};

/// The file's name in the config folder.
pub const SETTINGS_FILE: &str = "settings.json";

/// What the seller chose. A missing field (an older file) takes its default.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AppSettings {
    /// Desktop notifications (new orders, a change that failed, a shop to reconnect).
    pub notifications: bool,
    /// Closing the window keeps Shopdock syncing in the tray.
    pub close_to_tray: bool,
    /// Shopdock starts, hidden in the tray, when the seller logs in.
    pub start_at_login: bool,
    /// The seller paused all syncing from the tray (kept across restarts).
    pub paused: bool,
    /// The "still running in the tray" notice was shown once.
    pub tray_notice_shown: bool,
}

impl Default for AppSettings {
    fn default() -> Self {
        Self {
            notifications: true,
            close_to_tray: true,
            start_at_login: false,
            paused: false,
            tray_notice_shown: false,
        }
    }
}

/// The settings of this run and the file they persist to.
pub struct SettingsFile {
    path: Option<PathBuf>,
    current: Mutex<AppSettings>,
}

impl SettingsFile {
    /// Reads `dir/settings.json`; a missing or unreadable file gives the defaults (logged),
    /// never a failed start. `None`: no config folder, settings last for this run only.
    pub fn load(dir: Option<&Path>) -> Self {
        let path = dir.map(|d| d.join(SETTINGS_FILE));
        let current = path.as_deref().map(read).unwrap_or_default();
        Self {
            path,
            current: Mutex::new(current),
        }
    }

    pub fn get(&self) -> AppSettings {
        self.current
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// Changes the settings with `change` and writes them; the new settings, or why the file
    /// could not be written (the change then still holds for this run).
    pub fn update(&self, change: impl FnOnce(&mut AppSettings)) -> Result<AppSettings, String> {
        let mut current = self.current.lock().unwrap_or_else(|p| p.into_inner());
        change(&mut current);
        let settings = current.clone();
        match &self.path {
            Some(path) => write_atomically(path, &settings).map(|()| settings),
            None => Err("Shopdock found no settings folder".into()),
        }
    }
}

fn read(path: &Path) -> AppSettings {
    match std::fs::read(path) {
        Ok(bytes) => serde_json::from_slice(&bytes).unwrap_or_else(|error| {
            tracing::warn!(path = %path.display(), %error, "unreadable settings; using the defaults");
            AppSettings::default()
        }),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => AppSettings::default(),
        Err(error) => {
            tracing::warn!(path = %path.display(), %error, "could not read the settings; using the defaults");
            AppSettings::default()
        }
    }
}

/// Writes `settings` to `path.tmp`, syncs it, and renames it over `path`.
fn write_atomically(path: &Path, settings: &AppSettings) -> Result<(), String> {
    use std::io::Write as _;
    let explain = |e: std::io::Error| format!("{}: {e}", path.display());
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(explain)?;
    }
    let json = serde_json::to_vec_pretty(settings).map_err(|e| e.to_string())?;
    let tmp = path.with_extension("json.tmp");
    let mut file = std::fs::File::create(&tmp).map_err(explain)?;
    file.write_all(&json).map_err(explain)?;
    file.sync_all().map_err(explain)?;
    std::fs::rename(&tmp, path).map_err(explain)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_survive_a_restart_and_an_old_file_keeps_the_defaults_it_lacks() {
        let dir = tempfile::tempdir().unwrap();
        let first = SettingsFile::load(Some(dir.path()));
        assert_eq!(first.get(), AppSettings::default());
        assert!(first.get().close_to_tray && !first.get().start_at_login);
        first.update(|s| s.start_at_login = true).unwrap();
        let again = SettingsFile::load(Some(dir.path()));
        assert!(again.get().start_at_login);
        assert!(!dir.path().join("settings.json.tmp").exists());

        std::fs::write(dir.path().join(SETTINGS_FILE), r#"{"close_to_tray":false}"#).unwrap();
        let old = SettingsFile::load(Some(dir.path())).get();
        assert!(!old.close_to_tray && old.notifications, "{old:?}");
    }

    #[test]
    fn a_damaged_file_gives_the_defaults_instead_of_a_failed_start() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(SETTINGS_FILE), b"{not json").unwrap();
        assert_eq!(
            SettingsFile::load(Some(dir.path())).get(),
            AppSettings::default()
        );
    }
}
