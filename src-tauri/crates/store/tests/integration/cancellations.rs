//! Cancellation records and what they leave on the orders: a record the store never saw is
//! reported new exactly once (core announces new buyer requests from it), a pending request
//! puts its deadline and reason on the order until it settles (and sorts it to the top by
//! "answer by"), and a partial cancel is counted on the order from its line items.

use crate::common;
use crate::common::order;
use shopdock_store::{CancellationRecord, OrderColumn, OrderQuery};

fn request(cancel_id: &str, order_id: &str, pending: bool, update_time: i64) -> CancellationRecord {
    CancellationRecord {
        shop_id: "s1".into(),
        cancel_id: cancel_id.into(),
        order_id: order_id.into(),
        cancel_type: "BUYER_CANCEL".into(),
        status: if pending {
            "CANCELLATION_REQUEST_PENDING".into()
        } else {
            "CANCELLATION_REQUEST_SUCCESS".into()
        },
        pending,
        role: "BUYER".into(),
        reason: Some("ecom_order_to_ship_canceled_reason_no_longer_needed".into()),
        reason_text: Some("No longer needed".into()),
        deadline: pending.then_some(1_700_172_800),
        line_item_ids: Vec::new(),
        create_time: Some(1_700_000_000),
        update_time,
        local_answer: None,
    }
}

#[test]
fn a_record_is_new_only_the_first_time_it_is_stored() {
    let (_dir, store) = common::store_with_shops(&["s1"]);
    store
        .upsert_orders(
            "s1",
            &[order("1", 100, "AWAITING_SHIPMENT", "to_ship")],
            None,
        )
        .unwrap();
    let page = [
        request("40", "1", true, 200),
        request("41", "1", false, 150),
        request("40", "1", true, 200),
    ];
    let first = store.write(|tx| tx.upsert_cancellations(&page)).unwrap();
    assert_eq!(first.new, [0, 1], "the repeat in the page is not new twice");
    let again = store
        .write(|tx| tx.upsert_cancellations(&[request("40", "1", true, 210)]))
        .unwrap();
    assert!(again.new.is_empty(), "{again:?}");
    assert_eq!(again.changed, 1, "a newer version still changes it");
}

#[test]
fn a_pending_request_marks_its_order_until_it_settles() {
    let (_dir, store) = common::store_with_shops(&["s1"]);
    store
        .upsert_orders(
            "s1",
            &[order("1", 100, "AWAITING_SHIPMENT", "to_ship")],
            None,
        )
        .unwrap();
    store
        .write(|tx| tx.upsert_cancellations(&[request("40", "1", true, 200)]))
        .unwrap();
    let row = store.get_order("s1", "1").unwrap().unwrap().row;
    assert_eq!(row.cancel_deadline, Some(1_700_172_800));
    assert_eq!(
        row.cancel_request_reason.as_deref(),
        Some("No longer needed")
    );

    store
        .write(|tx| tx.upsert_cancellations(&[request("40", "1", false, 300)]))
        .unwrap();
    let row = store.get_order("s1", "1").unwrap().unwrap().row;
    assert_eq!(
        (row.cancel_deadline, row.cancel_request_reason),
        (None, None)
    );
}

#[test]
fn cancelled_line_items_are_counted_on_the_order_and_follow_each_version() {
    let (_dir, store) = common::store_with_shops(&["s1"]);
    let mut o = order("1", 100, "AWAITING_SHIPMENT", "to_ship");
    store
        .upsert_orders("s1", std::slice::from_ref(&o), None)
        .unwrap();
    assert_eq!(
        store
            .get_order("s1", "1")
            .unwrap()
            .unwrap()
            .row
            .cancelled_items,
        0
    );

    o.header.update_time = 200;
    o.items[1].display_status = Some("CANCELLED".into());
    store
        .upsert_orders("s1", std::slice::from_ref(&o), None)
        .unwrap();
    let page = store
        .query_orders(&OrderQuery {
            shop_ids: vec!["s1".into()],
            limit: 10,
            ..OrderQuery::default()
        })
        .unwrap();
    assert_eq!(page.rows[0].cancelled_items, 1, "the table's row has it");
    assert_eq!(page.rows[0].item_count, 2);
}

#[test]
fn sorting_by_answer_by_keeps_the_pending_requests_on_top_either_way() {
    let (_dir, store) = common::store_with_shops(&["s1"]);
    let orders: Vec<_> = ["1", "2", "3", "4"]
        .iter()
        .map(|id| order(id, 100, "AWAITING_SHIPMENT", "to_ship"))
        .collect();
    store.upsert_orders("s1", &orders, None).unwrap();
    let mut soon = request("40", "3", true, 200);
    soon.deadline = Some(1_000);
    let mut later = request("41", "1", true, 200);
    later.deadline = Some(2_000);
    store
        .write(|tx| tx.upsert_cancellations(&[soon, later]))
        .unwrap();
    let ids = |descending: bool| -> Vec<String> {
        store
            .query_orders(&OrderQuery {
                sort: OrderColumn::CancelDeadline,
                descending,
                limit: 10,
                ..OrderQuery::default()
            })
            .unwrap()
            .rows
            .into_iter()
            .map(|r| r.header.order_id)
            .collect()
    };
    assert_eq!(&ids(false)[..2], ["3", "1"], "soonest first");
    assert_eq!(&ids(true)[..2], ["1", "3"], "latest first, still on top");
    assert_eq!(ids(true).len(), 4, "the others follow");
}
