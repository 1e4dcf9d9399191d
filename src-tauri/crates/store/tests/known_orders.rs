//! `WriteTxn::known_order_ids`: what the sync engine asks before a page's upsert to tell new
//! orders from new versions of stored ones.

mod common;

use std::collections::HashSet;

#[test]
fn known_order_ids_are_the_stored_orders_of_that_shop_only() {
    let (_dir, store) = common::store_with_shops(&["s1", "s2"]);
    let stored = [
        common::order("1001", 5, "AWAITING_SHIPMENT", "to_ship"),
        common::order("1002", 5, "AWAITING_SHIPMENT", "to_ship"),
    ];
    store.upsert_orders("s1", &stored, None).unwrap();
    let asked = ["1001", "1003", "1002"];
    let known = store
        .write(|tx| tx.known_order_ids("s1", asked.iter().copied()))
        .unwrap();
    assert_eq!(known, HashSet::from(["1001".to_owned(), "1002".to_owned()]));
    let other_shop = store
        .write(|tx| tx.known_order_ids("s2", asked.iter().copied()))
        .unwrap();
    assert!(other_shop.is_empty(), "{other_shop:?}");
}

#[test]
fn asked_in_the_upsert_transaction_the_unknown_ids_are_exactly_the_inserted_orders() {
    let (_dir, store) = common::store_with_shops(&["s1"]);
    store
        .upsert_orders(
            "s1",
            &[common::order("1001", 5, "AWAITING_SHIPMENT", "to_ship")],
            None,
        )
        .unwrap();
    let page = [
        common::order("1001", 6, "IN_TRANSIT", "shipped"),
        common::order("1002", 6, "AWAITING_SHIPMENT", "to_ship"),
    ];
    let (known, stats) = store
        .write(|tx| {
            let known =
                tx.known_order_ids("s1", page.iter().map(|o| o.header.order_id.as_str()))?;
            Ok((known, tx.upsert_orders("s1", &page)?))
        })
        .unwrap();
    let new: Vec<_> = page
        .iter()
        .filter(|o| !known.contains(&o.header.order_id))
        .map(|o| o.header.order_id.as_str())
        .collect();
    assert_eq!(new, ["1002"]);
    assert_eq!((stats.inserted, stats.updated), (1, 1));
}
