//! Shop sessions: the client, access token and cipher a shop-scoped call needs, cached so a sync
//! does not read the keyring for every request, and `Shopdock::call_shop`, which runs a call
//! under the shop's rate limiter and survives token rotation.
//!
//! Rotation: TikTok's docs do not say whether a refresh keeps the previous tokens valid, so
//! Shopdock works with either answer. A call that fails with a token error (105001, 105002, or
//! 36009004 about the access token) while it used a token that is no longer the shop's current
//! one is simply retried with the current token (another task refreshed meanwhile); only a
//! failure with the current token refreshes, and only a refused refresh or a deauthorization seen
//! with the current token leads to "Reconnect needed".

use crate::errors::{CoreError, CoreResult};
use crate::secrets::{self, SecretKind};
use crate::tokens::{refresh_due, TokenUse};
use crate::Shopdock;
use shopdock_store::{AuthState, ShopRecord};
use shopdock_tiktok::{Action, AppCredentials, Client, Secret, ServerClock, TikTokError};
use std::future::Future;

/// How many times one call may meet a token error before it gives up for now (each time with
/// a newer token: a refresh, or another task's refresh, happened in between).
const MAX_TOKEN_ATTEMPTS: u32 = 6;

/// Everything a shop-scoped call needs.
#[derive(Clone)]
pub struct ShopSession {
    pub client: Client,
    pub access_token: Secret,
    pub shop_cipher: String,
    pub record: ShopRecord,
}

impl Shopdock {
    /// A client for the shop's app, with the app secret from the keyring and the shop's server
    /// clock (so a skew measured once corrects every later signature).
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
        let client = Client::new(
            endpoints,
            AppCredentials {
                app_key: rec.registration.app_key.clone(),
                app_secret,
            },
        )?;
        Ok(client.with_clock(self.server_clock(&rec.id)))
    }

    /// The shop's view of TikTok's clock, shared by all its clients.
    pub(crate) fn server_clock(&self, shop_id: &str) -> ServerClock {
        self.inner
            .server_clocks
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .entry(shop_id.to_owned())
            .or_default()
            .clone()
    }

    /// A session with an access token that is valid for a while yet (refreshing first if it
    /// is about to expire).
    pub(crate) async fn session(&self, shop_id: &str) -> CoreResult<ShopSession> {
        if let Some(s) = self.cached_session(shop_id) {
            let expires = s.record.authorization.as_ref().map(|a| a.access_expires_at);
            if expires.is_some_and(|at| !refresh_due(at, self.now())) {
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
        if refresh_due(auth.access_expires_at, self.now()) {
            self.refresh_tokens(shop_id, TokenUse::Any).await?;
        }
        self.session_without_refresh(shop_id).await
    }

    pub(crate) async fn session_without_refresh(&self, shop_id: &str) -> CoreResult<ShopSession> {
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

    /// Runs a shop-scoped TikTok call under the shop's rate limiter. A token error with a token
    /// that another task has replaced meanwhile is retried with the current one; with the
    /// current token, an expired one is refreshed (single flight) and the call retried. Every
    /// retry waits for the limiter too: after a token expiry every call in flight retries, and
    /// they must not burst. Only a deauthorization seen with the current token (or a refused
    /// refresh) marks the shop Reconnect needed.
    pub(crate) async fn call_shop<T, F, Fut>(&self, shop_id: &str, f: F) -> CoreResult<T>
    where
        F: Fn(ShopSession) -> Fut,
        Fut: Future<Output = Result<T, TikTokError>>,
    {
        let mut session = self.session(shop_id).await?;
        let bucket = self
            .inner
            .limiters
            .bucket(&session.record.registration.app_key, shop_id);
        let mut attempt = 1;
        loop {
            bucket.acquire().await;
            // The token as of now: the wait in the limiter's queue can outlast a token, and
            // another task may have cached the current one meanwhile.
            if let Some(current) = self.cached_session(shop_id) {
                session = current;
            }
            let used = session.access_token.clone();
            let error = match f(session).await {
                Ok(v) => return Ok(v),
                Err(e) => e,
            };
            if !is_token_error(&error) {
                return Err(self.note_failure(shop_id, error).await);
            }
            if attempt == MAX_TOKEN_ATTEMPTS {
                // Tokens keep turning over under this call: give up for now without judging
                // the authorization; the caller's backoff tries again.
                return Err(CoreError::TikTok(error));
            }
            if self.token_was_replaced(shop_id, &used).await? {
                tracing::debug!(shop = %shop_id, "token error with a replaced token; retrying with the current one");
            } else if error.action() == Action::Refresh {
                self.refresh_tokens(shop_id, TokenUse::Stale(&used)).await?;
            } else {
                return Err(self.note_failure(shop_id, error).await);
            }
            self.invalidate_session(shop_id);
            session = self.session_without_refresh(shop_id).await?;
            attempt += 1;
        }
    }

    /// True when the keyring holds an access token other than `used`. A refresh in progress
    /// is waited for first: TikTok may retire the old token the moment it issues the new one,
    /// before Shopdock has stored it.
    async fn token_was_replaced(&self, shop_id: &str, used: &Secret) -> CoreResult<bool> {
        let lock = self.refresh_lock(shop_id);
        let _settled = lock.lock().await;
        self.keyring_token_differs(shop_id, used).await
    }
}

/// An error about the access token itself: expired (105002, or 36009004 naming the token, both
/// classified `Refresh`) or not accepted (105001, `Reauthorize`).
fn is_token_error(e: &TikTokError) -> bool {
    e.action() == Action::Refresh
        || e.api_code() == Some(shopdock_tiktok::codes::ACCESS_TOKEN_INVALID)
}
