//! TikTok refuses timestamps more than 300 s behind or 30 s ahead of its clock. The client
//! measures the server's clock from `Date`, corrects after the first refusal, can be seeded
//! ahead of time, and reports the measured skew.

use crate::support::*;
use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, HeaderValue};
use axum::routing::get;
use axum::Router;
use shopdock_tiktok::{Action, ServerClock, TikTokError};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, UNIX_EPOCH};

const TEN_MINUTES: i64 = 600;

fn refusals(sb: &shopdock_sandbox::Sandbox) -> u64 {
    sb.control()
        .stats()
        .by_code
        .get(&shopdock_tiktok::codes::INVALID_PARAMETER)
        .copied()
        .unwrap_or(0)
}

fn near(a: i64, b: i64) -> bool {
    (a - b).abs() <= 2
}

#[tokio::test]
async fn sandbox_clock_ten_minutes_ahead_is_followed_after_one_refusal() {
    let sb = sandbox().await;
    sb.control().set_clock_skew(TEN_MINUTES);
    let shop = demo_shop(&sb);

    let page = shop
        .client
        .probe_orders(&shop.token, &shop.cipher)
        .await
        .expect("the corrected retry is accepted");
    assert!(page.undecodable.is_empty());
    assert_eq!(refusals(&sb), 1, "exactly one refusal, then corrected");
    assert!(near(shop.client.clock_offset(), TEN_MINUTES));
    assert!(near(
        shop.client.measured_clock_skew().unwrap(),
        TEN_MINUTES
    ));

    // Later calls are stamped with the corrected clock from the start.
    shop.client
        .authorized_shops(&shop.token)
        .await
        .expect("accepted");
    assert_eq!(refusals(&sb), 1);
}

#[tokio::test]
async fn sandbox_clock_ten_minutes_behind_is_followed_too() {
    let sb = sandbox().await;
    sb.control().set_clock_skew(-TEN_MINUTES);
    let shop = demo_shop(&sb);
    shop.client
        .authorized_shops(&shop.token)
        .await
        .expect("the corrected retry is accepted");
    assert_eq!(refusals(&sb), 1);
    assert!(near(shop.client.clock_offset(), -TEN_MINUTES));
}

#[tokio::test]
async fn a_seeded_skew_is_used_before_any_refusal() {
    let sb = sandbox().await;
    sb.control().set_clock_skew(TEN_MINUTES);
    let shop = demo_shop(&sb);
    shop.client.set_clock_offset(TEN_MINUTES);
    shop.client
        .authorized_shops(&shop.token)
        .await
        .expect("accepted");
    assert_eq!(refusals(&sb), 0);
}

#[tokio::test]
async fn a_shared_clock_carries_the_correction_to_the_next_client() {
    let sb = sandbox().await;
    sb.control().set_clock_skew(TEN_MINUTES);
    let first = demo_shop(&sb);
    first
        .client
        .authorized_shops(&first.token)
        .await
        .expect("accepted after one refusal");
    assert_eq!(refusals(&sb), 1);

    let clock: ServerClock = first.client.clock().clone();
    let second = demo_shop(&sb);
    let client = second.client.with_clock(clock);
    client
        .authorized_shops(&second.token)
        .await
        .expect("accepted");
    assert_eq!(refusals(&sb), 1, "the second client was never refused");
}

/// A gateway whose clock runs `skew` seconds ahead of ours and that enforces TikTok's window;
/// `always_refuse` makes it refuse every timestamp.
#[derive(Clone)]
struct SkewedGateway {
    skew: i64,
    always_refuse: bool,
    seen: Arc<Mutex<Vec<i64>>>,
}

async fn skewed_shops(
    State(gw): State<SkewedGateway>,
    Query(q): Query<HashMap<String, String>>,
) -> (HeaderMap, String) {
    let server_now = wall_now() + gw.skew;
    let ts: i64 = q.get("timestamp").and_then(|t| t.parse().ok()).unwrap_or(0);
    gw.seen.lock().unwrap().push(ts);
    let mut headers = HeaderMap::new();
    let date = httpdate_of(server_now);
    headers.insert(header::DATE, HeaderValue::from_str(&date).unwrap());
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    let body = if gw.always_refuse || ts < server_now - 300 {
        envelope(36009004, "Invalid timestamp. The value of the timestamp query parameter must not be earlier than 5 minutes before the current time.", serde_json::Value::Null)
    } else if ts > server_now + 30 {
        envelope(36009004, "Invalid timestamp. The value of the timestamp query parameter must not exceed the current time by more than 30 seconds.", serde_json::Value::Null)
    } else {
        envelope(
            0,
            "Success",
            serde_json::json!({"shops": [{"id": "7001", "cipher": "ROW_x"}]}),
        )
    };
    (headers, body)
}

fn httpdate_of(unix: i64) -> String {
    httpdate::fmt_http_date(UNIX_EPOCH + Duration::from_secs(unix as u64))
}

async fn gateway(skew: i64, always_refuse: bool) -> (String, Arc<Mutex<Vec<i64>>>) {
    let gw = SkewedGateway {
        skew,
        always_refuse,
        seen: Arc::new(Mutex::new(Vec::new())),
    };
    let seen = gw.seen.clone();
    let router = Router::new()
        .route("/authorization/202309/shops", get(skewed_shops))
        .with_state(gw);
    (serve(router).await, seen)
}

#[tokio::test]
async fn a_local_server_ten_minutes_ahead_accepts_the_corrected_retry() {
    let (base, seen) = gateway(TEN_MINUTES, false).await;
    let client = local_client(&base);
    let shops = client.authorized_shops(&token()).await.expect("accepted");
    assert_eq!(shops[0].id, "7001");
    let seen = seen.lock().unwrap().clone();
    assert_eq!(seen.len(), 2, "one refusal, one corrected retry");
    assert!(near(seen[1] - seen[0], TEN_MINUTES), "{seen:?}");
    assert!(near(client.measured_clock_skew().unwrap(), TEN_MINUTES));
}

#[tokio::test]
async fn a_refusal_the_measured_skew_does_not_explain_is_returned_after_one_retry() {
    let (base, seen) = gateway(TEN_MINUTES, true).await;
    let client = local_client(&base);
    let err = client.authorized_shops(&token()).await.unwrap_err();
    assert_eq!(err.action(), Action::FixClock);
    assert!(matches!(err, TikTokError::Api(ref e) if e.is_clock_refusal()));
    assert_eq!(seen.lock().unwrap().len(), 2, "never more than one retry");
}
