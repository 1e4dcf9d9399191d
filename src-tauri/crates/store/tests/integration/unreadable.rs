//! Orders that did not decode are kept raw with the reason, once per order, and go when read.

use crate::common::{order, store_with_shops};
use shopdock_store::{StoreError, UnreadableOrder};

fn odd(id: Option<&str>, json: &str) -> UnreadableOrder {
    UnreadableOrder {
        order_id: id.map(str::to_owned),
        raw_json: json.to_owned(),
        reason: "invalid type: string \"x\", expected i64 at line 1 column 30".into(),
    }
}

#[test]
fn an_unreadable_order_is_kept_once_with_its_json_and_reason_and_goes_when_read() {
    let (_dir, store) = store_with_shops(&["s1", "s2"]);
    let a = odd(
        Some("576000000000000001"),
        r#"{"id":"576000000000000001","create_time":"x"}"#,
    );
    let b = odd(None, r#"{"status":"WEIRD"}"#);
    store
        .write(|tx| tx.record_unreadable_orders("s1", &[a.clone(), b.clone()], 100))
        .unwrap();
    // Met again in a later pull: still one row each, last seen updated.
    store
        .write(|tx| tx.record_unreadable_orders("s1", &[a.clone(), b.clone()], 200))
        .unwrap();
    let rows = store.unreadable_orders(Some("s1")).unwrap();
    assert_eq!(rows.len(), 2);
    assert!(rows
        .iter()
        .all(|r| r.first_seen_at == 100 && r.last_seen_at == 200));
    assert!(rows.iter().any(|r| r.order == a));
    assert!(rows.iter().any(|r| r.order == b));
    assert_eq!(store.count_unreadable_orders("s2").unwrap(), 0);
    assert_eq!(store.unreadable_orders(None).unwrap().len(), 2);

    // The order decodes in a later version: it is stored and its unreadable row goes.
    store
        .write(|tx| {
            tx.upsert_orders(
                "s1",
                &[order(
                    "576000000000000001",
                    300,
                    "AWAITING_SHIPMENT",
                    "to_ship",
                )],
            )?;
            tx.forget_unreadable_orders("s1", &["576000000000000001"])
        })
        .unwrap();
    assert_eq!(store.count_unreadable_orders("s1").unwrap(), 1);
}

#[test]
fn unreadable_orders_of_an_unknown_shop_are_refused() {
    let (_dir, store) = store_with_shops(&["s1"]);
    let err = store
        .write(|tx| tx.record_unreadable_orders("nope", &[odd(None, "{}")], 1))
        .unwrap_err();
    assert!(matches!(err, StoreError::ShopNotFound(_)), "{err:?}");
}
