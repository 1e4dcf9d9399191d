//! Every `StoreError` variant carries the code it promises, produced the way a caller meets it.

use crate::common;

use rusqlite::ffi;
use shopdock_store::{
    NewBackfillJob, Store, StoreError, StoreErrorCode, WindowProgress, DB_FILE_NAME, SCHEMA_VERSION,
};

fn sqlite_failure(code: std::os::raw::c_int) -> StoreError {
    StoreError::Sqlite(rusqlite::Error::SqliteFailure(ffi::Error::new(code), None))
}

#[test]
fn a_database_of_a_newer_shopdock_is_newer_schema() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(DB_FILE_NAME);
    drop(Store::open(&path).unwrap());
    rusqlite::Connection::open(&path)
        .unwrap()
        .pragma_update(None, "user_version", SCHEMA_VERSION + 1)
        .unwrap();
    let err = Store::open(&path).unwrap_err();
    assert!(matches!(err, StoreError::NewerSchema { .. }), "{err:?}");
    assert_eq!(err.code(), StoreErrorCode::NewerSchema);
}

#[test]
fn a_failed_upgrade_step_is_storage() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(DB_FILE_NAME);
    // A table in the way of step 1 makes that step fail.
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute_batch("CREATE TABLE shops (x)")
        .unwrap();
    let err = Store::open(&path).unwrap_err();
    assert!(matches!(err, StoreError::Migration { .. }), "{err:?}");
    assert_eq!(err.code(), StoreErrorCode::Storage);
}

#[test]
fn a_write_naming_an_unknown_shop_is_not_found() {
    let (_dir, store) = common::store();
    let err = store
        .upsert_orders("nope", &[common::order("1", 10, "UNPAID", "to_pay")], None)
        .unwrap_err();
    assert!(matches!(err, StoreError::ShopNotFound(_)), "{err:?}");
    assert_eq!(err.code(), StoreErrorCode::NotFound);
}

#[test]
fn progress_of_an_unknown_backfill_window_is_not_found() {
    let (_dir, store) = common::store_with_shops(&["s1"]);
    let err = store
        .record_window_progress(&WindowProgress {
            window_id: 999,
            fetched: 1,
            cursor: None,
            done: false,
        })
        .unwrap_err();
    assert!(matches!(err, StoreError::WindowNotFound(999)), "{err:?}");
    assert_eq!(err.code(), StoreErrorCode::NotFound);
}

#[test]
fn an_empty_backfill_range_is_validation() {
    let (_dir, store) = common::store_with_shops(&["s1"]);
    let err = store
        .create_backfill_job(&NewBackfillJob {
            shop_id: "s1".into(),
            kind: "orders".into(),
            range_start: 100,
            range_end: 100,
            created_at: 1,
            windows: Vec::new(),
        })
        .unwrap_err();
    assert!(matches!(err, StoreError::Invalid(_)), "{err:?}");
    assert_eq!(err.code(), StoreErrorCode::Validation);
}

#[test]
fn a_shop_id_used_twice_is_conflict() {
    let (_dir, store) = common::store_with_shops(&["s1"]);
    let err = store.insert_shop(&common::new_shop("s1", 5)).unwrap_err();
    assert!(matches!(err, StoreError::Sqlite(_)), "{err:?}");
    assert_eq!(err.code(), StoreErrorCode::Conflict);
}

#[test]
fn a_data_directory_that_cannot_be_created_is_storage() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a-file");
    std::fs::write(&file, b"").unwrap();
    let err = Store::open_in_dir(&file.join("data")).unwrap_err();
    assert!(matches!(err, StoreError::CreateDir { .. }), "{err:?}");
    assert_eq!(err.code(), StoreErrorCode::Storage);
}

#[test]
fn a_database_held_by_another_writer_past_the_timeout_is_busy() {
    // Waiting out the real 5 s busy timeout would slow every run; SQLite's own error is the same.
    for code in [ffi::SQLITE_BUSY, ffi::SQLITE_LOCKED] {
        let err = sqlite_failure(code);
        assert!(err.is_busy());
        assert_eq!(err.code(), StoreErrorCode::Busy);
    }
}

#[test]
fn no_data_directory_stored_json_that_does_not_parse_and_other_sqlite_failures_are_storage() {
    let json = serde_json::from_str::<serde_json::Value>("{").unwrap_err();
    for err in [
        StoreError::NoDataDir,
        StoreError::Json(json),
        sqlite_failure(ffi::SQLITE_IOERR),
        sqlite_failure(ffi::SQLITE_CORRUPT),
    ] {
        assert_eq!(err.code(), StoreErrorCode::Storage, "{err:?}");
    }
}

#[test]
fn outbox_rows_missing_in_the_wrong_state_or_claimed_without_the_lease_have_their_codes() {
    let (_dir, store) = common::store_with_shops(&["s1"]);
    let missing = store.dismiss_outbox(42, 1).unwrap_err();
    assert!(
        matches!(missing, StoreError::OutboxEntryNotFound(42)),
        "{missing:?}"
    );
    assert_eq!(missing.code(), StoreErrorCode::NotFound);

    let id = store
        .enqueue(&common::outbox::shipment("s1", "1", "1Z"), 1)
        .unwrap()
        .id();
    let wrong_state = store.retry_outbox(id, 2).unwrap_err();
    assert!(
        matches!(wrong_state, StoreError::OutboxTransition { .. }),
        "{wrong_state:?}"
    );
    assert_eq!(wrong_state.code(), StoreErrorCode::Conflict);

    let no_lease = store.claim_due("s1", "run", 2, 10).unwrap_err();
    assert!(
        matches!(no_lease, StoreError::DrainLeaseNotHeld { .. }),
        "{no_lease:?}"
    );
    assert_eq!(no_lease.code(), StoreErrorCode::Conflict);

    store.acquire_drain_lease("s1", "run", 2, 10).unwrap();
    let ticket = store.claim_due("s1", "run", 2, 10).unwrap()[0].ticket;
    store.mark_sent(ticket, None, 3).unwrap();
    let stale = store.mark_sent(ticket, None, 4).unwrap_err();
    assert!(matches!(stale, StoreError::StaleClaim { .. }), "{stale:?}");
    assert_eq!(stale.code(), StoreErrorCode::Conflict);
}

#[test]
fn codes_have_stable_names() {
    let names: Vec<&str> = [
        StoreErrorCode::NotFound,
        StoreErrorCode::Validation,
        StoreErrorCode::Conflict,
        StoreErrorCode::Busy,
        StoreErrorCode::NewerSchema,
        StoreErrorCode::Storage,
    ]
    .into_iter()
    .map(StoreErrorCode::as_str)
    .collect();
    assert_eq!(
        names,
        [
            "not_found",
            "validation",
            "conflict",
            "busy",
            "newer_schema",
            "storage"
        ]
    );
}
