//! The `/_sandbox/` control API over HTTP mirrors `Control`, unsigned and apart from TikTok's
//! paths.

use crate::common::{sandbox, Api};
use serde_json::{json, Value};

async fn call(method: reqwest::Method, url: String, body: Option<Value>) -> (u16, Value) {
    let c = reqwest::Client::new();
    let mut b = c.request(method, url);
    if let Some(body) = body {
        b = b.json(&body);
    }
    let r = b.send().await.unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn control_api_drives_the_sandbox_over_http() {
    use reqwest::Method as M;
    let sb = sandbox(10).await;
    let base = format!("{}/_sandbox", sb.base_url());

    let (s, info) = call(M::GET, base.clone(), None).await;
    assert_eq!(s, 200);
    assert_eq!(info["app_key"], shopdock_sandbox::DEMO_APP_KEY);
    assert_eq!(info["shop_code"], shopdock_sandbox::demo_shop_code());
    assert!(info["authorize_url"]
        .as_str()
        .unwrap()
        .contains("service_id="));

    let (_, shops) = call(M::GET, format!("{base}/shops"), None).await;
    let shops = shops.as_array().unwrap();
    assert!(shops.len() >= 4);
    let shop_id = shops[0]["id"].as_str().unwrap().to_string();

    let (s, created) = call(
        M::POST,
        format!("{base}/orders"),
        Some(json!({"shop_id": shop_id, "count": 25})),
    )
    .await;
    assert_eq!(s, 200, "{created}");
    assert_eq!(created["order_ids"].as_array().unwrap().len(), 25);
    let (_, count) = call(M::GET, format!("{base}/shops/{shop_id}/orders/count"), None).await;
    assert_eq!(count["count"], 35);
    let (_, orders) = call(M::GET, format!("{base}/shops/{shop_id}/orders"), None).await;
    assert_eq!(orders.as_array().unwrap().len(), 35);
    let (_, catalog) = call(M::GET, format!("{base}/shops/{shop_id}/catalog"), None).await;
    assert!(!catalog.as_array().unwrap().is_empty());

    let (_, before) = call(M::GET, format!("{base}/clock"), None).await;
    let (_, after) = call(
        M::POST,
        format!("{base}/clock/advance"),
        Some(json!({"seconds": 3600})),
    )
    .await;
    assert!(after["now"].as_i64().unwrap() >= before["now"].as_i64().unwrap() + 3600);

    for (path, body) in [
        ("latency", json!({"ms": 0})),
        ("rate_limit", json!({"qps": 50})),
        (
            "faults",
            json!({"p_5xx": 0.0, "p_429": 0.0, "p_hang": 0.0, "hang": 0, "p_truncate": 0.0}),
        ),
        ("clock/skew", json!({"seconds": 0})),
        ("clock/paused", json!({"paused": false})),
        (
            "browser_seller",
            json!({"seller_id": shopdock_sandbox::DEMO_SELLER}),
        ),
    ] {
        let (s, r) = call(M::PUT, format!("{base}/{path}"), Some(body)).await;
        assert_eq!(s, 200, "{path}: {r}");
    }
    let (s, _) = call(
        M::PUT,
        format!("{base}/faults"),
        Some(json!({"p_5xx": 2.0, "p_429": 0.0, "p_hang": 0.0, "hang": 0, "p_truncate": 0.0})),
    )
    .await;
    assert_eq!(s, 400);

    let (_, code) = call(
        M::POST,
        format!("{base}/auth_codes"),
        Some(json!({"app_key": shopdock_sandbox::DEMO_APP_KEY, "seller_id": shopdock_sandbox::DEMO_SELLER})),
    )
    .await;
    // Authorization codes carry no prefix, as in the documented redirect sample (fact sheet
    // §3.3).
    let code = code["code"].as_str().unwrap();
    assert!(!code.is_empty() && !code.starts_with("TTP_"), "{code}");

    // Traffic shows up in the stats; control calls do not.
    let api = Api::demo(&sb);
    api.get("/seller/202309/shops").await;
    let (_, stats) = call(M::GET, format!("{base}/stats"), None).await;
    assert_eq!(stats["requests"], 1);
    assert_eq!(stats["by_path"]["/seller/202309/shops"], 1);
    call(M::POST, format!("{base}/stats/reset"), None).await;
    let (_, stats) = call(M::GET, format!("{base}/stats"), None).await;
    assert_eq!(stats["requests"], 0);

    let (s, r) = call(
        M::POST,
        format!("{base}/tokens/expire"),
        Some(json!({"app_key": shopdock_sandbox::DEMO_APP_KEY})),
    )
    .await;
    assert_eq!((s, r["count"].as_u64().unwrap() >= 1), (200, true));
    assert_eq!(api.get("/seller/202309/shops").await.code(), 105_002);

    let (s, _) = call(M::GET, format!("{base}/shops/nope/orders"), None).await;
    assert_eq!(s, 404);
    let (s, _) = call(
        M::POST,
        format!("{base}/orders"),
        Some(json!({"count": "x"})),
    )
    .await;
    assert_eq!(s, 400);
    let (s, _) = call(M::GET, format!("{base}/no/such/route"), None).await;
    assert_eq!(s, 404);

    let img = reqwest::get(format!("{base}/images/1729000000000000001.svg"))
        .await
        .unwrap();
    assert_eq!(img.headers()["content-type"], "image/svg+xml");
}
