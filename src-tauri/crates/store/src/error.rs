//! The store's one error type and the stable code of each failure. Core maps [`StoreErrorCode`]
//! onto the UI's codes in one table, so the variants are the distinctions core can act on, not one
//! per SQLite failure.

use crate::OutboxState;
use std::path::PathBuf;

/// Everything that can go wrong in the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The file was migrated by a newer Shopdock. Opening it anyway could let this build write rows
    /// the newer schema does not expect, so we refuse and tell the user what to do.
    #[error(
        "this Shopdock database was written by a newer version of Shopdock \
         (schema version {found}; this version understands up to {supported}). \
         Update Shopdock to open it."
    )]
    NewerSchema { found: u32, supported: u32 },

    /// A migration step failed; the transaction of that step was rolled back, earlier steps stay.
    #[error("database upgrade step {version} ({name}) failed: {source}")]
    Migration {
        version: u32,
        name: &'static str,
        #[source]
        source: rusqlite::Error,
    },

    /// No shop with this id (update of a missing shop, or a write that names one).
    #[error("shop {0} not found")]
    ShopNotFound(String),

    /// No backfill window with this id.
    #[error("backfill window {0} not found")]
    WindowNotFound(i64),

    /// No outbox row with this id.
    #[error("outbox entry {0} not found")]
    OutboxEntryNotFound(i64),

    /// No local SKU with this code (compared ignoring case and surrounding spaces).
    #[error("no local SKU with the code {0}")]
    LocalSkuNotFound(String),

    /// The local SKU is part of links to TikTok SKUs, so deleting it would leave them selling
    /// nothing: the links are changed or removed first.
    #[error("the local SKU {code} is linked to {links} TikTok SKU(s); remove or change those links first")]
    LocalSkuInUse { code: String, links: u32 },

    /// The outbox row is not in a state the call applies to (e.g. retrying a row that was sent).
    #[error("outbox entry {id} is {state}; it cannot {action}")]
    OutboxTransition {
        id: i64,
        state: OutboxState,
        action: &'static str,
    },

    /// A claim ticket that no longer matches the row: the drainer's lease ran out and another
    /// drainer recovered or re-claimed the row, which is now settled by that one.
    #[error("outbox entry {id} is {state}; claim {attempt} is no longer current")]
    StaleClaim {
        id: i64,
        attempt: u32,
        state: OutboxState,
    },

    /// Claiming needs the shop's unexpired drain lease, held by the caller.
    #[error("the outbox of shop {shop_id} is not leased to this drainer")]
    DrainLeaseNotHeld { shop_id: String },

    /// The caller passed something the schema cannot hold (e.g. an empty backfill window).
    #[error("invalid input: {0}")]
    Invalid(String),

    /// Neither `SHOPDOCK_DATA_DIR` nor a platform data directory is available.
    #[error("no data directory: set SHOPDOCK_DATA_DIR or a home directory")]
    NoDataDir,

    /// Creating the data directory failed.
    #[error("cannot create the data directory {path}: {source}")]
    CreateDir {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    /// Another Shopdock process (the window, a CLI command) has the database open, so the file
    /// cannot be replaced now.
    #[error(
        "another Shopdock process is using the database; close the Shopdock window and any \
         running shopdock command, then try again"
    )]
    InUse,

    /// A file the seller named is not a Shopdock database this version can use (not SQLite,
    /// damaged, another program's, or from a newer Shopdock).
    #[error("{path} is not a usable Shopdock backup: {reason}")]
    NotABackup { path: PathBuf, reason: String },

    /// Reading, writing or moving a file of the data directory failed.
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    /// A JSON column (granted scopes, sync cursor) did not parse or serialize.
    #[error("stored JSON is invalid: {0}")]
    Json(#[from] serde_json::Error),

    /// Any other SQLite failure (I/O, busy past the timeout, constraint violation, ...).
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
}

/// What kind of failure a [`StoreError`] is: the one thing a caller branches on. Stable: a new
/// variant of [`StoreError`] maps onto one of these, and a new code is a deliberate API change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StoreErrorCode {
    /// The record the call names does not exist (a shop, a backfill window, an outbox row).
    NotFound,
    /// The caller passed something the schema cannot hold.
    Validation,
    /// The record already exists (a shop id used twice), or is not in a state the call applies
    /// to (an outbox row already sent, a drain lease held by another drainer).
    Conflict,
    /// Another process held the database past the busy timeout: worth a retry later.
    Busy,
    /// The file belongs to a newer Shopdock: the seller must update.
    NewerSchema,
    /// The database or its directory failed (I/O, corruption, a failed upgrade step).
    Storage,
    /// The disk (or the database's size limit) is full: nothing was written; the same write
    /// succeeds once space is freed.
    DiskFull,
    /// Another Shopdock process has the database open, so it cannot be replaced now.
    InUse,
}

impl StoreErrorCode {
    /// The code as a stable snake_case word, for logs and snapshots.
    pub fn as_str(self) -> &'static str {
        match self {
            StoreErrorCode::NotFound => "not_found",
            StoreErrorCode::Validation => "validation",
            StoreErrorCode::Conflict => "conflict",
            StoreErrorCode::Busy => "busy",
            StoreErrorCode::NewerSchema => "newer_schema",
            StoreErrorCode::Storage => "storage",
            StoreErrorCode::DiskFull => "disk_full",
            StoreErrorCode::InUse => "in_use",
        }
    }
}

impl StoreError {
    /// The kind of failure, the same for every instance of a variant (except a raw SQLite
    /// failure, which is told apart by SQLite's own code: busy, or a uniqueness conflict).
    pub fn code(&self) -> StoreErrorCode {
        match self {
            StoreError::NewerSchema { .. } => StoreErrorCode::NewerSchema,
            StoreError::ShopNotFound(_)
            | StoreError::WindowNotFound(_)
            | StoreError::OutboxEntryNotFound(_)
            | StoreError::LocalSkuNotFound(_) => StoreErrorCode::NotFound,
            StoreError::OutboxTransition { .. }
            | StoreError::StaleClaim { .. }
            | StoreError::DrainLeaseNotHeld { .. }
            | StoreError::LocalSkuInUse { .. } => StoreErrorCode::Conflict,
            StoreError::Invalid(_) | StoreError::NotABackup { .. } => StoreErrorCode::Validation,
            StoreError::InUse => StoreErrorCode::InUse,
            StoreError::Sqlite(e) | StoreError::Migration { source: e, .. } if is_full(e) => {
                StoreErrorCode::DiskFull
            }
            StoreError::Io { source, .. } | StoreError::CreateDir { source, .. }
                if is_io_full(source) =>
            {
                StoreErrorCode::DiskFull
            }
            StoreError::Sqlite(e) if is_busy(e) => StoreErrorCode::Busy,
            StoreError::Sqlite(e) if is_unique_violation(e) => StoreErrorCode::Conflict,
            StoreError::Migration { .. }
            | StoreError::NoDataDir
            | StoreError::CreateDir { .. }
            | StoreError::Io { .. }
            | StoreError::Json(_)
            | StoreError::Sqlite(_) => StoreErrorCode::Storage,
        }
    }

    /// True when another writer held the database past the busy timeout: worth a retry later, not a
    /// bug report.
    pub fn is_busy(&self) -> bool {
        matches!(self, StoreError::Sqlite(e) if is_busy(e))
    }

    /// True when the disk was full: a pause until space is freed, not a failure to report.
    pub fn is_disk_full(&self) -> bool {
        self.code() == StoreErrorCode::DiskFull
    }
}

/// SQLite's "database or disk is full" (`SQLITE_FULL`): the disk has no room, or the file hit
/// its `max_page_count`. SQLite rolls the transaction back, so nothing is half written.
pub(crate) fn is_full(e: &rusqlite::Error) -> bool {
    matches!(
        e,
        rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::DiskFull
    )
}

/// The OS's "no space left on device" (and "over quota").
fn is_io_full(e: &std::io::Error) -> bool {
    matches!(
        e.kind(),
        std::io::ErrorKind::StorageFull | std::io::ErrorKind::QuotaExceeded
    )
}

/// SQLite's words for a file that is damaged or not a database at all.
pub(crate) fn is_damaged(e: &rusqlite::Error) -> bool {
    matches!(
        e,
        rusqlite::Error::SqliteFailure(f, _)
            if matches!(f.code, rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase)
    )
}

pub(crate) fn is_busy(e: &rusqlite::Error) -> bool {
    matches!(
        e,
        rusqlite::Error::SqliteFailure(f, _)
            if matches!(f.code, rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
    )
}

/// SQLite reports a missing parent row (an unknown shop) as a constraint failure with this code.
pub(crate) fn is_foreign_key_violation(e: &rusqlite::Error) -> bool {
    matches!(
        e,
        rusqlite::Error::SqliteFailure(f, _)
            if f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_FOREIGNKEY
    )
}

/// A second row with the same primary key or unique columns (e.g. a shop id used twice).
pub(crate) fn is_unique_violation(e: &rusqlite::Error) -> bool {
    matches!(
        e,
        rusqlite::Error::SqliteFailure(f, _)
            if f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE
                || f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_PRIMARYKEY
    )
}
