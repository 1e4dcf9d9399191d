//! The Open API pipeline (route -> verify -> rate limit -> faults -> latency -> handler) and
//! the endpoint handlers: Get Authorized Shops, Get Active Shops, Search Orders (Get Order
//! List) and Get Order Detail.

use crate::cancellations;
use crate::faults::{Fault, GatewayFault, ReplyLost};
use crate::finance;
use crate::fulfillment;
use crate::orders::{render, Filter, SearchRequest};
use crate::page_token::Cursor;
use crate::products;
use crate::respond::{self, envelope_bytes};
use crate::rng::label;
use crate::routes::{self, Endpoint, Resolved};
use crate::state::{lock, Inner, ShopCell};
use crate::verify::{first, verify, Failure, Verified};
use axum::body::Body;
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::response::Response;
use shopdock_tiktok::codes;
use shopdock_tiktok::model::{
    ActiveShop, ActiveShops, AuthorizedShop, AuthorizedShops, OrderList, OrderPage, OrderStatus,
    SearchOrdersFilter,
};
use std::sync::Arc;
use std::time::Instant;

/// Largest request body accepted (TikTok's JSON bodies are small; uploads are not simulated).
pub const MAX_BODY: usize = 1 << 20;
/// Most ids Get Order Detail accepts (202507 spec).
pub const MAX_DETAIL_IDS: usize = 50;
/// Get Order Detail's error for another seller's order (SPEC:orders/get-order-detail,
/// `error_code_list`).
pub const ORDER_NOT_OF_SELLER: i64 = 21_008_111;
/// Most `warehouse_ids` in a search filter (spec).
pub const MAX_WAREHOUSE_IDS: usize = 100;

/// Serves one Open API request end to end.
pub async fn handle(
    inner: Arc<Inner>,
    method: Method,
    uri: axum::http::Uri,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let path = uri.path().to_string();
    let resolved = routes::resolve_with_params(method.as_str(), &path);
    let route = resolved.as_ref().map(|r| r.route).map_err(|e| *e);
    lock(&inner.stats).request(if route.is_ok() { &path } else { "<unknown>" });
    // The gateway in front of the API may refuse before anything is checked.
    let gateway = lock(&inner.faults).roll_gateway();
    if let Some(fault) = gateway {
        lock(&inner.stats).fault();
        return match fault {
            GatewayFault::Overloaded => respond::plain(
                &inner,
                StatusCode::SERVICE_UNAVAILABLE,
                "Service Unavailable",
            ),
            GatewayFault::ThrottledPlain => {
                respond::plain(&inner, StatusCode::TOO_MANY_REQUESTS, "Too Many Requests")
            }
        };
    }
    let resolved = match resolved {
        Ok(r) => r,
        Err(e) => {
            return respond::fail(&inner, &Failure::new(e.code, e.message).with_status(e.http));
        }
    };
    let route = resolved.route;
    let body = match axum::body::to_bytes(body, MAX_BODY).await {
        Ok(b) => b,
        Err(_) => {
            return respond::fail(
                &inner,
                &Failure::invalid(
                    "Invalid request. The request body could not be read or exceeds 1 MiB.",
                ),
            )
        }
    };
    let query: Vec<(String, String)> =
        url::form_urlencoded::parse(uri.query().unwrap_or("").as_bytes())
            .into_owned()
            .collect();

    let verified = match verify(&inner, route, &path, &query, &headers, &body) {
        Ok(v) => v,
        Err(f) => return respond::fail(&inner, &f),
    };

    // Rate limit, per API per app + shop (DOC:rate-limits: "50 QPS ... for each API", "based
    // on the combination of the app and shop"), on the wall clock. The traffic statistics
    // stay per app + shop: what a client's overall pacing achieved.
    let now = Instant::now();
    let api_key = format!(
        "{} {}/{}",
        verified.rate_key, route.category, route.resource
    );
    let admitted = {
        lock(&inner.stats).arrival(&verified.rate_key, now);
        lock(&inner.limiter).admit(&api_key, now)
    };
    if !admitted {
        lock(&inner.stats).rate_limited();
        return respond::fail(&inner, &too_many());
    }

    // Faults.
    let fault = lock(&inner.faults).roll();
    let mut truncate = false;
    match fault {
        Some(Fault::ServerError) => {
            lock(&inner.stats).fault();
            return respond::fail(
                &inner,
                &Failure::new(
                    codes::INTERNAL_ERROR,
                    "Internal error. Please try again. If the issue persists after multiple attempts, please contact platform support.",
                )
                .with_status(StatusCode::INTERNAL_SERVER_ERROR),
            );
        }
        Some(Fault::TooManyRequests) => {
            lock(&inner.stats).fault();
            return respond::fail(&inner, &too_many());
        }
        Some(Fault::Hang(d)) => {
            lock(&inner.stats).fault();
            tokio::time::sleep(d).await;
        }
        Some(Fault::Truncate) => {
            lock(&inner.stats).fault();
            truncate = true;
        }
        None => {}
    }

    let latency = *lock(&inner.latency);
    if !latency.is_zero() {
        tokio::time::sleep(latency).await;
    }

    let rid = inner.request_id();
    let result = dispatch(&inner, &resolved, &verified, &query, &headers, &body, &rid);
    // A write that was applied may still lose its reply (see `WriteFaults`).
    let lost = match (&result, route.write) {
        (Ok(_), true) => lock(&inner.faults).roll_write(),
        _ => None,
    };
    if let (Some(lost), Ok(bytes)) = (lost, &result) {
        lock(&inner.stats).fault();
        tracing::debug!(?lost, path = %path, "sandbox fault: applied write, reply lost");
        return match lost {
            ReplyLost::Dropped => respond::dropped(&inner, &rid, bytes.len()),
            ReplyLost::Truncated => {
                respond::truncated(&inner, StatusCode::OK, 0, &rid, bytes.clone())
            }
        };
    }
    match result {
        Ok(bytes) if truncate => respond::truncated(&inner, StatusCode::OK, 0, &rid, bytes),
        Ok(bytes) => respond::json(&inner, StatusCode::OK, 0, &rid, bytes),
        Err(f) => respond::fail(&inner, &f),
    }
}

fn too_many() -> Failure {
    Failure::new(
        codes::TOO_MANY_REQUESTS,
        "Too many requests. You've made too many requests in a short period of time.",
    )
    .with_status(StatusCode::TOO_MANY_REQUESTS)
}

fn dispatch(
    inner: &Inner,
    resolved: &Resolved,
    v: &Verified<'_>,
    query: &[(String, String)],
    headers: &HeaderMap,
    body: &[u8],
    rid: &str,
) -> Result<Vec<u8>, Failure> {
    if let Some(shop) = v.shop {
        if let Some(answer) =
            fulfillment::dispatch(inner, shop, resolved, query, headers, body, rid)
        {
            return answer;
        }
        if let Some(answer) =
            cancellations::dispatch(inner, shop, resolved, query, headers, body, rid)
        {
            return answer;
        }
        if let Some(answer) = products::dispatch(inner, shop, resolved, query, headers, body, rid) {
            return answer;
        }
        if let Some(answer) = finance::dispatch(inner, shop, resolved, query, rid) {
            return answer;
        }
    }
    match resolved.route.endpoint {
        Endpoint::AuthorizedShops => {
            let shops = shops_of(inner, &v.seller_id)
                .map(|s| AuthorizedShop {
                    id: s.def.id.clone(),
                    name: s.def.name.clone(),
                    region: s.def.region.to_string(),
                    seller_type: s.def.seller_type.to_string(),
                    cipher: s.def.cipher.clone(),
                    code: s.def.code.clone(),
                })
                .collect();
            Ok(envelope_bytes(
                0,
                "Success",
                rid,
                Some(AuthorizedShops { shops }),
            ))
        }
        Endpoint::ActiveShops => {
            let shops = shops_of(inner, &v.seller_id)
                .map(|s| ActiveShop {
                    id: s.def.id.clone(),
                    region: s.def.region.to_string(),
                })
                .collect();
            Ok(envelope_bytes(
                0,
                "Success",
                rid,
                Some(ActiveShops { shops }),
            ))
        }
        Endpoint::SearchOrders => {
            let shop = v
                .shop
                .ok_or_else(|| Failure::invalid("shop_cipher is required"))?;
            let page = search_orders(inner, shop, query, headers, body)?;
            let malformed = lock(&inner.malformed_orders).clone();
            if malformed.is_empty() {
                return Ok(envelope_bytes(0, "Success", rid, Some(page)));
            }
            let mut page = serde_json::to_value(page).unwrap_or_default();
            for order in page["orders"].as_array_mut().into_iter().flatten() {
                if order["id"]
                    .as_str()
                    .is_some_and(|id| malformed.contains(id))
                {
                    order["create_time"] = "not-a-timestamp".into();
                }
            }
            Ok(envelope_bytes(0, "Success", rid, Some(page)))
        }
        Endpoint::OrderDetail => {
            let shop = v
                .shop
                .ok_or_else(|| Failure::invalid("shop_cipher is required"))?;
            let list = order_detail(inner, shop, query)?;
            Ok(envelope_bytes(0, "Success", rid, Some(list)))
        }
        // Every fulfillment route needs a shop_cipher, so `verify` gave a shop.
        _ => Err(Failure::invalid("shop_cipher is required")),
    }
}

fn shops_of<'a>(inner: &'a Inner, seller_id: &'a str) -> impl Iterator<Item = &'a ShopCell> + 'a {
    inner
        .shops
        .iter()
        .filter(move |s| s.def.seller_id == seller_id)
}

fn require_json(headers: &HeaderMap, body: &[u8]) -> Result<(), Failure> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(());
    }
    let ct = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    if ct.trim_start().starts_with("application/json") {
        Ok(())
    } else {
        Err(Failure::new(
            36_009_022,
            "Invalid request format. The request body format must be `application/json` for structured data or `multipart/form-data` for binary files.",
        ))
    }
}

/// Search Orders: `POST /order/202309/orders/search`.
///
/// Query: `page_size` (required, 1..=100), `page_token`, `sort_field` (`create_time` default |
/// `update_time`), `sort_order` (`DESC` default | `ASC`). Body: `SearchOrdersFilter`; a time
/// pair with one side missing is completed as documented (`_lt` = now, `_ge` = the shop's
/// beginning). Invalid values answer 36009004 (TikTok's exact business codes for these are
/// UNCONFIRMED). The last page carries `next_page_token: ""`. Paging is keyset over a current
/// index, or offset over a lagging one ([`crate::SandboxConfig::search_index_lag`]).
fn search_orders(
    inner: &Inner,
    shop: &ShopCell,
    query: &[(String, String)],
    headers: &HeaderMap,
    body: &[u8],
) -> Result<OrderPage, Failure> {
    let page_size: usize = first(query, "page_size")
        .and_then(|v| v.trim().parse().ok())
        .filter(|n| (1..=100).contains(n))
        .ok_or_else(|| {
            Failure::invalid(
                "Invalid parameter. page_size is required and must be an integer from 1 to 100.",
            )
        })?;
    let by_update = match first(query, "sort_field").filter(|v| !v.is_empty()) {
        None | Some("create_time") => false,
        Some("update_time") => true,
        Some(_) => {
            return Err(Failure::invalid(
                "Invalid parameter. sort_field must be create_time or update_time.",
            ))
        }
    };
    let ascending = match first(query, "sort_order").filter(|v| !v.is_empty()) {
        None => false,
        Some(v) if v.eq_ignore_ascii_case("DESC") => false,
        Some(v) if v.eq_ignore_ascii_case("ASC") => true,
        Some(_) => {
            return Err(Failure::invalid(
                "Invalid parameter. sort_order must be ASC or DESC.",
            ))
        }
    };
    require_json(headers, body)?;
    let raw: SearchOrdersFilter = if body.iter().all(u8::is_ascii_whitespace) {
        SearchOrdersFilter::default()
    } else {
        serde_json::from_slice(body)
            .map_err(|e| Failure::invalid(format!("Invalid request body. {e}")))?
    };
    let now = inner.clock.now();
    let filter = resolve_filter(&raw, now)?;
    let filter_hash = label(&serde_json::to_string(&raw).unwrap_or_default());

    let ctx = inner.render_ctx();
    let mut store = lock(&shop.store);
    store.advance_to(now);
    let offset_paging = store.offset_paging();
    let cursor = match first(query, "page_token").filter(|t| !t.is_empty()) {
        None => None,
        Some(t) => {
            let c = inner
                .page_tokens
                .decode(t)
                .ok_or_else(|| Failure::invalid("Invalid parameter. The page_token is invalid."))?;
            if c.by_update != by_update
                || c.ascending != ascending
                || c.filter_hash != filter_hash
                || c.offset_paging != offset_paging
            {
                return Err(Failure::invalid(
                    "Invalid parameter. The page_token does not belong to this query (sort or filter changed).",
                ));
            }
            Some(c)
        }
    };
    let result = store.search(
        &shop.def,
        &SearchRequest {
            page_size,
            by_update,
            ascending,
            after: cursor.filter(|c| !c.offset_paging).map(|c| (c.time, c.id)),
            offset: offset_paging.then(|| cursor.map_or(0, |c| c.time.max(0) as u64)),
            filter,
        },
    );
    let orders = result
        .positions
        .iter()
        .map(|p| render(&shop.def, store.rec(*p), &ctx))
        .collect();
    drop(store);
    let next = match (result.next, result.next_offset) {
        (Some((time, id)), _) => Some((false, time, id)),
        (None, Some(offset)) => Some((true, i64::try_from(offset).unwrap_or(i64::MAX), 0)),
        (None, None) => None,
    };
    let next_page_token = match next {
        Some((offset_paging, time, id)) => inner.page_tokens.encode(&Cursor {
            offset_paging,
            by_update,
            ascending,
            time,
            id,
            filter_hash,
        }),
        None => String::new(),
    };
    Ok(OrderPage {
        next_page_token: Some(next_page_token),
        total_count: result.total as i64,
        orders,
    })
}

fn resolve_filter(raw: &SearchOrdersFilter, now: i64) -> Result<Filter, Failure> {
    let status = match raw.order_status.as_deref() {
        None | Some("") => None,
        Some(s) => Some(
            OrderStatus::ALL
                .into_iter()
                .find(|x| x.as_str() == s)
                .ok_or_else(|| {
                    Failure::invalid(format!("Invalid parameter. Unknown order_status {s:?}."))
                })?,
        ),
    };
    let pair = |ge: Option<i64>, lt: Option<i64>| -> Option<(i64, i64)> {
        match (ge, lt) {
            (None, None) => None,
            (Some(ge), None) => Some((ge, now)),
            (None, Some(lt)) => Some((0, lt)),
            (Some(ge), Some(lt)) => Some((ge, lt)),
        }
    };
    let tiktok_shipping = match raw.shipping_type.as_deref() {
        None | Some("") => None,
        Some("TIKTOK") => Some(true),
        Some("SELLER") => Some(false),
        Some(s) => {
            return Err(Failure::invalid(format!(
                "Invalid parameter. shipping_type must be TIKTOK or SELLER, got {s:?}."
            )))
        }
    };
    let warehouses = match &raw.warehouse_ids {
        Some(w) if w.len() > MAX_WAREHOUSE_IDS => {
            return Err(Failure::invalid(
                "Invalid parameter. warehouse_ids accepts at most 100 ids.",
            ))
        }
        Some(w) if !w.is_empty() => Some(w.clone()),
        _ => None,
    };
    Ok(Filter {
        status,
        create: pair(raw.create_time_ge, raw.create_time_lt),
        update: pair(raw.update_time_ge, raw.update_time_lt),
        tiktok_shipping,
        buyer_user_id: raw.buyer_user_id.clone().filter(|s| !s.is_empty()),
        buyer_cancel_pending: raw.is_buyer_request_cancel,
        warehouses,
    })
}

/// Get Order Detail: `GET /order/{202309|202507}/orders?ids=a,b` (SPEC:orders/get-order-detail
/// documents `/order/202507/orders`; 202309 is the earlier version of the same path). At most
/// 50 comma-joined ids. An id of an order that belongs to another shop (of this seller or
/// another) fails the whole call with the spec's 21008111 "The order or package does not
/// belong to the current seller."; ids that match no order at all are absent from `orders`.
fn order_detail(
    inner: &Inner,
    shop: &ShopCell,
    query: &[(String, String)],
) -> Result<OrderList, Failure> {
    let ids: Vec<&str> = first(query, "ids")
        .unwrap_or("")
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    if ids.is_empty() {
        return Err(Failure::invalid("Invalid parameter. ids is required."));
    }
    if ids.len() > MAX_DETAIL_IDS {
        return Err(Failure::invalid(format!(
            "Invalid parameter. ids accepts at most {MAX_DETAIL_IDS} order ids, got {}.",
            ids.len()
        )));
    }
    let ctx = inner.render_ctx();
    let mut seen = Vec::new();
    let mut orders = Vec::new();
    let mut missing = Vec::new();
    {
        let mut store = lock(&shop.store);
        store.advance_to(inner.clock.now());
        for id in ids {
            let Ok(n) = id.parse::<u64>() else { continue };
            if seen.contains(&n) {
                continue;
            }
            seen.push(n);
            match store.get(n) {
                Some(rec) => orders.push(render(&shop.def, rec, &ctx)),
                None => missing.push(n),
            }
        }
    }
    // One shop lock at a time: the caller's is released before others are looked at.
    let foreign = missing.iter().any(|n| {
        inner
            .shops
            .iter()
            .filter(|other| other.def.id != shop.def.id)
            .any(|other| lock(&other.store).get(*n).is_some())
    });
    if foreign {
        return Err(Failure::new(
            ORDER_NOT_OF_SELLER,
            "The order or package does not belong to the current seller.",
        ));
    }
    Ok(OrderList { orders })
}
