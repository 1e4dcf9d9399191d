//! `shopdock print labels` as a script uses it: TikTok's labels of the picked orders in one
//! PDF of the asked size, the orders without one named with what to do instead, a batch with
//! no label at all a failure, and a size TikTok does not offer refused before anything runs.

use crate::common::{ok, register_demo_shop, shopdock};
use shopdock_documents::read_back::{page_sizes, pages_text, rasterize, squash};
use shopdock_sandbox::{Sandbox, SandboxConfig};
use shopdock_tiktok::model::Order;
use std::time::Duration;

fn ready(orders: &[Order], shipping_type: &str) -> Vec<Order> {
    orders
        .iter()
        .filter(|o| {
            o.status == "AWAITING_SHIPMENT"
                && o.shipping_type == shipping_type
                && o.fulfillment_type == "FULFILLMENT_BY_SELLER"
                && !o.is_buyer_request_cancel
        })
        .cloned()
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn labels_of_bought_orders_print_as_one_pdf_and_a_seller_shipped_order_is_named() {
    let sandbox = Sandbox::start(SandboxConfig {
        seed: 5,
        orders_per_shop: 40,
        ..SandboxConfig::default()
    })
    .await
    .unwrap();
    let control = sandbox.control().clone();
    let demo = control.demo_shop();
    control.create_orders(&demo.id, 20).unwrap();
    control.advance_clock(Duration::from_secs(2 * 3600));
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    register_demo_shop(data, &control, &sandbox.base_url(), "Labels");
    let now = control.now();
    let (from, to) = ((now - 60 * 86_400).to_string(), (now + 1).to_string());
    ok(shopdock(
        data,
        &["sync", "Labels", "--from", &from, "--to", &to],
    ));
    let all = control.orders(&demo.id).unwrap();
    let tiktok: Vec<Order> = ready(&all, "TIKTOK").into_iter().take(2).collect();
    let seller = ready(&all, "SELLER").remove(0);
    for o in &tiktok {
        ok(shopdock(data, &["ship", &o.id, "--buy-label"]));
    }

    let file = data.join("labels.pdf");
    let ids = format!("{},{},{}", tiktok[0].id, tiktok[1].id, seller.id);
    let printed: serde_json::Value = serde_json::from_str(&ok(shopdock(
        data,
        &[
            "print",
            "labels",
            "--orders",
            &ids,
            "--size",
            "a5",
            "--out",
            file.to_str().unwrap(),
            "--json",
        ],
    )))
    .unwrap();
    assert_eq!(printed["labels"], 2, "{printed}");
    assert_eq!(printed["size"], "a5", "{printed}");
    assert_eq!(printed["missing"][0]["order_id"], seller.id.as_str());
    assert_eq!(printed["missing"][0]["reason"], "seller_shipping");
    assert!(printed["missing"][0]["message"]
        .as_str()
        .unwrap_or_default()
        .contains("print your carrier's label"));
    let bytes = std::fs::read(&file).unwrap();
    let widths: Vec<i64> = page_sizes(&bytes)
        .unwrap()
        .iter()
        .map(|(w, _)| w.round() as i64)
        .collect();
    assert_eq!(widths, [420, 420], "A5");
    // Poppler (what the system viewer and printers use) renders the merged file's last page.
    assert!(rasterize(&bytes, 2, 50, true).unwrap().starts_with(b"P5"));
    let text: Vec<String> = pages_text(&bytes)
        .unwrap()
        .iter()
        .map(|p| squash(p))
        .collect();
    for (page, o) in text.iter().zip(&tiktok) {
        let package = &control.order(&demo.id, &o.id).unwrap().packages[0].id;
        assert!(page.contains(&format!("Package{package}")), "{page}");
    }

    // In words, for a person: the kept labels print again, the seller's order is named.
    let said = ok(shopdock(data, &["print", "labels", "--orders", &ids]));
    assert!(
        said.starts_with("wrote 2 label(s) for 2 order(s)"),
        "{said}"
    );
    assert!(
        said.contains(&format!("no label for order {}: ", seller.id)),
        "{said}"
    );

    let none = shopdock(data, &["print", "labels", "--orders", &seller.id]);
    assert_eq!(none.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&none.stderr);
    assert!(stderr.contains("print your carrier's label"), "{stderr}");
}

#[test]
fn a_size_tiktok_does_not_offer_is_refused_before_the_app_opens() {
    let dir = tempfile::tempdir().unwrap();
    for (args, expect) in [
        (
            vec!["print", "labels", "--status", "to_ship", "--size", "4x6"],
            "a6, a5",
        ),
        (vec!["print", "labels"], "--orders"),
    ] {
        let out = shopdock(dir.path(), &args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(expect), "{args:?}: {stderr}");
        assert!(!dir.path().join("shopdock.sqlite3").exists());
    }
}
