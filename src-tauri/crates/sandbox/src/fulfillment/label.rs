//! TikTok shipping in the US: "buy a label" (write-api §A): Get Eligible Shipping Service
//! lists the services for the order's package, Create Packages buys one, which creates the
//! package, gives it TikTok's tracking number and moves the order to AWAITING_COLLECTION.
//! Both are US only (SPEC env_desc "region specific to the US"; 21008106 elsewhere).
//!
//! Prices are estimates from the package weight (SPEC: "The shipping fee and delivery time
//! is an estimate only"): a base plus a rate per started pound, as decimal strings in USD.
//! Without a weight the sandbox assumes half a pound per line item.

use super::gate::{line_ids, may_ship, parse_body, positive_decimal, units_of};
use super::model::{
    CreatePackagesRequest, CreatedPackage, Dimension, ShippingService, ShippingServiceInfo,
    ShippingServices, ShippingServicesQuery, Weight,
};
use super::providers;
use super::refusals;
use crate::money::USD;
use crate::orders::{CarrierInfo, Label, OrderRec, Shipment};
use crate::state::{lock, Inner, ShopCell};
use crate::verify::Failure;
use axum::http::HeaderMap;

/// A US label service: id, name, provider id, delivery days, base and per-pound price in
/// cents.
struct ServiceDef {
    id: &'static str,
    name: &'static str,
    provider_id: &'static str,
    days: (i64, i64),
    base_cents: i64,
    per_pound_cents: i64,
}

/// The services offered, the default (cheapest) first.
const SERVICES: &[ServiceDef] = &[
    ServiceDef {
        id: "7208502187360580001",
        name: "USPS Ground Advantage",
        provider_id: "6617675021119438849",
        days: (2, 5),
        base_cents: 450,
        per_pound_cents: 90,
    },
    ServiceDef {
        id: "7208502187360580002",
        name: "UPS Ground",
        provider_id: "6617675021119438850",
        days: (1, 5),
        base_cents: 720,
        per_pound_cents: 110,
    },
    ServiceDef {
        id: "7208502187360580003",
        name: "FedEx Home Delivery",
        provider_id: "6617675021119438851",
        days: (1, 5),
        base_cents: 780,
        per_pound_cents: 105,
    },
    ServiceDef {
        id: "7208502187360580004",
        name: "USPS Priority Mail",
        provider_id: "6617675021119438849",
        days: (1, 3),
        base_cents: 895,
        per_pound_cents: 150,
    },
];

const GRAMS_PER_POUND: f64 = 453.592;

fn invalid(what: &str) -> Failure {
    Failure::new(
        refusals::INVALID_PARAMETERS.code,
        format!("{} {what}", refusals::INVALID_PARAMETERS.message),
    )
}

/// The package weight in pounds: the given one (GRAM | POUND), else half a pound per item.
fn pounds(weight: Option<&Weight>, units: usize) -> Result<(f64, Weight), Failure> {
    match weight {
        None => {
            let lb = 0.5 * units.max(1) as f64;
            Ok((
                lb,
                Weight {
                    value: format!("{lb}"),
                    unit: "POUND".into(),
                },
            ))
        }
        Some(w) => {
            let v = positive_decimal(&w.value)
                .ok_or_else(|| invalid("weight.value must be a positive decimal."))?;
            let lb = match w.unit.as_str() {
                "GRAM" => v / GRAMS_PER_POUND,
                "POUND" => v,
                _ => return Err(invalid("weight.unit must be GRAM or POUND.")),
            };
            Ok((lb, w.clone()))
        }
    }
}

/// "The length, width, height must be passed together", `unit` CM | INCH.
fn check_dimension(d: Option<&Dimension>) -> Result<(), Failure> {
    let Some(d) = d else { return Ok(()) };
    let all = [&d.length, &d.width, &d.height];
    if all.iter().any(|v| positive_decimal(v).is_none()) {
        return Err(invalid(
            "dimension.length, width and height must be positive decimals, passed together.",
        ));
    }
    if !matches!(d.unit.as_str(), "CM" | "INCH") {
        return Err(invalid("dimension.unit must be CM or INCH."));
    }
    Ok(())
}

fn service_of(def: &ServiceDef, lb: f64, default: bool) -> ShippingService {
    let started_pounds = lb.ceil().max(1.0) as i64;
    let cents = def.base_cents + def.per_pound_cents * (started_pounds - 1);
    ShippingService {
        id: def.id.to_string(),
        name: def.name.to_string(),
        price: USD.format(cents),
        currency: "USD".into(),
        earliest_delivery_days: def.days.0,
        latest_delivery_days: def.days.1,
        is_default: default,
        shipping_provider_name: provider_name(def.provider_id),
        shipping_provider_id: def.provider_id.to_string(),
    }
}

fn provider_name(id: &str) -> String {
    crate::generator::US
        .carriers
        .iter()
        .find(|(_, pid)| *pid == id)
        .map_or_else(String::new, |(name, _)| (*name).to_string())
}

/// The US checks both endpoints share: region, order of this shop, TikTok shipping.
fn us_tiktok_order(shop: &ShopCell, rec: Option<&OrderRec>) -> Result<(), Failure> {
    if shop.def.region != "US" {
        return Err(refusals::WRONG_REGION.into());
    }
    let rec = rec
        .ok_or(refusals::ORDER_NOT_IN_SHOP)
        .map_err(Failure::from)?;
    if rec.fbt {
        return Err(refusals::FULFILLED_BY_PLATFORM.into());
    }
    Ok(())
}

/// Get Eligible Shipping Service: `POST /fulfillment/202309/orders/{order_id}/
/// shipping_services/query`. A seller-shipping order has none (21011037); a shipped one
/// 21011006.
pub fn eligible_services(
    inner: &Inner,
    shop: &ShopCell,
    order_id: &str,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<ShippingServices, Failure> {
    let req: ShippingServicesQuery = parse_body(headers, body)?;
    let now = inner.clock.now();
    let mut store = lock(&shop.store);
    store.advance_to(now);
    let pos = order_id.parse().ok().and_then(|id| store.position(id));
    us_tiktok_order(shop, pos.map(|p| store.rec(p)))?;
    let pos = pos
        .ok_or(refusals::ORDER_NOT_IN_SHOP)
        .map_err(Failure::from)?;
    let rec = store.rec(pos);
    if !rec.tiktok_shipping {
        return Err(refusals::NO_SHIPPING_SERVICE.into());
    }
    may_ship(shop, rec).map_err(|g| {
        Failure::from(g.refusal(
            refusals::ORDER_ALREADY_SHIPPED,
            refusals::ORDER_ALREADY_SHIPPED,
        ))
    })?;
    let units = match req.order_line_item_ids.as_deref() {
        Some(ids) if !ids.is_empty() => units_of(rec, ids)?,
        _ => store
            .fulfilment(pos, shop.def.packages_from_payment())
            .unshipped_units(),
    };
    check_dimension(req.dimension.as_ref())?;
    let (lb, weight) = pounds(req.weight.as_ref(), units.len())?;
    Ok(ShippingServices {
        order_id: rec.id.to_string(),
        order_line_id: line_ids(rec, &units),
        weight,
        shipping_services: SERVICES
            .iter()
            .enumerate()
            .map(|(i, s)| service_of(s, lb, i == 0))
            .collect(),
        dimension: req.dimension,
    })
}

/// Create Packages: `POST /fulfillment/202309/packages`. Buys the label of
/// `shipping_service_id` (default: the default service; an unknown one is 21004008) for the
/// named line items (default: all left), creates the package with TikTok's tracking number,
/// and moves the order on as Mark Package As Shipped would. Buying again for items that
/// already have a label is 21022025.
pub fn create_packages(
    inner: &Inner,
    shop: &ShopCell,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<CreatedPackage, Failure> {
    let req: CreatePackagesRequest = parse_body(headers, body)?;
    let order_id = super::gate::required("order_id", req.order_id.as_ref())?;
    let now = inner.clock.now();
    let mut store = lock(&shop.store);
    store.advance_to(now);
    let id: Option<u64> = order_id.parse().ok();
    let pos = id.and_then(|id| store.position(id));
    us_tiktok_order(shop, pos.map(|p| store.rec(p)))?;
    let pos = pos
        .ok_or(refusals::ORDER_NOT_IN_SHOP)
        .map_err(Failure::from)?;
    let rec = store.rec(pos);
    if !rec.tiktok_shipping {
        return Err(refusals::NOT_TIKTOK_SHIPPING.into());
    }
    let reject_cancel = may_ship(shop, rec).map_err(|g| {
        Failure::from(g.refusal(
            refusals::LABEL_ALREADY_PURCHASED,
            refusals::ORDER_ALREADY_SHIPPED,
        ))
    })?;
    let from_payment = shop.def.packages_from_payment();
    let unshipped = store.fulfilment(pos, from_payment).unshipped_units();
    let units = match req.order_line_item_ids.as_deref() {
        Some(ids) if !ids.is_empty() => {
            let units = units_of(rec, ids)?;
            if units.iter().any(|u| !unshipped.contains(u)) {
                return Err(refusals::LABEL_ALREADY_PURCHASED.into());
            }
            units
        }
        _ => unshipped,
    };
    if units.is_empty() {
        return Err(refusals::LABEL_ALREADY_PURCHASED.into());
    }
    check_dimension(req.dimension.as_ref())?;
    let (lb, weight) = pounds(req.weight.as_ref(), units.len())?;
    let def = match req.shipping_service_id.as_deref().filter(|s| !s.is_empty()) {
        None => &SERVICES[0],
        Some(s) => SERVICES
            .iter()
            .find(|d| d.id == s)
            .ok_or(refusals::SHIPPING_SERVICE_NOT_FOUND)
            .map_err(Failure::from)?,
    };
    let service = service_of(def, lb, false);
    let shipped_line_ids = line_ids(rec, &units);
    let order_id = rec.id;
    let pattern = providers::provider(&shop.def, def.provider_id)
        .map(|p| p.pattern)
        .unwrap_or(&[]);
    // TikTok's number for the label: distinct per order and first line item.
    let seq = order_id % 1_000_000_000_000 * 100 + u64::from(units[0]);
    let mut shipment = Shipment::new(
        CarrierInfo::Given {
            tracking_number: providers::sample(pattern, seq),
            provider_id: def.provider_id.to_string(),
            provider_name: service.shipping_provider_name.clone(),
        },
        now,
    );
    shipment.label = Some(Label {
        service_id: def.id.to_string(),
        weight: weight.clone(),
        dimension: req.dimension.clone(),
    });
    if reject_cancel {
        store.rec_mut(pos).buyer_cancel_pending = false;
    }
    let package_id = store.ship_units(pos, from_payment, &units, shipment, now);
    store.count_write(order_id, Some(package_id), "create_packages");
    tracing::debug!(
        order = order_id,
        package = package_id,
        "sandbox: label bought"
    );
    Ok(CreatedPackage {
        order_id: order_id.to_string(),
        order_line_item_ids: shipped_line_ids,
        dimension: req.dimension,
        shipping_service_info: ShippingServiceInfo {
            id: service.id,
            name: service.name,
            price: service.price,
            currency: service.currency,
            earliest_delivery_days: service.earliest_delivery_days,
            latest_delivery_days: service.latest_delivery_days,
            shipping_provider_id: service.shipping_provider_id,
            shipping_provider_name: service.shipping_provider_name,
        },
        package_id: package_id.to_string(),
        weight,
        create_time: now,
    })
}
