//! The return-and-refund endpoints for cancellations (write-api §D; SPEC:return-and-refund/
//! search-cancellations, approve-cancellation, reject-cancellation, get-reject-reasons,
//! cancel-order, get-aftersale-eligibility). They run in the Open API pipeline like the
//! fulfillment handlers, change the shop's store under its lock, and answer every refusal
//! with a code from the endpoint's spec (HTTP 200). Approve and Reject honour
//! `idempotency_key`: a key seen before answers as it did, without acting again.

use crate::fulfillment::gate::{parse_body, required, units_of};
use crate::orders::{AnswerError, CancelRec, CancelState, OrderRec, OrderStore};
use crate::page_token::Cursor;
use crate::respond::envelope_bytes;
use crate::routes::{Endpoint, Resolved};
use crate::state::{lock, Inner, ShopCell};
use crate::verify::Failure;
use axum::http::HeaderMap;
use shopdock_tiktok::cancellation::reasons::{self, ReasonFit, ReasonMarket};
use shopdock_tiktok::cancellation::{
    AftersaleEligibility, CancelLineItem, CancelOrderReply, CancelOrderRequest, Cancellation,
    CancellationPage, LineItemEligibility, NextAction, RefundAmount, RejectCancellationRequest,
    RejectReason, RejectReasons, SearchCancellationsFilter, SkuEligibility,
};
use shopdock_tiktok::model::OrderStatus;

/// A refusal with the spec's message.
fn no(code: i64, message: &str) -> Failure {
    Failure::new(code, message)
}

fn invalid(detail: &str) -> Failure {
    no(
        25_001_001,
        &format!("An invalid request parameter was passed. Please check that you have the correct parameter type(s) and format. {detail}"),
    )
}

const NO_PERMISSION: (i64, &str) = (25_020_005, "No permission to process this order");
const ORDER_NOT_FOUND: (i64, &str) = (25_007_006, "Order not found.");

/// Serves one cancellation request; `None` if `endpoint` is not one of them.
pub fn dispatch(
    inner: &Inner,
    shop: &ShopCell,
    resolved: &Resolved,
    query: &[(String, String)],
    headers: &HeaderMap,
    body: &[u8],
    rid: &str,
) -> Option<Result<Vec<u8>, Failure>> {
    let ok = |bytes: Result<Vec<u8>, Failure>| Some(bytes);
    match resolved.route.endpoint {
        Endpoint::SearchCancellations => ok(answer(rid, search(inner, shop, query, headers, body))),
        Endpoint::CancelOrder => ok(answer(rid, cancel_order(inner, shop, headers, body))),
        Endpoint::ApproveCancellation => ok(answer(
            rid,
            decide(
                inner,
                shop,
                resolved.param("cancel_id"),
                query,
                headers,
                body,
                true,
            ),
        )),
        Endpoint::RejectCancellation => ok(answer(
            rid,
            decide(
                inner,
                shop,
                resolved.param("cancel_id"),
                query,
                headers,
                body,
                false,
            ),
        )),
        Endpoint::RejectReasons => ok(answer(rid, reject_reasons(inner, shop, query))),
        Endpoint::AftersaleEligibility => ok(answer(
            rid,
            eligibility(inner, shop, resolved.param("order_id")),
        )),
        _ => None,
    }
}

fn answer<T: serde::Serialize>(rid: &str, data: Result<T, Failure>) -> Result<Vec<u8>, Failure> {
    data.map(|d| envelope_bytes(0, "Success", rid, Some(d)))
}

fn param<'a>(query: &'a [(String, String)], name: &str) -> Option<&'a str> {
    query
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

fn market(shop: &ShopCell) -> ReasonMarket {
    ReasonMarket::from_region(shop.def.region).unwrap_or(ReasonMarket::Us)
}

// --- Search Cancellations --------------------------------------------------------------

fn search(
    inner: &Inner,
    shop: &ShopCell,
    query: &[(String, String)],
    headers: &HeaderMap,
    body: &[u8],
) -> Result<CancellationPage, Failure> {
    let page_size: usize = match param(query, "page_size") {
        None => 10,
        Some(s) => s
            .parse()
            .ok()
            .filter(|n| (1..=50).contains(n))
            .ok_or_else(|| invalid("page_size must be an integer from 1 to 50."))?,
    };
    let by_update = match param(query, "sort_field").unwrap_or("create_time") {
        "create_time" => false,
        "update_time" => true,
        other => return Err(invalid(&format!("sort_field {other:?} is not supported."))),
    };
    let ascending = match param(query, "sort_order").unwrap_or("ASC") {
        "ASC" => true,
        "DESC" => false,
        other => return Err(invalid(&format!("sort_order {other:?} is not supported."))),
    };
    let filter: SearchCancellationsFilter = parse_body(headers, body)?;
    let mut wanted_states = Vec::new();
    for s in &filter.cancel_status {
        wanted_states
            .push(CancelState::parse(s).ok_or_else(|| invalid(&format!("cancel_status {s:?}")))?);
    }
    for t in &filter.cancel_types {
        if t != "CANCEL" && t != "BUYER_CANCEL" {
            return Err(invalid(&format!("cancel_types {t:?}")));
        }
    }
    let filter_hash = fingerprint(&(body, by_update, ascending));
    let offset = match param(query, "page_token").filter(|t| !t.is_empty()) {
        None => 0,
        Some(token) => {
            let c = inner
                .page_tokens
                .decode(token)
                .filter(|c| c.offset_paging && c.filter_hash == filter_hash)
                .ok_or_else(|| invalid("The page_token is invalid."))?;
            usize::try_from(c.time).unwrap_or(usize::MAX)
        }
    };
    let now = inner.clock.now();
    let mut store = lock(&shop.store);
    store.advance_to(now);
    let mut hits: Vec<&CancelRec> = store
        .cancellations()
        .iter()
        .filter(|c| matches_filter(c, &filter, &wanted_states))
        .collect();
    hits.sort_by_key(|c| {
        (
            if by_update {
                c.update_time
            } else {
                c.create_time
            },
            c.id,
        )
    });
    if !ascending {
        hits.reverse();
    }
    let total = hits.len();
    let page: Vec<Cancellation> = hits
        .iter()
        .skip(offset)
        .take(page_size)
        .map(|c| render(shop, &store, c))
        .collect();
    let next = offset + page.len();
    let next_page_token = (next < total).then(|| {
        inner.page_tokens.encode(&Cursor {
            offset_paging: true,
            by_update,
            ascending,
            time: next as i64,
            id: 0,
            filter_hash,
        })
    });
    Ok(CancellationPage {
        cancellations: page,
        total_count: Some(total as i64),
        next_page_token: Some(next_page_token.unwrap_or_default()),
    })
}

fn fingerprint<T: std::hash::Hash>(v: &T) -> u64 {
    use std::hash::Hasher;
    let mut h = std::collections::hash_map::DefaultHasher::new();
    v.hash(&mut h);
    h.finish()
}

fn matches_filter(c: &CancelRec, f: &SearchCancellationsFilter, states: &[CancelState]) -> bool {
    let id = |v: &[String], x: u64| v.is_empty() || v.iter().any(|s| s.trim() == x.to_string());
    let kind = if c.buyer_request {
        "BUYER_CANCEL"
    } else {
        "CANCEL"
    };
    id(&f.cancel_ids, c.id)
        && id(&f.order_ids, c.order)
        && (f.cancel_types.is_empty() || f.cancel_types.iter().any(|t| t == kind))
        && (states.is_empty() || states.contains(&c.state))
        && f.create_time_ge.is_none_or(|t| c.create_time >= t)
        && f.create_time_lt.is_none_or(|t| c.create_time < t)
        && f.update_time_ge.is_none_or(|t| c.update_time >= t)
        && f.update_time_lt.is_none_or(|t| c.update_time < t)
}

fn render(shop: &ShopCell, store: &OrderStore, c: &CancelRec) -> Cancellation {
    let cur = shop.def.market.currency;
    let money = |minor: i64| shop.def.money_shapes.write(cur, minor, 0);
    let rec = store.get(c.order);
    let units: Vec<usize> = match rec {
        Some(r) if c.units.is_empty() => (0..r.units.len()).collect(),
        Some(_) => c.units.iter().map(|u| usize::from(*u)).collect(),
        None => Vec::new(),
    };
    let price = |r: &OrderRec, u: usize| -> i64 {
        let unit = &r.units[u];
        let sku = &shop.def.catalog[usize::from(unit.sku) % shop.def.catalog.len()];
        sku.price - unit.seller_discount - unit.platform_discount
    };
    let refund = |subtotal: i64, shipping: i64| RefundAmount {
        currency: Some(cur.code.to_string()),
        refund_total: Some(money(subtotal + shipping)),
        refund_subtotal: Some(money(subtotal)),
        refund_shipping_fee: Some(money(shipping)),
        refund_tax: Some(money(0)),
        retail_delivery_fee: None,
        buyer_service_fee: None,
    };
    let line_items = rec
        .map(|r| {
            units
                .iter()
                .map(|&u| {
                    let unit = &r.units[u];
                    let sku = &shop.def.catalog[usize::from(unit.sku) % shop.def.catalog.len()];
                    CancelLineItem {
                        cancel_line_item_id: Some((c.id + 1 + u as u64).to_string()),
                        order_line_item_id: unit.line_id.to_string(),
                        sku_id: Some(sku.sku_id.clone()),
                        sku_name: Some(sku.sku_name.clone()),
                        product_name: Some(sku.product_name.clone()),
                        seller_sku: Some(sku.seller_sku.clone()),
                        refund_amount: Some(refund(price(r, u), 0)),
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    let subtotal: i64 = rec.map_or(0, |r| units.iter().map(|&u| price(r, u)).sum());
    let shipping = match rec {
        Some(r) if c.units.is_empty() => {
            r.ship_original - r.ship_seller_discount - r.ship_platform_discount
        }
        _ => 0,
    };
    Cancellation {
        cancel_id: c.id.to_string(),
        order_id: c.order.to_string(),
        cancel_type: if c.buyer_request {
            "BUYER_CANCEL"
        } else {
            "CANCEL"
        }
        .to_string(),
        cancel_status: c.state.as_str().to_string(),
        role: c.role.as_str().to_string(),
        cancel_reason: Some(c.reason.name.to_string()),
        cancel_reason_text: Some(c.reason.text.to_string()),
        create_time: Some(c.create_time),
        update_time: Some(c.update_time),
        seller_next_action_response: match (c.state, c.deadline) {
            (CancelState::Pending, Some(deadline)) => vec![NextAction {
                action: "SELLER_RESPOND_CANCEL".to_string(),
                deadline: Some(deadline),
            }],
            _ => Vec::new(),
        },
        refund_amount: Some(refund(subtotal, shipping)),
        cancel_line_items: line_items,
    }
}

// --- Approve, Reject, Get Reject Reasons --------------------------------------------------

fn cancel_id(id: &str) -> Result<u64, Failure> {
    id.trim()
        .parse()
        .map_err(|_| invalid(&format!("cancel_id {id:?}")))
}

fn decide(
    inner: &Inner,
    shop: &ShopCell,
    id: &str,
    query: &[(String, String)],
    headers: &HeaderMap,
    body: &[u8],
    approve: bool,
) -> Result<serde_json::Value, Failure> {
    let id = cancel_id(id)?;
    let key = param(query, "idempotency_key").filter(|k| !k.is_empty());
    if key.is_some_and(|k| k.len() > 255) {
        return Err(invalid("idempotency_key is longer than 255 characters."));
    }
    let reject: RejectCancellationRequest = if approve {
        RejectCancellationRequest::default()
    } else {
        parse_body(headers, body)?
    };
    let now = inner.clock.now();
    let mut store = lock(&shop.store);
    store.advance_to(now);
    let action = if approve { "approve" } else { "reject" };
    if let Some(k) = key {
        if store.idempotent_answer(k) == Some((id, action)) {
            return Ok(serde_json::json!({}));
        }
    }
    let done = if approve {
        store.approve_request(id, now)
    } else {
        let reason = required("reject_reason", Some(&reject.reject_reason))
            .map_err(|_| invalid("reject_reason is required."))?;
        if !reasons::reject_reasons(market(shop))
            .iter()
            .any(|r| r.name == reason)
        {
            return Err(no(
                25_001_014,
                "Unknown return reason. Please ensure you are passing a valid return reason.",
            ));
        }
        store.reject_request(id, &reason, reject.comment.as_deref(), now)
    };
    match done {
        Ok(()) => {
            if let Some(k) = key {
                store.remember_idempotent(k, id, action);
            }
            Ok(serde_json::json!({}))
        }
        Err(AnswerError::NotFound) => Err(no(ORDER_NOT_FOUND.0, ORDER_NOT_FOUND.1)),
        Err(AnswerError::Closed) => Err(no(25_020_009, "reverse already cancelled")),
        Err(AnswerError::Decided) if approve => {
            Err(no(25_011_012, "reverse status cannot approve application"))
        }
        Err(AnswerError::Decided) => Err(no(
            25_020_010,
            "Aftersales has been approved and cannot be rejected.",
        )),
    }
}

fn reject_reasons(
    inner: &Inner,
    shop: &ShopCell,
    query: &[(String, String)],
) -> Result<RejectReasons, Failure> {
    let id = cancel_id(param(query, "return_or_cancel_id").unwrap_or(""))?;
    let mut store = lock(&shop.store);
    store.advance_to(inner.clock.now());
    if store.cancellation(id).is_none() {
        return Err(invalid(&format!("return_or_cancel_id {id} is unknown.")));
    }
    Ok(RejectReasons {
        reasons: reasons::reject_reasons(market(shop))
            .iter()
            .map(|r| RejectReason {
                name: r.name.to_string(),
                text: r.text.to_string(),
            })
            .collect(),
    })
}

// --- Cancel Order and Get Aftersale Eligibility ------------------------------------------

/// Why the seller cannot cancel an order in its current state, as Cancel Order refuses it.
fn closed_for_cancel(shop: &ShopCell, store: &OrderStore, rec: &OrderRec) -> Option<Failure> {
    let status = rec.status;
    if matches!(status, OrderStatus::Cancelled | OrderStatus::Completed) {
        return Some(no(
            25_001_051,
            "Not allowed to return or cancel since order is completed or cancelled",
        ));
    }
    if store.pending_request(rec.id).is_some() {
        return Some(no(
            25_001_011,
            "A return request is already in process, or the order has already been cancelled.",
        ));
    }
    if reasons::stage_of(market(shop), status).is_none() {
        return Some(no(
            25_001_045,
            "The order has already been shipped and we are unable to cancel shipment with the courier.",
        ));
    }
    None
}

fn cancel_order(
    inner: &Inner,
    shop: &ShopCell,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<CancelOrderReply, Failure> {
    let req: CancelOrderRequest = parse_body(headers, body)?;
    let order_id =
        required("order_id", Some(&req.order_id)).map_err(|_| invalid("order_id is required."))?;
    let reason_name = required("cancel_reason", Some(&req.cancel_reason))
        .map_err(|_| invalid("cancel_reason is required."))?;
    let now = inner.clock.now();
    let mut store = lock(&shop.store);
    store.advance_to(now);
    let pos = order_id
        .parse()
        .ok()
        .and_then(|id| store.position(id))
        .ok_or_else(|| no(NO_PERMISSION.0, NO_PERMISSION.1))?;
    let rec = store.rec(pos);
    if let Some(refusal) = closed_for_cancel(shop, &store, rec) {
        return Err(refusal);
    }
    let m = market(shop);
    match reasons::reason_fit(m, rec.status, &reason_name) {
        ReasonFit::Fits => {}
        ReasonFit::WrongStatus => return Err(no(25_001_021, "Reason not match order status")),
        ReasonFit::Retired => {
            return Err(no(
                25_001_020,
                "The provided return reason is currently offline. Please select a different return reason.",
            ))
        }
        ReasonFit::Unknown => {
            return Err(no(
                25_001_014,
                "Unknown return reason. Please ensure you are passing a valid return reason.",
            ))
        }
    }
    let reason = reasons::stage_of(m, rec.status)
        .map(|s| reasons::seller_cancel_reasons(m, s))
        .and_then(|t| t.iter().find(|r| r.name == reason_name).copied())
        .ok_or_else(|| no(25_001_021, "Reason not match order status"))?;
    let mut units = units_of(rec, &req.order_line_item_ids)
        .map_err(|_| invalid("order_line_item_ids names an item of another order."))?;
    for sku in &req.skus {
        let mut left = sku.quantity;
        for (i, u) in rec.units.iter().enumerate() {
            let id = &shop.def.catalog[usize::from(u.sku) % shop.def.catalog.len()].sku_id;
            let i = i as u16;
            if left > 0
                && *id == sku.sku_id
                && !units.contains(&i)
                && !rec.cancelled_units.contains(&i)
            {
                units.push(i);
                left -= 1;
            }
        }
        if left > 0 {
            return Err(no(
                25_005_011,
                "The requested line item(s) for return or refund exceeds the allowable limit.",
            ));
        }
    }
    if !units.is_empty() {
        if !m.allows_item_level_cancel() || !reasons::is_out_of_stock(&reason_name) {
            return Err(no(
                25_005_010,
                "Unable to cancel individual line items within this request.",
            ));
        }
        if units.iter().any(|u| rec.cancelled_units.contains(u)) {
            return Err(no(
                25_005_011,
                "The requested line item(s) for return or refund exceeds the allowable limit.",
            ));
        }
    }
    let id = store.seller_cancel(pos, reason, units, now);
    Ok(CancelOrderReply {
        cancel_id: id.to_string(),
        cancel_status: CancelState::Success.as_str().to_string(),
    })
}

fn eligibility(
    inner: &Inner,
    shop: &ShopCell,
    order_id: &str,
) -> Result<AftersaleEligibility, Failure> {
    let mut store = lock(&shop.store);
    store.advance_to(inner.clock.now());
    let pos = order_id
        .trim()
        .parse()
        .ok()
        .and_then(|id| store.position(id))
        .ok_or_else(|| {
            invalid(&format!(
                "order_id {order_id:?} is not an order of this shop."
            ))
        })?;
    let rec = store.rec(pos);
    let closed = closed_for_cancel(shop, &store, rec);
    let mut by_sku: Vec<SkuEligibility> = Vec::new();
    for (i, u) in rec.units.iter().enumerate() {
        let sku_id = shop.def.catalog[usize::from(u.sku) % shop.def.catalog.len()]
            .sku_id
            .clone();
        let item_closed = rec.cancelled_units.contains(&(i as u16));
        let (eligible, code, reason) = match (&closed, item_closed) {
            (_, true) => (
                false,
                Some(25_001_051),
                Some("The item is already cancelled.".to_string()),
            ),
            (Some(f), _) => (false, Some(f.code), Some(f.message.clone())),
            (None, false) => (true, None, None),
        };
        let entry = LineItemEligibility {
            request_type: "CANCEL".to_string(),
            order_line_items_ids: vec![u.line_id.to_string()],
            eligible,
            ineligible_code: code,
            ineligible_reason: reason,
        };
        match by_sku
            .iter_mut()
            .find(|s| s.sku_id.as_deref() == Some(&sku_id))
        {
            Some(s) => s.line_item_eligibility.push(entry),
            None => by_sku.push(SkuEligibility {
                sku_id: Some(sku_id),
                line_item_eligibility: vec![entry],
            }),
        }
    }
    Ok(AftersaleEligibility {
        sku_eligibility: by_sku,
    })
}
