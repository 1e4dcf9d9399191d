//! In-process control of the sandbox: the same powers as the `/_sandbox/*` HTTP API, for tests,
//! benchmarks and the demo. Cheap to clone and thread-safe; every method is synchronous and
//! returns quickly (order generation excepted, which is linear in the orders created).

use crate::auth::App;
use crate::faults::{Faults, GatewayFaults, WriteFaults};
use crate::fulfillment::documents::desk::{DocumentCalls, DocumentGeneration};
use crate::fulfillment::providers;
use crate::generator::ShippingMode;
use crate::limits::Stats;
use crate::orders::{render, ShipError};
use crate::state::{lock, Inner, ShopCell};
use crate::SandboxError;
use serde::{Deserialize, Serialize};
use shopdock_tiktok::model::{Order, TokenData};
use std::collections::BTreeMap;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;

/// An app as registered in Partner Center: key, secret, service id, redirect URL and the API
/// scopes it has enabled.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppRegistration {
    pub app_key: String,
    pub app_secret: String,
    pub service_id: String,
    pub redirect_url: String,
    pub scopes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SellerInfo {
    pub id: String,
    pub name: String,
    pub base_region: String,
    /// What the token service returns as `open_id` for this seller.
    pub open_id: String,
    pub shop_ids: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ShopInfo {
    pub id: String,
    pub name: String,
    pub code: String,
    pub cipher: String,
    pub region: String,
    /// `LOCAL` or `CROSS_BORDER`.
    pub seller_type: String,
    /// The owning seller's id.
    pub seller_id: String,
    pub currency: String,
    pub warehouse_ids: Vec<String>,
    /// Who carries the shop's parcels: `SELLER`, `TIKTOK`, or `MIXED` (per order).
    pub shipping_type: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CatalogSku {
    pub product_id: String,
    pub sku_id: String,
    pub product_name: String,
    pub sku_name: String,
    pub seller_sku: String,
    /// Decimal string in the shop currency.
    pub price: String,
    pub currency: String,
}

/// Successful fulfillment writes to one order, so tests can prove "exactly once": every
/// applied Mark Package As Shipped, Ship Package, Batch Ship entry, Create Packages and
/// Update (Package) Shipping Info counts, including those whose reply a [`WriteFaults`]
/// fault lost; refused and rate-limited calls do not.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct WriteCounts {
    pub order_id: String,
    /// All writes to the order.
    pub writes: u32,
    /// Writes per endpoint: `mark_package_as_shipped`, `ship_package`,
    /// `batch_ship_packages`, `create_packages`, `update_shipping_info`,
    /// `update_package_shipping_info`, and the cancellation writes `cancel_order`,
    /// `approve_cancellation`, `reject_cancellation`.
    pub by_endpoint: BTreeMap<String, u32>,
    /// Writes per package id of the order.
    pub packages: BTreeMap<String, u32>,
}

/// A cancellation as the sandbox keeps it (see [`Control::cancellations`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CancellationInfo {
    pub cancel_id: String,
    pub order_id: String,
    /// `CANCEL` or `BUYER_CANCEL`.
    pub cancel_type: String,
    /// Search Cancellations' spelling.
    pub cancel_status: String,
    pub role: String,
    pub cancel_reason: String,
    /// When TikTok approves a pending request on its own.
    pub deadline: Option<i64>,
    /// Cancelled line items (empty: the whole order).
    pub line_item_ids: Vec<String>,
    pub reject_reason: Option<String>,
    pub comment: Option<String>,
}

/// A shipping provider of a delivery option, with the tracking-number pattern the sandbox
/// checks uploads against (TikTok publishes none; see `fulfillment::providers`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProviderInfo {
    pub id: String,
    pub name: String,
    /// A regular expression over the whole number, e.g. `^9[0-9]{21}$`.
    pub tracking_pattern: String,
}

/// Handle on a running sandbox's state.
#[derive(Clone)]
pub struct Control {
    pub(crate) inner: Arc<Inner>,
}

impl std::fmt::Debug for Control {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Control").finish_non_exhaustive()
    }
}

pub(crate) fn shop_info(s: &ShopCell) -> ShopInfo {
    ShopInfo {
        id: s.def.id.clone(),
        name: s.def.name.clone(),
        code: s.def.code.clone(),
        cipher: s.def.cipher.clone(),
        region: s.def.region.to_string(),
        seller_type: s.def.seller_type.to_string(),
        seller_id: s.def.seller_id.clone(),
        currency: s.def.currency().code.to_string(),
        warehouse_ids: s.def.warehouses.clone(),
        shipping_type: match s.def.shipping {
            ShippingMode::Seller => "SELLER",
            ShippingMode::Tiktok => "TIKTOK",
            ShippingMode::Mixed => "MIXED",
        }
        .to_string(),
    }
}

fn parse_order_id(id: &str) -> Result<u64, SandboxError> {
    id.trim()
        .parse()
        .map_err(|_| SandboxError::UnknownOrder(id.to_string()))
}

impl Control {
    fn shop(&self, key: &str) -> Result<&ShopCell, SandboxError> {
        self.inner
            .shop(key)
            .ok_or_else(|| SandboxError::UnknownShop(key.to_string()))
    }

    fn require_app(&self, app_key: &str) -> Result<(), SandboxError> {
        if lock(&self.inner.auth).apps.contains_key(app_key) {
            Ok(())
        } else {
            Err(SandboxError::UnknownApp(app_key.to_string()))
        }
    }

    fn require_seller(&self, seller_id: &str) -> Result<(), SandboxError> {
        self.inner
            .seller(seller_id)
            .map(|_| ())
            .ok_or_else(|| SandboxError::UnknownSeller(seller_id.to_string()))
    }

    /// Registers (or replaces) an app. The redirect URL must be an absolute URL; the service id
    /// must not belong to another app.
    pub fn register_app(&self, app: AppRegistration) -> Result<(), SandboxError> {
        if app.app_key.trim().is_empty()
            || app.app_secret.is_empty()
            || app.service_id.trim().is_empty()
        {
            return Err(SandboxError::Invalid(
                "app_key, app_secret and service_id are required".into(),
            ));
        }
        url::Url::parse(&app.redirect_url)
            .map_err(|e| SandboxError::Invalid(format!("redirect_url: {e}")))?;
        let mut auth = lock(&self.inner.auth);
        if auth
            .apps
            .values()
            .any(|a| a.service_id == app.service_id && a.app_key != app.app_key)
        {
            return Err(SandboxError::Invalid(format!(
                "service_id {} already belongs to another app",
                app.service_id
            )));
        }
        let name = auth
            .apps
            .get(&app.app_key)
            .map(|a| a.name.clone())
            .unwrap_or_else(|| format!("App {}", app.app_key));
        auth.apps.insert(
            app.app_key.clone(),
            App {
                app_key: app.app_key,
                app_secret: app.app_secret,
                service_id: app.service_id,
                redirect_url: app.redirect_url,
                scopes: app.scopes,
                name,
            },
        );
        Ok(())
    }

    /// Changes an app's registered redirect URL (e.g. to the loopback port a test bound).
    pub fn set_redirect_url(&self, app_key: &str, redirect_url: &str) -> Result<(), SandboxError> {
        url::Url::parse(redirect_url)
            .map_err(|e| SandboxError::Invalid(format!("redirect_url: {e}")))?;
        let mut auth = lock(&self.inner.auth);
        let app = auth
            .apps
            .get_mut(app_key)
            .ok_or_else(|| SandboxError::UnknownApp(app_key.to_string()))?;
        app.redirect_url = redirect_url.to_string();
        Ok(())
    }

    /// Changes the scopes an app has enabled. Existing tokens keep the scopes they were granted
    /// (a removed scope is refused at once; an added one needs a re-authorization).
    pub fn set_app_scopes(&self, app_key: &str, scopes: Vec<String>) -> Result<(), SandboxError> {
        let mut auth = lock(&self.inner.auth);
        let app = auth
            .apps
            .get_mut(app_key)
            .ok_or_else(|| SandboxError::UnknownApp(app_key.to_string()))?;
        app.scopes = scopes;
        Ok(())
    }

    pub fn sellers(&self) -> Vec<SellerInfo> {
        self.inner
            .sellers
            .iter()
            .map(|s| SellerInfo {
                id: s.id.clone(),
                name: s.name.clone(),
                base_region: s.base_region.clone(),
                open_id: s.open_id.clone(),
                shop_ids: s.shop_ids.clone(),
            })
            .collect()
    }

    /// Every shop of every seller.
    pub fn shops(&self) -> Vec<ShopInfo> {
        self.inner.shops.iter().map(shop_info).collect()
    }

    /// A shop by id, code or cipher.
    pub fn shop_info(&self, key: &str) -> Result<ShopInfo, SandboxError> {
        self.shop(key).map(shop_info)
    }

    /// The demo seller's LOCAL US shop.
    pub fn demo_shop(&self) -> ShopInfo {
        shop_info(&self.inner.shops[0])
    }

    /// The SKUs a shop sells (what its orders' line items refer to).
    pub fn catalog(&self, shop: &str) -> Result<Vec<CatalogSku>, SandboxError> {
        let s = self.shop(shop)?;
        let cur = s.def.currency();
        Ok(s.def
            .catalog
            .iter()
            .map(|k| CatalogSku {
                product_id: k.product_id.clone(),
                sku_id: k.sku_id.clone(),
                product_name: k.product_name.clone(),
                sku_name: k.sku_name.clone(),
                seller_sku: k.seller_sku.clone(),
                price: cur.format(k.price),
                currency: cur.code.to_string(),
            })
            .collect())
    }

    /// Which seller is "logged in" on the authorization page (default: the demo seller).
    pub fn set_browser_seller(&self, seller_id: &str) -> Result<(), SandboxError> {
        self.require_seller(seller_id)?;
        *lock(&self.inner.browser_seller) = seller_id.to_string();
        Ok(())
    }

    /// An authorization code, as if `seller_id` had pressed Authorize for `app_key` (for tests
    /// that skip the page). Single use, valid 30 virtual minutes.
    pub fn issue_auth_code(&self, app_key: &str, seller_id: &str) -> Result<String, SandboxError> {
        self.require_app(app_key)?;
        self.require_seller(seller_id)?;
        let now = self.inner.clock.now();
        Ok(lock(&self.inner.auth).issue_code(app_key, seller_id, now))
    }

    /// Tokens for a fresh grant, as if a code had been issued and exchanged (skips the page and
    /// the token call entirely).
    pub fn grant_tokens(&self, app_key: &str, seller_id: &str) -> Result<TokenData, SandboxError> {
        let seller = self
            .inner
            .seller(seller_id)
            .ok_or_else(|| SandboxError::UnknownSeller(seller_id.to_string()))?;
        let now = self.inner.clock.now();
        lock(&self.inner.auth)
            .grant_directly(app_key, seller, now)
            .ok_or_else(|| SandboxError::UnknownApp(app_key.to_string()))
    }

    /// Creates `n` orders in `shop` now (UNPAID; they then live their lifecycle as the clock
    /// moves). All share the current second as `create_time`, so paging must tiebreak on id.
    pub fn create_orders(&self, shop: &str, n: usize) -> Result<Vec<String>, SandboxError> {
        self.create_orders_spread(shop, n, Duration::ZERO)
    }

    /// Creates `n` orders with create times spread uniformly over the `spread` before now
    /// (events already due are applied), e.g. 100,000 orders over 30 days for a backfill
    /// benchmark.
    pub fn create_orders_spread(
        &self,
        shop: &str,
        n: usize,
        spread: Duration,
    ) -> Result<Vec<String>, SandboxError> {
        let s = self.shop(shop)?;
        let now = self.inner.clock.now();
        let spread = i64::try_from(spread.as_secs()).unwrap_or(i64::MAX / 4);
        let ids = lock(&s.store).create(&s.def, n, now, spread);
        tracing::debug!(shop = %s.def.id, n, "sandbox created orders");
        Ok(ids.into_iter().map(|i| i.to_string()).collect())
    }

    /// Ships an AWAITING_SHIPMENT order now, as the seller would (the carrier then collects and
    /// delivers it as virtual time passes).
    pub fn ship_order(&self, shop: &str, order_id: &str) -> Result<(), SandboxError> {
        let s = self.shop(shop)?;
        let id = parse_order_id(order_id)?;
        let now = self.inner.clock.now();
        lock(&s.store).ship(id, now).map_err(|e| match e {
            ShipError::NotFound => SandboxError::UnknownOrder(order_id.to_string()),
            other => SandboxError::Invalid(other.to_string()),
        })
    }

    /// The buyer asks to cancel `order_id` now, with buyer reason `reason` (an index into
    /// the buyer reasons). ON_HOLD: accepted at once (type CANCEL, OV:rr); AWAITING_SHIPMENT:
    /// a pending request TikTok approves after 48 h of virtual time without an answer.
    /// Returns the cancellation id.
    pub fn request_buyer_cancel(
        &self,
        shop: &str,
        order_id: &str,
        reason: u8,
    ) -> Result<String, SandboxError> {
        let s = self.shop(shop)?;
        let id = parse_order_id(order_id)?;
        let now = self.inner.clock.now();
        let mut store = lock(&s.store);
        if store.get(id).is_none() {
            return Err(SandboxError::UnknownOrder(order_id.to_string()));
        }
        store
            .request_buyer_cancel(id, reason, now)
            .map(|c| c.to_string())
            .map_err(SandboxError::Invalid)
    }

    /// Every cancellation of `shop`'s order `order_id`, oldest first.
    pub fn cancellations(
        &self,
        shop: &str,
        order_id: &str,
    ) -> Result<Vec<CancellationInfo>, SandboxError> {
        let s = self.shop(shop)?;
        let id = parse_order_id(order_id)?;
        let mut store = lock(&s.store);
        store.advance_to(self.inner.clock.now());
        let rec = store
            .get(id)
            .ok_or_else(|| SandboxError::UnknownOrder(order_id.to_string()))?;
        let line_ids: Vec<u64> = rec.units.iter().map(|u| u.line_id).collect();
        Ok(store
            .cancellations()
            .iter()
            .filter(|c| c.order == id)
            .map(|c| CancellationInfo {
                cancel_id: c.id.to_string(),
                order_id: c.order.to_string(),
                cancel_type: if c.buyer_request {
                    "BUYER_CANCEL"
                } else {
                    "CANCEL"
                }
                .to_string(),
                cancel_status: c.state.as_str().to_string(),
                role: c.role.as_str().to_string(),
                cancel_reason: c.reason.name.to_string(),
                deadline: c.deadline,
                line_item_ids: c
                    .units
                    .iter()
                    .filter_map(|u| line_ids.get(usize::from(*u)))
                    .map(u64::to_string)
                    .collect(),
                reject_reason: c.reject_reason.clone(),
                comment: c.comment.clone(),
            })
            .collect())
    }

    /// Moves virtual time forward (order lifecycles, code and token expiry); returns the new
    /// virtual now. Request timestamps are still checked against the wall clock.
    pub fn advance_clock(&self, by: Duration) -> i64 {
        self.inner.clock.advance(by)
    }

    /// Stops virtual time from moving with real time ([`Control::advance_clock`] still moves
    /// it): for tests that need a shop whose orders do not change while they look.
    pub fn pause_clock(&self) {
        self.inner.clock.pause();
    }

    /// Lets virtual time move with real time again, from where it was paused.
    pub fn resume_clock(&self) {
        self.inner.clock.resume();
    }

    /// Virtual Unix seconds.
    pub fn now(&self) -> i64 {
        self.inner.clock.now()
    }

    /// Shifts the gateway clock (timestamp window and `Date` header) by `secs` from the wall
    /// clock, as if the server's clock (or the client's) were off.
    pub fn set_clock_skew(&self, secs: i64) {
        self.inner.clock.set_skew(secs);
    }

    /// Extra delay before every Open API and token-service response.
    pub fn set_latency(&self, latency: Duration) {
        *lock(&self.inner.latency) = latency;
    }

    /// Requests per second allowed per app-and-shop pair (default 50; 0 = unlimited).
    pub fn set_rate_limit(&self, qps: u32) {
        lock(&self.inner.limiter).set_qps(qps);
    }

    /// Gateway faults answered without TikTok's envelope: HTTP 503 overload and a plain-text
    /// HTTP 429 (see [`GatewayFaults`]).
    pub fn set_gateway_faults(&self, faults: GatewayFaults) -> Result<(), SandboxError> {
        faults.validate().map_err(SandboxError::Invalid)?;
        lock(&self.inner.faults).gateway = faults;
        Ok(())
    }

    /// Whether a refresh retires the previous access and refresh tokens at once (see
    /// [`crate::SandboxConfig::rotate_tokens_on_refresh`]). Tokens issued before the switch
    /// follow it too.
    pub fn set_token_rotation(&self, rotate: bool) {
        lock(&self.inner.auth).rotate_on_refresh = rotate;
    }

    pub fn token_rotation(&self) -> bool {
        lock(&self.inner.auth).rotate_on_refresh
    }

    /// Answer every bad access token with 105001 (the sandbox's earlier behaviour) instead of
    /// the documented 36009004 for a missing or unknown one.
    pub fn set_legacy_token_errors(&self, legacy: bool) {
        self.inner
            .legacy_token_errors
            .store(legacy, Ordering::Relaxed);
    }

    /// From now on, Search Orders sends this order with `create_time` as a word instead of a
    /// number: JSON a client cannot decode into TikTok's documented types, as a schema change
    /// or a server bug would. Tests use it to prove one bad order never stops a pull.
    pub fn send_order_malformed(&self, order_id: &str, malformed: bool) {
        let mut set = lock(&self.inner.malformed_orders);
        if malformed {
            set.insert(order_id.to_owned());
        } else {
            set.remove(order_id);
        }
    }

    /// Search Orders over a live index lagging writes by `lag` and paged by offset, or
    /// (`None`) keyset paging over a current index; see
    /// [`crate::SandboxConfig::search_index_lag`]. Page tokens issued before a switch are
    /// refused after it.
    pub fn set_search_index_lag(&self, lag: Option<Duration>) {
        let now = self.inner.clock.now();
        for shop in &self.inner.shops {
            let mut store = lock(&shop.store);
            store.advance_to(now);
            store.set_index_lag(lag);
        }
    }

    pub fn set_faults(&self, faults: Faults) -> Result<(), SandboxError> {
        faults.validate().map_err(SandboxError::Invalid)?;
        lock(&self.inner.faults).faults = faults;
        Ok(())
    }

    /// Expires every access token of the app now (calls then get 105002); returns how many.
    pub fn expire_access_tokens(&self, app_key: &str) -> Result<usize, SandboxError> {
        self.require_app(app_key)?;
        let now = self.inner.clock.now();
        Ok(lock(&self.inner.auth).expire_access(app_key, now))
    }

    /// Expires every refresh token of the app (refresh then gets 36004001); returns how many
    /// grants were affected.
    pub fn expire_refresh_tokens(&self, app_key: &str) -> Result<usize, SandboxError> {
        self.require_app(app_key)?;
        let now = self.inner.clock.now();
        Ok(lock(&self.inner.auth).expire_refresh(app_key, now))
    }

    /// The seller deauthorizes the app: its tokens get 105001, refreshes 36004005.
    pub fn revoke_authorization(
        &self,
        app_key: &str,
        seller_id: &str,
    ) -> Result<usize, SandboxError> {
        self.require_app(app_key)?;
        self.require_seller(seller_id)?;
        Ok(lock(&self.inner.auth).revoke(app_key, seller_id))
    }

    /// The server's own current view of every order of a shop, oldest first.
    pub fn orders(&self, shop: &str) -> Result<Vec<Order>, SandboxError> {
        let s = self.shop(shop)?;
        let ctx = self.inner.render_ctx();
        let mut store = lock(&s.store);
        store.advance_to(self.inner.clock.now());
        Ok(store.all().map(|r| render(&s.def, r, &ctx)).collect())
    }

    /// One order as the server sees it now.
    pub fn order(&self, shop: &str, order_id: &str) -> Result<Order, SandboxError> {
        let s = self.shop(shop)?;
        let id = parse_order_id(order_id)?;
        let ctx = self.inner.render_ctx();
        let mut store = lock(&s.store);
        store.advance_to(self.inner.clock.now());
        store
            .get(id)
            .map(|r| render(&s.def, r, &ctx))
            .ok_or_else(|| SandboxError::UnknownOrder(order_id.to_string()))
    }

    pub fn order_count(&self, shop: &str) -> Result<usize, SandboxError> {
        Ok(lock(&self.shop(shop)?.store).len())
    }

    /// Successful fulfillment writes to `order_id` of `shop` (see [`WriteCounts`]).
    pub fn write_counts(&self, shop: &str, order_id: &str) -> Result<WriteCounts, SandboxError> {
        let s = self.shop(shop)?;
        let id = parse_order_id(order_id)?;
        let store = lock(&s.store);
        if store.get(id).is_none() {
            return Err(SandboxError::UnknownOrder(order_id.to_string()));
        }
        let tally = store.write_tally(id);
        Ok(WriteCounts {
            order_id: id.to_string(),
            writes: tally.by_endpoint.values().sum(),
            by_endpoint: tally
                .by_endpoint
                .iter()
                .map(|(k, v)| ((*k).to_string(), *v))
                .collect(),
            packages: store
                .package_write_counts_of(id)
                .into_iter()
                .map(|(p, n)| (p.to_string(), n))
                .collect(),
        })
    }

    /// Successful fulfillment writes to package `package_id` of `shop`.
    pub fn package_write_count(&self, shop: &str, package_id: &str) -> Result<u32, SandboxError> {
        let s = self.shop(shop)?;
        let id: u64 = package_id
            .trim()
            .parse()
            .map_err(|_| SandboxError::Invalid(format!("package id {package_id:?}")))?;
        Ok(lock(&s.store).package_write_count(id))
    }

    /// Every order of `shop` written to at least once: order id -> successful writes (for
    /// "zero duplicates" checks over a bulk shipment).
    pub fn shop_write_counts(&self, shop: &str) -> Result<BTreeMap<String, u32>, SandboxError> {
        let s = self.shop(shop)?;
        Ok(lock(&s.store)
            .all_write_counts()
            .into_iter()
            .map(|(id, n)| (id.to_string(), n))
            .collect())
    }

    /// Faults that apply a write and then lose its reply (see [`WriteFaults`]).
    pub fn set_write_faults(&self, faults: WriteFaults) -> Result<(), SandboxError> {
        faults.validate().map_err(SandboxError::Invalid)?;
        lock(&self.inner.faults).writes = faults;
        Ok(())
    }

    /// The providers Get Shipping Providers returns for `delivery_option_id` in `shop`,
    /// with their tracking-number patterns. A TikTok-shipping or unknown option has none
    /// (the API answers 21008117 / 21008116).
    pub fn shipping_providers(
        &self,
        shop: &str,
        delivery_option_id: &str,
    ) -> Result<Vec<ProviderInfo>, SandboxError> {
        let s = self.shop(shop)?;
        let list = match providers::delivery_option(delivery_option_id) {
            Some(providers::DeliveryOption::Seller(i)) => providers::providers_for(&s.def, i),
            _ => Vec::new(),
        };
        Ok(list
            .into_iter()
            .map(|p| ProviderInfo {
                id: p.id.to_string(),
                name: p.name.to_string(),
                tracking_pattern: providers::regex(p.pattern),
            })
            .collect())
    }

    /// A tracking number that passes `provider_id`'s check in `shop`, distinct for each
    /// `seq` (for tests, benchmarks and the demo).
    pub fn sample_tracking_number(
        &self,
        shop: &str,
        provider_id: &str,
        seq: u64,
    ) -> Result<String, SandboxError> {
        let s = self.shop(shop)?;
        let p = providers::provider(&s.def, provider_id).ok_or_else(|| {
            SandboxError::Invalid(format!("no provider {provider_id} in shop {shop}"))
        })?;
        Ok(providers::sample(p.pattern, seq))
    }

    /// How many Get Package Shipping Document calls for each printable package answer "still
    /// generating" (11034037, or 11034023) before its document is ready. Counts already
    /// spent stay spent: a package that was ready stays ready.
    pub fn set_document_generation(
        &self,
        generation: DocumentGeneration,
    ) -> Result<(), SandboxError> {
        generation.validate().map_err(SandboxError::Invalid)?;
        lock(&self.inner.documents).set_generation(generation);
        Ok(())
    }

    /// Get Package Shipping Document calls for `package_id` of `shop`, their answers, and the
    /// downloads of the links they issued (see [`DocumentCalls`]).
    pub fn document_calls(
        &self,
        shop: &str,
        package_id: &str,
    ) -> Result<DocumentCalls, SandboxError> {
        let s = self.shop(shop)?;
        Ok(lock(&self.inner.documents).calls_of(&s.def.id, package_id.trim()))
    }

    pub fn stats(&self) -> Stats {
        lock(&self.inner.stats).snapshot()
    }

    pub fn reset_stats(&self) {
        lock(&self.inner.stats).reset();
    }
}
