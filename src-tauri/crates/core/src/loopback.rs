//! The RFC 8252 loopback redirect receiver for Get Auth.
//!
//! TikTok redirects the seller's browser to the URL registered on the app in Partner Center
//! (`http://localhost:<port>/callback`). We listen on 127.0.0.1 only, accept exactly one
//! `GET /callback` whose `state` matches ours (compared in constant time), answer the browser
//! with a page it can show, and close the listener. Anything else on the port (a favicon
//! request, a probe) gets a 404 and does not end the wait.
//!
//! hyper reads the requests (HTTP/1.1 only, one request per connection, bounded in size and
//! time); this module decides what each one means.

use http_body_util::Full;
use hyper::body::{Bytes, Incoming};
use hyper::header::{HeaderValue, CACHE_CONTROL, CONTENT_TYPE};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use shopdock_tiktok::Secret;
use std::convert::Infallible;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use subtle::ConstantTimeEq;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

/// How long one browser connection may take to send its request and read the answer.
const PER_CONNECTION_TIMEOUT: Duration = Duration::from_secs(5);
/// The largest request head we buffer (hyper's floor is 8 KiB); browsers send well under this.
const MAX_REQUEST_HEAD: usize = 16 * 1024;
/// The path of the redirect URL registered in Partner Center.
const CALLBACK_PATH: &str = "/callback";

#[derive(Debug, thiserror::Error)]
pub enum LoopbackError {
    #[error("port {0} on 127.0.0.1 is already in use by another program; close it or register another redirect port in Partner Center")]
    PortInUse(u16),
    #[error("could not listen on 127.0.0.1:{port}: {reason}")]
    Bind { port: u16, reason: String },
    #[error("the authorization was denied in the browser ({0})")]
    Denied(String),
    #[error("the browser came back with a different state than this Get Auth started; start Get Auth again")]
    StateMismatch,
    #[error("the browser came back without an authorization code")]
    MissingCode,
    #[error("no answer from the browser within {0} seconds")]
    TimedOut(u64),
    #[error("Get Auth was cancelled")]
    Cancelled,
    #[error("the pasted text is not a redirect address or an authorization code")]
    Unparseable,
}

/// A bound loopback listener waiting for TikTok's redirect.
pub struct LoopbackListener {
    listener: TcpListener,
    port: u16,
}

impl LoopbackListener {
    /// Binds 127.0.0.1:`port` (0 picks a free port, for the demo shop whose redirect URL we
    /// register ourselves).
    pub async fn bind(port: u16) -> Result<Self, LoopbackError> {
        let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
        let listener = TcpListener::bind(addr).await.map_err(|e| {
            if e.kind() == std::io::ErrorKind::AddrInUse {
                LoopbackError::PortInUse(port)
            } else {
                LoopbackError::Bind {
                    port,
                    reason: e.to_string(),
                }
            }
        })?;
        let port = listener
            .local_addr()
            .map(|a| a.port())
            .map_err(|e| LoopbackError::Bind {
                port,
                reason: e.to_string(),
            })?;
        Ok(Self { listener, port })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// The redirect URL to register in Partner Center for this port.
    pub fn redirect_url(&self) -> String {
        redirect_url_for_port(self.port)
    }

    /// Waits for the one matching callback, then closes the listener (by consuming it).
    ///
    /// Connections are served concurrently, so a browser's idle pre-connect cannot hold up the
    /// real redirect; each one has `PER_CONNECTION_TIMEOUT` to send its request.
    pub async fn wait(
        self,
        expected_state: &str,
        timeout: Duration,
        cancel: CancellationToken,
    ) -> Result<Secret, LoopbackError> {
        let deadline = tokio::time::Instant::now() + timeout;
        let (tx, mut outcomes) = mpsc::channel(4);
        let expected_state: Arc<str> = Arc::from(expected_state);
        // Dropping the set when we return aborts connections still being read.
        let mut connections = tokio::task::JoinSet::new();
        loop {
            tokio::select! {
                _ = cancel.cancelled() => return Err(LoopbackError::Cancelled),
                _ = tokio::time::sleep_until(deadline) => {
                    return Err(LoopbackError::TimedOut(timeout.as_secs()))
                }
                Some(outcome) = outcomes.recv() => return outcome,
                accepted = self.listener.accept() => {
                    let Ok((stream, _)) = accepted else { continue };
                    connections.spawn(serve_connection(stream, expected_state.clone(), tx.clone()));
                }
            }
        }
    }
}

/// `http://localhost:<port>/callback`, the form Partner Center accepts for local apps.
pub fn redirect_url_for_port(port: u16) -> String {
    format!("http://localhost:{port}/callback")
}

/// Serves one connection: one request, answered, then closed. A callback's outcome is
/// reported only once its page has been written, since the wait ends (and aborts this task)
/// as soon as it hears of one.
async fn serve_connection(
    stream: TcpStream,
    expected_state: Arc<str>,
    outcomes: mpsc::Sender<Result<Secret, LoopbackError>>,
) {
    let outcome = Arc::new(Mutex::new(None));
    let service = service_fn({
        let outcome = outcome.clone();
        move |request: Request<Incoming>| {
            let (page, result) = route(request.method(), request.uri(), &expected_state);
            if let Some(result) = result {
                *outcome.lock().unwrap_or_else(|p| p.into_inner()) = Some(result);
            }
            std::future::ready(Ok::<_, Infallible>(page.into_response()))
        }
    });
    let connection = http1::Builder::new()
        .keep_alive(false)
        .max_buf_size(MAX_REQUEST_HEAD)
        .serve_connection(TokioIo::new(stream), service);
    match tokio::time::timeout(PER_CONNECTION_TIMEOUT, connection).await {
        Ok(Ok(())) => {}
        Ok(Err(e)) => tracing::debug!(error = %e, "loopback connection ended with an error"),
        Err(_) => tracing::debug!("loopback connection sent no request in time"),
    }
    let result = outcome.lock().unwrap_or_else(|p| p.into_inner()).take();
    if let Some(result) = result {
        let _ = outcomes.send(result).await;
    }
}

/// The page for one request and, for the callback, what it means. Anything but
/// `GET /callback` (a favicon request, a probe) gets a 404 and no outcome, so the wait goes on.
fn route(
    method: &Method,
    uri: &hyper::Uri,
    expected_state: &str,
) -> (Page, Option<Result<Secret, LoopbackError>>) {
    if method != Method::GET || uri.path() != CALLBACK_PATH {
        let page = Page {
            status: StatusCode::NOT_FOUND,
            title: "Not found",
            body: "This address only receives TikTok Shop's authorization redirect.",
        };
        return (page, None);
    }
    let target = uri.path_and_query().map_or(CALLBACK_PATH, |p| p.as_str());
    let outcome = parse_callback(target, Some(expected_state));
    let (status, title, body) = match &outcome {
        Ok(_) => (StatusCode::OK, "Shopdock is connected", "TikTok Shop sent the authorization back to Shopdock. You can close this tab and return to Shopdock."),
        Err(LoopbackError::Denied(_)) => (StatusCode::OK, "Authorization denied", "You pressed Deny, so Shopdock was not connected. Return to Shopdock to try again."),
        Err(LoopbackError::StateMismatch) => (StatusCode::BAD_REQUEST, "This link is out of date", "This authorization does not belong to the Get Auth Shopdock is waiting for. Return to Shopdock and press Get Auth again."),
        Err(_) => (StatusCode::BAD_REQUEST, "Something went wrong", "TikTok Shop came back without an authorization code. Return to Shopdock and press Get Auth again."),
    };
    (
        Page {
            status,
            title,
            body,
        },
        Some(outcome),
    )
}

/// A page the browser shows the seller.
#[derive(Debug, PartialEq, Eq)]
struct Page {
    status: StatusCode,
    title: &'static str,
    body: &'static str,
}

impl Page {
    fn into_response(self) -> Response<Full<Bytes>> {
        let Page {
            status,
            title,
            body,
        } = self;
        let html = format!(
            "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title}</title>\
             <style>body{{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#1f2933}}\
             h1{{font-size:1.4rem}}</style></head><body><h1>{title}</h1><p>{body}</p></body></html>"
        );
        let mut response = Response::new(Full::new(Bytes::from(html)));
        *response.status_mut() = status;
        let headers = response.headers_mut();
        headers.insert(
            CONTENT_TYPE,
            HeaderValue::from_static("text/html; charset=utf-8"),
        );
        headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
        response
    }
}

/// Interprets a callback target or any pasted redirect URL. With `expected_state`, a missing
/// or different state is refused; without it (manual paste of a bare code) only the code counts.
pub fn parse_callback(target: &str, expected_state: Option<&str>) -> Result<Secret, LoopbackError> {
    let url = url::Url::parse("http://localhost")
        .and_then(|base| base.join(target))
        .map_err(|_| LoopbackError::Unparseable)?;
    let mut code = None;
    let mut state = None;
    let mut error = None;
    for (k, v) in url.query_pairs() {
        match k.as_ref() {
            "code" => code = Some(v.into_owned()),
            "state" => state = Some(v.into_owned()),
            "error" => error = Some(v.into_owned()),
            _ => {}
        }
    }
    if let Some(expected) = expected_state {
        let got = state.as_deref().unwrap_or("");
        if !bool::from(got.as_bytes().ct_eq(expected.as_bytes())) {
            return Err(LoopbackError::StateMismatch);
        }
    }
    if let Some(error) = error.filter(|e| !e.is_empty()) {
        return Err(LoopbackError::Denied(error));
    }
    // TikTok sends `code=null` with a denial (fact sheet §3); treat it as no code.
    match code.filter(|c| !c.is_empty() && c != "null") {
        Some(c) => Ok(Secret::new(c)),
        None => Err(LoopbackError::MissingCode),
    }
}

/// The manual fallback: the seller pastes the address the browser ended on, or just the code.
pub fn parse_pasted(input: &str, expected_state: Option<&str>) -> Result<Secret, LoopbackError> {
    let input = input.trim();
    if input.is_empty() {
        return Err(LoopbackError::Unparseable);
    }
    if input.contains("code=") || input.contains("error=") || input.contains('?') {
        let target = match input.find("://") {
            Some(_) => url::Url::parse(input)
                .map(|u| format!("{}?{}", u.path(), u.query().unwrap_or("")))
                .map_err(|_| LoopbackError::Unparseable)?,
            None => input.to_owned(),
        };
        let target = if target.starts_with('/') || target.starts_with('?') {
            target
        } else {
            format!("/?{target}")
        };
        // A pasted URL carries the state of the attempt it came from: check it if we have one.
        return parse_callback(&target, expected_state);
    }
    let plausible = input
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "-_.~+/=".contains(c));
    if plausible && input.len() >= 6 {
        Ok(Secret::new(input))
    } else {
        Err(LoopbackError::Unparseable)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn callback_with_matching_state_yields_the_code() {
        let code = parse_callback("/callback?code=abc123&state=s1", Some("s1")).unwrap();
        assert_eq!(code.expose(), "abc123");
    }

    #[test]
    fn callback_with_other_state_is_refused_before_looking_at_the_code() {
        assert!(matches!(
            parse_callback("/callback?code=abc&state=s2", Some("s1")),
            Err(LoopbackError::StateMismatch)
        ));
        assert!(matches!(
            parse_callback("/callback?code=abc", Some("s1")),
            Err(LoopbackError::StateMismatch)
        ));
    }

    #[test]
    fn denial_in_either_documented_spelling_is_reported() {
        for e in ["access_denied", "auth_denied"] {
            let t = format!("/callback?code=null&error={e}&state=s");
            assert!(
                matches!(parse_callback(&t, Some("s")), Err(LoopbackError::Denied(x)) if x == e)
            );
        }
    }

    #[test]
    fn pasted_url_bare_query_and_bare_code_are_understood() {
        let u = "http://localhost:8723/callback?code=TTP_xyz&state=s";
        assert_eq!(parse_pasted(u, Some("s")).unwrap().expose(), "TTP_xyz");
        assert_eq!(
            parse_pasted("code=TTP_xyz&state=s", Some("s"))
                .unwrap()
                .expose(),
            "TTP_xyz"
        );
        assert_eq!(
            parse_pasted("  FeBoANmHP3yqdoUI9fZOCw ", Some("s"))
                .unwrap()
                .expose(),
            "FeBoANmHP3yqdoUI9fZOCw"
        );
        assert!(matches!(
            parse_pasted("hello world", None),
            Err(LoopbackError::Unparseable)
        ));
        assert!(matches!(
            parse_pasted(u, Some("other")),
            Err(LoopbackError::StateMismatch)
        ));
    }

    #[test]
    fn only_get_of_the_callback_path_is_the_callback() {
        let uri = |t: &str| t.parse::<hyper::Uri>().expect("uri");
        let (page, outcome) = route(&Method::GET, &uri("/callback?code=C&state=s"), "s");
        assert_eq!(page.status, StatusCode::OK);
        assert_eq!(
            outcome
                .and_then(Result::ok)
                .map(|c| c.expose().to_owned())
                .as_deref(),
            Some("C")
        );
        for (method, target) in [
            (Method::POST, "/callback?code=C&state=s"),
            (Method::GET, "/callbackx?code=C&state=s"),
            (Method::GET, "/favicon.ico"),
            (Method::GET, "/"),
        ] {
            let (page, outcome) = route(&method, &uri(target), "s");
            assert_eq!(page.status, StatusCode::NOT_FOUND, "{method} {target}");
            assert!(outcome.is_none(), "{method} {target}");
        }
    }

    #[test]
    fn an_absolute_form_request_target_is_understood() {
        let uri: hyper::Uri = "http://localhost:8723/callback?code=C&state=s"
            .parse()
            .expect("uri");
        let (page, outcome) = route(&Method::GET, &uri, "s");
        assert_eq!(page.status, StatusCode::OK);
        assert!(matches!(outcome, Some(Ok(_))));
    }
}
