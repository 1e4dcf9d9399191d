//! Every Open API request is verified like TikTok does: app key, timestamp window, signature,
//! token, scope, shop cipher, route; and every answer is TikTok's envelope.

use crate::common::{sandbox, wall_now, Api};
use shopdock_sandbox::{AppRegistration, DEMO_APP_KEY, DEMO_SELLER};
use shopdock_tiktok::codes;
use std::collections::HashSet;
use std::time::Duration;

#[tokio::test]
async fn correctly_signed_request_succeeds_with_envelope_date_and_unique_request_ids() {
    let sb = sandbox(5).await;
    let api = Api::demo(&sb);
    let mut ids = HashSet::new();
    for _ in 0..5 {
        let r = api.get("/authorization/202309/shops").await;
        assert_eq!((r.status, r.code()), (200, 0), "{}", r.json);
        assert_eq!(r.json["message"], "Success");
        let rid = r.json["request_id"].as_str().unwrap().to_string();
        assert!(
            rid.len() >= 30 && rid.chars().all(|c| c.is_ascii_alphanumeric()),
            "{rid}"
        );
        assert!(ids.insert(rid), "request ids must be unique");
        assert!(r.headers.contains_key("date"));
        assert_eq!(r.headers["content-type"], "application/json");
        let shops = r.json["data"]["shops"].as_array().unwrap();
        assert_eq!(shops.len(), 1);
        assert_eq!(shops[0]["code"], shopdock_sandbox::demo_shop_code());
        assert_eq!(shops[0]["seller_type"], "LOCAL");
    }
}

#[tokio::test]
async fn official_signing_vector_v1_is_accepted() {
    // DOC:sign-your-api-request: app_secret e59af819cc, app_key 29a39d, timestamp 1623812664
    // -> b596b73e... Skew the gateway clock to that moment and register that app.
    let sb = sandbox(1).await;
    let c = sb.control();
    c.register_app(AppRegistration {
        app_key: "29a39d".into(),
        app_secret: "e59af819cc".into(),
        service_id: "7000000000000000029".into(),
        redirect_url: "http://127.0.0.1:9/cb".into(),
        scopes: vec!["seller.authorization.info".into()],
    })
    .unwrap();
    c.set_clock_skew(1_623_812_664 - wall_now());
    let token = c.grant_tokens("29a39d", DEMO_SELLER).unwrap().access_token;
    let url = format!(
        "{}/authorization/202309/shops?app_key=29a39d&timestamp=1623812664&sign=b596b73e0cc6de07ac26f036364178ab16b0a907af13d43f0a0cd2345f582dc8",
        sb.base_url()
    );
    let r = reqwest::Client::new()
        .get(url)
        .header("x-tts-access-token", token)
        .header("content-type", "application/json")
        .send()
        .await
        .unwrap();
    let date = r.headers()["date"].to_str().unwrap().to_string();
    let body: serde_json::Value = r.json().await.unwrap();
    assert_eq!(body["code"], 0, "{body}");
    assert!(
        date.contains("2021"),
        "Date header follows the skewed gateway clock: {date}"
    );
}

#[tokio::test]
async fn tampered_uppercase_or_missing_sign_is_rejected() {
    let sb = sandbox(1).await;
    let api = Api::demo(&sb);
    let mut r = api.req("GET", "/authorization/202309/shops");
    r.sign_override = Some("0".repeat(64));
    let resp = api.send(r).await;
    assert_eq!((resp.status, resp.code()), (401, codes::INVALID_SIGN));

    // Uppercase hex is a different string: TikTok rejects it (SKIT issue #37).
    let good = api.req("GET", "/authorization/202309/shops");
    let ts = wall_now();
    let sign = shopdock_tiktok::sign::sign_request(
        &good.secret,
        &good.path,
        [
            ("app_key", good.app_key.as_str()),
            ("timestamp", &ts.to_string()),
        ],
        None,
    );
    let mut upper = good.clone();
    upper.timestamp = Some(ts);
    upper.sign_override = Some(sign.to_uppercase());
    assert_eq!(api.send(upper).await.code(), codes::INVALID_SIGN);

    // A body changed after signing.
    let cipher = sb.control().demo_shop().cipher;
    let mut tampered = api.req("POST", "/order/202309/orders/search");
    tampered.cipher = Some(cipher.clone());
    tampered.params = vec![("page_size".into(), "10".into())];
    tampered.body = Some("{}".into());
    let ts = wall_now();
    tampered.timestamp = Some(ts);
    tampered.sign_override = Some(shopdock_tiktok::sign::sign_request(
        &tampered.secret,
        &tampered.path,
        [
            ("app_key", DEMO_APP_KEY),
            ("timestamp", ts.to_string().as_str()),
            ("shop_cipher", cipher.as_str()),
            ("page_size", "10"),
        ],
        Some(br#"{"order_status":"UNPAID"}"#),
    ));
    assert_eq!(api.send(tampered).await.code(), codes::INVALID_SIGN);

    let mut missing = api.req("GET", "/authorization/202309/shops");
    missing.omit_sign = true;
    let resp = api.send(missing).await;
    assert_eq!(resp.code(), codes::INVALID_PARAMETER);
    assert!(resp.json["message"].as_str().unwrap().contains("signature"));
}

#[tokio::test]
async fn stale_future_and_missing_timestamps_are_rejected() {
    let sb = sandbox(1).await;
    let api = Api::demo(&sb);
    let now = wall_now();
    for (ts, ok) in [
        (now - 290, true),
        (now + 20, true),
        (now - 320, false),
        (now + 60, false),
        (-5, false),
    ] {
        let mut r = api.req("GET", "/authorization/202309/shops");
        r.timestamp = Some(ts);
        let resp = api.send(r).await;
        let want = if ok { 0 } else { codes::INVALID_PARAMETER };
        assert_eq!(
            resp.code(),
            want,
            "timestamp offset {}: {}",
            ts - now,
            resp.json
        );
    }
    // Advancing VIRTUAL time does not make wall-clock timestamps stale.
    sb.control().advance_clock(Duration::from_secs(86_400));
    assert_eq!(api.get("/authorization/202309/shops").await.code(), 0);
    // Skewing the gateway clock does.
    sb.control().set_clock_skew(3_600);
    assert_eq!(
        api.get("/authorization/202309/shops").await.code(),
        codes::INVALID_PARAMETER
    );
}

#[tokio::test]
async fn unknown_app_key_is_invalid_credentials() {
    let sb = sandbox(1).await;
    let api = Api::demo(&sb);
    let mut r = api.req("GET", "/authorization/202309/shops");
    r.app_key = "nope".into();
    let resp = api.send(r).await;
    assert_eq!(resp.code(), codes::INVALID_PARAMETER);
    assert!(resp.json["message"].as_str().unwrap().contains("app_key"));
}

#[tokio::test]
async fn expired_token_gets_105002_by_virtual_time_or_on_command() {
    let sb = sandbox(1).await;
    let api = Api::demo(&sb);
    assert_eq!(api.get("/seller/202309/shops").await.code(), 0);
    sb.control()
        .advance_clock(Duration::from_secs(7 * 86_400 + 1));
    assert_eq!(
        api.get("/seller/202309/shops").await.code(),
        codes::ACCESS_TOKEN_EXPIRED
    );

    let api2 = Api::demo(&sb);
    assert_eq!(api2.get("/seller/202309/shops").await.code(), 0);
    assert!(sb.control().expire_access_tokens(DEMO_APP_KEY).unwrap() >= 1);
    assert_eq!(
        api2.get("/seller/202309/shops").await.code(),
        codes::ACCESS_TOKEN_EXPIRED
    );
}

#[tokio::test]
async fn revoked_token_gets_105001_and_unknown_or_missing_token_36009004() {
    let sb = sandbox(1).await;
    let api = Api::demo(&sb);
    // DOC:common-errors: a missing or unknown header is 36009004 "Invalid credentials. The
    // `x-tts-access-token` header is invalid." (HTTP 200: the page gives no status).
    let invalid = "Invalid credentials. The `x-tts-access-token` header is invalid.";
    let mut unknown = api.req("GET", "/authorization/202309/shops");
    unknown.token = Some("TTP_not_a_token".into());
    let r = api.send(unknown.clone()).await;
    assert_eq!((r.status, r.code()), (200, codes::INVALID_PARAMETER));
    assert_eq!(r.json["message"], invalid);
    let mut missing = api.req("GET", "/authorization/202309/shops");
    missing.token = None;
    let r = api.send(missing.clone()).await;
    assert_eq!((r.status, r.code()), (200, codes::INVALID_PARAMETER));
    assert_eq!(r.json["message"], invalid);

    // Fact sheet §3.9: a deauthorized token keeps answering 105001.
    sb.control()
        .revoke_authorization(DEMO_APP_KEY, DEMO_SELLER)
        .unwrap();
    let r = api.get("/authorization/202309/shops").await;
    assert_eq!((r.status, r.code()), (200, codes::ACCESS_TOKEN_INVALID));
    assert!(r.json["message"].as_str().unwrap().contains("deauthorized"));

    // The legacy switch brings back 105001 for every bad token.
    sb.control().set_legacy_token_errors(true);
    assert_eq!(api.send(unknown).await.code(), codes::ACCESS_TOKEN_INVALID);
    assert_eq!(api.send(missing).await.code(), codes::ACCESS_TOKEN_INVALID);
}

#[tokio::test]
async fn missing_scope_gets_105005_with_http_401_until_reauthorized() {
    let sb = sandbox(1).await;
    let c = sb.control();
    c.register_app(AppRegistration {
        app_key: "limited".into(),
        app_secret: "limited-secret".into(),
        service_id: "7000000000000000777".into(),
        redirect_url: "http://127.0.0.1:9/cb".into(),
        scopes: vec!["seller.authorization.info".into()],
    })
    .unwrap();
    let api = Api {
        token: c.grant_tokens("limited", DEMO_SELLER).unwrap().access_token,
        ..Api::demo(&sb)
    };
    let cipher = c.demo_shop().cipher;
    let search = |api: &Api| {
        let mut r = api.req("POST", "/order/202309/orders/search");
        r.app_key = "limited".into();
        r.secret = "limited-secret".into();
        r.cipher = Some(cipher.clone());
        r.params = vec![("page_size".into(), "5".into())];
        r.body = Some("{}".into());
        r
    };
    let resp = api.send(search(&api)).await;
    assert_eq!((resp.status, resp.code()), (401, codes::SCOPE_MISSING));
    // Enabling the scope is not enough: the seller must authorize again.
    c.set_app_scopes(
        "limited",
        vec![
            "seller.authorization.info".into(),
            "seller.order.info".into(),
        ],
    )
    .unwrap();
    assert_eq!(api.send(search(&api)).await.code(), codes::SCOPE_MISSING);
    let api = Api {
        token: c.grant_tokens("limited", DEMO_SELLER).unwrap().access_token,
        ..api
    };
    assert_eq!(api.send(search(&api)).await.code(), 0);
}

#[tokio::test]
async fn shop_cipher_missing_unexpected_unknown_or_foreign() {
    let sb = sandbox(1).await;
    let api = Api::demo(&sb);
    let mut r = api.req("POST", "/order/202309/orders/search");
    r.params = vec![("page_size".into(), "5".into())];
    r.body = Some("{}".into());
    assert_eq!(api.send(r.clone()).await.code(), codes::SHOP_CIPHER_MISSING);

    let mut unknown = r.clone();
    unknown.cipher = Some("ROW_doesnotexist".into());
    assert_eq!(api.send(unknown).await.code(), codes::INVALID_PARAMETER);

    let foreign = sb
        .control()
        .shops()
        .into_iter()
        .find(|s| s.seller_type == "CROSS_BORDER")
        .unwrap();
    let mut other = r.clone();
    other.cipher = Some(foreign.cipher);
    assert_eq!(api.send(other).await.code(), codes::CIPHER_MISMATCH);

    let mut unexpected = api.req("GET", "/authorization/202309/shops");
    unexpected.cipher = Some(sb.control().demo_shop().cipher);
    let resp = api.send(unexpected).await;
    assert_eq!(resp.code(), codes::INVALID_PARAMETER);
    assert!(resp.json["message"]
        .as_str()
        .unwrap()
        .contains("Unexpected identifier"));
}

#[tokio::test]
async fn unknown_path_wrong_method_and_bad_version() {
    let sb = sandbox(1).await;
    let api = Api::demo(&sb);
    assert_eq!(
        api.get("/order/202309/nothing").await.code(),
        codes::INVALID_PATH
    );
    assert_eq!(
        api.get("/totally/unknown").await.code(),
        codes::INVALID_PATH
    );
    let mut wrong = api.req("GET", "/order/202309/orders/search");
    wrong.cipher = Some(sb.control().demo_shop().cipher);
    assert_eq!(api.send(wrong).await.code(), codes::INVALID_METHOD);
    let mut bad = api.req("POST", "/order/202299/orders/search");
    bad.cipher = Some(sb.control().demo_shop().cipher);
    bad.body = Some("{}".into());
    assert_eq!(api.send(bad).await.code(), codes::INVALID_VERSION);
}

#[tokio::test]
async fn malformed_requests_get_tiktok_errors_not_panics() {
    let sb = sandbox(3).await;
    let api = Api::demo(&sb);
    let cipher = sb.control().demo_shop().cipher;
    for (params, body) in [
        (vec![], "{}"),
        (vec![("page_size", "0")], "{}"),
        (vec![("page_size", "101")], "{}"),
        (vec![("page_size", "abc")], "{}"),
        (vec![("page_size", "10"), ("sort_field", "paid_time")], "{}"),
        (vec![("page_size", "10"), ("sort_order", "sideways")], "{}"),
        (vec![("page_size", "10")], "{not json"),
        (vec![("page_size", "10")], r#"{"order_status":"SHIPPED"}"#),
        (
            vec![("page_size", "10")],
            r#"{"create_time_ge":"yesterday"}"#,
        ),
        (vec![("page_size", "10")], r#"{"shipping_type":"DRONE"}"#),
        (
            vec![("page_size", "10"), ("page_token", "garbage+/==")],
            "{}",
        ),
    ] {
        let r = api.search(&cipher, &params, body).await;
        assert_eq!(
            r.code(),
            codes::INVALID_PARAMETER,
            "{params:?} {body}: {}",
            r.json
        );
        assert_eq!(r.status, 200);
    }
    // A body that is not application/json (TikTok's 36009022).
    let mut r = api.req("POST", "/order/202309/orders/search");
    r.cipher = Some(cipher.clone());
    r.params = vec![("page_size".into(), "5".into())];
    r.body = Some("{}".into());
    r.content_type = "text/plain".into();
    assert_eq!(api.send(r).await.code(), 36_009_022);
    let empty = api.detail(&cipher, "202309", &[]).await;
    assert_eq!(empty.code(), codes::INVALID_PARAMETER);
}
