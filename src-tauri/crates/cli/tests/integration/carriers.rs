//! `shopdock carriers` and the carrier side of `shopdock ship`, run as a seller's script would:
//! an unknown carrier prints TikTok's carriers (the likely one marked) and exits 2 with nothing
//! sent; a name mapped once ships; a correction is sent only with --yes (no terminal to ask on)
//! and only once.

use crate::common::{ok, register_demo_shop, shopdock};
use shopdock_sandbox::{Sandbox, SandboxConfig};
use std::time::Duration;

const SHOP: &str = "Carriers";

#[tokio::test(flavor = "multi_thread")]
async fn an_unknown_carrier_exits_2_with_suggestions_and_a_mapped_one_ships_and_corrects_once() {
    let sandbox = Sandbox::start(SandboxConfig {
        seed: 5,
        ..SandboxConfig::default()
    })
    .await
    .unwrap();
    let control = sandbox.control().clone();
    let demo = control.demo_shop();
    control.create_orders(&demo.id, 40).unwrap();
    control.advance_clock(Duration::from_secs(2 * 3600));
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    register_demo_shop(data, &control, &sandbox.base_url(), SHOP);
    let now = control.now();
    let (from, to) = ((now - 60 * 86_400).to_string(), (now + 1).to_string());
    ok(shopdock(
        data,
        &["sync", SHOP, "--from", &from, "--to", &to],
    ));

    let (order, fedex) = control
        .orders(&demo.id)
        .unwrap()
        .into_iter()
        .filter(|o| {
            o.status == "AWAITING_SHIPMENT"
                && o.shipping_type == "SELLER"
                && o.fulfillment_type != "FULFILLMENT_BY_TIKTOK"
                && !o.is_buyer_request_cancel
        })
        .find_map(|o| {
            let fedex = control
                .shipping_providers(&demo.id, o.delivery_option_id.as_deref()?)
                .unwrap()
                .into_iter()
                .find(|p| p.name == "FedEx")?;
            Some((o, fedex))
        })
        .expect("an order whose option lists FedEx");
    let tracking = control
        .sample_tracking_number(&demo.id, &fedex.id, 1)
        .unwrap();
    let ship = |carrier: &str, tracking: &str, extra: &[&str]| {
        let mut args = vec![
            "ship",
            order.id.as_str(),
            "--carrier",
            carrier,
            "--tracking",
            tracking,
            "--shop",
            SHOP,
        ];
        args.extend_from_slice(extra);
        shopdock(data, &args)
    };

    let unknown = ship("Fed Ex Ground", &tracking, &[]);
    let stderr = String::from_utf8_lossy(&unknown.stderr);
    assert_eq!(unknown.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("FedEx  (likely)"), "{stderr}");
    assert!(stderr.contains("carriers"), "says how to map it: {stderr}");
    assert_eq!(control.write_counts(&demo.id, &order.id).unwrap().writes, 0);

    ok(shopdock(
        data,
        &["carriers", SHOP, "map", "Fed Ex Ground", "FedEx"],
    ));
    let listed: serde_json::Value =
        serde_json::from_str(&ok(shopdock(data, &["carriers", SHOP, "--json"]))).unwrap();
    assert_eq!(listed[0]["provider_name"], "FedEx", "{listed}");
    assert_eq!(listed[0]["provider_listed"], true, "{listed}");

    let shipped = ok(ship("fed ex ground", &tracking, &[]));
    assert!(
        shipped.contains("FedEx") && shipped.contains("sent"),
        "{shipped}"
    );

    let new_tracking = control
        .sample_tracking_number(&demo.id, &fedex.id, 2)
        .unwrap();
    let unasked = ship("FedEx", &new_tracking, &["--correct"]);
    assert!(!unasked.status.success());
    assert!(
        String::from_utf8_lossy(&unasked.stderr).contains("pass --yes"),
        "{}",
        String::from_utf8_lossy(&unasked.stderr)
    );
    assert_eq!(control.write_counts(&demo.id, &order.id).unwrap().writes, 1);
    let corrected = ok(ship("FedEx", &new_tracking, &["--correct", "--yes"]));
    assert!(corrected.contains("update_tracking"), "{corrected}");
    let again = ship("FedEx", &tracking, &["--correct", "--yes"]);
    assert!(!again.status.success());
    assert!(
        String::from_utf8_lossy(&again.stderr).contains("already corrected once"),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
    assert_eq!(control.write_counts(&demo.id, &order.id).unwrap().writes, 2);

    ok(shopdock(
        data,
        &["carriers", SHOP, "forget", "FED EX GROUND"],
    ));
    assert_eq!(
        ok(shopdock(data, &["carriers", SHOP, "--json"])).trim(),
        "[]"
    );
}
