//! Issue 10.5: the sandbox learns fulfillment, over real loopback HTTP. Sources per test:
//! write-api fact sheet §A (arranging shipment per market, the "too early / twice / order
//! state" table, ON_HOLD 21011044), §C (providers per delivery option, tracking checks, the
//! US `warning.message`, one correction within 72 h) and the specs under
//! `tiktok-api-reference/endpoints/fulfillment/` and `logistics/`.

use crate::common::{added_shop, Api, Resp};
use serde_json::{json, Value};
use shopdock_sandbox::{
    Control, MarketCode, Sandbox, SandboxConfig, ShippingMode, ShopInfo, ShopSetup, DEMO_SELLER,
};
use shopdock_tiktok::model::Order;
use std::time::Duration;

const HOUR: u64 = 3_600;

/// The demo world plus one shop per market and shipping type under test:
/// shop0 UK seller, shop1 DE seller, shop2 MY TikTok, shop3 MY seller, shop4 JP seller,
/// shop5 UK TikTok.
pub async fn world() -> Sandbox {
    Sandbox::start(SandboxConfig {
        seed: 42,
        orders_per_shop: 150,
        start_time: Some(1_750_000_000),
        extra_shops: vec![
            ShopSetup::local(MarketCode::Uk, ShippingMode::Seller),
            ShopSetup::local(MarketCode::De, ShippingMode::Seller),
            ShopSetup::local(MarketCode::My, ShippingMode::Tiktok),
            ShopSetup::local(MarketCode::My, ShippingMode::Seller),
            ShopSetup::local(MarketCode::Jp, ShippingMode::Seller),
            ShopSetup::local(MarketCode::Uk, ShippingMode::Tiktok),
        ],
        ..SandboxConfig::default()
    })
    .await
    .expect("sandbox starts")
}

/// Orders of `shop` ready to ship: AWAITING_SHIPMENT, the seller's, no pending cancellation.
fn ready(c: &Control, shop: &str, shipping_type: &str) -> Vec<Order> {
    c.orders(shop)
        .unwrap()
        .into_iter()
        .filter(|o| {
            o.status == "AWAITING_SHIPMENT"
                && o.shipping_type == shipping_type
                && o.fulfillment_type == "FULFILLMENT_BY_SELLER"
                && !o.is_buyer_request_cancel
        })
        .collect()
}

/// `n` new orders in `shop`, two hours on (paid and released).
fn fresh(c: &Control, shop: &str, n: usize) {
    c.create_orders(shop, n).unwrap();
    c.advance_clock(Duration::from_secs(2 * HOUR));
}

/// A provider of the order's delivery option and a number that passes its check.
fn carrier(c: &Control, shop: &str, order: &Order, pick: usize, seq: u64) -> (String, String) {
    let providers = c
        .shipping_providers(shop, order.delivery_option_id.as_deref().unwrap())
        .unwrap();
    let p = &providers[pick % providers.len()];
    (
        p.id.clone(),
        c.sample_tracking_number(shop, &p.id, seq).unwrap(),
    )
}

async fn mark(
    api: &Api,
    shop: &ShopInfo,
    order_id: &str,
    provider: &str,
    tracking: &str,
    items: Option<Vec<String>>,
) -> Resp {
    let mut body = json!({ "tracking_number": tracking, "shipping_provider_id": provider });
    if let Some(items) = items {
        body["order_line_item_ids"] = json!(items);
    }
    api.call(
        "POST",
        &format!("/fulfillment/202309/orders/{order_id}/packages"),
        &shop.cipher,
        Some(&body.to_string()),
    )
    .await
}

fn order(c: &Control, shop: &ShopInfo, id: &str) -> Order {
    c.order(&shop.id, id).unwrap()
}

#[tokio::test]
async fn mark_as_shipped_creates_the_package_then_collection_transit_and_delivery_follow() {
    let sb = world().await;
    let c = sb.control();
    let shop = c.demo_shop();
    let api = Api::demo(&sb);
    let o = ready(c, &shop.id, "SELLER").remove(0);
    assert!(
        o.packages.is_empty(),
        "US local: no package before shipping"
    );
    let (provider, tracking) = carrier(c, &shop.id, &o, 0, 1);
    let r = mark(&api, &shop, &o.id, &provider, &tracking, None).await;
    assert_eq!((r.status, r.code()), (200, 0), "{}", r.json);
    let package_id = r.json["data"]["package_id"].as_str().unwrap().to_string();
    assert_eq!(r.json["data"]["order_id"], o.id.as_str());
    assert_eq!(
        r.json["data"]["order_line_item_ids"]
            .as_array()
            .unwrap()
            .len(),
        o.line_items.len()
    );
    assert!(r.json["data"].get("warning").is_none(), "{}", r.json);

    let now = order(c, &shop, &o.id);
    assert_eq!(now.status, "AWAITING_COLLECTION");
    assert_eq!(now.tracking_number.as_deref(), Some(tracking.as_str()));
    assert_eq!(now.shipping_provider_id.as_deref(), Some(provider.as_str()));
    assert_eq!(now.packages[0].id, package_id);
    assert!(now
        .line_items
        .iter()
        .all(|l| l.package_id.as_deref() == Some(package_id.as_str())
            && l.package_status.as_deref() == Some("PROCESSING")
            && l.tracking_number.as_deref() == Some(tracking.as_str())));
    let counts = c.write_counts(&shop.id, &o.id).unwrap();
    assert_eq!(counts.writes, 1);
    assert_eq!(counts.packages.get(&package_id), Some(&1));

    // The carrier scans it within 30 h, delivers within 5 days more.
    c.advance_clock(Duration::from_secs(31 * HOUR));
    let later = order(c, &shop, &o.id);
    assert_eq!(later.status, "IN_TRANSIT");
    assert_eq!(
        later.line_items[0].package_status.as_deref(),
        Some("FULFILLING")
    );
    c.advance_clock(Duration::from_secs(5 * 24 * HOUR));
    assert_eq!(order(c, &shop, &o.id).status, "DELIVERED");

    // Get Package Detail and Search Package see the same package.
    let d = api
        .call(
            "GET",
            &format!("/fulfillment/202309/packages/{package_id}"),
            &shop.cipher,
            None,
        )
        .await;
    assert_eq!(d.code(), 0, "{}", d.json);
    assert_eq!(d.json["data"]["tracking_number"], tracking.as_str());
    assert_eq!(d.json["data"]["package_status"], "COMPLETED");
    assert_eq!(d.json["data"]["shipping_type"], "SELLER");
    let mut req = api.req("POST", "/fulfillment/202309/packages/search");
    req.cipher = Some(shop.cipher.clone());
    req.params = vec![
        ("page_size".into(), "50".into()),
        ("sort_field".into(), "update_time".into()),
    ];
    let delivered = order(c, &shop, &o.id).delivery_time.unwrap();
    req.body =
        Some(json!({"package_status": "COMPLETED", "update_time_ge": delivered}).to_string());
    let s = api.send(req).await;
    assert_eq!(s.code(), 0, "{}", s.json);
    let found = s.json["data"]["packages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == package_id.as_str())
        .expect("the package is found");
    assert_eq!(found["tracking_number"], tracking.as_str());
    assert_eq!(found["orders"][0]["id"], o.id.as_str());
}

#[tokio::test]
async fn line_item_split_gives_partially_shipping_then_awaiting_collection() {
    let sb = world().await;
    let c = sb.control();
    let shop = c.demo_shop();
    let api = Api::demo(&sb);
    fresh(c, &shop.id, 60);
    let o = ready(c, &shop.id, "SELLER")
        .into_iter()
        .find(|o| o.line_items.len() >= 2)
        .expect("a seller order with two line items");
    let first = vec![o.line_items[0].id.clone()];
    let (provider, t1) = carrier(c, &shop.id, &o, 0, 11);
    let r = mark(&api, &shop, &o.id, &provider, &t1, Some(first.clone())).await;
    assert_eq!(r.code(), 0, "{}", r.json);
    assert_eq!(r.json["data"]["order_line_item_ids"], json!(first));
    let p1 = r.json["data"]["package_id"].as_str().unwrap().to_string();
    let mid = order(c, &shop, &o.id);
    assert_eq!(mid.status, "PARTIALLY_SHIPPING");
    assert_eq!(
        mid.packages.len(),
        1,
        "the rest has no package yet (US local)"
    );
    assert_eq!(mid.line_items[1].package_id, None);

    // The same line item again: its package has shipped.
    let again = mark(&api, &shop, &o.id, &provider, &t1, Some(first)).await;
    assert_eq!(again.code(), 21_008_099, "{}", again.json);

    let (_, t2) = carrier(c, &shop.id, &o, 0, 12);
    let r = mark(&api, &shop, &o.id, &provider, &t2, None).await;
    assert_eq!(r.code(), 0, "{}", r.json);
    let p2 = r.json["data"]["package_id"].as_str().unwrap().to_string();
    assert_ne!(p1, p2);
    let done = order(c, &shop, &o.id);
    assert_eq!(done.status, "AWAITING_COLLECTION");
    assert_eq!(done.packages.len(), 2);
    assert_eq!(done.split_or_combine_tag.as_deref(), Some("SPLIT"));
    assert_eq!(c.write_counts(&shop.id, &o.id).unwrap().writes, 2);
}

#[tokio::test]
async fn refusals_of_the_too_early_twice_and_order_state_table_carry_their_codes() {
    let sb = world().await;
    let c = sb.control();
    let shop = c.demo_shop();
    let api = Api::demo(&sb);
    let all = c.orders(&shop.id).unwrap();
    let seller = ready(c, &shop.id, "SELLER");
    let (provider, tracking) = carrier(c, &shop.id, &seller[0], 0, 21);

    // ON_HOLD (US): 21011044, nothing written.
    c.create_orders(&shop.id, 40).unwrap();
    c.advance_clock(Duration::from_secs(1_300));
    let on_hold = c
        .orders(&shop.id)
        .unwrap()
        .into_iter()
        .find(|o| o.status == "ON_HOLD" && o.shipping_type == "SELLER")
        .expect("an ON_HOLD seller order");
    let r = mark(&api, &shop, &on_hold.id, &provider, &tracking, None).await;
    assert_eq!((r.status, r.code()), (200, 21_011_044), "{}", r.json);
    assert_eq!(c.write_counts(&shop.id, &on_hold.id).unwrap().writes, 0);
    assert_eq!(order(c, &shop, &on_hold.id).status, "ON_HOLD");

    // UNPAID: too early as well.
    c.create_orders(&shop.id, 10).unwrap();
    let unpaid = c
        .orders(&shop.id)
        .unwrap()
        .into_iter()
        .find(|o| o.status == "UNPAID" && o.shipping_type == "SELLER")
        .expect("an unpaid order");
    let r = mark(&api, &shop, &unpaid.id, &provider, &tracking, None).await;
    assert_eq!(r.code(), 21_011_003, "{}", r.json);

    // Twice: 21011006.
    let r = mark(&api, &shop, &seller[0].id, &provider, &tracking, None).await;
    assert_eq!(r.code(), 0, "{}", r.json);
    let r = mark(&api, &shop, &seller[0].id, &provider, &tracking, None).await;
    assert_eq!(r.code(), 21_011_006, "{}", r.json);
    assert_eq!(c.write_counts(&shop.id, &seller[0].id).unwrap().writes, 1);

    // Cancelled: 21011041.
    let cancelled = all
        .iter()
        .find(|o| o.status == "CANCELLED" && o.shipping_type == "SELLER")
        .expect("a cancelled order");
    let r = mark(&api, &shop, &cancelled.id, &provider, &tracking, None).await;
    assert_eq!(r.code(), 21_011_041, "{}", r.json);

    // FBT: 21008025.
    let fbt = all
        .iter()
        .find(|o| o.fulfillment_type == "FULFILLMENT_BY_TIKTOK")
        .expect("an FBT order");
    let r = mark(&api, &shop, &fbt.id, &provider, &tracking, None).await;
    assert_eq!(r.code(), 21_008_025, "{}", r.json);

    // TikTok shipping through Mark Package As Shipped: 21011013.
    let tiktok = ready(c, &shop.id, "TIKTOK").remove(0);
    let r = mark(&api, &shop, &tiktok.id, &provider, &tracking, None).await;
    assert_eq!(r.code(), 21_011_013, "{}", r.json);

    // Another shop's order: 21011029.
    let uk = added_shop(c, 0);
    let uk_order = ready(c, &uk.id, "SELLER").remove(0);
    let r = mark(&api, &shop, &uk_order.id, &provider, &tracking, None).await;
    assert_eq!(r.code(), 21_011_029, "{}", r.json);

    // Outside the markets of Mark Package As Shipped: 21008106.
    let my = added_shop(c, 3);
    let my_api = Api::new(&sb, &my.seller_id);
    let my_order = ready(c, &my.id, "SELLER").remove(0);
    let (p, t) = carrier(c, &my.id, &my_order, 0, 5);
    let r = mark(&my_api, &my, &my_order.id, &p, &t, None).await;
    assert_eq!(r.code(), 21_008_106, "{}", r.json);
}

#[tokio::test]
async fn tracking_numbers_are_checked_against_the_provider_with_a_us_warning() {
    let sb = world().await;
    let c = sb.control();
    let shop = c.demo_shop();
    let api = Api::demo(&sb);
    fresh(c, &shop.id, 60);
    let orders = ready(c, &shop.id, "SELLER");
    let o = &orders[0];
    let opt = o.delivery_option_id.clone().unwrap();
    let providers = c.shipping_providers(&shop.id, &opt).unwrap();
    assert!(providers
        .iter()
        .all(|p| p.tracking_pattern.starts_with('^')));
    let (chosen, other) = (&providers[0], &providers[1]);
    let others_number = c.sample_tracking_number(&shop.id, &other.id, 3).unwrap();

    // Special characters: 21004012 (normalise first).
    let r = mark(&api, &shop, &o.id, &chosen.id, "9400 1118-99", None).await;
    assert_eq!(r.code(), 21_004_012, "{}", r.json);
    // A provider outside the delivery option: 21011022.
    let r = mark(&api, &shop, &o.id, "1234", &others_number, None).await;
    assert_eq!(r.code(), 21_011_022, "{}", r.json);
    // US: another provider's number passes with the documented warning.
    let r = mark(&api, &shop, &o.id, &chosen.id, &others_number, None).await;
    assert_eq!(r.code(), 0, "{}", r.json);
    let warning = r.json["data"]["warning"]["message"].as_str().unwrap();
    assert!(
        warning.contains("does not match your selected logistics provider")
            && warning.contains(&other.name),
        "{warning}"
    );
    // US: no provider's number at all passes with its warning too.
    let (p1, _) = carrier(c, &shop.id, &orders[1], 0, 0);
    let r = mark(&api, &shop, &orders[1].id, &p1, "ZZZ1", None).await;
    assert_eq!(r.code(), 0, "{}", r.json);
    assert!(r.json["data"]["warning"]["message"]
        .as_str()
        .unwrap()
        .starts_with("No logistics provider could be found"));

    // A number already on another buyer's order: 21011025.
    let dup = orders
        .iter()
        .skip(2)
        .find(|x| x.user_id != o.user_id)
        .unwrap();
    let r = mark(&api, &shop, &dup.id, &other.id, &others_number, None).await;
    assert_eq!(r.code(), 21_011_025, "{}", r.json);

    // Outside the US a mismatch is refused: 21004015 (another provider's), 11028006 (none).
    let uk = added_shop(c, 0);
    let uk_api = Api::new(&sb, &uk.seller_id);
    let uk_order = ready(c, &uk.id, "SELLER").remove(0);
    let uk_opt = uk_order.delivery_option_id.clone().unwrap();
    let uk_providers = c.shipping_providers(&uk.id, &uk_opt).unwrap();
    let foreign = c
        .sample_tracking_number(&uk.id, &uk_providers[1].id, 4)
        .unwrap();
    let r = mark(
        &uk_api,
        &uk,
        &uk_order.id,
        &uk_providers[0].id,
        &foreign,
        None,
    )
    .await;
    assert_eq!(r.code(), 21_004_015, "{}", r.json);
    let r = mark(&uk_api, &uk, &uk_order.id, &uk_providers[0].id, "Q1", None).await;
    assert_eq!(r.code(), 11_028_006, "{}", r.json);
    assert_eq!(c.write_counts(&uk.id, &uk_order.id).unwrap().writes, 0);
}

#[tokio::test]
async fn a_pending_buyer_cancellation_is_rejected_by_shipping_in_the_us_and_blocks_it_elsewhere() {
    let sb = world().await;
    let c = sb.control();
    let shop = c.demo_shop();
    let de = added_shop(c, 1);
    c.create_orders(&shop.id, 400).unwrap();
    c.create_orders(&de.id, 400).unwrap();
    c.advance_clock(Duration::from_secs(22 * HOUR));
    let pending = |s: &ShopInfo| {
        c.orders(&s.id)
            .unwrap()
            .into_iter()
            .find(|o| {
                o.is_buyer_request_cancel
                    && o.status == "AWAITING_SHIPMENT"
                    && o.shipping_type == "SELLER"
                    && o.fulfillment_type == "FULFILLMENT_BY_SELLER"
            })
            .expect("an order with a pending buyer cancellation")
    };
    let us_order = pending(&shop);
    let (p, t) = carrier(c, &shop.id, &us_order, 0, 31);
    let r = mark(&Api::demo(&sb), &shop, &us_order.id, &p, &t, None).await;
    assert_eq!(r.code(), 0, "{}", r.json);
    let after = order(c, &shop, &us_order.id);
    assert_eq!(after.status, "AWAITING_COLLECTION");
    assert!(!after.is_buyer_request_cancel, "the request was rejected");

    let de_order = pending(&de);
    let (p, t) = carrier(c, &de.id, &de_order, 0, 32);
    let r = mark(
        &Api::new(&sb, &de.seller_id),
        &de,
        &de_order.id,
        &p,
        &t,
        None,
    )
    .await;
    assert_eq!(r.code(), 21_011_007, "{}", r.json);
}

fn slot_body(slot: &Value) -> String {
    json!({
        "handover_method": "PICKUP",
        "pickup_slot": { "start_time": slot["start_time"], "end_time": slot["end_time"] }
    })
    .to_string()
}

#[tokio::test]
async fn ship_package_arranges_pickup_in_an_offered_slot_or_drop_off() {
    let sb = world().await;
    let c = sb.control();
    // The seeded UK shop (cross-border): its packages exist from payment. (A UK local
    // seller's package appears only once shipped, SPEC:orders/get-order-detail.)
    let uk = c.shops().into_iter().find(|s| s.region == "GB").unwrap();
    let api = Api::new(&sb, &uk.seller_id);
    fresh(c, &uk.id, 40);
    let orders = ready(c, &uk.id, "TIKTOK");
    let pkg = |o: &Order| o.packages[0].id.clone();
    let slots = api
        .call(
            "GET",
            &format!(
                "/fulfillment/202309/packages/{}/handover_time_slots",
                pkg(&orders[0])
            ),
            &uk.cipher,
            None,
        )
        .await;
    assert_eq!(slots.code(), 0, "{}", slots.json);
    assert_eq!(slots.json["data"]["can_van_collection"], true, "UK only");
    let offered = slots.json["data"]["pickup_slots"].as_array().unwrap();
    let open = offered.iter().find(|s| s["avaliable"] == true).unwrap();
    let booked = offered.iter().find(|s| s["avaliable"] == false).unwrap();
    let ship = |o: &Order, body: String| {
        let path = format!("/fulfillment/202309/packages/{}/ship", pkg(o));
        let api = &api;
        let cipher = uk.cipher.clone();
        async move { api.call("POST", &path, &cipher, Some(&body)).await }
    };

    let r = ship(&orders[0], slot_body(booked)).await;
    assert_eq!(r.code(), 21_011_053, "{}", r.json);
    let r = ship(&orders[0], json!({"handover_method": "PICKUP"}).to_string()).await;
    assert_eq!(r.code(), 21_011_054, "{}", r.json);
    let r = ship(&orders[0], slot_body(open)).await;
    assert_eq!(
        (r.code(), r.json["data"].clone()),
        (0, json!({})),
        "{}",
        r.json
    );
    let r = ship(&orders[0], slot_body(open)).await;
    assert_eq!(r.code(), 21_011_040, "{}", r.json);

    let shipped = order(c, &uk, &orders[0].id);
    assert_eq!(shipped.status, "AWAITING_COLLECTION");
    assert!(
        shipped.tracking_number.is_some(),
        "TikTok assigns the number"
    );
    let d = api
        .call(
            "GET",
            &format!("/fulfillment/202309/packages/{}", pkg(&orders[0])),
            &uk.cipher,
            None,
        )
        .await;
    assert_eq!(d.json["data"]["handover_method"], "PICKUP");
    assert_eq!(
        d.json["data"]["pickup_slot"]["start_time"],
        open["start_time"]
    );

    let r = ship(
        &orders[1],
        json!({"handover_method": "DROP_OFF"}).to_string(),
    )
    .await;
    assert_eq!(r.code(), 0, "{}", r.json);
    let self_shipped = ship(
        &orders[2],
        json!({"self_shipment": {"tracking_number": "1", "shipping_provider_id": "2"}}).to_string(),
    )
    .await;
    assert_eq!(self_shipped.code(), 21_011_003, "{}", self_shipped.json);
    assert_eq!(c.write_counts(&uk.id, &orders[0].id).unwrap().writes, 1);
}

#[tokio::test]
async fn sea_seller_shipping_arranges_shipment_with_its_own_tracking() {
    let sb = world().await;
    let c = sb.control();
    let my = added_shop(c, 3);
    let api = Api::new(&sb, &my.seller_id);
    let o = ready(c, &my.id, "SELLER").remove(0);
    let (p, t) = carrier(c, &my.id, &o, 0, 41);
    let path = format!("/fulfillment/202309/packages/{}/ship", o.packages[0].id);
    let r = api
        .call(
            "POST",
            &path,
            &my.cipher,
            Some(r#"{"handover_method":"PICKUP"}"#),
        )
        .await;
    assert_eq!(
        r.code(),
        21_001_001,
        "a seller package needs self_shipment: {}",
        r.json
    );
    let body = json!({"self_shipment": {"tracking_number": t, "shipping_provider_id": p}});
    let r = api
        .call("POST", &path, &my.cipher, Some(&body.to_string()))
        .await;
    assert_eq!(r.code(), 0, "{}", r.json);
    let now = order(c, &my, &o.id);
    assert_eq!(now.status, "AWAITING_COLLECTION");
    assert_eq!(now.tracking_number.as_deref(), Some(t.as_str()));
}

#[tokio::test]
async fn batch_ship_reports_each_failed_package_under_code_zero() {
    let sb = world().await;
    let c = sb.control();
    let my = added_shop(c, 2);
    let api = Api::new(&sb, &my.seller_id);
    let orders = ready(c, &my.id, "TIKTOK");
    let ids: Vec<String> = orders
        .iter()
        .take(3)
        .map(|o| o.packages[0].id.clone())
        .collect();
    let body = json!({"packages": [
        {"id": ids[0]}, {"id": ids[1]}, {"id": "999"}, {"id": ids[0]}
    ]});
    let r = api
        .call(
            "POST",
            "/fulfillment/202309/packages/ship",
            &my.cipher,
            Some(&body.to_string()),
        )
        .await;
    assert_eq!(r.code(), 0, "{}", r.json);
    let errors = r.json["data"]["errors"].as_array().unwrap();
    let got: Vec<(i64, &str)> = errors
        .iter()
        .map(|e| {
            (
                e["code"].as_i64().unwrap(),
                e["detail"]["package_id"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![(21_011_028, "999"), (21_011_040, ids[0].as_str())]
    );
    assert_eq!(order(c, &my, &orders[0].id).status, "AWAITING_COLLECTION");
    assert_eq!(order(c, &my, &orders[1].id).status, "AWAITING_COLLECTION");
    assert_eq!(order(c, &my, &orders[2].id).status, "AWAITING_SHIPMENT");
    assert_eq!(c.package_write_count(&my.id, &ids[0]).unwrap(), 1);
}

#[tokio::test]
async fn us_tiktok_shipping_buys_a_label_once() {
    let sb = world().await;
    let c = sb.control();
    let shop = c.demo_shop();
    let api = Api::demo(&sb);
    let o = ready(c, &shop.id, "TIKTOK").remove(0);
    let q = api
        .call(
            "POST",
            &format!(
                "/fulfillment/202309/orders/{}/shipping_services/query",
                o.id
            ),
            &shop.cipher,
            Some(r#"{"weight":{"value":"900","unit":"GRAM"}}"#),
        )
        .await;
    assert_eq!(q.code(), 0, "{}", q.json);
    let services = q.json["data"]["shipping_services"].as_array().unwrap();
    assert_eq!(
        services.iter().filter(|s| s["is_default"] == true).count(),
        1
    );
    let pick = &services[1];
    let body = json!({"order_id": o.id, "shipping_service_id": pick["id"],
        "weight": {"value": "900", "unit": "GRAM"}});
    let r = api
        .call(
            "POST",
            "/fulfillment/202309/packages",
            &shop.cipher,
            Some(&body.to_string()),
        )
        .await;
    assert_eq!(r.code(), 0, "{}", r.json);
    assert_eq!(r.json["data"]["shipping_service_info"]["id"], pick["id"]);
    let package_id = r.json["data"]["package_id"].as_str().unwrap().to_string();
    let now = order(c, &shop, &o.id);
    assert_eq!(now.status, "AWAITING_COLLECTION");
    assert_eq!(now.packages[0].id, package_id);
    assert_eq!(
        now.shipping_provider_id.as_deref(),
        pick["shipping_provider_id"].as_str()
    );
    let again = api
        .call(
            "POST",
            "/fulfillment/202309/packages",
            &shop.cipher,
            Some(&body.to_string()),
        )
        .await;
    assert_eq!(again.code(), 21_022_025, "{}", again.json);

    let seller = ready(c, &shop.id, "SELLER").remove(0);
    let r = api
        .call(
            "POST",
            "/fulfillment/202309/packages",
            &shop.cipher,
            Some(&json!({"order_id": seller.id}).to_string()),
        )
        .await;
    assert_eq!(r.code(), 21_011_012, "{}", r.json);
    let unknown = api
        .call(
            "POST",
            "/fulfillment/202309/packages",
            &shop.cipher,
            Some(&json!({"order_id": ready(c, &shop.id, "TIKTOK")[0].id, "shipping_service_id": "1"}).to_string()),
        )
        .await;
    assert_eq!(unknown.code(), 21_004_008, "{}", unknown.json);

    let uk = added_shop(c, 5);
    let r = Api::new(&sb, &uk.seller_id)
        .call(
            "POST",
            "/fulfillment/202309/packages",
            &uk.cipher,
            Some(r#"{"order_id":"1"}"#),
        )
        .await;
    assert_eq!(r.code(), 21_008_106, "{}", r.json);
}

#[tokio::test]
async fn shipping_info_may_be_corrected_once_within_the_window() {
    let sb = world().await;
    let c = sb.control();
    let shop = c.demo_shop();
    let api = Api::demo(&sb);
    fresh(c, &shop.id, 60);
    let orders = ready(c, &shop.id, "SELLER");
    let update = |id: &str, provider: &str, tracking: &str| {
        let path = format!("/fulfillment/202309/orders/{id}/shipping_info/update");
        let body = json!({"tracking_number": tracking, "shipping_provider_id": provider});
        let api = &api;
        let cipher = shop.cipher.clone();
        async move {
            api.call("POST", &path, &cipher, Some(&body.to_string()))
                .await
        }
    };
    let (p, t) = carrier(c, &shop.id, &orders[0], 0, 51);
    let r = update(&orders[0].id, &p, &t).await;
    assert_eq!(r.code(), 21_011_043, "not shipped yet: {}", r.json);
    assert_eq!(
        mark(&api, &shop, &orders[0].id, &p, &t, None).await.code(),
        0
    );
    let (_, t2) = carrier(c, &shop.id, &orders[0], 0, 52);
    let r = update(&orders[0].id, &p, &t2).await;
    assert_eq!(
        (r.code(), r.json["data"].clone()),
        (0, json!({})),
        "{}",
        r.json
    );
    assert_eq!(
        order(c, &shop, &orders[0].id).tracking_number,
        Some(t2.clone())
    );
    let (_, t3) = carrier(c, &shop.id, &orders[0], 0, 53);
    let r = update(&orders[0].id, &p, &t3).await;
    assert_eq!(r.code(), 21_011_049, "only once: {}", r.json);

    let tiktok = ready(c, &shop.id, "TIKTOK").remove(0);
    let r = update(&tiktok.id, &p, &t3).await;
    assert_eq!(r.code(), 21_011_004, "{}", r.json);

    // After 72 h: 21011049 while in transit, 21011030 once delivered.
    let (p4, t4) = carrier(c, &shop.id, &orders[1], 0, 54);
    assert_eq!(
        mark(&api, &shop, &orders[1].id, &p4, &t4, None)
            .await
            .code(),
        0
    );
    c.advance_clock(Duration::from_secs(73 * HOUR));
    let (_, t5) = carrier(c, &shop.id, &orders[1], 0, 55);
    let r = update(&orders[1].id, &p4, &t5).await;
    let expected = match order(c, &shop, &orders[1].id).status.as_str() {
        "DELIVERED" => 21_011_030,
        _ => 21_011_049,
    };
    assert_eq!(r.code(), expected, "{}", r.json);
    assert_eq!(c.write_counts(&shop.id, &orders[1].id).unwrap().writes, 1);
}

#[tokio::test]
async fn shipping_providers_differ_per_delivery_option_and_tiktok_options_have_none() {
    let sb = world().await;
    let c = sb.control();
    let shop = c.demo_shop();
    let api = Api::demo(&sb);
    let get = |opt: &str| {
        let path = format!("/logistics/202309/delivery_options/{opt}/shipping_providers");
        let api = &api;
        let cipher = shop.cipher.clone();
        async move { api.call("GET", &path, &cipher, None).await }
    };
    let standard = get("7091146663229654785").await;
    let express = get("7091146663229654787").await;
    assert_eq!(standard.code(), 0, "{}", standard.json);
    let names = |r: &Resp| -> Vec<String> {
        r.json["data"]["shipping_providers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["name"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(names(&standard), vec!["USPS", "UPS", "FedEx"]);
    assert_eq!(names(&express), vec!["UPS", "FedEx"]);
    let tiktok = ready(c, &shop.id, "TIKTOK").remove(0);
    let r = get(tiktok.delivery_option_id.as_deref().unwrap()).await;
    assert_eq!(r.code(), 21_008_117, "{}", r.json);
    assert_eq!(get("42").await.code(), 21_008_116);
}

#[tokio::test]
async fn the_demo_shop_has_orders_of_both_shipping_types_to_ship() {
    for seed in [1, 42] {
        let sb = Sandbox::start(SandboxConfig {
            seed,
            ..SandboxConfig::default()
        })
        .await
        .unwrap();
        let c = sb.control();
        let shop = c.demo_shop();
        assert_eq!(shop.seller_id, DEMO_SELLER);
        assert!(
            !ready(c, &shop.id, "SELLER").is_empty(),
            "seed {seed}: seller shipping"
        );
        assert!(
            !ready(c, &shop.id, "TIKTOK").is_empty(),
            "seed {seed}: TikTok shipping"
        );
    }
}
