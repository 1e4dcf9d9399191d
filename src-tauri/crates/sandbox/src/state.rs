//! The shared server state behind the HTTP handlers and [`crate::Control`].
//!
//! Locking: every lock is a plain `std::sync::Mutex` held for microseconds and never across an
//! `.await`. Each shop has its own lock so concurrent windows on different shops never contend;
//! auth, limiter, stats and faults each have one. A poisoned lock is recovered (the data is
//! simple enough to stay consistent), so one panicking test thread can't wedge the server.

use crate::auth::{App, AuthState};
use crate::clock::{civil, Clock};
use crate::faults::FaultState;
use crate::finance::FinanceLedger;
use crate::generator::{SellerDef, ShopDef, World, DEMO_SELLER};
use crate::limits::{RateLimiter, StatsState, DEFAULT_QPS};
use crate::orders::{OrderStore, RenderCtx};
use crate::page_token::TokenCodec;
use crate::products::ProductStore;
use crate::SandboxConfig;
use rand::Rng as _;
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard, RwLock};
use std::time::Duration;

pub fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

#[derive(Debug)]
pub struct ShopCell {
    pub def: ShopDef,
    pub store: Mutex<OrderStore>,
    /// Products, SKUs, warehouses and stock ([`crate::products`]). Lock order: `products`
    /// before `store`.
    pub products: Mutex<ProductStore>,
    /// Statements, settlements and payments ([`crate::finance`]). Lock order: `finance`
    /// before `store`.
    pub finance: Mutex<FinanceLedger>,
}

#[derive(Debug)]
pub struct Inner {
    pub clock: Clock,
    pub sellers: Vec<SellerDef>,
    pub shops: Vec<ShopCell>,
    shop_lookup: HashMap<String, usize>,
    cipher_lookup: HashMap<String, usize>,
    pub auth: Mutex<AuthState>,
    pub browser_seller: Mutex<String>,
    pub limiter: Mutex<RateLimiter>,
    pub stats: Mutex<StatsState>,
    pub faults: Mutex<FaultState>,
    pub latency: Mutex<Duration>,
    pub page_tokens: TokenCodec,
    pub render: RwLock<RenderCtx>,
    request_seq: AtomicU64,
    /// See [`crate::SandboxConfig::legacy_token_errors`].
    pub legacy_token_errors: AtomicBool,
    /// Orders Search Orders sends malformed (see [`crate::Control::send_order_malformed`]).
    pub malformed_orders: Mutex<std::collections::HashSet<String>>,
    /// Issued shipping documents, their links and per-package call counts.
    pub documents: Mutex<crate::fulfillment::documents::desk::DocumentDesk>,
    /// The product and SKU images' host (its request count and failure switch).
    pub images: crate::products::images::ImageHost,
}

impl Inner {
    pub fn new(config: &SandboxConfig, demo_app: App) -> Inner {
        let seed = config.seed;
        let (orders_per_shop, history_days) = (config.orders_per_shop, config.history_days);
        let clock = Clock::starting_at(config.start_time);
        clock.set_skew(config.clock_skew_secs);
        let now = clock.now();
        let world = World::build_with(seed, &config.extra_shops);
        let mut shop_lookup = HashMap::new();
        let mut cipher_lookup = HashMap::new();
        let shops: Vec<ShopCell> = world
            .shops
            .into_iter()
            .map(|def| {
                let mut store = OrderStore::new(&def);
                store.set_index_lag(config.search_index_lag);
                store.seed_history(&def, orders_per_shop, history_days, now);
                let mut products = ProductStore::build(&def, now);
                products.sync_orders(&store, def.warehouses.len());
                shop_lookup.insert(def.id.clone(), def.index);
                shop_lookup.insert(def.code.clone(), def.index);
                shop_lookup.insert(def.cipher.clone(), def.index);
                cipher_lookup.insert(def.cipher.clone(), def.index);
                ShopCell {
                    def,
                    store: Mutex::new(store),
                    products: Mutex::new(products),
                    finance: Mutex::new(FinanceLedger::new(config.settle_after_delivery)),
                }
            })
            .collect();
        let mut auth = AuthState::default();
        auth.rotate_on_refresh = config.rotate_tokens_on_refresh;
        auth.refresh_ttl =
            i64::try_from(config.refresh_token_ttl.as_secs()).unwrap_or(i64::MAX / 4);
        auth.apps.insert(demo_app.app_key.clone(), demo_app);
        Inner {
            clock,
            sellers: world.sellers,
            shops,
            shop_lookup,
            cipher_lookup,
            auth: Mutex::new(auth),
            browser_seller: Mutex::new(DEMO_SELLER.to_string()),
            limiter: Mutex::new(RateLimiter::new(DEFAULT_QPS)),
            stats: Mutex::new(StatsState::default()),
            faults: Mutex::new(FaultState::new(seed)),
            latency: Mutex::new(Duration::ZERO),
            page_tokens: TokenCodec::new(seed),
            render: RwLock::new(RenderCtx::default()),
            request_seq: AtomicU64::new(0),
            legacy_token_errors: AtomicBool::new(config.legacy_token_errors),
            malformed_orders: Mutex::new(std::collections::HashSet::new()),
            documents: Mutex::new(Default::default()),
            images: Default::default(),
        }
    }

    pub fn seller(&self, id: &str) -> Option<&SellerDef> {
        self.sellers.iter().find(|s| s.id == id)
    }

    /// A shop by id, code or cipher.
    pub fn shop(&self, key: &str) -> Option<&ShopCell> {
        self.shop_lookup.get(key).map(|i| &self.shops[*i])
    }

    pub fn shop_by_cipher(&self, cipher: &str) -> Option<&ShopCell> {
        self.cipher_lookup.get(cipher).map(|i| &self.shops[*i])
    }

    pub fn render_ctx(&self) -> RenderCtx {
        self.render
            .read()
            .map(|r| r.clone())
            .unwrap_or_else(|e| e.into_inner().clone())
    }

    /// A TikTok-style request id: server time `YYYYMMDDhhmmss` + 20 uppercase hex characters
    /// (a sequence number, so ids are unique, then random), e.g.
    /// `20220808094623010245099103196A5C45`.
    pub fn request_id(&self) -> String {
        let (y, mo, d, h, mi, s) = civil(self.clock.server_now());
        let seq = self.request_seq.fetch_add(1, Ordering::Relaxed) & 0xFF_FFFF;
        let rnd: u64 = rand::rng().random::<u64>() & 0xFFFF_FFFF_FFFF;
        format!("{y:04}{mo:02}{d:02}{h:02}{mi:02}{s:02}{seq:06X}{rnd:012X}0A")
    }
}
