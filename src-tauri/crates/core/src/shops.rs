//! Registering, listing, editing and removing shops, and how a stored shop is shown.

use crate::api::{ApiError, AuthorizedShopView, RegistrationInput, ShopStatus, ShopView};
use crate::errors::{CoreError, CoreResult};
use crate::registration::validate;
use crate::secrets::{self, SecretKind};
use crate::{CoreEvent, Shopdock};
use shopdock_store::{AuthState, NewShop, ShopRecord};

/// Days before the authorization ends from which the shop shows a banner (TikTok's own
/// warning webhook also starts 30 days ahead).
pub const EXPIRY_BANNER_DAYS: i64 = 30;

/// Authorizations that end more than this far away are "effectively forever": TikTok often
/// reports refresh-token expiries a century out (fact sheet §3.8), so no countdown is shown.
const FOREVER_SECS: i64 = 5 * 365 * 86_400;

/// Builds the view of a stored shop at time `now`.
pub fn view(rec: &ShopRecord, now: i64) -> ShopView {
    let auth = rec.authorization.as_ref();
    let ends_at = auth
        .map(|a| a.refresh_expires_at)
        .filter(|&t| t > 0 && t - now < FOREVER_SECS);
    let days_left = ends_at.map(|t| ((t - now).max(0) + 86_399) / 86_400);
    let status = match rec.auth_state {
        AuthState::NotConnected => ShopStatus::NotConnected,
        AuthState::ReauthNeeded => ShopStatus::ReconnectNeeded {
            reason: rec
                .auth_problem
                .clone()
                .unwrap_or_else(|| "TikTok no longer accepts this shop's authorization.".into()),
        },
        AuthState::Connected if rec.sync_paused => ShopStatus::SyncPaused,
        AuthState::Connected => match days_left {
            Some(d) if d <= EXPIRY_BANNER_DAYS => ShopStatus::ExpiresSoon { days: d as u32 },
            _ => ShopStatus::Connected,
        },
    };
    let banner = match (&status, days_left) {
        (ShopStatus::ReconnectNeeded { reason }, _) => {
            Some(format!("{reason} Press Get Auth to reconnect."))
        }
        (ShopStatus::ExpiresSoon { .. }, Some(d)) => Some(format!(
            "The authorization ends in {d} day{}: renew it with Get Auth (or in Seller Center > My apps) to keep syncing.",
            if d == 1 { "" } else { "s" }
        )),
        _ => None,
    };
    let r = &rec.registration;
    ShopView {
        id: rec.id.clone(),
        label: r.label.clone(),
        region: crate::registration::region_of(r.region),
        app_key: r.app_key.clone(),
        service_id: r.service_id.clone(),
        shop_hint: r.shop_hint.clone(),
        redirect_port: r.redirect_port,
        authorize_url: r.authorize_url.clone(),
        api_base: r.api_base.clone(),
        auth_base: r.auth_base.clone(),
        is_demo: rec.is_demo,
        status,
        tiktok: auth.map(|a| AuthorizedShopView {
            shop_id: a.tiktok_shop_id.clone(),
            name: a.shop_name.clone(),
            code: a.shop_code.clone(),
            region: a.shop_region.clone(),
            seller_type: a.seller_type.clone(),
            seller_name: a.seller_name.clone(),
            granted_scopes: a.granted_scopes.clone(),
            access_expires_at: a.access_expires_at,
        }),
        authorization_ends_at: ends_at,
        banner,
    }
}

impl Shopdock {
    /// Every shop, demo shop included, in the order they were added.
    pub async fn list_shops(&self) -> Result<Vec<ShopView>, ApiError> {
        let records = self.db(|s| s.list_shops()).await?;
        let t = self.now();
        Ok(records.iter().map(|r| view(r, t)).collect())
    }

    pub async fn get_shop(&self, shop_id: &str) -> Result<ShopView, ApiError> {
        Ok(self.shop_view(shop_id).await?)
    }

    pub(crate) async fn shop_view(&self, shop_id: &str) -> CoreResult<ShopView> {
        Ok(view(&self.shop_record(shop_id).await?, self.now()))
    }

    pub(crate) async fn shop_record(&self, shop_id: &str) -> CoreResult<ShopRecord> {
        let id = shop_id.to_owned();
        self.db(move |s| s.get_shop(&id))
            .await?
            .ok_or_else(|| CoreError::ShopNotFound(shop_id.to_owned()))
    }

    /// Registers a real shop. Nothing is saved unless every field is valid; the app secret goes
    /// to the keyring first, so a keyring failure leaves no shop behind.
    pub async fn register_shop(&self, input: RegistrationInput) -> Result<ShopView, ApiError> {
        let valid = validate(&input, true, None).map_err(CoreError::Validation)?;
        let existing = self.db(|s| s.list_shops()).await?;
        if existing.iter().any(|s| {
            s.registration.app_key == valid.registration.app_key
                && s.registration
                    .shop_hint
                    .eq_ignore_ascii_case(&valid.registration.shop_hint)
        }) {
            return Err(CoreError::Conflict(
                "This shop is already registered with this app key.".into(),
            )
            .into());
        }
        let id = uuid::Uuid::new_v4().to_string();
        if let Some(secret) = &valid.app_secret {
            secrets::put_async(&id, SecretKind::AppSecret, secret)
                .await
                .map_err(CoreError::from)?;
        }
        let shop = NewShop {
            id: id.clone(),
            registration: valid.registration,
            is_demo: false,
            created_at: self.now(),
        };
        if let Err(e) = self.db(move |s| s.insert_shop(&shop)).await {
            let _ = secrets::delete_all_async(&id).await;
            return Err(e.into());
        }
        tracing::info!(shop = %id, "shop registered");
        self.emit(CoreEvent::ShopsChanged);
        self.get_shop(&id).await
    }

    /// Edits a registration. An absent app secret keeps the saved one. Changing the app key
    /// or shop disconnects the shop (its tokens belong to the old app or shop).
    pub async fn update_shop(
        &self,
        shop_id: &str,
        input: RegistrationInput,
    ) -> Result<ShopView, ApiError> {
        let rec = self.shop_record(shop_id).await?;
        if rec.is_demo {
            return Err(
                CoreError::Conflict("The demo shop's registration is fixed.".into()).into(),
            );
        }
        let valid = validate(&input, false, None).map_err(CoreError::Validation)?;
        let identity_changed = valid.registration.app_key != rec.registration.app_key
            || !valid
                .registration
                .shop_hint
                .eq_ignore_ascii_case(&rec.registration.shop_hint);
        if let Some(secret) = &valid.app_secret {
            secrets::put_async(shop_id, SecretKind::AppSecret, secret)
                .await
                .map_err(CoreError::from)?;
        }
        self.invalidate_session(shop_id);
        let id = shop_id.to_owned();
        let reg = valid.registration;
        self.db(move |s| {
            s.update_shop_registration(&id, &reg)?;
            if identity_changed {
                s.clear_shop_authorization(&id)?;
            }
            Ok(())
        })
        .await?;
        if identity_changed {
            secrets::delete_tokens_async(shop_id)
                .await
                .map_err(CoreError::from)?;
        }
        self.emit(CoreEvent::ShopsChanged);
        self.get_shop(shop_id).await
    }

    /// Removes a shop: its keyring entries first (so no secret outlives it), then its row and,
    /// by cascade, its local data. The UI asks for confirmation before calling this.
    pub async fn remove_shop(&self, shop_id: &str) -> Result<(), ApiError> {
        let rec = self.shop_record(shop_id).await?;
        self.cancel_auth(shop_id);
        self.invalidate_session(shop_id);
        secrets::delete_all_async(&rec.id)
            .await
            .map_err(CoreError::from)?;
        let id = rec.id.clone();
        self.db(move |s| s.delete_shop(&id)).await?;
        tracing::info!(shop = %rec.id, "shop removed");
        // Its products went with it: so do the thumbnails no other shop shows.
        if let Err(e) = self.prune_thumbnails().await {
            tracing::warn!(error = %e, "the removed shop's thumbnails were not removed");
        }
        self.emit(CoreEvent::ShopsChanged);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use shopdock_store::{Region, ShopAuthorization, ShopRegistration};

    fn record(state: AuthState, refresh_expires_at: i64) -> ShopRecord {
        ShopRecord {
            id: "s1".into(),
            registration: ShopRegistration {
                label: "L".into(),
                region: Region::Us,
                app_key: "k".into(),
                service_id: "1".into(),
                shop_hint: "h".into(),
                redirect_port: 8723,
                authorize_url: "https://a.test".into(),
                api_base: "https://b.test".into(),
                auth_base: "https://c.test".into(),
            },
            is_demo: false,
            created_at: 0,
            authorization: Some(ShopAuthorization {
                tiktok_shop_id: "7000".into(),
                shop_cipher: "ROW_x".into(),
                shop_name: "N".into(),
                shop_code: None,
                shop_region: None,
                seller_type: None,
                seller_name: None,
                seller_base_region: None,
                open_id: None,
                granted_scopes: vec![],
                access_expires_at: 0,
                refresh_expires_at,
            }),
            auth_state: state,
            auth_problem: None,
            sync_paused: false,
        }
    }

    #[test]
    fn chip_counts_down_from_thirty_days_before_the_authorization_ends() {
        let now = 1_000_000_000;
        let v = view(&record(AuthState::Connected, now + 40 * 86_400), now);
        assert_eq!(v.status, ShopStatus::Connected);
        assert!(v.banner.is_none());
        let v = view(&record(AuthState::Connected, now + 3 * 86_400 - 10), now);
        assert_eq!(v.status, ShopStatus::ExpiresSoon { days: 3 });
        assert!(v.banner.unwrap().contains("3 days"));
    }

    #[test]
    fn century_long_refresh_tokens_show_no_countdown() {
        let now = 1_000_000_000;
        let v = view(&record(AuthState::Connected, 4_841_467_787), now);
        assert_eq!(v.status, ShopStatus::Connected);
        assert_eq!(v.authorization_ends_at, None);
    }

    #[test]
    fn reauth_needed_says_why() {
        let mut r = record(AuthState::ReauthNeeded, 0);
        r.auth_problem = Some("The seller revoked access.".into());
        let v = view(&r, 0);
        assert!(
            matches!(v.status, ShopStatus::ReconnectNeeded { ref reason } if reason.contains("revoked"))
        );
        assert!(v.banner.unwrap().contains("Get Auth"));
    }
}
