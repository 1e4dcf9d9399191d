//! The catalog on a real SQLite file: a product imported again updates the stored one (its
//! dropped SKUs removed, its stock replaced, never a duplicate), reads give mapping, the list
//! and the drawer what they need, and the import's state carries a full import through to the
//! sweep of products TikTok no longer lists.

use crate::common::{new_shop, store};
use shopdock_store::{
    CombinedPart, FinishedImport, NewBackfillJob, ProductDetails, ProductQuery, ProductRecord,
    SkuDetails, SkuRecord, Store, StoreError, WarehouseQuantity, WarehouseRecord,
};

fn price(s: &str) -> Option<rust_decimal::Decimal> {
    Some(s.parse().unwrap())
}

fn sku(id: &str, seller_sku: &str, stock: &[(&str, i64)]) -> SkuRecord {
    SkuRecord {
        sku_id: id.into(),
        seller_sku: seller_sku.into(),
        currency: "USD".into(),
        price: price("12.50"),
        tax_exclusive_price: price("12.50"),
        sku_status: "NORMAL".into(),
        stock: stock
            .iter()
            .map(|(w, q)| WarehouseQuantity {
                warehouse_id: (*w).into(),
                quantity: *q,
            })
            .collect(),
        details: Some(SkuDetails {
            attributes: format!("Color: {seller_sku}"),
            combined_skus: Vec::new(),
        }),
    }
}

fn product(id: &str, update_time: i64, skus: Vec<SkuRecord>) -> ProductRecord {
    ProductRecord {
        product_id: id.into(),
        title: format!("Camp Mug {id}"),
        status: "ACTIVATE".into(),
        audit_status: "APPROVED".into(),
        create_time: Some(100),
        update_time,
        details: Some(ProductDetails {
            category_name: Some("Camping & Hiking".into()),
            main_image_url: Some(format!("https://img.example/{id}.jpg")),
            thumbnail_url: Some(format!("https://img.example/{id}-thumb.jpg")),
            image_urls: vec![format!("https://img.example/{id}.jpg")],
            is_combined: false,
        }),
        skus,
    }
}

/// A SKU as the drawer shows it: id, seller SKU, attributes, stock per warehouse.
type SkuView<'a> = (&'a str, &'a str, &'a str, Vec<(&'a str, i64)>);

fn with_shop() -> (tempfile::TempDir, Store) {
    let (dir, store) = store();
    store.insert_shop(&new_shop("s1", 1)).unwrap();
    store.insert_shop(&new_shop("s2", 1)).unwrap();
    (dir, store)
}

fn sku_ids(store: &Store, shop: &str) -> Vec<String> {
    store
        .catalog_skus(shop)
        .unwrap()
        .into_iter()
        .map(|s| s.sku_id)
        .collect()
}

#[test]
fn a_reimported_product_replaces_its_skus_and_stock_and_drops_the_skus_tiktok_dropped() {
    let (_dir, store) = with_shop();
    let first = product(
        "P1",
        1_000,
        vec![
            sku("K1", "MUG-RED", &[("W1", 5), ("W2", 3)]),
            sku("K2", "MUG-BLUE", &[("W1", 8)]),
            sku("K3", "MUG-GREEN", &[("W1", 1)]),
        ],
    );
    let stats = store.upsert_products("s1", &[first], 50).unwrap();
    assert_eq!((stats.inserted, stats.updated), (1, 0));

    // TikTok dropped K2, kept K1 with one warehouse less, and K3 came without details (a
    // search result): its attributes stay as stored.
    let mut k3 = sku("K3", "MUG-GREEN-2", &[("W1", 9)]);
    k3.details = None;
    let mut again = product(
        "P1",
        2_000,
        vec![
            k3,
            sku("K1", "MUG-RED", &[("W2", 4)]),
            sku("K4", "MUG-TEAL", &[]),
        ],
    );
    again.title = "Camp Mug, enamel".into();
    let stats = store.upsert_products("s1", &[again.clone()], 60).unwrap();
    assert_eq!(
        (stats.inserted, stats.updated, stats.skus_removed),
        (0, 1, 1)
    );
    // The same page stored twice changes nothing more.
    let stats = store.upsert_products("s1", &[again], 61).unwrap();
    assert_eq!((stats.updated, stats.skus_removed), (1, 0));

    let detail = store.product_detail("s1", "P1").unwrap().unwrap();
    assert_eq!(detail.product.title, "Camp Mug, enamel");
    assert_eq!(detail.product.details_time, Some(2_000));
    let skus: Vec<SkuView> = detail
        .skus
        .iter()
        .map(|s| {
            (
                s.sku_id.as_str(),
                s.seller_sku.as_str(),
                s.attributes.as_str(),
                s.stock
                    .iter()
                    .map(|w| (w.warehouse_id.as_str(), w.quantity))
                    .collect(),
            )
        })
        .collect();
    assert_eq!(
        skus,
        [
            ("K3", "MUG-GREEN-2", "Color: MUG-GREEN", vec![("W1", 9)]),
            ("K1", "MUG-RED", "Color: MUG-RED", vec![("W2", 4)]),
            ("K4", "MUG-TEAL", "Color: MUG-TEAL", vec![]),
        ]
    );
    let page = store.query_products(&ProductQuery::default()).unwrap();
    assert_eq!(page.total, 1, "never a duplicate product");
    assert_eq!(sku_ids(&store, "s1"), ["K3", "K1", "K4"]);
}

#[test]
fn an_older_version_never_overwrites_a_newer_one_but_counts_as_seen() {
    let (_dir, store) = with_shop();
    store
        .upsert_products("s1", &[product("P1", 2_000, vec![sku("K1", "A", &[])])], 50)
        .unwrap();
    let mut old = product("P1", 1_000, vec![sku("K9", "OLD", &[])]);
    old.title = "Old title".into();
    let stats = store.upsert_products("s1", &[old], 70).unwrap();
    assert_eq!((stats.updated, stats.unchanged), (0, 1));
    let detail = store.product_detail("s1", "P1").unwrap().unwrap();
    assert_eq!(detail.product.title, "Camp Mug P1");
    assert_eq!(detail.product.imported_at, 70);
    assert_eq!(sku_ids(&store, "s1"), ["K1"]);
}

#[test]
fn details_are_kept_when_a_version_brings_none_and_replaced_when_it_does() {
    let (_dir, store) = with_shop();
    store
        .upsert_products("s1", &[product("P1", 1_000, vec![sku("K1", "A", &[])])], 50)
        .unwrap();
    let mut bare = product("P1", 1_500, vec![sku("K1", "A", &[])]);
    bare.details = None;
    bare.skus[0].details = None;
    bare.status = "FREEZE".into();
    store.upsert_products("s1", &[bare], 60).unwrap();
    let d = store.product_detail("s1", "P1").unwrap().unwrap();
    assert_eq!(d.product.status, "FREEZE");
    assert_eq!(d.product.category_name.as_deref(), Some("Camping & Hiking"));
    assert_eq!(
        d.product.details_time,
        Some(1_000),
        "details are of the older version"
    );
    assert_eq!(d.skus[0].attributes, "Color: A");

    let mut combo = product("P1", 1_600, vec![sku("K1", "A", &[])]);
    combo.details.as_mut().unwrap().is_combined = true;
    combo.skus[0].details.as_mut().unwrap().combined_skus = vec![CombinedPart {
        product_id: "P7".into(),
        sku_id: "K7".into(),
        count: 2,
    }];
    store.upsert_products("s1", &[combo], 70).unwrap();
    let d = store.product_detail("s1", "P1").unwrap().unwrap();
    assert!(d.product.is_combined);
    assert_eq!(d.skus[0].combined_skus[0].sku_id, "K7");
    assert_eq!(d.skus[0].combined_skus[0].count, 2);
    let catalog = store.catalog_skus("s1").unwrap();
    assert!(catalog[0].is_combined);
}

#[test]
fn catalog_skus_give_mapping_and_stock_sync_what_they_need() {
    let (_dir, store) = with_shop();
    let mut p = product(
        "P1",
        1_000,
        vec![
            sku("K1", "MUG-RED", &[("W2", 5), ("W1", 3)]),
            sku("K2", "", &[("W1", 1)]),
        ],
    );
    p.skus[1].price = price("9.90");
    store.upsert_products("s1", &[p], 50).unwrap();
    store
        .upsert_products("s2", &[product("P2", 1_000, vec![sku("K5", "X", &[])])], 50)
        .unwrap();
    let skus = store.catalog_skus("s1").unwrap();
    assert_eq!(skus.len(), 2, "only the shop's SKUs");
    let k1 = &skus[0];
    assert_eq!(
        (
            k1.shop_id.as_str(),
            k1.product_id.as_str(),
            k1.sku_id.as_str()
        ),
        ("s1", "P1", "K1")
    );
    assert_eq!(k1.title, "Camp Mug P1");
    assert_eq!(k1.attributes, "Color: MUG-RED");
    assert_eq!(k1.warehouse_ids, ["W2", "W1"], "TikTok's order");
    assert_eq!(k1.currency, "USD");
    assert_eq!(k1.product_status, "ACTIVATE");
    assert!(!k1.is_combined);
    assert_eq!(skus[1].seller_sku, "", "a blank seller SKU stays blank");
    assert_eq!(skus[1].price.unwrap().to_string(), "9.90");
}

#[test]
fn the_list_searches_titles_ids_and_seller_skus_and_filters_by_shop_and_status() {
    let (_dir, store) = with_shop();
    let mut paused = product("P2", 3_000, vec![sku("K20", "TENT-2P", &[("W1", 4)])]);
    paused.title = "Two-person Tent 50%_off".into();
    paused.status = "SELLER_DEACTIVATED".into();
    let mut lamp = product(
        "P1",
        2_000,
        vec![
            sku("K10", "LAMP-1", &[("W1", 2), ("W2", 3)]),
            sku("K11", "LAMP-2", &[]),
        ],
    );
    lamp.skus[1].price = price("30.00");
    store.upsert_products("s1", &[lamp, paused], 50).unwrap();
    store
        .upsert_products(
            "s2",
            &[product("P3", 1_000, vec![sku("K30", "LAMP-9", &[])])],
            50,
        )
        .unwrap();

    let ids = |q: ProductQuery| -> Vec<String> {
        let page = store.query_products(&q).unwrap();
        assert_eq!(page.total as usize, page.rows.len());
        page.rows.into_iter().map(|r| r.product_id).collect()
    };
    let search = |text: &str| ProductQuery {
        search: Some(text.into()),
        ..ProductQuery::default()
    };
    assert_eq!(
        ids(ProductQuery::default()),
        ["P2", "P1", "P3"],
        "newest update first"
    );
    assert_eq!(ids(search("lamp")), ["P1", "P3"], "seller SKU, any case");
    assert_eq!(ids(search("tent")), ["P2"], "title");
    assert_eq!(ids(search("50%_")), ["P2"], "wildcards are literal");
    assert_eq!(ids(search("0%")), ["P2"]);
    assert_eq!(ids(search("5%")), Vec::<String>::new());
    assert_eq!(ids(search("P3")), ["P3"], "a whole product id");
    assert_eq!(ids(search("K11")), ["P1"], "a whole SKU id");
    assert_eq!(
        ids(ProductQuery {
            shop_ids: vec!["s1".into()],
            status: Some("ACTIVATE".into()),
            ..ProductQuery::default()
        }),
        ["P1"]
    );

    let page = store
        .query_products(&ProductQuery {
            limit: 1,
            offset: 1,
            ..ProductQuery::default()
        })
        .unwrap();
    assert_eq!(page.total, 3);
    let row = &page.rows[0];
    assert_eq!(row.product_id, "P1");
    assert_eq!(row.sku_count, 2);
    assert_eq!(row.seller_skus, ["LAMP-1", "LAMP-2"]);
    assert_eq!(row.price_min.unwrap().to_string(), "12.50");
    assert_eq!(row.price_max.unwrap().to_string(), "30.00");
    assert_eq!(row.stock_total, 5);
    assert_eq!(
        row.thumbnail_url.as_deref(),
        Some("https://img.example/P1-thumb.jpg")
    );

    let counts = store.product_status_counts(&["s1".into()]).unwrap();
    assert_eq!(
        counts,
        [
            ("ACTIVATE".to_string(), 1),
            ("SELLER_DEACTIVATED".to_string(), 1)
        ]
    );
    assert_eq!(
        store.product_status_counts(&[]).unwrap()[0],
        ("ACTIVATE".into(), 2)
    );
}

#[test]
fn warehouses_are_replaced_in_tiktoks_order() {
    let (_dir, store) = with_shop();
    let wh = |id: &str, default: bool| WarehouseRecord {
        warehouse_id: id.into(),
        name: format!("Warehouse {id}"),
        warehouse_type: "SALES_WAREHOUSE".into(),
        sub_type: "DOMESTIC_WAREHOUSE".into(),
        effect_status: "ENABLED".into(),
        is_default: default,
    };
    store
        .replace_warehouses("s1", &[wh("W2", false), wh("W1", true)])
        .unwrap();
    store
        .replace_warehouses("s1", &[wh("W3", true), wh("W2", false)])
        .unwrap();
    let ids: Vec<String> = store
        .warehouses("s1")
        .unwrap()
        .into_iter()
        .map(|w| w.warehouse_id)
        .collect();
    assert_eq!(ids, ["W3", "W2"]);
    assert!(store.warehouses("s2").unwrap().is_empty());
    assert!(matches!(
        store.replace_warehouses("nope", &[wh("W1", true)]),
        Err(StoreError::ShopNotFound(_))
    ));
}

#[test]
fn products_of_an_unknown_shop_or_without_ids_are_refused_whole() {
    let (_dir, store) = with_shop();
    assert!(matches!(
        store.upsert_products("nope", &[product("P1", 1, vec![])], 1),
        Err(StoreError::ShopNotFound(_))
    ));
    let page = [
        product("P1", 1, vec![sku("K1", "A", &[])]),
        product("P2", 1, vec![sku("", "B", &[])]),
    ];
    assert!(matches!(
        store.upsert_products("s1", &page, 1),
        Err(StoreError::Invalid(_))
    ));
    assert_eq!(
        store
            .query_products(&ProductQuery::default())
            .unwrap()
            .total,
        0
    );
}

fn job(shop: &str, kind: &str, created_at: i64) -> NewBackfillJob {
    NewBackfillJob {
        shop_id: shop.into(),
        kind: kind.into(),
        range_start: 0,
        range_end: created_at + 1,
        created_at,
        windows: vec![(0, created_at + 1)],
    }
}

#[test]
fn a_full_import_then_its_changes_mark_the_products_tiktok_no_longer_lists() {
    let (_dir, store) = with_shop();
    store
        .upsert_products("s1", &[product("OLD", 10, vec![sku("K0", "A", &[])])], 100)
        .unwrap();
    let full = store
        .begin_product_import(&job("s1", "products", 1_000))
        .unwrap();
    let state = store.product_import_state("s1").unwrap();
    assert_eq!((state.job_id, state.watermark), (Some(full), None));
    store.set_product_import_total("s1", 2).unwrap();
    assert_eq!(store.product_import_state("s1").unwrap().job_total, 2);
    let seen = store
        .write(|tx| {
            tx.upsert_products(
                "s1",
                &[product("NEW", 20, vec![sku("K1", "B", &[])])],
                1_100,
            )?;
            tx.products_seen_since("s1", 1_000)
        })
        .unwrap();
    assert_eq!(seen, 1);
    store
        .finish_product_import(
            "s1",
            &FinishedImport {
                job_id: full,
                full: true,
                watermark: 990,
                started_at: 1_000,
                finished_at: 1_200,
            },
        )
        .unwrap();
    let state = store.product_import_state("s1").unwrap();
    assert_eq!(state.watermark, Some(990));
    assert_eq!(state.full_imported_at, Some(1_200));
    assert_eq!(state.sweep_since, Some(1_000));
    assert_eq!(state.job_id, None);
    assert!(
        store.backfill_jobs("s1").unwrap().is_empty(),
        "the job is gone"
    );

    let changes = store
        .begin_product_import(&job("s1", "product_changes", 1_300))
        .unwrap();
    store
        .finish_product_import(
            "s1",
            &FinishedImport {
                job_id: changes,
                full: false,
                watermark: 1_290,
                started_at: 1_300,
                finished_at: 1_310,
            },
        )
        .unwrap();
    assert_eq!(store.sweep_unlisted_products("s1").unwrap(), 1);
    let old = store.product_detail("s1", "OLD").unwrap().unwrap();
    assert_eq!(old.product.status, "DELETED");
    assert_eq!(
        old.skus.len(),
        1,
        "a deleted product keeps its SKUs for its links"
    );
    assert_eq!(
        store
            .product_detail("s1", "NEW")
            .unwrap()
            .unwrap()
            .product
            .status,
        "ACTIVATE"
    );
    let state = store.product_import_state("s1").unwrap();
    assert_eq!((state.sweep_since, state.watermark), (None, Some(1_290)));
    assert_eq!(
        store.sweep_unlisted_products("s1").unwrap(),
        0,
        "swept once"
    );
}

#[test]
fn a_full_import_that_could_not_reach_every_product_sweeps_nothing() {
    let (_dir, store) = with_shop();
    store
        .upsert_products("s1", &[product("OLD", 10, vec![])], 100)
        .unwrap();
    let full = store
        .begin_product_import(&job("s1", "products", 1_000))
        .unwrap();
    store
        .write(|tx| tx.add_unreachable_products("s1", 12))
        .unwrap();
    assert_eq!(store.product_import_state("s1").unwrap().unreachable, 12);
    store
        .finish_product_import(
            "s1",
            &FinishedImport {
                job_id: full,
                full: true,
                watermark: 990,
                started_at: 1_000,
                finished_at: 1_200,
            },
        )
        .unwrap();
    assert_eq!(store.product_import_state("s1").unwrap().sweep_since, None);
    assert_eq!(store.sweep_unlisted_products("s1").unwrap(), 0);
    let wrong_job = store.finish_product_import(
        "s1",
        &FinishedImport {
            job_id: full,
            full: false,
            watermark: 1,
            started_at: 1,
            finished_at: 2,
        },
    );
    assert!(
        matches!(wrong_job, Err(StoreError::Invalid(_))),
        "finished once"
    );
}

#[test]
fn freshness_tells_stored_update_and_details_times_and_sku_ids() {
    let (_dir, store) = with_shop();
    let mut bare = product("P2", 30, vec![sku("K2", "B", &[])]);
    bare.details = None;
    store
        .upsert_products(
            "s1",
            &[
                product("P1", 20, vec![sku("K1", "A", &[]), sku("K0", "Z", &[])]),
                bare,
            ],
            1,
        )
        .unwrap();
    let f = store
        .product_freshness("s1", &["P1".into(), "P2".into(), "P9".into()])
        .unwrap();
    assert_eq!(f.len(), 2);
    assert_eq!(f["P1"].update_time, 20);
    assert_eq!(f["P1"].details_time, Some(20));
    assert_eq!(f["P1"].sku_ids, ["K1", "K0"]);
    assert_eq!(f["P2"].details_time, None);
}

#[test]
fn the_unmapped_filter_lists_products_with_a_sku_no_link_maps_and_counts_them() {
    let (_dir, store) = with_shop();
    let mut deleted = product("P3", 1_000, vec![sku("K30", "OLD", &[])]);
    deleted.status = "DELETED".into();
    store
        .upsert_products(
            "s1",
            &[
                product(
                    "P1",
                    3_000,
                    vec![sku("K10", "A", &[]), sku("K11", "B", &[])],
                ),
                product("P2", 2_000, vec![sku("K20", "C", &[])]),
                deleted,
            ],
            1,
        )
        .unwrap();
    store
        .save_local_sku("MUG", &shopdock_store::LocalSkuPatch::default(), 1)
        .unwrap();
    let link = |product: &str, sku: &str| shopdock_store::SkuLink {
        shop_id: "s1".into(),
        product_id: product.into(),
        sku_id: sku.into(),
        parts: vec![shopdock_store::LinkPart {
            code: "MUG".into(),
            factor: 1,
        }],
        linked_at: 1,
    };
    store.set_sku_link(&link("P1", "K10")).unwrap();
    store.set_sku_link(&link("P2", "K20")).unwrap();

    let unmapped = store
        .query_products(&ProductQuery {
            unmapped: true,
            ..ProductQuery::default()
        })
        .unwrap();
    let rows: Vec<(&str, u32)> = unmapped
        .rows
        .iter()
        .map(|r| (r.product_id.as_str(), r.unmapped_skus))
        .collect();
    assert_eq!(rows, [("P1", 1)], "P2 is mapped, P3 deleted");
    assert_eq!(unmapped.total, 1);
    let all = store.query_products(&ProductQuery::default()).unwrap();
    let counts: Vec<u32> = all.rows.iter().map(|r| r.unmapped_skus).collect();
    assert_eq!(counts, [1, 0, 0]);
}

#[test]
fn thumbnail_links_are_listed_once_each_without_deleted_products_for_one_shop_or_all() {
    let (_dir, store) = with_shop();
    let mut main_only = product("P2", 1_000, vec![sku("K2", "B", &[])]);
    main_only.details.as_mut().unwrap().thumbnail_url = Some(String::new());
    let mut bare = product("P3", 1_000, vec![sku("K3", "C", &[])]);
    bare.details = None;
    let mut deleted = product("P4", 1_000, vec![sku("K4", "D", &[])]);
    deleted.status = "DELETED".into();
    store
        .upsert_products(
            "s1",
            &[
                product("P1", 1_000, vec![sku("K1", "A", &[])]),
                main_only,
                bare,
                deleted,
            ],
            50,
        )
        .unwrap();
    // The same product (and so the same image link) listed by a second shop.
    store
        .upsert_products("s2", &[product("P1", 1_000, vec![sku("K9", "A", &[])])], 50)
        .unwrap();
    let mut s1 = store.thumbnail_urls(Some("s1")).unwrap();
    s1.sort();
    assert_eq!(
        s1,
        [
            "https://img.example/P1-thumb.jpg",
            "https://img.example/P2.jpg"
        ]
    );
    assert_eq!(
        store.thumbnail_urls(Some("s2")).unwrap(),
        ["https://img.example/P1-thumb.jpg"]
    );
    assert_eq!(store.thumbnail_urls(None).unwrap().len(), 2, "distinct");
}
