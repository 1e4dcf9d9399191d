//! The token lifecycle: a client per shop, access tokens refreshed well before they expire,
//! one refresh-and-retry on 105002, and "Reconnect needed" (with background work paused)
//! when TikTok refuses the refresh for good (36004001, 36004005, 105001).

use crate::errors::{CoreError, CoreResult};
use crate::secrets::{self, SecretKind};
use crate::{CoreEvent, Shopdock};
use shopdock_store::{AuthState, ShopRecord};
use shopdock_tiktok::client::TokenGrant;
use shopdock_tiktok::{Action, AppCredentials, Client, Secret, TikTokError};
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Mutex as AsyncMutex;

/// Refresh when less than this remains on the access token (TikTok's last 7 days): a day of
/// margin survives a laptop that sleeps through the night.
pub const REFRESH_AHEAD_SECS: i64 = 24 * 3600;
/// How often the background refresher looks at least, even when nothing is due.
const REFRESHER_MAX_SLEEP: Duration = Duration::from_secs(15 * 60);

/// Everything a shop-scoped call needs.
#[derive(Clone)]
pub struct ShopSession {
    pub client: Client,
    pub access_token: Secret,
    pub shop_cipher: String,
    pub record: ShopRecord,
}

impl Shopdock {
    /// A client for the shop's app, with the app secret from the keyring.
    pub(crate) async fn client_for(&self, rec: &ShopRecord) -> CoreResult<Client> {
        let app_secret = secrets::get_async(&rec.id, SecretKind::AppSecret)
            .await?
            .ok_or_else(|| {
                CoreError::NotConnected(
                    "The app secret is missing from the keyring: edit the shop and enter it again."
                        .into(),
                )
            })?;
        let endpoints = self.backend_for(rec).await?.endpoints();
        Ok(Client::new(
            endpoints,
            AppCredentials {
                app_key: rec.registration.app_key.clone(),
                app_secret,
            },
        )?)
    }

    /// A session with an access token that is valid for a while yet (refreshing first if it
    /// is about to expire).
    pub(crate) async fn session(&self, shop_id: &str) -> CoreResult<ShopSession> {
        if let Some(s) = self.cached_session(shop_id) {
            let fresh = s
                .record
                .authorization
                .as_ref()
                .is_some_and(|a| a.access_expires_at - self.now() >= REFRESH_AHEAD_SECS);
            if fresh {
                return Ok(s);
            }
        }
        let rec = self.shop_record(shop_id).await?;
        let auth = match (&rec.auth_state, &rec.authorization) {
            (AuthState::Connected, Some(a)) => a.clone(),
            (AuthState::ReauthNeeded, _) => {
                return Err(CoreError::NotConnected(
                    rec.auth_problem
                        .clone()
                        .unwrap_or_else(|| "The shop must be reconnected with Get Auth.".into()),
                ))
            }
            _ => {
                return Err(CoreError::NotConnected(
                    "The shop is not connected yet: press Get Auth.".into(),
                ))
            }
        };
        if auth.access_expires_at - self.now() < REFRESH_AHEAD_SECS {
            self.refresh_tokens(shop_id, None).await?;
            return Box::pin(self.session_without_refresh(shop_id)).await;
        }
        self.session_without_refresh(shop_id).await
    }

    async fn session_without_refresh(&self, shop_id: &str) -> CoreResult<ShopSession> {
        if let Some(s) = self.cached_session(shop_id) {
            return Ok(s);
        }
        let rec = self.shop_record(shop_id).await?;
        let cipher = rec
            .authorization
            .as_ref()
            .map(|a| a.shop_cipher.clone())
            .unwrap_or_default();
        let client = self.client_for(&rec).await?;
        let access_token = secrets::get_async(shop_id, SecretKind::AccessToken)
            .await?
            .ok_or_else(|| {
                CoreError::NotConnected(
                    "The access token is missing from the keyring: press Get Auth.".into(),
                )
            })?;
        let session = ShopSession {
            client,
            access_token,
            shop_cipher: cipher,
            record: rec,
        };
        self.inner
            .sessions
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(shop_id.to_owned(), session.clone());
        Ok(session)
    }

    fn cached_session(&self, shop_id: &str) -> Option<ShopSession> {
        self.inner
            .sessions
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(shop_id)
            .cloned()
    }

    /// Forgets the cached session (tokens, cipher or registration changed).
    pub(crate) fn invalidate_session(&self, shop_id: &str) {
        self.inner
            .sessions
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(shop_id);
    }

    /// Runs a shop-scoped TikTok call under the shop's rate limiter. On 105002 it refreshes
    /// once and retries (the retry waits for the limiter too: after a token expiry every call
    /// in flight retries, and they must not burst); when TikTok says the authorization is
    /// gone, the shop is marked Reconnect needed.
    pub(crate) async fn call_shop<T, F, Fut>(&self, shop_id: &str, f: F) -> CoreResult<T>
    where
        F: Fn(ShopSession) -> Fut,
        Fut: Future<Output = Result<T, TikTokError>>,
    {
        let session = self.session(shop_id).await?;
        let bucket = self
            .inner
            .limiters
            .bucket(&session.record.registration.app_key, shop_id);
        let used = session.access_token.clone();
        bucket.acquire().await;
        match f(session).await {
            Ok(v) => Ok(v),
            Err(e) if e.action() == Action::Refresh => {
                self.refresh_tokens(shop_id, Some(&used)).await?;
                let session = self.session_without_refresh(shop_id).await?;
                bucket.acquire().await;
                match f(session).await {
                    Ok(v) => Ok(v),
                    Err(e) => Err(self.note_failure(shop_id, e).await),
                }
            }
            Err(e) => Err(self.note_failure(shop_id, e).await),
        }
    }

    /// Marks the shop when a failure means the authorization is gone.
    async fn note_failure(&self, shop_id: &str, e: TikTokError) -> CoreError {
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
        stale: Option<&Secret>,
    ) -> CoreResult<()> {
        let lock = self.refresh_lock(shop_id);
        let _guard = lock.lock().await;
        if let Some(stale) = stale {
            let current = secrets::get_async(shop_id, SecretKind::AccessToken).await?;
            if current.as_ref().is_some_and(|c| c != stale) {
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

    /// Public form for the CLI and the UI's "Refresh now".
    pub async fn refresh_shop_token(&self, shop_id: &str) -> Result<(), crate::ApiError> {
        Ok(self.refresh_tokens(shop_id, None).await?)
    }

    async fn store_refreshed(&self, shop_id: &str, grant: &TokenGrant) -> CoreResult<()> {
        self.invalidate_session(shop_id);
        // Every refresh stores the new refresh token too: TikTok may retire the old one.
        secrets::put_async(shop_id, SecretKind::AccessToken, &grant.access_token).await?;
        secrets::put_async(shop_id, SecretKind::RefreshToken, &grant.refresh_token).await?;
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

    fn refresh_lock(&self, shop_id: &str) -> Arc<AsyncMutex<()>> {
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
            let due_in = auth.access_expires_at - REFRESH_AHEAD_SECS - self.now();
            if due_in <= 0 {
                if let Err(e) = self.refresh_tokens(&shop.id, None).await {
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
