//! The drainer's side of the outbox on real files: one claimer per row, crash recovery that
//! never resends blindly, the per-shop lease, the order of a target's changes, and changes that
//! touch exactly the rows they name among many rows of several shops.

use crate::common;
use crate::common::outbox::{problem, shipment, snapshot, stock, RawRow};
use shopdock_store::{ClaimTicket, DrainLease, OutboxState, Store, StoreError, StoreErrorCode};
use std::collections::HashSet;
use std::sync::{Arc, Barrier};

/// The ids whose row differs between two snapshots of the same rows.
fn changed(before: &[RawRow], after: &[RawRow]) -> Vec<i64> {
    assert_eq!(before.len(), after.len(), "no row appears or disappears");
    before
        .iter()
        .zip(after)
        .filter(|(b, a)| b != a)
        .map(|(b, _)| b.0)
        .collect()
}

fn lease(store: &Store, shop: &str, holder: &str, now: i64, until: i64) -> DrainLease {
    store.acquire_drain_lease(shop, holder, now, until).unwrap()
}

#[test]
fn claimers_on_two_connections_and_four_threads_never_get_the_same_row() {
    let (dir, store) = common::store_with_shops(&["s1", "s2"]);
    let mut expected = HashSet::new();
    for i in 0..400 {
        expected.insert(
            store
                .enqueue(&shipment("s1", &format!("order-{i}"), "1Z"), 100)
                .unwrap()
                .id(),
        );
        store
            .enqueue(&shipment("s2", &format!("order-{i}"), "1Z"), 100)
            .unwrap();
    }
    // One drainer run with two workers per process, two processes' worth of connections.
    assert_eq!(
        lease(&store, "s1", "run-1", 100, 10_000),
        DrainLease::Acquired { recovered: 0 }
    );
    let second = Arc::new(Store::open(store.path()).unwrap());
    let first = Arc::new(store);
    let barrier = Arc::new(Barrier::new(4));
    let workers: Vec<_> = (0..4)
        .map(|w| {
            let store = if w % 2 == 0 {
                first.clone()
            } else {
                second.clone()
            };
            let barrier = barrier.clone();
            std::thread::spawn(move || {
                barrier.wait();
                let mut mine = Vec::new();
                loop {
                    let batch = store.claim_due("s1", "run-1", 200, 7).unwrap();
                    if batch.is_empty() {
                        return mine;
                    }
                    mine.extend(batch.into_iter().map(|c| c.ticket));
                }
            })
        })
        .collect();
    let mut all: Vec<ClaimTicket> = Vec::new();
    for worker in workers {
        all.extend(worker.join().unwrap());
    }
    let ids: HashSet<i64> = all.iter().map(|t| t.id).collect();
    assert_eq!(ids.len(), all.len(), "no row was handed out twice");
    assert_eq!(ids, expected, "every due row of s1, and only those");
    assert!(all.iter().all(|t| t.attempt == 1));
    let counts = first.outbox_counts_by_shop().unwrap();
    assert_eq!((counts["s1"].in_flight, counts["s1"].queued), (400, 0));
    assert_eq!((counts["s2"].in_flight, counts["s2"].queued), (0, 400));
    drop(dir);
}

#[test]
fn another_drainer_cannot_claim_while_the_lease_runs_and_an_expired_lease_must_be_renewed() {
    let (_dir, store) = common::store_with_shops(&["s1"]);
    store.enqueue(&shipment("s1", "1", "1Z"), 100).unwrap();
    assert_eq!(
        lease(&store, "s1", "app-run", 100, 130),
        DrainLease::Acquired { recovered: 0 }
    );
    assert_eq!(
        lease(&store, "s1", "cli-run", 110, 140),
        DrainLease::HeldByOther {
            holder: "app-run".into(),
            expires_at: 130
        }
    );
    let err = store.claim_due("s1", "cli-run", 110, 10).unwrap_err();
    assert!(
        matches!(err, StoreError::DrainLeaseNotHeld { .. }),
        "{err:?}"
    );
    assert_eq!(err.code(), StoreErrorCode::Conflict);
    assert!(
        store.claim_due("s1", "app-run", 130, 10).is_err(),
        "an expired lease claims nothing"
    );
    assert_eq!(
        lease(&store, "s1", "app-run", 130, 160),
        DrainLease::Renewed
    );
    assert_eq!(store.claim_due("s1", "app-run", 130, 10).unwrap().len(), 1);

    assert!(store.release_drain_lease("s1", "app-run").unwrap());
    assert!(!store.release_drain_lease("s1", "app-run").unwrap());
    assert!(matches!(
        lease(&store, "s1", "cli-run", 131, 160),
        DrainLease::Acquired { recovered: 1 }
    ));
    let err = store.acquire_drain_lease("nope", "x", 1, 2).unwrap_err();
    assert!(matches!(err, StoreError::ShopNotFound(_)), "{err:?}");
    assert_eq!(
        store
            .acquire_drain_lease("s1", "x", 5, 5)
            .unwrap_err()
            .code(),
        StoreErrorCode::Validation
    );
}

#[test]
fn a_crash_between_claim_and_mark_leaves_the_row_to_be_checked_never_queued() {
    let (dir, store) = common::store_with_shops(&["s1"]);
    let id = store.enqueue(&shipment("s1", "1", "1Z"), 100).unwrap().id();
    lease(&store, "s1", "run-1", 100, 130);
    let stale = store.claim_due("s1", "run-1", 100, 10).unwrap()[0].ticket;
    drop(store); // the process dies with the call in flight: nothing is marked

    let store = Store::open_in_dir(dir.path()).unwrap();
    let entry = store.outbox_entry(id).unwrap().unwrap();
    assert_eq!(
        entry.state,
        OutboxState::Sending,
        "opening alone changes nothing"
    );
    assert!(
        matches!(
            lease(&store, "s1", "run-2", 120, 150),
            DrainLease::HeldByOther { .. }
        ),
        "the crashed run's lease must run out first"
    );
    assert_eq!(
        lease(&store, "s1", "run-2", 130, 160),
        DrainLease::Acquired { recovered: 1 }
    );
    let entry = store.outbox_entry(id).unwrap().unwrap();
    assert_eq!(entry.state, OutboxState::NeedsCheck);
    assert!(entry.outcome_unknown);
    assert_eq!(entry.next_try_at, Some(130));

    let claimed = store.claim_due("s1", "run-2", 130, 10).unwrap();
    assert_eq!(claimed.len(), 1);
    assert!(
        claimed[0].must_reconcile(),
        "TikTok is read before any resend"
    );
    assert_eq!(claimed[0].ticket.attempt, 2);

    // The crashed run's ticket settles nothing.
    let err = store.mark_sent(stale, None, 131).unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::StaleClaim {
                attempt: 1,
                state: OutboxState::Sending,
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(err.code(), StoreErrorCode::Conflict);
    // The reconcile finds the shipment at TikTok: sent, without a second call.
    let answer = serde_json::json!({"package_id": "1152", "warning": "Did you mean UPS?"});
    assert_eq!(
        store
            .mark_sent(claimed[0].ticket, Some(&answer), 132)
            .unwrap(),
        OutboxState::Sent
    );
    let entry = store.outbox_entry(id).unwrap().unwrap();
    assert_eq!(entry.result, Some(answer));
    assert_eq!((entry.sent_at, entry.outcome_unknown), (Some(132), false));
}

/// Runs only as the child of the test below: claims, then dies without unwinding.
#[test]
fn child_process_that_claims_and_aborts() {
    let Some(path) = std::env::var_os("OUTBOX_CRASH_DB") else {
        return;
    };
    let store = Store::open(std::path::Path::new(&path)).unwrap();
    lease(&store, "s1", "crashing-run", 100, 130);
    let claimed = store.claim_due("s1", "crashing-run", 100, 1000).unwrap();
    assert_eq!(claimed.len(), 50);
    std::process::abort();
}

#[test]
fn rows_claimed_by_a_process_killed_mid_send_are_all_checked_after_its_lease() {
    let (dir, store) = common::store_with_shops(&["s1"]);
    for i in 0..50 {
        store
            .enqueue(&shipment("s1", &i.to_string(), "1Z"), 100)
            .unwrap();
    }
    let path = store.path().to_path_buf();
    drop(store);
    let status = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "outbox_drain::child_process_that_claims_and_aborts",
            "--nocapture",
        ])
        .env("OUTBOX_CRASH_DB", &path)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .unwrap();
    assert!(!status.success(), "the child died");

    let store = Store::open_in_dir(dir.path()).unwrap();
    let states: Vec<String> = snapshot(&store).into_iter().map(|r| r.2).collect();
    assert!(states.iter().all(|s| s == "sending"), "{states:?}");
    // The new run knows the old one is gone (its process exited) and takes over at once.
    assert_eq!(
        store
            .take_over_drain_lease("s1", "crashing-run", "run-2", 101, 130)
            .unwrap(),
        DrainLease::Acquired { recovered: 50 }
    );
    let claimed = store.claim_due("s1", "run-2", 101, 1000).unwrap();
    assert_eq!(claimed.len(), 50);
    assert!(claimed
        .iter()
        .all(|c| c.must_reconcile() && c.ticket.attempt == 2));
}

#[test]
fn a_stock_value_interrupted_by_a_crash_steps_aside_for_the_newer_value() {
    let (_dir, store) = common::store_with_shops(&["s1"]);
    let old = store.enqueue(&stock("s1", "sku-1", 5), 100).unwrap().id();
    lease(&store, "s1", "run-1", 100, 130);
    store.claim_due("s1", "run-1", 100, 10).unwrap();
    let new = store.enqueue(&stock("s1", "sku-1", 4), 101).unwrap().id();
    assert_eq!(
        lease(&store, "s1", "run-2", 130, 160),
        DrainLease::Acquired { recovered: 1 }
    );
    assert_eq!(
        store.outbox_entry(old).unwrap().unwrap().state,
        OutboxState::Superseded
    );
    let claimed = store.claim_due("s1", "run-2", 130, 10).unwrap();
    let ids: Vec<i64> = claimed.iter().map(|c| c.ticket.id).collect();
    assert_eq!(ids, [new]);
    assert!(
        !claimed[0].must_reconcile(),
        "an absolute value is simply sent"
    );
}

#[test]
fn a_targets_changes_are_sent_one_at_a_time_in_the_order_queued() {
    let (_dir, store) = common::store_with_shops(&["s1"]);
    let ship_1 = store.enqueue(&shipment("s1", "1", "1Z"), 100).unwrap().id();
    let mut correction = shipment("s1", "1", "1Z-fixed");
    correction.kind = shopdock_store::OutboxKind::UpdateTracking;
    let fix_1 = store.enqueue(&correction, 100).unwrap().id();
    let ship_2 = store.enqueue(&shipment("s1", "2", "1Z"), 100).unwrap().id();
    lease(&store, "s1", "run", 100, 10_000);

    let first = store.claim_due("s1", "run", 100, 10).unwrap();
    let ids: Vec<i64> = first.iter().map(|c| c.ticket.id).collect();
    assert_eq!(
        ids,
        [ship_1, ship_2],
        "the correction waits for its shipment"
    );
    // A transient refusal keeps the target's queue behind it until the retry time.
    store
        .mark_failed(first[0].ticket, &problem("36009003"), Some(200), 101)
        .unwrap();
    assert!(store.claim_due("s1", "run", 150, 10).unwrap().is_empty());
    let retried = store.claim_due("s1", "run", 200, 10).unwrap();
    let ids: Vec<i64> = retried.iter().map(|c| c.ticket.id).collect();
    assert_eq!(ids, [ship_1]);
    assert_eq!(retried[0].ticket.attempt, 2);
    store.mark_sent(retried[0].ticket, None, 201).unwrap();
    let next = store.claim_due("s1", "run", 201, 10).unwrap();
    let ids: Vec<i64> = next.iter().map(|c| c.ticket.id).collect();
    assert_eq!(ids, [fix_1]);
}

#[test]
fn rows_become_due_at_their_time_and_the_batch_limit_holds() {
    let (_dir, store) = common::store_with_shops(&["s1"]);
    for i in 0..10 {
        store
            .enqueue(&shipment("s1", &i.to_string(), "1Z"), 100 + i)
            .unwrap();
    }
    lease(&store, "s1", "run", 100, 10_000);
    assert_eq!(store.claim_due("s1", "run", 99, 100).unwrap().len(), 0);
    let due = store.claim_due("s1", "run", 104, 3).unwrap();
    let times: Vec<Option<i64>> = due.iter().map(|c| c.entry.next_try_at).collect();
    assert_eq!(
        times,
        [None, None, None],
        "claimed rows are no longer scheduled"
    );
    let targets: Vec<&str> = due.iter().map(|c| c.entry.target.as_str()).collect();
    assert_eq!(targets, ["0", "1", "2"], "oldest due first");
    assert_eq!(store.claim_due("s1", "run", 104, 100).unwrap().len(), 2);
    assert_eq!(store.claim_due("s1", "run", 104, 0).unwrap().len(), 0);
}

/// Hundreds of rows in three shops, in every state: each call changes exactly the rows it names
/// (a lost WHERE would show up here and not with one row).
#[test]
fn every_change_touches_only_its_rows_among_many_rows_of_several_shops() {
    let shops = ["s1", "s2", "s3"];
    let (_dir, store) = common::store_with_shops(&shops);
    for shop in shops {
        for i in 0..200 {
            store
                .enqueue(&shipment(shop, &format!("{i}"), "1Z"), 100)
                .unwrap();
        }
        lease(&store, shop, "run-1", 100, 130);
    }
    // Each shop: 60 claimed; of those 10 sent, 10 failed, 10 need attention, 10 unknown, 20 in
    // flight; 140 queued.
    for shop in shops {
        let claimed = store.claim_due(shop, "run-1", 100, 60).unwrap();
        for (n, c) in claimed.iter().enumerate() {
            match n / 10 {
                0 => drop(store.mark_sent(c.ticket, None, 101).unwrap()),
                1 => drop(
                    store
                        .mark_failed(c.ticket, &problem("36009003"), Some(500), 101)
                        .unwrap(),
                ),
                2 => drop(
                    store
                        .mark_failed(c.ticket, &problem("21011041"), None, 101)
                        .unwrap(),
                ),
                3 => drop(
                    store
                        .mark_outcome_unknown(c.ticket, &problem("timeout"), 500, 101)
                        .unwrap(),
                ),
                _ => {}
            }
        }
    }
    let rows = snapshot(&store);
    let ids_in = |shop: &str, state: &str| -> Vec<i64> {
        rows.iter()
            .filter(|r| r.1 == shop && r.2 == state)
            .map(|r| r.0)
            .collect()
    };
    assert_eq!(ids_in("s2", "sending").len(), 20);
    assert_eq!(ids_in("s2", "queued").len(), 140);

    // The seller retries one row and dismisses another.
    let before = snapshot(&store);
    let retried = ids_in("s2", "needs_attention")[3];
    store.retry_outbox(retried, 102).unwrap();
    let dismissed = ids_in("s3", "failed")[0];
    store.dismiss_outbox(dismissed, 102).unwrap();
    assert_eq!(changed(&before, &snapshot(&store)), [retried, dismissed]);

    // Settling one claim.
    let before = snapshot(&store);
    let in_flight = ids_in("s1", "sending")[0];
    let ticket = ClaimTicket {
        id: in_flight,
        attempt: 1,
    };
    store.mark_sent(ticket, None, 103).unwrap();
    assert_eq!(changed(&before, &snapshot(&store)), [in_flight]);

    // A new run takes over s2 only: s2's rows in flight are recovered, nothing else moves.
    let before = snapshot(&store);
    assert_eq!(
        lease(&store, "s2", "run-2", 130, 160),
        DrainLease::Acquired { recovered: 20 }
    );
    assert_eq!(changed(&before, &snapshot(&store)), ids_in("s2", "sending"));

    // A claim takes due rows of its shop only, and at most the limit.
    let before = snapshot(&store);
    let claimed = store.claim_due("s2", "run-2", 130, 25).unwrap();
    let mut claimed_ids: Vec<i64> = claimed.iter().map(|c| c.ticket.id).collect();
    claimed_ids.sort_unstable();
    assert_eq!(claimed_ids.len(), 25);
    assert_eq!(changed(&before, &snapshot(&store)), claimed_ids);
    assert!(claimed.iter().all(|c| c.entry.shop_id == "s2"));

    let counts = store.outbox_counts_by_shop().unwrap();
    assert_eq!(counts["s1"].in_flight, 19 + 10, "sending and needs_check");
    assert_eq!(counts["s3"].failed, 9);
    assert_eq!(counts["s3"].queued, 140);
}
