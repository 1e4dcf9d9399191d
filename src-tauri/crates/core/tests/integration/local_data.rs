//! The seller's data survives at the facade: a damaged database found at open is replaced by
//! the newest good backup and the typed notice says what happened and what was kept; a full
//! disk pauses the automatic download with its own message, corrupts nothing, and the download
//! resumes by itself once space is freed.

use crate::support;

use crate::support::small_disk::SmallDisk;
use shopdock_core::{CoreEvent, ManualClock, OpenOptions, Shopdock, SyncState};
use shopdock_demo::SandboxDemo;
use shopdock_store::{Store, DB_FILE_NAME};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::broadcast;

#[tokio::test(flavor = "multi_thread")]
async fn a_damaged_database_is_kept_aside_the_backup_restored_and_the_notice_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_in_dir(dir.path()).unwrap();
    let before = shopdock_core::Clock::now(&shopdock_core::SystemClock);
    store
        .insert_shop(&shopdock_store::NewShop {
            id: "shop-1".into(),
            registration: shopdock_store::ShopRegistration {
                label: "Kept shop".into(),
                region: shopdock_store::Region::Us,
                app_key: "key".into(),
                service_id: "7".into(),
                shop_hint: "US1".into(),
                redirect_port: 8123,
                authorize_url: "https://services.example.test/open/authorize".into(),
                api_base: "https://open-api.example.test".into(),
                auth_base: "https://auth.example.test".into(),
            },
            is_demo: false,
            created_at: 1,
        })
        .unwrap();
    let backup = store.backup_now(before - 3600).unwrap();
    drop(store);
    let db = dir.path().join(DB_FILE_NAME);
    let mut bytes = std::fs::read(&db).unwrap();
    bytes[100..].iter_mut().for_each(|b| *b = 0x5A);
    std::fs::write(&db, &bytes).unwrap();

    let app = Shopdock::open(OpenOptions {
        data_dir: Some(dir.path().to_path_buf()),
        ..OpenOptions::default()
    })
    .await
    .expect("a damaged database does not stop Shopdock");
    let notice = app.database_notice().expect("the recovery is reported");
    assert_eq!(
        notice.restored_from.as_deref(),
        Some(backup.path.to_str().unwrap())
    );
    assert_eq!(notice.backup_taken_at, Some(backup.taken_at));
    assert!(notice.message.contains("damaged"), "{}", notice.message);
    assert!(
        notice.message.contains(&notice.damaged_kept_at),
        "{}",
        notice.message
    );
    let kept = std::path::Path::new(&notice.damaged_kept_at).join(DB_FILE_NAME);
    assert!(
        std::fs::read(kept).unwrap() == bytes,
        "the damaged file is kept as it was"
    );
    let shops = app.list_shops().await.unwrap();
    assert_eq!(
        shops.iter().map(|s| s.label.as_str()).collect::<Vec<_>>(),
        ["Kept shop"],
        "what the backup held is back"
    );
}

/// The disk is a real tmpfs of a few megabytes where the test may mount one (root, as in CI's
/// container); elsewhere it falls back to capping the database with SQLite's
/// `max_page_count`, which fails the download's writes with the same `SQLITE_FULL`.
#[tokio::test(flavor = "multi_thread")]
async fn a_full_disk_pauses_the_download_with_its_message_and_it_resumes_once_space_is_freed() {
    let disk = SmallDisk::mount(48);
    let parent = disk
        .as_ref()
        .map_or_else(std::env::temp_dir, |d| d.path().to_path_buf());
    let clock = Arc::new(ManualClock::at_system_time());
    let t = support::open_app_in(
        &parent,
        SandboxDemo::with_seed(42),
        None,
        Some(clock.clone()),
    )
    .await;
    let (shop, demo) = support::shipping::synced_demo_shop(&t, 0).await;
    let stored = |t: &support::TestApp| {
        let (app, shop) = (t.app.clone(), shop.clone());
        async move {
            app.query_orders(shopdock_core::OrderQueryInput {
                shop_ids: vec![shop],
                ..Default::default()
            })
            .await
            .unwrap()
            .total
        }
    };
    let before = stored(&t).await;
    let mut events = t.app.subscribe();
    t.app.start_sync();
    wait_for_state(&mut events, &shop, SyncState::Idle).await;

    // Start from an empty WAL, so the next pull's writes must grow a file.
    rusqlite::Connection::open(t.app.database_path())
        .unwrap()
        .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
        .unwrap();
    let ballast = match &disk {
        Some(disk) => Some(disk.fill()),
        None => {
            let pages: i64 = rusqlite::Connection::open(t.app.database_path())
                .unwrap()
                .query_row("PRAGMA page_count", [], |r| r.get(0))
                .unwrap();
            t.app
                .cap_database_pages_for_tests(pages as u64)
                .await
                .unwrap();
            None
        }
    };
    let sandbox = t.sandbox().await;
    sandbox.control().create_orders(&demo.id, 300).unwrap();
    sandbox
        .control()
        .advance_clock(Duration::from_secs(2 * 3600));
    t.app.sync_now(&shop);
    let paused = wait_for_state(&mut events, &shop, SyncState::Paused).await;
    let message = paused.expect("the pause says why");
    assert!(message.contains("disk is full"), "{message}");
    assert!(
        !message.contains("SQLITE"),
        "no raw SQLite words: {message}"
    );
    assert_eq!(stored(&t).await, before, "nothing half stored");

    // Still paused while the disk stays full and the wait has not passed.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(stored(&t).await, before);

    match ballast {
        Some(ballast) => std::fs::remove_file(ballast).unwrap(),
        None => {
            t.app.cap_database_pages_for_tests(1 << 30).await.unwrap();
        }
    }
    clock.advance(shopdock_core::sync::supervisor::DISK_FULL_FIRST_WAIT_SECS);
    wait_for_state(&mut events, &shop, SyncState::Idle).await;
    assert!(stored(&t).await >= before + 300, "the download resumed");
    t.app.stop_sync();
    let check: String = rusqlite::Connection::open(t.app.database_path())
        .unwrap()
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok", "nothing corrupted");
}

/// Waits (up to 60 s) for `shop`'s sync status to reach `state`; returns its error message.
async fn wait_for_state(
    events: &mut broadcast::Receiver<CoreEvent>,
    shop: &str,
    state: SyncState,
) -> Option<String> {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(60);
    loop {
        match tokio::time::timeout_at(deadline, events.recv()).await {
            Ok(Ok(CoreEvent::SyncStatus { status }))
                if status.shop_id == shop && status.state == state =>
            {
                return status.last_error
            }
            Ok(Ok(_)) | Ok(Err(broadcast::error::RecvError::Lagged(_))) => {}
            Ok(Err(e)) => panic!("event channel closed: {e}"),
            Err(_) => panic!("{shop} never reached {state:?} within 60 s"),
        }
    }
}
