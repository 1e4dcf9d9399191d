//! Packing slips and pick lists of stored orders, against the sandbox's demo shop synced into a
//! real SQLite file, read back from the written PDFs: each slip carries its order's id,
//! address and items, the pick list adds up the selected orders' line items, names in
//! Vietnamese and Japanese come back intact, a buyer note that looks like markup prints as
//! typed, and every size gives pages of its dimensions.

use crate::support::shipping::synced_demo_shop;
use crate::support::{open_app, TestApp};
use shopdock_core::{
    DocumentKind, ErrorCode, FulfillmentType, OrderQueryInput, PageSize, PrintInput,
    PrintedDocument, StatusGroup,
};
use shopdock_documents::read_back::{page_sizes, pages_text, pick_quantity, squash};
use shopdock_store::Store;
use shopdock_tiktok::model::Order;
use std::collections::BTreeMap;
use std::path::PathBuf;

const VIETNAMESE: &str = "Nguyễn Thị Minh Khai";
const JAPANESE: &str = "山田 太郎";
const MARKUP: &str = "*x* $y$ #emph[z] <b>";

/// The to_ship orders the orders table shows for seller shipping, oldest first.
async fn to_ship_ids(t: &TestApp, shop: &str) -> Vec<String> {
    let page = t
        .app
        .query_orders(OrderQueryInput {
            shop_ids: vec![shop.to_owned()],
            status_group: Some(StatusGroup::ToShip),
            fulfillment_type: Some(FulfillmentType::FulfillmentBySeller),
            limit: Some(1000),
            ..Default::default()
        })
        .await
        .unwrap();
    let mut rows = page.rows;
    rows.sort_by_key(|r| r.create_time);
    rows.into_iter().map(|r| r.order_id).collect()
}

fn stored(t: &TestApp, shop: &str, id: &str) -> Order {
    let store = Store::open(&t.app.database_path()).unwrap();
    let detail = store.get_order(shop, id).unwrap().expect("stored");
    serde_json::from_str(&detail.raw_json).unwrap()
}

/// TikTok sends a newer version of the order with this recipient name and buyer message
/// (stored the way the sync stores it).
fn restore_with(t: &TestApp, shop: &str, id: &str, name: &str, message: &str) {
    let mut order = stored(t, shop, id);
    if let Some(a) = order.recipient_address.as_mut() {
        a.name = name.to_owned();
    }
    order.buyer_message = message.to_owned();
    order.update_time += 1;
    let raw = serde_json::to_string(&order).unwrap();
    let record = shopdock_core::sync::plan::to_record(&order, &raw);
    Store::open(&t.app.database_path())
        .unwrap()
        .upsert_orders(shop, &[record], None)
        .unwrap();
}

/// A synced demo shop whose first to_ship order goes to a Vietnamese name (typed decomposed)
/// with a markup-looking note, and whose second goes to a Japanese name.
async fn shop_with_names(t: &TestApp) -> (String, Vec<String>) {
    let (shop, _) = synced_demo_shop(t, 30).await;
    let ids = to_ship_ids(t, &shop).await;
    assert!(ids.len() >= 5, "only {} to_ship orders", ids.len());
    let decomposed = "Nguye\u{302}\u{303}n Thi\u{323} Minh Khai";
    restore_with(t, &shop, &ids[0], decomposed, MARKUP);
    restore_with(t, &shop, &ids[1], JAPANESE, "よろしくお願いします");
    (shop, ids)
}

async fn print(
    t: &TestApp,
    shop: &str,
    kind: DocumentKind,
    size: PageSize,
    file: &str,
) -> (PrintedDocument, Vec<u8>) {
    let printed = t
        .app
        .print_documents(PrintInput {
            shop_id: Some(shop.to_owned()),
            order_ids: Vec::new(),
            status_group: Some(StatusGroup::ToShip),
            kind,
            size,
            path: Some(t.dir.path().join(file).display().to_string()),
        })
        .await
        .unwrap();
    let bytes = std::fs::read(&printed.path).unwrap();
    (printed, bytes)
}

/// Units per (seller SKU, variant) of an order, cancelled units left out.
fn units(order: &Order) -> BTreeMap<(String, String, String), u32> {
    let mut units = BTreeMap::new();
    for i in &order.line_items {
        if i.display_status != "CANCELLED" {
            *units
                .entry((
                    i.seller_sku.clone(),
                    i.product_name.clone(),
                    i.sku_name.clone(),
                ))
                .or_default() += 1;
        }
    }
    units
}

#[tokio::test(flavor = "multi_thread")]
async fn each_slip_carries_its_orders_id_address_and_items_and_names_come_back_intact() {
    let t = open_app(None).await;
    let (shop, ids) = shop_with_names(&t).await;
    let (printed, pdf) = print(
        &t,
        &shop,
        DocumentKind::PackingSlips,
        PageSize::FourBySix,
        "s.pdf",
    )
    .await;
    assert_eq!(printed.orders as usize, ids.len());
    let pages: Vec<String> = pages_text(&pdf)
        .unwrap()
        .iter()
        .map(|p| squash(p))
        .collect();
    assert_eq!(printed.pages as usize, pages.len());
    let mut first_pages = Vec::new();
    for id in &ids {
        let order = stored(&t, &shop, id);
        let at = pages
            .iter()
            .position(|p| p.contains(&format!("Order{id}")))
            .unwrap_or_else(|| panic!("no slip for {id}"));
        first_pages.push(at);
        // An order's slip runs on until the next order's starts.
        let slip: String = pages[at..]
            .iter()
            .take_while(|p| p.contains(&format!("Order{id}")))
            .cloned()
            .collect();
        let a = order
            .recipient_address
            .clone()
            .expect("a to_ship order has an address");
        assert!(slip.contains(&squash(&a.full_address)), "{id}: {slip}");
        for ((sku, product, variant), n) in units(&order) {
            let line = squash(&format!("{n}{sku}{product}{variant}"));
            assert!(slip.contains(&line), "{id}: {line} not in {slip}");
        }
    }
    assert!(first_pages.windows(2).all(|w| w[0] < w[1]), "oldest first");
    assert!(
        pages[first_pages[0]].contains(&squash(VIETNAMESE)),
        "{}",
        pages[first_pages[0]]
    );
    assert!(
        pages[first_pages[0]].contains(&squash(MARKUP)),
        "{}",
        pages[first_pages[0]]
    );
    assert!(
        pages[first_pages[1]].contains(&squash(JAPANESE)),
        "{}",
        pages[first_pages[1]]
    );
    assert!(pages[first_pages[1]].contains("よろしくお願いします"));
}

#[tokio::test(flavor = "multi_thread")]
async fn the_pick_list_totals_equal_the_selected_orders_line_items() {
    let t = open_app(None).await;
    let (shop, _) = synced_demo_shop(&t, 30).await;
    let ids = to_ship_ids(&t, &shop).await;
    let mut expected: BTreeMap<(String, String, String), u32> = BTreeMap::new();
    for id in &ids {
        for (key, n) in units(&stored(&t, &shop, id)) {
            *expected.entry(key).or_default() += n;
        }
    }
    let (printed, pdf) = print(&t, &shop, DocumentKind::PickList, PageSize::Letter, "p.pdf").await;
    assert_eq!(printed.orders as usize, ids.len());
    let pages = pages_text(&pdf).unwrap();
    for ((sku, product, variant), n) in &expected {
        let item = if variant.is_empty() {
            product.clone()
        } else {
            format!("{product} · {variant}")
        };
        let sku = if sku.is_empty() { "(no SKU)" } else { sku };
        assert_eq!(pick_quantity(&pages, sku, &item), Some(*n), "{sku} {item}");
    }
    let total: u32 = expected.values().sum();
    let all = squash(&pages.concat());
    assert!(
        all.contains(&format!("{}orders,{total}unitstopick", ids.len())),
        "{all}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn every_size_gives_pages_of_its_dimensions() {
    let t = open_app(None).await;
    let (shop, _) = synced_demo_shop(&t, 5).await;
    for (size, w, h) in [
        (PageSize::FourBySix, 288.0, 432.0),
        (PageSize::A4, 595.28, 841.89),
        (PageSize::Letter, 612.0, 792.0),
    ] {
        for kind in [DocumentKind::PackingSlips, DocumentKind::PickList] {
            let (_, pdf) = print(&t, &shop, kind, size, &format!("{kind}-{size}.pdf")).await;
            for (pw, ph) in page_sizes(&pdf).unwrap() {
                assert!(
                    (pw - w).abs() < 0.1 && (ph - h).abs() < 0.1,
                    "{kind} {size}: {pw}x{ph}"
                );
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn picked_orders_print_in_the_sellers_order_and_unknown_ones_are_named() {
    let t = open_app(None).await;
    let (shop, _) = synced_demo_shop(&t, 5).await;
    let ids = to_ship_ids(&t, &shop).await;
    let picked = vec![ids[2].clone(), format!(" {} ", ids[0]), ids[2].clone()];
    let printed = t
        .app
        .print_documents(PrintInput {
            shop_id: None,
            order_ids: picked,
            status_group: None,
            kind: DocumentKind::PackingSlips,
            size: PageSize::A4,
            path: None,
        })
        .await
        .unwrap();
    // No path: the data folder's documents/, under a name that says what it is.
    let path = PathBuf::from(&printed.path);
    assert_eq!(
        path.parent(),
        Some(t.dir.path().join("documents").as_path())
    );
    assert!(printed.path.contains("packing-slips-"), "{}", printed.path);
    let pages: Vec<String> = pages_text(&std::fs::read(&path).unwrap())
        .unwrap()
        .iter()
        .map(|p| squash(p))
        .collect();
    assert_eq!(printed.orders, 2, "each order once");
    assert!(pages[0].contains(&format!("Order{}", ids[2])));
    assert!(pages
        .last()
        .is_some_and(|p| p.contains(&format!("Order{}", ids[0]))));

    let unknown = t
        .app
        .print_documents(PrintInput {
            shop_id: Some(shop.clone()),
            order_ids: vec![ids[1].clone(), "576000000000000001".into()],
            status_group: None,
            kind: DocumentKind::PickList,
            size: PageSize::A4,
            path: None,
        })
        .await
        .unwrap_err();
    assert_eq!(unknown.code, ErrorCode::NotFound);
    assert!(
        unknown.message.contains("576000000000000001"),
        "{}",
        unknown.message
    );
    assert!(!unknown.message.contains(&ids[1]), "{}", unknown.message);

    let neither = t
        .app
        .print_documents(PrintInput {
            shop_id: None,
            order_ids: Vec::new(),
            status_group: None,
            kind: DocumentKind::PickList,
            size: PageSize::A4,
            path: None,
        })
        .await
        .unwrap_err();
    assert_eq!(neither.code, ErrorCode::Validation);
}
