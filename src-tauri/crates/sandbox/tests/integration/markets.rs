//! Issue 9.6: shops in several markets and with both shipping types, behaving as the docs say.
//! Sources: ON_HOLD is US/UK only (write-api fact sheet §A "Traps", CL
//! for-us-and-uk-markets-introducing-on-hold-order-status); `line_items.package_id` "For local
//! sellers in the US and UK markets ... will not be returned before the package is shipped"
//! (SPEC:orders/get-order-detail); `order_type` "Returns an empty value for standard orders"
//! (same spec); money shapes from the spec's examples ("5000", "21.3", "1.50").

use crate::common::Api;
use serde_json::Value;
use shopdock_sandbox::{MarketCode, Sandbox, SandboxConfig, ShippingMode, ShopInfo, ShopSetup};
use std::time::Duration;

const HOUR: u64 = 3_600;

async fn sandbox_with_markets() -> Sandbox {
    Sandbox::start(SandboxConfig {
        seed: 9,
        orders_per_shop: 0,
        start_time: Some(1_750_000_000),
        extra_shops: vec![
            ShopSetup::local(MarketCode::Uk, ShippingMode::Seller),
            ShopSetup::local(MarketCode::De, ShippingMode::Seller),
            ShopSetup::local(MarketCode::My, ShippingMode::Tiktok),
            ShopSetup::local(MarketCode::Jp, ShippingMode::Seller),
            ShopSetup::local(MarketCode::Mx, ShippingMode::Seller),
            ShopSetup::local(MarketCode::Us, ShippingMode::Seller),
        ],
        ..SandboxConfig::default()
    })
    .await
    .expect("sandbox starts")
}

fn added(sb: &Sandbox) -> Vec<ShopInfo> {
    sb.control()
        .shops()
        .into_iter()
        .filter(|s| s.seller_id.starts_with("shop"))
        .collect()
}

/// Every order of a shop through Search Orders (real HTTP), as JSON.
async fn all_orders(sb: &Sandbox, shop: &ShopInfo) -> Vec<Value> {
    let api = Api::new(sb, &shop.seller_id);
    let mut out = Vec::new();
    let mut token = String::new();
    loop {
        let mut params = vec![("page_size", "100")];
        if !token.is_empty() {
            params.push(("page_token", token.as_str()));
        }
        let r = api.search(&shop.cipher, &params, "{}").await;
        assert_eq!(r.code(), 0, "{}", r.json);
        out.extend(r.json["data"]["orders"].as_array().unwrap().iter().cloned());
        token = r.json["data"]["next_page_token"]
            .as_str()
            .unwrap()
            .to_string();
        if token.is_empty() {
            return out;
        }
    }
}

fn status(o: &Value) -> &str {
    o["status"].as_str().unwrap()
}

#[tokio::test]
async fn on_hold_only_in_us_and_uk_elsewhere_the_hour_passes_in_awaiting_shipment() {
    let sb = sandbox_with_markets().await;
    let c = sb.control();
    c.pause_clock();
    let shops = added(&sb);
    assert_eq!(shops.len(), 6);
    for s in &shops {
        c.create_orders(&s.id, 150).unwrap();
    }
    // Everyone has paid (payment comes 30 s to 20 min after the order), nobody's hour is over.
    c.advance_clock(Duration::from_secs(25 * 60));
    for s in &shops {
        let orders = all_orders(&sb, s).await;
        let on_hold = orders.iter().filter(|o| status(o) == "ON_HOLD").count();
        let awaiting: Vec<&Value> = orders
            .iter()
            .filter(|o| status(o) == "AWAITING_SHIPMENT" && o["is_sample_order"] == false)
            .collect();
        if matches!(s.region.as_str(), "US" | "GB") {
            assert!(on_hold > 100, "{} has {on_hold} ON_HOLD", s.region);
            assert!(orders
                .iter()
                .filter(|o| status(o) == "ON_HOLD")
                .all(|o| o["is_on_hold_order"] == true));
        } else {
            assert_eq!(on_hold, 0, "{} has ON_HOLD orders", s.region);
            assert!(awaiting.len() > 100, "{}: {}", s.region, awaiting.len());
            for o in &awaiting {
                assert_eq!(o["is_on_hold_order"], false, "{}", s.region);
                // Paid less than an hour ago, yet already awaiting shipment, with an address.
                let paid = o["paid_time"].as_i64().unwrap();
                assert!(c.now() - paid < 3_600);
                assert!(o["recipient_address"].is_object());
            }
        }
        for o in &orders {
            assert_eq!(o["order_type"], "", "standard orders have no order_type");
        }
    }
}

#[tokio::test]
async fn packages_exist_from_payment_outside_us_and_uk_local_sellers_and_only_when_shipped_there() {
    let sb = sandbox_with_markets().await;
    let c = sb.control();
    c.pause_clock();
    let shops = added(&sb);
    for s in &shops {
        c.create_orders(&s.id, 120).unwrap();
    }
    c.advance_clock(Duration::from_secs(2 * HOUR));
    for s in &shops {
        let orders = all_orders(&sb, s).await;
        let waiting: Vec<&Value> = orders
            .iter()
            .filter(|o| status(o) == "AWAITING_SHIPMENT")
            .collect();
        assert!(!waiting.is_empty());
        let local_us_uk = matches!(s.region.as_str(), "US" | "GB");
        for o in waiting {
            let packages = o["packages"].as_array().unwrap();
            if local_us_uk {
                assert!(packages.is_empty(), "{}: {o}", s.region);
                assert!(o["line_items"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .all(|li| li.get("package_id").is_none_or(Value::is_null)));
            } else {
                // One package, or two for an order that will ship in two.
                let ids: Vec<&str> = packages.iter().map(|p| p["id"].as_str().unwrap()).collect();
                assert!((1..=2).contains(&ids.len()), "{}: {o}", s.region);
                assert!(ids
                    .iter()
                    .all(|id| id.len() == 19 && id.bytes().all(|b| b.is_ascii_digit())));
                for li in o["line_items"].as_array().unwrap() {
                    assert!(ids.contains(&li["package_id"].as_str().unwrap()), "{li}");
                    assert_eq!(li["package_status"], "TO_FULFILL");
                    assert!(li.get("tracking_number").is_none_or(Value::is_null));
                }
            }
        }
        // The shop's shipping type holds for every order.
        let want = match s.shipping_type.as_str() {
            "SELLER" => "SELLER",
            _ => "TIKTOK",
        };
        assert!(
            orders.iter().all(|o| o["shipping_type"] == want),
            "{}",
            s.region
        );
    }
}

#[tokio::test]
async fn split_shipments_go_through_partially_shipping_with_two_packages() {
    let sb = sandbox_with_markets().await;
    let c = sb.control();
    c.pause_clock();
    let de = added(&sb).into_iter().find(|s| s.region == "DE").unwrap();
    c.create_orders(&de.id, 400).unwrap();
    let api = Api::new(&sb, &de.seller_id);
    let mut seen = None;
    for _ in 0..(4 * 24) {
        c.advance_clock(Duration::from_secs(HOUR));
        let r = api
            .search(
                &de.cipher,
                &[("page_size", "50")],
                r#"{"order_status":"PARTIALLY_SHIPPING"}"#,
            )
            .await;
        assert_eq!(r.code(), 0);
        if let Some(o) = r.json["data"]["orders"].as_array().unwrap().first() {
            seen = Some(o.clone());
            break;
        }
    }
    let o = seen.expect("a PARTIALLY_SHIPPING order within four days");
    let packages: Vec<&str> = o["packages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    assert_eq!(packages.len(), 2, "{o}");
    assert_eq!(o["split_or_combine_tag"], "SPLIT");
    let lines = o["line_items"].as_array().unwrap();
    let of = |p: &str| lines.iter().filter(|li| li["package_id"] == p).count();
    assert!(of(packages[0]) >= 1 && of(packages[1]) >= 1, "{o}");
    assert_eq!(of(packages[0]) + of(packages[1]), lines.len());
    for li in lines {
        let shipped = li["package_id"] == packages[0];
        let want = if shipped { "PROCESSING" } else { "TO_FULFILL" };
        assert_eq!(li["package_status"], want, "{li}");
        assert_eq!(li["display_status"], "AWAITING_SHIPMENT");
        assert_eq!(li["tracking_number"].is_string(), shipped);
    }
    // The seller ships the rest: AWAITING_COLLECTION, both packages PROCESSING.
    let id = o["id"].as_str().unwrap();
    c.ship_order(&de.id, id).unwrap();
    let after = c.order(&de.id, id).unwrap();
    assert_eq!(after.status, "AWAITING_COLLECTION");
    assert!(after
        .line_items
        .iter()
        .all(|li| li.package_status.as_deref() == Some("PROCESSING")));
}

#[tokio::test]
async fn added_shops_write_money_in_tiktoks_varied_shapes_that_still_add_up() {
    let sb = sandbox_with_markets().await;
    let c = sb.control();
    let mx = added(&sb).into_iter().find(|s| s.region == "MX").unwrap();
    c.create_orders(&mx.id, 200).unwrap();
    c.advance_clock(Duration::from_secs(2 * HOUR));
    let orders = all_orders(&sb, &mx).await;
    let mut shapes = std::collections::BTreeSet::new();
    let cents = |s: &str| -> i64 {
        assert!(
            !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit() || b == b'.'),
            "{s:?}"
        );
        let (int, frac) = s.split_once('.').unwrap_or((s, ""));
        assert!(frac.len() <= 2, "{s:?}");
        int.parse::<i64>().unwrap() * 100 + format!("{frac:0<2}").parse::<i64>().unwrap()
    };
    for o in &orders {
        let p = &o["payment"];
        for field in ["total_amount", "sub_total", "shipping_fee", "tax"] {
            let v = p[field].as_str().unwrap();
            shapes.insert(match v.split_once('.') {
                None => "integer",
                Some((_, f)) if f.len() == 1 => "one decimal",
                Some(_) => "two decimals",
            });
        }
        assert_eq!(
            cents(p["total_amount"].as_str().unwrap()),
            cents(p["sub_total"].as_str().unwrap())
                + cents(p["shipping_fee"].as_str().unwrap())
                + cents(p["tax"].as_str().unwrap())
        );
    }
    assert!(
        shapes.contains("integer") && shapes.contains("two decimals"),
        "{shapes:?}"
    );
    // The demo shop keeps its fixed two decimals.
    let demo = c.orders(&c.demo_shop().id).unwrap();
    assert!(demo.iter().all(|o| o
        .payment
        .total_amount
        .split_once('.')
        .is_some_and(|(_, f)| f.len() == 2)));
}
