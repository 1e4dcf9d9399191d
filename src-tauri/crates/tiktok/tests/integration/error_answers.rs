//! Error answers over real HTTP: throttling and overload without TikTok's envelope, and the
//! several meanings of 36009004.

use crate::support::*;
use shopdock_tiktok::{codes, Action, AppCredentials, Client, Secret, TikTokError};
use std::time::{Duration, SystemTime};

#[tokio::test]
async fn a_plain_text_429_is_a_rate_limit_honouring_retry_after_not_a_decode_error() {
    let (base, log) =
        scripted(|_| Answer::status(429, "Too Many Requests").header("retry-after", "2")).await;
    let err = local_client(&base)
        .authorized_shops(&token())
        .await
        .unwrap_err();
    assert!(
        matches!(err, TikTokError::Api(ref e) if e.http_status == 429),
        "{err:?}"
    );
    assert_eq!(err.action(), Action::SlowDown);
    assert_eq!(err.retry_after(), Some(Duration::from_secs(2)));
    assert_eq!(err.api_code(), Some(codes::NO_ENVELOPE));
    assert_eq!(
        log.lock().unwrap().len(),
        1,
        "the client leaves retrying to its caller"
    );
}

#[tokio::test]
async fn an_overloaded_503_is_retryable_and_honours_a_retry_after_date() {
    let (base, _) = scripted(|_| {
        let at = SystemTime::now() + Duration::from_secs(30);
        Answer::status(503, "<html><body>Service Unavailable</body></html>")
            .header("retry-after", httpdate::fmt_http_date(at))
    })
    .await;
    let err = local_client(&base)
        .authorized_shops(&token())
        .await
        .unwrap_err();
    assert_eq!(err.action(), Action::Retry);
    let wait = err.retry_after().expect("retry-after kept");
    assert!(
        wait >= Duration::from_secs(28) && wait <= Duration::from_secs(31),
        "{wait:?}"
    );
}

#[tokio::test]
async fn a_throttled_write_is_still_a_rate_limit_because_nothing_was_done() {
    let (base, _) = scripted(|_| Answer::status(429, "slow down")).await;
    let err = local_client(&base)
        .call::<serde_json::Value>(
            shopdock_tiktok::client::Method::Post,
            "/fulfillment/202309/packages/1/ship",
            &token(),
            Some("ROW_x"),
            &[],
            Some(br#"{"handover_method":"PICKUP"}"#.to_vec()),
        )
        .await
        .unwrap_err();
    assert_eq!(err.action(), Action::SlowDown);
}

fn refusing(message: &'static str) -> impl Fn(&Received) -> Answer + Send + Sync {
    move |_| Answer::json(envelope(36009004, message, serde_json::Value::Null))
}

#[tokio::test]
async fn a_refused_access_token_header_asks_for_a_refresh() {
    let (base, _) = scripted(refusing(
        "Invalid credentials. The x-tts-access-token header is invalid",
    ))
    .await;
    let err = local_client(&base)
        .authorized_shops(&token())
        .await
        .unwrap_err();
    assert_eq!(err.action(), Action::Refresh);
}

#[tokio::test]
async fn a_missing_signature_is_reported_as_a_bug() {
    let (base, _) = scripted(refusing(
        "Missing credentials. The request does not include a required signature in the query.",
    ))
    .await;
    let err = local_client(&base)
        .authorized_shops(&token())
        .await
        .unwrap_err();
    assert_eq!(err.action(), Action::ReportBug);
}

#[tokio::test]
async fn the_sandbox_refusing_an_unknown_app_key_asks_to_fix_credentials() {
    let sb = sandbox().await;
    let shop = demo_shop(&sb);
    let stranger = Client::new(
        sb.endpoints(),
        AppCredentials {
            app_key: "not-registered".into(),
            app_secret: Secret::new("whatever"),
        },
    )
    .unwrap();
    let err = stranger.authorized_shops(&shop.token).await.unwrap_err();
    assert_eq!(err.api_code(), Some(codes::INVALID_PARAMETER));
    assert_eq!(err.action(), Action::FixCredentials);
}

#[tokio::test]
async fn the_sandbox_refusing_a_deauthorized_token_still_asks_to_reauthorize() {
    let sb = sandbox().await;
    let shop = demo_shop(&sb);
    let err = shop
        .client
        .authorized_shops(&Secret::new("TTP_never_issued"))
        .await
        .unwrap_err();
    // Today's sandbox answers 105001; a sandbox following the common-errors page answers
    // 36009004 naming the header. Either way the token is the problem, never the request.
    match err.api_code() {
        Some(codes::ACCESS_TOKEN_INVALID) => assert_eq!(err.action(), Action::Reauthorize),
        Some(codes::INVALID_PARAMETER) => assert_eq!(err.action(), Action::Refresh),
        other => panic!("unexpected {other:?}: {err}"),
    }
}
