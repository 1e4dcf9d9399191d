//! The sandbox's image host: the product and SKU images its catalog links to
//! (`/_sandbox/images/{name}.svg`, a placeholder picture per name, so the demo shows images
//! without the internet). It counts the requests it gets and can be made to fail, so tests of
//! Shopdock's thumbnail cache see what was downloaded and what a broken host does.

use crate::control::Control;
use crate::state::{lock, Inner};
use crate::SandboxError;
use axum::extract::{Path, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

/// The image host's state.
#[derive(Debug, Default)]
pub struct ImageHost {
    requests: AtomicU64,
    failing: Mutex<Option<u16>>,
}

/// What the control API shows of the image host.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImageHostState {
    /// Image requests since the sandbox started (failed ones too).
    pub requests: u64,
    /// The HTTP status every image request gets instead of its image; `None`: images are
    /// served.
    pub failing_status: Option<u16>,
}

impl Control {
    /// The image host's request count and failure switch.
    pub fn image_host(&self) -> ImageHostState {
        let host = &self.inner.images;
        ImageHostState {
            requests: host.requests.load(Ordering::Relaxed),
            failing_status: *lock(&host.failing),
        }
    }

    /// Makes every image request fail with `status` (an HTTP error, 400 to 599), or serves
    /// images again (`None`).
    pub fn set_image_host_failing(&self, status: Option<u16>) -> Result<(), SandboxError> {
        if status.is_some_and(|s| !(400..=599).contains(&s)) {
            return Err(SandboxError::Invalid(
                "an image host failure is an HTTP status from 400 to 599".into(),
            ));
        }
        *lock(&self.inner.images.failing) = status;
        Ok(())
    }
}

/// `GET /_sandbox/images/{name}.svg`: a placeholder picture whose colour and label follow the
/// name (so a replaced image looks different), or the failure the host is switched to.
pub(crate) async fn serve(State(inner): State<Arc<Inner>>, Path(file): Path<String>) -> Response {
    inner.images.requests.fetch_add(1, Ordering::Relaxed);
    if let Some(status) = *lock(&inner.images.failing) {
        let status = StatusCode::from_u16(status).unwrap_or(StatusCode::SERVICE_UNAVAILABLE);
        return (status, "the image host is failing").into_response();
    }
    let stem = file.strip_suffix(".svg").unwrap_or(&file);
    let hue = crate::rng::label(stem) % 360;
    let tag: String = stem
        .chars()
        .rev()
        .take(4)
        .collect::<String>()
        .chars()
        .rev()
        .collect();
    let svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"200\" height=\"200\" viewBox=\"0 0 200 200\">\
<rect width=\"200\" height=\"200\" fill=\"hsl({hue},55%,62%)\"/>\
<text x=\"100\" y=\"112\" font-family=\"sans-serif\" font-size=\"36\" text-anchor=\"middle\" fill=\"#fff\">{}</text></svg>",
        crate::authpage::escape(&tag)
    );
    let mut r = (StatusCode::OK, svg).into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("image/svg+xml"),
    );
    r
}
