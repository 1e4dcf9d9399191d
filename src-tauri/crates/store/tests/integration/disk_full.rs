//! A full disk is its own error ("disk full", not a raw SQLite failure), a write it stops
//! leaves the database exactly as before, and the same write succeeds once space is freed.
//!
//! The disk is a real one of a few megabytes (a tmpfs the test mounts) where the test may
//! mount file systems. Where it may not, the fallback caps the database with SQLite's
//! `PRAGMA max_page_count`, which fails writes with the same `SQLITE_FULL`.

use crate::common;
use crate::common::small_disk::SmallDisk;
use shopdock_store::{Store, StoreErrorCode};

fn page(from: usize, n: usize) -> Vec<shopdock_store::OrderRecord> {
    (from..from + n)
        .map(|i| common::order(&format!("5770{i:08}"), 10, "AWAITING_SHIPMENT", "to_ship"))
        .collect()
}

/// Fills the disk (or the page cap) under `store`; returns the undo.
fn make_full(store: &Store, disk: Option<&SmallDisk>) -> Box<dyn FnOnce()> {
    match disk {
        Some(disk) => {
            let ballast = disk.fill();
            Box::new(move || std::fs::remove_file(ballast).unwrap())
        }
        None => {
            let pages: i64 = rusqlite::Connection::open(store.path())
                .unwrap()
                .query_row("PRAGMA page_count", [], |r| r.get(0))
                .unwrap();
            store.cap_pages_for_tests(pages as u64).unwrap();
            Box::new(|| {})
        }
    }
}

#[test]
fn a_full_disk_is_a_typed_error_that_changes_nothing_and_the_write_succeeds_once_space_is_freed() {
    let disk = SmallDisk::mount(16);
    let fallback_dir = tempfile::tempdir().unwrap();
    let dir = disk.as_ref().map_or(fallback_dir.path(), |d| d.path());
    let store = Store::open_in_dir(dir).unwrap();
    store.insert_shop(&common::new_shop("s1", 1)).unwrap();
    store.upsert_orders("s1", &page(0, 20), None).unwrap();
    // The WAL holds its frames until a checkpoint: start from a small one, so the next page
    // must grow a file.
    rusqlite::Connection::open(store.path())
        .unwrap()
        .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
        .unwrap();

    let free = make_full(&store, disk.as_ref());
    let err = store.upsert_orders("s1", &page(20, 400), None).unwrap_err();
    assert_eq!(err.code(), StoreErrorCode::DiskFull, "{err:?}");
    assert!(err.is_disk_full());
    assert_eq!(
        store.count_orders("s1").unwrap(),
        20,
        "nothing half written"
    );

    if disk.is_some() {
        free();
    } else {
        // The fallback's undo: lift the cap again.
        store.cap_pages_for_tests(1 << 30).unwrap();
    }
    store.upsert_orders("s1", &page(20, 400), None).unwrap();
    assert_eq!(store.count_orders("s1").unwrap(), 420);
    let check: String = rusqlite::Connection::open(store.path())
        .unwrap()
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
}
