//! The product routes of the control API (`/_sandbox/...`, JSON, never signed); each maps
//! onto a [`Control`] method.
//!
//! | route | body | answer |
//! |---|---|---|
//! | `GET /_sandbox/shops/{id}/products` | | `[ProductInfo]` |
//! | `PUT /_sandbox/shops/{id}/products/count` | `{count}` | `{count}` |
//! | `PUT /_sandbox/shops/{id}/products/filler_skus` | `{skus}` (1-3 or null) | `{}` |
//! | `PATCH /_sandbox/shops/{id}/products/{product_id}` | `ProductEdit` | `{}` |
//! | `GET /_sandbox/shops/{id}/products/{product_id}/writes` | | `ProductWriteCounts` |
//! | `GET /_sandbox/shops/{id}/skus/{sku_id}` | | `SkuStock` |
//! | `PUT /_sandbox/shops/{id}/skus/{sku_id}/promotion_lock` | `{locked}` | `{}` |
//! | `PUT /_sandbox/products/rules` | `{zero_quantity_refused?, cap_refuses_query?}` | `{}` |
//! | `GET /_sandbox/image_host` | | `ImageHostState` |
//! | `PUT /_sandbox/image_host` | `{failing_status}` (`null` = serve images) | `{}` |

use crate::control::Control;
use crate::state::Inner;
use crate::SandboxError;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, patch, put};
use axum::Router;
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::sync::Arc;

type St = State<Arc<Inner>>;

fn control(inner: &Arc<Inner>) -> Control {
    Control {
        inner: inner.clone(),
    }
}

fn answer<T: Serialize>(r: Result<T, SandboxError>) -> Response {
    let (status, body) = match r.map(|v| serde_json::to_vec(&v)) {
        Ok(Ok(body)) => (StatusCode::OK, body),
        Ok(Err(e)) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            json!({ "error": e.to_string() }).to_string().into_bytes(),
        ),
        Err(e) => {
            let status = match e {
                SandboxError::UnknownShop(_) => StatusCode::NOT_FOUND,
                _ => StatusCode::BAD_REQUEST,
            };
            (
                status,
                json!({ "error": e.to_string() }).to_string().into_bytes(),
            )
        }
    };
    let mut r = (status, body).into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    r
}

fn parse<T: for<'de> Deserialize<'de>>(b: &Bytes) -> Result<T, SandboxError> {
    serde_json::from_slice(b).map_err(|e| SandboxError::Invalid(format!("invalid JSON body: {e}")))
}

#[derive(Deserialize)]
struct CountBody {
    count: usize,
}

#[derive(Deserialize)]
struct LockBody {
    locked: bool,
}

#[derive(Deserialize)]
struct ImageHostBody {
    failing_status: Option<u16>,
}

#[derive(Deserialize)]
struct RulesBody {
    zero_quantity_refused: Option<bool>,
    cap_refuses_query: Option<bool>,
}

/// The most products one shop may be given (keeps a typo from eating the machine).
const MAX_PRODUCTS: usize = 500_000;

pub fn router() -> Router<Arc<Inner>> {
    Router::new()
        .route("/_sandbox/shops/{id}/products", get(products))
        .route("/_sandbox/shops/{id}/products/count", put(set_count))
        .route(
            "/_sandbox/shops/{id}/products/filler_skus",
            put(filler_skus),
        )
        .route("/_sandbox/shops/{id}/products/{product_id}", patch(edit))
        .route(
            "/_sandbox/shops/{id}/products/{product_id}/writes",
            get(writes),
        )
        .route("/_sandbox/shops/{id}/skus/{sku_id}", get(sku))
        .route(
            "/_sandbox/shops/{id}/skus/{sku_id}/promotion_lock",
            put(promotion_lock),
        )
        .route("/_sandbox/products/rules", put(rules))
        .route("/_sandbox/image_host", get(image_host).put(set_image_host))
}

async fn products(State(inner): St, Path(id): Path<String>) -> Response {
    answer(control(&inner).products(&id))
}

async fn set_count(State(inner): St, Path(id): Path<String>, b: Bytes) -> Response {
    answer(parse::<CountBody>(&b).and_then(|c| {
        if c.count > MAX_PRODUCTS {
            return Err(SandboxError::Invalid(format!(
                "at most {MAX_PRODUCTS} products per shop"
            )));
        }
        control(&inner)
            .set_product_count(&id, c.count)
            .map(|n| json!({ "count": n }))
    }))
}

#[derive(Deserialize)]
struct FillerSkusBody {
    skus: Option<usize>,
}

async fn filler_skus(State(inner): St, Path(id): Path<String>, b: Bytes) -> Response {
    answer(parse::<FillerSkusBody>(&b).and_then(|f| {
        control(&inner)
            .set_filler_skus(&id, f.skus)
            .map(|_| json!({}))
    }))
}

async fn edit(State(inner): St, Path((id, product)): Path<(String, String)>, b: Bytes) -> Response {
    answer(parse::<super::ProductEdit>(&b).and_then(|e| {
        control(&inner)
            .edit_product(&id, &product, &e)
            .map(|_| json!({}))
    }))
}

async fn writes(State(inner): St, Path((id, product)): Path<(String, String)>) -> Response {
    answer(control(&inner).product_write_counts(&id, &product))
}

async fn sku(State(inner): St, Path((id, sku)): Path<(String, String)>) -> Response {
    answer(control(&inner).sku_stock(&id, &sku))
}

async fn promotion_lock(
    State(inner): St,
    Path((id, sku)): Path<(String, String)>,
    b: Bytes,
) -> Response {
    answer(parse::<LockBody>(&b).and_then(|l| {
        control(&inner)
            .set_promotion_lock(&id, &sku, l.locked)
            .map(|_| json!({}))
    }))
}

async fn rules(State(inner): St, b: Bytes) -> Response {
    answer(parse::<RulesBody>(&b).map(|r| {
        let c = control(&inner);
        if let Some(v) = r.zero_quantity_refused {
            c.set_zero_quantity_refused(v);
        }
        if let Some(v) = r.cap_refuses_query {
            c.set_search_cap_refuses_query(v);
        }
        json!({})
    }))
}

async fn image_host(State(inner): St) -> Response {
    answer(Ok(control(&inner).image_host()))
}

async fn set_image_host(State(inner): St, b: Bytes) -> Response {
    answer(parse::<ImageHostBody>(&b).and_then(|r| {
        control(&inner)
            .set_image_host_failing(r.failing_status)
            .map(|()| json!({}))
    }))
}
