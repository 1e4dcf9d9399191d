//! The data directory is the seller's alone: it holds their buyers' names and addresses. The
//! directory is `0700` and every file Shopdock writes there (the database, its `-wal` and
//! `-shm`, backups, files kept aside) is `0600`, whatever the process's umask. SQLite creates
//! `-wal` and `-shm` with the database file's own mode, so a private database file keeps them
//! private too; they are tightened anyway in case an older Shopdock created them wider.
//!
//! Non-Unix platforms keep their default per-user ACLs; these functions do nothing there.

use std::fs::File;
use std::io;
use std::path::Path;

/// The mode of the data directory and every folder Shopdock makes inside it.
#[cfg(unix)]
const DIR_MODE: u32 = 0o700;
/// The mode of every file Shopdock writes in the data directory.
#[cfg(unix)]
const FILE_MODE: u32 = 0o600;

/// Creates `dir` (and its parents) if needed and makes it `0700`. An existing directory is
/// tightened too: it is Shopdock's own (`SHOPDOCK_DATA_DIR` names a folder for Shopdock alone).
pub(crate) fn private_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(DIR_MODE)
            .create(dir)?;
        let mode = std::fs::metadata(dir)?.permissions().mode() & 0o777;
        if mode != DIR_MODE {
            tracing::info!(dir = %dir.display(), mode = format!("{mode:o}"), "made the data directory private");
            std::fs::set_permissions(dir, std::fs::Permissions::from_mode(DIR_MODE))?;
        }
        Ok(())
    }
    #[cfg(not(unix))]
    std::fs::create_dir_all(dir)
}

/// Makes an existing file `0600`; a missing one is fine (a `-wal` that SQLite has not made).
pub(crate) fn restrict(path: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        match std::fs::set_permissions(path, std::fs::Permissions::from_mode(FILE_MODE)) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
            other => other,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        Ok(())
    }
}

/// Creates `path` as a new, empty `0600` file, replacing nothing: a leftover from a crash is
/// removed first by the caller, so an existing file here is an error worth seeing.
pub fn create_private_file(path: &Path) -> io::Result<File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(FILE_MODE);
    }
    options.open(path)
}

/// The database file and SQLite's two companions beside it.
pub(crate) fn database_files(db: &Path) -> [std::path::PathBuf; 3] {
    let with = |suffix: &str| {
        let mut name = db.as_os_str().to_owned();
        name.push(suffix);
        std::path::PathBuf::from(name)
    };
    [db.to_path_buf(), with("-wal"), with("-shm")]
}

/// Makes the database file and its `-wal` and `-shm` private.
pub(crate) fn restrict_database(db: &Path) -> io::Result<()> {
    database_files(db).iter().try_for_each(|p| restrict(p))
}

/// Flushes a directory's entries, so a rename into it survives a power cut.
pub(crate) fn sync_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        File::open(dir)?.sync_all()
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        Ok(())
    }
}
