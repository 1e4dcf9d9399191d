//! What a failed call does to its row: the pure classification the drainer carries out.

use crate::errors::CoreError;
use shopdock_tiktok::{Action, TikTokError};

/// The first check after an unknown outcome comes soon (a lost reply is the usual cause);
/// later ones back off to at most this.
const MAX_CHECK_DELAY_SECS: i64 = 600;
/// A rate-limited call is tried again this soon: nothing was applied.
pub const RATE_LIMITED_RETRY_SECS: i64 = 5;
/// A transient refusal or a local failure before anything was sent is tried again after this.
pub const TRANSIENT_RETRY_SECS: i64 = 60;

/// How a row ends its attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Settlement {
    /// TikTok definitely refused (or nothing was sent): failed, tried again at `retry_in`
    /// seconds when set, else waits for the seller.
    Failed {
        code: String,
        reason: String,
        retry_in: Option<i64>,
    },
    /// The change may have landed: read TikTok's state before any resend, in `check_in` s.
    Unknown {
        code: String,
        reason: String,
        check_in: i64,
    },
}

/// Seconds until the check after the `attempt`-th attempt: 2, 4, 8, ... up to 10 minutes.
pub fn check_delay(attempt: u32) -> i64 {
    let doublings = attempt.saturating_sub(1).min(16);
    (2_i64 << doublings).min(MAX_CHECK_DELAY_SECS)
}

/// Classifies a failed call. `must_reconcile`: the row's earlier outcome is still unknown, so
/// any failure that does not settle TikTok's state keeps it unknown (a failed row would lose
/// the flag and could be resent blindly).
pub fn classify(error: &CoreError, attempt: u32, must_reconcile: bool) -> Settlement {
    let unknown = |code: String, reason: String| Settlement::Unknown {
        code,
        reason,
        check_in: check_delay(attempt),
    };
    let failed = |code: String, reason: String, retry_in: Option<i64>| {
        if must_reconcile {
            unknown(code, reason)
        } else {
            Settlement::Failed {
                code,
                reason,
                retry_in,
            }
        }
    };
    let CoreError::TikTok(t) = error else {
        // Nothing reached TikTok (keyring, database, no connection): try again later.
        let reason = crate::ApiError::from(error).message;
        return failed("local".into(), reason, Some(TRANSIENT_RETRY_SECS));
    };
    if let Some(refusal) = t.refusal() {
        let code = t.api_code().map(|c| c.to_string()).unwrap_or_default();
        if refusal.outcome_unknown {
            return unknown(code, refusal.reason.into());
        }
        // A refusal of the send itself is definite (the drainer classifies sends with
        // `must_reconcile` false); a refused read of TikTok's state settles nothing.
        return failed(
            code,
            refusal.reason.into(),
            refusal.transient.then_some(TRANSIENT_RETRY_SECS),
        );
    }
    match t {
        TikTokError::UnconfirmedWrite { .. } => unknown(
            "unconfirmed".into(),
            "TikTok's answer was lost; Shopdock checks TikTok before sending again.".into(),
        ),
        TikTokError::Network(_) | TikTokError::Decode { .. } => unknown(
            "network".into(),
            "TikTok could not be reached or answered unreadably; Shopdock checks TikTok before sending again.".into(),
        ),
        TikTokError::Api(api) if api.action() == Action::SlowDown => failed(
            api.code.to_string(),
            "TikTok asked Shopdock to slow down; it tries again in a moment.".into(),
            Some(RATE_LIMITED_RETRY_SECS),
        ),
        TikTokError::Api(api) if api.action() == Action::Retry => unknown(
            api.code.to_string(),
            "TikTok had a temporary problem; Shopdock checks TikTok before sending again.".into(),
        ),
        other => {
            let api = crate::errors::tiktok_to_api(other);
            let code = other
                .api_code()
                .map(|c| c.to_string())
                .unwrap_or_else(|| "rejected".into());
            failed(code, api.message, None)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checks_back_off_from_two_seconds_to_ten_minutes() {
        assert_eq!(check_delay(1), 2);
        assert_eq!(check_delay(2), 4);
        assert_eq!(check_delay(5), 32);
        assert_eq!(check_delay(40), MAX_CHECK_DELAY_SECS);
    }

    #[test]
    fn a_lost_reply_is_unknown_and_a_local_failure_keeps_an_unknown_row_unknown() {
        let lost = CoreError::TikTok(TikTokError::UnconfirmedWrite {
            status: Some(200),
            reason: "cut".into(),
        });
        assert!(matches!(
            classify(&lost, 1, false),
            Settlement::Unknown { .. }
        ));
        let local = CoreError::Internal("disk".into());
        assert!(matches!(
            classify(&local, 1, false),
            Settlement::Failed {
                retry_in: Some(_),
                ..
            }
        ));
        assert!(matches!(
            classify(&local, 1, true),
            Settlement::Unknown { .. }
        ));
    }

    #[test]
    fn a_refused_check_of_an_unknown_row_keeps_it_unknown() {
        let internal = CoreError::TikTok(TikTokError::Api(shopdock_tiktok::ApiError {
            code: 36009003,
            message: "Internal error".into(),
            request_id: String::new(),
            http_status: 500,
            retry_after: None,
        }));
        assert!(matches!(
            classify(&internal, 2, true),
            Settlement::Unknown { .. }
        ));
    }
}
