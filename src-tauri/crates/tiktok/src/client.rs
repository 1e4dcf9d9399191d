//! The async HTTP client. Every base URL comes from [`Endpoints`], which is per shop, so the
//! same code talks to TikTok's hosts or to the sandbox on loopback.

use crate::error::{ApiError, TikTokError};
use crate::model::{
    ActiveShop, ActiveShops, AuthorizedShop, AuthorizedShops, Envelope, Order, OrderList,
    OrderPage, RawOrderPage, SearchOrdersFilter, SearchOrdersQuery, TokenData,
};
use crate::redact::redact_url;
use crate::secret::Secret;
use crate::sign::sign_request;
use serde::de::DeserializeOwned;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};
use url::Url;

/// The most ids Get Order Detail accepts in one call.
pub const MAX_DETAIL_IDS: usize = 50;
/// The largest `page_size` Search Orders accepts.
pub const MAX_ORDER_PAGE_SIZE: u32 = 100;

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

/// A TikTok Shop API client for one app. Cheap to clone.
#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    endpoints: Arc<Endpoints>,
    creds: Arc<AppCredentials>,
    /// Seconds added to the local clock when stamping requests (set from measured skew).
    clock_offset: Arc<AtomicI64>,
    /// The server's clock (HTTP `Date`) minus ours at the last response, in seconds.
    last_skew: Arc<AtomicI64>,
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

fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
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
        let http = reqwest::Client::builder()
            .timeout(options.timeout)
            .connect_timeout(options.connect_timeout)
            .user_agent(concat!("Shopdock/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| TikTokError::Network(e.to_string()))?;
        Ok(Self {
            http,
            endpoints: Arc::new(endpoints),
            creds: Arc::new(creds),
            clock_offset: Arc::new(AtomicI64::new(0)),
            last_skew: Arc::new(AtomicI64::new(0)),
        })
    }

    pub fn endpoints(&self) -> &Endpoints {
        &self.endpoints
    }

    pub fn app_key(&self) -> &str {
        &self.creds.app_key
    }

    /// Shifts request timestamps by `secs` (use the measured skew when the local clock is off
    /// by more than TikTok's window allows).
    pub fn set_clock_offset(&self, secs: i64) {
        self.clock_offset.store(secs, Ordering::Relaxed);
    }

    /// Server time minus local time at the last response that carried a `Date` header.
    pub fn last_clock_skew(&self) -> i64 {
        self.last_skew.load(Ordering::Relaxed)
    }

    /// The timestamp a request would carry now.
    pub fn timestamp(&self) -> i64 {
        unix_now() + self.clock_offset.load(Ordering::Relaxed)
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
        let data: TokenData = self.execute(self.http.get(url.clone()), &url).await?;
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
        if query.page_size == 0 || query.page_size > MAX_ORDER_PAGE_SIZE {
            return Err(TikTokError::InvalidRequest(format!(
                "page_size must be 1..={MAX_ORDER_PAGE_SIZE}, got {}",
                query.page_size
            )));
        }
        let mut params = vec![
            ("page_size".to_owned(), query.page_size.to_string()),
            (
                "sort_field".to_owned(),
                query.sort_field.as_str().to_owned(),
            ),
            (
                "sort_order".to_owned(),
                query.sort_order.as_str().to_owned(),
            ),
        ];
        if let Some(token) = query.page_token.as_deref().filter(|t| !t.is_empty()) {
            params.push(("page_token".to_owned(), token.to_owned()));
        }
        let body =
            serde_json::to_vec(filter).map_err(|e| TikTokError::InvalidRequest(e.to_string()))?;
        self.call(
            Method::Post,
            "/order/202309/orders/search",
            access_token,
            Some(shop_cipher),
            &params,
            Some(body),
        )
        .await
    }

    /// Get Order Detail for at most [`MAX_DETAIL_IDS`] ids.
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
        let data: OrderList = self
            .call(
                Method::Get,
                "/order/202309/orders",
                access_token,
                Some(shop_cipher),
                &params,
                None,
            )
            .await?;
        Ok(data.orders)
    }

    /// A signed call to any Open API path: adds `app_key`, `timestamp`, `shop_cipher` (when
    /// given) and `sign` to the query and the token to `x-tts-access-token`. `body` is sent
    /// as JSON exactly as given and signed byte for byte.
    pub async fn call<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        access_token: &Secret,
        shop_cipher: Option<&str>,
        params: &[(String, String)],
        body: Option<Vec<u8>>,
    ) -> Result<T, TikTokError> {
        let timestamp = self.timestamp().to_string();
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
            body.as_deref(),
        );
        let mut url = join(&self.endpoints.api_base, path)?;
        {
            let mut q = url.query_pairs_mut();
            for (k, v) in &query {
                q.append_pair(k, v);
            }
            q.append_pair("sign", &sign);
        }
        let builder = match method {
            Method::Get => self.http.get(url.clone()),
            Method::Post => self.http.post(url.clone()),
            Method::Put => self.http.put(url.clone()),
            Method::Delete => self.http.delete(url.clone()),
        }
        .header("content-type", "application/json")
        .header("x-tts-access-token", access_token.expose());
        let builder = match body {
            Some(b) => builder.body(b),
            None => builder,
        };
        self.execute(builder, &url).await
    }

    async fn execute<T: DeserializeOwned>(
        &self,
        builder: reqwest::RequestBuilder,
        url: &Url,
    ) -> Result<T, TikTokError> {
        let started = Instant::now();
        let shown = redact_url(url.as_str());
        let response = builder.send().await.map_err(|e| {
            let reason = redact_url(&e.without_url().to_string());
            tracing::debug!(url = %shown, error = %reason, "request failed");
            TikTokError::Network(reason)
        })?;
        let status = response.status().as_u16();
        if let Some(server) = response
            .headers()
            .get(reqwest::header::DATE)
            .and_then(|d| d.to_str().ok())
            .and_then(|d| httpdate::parse_http_date(d).ok())
            .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        {
            self.last_skew
                .store(server.as_secs() as i64 - unix_now(), Ordering::Relaxed);
        }
        let retry_after = response
            .headers()
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok())
            .map(Duration::from_secs);
        let bytes = response.bytes().await.map_err(|e| TikTokError::Decode {
            status,
            reason: format!("body could not be read: {}", e.without_url()),
        })?;
        let envelope: Envelope<T> = match serde_json::from_slice(&bytes) {
            Ok(env) => env,
            Err(e) => {
                tracing::warn!(url = %shown, status, error = %e, "undecodable response");
                return Err(match status {
                    429 | 500..=599 => TikTokError::Api(ApiError {
                        code: -1,
                        message: format!("HTTP {status} without a TikTok envelope"),
                        request_id: String::new(),
                        http_status: status,
                        retry_after,
                    }),
                    _ => TikTokError::Decode {
                        status,
                        reason: e.to_string(),
                    },
                });
            }
        };
        tracing::debug!(
            url = %shown,
            status,
            code = envelope.code,
            request_id = %envelope.request_id,
            elapsed_ms = started.elapsed().as_millis() as u64,
            "TikTok call"
        );
        if envelope.code != 0 {
            return Err(TikTokError::Api(ApiError {
                code: envelope.code,
                message: envelope.message,
                request_id: envelope.request_id,
                http_status: status,
                retry_after,
            }));
        }
        envelope.data.ok_or_else(|| TikTokError::Decode {
            status,
            reason: "success envelope without data".into(),
        })
    }
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

    #[test]
    fn debug_output_has_no_secret() {
        let c = client("https://x.test/a");
        assert!(!format!("{c:?}").contains("\"s\""));
    }
}
