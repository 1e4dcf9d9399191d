//! Search Orders and Get Order Detail over HTTP: keyset paging, filters, detail limits,
//! payment arithmetic, hidden addresses, lifecycle and determinism.

use crate::common;
use crate::common::{sandbox, Api};
use serde_json::Value;
use shopdock_sandbox::money::Currency;
use shopdock_sandbox::{Sandbox, SandboxConfig};
use shopdock_tiktok::codes;
use shopdock_tiktok::model::{Order, OrderPage};
use std::collections::HashSet;
use std::time::Duration;

fn page(r: &common::Resp) -> OrderPage {
    assert_eq!(r.code(), 0, "{}", r.json);
    serde_json::from_value(r.json["data"].clone()).expect("OrderPage")
}

/// Pages through a search and returns every order in the order received.
async fn walk(
    api: &Api,
    cipher: &str,
    field: &str,
    order: &str,
    body: &str,
    size: &str,
) -> (Vec<Order>, i64, usize) {
    let mut token = String::new();
    let mut all = Vec::new();
    let mut pages = 0;
    let mut total = -1;
    loop {
        let mut params = vec![
            ("page_size", size),
            ("sort_field", field),
            ("sort_order", order),
        ];
        if !token.is_empty() {
            params.push(("page_token", token.as_str()));
        }
        let p = page(&api.search(cipher, &params, body).await);
        pages += 1;
        if total >= 0 {
            assert_eq!(p.total_count, total, "total_count is stable across pages");
        }
        total = p.total_count;
        all.extend(p.orders);
        match p.next_page_token.filter(|t| !t.is_empty()) {
            Some(t) => token = t,
            None => break,
        }
    }
    (all, total, pages)
}

#[derive(serde::Deserialize)]
struct SlimOrder {
    id: String,
    create_time: i64,
    update_time: i64,
}

#[derive(serde::Deserialize)]
struct SlimPage {
    next_page_token: Option<String>,
    total_count: i64,
    orders: Vec<SlimOrder>,
}

/// Walks a search keeping only `(sort time, id)` of each order (parsing whole orders in a debug
/// build would dominate the test's time).
async fn walk_keys(api: &Api, cipher: &str, field: &str, order: &str) -> Vec<(i64, u64)> {
    let mut token = String::new();
    let mut keys = Vec::new();
    let mut pages = 0;
    loop {
        let mut params = vec![
            ("page_size", "100"),
            ("sort_field", field),
            ("sort_order", order),
        ];
        if !token.is_empty() {
            params.push(("page_token", token.as_str()));
        }
        let r = api.search_raw(cipher, &params, "{}").await;
        let env: shopdock_tiktok::model::Envelope<SlimPage> =
            serde_json::from_slice(&r.bytes).expect("envelope");
        assert_eq!(env.code, 0, "{}", env.message);
        let p = env.data.expect("data");
        assert_eq!(p.total_count, 10_000, "total_count on every page");
        pages += 1;
        keys.extend(p.orders.iter().map(|o| {
            let t = if field == "create_time" {
                o.create_time
            } else {
                o.update_time
            };
            (t, o.id.parse::<u64>().unwrap())
        }));
        match p.next_page_token.filter(|t| !t.is_empty()) {
            Some(t) => token = t,
            None => break,
        }
    }
    assert_eq!(
        pages, 100,
        "{field} {order}: 100 full pages, no empty trailing page"
    );
    keys
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn paging_10000_orders_returns_each_once_in_the_requested_order() {
    let sb = sandbox(0).await;
    let c = sb.control();
    c.set_rate_limit(0);
    let shop = c.demo_shop();
    // Half created in the same second (the id tiebreak matters), half spread over a week.
    let mut created: HashSet<u64> = HashSet::new();
    for id in c.create_orders(&shop.id, 5_000).unwrap().into_iter().chain(
        c.create_orders_spread(&shop.id, 5_000, Duration::from_secs(7 * 86_400))
            .unwrap(),
    ) {
        created.insert(id.parse().unwrap());
    }
    assert_eq!(created.len(), 10_000);
    // Freeze the lifecycle during the walk. (Orders changing mid-walk legitimately move in the
    // update_time order, as on TikTok; that is the client's overlap logic's business.)
    c.pause_clock();
    let api = Api::demo(&sb);
    let combos = [
        ("create_time", "ASC"),
        ("create_time", "DESC"),
        ("update_time", "ASC"),
        ("update_time", "DESC"),
    ];
    let walks = futures_util::future::join_all(
        combos
            .iter()
            .map(|(field, order)| walk_keys(&api, &shop.cipher, field, order)),
    )
    .await;
    for ((field, order), keys) in combos.iter().zip(walks) {
        let unique: HashSet<u64> = keys.iter().map(|k| k.1).collect();
        assert_eq!(
            unique.len(),
            10_000,
            "{field} {order}: every order exactly once"
        );
        assert_eq!(unique, created);
        let mut sorted = keys.clone();
        sorted.sort_unstable();
        if *order == "DESC" {
            sorted.reverse();
        }
        assert!(
            keys == sorted,
            "{field} {order}: sorted with an id tiebreak"
        );
    }
    // TikTok-like opaque tokens: standard base64 that needs URL-encoding.
    let mut token = String::new();
    let mut saw_special_token = false;
    for _ in 0..20 {
        let mut params = vec![("page_size", "10")];
        if !token.is_empty() {
            params.push(("page_token", token.as_str()));
        }
        token = page(&api.search(&shop.cipher, &params, "{}").await)
            .next_page_token
            .unwrap();
        saw_special_token |= token.contains('+') || token.contains('/');
    }
    assert!(
        saw_special_token,
        "page tokens should sometimes contain + or /"
    );
}

#[tokio::test]
async fn page_tokens_are_bound_to_their_query_and_forgeries_rejected() {
    let sb = sandbox(60).await;
    let api = Api::demo(&sb);
    let cipher = sb.control().demo_shop().cipher;
    let first = page(&api.search(&cipher, &[("page_size", "5")], "{}").await);
    let token = first.next_page_token.unwrap();
    assert!(!token.is_empty());
    let other_sort = api
        .search(
            &cipher,
            &[
                ("page_size", "5"),
                ("sort_order", "ASC"),
                ("page_token", &token),
            ],
            "{}",
        )
        .await;
    assert_eq!(other_sort.code(), codes::INVALID_PARAMETER);
    let other_filter = api
        .search(
            &cipher,
            &[("page_size", "5"), ("page_token", &token)],
            r#"{"order_status":"UNPAID"}"#,
        )
        .await;
    assert_eq!(other_filter.code(), codes::INVALID_PARAMETER);
    let mut forged = token.clone().into_bytes();
    forged[10] = if forged[10] == b'x' { b'y' } else { b'x' };
    let forged = String::from_utf8(forged).unwrap();
    let r = api
        .search(
            &cipher,
            &[("page_size", "5"), ("page_token", &forged)],
            "{}",
        )
        .await;
    assert_eq!(r.code(), codes::INVALID_PARAMETER);
    // The same token with the same query continues.
    assert_eq!(
        api.search(&cipher, &[("page_size", "5"), ("page_token", &token)], "{}")
            .await
            .code(),
        0
    );
}

#[tokio::test]
async fn filters_and_documented_time_defaults() {
    let sb = sandbox(300).await;
    let c = sb.control();
    c.set_rate_limit(0);
    let shop = c.demo_shop();
    let api = Api::demo(&sb);
    let all = c.orders(&shop.id).unwrap();
    let now = c.now();

    let (awaiting, total, _) = walk(
        &api,
        &shop.cipher,
        "create_time",
        "DESC",
        r#"{"order_status":"AWAITING_SHIPMENT"}"#,
        "50",
    )
    .await;
    let expected = all
        .iter()
        .filter(|o| o.status == "AWAITING_SHIPMENT")
        .count();
    assert!(expected > 0, "the demo shop has orders to ship");
    assert_eq!((awaiting.len(), total as usize), (expected, expected));
    assert!(awaiting.iter().all(|o| o.status == "AWAITING_SHIPMENT"));

    // create_time_ge alone: _lt defaults to now.
    let from = now - 5 * 86_400;
    let body = format!(r#"{{"create_time_ge":{from}}}"#);
    let (recent, _, _) = walk(&api, &shop.cipher, "create_time", "ASC", &body, "100").await;
    let want = all
        .iter()
        .filter(|o| o.create_time >= from && o.create_time < now)
        .count();
    assert_eq!(recent.len(), want);
    // update_time_lt alone: _ge defaults to the shop's beginning.
    let until = now - 10 * 86_400;
    let body = format!(r#"{{"update_time_lt":{until}}}"#);
    let (old, _, _) = walk(&api, &shop.cipher, "update_time", "ASC", &body, "100").await;
    assert_eq!(
        old.len(),
        all.iter().filter(|o| o.update_time < until).count()
    );
    assert!(old.iter().all(|o| o.update_time < until));

    let buyer = all[0].user_id.clone();
    let body = format!(r#"{{"buyer_user_id":"{buyer}"}}"#);
    let (theirs, _, _) = walk(&api, &shop.cipher, "create_time", "DESC", &body, "100").await;
    assert_eq!(
        theirs.len(),
        all.iter().filter(|o| o.user_id == buyer).count()
    );
    assert!(!theirs.is_empty());

    for (ty, n) in [("TIKTOK", "TIKTOK"), ("SELLER", "SELLER")] {
        let body = format!(r#"{{"shipping_type":"{ty}"}}"#);
        let (got, _, _) = walk(&api, &shop.cipher, "create_time", "DESC", &body, "100").await;
        assert_eq!(
            got.len(),
            all.iter().filter(|o| o.shipping_type == n).count()
        );
    }
    let fbt_wh = shop.warehouse_ids[1].clone();
    let body = format!(r#"{{"warehouse_ids":["{fbt_wh}"]}}"#);
    let (fbt, _, _) = walk(&api, &shop.cipher, "create_time", "DESC", &body, "100").await;
    assert!(fbt
        .iter()
        .all(|o| o.fulfillment_type == "FULFILLMENT_BY_TIKTOK"));
    assert_eq!(
        fbt.len(),
        all.iter()
            .filter(|o| o.fulfillment_type == "FULFILLMENT_BY_TIKTOK")
            .count()
    );

    let body = r#"{"is_buyer_request_cancel":true}"#;
    let (req, _, _) = walk(&api, &shop.cipher, "create_time", "DESC", body, "100").await;
    assert!(req.iter().all(|o| o.is_buyer_request_cancel));
}

#[tokio::test]
async fn order_detail_takes_up_to_50_ids_on_both_versions_and_refuses_other_sellers_orders() {
    let sb = sandbox(80).await;
    let api = Api::demo(&sb);
    let c = sb.control();
    let shop = c.demo_shop();
    let ids: Vec<String> = c
        .orders(&shop.id)
        .unwrap()
        .into_iter()
        .map(|o| o.id)
        .collect();
    for version in ["202309", "202507"] {
        let mut ask: Vec<String> = ids[..49].to_vec();
        ask.push("576000000000000001".into()); // unknown: simply absent
        let r = api.detail(&shop.cipher, version, &ask).await;
        assert_eq!(r.code(), 0, "{}", r.json);
        let got: Vec<&str> = r.json["data"]["orders"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o["id"].as_str().unwrap())
            .collect();
        assert_eq!(
            got,
            ids[..49].iter().map(String::as_str).collect::<Vec<_>>()
        );
        let r = api.detail(&shop.cipher, version, &ids[..51]).await;
        assert_eq!(r.code(), codes::INVALID_PARAMETER);
    }
    // Another seller's order fails the whole call with the spec's 21008111
    // (SPEC:orders/get-order-detail error_code_list), on both versions, at HTTP 200.
    let other = c
        .shops()
        .into_iter()
        .find(|s| s.seller_type == "CROSS_BORDER")
        .unwrap();
    let foreign = c.orders(&other.id).unwrap()[0].id.clone();
    for version in ["202309", "202507"] {
        let r = api
            .detail(&shop.cipher, version, &[ids[0].clone(), foreign.clone()])
            .await;
        assert_eq!((r.status, r.code()), (200, 21_008_111), "{}", r.json);
        assert_eq!(
            r.json["message"],
            "The order or package does not belong to the current seller."
        );
        assert!(r.json["data"].is_null());
    }
}

fn amounts_add_up(o: &Value) {
    let p = &o["payment"];
    let cur = match p["currency"].as_str().unwrap() {
        "JPY" => shopdock_sandbox::money::JPY,
        _ => shopdock_sandbox::money::USD, // two decimals
    };
    let v = |k: &str| -> i64 {
        p[k].as_str()
            .map(|s| Currency::parse(cur, s).unwrap_or_else(|| panic!("{k}={s}")))
            .unwrap_or(0)
    };
    assert_eq!(
        v("total_amount"),
        v("sub_total") + v("shipping_fee") + v("tax") + v("retail_delivery_fee"),
        "{}",
        o["id"]
    );
    assert_eq!(
        v("sub_total"),
        v("original_total_product_price") - v("seller_discount") - v("platform_discount")
    );
    let line_total: i64 = o["line_items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| Currency::parse(cur, l["sale_price"].as_str().unwrap()).unwrap())
        .sum();
    assert_eq!(line_total, v("sub_total"));
}

#[tokio::test]
async fn every_shop_serves_consistent_payments_and_hides_unpaid_addresses() {
    let sb = sandbox(120).await;
    let c = sb.control();
    c.set_rate_limit(0);
    let mut statuses = HashSet::new();
    let (mut fbt, mut sample, mut replacement) = (0, 0, 0);
    for shop in c.shops() {
        let api = Api::new(&sb, &shop.seller_id);
        c.create_orders(&shop.id, 20).unwrap();
        let mut token = String::new();
        loop {
            let mut params = vec![("page_size", "100")];
            if !token.is_empty() {
                params.push(("page_token", token.as_str()));
            }
            let r = api.search(&shop.cipher, &params, "{}").await;
            assert_eq!(r.code(), 0);
            for o in r.json["data"]["orders"].as_array().unwrap() {
                amounts_add_up(o);
                let status = o["status"].as_str().unwrap();
                statuses.insert(status.to_string());
                if matches!(status, "UNPAID" | "ON_HOLD") {
                    assert!(o.get("recipient_address").is_none(), "{o}");
                }
                if matches!(status, "AWAITING_SHIPMENT" | "IN_TRANSIT" | "DELIVERED") {
                    let a = &o["recipient_address"];
                    assert!(a.is_object(), "{o}");
                    assert!(a["phone_number"].as_str().unwrap().contains("***"));
                }
                assert_eq!(o["payment"]["currency"], shop.currency);
                let units = o["line_items"].as_array().unwrap();
                assert!(!units.is_empty());
                assert!(o["id"].as_str().unwrap().len() >= 18);
                fbt += usize::from(o["fulfillment_type"] == "FULFILLMENT_BY_TIKTOK");
                sample += usize::from(o["is_sample_order"] == true);
                if o["is_replacement_order"] == true {
                    replacement += 1;
                    assert!(o["replaced_order_id"].as_str().is_some());
                }
            }
            match r.json["data"]["next_page_token"].as_str() {
                Some(t) if !t.is_empty() => token = t.to_string(),
                _ => break,
            }
        }
    }
    for s in [
        "UNPAID",
        "AWAITING_SHIPMENT",
        "IN_TRANSIT",
        "DELIVERED",
        "COMPLETED",
        "CANCELLED",
    ] {
        assert!(statuses.contains(s), "no {s} order in {statuses:?}");
    }
    assert!(fbt > 0, "some FBT orders");
    assert!(
        sample + replacement > 0,
        "some sample or replacement orders"
    );
}

#[tokio::test]
async fn orders_move_through_the_lifecycle_as_the_virtual_clock_advances() {
    let sb = sandbox(0).await;
    let c = sb.control();
    let shop = c.demo_shop();
    let ids = c.create_orders(&shop.id, 200).unwrap();
    let api = Api::demo(&sb);
    let status_of = |orders: &[Value]| -> Vec<String> {
        orders
            .iter()
            .map(|o| o["status"].as_str().unwrap().to_string())
            .collect()
    };
    let fetch = |api: &Api, ids: Vec<String>| {
        let cipher = shop.cipher.clone();
        let api = Api {
            http: api.http.clone(),
            base: api.base.clone(),
            token: api.token.clone(),
        };
        async move {
            let mut out = Vec::new();
            for chunk in ids.chunks(50) {
                let r = api.detail(&cipher, "202309", chunk).await;
                assert_eq!(r.code(), 0, "{}", r.json);
                out.extend(r.json["data"]["orders"].as_array().unwrap().clone());
            }
            out
        }
    };
    let t0 = fetch(&api, ids.clone()).await;
    assert!(status_of(&t0)
        .iter()
        .all(|s| s == "UNPAID" || s == "AWAITING_SHIPMENT"));

    c.advance_clock(Duration::from_secs(30 * 60));
    let t1 = fetch(&api, ids.clone()).await;
    assert!(status_of(&t1).iter().any(|s| s == "ON_HOLD"));
    for o in &t1 {
        if o["status"] == "ON_HOLD" {
            assert_eq!(o["is_on_hold_order"], true);
            assert!(o["paid_time"].as_i64().is_some());
        }
    }

    c.advance_clock(Duration::from_secs(2 * 3600));
    let t2 = fetch(&api, ids.clone()).await;
    assert!(status_of(&t2).iter().any(|s| s == "AWAITING_SHIPMENT"));
    assert!(!status_of(&t2).iter().any(|s| s == "ON_HOLD"));

    // Ship one by hand, as the seller would.
    let to_ship = t2
        .iter()
        .find(|o| o["status"] == "AWAITING_SHIPMENT" && o["is_buyer_request_cancel"] == false)
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    c.ship_order(&shop.id, &to_ship).unwrap();
    let shipped = c.order(&shop.id, &to_ship).unwrap();
    assert_eq!(shipped.status, "AWAITING_COLLECTION");
    assert!(shipped.tracking_number.is_some() && shipped.rts_time.is_some());

    c.advance_clock(Duration::from_secs(40 * 86_400));
    // 40 days later the old access token has expired (7 days): authorize again.
    let api = Api::demo(&sb);
    let t3 = fetch(&api, ids.clone()).await;
    let s3 = status_of(&t3);
    assert!(s3.iter().any(|s| s == "COMPLETED"));
    assert!(s3.iter().any(|s| s == "CANCELLED"));
    assert!(!s3.iter().any(|s| s == "UNPAID" || s == "ON_HOLD"));
    for (a, b) in t0.iter().zip(&t3) {
        assert!(b["update_time"].as_i64() >= a["update_time"].as_i64());
    }
    assert_eq!(c.order(&shop.id, &to_ship).unwrap().status, "COMPLETED");
    for o in &t3 {
        if o["status"] == "CANCELLED" {
            assert!(o["cancel_time"].as_i64().is_some());
            assert!(o["cancellation_initiator"].as_str().is_some());
            assert_eq!(o["update_time"], o["cancel_time"]);
        }
        if o["status"] == "COMPLETED" {
            assert!(o["delivery_time"].as_i64() > o["collection_time"].as_i64());
            assert!(o["collection_time"].as_i64() > o["rts_time"].as_i64());
        }
    }
}

#[tokio::test]
async fn same_seed_same_data() {
    let start = |seed| {
        Sandbox::start(SandboxConfig {
            seed,
            orders_per_shop: 60,
            start_time: Some(1_750_000_000),
            ..SandboxConfig::default()
        })
    };
    let (a, b, other) = (
        start(7).await.unwrap(),
        start(7).await.unwrap(),
        start(8).await.unwrap(),
    );
    assert_eq!(a.control().shops(), b.control().shops());
    assert_eq!(a.control().sellers(), b.control().sellers());
    assert_ne!(a.control().shops(), other.control().shops());
    for shop in a.control().shops() {
        let strip = |sb: &Sandbox| -> Vec<(String, i64, String, usize, Option<String>)> {
            sb.control()
                .orders(&shop.id)
                .unwrap()
                .into_iter()
                // Compare what cannot depend on the few milliseconds between the two starts.
                .map(|o| {
                    (
                        o.id,
                        o.create_time,
                        o.payment.total_amount,
                        o.line_items.len(),
                        o.line_items.first().map(|l| l.seller_sku.clone()),
                    )
                })
                .collect()
        };
        assert_eq!(strip(&a), strip(&b));
        assert_eq!(
            a.control().catalog(&shop.id).unwrap(),
            b.control().catalog(&shop.id).unwrap()
        );
    }
    let ids_a = a
        .control()
        .create_orders(&a.control().demo_shop().id, 5)
        .unwrap();
    let ids_b = b
        .control()
        .create_orders(&b.control().demo_shop().id, 5)
        .unwrap();
    assert_eq!(ids_a, ids_b);
}
