//! The demo shop: a shop registered against the in-process sandbox, so a newcomer can press
//! Get Auth and see orders offline within a minute. The sandbox starts on first use, on
//! 127.0.0.1 with a free port, and lives as long as the app.
//!
//! The sandbox keeps its state in memory, so tokens it issued do not survive a restart of the
//! app: on start the demo shop returns to "Not connected" (its stored orders stay), and one
//! press of Get Auth reconnects it.

use crate::api::{ApiError, ShopView};
use crate::errors::{CoreError, CoreResult};
use crate::secrets::{self, SecretKind};
use crate::{now, CoreEvent, Shopdock};
use shopdock_sandbox::{Sandbox, SandboxConfig};
use shopdock_store::{AuthState, NewShop, Region, ShopRegistration};
use shopdock_tiktok::{Endpoints, Secret};

/// The demo's seed: fixed, so the demo catalogue and history look the same on every launch.
pub const DEFAULT_SEED: u64 = 20_260_101;

/// The port shown for the demo shop's redirect URL. The demo binds any free port instead and
/// registers it with its sandbox, so a busy port never blocks the demo.
pub const DEMO_NOMINAL_PORT: u16 = 8787;

/// The running demo backend.
pub struct Demo {
    sandbox: Sandbox,
}

impl Demo {
    pub fn endpoints(&self) -> Endpoints {
        self.sandbox.endpoints()
    }

    /// Points the demo app's registered redirect URL at this launch's loopback port.
    pub fn set_redirect_url(&self, app_key: &str, url: &str) -> CoreResult<()> {
        self.sandbox
            .control()
            .set_redirect_url(app_key, url)
            .map_err(|e| {
                CoreError::Internal(format!("the demo sandbox refused the redirect URL: {e}"))
            })
    }

    pub fn sandbox(&self) -> &Sandbox {
        &self.sandbox
    }
}

impl Shopdock {
    /// The demo sandbox, started on first use.
    pub(crate) async fn demo(&self) -> CoreResult<&Demo> {
        let seed = self.inner.demo_seed;
        let this = self.clone();
        self.inner
            .demo
            .get_or_try_init(|| async move {
                let config = SandboxConfig {
                    seed,
                    ..SandboxConfig::default()
                };
                let sandbox = Sandbox::start(config).await.map_err(|e| {
                    CoreError::Internal(format!("the demo sandbox could not start: {e}"))
                })?;
                tracing::info!(url = %sandbox.base_url(), "demo sandbox started");
                this.repoint_demo_shops(&sandbox.endpoints()).await?;
                Ok::<_, CoreError>(Demo { sandbox })
            })
            .await
    }

    /// Keeps the demo shop's stored hosts pointing at this launch's sandbox, so what SQLite
    /// says (and what the UI shows) is where the demo shop really lives.
    async fn repoint_demo_shops(&self, endpoints: &Endpoints) -> CoreResult<()> {
        let shops = self.db(|s| s.list_shops()).await?;
        for shop in shops.into_iter().filter(|s| s.is_demo) {
            if shop.registration.api_base == endpoints.api_base {
                continue;
            }
            let mut reg = shop.registration.clone();
            reg.api_base = endpoints.api_base.clone();
            reg.auth_base = endpoints.auth_base.clone();
            reg.authorize_url = endpoints.authorize_url.clone();
            let id = shop.id.clone();
            self.db(move |s| s.update_shop_registration(&id, &reg))
                .await?;
        }
        Ok(())
    }

    /// The in-process sandbox behind the demo shop (tests and the CLI drive it directly).
    pub async fn demo_sandbox(&self) -> Result<&Sandbox, ApiError> {
        Ok(self.demo().await?.sandbox())
    }

    /// Registers the demo shop, or returns it if it exists. Its app secret is the sandbox's
    /// published demo secret, kept in the keyring like any other so every path is the same.
    pub async fn add_demo_shop(&self) -> Result<ShopView, ApiError> {
        let shops = self.db(|s| s.list_shops()).await?;
        if let Some(existing) = shops.iter().find(|s| s.is_demo) {
            return self.get_shop(&existing.id).await;
        }
        let demo = self.demo().await?;
        let endpoints = demo.endpoints();
        let id = uuid::Uuid::new_v4().to_string();
        secrets::put_async(
            &id,
            SecretKind::AppSecret,
            &Secret::new(shopdock_sandbox::DEMO_APP_SECRET),
        )
        .await
        .map_err(CoreError::from)?;
        let shop = NewShop {
            id: id.clone(),
            registration: ShopRegistration {
                label: "Demo shop".into(),
                region: Region::Us,
                app_key: shopdock_sandbox::DEMO_APP_KEY.into(),
                service_id: shopdock_sandbox::DEMO_SERVICE_ID.into(),
                shop_hint: shopdock_sandbox::demo_shop_code().into(),
                // Nominal only: the demo listens on any free port and tells its sandbox.
                redirect_port: DEMO_NOMINAL_PORT,
                authorize_url: endpoints.authorize_url,
                api_base: endpoints.api_base,
                auth_base: endpoints.auth_base,
            },
            is_demo: true,
            created_at: now(),
        };
        if let Err(e) = self.db(move |s| s.insert_shop(&shop)).await {
            let _ = secrets::delete_all_async(&id).await;
            return Err(e.into());
        }
        self.emit(CoreEvent::ShopsChanged);
        self.get_shop(&id).await
    }

    /// At start: a demo shop connected in an earlier launch holds tokens the new sandbox never
    /// issued, so it goes back to "Not connected" instead of failing later with 105001.
    pub(crate) async fn resume_demo_shop(&self) {
        let result = async {
            let shops = self.db(|s| s.list_shops()).await?;
            for shop in shops
                .into_iter()
                .filter(|s| s.is_demo && s.auth_state != AuthState::NotConnected)
            {
                secrets::delete_tokens_async(&shop.id).await?;
                let id = shop.id.clone();
                self.db(move |s| s.clear_shop_authorization(&id)).await?;
            }
            Ok::<_, CoreError>(())
        }
        .await;
        if let Err(e) = result {
            tracing::warn!(error = %e, "could not reset the demo shop");
        }
    }
}
