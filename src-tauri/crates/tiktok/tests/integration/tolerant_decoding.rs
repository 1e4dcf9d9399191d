//! Decoding that survives what TikTok may send: nulls, unknown enum values, one malformed
//! order in a page; probes that never sign an empty body; writes never reported retryable
//! because their reply did not decode.

use crate::support::*;
use shopdock_tiktok::client::Method;
use shopdock_tiktok::model::{SearchOrdersFilter, SearchOrdersQuery};
use shopdock_tiktok::{Action, TikTokError};

#[tokio::test]
async fn a_page_with_one_malformed_order_yields_the_others_and_that_orders_json() {
    let (base, _) = scripted(|_| {
        Answer::json(
            r#"{"code":0,"message":"Success","request_id":"r","data":{
              "next_page_token":"p2","total_count":3,"orders":[
                {"id":"576461413038785001","status":"AWAITING_SHIPMENT","packages":null,
                 "payment":null,"recipient_address":null},
                {"id":"576461413038785002","status":"UNPAID","payment":{"total_amount":12.5}},
                {"id":"576461413038785003","status":"AWAITING_LUNAR_DISPATCH",
                 "fulfillment_type":"FULFILLMENT_BY_SOMEONE_NEW"}
              ]}}"#
                .to_owned(),
        )
    })
    .await;
    let page = local_client(&base)
        .search_orders_page(
            &token(),
            "ROW_x",
            &SearchOrdersQuery::default(),
            &SearchOrdersFilter {
                update_time_ge: Some(1),
                ..Default::default()
            },
        )
        .await
        .expect("the page is not lost");
    let ids: Vec<&str> = page.orders.iter().map(|o| o.order.id.as_str()).collect();
    assert_eq!(ids, ["576461413038785001", "576461413038785003"]);
    // Unknown enum values are kept as sent.
    assert_eq!(page.orders[1].order.status, "AWAITING_LUNAR_DISPATCH");
    assert_eq!(
        page.orders[1].order.fulfillment_type,
        "FULFILLMENT_BY_SOMEONE_NEW"
    );
    assert!(page.orders[0].order.packages.is_empty());
    assert!(page.orders[0].raw.get().contains("\"packages\":null"));
    let bad = &page.undecodable[0];
    assert_eq!(bad.id.as_deref(), Some("576461413038785002"));
    assert!(bad.raw.get().contains("12.5"));
    assert!(!bad.error.is_empty());
    assert_eq!(page.next_page_token.as_deref(), Some("p2"));
    assert_eq!(page.total_count, 3);
}

#[tokio::test]
async fn every_sandbox_order_decodes_through_the_tolerant_page() {
    let sb = sandbox().await;
    let shop = demo_shop(&sb);
    let page = shop
        .client
        .search_orders_page(
            &shop.token,
            &shop.cipher,
            &SearchOrdersQuery {
                page_size: 100,
                ..Default::default()
            },
            &SearchOrdersFilter::default(),
        )
        .await
        .expect("page");
    assert!(page.undecodable.is_empty());
    assert!(!page.orders.is_empty());
    assert_eq!(page.orders.len() as i64, page.total_count.min(100));
}

#[tokio::test]
async fn the_probe_and_an_unfiltered_search_never_send_an_empty_body() {
    let (base, log) = scripted(|_| {
        Answer::json(envelope(
            0,
            "Success",
            serde_json::json!({"orders": [], "total_count": 0}),
        ))
    })
    .await;
    let client = local_client(&base);
    client.probe_orders(&token(), "ROW_x").await.expect("probe");
    client
        .search_orders(
            &token(),
            "ROW_x",
            &SearchOrdersQuery::default(),
            &SearchOrdersFilter::default(),
        )
        .await
        .expect("search");
    let log = log.lock().unwrap();
    assert_eq!(log.len(), 2);
    let probe: serde_json::Value = serde_json::from_slice(&log[0].body).unwrap();
    let ge = probe["create_time_ge"].as_i64().expect("a real filter");
    assert!(ge > wall_now() - 8 * 86_400 && ge < wall_now());
    assert_eq!(log[0].param("page_size"), Some("1"));
    assert_eq!(log[1].body, br#"{"create_time_ge":1}"#);
}

#[tokio::test]
async fn the_probe_is_accepted_by_the_sandbox() {
    let sb = sandbox().await;
    let shop = demo_shop(&sb);
    shop.client
        .probe_orders(&shop.token, &shop.cipher)
        .await
        .expect("probe accepted");
}

#[tokio::test]
async fn an_empty_json_body_is_refused_before_sending() {
    let (base, log) =
        scripted(|_| Answer::json(envelope(0, "Success", serde_json::json!({})))).await;
    let err = local_client(&base)
        .call::<serde_json::Value>(
            Method::Post,
            "/order/202309/orders/search",
            &token(),
            Some("ROW_x"),
            &[("page_size".into(), "1".into())],
            Some(b"{}".to_vec()),
        )
        .await
        .unwrap_err();
    assert!(matches!(err, TikTokError::InvalidRequest(_)));
    assert!(log.lock().unwrap().is_empty());
}

#[derive(Debug, serde::Deserialize)]
struct ShipReply {
    #[allow(dead_code)]
    package_id: String,
}

async fn ship(base: &str) -> TikTokError {
    local_client(base)
        .call::<ShipReply>(
            Method::Post,
            "/fulfillment/202309/packages/1152921504606846976/ship",
            &token(),
            Some("ROW_x"),
            &[],
            Some(br#"{"handover_method":"PICKUP"}"#.to_vec()),
        )
        .await
        .unwrap_err()
}

#[tokio::test]
async fn a_write_whose_reply_does_not_decode_is_unconfirmed_and_sent_once() {
    // Success envelope, data of another shape.
    let (base, log) =
        scripted(|_| Answer::json(envelope(0, "Success", serde_json::json!({"package_id": 7}))))
            .await;
    let err = ship(&base).await;
    assert!(
        matches!(
            err,
            TikTokError::UnconfirmedWrite {
                status: Some(200),
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(err.action(), Action::Reconcile);
    assert_eq!(log.lock().unwrap().len(), 1);

    // A body cut short, and a proxy's 502: the outcome is unknown.
    for answer in [
        || Answer::json(r#"{"code":0,"message":"Succ"#.to_owned()),
        || Answer::status(502, "Bad Gateway"),
    ] {
        let (base, log) = scripted(move |_| answer()).await;
        let err = ship(&base).await;
        assert_eq!(err.action(), Action::Reconcile, "{err:?}");
        assert_eq!(log.lock().unwrap().len(), 1);
    }
}

#[tokio::test]
async fn a_read_whose_reply_does_not_decode_stays_retryable() {
    let (base, _) = scripted(|_| Answer::json(r#"{"code":0,"message":"Succ"#.to_owned())).await;
    let err = local_client(&base)
        .authorized_shops(&token())
        .await
        .unwrap_err();
    assert!(matches!(err, TikTokError::Decode { .. }));
    assert_eq!(err.action(), Action::Retry);
}

#[tokio::test]
async fn a_write_whose_connection_drops_after_sending_is_unconfirmed() {
    use tokio::io::AsyncReadExt;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        // Read the request, then hang up without answering.
        if let Ok((mut socket, _)) = listener.accept().await {
            let mut buf = vec![0u8; 64 * 1024];
            let _ = socket.read(&mut buf).await;
        }
    });
    let err = ship(&base).await;
    assert!(
        matches!(err, TikTokError::UnconfirmedWrite { status: None, .. }),
        "{err:?}"
    );
    assert_eq!(err.action(), Action::Reconcile);
}

#[tokio::test]
async fn a_write_that_never_connected_is_a_plain_network_error() {
    // Bind then drop: nothing listens on the port any more.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let err = ship(&base).await;
    assert!(matches!(err, TikTokError::Network(_)), "{err:?}");
    assert_eq!(err.action(), Action::Retry);
}
