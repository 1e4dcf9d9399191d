//! Building TikTok-shaped HTTP responses: the `{code, message, request_id, data}` envelope
//! (serialized from `shopdock_tiktok::model::Envelope`), `content-type: application/json`, an
//! HTTP `Date` from the gateway clock (so clients can measure skew), and TikTok's
//! `x-tt-logid` header carrying the request id.

use crate::state::{lock, Inner};
use crate::verify::Failure;
use axum::body::{Body, Bytes};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::Response;
use serde::Serialize;
use shopdock_tiktok::model::Envelope;

pub fn envelope_bytes<T: Serialize>(
    code: i64,
    message: &str,
    request_id: &str,
    data: Option<T>,
) -> Vec<u8> {
    let env = Envelope {
        code,
        message: message.to_string(),
        request_id: request_id.to_string(),
        data,
    };
    serde_json::to_vec(&env).unwrap_or_else(|e| {
        tracing::error!(error = %e, "envelope serialization failed");
        format!(
            r#"{{"code":36009003,"message":"Internal error.","request_id":"{request_id}","data":null}}"#
        )
        .into_bytes()
    })
}

fn base(inner: &Inner, status: StatusCode, request_id: &str, body: Body) -> Response {
    let mut resp = Response::new(body);
    *resp.status_mut() = status;
    let h = resp.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    if let Ok(v) = HeaderValue::from_str(&httpdate::fmt_http_date(inner.clock.server_time())) {
        h.insert(header::DATE, v);
    }
    if let Ok(v) = HeaderValue::from_str(request_id) {
        h.insert("x-tt-logid", v);
    }
    resp
}

/// A complete JSON response; records the TikTok `code` in the stats.
pub fn json(
    inner: &Inner,
    status: StatusCode,
    code: i64,
    request_id: &str,
    body: Vec<u8>,
) -> Response {
    lock(&inner.stats).code(code);
    base(inner, status, request_id, Body::from(body))
}

/// A success envelope around `data`.
pub fn ok<T: Serialize>(inner: &Inner, data: T) -> Response {
    let rid = inner.request_id();
    let body = envelope_bytes(0, "Success", &rid, Some(data));
    json(inner, StatusCode::OK, 0, &rid, body)
}

/// An error envelope (`data: null`).
pub fn fail(inner: &Inner, f: &Failure) -> Response {
    let rid = inner.request_id();
    let body = envelope_bytes::<()>(f.code, &f.message, &rid, None);
    if f.code != 0 {
        tracing::debug!(code = f.code, message = %f.message, "TikTok error response");
    }
    json(inner, f.http, f.code, &rid, body)
}

/// A response that declares the full `Content-Length` but sends only the first half of the body
/// before the connection is cut: what a client sees when a connection drops mid-transfer.
pub fn truncated(
    inner: &Inner,
    status: StatusCode,
    code: i64,
    request_id: &str,
    body: Vec<u8>,
) -> Response {
    lock(&inner.stats).code(code);
    let full = body.len();
    let half = Bytes::from(body).slice(..full / 2);
    let chunks: Vec<Result<Bytes, std::io::Error>> = vec![
        Ok(half),
        Err(std::io::Error::new(
            std::io::ErrorKind::ConnectionAborted,
            "sandbox fault: truncated body",
        )),
    ];
    let mut resp = base(
        inner,
        status,
        request_id,
        Body::from_stream(futures_util::stream::iter(chunks)),
    );
    if let Ok(v) = HeaderValue::from_str(&full.to_string()) {
        resp.headers_mut().insert(header::CONTENT_LENGTH, v);
    }
    resp
}

/// A response whose body fails before its first byte: the connection is cut, the client
/// gets no reply it can read (a write's "reply lost" fault).
pub fn dropped(inner: &Inner, request_id: &str, full_len: usize) -> Response {
    lock(&inner.stats).code(0);
    let chunks: Vec<Result<Bytes, std::io::Error>> = vec![Err(std::io::Error::new(
        std::io::ErrorKind::ConnectionReset,
        "sandbox fault: reply lost after the write was applied",
    ))];
    let mut resp = base(
        inner,
        StatusCode::OK,
        request_id,
        Body::from_stream(futures_util::stream::iter(chunks)),
    );
    if let Ok(v) = HeaderValue::from_str(&full_len.to_string()) {
        resp.headers_mut().insert(header::CONTENT_LENGTH, v);
    }
    resp
}

/// A gateway answer without TikTok's envelope: `text/plain`, the HTTP status alone says what
/// happened (DOC:rate-limits' 429 and 503). Carries the `Date` header like every answer.
pub fn plain(inner: &Inner, status: StatusCode, text: &'static str) -> Response {
    let mut resp = Response::new(Body::from(text));
    *resp.status_mut() = status;
    let h = resp.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    if let Ok(v) = HeaderValue::from_str(&httpdate::fmt_http_date(inner.clock.server_time())) {
        h.insert(header::DATE, v);
    }
    resp
}
