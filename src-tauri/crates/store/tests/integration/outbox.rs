//! The outbox's rows: written with the local change, deduplicated, retried and dismissed by the
//! seller, listed and counted for the screens.

use crate::common;
use crate::common::outbox::{problem, shipment, snapshot, stock};
use shopdock_store::{
    Dedupe, Enqueued, NewIntent, OutboxFilter, OutboxKind, OutboxState, Store, StoreError,
    StoreErrorCode,
};

const HOLDER: &str = "run-1";

/// Claims everything due for `shop` at `now` (taking the lease if needed).
fn claim_all(store: &Store, shop: &str, now: i64) -> Vec<shopdock_store::ClaimedIntent> {
    store
        .acquire_drain_lease(shop, HOLDER, now, now + 60)
        .unwrap();
    store.claim_due(shop, HOLDER, now, 1000).unwrap()
}

#[test]
fn an_intent_commits_with_its_local_change_and_rolls_back_with_it() {
    let (_dir, store) = common::store_with_shops(&["s1"]);
    let order = common::order("5001", 10, "AWAITING_SHIPMENT", "to_ship");

    let failed: Result<(), StoreError> = store.write(|tx| {
        tx.upsert_orders("s1", std::slice::from_ref(&order))?;
        tx.enqueue(&shipment("s1", "5001", "1Z1"), 100)?;
        Err(StoreError::Invalid("the caller changed its mind".into()))
    });
    assert!(failed.is_err());
    assert_eq!(store.count_orders("s1").unwrap(), 0);
    assert!(snapshot(&store).is_empty(), "no intent without its change");

    let queued = store
        .write(|tx| {
            tx.upsert_orders("s1", std::slice::from_ref(&order))?;
            tx.enqueue(&shipment("s1", "5001", "1Z1"), 100)
        })
        .unwrap();
    assert_eq!(store.count_orders("s1").unwrap(), 1);
    let entry = store.outbox_entry(queued.id()).unwrap().unwrap();
    assert_eq!(entry.state, OutboxState::Queued);
    assert_eq!(entry.kind, OutboxKind::MarkShipped);
    assert_eq!(entry.order_id.as_deref(), Some("5001"));
    assert_eq!(entry.payload["tracking_number"], "1Z1");
    assert_eq!((entry.attempts, entry.next_try_at), (0, Some(100)));
    assert_eq!(
        (entry.created_at, entry.updated_at, entry.sent_at),
        (100, 100, None)
    );
}

#[test]
fn a_second_click_on_ship_finds_the_first_shipment_until_it_is_dismissed() {
    let (_dir, store) = common::store_with_shops(&["s1"]);
    let first = store.enqueue(&shipment("s1", "5001", "1Z1"), 100).unwrap();
    let Enqueued::Queued(id) = first else {
        panic!("{first:?}")
    };
    let again = store.enqueue(&shipment("s1", "5001", "1Z2"), 101).unwrap();
    assert_eq!(
        again,
        Enqueued::AlreadyThere {
            id,
            state: OutboxState::Queued
        }
    );
    let entry = store.outbox_entry(id).unwrap().unwrap();
    assert_eq!(
        entry.payload["tracking_number"], "1Z1",
        "nothing was written"
    );

    // Sent, the shipment still holds its key: shipping twice is what must never happen.
    let claimed = claim_all(&store, "s1", 102);
    store.mark_sent(claimed[0].ticket, None, 103).unwrap();
    assert_eq!(
        store.enqueue(&shipment("s1", "5001", "1Z3"), 104).unwrap(),
        Enqueued::AlreadyThere {
            id,
            state: OutboxState::Sent
        }
    );

    // Another order, another shop, another kind: separate keys.
    assert!(matches!(
        store.enqueue(&shipment("s1", "5002", "1Z4"), 105).unwrap(),
        Enqueued::Queued(_)
    ));
    let (_dir2, two_shops) = common::store_with_shops(&["s1", "s2"]);
    two_shops
        .enqueue(&shipment("s1", "5001", "1Z1"), 1)
        .unwrap();
    assert!(matches!(
        two_shops
            .enqueue(&shipment("s2", "5001", "1Z1"), 1)
            .unwrap(),
        Enqueued::Queued(_)
    ));
    let mut cancel = shipment("s1", "5001", "1Z1");
    cancel.kind = OutboxKind::SellerCancel;
    assert!(matches!(
        two_shops.enqueue(&cancel, 1).unwrap(),
        Enqueued::Queued(_)
    ));
}

#[test]
fn a_refused_shipment_dismissed_by_the_seller_frees_its_order_for_a_corrected_one() {
    let (_dir, store) = common::store_with_shops(&["s1"]);
    let id = store
        .enqueue(&shipment("s1", "5001", "bad"), 100)
        .unwrap()
        .id();
    let claimed = claim_all(&store, "s1", 100);
    let state = store
        .mark_failed(claimed[0].ticket, &problem("21004015"), None, 101)
        .unwrap();
    assert_eq!(state, OutboxState::NeedsAttention);
    assert!(matches!(
        store.enqueue(&shipment("s1", "5001", "1Z9"), 102).unwrap(),
        Enqueued::AlreadyThere {
            state: OutboxState::NeedsAttention,
            ..
        }
    ));
    store.dismiss_outbox(id, 103).unwrap();
    let corrected = store.enqueue(&shipment("s1", "5001", "1Z9"), 104).unwrap();
    assert!(matches!(corrected, Enqueued::Queued(new) if new != id));
}

#[test]
fn a_later_stock_value_replaces_the_waiting_one_instead_of_queueing_a_second() {
    let (_dir, store) = common::store_with_shops(&["s1"]);
    let id = store.enqueue(&stock("s1", "sku-1", 5), 100).unwrap().id();
    assert_eq!(
        store.enqueue(&stock("s1", "sku-1", 3), 110).unwrap(),
        Enqueued::Replaced(id)
    );
    let rows = snapshot(&store);
    assert_eq!(rows.len(), 1);
    let entry = store.outbox_entry(id).unwrap().unwrap();
    assert_eq!(entry.payload["quantity"], 3);
    assert_eq!((entry.next_try_at, entry.updated_at), (Some(110), 110));

    // A failed value is replaced too, and the new one is due now with the old error cleared.
    let claimed = claim_all(&store, "s1", 120);
    store
        .mark_failed(claimed[0].ticket, &problem("12052901"), Some(500), 121)
        .unwrap();
    assert_eq!(
        store.enqueue(&stock("s1", "sku-1", 2), 130).unwrap(),
        Enqueued::Replaced(id)
    );
    let entry = store.outbox_entry(id).unwrap().unwrap();
    assert_eq!(entry.state, OutboxState::Queued);
    assert_eq!(entry.next_try_at, Some(130));
    assert_eq!(entry.last_error, None);
    assert_eq!(entry.attempts, 1, "attempts only ever grow");

    // Another SKU is its own row.
    assert!(matches!(
        store.enqueue(&stock("s1", "sku-2", 2), 130).unwrap(),
        Enqueued::Queued(_)
    ));
}

#[test]
fn a_stock_value_in_flight_is_left_alone_and_the_newer_one_queues_behind_it() {
    let (_dir, store) = common::store_with_shops(&["s1"]);
    let old = store.enqueue(&stock("s1", "sku-1", 5), 100).unwrap().id();
    let claimed = claim_all(&store, "s1", 100);
    let new = store.enqueue(&stock("s1", "sku-1", 4), 101).unwrap();
    let Enqueued::Queued(new) = new else {
        panic!("{new:?}")
    };
    assert_eq!(
        store.outbox_entry(old).unwrap().unwrap().payload["quantity"],
        5
    );
    assert!(
        store.claim_due("s1", HOLDER, 102, 10).unwrap().is_empty(),
        "the newer value waits for the one in flight"
    );
    // The old value fails: it steps aside, since the newer value will be sent anyway.
    let state = store
        .mark_failed(claimed[0].ticket, &problem("36009003"), Some(200), 103)
        .unwrap();
    assert_eq!(state, OutboxState::Superseded);
    let next = store.claim_due("s1", HOLDER, 104, 10).unwrap();
    assert_eq!(next.len(), 1);
    assert_eq!(next[0].ticket.id, new);
    assert_eq!(next[0].entry.payload["quantity"], 4);
}

#[test]
fn retry_sends_a_failed_row_now_and_a_doubtful_one_to_a_check_first() {
    let (_dir, store) = common::store_with_shops(&["s1"]);
    let refused = store.enqueue(&shipment("s1", "1", "A"), 100).unwrap().id();
    let doubtful = store.enqueue(&shipment("s1", "2", "B"), 100).unwrap().id();
    let gave_up = store.enqueue(&shipment("s1", "3", "C"), 100).unwrap().id();
    let claimed = claim_all(&store, "s1", 100);
    assert_eq!(claimed.len(), 3);
    store
        .mark_failed(claimed[0].ticket, &problem("21011044"), Some(900), 101)
        .unwrap();
    store
        .mark_outcome_unknown(claimed[1].ticket, &problem("timeout"), 900, 101)
        .unwrap();
    store
        .mark_needs_attention(claimed[2].ticket, &problem("attempts_spent"), 101)
        .unwrap();
    // The unknown outcome could not be settled: the drainer gives up on it.
    let check = claim_all(&store, "s1", 900);
    let check: Vec<_> = check
        .into_iter()
        .filter(|c| c.ticket.id == doubtful)
        .collect();
    assert!(check[0].must_reconcile());
    store
        .mark_needs_attention(check[0].ticket, &problem("cannot_verify"), 901)
        .unwrap();

    assert_eq!(
        store.retry_outbox(doubtful, 1000).unwrap(),
        OutboxState::NeedsCheck
    );
    assert_eq!(
        store.retry_outbox(gave_up, 1000).unwrap(),
        OutboxState::Queued
    );
    // `refused` was re-claimed at 900 (its retry time) and is in flight: not retryable.
    let err = store.retry_outbox(refused, 1000).unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::OutboxTransition {
                state: OutboxState::Sending,
                action: "retry",
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(err.code(), StoreErrorCode::Conflict);

    let entry = store.outbox_entry(doubtful).unwrap().unwrap();
    assert!(entry.outcome_unknown);
    assert_eq!(entry.next_try_at, Some(1000));
    assert_eq!(
        entry.last_error.map(|p| p.code).as_deref(),
        Some("cannot_verify")
    );
    let retried = claim_all(&store, "s1", 1000);
    let ids: Vec<i64> = retried.iter().map(|c| c.ticket.id).collect();
    assert_eq!(ids, [doubtful, gave_up]);
    assert!(retried[0].must_reconcile());
    assert!(!retried[1].must_reconcile());

    let missing = store.retry_outbox(9999, 1000).unwrap_err();
    assert!(matches!(missing, StoreError::OutboxEntryNotFound(9999)));
    assert_eq!(missing.code(), StoreErrorCode::NotFound);
}

#[test]
fn the_seller_dismisses_rows_waiting_or_failed_but_never_one_in_flight_or_settled() {
    let (_dir, store) = common::store_with_shops(&["s1"]);
    let queued = store.enqueue(&shipment("s1", "1", "A"), 100).unwrap().id();
    store.dismiss_outbox(queued, 101).unwrap();
    let entry = store.outbox_entry(queued).unwrap().unwrap();
    assert_eq!(
        (entry.state, entry.next_try_at),
        (OutboxState::Dismissed, None)
    );

    let in_flight = store.enqueue(&shipment("s1", "2", "B"), 100).unwrap().id();
    let sent = store.enqueue(&shipment("s1", "3", "C"), 100).unwrap().id();
    let failed = store.enqueue(&shipment("s1", "4", "D"), 100).unwrap().id();
    let doubtful = store.enqueue(&shipment("s1", "5", "E"), 100).unwrap().id();
    let claimed = claim_all(&store, "s1", 102);
    let ticket = |id| claimed.iter().find(|c| c.ticket.id == id).unwrap().ticket;
    store.mark_sent(ticket(sent), None, 103).unwrap();
    store
        .mark_failed(ticket(failed), &problem("36009003"), Some(500), 103)
        .unwrap();
    store
        .mark_outcome_unknown(ticket(doubtful), &problem("timeout"), 500, 103)
        .unwrap();

    store.dismiss_outbox(failed, 104).unwrap();
    for (id, state) in [
        (in_flight, OutboxState::Sending),
        (sent, OutboxState::Sent),
        (doubtful, OutboxState::NeedsCheck),
        (queued, OutboxState::Dismissed),
    ] {
        let err = store.dismiss_outbox(id, 105).unwrap_err();
        assert!(
            matches!(err, StoreError::OutboxTransition { state: s, action: "dismiss", .. } if s == state),
            "{err:?}"
        );
        assert_eq!(store.outbox_entry(id).unwrap().unwrap().state, state);
    }
    assert!(matches!(
        store.retry_outbox(failed, 106).unwrap_err(),
        StoreError::OutboxTransition {
            state: OutboxState::Dismissed,
            ..
        }
    ));
}

#[test]
fn the_activity_list_is_newest_first_filtered_and_paged() {
    let (_dir, store) = common::store_with_shops(&["s1", "s2"]);
    let mut ids = Vec::new();
    for i in 0..25 {
        let shop = if i % 2 == 0 { "s1" } else { "s2" };
        let intent = if i % 5 == 0 {
            stock(shop, &format!("sku-{i}"), i)
        } else {
            shipment(shop, &i.to_string(), "1Z")
        };
        ids.push(store.enqueue(&intent, 100 + i64::from(i)).unwrap().id());
    }
    let claimed = claim_all(&store, "s1", 200);
    for c in claimed.iter().filter(|c| c.entry.target.ends_with('4')) {
        store
            .mark_failed(c.ticket, &problem("21011044"), Some(900), 201)
            .unwrap();
    }
    for c in claimed.iter().filter(|c| c.entry.target.ends_with('2')) {
        store
            .mark_failed(c.ticket, &problem("21011041"), None, 201)
            .unwrap();
    }

    let mut seen = Vec::new();
    let mut filter = OutboxFilter {
        limit: 10,
        ..OutboxFilter::default()
    };
    loop {
        let page = store.list_outbox(&filter).unwrap();
        seen.extend(page.entries.iter().map(|e| e.id));
        match page.next_before_id {
            Some(before) => filter.before_id = Some(before),
            None => break,
        }
    }
    let mut newest_first = ids.clone();
    newest_first.reverse();
    assert_eq!(seen, newest_first);

    let problems = store
        .list_outbox(&OutboxFilter {
            shop_id: Some("s1".into()),
            states: OutboxState::PROBLEMS.to_vec(),
            ..OutboxFilter::default()
        })
        .unwrap();
    let targets: Vec<&str> = problems.entries.iter().map(|e| e.target.as_str()).collect();
    assert_eq!(targets, ["24", "22", "14", "12", "4", "2"]);
    assert_eq!(problems.next_before_id, None);
    assert!(problems.entries.iter().all(|e| e.last_error.is_some()));

    let stock_rows = store
        .list_outbox(&OutboxFilter {
            kind: Some(OutboxKind::Stock),
            ..OutboxFilter::default()
        })
        .unwrap();
    let targets: Vec<&str> = stock_rows
        .entries
        .iter()
        .map(|e| e.target.as_str())
        .collect();
    assert_eq!(targets, ["sku-20", "sku-15", "sku-10", "sku-5", "sku-0"]);
}

#[test]
fn each_shop_card_counts_its_own_pending_and_failed_rows() {
    let (_dir, store) = common::store_with_shops(&["s1", "s2", "s3"]);
    for i in 0..6 {
        store
            .enqueue(&shipment("s1", &i.to_string(), "1Z"), 100)
            .unwrap();
    }
    store.enqueue(&shipment("s2", "7", "1Z"), 100).unwrap();
    store.enqueue(&shipment("s2", "8", "1Z"), 100).unwrap();
    let claimed = claim_all(&store, "s1", 100);
    store.mark_sent(claimed[0].ticket, None, 101).unwrap();
    store
        .mark_failed(claimed[1].ticket, &problem("36009003"), Some(500), 101)
        .unwrap();
    store
        .mark_failed(claimed[2].ticket, &problem("21011041"), None, 101)
        .unwrap();
    store
        .mark_outcome_unknown(claimed[3].ticket, &problem("timeout"), 500, 101)
        .unwrap();
    // claimed[4] and [5] stay in flight.

    let s1 = store.outbox_counts("s1").unwrap();
    assert_eq!(
        (s1.queued, s1.in_flight, s1.failed, s1.needs_attention),
        (0, 3, 1, 1)
    );
    assert_eq!((s1.pending(), s1.problems()), (3, 2));
    let all = store.outbox_counts_by_shop().unwrap();
    assert_eq!(all["s1"], s1);
    assert_eq!(all["s2"].queued, 2);
    assert!(!all.contains_key("s3"));
    assert_eq!(store.outbox_counts("s3").unwrap(), Default::default());
}

#[test]
fn the_orders_table_shows_each_orders_latest_row() {
    let (_dir, store) = common::store_with_shops(&["s1", "s2"]);
    store.enqueue(&shipment("s1", "1", "1Z"), 100).unwrap();
    let failed = store.enqueue(&shipment("s1", "2", "1Z"), 100).unwrap().id();
    let claimed = claim_all(&store, "s1", 100);
    store.mark_sent(claimed[0].ticket, None, 101).unwrap();
    store
        .mark_failed(claimed[1].ticket, &problem("21011044"), None, 101)
        .unwrap();
    // A tracking correction after the shipment of order 1: the latest row is what shows.
    let update = NewIntent {
        kind: OutboxKind::UpdateTracking,
        dedupe: Dedupe::Once("order:1".into()),
        ..shipment("s1", "1", "1Z-new")
    };
    let correction = store.enqueue(&update, 102).unwrap().id();
    // A dismissed row of order 3 shows nothing.
    let dismissed = store.enqueue(&shipment("s1", "3", "1Z"), 102).unwrap().id();
    store.dismiss_outbox(dismissed, 103).unwrap();

    let states = store
        .order_outbox_states(&[
            ("s1", "1"),
            ("s1", "2"),
            ("s1", "3"),
            ("s2", "1"),
            ("s1", "9"),
        ])
        .unwrap();
    let one = states[0].as_ref().unwrap();
    assert_eq!(
        (one.id, one.kind, one.state),
        (correction, OutboxKind::UpdateTracking, OutboxState::Queued)
    );
    let two = states[1].as_ref().unwrap();
    assert_eq!((two.id, two.state), (failed, OutboxState::NeedsAttention));
    assert_eq!(
        two.last_error.as_ref().unwrap().reason,
        "reason for 21011044"
    );
    assert_eq!(states[2..], [None, None, None]);
}

#[test]
fn pruning_removes_only_settled_rows_older_than_asked() {
    let (_dir, store) = common::store_with_shops(&["s1"]);
    for i in 0..4 {
        store
            .enqueue(&shipment("s1", &i.to_string(), "1Z"), 100)
            .unwrap();
    }
    let claimed = claim_all(&store, "s1", 100);
    store.mark_sent(claimed[0].ticket, None, 110).unwrap();
    store.mark_sent(claimed[1].ticket, None, 300).unwrap();
    store
        .mark_failed(claimed[2].ticket, &problem("x"), None, 110)
        .unwrap();
    assert_eq!(store.prune_outbox(200).unwrap(), 1);
    let left: Vec<String> = snapshot(&store).into_iter().map(|r| r.2).collect();
    assert_eq!(left, ["sent", "needs_attention", "sending"]);
}

#[test]
fn bad_intents_are_refused_with_their_codes() {
    let (_dir, store) = common::store_with_shops(&["s1"]);
    let err = store.enqueue(&shipment("nope", "1", "1Z"), 1).unwrap_err();
    assert!(matches!(err, StoreError::ShopNotFound(_)), "{err:?}");
    assert_eq!(err.code(), StoreErrorCode::NotFound);
    for intent in [
        NewIntent {
            target: String::new(),
            ..shipment("s1", "1", "1Z")
        },
        NewIntent {
            dedupe: Dedupe::Once(String::new()),
            ..shipment("s1", "1", "1Z")
        },
    ] {
        let err = store.enqueue(&intent, 1).unwrap_err();
        assert_eq!(err.code(), StoreErrorCode::Validation, "{err:?}");
    }
    assert!(snapshot(&store).is_empty());
}

#[test]
fn the_outbox_file_is_in_wal_mode_with_its_schema() {
    let (_dir, store) = common::store_with_shops(&["s1"]);
    store.enqueue(&shipment("s1", "1", "1Z"), 1).unwrap();
    let conn = rusqlite::Connection::open(store.path()).unwrap();
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    let n: i64 = conn
        .query_row("SELECT COUNT(*) FROM outbox", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 1);
}
