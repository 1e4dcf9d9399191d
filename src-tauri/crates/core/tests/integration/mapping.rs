//! SKU mapping on a real SQLite file, over a catalog stored through the store's catalog API
//! (as the product import stores it): auto-link proposes exactly the unlinked SKUs whose
//! seller SKU is a local code (blank ones never, repeated ones each), links typed as
//! CODExFACTOR or bundles, a re-import whose SKU ids changed leaves the old links broken and
//! saying so, a mapping spreadsheet is previewed row by row and applied whole, an exported
//! mapping file imports back (rows left without a code link nothing), and an order names its
//! unmapped lines.

use crate::support::{open_app, unlimited_demo_shop, TestApp};
use rust_xlsxwriter::Workbook;
use shopdock_core::{
    CoreEvent, ErrorCode, LinkPartView, LocalSkuInput, SkuProblemKind, SkuRowStatus,
};
use shopdock_sandbox::ProductEdit;
use shopdock_store::{
    sku_code_key, NewShop, OrderHeader, OrderItemRecord, OrderRecord, ProductRecord, Region,
    ShopRegistration, SkuRecord, Store,
};
use std::collections::{BTreeMap, BTreeSet};
use tokio_util::sync::CancellationToken;

/// The app's own database file, opened beside it (as another Shopdock process would).
fn store(t: &TestApp) -> Store {
    Store::open_in_dir(t.dir.path()).expect("open the app's store")
}

fn shop(id: &str, label: &str) -> NewShop {
    NewShop {
        id: id.into(),
        registration: ShopRegistration {
            label: label.into(),
            region: Region::Us,
            app_key: "app-key".into(),
            service_id: "7000000000000000001".into(),
            shop_hint: format!("{id}-code"),
            redirect_port: 8123,
            authorize_url: "https://services.example.test/open/authorize".into(),
            api_base: "https://open-api.example.test".into(),
            auth_base: "https://auth.example.test".into(),
        },
        is_demo: false,
        created_at: 1,
    }
}

fn sku(id: &str, seller_sku: &str) -> SkuRecord {
    SkuRecord {
        sku_id: id.into(),
        seller_sku: seller_sku.into(),
        currency: "USD".into(),
        price: Some("12.50".parse().unwrap()),
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

/// Two shops with catalogs full of traps (blank, padded and repeated seller SKUs, a deleted
/// product, a seller SKU that is no local code) and the seller's five SKUs.
async fn catalog() -> TestApp {
    let t = open_app(None).await;
    let s = store(&t);
    s.insert_shop(&shop("s1", "Main shop")).unwrap();
    s.insert_shop(&shop("s2", "Second shop")).unwrap();
    s.upsert_products(
        "s1",
        &[
            product(
                "P1",
                "ACTIVATE",
                10,
                vec![
                    sku("S1", " mug-red "),
                    sku("S2", ""),
                    sku("S3", "TEA"),
                    sku("S4", "Mug-Blue"),
                ],
            ),
            product(
                "P2",
                "ACTIVATE",
                10,
                vec![sku("S5", "MUG-RED"), sku("S6", "   "), sku("S7", "UNKNOWN")],
            ),
            product("P3", "DELETED", 10, vec![sku("S8", "TEA")]),
        ],
        20,
    )
    .unwrap();
    s.upsert_products(
        "s2",
        &[product("Q1", "ACTIVATE", 10, vec![sku("T1", "TEA")])],
        20,
    )
    .unwrap();
    for code in ["MUG-RED", "MUG-BLUE", "TEA", "LID", "00123"] {
        t.app
            .save_local_sku(LocalSkuInput {
                code: code.into(),
                on_hand: Some(10),
                ..LocalSkuInput::default()
            })
            .await
            .unwrap();
    }
    t
}

fn part(code: &str, factor: u32) -> LinkPartView {
    LinkPartView {
        code: code.into(),
        factor,
    }
}

async fn proposed(t: &TestApp, shop: &str) -> Vec<(String, String)> {
    t.app
        .auto_link_proposals(shop)
        .await
        .unwrap()
        .into_iter()
        .map(|p| (p.sku.sku_id, p.code))
        .collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn auto_link_proposes_exactly_the_right_pairs_and_links_what_the_seller_accepts() {
    let t = catalog().await;
    assert_eq!(
        proposed(&t, "s1").await,
        pairs(&[
            ("S1", "MUG-RED"),
            ("S3", "TEA"),
            ("S4", "MUG-BLUE"),
            ("S5", "MUG-RED"),
        ]),
        "padded and cased seller SKUs match, a repeated one proposes each SKU, blank ones \
         and the deleted product never"
    );
    assert_eq!(proposed(&t, "s2").await, pairs(&[("T1", "TEA")]));

    let mut events = t.app.subscribe();
    let some = t
        .app
        .accept_auto_links("s1", Some(vec!["S1".into(), "S99".into()]))
        .await
        .unwrap();
    assert_eq!((some.linked, some.skipped), (1, 1));
    assert!(
        matches!(events.try_recv(), Ok(CoreEvent::SkuLinksChanged { shop_id }) if shop_id == "s1")
    );
    assert_eq!(
        proposed(&t, "s1").await,
        pairs(&[("S3", "TEA"), ("S4", "MUG-BLUE"), ("S5", "MUG-RED")])
    );
    let rest = t.app.accept_auto_links("s1", None).await.unwrap();
    assert_eq!((rest.linked, rest.skipped), (3, 0));
    assert!(proposed(&t, "s1").await.is_empty());

    let links: Vec<(String, Vec<LinkPartView>)> = t
        .app
        .sku_links("s1")
        .await
        .unwrap()
        .into_iter()
        .map(|l| (l.sku_id, l.parts))
        .collect();
    assert_eq!(
        links,
        vec![
            ("S1".to_string(), vec![part("MUG-RED", 1)]),
            ("S3".to_string(), vec![part("TEA", 1)]),
            ("S4".to_string(), vec![part("MUG-BLUE", 1)]),
            ("S5".to_string(), vec![part("MUG-RED", 1)]),
        ]
    );
    let unmapped: Vec<String> = t
        .app
        .unmapped_skus("s1")
        .await
        .unwrap()
        .into_iter()
        .map(|s| s.sku_id)
        .collect();
    assert_eq!(unmapped, ["S2", "S6", "S7"]);
    assert_eq!(t.app.local_sku("mug-red").await.unwrap().linked, 2);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_link_is_typed_as_code_times_factor_or_a_bundle_and_refuses_what_does_not_exist() {
    let t = catalog().await;
    let link = t
        .app
        .set_sku_link_typed("s1", "S4", &["MUG-BLUEx2".into(), " lid ".into()])
        .await
        .unwrap();
    assert_eq!(link.parts, vec![part("LID", 1), part("MUG-BLUE", 2)]);
    assert_eq!(link.product_id, "P1");
    assert_eq!(
        link.sku.as_ref().map(|s| s.seller_sku.as_str()),
        Some("Mug-Blue")
    );

    let unknown_sku = t
        .app
        .set_sku_link("s1", "S999", vec![part("TEA", 1)])
        .await
        .unwrap_err();
    assert_eq!(unknown_sku.code, ErrorCode::NotFound);
    assert!(
        unknown_sku.message.contains("S999"),
        "{}",
        unknown_sku.message
    );
    let unknown_code = t
        .app
        .set_sku_link_typed("s1", "S4", &["CUPx2".into()])
        .await
        .unwrap_err();
    assert_eq!(unknown_code.code, ErrorCode::NotFound);
    assert!(
        unknown_code.message.contains("CUP"),
        "{}",
        unknown_code.message
    );
    let zero = t
        .app
        .set_sku_link("s1", "S4", vec![part("TEA", 0)])
        .await
        .unwrap_err();
    assert_eq!(zero.code, ErrorCode::Validation);
    assert_eq!(
        t.app.sku_links("s1").await.unwrap()[0].parts,
        vec![part("LID", 1), part("MUG-BLUE", 2)],
        "refusals leave the link as it was"
    );

    let linked = t.app.delete_local_sku("LID").await.unwrap_err();
    assert_eq!(
        linked.code,
        ErrorCode::Conflict,
        "a linked SKU is not deleted"
    );
    assert!(t.app.remove_sku_link("s1", "S4").await.unwrap());
    assert!(!t.app.remove_sku_link("s1", "S4").await.unwrap());
    t.app.delete_local_sku("LID").await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn a_reimported_product_whose_sku_ids_changed_shows_its_links_broken() {
    let t = catalog().await;
    t.app
        .set_sku_link("s1", "S1", vec![part("MUG-RED", 1)])
        .await
        .unwrap();
    t.app
        .set_sku_link("s1", "S3", vec![part("TEA", 2)])
        .await
        .unwrap();
    assert!(t.app.broken_links("s1").await.unwrap().is_empty());

    // The seller recreated P1's variants on TikTok: red and tea came back with new ids.
    store(&t)
        .upsert_products(
            "s1",
            &[product(
                "P1",
                "ACTIVATE",
                30,
                vec![
                    sku("S9", "MUG-RED"),
                    sku("S2", ""),
                    sku("S10", "TEA"),
                    sku("S4", "MUG-BLUE"),
                ],
            )],
            40,
        )
        .unwrap();

    let broken = t.app.broken_links("s1").await.unwrap();
    let ids: Vec<&str> = broken.iter().map(|b| b.link.sku_id.as_str()).collect();
    assert_eq!(ids, ["S1", "S3"]);
    assert!(broken.iter().all(|b| b.current_product_id.is_none()));
    assert!(
        broken[0]
            .reason
            .contains("no longer lists SKU S1 of product P1"),
        "{}",
        broken[0].reason
    );
    assert_eq!(broken[1].link.parts, vec![part("TEA", 2)], "kept as it was");
    let views = t.app.sku_links("s1").await.unwrap();
    assert!(views.iter().all(|l| l.broken.is_some() && l.sku.is_none()));
    assert_eq!(
        proposed(&t, "s1").await,
        pairs(&[
            ("S9", "MUG-RED"),
            ("S10", "TEA"),
            ("S4", "MUG-BLUE"),
            ("S5", "MUG-RED"),
        ]),
        "the new ids wait for links of their own"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_mapping_spreadsheet_is_checked_row_by_row_and_links_whole_skus_only() {
    let t = catalog().await;
    t.app
        .set_sku_link("s1", "S1", vec![part("MUG-RED", 1)])
        .await
        .unwrap();
    let path = t.dir.path().join("mapping.xlsx");
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let rows: &[[&str; 4]] = &[
        ["Shop", "SKU ID", "Code", "Factor"],
        ["Main shop", "S2", "MUG-RED", "2"],  // 2: new
        ["", "S6", "TEA", ""],                // 3: new, the shop found by the SKU
        ["", "S7", "LID", "1"],               // 4: a bundle of two rows, new
        ["", "S7", "tea", "3"],               // 5
        ["s1-code", "S1", "MUG-RED", ""],     // 6: as linked already: ok
        ["Nowhere", "S3", "TEA", ""],         // 7: unknown shop
        ["Main shop", "S999", "TEA", ""],     // 8: unknown SKU
        ["Main shop", "S4", "NOPE", ""],      // 9: unknown code
        ["Main shop", "S5", "MUG-BLUE", "0"], // 10: bad factor
        ["Main shop", "S3", "MUG-BLUE", "1"], // 11: refused with its bundle
        ["Main shop", "S3", "LID", "two"],    // 12: bad factor
        ["Main shop", "", "LID", ""],         // 13: the SKU id cell holds a rounded number
        ["Second shop", "T1", "TEAx4", ""],   // 14: new, the factor typed with the code
    ];
    for (r, cells) in rows.iter().enumerate() {
        for (c, v) in cells.iter().enumerate() {
            sheet.write_string(r as u32, c as u16, *v).unwrap();
        }
    }
    sheet.write_number(12, 1, 1.7294e18).unwrap();
    book.save(&path).unwrap();

    let preview = t.app.preview_mapping_file(&path, None).await.unwrap();
    let row = |line: u32| {
        let r = preview.rows.iter().find(|r| r.line == line).unwrap();
        (
            r.status,
            r.problems.iter().map(|p| p.kind).collect::<Vec<_>>(),
        )
    };
    use SkuProblemKind::*;
    use SkuRowStatus::*;
    assert_eq!(row(2), (New, vec![]));
    assert_eq!(row(3), (New, vec![]));
    assert_eq!(row(4), (New, vec![]));
    assert_eq!(row(5), (New, vec![]));
    assert_eq!(row(6), (Ok, vec![]));
    assert_eq!(row(7), (Error, vec![UnknownShop]));
    assert_eq!(row(8), (Error, vec![UnknownSku]));
    assert_eq!(row(9), (Error, vec![UnknownCode]));
    assert_eq!(row(10), (Error, vec![BadFactor]));
    assert_eq!(row(11), (Error, vec![BundleRefused]));
    assert_eq!(row(12), (Error, vec![BadFactor]));
    assert_eq!(row(13), (Error, vec![NumberForText]));
    assert_eq!(row(14), (New, vec![]));
    let tea = preview.rows.iter().find(|r| r.line == 5).unwrap();
    assert_eq!(
        (tea.code.as_str(), tea.factor, tea.shop_id.as_deref()),
        ("TEA", 3, Some("s1"))
    );
    assert_eq!(
        preview.rows.iter().find(|r| r.line == 14).unwrap().factor,
        4
    );
    assert_eq!(preview.errors, 7);

    let before = t.app.sku_links("s1").await.unwrap();
    let refused = t
        .app
        .import_mapping_file(&path, None, false)
        .await
        .unwrap_err();
    assert_eq!(refused.code, ErrorCode::Conflict);
    assert_eq!(
        t.app.sku_links("s1").await.unwrap(),
        before,
        "nothing linked"
    );
    assert!(t.app.sku_links("s2").await.unwrap().is_empty());

    let result = t.app.import_mapping_file(&path, None, true).await.unwrap();
    assert_eq!((result.linked, result.unchanged, result.skipped), (4, 1, 7));
    let links: Vec<(String, Vec<LinkPartView>)> = t
        .app
        .sku_links("s1")
        .await
        .unwrap()
        .into_iter()
        .map(|l| (l.sku_id, l.parts))
        .collect();
    assert_eq!(
        links,
        vec![
            ("S1".to_string(), vec![part("MUG-RED", 1)]),
            ("S2".to_string(), vec![part("MUG-RED", 2)]),
            ("S6".to_string(), vec![part("TEA", 1)]),
            ("S7".to_string(), vec![part("LID", 1), part("TEA", 3)]),
        ]
    );
    assert_eq!(
        t.app.sku_links("s2").await.unwrap()[0].parts,
        vec![part("TEA", 4)]
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn an_exported_mapping_file_imports_back_unchanged_and_rows_left_without_a_code_link_nothing()
{
    let t = catalog().await;
    // A SKU id longer than a spreadsheet number keeps: the workbook must hold it as text.
    let long = "1729384756102938475";
    store(&t)
        .upsert_products(
            "s1",
            &[product("P4", "ACTIVATE", 10, vec![sku(long, "LONG")])],
            30,
        )
        .unwrap();
    t.app
        .set_sku_link("s1", "S1", vec![part("MUG-RED", 1)])
        .await
        .unwrap();
    t.app
        .set_sku_link("s1", "S7", vec![part("LID", 1), part("TEA", 3)])
        .await
        .unwrap();

    let book = t.dir.path().join("links.xlsx");
    let written = t.app.export_sku_links(&book, None).await.unwrap();
    // s1: S1-S7 and the long one (the deleted product's S8 left out); s2: T1.
    assert_eq!((written.skus, written.linked), (9, 2));
    let preview = t.app.preview_mapping_file(&book, None).await.unwrap();
    assert_eq!(
        (
            preview.ok,
            preview.new,
            preview.changed,
            preview.errors,
            preview.blank
        ),
        (3, 0, 0, 0, 7),
        "{:#?}",
        preview.rows
    );
    let row = preview.rows.iter().find(|r| r.sku_id == long).unwrap();
    assert_eq!(
        (row.status, row.shop_id.as_deref(), row.what.as_deref()),
        (SkuRowStatus::Blank, Some("s1"), Some("Product P4"))
    );
    assert_eq!(
        row.warnings[0].message,
        format!("No code: SKU {long} stays unlinked.")
    );
    let before = (
        t.app.sku_links("s1").await.unwrap(),
        t.app.sku_links("s2").await.unwrap(),
    );
    let result = t.app.import_mapping_file(&book, None, false).await.unwrap();
    assert_eq!((result.linked, result.unchanged, result.skipped), (0, 2, 0));
    assert_eq!(
        (
            t.app.sku_links("s1").await.unwrap(),
            t.app.sku_links("s2").await.unwrap()
        ),
        before
    );

    // The seller empties S1's code, fills in S2's, and leaves a second row of S2 empty.
    let csv = t.dir.path().join("links.csv");
    t.app.export_sku_links(&csv, Some("s1")).await.unwrap();
    let text = std::fs::read_to_string(&csv).unwrap();
    assert!(!text.contains("T1"), "one shop only: {text}");
    let edited = text
        .replace("Main shop,S1,MUG-RED,1,", "Main shop,S1,,,")
        .replace("Main shop,S2,,,", "Main shop,S2,TEA,2,")
        + "Main shop,S2,,,\n";
    std::fs::write(&csv, edited).unwrap();
    let preview = t.app.preview_mapping_file(&csv, None).await.unwrap();
    let said = |sku: &str, status: SkuRowStatus| -> Vec<String> {
        preview
            .rows
            .iter()
            .filter(|r| r.sku_id == sku && r.status == status)
            .flat_map(|r| r.warnings.iter().map(|w| w.message.clone()))
            .collect()
    };
    assert_eq!(
        said("S1", SkuRowStatus::Blank),
        ["No code: SKU S1 keeps its link to MUG-RED. To unlink it, remove the link from its product."]
    );
    assert_eq!(
        said("S2", SkuRowStatus::Blank),
        ["No code on this line: the other lines of SKU S2 make its link."]
    );
    assert_eq!(preview.new, 1, "S2's row with its code");
    let result = t.app.import_mapping_file(&csv, None, false).await.unwrap();
    assert_eq!((result.linked, result.skipped), (1, 0));
    let links: BTreeMap<String, Vec<LinkPartView>> = t
        .app
        .sku_links("s1")
        .await
        .unwrap()
        .into_iter()
        .map(|l| (l.sku_id, l.parts))
        .collect();
    assert_eq!(links["S1"], vec![part("MUG-RED", 1)], "kept");
    assert_eq!(links["S2"], vec![part("TEA", 2)]);
}

#[tokio::test(flavor = "multi_thread")]
async fn an_order_with_an_unmapped_line_says_which() {
    let t = catalog().await;
    t.app
        .set_sku_link("s1", "S1", vec![part("MUG-RED", 1)])
        .await
        .unwrap();
    let line = |id: &str, sku: &str| OrderItemRecord {
        line_item_id: id.into(),
        sku_id: Some(sku.into()),
        product_id: Some("P1".into()),
        product_name: Some("Product P1".into()),
        ..OrderItemRecord::default()
    };
    store(&t)
        .upsert_orders(
            "s1",
            &[OrderRecord {
                header: OrderHeader {
                    order_id: "5001".into(),
                    status: "AWAITING_SHIPMENT".into(),
                    status_group: "to_ship".into(),
                    create_time: 1,
                    update_time: 2,
                    ..OrderHeader::default()
                },
                items: vec![line("L1", "S1"), line("L2", "S2"), line("L3", "S1")],
                raw_json: "{}".into(),
                ..OrderRecord::default()
            }],
            None,
        )
        .unwrap();
    let unmapped = t.app.order_unmapped_lines("s1", "5001").await.unwrap();
    let lines: Vec<(&str, Option<&str>)> = unmapped
        .iter()
        .map(|l| (l.line_item_id.as_str(), l.sku_id.as_deref()))
        .collect();
    assert_eq!(lines, [("L2", Some("S2"))]);
    let drawer = t.app.order_detail("s1", "5001").await.unwrap();
    assert_eq!(
        drawer.unlinked_line_ids,
        ["L2"],
        "the order's drawer marks the same line"
    );
    t.app
        .set_sku_link("s1", "S2", vec![part("TEA", 1)])
        .await
        .unwrap();
    assert!(t
        .app
        .order_unmapped_lines("s1", "5001")
        .await
        .unwrap()
        .is_empty());
    assert!(t
        .app
        .order_detail("s1", "5001")
        .await
        .unwrap()
        .unlinked_line_ids
        .is_empty());
    let missing = t.app.order_unmapped_lines("s1", "404").await.unwrap_err();
    assert_eq!(missing.code, ErrorCode::NotFound);
}

/// Over the sandbox's demo catalog (blank and repeated seller SKUs among its products),
/// imported by the product import over loopback HTTP: the proposals are exactly the SKUs whose
/// seller SKU is a local code; after the seller drops a linked variant on TikTok, the next
/// import leaves that link standing and reported broken.
#[tokio::test(flavor = "multi_thread")]
async fn over_an_imported_catalog_auto_link_pairs_exactly_and_a_dropped_variant_breaks_its_link() {
    let (t, demo, shop) = unlimited_demo_shop().await;
    let c = t.sandbox().await.control().clone();
    t.app
        .import_products(&shop, false, CancellationToken::new())
        .await
        .unwrap();
    let products = c.products(&demo.id).unwrap();
    let role = |r: &str| products.iter().find(|p| p.role == r).unwrap();
    let blank = role("blank_seller_sku");
    assert!(blank.skus.iter().any(|s| s.seller_sku.trim().is_empty()));
    let repeated = &role("duplicate_seller_sku").skus[0].seller_sku;

    // The seller's codes: every seller SKU of the catalog in lower case, but one.
    let left_out = role("multi_warehouse").skus[0].seller_sku.clone();
    let codes: BTreeSet<String> = products
        .iter()
        .flat_map(|p| &p.skus)
        .map(|s| s.seller_sku.trim().to_lowercase())
        .filter(|code| !code.is_empty() && *code != sku_code_key(&left_out))
        .collect();
    for code in &codes {
        t.app
            .save_local_sku(LocalSkuInput {
                code: code.clone(),
                on_hand: Some(5),
                ..LocalSkuInput::default()
            })
            .await
            .unwrap();
    }
    let want: BTreeSet<(String, String)> = products
        .iter()
        .filter(|p| p.status != "DELETED")
        .flat_map(|p| &p.skus)
        .filter(|s| codes.contains(&sku_code_key(&s.seller_sku)))
        .map(|s| (s.sku_id.clone(), sku_code_key(&s.seller_sku)))
        .collect();
    let got: Vec<(String, String)> = proposed(&t, &shop).await;
    assert_eq!(got.len(), want.len(), "each SKU proposed once");
    assert_eq!(got.into_iter().collect::<BTreeSet<_>>(), want);
    let per_code: BTreeMap<String, usize> = want.iter().fold(BTreeMap::new(), |mut m, (_, c)| {
        *m.entry(c.clone()).or_default() += 1;
        m
    });
    assert!(
        per_code[&sku_code_key(repeated)] >= 2,
        "a repeated seller SKU proposes each of its SKUs"
    );

    let accepted = t.app.accept_auto_links(&shop, None).await.unwrap();
    assert_eq!(accepted.linked as usize, want.len());
    assert!(t.app.broken_links(&shop).await.unwrap().is_empty());

    let multi = role("multi_warehouse");
    let dropped = multi.skus[1].sku_id.clone();
    c.edit_product(
        &demo.id,
        &multi.product_id,
        &ProductEdit {
            remove_skus: vec![dropped.clone()],
            ..ProductEdit::default()
        },
    )
    .unwrap();
    t.app
        .import_products(&shop, false, CancellationToken::new())
        .await
        .unwrap();
    let broken = t.app.broken_links(&shop).await.unwrap();
    let ids: Vec<&str> = broken.iter().map(|b| b.link.sku_id.as_str()).collect();
    assert_eq!(ids, [dropped.as_str()]);
    assert!(
        broken[0].reason.contains("no longer lists"),
        "{}",
        broken[0].reason
    );
    let links = t.app.sku_links(&shop).await.unwrap();
    assert_eq!(
        links.len(),
        want.len(),
        "the broken link is kept, not dropped"
    );
}
