//! Turning an HTTP response into data or a typed error.
//!
//! Order of reading: the `Date` header feeds the [`ServerClock`]; `Retry-After` (seconds or an
//! HTTP date) is kept for the error; then the body is read as TikTok's envelope with `data`
//! left raw, and only then is `data` decoded into the caller's type. That split tells "TikTok
//! refused" from "TikTok accepted but we cannot read the answer", which matters for writes.
//!
//! Answers without TikTok's envelope: a 429 (plain-text throttling) and a 503 (overload) become
//! [`ApiError`]s with code [`codes::NO_ENVELOPE`] whose action is slow down / retry, as do
//! other 4xx (a bare 404 lets Get Order Detail fall back to an older version) and, on reads,
//! other 5xx.
//! Anything else unreadable is [`TikTokError::Decode`] on a read and
//! [`TikTokError::UnconfirmedWrite`] on a write: a write is never reported as retryable merely
//! because its reply did not decode. A write answered with a timeout code (36009007, and the
//! fulfillment system timeouts 11001027 and 21001003) is unconfirmed too: TikTok received it and
//! gave up inside, so it may have been carried out.

use crate::clock::ServerClock;
use crate::codes;
use crate::error::{is_timeout, ApiError, TikTokError};
use crate::model::Envelope;
use serde::de::DeserializeOwned;
use serde_json::value::RawValue;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Whether the call changes anything at TikTok (decides what an unreadable reply means).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Effect {
    Read,
    Write,
}

/// How much of a non-envelope body goes into an error message.
const BODY_EXCERPT_CHARS: usize = 200;

/// Reads a response into `T` (see the module docs).
pub(crate) async fn read_response<T: DeserializeOwned>(
    response: reqwest::Response,
    clock: &ServerClock,
    effect: Effect,
    shown_url: &str,
) -> Result<T, TikTokError> {
    let status = response.status().as_u16();
    let server_time = header_time(response.headers(), reqwest::header::DATE);
    if let Some(t) = server_time {
        clock.record_server_time(t);
    }
    let retry_after = retry_after(response.headers(), server_time);
    let bytes = match response.bytes().await {
        Ok(b) => b,
        Err(e) => {
            let reason = format!("body could not be read: {}", e.without_url());
            return Err(match effect {
                Effect::Write => TikTokError::UnconfirmedWrite {
                    status: Some(status),
                    reason,
                },
                Effect::Read => TikTokError::Decode { status, reason },
            });
        }
    };
    interpret(status, retry_after, &bytes, effect, shown_url)
}

/// The body part of [`read_response`], separate so it can be tested without a server.
pub(crate) fn interpret<T: DeserializeOwned>(
    status: u16,
    retry_after: Option<Duration>,
    bytes: &[u8],
    effect: Effect,
    shown_url: &str,
) -> Result<T, TikTokError> {
    let envelope: Envelope<Box<RawValue>> = match serde_json::from_slice(bytes) {
        Ok(env) => env,
        Err(e) => {
            tracing::warn!(url = %shown_url, status, error = %e, "response without TikTok's envelope");
            return Err(without_envelope(status, retry_after, bytes, effect, e));
        }
    };
    tracing::debug!(url = %shown_url, status, code = envelope.code, request_id = %envelope.request_id, "TikTok call");
    if envelope.code != codes::SUCCESS && effect == Effect::Write && is_timeout(envelope.code) {
        // TikTok gave up inside its own systems after receiving the write: it may be done.
        tracing::warn!(url = %shown_url, status, code = envelope.code, "write timed out inside TikTok");
        return Err(TikTokError::UnconfirmedWrite {
            status: Some(status),
            reason: format!(
                "TikTok code {} (timeout): {} [request {}]",
                envelope.code, envelope.message, envelope.request_id
            ),
        });
    }
    if envelope.code != codes::SUCCESS {
        return Err(TikTokError::from_api(ApiError {
            code: envelope.code,
            message: envelope.message,
            request_id: envelope.request_id,
            http_status: status,
            retry_after,
        }));
    }
    // `data` absent or `null` reads as an empty object, so types whose fields all default
    // (pages, lists, write acknowledgements) come back empty instead of failing.
    let data = envelope.data.as_deref().map_or("{}", RawValue::get);
    let data = if data == "null" { "{}" } else { data };
    serde_json::from_str(data).map_err(|e| {
        tracing::warn!(url = %shown_url, status, error = %e, "data did not decode");
        let reason = format!("data did not decode: {e}");
        match effect {
            Effect::Write => TikTokError::UnconfirmedWrite {
                status: Some(status),
                reason: format!("TikTok answered success (code 0) but its {reason}"),
            },
            Effect::Read => TikTokError::Decode { status, reason },
        }
    })
}

fn without_envelope(
    status: u16,
    retry_after: Option<Duration>,
    bytes: &[u8],
    effect: Effect,
    error: serde_json::Error,
) -> TikTokError {
    // A 4xx (a bare 404: no such path; a plain-text 429: throttled) and a 503 (overloaded)
    // are refusals: nothing was done, so even a write may be retried when the status says so.
    // Other 5xx are faults of unknown outcome: retryable for reads only.
    let refused = (400..=499).contains(&status)
        || status == 503
        || (effect == Effect::Read && (500..=599).contains(&status));
    if refused {
        let excerpt: String = String::from_utf8_lossy(bytes)
            .chars()
            .take(BODY_EXCERPT_CHARS)
            .collect();
        return TikTokError::Api(ApiError {
            code: codes::NO_ENVELOPE,
            message: format!(
                "HTTP {status} without TikTok's envelope: {}",
                excerpt.trim()
            ),
            request_id: String::new(),
            http_status: status,
            retry_after,
        });
    }
    let reason = error.to_string();
    match effect {
        Effect::Write => TikTokError::UnconfirmedWrite {
            status: Some(status),
            reason: format!("reply is not TikTok's envelope: {reason}"),
        },
        Effect::Read => TikTokError::Decode { status, reason },
    }
}

/// An HTTP-date header as Unix seconds.
fn header_time(
    headers: &reqwest::header::HeaderMap,
    name: reqwest::header::HeaderName,
) -> Option<i64> {
    let value = headers.get(name)?.to_str().ok()?;
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(UNIX_EPOCH).ok()?.as_secs() as i64)
}

/// `Retry-After` as delay-seconds or an HTTP date. A date is measured against the server's own
/// `Date` when it sent one (so a skewed local clock does not distort the wait), else against
/// the local clock; a date in the past means "now".
fn retry_after(headers: &reqwest::header::HeaderMap, server_now: Option<i64>) -> Option<Duration> {
    let value = headers
        .get(reqwest::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    let at = at.duration_since(UNIX_EPOCH).ok()?.as_secs() as i64;
    let now = server_now.unwrap_or_else(|| {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0)
    });
    Some(Duration::from_secs(at.saturating_sub(now).max(0) as u64))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Action;
    use crate::model::OrderList;
    use reqwest::header::{HeaderMap, HeaderValue};

    fn read<T: DeserializeOwned>(
        status: u16,
        body: &str,
        effect: Effect,
    ) -> Result<T, TikTokError> {
        interpret(
            status,
            Some(Duration::from_secs(7)),
            body.as_bytes(),
            effect,
            "/x",
        )
    }

    #[test]
    fn plain_text_429_is_a_rate_limit_with_its_retry_after() {
        let e = read::<OrderList>(429, "Too Many Requests", Effect::Read).unwrap_err();
        assert_eq!(e.action(), Action::SlowDown);
        assert_eq!(e.retry_after(), Some(Duration::from_secs(7)));
        assert_eq!(e.api_code(), Some(codes::NO_ENVELOPE));
        // Refused before anything happened: a write may be retried too.
        let w = read::<OrderList>(429, "", Effect::Write).unwrap_err();
        assert_eq!(w.action(), Action::SlowDown);
    }

    #[test]
    fn overload_503_is_retryable_for_reads_and_writes() {
        for effect in [Effect::Read, Effect::Write] {
            let e = read::<OrderList>(503, "<html>Service Unavailable</html>", effect).unwrap_err();
            assert_eq!(e.action(), Action::Retry, "{effect:?}");
            assert_eq!(e.retry_after(), Some(Duration::from_secs(7)));
        }
    }

    #[test]
    fn a_write_whose_reply_does_not_decode_is_unconfirmed_not_retryable() {
        // Envelope says success, data has the wrong shape.
        let e =
            read::<OrderList>(200, r#"{"code":0,"data":{"orders":7}}"#, Effect::Write).unwrap_err();
        assert!(matches!(e, TikTokError::UnconfirmedWrite { .. }));
        assert_eq!(e.action(), Action::Reconcile);
        // Truncated body, and a 502 from a proxy: outcome unknown.
        for (status, body) in [(200, r#"{"code":0,"da"#), (502, "Bad Gateway")] {
            let e = read::<OrderList>(status, body, Effect::Write).unwrap_err();
            assert_eq!(e.action(), Action::Reconcile, "{status}");
        }
        // The same faults on a read are plain retryable decode/server errors.
        let r = read::<OrderList>(200, r#"{"code":0,"da"#, Effect::Read).unwrap_err();
        assert!(matches!(r, TikTokError::Decode { .. }));
        assert_eq!(r.action(), Action::Retry);
    }

    #[test]
    fn a_timeout_code_on_a_write_is_unconfirmed_and_on_a_read_retryable() {
        for code in [36009007, 11001027, 21001003] {
            let body = format!(r#"{{"code":{code},"message":"System timeout","request_id":"r1"}}"#);
            let w = read::<OrderList>(200, &body, Effect::Write).unwrap_err();
            assert!(
                matches!(w, TikTokError::UnconfirmedWrite { .. }),
                "{code}: {w:?}"
            );
            assert_eq!(w.action(), Action::Reconcile);
            let r = read::<OrderList>(200, &body, Effect::Read).unwrap_err();
            assert_eq!(r.api_code(), Some(code));
            assert_eq!(r.action(), Action::Retry);
        }
    }

    #[test]
    fn null_or_missing_data_reads_as_empty() {
        let l: OrderList = read(
            200,
            r#"{"code":0,"message":"Success","data":null}"#,
            Effect::Read,
        )
        .unwrap();
        assert!(l.orders.is_empty());
        let l: OrderList = read(200, r#"{"code":0}"#, Effect::Read).unwrap();
        assert!(l.orders.is_empty());
        let l: OrderList = read(200, r#"{"code":0,"data":{"orders":null}}"#, Effect::Read).unwrap();
        assert!(l.orders.is_empty());
    }

    #[test]
    fn retry_after_accepts_seconds_and_dates_measured_on_the_servers_clock() {
        let mut h = HeaderMap::new();
        h.insert("retry-after", HeaderValue::from_static("3"));
        assert_eq!(retry_after(&h, None), Some(Duration::from_secs(3)));
        let server_now = 1_700_000_000;
        let at = UNIX_EPOCH + Duration::from_secs(server_now as u64 + 12);
        h.insert(
            "retry-after",
            HeaderValue::from_str(&httpdate::fmt_http_date(at)).unwrap(),
        );
        assert_eq!(
            retry_after(&h, Some(server_now)),
            Some(Duration::from_secs(12))
        );
        assert_eq!(retry_after(&h, Some(server_now + 60)), Some(Duration::ZERO));
    }
}
