//! Apps, authorization codes, grants and tokens: the state behind the authorization page, the
//! token service and the Open API's token checks. Pure state; HTTP lives elsewhere.
//!
//! Decisions (fact sheet §3, where TikTok is UNCONFIRMED or sources DISAGREE):
//! * Auth codes: random, single use, valid 30 minutes of VIRTUAL time. A code is consumed only by
//!   a successful exchange (a wrong `app_secret` does not burn it).
//! * Every code exchange creates a new *grant* holding the app's scopes at that moment; this is
//!   how re-authorizing fixes 105005 after a scope is added, as on TikTok.
//! * Access tokens live 7 days (virtual). Refresh tokens report an expiry a century after the
//!   grant by default, as real 2024-2026 token responses do (fact sheet §3.8: 4841467787, year
//!   2123), and refreshing does not extend it ([`AuthState::refresh_ttl`] changes it).
//! * Refresh returns a NEW refresh token and a new access token. Whether the previous ones stay
//!   valid is UNCONFIRMED (fact sheet §3.8, issue 9.1), so both answers are served:
//!   lenient (default): the previous refresh token and access tokens stay valid until they
//!   expire; rotating ([`AuthState::rotate_on_refresh`]): the refresh retires the previous
//!   refresh token AND the access token minted with it at once, so requests still in flight
//!   with the old access token fail as an unknown token would.
//! * Authorization codes carry no prefix, as in the documented redirect sample
//!   (`FeBoANmHP3yqdoUI9fZOCw`, fact sheet §3.3).
//! * Revoking (deauthorizing) kills every grant of that app and seller: its access tokens then
//!   fail with 105001 and its refresh tokens with 36004005.

use crate::generator::SellerDef;
use rand::Rng as _;
use shopdock_tiktok::model::TokenData;
use std::collections::HashMap;

pub const CODE_TTL: i64 = 30 * 60;
pub const ACCESS_TTL: i64 = 7 * 86_400;
/// Default refresh-token lifetime: a century, like the `refresh_token_expire_in` values real
/// responses carry (fact sheet §3.8).
pub const REFRESH_TTL: i64 = 100 * 365 * 86_400;

/// An app registered in the sandbox's "Partner Center".
#[derive(Debug, Clone)]
pub struct App {
    pub app_key: String,
    pub app_secret: String,
    pub service_id: String,
    pub redirect_url: String,
    pub scopes: Vec<String>,
    pub name: String,
}

#[derive(Debug, Clone)]
struct Code {
    app_key: String,
    seller_id: String,
    expires_at: i64,
}

#[derive(Debug, Clone)]
pub struct Grant {
    pub app_key: String,
    pub seller_id: String,
    pub scopes: Vec<String>,
    pub revoked: bool,
    pub refresh_expires_at: i64,
}

#[derive(Debug, Clone)]
pub struct AccessToken {
    pub grant: usize,
    pub expires_at: i64,
}

#[derive(Debug, Clone)]
struct RefreshToken {
    grant: usize,
    /// The access token minted together with this refresh token (retired with it under
    /// rotation).
    paired_access: String,
}

/// Why the token service refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokenError {
    /// 36009004: unknown app_key, wrong app_secret, bad grant_type, missing parameter.
    InvalidRequest(String),
    /// 36004005: unknown, used or expired code; unknown or revoked refresh token.
    NoAuthRecord,
    /// 36004001: refresh token expired.
    RefreshExpired,
}

/// Why an access token was refused by the Open API.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccessError {
    /// 105001
    Invalid,
    /// 105001 with the "deauthorized" detail.
    Revoked,
    /// 105002
    Expired,
}

#[derive(Debug)]
pub struct AuthState {
    pub apps: HashMap<String, App>,
    codes: HashMap<String, Code>,
    pub grants: Vec<Grant>,
    access: HashMap<String, AccessToken>,
    refresh: HashMap<String, RefreshToken>,
    /// A refresh retires the previous refresh token and its paired access token.
    pub rotate_on_refresh: bool,
    /// Seconds from a grant to its refresh tokens' expiry.
    pub refresh_ttl: i64,
}

impl Default for AuthState {
    fn default() -> Self {
        Self {
            apps: HashMap::new(),
            codes: HashMap::new(),
            grants: Vec::new(),
            access: HashMap::new(),
            refresh: HashMap::new(),
            rotate_on_refresh: false,
            refresh_ttl: REFRESH_TTL,
        }
    }
}

fn random_token(prefix: &str, len: usize) -> String {
    const URLSAFE: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut rng = rand::rng();
    let body: String = (0..len)
        .map(|_| URLSAFE[rng.random_range(0..URLSAFE.len())] as char)
        .collect();
    format!("{prefix}{body}")
}

impl AuthState {
    pub fn app_by_service(&self, service_id: &str) -> Option<&App> {
        self.apps.values().find(|a| a.service_id == service_id)
    }

    pub fn issue_code(&mut self, app_key: &str, seller_id: &str, now: i64) -> String {
        // The documented redirect sample has no prefix (fact sheet §3.3); clients must pass the
        // code verbatim whatever its shape.
        let code = random_token("", 22);
        self.codes.insert(
            code.clone(),
            Code {
                app_key: app_key.to_string(),
                seller_id: seller_id.to_string(),
                expires_at: now + CODE_TTL,
            },
        );
        code
    }

    fn check_app(&self, app_key: &str, app_secret: &str) -> Result<&App, TokenError> {
        let app = self.apps.get(app_key).ok_or_else(|| {
            TokenError::InvalidRequest(
                "Invalid credentials. Invalid app_key query parameter.".into(),
            )
        })?;
        if !crate::signature::same_secret(&app.app_secret, app_secret) {
            return Err(TokenError::InvalidRequest(
                "Invalid credentials. The app_secret query parameter does not match the app_key."
                    .into(),
            ));
        }
        Ok(app)
    }

    /// `/api/v2/token/get`.
    pub fn exchange_code(
        &mut self,
        app_key: &str,
        app_secret: &str,
        code: &str,
        sellers: &[SellerDef],
        now: i64,
    ) -> Result<TokenData, TokenError> {
        let scopes = self.check_app(app_key, app_secret)?.scopes.clone();
        let rec = self.codes.get(code).ok_or(TokenError::NoAuthRecord)?;
        if rec.app_key != app_key {
            return Err(TokenError::NoAuthRecord);
        }
        let seller = sellers
            .iter()
            .find(|s| s.id == rec.seller_id)
            .ok_or(TokenError::NoAuthRecord)?;
        let expired = now >= rec.expires_at;
        // Single use: gone after the first exchange attempt that got this far, and gone once
        // expired.
        self.codes.remove(code);
        if expired {
            return Err(TokenError::NoAuthRecord);
        }
        self.grants.push(Grant {
            app_key: app_key.to_string(),
            seller_id: seller.id.clone(),
            scopes,
            revoked: false,
            refresh_expires_at: now.saturating_add(self.refresh_ttl),
        });
        Ok(self.mint(self.grants.len() - 1, seller, now))
    }

    /// `/api/v2/token/refresh`.
    pub fn refresh(
        &mut self,
        app_key: &str,
        app_secret: &str,
        refresh_token: &str,
        sellers: &[SellerDef],
        now: i64,
    ) -> Result<TokenData, TokenError> {
        self.check_app(app_key, app_secret)?;
        let grant_ix = self
            .refresh
            .get(refresh_token)
            .ok_or(TokenError::NoAuthRecord)?
            .grant;
        let grant = self.grants.get(grant_ix).ok_or(TokenError::NoAuthRecord)?;
        if grant.app_key != app_key || grant.revoked {
            return Err(TokenError::NoAuthRecord);
        }
        if now >= grant.refresh_expires_at {
            return Err(TokenError::RefreshExpired);
        }
        let seller = sellers
            .iter()
            .find(|s| s.id == grant.seller_id)
            .ok_or(TokenError::NoAuthRecord)?;
        if self.rotate_on_refresh {
            if let Some(spent) = self.refresh.remove(refresh_token) {
                self.access.remove(&spent.paired_access);
            }
        }
        Ok(self.mint(grant_ix, seller, now))
    }

    /// Tokens for a new grant without the page or a code (tests and the demo shop).
    pub fn grant_directly(
        &mut self,
        app_key: &str,
        seller: &SellerDef,
        now: i64,
    ) -> Option<TokenData> {
        let scopes = self.apps.get(app_key)?.scopes.clone();
        self.grants.push(Grant {
            app_key: app_key.to_string(),
            seller_id: seller.id.clone(),
            scopes,
            revoked: false,
            refresh_expires_at: now.saturating_add(self.refresh_ttl),
        });
        Some(self.mint(self.grants.len() - 1, seller, now))
    }

    fn mint(&mut self, grant_ix: usize, seller: &SellerDef, now: i64) -> TokenData {
        let access_token = random_token("TTP_", 76);
        let refresh_token = random_token("TTP_", 56);
        self.access.insert(
            access_token.clone(),
            AccessToken {
                grant: grant_ix,
                expires_at: now + ACCESS_TTL,
            },
        );
        self.refresh.insert(
            refresh_token.clone(),
            RefreshToken {
                grant: grant_ix,
                paired_access: access_token.clone(),
            },
        );
        let grant = &self.grants[grant_ix];
        TokenData {
            access_token,
            access_token_expire_in: now + ACCESS_TTL,
            refresh_token,
            refresh_token_expire_in: grant.refresh_expires_at,
            open_id: seller.open_id.clone(),
            seller_name: seller.name.clone(),
            seller_base_region: seller.base_region.clone(),
            user_type: 0,
            granted_scopes: grant.scopes.clone(),
        }
    }

    /// Validates an access token for `app_key`; returns its grant.
    pub fn check_access(
        &self,
        app_key: &str,
        token: &str,
        now: i64,
    ) -> Result<&Grant, AccessError> {
        let t = self.access.get(token).ok_or(AccessError::Invalid)?;
        let grant = self.grants.get(t.grant).ok_or(AccessError::Invalid)?;
        if grant.app_key != app_key {
            return Err(AccessError::Invalid);
        }
        if grant.revoked {
            return Err(AccessError::Revoked);
        }
        if now >= t.expires_at {
            return Err(AccessError::Expired);
        }
        Ok(grant)
    }

    pub fn expire_access(&mut self, app_key: &str, now: i64) -> usize {
        let grants = &self.grants;
        let mut n = 0;
        for t in self.access.values_mut() {
            if grants.get(t.grant).is_some_and(|g| g.app_key == app_key) && t.expires_at > now {
                t.expires_at = now;
                n += 1;
            }
        }
        n
    }

    pub fn expire_refresh(&mut self, app_key: &str, now: i64) -> usize {
        let mut n = 0;
        for g in self.grants.iter_mut().filter(|g| g.app_key == app_key) {
            if g.refresh_expires_at > now {
                g.refresh_expires_at = now;
                n += 1;
            }
        }
        n
    }

    pub fn revoke(&mut self, app_key: &str, seller_id: &str) -> usize {
        let mut n = 0;
        for g in self
            .grants
            .iter_mut()
            .filter(|g| g.app_key == app_key && g.seller_id == seller_id && !g.revoked)
        {
            g.revoked = true;
            n += 1;
        }
        n
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seller() -> SellerDef {
        SellerDef {
            id: "s1".into(),
            name: "Seller One".into(),
            base_region: "US".into(),
            open_id: "7010000000000000001".into(),
            shop_ids: vec![],
        }
    }

    fn state() -> AuthState {
        let mut s = AuthState::default();
        s.apps.insert(
            "k".into(),
            App {
                app_key: "k".into(),
                app_secret: "secret".into(),
                service_id: "7000".into(),
                redirect_url: "http://127.0.0.1/cb".into(),
                scopes: vec!["seller.order.info".into()],
                name: "Test".into(),
            },
        );
        s
    }

    #[test]
    fn rotation_retires_the_previous_refresh_and_access_tokens_at_once() {
        let mut s = state();
        s.rotate_on_refresh = true;
        let sels = [seller()];
        let t = s.grant_directly("k", &sels[0], 0).unwrap();
        let t2 = s
            .refresh("k", "secret", &t.refresh_token, &sels, 100)
            .unwrap();
        assert_eq!(
            s.check_access("k", &t.access_token, 100).unwrap_err(),
            AccessError::Invalid
        );
        assert_eq!(
            s.refresh("k", "secret", &t.refresh_token, &sels, 100)
                .unwrap_err(),
            TokenError::NoAuthRecord
        );
        assert!(s.check_access("k", &t2.access_token, 100).is_ok());
        assert!(s
            .refresh("k", "secret", &t2.refresh_token, &sels, 100)
            .is_ok());
    }

    #[test]
    fn codes_are_single_use_and_expire_after_30_minutes() {
        let mut s = state();
        let sels = [seller()];
        let c = s.issue_code("k", "s1", 1000);
        assert!(matches!(
            s.exchange_code("k", "wrong", &c, &sels, 1000),
            Err(TokenError::InvalidRequest(_))
        ));
        let t = s.exchange_code("k", "secret", &c, &sels, 1000).unwrap();
        assert_eq!(t.access_token_expire_in, 1000 + ACCESS_TTL);
        assert_eq!(
            s.exchange_code("k", "secret", &c, &sels, 1000).unwrap_err(),
            TokenError::NoAuthRecord
        );
        let c2 = s.issue_code("k", "s1", 1000);
        assert_eq!(
            s.exchange_code("k", "secret", &c2, &sels, 1000 + CODE_TTL)
                .unwrap_err(),
            TokenError::NoAuthRecord
        );
    }

    #[test]
    fn refresh_revoke_and_expiry() {
        let mut s = state();
        let sel = seller();
        let sels = [seller()];
        let t = s.grant_directly("k", &sel, 0).unwrap();
        assert!(s.check_access("k", &t.access_token, 10).is_ok());
        assert_eq!(
            s.check_access("other", &t.access_token, 10).unwrap_err(),
            AccessError::Invalid
        );
        assert_eq!(
            s.check_access("k", &t.access_token, ACCESS_TTL)
                .unwrap_err(),
            AccessError::Expired
        );
        let t2 = s
            .refresh("k", "secret", &t.refresh_token, &sels, 100)
            .unwrap();
        assert_ne!(t2.refresh_token, t.refresh_token);
        assert_eq!(t2.refresh_token_expire_in, t.refresh_token_expire_in);
        // Lenient rotation: the old refresh token and access token still work.
        assert!(s
            .refresh("k", "secret", &t.refresh_token, &sels, 100)
            .is_ok());
        assert!(s.check_access("k", &t.access_token, 100).is_ok());
        assert_eq!(s.revoke("k", "s1"), 1);
        assert_eq!(
            s.check_access("k", &t2.access_token, 200).unwrap_err(),
            AccessError::Revoked
        );
        assert_eq!(
            s.refresh("k", "secret", &t2.refresh_token, &sels, 200)
                .unwrap_err(),
            TokenError::NoAuthRecord
        );
        let t3 = s.grant_directly("k", &sel, 300).unwrap();
        s.expire_refresh("k", 400);
        assert_eq!(
            s.refresh("k", "secret", &t3.refresh_token, &sels, 400)
                .unwrap_err(),
            TokenError::RefreshExpired
        );
    }
}
