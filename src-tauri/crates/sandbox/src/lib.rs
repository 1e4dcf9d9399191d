//! A TikTok Shop simulator ("sandbox"): the same paths, signing checks, envelopes, error codes,
//! authorization page, token service and order lifecycle as TikTok Shop's Open API (generation
//! 202309), on loopback. It is Shopdock's demo backend, the test double of every test and the
//! load generator of every benchmark, so fidelity to the real API is the point: responses are
//! serialized from `shopdock_tiktok::model` types, request signatures are checked by the
//! sandbox's own implementation written from the docs (`signature`, never the client's
//! signing code), and tests check every emitted field against TikTok's reference specs.
//!
//! Where the docs leave a choice open, or a documented behaviour would surprise existing
//! callers, a switch in [`SandboxConfig`] (and on [`Control`] and the `/_sandbox/` API)
//! selects it; [`SandboxConfig::documented`] turns the strict choices on.
//!
//! ```no_run
//! # async fn demo() -> Result<(), shopdock_sandbox::SandboxError> {
//! use shopdock_sandbox::{Sandbox, SandboxConfig};
//! let sb = Sandbox::start(SandboxConfig::default()).await?;
//! let endpoints = sb.endpoints(); // all three TikTok hosts on one loopback base URL
//! let ids = sb.control().create_orders(&sb.control().demo_shop().id, 10)?;
//! sb.control().advance_clock(std::time::Duration::from_secs(3600));
//! # let _ = (endpoints, ids); Ok(()) }
//! ```
//!
//! Module map: `clock` virtual and gateway clocks · `generator` seeded sellers, shops,
//! catalogs, buyers · `orders` order records, lifecycle, indexes, rendering · `page_token`
//! opaque keyset tokens · `auth` apps, codes, grants, tokens · `authpage` the HTML page ·
//! `tokens` token service · `verify` request verification · `signature` the sandbox's
//! own `sign` check · `shop_setup` added shops in other markets · [`routes`] endpoint table ·
//! `openapi` pipeline and handlers · `fulfillment` arranging shipment, tracking, packages
//! and shipping providers (write-api §A, §C) · `limits` rate limit and stats · `faults`
//! fault injection (including writes applied but their replies lost) · `control` /
//! `control_http` the control API (with per-order and per-package write counts) ·
//! `products` each shop's catalog, warehouses and stock, and the product, inventory and
//! price endpoints (write-api §E, §F, §G) · `finance` daily statements, settlements,
//! reserves, adjustments and payouts, and the finance endpoints (write-api §H) ·
//! `server` the router.

mod auth;
mod authpage;
pub mod browser;
mod cancellations;
mod clock;
mod control;
mod control_http;
mod error;
mod faults;
mod finance;
mod fulfillment;
mod generator;
mod limits;
pub mod money;
mod openapi;
mod orders;
mod page_token;
mod products;
mod respond;
mod rng;
pub mod routes;
mod server;
mod shop_setup;
mod signature;
mod state;
mod tokens;
mod verify;

pub use control::{
    AppRegistration, CancellationInfo, CatalogSku, Control, ProviderInfo, SellerInfo, ShopInfo,
    WriteCounts,
};
pub use error::SandboxError;
pub use faults::{Faults, GatewayFaults, WriteFaults};
pub use finance::{
    FinanceCallCounts, FinanceOrder, FinancePayment, FinanceStatement, FinanceTransaction,
};
pub use fulfillment::documents::desk::{DocumentCalls, DocumentGeneration, LINK_LIFETIME_SECS};
pub use generator::{MarketCode, ShippingMode, ShopSetup, DEMO_SELLER};
pub use limits::Stats;
pub use products::{
    ImageHostState, ProductEdit, ProductInfo, ProductWriteCounts, SkuStock, WarehouseQuantity,
};

use serde::Serialize;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// App key of the pre-registered demo app.
pub const DEMO_APP_KEY: &str = "6demo8sandbox";
/// Secret of the demo app: a well-known demo value, safe to print (it only opens the sandbox).
pub const DEMO_APP_SECRET: &str = "sandbox-demo-secret-not-a-tiktok-secret";
/// Service id of the demo app (what the authorization link carries).
pub const DEMO_SERVICE_ID: &str = "7431000000000000001";
/// The redirect URL the demo app is registered with (change it with
/// [`Control::set_redirect_url`] to the loopback port you bound).
pub const DEMO_REDIRECT_URL: &str = "http://127.0.0.1:8787/callback";
/// Display name of the demo app on the authorization page.
pub const DEMO_APP_NAME: &str = "Shopdock (sandbox demo app)";
/// Scopes the demo app has enabled: everything Shopdock may call.
pub const DEMO_SCOPES: &[&str] = &[
    "seller.authorization.info",
    "seller.shop.info",
    "seller.order.info",
    "seller.fulfillment.basic",
    "seller.fulfillment.package.write",
    "seller.logistics",
    "seller.delivery.status.write",
    "seller.product.basic",
    "seller.product.write",
    "seller.finance.info",
    "seller.return_refund.basic",
];

/// The shop code of the demo shop (the demo seller's LOCAL US shop), what a seller would type.
pub fn demo_shop_code() -> &'static str {
    generator::DEMO_SHOP_CODE
}

/// How to start a sandbox.
#[derive(Debug, Clone)]
pub struct SandboxConfig {
    /// Seeds every generated id, name and order: same seed, same data.
    pub seed: u64,
    /// Where to listen (default `127.0.0.1:0`, an ephemeral port).
    pub bind: SocketAddr,
    /// Orders seeded into EACH shop's history at start (default 150).
    pub orders_per_shop: usize,
    /// Days of history those orders spread over (default 30).
    pub history_days: i64,
    /// Virtual clock start (Unix seconds); `None` = wall-clock now. Fix it for tests that
    /// compare generated timestamps across runs.
    pub start_time: Option<i64>,
    /// Seconds the sandbox's gateway clock runs ahead of (or, negative, behind) real time: the
    /// `timestamp` window and the `Date` header follow it (also [`Control::set_clock_skew`]).
    pub clock_skew_secs: i64,
    /// A token refresh retires the previous access token and refresh token at once (issue
    /// 9.1; also [`Control::set_token_rotation`]). Default off: the lenient answer.
    pub rotate_tokens_on_refresh: bool,
    /// Answer every bad access token with 105001 as the sandbox used to, instead of the
    /// documented 36009004 for a missing or unknown one (also
    /// [`Control::set_legacy_token_errors`]). Default off.
    pub legacy_token_errors: bool,
    /// The `refresh_token_expire_in` distance from a grant (default a century, as TikTok
    /// reports; fact sheet §3.8).
    pub refresh_token_ttl: Duration,
    /// Search Orders over a live index (issue 9.7): `Some(lag)` pages by offset over an index
    /// that sees each write `lag` after it happened (virtual time), so an order updated while a
    /// client pages can move between pages; `None` (default, the earlier behaviour) pages by
    /// keyset over an index that is always current. Also [`Control::set_search_index_lag`].
    pub search_index_lag: Option<Duration>,
    /// Shops added to the seeded world, each with its own LOCAL seller (other markets and
    /// shipping types for tests; see [`ShopSetup`]).
    pub extra_shops: Vec<ShopSetup>,
    /// How long after delivery an order settles (default [`DEFAULT_SETTLE_AFTER`]); each
    /// order then waits a further part of a day drawn from the seed. See `finance`.
    pub settle_after_delivery: Duration,
}

/// The default [`SandboxConfig::settle_after_delivery`]: eight days, the day after the
/// seven-day return window a delivered order waits out before COMPLETED.
pub const DEFAULT_SETTLE_AFTER: Duration = Duration::from_secs(8 * 86_400);

/// The lag [`SandboxConfig::documented`] gives the search index: "a few seconds".
pub const DOCUMENTED_INDEX_LAG: Duration = Duration::from_secs(3);

impl SandboxConfig {
    /// Every switch at the documented-strict choice: rotating refresh tokens and a search
    /// index that lags writes by [`DOCUMENTED_INDEX_LAG`], for tests that must survive either
    /// answer the docs allow.
    pub fn documented() -> Self {
        Self {
            rotate_tokens_on_refresh: true,
            search_index_lag: Some(DOCUMENTED_INDEX_LAG),
            ..Self::default()
        }
    }
}

impl Default for SandboxConfig {
    fn default() -> Self {
        Self {
            seed: 1,
            bind: SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), 0),
            orders_per_shop: 150,
            history_days: 30,
            start_time: None,
            clock_skew_secs: 0,
            rotate_tokens_on_refresh: false,
            legacy_token_errors: false,
            refresh_token_ttl: Duration::from_secs(auth::REFRESH_TTL as u64),
            search_index_lag: None,
            extra_shops: Vec::new(),
            settle_after_delivery: DEFAULT_SETTLE_AFTER,
        }
    }
}

/// Everything a person or the CLI needs to point an app at a running sandbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DemoInfo {
    pub base_url: String,
    /// The authorization link for the demo app (no `state`).
    pub authorize_url: String,
    pub control_url: String,
    pub app_key: String,
    pub app_secret: String,
    pub service_id: String,
    pub redirect_url: String,
    pub seller_id: String,
    pub shop_id: String,
    pub shop_name: String,
    pub shop_code: String,
    pub shop_cipher: String,
}

impl std::fmt::Display for DemoInfo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(f, "TikTok Shop sandbox at {}", self.base_url)?;
        writeln!(f, "  API / auth host : {}", self.base_url)?;
        writeln!(f, "  authorize       : {}", self.authorize_url)?;
        writeln!(f, "  control API     : {}", self.control_url)?;
        writeln!(f, "  app key         : {}", self.app_key)?;
        writeln!(f, "  app secret      : {}", self.app_secret)?;
        writeln!(f, "  service id      : {}", self.service_id)?;
        writeln!(f, "  redirect URL    : {}", self.redirect_url)?;
        write!(
            f,
            "  demo shop       : {} (code {}, id {})",
            self.shop_name, self.shop_code, self.shop_id
        )
    }
}

pub(crate) fn demo_info_for(base_url: &str, control: &Control) -> DemoInfo {
    let shop = control.demo_shop();
    let redirect_url = control
        .inner
        .auth
        .lock()
        .map(|a| a.apps.get(DEMO_APP_KEY).map(|x| x.redirect_url.clone()))
        .unwrap_or(None)
        .unwrap_or_else(|| DEMO_REDIRECT_URL.to_string());
    DemoInfo {
        base_url: base_url.to_string(),
        authorize_url: format!(
            "{base_url}{}?service_id={DEMO_SERVICE_ID}",
            authpage::PAGE_PATH
        ),
        control_url: format!("{base_url}/_sandbox"),
        app_key: DEMO_APP_KEY.to_string(),
        app_secret: DEMO_APP_SECRET.to_string(),
        service_id: DEMO_SERVICE_ID.to_string(),
        redirect_url,
        seller_id: DEMO_SELLER.to_string(),
        shop_id: shop.id,
        shop_name: shop.name,
        shop_code: shop.code,
        shop_cipher: shop.cipher,
    }
}

fn demo_app() -> auth::App {
    auth::App {
        app_key: DEMO_APP_KEY.to_string(),
        app_secret: DEMO_APP_SECRET.to_string(),
        service_id: DEMO_SERVICE_ID.to_string(),
        redirect_url: DEMO_REDIRECT_URL.to_string(),
        scopes: DEMO_SCOPES.iter().map(|s| s.to_string()).collect(),
        name: DEMO_APP_NAME.to_string(),
    }
}

/// A running sandbox. Stops on [`Sandbox::shutdown`] or when dropped.
pub struct Sandbox {
    base_url: String,
    addr: SocketAddr,
    control: Control,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for Sandbox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sandbox")
            .field("base_url", &self.base_url)
            .finish_non_exhaustive()
    }
}

impl Sandbox {
    /// Generates the seeded world (off the async workers) and starts serving.
    pub async fn start(config: SandboxConfig) -> Result<Sandbox, SandboxError> {
        let listener = tokio::net::TcpListener::bind(config.bind)
            .await
            .map_err(|source| SandboxError::Bind {
                addr: config.bind,
                source,
            })?;
        let addr = listener.local_addr().map_err(|source| SandboxError::Bind {
            addr: config.bind,
            source,
        })?;
        let host = if addr.ip().is_unspecified() {
            IpAddr::V4(Ipv4Addr::LOCALHOST)
        } else {
            addr.ip()
        };
        let base_url = format!("http://{}", SocketAddr::new(host, addr.port()));
        if config.extra_shops.len() > orders::MAX_ADDED_SHOPS {
            return Err(SandboxError::Invalid(format!(
                "at most {} extra shops",
                orders::MAX_ADDED_SHOPS
            )));
        }
        let cfg = config.clone();
        let inner = tokio::task::spawn_blocking(move || state::Inner::new(&cfg, demo_app()))
            .await
            .map_err(|e| SandboxError::Invalid(format!("world generation failed: {e}")))?;
        if let Ok(mut r) = inner.render.write() {
            r.image_base = base_url.clone();
        }
        let inner = Arc::new(inner);
        let app = server::router(inner.clone());
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            let served = axum::serve(listener, app)
                .with_graceful_shutdown(async {
                    let _ = stopped.await;
                })
                .await;
            if let Err(e) = served {
                tracing::warn!(error = %e, "sandbox server stopped with an error");
            }
        });
        tracing::info!(%base_url, seed = config.seed, "TikTok Shop sandbox listening");
        Ok(Sandbox {
            base_url,
            addr,
            control: Control { inner },
            stop: Some(stop),
            task: Some(task),
        })
    }

    /// `http://127.0.0.1:PORT`.
    pub fn base_url(&self) -> String {
        self.base_url.clone()
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// All three TikTok hosts (API, auth, authorization page) on this sandbox.
    pub fn endpoints(&self) -> shopdock_tiktok::Endpoints {
        shopdock_tiktok::Endpoints::sandbox(&self.base_url)
    }

    pub fn control(&self) -> &Control {
        &self.control
    }

    /// Demo credentials and URLs (what `shopdock sandbox serve` prints).
    pub fn demo_info(&self) -> DemoInfo {
        demo_info_for(&self.base_url, &self.control)
    }

    /// Stops serving: in-flight requests get up to two seconds to finish (a hang fault may
    /// take longer; it is then cut).
    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(mut task) = self.task.take() {
            if tokio::time::timeout(Duration::from_secs(2), &mut task)
                .await
                .is_err()
            {
                task.abort();
            }
        }
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }
}

/// Starts a sandbox on `127.0.0.1:port` with the default data for `seed` (for
/// `shopdock sandbox serve`; print [`Sandbox::demo_info`]).
pub async fn serve(port: u16, seed: u64) -> Result<Sandbox, SandboxError> {
    Sandbox::start(SandboxConfig {
        seed,
        bind: SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), port),
        ..SandboxConfig::default()
    })
    .await
}
