//! Fulfillment writes whose outcome is unknown are never reported as retryable, reads stay
//! retryable, and TikTok's fulfillment refusals reach the caller with their seller-facing
//! reason (over real loopback HTTP).

use crate::support::*;
use shopdock_tiktok::fulfillment::*;
use shopdock_tiktok::{codes, Action, Client, TikTokError};
use std::future::Future;
use std::pin::Pin;

const CIPHER: &str = "ROW_x";

type Outcome<'a> = Pin<Box<dyn Future<Output = Result<(), TikTokError>> + Send + 'a>>;

/// Every fulfillment write, by name, with a valid request.
fn writes(client: &Client) -> Vec<(&'static str, Outcome<'_>)> {
    let t = token();
    let update = ShippingInfoUpdate {
        tracking_number: "T1".into(),
        shipping_provider_id: "P1".into(),
    };
    let (t1, t2, t3, t4, t5, t6) = (t.clone(), t.clone(), t.clone(), t.clone(), t.clone(), t);
    let update2 = update.clone();
    vec![
        (
            "mark as shipped",
            Box::pin(async move {
                let request = MarkShippedRequest {
                    tracking_number: "T1".into(),
                    shipping_provider_id: "P1".into(),
                    ..Default::default()
                };
                client
                    .mark_package_as_shipped(&t1, CIPHER, "1", &request)
                    .await
                    .map(drop)
            }),
        ),
        (
            "ship package",
            Box::pin(async move {
                let request = ShipPackageRequest::handover(HandoverMethod::DropOff, None);
                client.ship_package(&t2, CIPHER, "1", &request).await
            }),
        ),
        (
            "batch ship",
            Box::pin(async move {
                let request = BatchShipRequest {
                    packages: vec![BatchShipPackage {
                        id: "1".into(),
                        ship: ShipPackageRequest::self_shipment("T1", "P1"),
                    }],
                };
                client
                    .batch_ship_packages(&t3, CIPHER, &request)
                    .await
                    .map(drop)
            }),
        ),
        (
            "create packages",
            Box::pin(async move {
                let request = CreatePackagesRequest {
                    order_id: "1".into(),
                    ..Default::default()
                };
                client
                    .create_packages(&t4, CIPHER, &request)
                    .await
                    .map(drop)
            }),
        ),
        (
            "update shipping info",
            Box::pin(async move { client.update_shipping_info(&t5, CIPHER, "1", &update).await }),
        ),
        (
            "update package shipping info",
            Box::pin(async move {
                client
                    .update_package_shipping_info(&t6, CIPHER, "1", &update2)
                    .await
            }),
        ),
    ]
}

/// Every fulfillment and logistics read, by name.
fn reads(client: &Client) -> Vec<(&'static str, Outcome<'_>)> {
    let t = token();
    let (t1, t2, t3, t4, t5, t6, t7) = (
        t.clone(),
        t.clone(),
        t.clone(),
        t.clone(),
        t.clone(),
        t.clone(),
        t,
    );
    vec![
        (
            "package detail",
            Box::pin(async move { client.package_detail(&t1, CIPHER, "1").await.map(drop) }),
        ),
        (
            "search packages",
            Box::pin(async move {
                client
                    .search_packages(&t2, CIPHER, &Default::default(), &Default::default())
                    .await
                    .map(drop)
            }),
        ),
        (
            "shipping document",
            Box::pin(async move {
                let query = ShippingDocumentQuery::new(DocumentType::ShippingLabel);
                client
                    .package_shipping_document(&t3, CIPHER, "1", &query)
                    .await
                    .map(drop)
            }),
        ),
        (
            "eligible services",
            Box::pin(async move {
                let request = EligibleServicesRequest {
                    order_line_item_ids: vec!["1".into()],
                    ..Default::default()
                };
                client
                    .eligible_shipping_services(&t4, CIPHER, "1", &request)
                    .await
                    .map(drop)
            }),
        ),
        (
            "handover slots",
            Box::pin(async move {
                client
                    .package_handover_time_slots(&t5, CIPHER, "1")
                    .await
                    .map(drop)
            }),
        ),
        (
            "shipping providers",
            Box::pin(async move { client.shipping_providers(&t6, CIPHER, "1").await.map(drop) }),
        ),
        (
            "delivery options",
            Box::pin(async move {
                client
                    .warehouse_delivery_options(&t7, CIPHER, "1", None)
                    .await
                    .map(drop)
            }),
        ),
    ]
}

/// A success envelope cut off mid-`data`.
fn truncated(_: &Received) -> Answer {
    Answer::json(r#"{"code":0,"message":"Success","data":{"package_id":"12"#.to_owned())
}

#[tokio::test]
async fn every_write_with_a_truncated_reply_is_unconfirmed_and_sent_once() {
    let (base, log) = scripted(truncated).await;
    let client = local_client(&base);
    let calls = writes(&client);
    let count = calls.len();
    for (name, call) in calls {
        let err = call.await.unwrap_err();
        assert!(
            matches!(
                err,
                TikTokError::UnconfirmedWrite {
                    status: Some(200),
                    ..
                }
            ),
            "{name}: {err:?}"
        );
        assert_eq!(err.action(), Action::Reconcile, "{name}");
    }
    assert_eq!(
        log.lock().unwrap().len(),
        count,
        "each write sent exactly once"
    );
}

#[tokio::test]
async fn every_read_with_a_truncated_reply_is_a_retryable_decode_error() {
    let (base, _) = scripted(truncated).await;
    let client = local_client(&base);
    for (name, call) in reads(&client) {
        let err = call.await.unwrap_err();
        assert!(matches!(err, TikTokError::Decode { .. }), "{name}: {err:?}");
        assert_eq!(err.action(), Action::Retry, "{name}");
    }
}

#[tokio::test]
async fn every_write_whose_body_is_cut_mid_transfer_is_unconfirmed() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        // Promise 500 bytes, send a few, hang up: the reply is truncated on the wire.
        while let Ok((mut socket, _)) = listener.accept().await {
            let mut buf = vec![0u8; 64 * 1024];
            let _ = socket.read(&mut buf).await;
            let _ = socket
                .write_all(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 500\r\n\r\n{\"code\":0,\"data\":{")
                .await;
            let _ = socket.shutdown().await;
        }
    });
    let client = local_client(&base);
    for (name, call) in writes(&client) {
        let err = call.await.unwrap_err();
        assert!(
            matches!(err, TikTokError::UnconfirmedWrite { .. }),
            "{name}: {err:?}"
        );
        assert_eq!(err.action(), Action::Reconcile, "{name}");
    }
}

#[tokio::test]
async fn a_tiktok_timeout_code_on_a_write_is_unconfirmed() {
    for code in [
        codes::SYSTEM_TIMEOUT,
        codes::SYSTEM_TIMEOUT_SHIP,
        codes::REQUEST_TIMEOUT,
    ] {
        let (base, log) = scripted(move |_| {
            Answer::json(envelope(code, "System timeout.", serde_json::Value::Null))
        })
        .await;
        let client = local_client(&base);
        for (name, call) in writes(&client) {
            let err = call.await.unwrap_err();
            assert_eq!(err.action(), Action::Reconcile, "{code} {name}: {err:?}");
        }
        assert_eq!(log.lock().unwrap().len(), 6);
    }
}

#[tokio::test]
async fn the_named_refusals_reach_the_caller_with_a_specific_reason() {
    for (code, words) in [
        (codes::ORDER_ON_HOLD, "on hold"),
        (codes::PACKAGE_SHIPPED_ALREADY, "already shipped"),
        (codes::ORDER_CANCELLED, "cancelled"),
        (codes::FULFILLED_BY_TIKTOK, "FBT"),
        (codes::TRACKING_PROVIDER_MISMATCH, "carrier"),
        (codes::TRACKING_DUPLICATE, "already used"),
    ] {
        let (base, log) =
            scripted(move |_| Answer::json(envelope(code, "refused", serde_json::Value::Null)))
                .await;
        let request = MarkShippedRequest {
            tracking_number: "T1".into(),
            shipping_provider_id: "P1".into(),
            ..Default::default()
        };
        let err = local_client(&base)
            .mark_package_as_shipped(&token(), CIPHER, "1", &request)
            .await
            .unwrap_err();
        assert_eq!(err.api_code(), Some(code));
        assert_eq!(
            err.action(),
            Action::FixRequest,
            "{code}: a definite refusal"
        );
        let refusal = err.refusal().expect("seller-facing reason");
        assert!(refusal.reason.contains(words), "{code}: {}", refusal.reason);
        assert_eq!(log.lock().unwrap().len(), 1);
    }
}

#[tokio::test]
async fn a_busy_fulfillment_system_is_retryable_with_a_reason() {
    let (base, _) = scripted(|_| {
        Answer::json(envelope(
            codes::SYSTEM_BUSY_PROCESS,
            "System process error, please try again later.",
            serde_json::Value::Null,
        ))
    })
    .await;
    let err = local_client(&base)
        .ship_package(
            &token(),
            CIPHER,
            "1",
            &ShipPackageRequest::handover(HandoverMethod::DropOff, None),
        )
        .await
        .unwrap_err();
    assert_eq!(err.action(), Action::Retry);
    assert!(err.refusal().expect("reason").transient);
}

#[tokio::test]
async fn a_tiktok_shipping_delivery_option_has_no_providers_and_says_why() {
    let (base, _) = scripted(|_| {
        Answer::json(envelope(
            codes::DELIVERY_OPTION_BY_TIKTOK,
            "The delivery of the specified delivery_option_id is fulfilled by TikTok.",
            serde_json::Value::Null,
        ))
    })
    .await;
    let err = local_client(&base)
        .shipping_providers(&token(), CIPHER, "7091146663229654785")
        .await
        .unwrap_err();
    assert!(err
        .refusal()
        .expect("reason")
        .reason
        .contains("TikTok Shipping"));
}
