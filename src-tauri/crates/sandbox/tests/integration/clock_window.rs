//! Issue 9.3: the sandbox's clock can run ahead of real time, it enforces TikTok's timestamp
//! window against its own clock (DOC:common-parameters via fact sheet §1: `[now - 5 min,
//! now + 30 s]`; DOC:common-errors wording, code 36009004), and its `Date` header carries its
//! own time so a client can measure the skew.

use crate::common::{wall_now, Api, Resp};
use shopdock_sandbox::{Sandbox, SandboxConfig};
use shopdock_tiktok::codes;

fn date_header(r: &Resp) -> i64 {
    let d = r.headers["date"].to_str().unwrap();
    httpdate::parse_http_date(d)
        .unwrap()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

async fn at(api: &Api, timestamp: i64) -> Resp {
    let mut r = api.req("GET", "/authorization/202309/shops");
    r.timestamp = Some(timestamp);
    api.send(r).await
}

#[tokio::test]
async fn a_clock_ten_minutes_ahead_refuses_wall_clock_stamps_and_accepts_its_own_time() {
    let sb = Sandbox::start(SandboxConfig {
        orders_per_shop: 1,
        clock_skew_secs: 600,
        ..SandboxConfig::default()
    })
    .await
    .unwrap();
    let api = Api::demo(&sb);
    let stale = at(&api, wall_now()).await;
    assert_eq!(stale.code(), codes::INVALID_PARAMETER);
    assert_eq!(
        stale.json["message"],
        "Invalid timestamp. The value of the timestamp query parameter must not be earlier than 5 minutes before the current time."
    );
    // The refusal itself tells the client the server's time.
    let server = date_header(&stale);
    assert!((server - wall_now() - 600).abs() <= 2, "Date {server}");
    assert_eq!(at(&api, server).await.code(), 0);
}

#[tokio::test]
async fn the_window_is_300_seconds_behind_to_30_seconds_ahead_of_the_sandbox_clock() {
    let sb = Sandbox::start(SandboxConfig {
        orders_per_shop: 1,
        ..SandboxConfig::default()
    })
    .await
    .unwrap();
    // The skew moves over the control API too.
    let r = reqwest::Client::new()
        .put(format!("{}/_sandbox/clock/skew", sb.base_url()))
        .json(&serde_json::json!({ "seconds": 600 }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let api = Api::demo(&sb);
    let server = wall_now() + 600;
    assert_eq!(at(&api, server - 280).await.code(), 0);
    assert_eq!(at(&api, server + 20).await.code(), 0);
    let behind = at(&api, server - 320).await;
    assert_eq!(
        (behind.status, behind.code()),
        (200, codes::INVALID_PARAMETER)
    );
    let ahead = at(&api, server + 45).await;
    assert_eq!(ahead.code(), codes::INVALID_PARAMETER);
    assert!(ahead.json["message"]
        .as_str()
        .unwrap()
        .contains("more than 30 seconds"));
}
