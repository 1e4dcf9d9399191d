//! The finance routes of the control API (`/_sandbox/...`, JSON, never signed); each maps
//! onto a [`Control`] method.
//!
//! | route | body | answer |
//! |---|---|---|
//! | `GET /_sandbox/shops/{id}/finance/statements` | | `[FinanceStatement]` |
//! | `GET /_sandbox/shops/{id}/finance/statements/{statement_id}/transactions` | | `[FinanceTransaction]` |
//! | `GET /_sandbox/shops/{id}/finance/orders/{order_id}` | | `FinanceOrder` or `null` |
//! | `GET /_sandbox/shops/{id}/finance/payments` | | `[FinancePayment]` |
//! | `GET /_sandbox/shops/{id}/finance/calls` | | `FinanceCallCounts` |
//! | `GET /_sandbox/shops/{id}/finance/settled_orders` | | `{count}` |
//! | `POST /_sandbox/shops/{id}/finance/history` | `{settled_orders, days}` | `{settled_orders}` |

use super::history::MAX_HISTORY_ORDERS;
use crate::control::Control;
use crate::state::Inner;
use crate::SandboxError;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
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
                SandboxError::UnknownShop(_) | SandboxError::UnknownOrder(_) => {
                    StatusCode::NOT_FOUND
                }
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

#[derive(Deserialize)]
struct HistoryBody {
    settled_orders: usize,
    days: u32,
}

pub fn router() -> Router<Arc<Inner>> {
    Router::new()
        .route("/_sandbox/shops/{id}/finance/statements", get(statements))
        .route(
            "/_sandbox/shops/{id}/finance/statements/{statement_id}/transactions",
            get(transactions),
        )
        .route("/_sandbox/shops/{id}/finance/orders/{order_id}", get(order))
        .route("/_sandbox/shops/{id}/finance/payments", get(payments))
        .route("/_sandbox/shops/{id}/finance/calls", get(calls))
        .route(
            "/_sandbox/shops/{id}/finance/settled_orders",
            get(settled_orders),
        )
        .route("/_sandbox/shops/{id}/finance/history", post(history))
}

async fn statements(State(inner): St, Path(id): Path<String>) -> Response {
    answer(control(&inner).finance_statements(&id))
}

async fn transactions(State(inner): St, Path((id, statement)): Path<(String, String)>) -> Response {
    answer(control(&inner).finance_transactions(&id, &statement))
}

async fn order(State(inner): St, Path((id, order)): Path<(String, String)>) -> Response {
    answer(control(&inner).finance_order(&id, &order))
}

async fn payments(State(inner): St, Path(id): Path<String>) -> Response {
    answer(control(&inner).finance_payments(&id))
}

async fn calls(State(inner): St, Path(id): Path<String>) -> Response {
    answer(control(&inner).finance_call_counts(&id))
}

async fn settled_orders(State(inner): St, Path(id): Path<String>) -> Response {
    answer(
        control(&inner)
            .settled_order_count(&id)
            .map(|n| json!({ "count": n })),
    )
}

/// Generation takes a while for large histories: it runs off the async workers.
async fn history(State(inner): St, Path(id): Path<String>, b: Bytes) -> Response {
    let body: HistoryBody = match serde_json::from_slice(&b) {
        Ok(v) => v,
        Err(e) => {
            return answer::<()>(Err(SandboxError::Invalid(format!(
                "invalid JSON body: {e}"
            ))))
        }
    };
    if body.settled_orders > MAX_HISTORY_ORDERS {
        return answer::<()>(Err(SandboxError::Invalid(format!(
            "at most {MAX_HISTORY_ORDERS} settled orders"
        ))));
    }
    let c = control(&inner);
    let done = tokio::task::spawn_blocking(move || {
        c.generate_settled_history(&id, body.settled_orders, body.days)
    })
    .await
    .unwrap_or_else(|e| Err(SandboxError::Invalid(format!("generation failed: {e}"))));
    answer(done.map(|n| json!({ "settled_orders": n })))
}
