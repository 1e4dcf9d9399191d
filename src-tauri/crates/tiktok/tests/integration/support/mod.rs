//! Shared test helpers: a client for the sandbox's demo shop, and tiny loopback servers that
//! answer the way the sandbox does not (yet).

pub mod finance_examples;
pub mod spec_examples;

use axum::Router;
use shopdock_sandbox::{Sandbox, SandboxConfig, DEMO_APP_KEY, DEMO_APP_SECRET, DEMO_SELLER};
use shopdock_tiktok::{AppCredentials, Client, Endpoints, Secret};
use std::time::{SystemTime, UNIX_EPOCH};

pub const TEST_APP_KEY: &str = "testkey";
pub const TEST_APP_SECRET: &str = "testsecret";

/// A sandbox with a few orders per shop.
pub async fn sandbox() -> Sandbox {
    Sandbox::start(SandboxConfig {
        seed: 9,
        orders_per_shop: 30,
        ..SandboxConfig::default()
    })
    .await
    .expect("sandbox starts")
}

/// The demo shop's client, access token and cipher.
pub struct DemoShop {
    pub client: Client,
    pub token: Secret,
    pub cipher: String,
}

pub fn demo_shop(sb: &Sandbox) -> DemoShop {
    let tokens = sb
        .control()
        .grant_tokens(DEMO_APP_KEY, DEMO_SELLER)
        .expect("tokens");
    let client = Client::new(
        sb.endpoints(),
        AppCredentials {
            app_key: DEMO_APP_KEY.into(),
            app_secret: Secret::new(DEMO_APP_SECRET),
        },
    )
    .expect("client");
    DemoShop {
        client,
        token: Secret::new(tokens.access_token),
        cipher: sb.control().demo_shop().cipher,
    }
}

/// Serves `router` on an ephemeral loopback port until the test's runtime ends; returns the
/// base URL.
pub async fn serve(router: Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        let _ = axum::serve(listener, router).await;
    });
    format!("http://{addr}")
}

/// A client of the test app against a local server.
pub fn local_client(base: &str) -> Client {
    Client::new(
        Endpoints::sandbox(base),
        AppCredentials {
            app_key: TEST_APP_KEY.into(),
            app_secret: Secret::new(TEST_APP_SECRET),
        },
    )
    .expect("client")
}

pub fn token() -> Secret {
    Secret::new("TTP_test_token")
}

pub fn wall_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("after 1970")
        .as_secs() as i64
}

/// TikTok's envelope around `data`.
pub fn envelope(code: i64, message: &str, data: serde_json::Value) -> String {
    serde_json::json!({
        "code": code,
        "message": message,
        "request_id": "20250101000000TEST",
        "data": data,
    })
    .to_string()
}

/// One request a [`scripted`] server received.
#[derive(Debug, Clone)]
pub struct Received {
    pub method: String,
    pub path: String,
    pub query: Vec<(String, String)>,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

/// What a [`scripted`] server answers: status, extra headers, body.
pub struct Answer {
    pub status: u16,
    pub headers: Vec<(&'static str, String)>,
    pub body: String,
}

impl Answer {
    pub fn json(body: String) -> Self {
        Answer {
            status: 200,
            headers: vec![("content-type", "application/json".into())],
            body,
        }
    }

    pub fn status(status: u16, body: &str) -> Self {
        Answer {
            status,
            headers: vec![("content-type", "text/plain".into())],
            body: body.into(),
        }
    }

    pub fn header(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.headers.push((name, value.into()));
        self
    }
}

type Script = dyn Fn(&Received) -> Answer + Send + Sync;

/// A server that records every request and answers each with `script`; returns the base URL
/// and the log.
pub async fn scripted(
    script: impl Fn(&Received) -> Answer + Send + Sync + 'static,
) -> (String, std::sync::Arc<std::sync::Mutex<Vec<Received>>>) {
    use axum::body::Bytes;
    use axum::http::{HeaderName, HeaderValue, Method, StatusCode, Uri};
    use axum::response::{IntoResponse, Response};
    use std::sync::{Arc, Mutex};

    let log: Arc<Mutex<Vec<Received>>> = Arc::default();
    let script: Arc<Script> = Arc::new(script);
    let (log2, script2) = (log.clone(), script.clone());
    let handler = move |method: Method, uri: Uri, headers: axum::http::HeaderMap, body: Bytes| {
        let (log, script) = (log2.clone(), script2.clone());
        async move {
            let query = url::form_urlencoded::parse(uri.query().unwrap_or("").as_bytes())
                .into_owned()
                .collect();
            let received = Received {
                method: method.to_string(),
                path: uri.path().to_owned(),
                query,
                headers: headers
                    .iter()
                    .map(|(k, v)| (k.to_string(), v.to_str().unwrap_or("").to_owned()))
                    .collect(),
                body: body.to_vec(),
            };
            let answer = script(&received);
            log.lock().expect("log").push(received);
            let mut response: Response = answer.body.into_response();
            *response.status_mut() = StatusCode::from_u16(answer.status).expect("status");
            for (name, value) in answer.headers {
                response.headers_mut().insert(
                    HeaderName::from_static(name),
                    HeaderValue::from_str(&value).expect("header value"),
                );
            }
            response
        }
    };
    let router = Router::new().fallback(handler);
    (serve(router).await, log)
}

impl Received {
    pub fn param(&self, key: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The body as JSON (panics on anything else: the client only sends JSON).
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).expect("request body is JSON")
    }

    /// Whether `sign` is right for the path, query and body as received, with the test app's
    /// secret: proves the path parameters and body sent are the ones signed.
    pub fn is_signed(&self) -> bool {
        let query = self
            .query
            .iter()
            .filter(|(k, _)| k != "sign")
            .map(|(k, v)| (k.as_str(), v.as_str()));
        let body = (!self.body.is_empty()).then_some(self.body.as_slice());
        let expected =
            shopdock_tiktok::sign::sign_request(TEST_APP_SECRET, &self.path, query, body);
        self.param("sign") == Some(expected.as_str())
    }
}
