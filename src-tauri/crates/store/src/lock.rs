//! Who uses the database file. Every open [`crate::Store`] holds a shared advisory lock on
//! `<database>.lock`; replacing the file (restore, moving a damaged file aside) needs the
//! exclusive lock, which it only takes when no Shopdock process (window, CLI, another test) has
//! the database open. SQLite's own locks cannot tell this: in WAL mode a reader holds no lock
//! between transactions, yet swapping the file under it would corrupt what it writes next.

use crate::StoreError;
use std::fs::{File, TryLockError};
use std::path::{Path, PathBuf};

/// An advisory lock on the database file, released when dropped (or when the process ends,
/// however it ends).
#[derive(Debug)]
pub(crate) struct DbLock {
    file: File,
    path: PathBuf,
}

impl DbLock {
    /// The lock file of the database at `db`.
    fn lock_path(db: &Path) -> PathBuf {
        let mut name = db.as_os_str().to_owned();
        name.push(".lock");
        PathBuf::from(name)
    }

    fn open(db: &Path) -> Result<DbLock, StoreError> {
        let path = Self::lock_path(db);
        let file = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(|source| StoreError::Io {
                path: path.clone(),
                source,
            })?;
        crate::private::restrict(&path).map_err(|source| StoreError::Io {
            path: path.clone(),
            source,
        })?;
        Ok(DbLock { file, path })
    }

    /// Shares the database with other users. Waits while a restore holds it exclusively (a
    /// restore takes seconds).
    pub(crate) fn shared(db: &Path) -> Result<DbLock, StoreError> {
        let lock = Self::open(db)?;
        lock.file.lock_shared().map_err(|source| StoreError::Io {
            path: lock.path.clone(),
            source,
        })?;
        Ok(lock)
    }

    /// The database to this caller alone, or [`StoreError::InUse`] at once when another user
    /// has it open.
    pub(crate) fn exclusive(db: &Path) -> Result<DbLock, StoreError> {
        let lock = Self::open(db)?;
        lock.upgrade()?;
        Ok(lock)
    }

    /// Turns a shared lock into the exclusive one, or fails with [`StoreError::InUse`].
    pub(crate) fn upgrade(&self) -> Result<(), StoreError> {
        match self.file.try_lock() {
            Ok(()) => Ok(()),
            Err(TryLockError::WouldBlock) => Err(StoreError::InUse),
            Err(TryLockError::Error(source)) => Err(StoreError::Io {
                path: self.path.clone(),
                source,
            }),
        }
    }
}
