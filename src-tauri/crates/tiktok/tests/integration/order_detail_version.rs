//! Get Order Detail at 202507 (the documented version), 202309 when a server refuses it, and
//! 21008111 (another seller's order) as its own error.

use crate::support::*;
use shopdock_tiktok::client::{ORDER_DETAIL_LEGACY_PATH, ORDER_DETAIL_PATH};
use shopdock_tiktok::{codes, Action, TikTokError};

fn one_order(id: &str) -> String {
    envelope(
        0,
        "Success",
        serde_json::json!({"orders": [{"id": id, "status": "AWAITING_SHIPMENT", "line_items": null}]}),
    )
}

#[tokio::test]
async fn the_sandbox_is_asked_at_202507_and_answers() {
    let sb = sandbox().await;
    let shop = demo_shop(&sb);
    let id = sb.control().orders(&sb.control().demo_shop().id).unwrap()[0]
        .id
        .clone();
    let orders = shop
        .client
        .order_detail(&shop.token, &shop.cipher, std::slice::from_ref(&id))
        .await
        .expect("detail");
    assert_eq!(orders.len(), 1);
    assert_eq!(orders[0].id, id);
    let stats = sb.control().stats();
    assert_eq!(stats.by_path.get(ORDER_DETAIL_PATH), Some(&1));
    assert_eq!(stats.by_path.get(ORDER_DETAIL_LEGACY_PATH), None);
    assert_eq!(shop.client.order_detail_path(), ORDER_DETAIL_PATH);
}

#[tokio::test]
async fn a_server_without_202507_is_asked_at_202309_from_then_on() {
    let (base, log) = scripted(|r| {
        if r.path == ORDER_DETAIL_PATH {
            Answer::status(404, "")
        } else {
            Answer::json(one_order(r.param("ids").unwrap_or("")))
        }
    })
    .await;
    let client = local_client(&base);
    let ids = vec!["576461413038785752".to_owned()];
    let first = client
        .order_detail(&token(), "ROW_x", &ids)
        .await
        .expect("fallback");
    assert_eq!(first[0].id, ids[0]);
    assert!(
        first[0].line_items.is_empty(),
        "null line_items read as empty"
    );
    client
        .order_detail(&token(), "ROW_x", &ids)
        .await
        .expect("again");
    let paths: Vec<String> = log.lock().unwrap().iter().map(|r| r.path.clone()).collect();
    assert_eq!(
        paths,
        [
            ORDER_DETAIL_PATH,
            ORDER_DETAIL_LEGACY_PATH,
            ORDER_DETAIL_LEGACY_PATH
        ]
    );
    assert_eq!(client.order_detail_path(), ORDER_DETAIL_LEGACY_PATH);
}

#[tokio::test]
async fn an_invalid_version_code_also_falls_back() {
    for code in [codes::INVALID_VERSION, codes::INVALID_PATH] {
        let (base, log) = scripted(move |r| {
            if r.path == ORDER_DETAIL_PATH {
                Answer::json(envelope(
                    code,
                    "The version name is invalid",
                    serde_json::Value::Null,
                ))
            } else {
                Answer::json(one_order("1"))
            }
        })
        .await;
        let orders = local_client(&base)
            .order_detail(&token(), "ROW_x", &["1".to_owned()])
            .await
            .expect("fallback");
        assert_eq!(orders.len(), 1);
        assert_eq!(log.lock().unwrap().len(), 2, "code {code}");
    }
}

#[tokio::test]
async fn another_sellers_order_is_a_typed_error_without_fallback() {
    let (base, log) = scripted(|_| {
        Answer::json(envelope(
            21008111,
            "The order or package does not belong to the current seller.",
            serde_json::Value::Null,
        ))
    })
    .await;
    let err = local_client(&base)
        .order_detail(&token(), "ROW_x", &["576461413038785752".to_owned()])
        .await
        .unwrap_err();
    assert!(
        matches!(err, TikTokError::NotSellersOrder(ref e) if e.code == 21008111),
        "{err:?}"
    );
    assert_eq!(err.action(), Action::FixRequest);
    assert_eq!(log.lock().unwrap().len(), 1);
}
