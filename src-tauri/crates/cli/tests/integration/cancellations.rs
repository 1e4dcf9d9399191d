//! `shopdock cancellations list|approve|reject` and `shopdock cancel`, run as a seller's script
//! would against the sandbox: buyers' requests are listed with their deadline, one is approved
//! and one rejected (each sent once, TikTok's records agree), an answered request is not
//! answered again, and a seller cancel lists only the reasons that fit, refuses another with
//! nothing sent, and cancels the order with a valid one.

use crate::common::{ok, register_demo_shop, shopdock};
use shopdock_sandbox::{Control, Sandbox, SandboxConfig, ShopInfo};
use std::path::Path;
use std::time::Duration;

const SHOP: &str = "Cancels";

/// Seller-shipped orders awaiting shipment with no request yet.
fn open_orders(control: &Control, demo: &ShopInfo) -> Vec<String> {
    control
        .orders(&demo.id)
        .unwrap()
        .into_iter()
        .filter(|o| {
            o.status == "AWAITING_SHIPMENT"
                && o.shipping_type == "SELLER"
                && o.fulfillment_type != "FULFILLMENT_BY_TIKTOK"
                && !o.is_buyer_request_cancel
        })
        .map(|o| o.id)
        .collect()
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn cancel_status(control: &Control, demo: &ShopInfo, order: &str) -> String {
    let records = control.cancellations(&demo.id, order).unwrap();
    records
        .last()
        .expect("a cancellation")
        .cancel_status
        .clone()
}

fn writes(control: &Control, demo: &ShopInfo, order: &str, endpoint: &str) -> u32 {
    control
        .write_counts(&demo.id, order)
        .unwrap()
        .by_endpoint
        .get(endpoint)
        .copied()
        .unwrap_or(0)
}

/// A sandbox shop registered and synced through the CLI, with fresh orders.
async fn synced(data: &Path) -> (Sandbox, Control, ShopInfo) {
    let sandbox = Sandbox::start(SandboxConfig {
        seed: 11,
        orders_per_shop: 40,
        ..SandboxConfig::default()
    })
    .await
    .unwrap();
    let control = sandbox.control().clone();
    let demo = control.demo_shop();
    control.create_orders(&demo.id, 20).unwrap();
    control.advance_clock(Duration::from_secs(2 * 3600));
    register_demo_shop(data, &control, &sandbox.base_url(), SHOP);
    ok(shopdock(data, &["sync", SHOP, "--once"]));
    (sandbox, control, demo)
}

#[tokio::test(flavor = "multi_thread")]
async fn buyers_requests_are_listed_approved_and_rejected_once_each() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let (_sandbox, control, demo) = synced(data).await;
    let orders = open_orders(&control, &demo);
    let (approved, rejected) = (orders[0].clone(), orders[1].clone());
    let approve_id = control
        .request_buyer_cancel(&demo.id, &approved, 0)
        .unwrap();
    let reject_id = control
        .request_buyer_cancel(&demo.id, &rejected, 1)
        .unwrap();
    control.advance_clock(Duration::from_secs(1));
    ok(shopdock(data, &["sync", SHOP, "--once"]));

    let listed: serde_json::Value = serde_json::from_str(&ok(shopdock(
        data,
        &["cancellations", "list", "--pending", "--json"],
    )))
    .unwrap();
    let pending = listed.as_array().unwrap();
    for (id, order) in [(&approve_id, &approved), (&reject_id, &rejected)] {
        let request = pending
            .iter()
            .find(|c| c["cancel_id"] == **id)
            .unwrap_or_else(|| panic!("request {id} listed: {listed}"));
        assert_eq!(request["order_id"], **order);
        assert_eq!(request["pending"], true);
        assert_eq!(request["buyer_request"], true);
        assert!(request["deadline"].is_i64(), "{request}");
    }
    let text = ok(shopdock(data, &["cancellations", "list", "--shop", SHOP]));
    let line = text
        .lines()
        .find(|l| l.starts_with(&approve_id))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(
        line.contains(&approved) && line.contains("request"),
        "{line}"
    );
    assert!(
        line.contains("answer by 20") && line.ends_with("UTC"),
        "{line}"
    );

    let sent = ok(shopdock(data, &["cancellations", "approve", &approve_id]));
    assert!(
        sent.contains("approve_cancellation") && sent.contains("sent"),
        "{sent}"
    );
    assert_eq!(
        cancel_status(&control, &demo, &approved),
        "CANCELLATION_REQUEST_SUCCESS"
    );
    assert_eq!(
        control.order(&demo.id, &approved).unwrap().status,
        "CANCELLED"
    );
    assert_eq!(
        writes(&control, &demo, &approved, "approve_cancellation"),
        1
    );
    // Answered: a second approve is refused, nothing is sent again.
    let again = shopdock(data, &["cancellations", "approve", &approve_id]);
    assert!(!again.status.success());
    assert!(
        stderr(&again).contains("no longer waiting"),
        "{}",
        stderr(&again)
    );
    assert_eq!(
        writes(&control, &demo, &approved, "approve_cancellation"),
        1
    );

    // Without --reason: TikTok's reject reasons, nothing sent.
    let reasons = ok(shopdock(data, &["cancellations", "reject", &reject_id]));
    let first = reasons
        .lines()
        .next()
        .and_then(|l| l.split('\t').next())
        .unwrap_or_else(|| panic!("reasons listed: {reasons}"))
        .to_owned();
    assert!(reasons.lines().all(|l| l.contains('\t')), "{reasons}");
    assert_eq!(control.write_counts(&demo.id, &rejected).unwrap().writes, 0);
    let sent = ok(shopdock(
        data,
        &[
            "cancellations",
            "reject",
            &reject_id,
            "--reason",
            &first,
            "--comment",
            "Already packed",
        ],
    ));
    assert!(
        sent.contains("reject_cancellation") && sent.contains("sent"),
        "{sent}"
    );
    assert_eq!(
        cancel_status(&control, &demo, &rejected),
        "CANCELLATION_REQUEST_CANCELLED"
    );
    assert_eq!(
        control.order(&demo.id, &rejected).unwrap().status,
        "AWAITING_SHIPMENT",
        "a rejected request leaves the order to ship"
    );
    assert_eq!(writes(&control, &demo, &rejected, "reject_cancellation"), 1);
    let left: serde_json::Value = serde_json::from_str(&ok(shopdock(
        data,
        &["cancellations", "list", "--pending", "--json"],
    )))
    .unwrap();
    assert!(
        left.as_array()
            .unwrap()
            .iter()
            .all(|c| c["cancel_id"] != *approve_id && c["cancel_id"] != *reject_id),
        "both answered: {left}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_seller_cancel_offers_the_fitting_reasons_refuses_others_and_cancels_once() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let (_sandbox, control, demo) = synced(data).await;
    let order = open_orders(&control, &demo).remove(0);

    let reasons = ok(shopdock(data, &["cancel", &order]));
    let names: Vec<&str> = reasons
        .lines()
        .filter_map(|l| l.split('\t').next())
        .collect();
    assert!(
        names.contains(&"seller_cancel_reason_out_of_stock"),
        "{reasons}"
    );
    assert!(!names.iter().any(|n| n.contains("unpaid")), "{reasons}");

    let refused = shopdock(
        data,
        &[
            "cancel",
            &order,
            "--reason",
            "seller_cancel_unpaid_reason_out_of_stock",
        ],
    );
    assert!(!refused.status.success());
    assert!(
        stderr(&refused).contains("does not fit"),
        "{}",
        stderr(&refused)
    );
    assert_eq!(control.write_counts(&demo.id, &order).unwrap().writes, 0);

    let sent = ok(shopdock(
        data,
        &[
            "cancel",
            &order,
            "--reason",
            "seller_cancel_reason_wrong_price",
        ],
    ));
    assert!(
        sent.contains("seller_cancel") && sent.contains("sent"),
        "{sent}"
    );
    assert_eq!(control.order(&demo.id, &order).unwrap().status, "CANCELLED");
    assert_eq!(writes(&control, &demo, &order, "cancel_order"), 1);

    // A cancelled order offers nothing, and says why (TikTok's eligibility answer).
    let none = shopdock(data, &["cancel", &order]);
    assert!(!none.status.success());
    assert!(none.stdout.is_empty(), "no reason offered");
    assert!(stderr(&none).contains("cancelled"), "{}", stderr(&none));
}
