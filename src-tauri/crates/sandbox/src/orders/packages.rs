//! An order's packages as TikTok shows them: which exist, which line items they hold, and
//! their `package_status`.
//!
//! * A US or UK local seller's package appears only once it ships; everyone else's exists
//!   from payment with `package_status` TO_FULFILL ([`ShopDef::packages_from_payment`],
//!   SPEC:orders/get-order-detail `line_items.package_id`).
//! * An order shipped in two has two packages, the line items split between them
//!   ([`super::records::PackageSplit`]).
//! * `package_status` (SPEC `line_items.package_status`): TO_FULFILL until shipped,
//!   PROCESSING until the carrier collects, FULFILLING in transit, COMPLETED once delivered,
//!   CANCELLED when the order was cancelled around an existing package.

use super::records::OrderRec;
use crate::generator::ShopDef;
use shopdock_tiktok::model::OrderStatus;

/// One package of an order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PackageView {
    pub id: u64,
    pub shipped_at: Option<i64>,
    pub status: &'static str,
}

/// The packages TikTok would show for `rec` now, first package first.
pub fn packages(shop: &ShopDef, rec: &OrderRec) -> Vec<PackageView> {
    let exists_unshipped = shop.packages_from_payment() && rec.paid_time.is_some();
    let mut out = Vec::with_capacity(2);
    let mut add = |id: u64, shipped_at: Option<i64>| {
        if shipped_at.is_some() || exists_unshipped {
            out.push(PackageView {
                id,
                shipped_at,
                status: package_status(rec.status, shipped_at.is_some()),
            });
        }
    };
    add(rec.package_id, rec.rts_time);
    if let Some(split) = rec.split {
        add(split.package_id, split.shipped_at);
    }
    out
}

/// The package holding line item number `unit`, if it is shown.
pub fn package_of_unit(rec: &OrderRec, shown: &[PackageView], unit: usize) -> Option<PackageView> {
    let id = match rec.split {
        Some(split) if unit >= usize::from(split.from_unit) => split.package_id,
        _ => rec.package_id,
    };
    shown.iter().copied().find(|p| p.id == id)
}

fn package_status(order: OrderStatus, shipped: bool) -> &'static str {
    match order {
        OrderStatus::Cancelled => "CANCELLED",
        _ if !shipped => "TO_FULFILL",
        OrderStatus::InTransit => "FULFILLING",
        OrderStatus::Delivered | OrderStatus::Completed => "COMPLETED",
        _ => "PROCESSING",
    }
}
