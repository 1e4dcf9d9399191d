//! Issue 11: the sandbox learns cancellations, over real loopback HTTP (write-api §D and the
//! specs under `tiktok-api-reference/endpoints/return-and-refund/`): buyer requests with the
//! 48 h auto-approve, Search Cancellations, Approve / Reject with idempotency keys, Get Reject
//! Reasons, the seller's Cancel Order with its per-market, per-status reason table and
//! item-level cancels, Get Aftersale Eligibility, and system cancels after shipment.

use crate::common::{Api, Resp};
use serde_json::{json, Value};
use shopdock_sandbox::{Control, MarketCode, Sandbox, SandboxConfig, ShippingMode, ShopSetup};
use std::time::Duration;

const HOUR: u64 = 3_600;

async fn world() -> Sandbox {
    Sandbox::start(SandboxConfig {
        seed: 7,
        orders_per_shop: 300,
        start_time: Some(1_750_000_000),
        extra_shops: vec![
            ShopSetup::local(MarketCode::Uk, ShippingMode::Seller),
            ShopSetup::local(MarketCode::Jp, ShippingMode::Seller),
        ],
        ..SandboxConfig::default()
    })
    .await
    .expect("sandbox starts")
}

/// Orders of `shop` in `status` without a pending request, with at least `items` line items.
fn orders_in(c: &Control, shop: &str, status: &str, items: usize) -> Vec<String> {
    c.orders(shop)
        .unwrap()
        .into_iter()
        .filter(|o| o.status == status && !o.is_buyer_request_cancel && o.line_items.len() >= items)
        .map(|o| o.id)
        .collect()
}

/// Fresh orders in `shop`, two hours old (AWAITING_SHIPMENT wherever they were paid).
fn fresh(c: &Control, shop: &str) {
    c.create_orders(shop, 60).unwrap();
    c.advance_clock(Duration::from_secs(2 * HOUR));
}

async fn search(api: &Api, cipher: &str, params: &[(&str, &str)], body: Value) -> Resp {
    let mut r = api.req("POST", "/return_refund/202309/cancellations/search");
    r.cipher = Some(cipher.to_string());
    r.params = params
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    r.body = Some(body.to_string());
    api.send(r).await
}

async fn decide(
    api: &Api,
    cipher: &str,
    id: &str,
    verb: &str,
    key: &str,
    body: Option<Value>,
) -> Resp {
    let mut r = api.req(
        "POST",
        &format!("/return_refund/202309/cancellations/{id}/{verb}"),
    );
    r.cipher = Some(cipher.to_string());
    r.params = vec![("idempotency_key".into(), key.into())];
    r.body = body.map(|b| b.to_string());
    api.send(r).await
}

async fn cancel(api: &Api, cipher: &str, body: Value) -> Resp {
    api.call(
        "POST",
        "/return_refund/202309/cancellations",
        cipher,
        Some(&body.to_string()),
    )
    .await
}

#[tokio::test]
async fn a_buyer_request_is_pending_with_a_48_hour_deadline_and_approving_it_cancels_the_order_once(
) {
    let sb = world().await;
    let c = sb.control();
    let us = c.demo_shop();
    fresh(c, &us.id);
    let order = orders_in(c, &us.id, "AWAITING_SHIPMENT", 1)[0].clone();
    let cancel_id = c.request_buyer_cancel(&us.id, &order, 1).unwrap();
    let o = c.order(&us.id, &order).unwrap();
    assert!(o.is_buyer_request_cancel);
    assert_eq!(o.request_cancel_time, Some(c.now()));

    let api = Api::demo(&sb);
    let page = search(&api, &us.cipher, &[], json!({"order_ids": [order]})).await;
    assert_eq!(page.code(), 0, "{}", page.json);
    let rec = &page.json["data"]["cancellations"][0];
    assert_eq!(rec["cancel_id"], cancel_id.as_str());
    assert_eq!(rec["cancel_type"], "BUYER_CANCEL");
    assert_eq!(rec["cancel_status"], "CANCELLATION_REQUEST_PENDING");
    assert_eq!(rec["role"], "BUYER");
    assert_eq!(
        rec["seller_next_action_response"][0]["action"],
        "SELLER_RESPOND_CANCEL"
    );
    assert_eq!(
        rec["seller_next_action_response"][0]["deadline"].as_i64(),
        Some(c.now() + 48 * 3_600)
    );

    let ok = decide(&api, &us.cipher, &cancel_id, "approve", "k-1", None).await;
    assert_eq!(ok.code(), 0, "{}", ok.json);
    // The same key again: the same answer, nothing applied twice.
    let again = decide(&api, &us.cipher, &cancel_id, "approve", "k-1", None).await;
    assert_eq!(again.code(), 0, "{}", again.json);
    // Another key: TikTok says the request is no longer pending.
    let other = decide(&api, &us.cipher, &cancel_id, "approve", "k-2", None).await;
    assert_eq!(other.code(), 25_011_012, "{}", other.json);

    let o = c.order(&us.id, &order).unwrap();
    assert_eq!(o.status, "CANCELLED");
    assert_eq!(o.cancellation_initiator.as_deref(), Some("BUYER"));
    assert!(!o.is_buyer_request_cancel);
    let writes = c.write_counts(&us.id, &order).unwrap();
    assert_eq!(writes.by_endpoint.get("approve_cancellation"), Some(&1));
    let rec = &c.cancellations(&us.id, &order).unwrap()[0];
    assert_eq!(rec.cancel_status, "CANCELLATION_REQUEST_SUCCESS");
}

#[tokio::test]
async fn an_unanswered_request_is_approved_by_tiktok_after_48_hours_of_sandbox_time() {
    let sb = world().await;
    let c = sb.control();
    let us = c.demo_shop();
    fresh(c, &us.id);
    let order = orders_in(c, &us.id, "AWAITING_SHIPMENT", 1)[0].clone();
    c.request_buyer_cancel(&us.id, &order, 0).unwrap();
    c.advance_clock(Duration::from_secs(47 * HOUR));
    assert_eq!(c.order(&us.id, &order).unwrap().status, "AWAITING_SHIPMENT");
    c.advance_clock(Duration::from_secs(HOUR));
    let o = c.order(&us.id, &order).unwrap();
    assert_eq!(o.status, "CANCELLED");
    assert_eq!(
        c.cancellations(&us.id, &order).unwrap()[0].cancel_status,
        "CANCELLATION_REQUEST_SUCCESS"
    );
    assert_eq!(c.write_counts(&us.id, &order).unwrap().writes, 0);
}

#[tokio::test]
async fn rejecting_takes_a_reason_from_get_reject_reasons_and_the_order_goes_on() {
    let sb = world().await;
    let c = sb.control();
    let us = c.demo_shop();
    fresh(c, &us.id);
    let order = orders_in(c, &us.id, "AWAITING_SHIPMENT", 1)[0].clone();
    let id = c.request_buyer_cancel(&us.id, &order, 2).unwrap();
    let api = Api::demo(&sb);
    let mut r = api.req("GET", "/return_refund/202309/reject_reasons");
    r.cipher = Some(us.cipher.clone());
    r.params = vec![("return_or_cancel_id".into(), id.clone())];
    let reasons = api.send(r).await;
    assert_eq!(reasons.code(), 0, "{}", reasons.json);
    let first = reasons.json["data"]["reasons"][0]["name"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(reasons.json["data"]["reasons"][0]["text"].is_string());

    let unknown = decide(
        &api,
        &us.cipher,
        &id,
        "reject",
        "r-0",
        Some(json!({"reject_reason": "because"})),
    )
    .await;
    assert_eq!(unknown.code(), 25_001_014);
    let ok = decide(
        &api,
        &us.cipher,
        &id,
        "reject",
        "r-1",
        Some(json!({"reject_reason": first, "comment": "already packed"})),
    )
    .await;
    assert_eq!(ok.code(), 0, "{}", ok.json);
    let o = c.order(&us.id, &order).unwrap();
    assert_eq!(o.status, "AWAITING_SHIPMENT");
    assert!(!o.is_buyer_request_cancel);
    let rec = &c.cancellations(&us.id, &order).unwrap()[0];
    assert_eq!(rec.cancel_status, "CANCELLATION_REQUEST_CANCELLED");
    assert_eq!(rec.comment.as_deref(), Some("already packed"));
    // Approving what was rejected: "reverse already cancelled".
    let late = decide(&api, &us.cipher, &id, "approve", "r-2", None).await;
    assert_eq!(late.code(), 25_020_009);
    // The 48 h passing changes nothing any more.
    c.advance_clock(Duration::from_secs(49 * HOUR));
    assert_ne!(c.order(&us.id, &order).unwrap().status, "CANCELLED");
}

#[tokio::test]
async fn a_buyer_cancel_during_on_hold_is_accepted_at_once_as_type_cancel() {
    let sb = world().await;
    let c = sb.control();
    let uk = c.shops().into_iter().find(|s| s.region == "GB").unwrap();
    c.create_orders(&uk.id, 60).unwrap();
    c.advance_clock(Duration::from_secs(1_500));
    let order = orders_in(c, &uk.id, "ON_HOLD", 1)[0].clone();
    c.request_buyer_cancel(&uk.id, &order, 0).unwrap();
    assert_eq!(c.order(&uk.id, &order).unwrap().status, "CANCELLED");
    let rec = &c.cancellations(&uk.id, &order).unwrap()[0];
    assert_eq!(
        (rec.cancel_type.as_str(), rec.role.as_str()),
        ("CANCEL", "BUYER")
    );
    assert_eq!(rec.cancel_status, "CANCELLATION_REQUEST_COMPLETE");
}

#[tokio::test]
async fn seller_cancel_checks_the_reason_against_market_and_status() {
    let sb = world().await;
    let c = sb.control();
    let us = c.demo_shop();
    fresh(c, &us.id);
    let api = Api::demo(&sb);
    let ready = orders_in(c, &us.id, "AWAITING_SHIPMENT", 1);
    let order = &ready[0];
    for (reason, code) in [
        ("seller_cancel_unpaid_reason_out_of_stock", 25_001_021),
        ("seller_cancel_reason_out_of_stock_uk", 25_001_014),
        ("made_up", 25_001_014),
    ] {
        let r = cancel(
            &api,
            &us.cipher,
            json!({"order_id": order, "cancel_reason": reason}),
        )
        .await;
        assert_eq!(r.code(), code, "{reason}: {}", r.json);
    }
    assert_eq!(c.write_counts(&us.id, order).unwrap().writes, 0);
    let ok = cancel(
        &api,
        &us.cipher,
        json!({"order_id": order, "cancel_reason": "seller_cancel_reason_wrong_price"}),
    )
    .await;
    assert_eq!(ok.code(), 0, "{}", ok.json);
    assert_eq!(
        ok.json["data"]["cancel_status"],
        "CANCELLATION_REQUEST_SUCCESS"
    );
    assert!(ok.json["data"]["cancel_id"]
        .as_str()
        .is_some_and(|s| !s.is_empty()));
    let o = c.order(&us.id, order).unwrap();
    assert_eq!(o.status, "CANCELLED");
    assert_eq!(o.cancellation_initiator.as_deref(), Some("SELLER"));
    assert_eq!(o.cancel_reason.as_deref(), Some("Pricing error"));
    let twice = cancel(
        &api,
        &us.cipher,
        json!({"order_id": order, "cancel_reason": "seller_cancel_reason_wrong_price"}),
    )
    .await;
    assert_eq!(twice.code(), 25_001_051);
    assert_eq!(c.write_counts(&us.id, order).unwrap().writes, 1);

    // A pending buyer request blocks the seller's own cancel; a shipped order is too late.
    let pending = &ready[1];
    c.request_buyer_cancel(&us.id, pending, 0).unwrap();
    let r = cancel(
        &api,
        &us.cipher,
        json!({"order_id": pending, "cancel_reason": "seller_cancel_reason_wrong_price"}),
    )
    .await;
    assert_eq!(r.code(), 25_001_011);
    let shipped = &ready[2];
    c.ship_order(&us.id, shipped).unwrap();
    c.advance_clock(Duration::from_secs(40 * HOUR));
    if c.order(&us.id, shipped).unwrap().status == "IN_TRANSIT" {
        let r = cancel(
            &api,
            &us.cipher,
            json!({"order_id": shipped, "cancel_reason": "seller_cancel_reason_wrong_price"}),
        )
        .await;
        assert_eq!(r.code(), 25_001_045);
    }
}

#[tokio::test]
async fn an_out_of_stock_item_cancel_marks_the_line_and_keeps_the_order_until_all_are_cancelled() {
    let sb = world().await;
    let c = sb.control();
    let us = c.demo_shop();
    fresh(c, &us.id);
    let api = Api::demo(&sb);
    let order = orders_in(c, &us.id, "AWAITING_SHIPMENT", 2)[0].clone();
    let lines: Vec<String> = c
        .order(&us.id, &order)
        .unwrap()
        .line_items
        .iter()
        .map(|l| l.id.clone())
        .collect();
    let wrong_reason = cancel(
        &api,
        &us.cipher,
        json!({"order_id": order, "cancel_reason": "seller_cancel_reason_wrong_price", "order_line_item_ids": [lines[0]]}),
    )
    .await;
    assert_eq!(wrong_reason.code(), 25_005_010);
    let ok = cancel(
        &api,
        &us.cipher,
        json!({"order_id": order, "cancel_reason": "seller_cancel_reason_out_of_stock", "order_line_item_ids": [lines[0]]}),
    )
    .await;
    assert_eq!(ok.code(), 0, "{}", ok.json);
    let o = c.order(&us.id, &order).unwrap();
    assert_eq!(o.status, "AWAITING_SHIPMENT");
    assert_eq!(o.line_items[0].display_status, "CANCELLED");
    assert_eq!(o.line_items[0].cancel_user.as_deref(), Some("SELLER"));
    assert_ne!(o.line_items[1].display_status, "CANCELLED");
    let rest: Vec<&String> = lines[1..].iter().collect();
    let ok = cancel(
        &api,
        &us.cipher,
        json!({"order_id": order, "cancel_reason": "seller_cancel_reason_out_of_stock", "order_line_item_ids": rest}),
    )
    .await;
    assert_eq!(ok.code(), 0, "{}", ok.json);
    assert_eq!(c.order(&us.id, &order).unwrap().status, "CANCELLED");

    // Item-level cancels are US and UK only.
    let jp = c.shops().into_iter().find(|s| s.region == "JP").unwrap();
    fresh(c, &jp.id);
    let jp_api = Api::new(&sb, &jp.seller_id);
    let jp_order = orders_in(c, &jp.id, "AWAITING_SHIPMENT", 2)[0].clone();
    let line = c.order(&jp.id, &jp_order).unwrap().line_items[0].id.clone();
    let r = cancel(
        &jp_api,
        &jp.cipher,
        json!({"order_id": jp_order, "cancel_reason": "seller_cancel_reason_out_of_stock", "order_line_item_ids": [line]}),
    )
    .await;
    assert_eq!(r.code(), 25_005_010, "{}", r.json);
}

#[tokio::test]
async fn search_cancellations_filters_pages_and_sorts() {
    let sb = world().await;
    let c = sb.control();
    let us = c.demo_shop();
    fresh(c, &us.id);
    let api = Api::demo(&sb);
    let since = c.now();
    for o in orders_in(c, &us.id, "AWAITING_SHIPMENT", 1).iter().take(3) {
        c.request_buyer_cancel(&us.id, o, 0).unwrap();
        c.advance_clock(Duration::from_secs(60));
    }
    let pending =
        json!({"cancel_status": ["CANCELLATION_REQUEST_PENDING"], "update_time_ge": since});
    let all = search(&api, &us.cipher, &[("page_size", "50")], pending.clone()).await;
    assert_eq!(all.json["data"]["total_count"], 3, "{}", all.json);
    let first = search(
        &api,
        &us.cipher,
        &[
            ("page_size", "2"),
            ("sort_field", "update_time"),
            ("sort_order", "DESC"),
        ],
        pending.clone(),
    )
    .await;
    let items = first.json["data"]["cancellations"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(items.len(), 2);
    assert!(items[0]["update_time"].as_i64() >= items[1]["update_time"].as_i64());
    let token = first.json["data"]["next_page_token"]
        .as_str()
        .unwrap()
        .to_string();
    let second = search(
        &api,
        &us.cipher,
        &[
            ("page_size", "2"),
            ("sort_field", "update_time"),
            ("sort_order", "DESC"),
            ("page_token", &token),
        ],
        pending.clone(),
    )
    .await;
    assert_eq!(
        second.json["data"]["cancellations"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(second.json["data"]["next_page_token"], "");
    let buyer_only = search(
        &api,
        &us.cipher,
        &[],
        json!({"cancel_types": ["BUYER_CANCEL"], "update_time_lt": since}),
    )
    .await;
    assert!(buyer_only.json["data"]["cancellations"]
        .as_array()
        .unwrap()
        .iter()
        .all(|x| x["cancel_type"] == "BUYER_CANCEL" && x["update_time"].as_i64() < Some(since)));
    for bad in ["0", "51"] {
        let r = search(&api, &us.cipher, &[("page_size", bad)], json!({})).await;
        assert_eq!(r.code(), 25_001_001, "page_size {bad}");
    }
}

#[tokio::test]
async fn aftersale_eligibility_says_which_items_the_seller_may_cancel() {
    let sb = world().await;
    let c = sb.control();
    let us = c.demo_shop();
    fresh(c, &us.id);
    let api = Api::demo(&sb);
    let ready = orders_in(c, &us.id, "AWAITING_SHIPMENT", 1);
    let path = |o: &str| format!("/return_refund/202309/orders/{o}/aftersale_eligibility");
    let r = api.call("GET", &path(&ready[0]), &us.cipher, None).await;
    assert_eq!(r.code(), 0, "{}", r.json);
    let entry = &r.json["data"]["sku_eligibility"][0]["line_item_eligibility"][0];
    assert_eq!(entry["request_type"], "CANCEL");
    assert_eq!(entry["eligible"], true);
    c.request_buyer_cancel(&us.id, &ready[0], 0).unwrap();
    let r = api.call("GET", &path(&ready[0]), &us.cipher, None).await;
    let entry = &r.json["data"]["sku_eligibility"][0]["line_item_eligibility"][0];
    assert_eq!(entry["eligible"], false);
    assert_eq!(entry["ineligible_code"], 25_001_011);
}

#[tokio::test]
async fn some_shipped_orders_are_cancelled_by_the_system_when_the_package_is_lost() {
    let sb = Sandbox::start(SandboxConfig {
        seed: 11,
        orders_per_shop: 3_000,
        start_time: Some(1_750_000_000),
        ..SandboxConfig::default()
    })
    .await
    .unwrap();
    let c = sb.control();
    let us = c.demo_shop();
    let lost: Vec<_> = c
        .orders(&us.id)
        .unwrap()
        .into_iter()
        .filter(|o| o.status == "CANCELLED" && o.collection_time.is_some())
        .collect();
    assert!(!lost.is_empty(), "no lost package in 3,000 orders");
    for o in &lost {
        assert_eq!(o.cancellation_initiator.as_deref(), Some("SYSTEM"));
        assert_eq!(o.cancel_reason.as_deref(), Some("Package lost"));
        let rec = &c.cancellations(&us.id, &o.id).unwrap()[0];
        assert_eq!(
            (rec.role.as_str(), rec.cancel_reason.as_str()),
            ("SYSTEM", "package_lost")
        );
    }
}
