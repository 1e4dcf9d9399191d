//! The control API over HTTP under `/_sandbox/` (JSON in and out, never signed, clearly apart
//! from TikTok's paths), for the CLI sandbox, scripts and out-of-process benchmarks. Every route
//! maps onto a [`Control`] method. Errors are `{"error": "..."}` with 400 or 404.
//!
//! | route | body | answer |
//! |---|---|---|
//! | `GET /_sandbox` | | demo credentials, URLs, virtual now |
//! | `POST /_sandbox/apps` | `AppRegistration` | `{}` |
//! | `PUT /_sandbox/apps/{app_key}/redirect_url` | `{redirect_url}` | `{}` |
//! | `PUT /_sandbox/apps/{app_key}/scopes` | `{scopes}` | `{}` |
//! | `GET /_sandbox/sellers`, `GET /_sandbox/shops` | | lists |
//! | `PUT /_sandbox/browser_seller` | `{seller_id}` | `{}` |
//! | `POST /_sandbox/auth_codes` | `{app_key, seller_id}` | `{code}` |
//! | `POST /_sandbox/tokens` | `{app_key, seller_id}` | token data |
//! | `POST /_sandbox/orders` | `{shop_id, count, spread_seconds?}` | `{order_ids}` |
//! | `POST /_sandbox/orders/ship` | `{shop_id, order_id}` | `{}` |
//! | `POST /_sandbox/orders/cancel_request` | `{shop_id, order_id, reason?}` | `{cancel_id}` |
//! | `GET /_sandbox/shops/{id}/orders/{order_id}/cancellations` | | `[CancellationInfo]` |
//! | `GET /_sandbox/shops/{id}/orders` | | `[Order]` |
//! | `GET /_sandbox/shops/{id}/orders/count` | | `{count}` |
//! | `GET /_sandbox/shops/{id}/catalog` | | `[CatalogSku]` |
//! | `GET /_sandbox/clock` | | `{now, server_now, skew, paused}` |
//! | `POST /_sandbox/clock/advance` | `{seconds}` | `{now}` |
//! | `PUT /_sandbox/clock/skew` | `{seconds}` | `{}` |
//! | `PUT /_sandbox/clock/paused` | `{paused}` | `{}` |
//! | `PUT /_sandbox/latency` | `{ms}` | `{}` |
//! | `PUT /_sandbox/rate_limit` | `{qps}` | `{}` |
//! | `PUT /_sandbox/faults` | `{p_5xx, p_429, p_hang, hang (ms), p_truncate}` | `{}` |
//! | `PUT /_sandbox/faults/gateway` | `{p_503, p_429_plain}` | `{}` |
//! | `PUT /_sandbox/tokens/rotation` | `{enabled}` | `{}` |
//! | `PUT /_sandbox/tokens/legacy_errors` | `{enabled}` | `{}` |
//! | `PUT /_sandbox/search_index` | `{lag_seconds}` (`null` = keyset, current index) | `{}` |
//! | `POST /_sandbox/tokens/expire` | `{app_key}` | `{count}` |
//! | `POST /_sandbox/refresh_tokens/expire` | `{app_key}` | `{count}` |
//! | `POST /_sandbox/authorizations/revoke` | `{app_key, seller_id}` | `{count}` |
//! | `GET /_sandbox/stats`, `POST /_sandbox/stats/reset` | | `Stats` / `{}` |
//! | `GET /_sandbox/images/{name}.svg` | | a placeholder product or SKU image (see `products::images`) |
//! | `GET /_sandbox/shops/{id}/orders/{order_id}/writes` | | `WriteCounts` |
//! | `GET /_sandbox/shops/{id}/packages/{package_id}/writes` | | `{count}` |
//! | `GET /_sandbox/shops/{id}/writes` | | `{order_id: writes}` |
//! | `PUT /_sandbox/faults/writes` | `{p_drop, p_truncate}` | `{}` |
//! | `GET /_sandbox/shops/{id}/delivery_options/{option_id}/shipping_providers` | | `[ProviderInfo]` |
//! | `GET /_sandbox/shops/{id}/shipping_providers/{provider_id}/sample?seq=N` | | `{tracking_number}` |
//! | `GET /_sandbox/drop_off_points` | | a placeholder drop-off point page |
//! | `PUT /_sandbox/documents/generation` | `{pending_calls, code?}` | `{}` |
//! | `GET /_sandbox/shops/{id}/packages/{package_id}/documents` | | `DocumentCalls` |
//!
//! The product routes (catalog, stock, promotion locks, product writes) are listed in
//! `products::control_http`; the finance routes (statements, transactions, payments, call
//! counts, settled history) in `finance::control_http`.

use crate::control::{AppRegistration, Control};
use crate::faults::{Faults, GatewayFaults, WriteFaults};
use crate::fulfillment::documents::desk::DocumentGeneration;
use crate::state::Inner;
use crate::{demo_info_for, SandboxError};
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::Router;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::sync::Arc;
use std::time::Duration;

type St = State<Arc<Inner>>;

fn control(inner: &Arc<Inner>) -> Control {
    Control {
        inner: inner.clone(),
    }
}

fn reply<T: Serialize>(value: T) -> Response {
    match serde_json::to_vec(&value) {
        Ok(body) => {
            let mut r = (StatusCode::OK, body).into_response();
            r.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            );
            r
        }
        Err(e) => error(StatusCode::INTERNAL_SERVER_ERROR, &e.to_string()),
    }
}

fn error(status: StatusCode, message: &str) -> Response {
    let mut r = (status, json!({ "error": message }).to_string()).into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    r
}

fn sandbox_error(e: SandboxError) -> Response {
    let status = match e {
        SandboxError::UnknownApp(_)
        | SandboxError::UnknownSeller(_)
        | SandboxError::UnknownShop(_)
        | SandboxError::UnknownOrder(_) => StatusCode::NOT_FOUND,
        _ => StatusCode::BAD_REQUEST,
    };
    error(status, &e.to_string())
}

fn result<T: Serialize>(r: Result<T, SandboxError>) -> Response {
    match r {
        Ok(v) => reply(v),
        Err(e) => sandbox_error(e),
    }
}

fn parse<T: DeserializeOwned>(body: &Bytes) -> Result<T, Box<Response>> {
    serde_json::from_slice(body).map_err(|e| {
        Box::new(error(
            StatusCode::BAD_REQUEST,
            &format!("invalid JSON body: {e}"),
        ))
    })
}

macro_rules! body {
    ($t:ty, $b:expr) => {
        match parse::<$t>(&$b) {
            Ok(v) => v,
            Err(r) => return *r,
        }
    };
}

#[derive(Deserialize)]
struct RedirectBody {
    redirect_url: String,
}
#[derive(Deserialize)]
struct ScopesBody {
    scopes: Vec<String>,
}
#[derive(Deserialize)]
struct SellerBody {
    seller_id: String,
}
#[derive(Deserialize)]
struct AppSellerBody {
    app_key: String,
    seller_id: String,
}
#[derive(Deserialize)]
struct AppBody {
    app_key: String,
}
#[derive(Deserialize)]
struct OrdersBody {
    shop_id: String,
    count: usize,
    #[serde(default)]
    spread_seconds: u64,
}
#[derive(Deserialize)]
struct ShipBody {
    shop_id: String,
    order_id: String,
}
#[derive(Deserialize)]
struct SecondsBody {
    seconds: i64,
}
#[derive(Deserialize)]
struct PausedBody {
    paused: bool,
}
#[derive(Deserialize)]
struct MsBody {
    ms: u64,
}
#[derive(Deserialize)]
struct SwitchBody {
    enabled: bool,
}
#[derive(Deserialize)]
struct IndexBody {
    lag_seconds: Option<u64>,
}
#[derive(Deserialize)]
struct QpsBody {
    qps: u32,
}

/// The most orders one control call may create (keeps a typo from eating the machine).
const MAX_CREATE: usize = 2_000_000;

pub fn router() -> Router<Arc<Inner>> {
    Router::new()
        .route("/_sandbox", get(info))
        .route("/_sandbox/apps", post(register_app))
        .route("/_sandbox/apps/{app_key}/redirect_url", put(set_redirect))
        .route("/_sandbox/apps/{app_key}/scopes", put(set_scopes))
        .route("/_sandbox/sellers", get(sellers))
        .route("/_sandbox/shops", get(shops))
        .route("/_sandbox/browser_seller", put(browser_seller))
        .route("/_sandbox/auth_codes", post(auth_code))
        .route("/_sandbox/tokens", post(tokens))
        .route("/_sandbox/orders", post(create_orders))
        .route("/_sandbox/orders/ship", post(ship))
        .route("/_sandbox/orders/cancel_request", post(cancel_request))
        .route(
            "/_sandbox/shops/{id}/orders/{order_id}/cancellations",
            get(order_cancellations),
        )
        .route("/_sandbox/shops/{id}/orders", get(orders))
        .route("/_sandbox/shops/{id}/orders/count", get(order_count))
        .route("/_sandbox/shops/{id}/catalog", get(catalog))
        .route("/_sandbox/clock", get(clock))
        .route("/_sandbox/clock/advance", post(advance))
        .route("/_sandbox/clock/skew", put(skew))
        .route("/_sandbox/clock/paused", put(paused))
        .route("/_sandbox/latency", put(latency))
        .route("/_sandbox/rate_limit", put(rate_limit))
        .route("/_sandbox/faults", put(faults))
        .route("/_sandbox/faults/gateway", put(gateway_faults))
        .route("/_sandbox/tokens/rotation", put(token_rotation))
        .route("/_sandbox/tokens/legacy_errors", put(legacy_token_errors))
        .route("/_sandbox/search_index", put(search_index))
        .route("/_sandbox/tokens/expire", post(expire_tokens))
        .route("/_sandbox/refresh_tokens/expire", post(expire_refresh))
        .route("/_sandbox/authorizations/revoke", post(revoke))
        .route("/_sandbox/stats", get(stats).delete(reset_stats))
        .route("/_sandbox/stats/reset", post(reset_stats))
        .route(
            "/_sandbox/images/{file}",
            get(crate::products::images::serve),
        )
        .route(
            "/_sandbox/shops/{id}/orders/{order_id}/writes",
            get(order_writes),
        )
        .route(
            "/_sandbox/shops/{id}/packages/{package_id}/writes",
            get(package_writes),
        )
        .route("/_sandbox/shops/{id}/writes", get(shop_writes))
        .route("/_sandbox/faults/writes", put(write_faults))
        .route(
            "/_sandbox/shops/{id}/delivery_options/{option_id}/shipping_providers",
            get(shipping_providers),
        )
        .route(
            "/_sandbox/shops/{id}/shipping_providers/{provider_id}/sample",
            get(sample_tracking),
        )
        .route("/_sandbox/drop_off_points", get(drop_off_points))
        .route("/_sandbox/documents/generation", put(document_generation))
        .route(
            "/_sandbox/shops/{id}/packages/{package_id}/documents",
            get(document_calls),
        )
        .merge(crate::products::router())
        .merge(crate::finance::router())
}

async fn document_generation(State(inner): St, b: Bytes) -> Response {
    let g = body!(DocumentGeneration, b);
    result(
        control(&inner)
            .set_document_generation(g)
            .map(|_| json!({})),
    )
}

async fn document_calls(
    State(inner): St,
    Path((id, package_id)): Path<(String, String)>,
) -> Response {
    result(control(&inner).document_calls(&id, &package_id))
}

async fn order_writes(State(inner): St, Path((id, order_id)): Path<(String, String)>) -> Response {
    result(control(&inner).write_counts(&id, &order_id))
}

async fn package_writes(
    State(inner): St,
    Path((id, package_id)): Path<(String, String)>,
) -> Response {
    result(
        control(&inner)
            .package_write_count(&id, &package_id)
            .map(|n| json!({ "count": n })),
    )
}

async fn shop_writes(State(inner): St, Path(id): Path<String>) -> Response {
    result(control(&inner).shop_write_counts(&id))
}

async fn write_faults(State(inner): St, b: Bytes) -> Response {
    let f = body!(WriteFaults, b);
    result(control(&inner).set_write_faults(f).map(|_| json!({})))
}

async fn shipping_providers(
    State(inner): St,
    Path((id, option_id)): Path<(String, String)>,
) -> Response {
    result(control(&inner).shipping_providers(&id, &option_id))
}

#[derive(Deserialize)]
struct SeqQuery {
    #[serde(default)]
    seq: u64,
}

async fn sample_tracking(
    State(inner): St,
    Path((id, provider_id)): Path<(String, String)>,
    Query(q): Query<SeqQuery>,
) -> Response {
    result(
        control(&inner)
            .sample_tracking_number(&id, &provider_id, q.seq)
            .map(|n| json!({ "tracking_number": n })),
    )
}

/// The page `drop_off_point_url` (Get Package Handover Time Slots) points at, so the link
/// opens offline.
async fn drop_off_points() -> Response {
    let html = "<!doctype html><meta charset=\"utf-8\"><title>Drop-off points</title>\
<h1>Drop-off points (sandbox)</h1><ul><li>Sandbox Parcel Shop, 1 Main St</li>\
<li>Sandbox Locker, 20 Market St</li></ul>";
    let mut r = (StatusCode::OK, html).into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    r
}

async fn info(State(inner): St) -> Response {
    let base = inner.render_ctx().image_base;
    let mut v = serde_json::to_value(demo_info_for(&base, &control(&inner))).unwrap_or_default();
    if let Some(m) = v.as_object_mut() {
        m.insert("now".into(), json!(inner.clock.now()));
    }
    reply(v)
}

async fn register_app(State(inner): St, b: Bytes) -> Response {
    let app = body!(AppRegistration, b);
    result(control(&inner).register_app(app).map(|_| json!({})))
}

async fn set_redirect(State(inner): St, Path(app_key): Path<String>, b: Bytes) -> Response {
    let r = body!(RedirectBody, b);
    result(
        control(&inner)
            .set_redirect_url(&app_key, &r.redirect_url)
            .map(|_| json!({})),
    )
}

async fn set_scopes(State(inner): St, Path(app_key): Path<String>, b: Bytes) -> Response {
    let r = body!(ScopesBody, b);
    result(
        control(&inner)
            .set_app_scopes(&app_key, r.scopes)
            .map(|_| json!({})),
    )
}

async fn sellers(State(inner): St) -> Response {
    reply(control(&inner).sellers())
}

async fn shops(State(inner): St) -> Response {
    reply(control(&inner).shops())
}

async fn browser_seller(State(inner): St, b: Bytes) -> Response {
    let r = body!(SellerBody, b);
    result(
        control(&inner)
            .set_browser_seller(&r.seller_id)
            .map(|_| json!({})),
    )
}

async fn auth_code(State(inner): St, b: Bytes) -> Response {
    let r = body!(AppSellerBody, b);
    result(
        control(&inner)
            .issue_auth_code(&r.app_key, &r.seller_id)
            .map(|code| json!({ "code": code })),
    )
}

async fn tokens(State(inner): St, b: Bytes) -> Response {
    let r = body!(AppSellerBody, b);
    result(control(&inner).grant_tokens(&r.app_key, &r.seller_id))
}

async fn create_orders(State(inner): St, b: Bytes) -> Response {
    let r = body!(OrdersBody, b);
    if r.count > MAX_CREATE {
        return error(
            StatusCode::BAD_REQUEST,
            &format!("count must be at most {MAX_CREATE}"),
        );
    }
    let c = control(&inner);
    // Generation is CPU-bound; keep it off the async workers.
    let out = tokio::task::spawn_blocking(move || {
        c.create_orders_spread(&r.shop_id, r.count, Duration::from_secs(r.spread_seconds))
    })
    .await;
    match out {
        Ok(r) => result(r.map(|ids| json!({ "order_ids": ids }))),
        Err(e) => error(StatusCode::INTERNAL_SERVER_ERROR, &e.to_string()),
    }
}

async fn ship(State(inner): St, b: Bytes) -> Response {
    let r = body!(ShipBody, b);
    result(
        control(&inner)
            .ship_order(&r.shop_id, &r.order_id)
            .map(|_| json!({})),
    )
}

#[derive(Deserialize)]
struct CancelRequestBody {
    shop_id: String,
    order_id: String,
    #[serde(default)]
    reason: u8,
}

async fn cancel_request(State(inner): St, b: Bytes) -> Response {
    let r = body!(CancelRequestBody, b);
    result(
        control(&inner)
            .request_buyer_cancel(&r.shop_id, &r.order_id, r.reason)
            .map(|id| json!({ "cancel_id": id })),
    )
}

async fn order_cancellations(
    State(inner): St,
    Path((id, order_id)): Path<(String, String)>,
) -> Response {
    result(control(&inner).cancellations(&id, &order_id))
}

async fn orders(State(inner): St, Path(id): Path<String>) -> Response {
    result(control(&inner).orders(&id))
}

async fn order_count(State(inner): St, Path(id): Path<String>) -> Response {
    result(
        control(&inner)
            .order_count(&id)
            .map(|n| json!({ "count": n })),
    )
}

async fn catalog(State(inner): St, Path(id): Path<String>) -> Response {
    result(control(&inner).catalog(&id))
}

async fn clock(State(inner): St) -> Response {
    reply(json!({
        "now": inner.clock.now(),
        "server_now": inner.clock.server_now(),
        "skew": inner.clock.skew(),
        "paused": inner.clock.is_paused(),
    }))
}

async fn advance(State(inner): St, b: Bytes) -> Response {
    let r = body!(SecondsBody, b);
    if r.seconds < 0 {
        return error(
            StatusCode::BAD_REQUEST,
            "the virtual clock only moves forward",
        );
    }
    let now = control(&inner).advance_clock(Duration::from_secs(r.seconds as u64));
    reply(json!({ "now": now }))
}

async fn skew(State(inner): St, b: Bytes) -> Response {
    let r = body!(SecondsBody, b);
    control(&inner).set_clock_skew(r.seconds);
    reply(json!({}))
}

async fn paused(State(inner): St, b: Bytes) -> Response {
    let r = body!(PausedBody, b);
    if r.paused {
        control(&inner).pause_clock();
    } else {
        control(&inner).resume_clock();
    }
    reply(json!({}))
}

async fn latency(State(inner): St, b: Bytes) -> Response {
    let r = body!(MsBody, b);
    control(&inner).set_latency(Duration::from_millis(r.ms));
    reply(json!({}))
}

async fn rate_limit(State(inner): St, b: Bytes) -> Response {
    let r = body!(QpsBody, b);
    control(&inner).set_rate_limit(r.qps);
    reply(json!({}))
}

async fn faults(State(inner): St, b: Bytes) -> Response {
    let f = body!(Faults, b);
    result(control(&inner).set_faults(f).map(|_| json!({})))
}

async fn gateway_faults(State(inner): St, b: Bytes) -> Response {
    let f = body!(GatewayFaults, b);
    result(control(&inner).set_gateway_faults(f).map(|_| json!({})))
}

async fn token_rotation(State(inner): St, b: Bytes) -> Response {
    let r = body!(SwitchBody, b);
    control(&inner).set_token_rotation(r.enabled);
    reply(json!({}))
}

async fn legacy_token_errors(State(inner): St, b: Bytes) -> Response {
    let r = body!(SwitchBody, b);
    control(&inner).set_legacy_token_errors(r.enabled);
    reply(json!({}))
}

async fn search_index(State(inner): St, b: Bytes) -> Response {
    let r = body!(IndexBody, b);
    control(&inner).set_search_index_lag(r.lag_seconds.map(Duration::from_secs));
    reply(json!({}))
}

async fn expire_tokens(State(inner): St, b: Bytes) -> Response {
    let r = body!(AppBody, b);
    result(
        control(&inner)
            .expire_access_tokens(&r.app_key)
            .map(|n| json!({ "count": n })),
    )
}

async fn expire_refresh(State(inner): St, b: Bytes) -> Response {
    let r = body!(AppBody, b);
    result(
        control(&inner)
            .expire_refresh_tokens(&r.app_key)
            .map(|n| json!({ "count": n })),
    )
}

async fn revoke(State(inner): St, b: Bytes) -> Response {
    let r = body!(AppSellerBody, b);
    result(
        control(&inner)
            .revoke_authorization(&r.app_key, &r.seller_id)
            .map(|n| json!({ "count": n })),
    )
}

async fn stats(State(inner): St) -> Response {
    reply(control(&inner).stats())
}

async fn reset_stats(State(inner): St) -> Response {
    control(&inner).reset_stats();
    reply(json!({}))
}
