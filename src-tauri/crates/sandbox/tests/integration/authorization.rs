//! The seller authorization page, auth codes and the token service.

use crate::common::{sandbox, Api};
use shopdock_sandbox::{
    AppRegistration, DEMO_APP_KEY, DEMO_APP_SECRET, DEMO_SELLER, DEMO_SERVICE_ID,
};
use shopdock_tiktok::codes;
use std::collections::HashMap;
use std::time::Duration;

fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// Extracts the hidden inputs of the form whose submit button has `id`.
fn form_fields(html: &str, button_id: &str) -> (String, Vec<(String, String)>) {
    let button = html.find(&format!("id=\"{button_id}\"")).expect("button");
    let start = html[..button].rfind("<form").expect("form start");
    let form = &html[start..button];
    let action = form
        .split("action=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    let mut fields = Vec::new();
    for input in form.split("<input").skip(1) {
        let attr = |name: &str| {
            input
                .split(&format!("{name}=\""))
                .nth(1)
                .and_then(|s| s.split('"').next())
                .unwrap_or("")
                .replace("&quot;", "\"")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&#39;", "'")
                .replace("&amp;", "&")
        };
        fields.push((attr("name"), attr("value")));
    }
    (action.to_string(), fields)
}

/// Loads the page and presses a button like a browser (form POST); returns the redirect.
async fn press(base: &str, query: &str, button: &str) -> url::Url {
    let client = browser();
    let html = client
        .get(format!("{base}/open/authorize?{query}"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let (action, fields) = form_fields(&html, button);
    let body: String = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(fields)
        .finish();
    let resp = client
        .post(format!("{base}{action}"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 302);
    url::Url::parse(resp.headers()["location"].to_str().unwrap()).unwrap()
}

fn params(u: &url::Url) -> HashMap<String, String> {
    u.query_pairs().into_owned().collect()
}

async fn token_call(base: &str, path: &str, q: &[(&str, &str)]) -> serde_json::Value {
    let mut u = url::Url::parse(&format!("{base}{path}")).unwrap();
    u.query_pairs_mut().extend_pairs(q);
    reqwest::get(u).await.unwrap().json().await.unwrap()
}

#[tokio::test]
async fn page_names_app_seller_and_shops_with_authorize_and_deny() {
    let sb = sandbox(1).await;
    let html = reqwest::get(format!(
        "{}/open/authorize?service_id={DEMO_SERVICE_ID}&state=abc",
        sb.base_url()
    ))
    .await
    .unwrap()
    .text()
    .await
    .unwrap();
    assert!(html.contains(">Authorize</button>") && html.contains(">Deny</button>"));
    assert!(html.contains("Shopdock Demo Outdoor LLC"), "seller name");
    assert!(
        html.contains(shopdock_sandbox::demo_shop_code()),
        "shop code"
    );
    assert!(html.contains("seller.order.info"), "scopes");
    assert!(!html.contains("<script"), "no JavaScript needed");

    let bad = reqwest::get(format!("{}/open/authorize?service_id=999", sb.base_url()))
        .await
        .unwrap();
    assert_eq!(bad.status().as_u16(), 404);
    assert!(bad.text().await.unwrap().contains("invalid"));
}

#[tokio::test]
async fn authorize_redirects_with_code_and_state_and_deny_with_error() {
    let sb = sandbox(1).await;
    let base = sb.base_url();
    sb.control()
        .set_redirect_url(DEMO_APP_KEY, "http://127.0.0.1:53682/callback?keep=1")
        .unwrap();
    let state = "s t/a+te&<x>";
    let q = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("service_id", DEMO_SERVICE_ID)
        .append_pair("state", state)
        .finish();

    let yes = press(&base, &q, "authorize").await;
    assert_eq!(yes.path(), "/callback");
    let p = params(&yes);
    assert_eq!(p["state"], state);
    assert_eq!(p["keep"], "1", "the registered URL's own query is kept");
    assert!(p["code"].len() > 10 && !p.contains_key("error"));

    let no = press(&base, &q, "deny").await;
    let p = params(&no);
    assert_eq!(p["error"], "access_denied");
    assert_eq!(p["code"], "null");
    assert_eq!(p["state"], state);

    // App Store flow: no state in, no state out.
    let bare = press(&base, &format!("service_id={DEMO_SERVICE_ID}"), "authorize").await;
    assert!(!params(&bare).contains_key("state"));

    // The browser's seller decides whose shops are granted.
    sb.control()
        .set_browser_seller("crossborder_seller")
        .unwrap();
    let cb = press(&base, &q, "authorize").await;
    let t = token_call(
        &base,
        "/api/v2/token/get",
        &[
            ("app_key", DEMO_APP_KEY),
            ("app_secret", DEMO_APP_SECRET),
            ("auth_code", &params(&cb)["code"]),
            ("grant_type", "authorized_code"),
        ],
    )
    .await;
    assert_eq!(t["data"]["seller_base_region"], "CN", "{t}");
}

#[tokio::test]
async fn token_get_and_refresh_return_absolute_expiries_and_full_shape() {
    let sb = sandbox(1).await;
    let base = sb.base_url();
    let code = sb
        .control()
        .issue_auth_code(DEMO_APP_KEY, DEMO_SELLER)
        .unwrap();
    let now = sb.control().now();
    let got = token_call(
        &base,
        "/api/v2/token/get",
        &[
            ("app_key", DEMO_APP_KEY),
            ("app_secret", DEMO_APP_SECRET),
            ("auth_code", &code),
            ("grant_type", "authorized_code"),
        ],
    )
    .await;
    assert_eq!(got["code"], 0, "{got}");
    let d = &got["data"];
    let access_exp = d["access_token_expire_in"].as_i64().unwrap();
    assert!(
        (access_exp - (now + 7 * 86_400)).abs() <= 2,
        "absolute, 7 days"
    );
    let refresh_exp = d["refresh_token_expire_in"].as_i64().unwrap();
    assert!(refresh_exp > access_exp && refresh_exp > 1_000_000_000);
    assert_eq!(d["user_type"], 0);
    assert_eq!(d["seller_base_region"], "US");
    assert!(d["open_id"].as_str().is_some_and(|s| !s.is_empty()));
    assert!(d["seller_name"].as_str().is_some_and(|s| !s.is_empty()));
    assert!(d["granted_scopes"]
        .as_array()
        .unwrap()
        .iter()
        .any(|s| s == "seller.order.info"));
    for k in [
        "access_token",
        "access_token_expire_in",
        "refresh_token",
        "refresh_token_expire_in",
        "open_id",
        "seller_name",
        "seller_base_region",
        "user_type",
        "granted_scopes",
    ] {
        assert!(d.get(k).is_some(), "missing {k}");
    }

    sb.control().advance_clock(Duration::from_secs(3 * 86_400));
    let refreshed = token_call(
        &base,
        "/api/v2/token/refresh",
        &[
            ("app_key", DEMO_APP_KEY),
            ("app_secret", DEMO_APP_SECRET),
            ("refresh_token", d["refresh_token"].as_str().unwrap()),
            ("grant_type", "refresh_token"),
        ],
    )
    .await;
    assert_eq!(refreshed["code"], 0, "{refreshed}");
    let r = &refreshed["data"];
    assert_ne!(
        r["refresh_token"], d["refresh_token"],
        "a new refresh token"
    );
    assert_ne!(r["access_token"], d["access_token"]);
    assert!(r["access_token_expire_in"].as_i64().unwrap() >= access_exp + 3 * 86_400 - 2);

    // The refreshed token works on the Open API.
    let api = Api {
        token: r["access_token"].as_str().unwrap().to_string(),
        ..Api::demo(&sb)
    };
    assert_eq!(api.get("/authorization/202309/shops").await.code(), 0);
}

#[tokio::test]
async fn codes_are_single_use_and_expire_after_30_virtual_minutes() {
    let sb = sandbox(1).await;
    let base = sb.base_url();
    let exchange = |code: String| {
        let base = base.clone();
        async move {
            token_call(
                &base,
                "/api/v2/token/get",
                &[
                    ("app_key", DEMO_APP_KEY),
                    ("app_secret", DEMO_APP_SECRET),
                    ("auth_code", &code),
                    ("grant_type", "authorized_code"),
                ],
            )
            .await["code"]
                .as_i64()
                .unwrap()
        }
    };
    let c = sb.control();
    let code = c.issue_auth_code(DEMO_APP_KEY, DEMO_SELLER).unwrap();
    assert_eq!(exchange(code.clone()).await, 0);
    assert_eq!(exchange(code).await, codes::AUTH_RECORD_NOT_FOUND);

    let late = c.issue_auth_code(DEMO_APP_KEY, DEMO_SELLER).unwrap();
    let fresh = c.issue_auth_code(DEMO_APP_KEY, DEMO_SELLER).unwrap();
    c.advance_clock(Duration::from_secs(29 * 60));
    assert_eq!(exchange(fresh).await, 0);
    c.advance_clock(Duration::from_secs(61));
    assert_eq!(exchange(late).await, codes::AUTH_RECORD_NOT_FOUND);
    assert_eq!(
        exchange("TTP_made_up".into()).await,
        codes::AUTH_RECORD_NOT_FOUND
    );
}

#[tokio::test]
async fn token_service_errors() {
    let sb = sandbox(1).await;
    let base = sb.base_url();
    let c = sb.control();
    let code = c.issue_auth_code(DEMO_APP_KEY, DEMO_SELLER).unwrap();
    let wrong_secret = token_call(
        &base,
        "/api/v2/token/get",
        &[
            ("app_key", DEMO_APP_KEY),
            ("app_secret", "wrong"),
            ("auth_code", &code),
            ("grant_type", "authorized_code"),
        ],
    )
    .await;
    assert_eq!(wrong_secret["code"], codes::INVALID_PARAMETER);
    assert!(wrong_secret["message"]
        .as_str()
        .unwrap()
        .contains("app_secret"));
    let bad_grant = token_call(
        &base,
        "/api/v2/token/get",
        &[
            ("app_key", DEMO_APP_KEY),
            ("app_secret", DEMO_APP_SECRET),
            ("auth_code", &code),
            ("grant_type", "password"),
        ],
    )
    .await;
    assert_eq!(bad_grant["code"], codes::INVALID_PARAMETER);

    let refresh = |rt: String| {
        let base = base.clone();
        async move {
            token_call(
                &base,
                "/api/v2/token/refresh",
                &[
                    ("app_key", DEMO_APP_KEY),
                    ("app_secret", DEMO_APP_SECRET),
                    ("refresh_token", &rt),
                    ("grant_type", "refresh_token"),
                ],
            )
            .await["code"]
                .as_i64()
                .unwrap()
        }
    };
    assert_eq!(
        refresh("TTP_unknown".into()).await,
        codes::AUTH_RECORD_NOT_FOUND
    );
    let t = c.grant_tokens(DEMO_APP_KEY, DEMO_SELLER).unwrap();
    c.expire_refresh_tokens(DEMO_APP_KEY).unwrap();
    assert_eq!(refresh(t.refresh_token).await, codes::REFRESH_TOKEN_EXPIRED);
    let t = c.grant_tokens(DEMO_APP_KEY, DEMO_SELLER).unwrap();
    c.revoke_authorization(DEMO_APP_KEY, DEMO_SELLER).unwrap();
    assert_eq!(refresh(t.refresh_token).await, codes::AUTH_RECORD_NOT_FOUND);
}

#[tokio::test]
async fn the_tiktok_client_crate_completes_the_whole_flow_against_the_sandbox() {
    use shopdock_tiktok::model::{SearchOrdersFilter, SearchOrdersQuery};
    use shopdock_tiktok::{AppCredentials, Client, Secret};
    let sb = sandbox(30).await;
    let c = sb.control();
    c.register_app(AppRegistration {
        app_key: "e2eapp".into(),
        app_secret: "e2e-secret".into(),
        service_id: "7000000000000000042".into(),
        redirect_url: "http://127.0.0.1:9/cb".into(),
        scopes: shopdock_sandbox::DEMO_SCOPES
            .iter()
            .map(|s| s.to_string())
            .collect(),
    })
    .unwrap();
    let client = Client::new(
        sb.endpoints(),
        AppCredentials {
            app_key: "e2eapp".into(),
            app_secret: Secret::new("e2e-secret"),
        },
    )
    .unwrap();
    let code = c.issue_auth_code("e2eapp", DEMO_SELLER).unwrap();
    let grant = client.get_access_token(&Secret::new(code)).await.unwrap();
    let shops = client.authorized_shops(&grant.access_token).await.unwrap();
    assert_eq!(shops[0].code, shopdock_sandbox::demo_shop_code());
    let page = client
        .search_orders(
            &grant.access_token,
            &shops[0].cipher,
            &SearchOrdersQuery {
                page_size: 10,
                ..SearchOrdersQuery::default()
            },
            &SearchOrdersFilter::default(),
        )
        .await
        .unwrap();
    assert_eq!(page.orders.len(), 10);
    assert_eq!(page.total_count, 30);
    let ids: Vec<String> = page.orders.iter().map(|o| o.id.clone()).collect();
    let detail = client
        .order_detail(&grant.access_token, &shops[0].cipher, &ids)
        .await
        .unwrap();
    let detail_ids: Vec<String> = detail.iter().map(|o| o.id.clone()).collect();
    assert_eq!(detail_ids, ids);
    let refreshed = client
        .refresh_access_token(&grant.refresh_token)
        .await
        .unwrap();
    assert!(client.active_shops(&refreshed.access_token).await.is_ok());
    assert!(client.last_clock_skew().abs() <= 2);
}
