//! A damaged database is found when Shopdock opens, not when a sync trips over it: the open
//! runs SQLite's `PRAGMA quick_check` (every page and record, without the slower index
//! cross-check of `integrity_check`). A damaged file is moved aside with its `-wal` and `-shm`
//! (never deleted: support may still read most of it), and the newest backup that passes the
//! same check takes its place. [`restore`] replaces the database with a file the seller names,
//! keeping the current one aside the same way.

use crate::backup::{check_backup, copy_database, data_dir_of, io_err, list_backups, BackupFile};
use crate::lock::DbLock;
use crate::private::{database_files, private_dir};
use crate::{Store, StoreError, BACKUP_DIR_NAME, DB_FILE_NAME};
use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};

/// What opening found wrong with the database and what it did about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recovery {
    /// What SQLite reported about the damaged file.
    pub problem: String,
    /// The folder the damaged database (and its `-wal`/`-shm`) was moved to.
    pub damaged_kept_at: PathBuf,
    /// The backup now in use; `None` when no good backup existed and an empty database was
    /// started instead.
    pub restored_from: Option<BackupFile>,
}

/// What [`restore`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Restored {
    /// The schema version of the restored file (migrated to the current one since).
    pub from_version: u32,
    /// The folder the replaced database was moved to; `None` when there was none.
    pub kept_aside: Option<PathBuf>,
}

/// `None` when SQLite finds nothing wrong, else its first complaint. A file that is not a
/// database at all gives SQLite's "not a database" error, which callers treat as damage too.
pub(crate) fn quick_check(conn: &Connection) -> Result<Option<String>, rusqlite::Error> {
    let mut stmt = conn.prepare("PRAGMA quick_check(10)")?;
    let lines = stmt
        .query_map([], |r| r.get::<_, String>(0))?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(match lines.as_slice() {
        [ok] if ok == "ok" => None,
        _ => Some(lines.join("; ")),
    })
}

/// Checks the database at `db`: `Ok(None)` when sound, `Ok(Some(problem))` when damaged, an
/// error when it could not be checked at all (a permission, an I/O error: not damage).
fn check_database(db: &Path) -> Result<Option<String>, StoreError> {
    let checked = Connection::open_with_flags(
        db,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .and_then(|conn| {
        conn.busy_timeout(crate::BUSY_TIMEOUT)?;
        quick_check(&conn)
    });
    match checked {
        Ok(verdict) => Ok(verdict),
        Err(e) if crate::error::is_damaged(&e) => Ok(Some(e.to_string())),
        Err(e) => Err(e.into()),
    }
}

/// Opens the database in `dir` (creating both if needed) after checking it. A damaged file is
/// moved aside and the newest good automatic backup restored; the returned [`Recovery`] says
/// so, for the window and the CLI to tell the seller. Refuses with [`StoreError::InUse`] to
/// move a damaged file another Shopdock process has open.
pub fn open_checked(dir: &Path, now: i64) -> Result<(Store, Option<Recovery>), StoreError> {
    private_dir(dir).map_err(|source| StoreError::CreateDir {
        path: dir.to_path_buf(),
        source,
    })?;
    let db = dir.join(DB_FILE_NAME);
    let recovery = if db.exists() {
        let lock = DbLock::shared(&db)?;
        match check_database(&db)? {
            None => None,
            Some(problem) => {
                tracing::error!(db = %db.display(), %problem, "the database is damaged");
                lock.upgrade()?;
                let damaged_kept_at = move_aside(&db, "damaged", now)?;
                let restored_from = restore_newest_good_backup(&db)?;
                Some(Recovery {
                    problem,
                    damaged_kept_at,
                    restored_from,
                })
            }
        }
    } else {
        None
    };
    Ok((Store::open(&db)?, recovery))
}

/// Copies the newest automatic backup that passes [`check_backup`] to `db` (which must be
/// gone); returns it, or `None` when there is none.
fn restore_newest_good_backup(db: &Path) -> Result<Option<BackupFile>, StoreError> {
    let backups = data_dir_of(db).join(BACKUP_DIR_NAME);
    for backup in list_backups(&backups)? {
        match check_backup(&backup.path) {
            Ok(_) => {
                copy_database(&backup.path, db)?;
                tracing::warn!(from = %backup.path.display(), "restored the newest good backup");
                return Ok(Some(backup));
            }
            Err(e) => tracing::warn!(path = %backup.path.display(), error = %e, "skipped a backup"),
        }
    }
    tracing::warn!("no good backup: starting an empty database");
    Ok(None)
}

/// Replaces the database in `data_dir` with a copy of `from` (checked first with
/// [`check_backup`]); the current database is moved to a `before-restore-…` folder. Refuses
/// with [`StoreError::InUse`] while any Shopdock process has the database open. The restored
/// file is brought to the current schema before this returns.
pub fn restore(data_dir: &Path, from: &Path, now: i64) -> Result<Restored, StoreError> {
    let from_version = check_backup(from)?;
    private_dir(data_dir).map_err(|source| StoreError::CreateDir {
        path: data_dir.to_path_buf(),
        source,
    })?;
    let db = data_dir.join(DB_FILE_NAME);
    if let (Ok(a), Ok(b)) = (from.canonicalize(), db.canonicalize()) {
        if a == b {
            return Err(StoreError::Invalid(
                "that file is the database in use; name a backup".into(),
            ));
        }
    }
    {
        let _lock = DbLock::exclusive(&db)?;
        let kept_aside = match db.exists() {
            true => Some(move_aside(&db, "before-restore", now)?),
            false => None,
        };
        if let Err(e) = copy_database(from, &db) {
            if let Some(aside) = &kept_aside {
                put_back(aside, &db);
            }
            return Err(e);
        }
        tracing::warn!(from = %from.display(), "database restored");
        // The lock ends here: opening below takes the shared one.
        drop(_lock);
        Store::open(&db)?;
        Ok(Restored {
            from_version,
            kept_aside,
        })
    }
}

/// Moves the database at `db` and its `-wal`/`-shm` into a new private folder
/// `<kind>-<UTC stamp>` beside it; returns the folder.
fn move_aside(db: &Path, kind: &str, now: i64) -> Result<PathBuf, StoreError> {
    let dir = data_dir_of(db);
    let base = format!("{kind}-{}", crate::backup::utc_stamp(now));
    let mut aside = dir.join(&base);
    let mut n = 2;
    while aside.exists() {
        aside = dir.join(format!("{base}-{n}"));
        n += 1;
    }
    private_dir(&aside).map_err(|e| io_err(&aside, e))?;
    for file in database_files(db) {
        let Some(name) = file.file_name() else {
            continue;
        };
        match std::fs::rename(&file, aside.join(name)) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(io_err(&file, e)),
        }
    }
    crate::private::sync_dir(&dir).map_err(|e| io_err(&dir, e))?;
    tracing::warn!(to = %aside.display(), "moved the database aside");
    Ok(aside)
}

/// Undoes [`move_aside`] after a failed restore, so the seller keeps what they had.
fn put_back(aside: &Path, db: &Path) {
    for file in database_files(db) {
        let Some(name) = file.file_name() else {
            continue;
        };
        let kept = aside.join(name);
        if kept.exists() {
            if let Err(e) = std::fs::rename(&kept, &file) {
                tracing::error!(from = %kept.display(), error = %e, "could not put the database back");
            }
        }
    }
}
