//! The seller's own SKUs and their links to TikTok SKUs: one SKU per code whatever its case
//! or surrounding spaces, batches saved whole or not at all, links written whole and never
//! pointing at a code the seller does not have, and orders telling which lines are unmapped.

use crate::common;

use shopdock_store::{
    LinkPart, LocalSku, LocalSkuPatch, SaveOutcome, SkuLink, StoreError, StoreErrorCode,
};

fn money(s: &str) -> rust_decimal::Decimal {
    s.parse().unwrap()
}

fn stock(n: i64) -> LocalSkuPatch {
    LocalSkuPatch {
        on_hand: Some(n),
        ..LocalSkuPatch::default()
    }
}

fn part(code: &str, factor: u32) -> LinkPart {
    LinkPart {
        code: code.into(),
        factor,
    }
}

fn link(shop: &str, sku: &str, parts: Vec<LinkPart>) -> SkuLink {
    SkuLink {
        shop_id: shop.into(),
        product_id: "1729000000000000001".into(),
        sku_id: sku.into(),
        parts,
        linked_at: 50,
    }
}

#[test]
fn a_code_is_one_sku_whatever_its_case_or_spaces_and_keeps_its_first_spelling() {
    let (_dir, store) = common::store();
    let created = store
        .save_local_sku(
            " Mug-Red ",
            &LocalSkuPatch {
                name: Some("Red mug".into()),
                on_hand: Some(4),
                price: Some(Some(money("12.50"))),
                cost: None,
            },
            10,
        )
        .unwrap();
    assert_eq!(created.outcome, SaveOutcome::Created);
    assert_eq!(created.sku.code, "Mug-Red", "stored trimmed");

    let updated = store.save_local_sku("MUG-RED", &stock(9), 20).unwrap();
    assert_eq!(updated.outcome, SaveOutcome::Updated);
    let expected = LocalSku {
        code: "Mug-Red".into(),
        name: "Red mug".into(),
        on_hand: 9,
        price: Some(money("12.50")),
        cost: None,
        updated_at: 20,
    };
    assert_eq!(updated.sku, expected, "only the stock changed");
    assert_eq!(
        store.local_sku("  mug-red").unwrap(),
        Some(expected.clone())
    );
    assert_eq!(store.local_skus().unwrap(), vec![expected.clone()]);

    let again = store
        .save_local_sku(
            "mug-red",
            &LocalSkuPatch {
                on_hand: Some(9),
                price: Some(Some(money("12.5"))),
                ..LocalSkuPatch::default()
            },
            30,
        )
        .unwrap();
    assert_eq!(
        again.outcome,
        SaveOutcome::Unchanged,
        "12.5 is the price 12.50"
    );
    assert_eq!(again.sku, expected, "an unchanged save writes nothing");

    let cleared = store
        .save_local_sku(
            "Mug-Red",
            &LocalSkuPatch {
                price: Some(None),
                ..LocalSkuPatch::default()
            },
            40,
        )
        .unwrap();
    assert_eq!(cleared.sku.price, None);
}

#[test]
fn a_save_refuses_an_empty_code_negative_stock_and_a_negative_price() {
    let (_dir, store) = common::store();
    for (code, patch) in [
        ("  ", stock(1)),
        ("A", stock(-1)),
        (
            "A",
            LocalSkuPatch {
                price: Some(Some(money("-0.01"))),
                ..LocalSkuPatch::default()
            },
        ),
    ] {
        let err = store.save_local_sku(code, &patch, 1).unwrap_err();
        assert!(matches!(err, StoreError::Invalid(_)), "{err:?}");
        assert_eq!(err.code(), StoreErrorCode::Validation);
    }
    assert!(store.local_skus().unwrap().is_empty());
}

#[test]
fn a_batch_of_saves_commits_whole_or_not_at_all() {
    let (_dir, store) = common::store();
    store.save_local_sku("KEEP", &stock(1), 1).unwrap();
    let bad = vec![
        ("NEW-1".to_string(), stock(5)),
        ("KEEP".to_string(), stock(7)),
        ("NEW-2".to_string(), stock(-3)),
    ];
    assert!(store.save_local_skus(&bad, 2).is_err());
    let codes: Vec<(String, i64)> = store
        .local_skus()
        .unwrap()
        .into_iter()
        .map(|s| (s.code, s.on_hand))
        .collect();
    assert_eq!(codes, vec![("KEEP".to_string(), 1)], "nothing of the batch");

    let good = vec![
        ("NEW-1".to_string(), stock(5)),
        ("keep".to_string(), stock(7)),
    ];
    let saved = store.save_local_skus(&good, 3).unwrap();
    let outcomes: Vec<SaveOutcome> = saved.iter().map(|s| s.outcome).collect();
    assert_eq!(outcomes, vec![SaveOutcome::Created, SaveOutcome::Updated]);
    assert_eq!(store.local_sku("KEEP").unwrap().unwrap().on_hand, 7);
}

#[test]
fn a_link_is_a_code_times_a_factor_or_a_bundle_in_the_skus_own_spelling() {
    let (_dir, store) = common::store_with_shops(&["s1", "s2"]);
    for code in ["MUG", "Tea-Green", "LID"] {
        store.save_local_sku(code, &stock(10), 1).unwrap();
    }
    let single = store
        .set_sku_link(&link("s1", "17001", vec![part(" mug ", 2)]))
        .unwrap();
    assert_eq!(single.parts, vec![part("MUG", 2)]);
    let bundle = store
        .set_sku_link(&link(
            "s1",
            "17002",
            vec![part("tea-green", 1), part("MUG", 1), part("LID", 1)],
        ))
        .unwrap();
    assert_eq!(
        bundle.parts,
        vec![part("LID", 1), part("MUG", 1), part("Tea-Green", 1)]
    );
    store
        .set_sku_link(&link("s2", "27001", vec![part("MUG", 1)]))
        .unwrap();

    assert_eq!(store.links_for_shop("s1").unwrap(), vec![single, bundle]);
    let replaced = store
        .set_sku_link(&SkuLink {
            linked_at: 60,
            ..link("s1", "17002", vec![part("LID", 3)])
        })
        .unwrap();
    assert_eq!(store.sku_link("s1", "17002").unwrap(), Some(replaced));

    let using: Vec<(String, String)> = store
        .links_using("mug")
        .unwrap()
        .into_iter()
        .map(|l| (l.shop_id, l.sku_id))
        .collect();
    assert_eq!(
        using,
        vec![
            ("s1".to_string(), "17001".to_string()),
            ("s2".to_string(), "27001".to_string())
        ],
        "every shop's SKU that the code feeds"
    );
    let counts = store.link_counts().unwrap();
    assert_eq!(counts.get("MUG"), Some(&2));
    assert_eq!(
        counts.get("Tea-Green"),
        None,
        "dropped from the replaced bundle"
    );

    assert!(store.remove_sku_link("s1", "17001").unwrap());
    assert!(!store.remove_sku_link("s1", "17001").unwrap());
    assert_eq!(store.sku_link("s1", "17001").unwrap(), None);
    store.delete_shop("s2").unwrap();
    assert!(
        store.links_using("MUG").unwrap().is_empty(),
        "links go with the shop"
    );
}

#[test]
fn a_link_refuses_unknown_codes_shops_zero_factors_and_a_code_twice_changing_nothing() {
    let (_dir, store) = common::store_with_shops(&["s1"]);
    store.save_local_sku("MUG", &stock(1), 1).unwrap();
    store
        .set_sku_link(&link("s1", "17001", vec![part("MUG", 1)]))
        .unwrap();

    let unknown = store
        .set_sku_link(&link("s1", "17001", vec![part("MUG", 1), part(" CUP ", 1)]))
        .unwrap_err();
    assert!(
        matches!(&unknown, StoreError::LocalSkuNotFound(c) if c == "CUP"),
        "{unknown:?}"
    );
    assert_eq!(unknown.code(), StoreErrorCode::NotFound);
    for bad in [
        link("s1", "17001", vec![]),
        link("s1", "17001", vec![part("MUG", 0)]),
        link("s1", "17001", vec![part("MUG", 1), part("mug", 2)]),
    ] {
        let err = store.set_sku_link(&bad).unwrap_err();
        assert_eq!(err.code(), StoreErrorCode::Validation, "{err:?}");
    }
    let shop = store
        .set_sku_link(&link("nope", "17001", vec![part("MUG", 1)]))
        .unwrap_err();
    assert!(matches!(shop, StoreError::ShopNotFound(_)), "{shop:?}");
    assert_eq!(
        store.sku_link("s1", "17001").unwrap().unwrap().parts,
        vec![part("MUG", 1)],
        "the link before the refusals"
    );
}

#[test]
fn a_linked_sku_is_not_deleted_and_an_unlinked_one_is() {
    let (_dir, store) = common::store_with_shops(&["s1"]);
    store.save_local_sku("MUG", &stock(1), 1).unwrap();
    store.save_local_sku("CUP", &stock(1), 1).unwrap();
    store
        .set_sku_link(&link("s1", "17001", vec![part("MUG", 1)]))
        .unwrap();
    let err = store.delete_local_sku("mug").unwrap_err();
    assert!(
        matches!(&err, StoreError::LocalSkuInUse { code, links: 1 } if code == "MUG"),
        "{err:?}"
    );
    assert_eq!(err.code(), StoreErrorCode::Conflict);
    assert!(store.local_sku("MUG").unwrap().is_some());
    assert!(store.delete_local_sku(" cup").unwrap());
    assert!(!store.delete_local_sku("CUP").unwrap());
}

#[test]
fn an_order_names_its_lines_whose_sku_has_no_link() {
    let (_dir, store) = common::store_with_shops(&["s1", "s2"]);
    let mut order = common::order("5001", 10, "AWAITING_SHIPMENT", "to_ship");
    let mut no_sku = common::item("5001-3", "LOOSE", "Loose item");
    no_sku.sku_id = None;
    order.items.push(no_sku);
    store.upsert_orders("s1", &[order], None).unwrap();
    store.save_local_sku("MUG", &stock(1), 1).unwrap();
    // The order's items sell sku-MUG-RED and sku-TEA-GREEN; only the first is linked, and
    // a link of another shop does not count.
    store
        .set_sku_link(&link("s1", "sku-MUG-RED", vec![part("MUG", 1)]))
        .unwrap();
    store
        .set_sku_link(&link("s2", "sku-TEA-GREEN", vec![part("MUG", 1)]))
        .unwrap();
    let lines = store.unmapped_order_lines("s1", "5001").unwrap().unwrap();
    let ids: Vec<(&str, Option<&str>)> = lines
        .iter()
        .map(|l| (l.line_item_id.as_str(), l.sku_id.as_deref()))
        .collect();
    assert_eq!(
        ids,
        vec![("5001-2", Some("sku-TEA-GREEN")), ("5001-3", None)]
    );
    assert_eq!(lines[0].seller_sku.as_deref(), Some("TEA-GREEN"));
    assert_eq!(store.unmapped_order_lines("s1", "9999").unwrap(), None);
    assert_eq!(store.unmapped_order_lines("s2", "5001").unwrap(), None);
}
