//! Opening the database file: creation, reopening, refusal of newer schemas, concurrent openers.

use crate::common;

use shopdock_store::{Store, StoreError, DB_FILE_NAME, SCHEMA_VERSION};
use std::sync::{Arc, Barrier};

fn user_version(path: &std::path::Path) -> u32 {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn open_in_dir_creates_the_directory_and_a_wal_database_at_the_latest_version() {
    let dir = tempfile::tempdir().unwrap();
    let data_dir = dir.path().join("nested").join("data");
    let store = Store::open_in_dir(&data_dir).unwrap();
    let path = data_dir.join(DB_FILE_NAME);
    assert_eq!(store.path(), path);
    drop(store);
    assert_eq!(user_version(&path), SCHEMA_VERSION);
    let conn = rusqlite::Connection::open(&path).unwrap();
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal", "WAL is a property of the file and persists");
}

#[test]
fn reopening_keeps_data_and_does_not_migrate_again() {
    let dir = tempfile::tempdir().unwrap();
    {
        let store = Store::open_in_dir(dir.path()).unwrap();
        store.insert_shop(&common::new_shop("s1", 1)).unwrap();
    }
    let store = Store::open_in_dir(dir.path()).unwrap();
    assert_eq!(store.list_shops().unwrap().len(), 1);
    assert_eq!(user_version(store.path()), SCHEMA_VERSION);
}

#[test]
fn database_from_a_newer_shopdock_is_refused_with_an_update_message() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(DB_FILE_NAME);
    drop(Store::open(&path).unwrap());
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", SCHEMA_VERSION + 3)
            .unwrap();
    }
    let err = Store::open(&path).unwrap_err();
    match err {
        StoreError::NewerSchema { found, supported } => {
            assert_eq!(found, SCHEMA_VERSION + 3);
            assert_eq!(supported, SCHEMA_VERSION);
        }
        other => panic!("expected NewerSchema, got {other:?}"),
    }
    let message = Store::open(&path).unwrap_err().to_string();
    assert!(message.contains("newer version of Shopdock"), "{message}");
    assert!(message.contains("Update Shopdock"), "{message}");
    assert_eq!(
        user_version(&path),
        SCHEMA_VERSION + 3,
        "nothing was changed"
    );
}

#[test]
fn a_file_that_is_not_a_database_is_an_error_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(DB_FILE_NAME);
    std::fs::write(&path, vec![b'x'; 4096]).unwrap();
    assert!(matches!(Store::open(&path), Err(StoreError::Sqlite(_))));
}

#[test]
fn concurrent_openers_of_a_fresh_file_migrate_exactly_once() {
    for _round in 0..20 {
        let dir = tempfile::tempdir().unwrap();
        let path = Arc::new(dir.path().join(DB_FILE_NAME));
        let threads = 6;
        let barrier = Arc::new(Barrier::new(threads));
        let handles: Vec<_> = (0..threads)
            .map(|i| {
                let (path, barrier) = (path.clone(), barrier.clone());
                std::thread::spawn(move || {
                    barrier.wait();
                    let store = Store::open(&path)?;
                    // Every opener can write right away.
                    store.insert_shop(&common::new_shop(&format!("s{i}"), i as i64))?;
                    Ok::<_, StoreError>(())
                })
            })
            .collect();
        for handle in handles {
            handle.join().unwrap().unwrap();
        }
        assert_eq!(user_version(&path), SCHEMA_VERSION);
        let store = Store::open(&path).unwrap();
        assert_eq!(store.list_shops().unwrap().len(), threads);
        let conn = rusqlite::Connection::open(&*path).unwrap();
        let check: String = conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(check, "ok");
    }
}

#[test]
fn reads_see_committed_writes_and_run_beside_a_writer() {
    let (_dir, store) = common::store_with_shops(&["s1"]);
    let store = Arc::new(store);
    let writer = {
        let store = store.clone();
        std::thread::spawn(move || {
            for i in 0..50 {
                let order = common::order(&format!("{}", 1000 + i), 10, "UNPAID", "unpaid");
                store.upsert_orders("s1", &[order], None).unwrap();
            }
        })
    };
    let mut last = 0;
    while !writer.is_finished() {
        let n = store.count_orders("s1").unwrap();
        assert!(n >= last, "a reader never goes back in time");
        last = n;
    }
    writer.join().unwrap();
    assert_eq!(store.count_orders("s1").unwrap(), 50);
}
