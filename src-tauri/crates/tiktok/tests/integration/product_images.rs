//! Product image downloads over real loopback HTTP: the sandbox's product image is taken, and a
//! small axum host (and a raw one) play the answers an image host must not get through with (a page that is
//! not an image, an error page labelled as one, a file over the cap with and without its
//! length announced, a refusal).

use axum::body::Body;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use shopdock_sandbox::{Sandbox, SandboxConfig};
use shopdock_tiktok::client::ClientOptions;
use shopdock_tiktok::product::{ImageError, ImageHost, ImageKind};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const CAP: usize = 4096;
const PNG: &[u8] = b"\x89PNG\r\n\x1a\nrest-of-a-small-png";

fn typed(content_type: &'static str, body: impl Into<Body>) -> Response {
    ([(header::CONTENT_TYPE, content_type)], body.into()).into_response()
}

/// A host with one route per answer; returns its base URL.
async fn host() -> String {
    let app = Router::new()
        .route("/ok.png", get(|| async { typed("image/png", PNG) }))
        .route(
            "/page.html",
            get(|| async { typed("text/html", "<html></html>") }),
        )
        .route(
            "/error.jpg",
            get(|| async { typed("image/jpeg", "<html>gone</html>") }),
        )
        .route(
            "/big.png",
            get(|| async {
                let mut body = PNG.to_vec();
                body.resize(CAP + 1, 0);
                typed("image/png", body)
            }),
        )
        .route("/missing.png", get(|| async { StatusCode::NOT_FOUND }));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    format!("http://{addr}")
}

/// A host that sends an image with no length announced, until it closes the connection (the
/// cap must hold while reading); returns its URL.
async fn unannounced_host() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((mut conn, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut request = [0u8; 2048];
                let _ = conn.read(&mut request).await;
                let mut body = PNG.to_vec();
                body.resize(2 * CAP, 7);
                let head =
                    "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nConnection: close\r\n\r\n";
                let _ = conn.write_all(head.as_bytes()).await;
                let _ = conn.write_all(&body).await;
            });
        }
    });
    format!("http://{addr}/streamed.png")
}

#[tokio::test]
async fn the_sandbox_product_image_downloads_as_an_svg() {
    let sb = Sandbox::start(SandboxConfig::default()).await.unwrap();
    let images = ImageHost::new(&ClientOptions::default()).unwrap();
    let file = images
        .download(&format!("{}/_sandbox/images/42.svg", sb.base_url()), CAP)
        .await
        .unwrap();
    assert_eq!(file.kind, ImageKind::Svg);
    assert!(file.bytes.starts_with(b"<svg"));
}

#[tokio::test]
async fn only_a_real_image_within_the_cap_is_taken() {
    let base = host().await;
    let images = ImageHost::new(&ClientOptions::default()).unwrap();
    let url = |path: &str| format!("{base}{path}");

    let ok = images.download(&url("/ok.png"), CAP).await.unwrap();
    assert_eq!((ok.kind, ok.bytes.as_slice()), (ImageKind::Png, PNG));
    assert_eq!(
        images.download(&url("/page.html"), CAP).await,
        Err(ImageError::NotAnImage("text/html".into()))
    );
    assert_eq!(
        images.download(&url("/error.jpg"), CAP).await,
        Err(ImageError::Mismatch("image/jpeg"))
    );
    assert_eq!(
        images.download(&url("/big.png"), CAP).await,
        Err(ImageError::TooLarge(CAP))
    );
    assert_eq!(
        images.download(&unannounced_host().await, CAP).await,
        Err(ImageError::TooLarge(CAP))
    );
    assert_eq!(
        images.download(&url("/missing.png"), CAP).await,
        Err(ImageError::Status(404))
    );
    assert!(matches!(
        images.download("file:///etc/passwd", CAP).await,
        Err(ImageError::NotWeb(_))
    ));
}
