//! One read from TikTok, retried until it answers: every attempt waits for the shop's rate
//! limiter ([`Shopdock::call_shop`]); 429, 5xx, timeouts and unreadable bodies are retried with
//! backoff and jitter ([`super::backoff`]), a 429 holding every caller of the shop for the
//! delay; a cancel stops the wait at once. Shared by the order sync and the product import.

use super::backoff::Backoff;
use crate::errors::{CoreError, CoreResult};
use crate::sessions::ShopSession;
use crate::Shopdock;
use shopdock_tiktok::{Action, TikTokError};
use std::future::Future;
use tokio_util::sync::CancellationToken;

/// How often a call asks again after it gave up on tokens turning over under it.
const TOKEN_CHURN_RETRIES: u32 = 8;

impl Shopdock {
    /// Runs `call` until it succeeds or fails for a reason a retry cannot fix (see the module
    /// docs); `call` runs again from scratch on every attempt.
    pub(crate) async fn call_retrying<T, F, Fut>(
        &self,
        shop_id: &str,
        cancel: &CancellationToken,
        call: F,
    ) -> CoreResult<T>
    where
        F: Fn(ShopSession) -> Fut,
        Fut: Future<Output = Result<T, TikTokError>>,
    {
        let mut backoff = Backoff::default();
        loop {
            if cancel.is_cancelled() {
                return Err(CoreError::Cancelled);
            }
            let result = tokio::select! {
                _ = cancel.cancelled() => return Err(CoreError::Cancelled),
                r = self.call_shop(shop_id, &call) => r,
            };
            match result {
                Ok(v) => return Ok(v),
                Err(CoreError::TikTok(e))
                    if matches!(
                        e.action(),
                        Action::SlowDown | Action::Retry | Action::Refresh
                    ) =>
                {
                    let Some(delay) = backoff.next_delay(e.retry_after()) else {
                        return Err(CoreError::TikTok(e));
                    };
                    if e.action() == Action::SlowDown {
                        self.bucket_for(shop_id).await?.pause_for(delay);
                    }
                    tracing::debug!(shop = %shop_id, error = %e, delay_ms = delay.as_millis() as u64, "retrying a call");
                    tokio::select! {
                        _ = cancel.cancelled() => return Err(CoreError::Cancelled),
                        _ = tokio::time::sleep(delay) => {}
                    }
                }
                Err(e) => return Err(e),
            }
        }
    }

    /// [`Self::call_retrying`] for one of many calls running at once: a call that met token
    /// errors with ever newer tokens (many calls while the token turns over) gives up without
    /// judging the authorization; while the shop is still connected, it asks again rather than
    /// fail the whole job.
    pub(crate) async fn call_retrying_through_token_churn<T, F, Fut>(
        &self,
        shop_id: &str,
        cancel: &CancellationToken,
        call: F,
    ) -> CoreResult<T>
    where
        F: Fn(ShopSession) -> Fut,
        Fut: Future<Output = Result<T, TikTokError>>,
    {
        let mut attempts = 0;
        loop {
            match self.call_retrying(shop_id, cancel, &call).await {
                Err(CoreError::TikTok(e))
                    if attempts < TOKEN_CHURN_RETRIES
                        && e.api_code() == Some(shopdock_tiktok::codes::ACCESS_TOKEN_INVALID)
                        && self.shop_record(shop_id).await?.auth_state
                            == shopdock_store::AuthState::Connected =>
                {
                    attempts += 1;
                    tracing::debug!(shop = %shop_id, error = %e, "token turned over during the call; asking again");
                }
                other => return other,
            }
        }
    }
}
