//! The HTTP server: one listener serving TikTok's three hosts (Open API, token service,
//! authorization page) and the `/_sandbox/` control API, since `Endpoints::sandbox(base)`
//! points all three at one base URL.

use crate::authpage;
use crate::control_http;
use crate::fulfillment::documents::{self, desk::Download};
use crate::openapi;
use crate::state::lock;
use crate::state::Inner;
use crate::tokens;
use axum::body::{Body, Bytes};
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use std::sync::Arc;

pub fn router(inner: Arc<Inner>) -> Router {
    Router::new()
        .route(authpage::PAGE_PATH, get(show_page))
        .route(authpage::CONFIRM_PATH, post(confirm))
        .route(
            &format!("{}{{token}}", documents::DOC_PATH_PREFIX),
            get(document),
        )
        .merge(control_http::router())
        .fallback(fallback)
        .with_state(inner)
}

async fn show_page(State(inner): State<Arc<Inner>>, uri: Uri) -> Response {
    authpage::show(&inner, &uri)
}

async fn confirm(State(inner): State<Arc<Inner>>, body: Bytes) -> Response {
    authpage::confirm(&inner, &body)
}

/// A `doc_url` of Get Package Shipping Document: the file while the link is valid (24 h of
/// sandbox time), then 403 (as an expired signed link answers), 404 for a link never issued.
async fn document(State(inner): State<Arc<Inner>>, Path(token): Path<String>) -> Response {
    let now = inner.clock.now();
    let found = lock(&inner.documents).download(&token, now);
    match found {
        Download::File {
            content_type,
            bytes,
        } => {
            let mut r = (StatusCode::OK, bytes.as_ref().clone()).into_response();
            r.headers_mut()
                .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
            r
        }
        Download::Expired => (StatusCode::FORBIDDEN, "This link has expired.").into_response(),
        Download::Unknown => (StatusCode::NOT_FOUND, "No such file.").into_response(),
    }
}

/// Everything that is not the page or the control API: the token service and the Open API
/// (whose own router answers unknown paths with TikTok's 36009009).
async fn fallback(
    State(inner): State<Arc<Inner>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let path = uri.path();
    if path == "/_sandbox" || path.starts_with("/_sandbox/") {
        let msg =
            serde_json::json!({ "error": format!("no sandbox control route {method} {path}") });
        return (StatusCode::NOT_FOUND, msg.to_string()).into_response();
    }
    if path == tokens::GET_PATH || path == tokens::REFRESH_PATH {
        return tokens::handle(&inner, &method, &uri).await;
    }
    openapi::handle(inner, method, uri, headers, body).await
}
