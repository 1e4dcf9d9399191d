//! The RFC 8252 loopback redirect receiver for Get Auth.
//!
//! TikTok redirects the seller's browser to the URL registered on the app in Partner Center
//! (`http://localhost:<port>/callback`). We listen on 127.0.0.1 only, accept exactly one
//! `GET /callback` whose `state` matches ours (compared in constant time), answer the browser
//! with a page it can show, and close the listener. Anything else on the port (a favicon
//! request, a probe) gets a 404 and does not end the wait.
//!
//! This is a deliberately tiny HTTP/1.1 reader rather than a web framework: one request line
//! and headers, no body, bounded size and time per connection.

use shopdock_tiktok::sign::constant_time_eq;
use shopdock_tiktok::Secret;
use std::net::{Ipv4Addr, SocketAddr};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio_util::sync::CancellationToken;

/// How long one browser connection may take to send its request line and headers.
const PER_CONNECTION_TIMEOUT: Duration = Duration::from_secs(5);
/// The largest request head we read; browsers send well under this.
const MAX_REQUEST_HEAD: usize = 16 * 1024;

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
    /// real redirect; each one has [`PER_CONNECTION_TIMEOUT`] to send its request.
    pub async fn wait(
        self,
        expected_state: &str,
        timeout: Duration,
        cancel: CancellationToken,
    ) -> Result<Secret, LoopbackError> {
        let deadline = tokio::time::Instant::now() + timeout;
        let (tx, mut outcomes) = tokio::sync::mpsc::channel(4);
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
                    let (tx, state) = (tx.clone(), expected_state.to_owned());
                    connections.spawn(async move {
                        let handled = tokio::time::timeout(
                            PER_CONNECTION_TIMEOUT,
                            handle_connection(stream, &state),
                        )
                        .await;
                        if let Ok(Some(outcome)) = handled {
                            let _ = tx.send(outcome).await;
                        }
                    });
                }
            }
        }
    }
}

/// `http://localhost:<port>/callback`, the form Partner Center accepts for local apps.
pub fn redirect_url_for_port(port: u16) -> String {
    format!("http://localhost:{port}/callback")
}

/// Reads one request. `None` means "not the callback, keep waiting".
async fn handle_connection(
    mut stream: TcpStream,
    expected_state: &str,
) -> Option<Result<Secret, LoopbackError>> {
    let head = read_head(&mut stream).await?;
    let target = parse_request_target(&head);
    let Some(target) = target.filter(|t| t.starts_with("/callback")) else {
        let _ = respond(
            &mut stream,
            404,
            "Not found",
            "This address only receives TikTok Shop's authorization redirect.",
        )
        .await;
        return None;
    };
    let outcome = parse_callback(&target, Some(expected_state));
    let (status, title, body) = match &outcome {
        Ok(_) => (200, "Shopdock is connected", "TikTok Shop sent the authorization back to Shopdock. You can close this tab and return to Shopdock."),
        Err(LoopbackError::Denied(_)) => (200, "Authorization denied", "You pressed Deny, so Shopdock was not connected. Return to Shopdock to try again."),
        Err(LoopbackError::StateMismatch) => (400, "This link is out of date", "This authorization does not belong to the Get Auth Shopdock is waiting for. Return to Shopdock and press Get Auth again."),
        Err(_) => (400, "Something went wrong", "TikTok Shop came back without an authorization code. Return to Shopdock and press Get Auth again."),
    };
    let _ = respond(&mut stream, status, title, body).await;
    Some(outcome)
}

async fn read_head(stream: &mut TcpStream) -> Option<String> {
    let mut buf = Vec::with_capacity(2048);
    let mut chunk = [0u8; 2048];
    loop {
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            break;
        }
        buf.extend_from_slice(&chunk[..n]);
        if buf.windows(4).any(|w| w == b"\r\n\r\n") || buf.len() >= MAX_REQUEST_HEAD {
            break;
        }
    }
    String::from_utf8(buf).ok()
}

/// The target of a `GET` request line, e.g. `/callback?code=..&state=..`.
fn parse_request_target(head: &str) -> Option<String> {
    let line = head.lines().next()?;
    let mut parts = line.split_whitespace();
    let method = parts.next()?;
    let target = parts.next()?;
    let version = parts.next()?;
    (method == "GET" && version.starts_with("HTTP/1.")).then(|| target.to_owned())
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
        if !constant_time_eq(got, expected) {
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

async fn respond(
    stream: &mut TcpStream,
    status: u16,
    title: &str,
    body: &str,
) -> std::io::Result<()> {
    let reason = match status {
        200 => "OK",
        404 => "Not Found",
        _ => "Bad Request",
    };
    let html = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title}</title>\
         <style>body{{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#1f2933}}\
         h1{{font-size:1.4rem}}</style></head><body><h1>{title}</h1><p>{body}</p></body></html>"
    );
    let response = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n\
         Cache-Control: no-store\r\nConnection: close\r\n\r\n{html}",
        html.len()
    );
    stream.write_all(response.as_bytes()).await?;
    stream.shutdown().await
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
    fn request_line_parsing_accepts_only_get() {
        assert_eq!(
            parse_request_target("GET /callback?x=1 HTTP/1.1\r\n").as_deref(),
            Some("/callback?x=1")
        );
        assert_eq!(parse_request_target("POST /callback HTTP/1.1\r\n"), None);
        assert_eq!(parse_request_target("garbage"), None);
    }
}
