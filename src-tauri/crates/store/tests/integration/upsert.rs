//! `upsert_orders`: newest version wins, children follow, progress commits with the data.

use crate::common;
use crate::common::order;
use proptest::prelude::*;
use shopdock_store::{
    NewBackfillJob, OrderQuery, PackageRecord, StatusChange, StoreError, UpsertStats,
    WatermarkUpdate, WindowProgress, WindowState,
};
use std::collections::BTreeMap;

fn watermark(at: i64) -> WatermarkUpdate {
    WatermarkUpdate {
        job: "orders".into(),
        watermark: at,
        cursor: Some(serde_json::json!({ "page": at })),
    }
}

#[test]
fn new_orders_are_inserted_with_items_payload_history_and_derived_columns() {
    let (_dir, store) = common::store_with_shops(&["s1"]);
    let o = order("576653688135258178", 100, "UNPAID", "unpaid");
    let stats = store
        .upsert_orders("s1", std::slice::from_ref(&o), None)
        .unwrap();
    assert_eq!(
        stats,
        UpsertStats {
            new_orders: vec![0],
            updated: 0,
            stale: 0,
            status_changes: 1
        }
    );
    let got = store
        .get_order("s1", "576653688135258178")
        .unwrap()
        .unwrap();
    assert_eq!(got.row.shop_id, "s1");
    assert_eq!(got.row.header, o.header);
    assert_eq!(got.row.item_count, 2);
    assert_eq!(got.row.first_item_name.as_deref(), Some("Ceramic mug"));
    assert_eq!(got.items, o.items, "items keep TikTok's order");
    assert_eq!(got.recipient, o.recipient);
    assert_eq!(got.payment, o.payment);
    assert_eq!(got.packages, o.packages);
    assert_eq!(got.raw_json, o.raw_json.unpack().unwrap());
    assert_eq!(
        got.history,
        [StatusChange {
            status: "UNPAID".into(),
            at: 100
        }]
    );
    assert_eq!(store.get_order("s1", "other").unwrap(), None);
    assert_eq!(store.get_order("s2", "576653688135258178").unwrap(), None);
}

#[test]
fn newer_version_replaces_items_and_appends_history_only_on_status_change() {
    let (_dir, store) = common::store_with_shops(&["s1"]);
    store
        .upsert_orders("s1", &[order("1", 100, "ON_HOLD", "to_ship")], None)
        .unwrap();
    let mut v2 = order("1", 200, "AWAITING_SHIPMENT", "to_ship");
    v2.items.truncate(1);
    v2.items[0].tracking_number = Some("TRK1".into());
    // Split into two packages; the address and the breakdown change too.
    v2.packages.push(PackageRecord {
        package_id: "P2".into(),
        tracking_number: None,
        shipping_provider: None,
    });
    v2.recipient = None;
    v2.payment.shipping_fee = Some("4.99".into());
    let stats = store.upsert_orders("s1", &[v2.clone()], None).unwrap();
    assert_eq!((stats.updated, stats.status_changes), (1, 1));
    // Same status, newer time: replaced, no history row.
    let mut v3 = v2.clone();
    v3.header.update_time = 300;
    v3.header.buyer_name = Some("Grace Hopper".into());
    let stats = store.upsert_orders("s1", &[v3.clone()], None).unwrap();
    assert_eq!((stats.updated, stats.status_changes), (1, 0));

    let got = store.get_order("s1", "1").unwrap().unwrap();
    assert_eq!(got.row.header, v3.header);
    assert_eq!(got.items, v3.items);
    assert_eq!(
        got.packages, v3.packages,
        "packages replaced, in TikTok's order"
    );
    assert_eq!(got.recipient, None);
    assert_eq!(got.payment, v3.payment);
    assert_eq!(got.row.item_count, 1);
    let history: Vec<_> = got
        .history
        .iter()
        .map(|h| (h.status.as_str(), h.at))
        .collect();
    assert_eq!(history, [("ON_HOLD", 100), ("AWAITING_SHIPMENT", 200)]);
    assert_eq!(store.count_orders("s1").unwrap(), 1);
}

#[test]
fn search_follows_the_stored_version_of_an_order() {
    let (_dir, store) = common::store_with_shops(&["s1"]);
    let search = |text: &str| {
        let q = OrderQuery {
            search: Some(text.into()),
            ..OrderQuery::default()
        };
        store.query_orders(&q).unwrap().total
    };
    // UNPAID: no recipient yet, so no buyer name.
    let mut v1 = order("1", 10, "UNPAID", "unpaid");
    v1.header.buyer_name = None;
    v1.header.buyer_email = None;
    store.upsert_orders("s1", &[v1], None).unwrap();
    assert_eq!(search("lovelace"), 0);
    assert_eq!(search("mug"), 1);

    store
        .upsert_orders(
            "s1",
            &[order("1", 20, "AWAITING_SHIPMENT", "to_ship")],
            None,
        )
        .unwrap();
    assert_eq!(search("lovelace"), 1);

    let mut v3 = order("1", 30, "IN_TRANSIT", "shipping");
    v3.header.buyer_name = Some("Grace Hopper".into());
    v3.header.tracking_number = Some("1Z999AA10123456784".into());
    v3.items.truncate(1);
    store.upsert_orders("s1", &[v3], None).unwrap();
    assert_eq!(search("lovelace"), 0, "the old name is no longer indexed");
    assert_eq!(search("hopper"), 1);
    assert_eq!(search("1Z999AA1"), 1, "tracking numbers are searchable");
    assert_eq!(
        search("tea"),
        0,
        "a removed item's product is no longer indexed"
    );

    // An older version arriving late changes nothing, the index included.
    store
        .upsert_orders(
            "s1",
            &[order("1", 15, "AWAITING_SHIPMENT", "to_ship")],
            None,
        )
        .unwrap();
    assert_eq!(search("lovelace"), 0);
    assert_eq!(search("hopper"), 1);
}

#[test]
fn older_version_never_overwrites_a_newer_one() {
    let (_dir, store) = common::store_with_shops(&["s1"]);
    let newer = order("1", 200, "AWAITING_COLLECTION", "shipping");
    store
        .upsert_orders("s1", std::slice::from_ref(&newer), None)
        .unwrap();
    let mut older = order("1", 199, "AWAITING_SHIPMENT", "to_ship");
    older.raw_json = "{}".into();
    older.items.clear();
    let stats = store.upsert_orders("s1", &[older], None).unwrap();
    assert_eq!(stats.stale, 1);
    assert_eq!(stats.updated, 0);
    let got = store.get_order("s1", "1").unwrap().unwrap();
    assert_eq!(got.row.header, newer.header);
    assert_eq!(got.items, newer.items);
    assert_eq!(got.raw_json, newer.raw_json.unpack().unwrap());
    assert_eq!(got.history.len(), 1);
}

#[test]
fn same_update_time_is_replaced_so_a_refetch_repairs_a_row() {
    let (_dir, store) = common::store_with_shops(&["s1"]);
    store
        .upsert_orders("s1", &[order("1", 200, "IN_TRANSIT", "shipping")], None)
        .unwrap();
    let mut again = order("1", 200, "IN_TRANSIT", "shipping");
    again.header.tracking_number = Some("TRK9".into());
    let stats = store.upsert_orders("s1", &[again], None).unwrap();
    assert_eq!(
        (stats.updated, stats.stale, stats.status_changes),
        (1, 0, 0)
    );
    let got = store.get_order("s1", "1").unwrap().unwrap();
    assert_eq!(got.row.header.tracking_number.as_deref(), Some("TRK9"));
}

#[test]
fn same_order_ids_in_different_shops_are_different_orders() {
    let (_dir, store) = common::store_with_shops(&["s1", "s2"]);
    store
        .upsert_orders("s1", &[order("1", 1, "UNPAID", "unpaid")], None)
        .unwrap();
    store
        .upsert_orders("s2", &[order("1", 2, "COMPLETED", "done")], None)
        .unwrap();
    assert_eq!(store.count_orders("s1").unwrap(), 1);
    assert_eq!(store.count_orders("s2").unwrap(), 1);
    assert_eq!(
        store
            .get_order("s1", "1")
            .unwrap()
            .unwrap()
            .row
            .header
            .status,
        "UNPAID"
    );
}

#[test]
fn upsert_for_an_unknown_shop_fails_cleanly() {
    let (_dir, store) = common::store();
    let err = store
        .upsert_orders(
            "ghost",
            &[order("1", 1, "UNPAID", "unpaid")],
            Some(&watermark(1)),
        )
        .unwrap_err();
    assert!(matches!(err, StoreError::ShopNotFound(id) if id == "ghost"));
    let err = store
        .upsert_orders("ghost", &[], Some(&watermark(1)))
        .unwrap_err();
    assert!(matches!(err, StoreError::ShopNotFound(_)), "{err:?}");
}

#[test]
fn watermark_is_written_with_the_page_and_an_empty_page_can_advance_it() {
    let (_dir, store) = common::store_with_shops(&["s1"]);
    assert_eq!(store.sync_state("s1", "orders").unwrap(), None);
    store
        .upsert_orders(
            "s1",
            &[order("1", 10, "UNPAID", "unpaid")],
            Some(&watermark(10)),
        )
        .unwrap();
    let state = store.sync_state("s1", "orders").unwrap().unwrap();
    assert_eq!(state.watermark, 10);
    assert_eq!(state.cursor, Some(serde_json::json!({ "page": 10 })));
    store
        .upsert_orders("s1", &[], Some(&watermark(20)))
        .unwrap();
    assert_eq!(
        store.sync_state("s1", "orders").unwrap().unwrap().watermark,
        20
    );
    assert_eq!(store.sync_state("s1", "other-job").unwrap(), None);
}

#[test]
fn failing_upsert_mid_page_stores_neither_orders_nor_watermark() {
    let (_dir, store) = common::store_with_shops(&["s1"]);
    store
        .upsert_orders(
            "s1",
            &[order("1", 10, "UNPAID", "unpaid")],
            Some(&watermark(10)),
        )
        .unwrap();
    // The third order repeats a line item id: SQLite rejects it after two orders were written.
    let mut broken = order("4", 30, "UNPAID", "unpaid");
    broken.items[1].line_item_id = broken.items[0].line_item_id.clone();
    let page = [
        order("2", 30, "UNPAID", "unpaid"),
        order("1", 30, "AWAITING_SHIPMENT", "to_ship"),
        broken,
    ];
    let err = store.upsert_orders("s1", &page, Some(&watermark(30)));
    assert!(matches!(err, Err(StoreError::Sqlite(_))), "{err:?}");

    assert_eq!(
        store.sync_state("s1", "orders").unwrap().unwrap().watermark,
        10
    );
    assert_eq!(
        store.all_order_versions("s1").unwrap(),
        [("1".into(), 10, "UNPAID".into())]
    );
    let page = store.query_orders(&OrderQuery::default()).unwrap();
    assert_eq!(page.total, 1);
    assert_eq!(page.group_counts.len(), 1);
    let history = store.get_order("s1", "1").unwrap().unwrap().history;
    assert_eq!(history.len(), 1);
}

#[test]
fn error_inside_a_write_transaction_rolls_back_the_page_and_window_progress() {
    let (_dir, store) = common::store_with_shops(&["s1"]);
    let job = store
        .create_backfill_job(&NewBackfillJob {
            shop_id: "s1".into(),
            kind: "orders".into(),
            range_start: 0,
            range_end: 100,
            created_at: 1,
            windows: vec![(0, 50), (50, 100)],
        })
        .unwrap();
    let window = store.backfill_windows(job).unwrap()[0].id;
    let result: Result<(), StoreError> = store.write(|tx| {
        tx.upsert_orders("s1", &[order("1", 10, "UNPAID", "unpaid")])?;
        tx.record_window_progress(&WindowProgress {
            window_id: window,
            fetched: 1,
            cursor: None,
            done: true,
        })?;
        Err(StoreError::Invalid("simulated crash before commit".into()))
    });
    assert!(result.is_err());
    assert_eq!(store.count_orders("s1").unwrap(), 0);
    assert_eq!(store.pending_backfill_windows("s1").unwrap().len(), 2);

    // The same page committed: orders and the window's completion land together.
    store
        .write(|tx| {
            tx.upsert_orders("s1", &[order("1", 10, "UNPAID", "unpaid")])?;
            tx.record_window_progress(&WindowProgress {
                window_id: window,
                fetched: 1,
                cursor: None,
                done: true,
            })
        })
        .unwrap();
    assert_eq!(store.count_orders("s1").unwrap(), 1);
    let windows = store.backfill_windows(job).unwrap();
    assert_eq!(windows[0].state, WindowState::Done);
    assert_eq!(windows[0].fetched, 1);
}

/// What the sync engine announces as new: the orders of the page that shop did not have.
#[test]
fn new_orders_are_the_positions_of_orders_that_shop_did_not_have() {
    let (_dir, store) = common::store_with_shops(&["s1", "s2"]);
    store
        .upsert_orders(
            "s1",
            &[order("1001", 5, "AWAITING_SHIPMENT", "to_ship")],
            None,
        )
        .unwrap();
    let page = [
        order("1001", 6, "IN_TRANSIT", "shipped"),
        order("1002", 6, "AWAITING_SHIPMENT", "to_ship"),
        order("1002", 6, "AWAITING_SHIPMENT", "to_ship"),
    ];
    let stats = store.upsert_orders("s1", &page, None).unwrap();
    assert_eq!(stats.new_orders, [1], "1001 was stored, 1002 repeats");
    assert_eq!((stats.inserted(), stats.updated), (1, 2));
    let other_shop = store.upsert_orders("s2", &page, None).unwrap();
    assert_eq!(other_shop.new_orders, [0, 1]);
}

#[test]
fn a_page_repeating_one_order_keeps_the_newest_of_its_versions() {
    let (_dir, store) = common::store_with_shops(&["s1"]);
    let page = [
        order("1", 20, "AWAITING_SHIPMENT", "to_ship"),
        order("1", 10, "UNPAID", "unpaid"),
        order("1", 30, "IN_TRANSIT", "shipping"),
    ];
    let stats = store.upsert_orders("s1", &page, None).unwrap();
    assert_eq!(
        (stats.new_orders, stats.updated, stats.stale),
        (vec![0], 1, 1)
    );
    assert_eq!(
        store.all_order_versions("s1").unwrap(),
        [("1".into(), 30, "IN_TRANSIT".into())]
    );
}

const STATUSES: [(&str, &str); 4] = [
    ("UNPAID", "unpaid"),
    ("AWAITING_SHIPMENT", "to_ship"),
    ("IN_TRANSIT", "shipping"),
    ("CANCELLED", "cancelled"),
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Any sequence of versions of a few orders, cut into pages of any size, ends with every order
    /// at its newest version (the last one applied among equal update_times), exactly one row per
    /// id, history in time order ending at the current status, and exact tab counts.
    #[test]
    fn any_interleaving_of_versions_ends_at_the_newest_version(
        versions in prop::collection::vec((0u8..6, 0i64..12, 0usize..4), 1..60),
        cuts in prop::collection::vec(1usize..8, 1..20),
    ) {
        let (_dir, store) = common::store_with_shops(&["s1"]);
        let records: Vec<_> = versions
            .iter()
            .map(|&(id, at, s)| order(&format!("7{id:018}"), at, STATUSES[s].0, STATUSES[s].1))
            .collect();
        let mut expected: BTreeMap<String, (i64, String)> = BTreeMap::new();
        for r in &records {
            let h = &r.header;
            match expected.get(&h.order_id) {
                Some((at, _)) if h.update_time < *at => {}
                _ => {
                    expected.insert(h.order_id.clone(), (h.update_time, h.status.clone()));
                }
            }
        }
        let mut rest = records.as_slice();
        for &cut in cuts.iter().cycle() {
            if rest.is_empty() {
                break;
            }
            let (page, tail) = rest.split_at(cut.min(rest.len()));
            store.upsert_orders("s1", page, None).unwrap();
            rest = tail;
        }

        let stored = store.all_order_versions("s1").unwrap();
        let want: Vec<_> = expected
            .iter()
            .map(|(id, (at, status))| (id.clone(), *at, status.clone()))
            .collect();
        prop_assert_eq!(&stored, &want);
        prop_assert_eq!(store.count_orders("s1").unwrap(), expected.len() as u64);

        for (id, (_, status)) in &expected {
            let detail = store.get_order("s1", id).unwrap().unwrap();
            prop_assert!(detail.history.windows(2).all(|w| w[0].at <= w[1].at));
            prop_assert_eq!(&detail.history.last().unwrap().status, status);
            prop_assert_eq!(detail.items.len(), 2);
            let hits = store
                .query_orders(&OrderQuery { search: Some(id.clone()), ..OrderQuery::default() })
                .unwrap();
            prop_assert_eq!(hits.total, 1);
            prop_assert_eq!(&hits.rows[0].header.order_id, id);
        }

        let mut groups: BTreeMap<String, u64> = BTreeMap::new();
        for (_, status) in expected.values() {
            let group = STATUSES.iter().find(|s| s.0 == status).unwrap().1;
            *groups.entry(group.to_string()).or_default() += 1;
        }
        let page = store.query_orders(&OrderQuery::default()).unwrap();
        prop_assert_eq!(page.group_counts, groups);
        prop_assert_eq!(page.total, expected.len() as u64);
    }
}

#[test]
fn raw_json_is_stored_compressed_and_a_text_row_of_an_earlier_version_still_reads_back() {
    let (_dir, store) = common::store_with_shops(&["s1"]);
    let packed = order("1", 100, "AWAITING_SHIPMENT", "to_ship");
    let kept_as_text = order("2", 100, "AWAITING_SHIPMENT", "to_ship");
    store
        .upsert_orders("s1", &[packed.clone(), kept_as_text.clone()], None)
        .unwrap();
    // Before compression the column held the text itself: write order 2's that way.
    let text = kept_as_text.raw_json.unpack().unwrap();
    let conn = rusqlite::Connection::open(store.path()).unwrap();
    conn.execute(
        "UPDATE order_details SET raw_json = ?1
         WHERE order_ref = (SELECT id FROM orders WHERE order_id = '2')",
        [&text],
    )
    .unwrap();
    let types: Vec<(String, String)> = conn
        .prepare(
            "SELECT o.order_id, typeof(d.raw_json) FROM orders o
             JOIN order_details d ON d.order_ref = o.id ORDER BY o.order_id",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        types,
        [
            ("1".to_string(), "blob".to_string()),
            ("2".into(), "text".into())
        ]
    );
    let one = store.get_order("s1", "1").unwrap().unwrap();
    assert_eq!(one.raw_json, packed.raw_json.unpack().unwrap());
    let two = store.get_order("s1", "2").unwrap().unwrap();
    assert_eq!(two.raw_json, text);
}
