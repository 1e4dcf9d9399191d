//! Tracking corrections as the specs and write-api §C describe them, over real loopback HTTP:
//! one update per order (or package), a 72-hour window in the US, UK and SEA and none in the
//! rest of EMEA, and each endpoint's own codes (SPEC:fulfillment/update-shipping-info,
//! update-package-shipping-info).

use crate::common::{added_shop, Api, Resp};
use serde_json::json;
use shopdock_sandbox::{
    Control, MarketCode, Sandbox, SandboxConfig, ShippingMode, ShopInfo, ShopSetup,
};
use shopdock_tiktok::model::Order;
use std::time::Duration;

const HOUR: u64 = 3_600;

/// shop0 UK seller shipping, shop1 DE seller shipping.
async fn world() -> Sandbox {
    Sandbox::start(SandboxConfig {
        seed: 7,
        orders_per_shop: 120,
        start_time: Some(1_750_000_000),
        extra_shops: vec![
            ShopSetup::local(MarketCode::Uk, ShippingMode::Seller),
            ShopSetup::local(MarketCode::De, ShippingMode::Seller),
        ],
        ..SandboxConfig::default()
    })
    .await
    .expect("sandbox starts")
}

/// Seller-shipped orders awaiting shipment, fresh and past any hold.
fn ready(c: &Control, shop: &str, n: usize) -> Vec<Order> {
    c.create_orders(shop, n).unwrap();
    c.advance_clock(Duration::from_secs(2 * HOUR));
    c.orders(shop)
        .unwrap()
        .into_iter()
        .filter(|o| {
            o.status == "AWAITING_SHIPMENT"
                && o.shipping_type == "SELLER"
                && o.fulfillment_type == "FULFILLMENT_BY_SELLER"
                && !o.is_buyer_request_cancel
        })
        .collect()
}

/// A provider of the order's option and a number it accepts.
fn carrier(c: &Control, shop: &str, order: &Order, seq: u64) -> (String, String) {
    let p = c
        .shipping_providers(shop, order.delivery_option_id.as_deref().unwrap())
        .unwrap()
        .remove(0);
    let t = c.sample_tracking_number(shop, &p.id, seq).unwrap();
    (p.id, t)
}

async fn post(api: &Api, shop: &ShopInfo, path: String, provider: &str, tracking: &str) -> Resp {
    let body = json!({"tracking_number": tracking, "shipping_provider_id": provider});
    api.call("POST", &path, &shop.cipher, Some(&body.to_string()))
        .await
}

async fn ship(api: &Api, c: &Control, shop: &ShopInfo, order: &Order, seq: u64) -> String {
    let (p, t) = carrier(c, &shop.id, order, seq);
    let path = format!("/fulfillment/202309/orders/{}/packages", order.id);
    let r = post(api, shop, path, &p, &t).await;
    assert_eq!(r.code(), 0, "{}", r.json);
    p
}

fn order_path(order: &Order) -> String {
    format!(
        "/fulfillment/202309/orders/{}/shipping_info/update",
        order.id
    )
}

fn package_path(package: &str) -> String {
    format!("/fulfillment/202309/packages/{package}/shipping_info/update")
}

fn package_of(c: &Control, shop: &ShopInfo, order: &Order) -> String {
    c.order(&shop.id, &order.id).unwrap().packages[0].id.clone()
}

/// Ships the first `n` orders, lets `hours` pass, and returns those the carrier has not
/// delivered yet, each with its provider (delivery comes 1 to 6 days after shipment).
async fn shipped_for(
    api: &Api,
    c: &Control,
    shop: &ShopInfo,
    orders: &[Order],
    n: usize,
    hours: u64,
) -> Vec<(Order, String)> {
    let mut shipped = Vec::new();
    for (i, order) in orders.iter().take(n).enumerate() {
        shipped.push((order.clone(), ship(api, c, shop, order, i as u64 + 1).await));
    }
    c.advance_clock(Duration::from_secs(hours * HOUR));
    shipped
        .into_iter()
        .filter(|(o, _)| {
            matches!(
                c.order(&shop.id, &o.id).unwrap().status.as_str(),
                "AWAITING_COLLECTION" | "IN_TRANSIT"
            )
        })
        .collect()
}

#[tokio::test]
async fn outside_the_uk_the_eu_allows_one_update_with_no_window() {
    let sb = world().await;
    let c = sb.control();
    let de = added_shop(c, 1);
    let api = Api::new(&sb, &de.seller_id);
    let orders = ready(c, &de.id, 30);
    let open = shipped_for(&api, c, &de, &orders, 10, 100).await;
    let [(by_order, p), (by_package, q), ..] = open.as_slice() else {
        panic!("two of ten orders still on their way after 100 h: {open:?}");
    };

    let (_, t) = carrier(c, &de.id, by_order, 31);
    let first = post(&api, &de, order_path(by_order), p, &t).await;
    assert_eq!(first.code(), 0, "no window in DE: {}", first.json);
    let (_, t) = carrier(c, &de.id, by_order, 32);
    let again = post(&api, &de, order_path(by_order), p, &t).await;
    assert_eq!(again.code(), 21_011_049, "one update: {}", again.json);

    let package = package_of(c, &de, by_package);
    let (_, t) = carrier(c, &de.id, by_package, 33);
    assert_eq!(
        post(&api, &de, package_path(&package), q, &t).await.code(),
        0
    );
    let (_, t) = carrier(c, &de.id, by_package, 34);
    let again = post(&api, &de, package_path(&package), q, &t).await;
    assert_eq!(again.code(), 21_011_051, "only once: {}", again.json);
}

#[tokio::test]
async fn the_uk_window_closes_72_hours_after_shipment_with_each_endpoints_code() {
    let sb = world().await;
    let c = sb.control();
    let uk = added_shop(c, 0);
    let api = Api::new(&sb, &uk.seller_id);
    let orders = ready(c, &uk.id, 30);
    let open = shipped_for(&api, c, &uk, &orders, 10, 73).await;
    let Some((order, p)) = open.first() else {
        panic!("an order still on its way 73 h after shipment");
    };
    let (_, t) = carrier(c, &uk.id, order, 41);
    let by_order = post(&api, &uk, order_path(order), p, &t).await;
    assert_eq!(by_order.code(), 21_011_049, "{}", by_order.json);
    let package = package_of(c, &uk, order);
    let by_package = post(&api, &uk, package_path(&package), p, &t).await;
    assert_eq!(by_package.code(), 21_011_050, "{}", by_package.json);
    assert_eq!(c.write_counts(&uk.id, &order.id).unwrap().writes, 1);
}

#[tokio::test]
async fn a_cancelled_orders_package_is_refused_with_the_package_specs_code() {
    let sb = world().await;
    let c = sb.control();
    let de = added_shop(c, 1);
    let api = Api::new(&sb, &de.seller_id);
    let cancelled = c
        .orders(&de.id)
        .unwrap()
        .into_iter()
        .find(|o| o.status == "CANCELLED" && o.shipping_type == "SELLER" && !o.packages.is_empty())
        .expect("a cancelled seller-shipped order with its package (DE has packages from payment)");
    let (p, t) = carrier(c, &de.id, &cancelled, 1);
    let r = post(&api, &de, package_path(&cancelled.packages[0].id), &p, &t).await;
    assert_eq!(r.code(), 21_011_042, "{}", r.json);
    let r = post(&api, &de, order_path(&cancelled), &p, &t).await;
    assert_eq!(r.code(), 21_011_041, "{}", r.json);
}
