//! The Get Auth loopback receiver over real TCP on 127.0.0.1: it accepts exactly one matching
//! callback and refuses or ignores everything else.

use shopdock_core::loopback::{LoopbackError, LoopbackListener};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio_util::sync::CancellationToken;

/// Sends one GET and returns the status line and body.
async fn get(port: u16, target: &str) -> std::io::Result<(String, String)> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).await?;
    s.write_all(format!("GET {target} HTTP/1.1\r\nHost: localhost:{port}\r\n\r\n").as_bytes())
        .await?;
    let mut out = String::new();
    s.read_to_string(&mut out).await?;
    let status = out.lines().next().unwrap_or_default().to_owned();
    Ok((status, out))
}

async fn listen() -> (LoopbackListener, u16) {
    let l = LoopbackListener::bind(0).await.expect("bind");
    let p = l.port();
    (l, p)
}

#[tokio::test]
async fn matching_callback_yields_code_and_closes_the_listener() {
    let (l, port) = listen().await;
    let wait = tokio::spawn(l.wait("st4te", Duration::from_secs(10), CancellationToken::new()));
    let (status, body) = get(port, "/callback?code=AUTHCODE&state=st4te")
        .await
        .unwrap();
    assert!(status.contains("200"), "{status}");
    assert!(body.contains("You can close this tab"));
    assert_eq!(wait.await.unwrap().unwrap().expose(), "AUTHCODE");
    // Replaying the same callback finds nobody listening.
    tokio::time::sleep(Duration::from_millis(50)).await;
    assert!(get(port, "/callback?code=AUTHCODE&state=st4te")
        .await
        .is_err());
}

#[tokio::test]
async fn favicon_and_other_paths_are_ignored_until_the_callback_arrives() {
    let (l, port) = listen().await;
    let wait = tokio::spawn(l.wait("s", Duration::from_secs(10), CancellationToken::new()));
    let (status, _) = get(port, "/favicon.ico").await.unwrap();
    assert!(status.contains("404"));
    let (status, _) = get(port, "/").await.unwrap();
    assert!(status.contains("404"));
    assert!(!wait.is_finished());
    get(port, "/callback?code=C&state=s").await.unwrap();
    assert_eq!(wait.await.unwrap().unwrap().expose(), "C");
}

#[tokio::test]
async fn wrong_state_is_refused_and_reported() {
    let (l, port) = listen().await;
    let wait = tokio::spawn(l.wait(
        "expected",
        Duration::from_secs(10),
        CancellationToken::new(),
    ));
    let (status, body) = get(port, "/callback?code=C&state=forged").await.unwrap();
    assert!(status.contains("400"));
    assert!(body.contains("out of date"));
    assert!(matches!(
        wait.await.unwrap(),
        Err(LoopbackError::StateMismatch)
    ));
}

#[tokio::test]
async fn deny_is_reported_with_the_error() {
    let (l, port) = listen().await;
    let wait = tokio::spawn(l.wait("s", Duration::from_secs(10), CancellationToken::new()));
    let (_, body) = get(port, "/callback?code=null&error=access_denied&state=s")
        .await
        .unwrap();
    assert!(body.contains("Deny"));
    assert!(matches!(wait.await.unwrap(), Err(LoopbackError::Denied(e)) if e == "access_denied"));
}

#[tokio::test]
async fn no_answer_times_out() {
    let (l, _) = listen().await;
    let r = l
        .wait("s", Duration::from_millis(200), CancellationToken::new())
        .await;
    assert!(matches!(r, Err(LoopbackError::TimedOut(_))));
}

#[tokio::test]
async fn cancel_ends_the_wait_and_frees_the_port() {
    let (l, port) = listen().await;
    let cancel = CancellationToken::new();
    let wait = tokio::spawn(l.wait("s", Duration::from_secs(30), cancel.clone()));
    cancel.cancel();
    assert!(matches!(wait.await.unwrap(), Err(LoopbackError::Cancelled)));
    LoopbackListener::bind(port)
        .await
        .expect("port is free again");
}

#[tokio::test]
async fn port_in_use_is_named() {
    let (_held, port) = listen().await;
    let r = LoopbackListener::bind(port).await;
    assert!(matches!(r, Err(LoopbackError::PortInUse(p)) if p == port));
    let msg = r.err().map(|e| e.to_string()).unwrap_or_default();
    assert!(msg.contains("already in use"), "{msg}");
}

#[tokio::test]
async fn a_silent_connection_does_not_block_the_real_callback() {
    let (l, port) = listen().await;
    let wait = tokio::spawn(l.wait("s", Duration::from_secs(20), CancellationToken::new()));
    // A connection that never sends anything (a pre-connect by the browser) ...
    let _idle = TcpStream::connect(("127.0.0.1", port)).await.unwrap();
    tokio::time::sleep(Duration::from_millis(100)).await;
    // ... only delays the wait by the per-connection timeout.
    get(port, "/callback?code=C&state=s").await.unwrap();
    assert_eq!(wait.await.unwrap().unwrap().expose(), "C");
}

#[tokio::test]
async fn malformed_and_non_get_requests_do_not_end_the_wait() {
    let (l, port) = listen().await;
    let wait = tokio::spawn(l.wait("s", Duration::from_secs(10), CancellationToken::new()));
    // Not HTTP at all: refused by the parser, the connection closed.
    let mut garbage = TcpStream::connect(("127.0.0.1", port)).await.unwrap();
    garbage
        .write_all(b"\x16\x03\x01 hello\r\n\r\n")
        .await
        .unwrap();
    let mut reply = Vec::new();
    let _ = garbage.read_to_end(&mut reply).await;
    assert!(!String::from_utf8_lossy(&reply).contains("200 OK"));
    // A POST to the callback path is not the redirect.
    let mut post = TcpStream::connect(("127.0.0.1", port)).await.unwrap();
    post.write_all(
        format!("POST /callback?code=X&state=s HTTP/1.1\r\nHost: localhost:{port}\r\nContent-Length: 0\r\n\r\n")
            .as_bytes(),
    )
    .await
    .unwrap();
    let mut reply = String::new();
    post.read_to_string(&mut reply).await.unwrap();
    assert!(reply.starts_with("HTTP/1.1 404"), "{reply}");
    assert!(!wait.is_finished());
    get(port, "/callback?code=C&state=s").await.unwrap();
    assert_eq!(wait.await.unwrap().unwrap().expose(), "C");
}

#[tokio::test]
async fn the_answer_page_is_not_cached_and_closes_the_connection() {
    let (l, port) = listen().await;
    let wait = tokio::spawn(l.wait("s", Duration::from_secs(10), CancellationToken::new()));
    let (_, reply) = get(port, "/callback?code=C&state=s").await.unwrap();
    let head = reply
        .split("\r\n\r\n")
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    assert!(head.contains("cache-control: no-store"), "{head}");
    assert!(
        head.contains("content-type: text/html; charset=utf-8"),
        "{head}"
    );
    assert!(head.contains("connection: close"), "{head}");
    wait.await.unwrap().unwrap();
}
