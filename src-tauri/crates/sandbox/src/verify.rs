//! Verification of every Open API request, in TikTok's order:
//!
//! 1. `app_key` known — else 36009004 "Invalid credentials. Invalid app_key ...".
//! 2. `timestamp` present, integer, within `[server_now - 300 s, server_now + 30 s]` — else
//!    36009004 with the common-errors page's wording. `server_now` is the WALL clock plus the
//!    configured skew, never the virtual clock (see [`crate::clock`]).
//! 3. `sign` present (36009004 "Missing credentials") and equal to the sandbox's own
//!    [`crate::signature::expected_signature`] over the path, the decoded query minus
//!    `sign`/`access_token` (first value per key, as the official Go sample reads it), and the
//!    raw body unless multipart — else 106001 with HTTP 401.
//! 4. `x-tts-access-token` (DOC:common-errors, "Authentication errors"): missing, unknown (or
//!    retired by a rotating refresh), or another app's -> 36009004 "Invalid credentials. The
//!    `x-tts-access-token` header is invalid."; known but deauthorized -> 105001 "access token
//!    is invalid; detail:your token has been deauthorized" (fact sheet §3.9); expired by
//!    VIRTUAL time -> 105002 "Expired credentials...". HTTP status 200 for all three: the
//!    common-errors page gives no HTTP status for any code, and the only documented non-200
//!    answers are 401 for a bad sign or a missing scope, 429 and 503 (fact sheet §2, §11).
//!    [`crate::Control::set_legacy_token_errors`] brings back the earlier answer (105001 for
//!    every bad token).
//! 5. the route's scope granted to the token (and still enabled on the app) — else 105005,
//!    HTTP 401.
//! 6. `shop_cipher`: required on shop routes (106013 when missing; 36009004 "Invalid
//!    identifier" when unknown; 101000 when it belongs to another seller than the token's);
//!    rejected on `/authorization` and `/seller` routes (36009004 "Unexpected identifier").
//!
//! Rate limit, faults and latency follow in [`crate::openapi`].

use crate::auth::AccessError;
use crate::routes::RouteInfo;
use crate::signature::{expected_signature, same_secret};
use crate::state::{lock, Inner, ShopCell};
use axum::http::{HeaderMap, StatusCode};
use shopdock_tiktok::codes;
use std::sync::atomic::Ordering;

/// Past and future tolerance of `timestamp` (DOC:common-parameters).
pub const TIMESTAMP_PAST: i64 = 300;
pub const TIMESTAMP_FUTURE: i64 = 30;

/// A TikTok error answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub http: StatusCode,
    pub code: i64,
    pub message: String,
}

impl Failure {
    pub fn new(code: i64, message: impl Into<String>) -> Self {
        Self {
            http: StatusCode::OK,
            code,
            message: message.into(),
        }
    }

    pub fn with_status(mut self, http: StatusCode) -> Self {
        self.http = http;
        self
    }

    pub fn invalid(message: impl Into<String>) -> Self {
        Self::new(codes::INVALID_PARAMETER, message)
    }
}

/// Who is calling, established by [`verify`].
#[derive(Debug)]
pub struct Verified<'a> {
    pub seller_id: String,
    pub shop: Option<&'a ShopCell>,
    /// The app+shop (or app+seller) pair the rate limit counts against.
    pub rate_key: String,
}

/// The first value of a query key (duplicates beyond the first are ignored, as the official
/// Go signing sample does).
pub fn first<'q>(query: &'q [(String, String)], key: &str) -> Option<&'q str> {
    query
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

fn is_multipart(headers: &HeaderMap) -> bool {
    headers
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.trim_start()
                .to_ascii_lowercase()
                .starts_with("multipart/form-data")
        })
}

/// A missing or unknown access token (DOC:common-errors, "Authentication errors"), or the
/// earlier 105001 answer when the legacy switch is on.
fn invalid_token(legacy: bool) -> Failure {
    if legacy {
        Failure::new(
            codes::ACCESS_TOKEN_INVALID,
            "access token is invalid; detail: the x-tts-access-token header is invalid",
        )
    } else {
        Failure::invalid("Invalid credentials. The `x-tts-access-token` header is invalid.")
    }
}

pub fn verify<'a>(
    inner: &'a Inner,
    route: &RouteInfo,
    path: &str,
    query: &[(String, String)],
    headers: &HeaderMap,
    body: &[u8],
) -> Result<Verified<'a>, Failure> {
    // 1. app_key
    let bad_app = || Failure::invalid("Invalid credentials. Invalid app_key query parameter.");
    let app_key = first(query, "app_key")
        .filter(|k| !k.is_empty())
        .ok_or_else(bad_app)?;
    let (secret, app_scopes) = {
        let auth = lock(&inner.auth);
        let app = auth.apps.get(app_key).ok_or_else(bad_app)?;
        (app.app_secret.clone(), app.scopes.clone())
    };

    // 2. timestamp, against the gateway clock (wall + skew).
    let ts_raw = first(query, "timestamp").ok_or_else(|| {
        Failure::invalid("Invalid timestamp. The timestamp query parameter is required.")
    })?;
    let ts: i64 = ts_raw.trim().parse().map_err(|_| {
        Failure::invalid("Invalid timestamp. The timestamp query parameter must be Unix seconds.")
    })?;
    let server_now = inner.clock.server_now();
    if ts < 0 {
        return Err(Failure::invalid(
            "Invalid timestamp. The value of the timestamp query parameter must not be lesser than 0.",
        ));
    }
    if ts < server_now - TIMESTAMP_PAST {
        return Err(Failure::invalid(
            "Invalid timestamp. The value of the timestamp query parameter must not be earlier than 5 minutes before the current time.",
        ));
    }
    if ts > server_now + TIMESTAMP_FUTURE {
        return Err(Failure::invalid(
            "Invalid timestamp. The value of the timestamp query parameter must not exceed the current time by more than 30 seconds.",
        ));
    }

    // 3. sign
    let given = first(query, "sign")
        .filter(|s| !s.is_empty())
        .ok_or_else(|| {
            Failure::invalid(
            "Missing credentials. The request does not include a required signature in the query.",
        )
        })?;
    let signed_body = if is_multipart(headers) {
        None
    } else {
        Some(body)
    };
    let expected = expected_signature(&secret, path, query, signed_body);
    if !same_secret(&expected, given) {
        return Err(Failure::new(
            codes::INVALID_SIGN,
            "Invalid credentials. The sign query parameter is invalid. See https://partner.tiktokshop.com/docv2/page/sign-your-api-request",
        )
        .with_status(StatusCode::UNAUTHORIZED));
    }

    // 4. access token, against the virtual clock.
    let legacy = inner.legacy_token_errors.load(Ordering::Relaxed);
    let token = headers
        .get("x-tts-access-token")
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .ok_or_else(|| invalid_token(legacy))?;
    let (seller_id, token_scopes) = {
        let auth = lock(&inner.auth);
        match auth.check_access(app_key, token, inner.clock.now()) {
            Ok(g) => (g.seller_id.clone(), g.scopes.clone()),
            Err(AccessError::Invalid) => return Err(invalid_token(legacy)),
            Err(AccessError::Revoked) => {
                return Err(Failure::new(
                    codes::ACCESS_TOKEN_INVALID,
                    "access token is invalid; detail:your token has been deauthorized",
                ))
            }
            Err(AccessError::Expired) => {
                return Err(Failure::new(
                    codes::ACCESS_TOKEN_EXPIRED,
                    "Expired credentials. The `x-tts-access-token` header has expired.",
                ));
            }
        }
    };

    // 5. scope
    if !token_scopes.iter().any(|s| s == route.scope)
        || !app_scopes.iter().any(|s| s == route.scope)
    {
        return Err(Failure::new(
            codes::SCOPE_MISSING,
            format!(
                "Access denied. The app is not authorized to access the endpoint because the access scopes granted for the app or the access token do not contain the required access scope ({}) for the endpoint.",
                route.scope
            ),
        )
        .with_status(StatusCode::UNAUTHORIZED));
    }

    // 6. shop_cipher
    let cipher = first(query, "shop_cipher").filter(|c| !c.is_empty());
    let shop = match (route.shop_cipher, cipher) {
        (true, None) if route.shop_cipher_optional => {
            let mut own = inner.shops.iter().filter(|s| s.def.seller_id == seller_id);
            match (own.next(), own.next()) {
                (Some(only), None) => Some(only),
                _ => {
                    return Err(Failure::new(
                        codes::SHOP_CIPHER_MISSING,
                        "Missing identifier. The shop_cipher query parameter is required to identify the target shop.",
                    ))
                }
            }
        }
        (true, None) => {
            return Err(Failure::new(
                codes::SHOP_CIPHER_MISSING,
                "Missing identifier. The shop_cipher query parameter is required to identify the target shop.",
            ))
        }
        (true, Some(c)) => {
            let shop = inner.shop_by_cipher(c).ok_or_else(|| {
                Failure::invalid("Invalid identifier. The shop_cipher query parameter is invalid.")
            })?;
            if shop.def.seller_id != seller_id {
                return Err(Failure::new(
                    codes::CIPHER_MISMATCH,
                    "Invalid query or header. The x-tts-access-token header is invalid: the associated shop does not match the provided shop_cipher query parameter.",
                ));
            }
            Some(shop)
        }
        (false, Some(_)) => {
            return Err(Failure::invalid(
                "Unexpected identifier. The shop_cipher query parameter is not required for this request.",
            ))
        }
        (false, None) => None,
    };

    let rate_key = match shop {
        Some(s) => format!("{app_key}/{}", s.def.id),
        None => format!("{app_key}/seller:{seller_id}"),
    };
    Ok(Verified {
        seller_id,
        shop,
        rate_key,
    })
}
