//! Shopdock's SQLite store: one file, ordered migrations, typed queries.
//!
//! It knows nothing of HTTP or of TikTok's JSON: `core` maps API models to the plain records here
//! ([`OrderRecord`], [`NewShop`], ...) and back. Secrets never come here (they live in the OS
//! keyring).
//!
//! # Outgoing changes
//! Every change sent to TikTok goes through the [`outbox`]: core writes the intent with the local
//! change in one [`Store::write`] transaction, and a per-shop drainer claims, sends and settles it.
//! The module docs hold the table of state transitions.
//!
//! # Connections and threads
//! [`Store`] is `Send + Sync`; share it behind an `Arc`. It holds:
//! - one write connection behind a `Mutex`. SQLite allows one writer at a time anyway, so a mutex
//!   costs nothing and turns "database is locked" inside this process into plain waiting; other
//!   processes (the CLI beside the app) are covered by the 5 s busy timeout.
//! - a small pool of read-only connections. In WAL mode readers never wait for the writer, so the
//!   orders table stays responsive while a sync writes pages. Every multi-statement read runs in
//!   one read transaction, so a page and its counts come from the same snapshot.
//! - a checkpoint thread with a connection of its own, which copies the write-ahead log back into
//!   the file beside the writer, so no commit waits for a checkpoint (see `checkpointer`).
//!
//! Calls block on SQLite I/O (typically well under a millisecond, a page upsert a few
//! milliseconds). From async code, call them inside `tokio::task::spawn_blocking` or accept the
//! short block.
//!
//! # Files
//! [`Store::open_in_dir`] uses [`DB_FILE_NAME`] inside a directory; [`default_data_dir`] picks the
//! directory (`SHOPDOCK_DATA_DIR`, else the platform data dir). The directory is private to the
//! user (`0700`, files `0600`: see `private`). [`open_checked`] is the app's open: it finds a
//! damaged file first and restores the newest good [`backup`]; [`restore`] puts a backup back.

pub mod backup;
mod cancellations;
mod carrier_mappings;
pub mod catalog;
mod checkpointer;
mod error;
pub mod finance;
mod integrity;
mod lock;
mod migrations;
mod order_query;
mod orders;
pub mod outbox;
mod poll_default;
mod private;
mod shipping_labels;
mod shop_options;
mod shops;
mod skus;
pub mod stock;
mod sync_state;
mod unreadable;

pub use backup::{
    check_backup, list_backups, BackupFile, BACKUP_DIR_NAME, BACKUP_EVERY_SECS, KEEP_BACKUPS,
};
pub use cancellations::{CancellationRecord, CancellationsStored};
pub use carrier_mappings::CarrierMapping;
pub use catalog::{
    CatalogSku, CombinedPart, FinishedImport, ProductDetailRecord, ProductDetails,
    ProductFreshness, ProductImportState, ProductPage, ProductQuery, ProductRecord, ProductRow,
    ProductUpsertStats, SkuDetails, SkuRecord, StoredProduct, StoredSku, WarehouseQuantity,
    WarehouseRecord, MAX_PRODUCT_PAGE,
};
pub use error::{StoreError, StoreErrorCode};
pub use integrity::{open_checked, restore, Recovery, Restored};
pub use migrations::{Migration, MIGRATIONS, SCHEMA_VERSION};
pub use order_query::{
    GroupCounts, OrderColumn, OrderFlagFilter, OrderPage, OrderQuery, MAX_PAGE, SELECTIVE_MATCHES,
};
pub use orders::{
    OrderDetailRecord, OrderHeader, OrderItemRecord, OrderRecord, OrderRow, PackageRecord,
    PackedJson, PaymentRecord, RecipientRecord, StatusChange, UpsertStats,
};
pub use outbox::{
    ClaimTicket, ClaimedIntent, Dedupe, DrainLease, Enqueued, NewIntent, OrderOutboxStatus,
    OutboxCounts, OutboxEntry, OutboxFilter, OutboxKind, OutboxPage, OutboxProblem, OutboxState,
    MAX_OUTBOX_PAGE,
};
pub use private::create_private_file;
pub use shipping_labels::ShippingLabel;
pub use shop_options::{ConfirmHandover, ShopOptions};
pub use shops::{AuthState, NewShop, Region, ShopAuthorization, ShopRecord, ShopRegistration};
pub use skus::{
    sku_code_key, AutoLinkCandidate, BrokenLink, LinkPart, LocalSku, LocalSkuPatch, SaveOutcome,
    SavedLocalSku, SkuLink, UnmappedLine,
};
pub use stock::{OrderStockEffects, ShareRule, StockSettings, SyncKind, SyncMark};
pub use sync_state::{
    BackfillJob, BackfillWindow, NewBackfillJob, SyncState, WatermarkUpdate, WindowProgress,
    WindowState,
};
pub use unreadable::{UnreadableOrder, UnreadableOrderRecord};

use rusqlite::{Connection, OpenFlags, TransactionBehavior};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

/// The database file's name inside the data directory.
pub const DB_FILE_NAME: &str = "shopdock.sqlite3";

/// Environment variable that overrides the data directory (tests and portable setups use it).
pub const DATA_DIR_ENV: &str = "SHOPDOCK_DATA_DIR";

/// How long a connection waits for another process's write lock before failing with "busy".
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Refreshes the planner's statistics of the tables that need it (never analysed, or grown
/// tenfold); the analysis limit bounds the work on a large database.
const OPTIMIZE: &str = "PRAGMA analysis_limit = 1000; PRAGMA optimize = 0x10002;";

/// Idle read connections kept for reuse; more are opened on demand and closed after use.
const MAX_IDLE_READERS: usize = 4;

/// Prepared statements cached per connection: the upsert path alone uses about a dozen, and the
/// order queries add one per filter shape.
const STATEMENT_CACHE: usize = 64;

/// Where Shopdock keeps its database: `$SHOPDOCK_DATA_DIR` when set and not empty, else the
/// platform's per-user data directory for "Shopdock".
pub fn default_data_dir() -> Result<PathBuf, StoreError> {
    if let Some(dir) = std::env::var_os(DATA_DIR_ENV).filter(|d| !d.is_empty()) {
        return Ok(PathBuf::from(dir));
    }
    directories::ProjectDirs::from("", "", "Shopdock")
        .map(|dirs| dirs.data_dir().to_path_buf())
        .ok_or(StoreError::NoDataDir)
}

/// The open database. See the crate docs for the threading model.
pub struct Store {
    path: PathBuf,
    /// Shared with the checkpoint thread, which holds it while it makes the log start over.
    writer: Arc<Mutex<Connection>>,
    readers: Mutex<Vec<Connection>>,
    /// Checkpoints the log beside the writer (which never does, see `checkpointer`).
    checkpointer: checkpointer::Checkpointer,
    /// Held while open, so a restore never swaps the file under this store.
    _lock: lock::DbLock,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

impl Store {
    /// Opens (creating if needed) the database in `dir`, creating the directory too.
    pub fn open_in_dir(dir: &Path) -> Result<Store, StoreError> {
        private::private_dir(dir).map_err(|source| StoreError::CreateDir {
            path: dir.to_path_buf(),
            source,
        })?;
        Store::open(&dir.join(DB_FILE_NAME))
    }

    /// Opens (creating if needed) the database file at `path` and brings its schema up to date.
    ///
    /// Refuses with [`StoreError::NewerSchema`] a file migrated by a newer Shopdock. Safe to call
    /// from several threads or processes on the same file at once: each migration step runs under
    /// `BEGIN IMMEDIATE` and re-reads the version inside the lock, so no step runs twice.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        // A new file is created private, so SQLite gives its -wal and -shm the same mode.
        match private::create_private_file(path) {
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(source) => {
                return Err(StoreError::Io {
                    path: path.to_path_buf(),
                    source,
                })
            }
        }
        let lock = lock::DbLock::shared(path)?;
        let mut conn = Connection::open(path)?;
        configure(&conn)?;
        // 8 KiB pages: measured ~25% faster order upserts than the 4 KiB default (fewer, fuller
        // B-tree pages for the full-text index and the raw JSON). Only takes effect on a new file.
        // The writer's page cache is 64 MB rather than the readers' 32: a sync page touches a
        // dozen index B-trees at scattered places, and missing the cache there costs more than
        // the memory (about a fifth faster backfills measured at 100,000 orders).
        conn.execute_batch("PRAGMA page_size = 8192; PRAGMA cache_size = -65536")?;
        enable_wal(&conn)?;
        private::restrict_database(path).map_err(|source| StoreError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        migrations::migrate(&mut conn)?;
        // Keep planner statistics fresh so the query planner picks the intended indexes (the
        // checkpoint thread repeats this while the store is open). Only an optimization: if
        // another process is writing right now, skip it rather than fail the open.
        if let Err(e) = conn.execute_batch(OPTIMIZE) {
            tracing::debug!(error = %e, "skipped PRAGMA optimize");
        }
        conn.execute_batch("PRAGMA wal_autocheckpoint = 0")?;
        let writer = Arc::new(Mutex::new(conn));
        let checkpoints = Connection::open(path)?;
        configure(&checkpoints)?;
        let checkpointer =
            checkpointer::Checkpointer::start(checkpoints, writer.clone()).map_err(|source| {
                StoreError::Io {
                    path: path.to_path_buf(),
                    source,
                }
            })?;
        Ok(Store {
            path: path.to_path_buf(),
            writer,
            readers: Mutex::new(Vec::new()),
            checkpointer,
            _lock: lock,
        })
    }

    /// The database file this store was opened on.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs `f` inside one write transaction (`BEGIN IMMEDIATE`): everything it does commits
    /// together or not at all. Use it to combine writes, e.g. a backfill page's upsert with
    /// the progress of its window. If `f` returns an error, the transaction rolls back.
    pub fn write<R>(
        &self,
        f: impl FnOnce(&WriteTxn<'_>) -> Result<R, StoreError>,
    ) -> Result<R, StoreError> {
        let mut conn = self.lock_writer();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let txn = WriteTxn { tx };
        let out = f(&txn)?;
        txn.tx.commit()?;
        self.checkpointer.committed();
        Ok(out)
    }

    /// Runs a single-statement write (or several that need not be atomic) on the writer.
    pub(crate) fn with_writer<R>(
        &self,
        f: impl FnOnce(&Connection) -> Result<R, StoreError>,
    ) -> Result<R, StoreError> {
        let out = f(&self.lock_writer());
        self.checkpointer.committed();
        out
    }

    /// Runs `f` on a pooled read-only connection inside one read transaction (one snapshot).
    pub(crate) fn read<R>(
        &self,
        f: impl FnOnce(&Connection) -> Result<R, StoreError>,
    ) -> Result<R, StoreError> {
        self.read_as(f)
    }

    /// [`Store::read`] for a closure with its own error type (e.g. a file written from inside
    /// one snapshot), so its failures pass through unchanged.
    pub(crate) fn read_as<R, E: From<StoreError>>(
        &self,
        f: impl FnOnce(&Connection) -> Result<R, E>,
    ) -> Result<R, E> {
        let pooled = self
            .readers
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .pop();
        let mut conn = match pooled {
            Some(conn) => conn,
            None => self.open_reader()?,
        };
        let result = (|| {
            let tx = conn.transaction().map_err(StoreError::from)?;
            let out = f(&tx)?;
            tx.commit().map_err(StoreError::from)?;
            Ok(out)
        })();
        // A connection that failed mid-read is still sound (the transaction rolled back on drop);
        // return it to the pool either way.
        let mut idle = self.readers.lock().unwrap_or_else(PoisonError::into_inner);
        if idle.len() < MAX_IDLE_READERS {
            idle.push(conn);
        }
        result
    }

    fn open_reader(&self) -> Result<Connection, StoreError> {
        let conn = Connection::open_with_flags(
            &self.path,
            OpenFlags::SQLITE_OPEN_READ_ONLY
                | OpenFlags::SQLITE_OPEN_URI
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        configure(&conn)?;
        // Reads of the table view hop around a file of hundreds of megabytes at a million
        // orders; mapping it spares a copy per page and a system call per cache miss (a search
        // that reads a few thousand orders takes about half the time). Readers only: the sync
        // process, which mostly writes, keeps its memory figure free of mapped file pages.
        conn.execute_batch("PRAGMA mmap_size = 1073741824")?;
        Ok(conn)
    }

    /// A panic while the lock was held leaves the connection usable: rusqlite rolls back an open
    /// transaction when it is dropped during unwinding. So a poisoned lock is simply taken.
    fn lock_writer(&self) -> MutexGuard<'_, Connection> {
        self.writer.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// One open write transaction, handed to the closure of [`Store::write`].
pub struct WriteTxn<'c> {
    tx: rusqlite::Transaction<'c>,
}

impl WriteTxn<'_> {
    pub(crate) fn conn(&self) -> &Connection {
        &self.tx
    }
}

/// Switches the file to WAL (a property of the file, so a no-op once done).
///
/// The switch needs a moment of exclusive access, and SQLite reports a concurrent opener's lock as
/// "busy" at once here instead of calling the busy handler (it would risk a deadlock), so this
/// retries for up to the busy timeout itself.
fn enable_wal(conn: &Connection) -> Result<(), StoreError> {
    let started = std::time::Instant::now();
    loop {
        match conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get::<_, String>(0)) {
            Ok(mode) => {
                if !mode.eq_ignore_ascii_case("wal") {
                    tracing::warn!(mode, "SQLite refused WAL journal mode");
                }
                return Ok(());
            }
            Err(e) if error::is_busy(&e) && started.elapsed() < BUSY_TIMEOUT => {
                std::thread::sleep(Duration::from_millis(5));
            }
            Err(e) => return Err(e.into()),
        }
    }
}

/// Per-connection settings. `foreign_keys` and `busy_timeout` are not stored in the file, so every
/// connection (writer and readers) sets them.
fn configure(conn: &Connection) -> Result<(), StoreError> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
    // synchronous=NORMAL is durable against application crashes in WAL mode and only risks the
    // last commits on power loss, which a re-sync repairs; FULL would fsync every page upsert.
    // The store's writer leaves checkpoints to its own thread (see `checkpointer`); the journal
    // size limit gives the log's space back after a burst of writes.
    conn.execute_batch(
        "PRAGMA foreign_keys = ON;
         PRAGMA synchronous = NORMAL;
         PRAGMA temp_store = MEMORY;
         PRAGMA cache_size = -32000;
         PRAGMA journal_size_limit = 67108864;",
    )?;
    orders::packed_json::register(conn)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_send_sync<T: Send + Sync>() {}

    #[test]
    fn store_is_send_and_sync() {
        assert_send_sync::<Store>();
    }

    fn pragmas(conn: &Connection) -> (String, i64, i64, i64) {
        let mode: String = conn
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap();
        let fk: i64 = conn
            .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
            .unwrap();
        let busy: i64 = conn
            .query_row("PRAGMA busy_timeout", [], |r| r.get(0))
            .unwrap();
        let sync: i64 = conn
            .query_row("PRAGMA synchronous", [], |r| r.get(0))
            .unwrap();
        (mode, fk, busy, sync)
    }

    #[test]
    fn writer_and_readers_use_wal_foreign_keys_busy_timeout_and_normal_sync() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open_in_dir(dir.path()).unwrap();
        assert_eq!(store.path(), dir.path().join(DB_FILE_NAME));
        let writer = store.with_writer(|c| Ok(pragmas(c))).unwrap();
        assert_eq!(writer, ("wal".to_string(), 1, 5000, 1));
        let reader = store.read(|c| Ok(pragmas(c))).unwrap();
        assert_eq!(reader, ("wal".to_string(), 1, 5000, 1));
        // The writer leaves checkpoints to the store's checkpoint thread.
        let autocheckpoint: i64 = store
            .with_writer(|c| Ok(c.query_row("PRAGMA wal_autocheckpoint", [], |r| r.get(0))?))
            .unwrap();
        assert_eq!(autocheckpoint, 0);
    }

    #[test]
    fn readers_cannot_write() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open_in_dir(dir.path()).unwrap();
        let err = store
            .read(|c| Ok(c.execute("DELETE FROM shops", [])?))
            .unwrap_err();
        assert!(matches!(err, StoreError::Sqlite(_)), "{err:?}");
    }

    #[test]
    fn data_dir_env_var_overrides_platform_dir() {
        // The only test touching this variable, so no other test observes the change.
        std::env::set_var(DATA_DIR_ENV, "some/dir");
        assert_eq!(default_data_dir().unwrap(), PathBuf::from("some/dir"));
        std::env::set_var(DATA_DIR_ENV, "");
        let platform = default_data_dir();
        std::env::remove_var(DATA_DIR_ENV);
        if let Ok(dir) = platform {
            assert!(dir.ends_with("Shopdock") || dir.to_string_lossy().contains("shopdock"));
        }
    }
}
