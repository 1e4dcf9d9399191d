//! Issue 10.5: writes under faults and limits. "Applied but reply lost" applies the write and
//! then drops or truncates the reply; the control API's write counts prove what was applied;
//! write endpoints share the per-API rate limit (DOC:rate-limits, "50 QPS ... for each API").

use crate::common::Api;
use serde_json::json;
use shopdock_sandbox::{Control, Sandbox, SandboxConfig, WriteFaults};
use shopdock_tiktok::model::Order;
use std::time::Duration;

async fn sandbox() -> Sandbox {
    let sb = Sandbox::start(SandboxConfig {
        seed: 42,
        orders_per_shop: 150,
        start_time: Some(1_750_000_000),
        ..SandboxConfig::default()
    })
    .await
    .expect("sandbox starts");
    let c = sb.control();
    let shop = c.demo_shop().id;
    c.create_orders(&shop, 80).unwrap();
    c.advance_clock(Duration::from_secs(2 * 3_600));
    sb
}

fn seller_orders(c: &Control) -> Vec<Order> {
    c.orders(&c.demo_shop().id)
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

/// The Mark Package As Shipped body for `order` with a valid number `seq`.
fn body(c: &Control, order: &Order, seq: u64) -> String {
    let shop = c.demo_shop().id;
    let providers = c
        .shipping_providers(&shop, order.delivery_option_id.as_deref().unwrap())
        .unwrap();
    let tracking = c
        .sample_tracking_number(&shop, &providers[0].id, seq)
        .unwrap();
    json!({"tracking_number": tracking, "shipping_provider_id": providers[0].id}).to_string()
}

fn path(order: &Order) -> String {
    format!("/fulfillment/202309/orders/{}/packages", order.id)
}

#[tokio::test]
async fn a_lost_reply_still_applies_the_write_exactly_once_and_a_resend_is_refused() {
    let sb = sandbox().await;
    let c = sb.control();
    let shop = c.demo_shop();
    let api = Api::demo(&sb);
    let orders = seller_orders(c);

    for (mode, order) in [
        (
            WriteFaults {
                p_drop: 1.0,
                p_truncate: 0.0,
            },
            &orders[0],
        ),
        (
            WriteFaults {
                p_drop: 0.0,
                p_truncate: 1.0,
            },
            &orders[1],
        ),
    ] {
        c.set_write_faults(mode).unwrap();
        let lost = api
            .try_call("POST", &path(order), &shop.cipher, Some(&body(c, order, 1)))
            .await;
        let unreadable = match lost {
            Err(_) => true,
            Ok(r) => serde_json::from_slice::<serde_json::Value>(&r.bytes).is_err(),
        };
        assert!(unreadable, "{mode:?}: the reply must be lost");
        c.set_write_faults(WriteFaults::default()).unwrap();

        // Applied: the order shipped once.
        assert_eq!(
            c.order(&shop.id, &order.id).unwrap().status,
            "AWAITING_COLLECTION"
        );
        assert_eq!(c.write_counts(&shop.id, &order.id).unwrap().writes, 1);
        // A blind resend is refused, and nothing is applied twice.
        let again = api
            .call("POST", &path(order), &shop.cipher, Some(&body(c, order, 1)))
            .await;
        assert_eq!(again.code(), 21_011_006, "{}", again.json);
        assert_eq!(c.write_counts(&shop.id, &order.id).unwrap().writes, 1);
    }

    // Reads never lose their reply to a write fault.
    c.set_write_faults(WriteFaults {
        p_drop: 1.0,
        p_truncate: 0.0,
    })
    .unwrap();
    let r = api
        .detail(&shop.cipher, "202309", &[orders[2].id.clone()])
        .await;
    assert_eq!(r.code(), 0);
}

#[tokio::test]
async fn a_refused_write_loses_nothing_and_counts_nothing() {
    let sb = sandbox().await;
    let c = sb.control();
    let shop = c.demo_shop();
    let api = Api::demo(&sb);
    let order = &seller_orders(c)[0];
    c.set_write_faults(WriteFaults {
        p_drop: 1.0,
        p_truncate: 0.0,
    })
    .unwrap();
    let r = api
        .call(
            "POST",
            &path(order),
            &shop.cipher,
            Some(r#"{"tracking_number":"A-1","shipping_provider_id":"1"}"#),
        )
        .await;
    assert_eq!(r.code(), 21_004_012, "{}", r.json);
    assert_eq!(c.write_counts(&shop.id, &order.id).unwrap().writes, 0);
}

#[tokio::test]
async fn write_endpoints_share_the_per_api_rate_limit_and_a_throttled_write_is_not_applied() {
    let sb = sandbox().await;
    let c = sb.control();
    let shop = c.demo_shop();
    let api = Api::demo(&sb);
    let orders = seller_orders(c);
    c.set_rate_limit(2);
    let mut codes = Vec::new();
    for (i, o) in orders.iter().take(4).enumerate() {
        let r = api
            .call(
                "POST",
                &path(o),
                &shop.cipher,
                Some(&body(c, o, 100 + i as u64)),
            )
            .await;
        codes.push((r.status, r.code()));
    }
    c.set_rate_limit(0);
    assert_eq!(&codes[..2], &[(200, 0), (200, 0)]);
    assert!(codes[2..].contains(&(429, 36_009_002)), "{codes:?}");
    for (o, (_, code)) in orders.iter().zip(&codes) {
        let writes = c.write_counts(&shop.id, &o.id).unwrap().writes;
        assert_eq!(writes, u32::from(*code == 0), "order {}", o.id);
    }
    assert!(c.stats().rate_limited >= 1);
}

#[tokio::test]
async fn control_http_exposes_write_counts_write_faults_and_providers() {
    let sb = sandbox().await;
    let c = sb.control();
    let shop = c.demo_shop();
    let api = Api::demo(&sb);
    let order = &seller_orders(c)[0];
    let http = reqwest::Client::new();
    let base = sb.base_url();
    let r = http
        .put(format!("{base}/_sandbox/faults/writes"))
        .json(&json!({"p_drop": 1.0}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let lost = api
        .try_call("POST", &path(order), &shop.cipher, Some(&body(c, order, 7)))
        .await;
    assert!(lost.is_err() || lost.is_ok_and(|r| r.json.is_null()));
    let bad = http
        .put(format!("{base}/_sandbox/faults/writes"))
        .json(&json!({"p_drop": 2.0}))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 400);

    let counts: serde_json::Value = http
        .get(format!(
            "{base}/_sandbox/shops/{}/orders/{}/writes",
            shop.id, order.id
        ))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(counts["writes"], 1);
    assert_eq!(counts["by_endpoint"]["mark_package_as_shipped"], 1);
    let (package_id, n) = counts["packages"]
        .as_object()
        .unwrap()
        .iter()
        .next()
        .unwrap();
    assert_eq!(n, 1);
    let per_package: serde_json::Value = http
        .get(format!(
            "{base}/_sandbox/shops/{}/packages/{package_id}/writes",
            shop.id
        ))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(per_package["count"], 1);
    let all: serde_json::Value = http
        .get(format!("{base}/_sandbox/shops/{}/writes", shop.id))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(all, json!({ order.id.clone(): 1 }));

    let providers: serde_json::Value = http
        .get(format!(
            "{base}/_sandbox/shops/{}/delivery_options/{}/shipping_providers",
            shop.id,
            order.delivery_option_id.as_deref().unwrap()
        ))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let first = &providers[0];
    assert!(first["tracking_pattern"].as_str().unwrap().starts_with('^'));
    let sample: serde_json::Value = http
        .get(format!(
            "{base}/_sandbox/shops/{}/shipping_providers/{}/sample?seq=5",
            shop.id,
            first["id"].as_str().unwrap()
        ))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(sample["tracking_number"].as_str().is_some());
    let page = http
        .get(format!("{base}/_sandbox/drop_off_points"))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
}
