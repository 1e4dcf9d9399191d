//! The demo shop's backend: an in-process sandbox (127.0.0.1, any free port) behind core's demo
//! seam. The shell and the CLI hand a [`SandboxDemo`] to `shopdock_core::OpenOptions::demo`;
//! core itself never depends on the sandbox. Tests keep the same launcher to drive the sandbox
//! (add orders, expire tokens, inject faults) behind the app they opened.

use shopdock_core::{DemoApp, DemoBackend, DemoError, DemoLauncher};
use shopdock_sandbox::{Sandbox, SandboxConfig};
use shopdock_tiktok::{Endpoints, Secret};
use std::sync::Arc;
use tokio::sync::OnceCell;

/// The demo's seed: fixed, so the demo catalogue and history look the same on every launch.
pub const DEFAULT_SEED: u64 = 20_260_101;

/// Starts the sandbox on first use and keeps it for the life of the process.
pub struct SandboxDemo {
    config: SandboxConfig,
    running: OnceCell<Arc<RunningSandbox>>,
}

impl SandboxDemo {
    /// The demo as the app shows it: [`DEFAULT_SEED`].
    pub fn new() -> Arc<Self> {
        Self::with_seed(DEFAULT_SEED)
    }

    pub fn with_seed(seed: u64) -> Arc<Self> {
        Self::with_config(SandboxConfig {
            seed,
            ..SandboxConfig::default()
        })
    }

    pub fn with_config(config: SandboxConfig) -> Arc<Self> {
        Arc::new(Self {
            config,
            running: OnceCell::new(),
        })
    }

    /// The running sandbox, started now if the app has not started it yet.
    pub async fn sandbox(&self) -> Result<&Sandbox, DemoError> {
        Ok(&self.running().await?.sandbox)
    }

    async fn running(&self) -> Result<&Arc<RunningSandbox>, DemoError> {
        self.running
            .get_or_try_init(|| async {
                let sandbox = Sandbox::start(self.config.clone())
                    .await
                    .map_err(|e| DemoError(e.to_string()))?;
                Ok(Arc::new(RunningSandbox { sandbox }))
            })
            .await
    }
}

impl DemoLauncher for SandboxDemo {
    fn launch(
        &self,
    ) -> shopdock_core::demo::BoxFuture<'_, Result<Arc<dyn DemoBackend>, DemoError>> {
        Box::pin(async move {
            let running: Arc<dyn DemoBackend> = self.running().await?.clone();
            Ok(running)
        })
    }
}

/// A started sandbox as core's demo backend.
struct RunningSandbox {
    sandbox: Sandbox,
}

impl DemoBackend for RunningSandbox {
    fn endpoints(&self) -> Endpoints {
        self.sandbox.endpoints()
    }

    fn app(&self) -> DemoApp {
        DemoApp {
            app_key: shopdock_sandbox::DEMO_APP_KEY.into(),
            app_secret: shopdock_sandbox::DEMO_APP_SECRET.into(),
            service_id: shopdock_sandbox::DEMO_SERVICE_ID.into(),
            shop_hint: shopdock_sandbox::demo_shop_code().into(),
        }
    }

    fn register_redirect_url(&self, url: &str) -> Result<(), DemoError> {
        self.sandbox
            .control()
            .set_redirect_url(shopdock_sandbox::DEMO_APP_KEY, url)
            .map_err(|e| DemoError(e.to_string()))
    }

    fn authorize(&self) -> Result<Secret, DemoError> {
        self.sandbox
            .control()
            .issue_auth_code(
                shopdock_sandbox::DEMO_APP_KEY,
                shopdock_sandbox::DEMO_SELLER,
            )
            .map(Secret::new)
            .map_err(|e| DemoError(e.to_string()))
    }
}
