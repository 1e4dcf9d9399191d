//! Copies of the database that survive its loss: a daily automatic one (the newest
//! [`KEEP_BACKUPS`] are kept in `<data dir>/backups/`) and any the seller asks for.
//!
//! Copies are made with SQLite's online backup API from a read-only connection of their own,
//! in one step: one read transaction, so the copy is one consistent snapshot even while a sync
//! writes (in WAL mode the writer is never blocked by it). Each copy is written beside its
//! destination under a `.partial` name, switched to a rollback journal (a single self-contained
//! file, readable without `-wal`/`-shm`), flushed to disk and only then renamed into place.

use crate::private::{create_private_file, private_dir, restrict, sync_dir};
use crate::{StoreError, SCHEMA_VERSION};
use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The folder inside the data directory that holds the automatic backups.
pub const BACKUP_DIR_NAME: &str = "backups";
/// How many automatic backups are kept (one a day: a week).
pub const KEEP_BACKUPS: usize = 7;
/// The automatic backup runs when the newest one is at least this old.
pub const BACKUP_EVERY_SECS: i64 = 24 * 60 * 60;

const BACKUP_PREFIX: &str = "shopdock-";
const BACKUP_SUFFIX: &str = ".sqlite3";
/// `20260312T101500Z`: sorts by time, readable, and safe in every file system.
const STAMP_FORMAT: &str = "%Y%m%dT%H%M%SZ";

/// One automatic backup in the backups folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupFile {
    pub path: PathBuf,
    /// Unix seconds when it was taken (from its name).
    pub taken_at: i64,
}

/// `20260312T101500Z` for unix seconds `at` (UTC, so names never jump with time zones).
pub fn utc_stamp(at: i64) -> String {
    chrono::DateTime::from_timestamp(at, 0)
        .unwrap_or_default()
        .format(STAMP_FORMAT)
        .to_string()
}

fn parse_stamp(stamp: &str) -> Option<i64> {
    chrono::NaiveDateTime::parse_from_str(stamp, STAMP_FORMAT)
        .ok()
        .map(|t| t.and_utc().timestamp())
}

/// The automatic backups in `backups_dir`, newest first. Files of other names are not Shopdock's
/// and are left alone.
pub fn list_backups(backups_dir: &Path) -> Result<Vec<BackupFile>, StoreError> {
    let entries = match std::fs::read_dir(backups_dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(source) => return Err(io_err(backups_dir, source)),
    };
    let mut found: Vec<BackupFile> = entries
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let name = entry.file_name().into_string().ok()?;
            let stem = name
                .strip_prefix(BACKUP_PREFIX)?
                .strip_suffix(BACKUP_SUFFIX)?;
            let taken_at = parse_stamp(stem.get(..16)?)?;
            Some(BackupFile {
                path: entry.path(),
                taken_at,
            })
        })
        .collect();
    found.sort_by(|a, b| b.taken_at.cmp(&a.taken_at).then(b.path.cmp(&a.path)));
    Ok(found)
}

/// Checks that `path` is a Shopdock database this version can open: SQLite, undamaged
/// (`PRAGMA quick_check`), with Shopdock's tables, at a schema version from 1 to
/// [`SCHEMA_VERSION`]. Returns that version. Opens the file read-only and changes nothing.
pub fn check_backup(path: &Path) -> Result<u32, StoreError> {
    let refuse = |reason: String| StoreError::NotABackup {
        path: path.to_path_buf(),
        reason,
    };
    if !path.is_file() {
        return Err(refuse("there is no such file".into()));
    }
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    let damaged = |e: rusqlite::Error| {
        if crate::error::is_damaged(&e) {
            refuse("it is not a SQLite database, or it is damaged".into())
        } else {
            StoreError::from(e)
        }
    };
    let verdict = crate::integrity::quick_check(&conn).map_err(damaged)?;
    if let Some(problem) = verdict {
        return Err(refuse(format!("it is damaged ({problem})")));
    }
    let version: u32 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(damaged)?;
    let has_shops: bool = conn
        .query_row(
            "SELECT count(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = 'shops'",
            [],
            |r| r.get(0),
        )
        .map_err(damaged)?;
    if version == 0 || !has_shops {
        return Err(refuse("it is not a Shopdock database".into()));
    }
    if version > SCHEMA_VERSION {
        return Err(refuse(format!(
            "it was written by a newer Shopdock (schema version {version}; this one \
             understands up to {SCHEMA_VERSION}); update Shopdock first"
        )));
    }
    Ok(version)
}

/// Copies the database `source` (a live one is fine) to `dest`, which must not exist yet, as
/// one consistent snapshot. `dest` ends up `0600`, complete or not at all.
pub fn copy_database(source: &Path, dest: &Path) -> Result<(), StoreError> {
    if dest.exists() {
        return Err(StoreError::Invalid(format!(
            "{} already exists; choose a new file name",
            dest.display()
        )));
    }
    let src = Connection::open_with_flags(
        source,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    src.busy_timeout(crate::BUSY_TIMEOUT)?;
    let partial = with_suffix(dest, ".partial");
    let result = copy_into(&src, &partial).and_then(|()| {
        std::fs::rename(&partial, dest).map_err(|e| io_err(dest, e))?;
        match dest.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => sync_dir(dir).map_err(|e| io_err(dir, e)),
            _ => Ok(()),
        }
    });
    if result.is_err() {
        let _ = std::fs::remove_file(&partial);
    }
    result
}

/// The backup itself, into a fresh private file at `partial`, flushed to disk.
fn copy_into(src: &Connection, partial: &Path) -> Result<(), StoreError> {
    // A `.partial` left by a crash is ours to replace.
    let _ = std::fs::remove_file(partial);
    // Created first with mode 0600, so the copy is private from its first byte.
    drop(create_private_file(partial).map_err(|e| io_err(partial, e))?);
    let mut dst = Connection::open(partial)?;
    {
        use rusqlite::backup::{Backup, StepResult};
        let backup = Backup::new(src, &mut dst)?;
        // -1: every page in one step, so one read transaction (one snapshot) on the source. A
        // step can only be refused for a lock (a checkpoint restarting the WAL): wait and retry.
        let started = std::time::Instant::now();
        loop {
            match backup.step(-1)? {
                StepResult::Done => break,
                StepResult::More => {}
                _ if started.elapsed() < crate::BUSY_TIMEOUT => {
                    std::thread::sleep(Duration::from_millis(20));
                }
                _ => {
                    return Err(StoreError::Invalid(
                        "the database stayed locked; the backup was not taken".into(),
                    ))
                }
            }
        }
    }
    dst.query_row("PRAGMA journal_mode = DELETE", [], |_| Ok(()))?;
    dst.close().map_err(|(_, e)| StoreError::from(e))?;
    std::fs::File::open(partial)
        .and_then(|f| f.sync_all())
        .map_err(|e| io_err(partial, e))?;
    restrict(partial).map_err(|e| io_err(partial, e))
}

impl crate::Store {
    /// The folder of the automatic backups, beside the database.
    pub fn backups_dir(&self) -> PathBuf {
        data_dir_of(self.path()).join(BACKUP_DIR_NAME)
    }

    /// The automatic backups, newest first.
    pub fn backups(&self) -> Result<Vec<BackupFile>, StoreError> {
        list_backups(&self.backups_dir())
    }

    /// Copies the database to `dest` (a new file) now, as one consistent snapshot.
    pub fn backup_to(&self, dest: &Path) -> Result<(), StoreError> {
        copy_database(self.path(), dest)
    }

    /// Takes an automatic backup now (named for `now`) and keeps only the newest
    /// [`KEEP_BACKUPS`].
    pub fn backup_now(&self, now: i64) -> Result<BackupFile, StoreError> {
        let dir = self.backups_dir();
        private_dir(&dir).map_err(|e| io_err(&dir, e))?;
        let stamp = utc_stamp(now);
        let mut path = dir.join(format!("{BACKUP_PREFIX}{stamp}{BACKUP_SUFFIX}"));
        let mut n = 2;
        while path.exists() {
            path = dir.join(format!("{BACKUP_PREFIX}{stamp}-{n}{BACKUP_SUFFIX}"));
            n += 1;
        }
        self.backup_to(&path)?;
        tracing::info!(path = %path.display(), "database backed up");
        for old in list_backups(&dir)?.into_iter().skip(KEEP_BACKUPS) {
            if let Err(e) = std::fs::remove_file(&old.path) {
                tracing::warn!(path = %old.path.display(), error = %e, "could not remove an old backup");
            }
        }
        Ok(BackupFile {
            path,
            taken_at: now,
        })
    }

    /// Caps the database file at `max_pages` pages (SQLite's `max_page_count`, on the writer
    /// only), so writes beyond it fail as on a full disk. Returns the cap SQLite set (never
    /// below the current size). Tests use it to emulate a full disk where they cannot mount a
    /// small file system.
    #[doc(hidden)]
    pub fn cap_pages_for_tests(&self, max_pages: u64) -> Result<u64, StoreError> {
        self.with_writer(|c| {
            Ok(
                c.query_row(&format!("PRAGMA max_page_count = {max_pages}"), [], |r| {
                    r.get::<_, i64>(0)
                })?
                .max(0) as u64,
            )
        })
    }

    /// The daily backup: takes one when the newest is [`BACKUP_EVERY_SECS`] old (or there is
    /// none); returns it, or `None` when a recent one exists.
    pub fn daily_backup(&self, now: i64) -> Result<Option<BackupFile>, StoreError> {
        match self.backups()?.first() {
            Some(newest) if now - newest.taken_at < BACKUP_EVERY_SECS => Ok(None),
            _ => self.backup_now(now).map(Some),
        }
    }
}

/// The data directory of the database at `db`.
pub(crate) fn data_dir_of(db: &Path) -> PathBuf {
    match db.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

pub(crate) fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

pub(crate) fn io_err(path: &Path, source: std::io::Error) -> StoreError {
    StoreError::Io {
        path: path.to_path_buf(),
        source,
    }
}
