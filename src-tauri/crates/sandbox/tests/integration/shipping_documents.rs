//! Get Package Shipping Document over real loopback HTTP (write-api §B,
//! SPEC:fulfillment/get-package-shipping-document): a real PDF behind a local `doc_url` that
//! expires after 24 h of sandbox time, "still generating" for the first N calls, and every
//! §B refusal with its documented code. Every call is counted by the control API.

use crate::common::{added_shop, Api, Resp};
use serde_json::{json, Value};
use shopdock_sandbox::{
    Control, MarketCode, Sandbox, SandboxConfig, ShippingMode, ShopInfo, ShopSetup,
};
use shopdock_tiktok::model::Order;
use std::time::Duration;

const HOUR: u64 = 3_600;

/// The demo world (its US shop has FBT orders) plus shop0 MY TikTok Shipping and shop1 MY
/// seller shipping: packages exist from payment in Malaysia.
async fn world() -> Sandbox {
    Sandbox::start(SandboxConfig {
        seed: 7,
        orders_per_shop: 150,
        start_time: Some(1_750_000_000),
        extra_shops: vec![
            ShopSetup::local(MarketCode::My, ShippingMode::Tiktok),
            ShopSetup::local(MarketCode::My, ShippingMode::Seller),
        ],
        ..SandboxConfig::default()
    })
    .await
    .expect("sandbox starts")
}

/// Orders of `shop` ready to ship, two hours after `n` were created.
fn ready(c: &Control, shop: &str, n: usize) -> Vec<Order> {
    c.create_orders(shop, n).unwrap();
    c.advance_clock(Duration::from_secs(2 * HOUR));
    c.orders(shop)
        .unwrap()
        .into_iter()
        .filter(|o| {
            o.status == "AWAITING_SHIPMENT"
                && o.fulfillment_type == "FULFILLMENT_BY_SELLER"
                && !o.is_buyer_request_cancel
                && !o.packages.is_empty()
        })
        .collect()
}

async fn document(api: &Api, shop: &ShopInfo, package_id: &str, params: &[(&str, &str)]) -> Resp {
    let mut r = api.req(
        "GET",
        &format!("/fulfillment/202309/packages/{package_id}/shipping_documents"),
    );
    r.cipher = Some(shop.cipher.clone());
    r.params = params
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    api.send(r).await
}

async fn label(api: &Api, shop: &ShopInfo, package_id: &str) -> Resp {
    document(
        api,
        shop,
        package_id,
        &[("document_type", "SHIPPING_LABEL")],
    )
    .await
}

async fn arrange(api: &Api, shop: &ShopInfo, package_id: &str) {
    let r = api
        .call(
            "POST",
            &format!("/fulfillment/202309/packages/{package_id}/ship"),
            &shop.cipher,
            Some(&json!({"handover_method": "DROP_OFF"}).to_string()),
        )
        .await;
    assert_eq!(r.code(), 0, "{}", r.json);
}

async fn download(url: &str) -> (u16, Option<String>, Vec<u8>) {
    let r = reqwest::get(url).await.expect("the link answers");
    let status = r.status().as_u16();
    let ct = r
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    (status, ct, r.bytes().await.unwrap().to_vec())
}

fn pdf_text(bytes: &[u8]) -> (usize, String, Vec<f32>) {
    let doc = lopdf::Document::load_mem(bytes).expect("a PDF");
    let pages = doc.get_pages();
    let numbers: Vec<u32> = pages.keys().copied().collect();
    let width = pages
        .values()
        .map(|id| {
            let page = doc.get_dictionary(*id).unwrap();
            let b = page.get(b"MediaBox").unwrap().as_array().unwrap();
            b[2].as_float().unwrap()
        })
        .collect();
    (pages.len(), doc.extract_text(&numbers).unwrap(), width)
}

fn code(r: &Resp) -> i64 {
    r.code()
}

#[tokio::test]
async fn an_arranged_tiktok_package_gets_a_pdf_with_its_id_and_tracking_at_a_local_link() {
    let sb = world().await;
    let c = sb.control();
    let my = added_shop(c, 0);
    let api = Api::new(&sb, &my.seller_id);
    let o = ready(c, &my.id, 20).remove(0);
    let package = o.packages[0].id.clone();
    arrange(&api, &my, &package).await;
    let tracking = c.order(&my.id, &o.id).unwrap().tracking_number.unwrap();

    let r = label(&api, &my, &package).await;
    assert_eq!(code(&r), 0, "{}", r.json);
    let data = &r.json["data"];
    assert_eq!(data["tracking_number"], tracking.as_str());
    let url = data["doc_url"].as_str().unwrap();
    assert!(url.starts_with(&sb.base_url()), "a local link: {url}");
    let (status, ct, bytes) = download(url).await;
    assert_eq!((status, ct.as_deref()), (200, Some("application/pdf")));
    let (pages, text, widths) = pdf_text(&bytes);
    assert_eq!(pages, 1);
    assert!(text.contains(&format!("Package {package}")), "{text}");
    assert!(text.contains(&format!("Tracking {tracking}")), "{text}");
    assert!(
        (widths[0] - 297.64).abs() < 0.1,
        "A6 by default: {widths:?}"
    );

    let both = document(
        &api,
        &my,
        &package,
        &[
            ("document_type", "SHIPPING_LABEL_AND_PACKING_SLIP"),
            ("document_size", "A5"),
            ("document_format", "PDF"),
        ],
    )
    .await;
    assert_eq!(code(&both), 0, "{}", both.json);
    let (_, _, bytes) = download(both.json["data"]["doc_url"].as_str().unwrap()).await;
    let (pages, text, widths) = pdf_text(&bytes);
    assert_eq!(pages, 2, "the label, then the packing slip");
    assert!(text.contains("PACKING SLIP"), "{text}");
    assert!(
        widths.iter().all(|w| (w - 419.53).abs() < 0.1),
        "A5: {widths:?}"
    );

    let picture = document(
        &api,
        &my,
        &package,
        &[("document_type", "SHIPPING_LABEL_PICTURE")],
    )
    .await;
    let (status, ct, bytes) = download(picture.json["data"]["doc_url"].as_str().unwrap()).await;
    assert_eq!((status, ct.as_deref()), (200, Some("image/png")));
    assert!(bytes.starts_with(b"\x89PNG"));

    let calls = c.document_calls(&my.id, &package).unwrap();
    assert_eq!(
        (calls.calls, calls.issued, calls.downloads, calls.refused),
        (3, 3, 3, 0)
    );
}

#[tokio::test]
async fn a_link_expires_after_24_hours_of_sandbox_time() {
    let sb = world().await;
    let c = sb.control();
    let my = added_shop(c, 0);
    let api = Api::new(&sb, &my.seller_id);
    let o = ready(c, &my.id, 20).remove(0);
    let package = o.packages[0].id.clone();
    arrange(&api, &my, &package).await;
    let r = label(&api, &my, &package).await;
    let url = r.json["data"]["doc_url"].as_str().unwrap().to_owned();
    c.advance_clock(Duration::from_secs(2 * HOUR));
    assert_eq!(download(&url).await.0, 200, "valid within 24 h");
    c.advance_clock(Duration::from_secs(22 * HOUR));
    assert_eq!(download(&url).await.0, 403, "expired after 24 h");
    let calls = c.document_calls(&my.id, &package).unwrap();
    assert_eq!((calls.downloads, calls.expired_downloads), (1, 1));
    let unknown = format!(
        "{}/wsos_v2/oec_fulfillment_doc_tts/object/nope",
        sb.base_url()
    );
    assert_eq!(download(&unknown).await.0, 404);
}

#[tokio::test]
async fn still_generating_answers_come_first_then_the_document_counted_over_the_control_api() {
    let sb = world().await;
    let c = sb.control();
    let my = added_shop(c, 0);
    let api = Api::new(&sb, &my.seller_id);
    let orders = ready(c, &my.id, 20);
    let http = reqwest::Client::new();
    let put = http
        .put(format!("{}/_sandbox/documents/generation", sb.base_url()))
        .body(json!({"pending_calls": 2}).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(put.status().as_u16(), 200);

    let package = orders[0].packages[0].id.clone();
    arrange(&api, &my, &package).await;
    assert_eq!(code(&label(&api, &my, &package).await), 11_034_037);
    assert_eq!(code(&label(&api, &my, &package).await), 11_034_037);
    let ready_now = label(&api, &my, &package).await;
    assert_eq!(code(&ready_now), 0, "{}", ready_now.json);
    assert_eq!(code(&label(&api, &my, &package).await), 0, "stays ready");

    let counted: Value = http
        .get(format!(
            "{}/_sandbox/shops/{}/packages/{package}/documents",
            sb.base_url(),
            my.id
        ))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(counted["calls"], 4, "{counted}");
    assert_eq!(counted["generating"], 2, "{counted}");
    assert_eq!(counted["issued"], 2, "{counted}");

    c.set_document_generation(shopdock_sandbox::DocumentGeneration {
        pending_calls: 1,
        code: Some(11_034_023),
    })
    .unwrap();
    let other = orders[1].packages[0].id.clone();
    arrange(&api, &my, &other).await;
    assert_eq!(code(&label(&api, &my, &other).await), 11_034_023);
    assert_eq!(code(&label(&api, &my, &other).await), 0);
    let bad = http
        .put(format!("{}/_sandbox/documents/generation", sb.base_url()))
        .body(json!({"pending_calls": 1, "code": 1}).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status().as_u16(), 400);
}

#[tokio::test]
async fn each_package_state_that_has_no_document_gets_its_documented_refusal() {
    let sb = world().await;
    let c = sb.control();
    let my = added_shop(c, 0);
    let api = Api::new(&sb, &my.seller_id);
    let orders = ready(c, &my.id, 20);

    // Before shipment: the package exists (SEA), still TO_FULFILL.
    let early = orders[0].packages[0].id.clone();
    assert_eq!(code(&label(&api, &my, &early).await), 21_023_035);

    // After carrier pickup (3 to 30 h after shipment).
    arrange(&api, &my, &early).await;
    assert_eq!(code(&label(&api, &my, &early).await), 0);
    c.advance_clock(Duration::from_secs(31 * HOUR));
    assert_eq!(c.order(&my.id, &orders[0].id).unwrap().status, "IN_TRANSIT");
    assert_eq!(code(&label(&api, &my, &early).await), 21_042_102);

    // Cancelled: a paid order that was cancelled keeps its (cancelled) package.
    let cancelled = c
        .orders(&my.id)
        .unwrap()
        .into_iter()
        .find(|o| o.status == "CANCELLED" && !o.packages.is_empty())
        .expect("a cancelled order with a package in the seeded history");
    assert_eq!(
        code(&label(&api, &my, &cancelled.packages[0].id).await),
        21_023_059
    );

    // Seller shipping.
    let seller_shop = added_shop(c, 1);
    let seller_api = Api::new(&sb, &seller_shop.seller_id);
    let seller_order = ready(c, &seller_shop.id, 5).remove(0);
    assert_eq!(
        code(&label(&seller_api, &seller_shop, &seller_order.packages[0].id).await),
        11_034_002
    );

    // FBT: the demo US shop's orders fulfilled by TikTok.
    let demo = c.demo_shop();
    let demo_api = Api::demo(&sb);
    let fbt = c
        .orders(&demo.id)
        .unwrap()
        .into_iter()
        .find(|o| o.fulfillment_type == "FULFILLMENT_BY_TIKTOK" && !o.packages.is_empty())
        .expect("an FBT order with a package");
    assert_eq!(
        code(&label(&demo_api, &demo, &fbt.packages[0].id).await),
        21_008_043
    );

    // An unknown package.
    assert_eq!(code(&label(&api, &my, "1").await), 21_011_028);

    let calls = c.document_calls(&my.id, &early).unwrap();
    assert_eq!((calls.calls, calls.refused, calls.issued), (3, 2, 1));
}

#[tokio::test]
async fn values_the_spec_rules_out_are_refused_as_invalid_parameters() {
    let sb = world().await;
    let c = sb.control();
    let my = added_shop(c, 0);
    let api = Api::new(&sb, &my.seller_id);
    let orders = ready(c, &my.id, 40);
    let hazmat = |o: &Order| o.line_items.iter().any(|i| i.is_dangerous_good);
    let plain = orders
        .iter()
        .find(|o| !hazmat(o))
        .expect("an order without hazmat");
    let dangerous = orders
        .iter()
        .find(|o| hazmat(o))
        .expect("an order with a hazmat item");
    let package = plain.packages[0].id.clone();
    arrange(&api, &my, &package).await;
    for params in [
        vec![],
        vec![("document_type", "PICKING_LIST")],
        vec![
            ("document_type", "SHIPPING_LABEL"),
            ("document_size", "4x6"),
        ],
        vec![
            ("document_type", "SHIPPING_LABEL"),
            ("document_format", "ZPL"),
        ],
        vec![("document_type", "INVOICE_LABEL")],
        vec![("document_type", "HAZMAT_LABEL")],
    ] {
        let r = document(&api, &my, &package, &params).await;
        assert_eq!(code(&r), 21_001_001, "{params:?}: {}", r.json);
    }

    // A hazmat label for a package with hazmat items: A4 whatever size is asked.
    let package = dangerous.packages[0].id.clone();
    arrange(&api, &my, &package).await;
    let r = document(
        &api,
        &my,
        &package,
        &[("document_type", "HAZMAT_LABEL"), ("document_size", "A5")],
    )
    .await;
    assert_eq!(code(&r), 0, "{}", r.json);
    let (_, _, bytes) = download(r.json["data"]["doc_url"].as_str().unwrap()).await;
    let (_, text, widths) = pdf_text(&bytes);
    assert!(text.contains("HAZMAT LABEL"), "{text}");
    assert!((widths[0] - 595.28).abs() < 0.1, "A4: {widths:?}");
}
