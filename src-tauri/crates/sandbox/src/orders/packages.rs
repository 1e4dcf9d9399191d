//! An order's packages as TikTok shows them: which exist, which line items they hold, their
//! `package_status`, tracking number and provider.
//!
//! * A US or UK local seller's package appears only once it ships; everyone else's exists
//!   from payment with `package_status` TO_FULFILL ([`ShopDef::packages_from_payment`],
//!   SPEC:orders/get-order-detail `line_items.package_id`).
//! * An order shipped in two has two packages, the line items split between them
//!   ([`super::records::PackageSplit`]); an order shipped through the fulfillment API has
//!   the packages the seller made ([`super::shipments::Fulfilment`]).
//! * `package_status` (SPEC `line_items.package_status`): TO_FULFILL until shipped,
//!   PROCESSING until the carrier collects, FULFILLING in transit, COMPLETED once delivered,
//!   CANCELLED when the order was cancelled around an existing package.

use super::records::OrderRec;
use super::shipments::{CarrierInfo, PackageRec};
use crate::generator::ShopDef;
use shopdock_tiktok::model::OrderStatus;

/// One package of an order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackageView {
    pub id: u64,
    /// Line items (unit indexes) it holds.
    pub units: Vec<u16>,
    pub shipped_at: Option<i64>,
    pub status: &'static str,
    pub tracking_number: Option<String>,
    /// `(id, name)` of the shipping provider, once shipped.
    pub provider: Option<(String, String)>,
}

/// The tracking number TikTok (or the seller through Seller Center) gave a package the
/// sandbox shipped on its own schedule.
pub fn generated_tracking_number(shop: &ShopDef, rec: &OrderRec, package_id: u64) -> String {
    let carrier = shop.market.carriers[usize::from(rec.carrier) % shop.market.carriers.len()].0;
    let digits = package_id % 1_000_000_000_000;
    match carrier {
        "USPS" => format!("9400111899{digits:012}"),
        "UPS" => format!("1Z{:06X}03{digits:010}", package_id % 0xFF_FFFF),
        "Royal Mail" => format!("TT{:09}GB", digits % 1_000_000_000),
        _ => format!("{digits:012}"),
    }
}

/// The order's own carrier `(id, name)` (generated shipments).
pub fn generated_provider(shop: &ShopDef, rec: &OrderRec) -> (String, String) {
    let (name, id) = shop.market.carriers[usize::from(rec.carrier) % shop.market.carriers.len()];
    (id.to_string(), name.to_string())
}

/// The packages TikTok would show for `rec` now, first package first.
pub fn packages(shop: &ShopDef, rec: &OrderRec) -> Vec<PackageView> {
    if let Some(f) = &rec.fulfilment {
        return f
            .packages
            .iter()
            .filter(|p| p.exists_unshipped || p.shipment.is_some())
            .map(|p| view_of(shop, rec, p))
            .collect();
    }
    let exists_unshipped = shop.packages_from_payment() && rec.paid_time.is_some();
    let all: Vec<u16> = (0..rec.units.len() as u16).collect();
    let mut out = Vec::with_capacity(2);
    let mut add = |id: u64, units: Vec<u16>, shipped_at: Option<i64>| {
        if shipped_at.is_some() || exists_unshipped {
            out.push(PackageView {
                id,
                units,
                shipped_at,
                status: package_status(rec.status, shipped_at.is_some()),
                tracking_number: shipped_at.map(|_| generated_tracking_number(shop, rec, id)),
                provider: shipped_at.map(|_| generated_provider(shop, rec)),
            });
        }
    };
    match rec.split {
        Some(split) => {
            let (first, second) = all.split_at(usize::from(split.from_unit).min(all.len()));
            add(rec.package_id, first.to_vec(), rec.rts_time);
            add(split.package_id, second.to_vec(), split.shipped_at);
        }
        None => add(rec.package_id, all, rec.rts_time),
    }
    out
}

fn view_of(shop: &ShopDef, rec: &OrderRec, p: &PackageRec) -> PackageView {
    let shipped_at = p.shipment.as_ref().map(|s| s.shipped_at);
    let (tracking_number, provider) = match p.shipment.as_ref().map(|s| &s.carrier) {
        None => (None, None),
        Some(CarrierInfo::Generated) => (
            Some(generated_tracking_number(shop, rec, p.id)),
            Some(generated_provider(shop, rec)),
        ),
        Some(CarrierInfo::Given {
            tracking_number,
            provider_id,
            provider_name,
        }) => (
            Some(tracking_number.clone()),
            Some((provider_id.clone(), provider_name.clone())),
        ),
    };
    PackageView {
        id: p.id,
        units: p.units.clone(),
        shipped_at,
        status: package_status(rec.status, shipped_at.is_some()),
        tracking_number,
        provider,
    }
}

/// The package holding line item number `unit`, if it is shown.
pub fn package_of_unit(shown: &[PackageView], unit: usize) -> Option<&PackageView> {
    shown
        .iter()
        .find(|p| p.units.iter().any(|u| usize::from(*u) == unit))
}

pub fn package_status(order: OrderStatus, shipped: bool) -> &'static str {
    match order {
        OrderStatus::Cancelled => "CANCELLED",
        _ if !shipped => "TO_FULFILL",
        OrderStatus::InTransit => "FULFILLING",
        OrderStatus::Delivered | OrderStatus::Completed => "COMPLETED",
        _ => "PROCESSING",
    }
}
