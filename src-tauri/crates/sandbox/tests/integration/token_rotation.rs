//! Issue 9.1: whether a refresh retires the previous tokens is UNCONFIRMED (fact sheet §3.8),
//! so the sandbox serves both answers. Lenient (default): the previous access and refresh
//! tokens keep working. Rotating (switch on): the refresh retires both at once.

use crate::common::{sandbox, Api};
use serde_json::Value;
use shopdock_sandbox::{Sandbox, SandboxConfig, DEMO_APP_KEY, DEMO_APP_SECRET, DEMO_SELLER};
use shopdock_tiktok::codes;

async fn refresh(sb: &Sandbox, refresh_token: &str) -> Value {
    let mut u = url::Url::parse(&format!("{}/api/v2/token/refresh", sb.base_url())).unwrap();
    u.query_pairs_mut().extend_pairs([
        ("app_key", DEMO_APP_KEY),
        ("app_secret", DEMO_APP_SECRET),
        ("refresh_token", refresh_token),
        ("grant_type", "refresh_token"),
    ]);
    reqwest::get(u).await.unwrap().json().await.unwrap()
}

async fn shops_code(sb: &Sandbox, access_token: &str) -> i64 {
    let api = Api {
        token: access_token.to_string(),
        ..Api::demo(sb)
    };
    api.get("/authorization/202309/shops").await.code()
}

async fn set_rotation(sb: &Sandbox, enabled: bool) {
    let r = reqwest::Client::new()
        .put(format!("{}/_sandbox/tokens/rotation", sb.base_url()))
        .json(&serde_json::json!({ "enabled": enabled }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
}

#[tokio::test]
async fn by_default_a_refresh_leaves_the_previous_tokens_valid() {
    let sb = sandbox(1).await;
    let first = sb
        .control()
        .grant_tokens(DEMO_APP_KEY, DEMO_SELLER)
        .unwrap();
    let second = refresh(&sb, &first.refresh_token).await;
    assert_eq!(second["code"], 0, "{second}");
    assert_eq!(shops_code(&sb, &first.access_token).await, 0);
    let again = refresh(&sb, &first.refresh_token).await;
    assert_eq!(again["code"], 0, "{again}");
    assert!(!sb.control().token_rotation());
}

#[tokio::test]
async fn with_rotation_on_a_refresh_retires_the_previous_access_and_refresh_tokens_at_once() {
    let sb = sandbox(1).await;
    set_rotation(&sb, true).await;
    assert!(sb.control().token_rotation());
    let first = sb
        .control()
        .grant_tokens(DEMO_APP_KEY, DEMO_SELLER)
        .unwrap();
    assert_eq!(shops_code(&sb, &first.access_token).await, 0);
    let second = refresh(&sb, &first.refresh_token).await;
    assert_eq!(second["code"], 0, "{second}");
    let new_access = second["data"]["access_token"].as_str().unwrap();
    let new_refresh = second["data"]["refresh_token"].as_str().unwrap();

    // The previous access token is now unknown: 36009004 about the header (DOC:common-errors).
    let api = Api {
        token: first.access_token.clone(),
        ..Api::demo(&sb)
    };
    let r = api.get("/authorization/202309/shops").await;
    assert_eq!(r.code(), codes::INVALID_PARAMETER);
    assert!(r.json["message"]
        .as_str()
        .unwrap()
        .contains("x-tts-access-token"));
    // The previous refresh token is spent: 36004005 (fact sheet §3.10).
    let spent = refresh(&sb, &first.refresh_token).await;
    assert_eq!(spent["code"], codes::AUTH_RECORD_NOT_FOUND, "{spent}");
    // The new pair works, and rotates in turn.
    assert_eq!(shops_code(&sb, new_access).await, 0);
    let third = refresh(&sb, new_refresh).await;
    assert_eq!(third["code"], 0, "{third}");
    assert_ne!(shops_code(&sb, new_access).await, 0);

    // Switching back restores the lenient answer for later refreshes.
    set_rotation(&sb, false).await;
    let last = third["data"]["refresh_token"].as_str().unwrap();
    assert_eq!(refresh(&sb, last).await["code"], 0);
    assert_eq!(refresh(&sb, last).await["code"], 0);
}

#[tokio::test]
async fn the_documented_config_rotates_and_reports_a_far_refresh_expiry() {
    let sb = Sandbox::start(SandboxConfig {
        orders_per_shop: 1,
        ..SandboxConfig::documented()
    })
    .await
    .unwrap();
    assert!(sb.control().token_rotation());
    let first = sb
        .control()
        .grant_tokens(DEMO_APP_KEY, DEMO_SELLER)
        .unwrap();
    // Real responses report refresh expiries a century out (fact sheet §3.8).
    assert!(first.refresh_token_expire_in > sb.control().now() + 50 * 365 * 86_400);
    let second = refresh(&sb, &first.refresh_token).await;
    assert_eq!(second["code"], 0);
    assert_eq!(
        refresh(&sb, &first.refresh_token).await["code"],
        codes::AUTH_RECORD_NOT_FOUND
    );
}
