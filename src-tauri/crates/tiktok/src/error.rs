//! Typed errors. TikTok's numeric codes are classified once, here, into an [`Action`]: what
//! the caller (and ultimately the seller) must do about it.

use crate::codes;
use std::time::Duration;

/// What must happen before the call can succeed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// The access token expired or was refused: refresh it, then retry the call once (and
    /// reconnect if the refresh fails).
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
    /// TikTok refused the request's timestamp: this computer's clock is too far from TikTok's.
    /// Stamp requests with the measured skew ([`crate::Client::adopt_measured_skew`]) and
    /// retry; if it persists, the seller should set the system clock.
    FixClock,
    /// TikTok says Shopdock built the request wrong in a way the seller cannot fix (a missing
    /// signature): a bug in Shopdock, to be reported, not retried.
    ReportBug,
    /// A write whose reply could not be read: TikTok may have carried it out. Never repeat it
    /// blindly (a repeated shipment ships twice); read the state back first.
    Reconcile,
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
            code if is_busy(code) => Action::Retry,
            codes::INVALID_SIGN | codes::IP_NOT_ALLOWED => Action::FixCredentials,
            codes::INVALID_PARAMETER => invalid_parameter_action(&self.message),
            _ => match self.http_status {
                429 => Action::SlowDown,
                408 | 500..=599 => Action::Retry,
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
            Action::FixClock => "TikTok refused the request's time: this computer's clock is too far off. Shopdock corrects for it; if this persists, set the system clock automatically.",
            Action::ReportBug => "TikTok rejected a request Shopdock built wrongly; this is a bug in Shopdock. Please report it.",
            Action::Reconcile => "TikTok's answer to a change could not be read, so it may or may not have been made; Shopdock checks before trying again.",
        }
    }

    /// The seller-facing reason when this is a fulfillment or logistics refusal with a
    /// specific meaning (see [`crate::refusal::fulfillment_refusal`]).
    pub fn refusal(&self) -> Option<crate::refusal::Refusal> {
        crate::refusal::fulfillment_refusal(self.code)
    }

    /// TikTok refused the request's `timestamp` (outside its 300 s behind / 30 s ahead window).
    pub fn is_clock_refusal(&self) -> bool {
        self.action() == Action::FixClock
    }
}

/// Fulfillment codes that say "system busy, try again" or "timed out": transient faults like
/// 36009003. Refusals that only time can lift (an order on hold) are not here: their
/// [`crate::refusal::Refusal::transient`] says so, while the action stays [`Action::FixRequest`].
fn is_busy(code: i64) -> bool {
    matches!(
        code,
        codes::SYSTEM_TIMEOUT
            | codes::SYSTEM_TIMEOUT_SHIP
            | codes::SYSTEM_BUSY
            | codes::SYSTEM_BUSY_FULFILLMENT
            | codes::SYSTEM_BUSY_PROCESS
            | codes::SYSTEM_BUSY_LABEL
            | codes::SYSTEM_BUSY_SPLIT
            | codes::LABEL_PURCHASE_BUSY
            | codes::DOCUMENT_GENERATING
            | codes::DOCUMENT_TIMEOUT
            | codes::PRODUCT_IDENTITY_ERROR
    )
}

/// A code by which TikTok says it gave up inside its own systems: on a write, the outcome is
/// unknown ([`TikTokError::UnconfirmedWrite`]), not a refusal.
pub(crate) fn is_timeout(code: i64) -> bool {
    matches!(
        code,
        codes::REQUEST_TIMEOUT | codes::SYSTEM_TIMEOUT | codes::SYSTEM_TIMEOUT_SHIP
    )
}

/// 36009004 stands for many faults; its message names the parameter (common-errors page:
/// "Invalid credentials. The x-tts-access-token header is invalid", "Invalid credentials.
/// Invalid app_key ...", "Invalid timestamp. ...", "Missing credentials. ... signature ...").
/// The access token is checked first because its header name also contains "token".
fn invalid_parameter_action(message: &str) -> Action {
    let lower = message.to_ascii_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
        .filter(|w| !w.is_empty())
        .collect();
    let has = |w: &str| words.contains(&w);
    if lower.contains("access_token")
        || lower.contains("access token")
        || lower.contains("access-token")
    {
        Action::Refresh
    } else if lower.contains("app_key")
        || lower.contains("app key")
        || lower.contains("app_secret")
        || lower.contains("app secret")
    {
        Action::FixCredentials
    } else if has("timestamp") {
        Action::FixClock
    } else if has("sign") || has("signature") {
        Action::ReportBug
    } else {
        Action::FixRequest
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
    /// 21008111: an id in the request is an order or package of another seller than the
    /// token's (Get Order Detail names no id; the request's ids are the suspects).
    #[error("an order or package does not belong to this shop's seller: {0}")]
    NotSellersOrder(ApiError),
    /// No usable HTTP exchange: connection refused, DNS, TLS, timeout. URLs are redacted.
    #[error("network error: {0}")]
    Network(String),
    /// The body was not the expected JSON (truncated, HTML error page, schema change).
    #[error("unreadable response (HTTP {status}): {reason}")]
    Decode { status: u16, reason: String },
    /// A write (any call that is not a read, see [`crate::client::is_read_only`]) whose reply
    /// could not be read, or whose connection failed after the request was sent: TikTok may
    /// have carried it out. `status` is `None` when no response arrived.
    #[error("unconfirmed write (HTTP {status:?}): {reason}")]
    UnconfirmedWrite { status: Option<u16>, reason: String },
    /// The caller passed something TikTok would reject before sending it.
    #[error("invalid request: {0}")]
    InvalidRequest(String),
    /// A shipping document's link no longer serves the file (its 24 hours are over, or the
    /// host refused it): ask Get Package Shipping Document for a new link.
    #[error("the document link no longer serves the file (HTTP {status})")]
    DocumentLinkGone { status: u16 },
}

impl TikTokError {
    /// The action for this failure. Transport and decode faults of reads are worth a retry;
    /// an unconfirmed write never is ([`Action::Reconcile`]).
    pub fn action(&self) -> Action {
        match self {
            TikTokError::Api(e) => e.action(),
            TikTokError::NotSellersOrder(_) => Action::FixRequest,
            TikTokError::Network(_) | TikTokError::Decode { .. } => Action::Retry,
            TikTokError::UnconfirmedWrite { .. } => Action::Reconcile,
            TikTokError::InvalidRequest(_) => Action::FixRequest,
            // Retrying the same link cannot help; a new document call gives a new link.
            TikTokError::DocumentLinkGone { .. } => Action::FixRequest,
        }
    }

    /// TikTok's error, for the variants that carry one.
    pub fn api_error(&self) -> Option<&ApiError> {
        match self {
            TikTokError::Api(e) | TikTokError::NotSellersOrder(e) => Some(e),
            _ => None,
        }
    }

    pub fn api_code(&self) -> Option<i64> {
        self.api_error().map(|e| e.code)
    }

    /// The seller-facing fulfillment refusal behind this error, if TikTok's code has one.
    pub fn refusal(&self) -> Option<crate::refusal::Refusal> {
        self.api_error().and_then(ApiError::refusal)
    }

    /// Server-requested delay before retrying, if any.
    pub fn retry_after(&self) -> Option<Duration> {
        self.api_error().and_then(|e| e.retry_after)
    }

    /// Wraps TikTok's error, giving the codes with their own variant that variant.
    pub(crate) fn from_api(e: ApiError) -> Self {
        match e.code {
            codes::NOT_SELLERS_ORDER => TikTokError::NotSellersOrder(e),
            _ => TikTokError::Api(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(code: i64, http_status: u16) -> ApiError {
        err_with(code, http_status, "")
    }

    fn err_with(code: i64, http_status: u16, message: &str) -> ApiError {
        ApiError {
            code,
            message: message.into(),
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

    // 36009004 messages: the sandbox's and the common-errors page's wordings.
    #[test]
    fn invalid_access_token_header_means_refresh() {
        let e = err_with(
            36009004,
            200,
            "Invalid credentials. The x-tts-access-token header is invalid.",
        );
        assert_eq!(e.action(), Action::Refresh);
        let legacy = err_with(36009004, 200, "The access_token query parameter is invalid");
        assert_eq!(legacy.action(), Action::Refresh);
    }

    #[test]
    fn invalid_app_key_or_secret_means_fix_credentials() {
        for m in [
            "Invalid credentials. Invalid app_key query parameter.",
            "Invalid credentials. The app_secret query parameter does not match the app_key.",
        ] {
            assert_eq!(
                err_with(36009004, 200, m).action(),
                Action::FixCredentials,
                "{m}"
            );
        }
    }

    #[test]
    fn timestamp_refusals_mean_fix_clock() {
        for m in [
            "Invalid timestamp. The value of the timestamp query parameter must not be earlier than 5 minutes before the current time.",
            "Invalid timestamp. The value of the timestamp query parameter must not exceed the current time by more than 30 seconds.",
            "Invalid timestamp. The timestamp query parameter is required.",
        ] {
            let e = err_with(36009004, 200, m);
            assert_eq!(e.action(), Action::FixClock, "{m}");
            assert!(e.is_clock_refusal());
        }
    }

    #[test]
    fn a_missing_or_bad_sign_is_a_bug_to_report_not_a_request_to_fix() {
        for m in [
            "Missing credentials. The request does not include a required signature in the query.",
            "Invalid credentials. The sign query parameter is invalid.",
        ] {
            assert_eq!(
                err_with(36009004, 200, m).action(),
                Action::ReportBug,
                "{m}"
            );
        }
    }

    #[test]
    fn other_36009004_messages_and_105001_keep_their_meaning() {
        for m in [
            "Unexpected identifier. The shop_cipher query parameter is not expected.",
            "Invalid identifier. The shop_id query parameter is invalid",
            "Invalid parameter. The page_token is invalid.",
            "Invalid version",
        ] {
            assert_eq!(
                err_with(36009004, 200, m).action(),
                Action::FixRequest,
                "{m}"
            );
        }
        let deauthorized = err_with(105001, 200, "Your token has been deauthorized.");
        assert_eq!(deauthorized.action(), Action::Reauthorize);
    }

    #[test]
    fn busy_fulfillment_codes_are_retried_and_state_refusals_are_not() {
        for code in [
            11001031, 21001008, 21001011, 21022029, 21022030, 11034037, 11001027,
        ] {
            assert_eq!(err(code, 200).action(), Action::Retry, "{code}");
        }
        for code in [21011044, 21008099, 21011041, 21008025, 21004015, 21011025] {
            let e = err(code, 200);
            assert_eq!(e.action(), Action::FixRequest, "{code}");
            assert!(e.refusal().is_some(), "{code}");
        }
        let on_hold = TikTokError::Api(err(21011044, 200));
        assert!(on_hold.refusal().expect("refusal").transient);
    }

    #[test]
    fn another_sellers_order_is_its_own_variant() {
        let e = TikTokError::from_api(err_with(
            21008111,
            200,
            "The order or package does not belong to the current seller.",
        ));
        assert!(matches!(e, TikTokError::NotSellersOrder(_)));
        assert_eq!(e.api_code(), Some(21008111));
        assert_eq!(e.action(), Action::FixRequest);
    }

    #[test]
    fn an_unconfirmed_write_is_never_marked_for_retry() {
        let e = TikTokError::UnconfirmedWrite {
            status: Some(200),
            reason: "data did not decode".into(),
        };
        assert_eq!(e.action(), Action::Reconcile);
        let read = TikTokError::Decode {
            status: 200,
            reason: "data did not decode".into(),
        };
        assert_eq!(read.action(), Action::Retry);
    }
}
