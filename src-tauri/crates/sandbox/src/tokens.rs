//! The token service (TikTok's auth host): `GET /api/v2/token/get` and
//! `GET /api/v2/token/refresh`. Unsigned; `app_secret` travels in the query (fact sheet §3).
//!
//! Errors: unknown `app_key`, wrong `app_secret`, a missing parameter or a wrong `grant_type`
//! -> 36009004 with a message saying which (TikTok's code for a wrong secret is UNCONFIRMED;
//! 36009004 "Invalid credentials" is the closest documented one); an unknown, used or expired
//! code, or an unknown or revoked refresh token -> 36004005 "can not find related auth
//! record"; an expired refresh token -> 36004001 "rt has expired".

use crate::auth::TokenError;
use crate::respond;
use crate::state::{lock, Inner};
use crate::verify::{first, Failure};
use axum::http::{Method, StatusCode, Uri};
use axum::response::Response;
use shopdock_tiktok::codes;

pub const GET_PATH: &str = "/api/v2/token/get";
pub const REFRESH_PATH: &str = "/api/v2/token/refresh";

pub async fn handle(inner: &Inner, method: &Method, uri: &Uri) -> Response {
    let path = uri.path();
    lock(&inner.stats).request(path);
    if method != Method::GET {
        return respond::fail(
            inner,
            &Failure::new(
                codes::INVALID_METHOD,
                "Invalid method. The HTTP method used is not supported by this endpoint.",
            )
            .with_status(StatusCode::METHOD_NOT_ALLOWED),
        );
    }
    let latency = *lock(&inner.latency);
    if !latency.is_zero() {
        tokio::time::sleep(latency).await;
    }
    let query: Vec<(String, String)> =
        url::form_urlencoded::parse(uri.query().unwrap_or("").as_bytes())
            .into_owned()
            .collect();
    let result = if path == GET_PATH {
        token_get(inner, &query)
    } else {
        token_refresh(inner, &query)
    };
    match result {
        Ok(data) => respond::ok(inner, data),
        Err(f) => respond::fail(inner, &f),
    }
}

fn required<'q>(query: &'q [(String, String)], key: &str) -> Result<&'q str, Failure> {
    first(query, key)
        .filter(|v| !v.is_empty())
        .ok_or_else(|| Failure::invalid(format!("Invalid parameter. {key} is required.")))
}

fn map_err(e: TokenError) -> Failure {
    match e {
        TokenError::InvalidRequest(m) => Failure::invalid(m),
        TokenError::NoAuthRecord => Failure::new(
            codes::AUTH_RECORD_NOT_FOUND,
            "can not find related auth record",
        ),
        TokenError::RefreshExpired => Failure::new(codes::REFRESH_TOKEN_EXPIRED, "rt has expired"),
    }
}

fn token_get(
    inner: &Inner,
    query: &[(String, String)],
) -> Result<shopdock_tiktok::model::TokenData, Failure> {
    let app_key = required(query, "app_key")?;
    let app_secret = required(query, "app_secret")?;
    let code = required(query, "auth_code")?;
    if required(query, "grant_type")? != "authorized_code" {
        return Err(Failure::invalid(
            "Invalid parameter. grant_type must be authorized_code.",
        ));
    }
    let now = inner.clock.now();
    lock(&inner.auth)
        .exchange_code(app_key, app_secret, code, &inner.sellers, now)
        .map_err(map_err)
}

fn token_refresh(
    inner: &Inner,
    query: &[(String, String)],
) -> Result<shopdock_tiktok::model::TokenData, Failure> {
    let app_key = required(query, "app_key")?;
    let app_secret = required(query, "app_secret")?;
    let refresh_token = required(query, "refresh_token")?;
    if required(query, "grant_type")? != "refresh_token" {
        return Err(Failure::invalid(
            "Invalid parameter. grant_type must be refresh_token.",
        ));
    }
    let now = inner.clock.now();
    lock(&inner.auth)
        .refresh(app_key, app_secret, refresh_token, &inner.sellers, now)
        .map_err(map_err)
}
