//! The seller's local data survives: the open checks the database and recovers a damaged one
//! from the newest good backup (telling the seller what happened through
//! [`Shopdock::database_notice`]), a daily backup runs while Shopdock is open, and the seller
//! can back up to a file or restore one (`shopdock backup` / `shopdock restore`). The
//! mechanics (online backup API, integrity check, file modes, the lock that keeps a restore
//! from swapping the file under a running Shopdock) live in `shopdock-store`.

use crate::api::{BackupView, DatabaseNotice, RestoreView};
use crate::errors::CoreError;
use crate::{ApiError, Clock, OpenOptions, Shopdock};
use shopdock_store::{BackupFile, Recovery, Store};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

/// How often a long-running Shopdock looks whether the daily backup is due.
const BACKUP_CHECK_EVERY: Duration = Duration::from_secs(60 * 60);

/// Opens (checking, and recovering if damaged) the database in `dir`.
pub(crate) async fn open_store(
    dir: PathBuf,
    now: i64,
) -> Result<(Store, Option<DatabaseNotice>), CoreError> {
    let (store, recovery) =
        tokio::task::spawn_blocking(move || shopdock_store::open_checked(&dir, now))
            .await
            .map_err(|e| CoreError::Internal(e.to_string()))??;
    Ok((store, recovery.map(notice)))
}

/// The seller's account of a recovery: what happened, what was kept, what is in use now.
fn notice(r: Recovery) -> DatabaseNotice {
    let kept = r.damaged_kept_at.display().to_string();
    let message = match &r.restored_from {
        Some(b) => format!(
            "Shopdock's database was damaged, so it was moved to {kept} and the backup of {} \
             (UTC) was restored. Orders are downloaded again from TikTok Shop; changes made \
             after that backup may need to be made again.",
            shopdock_store::backup::utc_stamp(b.taken_at)
        ),
        None => format!(
            "Shopdock's database was damaged and there was no good backup, so it was moved to \
             {kept} and Shopdock started with an empty one. Register your shops again; their \
             orders are downloaded again from TikTok Shop."
        ),
    };
    DatabaseNotice {
        problem: r.problem,
        damaged_kept_at: kept,
        restored_from: r
            .restored_from
            .as_ref()
            .map(|b| b.path.display().to_string()),
        backup_taken_at: r.restored_from.as_ref().map(|b| b.taken_at),
        message,
    }
}

fn backup_view(b: BackupFile) -> BackupView {
    BackupView {
        path: b.path.display().to_string(),
        taken_at: b.taken_at,
    }
}

/// The data directory `opts` names, else `$SHOPDOCK_DATA_DIR` or the platform's.
pub(crate) fn data_dir(opts: &OpenOptions) -> Result<PathBuf, CoreError> {
    match &opts.data_dir {
        Some(d) => Ok(d.clone()),
        None => Ok(shopdock_store::default_data_dir()?),
    }
}

/// Replaces the database in the data directory of `opts` with the Shopdock backup `from`,
/// without opening Shopdock (a restore needs the database to itself). The file is checked
/// first; the current database is kept aside. Refused while any Shopdock uses the database.
pub async fn restore_database(opts: &OpenOptions, from: &Path) -> Result<RestoreView, ApiError> {
    let dir = data_dir(opts)?;
    let now = opts
        .clock
        .as_ref()
        .map_or_else(|| crate::SystemClock.now(), |c| c.now());
    let from = from.to_path_buf();
    let restored = tokio::task::spawn_blocking(move || shopdock_store::restore(&dir, &from, now))
        .await
        .map_err(|e| CoreError::Internal(e.to_string()))?
        .map_err(CoreError::from)?;
    let kept_aside = restored.kept_aside.map(|p| p.display().to_string());
    let message = match &kept_aside {
        Some(k) => format!("Backup restored. The database it replaced is kept in {k}."),
        None => "Backup restored.".to_owned(),
    };
    Ok(RestoreView {
        from_version: restored.from_version,
        kept_aside,
        message,
    })
}

impl Shopdock {
    /// Opens Shopdock again after a failed open (a full disk, a database another process held
    /// while it was being recovered, a data directory that could not be created): the same as
    /// [`Shopdock::open`], which holds nothing when it fails, so the window can offer "Try
    /// again" without a restart.
    pub async fn retry_open(opts: &OpenOptions) -> Result<Shopdock, ApiError> {
        Shopdock::open(opts.clone()).await
    }

    /// What the open found wrong with the database and did about it; `None` when it was sound.
    pub fn database_notice(&self) -> Option<DatabaseNotice> {
        self.inner.database_notice.clone()
    }

    /// Backs the database up now into the backups folder (kept with the daily ones).
    pub async fn backup_now(&self) -> Result<BackupView, ApiError> {
        let now = self.now();
        Ok(backup_view(self.db(move |s| s.backup_now(now)).await?))
    }

    /// Backs the database up now to `dest`, a new file.
    pub async fn backup_to(&self, dest: &Path) -> Result<BackupView, ApiError> {
        let (now, path) = (self.now(), dest.to_path_buf());
        self.db(move |s| s.backup_to(&path)).await?;
        Ok(BackupView {
            path: dest.display().to_string(),
            taken_at: now,
        })
    }

    /// The folder of the automatic backups (and of "Back up now").
    pub fn backups_dir(&self) -> std::path::PathBuf {
        self.inner.store.backups_dir()
    }

    /// The automatic backups, newest first.
    pub async fn backups(&self) -> Result<Vec<BackupView>, ApiError> {
        let list = self.db(|s| s.backups()).await?;
        Ok(list.into_iter().map(backup_view).collect())
    }

    /// See `Store::cap_pages_for_tests`: the disk-full tests' fallback where they cannot mount
    /// a small file system.
    #[doc(hidden)]
    pub async fn cap_database_pages_for_tests(&self, max_pages: u64) -> Result<u64, ApiError> {
        Ok(self.db(move |s| s.cap_pages_for_tests(max_pages)).await?)
    }

    /// Takes the daily backup if it is due (none in the last day); returns it when taken.
    pub async fn daily_backup(&self) -> Result<Option<BackupView>, ApiError> {
        let now = self.now();
        Ok(self
            .db(move |s| s.daily_backup(now))
            .await?
            .map(backup_view))
    }
}

/// Runs the daily backup at open and then every hour, for as long as Shopdock is open. A
/// failure (a full disk) is logged and tried again at the next check.
pub(crate) fn spawn_daily_backup(app: Shopdock) {
    let weak = Arc::downgrade(&app.inner);
    drop(app);
    tokio::spawn(async move {
        loop {
            let Some(inner) = weak.upgrade() else { break };
            let app = Shopdock { inner };
            if let Err(e) = app.daily_backup().await {
                tracing::warn!(error = %e, "the daily backup failed; trying again later");
            }
            drop(app);
            tokio::time::sleep(BACKUP_CHECK_EVERY).await;
        }
    });
}

/// True when `e` is the store's "disk full".
pub(crate) fn is_disk_full(e: &CoreError) -> bool {
    matches!(e, CoreError::Store(s) if s.is_disk_full())
}
