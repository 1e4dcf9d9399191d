//! The seller's local data survives: a private data directory, daily backups with the online
//! backup API, a damaged database found at open and replaced by the newest good backup, and a
//! restore that checks its file, refuses while the database is in use and keeps the current
//! database aside.

use crate::common;

use shopdock_store::{
    check_backup, open_checked, restore, Store, StoreError, StoreErrorCode, BACKUP_EVERY_SECS,
    DB_FILE_NAME, KEEP_BACKUPS, SCHEMA_VERSION,
};
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

const NOW: i64 = 1_780_000_000;

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .permissions()
        .mode()
        & 0o777
}

/// A store in `dir` holding one shop and `orders` orders.
fn store_with_orders(dir: &Path, orders: usize) -> Store {
    let store = Store::open_in_dir(dir).unwrap();
    store.insert_shop(&common::new_shop("s1", 1)).unwrap();
    let records: Vec<_> = (0..orders)
        .map(|i| common::order(&format!("5770{i:08}"), 10, "AWAITING_SHIPMENT", "to_ship"))
        .collect();
    store.upsert_orders("s1", &records, None).unwrap();
    store
}

/// Writes garbage over everything after the file header: every B-tree page is damaged.
fn damage(db: &Path) {
    let len = std::fs::metadata(db).unwrap().len();
    assert!(len > 8192, "the database has more than one page");
    let mut bytes = std::fs::read(db).unwrap();
    for (i, b) in bytes.iter_mut().enumerate().skip(100) {
        *b = (i * 7 % 251) as u8;
    }
    std::fs::write(db, bytes).unwrap();
}

#[test]
fn the_data_directory_is_0700_and_the_database_its_wal_shm_and_backups_0600() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("Shopdock");
    // A pre-existing, world-readable folder is tightened too.
    std::fs::create_dir(&dir).unwrap();
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    let store = store_with_orders(&dir, 3);
    let db = dir.join(DB_FILE_NAME);
    assert_eq!(mode(&dir), 0o700);
    for file in [
        db.clone(),
        dir.join(format!("{DB_FILE_NAME}-wal")),
        dir.join(format!("{DB_FILE_NAME}-shm")),
        dir.join(format!("{DB_FILE_NAME}.lock")),
    ] {
        assert_eq!(mode(&file), 0o600, "{}", file.display());
    }
    let backup = store.backup_now(NOW).unwrap();
    assert_eq!(mode(&store.backups_dir()), 0o700);
    assert_eq!(mode(&backup.path), 0o600);
    let chosen = root.path().join("mine.sqlite3");
    store.backup_to(&chosen).unwrap();
    assert_eq!(mode(&chosen), 0o600);
}

#[test]
fn a_database_created_wider_by_an_older_version_is_made_private_at_open() {
    let dir = tempfile::tempdir().unwrap();
    drop(store_with_orders(dir.path(), 1));
    let db = dir.path().join(DB_FILE_NAME);
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o644)).unwrap();
    let _store = Store::open_in_dir(dir.path()).unwrap();
    assert_eq!(mode(&db), 0o600);
}

#[test]
fn the_daily_backup_runs_once_a_day_and_keeps_the_newest_seven() {
    let dir = tempfile::tempdir().unwrap();
    let store = store_with_orders(dir.path(), 2);
    let first = store
        .daily_backup(NOW)
        .unwrap()
        .expect("no backup yet: one is taken");
    assert!(
        store.daily_backup(NOW + 3600).unwrap().is_none(),
        "one a day"
    );
    let mut day = NOW;
    for _ in 0..9 {
        day += BACKUP_EVERY_SECS;
        assert!(store.daily_backup(day).unwrap().is_some());
    }
    let kept = store.backups().unwrap();
    assert_eq!(kept.len(), KEEP_BACKUPS);
    assert_eq!(kept[0].taken_at, day, "newest first");
    assert_eq!(kept[KEEP_BACKUPS - 1].taken_at, day - 6 * BACKUP_EVERY_SECS);
    assert!(!first.path.exists(), "the oldest were removed");
    assert_eq!(check_backup(&kept[0].path).unwrap(), SCHEMA_VERSION);
}

#[test]
fn a_backup_taken_while_another_connection_writes_is_one_complete_snapshot() {
    let dir = tempfile::tempdir().unwrap();
    let store = store_with_orders(dir.path(), 50);
    // A write transaction held open on another connection: the backup must not see it.
    let other = rusqlite::Connection::open(store.path()).unwrap();
    other
        .execute_batch("BEGIN IMMEDIATE; DELETE FROM orders;")
        .unwrap();
    let backup = store.backup_now(NOW).unwrap();
    other.execute_batch("COMMIT").unwrap();
    let copy = rusqlite::Connection::open(&backup.path).unwrap();
    let n: i64 = copy
        .query_row("SELECT count(*) FROM orders", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 50);
    let journal: String = copy
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(journal, "delete", "a backup is one self-contained file");
}

#[test]
fn a_damaged_database_is_kept_aside_and_the_newest_good_backup_restored_with_all_it_held() {
    let dir = tempfile::tempdir().unwrap();
    let store = store_with_orders(dir.path(), 40);
    let older = store.backup_now(NOW - BACKUP_EVERY_SECS).unwrap();
    store
        .upsert_orders(
            "s1",
            &[common::order(
                "577099999999",
                10,
                "AWAITING_SHIPMENT",
                "to_ship",
            )],
            None,
        )
        .unwrap();
    let newest = store.backup_now(NOW).unwrap();
    // An even newer backup that is itself damaged is skipped.
    let bad = store
        .backups_dir()
        .join("shopdock-20990101T000000Z.sqlite3");
    std::fs::write(&bad, b"not a database at all, just text").unwrap();
    drop(store);
    let db = dir.path().join(DB_FILE_NAME);
    let damaged_bytes = {
        damage(&db);
        std::fs::read(&db).unwrap()
    };

    let (store, recovery) = open_checked(dir.path(), NOW + 60).unwrap();
    let recovery = recovery.expect("the damage is reported");
    assert_eq!(
        recovery.restored_from.as_ref().map(|b| &b.path),
        Some(&newest.path)
    );
    assert!(
        older.path.exists() && bad.exists(),
        "backups are never removed here"
    );
    let kept = recovery.damaged_kept_at.join(DB_FILE_NAME);
    assert_eq!(
        std::fs::read(&kept).unwrap(),
        damaged_bytes,
        "kept as it was"
    );
    assert_eq!(mode(&recovery.damaged_kept_at), 0o700);
    assert!(!recovery.problem.is_empty());
    assert_eq!(
        store.count_orders("s1").unwrap(),
        41,
        "nothing the backup held is lost"
    );
    assert!(store.get_order("s1", "577099999999").unwrap().is_some());

    // Sound now: the next open finds nothing to recover.
    drop(store);
    let (_store, again) = open_checked(dir.path(), NOW + 120).unwrap();
    assert_eq!(again, None);
}

#[test]
fn a_file_that_is_not_a_database_at_all_is_kept_aside_and_an_empty_one_started_without_backups() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join(DB_FILE_NAME);
    std::fs::write(&db, vec![0x42u8; 20_000]).unwrap();
    let (store, recovery) = open_checked(dir.path(), NOW).unwrap();
    let recovery = recovery.expect("the damage is reported");
    assert_eq!(recovery.restored_from, None);
    assert!(recovery.damaged_kept_at.join(DB_FILE_NAME).exists());
    assert!(store.list_shops().unwrap().is_empty());
}

#[test]
fn a_damaged_database_that_another_user_has_open_is_not_moved() {
    let dir = tempfile::tempdir().unwrap();
    drop(store_with_orders(dir.path(), 40));
    let db = dir.path().join(DB_FILE_NAME);
    damage(&db);
    // Another Shopdock holding the database (its shared lock), as a window would.
    let holder = std::fs::File::open(format!("{}.lock", db.display())).unwrap();
    holder.lock_shared().unwrap();
    let err = open_checked(dir.path(), NOW).unwrap_err();
    assert_eq!(err.code(), StoreErrorCode::InUse, "{err}");
    assert!(db.exists(), "left where it was");
}

#[test]
fn restore_refuses_while_the_database_is_open_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let store = store_with_orders(dir.path(), 5);
    let backup = store.backup_now(NOW).unwrap();
    let err = restore(dir.path(), &backup.path, NOW).unwrap_err();
    assert!(matches!(err, StoreError::InUse), "{err:?}");
    assert!(err.to_string().contains("another Shopdock process"));
    assert_eq!(store.count_orders("s1").unwrap(), 5);
}

#[test]
fn restore_checks_the_file_first_and_refuses_what_is_not_a_shopdock_database() {
    let dir = tempfile::tempdir().unwrap();
    drop(store_with_orders(dir.path(), 5));
    let other = dir.path().join("other.sqlite3");
    rusqlite::Connection::open(&other)
        .unwrap()
        .execute_batch("CREATE TABLE notes (body TEXT); PRAGMA user_version = 3;")
        .unwrap();
    let text = dir.path().join("notes.txt");
    std::fs::write(&text, "hello").unwrap();
    let newer = dir.path().join("newer.sqlite3");
    {
        let store = Store::open(&newer).unwrap();
        store.backup_to(&dir.path().join("unused.sqlite3")).unwrap();
    }
    rusqlite::Connection::open(&newer)
        .unwrap()
        .pragma_update(None, "user_version", SCHEMA_VERSION + 1)
        .unwrap();
    for (file, says) in [
        (&other, "not a Shopdock database"),
        (&text, "not a SQLite database"),
        (&newer, "newer Shopdock"),
        (&dir.path().join("missing.sqlite3"), "no such file"),
    ] {
        let err = restore(dir.path(), file, NOW).unwrap_err();
        assert_eq!(err.code(), StoreErrorCode::Validation, "{err}");
        assert!(err.to_string().contains(says), "{err}");
    }
    let store = Store::open_in_dir(dir.path()).unwrap();
    assert_eq!(
        store.count_orders("s1").unwrap(),
        5,
        "the database was not touched"
    );
}

#[test]
fn restore_replaces_the_database_and_keeps_the_current_one_aside() {
    let dir = tempfile::tempdir().unwrap();
    let store = store_with_orders(dir.path(), 5);
    let backup = dir.path().join("five-orders.sqlite3");
    store.backup_to(&backup).unwrap();
    store
        .upsert_orders(
            "s1",
            &[common::order(
                "577099999999",
                10,
                "AWAITING_SHIPMENT",
                "to_ship",
            )],
            None,
        )
        .unwrap();
    drop(store);

    let restored = restore(dir.path(), &backup, NOW).unwrap();
    assert_eq!(restored.from_version, SCHEMA_VERSION);
    let aside = restored.kept_aside.expect("the current database is kept");
    let store = Store::open_in_dir(dir.path()).unwrap();
    assert_eq!(store.count_orders("s1").unwrap(), 5);
    drop(store);
    let kept = Store::open(&aside.join(DB_FILE_NAME)).unwrap();
    assert_eq!(
        kept.count_orders("s1").unwrap(),
        6,
        "what it replaced is intact"
    );
    assert_eq!(mode(&dir.path().join(DB_FILE_NAME)), 0o600);
}
