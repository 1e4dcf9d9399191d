//! Shared helpers: a sandbox with little data, and a raw HTTP client that signs requests
//! exactly as TikTok documents (path + sorted decoded query minus sign/access_token + body,
//! wrapped in the secret, HMAC-SHA256, lowercase hex), with knobs to break each part.

use serde_json::Value;
use shopdock_sandbox::{
    Control, MarketCode, Sandbox, SandboxConfig, ShippingMode, ShopInfo, ShopSetup, DEMO_APP_KEY,
    DEMO_APP_SECRET, DEMO_SELLER,
};
use shopdock_tiktok::sign::sign_request;
use std::time::{SystemTime, UNIX_EPOCH};

pub async fn sandbox(orders_per_shop: usize) -> Sandbox {
    Sandbox::start(SandboxConfig {
        seed: 42,
        orders_per_shop,
        ..SandboxConfig::default()
    })
    .await
    .expect("sandbox starts")
}

/// 2025-06-10 18:00:00 UTC: where [`finance_sandbox`]'s clock starts.
pub const FINANCE_START: i64 = 1_749_578_400;

/// A sandbox for finance at [`FINANCE_START`], its clock paused and no rate limit: the
/// seeded shops plus a UK local shop (`extra_shops[0]`, reserves), a Malaysian one
/// (`[1]`, SEA) and a Mexican one (`[2]`, taxes withheld).
pub async fn finance_sandbox() -> Sandbox {
    let sb = Sandbox::start(SandboxConfig {
        seed: 14,
        orders_per_shop: 150,
        start_time: Some(FINANCE_START),
        extra_shops: vec![
            ShopSetup::local(MarketCode::Uk, ShippingMode::Mixed),
            ShopSetup::local(MarketCode::My, ShippingMode::Tiktok),
            ShopSetup::local(MarketCode::Mx, ShippingMode::Seller),
        ],
        ..SandboxConfig::default()
    })
    .await
    .expect("sandbox starts");
    sb.control().pause_clock();
    sb.control().set_rate_limit(0);
    sb
}

/// The shop the sandbox made from `extra_shops[n]`.
pub fn added_shop(c: &Control, n: usize) -> ShopInfo {
    let seller = format!("shop{n}_seller");
    c.shops()
        .into_iter()
        .find(|s| s.seller_id == seller)
        .expect("added shop")
}

pub fn wall_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

/// A response: HTTP status, parsed JSON body, headers.
#[derive(Debug)]
pub struct Resp {
    pub status: u16,
    pub json: Value,
    pub headers: reqwest::header::HeaderMap,
    pub bytes: Vec<u8>,
}

impl Resp {
    pub fn code(&self) -> i64 {
        self.json["code"].as_i64().unwrap_or(-1)
    }
}

/// One API request under construction.
#[derive(Debug, Clone)]
pub struct Req {
    pub method: reqwest::Method,
    pub path: String,
    pub params: Vec<(String, String)>,
    pub body: Option<String>,
    pub cipher: Option<String>,
    pub timestamp: Option<i64>,
    pub app_key: String,
    pub secret: String,
    pub token: Option<String>,
    /// Replace the computed sign with this.
    pub sign_override: Option<String>,
    pub omit_sign: bool,
    pub content_type: String,
    /// Skip parsing the body into `Resp::json` (big pages in a debug build).
    pub raw_only: bool,
}

pub struct Api {
    pub http: reqwest::Client,
    pub base: String,
    pub token: String,
}

impl Api {
    /// A client for the demo app with fresh tokens for `seller`.
    pub fn new(sb: &Sandbox, seller: &str) -> Api {
        let tokens = sb
            .control()
            .grant_tokens(DEMO_APP_KEY, seller)
            .expect("tokens");
        Api {
            http: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
            base: sb.base_url(),
            token: tokens.access_token,
        }
    }

    pub fn demo(sb: &Sandbox) -> Api {
        Api::new(sb, DEMO_SELLER)
    }

    pub fn req(&self, method: &str, path: &str) -> Req {
        Req {
            method: method.parse().unwrap(),
            path: path.to_string(),
            params: Vec::new(),
            body: None,
            cipher: None,
            timestamp: None,
            app_key: DEMO_APP_KEY.to_string(),
            secret: DEMO_APP_SECRET.to_string(),
            token: Some(self.token.clone()),
            sign_override: None,
            omit_sign: false,
            content_type: "application/json".into(),
            raw_only: false,
        }
    }

    pub async fn send(&self, r: Req) -> Resp {
        self.try_send(r).await.expect("request and body")
    }

    /// Like [`Api::send`] but returns transport and body-read errors (truncation faults).
    pub async fn try_send(&self, r: Req) -> Result<Resp, reqwest::Error> {
        let ts = r.timestamp.unwrap_or_else(wall_now).to_string();
        let mut query: Vec<(String, String)> = vec![
            ("app_key".into(), r.app_key.clone()),
            ("timestamp".into(), ts),
        ];
        if let Some(c) = &r.cipher {
            query.push(("shop_cipher".into(), c.clone()));
        }
        query.extend(r.params.iter().cloned());
        let sign = sign_request(
            &r.secret,
            &r.path,
            query.iter().map(|(k, v)| (k.as_str(), v.as_str())),
            r.body.as_deref().map(str::as_bytes),
        );
        let mut url = url::Url::parse(&format!("{}{}", self.base, r.path)).unwrap();
        {
            let mut q = url.query_pairs_mut();
            for (k, v) in &query {
                q.append_pair(k, v);
            }
            if !r.omit_sign {
                q.append_pair("sign", r.sign_override.as_deref().unwrap_or(&sign));
            }
        }
        let mut b = self
            .http
            .request(r.method.clone(), url)
            .header("content-type", r.content_type.as_str());
        if let Some(t) = &r.token {
            b = b.header("x-tts-access-token", t);
        }
        if let Some(body) = r.body {
            b = b.body(body);
        }
        let resp = b.send().await?;
        let status = resp.status().as_u16();
        let headers = resp.headers().clone();
        let bytes = resp.bytes().await?;
        let json = if r.raw_only {
            Value::Null
        } else {
            serde_json::from_slice(&bytes).unwrap_or(Value::Null)
        };
        Ok(Resp {
            status,
            json,
            headers,
            bytes: bytes.to_vec(),
        })
    }

    pub async fn get(&self, path: &str) -> Resp {
        self.send(self.req("GET", path)).await
    }

    /// One Search Orders page.
    pub async fn search(&self, cipher: &str, params: &[(&str, &str)], body: &str) -> Resp {
        let mut r = self.req("POST", "/order/202309/orders/search");
        r.cipher = Some(cipher.to_string());
        r.params = params
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        r.body = Some(body.to_string());
        self.send(r).await
    }

    /// One Search Orders page, body left unparsed (see [`Resp::bytes`]).
    pub async fn search_raw(&self, cipher: &str, params: &[(&str, &str)], body: &str) -> Resp {
        let mut r = self.req("POST", "/order/202309/orders/search");
        r.cipher = Some(cipher.to_string());
        r.params = params
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        r.body = Some(body.to_string());
        r.raw_only = true;
        self.send(r).await
    }

    pub async fn detail(&self, cipher: &str, version: &str, ids: &[String]) -> Resp {
        let mut r = self.req("GET", &format!("/order/{version}/orders"));
        r.cipher = Some(cipher.to_string());
        r.params = vec![("ids".into(), ids.join(","))];
        self.send(r).await
    }

    /// A signed GET of a shop endpoint (`shop_cipher` = `cipher`) with query parameters.
    pub async fn shop_get(&self, path: &str, cipher: &str, params: &[(&str, &str)]) -> Resp {
        let mut r = self.req("GET", path);
        r.cipher = Some(cipher.to_string());
        r.params = params
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        self.send(r).await
    }

    /// A signed call to a shop endpoint (`shop_cipher` = `cipher`) with an optional JSON body.
    pub async fn call(&self, method: &str, path: &str, cipher: &str, body: Option<&str>) -> Resp {
        self.try_call(method, path, cipher, body)
            .await
            .expect("request and body")
    }

    /// Like [`Api::call`] but returns transport and body-read errors (reply-lost faults).
    pub async fn try_call(
        &self,
        method: &str,
        path: &str,
        cipher: &str,
        body: Option<&str>,
    ) -> Result<Resp, reqwest::Error> {
        let mut r = self.req(method, path);
        r.cipher = Some(cipher.to_string());
        r.body = body.map(str::to_string);
        self.try_send(r).await
    }
}
