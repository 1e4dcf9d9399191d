//! Links read against the catalog: auto-link proposes exactly the unlinked SKUs whose seller
//! SKU is a local code (blank ones never, repeated ones each), the unmapped list is the
//! catalog minus the links, and a re-import that changed a product's SKU ids leaves its old
//! links standing, reported as broken.

use crate::common;

use shopdock_store::{LinkPart, LocalSkuPatch, ProductRecord, SkuLink, SkuRecord, Store};

fn sku(id: &str, seller_sku: &str) -> SkuRecord {
    SkuRecord {
        sku_id: id.into(),
        seller_sku: seller_sku.into(),
        currency: "USD".into(),
        sku_status: "NORMAL".into(),
        ..SkuRecord::default()
    }
}

fn product(id: &str, status: &str, update_time: i64, skus: Vec<SkuRecord>) -> ProductRecord {
    ProductRecord {
        product_id: id.into(),
        title: format!("Product {id}"),
        status: status.into(),
        audit_status: "APPROVED".into(),
        update_time,
        skus,
        ..ProductRecord::default()
    }
}

fn local(store: &Store, codes: &[&str]) {
    for code in codes {
        store
            .save_local_sku(
                code,
                &LocalSkuPatch {
                    on_hand: Some(3),
                    ..LocalSkuPatch::default()
                },
                1,
            )
            .unwrap();
    }
}

fn link(shop: &str, product: &str, sku: &str, code: &str) -> SkuLink {
    SkuLink {
        shop_id: shop.into(),
        product_id: product.into(),
        sku_id: sku.into(),
        parts: vec![LinkPart {
            code: code.into(),
            factor: 1,
        }],
        linked_at: 5,
    }
}

#[test]
fn auto_link_proposes_each_unlinked_sku_whose_seller_sku_is_a_local_code() {
    let (_dir, store) = common::store_with_shops(&["s1", "s2"]);
    local(&store, &["MUG-RED", "Tea", "lid"]);
    store
        .upsert_products(
            "s1",
            &[
                product(
                    "P1",
                    "ACTIVATE",
                    10,
                    vec![
                        sku("S1", " mug-red "),
                        sku("S2", ""),
                        sku("S3", "   "),
                        sku("S4", "TEA"),
                    ],
                ),
                // The same seller SKU on another product: proposed too.
                product(
                    "P2",
                    "ACTIVATE",
                    10,
                    vec![sku("S5", "MUG-RED"), sku("S6", "CUP")],
                ),
                product("P3", "DELETED", 10, vec![sku("S7", "TEA")]),
                product("P4", "PENDING", 10, vec![sku("S8", "LID")]),
            ],
            20,
        )
        .unwrap();
    store
        .upsert_products(
            "s2",
            &[product("Q1", "ACTIVATE", 10, vec![sku("T1", "TEA")])],
            20,
        )
        .unwrap();
    // S4 is linked already (to another code): not proposed again.
    store.set_sku_link(&link("s1", "P1", "S4", "LID")).unwrap();

    let proposed: Vec<(String, String)> = store
        .auto_link_candidates("s1")
        .unwrap()
        .into_iter()
        .map(|c| (c.sku.sku_id, c.code))
        .collect();
    assert_eq!(
        proposed,
        vec![
            ("S1".to_string(), "MUG-RED".to_string()),
            ("S5".to_string(), "MUG-RED".to_string()),
            ("S8".to_string(), "lid".to_string()),
        ]
    );

    let unmapped: Vec<String> = store
        .unmapped_skus("s1")
        .unwrap()
        .into_iter()
        .map(|s| s.sku_id)
        .collect();
    assert_eq!(
        unmapped,
        ["S1", "S2", "S3", "S5", "S6", "S8"],
        "deleted P3 left out"
    );
}

#[test]
fn a_reimport_that_changed_sku_ids_leaves_the_old_links_broken_not_gone() {
    let (_dir, store) = common::store_with_shops(&["s1"]);
    local(&store, &["MUG-RED", "MUG-BLUE"]);
    store
        .upsert_products(
            "s1",
            &[product(
                "P1",
                "ACTIVATE",
                10,
                vec![sku("S1", "MUG-RED"), sku("S2", "MUG-BLUE")],
            )],
            20,
        )
        .unwrap();
    store
        .set_sku_link(&link("s1", "P1", "S1", "MUG-RED"))
        .unwrap();
    store
        .set_sku_link(&link("s1", "P1", "S2", "MUG-BLUE"))
        .unwrap();
    assert!(store.broken_links("s1").unwrap().is_empty());

    // The seller recreated the variants: TikTok gave the red one a new SKU id.
    store
        .upsert_products(
            "s1",
            &[product(
                "P1",
                "ACTIVATE",
                30,
                vec![sku("S9", "MUG-RED"), sku("S2", "MUG-BLUE")],
            )],
            40,
        )
        .unwrap();
    let broken = store.broken_links("s1").unwrap();
    assert_eq!(broken.len(), 1, "{broken:?}");
    assert_eq!(broken[0].link, link("s1", "P1", "S1", "MUG-RED"));
    assert_eq!(broken[0].current_product_id, None);
    assert_eq!(
        store.links_for_shop("s1").unwrap().len(),
        2,
        "the broken link stays"
    );
    let unmapped: Vec<String> = store
        .unmapped_skus("s1")
        .unwrap()
        .into_iter()
        .map(|s| s.sku_id)
        .collect();
    assert_eq!(unmapped, ["S9"], "the new SKU waits for its link");

    // A link that names the SKU under another product is broken too, and says where it is.
    store
        .set_sku_link(&link("s1", "P0", "S2", "MUG-BLUE"))
        .unwrap();
    let broken = store.broken_links("s1").unwrap();
    let moved = broken.iter().find(|b| b.link.sku_id == "S2").unwrap();
    assert_eq!(moved.current_product_id.as_deref(), Some("P1"));
}
