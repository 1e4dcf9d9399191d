//! Typed errors. TikTok's numeric codes are classified once, here, into an [`Action`]: what
//! the caller (and ultimately the seller) must do about it.

use crate::codes;
use std::time::Duration;

/// What must happen before the call can succeed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// The access token expired: refresh it, then retry the call once.
    Refresh,
    /// The authorization is gone (revoked, refresh token expired): the seller must press Get Auth.
    Reauthorize,
    /// The app lacks a scope: enable it in Partner Center, then authorize again.
    EnableScope,
    /// Rate limited: wait (at least `retry_after` when the server said so), then retry.
    SlowDown,
    /// A transient server or network fault: retry with backoff.
    Retry,
    /// The app key, secret or signature is wrong: the seller must fix the registration.
    FixCredentials,
    /// The request itself is wrong (bad parameter, cipher, version): retrying will not help.
    FixRequest,
}

/// A non-zero `code` in TikTok's envelope, or an error HTTP status with an envelope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    pub code: i64,
    pub message: String,
    pub request_id: String,
    pub http_status: u16,
    /// From a `Retry-After` header, when the server sent one.
    pub retry_after: Option<Duration>,
}

impl ApiError {
    /// Classifies TikTok's code (and HTTP status for codes not in the table).
    pub fn action(&self) -> Action {
        match self.code {
            codes::ACCESS_TOKEN_EXPIRED => Action::Refresh,
            codes::ACCESS_TOKEN_INVALID
            | codes::REFRESH_TOKEN_EXPIRED
            | codes::AUTH_RECORD_NOT_FOUND => Action::Reauthorize,
            codes::SCOPE_MISSING => Action::EnableScope,
            codes::TOO_MANY_REQUESTS => Action::SlowDown,
            codes::INTERNAL_ERROR | codes::REQUEST_TIMEOUT => Action::Retry,
            codes::INVALID_SIGN | codes::IP_NOT_ALLOWED => Action::FixCredentials,
            codes::INVALID_PARAMETER if self.message.to_ascii_lowercase().contains("app_key") => {
                Action::FixCredentials
            }
            _ => match self.http_status {
                429 => Action::SlowDown,
                500..=599 => Action::Retry,
                _ => Action::FixRequest,
            },
        }
    }

    /// A sentence for the seller: what happened and what to do.
    pub fn advice(&self) -> &'static str {
        match self.action() {
            Action::Refresh => "The access token expired; Shopdock refreshes it automatically.",
            Action::Reauthorize => "The shop's authorization is no longer valid: press Get Auth to reconnect.",
            Action::EnableScope => "Your Partner Center app lacks a permission this needs: enable the scope in Partner Center, then press Get Auth again.",
            Action::SlowDown => "TikTok is rate limiting this shop; Shopdock slows down and retries.",
            Action::Retry => "TikTok had a temporary problem; Shopdock retries.",
            Action::FixCredentials => "TikTok rejected the app key, app secret or signature: check them in the shop's registration.",
            Action::FixRequest => "TikTok rejected the request.",
        }
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "TikTok code {} (HTTP {}): {}",
            self.code, self.http_status, self.message
        )?;
        if !self.request_id.is_empty() {
            write!(f, " [request {}]", self.request_id)?;
        }
        Ok(())
    }
}

/// Everything a call can fail with.
#[derive(Debug, thiserror::Error)]
pub enum TikTokError {
    /// TikTok answered with an error code.
    #[error("{0}")]
    Api(ApiError),
    /// No usable HTTP exchange: connection refused, DNS, TLS, timeout. URLs are redacted.
    #[error("network error: {0}")]
    Network(String),
    /// The body was not the expected JSON (truncated, HTML error page, schema change).
    #[error("unreadable response (HTTP {status}): {reason}")]
    Decode { status: u16, reason: String },
    /// The caller passed something TikTok would reject before sending it.
    #[error("invalid request: {0}")]
    InvalidRequest(String),
}

impl TikTokError {
    /// The action for this failure; transport and decode faults are worth a retry.
    pub fn action(&self) -> Action {
        match self {
            TikTokError::Api(e) => e.action(),
            TikTokError::Network(_) | TikTokError::Decode { .. } => Action::Retry,
            TikTokError::InvalidRequest(_) => Action::FixRequest,
        }
    }

    pub fn api_code(&self) -> Option<i64> {
        match self {
            TikTokError::Api(e) => Some(e.code),
            _ => None,
        }
    }

    /// Server-requested delay before retrying, if any.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            TikTokError::Api(e) => e.retry_after,
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(code: i64, http_status: u16) -> ApiError {
        ApiError {
            code,
            message: String::new(),
            request_id: String::new(),
            http_status,
            retry_after: None,
        }
    }

    #[test]
    fn documented_codes_map_to_what_the_seller_must_do() {
        assert_eq!(err(105002, 200).action(), Action::Refresh);
        assert_eq!(err(105001, 200).action(), Action::Reauthorize);
        assert_eq!(err(36004001, 200).action(), Action::Reauthorize);
        assert_eq!(err(36004005, 200).action(), Action::Reauthorize);
        assert_eq!(err(105005, 401).action(), Action::EnableScope);
        assert_eq!(err(36009002, 429).action(), Action::SlowDown);
        assert_eq!(err(36009003, 500).action(), Action::Retry);
        assert_eq!(err(106001, 401).action(), Action::FixCredentials);
        assert_eq!(err(106013, 200).action(), Action::FixRequest);
        assert_eq!(err(99999, 503).action(), Action::Retry);
        assert_eq!(err(99999, 429).action(), Action::SlowDown);
    }
}
