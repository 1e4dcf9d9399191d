//! The demo shop: a shop registered against a demo backend (Shopdock's sandbox), so a newcomer
//! can press Get Auth and see orders offline within a minute.
//!
//! Core knows the demo only through this seam: [`DemoLauncher`] starts a backend on first use,
//! and a [`DemoBackend`] is endpoints plus the few things the demo needs (its app's credentials,
//! a redirect URL to register, and an authorize helper). The shell and the CLI hand a launcher in
//! through [`crate::OpenOptions`]; core never depends on the sandbox crate.
//!
//! A demo backend keeps its state in memory, so tokens it issued do not survive a restart of the
//! app: at open, a demo shop that was connected is authorized again on the new backend (its
//! stored orders stay), so it stays connected across restarts.

use crate::api::{ApiError, ShopView};
use crate::errors::{CoreError, CoreResult};
use crate::secrets::{self, SecretKind};
use crate::{CoreEvent, Shopdock};
use shopdock_store::{AuthState, NewShop, Region, ShopRecord, ShopRegistration};
use shopdock_tiktok::{Endpoints, Secret};
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

/// A boxed future, so the seam's traits stay object safe.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// The port shown for the demo shop's redirect URL. The demo binds any free port instead and
/// registers it with its backend, so a busy port never blocks the demo.
pub const DEMO_NOMINAL_PORT: u16 = 8787;

/// Why the demo backend could not do something (its own words).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct DemoError(pub String);

/// The demo backend's app and shop: what a seller would type to register it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoApp {
    pub app_key: String,
    /// A published demo value; kept in the keyring like any secret so every path is the same.
    pub app_secret: String,
    pub service_id: String,
    /// The Shop ID or shop code the demo seller's shop answers to.
    pub shop_hint: String,
}

/// A running demo backend.
pub trait DemoBackend: Send + Sync {
    /// Its API, token and authorization-page hosts.
    fn endpoints(&self) -> Endpoints;
    /// Its pre-registered app and shop.
    fn app(&self) -> DemoApp;
    /// Registers this launch's loopback redirect URL for the demo app (the demo binds any free
    /// port, where a real app uses the port registered in Partner Center).
    fn register_redirect_url(&self, url: &str) -> Result<(), DemoError>;
    /// An authorization code, as if the demo seller had pressed Authorize: used to reconnect the
    /// demo shop after a restart without a browser.
    fn authorize(&self) -> Result<Secret, DemoError>;
}

/// Starts the demo backend on first use (it costs a server and seeded data, so only a process
/// that shows the demo shop pays for it).
pub trait DemoLauncher: Send + Sync {
    fn launch(&self) -> BoxFuture<'_, Result<Arc<dyn DemoBackend>, DemoError>>;
}

/// Where a shop's requests go, and how its Get Auth redirect is set up.
pub(crate) enum ShopBackend {
    /// A real (or self-hosted sandbox) shop: the hosts and redirect port of its registration.
    Registered {
        endpoints: Endpoints,
        port: u16,
    },
    Demo(Arc<dyn DemoBackend>),
}

impl ShopBackend {
    pub(crate) fn endpoints(&self) -> Endpoints {
        match self {
            Self::Registered { endpoints, .. } => endpoints.clone(),
            Self::Demo(demo) => demo.endpoints(),
        }
    }

    /// The loopback port Get Auth binds (0 = any free port).
    pub(crate) fn redirect_port(&self) -> u16 {
        match self {
            Self::Registered { port, .. } => *port,
            Self::Demo(_) => 0,
        }
    }

    /// Tells the backend the redirect URL in use, where it needs telling.
    pub(crate) fn register_redirect_url(&self, url: &str) -> CoreResult<()> {
        match self {
            Self::Registered { .. } => Ok(()),
            Self::Demo(demo) => demo.register_redirect_url(url).map_err(|e| {
                CoreError::Internal(format!("the demo backend refused the redirect URL: {e}"))
            }),
        }
    }
}

impl Shopdock {
    /// The backend behind a shop: its registration's hosts, or the running demo backend.
    pub(crate) async fn backend_for(&self, rec: &ShopRecord) -> CoreResult<ShopBackend> {
        if rec.is_demo {
            return Ok(ShopBackend::Demo(self.demo().await?));
        }
        let r = &rec.registration;
        Ok(ShopBackend::Registered {
            endpoints: Endpoints {
                api_base: r.api_base.clone(),
                auth_base: r.auth_base.clone(),
                authorize_url: r.authorize_url.clone(),
            },
            port: r.redirect_port,
        })
    }

    /// The demo backend, started on first use.
    async fn demo(&self) -> CoreResult<Arc<dyn DemoBackend>> {
        let Some(launcher) = self.inner.demo_launcher.clone() else {
            return Err(CoreError::NotConnected(
                "This build of Shopdock has no demo backend.".into(),
            ));
        };
        let this = self.clone();
        self.inner
            .demo
            .get_or_try_init(|| async move {
                let backend = launcher.launch().await.map_err(|e| {
                    CoreError::Internal(format!("the demo backend could not start: {e}"))
                })?;
                tracing::info!(url = %backend.endpoints().api_base, "demo backend started");
                this.repoint_demo_shops(&backend.endpoints()).await?;
                Ok::<_, CoreError>(backend)
            })
            .await
            .cloned()
    }

    /// Keeps the demo shop's stored hosts pointing at this launch's backend, so what SQLite
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

    /// Registers the demo shop, or returns it if it exists.
    pub async fn add_demo_shop(&self) -> Result<ShopView, ApiError> {
        let shops = self.db(|s| s.list_shops()).await?;
        if let Some(existing) = shops.iter().find(|s| s.is_demo) {
            return self.get_shop(&existing.id).await;
        }
        let demo = self.demo().await?;
        let endpoints = demo.endpoints();
        let app = demo.app();
        let id = uuid::Uuid::new_v4().to_string();
        secrets::put_async(&id, SecretKind::AppSecret, &Secret::new(app.app_secret))
            .await
            .map_err(CoreError::from)?;
        let shop = NewShop {
            id: id.clone(),
            registration: ShopRegistration {
                label: "Demo shop".into(),
                region: Region::Us,
                app_key: app.app_key,
                service_id: app.service_id,
                shop_hint: app.shop_hint,
                // Nominal only: the demo listens on any free port and tells its backend.
                redirect_port: DEMO_NOMINAL_PORT,
                authorize_url: endpoints.authorize_url,
                api_base: endpoints.api_base,
                auth_base: endpoints.auth_base,
            },
            is_demo: true,
            created_at: self.now(),
        };
        if let Err(e) = self.db(move |s| s.insert_shop(&shop)).await {
            let _ = secrets::delete_all_async(&id).await;
            return Err(e.into());
        }
        self.emit(CoreEvent::ShopsChanged);
        self.get_shop(&id).await
    }

    /// At open: a demo shop connected in an earlier launch holds tokens the new backend never
    /// issued, so it is authorized again on this launch's backend. If that fails (no demo
    /// backend in this build, or it refused), the shop goes back to "Not connected" rather than
    /// failing later with a token error.
    pub(crate) async fn resume_demo_shop(&self) {
        let shops = match self.db(|s| s.list_shops()).await {
            Ok(shops) => shops,
            Err(e) => {
                tracing::warn!(error = %e, "could not look for the demo shop");
                return;
            }
        };
        for shop in shops
            .into_iter()
            .filter(|s| s.is_demo && s.auth_state != AuthState::NotConnected)
        {
            if let Err(e) = self.reconnect_demo_shop(&shop.id).await {
                tracing::warn!(shop = %shop.id, error = %e, "could not reconnect the demo shop");
                let reset = async {
                    secrets::delete_tokens_async(&shop.id).await?;
                    let id = shop.id.clone();
                    self.db(move |s| s.clear_shop_authorization(&id)).await
                };
                if let Err(e) = reset.await {
                    tracing::warn!(shop = %shop.id, error = %e, "could not reset the demo shop");
                }
            }
        }
    }

    /// Authorizes the demo shop on the running backend, without a browser.
    async fn reconnect_demo_shop(&self, shop_id: &str) -> CoreResult<()> {
        self.invalidate_session(shop_id);
        let code =
            self.demo().await?.authorize().map_err(|e| {
                CoreError::Internal(format!("the demo backend did not authorize: {e}"))
            })?;
        self.connect_with_code(shop_id, code).await?;
        tracing::info!(shop = %shop_id, "demo shop reconnected to this launch's backend");
        Ok(())
    }
}
