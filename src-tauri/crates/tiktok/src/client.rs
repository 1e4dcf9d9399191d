//! The async HTTP client. Every base URL comes from [`Endpoints`], which is per shop, so the
//! same code talks to TikTok's hosts or to the sandbox on loopback.
//!
//! Retry policy: the client retries on its own only where TikTok provably did nothing, so a
//! retry can never repeat an effect:
//! - once after a timestamp refusal (36009004 "Invalid timestamp"), with the clock corrected by
//!   the skew measured from that refusal's `Date` header (see [`ServerClock`]);
//! - Get Order Detail once at 202309 when TikTok refuses 202507 as an unknown path or version.
//!
//! Everything else (rate limits, 5xx, unreadable replies) is classified and left to the
//! caller. A write's unreadable reply is [`TikTokError::UnconfirmedWrite`] (action
//! [`crate::Action::Reconcile`]), never a retryable error: see [`is_read_only`].

use crate::clock::ServerClock;
use crate::codes;
use crate::error::{Action, TikTokError};
use crate::model::{
    ActiveShop, ActiveShops, AuthorizedShop, AuthorizedShops, Order, OrderList, OrderPage,
    RawOrderPage, SearchOrdersFilter, SearchOrdersQuery, TokenData,
};
use crate::order_page::OrderSearchPage;
use crate::redact::redact_url;
use crate::response::{read_response, Effect};
use crate::secret::Secret;
use crate::sign::sign_request;
use serde::de::DeserializeOwned;
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use url::Url;

/// The most ids Get Order Detail accepts in one call.
pub const MAX_DETAIL_IDS: usize = 50;
/// The largest `page_size` Search Orders accepts.
pub const MAX_ORDER_PAGE_SIZE: u32 = 100;
/// Get Order Detail at the version the API reference documents.
pub const ORDER_DETAIL_PATH: &str = "/order/202507/orders";
/// Get Order Detail at the version used before 202507, for servers that refuse 202507.
pub const ORDER_DETAIL_LEGACY_PATH: &str = "/order/202309/orders";
/// Search Orders.
pub const ORDER_SEARCH_PATH: &str = "/order/202309/orders/search";
/// How far back the Test Connection order probe looks.
pub const PROBE_WINDOW_SECS: i64 = 7 * 86_400;
/// An empty Search Orders filter is sent as `create_time_ge` = this (no order is older), so
/// the signed body is never the literal `{}` whose signing the official samples disagree on.
pub const EARLIEST_CREATE_TIME: i64 = 1;

/// Which Partner Center (and authorization host) the seller's app belongs to. The API host is
/// the same for both.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Region {
    Us,
    RestOfWorld,
}

impl Region {
    pub fn as_str(self) -> &'static str {
        match self {
            Region::Us => "US",
            Region::RestOfWorld => "ROW",
        }
    }

    pub fn parse(s: &str) -> Option<Region> {
        match s.trim().to_ascii_uppercase().as_str() {
            "US" => Some(Region::Us),
            "ROW" | "GLOBAL" | "REST_OF_WORLD" => Some(Region::RestOfWorld),
            _ => None,
        }
    }
}

/// The three places Shopdock talks to. All three are configurable per shop because TikTok's
/// own pages disagree on the US authorization host, and tests point them at the sandbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoints {
    /// Open API host, e.g. `https://open-api.tiktokglobalshop.com`.
    pub api_base: String,
    /// Token service host, e.g. `https://auth.tiktok-shops.com`.
    pub auth_base: String,
    /// Seller authorization page, without `service_id`/`state`.
    pub authorize_url: String,
}

impl Endpoints {
    /// TikTok's documented production hosts for a region (fact sheet §2).
    pub fn production(region: Region) -> Self {
        let authorize_url = match region {
            Region::Us => "https://services.us.tiktokshop.com/open/authorize",
            Region::RestOfWorld => "https://services.tiktokshop.com/open/authorize",
        };
        Self {
            api_base: "https://open-api.tiktokglobalshop.com".into(),
            auth_base: "https://auth.tiktok-shops.com".into(),
            authorize_url: authorize_url.into(),
        }
    }

    /// All three on one base URL, as the sandbox serves them.
    pub fn sandbox(base: &str) -> Self {
        let base = base.trim_end_matches('/');
        Self {
            api_base: base.into(),
            auth_base: base.into(),
            authorize_url: format!("{base}/open/authorize"),
        }
    }
}

/// A Partner Center app's key and secret.
#[derive(Debug, Clone)]
pub struct AppCredentials {
    pub app_key: String,
    pub app_secret: Secret,
}

/// Tokens from the token service, with the secrets wrapped.
#[derive(Debug, Clone)]
pub struct TokenGrant {
    pub access_token: Secret,
    /// Absolute Unix seconds.
    pub access_expires_at: i64,
    pub refresh_token: Secret,
    /// Absolute Unix seconds (TikTok often reports a date a century away).
    pub refresh_expires_at: i64,
    pub open_id: String,
    pub seller_name: String,
    pub seller_base_region: String,
    pub user_type: i64,
    pub granted_scopes: Vec<String>,
}

impl From<TokenData> for TokenGrant {
    fn from(t: TokenData) -> Self {
        Self {
            access_token: Secret::new(t.access_token),
            access_expires_at: t.access_token_expire_in,
            refresh_token: Secret::new(t.refresh_token),
            refresh_expires_at: t.refresh_token_expire_in,
            open_id: t.open_id,
            seller_name: t.seller_name,
            seller_base_region: t.seller_base_region,
            user_type: t.user_type,
            granted_scopes: t.granted_scopes,
        }
    }
}

/// HTTP method of an API call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Put,
    Delete,
}

/// Whether a call only reads. GETs read; so do TikTok's POST searches, whose paths end in
/// `/search` (Search Orders, Search Package, Search Products, ...), and the POST queries in
/// [`READ_ONLY_POST_SUFFIXES`] (Get Eligible Shipping Service). Every other POST, PUT and
/// DELETE counts as a write, even where it is in fact harmless: a write's unreadable reply is
/// reported as [`TikTokError::UnconfirmedWrite`], which callers must not retry blindly.
pub fn is_read_only(method: Method, path: &str) -> bool {
    match method {
        Method::Get => true,
        Method::Post => {
            let path = path.trim_end_matches('/');
            READ_ONLY_POST_SUFFIXES.iter().any(|s| path.ends_with(s))
        }
        Method::Put | Method::Delete => false,
    }
}

/// Path endings of POSTs that only read. Listed one by one: an unknown POST is a write.
pub const READ_ONLY_POST_SUFFIXES: &[&str] = &["/search", "/shipping_services/query"];

/// Which Get Order Detail path this client uses.
const DETAIL_CURRENT: u8 = 0;
/// The server refused 202507 once; use 202309 from then on.
const DETAIL_LEGACY: u8 = 1;

/// A TikTok Shop API client for one app. Cheap to clone.
#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    endpoints: Arc<Endpoints>,
    creds: Arc<AppCredentials>,
    /// Request timestamp correction and the measured skew; shared by clones.
    clock: ServerClock,
    /// [`DETAIL_CURRENT`] or [`DETAIL_LEGACY`].
    detail_version: Arc<AtomicU8>,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("endpoints", &self.endpoints)
            .field("app_key", &self.creds.app_key)
            .finish_non_exhaustive()
    }
}

/// Options for building a [`Client`].
#[derive(Debug, Clone)]
pub struct ClientOptions {
    /// Whole-request timeout; a hung server surfaces as a retryable network error.
    pub timeout: Duration,
    pub connect_timeout: Duration,
}

impl Default for ClientOptions {
    fn default() -> Self {
        Self {
            timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
        }
    }
}

/// The HTTP client of every request Shopdock makes of TikTok's hosts (the Open API, its file
/// and image hosts): one set of timeouts and one user agent.
pub(crate) fn http_client(options: &ClientOptions) -> Result<reqwest::Client, TikTokError> {
    reqwest::Client::builder()
        .timeout(options.timeout)
        .connect_timeout(options.connect_timeout)
        .user_agent(concat!("Shopdock/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| TikTokError::Network(e.to_string()))
}

impl Client {
    pub fn new(endpoints: Endpoints, creds: AppCredentials) -> Result<Self, TikTokError> {
        Self::with_options(endpoints, creds, ClientOptions::default())
    }

    pub fn with_options(
        endpoints: Endpoints,
        creds: AppCredentials,
        options: ClientOptions,
    ) -> Result<Self, TikTokError> {
        for (name, base) in [
            ("API host", &endpoints.api_base),
            ("auth host", &endpoints.auth_base),
            ("authorization page", &endpoints.authorize_url),
        ] {
            Url::parse(base)
                .map_err(|e| TikTokError::InvalidRequest(format!("{name} {base:?}: {e}")))?;
        }
        Ok(Self {
            http: http_client(&options)?,
            endpoints: Arc::new(endpoints),
            creds: Arc::new(creds),
            clock: ServerClock::default(),
            detail_version: Arc::new(AtomicU8::new(DETAIL_CURRENT)),
        })
    }

    pub fn endpoints(&self) -> &Endpoints {
        &self.endpoints
    }

    /// The HTTP client, for the calls outside the Open API (document downloads).
    pub(crate) fn http(&self) -> &reqwest::Client {
        &self.http
    }

    pub fn app_key(&self) -> &str {
        &self.creds.app_key
    }

    /// Uses `clock` (typically one the caller keeps across clients, so a skew measured by one
    /// session stamps the next session's first request) instead of this client's own.
    pub fn with_clock(mut self, clock: ServerClock) -> Self {
        self.clock = clock;
        self
    }

    /// This client's clock: clone it to share it with other clients.
    pub fn clock(&self) -> &ServerClock {
        &self.clock
    }

    /// Shifts request timestamps by `secs` from the local clock (seed it with a skew measured
    /// earlier so the first request is not refused).
    pub fn set_clock_offset(&self, secs: i64) {
        self.clock.set_offset(secs);
    }

    /// Seconds currently added to the local clock when stamping requests.
    pub fn clock_offset(&self) -> i64 {
        self.clock.offset()
    }

    /// Server time minus local time at the last response that carried a `Date` header, or 0
    /// before any did (see [`Client::measured_clock_skew`] to tell the two apart).
    pub fn last_clock_skew(&self) -> i64 {
        self.clock.measured_skew().unwrap_or(0)
    }

    /// Server time minus local time at the last response with a `Date` header (for Test
    /// Connection), or `None` before any response.
    pub fn measured_clock_skew(&self) -> Option<i64> {
        self.clock.measured_skew()
    }

    /// Stamps requests with the measured skew from now on; returns it.
    pub fn adopt_measured_skew(&self) -> Option<i64> {
        self.clock.adopt_measured_skew()
    }

    /// The timestamp a request would carry now.
    pub fn timestamp(&self) -> i64 {
        self.clock.now()
    }

    /// The seller authorization link: the configured page plus `service_id` (unless the
    /// configured link already has one, as a link copied from Partner Center does) and `state`.
    pub fn authorization_url(&self, service_id: &str, state: &str) -> Result<String, TikTokError> {
        let mut url = Url::parse(&self.endpoints.authorize_url)
            .map_err(|e| TikTokError::InvalidRequest(e.to_string()))?;
        let has_service_id = url.query_pairs().any(|(k, _)| k == "service_id");
        let kept: Vec<(String, String)> = url
            .query_pairs()
            .filter(|(k, _)| k != "state")
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        {
            let mut q = url.query_pairs_mut();
            q.clear();
            for (k, v) in &kept {
                q.append_pair(k, v);
            }
            if !has_service_id {
                q.append_pair("service_id", service_id);
            }
            q.append_pair("state", state);
        }
        Ok(url.into())
    }

    /// Exchanges an authorization code for tokens (unsigned GET on the auth host).
    pub async fn get_access_token(&self, auth_code: &Secret) -> Result<TokenGrant, TikTokError> {
        if auth_code.is_empty() {
            return Err(TikTokError::InvalidRequest(
                "empty authorization code".into(),
            ));
        }
        self.token_call(
            "/api/v2/token/get",
            [
                ("auth_code", auth_code.expose()),
                ("grant_type", "authorized_code"),
            ],
        )
        .await
    }

    /// Trades a refresh token for a new access token (and a new refresh token: store it).
    pub async fn refresh_access_token(
        &self,
        refresh_token: &Secret,
    ) -> Result<TokenGrant, TikTokError> {
        self.token_call(
            "/api/v2/token/refresh",
            [
                ("refresh_token", refresh_token.expose()),
                ("grant_type", "refresh_token"),
            ],
        )
        .await
    }

    async fn token_call(
        &self,
        path: &str,
        extra: [(&str, &str); 2],
    ) -> Result<TokenGrant, TikTokError> {
        let mut url = join(&self.endpoints.auth_base, path)?;
        {
            let mut q = url.query_pairs_mut();
            q.append_pair("app_key", &self.creds.app_key);
            q.append_pair("app_secret", self.creds.app_secret.expose());
            for (k, v) in extra {
                q.append_pair(k, v);
            }
        }
        let data: TokenData = self
            .execute(self.http.get(url.clone()), &url, Effect::Read)
            .await?;
        Ok(data.into())
    }

    /// Get Authorized Shops (no `shop_cipher`: TikTok rejects one here).
    pub async fn authorized_shops(
        &self,
        access_token: &Secret,
    ) -> Result<Vec<AuthorizedShop>, TikTokError> {
        let data: AuthorizedShops = self
            .call(
                Method::Get,
                "/authorization/202309/shops",
                access_token,
                None,
                &[],
                None,
            )
            .await?;
        Ok(data.shops)
    }

    /// Get Active Shops.
    pub async fn active_shops(
        &self,
        access_token: &Secret,
    ) -> Result<Vec<ActiveShop>, TikTokError> {
        let data: ActiveShops = self
            .call(
                Method::Get,
                "/seller/202309/shops",
                access_token,
                None,
                &[],
                None,
            )
            .await?;
        Ok(data.shops)
    }

    /// Search Orders: one page.
    pub async fn search_orders(
        &self,
        access_token: &Secret,
        shop_cipher: &str,
        query: &SearchOrdersQuery,
        filter: &SearchOrdersFilter,
    ) -> Result<OrderPage, TikTokError> {
        self.search_orders_as(access_token, shop_cipher, query, filter)
            .await
    }

    /// Search Orders: one page, each order decoded on its own: an order that does not decode
    /// is returned raw with the reason instead of failing the page.
    pub async fn search_orders_page(
        &self,
        access_token: &Secret,
        shop_cipher: &str,
        query: &SearchOrdersQuery,
        filter: &SearchOrdersFilter,
    ) -> Result<OrderSearchPage, TikTokError> {
        let raw: RawOrderPage = self
            .search_orders_as(access_token, shop_cipher, query, filter)
            .await?;
        Ok(OrderSearchPage::from_raw(raw))
    }

    /// The Test Connection probe of a shop cipher: Search Orders for one order created in the
    /// last [`PROBE_WINDOW_SECS`], a real filter rather than an empty body.
    pub async fn probe_orders(
        &self,
        access_token: &Secret,
        shop_cipher: &str,
    ) -> Result<OrderSearchPage, TikTokError> {
        let query = SearchOrdersQuery {
            page_size: 1,
            ..Default::default()
        };
        let filter = SearchOrdersFilter {
            create_time_ge: Some(self.timestamp() - PROBE_WINDOW_SECS),
            ..Default::default()
        };
        self.search_orders_page(access_token, shop_cipher, &query, &filter)
            .await
    }

    /// Search Orders: one page, each order as raw JSON (see [`RawOrderPage`]).
    pub async fn search_orders_raw(
        &self,
        access_token: &Secret,
        shop_cipher: &str,
        query: &SearchOrdersQuery,
        filter: &SearchOrdersFilter,
    ) -> Result<RawOrderPage, TikTokError> {
        self.search_orders_as(access_token, shop_cipher, query, filter)
            .await
    }

    async fn search_orders_as<T: DeserializeOwned>(
        &self,
        access_token: &Secret,
        shop_cipher: &str,
        query: &SearchOrdersQuery,
        filter: &SearchOrdersFilter,
    ) -> Result<T, TikTokError> {
        let params = crate::paging::search_params(
            query.page_size,
            MAX_ORDER_PAGE_SIZE,
            query.sort_field.as_str(),
            query.sort_order.as_str(),
            query.page_token.as_deref(),
        )?;
        let body = if *filter == SearchOrdersFilter::default() {
            let all = SearchOrdersFilter {
                create_time_ge: Some(EARLIEST_CREATE_TIME),
                ..Default::default()
            };
            serde_json::to_vec(&all)
        } else {
            serde_json::to_vec(filter)
        }
        .map_err(|e| TikTokError::InvalidRequest(e.to_string()))?;
        self.call(
            Method::Post,
            ORDER_SEARCH_PATH,
            access_token,
            Some(shop_cipher),
            &params,
            Some(body),
        )
        .await
    }

    /// Get Order Detail for at most [`MAX_DETAIL_IDS`] ids, at 202507 ([`ORDER_DETAIL_PATH`]);
    /// when the server refuses that version (HTTP 404, unknown path or version code), at 202309
    /// from then on. Ids of another seller fail with [`TikTokError::NotSellersOrder`].
    pub async fn order_detail(
        &self,
        access_token: &Secret,
        shop_cipher: &str,
        ids: &[String],
    ) -> Result<Vec<Order>, TikTokError> {
        if ids.is_empty() || ids.len() > MAX_DETAIL_IDS {
            return Err(TikTokError::InvalidRequest(format!(
                "Get Order Detail takes 1..={MAX_DETAIL_IDS} ids, got {}",
                ids.len()
            )));
        }
        let params = [("ids".to_owned(), ids.join(","))];
        if self.detail_version.load(Ordering::Relaxed) == DETAIL_CURRENT {
            let current: Result<OrderList, _> = self
                .call(
                    Method::Get,
                    ORDER_DETAIL_PATH,
                    access_token,
                    Some(shop_cipher),
                    &params,
                    None,
                )
                .await;
            match current {
                Err(TikTokError::Api(e)) if refuses_version(&e) => {
                    tracing::info!(error = %e, "Get Order Detail 202507 refused; using 202309");
                    self.detail_version.store(DETAIL_LEGACY, Ordering::Relaxed);
                }
                other => return other.map(|d| d.orders),
            }
        }
        let data: OrderList = self
            .call(
                Method::Get,
                ORDER_DETAIL_LEGACY_PATH,
                access_token,
                Some(shop_cipher),
                &params,
                None,
            )
            .await?;
        Ok(data.orders)
    }

    /// The Get Order Detail path this client currently uses.
    pub fn order_detail_path(&self) -> &'static str {
        match self.detail_version.load(Ordering::Relaxed) {
            DETAIL_CURRENT => ORDER_DETAIL_PATH,
            _ => ORDER_DETAIL_LEGACY_PATH,
        }
    }

    /// A signed call to any Open API path: adds `app_key`, `timestamp`, `shop_cipher` (when
    /// given) and `sign` to the query and the token to `x-tts-access-token`. `body` is sent
    /// as JSON exactly as given and signed byte for byte; an empty object `{}` is refused
    /// before sending, because the official samples disagree on how to sign it.
    ///
    /// A timestamp refusal is retried once with the clock corrected from that refusal's
    /// `Date` header (TikTok checks the timestamp before doing anything, so this is safe for
    /// writes too).
    pub async fn call<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        access_token: &Secret,
        shop_cipher: Option<&str>,
        params: &[(String, String)],
        body: Option<Vec<u8>>,
    ) -> Result<T, TikTokError> {
        if body.as_deref().is_some_and(is_empty_json_object) {
            return Err(TikTokError::InvalidRequest(format!(
                "{path}: an empty JSON body is signed differently by TikTok's own samples; send a filter or no body"
            )));
        }
        let effect = if is_read_only(method, path) {
            Effect::Read
        } else {
            Effect::Write
        };
        let mut corrected = false;
        loop {
            let timestamp = self.timestamp();
            let url = self.signed_url(path, timestamp, shop_cipher, params, body.as_deref())?;
            let builder = match method {
                Method::Get => self.http.get(url.clone()),
                Method::Post => self.http.post(url.clone()),
                Method::Put => self.http.put(url.clone()),
                Method::Delete => self.http.delete(url.clone()),
            }
            .header("content-type", "application/json")
            .header("x-tts-access-token", access_token.expose());
            let builder = match &body {
                Some(b) => builder.body(b.clone()),
                None => builder,
            };
            match self.execute(builder, &url, effect).await {
                Err(TikTokError::Api(e)) if !corrected && e.action() == Action::FixClock => {
                    let Some(skew) = self.clock.pending_correction() else {
                        return Err(TikTokError::Api(e));
                    };
                    tracing::warn!(
                        refused_timestamp = timestamp,
                        skew_secs = skew,
                        "TikTok refused the request time; stamping with the server's clock"
                    );
                    self.clock.set_offset(skew);
                    corrected = true;
                }
                other => return other,
            }
        }
    }

    /// The request URL with the common parameters and `sign` for `timestamp`.
    pub(crate) fn signed_url(
        &self,
        path: &str,
        timestamp: i64,
        shop_cipher: Option<&str>,
        params: &[(String, String)],
        body: Option<&[u8]>,
    ) -> Result<Url, TikTokError> {
        let timestamp = timestamp.to_string();
        let mut query: Vec<(&str, &str)> = Vec::with_capacity(params.len() + 4);
        query.push(("app_key", &self.creds.app_key));
        query.push(("timestamp", &timestamp));
        if let Some(cipher) = shop_cipher {
            query.push(("shop_cipher", cipher));
        }
        query.extend(
            params
                .iter()
                .filter(|(_, v)| !v.is_empty())
                .map(|(k, v)| (k.as_str(), v.as_str())),
        );
        let sign = sign_request(
            self.creds.app_secret.expose(),
            path,
            query.iter().copied(),
            body,
        );
        let mut url = join(&self.endpoints.api_base, path)?;
        {
            let mut q = url.query_pairs_mut();
            for (k, v) in &query {
                q.append_pair(k, v);
            }
            q.append_pair("sign", &sign);
        }
        Ok(url)
    }

    async fn execute<T: DeserializeOwned>(
        &self,
        builder: reqwest::RequestBuilder,
        url: &Url,
        effect: Effect,
    ) -> Result<T, TikTokError> {
        let started = Instant::now();
        let shown = redact_url(url.as_str());
        let response = builder.send().await.map_err(|e| {
            // A write that failed after connecting may have reached TikTok.
            let maybe_sent = !e.is_connect() && !e.is_builder();
            let reason = redact_url(&e.without_url().to_string());
            tracing::debug!(url = %shown, error = %reason, "request failed");
            if effect == Effect::Write && maybe_sent {
                TikTokError::UnconfirmedWrite {
                    status: None,
                    reason,
                }
            } else {
                TikTokError::Network(reason)
            }
        })?;
        let result = read_response(response, &self.clock, effect, &shown).await;
        tracing::trace!(url = %shown, elapsed_ms = started.elapsed().as_millis() as u64, "TikTok exchange done");
        result
    }
}

/// Get Order Detail at 202507 refused as a path or version this server does not serve.
fn refuses_version(e: &crate::ApiError) -> bool {
    e.http_status == 404 || matches!(e.code, codes::INVALID_PATH | codes::INVALID_VERSION)
}

/// `{}` with any whitespace.
fn is_empty_json_object(body: &[u8]) -> bool {
    let trimmed: Vec<u8> = body
        .iter()
        .copied()
        .filter(|b| !b.is_ascii_whitespace())
        .collect();
    trimmed == b"{}"
}

fn join(base: &str, path: &str) -> Result<Url, TikTokError> {
    let full = format!("{}{}", base.trim_end_matches('/'), path);
    Url::parse(&full).map_err(|e| TikTokError::InvalidRequest(format!("{full}: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn client(authorize_url: &str) -> Client {
        let mut endpoints = Endpoints::sandbox("http://127.0.0.1:9");
        endpoints.authorize_url = authorize_url.into();
        Client::new(
            endpoints,
            AppCredentials {
                app_key: "k".into(),
                app_secret: Secret::new("s"),
            },
        )
        .unwrap()
    }

    #[test]
    fn authorization_url_adds_service_id_and_state() {
        let c = client("https://services.tiktokshop.com/open/authorize");
        let u = c.authorization_url("7001", "abc").unwrap();
        assert_eq!(
            u,
            "https://services.tiktokshop.com/open/authorize?service_id=7001&state=abc"
        );
    }

    #[test]
    fn authorization_url_keeps_a_copied_service_id_and_replaces_state() {
        let c = client("https://x.test/open/authorize?service_id=9&state=old");
        let u = c.authorization_url("7001", "new").unwrap();
        assert_eq!(u, "https://x.test/open/authorize?service_id=9&state=new");
    }

    #[test]
    fn bad_base_url_is_rejected_up_front() {
        let r = Client::new(
            Endpoints {
                api_base: "not a url".into(),
                ..Endpoints::production(Region::Us)
            },
            AppCredentials {
                app_key: "k".into(),
                app_secret: Secret::new("s"),
            },
        );
        assert!(matches!(r, Err(TikTokError::InvalidRequest(_))));
    }

    fn vector_client(app_key: &str) -> Client {
        Client::new(
            Endpoints::sandbox("https://open-api.tiktokglobalshop.com"),
            AppCredentials {
                app_key: app_key.into(),
                app_secret: Secret::new("e59af819cc"),
            },
        )
        .unwrap()
    }

    fn sign_of(url: &Url) -> String {
        url.query_pairs()
            .find(|(k, _)| k == "sign")
            .map(|(_, v)| v.into_owned())
            .unwrap()
    }

    // The fact sheet's published vectors, through the client's own request building.
    #[test]
    fn client_requests_carry_the_published_v1_signature() {
        let url = vector_client("29a39d")
            .signed_url("/authorization/202309/shops", 1623812664, None, &[], None)
            .unwrap();
        assert_eq!(
            sign_of(&url),
            "b596b73e0cc6de07ac26f036364178ab16b0a907af13d43f0a0cd2345f582dc8"
        );
        assert!(url.as_str().contains("app_key=29a39d&timestamp=1623812664"));
    }

    #[test]
    fn client_requests_carry_the_published_v3_and_v4_signatures() {
        let c = vector_client("68xu9ks5p4i8");
        let cipher = Some("ROW_xkMbgAAAeVAQra0eZWebFQq5aIK");
        let get = c
            .signed_url("/event/202309/webhooks", 1696909648, cipher, &[], None)
            .unwrap();
        assert_eq!(
            sign_of(&get),
            "ed58e1b5e59865c22a7b828c1cab65007441f43cc91a6cb2f2cdc638e0995a37"
        );
        let body = br#"{"event_type":"PACKAGE_UPDATE","address":"https://partner.tiktokshop.com"}"#;
        let put = c
            .signed_url(
                "/event/202309/webhooks",
                1696909648,
                cipher,
                &[],
                Some(body),
            )
            .unwrap();
        assert_eq!(
            sign_of(&put),
            "701dd6deb2389fe4c469b89bd37fc56f96a6da6afeb4d01c9077a65169752fa7"
        );
    }

    #[test]
    fn searches_and_gets_are_reads_everything_else_is_a_write() {
        assert!(is_read_only(Method::Get, "/order/202507/orders"));
        assert!(is_read_only(Method::Post, "/order/202309/orders/search"));
        assert!(is_read_only(
            Method::Post,
            "/fulfillment/202309/packages/search"
        ));
        assert!(!is_read_only(
            Method::Post,
            "/fulfillment/202309/packages/123/ship"
        ));
        assert!(!is_read_only(Method::Put, "/event/202309/webhooks"));
        assert!(!is_read_only(Method::Delete, "/event/202309/webhooks"));
    }

    #[test]
    fn every_fulfillment_and_logistics_path_is_classified() {
        use crate::fulfillment::*;
        use crate::logistics::*;
        let fill = |t: &str| {
            t.replace("{package_id}", "1")
                .replace("{order_id}", "2")
                .replace("{delivery_option_id}", "3")
                .replace("{warehouse_id}", "4")
        };
        for (method, template) in [
            (Method::Get, PACKAGE_DETAIL_PATH),
            (Method::Post, SEARCH_PACKAGES_PATH),
            (Method::Get, SHIPPING_DOCUMENT_PATH),
            (Method::Post, ELIGIBLE_SERVICES_PATH),
            (Method::Get, HANDOVER_SLOTS_PATH),
            (Method::Get, SHIPPING_PROVIDERS_PATH),
            (Method::Get, WAREHOUSE_DELIVERY_OPTIONS_PATH),
        ] {
            assert!(is_read_only(method, &fill(template)), "{template}");
        }
        for template in [
            MARK_SHIPPED_PATH,
            SHIP_PACKAGE_PATH,
            BATCH_SHIP_PATH,
            CREATE_PACKAGES_PATH,
            UPDATE_SHIPPING_INFO_PATH,
            UPDATE_PACKAGE_SHIPPING_INFO_PATH,
        ] {
            assert!(!is_read_only(Method::Post, &fill(template)), "{template}");
        }
    }

    #[test]
    fn empty_json_bodies_are_recognised_with_any_whitespace() {
        assert!(is_empty_json_object(b"{}"));
        assert!(is_empty_json_object(b" { \n } "));
        assert!(!is_empty_json_object(br#"{"create_time_ge":1}"#));
    }

    #[test]
    fn debug_output_has_no_secret() {
        let c = client("https://x.test/a");
        assert!(!format!("{c:?}").contains("\"s\""));
    }
}
