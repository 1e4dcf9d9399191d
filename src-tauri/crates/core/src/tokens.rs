//! The token refresher: access tokens refreshed well before they expire (single flight per
//! shop), and "Reconnect needed" (with background work paused) when TikTok refuses the refresh
//! for good (36004001, 36004005, 105001). The session cache and the call wrapper that uses
//! these are in [`crate::sessions`].

use crate::errors::{CoreError, CoreResult};
use crate::secrets::{self, SecretKind};
use crate::{CoreEvent, Shopdock};
use shopdock_store::AuthState;
use shopdock_tiktok::client::TokenGrant;
use shopdock_tiktok::{Action, Secret, TikTokError};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Mutex as AsyncMutex;

/// Refresh when less than this remains on the access token (TikTok's last 7 days): a day of
/// margin survives a laptop that sleeps through the night.
pub const REFRESH_AHEAD_SECS: i64 = 24 * 3600;
/// How often the background refresher looks at least, even when nothing is due.
const REFRESHER_MAX_SLEEP: Duration = Duration::from_secs(15 * 60);

/// Which token a refresh replaces.
#[derive(Clone, Copy)]
pub(crate) enum TokenUse<'a> {
    /// Refresh whatever is current (ahead of expiry, or "Refresh now").
    Any,
    /// Refresh only if this token is still the current one: two calls that both saw it expire
    /// refresh once.
    Stale(&'a Secret),
}

/// Whether an access token expiring at `expires_at` should be refreshed at `now`.
pub fn refresh_due(expires_at: i64, now: i64) -> bool {
    expires_at - now < REFRESH_AHEAD_SECS
}

/// Seconds from `now` until the token expiring at `expires_at` is due for refresh (0 = now).
pub fn refresh_in(expires_at: i64, now: i64) -> i64 {
    (expires_at - REFRESH_AHEAD_SECS - now).max(0)
}

impl Shopdock {
    /// Marks the shop when a failure means the authorization is gone.
    pub(crate) async fn note_failure(&self, shop_id: &str, e: TikTokError) -> CoreError {
        if e.action() == Action::Reauthorize {
            self.mark_reauth_needed(shop_id, reauth_reason(&e)).await;
        }
        CoreError::TikTok(e)
    }

    /// Refreshes the shop's tokens now. With `stale`, skips the refresh if another task already
    /// replaced that token (two calls that both hit 105002 refresh once).
    pub(crate) async fn refresh_tokens(
        &self,
        shop_id: &str,
        which: TokenUse<'_>,
    ) -> CoreResult<()> {
        let lock = self.refresh_lock(shop_id);
        let _guard = lock.lock().await;
        if let TokenUse::Stale(stale) = which {
            if self.keyring_token_differs(shop_id, stale).await? {
                return Ok(());
            }
        }
        let rec = self.shop_record(shop_id).await?;
        let refresh = secrets::get_async(shop_id, SecretKind::RefreshToken)
            .await?
            .ok_or_else(|| CoreError::NotConnected("No refresh token: press Get Auth.".into()))?;
        let client = self.client_for(&rec).await?;
        match client.refresh_access_token(&refresh).await {
            Ok(grant) => {
                self.store_refreshed(shop_id, &grant).await?;
                tracing::info!(shop = %shop_id, expires_at = grant.access_expires_at, "access token refreshed");
                Ok(())
            }
            Err(e) => Err(self.note_failure(shop_id, e).await),
        }
    }

    /// True when the keyring holds an access token other than `used` (someone refreshed).
    /// Callers hold the refresh lock, so no refresh is half stored.
    pub(crate) async fn keyring_token_differs(
        &self,
        shop_id: &str,
        used: &Secret,
    ) -> CoreResult<bool> {
        let current = secrets::get_async(shop_id, SecretKind::AccessToken).await?;
        Ok(current.as_ref().is_some_and(|c| c != used))
    }

    /// Public form for the CLI and the UI's "Refresh now".
    pub async fn refresh_shop_token(&self, shop_id: &str) -> Result<(), crate::ApiError> {
        Ok(self.refresh_tokens(shop_id, TokenUse::Any).await?)
    }

    async fn store_refreshed(&self, shop_id: &str, grant: &TokenGrant) -> CoreResult<()> {
        self.invalidate_session(shop_id);
        // TikTok may retire the old refresh token with this refresh, so the new one is saved
        // first: a failure between the two writes leaves a usable refresh token, never a spent
        // one (the old access token then fails and is refreshed again).
        secrets::put_async(shop_id, SecretKind::RefreshToken, &grant.refresh_token).await?;
        secrets::put_async(shop_id, SecretKind::AccessToken, &grant.access_token).await?;
        let (id, a, r) = (
            shop_id.to_owned(),
            grant.access_expires_at,
            grant.refresh_expires_at,
        );
        self.db(move |s| s.set_shop_token_expiry(&id, a, r)).await?;
        self.emit(CoreEvent::ShopsChanged);
        Ok(())
    }

    pub(crate) async fn mark_reauth_needed(&self, shop_id: &str, reason: String) {
        self.invalidate_session(shop_id);
        let id = shop_id.to_owned();
        let why = reason.clone();
        let r = self
            .db(move |s| {
                s.set_shop_auth_state(&id, AuthState::ReauthNeeded, Some(&why))?;
                s.set_shop_sync_paused(&id, true)
            })
            .await;
        if let Err(e) = r {
            tracing::error!(shop = %shop_id, error = %e, "could not mark the shop for reauthorization");
        }
        tracing::warn!(shop = %shop_id, reason = %reason, "shop needs reauthorization; background work paused");
        self.emit(CoreEvent::ShopsChanged);
    }

    pub(crate) fn refresh_lock(&self, shop_id: &str) -> Arc<AsyncMutex<()>> {
        let mut locks = self
            .inner
            .refresh_locks
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        locks.entry(shop_id.to_owned()).or_default().clone()
    }

    /// One pass of the background refresher; returns when the next refresh is due.
    pub(crate) async fn refresh_due_tokens(&self) -> Duration {
        let shops = match self.db(|s| s.list_shops()).await {
            Ok(s) => s,
            Err(e) => {
                tracing::error!(error = %e, "token refresher could not list shops");
                return REFRESHER_MAX_SLEEP;
            }
        };
        let mut next = REFRESHER_MAX_SLEEP.as_secs() as i64;
        for shop in shops
            .iter()
            .filter(|s| s.auth_state == AuthState::Connected)
        {
            let Some(auth) = &shop.authorization else {
                continue;
            };
            let due_in = refresh_in(auth.access_expires_at, self.now());
            if due_in == 0 {
                if let Err(e) = self.refresh_tokens(&shop.id, TokenUse::Any).await {
                    tracing::warn!(shop = %shop.id, error = %e, "background token refresh failed");
                    next = next.min(60);
                }
            } else {
                next = next.min(due_in);
            }
        }
        Duration::from_secs(next.max(5) as u64)
    }
}

/// Why a refusal means the seller must authorize again, in words for the seller.
fn reauth_reason(e: &TikTokError) -> String {
    match e.api_code() {
        Some(shopdock_tiktok::codes::REFRESH_TOKEN_EXPIRED) => {
            "The authorization expired (TikTok code 36004001).".into()
        }
        Some(shopdock_tiktok::codes::AUTH_RECORD_NOT_FOUND) => {
            "TikTok no longer knows this authorization; it was probably revoked in Seller Center (code 36004005).".into()
        }
        Some(shopdock_tiktok::codes::ACCESS_TOKEN_INVALID) => {
            "TikTok rejected the access token; the shop was deauthorized (code 105001).".into()
        }
        _ => format!("TikTok refused the authorization: {e}."),
    }
}

/// Starts the background refresher, which sleeps until the next token is due.
pub(crate) fn spawn_refresher(app: Shopdock) {
    let weak = Arc::downgrade(&app.inner);
    drop(app);
    tokio::spawn(async move {
        loop {
            let Some(inner) = weak.upgrade() else { break };
            let app = Shopdock { inner };
            let sleep = app.refresh_due_tokens().await;
            drop(app);
            tokio::time::sleep(sleep).await;
        }
    });
}
