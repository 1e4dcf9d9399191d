//! Products, stock and price over real HTTP (issue 12; write-api §E, §F, §G): the catalog
//! behind the orders, windowed listing under the 10,000-result cap, Update Inventory's
//! per-SKU errors under code 0, Inventory Search's committed stock following orders, Update
//! Price's refusals, and the control API's write counts.

use crate::common::{sandbox, Api, Resp};
use serde_json::{json, Value};
use shopdock_sandbox::{ProductInfo, Sandbox};
use std::collections::{BTreeMap, BTreeSet};

const SEARCH: &str = "/product/202502/products/search";

fn role<'a>(products: &'a [ProductInfo], role: &str) -> &'a ProductInfo {
    products
        .iter()
        .find(|p| p.role == role)
        .unwrap_or_else(|| panic!("no {role} product"))
}

async fn search(api: &Api, cipher: &str, page_size: &str, token: &str, body: &Value) -> Resp {
    let mut r = api.req("POST", SEARCH);
    r.cipher = Some(cipher.to_string());
    r.params = vec![("page_size".into(), page_size.into())];
    if !token.is_empty() {
        r.params.push(("page_token".into(), token.into()));
    }
    r.body = Some(body.to_string());
    api.send(r).await
}

async fn inventory(api: &Api, cipher: &str, product: &str, body: Value) -> Resp {
    api.call(
        "POST",
        &format!("/product/202309/products/{product}/inventory/update"),
        cipher,
        Some(&body.to_string()),
    )
    .await
}

async fn price(api: &Api, cipher: &str, product: &str, body: Value) -> Resp {
    api.call(
        "POST",
        &format!("/product/202309/products/{product}/prices/update"),
        cipher,
        Some(&body.to_string()),
    )
    .await
}

/// (available, committed) per (SKU, warehouse) of `skus`, from one Inventory Search.
async fn stock_of(
    api: &Api,
    cipher: &str,
    skus: &[String],
) -> BTreeMap<(String, String), (i64, i64)> {
    let r = api
        .call(
            "POST",
            "/product/202309/inventory/search",
            cipher,
            Some(&json!({ "sku_ids": skus }).to_string()),
        )
        .await;
    assert_eq!(r.code(), 0, "{}", r.json);
    let mut out = BTreeMap::new();
    for p in r.json["data"]["inventory"].as_array().unwrap() {
        for s in p["skus"].as_array().unwrap() {
            for w in s["warehouse_inventory"].as_array().unwrap() {
                out.insert(
                    (
                        s["id"].as_str().unwrap().to_string(),
                        w["warehouse_id"].as_str().unwrap().to_string(),
                    ),
                    (
                        w["available_quantity"].as_i64().unwrap(),
                        w["committed_quantity"].as_i64().unwrap(),
                    ),
                );
            }
        }
    }
    assert_eq!(
        out.keys().map(|(s, _)| s).collect::<BTreeSet<_>>().len(),
        skus.len(),
        "every SKU answered"
    );
    out
}

/// Every product id reachable by searching `[ge, le]`, splitting windows whose total is over
/// the cap; also returns how many windows were split.
async fn list_in_windows(api: &Api, cipher: &str, ge: i64, le: i64) -> (Vec<String>, usize) {
    let mut ids = Vec::new();
    let mut splits = 0;
    let mut windows = vec![(ge, le)];
    while let Some((ge, le)) = windows.pop() {
        let body = json!({ "update_time_ge": ge, "update_time_le": le });
        let mut token = String::new();
        loop {
            let r = search(api, cipher, "100", &token, &body).await;
            assert_eq!(r.code(), 0, "{}", r.json);
            let data = &r.json["data"];
            if token.is_empty() && data["total_count"].as_i64().unwrap() > 10_000 {
                assert!(ge < le, "10,000 products in one second");
                let mid = ge + (le - ge) / 2;
                windows.push((ge, mid));
                windows.push((mid + 1, le));
                splits += 1;
                break;
            }
            for p in data["products"].as_array().unwrap() {
                ids.push(p["id"].as_str().unwrap().to_string());
            }
            token = data["next_page_token"].as_str().unwrap().to_string();
            if token.is_empty() {
                break;
            }
        }
    }
    (ids, splits)
}

async fn big_shop() -> (Sandbox, Api, String, Vec<ProductInfo>) {
    let sb = sandbox(20).await;
    let c = sb.control();
    c.set_rate_limit(0);
    let shop = c.demo_shop();
    assert_eq!(c.set_product_count(&shop.id, 12_000).unwrap(), 12_000);
    let products = c.products(&shop.id).unwrap();
    let api = Api::demo(&sb);
    (sb, api, shop.cipher, products)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_shop_of_12000_products_is_listed_exactly_once_each_in_update_time_windows() {
    let (sb, api, cipher, products) = big_shop().await;
    let expected: BTreeSet<String> = products
        .iter()
        .filter(|p| p.status != "DELETED")
        .map(|p| p.product_id.clone())
        .collect();
    assert!(expected.len() > 10_000);
    let (ids, splits) = list_in_windows(&api, &cipher, 0, sb.control().now()).await;
    assert!(
        splits >= 1,
        "the whole catalog is over the cap, so it was split"
    );
    let unique: BTreeSet<String> = ids.iter().cloned().collect();
    assert_eq!(ids.len(), unique.len(), "no product listed twice");
    assert_eq!(unique, expected, "every product listed");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn results_past_the_10000th_are_not_reachable_by_paging() {
    let (_sb, api, cipher, products) = big_shop().await;
    let live = products.iter().filter(|p| p.status != "DELETED").count();
    let body = json!({ "status": "ALL" });
    let mut token = String::new();
    let mut listed = 0;
    let refusal = loop {
        let r = search(&api, &cipher, "100", &token, &body).await;
        if r.code() != 0 {
            break r;
        }
        assert_eq!(r.json["data"]["total_count"], live as i64);
        listed += r.json["data"]["products"].as_array().unwrap().len();
        token = r.json["data"]["next_page_token"]
            .as_str()
            .unwrap()
            .to_string();
        assert!(!token.is_empty(), "a token while results remain");
    };
    assert_eq!(listed, 10_000);
    assert_eq!(refusal.code(), 12_052_180, "{}", refusal.json);
}

#[tokio::test]
async fn the_other_reading_of_the_cap_refuses_such_a_query_at_once() {
    let (sb, api, cipher, _) = big_shop().await;
    sb.control().set_search_cap_refuses_query(true);
    let r = search(&api, &cipher, "10", "", &json!({ "status": "ACTIVATE" })).await;
    assert_eq!(r.code(), 12_052_180);
    let now = sb.control().now();
    let narrow = json!({ "update_time_ge": now - 86_400, "update_time_le": now });
    assert_eq!(search(&api, &cipher, "10", "", &narrow).await.code(), 0);
}

#[tokio::test]
async fn the_demo_shops_orders_name_products_and_skus_of_its_catalog() {
    let sb = sandbox(60).await;
    let c = sb.control();
    let shop = c.demo_shop();
    let products = c.products(&shop.id).unwrap();
    let by_sku: BTreeMap<&str, (&ProductInfo, &str)> = products
        .iter()
        .flat_map(|p| {
            p.skus
                .iter()
                .map(move |s| (s.sku_id.as_str(), (p, s.seller_sku.as_str())))
        })
        .collect();
    let orders = c.orders(&shop.id).unwrap();
    assert!(!orders.is_empty());
    let mut named = BTreeSet::new();
    for o in &orders {
        for li in &o.line_items {
            let (p, seller_sku) = by_sku
                .get(li.sku_id.as_str())
                .unwrap_or_else(|| panic!("order {} names unknown SKU {}", o.id, li.sku_id));
            assert_eq!(p.product_id, li.product_id);
            assert_eq!(p.title, li.product_name);
            assert_eq!(*seller_sku, li.seller_sku);
            assert_eq!(p.role, "order_catalog");
            named.insert(p.product_id.clone());
        }
    }
    // Get Product serves them as live products.
    let api = Api::demo(&sb);
    for id in named.iter().take(3) {
        let r = api
            .call(
                "GET",
                &format!("/product/202309/products/{id}"),
                &shop.cipher,
                None,
            )
            .await;
        assert_eq!(r.code(), 0, "{}", r.json);
        assert_eq!(r.json["data"]["status"], "ACTIVATE");
    }
    // The catalog the control API reports is what orders draw from.
    let catalog = c.catalog(&shop.id).unwrap();
    for k in &catalog {
        let (p, seller_sku) = by_sku[k.sku_id.as_str()];
        assert_eq!(
            (p.product_id.as_str(), seller_sku),
            (k.product_id.as_str(), k.seller_sku.as_str())
        );
    }
}

#[tokio::test]
async fn every_status_blank_and_duplicate_seller_skus_are_in_every_shop() {
    let sb = sandbox(5).await;
    let c = sb.control();
    for shop in c.shops() {
        let products = c.products(&shop.id).unwrap();
        let statuses: BTreeSet<&str> = products.iter().map(|p| p.status.as_str()).collect();
        for s in [
            "DRAFT",
            "PENDING",
            "FAILED",
            "ACTIVATE",
            "SELLER_DEACTIVATED",
            "PLATFORM_DEACTIVATED",
            "FREEZE",
            "DELETED",
        ] {
            assert!(statuses.contains(s), "{}: no {s}", shop.id);
        }
        assert_eq!(role(&products, "blank_seller_sku").skus[0].seller_sku, "");
        let dup = &role(&products, "duplicate_seller_sku").skus[0].seller_sku;
        let holders = products
            .iter()
            .filter(|p| p.skus.iter().any(|s| &s.seller_sku == dup))
            .count();
        assert_eq!(holders, 2, "{dup} is listed twice");
        assert!(role(&products, "multi_warehouse")
            .skus
            .iter()
            .all(|s| s.warehouses.len() >= 2));
        assert_eq!(role(&products, "combo").skus[0].parts.len(), 2);
        assert_eq!(role(&products, "under_audit").audit_status, "AUDITING");
    }
    // Same seed, same catalog.
    let again = sandbox(5).await;
    let ids = |sb: &Sandbox| -> Vec<String> {
        let shop = sb.control().demo_shop().id;
        sb.control()
            .products(&shop)
            .unwrap()
            .iter()
            .flat_map(|p| p.skus.iter().map(|s| s.sku_id.clone()))
            .collect()
    };
    assert_eq!(ids(&sb), ids(&again));
}

#[tokio::test]
async fn update_inventory_refuses_skus_under_code_zero_and_applies_the_others() {
    let sb = sandbox(5).await;
    let c = sb.control();
    let shop = c.demo_shop();
    let api = Api::demo(&sb);
    let products = c.products(&shop.id).unwrap();
    let multi = role(&products, "multi_warehouse");
    let (a, b) = (&multi.skus[0], &multi.skus[1]);
    let body = json!({"skus": [
        {"id": a.sku_id, "inventory": [
            {"warehouse_id": a.warehouses[0].warehouse_id, "quantity": 7},
            {"warehouse_id": a.warehouses[1].warehouse_id, "quantity": 9, "backorder_quantity": 3}]},
        {"id": b.sku_id, "inventory": [
            {"warehouse_id": b.warehouses[0].warehouse_id, "quantity": 4}]},
    ]});
    let r = inventory(&api, &shop.cipher, &multi.product_id, body).await;
    assert_eq!(r.code(), 0, "{}", r.json);
    let errors = r.json["data"]["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{}", r.json);
    assert_eq!(errors[0]["code"], 12_052_990);
    assert_eq!(errors[0]["detail"]["sku_id"], b.sku_id.as_str());
    assert_eq!(errors[0]["detail"]["extra_errors"][0]["code"], 12_019_028);
    let after_a = c.sku_stock(&shop.id, &a.sku_id).unwrap();
    let quantities: Vec<(i64, Option<i64>)> = after_a
        .warehouses
        .iter()
        .map(|w| (w.available, w.backorder))
        .collect();
    assert_eq!(quantities, vec![(7, None), (9, Some(3))]);
    assert_eq!(c.sku_stock(&shop.id, &b.sku_id).unwrap(), *b, "B unchanged");
    let writes = c.product_write_counts(&shop.id, &multi.product_id).unwrap();
    assert_eq!(writes.by_endpoint["update_inventory"], 1);
    assert_eq!(writes.skus, BTreeMap::from([(a.sku_id.clone(), 1)]));
}

#[tokio::test]
async fn each_warehouse_problem_has_its_spec_code() {
    let sb = sandbox(5).await;
    let c = sb.control();
    let shop = c.demo_shop();
    let other = c.shops().into_iter().find(|s| s.id != shop.id).unwrap();
    let api = Api::demo(&sb);
    let products = c.products(&shop.id).unwrap();
    let warehouses = api
        .call("GET", "/logistics/202309/warehouses", &shop.cipher, None)
        .await;
    assert_eq!(warehouses.code(), 0, "{}", warehouses.json);
    let list = warehouses.json["data"]["warehouses"]
        .as_array()
        .unwrap()
        .clone();
    let find = |pred: &dyn Fn(&Value) -> bool| -> String {
        list.iter().find(|w| pred(w)).unwrap()["id"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let returns = find(&|w| w["type"] == "RETURN_WAREHOUSE");
    let disabled = find(&|w| w["effect_status"] == "DISABLED");
    let overflow = find(&|w| w["name"].as_str().unwrap().contains("Overflow"));
    let locked = role(&products, "promotion_locked");
    let plain = role(&products, "blank_seller_sku");
    let own = plain.skus[0].warehouses[0].warehouse_id.clone();
    let have = plain.skus[0].warehouses[0].available;
    let one = |sku: &str, wh: &str, q: i64| json!({"skus": [{"id": sku, "inventory": [{"warehouse_id": wh, "quantity": q}]}]});
    for (product, body, code) in [
        (
            plain,
            one(&plain.skus[0].sku_id, "6955000000000000001", 5),
            12_052_097,
        ),
        (
            plain,
            one(&plain.skus[0].sku_id, &other.warehouse_ids[0], 5),
            12_052_530,
        ),
        (plain, one(&plain.skus[0].sku_id, &returns, 5), 12_052_532),
        (plain, one(&plain.skus[0].sku_id, &disabled, 5), 12_052_531),
        (plain, one(&plain.skus[0].sku_id, &overflow, 5), 12_052_533),
        (plain, one(&plain.skus[0].sku_id, &own, 100_000), 12_052_055),
        (
            locked,
            one(
                &locked.skus[0].sku_id,
                &locked.skus[0].warehouses[0].warehouse_id,
                0,
            ),
            12_052_393,
        ),
    ] {
        let r = inventory(&api, &shop.cipher, &product.product_id, body).await;
        assert_eq!(r.code(), 0, "{}", r.json);
        assert_eq!(
            r.json["data"]["errors"][0]["detail"]["extra_errors"][0]["code"], code,
            "{}",
            r.json
        );
    }
    assert_eq!(
        c.sku_stock(&shop.id, &plain.skus[0].sku_id)
            .unwrap()
            .warehouses[0]
            .available,
        have
    );
    // A single warehouse may be left unnamed; 0 is accepted unless the strict range is on.
    let unnamed = json!({"skus": [{"id": plain.skus[0].sku_id, "inventory": [{"quantity": 0}]}]});
    let r = inventory(&api, &shop.cipher, &plain.product_id, unnamed.clone()).await;
    assert_eq!(r.json["data"]["errors"], Value::Null, "{}", r.json);
    assert_eq!(
        c.sku_stock(&shop.id, &plain.skus[0].sku_id)
            .unwrap()
            .warehouses[0]
            .available,
        0
    );
    c.set_zero_quantity_refused(true);
    let r = inventory(&api, &shop.cipher, &plain.product_id, unnamed).await;
    assert_eq!(
        r.json["data"]["errors"][0]["detail"]["extra_errors"][0]["code"],
        12_052_055
    );
    // Raising a promotion-locked SKU's stock is allowed.
    let up = one(
        &locked.skus[0].sku_id,
        &locked.skus[0].warehouses[0].warehouse_id,
        500,
    );
    let r = inventory(&api, &shop.cipher, &locked.product_id, up).await;
    assert_eq!(r.json["data"]["errors"], Value::Null, "{}", r.json);
}

#[tokio::test]
async fn whole_call_refusals_name_the_product_or_the_sku_list() {
    let sb = sandbox(5).await;
    let c = sb.control();
    let shop = c.demo_shop();
    let other = c.shops().into_iter().find(|s| s.id != shop.id).unwrap();
    let api = Api::demo(&sb);
    let products = c.products(&shop.id).unwrap();
    let theirs = &c.products(&other.id).unwrap()[0];
    let plain = role(&products, "blank_seller_sku");
    let sku = &plain.skus[0];
    let ok_body = |id: &str| json!({"skus": [{"id": id, "inventory": [{"quantity": 3}]}]});
    for (product, body, code) in [
        (
            role(&products, "combo").product_id.as_str(),
            ok_body(&role(&products, "combo").skus[0].sku_id),
            12_052_850,
        ),
        (
            role(&products, "under_audit").product_id.as_str(),
            ok_body(&role(&products, "under_audit").skus[0].sku_id),
            12_052_901,
        ),
        (
            theirs.product_id.as_str(),
            ok_body(&theirs.skus[0].sku_id),
            12_052_048,
        ),
        ("1729000000000000001", ok_body("1"), 12_052_032),
        (
            plain.product_id.as_str(),
            ok_body(&products[0].skus[0].sku_id),
            12_052_556,
        ),
        (plain.product_id.as_str(), json!({"skus": []}), 12_052_902),
        (
            plain.product_id.as_str(),
            json!({"skus": [{"id": sku.sku_id, "inventory": []}, {"id": sku.sku_id, "inventory": []}]}),
            12_052_553,
        ),
    ] {
        let r = inventory(&api, &shop.cipher, product, body).await;
        assert_eq!(r.code(), code, "{product}: {}", r.json);
    }
}

#[tokio::test]
async fn committed_stock_follows_an_orders_creation_and_cancellation() {
    let sb = sandbox(5).await;
    let c = sb.control();
    c.pause_clock();
    let shop = c.demo_shop();
    let api = Api::demo(&sb);
    let skus: Vec<String> = c
        .catalog(&shop.id)
        .unwrap()
        .into_iter()
        .map(|k| k.sku_id)
        .collect();
    let before = stock_of(&api, &shop.cipher, &skus).await;
    let order_id = c.create_orders(&shop.id, 1).unwrap().remove(0);
    let order = c.order(&shop.id, &order_id).unwrap();
    assert_eq!(order.status, "UNPAID");
    let warehouse = order.warehouse_id.clone().unwrap();
    let mut units: BTreeMap<(String, String), i64> = BTreeMap::new();
    for li in &order.line_items {
        *units
            .entry((li.sku_id.clone(), warehouse.clone()))
            .or_default() += 1;
    }
    assert!(
        !units.is_empty() && units.keys().all(|k| before.contains_key(k)),
        "the order's SKUs are stocked in its warehouse"
    );
    let during = stock_of(&api, &shop.cipher, &skus).await;
    for (key, (available, committed)) in &before {
        let n = units.get(key).copied().unwrap_or(0);
        let (available_now, committed_now) = during[key];
        assert_eq!(
            committed_now - committed,
            n,
            "{key:?}: committed by the order"
        );
        assert_eq!(
            available - available_now,
            n.min(*available),
            "{key:?}: no longer available"
        );
    }
    let r = api
        .call(
            "POST",
            "/return_refund/202309/cancellations",
            &shop.cipher,
            Some(
                &json!({"order_id": order_id, "cancel_reason": "seller_cancel_unpaid_reason_out_of_stock"})
                    .to_string(),
            ),
        )
        .await;
    assert_eq!(r.code(), 0, "{}", r.json);
    assert_eq!(c.order(&shop.id, &order_id).unwrap().status, "CANCELLED");
    assert_eq!(
        stock_of(&api, &shop.cipher, &skus).await,
        before,
        "released on cancel"
    );
}

#[tokio::test]
async fn update_price_is_all_or_nothing_and_a_promotion_lock_refuses_it() {
    let sb = sandbox(5).await;
    let c = sb.control();
    let shop = c.demo_shop();
    let api = Api::demo(&sb);
    let products = c.products(&shop.id).unwrap();
    let plain = role(&products, "blank_seller_sku");
    let sku = plain.skus[0].sku_id.clone();
    let locked = role(&products, "promotion_locked");
    let combo = role(&products, "combo");
    let multi = role(&products, "multi_warehouse");
    let one = |id: &str, amount: &str, currency: &str| json!({"skus": [{"id": id, "price": {"amount": amount, "currency": currency}}]});
    let r = price(
        &api,
        &shop.cipher,
        &plain.product_id,
        one(&sku, "12.50", "USD"),
    )
    .await;
    assert_eq!((r.code(), &r.json["data"]), (0, &json!({})), "{}", r.json);
    assert_eq!(c.sku_stock(&shop.id, &sku).unwrap().price, "12.50");
    for (product, body, code) in [
        (
            locked,
            one(&locked.skus[0].sku_id, "9.99", "USD"),
            12_052_038,
        ),
        (plain, one(&sku, "9.99", "EUR"), 12_052_084),
        (plain, one(&sku, "1.234", "USD"), 12_052_012),
        (plain, one(&sku, "abc", "USD"), 12_052_012),
        (plain, one(&sku, "0", "USD"), 12_052_073),
        (plain, one(&sku, "10000000", "USD"), 12_052_570),
        (
            plain,
            one(&products[0].skus[0].sku_id, "9.99", "USD"),
            12_052_557,
        ),
        (
            combo,
            one(&combo.skus[0].sku_id, "99999.00", "USD"),
            12_052_861,
        ),
        (
            plain,
            json!({"skus": [{"id": sku, "price": {"amount": "9.99", "currency": "USD"},
                "list_price": {"amount": "8000", "currency": "USD"}}]}),
            12_052_383,
        ),
        (
            multi,
            json!({"skus": [
                {"id": multi.skus[0].sku_id, "price": {"amount": "5.00", "currency": "USD"}},
                {"id": multi.skus[1].sku_id, "price": {"amount": "5.00", "currency": "GBP"}}]}),
            12_052_084,
        ),
    ] {
        let r = price(&api, &shop.cipher, &product.product_id, body).await;
        assert_eq!(r.code(), code, "{}: {}", product.role, r.json);
    }
    assert_eq!(c.sku_stock(&shop.id, &sku).unwrap().price, "12.50");
    assert_eq!(
        c.sku_stock(&shop.id, &multi.skus[0].sku_id).unwrap(),
        multi.skus[0],
        "all or nothing"
    );
    assert_eq!(
        c.sku_stock(&shop.id, &locked.skus[0].sku_id).unwrap(),
        locked.skus[0]
    );
    // A lock set through the control API refuses too, and lifting it lets the price through.
    c.set_promotion_lock(&shop.id, &sku, true).unwrap();
    let r = price(
        &api,
        &shop.cipher,
        &plain.product_id,
        one(&sku, "11.00", "USD"),
    )
    .await;
    assert_eq!(r.code(), 12_052_038);
    c.set_promotion_lock(&shop.id, &sku, false).unwrap();
    let with_list = json!({"skus": [{"id": sku, "price": {"amount": "11.00", "currency": "USD"},
        "list_price": {"amount": "20", "currency": "USD"}}]});
    let r = price(&api, &shop.cipher, &plain.product_id, with_list).await;
    assert_eq!(r.code(), 0, "{}", r.json);
    let stored = c.sku_stock(&shop.id, &sku).unwrap();
    assert_eq!(
        (stored.price.as_str(), stored.list_price.as_deref()),
        ("11.00", Some("20.00"))
    );
    // Each accepted write counted once, in Rust and over the control HTTP API.
    let counts = c.product_write_counts(&shop.id, &plain.product_id).unwrap();
    assert_eq!(counts.by_endpoint["update_price"], 2);
    assert_eq!(counts.skus[&sku], 2);
    let over_http: Value = reqwest::get(format!(
        "{}/_sandbox/shops/{}/products/{}/writes",
        sb.base_url(),
        shop.id,
        plain.product_id
    ))
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    assert_eq!(over_http["writes"], 2);
    assert_eq!(
        c.product_write_counts(&shop.id, &locked.product_id)
            .unwrap()
            .writes,
        0
    );
}

#[tokio::test]
async fn get_product_serves_bundles_and_refuses_frozen_and_deleted_products() {
    let sb = sandbox(5).await;
    let c = sb.control();
    let shop = c.demo_shop();
    let api = Api::demo(&sb);
    let products = c.products(&shop.id).unwrap();
    let get = |id: &str, params: &[(&str, &str)]| {
        let mut r = api.req("GET", &format!("/product/202309/products/{id}"));
        r.cipher = Some(shop.cipher.clone());
        r.params = params
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        api.send(r)
    };
    let combo = get(&role(&products, "combo").product_id, &[]).await;
    assert_eq!(combo.code(), 0, "{}", combo.json);
    assert_eq!(
        combo.json["data"]["product_types"],
        json!(["COMBINED_PRODUCT"])
    );
    assert_eq!(
        combo.json["data"]["skus"][0]["combined_skus"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    assert_eq!(
        get(&role(&products, "frozen").product_id, &[]).await.code(),
        12_052_901
    );
    assert_eq!(
        get(&role(&products, "deleted").product_id, &[])
            .await
            .code(),
        12_052_032
    );
    let review = [("return_under_review_version", "true")];
    assert_eq!(
        get(&products[0].product_id, &review).await.code(),
        12_052_547
    );
    let audit = get(&role(&products, "under_audit").product_id, &review).await;
    assert_eq!(audit.json["data"]["audit"]["status"], "AUDITING");
    let other = c.shops().into_iter().find(|s| s.id != shop.id).unwrap();
    let theirs = c.products(&other.id).unwrap()[0].product_id.clone();
    assert_eq!(get(&theirs, &[]).await.code(), 12_052_048);
}

#[tokio::test]
async fn search_filters_and_limits_answer_with_the_specs_codes() {
    let sb = sandbox(5).await;
    let c = sb.control();
    let shop = c.demo_shop();
    let api = Api::demo(&sb);
    let products = c.products(&shop.id).unwrap();
    let ids = |r: &Resp| -> BTreeSet<String> {
        r.json["data"]["products"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["id"].as_str().unwrap().to_string())
            .collect()
    };
    let cipher = shop.cipher.as_str();
    let pending = search(&api, cipher, "50", "", &json!({"status": "PENDING"})).await;
    assert_eq!(
        ids(&pending),
        BTreeSet::from([role(&products, "under_audit").product_id.clone()])
    );
    let all = search(&api, cipher, "100", "", &json!({"status": "ALL"})).await;
    assert!(!ids(&all).contains(&role(&products, "deleted").product_id));
    assert_eq!(all.json["data"]["total_count"], (products.len() - 1) as i64);
    let dup = role(&products, "duplicate_seller_sku").skus[0]
        .seller_sku
        .clone();
    let by_sku = search(&api, cipher, "50", "", &json!({"seller_skus": [dup]})).await;
    assert_eq!(ids(&by_sku).len(), 2);
    let eleven: Vec<String> = (0..11).map(|i| i.to_string()).collect();
    for (size, token, body, code) in [
        ("50", "", json!({"seller_skus": eleven}), 12_019_027),
        ("50", "", json!({"sku_ids": eleven}), 12_019_087),
        ("0", "", json!({}), 12_019_109),
        ("101", "", json!({}), 12_019_109),
        ("50", "garbled", json!({}), 12_019_108),
        (
            "50",
            "",
            json!({"update_time_ge": 10, "update_time_le": 9}),
            12_019_119,
        ),
        (
            "50",
            "",
            json!({"create_time_ge": 10, "create_time_le": 9}),
            12_019_118,
        ),
        ("50", "", json!({"status": "NOT_A_STATUS"}), 12_052_910),
    ] {
        let r = search(&api, cipher, size, token, &body).await;
        assert_eq!(r.code(), code, "{body}: {}", r.json);
    }
    // The 202309 path serves the same search.
    let mut old = api.req("POST", "/product/202309/products/search");
    old.cipher = Some(shop.cipher.clone());
    old.params = vec![("page_size".into(), "100".into())];
    old.body = Some(json!({"status": "ALL"}).to_string());
    assert_eq!(ids(&api.send(old).await), ids(&all));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sellers_edit_over_the_control_api_moves_the_product_to_now_without_the_removed_skus() {
    let sb = sandbox(0).await;
    let c = sb.control();
    let shop = c.demo_shop();
    let products = c.products(&shop.id).unwrap();
    let multi = role(&products, "multi_warehouse");
    let (kept, dropped) = (&multi.skus[0].sku_id, &multi.skus[1].sku_id);
    let http = reqwest::Client::new();
    let r = http
        .patch(format!(
            "{}/_sandbox/shops/{}/products/{}",
            sb.base_url(),
            shop.id,
            multi.product_id
        ))
        .json(&json!({ "title": "Camp Chair, one colour", "remove_skus": [dropped] }))
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success(), "{}", r.text().await.unwrap());
    let after = c.products(&shop.id).unwrap();
    let edited = after
        .iter()
        .find(|p| p.product_id == multi.product_id)
        .unwrap();
    assert_eq!(edited.title, "Camp Chair, one colour");
    assert!(edited.update_time >= c.now() - 1 && edited.update_time > multi.update_time);
    let skus: Vec<&str> = edited.skus.iter().map(|s| s.sku_id.as_str()).collect();
    assert_eq!(skus, [kept.as_str()]);
    assert!(c.sku_stock(&shop.id, dropped).is_err(), "the SKU is gone");

    let api = Api::demo(&sb);
    let r = search(&api, &shop.cipher, "1", "", &json!({})).await;
    assert_eq!(
        r.json["data"]["products"][0]["id"], multi.product_id,
        "the newest update lists first"
    );
    // An order-catalog SKU stays, and a status must be documented.
    let ordered = role(&products, "order_catalog");
    let refused = c.edit_product(
        &shop.id,
        &ordered.product_id,
        &shopdock_sandbox::ProductEdit {
            remove_skus: vec![ordered.skus[0].sku_id.clone()],
            ..Default::default()
        },
    );
    assert!(refused.is_err());
    let bad_status = shopdock_sandbox::ProductEdit {
        status: Some("GONE".into()),
        ..Default::default()
    };
    assert!(c
        .edit_product(&shop.id, &multi.product_id, &bad_status)
        .is_err());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fillers_can_be_made_with_a_fixed_number_of_skus() {
    let sb = sandbox(0).await;
    let c = sb.control();
    let shop = c.demo_shop();
    let fixed = c.product_count(&shop.id).unwrap();
    let r = reqwest::Client::new()
        .put(format!(
            "{}/_sandbox/shops/{}/products/filler_skus",
            sb.base_url(),
            shop.id
        ))
        .json(&json!({ "skus": 3 }))
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success());
    c.set_product_count(&shop.id, fixed + 50).unwrap();
    let fillers: Vec<ProductInfo> = c
        .products(&shop.id)
        .unwrap()
        .into_iter()
        .filter(|p| p.role == "filler")
        .collect();
    assert_eq!(fillers.len(), 50);
    assert!(fillers.iter().all(|p| p.skus.len() == 3));
    assert!(c.set_filler_skus(&shop.id, Some(4)).is_err());
}

#[tokio::test]
async fn a_new_main_image_gets_a_new_link_and_the_image_host_counts_and_fails_on_request() {
    let sb = sandbox(0).await;
    let c = sb.control();
    let shop = c.demo_shop();
    let api = Api::demo(&sb);
    let product = c.products(&shop.id).unwrap()[0].product_id.clone();
    let thumb = |r: &Resp| {
        r.json["data"]["main_images"][0]["thumb_urls"][0]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let path = format!("/product/202309/products/{product}");
    let before = thumb(&api.call("GET", &path, &shop.cipher, None).await);
    c.edit_product(
        &shop.id,
        &product,
        &shopdock_sandbox::ProductEdit {
            new_image: true,
            ..Default::default()
        },
    )
    .unwrap();
    let after = thumb(&api.call("GET", &path, &shop.cipher, None).await);
    assert_ne!(before, after, "a replaced image has a new link");

    let http = reqwest::Client::new();
    let fetched = http.get(&after).send().await.unwrap();
    assert_eq!(fetched.headers()["content-type"], "image/svg+xml");
    assert!(fetched.text().await.unwrap().starts_with("<svg"));
    let host = format!("{}/_sandbox/image_host", sb.base_url());
    let r = http
        .put(&host)
        .json(&json!({ "failing_status": 503 }))
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success());
    assert_eq!(http.get(&before).send().await.unwrap().status(), 503);
    let state: Value = http.get(&host).send().await.unwrap().json().await.unwrap();
    assert_eq!(state, json!({ "requests": 2, "failing_status": 503 }));
    assert!(
        c.set_image_host_failing(Some(200)).is_err(),
        "not a failure"
    );
    c.set_image_host_failing(None).unwrap();
    assert!(http
        .get(&before)
        .send()
        .await
        .unwrap()
        .status()
        .is_success());
}
