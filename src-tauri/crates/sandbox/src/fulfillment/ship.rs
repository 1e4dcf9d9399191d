//! Arranging shipment (write-api §A): Mark Package As Shipped for seller shipping in
//! US/UK/EU/JP, Ship Package (and Batch Ship Packages) with a handover method and pickup slot
//! for TikTok shipping or the seller's own tracking elsewhere, and the handover time slots.

use super::gate::{
    line_ids, may_ship, parse_body, required, tracking_free, units_of, HANDOVER_IGNORED,
    MARK_SHIPPED_MARKETS,
};
use super::model::{
    BatchError, BatchErrorDetail, BatchShipData, BatchShipRequest, Empty, HandoverTimeSlots,
    MarkShippedData, MarkShippedRequest, OfferedSlot, ShipPackageRequest, Warning,
};
use super::providers::{self, TrackingProblem};
use super::refusals::{self, Refusal};
use crate::orders::{CarrierInfo, HandoverMethod, OrderStore, Shipment};
use crate::state::{lock, Inner, ShopCell};
use crate::verify::Failure;
use axum::http::HeaderMap;

const DAY: i64 = 86_400;
const HOUR: i64 = 3_600;

/// Pickup slots offered for a package at `now`: the next three days, 09:00-12:00 and
/// 13:00-18:00 (UTC; shop time zones are not simulated), the morning slot of the second day
/// booked out (`avaliable: false`) so that clients meet an unavailable slot
/// (write-api §A "Simulator must emulate: slots, including unavailable ones").
pub fn offered_slots(now: i64) -> Vec<OfferedSlot> {
    let first_day = (now.div_euclid(DAY) + 1) * DAY;
    (0..3)
        .flat_map(|d| {
            let day = first_day + d * DAY;
            [
                OfferedSlot {
                    start_time: day + 9 * HOUR,
                    end_time: day + 12 * HOUR,
                    avaliable: d != 1,
                },
                OfferedSlot {
                    start_time: day + 13 * HOUR,
                    end_time: day + 18 * HOUR,
                    avaliable: true,
                },
            ]
        })
        .collect()
}

/// Mark Package As Shipped: `POST /fulfillment/202309/orders/{order_id}/packages`.
///
/// Seller shipping in US/UK/EU/JP only (21008106 elsewhere, 21011013 for a TikTok-shipping
/// order). `order_line_item_ids` ships those items in one package (an item-level split);
/// omitted, it ships everything left, unless several unshipped packages exist (21011048).
/// The tracking number is checked against the provider ([`providers::check_tracking`]): the
/// US passes a mismatch with `warning.message`, elsewhere it is refused. A package is created
/// and returned (in the US it exists only from now on, write-api §A); the order moves to
/// AWAITING_COLLECTION, or PARTIALLY_SHIPPING while items are left.
pub fn mark_package_as_shipped(
    inner: &Inner,
    shop: &ShopCell,
    order_id: &str,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<MarkShippedData, Failure> {
    let req: MarkShippedRequest = parse_body(headers, body)?;
    let tracking = required("tracking_number", req.tracking_number.as_ref())?;
    let provider_id = required("shipping_provider_id", req.shipping_provider_id.as_ref())?;
    if !MARK_SHIPPED_MARKETS.contains(&shop.def.region) {
        return Err(refusals::WRONG_REGION.into());
    }
    let id: u64 = order_id
        .parse()
        .map_err(|_| Failure::from(refusals::ORDER_NOT_IN_SHOP))?;
    let now = inner.clock.now();
    let from_payment = shop.def.packages_from_payment();
    let mut store = lock(&shop.store);
    store.advance_to(now);
    let pos = store
        .position(id)
        .ok_or(refusals::ORDER_NOT_IN_SHOP)
        .map_err(Failure::from)?;
    let rec = store.rec(pos);
    if rec.fbt {
        return Err(refusals::FULFILLED_BY_PLATFORM.into());
    }
    if rec.tiktok_shipping {
        return Err(refusals::NOT_SELLER_SHIPPING.into());
    }
    let reject_cancel = may_ship(shop, rec).map_err(|g| {
        Failure::from(g.refusal(
            refusals::ORDER_ALREADY_SHIPPED,
            refusals::ORDER_ALREADY_SHIPPED,
        ))
    })?;
    let fulfilment = store.fulfilment(pos, from_payment);
    let unshipped = fulfilment.unshipped_units();
    let units = match req.order_line_item_ids.as_deref() {
        Some(ids) if !ids.is_empty() => {
            let units = units_of(rec, ids)?;
            if units.iter().any(|u| !unshipped.contains(u)) {
                return Err(refusals::PACKAGE_ALREADY_SHIPPED_AGAIN.into());
            }
            units
        }
        _ => {
            let open_packages = fulfilment
                .packages
                .iter()
                .filter(|p| p.shipment.is_none() && p.exists_unshipped)
                .count();
            if open_packages > 1 {
                return Err(refusals::SPECIFY_ORDER_LINE.into());
            }
            unshipped
        }
    };
    if units.is_empty() {
        return Err(refusals::ORDER_ALREADY_SHIPPED.into());
    }
    let warning = providers::check_tracking(
        &shop.def,
        usize::from(rec.delivery_option),
        &provider_id,
        &tracking,
    )
    .map_err(|p| {
        Failure::from(match p {
            TrackingProblem::SpecialCharacters => refusals::TRACKING_SPECIAL_CHARACTERS,
            TrackingProblem::ProviderNotOffered => refusals::INVALID_TRACKING_OR_PROVIDER,
            TrackingProblem::OtherProvider(_) => refusals::TRACKING_MISMATCH_PROVIDER,
            TrackingProblem::NoProvider => refusals::TRACKING_MATCHES_NO_CARRIER,
        })
    })?;
    check_tracking_free(&store, shop, pos, &tracking)?;
    let provider_name = providers::provider(&shop.def, &provider_id)
        .map_or_else(String::new, |p| p.name.to_string());
    let shipped_line_ids = line_ids(rec, &units);
    let carrier = CarrierInfo::Given {
        tracking_number: tracking,
        provider_id,
        provider_name,
    };
    if reject_cancel {
        store.rec_mut(pos).buyer_cancel_pending = false;
    }
    let package_id = store.ship_units(pos, from_payment, &units, Shipment::new(carrier, now), now);
    store.count_write(id, Some(package_id), "mark_package_as_shipped");
    tracing::debug!(
        order = id,
        package = package_id,
        "sandbox: package marked as shipped"
    );
    Ok(MarkShippedData {
        order_id: id.to_string(),
        order_line_item_ids: shipped_line_ids,
        package_id: package_id.to_string(),
        warning: warning.map(|message| Warning { message }),
    })
}

fn check_tracking_free(
    store: &OrderStore,
    shop: &ShopCell,
    pos: u32,
    tracking: &str,
) -> Result<(), Failure> {
    let rec = store.rec(pos);
    tracking_free(shop, store.orders_with_tracking(tracking), rec, |o| {
        store.position(o).map(|p| store.rec(p).buyer)
    })
    .map_err(Failure::from)
}

/// Ship Package: `POST /fulfillment/202309/packages/{package_id}/ship`; `data` is `{}`.
pub fn ship_package(
    inner: &Inner,
    shop: &ShopCell,
    package_id: &str,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<Empty, Failure> {
    let req: ShipPackageRequest = parse_body(headers, body)?;
    let now = inner.clock.now();
    let mut store = lock(&shop.store);
    store.advance_to(now);
    ship_one(&mut store, shop, package_id, &req, now, "ship_package")
        .map(|_| Empty {})
        .map_err(|e| match e {
            ShipFailure::Refused(r) => r.into(),
            ShipFailure::Invalid(f) => f,
        })
}

/// Batch Ship Packages: `POST /fulfillment/202309/packages/ship`. Each package is shipped as
/// Ship Package would; failures come back per package in `data.errors` under `code 0`
/// (write-api §A), with Ship Package's codes.
pub fn batch_ship(
    inner: &Inner,
    shop: &ShopCell,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<BatchShipData, Failure> {
    let req: BatchShipRequest = parse_body(headers, body)?;
    let packages = req.packages.filter(|p| !p.is_empty()).ok_or_else(|| {
        Failure::new(
            refusals::INVALID_PARAMETERS.code,
            format!(
                "{} packages is required.",
                refusals::INVALID_PARAMETERS.message
            ),
        )
    })?;
    let now = inner.clock.now();
    let mut store = lock(&shop.store);
    store.advance_to(now);
    let mut errors = Vec::new();
    for p in &packages {
        let id = p.id.clone().unwrap_or_default();
        if let Err(e) = ship_one(&mut store, shop, &id, p, now, "batch_ship_packages") {
            let (code, message) = match e {
                ShipFailure::Refused(r) => (r.code, r.message.to_string()),
                ShipFailure::Invalid(f) => (f.code, f.message),
            };
            errors.push(BatchError {
                code,
                message,
                detail: BatchErrorDetail { package_id: id },
            });
        }
    }
    Ok(BatchShipData { errors })
}

enum ShipFailure {
    Refused(Refusal),
    Invalid(Failure),
}

impl From<Refusal> for ShipFailure {
    fn from(r: Refusal) -> Self {
        ShipFailure::Refused(r)
    }
}

/// Ships one package for Ship Package or Batch Ship Packages.
///
/// * The package must be this shop's and visible (a US/UK local package before shipping is
///   not: 21011028).
/// * TikTok shipping: `handover_method` PICKUP needs one of the package's available slots
///   (none: 21011054; another: 21011053); DROP_OFF needs none; no method means PICKUP when a
///   slot is given, else DROP_OFF (the sandbox's choice). Ignored in ID/SG/PH/VN/TH/MY since
///   2024-10-30 (write-api §A). TikTok assigns the tracking number now ("the tracking number
///   appears only after shipping").
/// * Seller shipping: `self_shipment` with tracking number and provider is required; a bad
///   number or provider is 21011022, a number of no carrier 11028006, a duplicate 21011025.
/// * `self_shipment` on a TikTok-shipping package: 21011003.
fn ship_one(
    store: &mut OrderStore,
    shop: &ShopCell,
    package_id: &str,
    req: &ShipPackageRequest,
    now: i64,
    endpoint: &'static str,
) -> Result<u64, ShipFailure> {
    let from_payment = shop.def.packages_from_payment();
    let (pid, pos) = store
        .package_position(package_id)
        .ok_or(refusals::PACKAGE_NOT_IN_SHOP)?;
    let order_id = store.rec(pos).id;
    let fulfilment = store.fulfilment(pos, from_payment);
    let package = fulfilment
        .package(pid)
        .filter(|p| p.exists_unshipped || p.shipment.is_some())
        .ok_or(refusals::PACKAGE_NOT_IN_SHOP)?;
    let rec = store.rec(pos);
    let reject_cancel = may_ship(shop, rec).map_err(|g| {
        g.refusal(
            refusals::PACKAGE_ALREADY_SHIPPED,
            refusals::PACKAGE_DELIVERED,
        )
    })?;
    if package.shipment.is_some() {
        return Err(refusals::PACKAGE_ALREADY_SHIPPED.into());
    }
    let mut shipment = if rec.tiktok_shipping {
        if req.self_shipment.is_some() {
            return Err(refusals::ACTION_NOT_ALLOWED.into());
        }
        let method = match req.handover_method.as_deref().filter(|m| !m.is_empty()) {
            None => None,
            Some(m) => Some(HandoverMethod::parse(m).ok_or_else(|| {
                ShipFailure::Invalid(Failure::new(
                    refusals::INVALID_PARAMETERS.code,
                    format!(
                        "{} handover_method must be PICKUP or DROP_OFF.",
                        refusals::INVALID_PARAMETERS.message
                    ),
                ))
            })?),
        };
        let method = method.unwrap_or(if req.pickup_slot.is_some() {
            HandoverMethod::Pickup
        } else {
            HandoverMethod::DropOff
        });
        let slot = if HANDOVER_IGNORED.contains(&shop.def.region) {
            None
        } else if method == HandoverMethod::Pickup {
            let slot = req
                .pickup_slot
                .clone()
                .ok_or(refusals::MISSING_PICKUP_SLOT)?;
            let offered = offered_slots(now).into_iter().any(|o| {
                o.avaliable && o.start_time == slot.start_time && o.end_time == slot.end_time
            });
            if !offered {
                return Err(refusals::OUTSIDE_PICKUP_SLOT.into());
            }
            Some(slot)
        } else {
            None
        };
        let (provider_id, provider_name) = crate::orders::generated_provider(&shop.def, rec);
        let carrier = CarrierInfo::Given {
            tracking_number: crate::orders::generated_tracking_number(&shop.def, rec, pid),
            provider_id,
            provider_name,
        };
        let mut s = Shipment::new(carrier, now);
        s.handover = (!HANDOVER_IGNORED.contains(&shop.def.region)).then_some(method);
        s.pickup_slot = slot;
        s
    } else {
        let own = req
            .self_shipment
            .as_ref()
            .ok_or_else(|| ShipFailure::Invalid(missing("self_shipment")))?;
        let tracking = required(
            "self_shipment.tracking_number",
            own.tracking_number.as_ref(),
        )
        .map_err(ShipFailure::Invalid)?;
        let provider_id = required(
            "self_shipment.shipping_provider_id",
            own.shipping_provider_id.as_ref(),
        )
        .map_err(ShipFailure::Invalid)?;
        providers::check_tracking(
            &shop.def,
            usize::from(rec.delivery_option),
            &provider_id,
            &tracking,
        )
        .map_err(|p| match p {
            TrackingProblem::NoProvider => refusals::TRACKING_MATCHES_NO_CARRIER,
            _ => refusals::INVALID_TRACKING_OR_PROVIDER,
        })?;
        tracking_free(shop, store.orders_with_tracking(&tracking), rec, |o| {
            store.position(o).map(|p| store.rec(p).buyer)
        })?;
        let provider_name = providers::provider(&shop.def, &provider_id)
            .map_or_else(String::new, |p| p.name.to_string());
        Shipment::new(
            CarrierInfo::Given {
                tracking_number: tracking,
                provider_id,
                provider_name,
            },
            now,
        )
    };
    shipment.updated_at = now;
    let units = package.units.clone();
    if reject_cancel {
        store.rec_mut(pos).buyer_cancel_pending = false;
    }
    let shipped = store.ship_units(pos, from_payment, &units, shipment, now);
    store.count_write(order_id, Some(shipped), endpoint);
    tracing::debug!(
        order = order_id,
        package = shipped,
        "sandbox: package shipped"
    );
    Ok(shipped)
}

fn missing(field: &str) -> Failure {
    Failure::new(
        refusals::INVALID_PARAMETERS.code,
        format!(
            "{} {field} is required.",
            refusals::INVALID_PARAMETERS.message
        ),
    )
}

/// Get Package Handover Time Slots: `GET /fulfillment/202309/packages/{package_id}/
/// handover_time_slots`. TikTok-shipping packages only (a seller-shipping one: 11021009);
/// `can_van_collection` is sent for UK shops only ("Specific to UK").
pub fn handover_time_slots(
    inner: &Inner,
    shop: &ShopCell,
    package_id: &str,
) -> Result<HandoverTimeSlots, Failure> {
    let now = inner.clock.now();
    let from_payment = shop.def.packages_from_payment();
    let mut store = lock(&shop.store);
    store.advance_to(now);
    let (pid, pos) = store
        .package_position(package_id)
        .ok_or(refusals::PACKAGE_NOT_IN_SHOP)
        .map_err(Failure::from)?;
    let visible = store
        .fulfilment(pos, from_payment)
        .package(pid)
        .is_some_and(|p| p.exists_unshipped || p.shipment.is_some());
    if !visible {
        return Err(refusals::PACKAGE_NOT_IN_SHOP.into());
    }
    if !store.rec(pos).tiktok_shipping {
        return Err(refusals::NO_HANDOVER_SERVICE.into());
    }
    let base = inner.render_ctx().image_base;
    Ok(HandoverTimeSlots {
        can_pickup: true,
        can_drop_off: true,
        can_van_collection: (shop.def.region == "GB").then_some(true),
        drop_off_point_url: format!("{base}/_sandbox/drop_off_points?package_id={pid}"),
        pickup_slots: offered_slots(now),
    })
}
