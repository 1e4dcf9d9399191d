//! Get Auth: the seller authorizes in the system browser, TikTok redirects to our loopback
//! listener, the code is exchanged for tokens on the auth host, and the shop the seller typed
//! is matched among the shops the account authorized.
//!
//! Ordering keeps failures clean: tokens go to the keyring before SQLite records the
//! authorization, and if SQLite then fails the tokens are deleted again, so a failed Get Auth
//! never leaves a half-connected shop.

use crate::api::{ApiError, AuthOutcome, AuthSession, ShopCandidate};
use crate::errors::{CoreError, CoreResult};
use crate::loopback::{parse_pasted, LoopbackListener};
use crate::secrets::{self, SecretKind};
use crate::{CoreEvent, Shopdock};
use rand::RngCore;
use shopdock_store::{AuthState, ShopAuthorization};
use shopdock_tiktok::client::TokenGrant;
use shopdock_tiktok::model::AuthorizedShop;
use shopdock_tiktok::Secret;
use std::time::Duration;
use tokio_util::sync::CancellationToken;

/// How long Get Auth waits for the browser to come back.
pub const AUTH_TIMEOUT: Duration = Duration::from_secs(5 * 60);

/// A Get Auth in progress, or tokens waiting for the seller to pick a shop.
#[derive(Default)]
pub(crate) struct PendingAuth {
    waiting: Option<(String, CancellationToken)>,
    choice: Option<(TokenGrant, Vec<AuthorizedShop>)>,
}

/// 256 random bits as hex: the anti-CSRF `state` (RFC 8252 asks for at least 128).
fn new_state() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

impl Shopdock {
    /// Starts Get Auth: binds the loopback port, opens the browser on the authorization link
    /// and returns at once. The outcome arrives as [`CoreEvent::AuthFinished`].
    pub async fn begin_auth(&self, shop_id: &str) -> Result<AuthSession, ApiError> {
        Ok(self.begin_auth_inner(shop_id).await?)
    }

    async fn begin_auth_inner(&self, shop_id: &str) -> CoreResult<AuthSession> {
        let rec = self.shop_record(shop_id).await?;
        self.cancel_auth(shop_id);
        let client = self.client_for(&rec).await?;
        let backend = self.backend_for(&rec).await?;
        let listener = LoopbackListener::bind(backend.redirect_port()).await?;
        backend.register_redirect_url(&listener.redirect_url())?;
        let state = new_state();
        let authorize_url = client
            .authorization_url(&rec.registration.service_id, &state)
            .map_err(CoreError::from)?;
        let cancel = CancellationToken::new();
        self.with_pending(shop_id, |p| {
            p.waiting = Some((state.clone(), cancel.clone()));
            p.choice = None;
        });
        let browser_opened = match self.inner.browser.open(&authorize_url) {
            Ok(()) => true,
            Err(e) => {
                tracing::warn!(shop = %shop_id, error = %e, "no browser could be opened for Get Auth");
                false
            }
        };
        let session = AuthSession {
            shop_id: shop_id.to_owned(),
            authorize_url,
            port: listener.port(),
            expires_at: self.now() + AUTH_TIMEOUT.as_secs() as i64,
            browser_opened,
        };
        self.emit(CoreEvent::AuthStarted {
            session: session.clone(),
        });
        let app = self.clone();
        let id = shop_id.to_owned();
        tokio::spawn(async move {
            let result = listener.wait(&state, AUTH_TIMEOUT, cancel.clone()).await;
            // A manual paste cancels the wait and finishes the flow itself.
            if cancel.is_cancelled() && app.pending_state(&id).as_deref() != Some(state.as_str()) {
                return;
            }
            app.clear_waiting(&id, &state);
            let outcome = match result {
                Ok(code) => app.finish_auth(&id, code).await,
                Err(e) => AuthOutcome::Failed {
                    error: CoreError::from(e).into(),
                },
            };
            app.emit(CoreEvent::AuthFinished {
                shop_id: id,
                outcome,
            });
        });
        Ok(session)
    }

    /// Cancels a Get Auth in progress (the listener closes; the outcome is "cancelled").
    pub fn cancel_auth(&self, shop_id: &str) {
        self.with_pending(shop_id, |p| {
            if let Some((_, cancel)) = &p.waiting {
                cancel.cancel();
            }
        });
    }

    /// The manual fallback: the seller pastes the address the browser ended on, or the code.
    /// If a Get Auth is waiting, the pasted URL's `state` must match it.
    pub async fn submit_redirect(
        &self,
        shop_id: &str,
        pasted: &str,
    ) -> Result<AuthOutcome, ApiError> {
        self.shop_record(shop_id).await?;
        let expected = self.pending_state(shop_id);
        let code = parse_pasted(pasted, expected.as_deref()).map_err(CoreError::from)?;
        // Stop the loopback wait without reporting it as a failure.
        self.with_pending(shop_id, |p| {
            if let Some((_, cancel)) = p.waiting.take() {
                cancel.cancel();
            }
        });
        let outcome = self.finish_auth(shop_id, code).await;
        self.emit(CoreEvent::AuthFinished {
            shop_id: shop_id.to_owned(),
            outcome: outcome.clone(),
        });
        Ok(outcome)
    }

    /// Completes a ChooseShop outcome with the shop the seller picked.
    pub async fn choose_authorized_shop(
        &self,
        shop_id: &str,
        tiktok_shop_id: &str,
    ) -> Result<AuthOutcome, ApiError> {
        let choice = self.with_pending(shop_id, |p| p.choice.take());
        let Some((grant, shops)) = choice else {
            return Err(CoreError::Conflict(
                "No authorization is waiting for a shop choice: press Get Auth again.".into(),
            )
            .into());
        };
        let Some(picked) = shops.iter().find(|s| s.id == tiktok_shop_id).cloned() else {
            self.with_pending(shop_id, |p| p.choice = Some((grant, shops)));
            return Err(
                CoreError::Conflict("That shop is not among the authorized ones.".into()).into(),
            );
        };
        let outcome = match self.save_authorization(shop_id, &grant, &picked).await {
            Ok(()) => match self.get_shop(shop_id).await {
                Ok(shop) => AuthOutcome::Connected {
                    shop: Box::new(shop),
                },
                Err(error) => AuthOutcome::Failed { error },
            },
            Err(e) => AuthOutcome::Failed { error: e.into() },
        };
        self.emit(CoreEvent::AuthFinished {
            shop_id: shop_id.to_owned(),
            outcome: outcome.clone(),
        });
        Ok(outcome)
    }

    /// Exchanges the code, finds the shop, stores everything. Never panics; every failure
    /// becomes an outcome the UI can show.
    async fn finish_auth(&self, shop_id: &str, code: Secret) -> AuthOutcome {
        match self.exchange_and_match(shop_id, code).await {
            Ok(outcome) => outcome,
            Err(e) => {
                tracing::warn!(shop = %shop_id, error = %e, "Get Auth failed");
                AuthOutcome::Failed { error: e.into() }
            }
        }
    }

    /// Exchanges `code` and connects the shop it matches, without asking anyone (the demo shop's
    /// reconnect after a restart): a code that matches no single shop is an error.
    pub(crate) async fn connect_with_code(&self, shop_id: &str, code: Secret) -> CoreResult<()> {
        match self.exchange_and_match(shop_id, code).await? {
            AuthOutcome::Connected { .. } => Ok(()),
            AuthOutcome::ChooseShop { .. } => Err(CoreError::Conflict(
                "The authorized account has several shops and none matches the registration."
                    .into(),
            )),
            AuthOutcome::Failed { error } => Err(CoreError::Internal(error.message)),
        }
    }

    async fn exchange_and_match(&self, shop_id: &str, code: Secret) -> CoreResult<AuthOutcome> {
        let rec = self.shop_record(shop_id).await?;
        let client = self.client_for(&rec).await?;
        let grant = client.get_access_token(&code).await.map_err(|e| {
            // The token service's refusals of a code (36004005 unknown or used, 36004001
            // expired) are about the code, not the shop's authorization.
            if e.action() == shopdock_tiktok::Action::Reauthorize {
                CoreError::AuthCodeRejected(e)
            } else {
                CoreError::TikTok(e)
            }
        })?;
        let shops = client.authorized_shops(&grant.access_token).await?;
        let hint = rec.registration.shop_hint.trim();
        let matched = shops
            .iter()
            .find(|s| s.id == hint || s.code.eq_ignore_ascii_case(hint))
            .cloned();
        match matched {
            Some(shop) => {
                self.save_authorization(shop_id, &grant, &shop).await?;
                Ok(AuthOutcome::Connected {
                    shop: Box::new(self.shop_view(shop_id).await?),
                })
            }
            None if shops.is_empty() => Err(CoreError::NotConnected(
                "The account that authorized has no shops for this app.".into(),
            )),
            None => {
                let candidates = shops
                    .iter()
                    .map(|s| ShopCandidate {
                        shop_id: s.id.clone(),
                        name: s.name.clone(),
                        code: s.code.clone(),
                        region: s.region.clone(),
                    })
                    .collect();
                self.with_pending(shop_id, |p| p.choice = Some((grant, shops)));
                Ok(AuthOutcome::ChooseShop { candidates })
            }
        }
    }

    async fn save_authorization(
        &self,
        shop_id: &str,
        grant: &TokenGrant,
        shop: &AuthorizedShop,
    ) -> CoreResult<()> {
        self.invalidate_session(shop_id);
        // The refresh token first, as every refresh does (see `tokens::store_refreshed`).
        secrets::put_async(shop_id, SecretKind::RefreshToken, &grant.refresh_token).await?;
        secrets::put_async(shop_id, SecretKind::AccessToken, &grant.access_token).await?;
        let auth = ShopAuthorization {
            tiktok_shop_id: shop.id.clone(),
            shop_cipher: shop.cipher.clone(),
            shop_name: shop.name.clone(),
            shop_code: Some(shop.code.clone()).filter(|c| !c.is_empty()),
            shop_region: Some(shop.region.clone()).filter(|c| !c.is_empty()),
            seller_type: Some(shop.seller_type.clone()).filter(|c| !c.is_empty()),
            seller_name: Some(grant.seller_name.clone()).filter(|c| !c.is_empty()),
            seller_base_region: Some(grant.seller_base_region.clone()).filter(|c| !c.is_empty()),
            open_id: Some(grant.open_id.clone()).filter(|c| !c.is_empty()),
            granted_scopes: grant.granted_scopes.clone(),
            access_expires_at: grant.access_expires_at,
            refresh_expires_at: grant.refresh_expires_at,
        };
        let id = shop_id.to_owned();
        let saved = self
            .db(move |s| {
                s.set_shop_authorization(&id, &auth)?;
                s.set_shop_auth_state(&id, AuthState::Connected, None)?;
                s.set_shop_sync_paused(&id, false)
            })
            .await;
        if let Err(e) = saved {
            let _ = secrets::delete_tokens_async(shop_id).await;
            return Err(e);
        }
        tracing::info!(shop = %shop_id, tiktok_shop = %shop.id, "shop connected");
        self.emit(CoreEvent::ShopsChanged);
        Ok(())
    }

    fn with_pending<R>(&self, shop_id: &str, f: impl FnOnce(&mut PendingAuth) -> R) -> R {
        let mut map = self.inner.auth.lock().unwrap_or_else(|p| p.into_inner());
        f(map.entry(shop_id.to_owned()).or_default())
    }

    fn pending_state(&self, shop_id: &str) -> Option<String> {
        self.with_pending(shop_id, |p| p.waiting.as_ref().map(|(s, _)| s.clone()))
    }

    fn clear_waiting(&self, shop_id: &str, state: &str) {
        self.with_pending(shop_id, |p| {
            if p.waiting.as_ref().is_some_and(|(s, _)| s == state) {
                p.waiting = None;
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn state_has_256_random_bits() {
        let a = new_state();
        assert_eq!(a.len(), 64);
        assert!(a.chars().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(a, new_state());
    }
}
