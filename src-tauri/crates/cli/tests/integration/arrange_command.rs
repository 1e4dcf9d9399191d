//! `shopdock ship ORDER --options | --buy-label`: the choices for a US TikTok Shipping order
//! are listed, a label is bought once, and bad input exits 2 with a clear message.

use crate::common::{ok, register_demo_shop, shopdock};
use shopdock_sandbox::{Sandbox, SandboxConfig};
use std::time::Duration;

#[tokio::test(flavor = "multi_thread")]
async fn a_us_tiktok_order_lists_its_label_services_and_buys_one_label() {
    let sandbox = Sandbox::start(SandboxConfig {
        seed: 5,
        orders_per_shop: 40,
        ..SandboxConfig::default()
    })
    .await
    .unwrap();
    let base = sandbox.base_url();
    let control = sandbox.control().clone();
    let demo = control.demo_shop();
    control.create_orders(&demo.id, 20).unwrap();
    control.advance_clock(Duration::from_secs(2 * 3600));
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    register_demo_shop(data, &control, &base, "Arrange");
    let now = control.now();
    let (from, to) = ((now - 60 * 86_400).to_string(), (now + 1).to_string());
    ok(shopdock(
        data,
        &["sync", "Arrange", "--from", &from, "--to", &to],
    ));
    let order = control
        .orders(&demo.id)
        .unwrap()
        .into_iter()
        .find(|o| {
            o.status == "AWAITING_SHIPMENT"
                && o.shipping_type == "TIKTOK"
                && o.fulfillment_type == "FULFILLMENT_BY_SELLER"
                && !o.is_buyer_request_cancel
        })
        .expect("a TikTok Shipping order to arrange");

    let listed = ok(shopdock(data, &["ship", &order.id, "--options"]));
    assert!(listed.contains("Buy TikTok's shipping label"), "{listed}");
    assert!(listed.contains("[default]"), "{listed}");
    let json = ok(shopdock(data, &["ship", &order.id, "--options", "--json"]));
    let view: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(view["route"], "buy_label");

    let bad = shopdock(data, &["ship", &order.id, "--drop-off"]);
    assert_eq!(
        bad.status.code(),
        Some(2),
        "a US label order has no drop-off"
    );
    assert!(String::from_utf8_lossy(&bad.stderr).contains("buy the label"));
    let two = shopdock(data, &["ship", &order.id, "--drop-off", "--buy-label"]);
    assert_eq!(two.status.code(), Some(2));

    let bought = ok(shopdock(data, &["ship", &order.id, "--buy-label"]));
    assert!(bought.contains("sent"), "{bought}");
    let again = ok(shopdock(data, &["ship", &order.id, "--buy-label"]));
    assert!(again.contains("sent"), "{again}");
    let counts = control.write_counts(&demo.id, &order.id).unwrap();
    assert_eq!(counts.by_endpoint.get("create_packages"), Some(&1));
}
