//! Watermarks and backfill windows: what a restarted sync resumes from.

use crate::common;

use shopdock_store::{NewBackfillJob, StoreError, WatermarkUpdate, WindowProgress, WindowState};

fn job(shop: &str, windows: Vec<(i64, i64)>) -> NewBackfillJob {
    NewBackfillJob {
        shop_id: shop.into(),
        kind: "orders".into(),
        range_start: 0,
        range_end: 300,
        created_at: 1_700_000_000,
        windows,
    }
}

#[test]
fn watermark_and_cursor_are_kept_per_shop_and_job() {
    let (_dir, store) = common::store_with_shops(&["s1", "s2"]);
    let w = |job: &str, at: i64, cursor: Option<serde_json::Value>| WatermarkUpdate {
        job: job.into(),
        watermark: at,
        cursor,
    };
    store
        .write(|tx| {
            tx.set_watermark(
                "s1",
                &w("orders", 10, Some(serde_json::json!({"overlap": 300}))),
            )?;
            tx.set_watermark("s1", &w("cancellations", 20, None))?;
            tx.set_watermark("s2", &w("orders", 30, None))
        })
        .unwrap();
    let s1 = store.sync_state("s1", "orders").unwrap().unwrap();
    assert_eq!(s1.watermark, 10);
    assert_eq!(s1.cursor, Some(serde_json::json!({"overlap": 300})));
    assert_eq!(
        store
            .sync_state("s1", "cancellations")
            .unwrap()
            .unwrap()
            .watermark,
        20
    );
    assert_eq!(
        store.sync_state("s2", "orders").unwrap().unwrap().watermark,
        30
    );

    // A later update replaces both fields; the watermark may also move back (a deliberate re-sync).
    store
        .upsert_orders("s1", &[], Some(&w("orders", 5, None)))
        .unwrap();
    let s1 = store.sync_state("s1", "orders").unwrap().unwrap();
    assert_eq!((s1.watermark, s1.cursor), (5, None));

    store.clear_sync_state("s1", "orders").unwrap();
    assert_eq!(store.sync_state("s1", "orders").unwrap(), None);
    assert!(store.sync_state("s2", "orders").unwrap().is_some());
}

#[test]
fn backfill_resumes_with_exactly_the_windows_not_marked_done() {
    let (_dir, store) = common::store_with_shops(&["s1"]);
    let id = store
        .create_backfill_job(&job("s1", vec![(200, 300), (0, 100), (100, 200)]))
        .unwrap();
    let windows = store.backfill_windows(id).unwrap();
    let spans: Vec<_> = windows
        .iter()
        .map(|w| (w.window_start, w.window_end))
        .collect();
    assert_eq!(spans, [(0, 100), (100, 200), (200, 300)], "by start time");
    assert!(windows
        .iter()
        .all(|w| w.state == WindowState::Pending && w.fetched == 0));

    // First page of the middle window: progress recorded, window still pending.
    store
        .write(|tx| {
            tx.upsert_orders("s1", &[common::order("1", 150, "UNPAID", "unpaid")])?;
            tx.record_window_progress(&WindowProgress {
                window_id: windows[1].id,
                fetched: 1,
                cursor: Some("page-2-token".into()),
                done: false,
            })
        })
        .unwrap();
    // Last page of the first window.
    store
        .write(|tx| {
            tx.upsert_orders("s1", &[common::order("2", 50, "UNPAID", "unpaid")])?;
            tx.record_window_progress(&WindowProgress {
                window_id: windows[0].id,
                fetched: 7,
                cursor: None,
                done: true,
            })
        })
        .unwrap();

    // "Restart": a new store on the same file sees the same progress.
    let path = store.path().to_path_buf();
    drop(store);
    let store = shopdock_store::Store::open(&path).unwrap();
    let pending = store.pending_backfill_windows("s1").unwrap();
    let spans: Vec<_> = pending
        .iter()
        .map(|w| (w.window_start, w.window_end))
        .collect();
    assert_eq!(spans, [(100, 200), (200, 300)]);
    assert_eq!(pending[0].fetched, 1);
    assert_eq!(pending[0].cursor.as_deref(), Some("page-2-token"));

    let jobs = store.backfill_jobs("s1").unwrap();
    assert_eq!(jobs.len(), 1);
    assert_eq!(jobs[0].id, id);
    assert_eq!(
        (jobs[0].windows_total, jobs[0].windows_done, jobs[0].fetched),
        (3, 1, 8)
    );
    assert_eq!((jobs[0].range_start, jobs[0].range_end), (0, 300));

    // An empty window is finished without orders.
    for w in &pending {
        store
            .record_window_progress(&WindowProgress {
                window_id: w.id,
                fetched: w.fetched,
                cursor: None,
                done: true,
            })
            .unwrap();
    }
    assert!(store.pending_backfill_windows("s1").unwrap().is_empty());
    assert_eq!(store.backfill_jobs("s1").unwrap()[0].windows_done, 3);

    assert!(store.delete_backfill_job(id).unwrap());
    assert!(store.backfill_jobs("s1").unwrap().is_empty());
    assert!(store.backfill_windows(id).unwrap().is_empty());
    assert!(!store.delete_backfill_job(id).unwrap());
}

#[test]
fn pending_windows_list_the_oldest_job_first_and_only_the_shops_own() {
    let (_dir, store) = common::store_with_shops(&["s1", "s2"]);
    let first = store
        .create_backfill_job(&job("s1", vec![(100, 200)]))
        .unwrap();
    let other = store
        .create_backfill_job(&job("s2", vec![(0, 300)]))
        .unwrap();
    let second = store
        .create_backfill_job(&job("s1", vec![(0, 100)]))
        .unwrap();
    let pending = store.pending_backfill_windows("s1").unwrap();
    let jobs: Vec<_> = pending.iter().map(|w| w.job_id).collect();
    assert_eq!(jobs, [first, second]);
    assert_eq!(
        store.pending_backfill_windows("s2").unwrap()[0].job_id,
        other
    );
}

#[test]
fn invalid_backfills_are_refused_before_anything_is_written() {
    let (_dir, store) = common::store_with_shops(&["s1"]);
    for windows in [
        vec![(10, 10)],
        vec![(20, 10)],
        vec![(-5, 10)],
        vec![(0, 301)],
    ] {
        let err = store
            .create_backfill_job(&job("s1", windows.clone()))
            .unwrap_err();
        assert!(
            matches!(err, StoreError::Invalid(_)),
            "{windows:?}: {err:?}"
        );
    }
    let mut empty_range = job("s1", vec![]);
    empty_range.range_end = empty_range.range_start;
    assert!(matches!(
        store.create_backfill_job(&empty_range),
        Err(StoreError::Invalid(_))
    ));
    assert!(store.backfill_jobs("s1").unwrap().is_empty());

    let err = store
        .create_backfill_job(&job("ghost", vec![(0, 10)]))
        .unwrap_err();
    assert!(matches!(err, StoreError::ShopNotFound(id) if id == "ghost"));

    let err = store
        .record_window_progress(&WindowProgress {
            window_id: 999,
            fetched: 0,
            cursor: None,
            done: true,
        })
        .unwrap_err();
    assert!(matches!(err, StoreError::WindowNotFound(999)));
}

#[test]
fn a_split_window_is_recorded_as_two_windows_covering_exactly_its_range() {
    let (_dir, store) = common::store_with_shops(&["s1"]);
    let id = store
        .create_backfill_job(&job("s1", vec![(0, 100), (100, 300)]))
        .unwrap();
    let first = store.backfill_windows(id).unwrap()[1].clone();
    store
        .write(|tx| {
            tx.record_window_progress(&WindowProgress {
                window_id: first.id,
                fetched: 40,
                cursor: Some("page-3".into()),
                done: false,
            })
        })
        .unwrap();
    let split_off = store.split_backfill_window(first.id, 180).unwrap();
    assert_eq!((split_off.window_start, split_off.window_end), (180, 300));
    // And the piece split off can itself be split (an idle worker steals from it).
    store.split_backfill_window(split_off.id, 250).unwrap();
    let windows = store.backfill_windows(id).unwrap();
    let ranges: Vec<_> = windows
        .iter()
        .map(|w| (w.window_start, w.window_end))
        .collect();
    assert_eq!(ranges, [(0, 100), (100, 180), (180, 250), (250, 300)]);
    // The busy window keeps its progress; the new ones start from scratch.
    assert_eq!(windows[1].fetched, 40);
    assert_eq!(windows[1].cursor.as_deref(), Some("page-3"));
    assert!(windows[2..]
        .iter()
        .all(|w| w.state == WindowState::Pending && w.fetched == 0 && w.cursor.is_none()));
    assert_eq!(store.pending_backfill_windows("s1").unwrap().len(), 4);
    assert_eq!(store.backfill_jobs("s1").unwrap()[0].windows_total, 4);

    for at in [100, 180, 99, 400] {
        assert!(
            matches!(
                store.split_backfill_window(windows[1].id, at),
                Err(StoreError::Invalid(_))
            ),
            "split at {at} outside ({}, {}) refused",
            windows[1].window_start,
            windows[1].window_end
        );
    }
    assert!(matches!(
        store.split_backfill_window(9_999, 5),
        Err(StoreError::WindowNotFound(9_999))
    ));
    assert_eq!(
        store.backfill_windows(id).unwrap().len(),
        4,
        "refusals wrote nothing"
    );
}
