//! What every shipping endpoint checks first, and the small parsers they share.
//!
//! The order-state gate follows write-api §A "Preconditions a robust auto-confirm must
//! check" and its "too early / twice / order state" table: FBT orders are the platform's
//! (21008025); UNPAID and ON_HOLD are too early (21011044 for ON_HOLD); a cancelled order
//! refuses (21011041); a shipped or delivered one is "twice" (each endpoint picks its own code
//! from its spec); a pending buyer cancellation blocks shipping outside the US (21011007),
//! while in the US shipping succeeds and rejects the buyer's request (CL:order-cancellation/
//! us-only-order-cancellation-workflow-updates).

use super::refusals::{self, Refusal};
use crate::orders::OrderRec;
use crate::state::ShopCell;
use crate::verify::Failure;
use axum::http::{header, HeaderMap};
use serde::de::DeserializeOwned;
use shopdock_tiktok::model::OrderStatus;

/// Why an order cannot be shipped now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gate {
    Platform,
    Unpaid,
    OnHold,
    Cancelled,
    Shipped,
    Delivered,
    AfterSale,
}

impl Gate {
    /// The refusal for every case but "twice", which the caller names (`shipped`,
    /// `delivered`).
    pub fn refusal(self, shipped: Refusal, delivered: Refusal) -> Refusal {
        match self {
            Gate::Platform => refusals::FULFILLED_BY_PLATFORM,
            Gate::Unpaid => refusals::UNPAID,
            Gate::OnHold => refusals::ON_HOLD,
            Gate::Cancelled => refusals::ORDER_CANCELLED,
            Gate::Shipped => shipped,
            Gate::Delivered => delivered,
            Gate::AfterSale => refusals::AFTER_SALE_PENDING,
        }
    }
}

/// Whether `rec` may be shipped now; `Ok(true)` means it may, and doing so rejects the
/// buyer's pending cancellation request (US).
pub fn may_ship(shop: &ShopCell, rec: &OrderRec) -> Result<bool, Gate> {
    if rec.fbt {
        return Err(Gate::Platform);
    }
    match rec.status {
        OrderStatus::Unpaid => Err(Gate::Unpaid),
        OrderStatus::OnHold => Err(Gate::OnHold),
        OrderStatus::Cancelled => Err(Gate::Cancelled),
        OrderStatus::AwaitingCollection | OrderStatus::InTransit => Err(Gate::Shipped),
        OrderStatus::Delivered | OrderStatus::Completed => Err(Gate::Delivered),
        OrderStatus::AwaitingShipment | OrderStatus::PartiallyShipping => {
            match (rec.buyer_cancel_pending, shop.def.region == "US") {
                (false, _) => Ok(false),
                (true, true) => Ok(true),
                (true, false) => Err(Gate::AfterSale),
            }
        }
    }
}

/// Markets where Mark Package As Shipped exists (SPEC:fulfillment/mark-package-as-shipped
/// `env_desc`; the sandbox's UK is region `GB`).
pub const MARK_SHIPPED_MARKETS: &[&str] = &["US", "GB", "ES", "IE", "IT", "DE", "FR", "JP"];

/// Markets whose `handover_method` has been ignored since 2024-10-30 (write-api §A).
pub const HANDOVER_IGNORED: &[&str] = &["ID", "SG", "PH", "VN", "TH", "MY"];

/// Markets with the 72-hour window for tracking corrections: US, UK, SEA (OV:ful "Update
/// order tracking number policy").
pub const UPDATE_WINDOW_MARKETS: &[&str] = &["US", "GB", "ID", "SG", "PH", "VN", "TH", "MY"];
/// The correction window (CL:fulfillment/...-time-window-extended-to-72-hours).
pub const UPDATE_WINDOW_SECS: i64 = 72 * 3_600;

/// A JSON body (empty = all defaults); anything else is 21001001 with the parser's words.
pub fn parse_body<T: DeserializeOwned + Default>(
    headers: &HeaderMap,
    body: &[u8],
) -> Result<T, Failure> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(T::default());
    }
    let ct = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    if !ct.trim_start().starts_with("application/json") {
        return Err(Failure::new(
            36_009_022,
            "Invalid request format. The request body format must be `application/json` for structured data or `multipart/form-data` for binary files.",
        ));
    }
    serde_json::from_slice(body).map_err(|e| {
        Failure::new(
            refusals::INVALID_PARAMETERS.code,
            format!("{} {e}", refusals::INVALID_PARAMETERS.message),
        )
    })
}

/// A non-empty trimmed string field, or 21001001 naming it.
pub fn required(field: &str, value: Option<&String>) -> Result<String, Failure> {
    value
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
        .ok_or_else(|| {
            Failure::new(
                refusals::INVALID_PARAMETERS.code,
                format!(
                    "{} {field} is required.",
                    refusals::INVALID_PARAMETERS.message
                ),
            )
        })
}

/// Unit indexes of the named line items: unknown ids are 21001001; duplicates collapse.
pub fn units_of(rec: &OrderRec, line_item_ids: &[String]) -> Result<Vec<u16>, Failure> {
    let mut out = Vec::new();
    for id in line_item_ids {
        let unit = rec
            .units
            .iter()
            .position(|u| u.line_id.to_string() == id.trim())
            .ok_or_else(|| {
                Failure::new(
                    refusals::INVALID_PARAMETERS.code,
                    format!(
                        "{} order_line_item_id {id} is not a line item of order {}.",
                        refusals::INVALID_PARAMETERS.message,
                        rec.id
                    ),
                )
            })? as u16;
        if !out.contains(&unit) {
            out.push(unit);
        }
    }
    Ok(out)
}

/// The line item ids of `units`.
pub fn line_ids(rec: &OrderRec, units: &[u16]) -> Vec<String> {
    units
        .iter()
        .filter_map(|u| rec.units.get(usize::from(*u)))
        .map(|u| u.line_id.to_string())
        .collect()
}

/// A positive decimal string (a weight or a length).
pub fn positive_decimal(s: &str) -> Option<f64> {
    let t = s.trim();
    if t.is_empty() || !t.bytes().all(|c| c.is_ascii_digit() || c == b'.') {
        return None;
    }
    t.parse::<f64>().ok().filter(|v| *v > 0.0 && v.is_finite())
}

/// Whether the seller-given `number` may go on `order`'s package: a number already on
/// another order is a duplicate (21011025), unless it is a US consolidated shipment (same
/// recipient, at most 20 orders per number: OV:ful policy), which over 20 is 21011026.
pub fn tracking_free(
    shop: &ShopCell,
    others: &[u64],
    order: &OrderRec,
    buyer_of: impl Fn(u64) -> Option<u32>,
) -> Result<(), Refusal> {
    let others: Vec<u64> = others.iter().copied().filter(|o| *o != order.id).collect();
    if others.is_empty() {
        return Ok(());
    }
    let same_recipient = others.iter().all(|o| buyer_of(*o) == Some(order.buyer));
    if shop.def.region == "US" && same_recipient {
        if others.len() + 1 > 20 {
            return Err(refusals::TRACKING_USED_TOO_OFTEN);
        }
        return Ok(());
    }
    Err(refusals::DUPLICATE_TRACKING)
}
