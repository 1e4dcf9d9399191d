//! One sync engine per data dir. The window and the CLI may run at once on the same database;
//! each process has its own token bucket per shop, so two engines pulling the same shop would
//! spend TikTok's rate budget twice and race each other's watermark. The process that syncs
//! holds an OS file lock beside the database for as long as it does: the app for its whole run,
//! `shopdock sync` for its command. The OS drops the lock when the process ends, crash or not,
//! so a stale lock cannot exist. (The outbox has its own per-shop lease in the database: sends
//! never need this lock.)

use crate::{ApiError, ErrorCode, Shopdock};
use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};

/// The lock file's name, beside the SQLite file.
pub const ENGINE_LOCK_FILE: &str = "engine.lock";

/// This process's claim on the data dir's sync engine; released when dropped.
#[derive(Debug)]
pub struct EngineLock {
    _file: File,
}

/// Who would have to let go for a claim to succeed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Claimant {
    /// The desktop app (it syncs every shop in the background).
    App,
    /// A `shopdock sync` command.
    Cli,
}

impl EngineLock {
    /// Takes the lock at `path`, never waiting: `Ok(None)` when another process holds it.
    pub fn try_claim(path: &Path) -> std::io::Result<Option<Self>> {
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(path)?;
        match file.try_lock() {
            Ok(()) => Ok(Some(Self { _file: file })),
            Err(TryLockError::WouldBlock) => Ok(None),
            Err(TryLockError::Error(e)) => Err(e),
        }
    }
}

impl Shopdock {
    /// The engine lock file of this data dir.
    pub fn engine_lock_path(&self) -> PathBuf {
        self.database_path().with_file_name(ENGINE_LOCK_FILE)
    }

    /// Claims the data dir's sync engine for this process. `Conflict` (with a message that
    /// names `shop_label` and says what to do) when another process syncs; `by` is who asks.
    pub fn claim_engine(&self, by: Claimant, shop_label: &str) -> Result<EngineLock, ApiError> {
        let path = self.engine_lock_path();
        match EngineLock::try_claim(&path) {
            Ok(Some(lock)) => Ok(lock),
            Ok(None) => Err(ApiError::new(
                ErrorCode::Conflict,
                busy_message(by, shop_label),
            )),
            Err(e) => Err(ApiError::new(
                ErrorCode::Storage,
                format!(
                    "Shopdock could not open {} to check whether another Shopdock is syncing.",
                    path.display()
                ),
            )
            .with_detail(e.to_string())),
        }
    }
}

/// What the one who asked is told when the engine is taken.
fn busy_message(by: Claimant, shop_label: &str) -> String {
    match by {
        Claimant::Cli => format!(
            "The Shopdock app is running and syncs {shop_label} itself, within TikTok's rate \
             limit for the shop. Use Sync now or Fetch orders in the app, or quit the app \
             (tray menu > Quit Shopdock) and run this again."
        ),
        Claimant::App => "A `shopdock sync` command is syncing this data folder; the app \
                          starts syncing as soon as it ends."
            .to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_claim_is_refused_until_the_first_is_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(ENGINE_LOCK_FILE);
        let first = EngineLock::try_claim(&path).unwrap();
        assert!(first.is_some());
        assert!(EngineLock::try_claim(&path).unwrap().is_none());
        drop(first);
        assert!(EngineLock::try_claim(&path).unwrap().is_some());
    }

    #[test]
    fn the_cli_is_told_which_shop_and_what_to_do() {
        let m = busy_message(Claimant::Cli, "Demo shop");
        assert!(m.contains("Demo shop") && m.contains("Quit"), "{m}");
    }
}
