//! Get Package Shipping Document and the download of its `doc_url` against the sandbox over
//! real loopback HTTP (write-api §B): the typed call, the file behind the link, an expired
//! link as its own error, and the §B refusals with their seller-facing reasons.

use shopdock_sandbox::{
    DocumentGeneration, MarketCode, Sandbox, SandboxConfig, ShippingMode, ShopSetup, DEMO_APP_KEY,
    DEMO_APP_SECRET,
};
use shopdock_tiktok::fulfillment::{
    DocumentSize, DocumentType, HandoverMethod, ShipPackageRequest, ShippingDocumentQuery,
};
use shopdock_tiktok::{codes, Action, AppCredentials, Client, Secret, TikTokError};
use std::time::Duration;

/// A sandbox with one Malaysian TikTok Shipping shop (packages exist from payment) and one
/// Malaysian seller-shipping shop.
async fn sandbox() -> Sandbox {
    Sandbox::start(SandboxConfig {
        seed: 11,
        orders_per_shop: 10,
        extra_shops: vec![
            ShopSetup::local(MarketCode::My, ShippingMode::Tiktok),
            ShopSetup::local(MarketCode::My, ShippingMode::Seller),
        ],
        ..SandboxConfig::default()
    })
    .await
    .expect("sandbox starts")
}

struct Shop {
    client: Client,
    token: Secret,
    cipher: String,
    id: String,
}

/// Added shop `n`'s client, with `count` orders ready to ship.
fn shop(sb: &Sandbox, n: usize, count: usize) -> (Shop, Vec<String>) {
    let c = sb.control();
    let info = c
        .shops()
        .into_iter()
        .find(|s| s.seller_id == format!("shop{n}_seller"))
        .expect("added shop");
    let tokens = c
        .grant_tokens(DEMO_APP_KEY, &info.seller_id)
        .expect("tokens");
    c.create_orders(&info.id, count).expect("orders");
    c.advance_clock(Duration::from_secs(2 * 3_600));
    let packages = c
        .orders(&info.id)
        .expect("orders")
        .into_iter()
        .filter(|o| {
            o.status == "AWAITING_SHIPMENT"
                && o.fulfillment_type == "FULFILLMENT_BY_SELLER"
                && !o.is_buyer_request_cancel
                && !o.packages.is_empty()
        })
        .map(|o| o.packages[0].id.clone())
        .collect();
    let client = Client::new(
        sb.endpoints(),
        AppCredentials {
            app_key: DEMO_APP_KEY.into(),
            app_secret: Secret::new(DEMO_APP_SECRET),
        },
    )
    .expect("client");
    (
        Shop {
            client,
            token: Secret::new(tokens.access_token),
            cipher: info.cipher,
            id: info.id,
        },
        packages,
    )
}

impl Shop {
    async fn arrange(&self, package_id: &str) {
        self.client
            .ship_package(
                &self.token,
                &self.cipher,
                package_id,
                &ShipPackageRequest::handover(HandoverMethod::DropOff, None),
            )
            .await
            .expect("arranged");
    }

    async fn label(
        &self,
        package_id: &str,
    ) -> Result<shopdock_tiktok::fulfillment::ShippingDocument, TikTokError> {
        let query = ShippingDocumentQuery {
            document_size: Some(DocumentSize::A6),
            ..ShippingDocumentQuery::new(DocumentType::ShippingLabel)
        };
        self.client
            .package_shipping_document(&self.token, &self.cipher, package_id, &query)
            .await
    }
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

#[tokio::test]
async fn a_label_downloads_as_a_pdf_naming_its_package_and_tracking_until_the_link_expires() {
    let sb = sandbox().await;
    let (shop, packages) = shop(&sb, 0, 10);
    shop.arrange(&packages[0]).await;
    let doc = shop.label(&packages[0]).await.expect("a document");
    assert!(!doc.tracking_number.is_empty());
    let file = shop
        .client
        .download_document(&doc.doc_url)
        .await
        .expect("the file");
    assert!(file.is_pdf(), "{:?}", file.content_type);
    assert_eq!(file.content_type.as_deref(), Some("application/pdf"));
    assert!(contains(&file.bytes, &format!("Package {}", packages[0])));
    assert!(contains(
        &file.bytes,
        &format!("Tracking {}", doc.tracking_number)
    ));

    sb.control().advance_clock(Duration::from_secs(24 * 3_600));
    let gone = shop
        .client
        .download_document(&doc.doc_url)
        .await
        .expect_err("expired");
    assert!(
        matches!(gone, TikTokError::DocumentLinkGone { status: 403 }),
        "{gone:?}"
    );
    assert_eq!(
        gone.action(),
        Action::FixRequest,
        "a retry of the link cannot help"
    );
    let not_web = shop.client.download_document("file:///etc/passwd").await;
    assert!(matches!(not_web, Err(TikTokError::InvalidRequest(_))));
}

#[tokio::test]
async fn still_generating_is_a_transient_refusal_and_the_next_call_succeeds() {
    let sb = sandbox().await;
    let (shop, packages) = shop(&sb, 0, 10);
    sb.control()
        .set_document_generation(DocumentGeneration {
            pending_calls: 1,
            code: None,
        })
        .expect("knob");
    shop.arrange(&packages[0]).await;
    let first = shop
        .label(&packages[0])
        .await
        .expect_err("still generating");
    assert_eq!(first.api_code(), Some(codes::DOCUMENT_GENERATING));
    assert_eq!(first.action(), Action::Retry);
    let refusal = first.refusal().expect("a refusal");
    assert!(refusal.transient && !refusal.outcome_unknown);
    assert!(shop.label(&packages[0]).await.is_ok());
    let calls = sb
        .control()
        .document_calls(&shop.id, &packages[0])
        .expect("counted");
    assert_eq!((calls.calls, calls.generating, calls.issued), (2, 1, 1));
}

#[tokio::test]
async fn refused_documents_carry_what_the_seller_must_do() {
    let sb = sandbox().await;
    let (tiktok, packages) = shop(&sb, 0, 10);
    let early = tiktok.label(&packages[0]).await.expect_err("not arranged");
    assert_eq!(early.api_code(), Some(codes::DOCUMENT_BEFORE_ARRANGED));
    assert!(early
        .refusal()
        .expect("a refusal")
        .reason
        .contains("not arranged yet"));

    let (seller, packages) = shop(&sb, 1, 5);
    let theirs = seller
        .label(&packages[0])
        .await
        .expect_err("seller shipping");
    assert_eq!(theirs.api_code(), Some(codes::DOCUMENT_SELLER_SHIPPING));
    assert!(theirs
        .refusal()
        .expect("a refusal")
        .reason
        .contains("print your carrier's label"));
}
