//! The product client over real HTTP (issue 12): against the sandbox for behaviour, and
//! against a local server answering the reference's own examples for decoding.

use crate::support::{demo_shop, local_client, scripted, spec_examples, token, Answer, DemoShop};
use shopdock_sandbox::{ProductInfo, Sandbox, SandboxConfig};
use shopdock_tiktok::codes;
use shopdock_tiktok::product::{
    Decimal, InventoryQuery, ProductStatus, QuantityUpdate, SearchProductsFilter,
    SearchProductsQuery, SearchWindow, SkuInventoryUpdate, SkuPriceUpdate, SkuUpdateOutcome,
    UpdateInventoryRequest, UpdatePriceRequest, WarehouseType,
};
use shopdock_tiktok::TikTokError;
use std::collections::{BTreeMap, BTreeSet};
use std::str::FromStr;

async fn sandbox() -> Sandbox {
    let sb = Sandbox::start(SandboxConfig {
        seed: 12,
        orders_per_shop: 20,
        ..SandboxConfig::default()
    })
    .await
    .expect("sandbox starts");
    sb.control().set_rate_limit(0);
    sb
}

fn role<'a>(products: &'a [ProductInfo], role: &str) -> &'a ProductInfo {
    products
        .iter()
        .find(|p| p.role == role)
        .unwrap_or_else(|| panic!("no {role} product"))
}

/// Every product id in `window`, searched page by page; a window over the cap (by its
/// `total_count`, or by TikTok's 12052180) is split in two and each half searched.
async fn list_in_windows(shop: &DemoShop, window: SearchWindow) -> (Vec<String>, usize) {
    let mut ids = Vec::new();
    let mut splits = 0;
    let mut windows = vec![window];
    while let Some(w) = windows.pop() {
        let filter = SearchProductsFilter::updated_in(w);
        let mut page_token: Option<String> = None;
        loop {
            let query = SearchProductsQuery {
                page_size: 100,
                page_token: page_token.clone(),
            };
            let page = shop
                .client
                .search_products(&shop.token, &shop.cipher, &query, &filter)
                .await;
            let over_cap = match &page {
                Ok(p) => page_token.is_none() && p.over_cap(),
                Err(e) => e.api_code() == Some(codes::PRODUCT_SEARCH_OVER_CAP),
            };
            if over_cap {
                assert!(page_token.is_none(), "split before paging");
                let (a, b) = w.split().expect("more than a second wide");
                windows.push(a);
                windows.push(b);
                splits += 1;
                break;
            }
            let page = page.expect("a page");
            assert!(page.undecodable.is_empty());
            ids.extend(page.products.into_iter().map(|p| p.product.id));
            match page.next_page_token {
                Some(t) => page_token = Some(t),
                None => break,
            }
        }
    }
    (ids, splits)
}

async fn twelve_thousand_listed_once(refuse_over_cap: bool) {
    let sb = sandbox().await;
    let c = sb.control();
    let shop_id = c.demo_shop().id;
    c.set_product_count(&shop_id, 12_000).unwrap();
    c.set_search_cap_refuses_query(refuse_over_cap);
    let expected: BTreeSet<String> = c
        .products(&shop_id)
        .unwrap()
        .into_iter()
        .filter(|p| p.status != "DELETED")
        .map(|p| p.product_id)
        .collect();
    let shop = demo_shop(&sb);
    let (ids, splits) = list_in_windows(&shop, SearchWindow::new(0, c.now()).unwrap()).await;
    assert!(splits >= 1, "12,000 products are over the cap");
    let unique: BTreeSet<String> = ids.iter().cloned().collect();
    assert_eq!(ids.len(), unique.len(), "no product twice");
    assert_eq!(unique, expected, "every product once");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_shop_of_12000_products_is_listed_exactly_once_each_in_update_time_windows() {
    twelve_thousand_listed_once(false).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_windows_also_work_when_tiktok_refuses_a_query_over_the_cap_outright() {
    twelve_thousand_listed_once(true).await;
}

#[tokio::test]
async fn update_inventory_errors_under_code_zero_are_decoded_per_sku() {
    let sb = sandbox().await;
    let c = sb.control();
    let shop_id = c.demo_shop().id;
    let products = c.products(&shop_id).unwrap();
    let multi = role(&products, "multi_warehouse");
    let (a, b) = (&multi.skus[0], &multi.skus[1]);
    let request = UpdateInventoryRequest {
        skus: vec![
            SkuInventoryUpdate {
                id: a.sku_id.clone(),
                inventory: a
                    .warehouses
                    .iter()
                    .map(|w| QuantityUpdate::new(&w.warehouse_id, 11))
                    .collect(),
            },
            SkuInventoryUpdate {
                id: b.sku_id.clone(),
                inventory: vec![QuantityUpdate::new(&b.warehouses[0].warehouse_id, 11)],
            },
        ],
    };
    let shop = demo_shop(&sb);
    let outcome = shop
        .client
        .update_inventory(&shop.token, &shop.cipher, &multi.product_id, &request)
        .await
        .expect("code 0");
    assert_eq!(outcome.get(&a.sku_id), Some(&SkuUpdateOutcome::Updated));
    let Some(SkuUpdateOutcome::Refused(e)) = outcome.get(&b.sku_id) else {
        panic!("{} refused: {outcome:?}", b.sku_id)
    };
    assert_eq!(
        e.codes(),
        vec![codes::STOCK_LIST_ALL_WAREHOUSES, codes::SKU_CHECK_FAILED]
    );
    assert!(e
        .refusal()
        .expect("a reason")
        .reason
        .contains("own warehouses"));
    assert!(!outcome.all_updated());
    let stored = c.sku_stock(&shop_id, &a.sku_id).unwrap();
    assert!(stored.warehouses.iter().all(|w| w.available == 11));
    assert_eq!(c.sku_stock(&shop_id, &b.sku_id).unwrap(), *b);
    // The write is counted once, with only the SKU it changed.
    let counts = c.product_write_counts(&shop_id, &multi.product_id).unwrap();
    assert_eq!(counts.writes, 1);
    assert_eq!(counts.skus, BTreeMap::from([(a.sku_id.clone(), 1)]));
}

#[tokio::test]
async fn a_promotion_locked_price_update_is_refused_with_its_code_and_reason() {
    let sb = sandbox().await;
    let c = sb.control();
    let shop_id = c.demo_shop().id;
    let products = c.products(&shop_id).unwrap();
    let locked = role(&products, "promotion_locked");
    let shop = demo_shop(&sb);
    let request = UpdatePriceRequest {
        skus: vec![SkuPriceUpdate::local(
            &locked.skus[0].sku_id,
            Decimal::from_str("5.00").unwrap(),
            "USD",
        )],
    };
    let err = shop
        .client
        .update_price(&shop.token, &shop.cipher, &locked.product_id, &request)
        .await
        .expect_err("locked");
    assert_eq!(err.api_code(), Some(codes::PRICE_LOCKED_BY_PROMOTION));
    assert!(err
        .refusal()
        .expect("a reason")
        .reason
        .contains("promotion"));
    assert!(
        matches!(err, TikTokError::Api(_)),
        "a refusal, not an unknown outcome"
    );
    assert_eq!(
        c.sku_stock(&shop_id, &locked.skus[0].sku_id).unwrap(),
        locked.skus[0]
    );
    assert_eq!(
        c.product_write_counts(&shop_id, &locked.product_id)
            .unwrap()
            .writes,
        0
    );
    // Unlocked, the same call goes through and is counted.
    c.set_promotion_lock(&shop_id, &locked.skus[0].sku_id, false)
        .unwrap();
    shop.client
        .update_price(&shop.token, &shop.cipher, &locked.product_id, &request)
        .await
        .expect("unlocked");
    assert_eq!(
        c.sku_stock(&shop_id, &locked.skus[0].sku_id).unwrap().price,
        "5.00"
    );
    assert_eq!(
        c.product_write_counts(&shop_id, &locked.product_id)
            .unwrap()
            .writes,
        1
    );
}

#[tokio::test]
async fn inventory_search_committed_quantity_follows_an_orders_creation_and_cancellation() {
    let sb = sandbox().await;
    let c = sb.control();
    c.pause_clock();
    let shop_id = c.demo_shop().id;
    let shop = demo_shop(&sb);
    let skus: Vec<String> = c
        .catalog(&shop_id)
        .unwrap()
        .into_iter()
        .map(|k| k.sku_id)
        .collect();
    let committed = |list: &shopdock_tiktok::product::InventoryList| -> BTreeMap<String, i64> {
        list.inventory
            .iter()
            .flat_map(|p| &p.skus)
            .map(|s| (s.id.clone(), s.total_committed_quantity))
            .collect()
    };
    let query = InventoryQuery::Skus(skus.clone());
    let read = || {
        shop.client
            .inventory_search(&shop.token, &shop.cipher, &query)
    };
    let before = committed(&read().await.expect("inventory"));
    assert_eq!(before.len(), skus.len());
    let order_id = c.create_orders(&shop_id, 1).unwrap().remove(0);
    let order = c.order(&shop_id, &order_id).unwrap();
    let mut units: BTreeMap<String, i64> = BTreeMap::new();
    for li in &order.line_items {
        *units.entry(li.sku_id.clone()).or_default() += 1;
    }
    let during = committed(&read().await.expect("inventory"));
    for (sku, n) in &before {
        assert_eq!(
            during[sku] - n,
            units.get(sku).copied().unwrap_or(0),
            "{sku}"
        );
    }
    let reason = "seller_cancel_unpaid_reason_out_of_stock";
    shop.client
        .cancel_order(
            &shop.token,
            &shop.cipher,
            &shopdock_tiktok::cancellation::CancelOrderRequest {
                order_id: order_id.clone(),
                cancel_reason: reason.into(),
                ..Default::default()
            },
        )
        .await
        .expect("cancelled");
    assert_eq!(committed(&read().await.expect("inventory")), before);
}

#[tokio::test]
async fn products_and_warehouses_from_the_sandbox_decode_with_their_words() {
    let sb = sandbox().await;
    let c = sb.control();
    let shop_id = c.demo_shop().id;
    let products = c.products(&shop_id).unwrap();
    let shop = demo_shop(&sb);
    for p in products
        .iter()
        .filter(|p| p.status != "FREEZE" && p.status != "DELETED")
    {
        let got = shop
            .client
            .get_product(&shop.token, &shop.cipher, &p.product_id)
            .await
            .unwrap_or_else(|e| panic!("{}: {e}", p.product_id));
        assert!(got.status.is_documented());
        assert_eq!(got.status.as_str(), p.status);
        assert_eq!(got.is_combined(), p.role == "combo");
        for (sku, info) in got.skus.iter().zip(&p.skus) {
            assert_eq!(
                sku.price
                    .as_ref()
                    .unwrap()
                    .display_price()
                    .unwrap()
                    .to_string(),
                info.price
            );
            assert_eq!(
                sku.total_quantity(),
                info.warehouses.iter().map(|w| w.available).sum::<i64>()
            );
        }
    }
    let frozen = role(&products, "frozen");
    let err = shop
        .client
        .get_product(&shop.token, &shop.cipher, &frozen.product_id)
        .await
        .expect_err("frozen");
    assert_eq!(err.api_code(), Some(codes::PRODUCT_STATUS_NOT_ALLOWED));
    let list = shop
        .client
        .warehouses(&shop.token, &shop.cipher)
        .await
        .expect("warehouses");
    let order_warehouses = c.demo_shop().warehouse_ids;
    for id in &order_warehouses {
        assert!(
            list.warehouses.iter().any(|w| &w.id == id && w.sells_now()),
            "{id}"
        );
    }
    assert!(list
        .warehouses
        .iter()
        .any(|w| w.warehouse_type == WarehouseType::ReturnWarehouse));
    assert_eq!(list.warehouses.iter().filter(|w| w.is_default).count(), 1);
    let under_audit = shop
        .client
        .search_products(
            &shop.token,
            &shop.cipher,
            &SearchProductsQuery {
                page_size: 10,
                page_token: None,
            },
            &SearchProductsFilter {
                status: Some(ProductStatus::Pending),
                ..Default::default()
            },
        )
        .await
        .expect("search");
    assert_eq!(under_audit.products.len(), 1);
    assert_eq!(
        under_audit.products[0].product.id,
        role(&products, "under_audit").product_id
    );
}

/// The reference's own example answers decode into the client's types, to the values.
#[tokio::test]
async fn the_references_example_answers_decode() {
    let (base, _log) = scripted(|r| {
        let body = match r.path.as_str() {
            p if p.ends_with("/products/search") => spec_examples::SEARCH_PRODUCTS,
            p if p.ends_with("/inventory/update") => spec_examples::UPDATE_INVENTORY,
            p if p.ends_with("/inventory/search") => spec_examples::INVENTORY_SEARCH,
            p if p.ends_with("/prices/update") => spec_examples::UPDATE_PRICE,
            p if p.ends_with("/warehouses") => spec_examples::WAREHOUSES,
            _ => spec_examples::GET_PRODUCT,
        };
        Answer::json(body.to_string())
    })
    .await;
    let client = local_client(&base);
    let t = token();
    let page = client
        .search_products(
            &t,
            "c",
            &SearchProductsQuery {
                page_size: 100,
                page_token: None,
            },
            &SearchProductsFilter::default(),
        )
        .await
        .expect("search example");
    let p = &page.products[0].product;
    assert_eq!(
        (p.id.as_str(), page.total_count),
        ("1729592969712207008", Some(200))
    );
    let price = p.skus[0].price.clone().unwrap();
    assert_eq!(price.tax_exclusive_price.unwrap().to_string(), "111.01");
    assert_eq!(p.skus[0].inventory[0].quantity, 999);
    let product = client
        .get_product(&t, "c", "1729592969712207008")
        .await
        .expect("detail");
    assert_eq!(product.status, ProductStatus::SellerDeactivated);
    assert!(product.is_combined());
    assert_eq!(product.skus[0].combined_skus[0].sku_count, 1);
    let request = UpdateInventoryRequest {
        skus: vec![SkuInventoryUpdate {
            id: "1729592969712207013".into(),
            inventory: vec![QuantityUpdate::new("7068517275539719942", 999)],
        }],
    };
    let outcome = client
        .update_inventory(&t, "c", "1729592969712207008", &request)
        .await
        .expect("code 0");
    let Some(SkuUpdateOutcome::Refused(e)) = outcome.get("1729592969712207013") else {
        panic!("{outcome:?}")
    };
    assert_eq!(
        e.codes(),
        vec![codes::WAREHOUSE_NOT_FOUND, codes::SKU_CHECK_FAILED]
    );
    let stock = client
        .inventory_search(
            &t,
            "c",
            &InventoryQuery::Products(vec!["1729592969712207008".into()]),
        )
        .await
        .expect("inventory");
    let sku = stock.sku("1729388324987897824").expect("sku");
    assert_eq!(
        (sku.total_available_quantity, sku.total_committed_quantity),
        (100, 10)
    );
    client
        .update_price(
            &t,
            "c",
            "1729592969712207008",
            &UpdatePriceRequest {
                skus: vec![SkuPriceUpdate::local(
                    "1",
                    Decimal::from_str("1.32").unwrap(),
                    "USD",
                )],
            },
        )
        .await
        .expect("price example");
    let warehouses = client.warehouses(&t, "c").await.expect("warehouses");
    assert!(warehouses.warehouses[0].is_default);
}
