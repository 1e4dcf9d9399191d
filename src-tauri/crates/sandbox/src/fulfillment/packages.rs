//! Reading packages: Get Package Detail and Search Package.
//!
//! A package is shown once it exists to TikTok: from payment outside US/UK local sellers,
//! else from shipment (SPEC:orders/get-order-detail `line_items.package_id`). Search Package
//! lists arranged packages only (its `package_status` enum starts at PROCESSING, "Package has
//! been arranged by seller"); Get Package Detail also answers for a package still to ship,
//! with the order's TO_FULFILL.

use super::gate::parse_body;
use super::model::{
    OrderRef, PackageAddress, PackageDetail, PackagePage, PackageSummary, PickupSlot,
    SearchPackagesFilter,
};
use super::refusals;
use crate::generator::{
    buyer, recipient_address, ShopDef, DELIVERY_OPTIONS, TIKTOK_DELIVERY_OPTIONS,
};
use crate::orders::{packages as shown_packages, Fulfilment, OrderRec, OrderStore, PackageView};
use crate::page_token::Cursor;
use crate::rng::label;
use crate::state::{lock, Inner, ShopCell};
use crate::verify::{first, Failure};
use axum::http::HeaderMap;

/// Package statuses Search Package filters by (SPEC:fulfillment/search-package).
const SEARCH_STATUSES: &[&str] = &["PROCESSING", "FULFILLING", "COMPLETED", "CANCELLED"];

/// What the reads need of one package beyond [`PackageView`].
struct PackageFacts {
    view: PackageView,
    create_time: i64,
    update_time: i64,
    handover_method: Option<&'static str>,
    pickup_slot: Option<PickupSlot>,
    weight: Option<super::model::Weight>,
    dimension: Option<super::model::Dimension>,
}

fn facts(shop: &ShopDef, store: &OrderStore, pos: u32, view: PackageView) -> PackageFacts {
    let rec = store.rec(pos);
    let f: Fulfilment = store.fulfilment(pos, shop.packages_from_payment());
    let package = f.package(view.id);
    let shipment = package.and_then(|p| p.shipment.as_ref());
    let create_time = package.map_or(rec.create_time, |p| p.created);
    let update_time = [
        Some(create_time),
        shipment.map(|s| s.updated_at),
        view.shipped_at.and(rec.collection_time),
        view.shipped_at.and(rec.delivery_time),
        rec.cancel_time,
    ]
    .into_iter()
    .flatten()
    .max()
    .unwrap_or(rec.update_time);
    PackageFacts {
        create_time,
        update_time,
        handover_method: shipment.and_then(|s| s.handover.map(|h| h.as_str())),
        pickup_slot: shipment.and_then(|s| s.pickup_slot.clone()),
        weight: shipment.and_then(|s| s.label.as_ref().map(|l| l.weight.clone())),
        dimension: shipment.and_then(|s| s.label.as_ref().and_then(|l| l.dimension.clone())),
        view,
    }
}

pub(super) fn find(
    inner: &Inner,
    shop: &ShopCell,
    store: &mut OrderStore,
    package_id: &str,
) -> Result<(u32, PackageView), Failure> {
    store.advance_to(inner.clock.now());
    let (pid, pos) = store
        .package_position(package_id)
        .ok_or(refusals::PACKAGE_NOT_IN_SHOP)
        .map_err(Failure::from)?;
    let view = shown_packages(&shop.def, store.rec(pos))
        .into_iter()
        .find(|p| p.id == pid)
        .ok_or(refusals::PACKAGE_NOT_IN_SHOP)
        .map_err(Failure::from)?;
    Ok((pos, view))
}

fn line_item_ids(rec: &OrderRec, view: &PackageView) -> Vec<String> {
    view.units
        .iter()
        .filter_map(|u| rec.units.get(usize::from(*u)))
        .map(|u| u.line_id.to_string())
        .collect()
}

/// The seller's warehouse address (the first place of the market; shop time zones and real
/// warehouse addresses are not simulated).
fn sender_address(shop: &ShopDef) -> PackageAddress {
    let place = &shop.market.places[0];
    let line1 = format!("100 {}", place.street);
    PackageAddress {
        full_address: format!("{line1}, {}, {} {}", place.city, place.l1, place.postal),
        phone_number: format!("({}){}", shop.market.phone_prefix, "555-***-0100"),
        name: shop.name.clone(),
        postal_code: place.postal.to_string(),
        address_detail: String::new(),
        region_code: shop.region.to_string(),
        address_line1: line1,
        address_line2: String::new(),
        address_line3: String::new(),
        address_line4: String::new(),
    }
}

/// Get Package Detail: `GET /fulfillment/202309/packages/{package_id}`. The recipient is
/// masked for TikTok shipping and absent before the order leaves ON_HOLD, as on the order.
pub fn package_detail(
    inner: &Inner,
    shop: &ShopCell,
    package_id: &str,
) -> Result<PackageDetail, Failure> {
    let mut store = lock(&shop.store);
    let (pos, view) = find(inner, shop, &mut store, package_id)?;
    let rec = store.rec(pos);
    let options = if rec.tiktok_shipping {
        &TIKTOK_DELIVERY_OPTIONS
    } else {
        &DELIVERY_OPTIONS
    };
    let (opt_name, opt_id, _) = options[usize::from(rec.delivery_option) % options.len()];
    let package_count = shown_packages(&shop.def, rec).len();
    let skus: std::collections::BTreeSet<u16> = view
        .units
        .iter()
        .filter_map(|u| rec.units.get(usize::from(*u)).map(|x| x.sku))
        .collect();
    let recipient = rec.release_time.map(|_| {
        let a = recipient_address(&shop.def, &buyer(&shop.def, rec.buyer), rec.tiktok_shipping);
        PackageAddress {
            full_address: a.full_address,
            phone_number: a.phone_number,
            name: a.name,
            postal_code: a.postal_code,
            address_detail: a.address_detail,
            region_code: a.region_code,
            address_line1: a.address_line1,
            address_line2: a.address_line2,
            address_line3: a.address_line3,
            address_line4: a.address_line4,
        }
    });
    let line_ids = line_item_ids(rec, &view);
    let order_id = rec.id.to_string();
    let tiktok_shipping = rec.tiktok_shipping;
    let noted = rec.message != 0;
    let facts = facts(&shop.def, &store, pos, view);
    Ok(PackageDetail {
        package_id: facts.view.id.to_string(),
        orders: vec![OrderRef { id: order_id }],
        package_status: facts.view.status.to_string(),
        split_and_combine_tag: if package_count > 1 {
            "SPLIT"
        } else {
            "DEFAULT"
        }
        .to_string(),
        has_multi_skus: skus.len() > 1,
        note_tag: if noted {
            "BUYER_NOTED"
        } else {
            "BUYER_UNNOTED"
        }
        .to_string(),
        shipping_provider_name: facts.view.provider.as_ref().map(|p| p.1.clone()),
        shipping_provider_id: facts.view.provider.as_ref().map(|p| p.0.clone()),
        shipping_type: if tiktok_shipping { "TIKTOK" } else { "SELLER" }.to_string(),
        delivery_option_name: opt_name.to_string(),
        delivery_option_id: opt_id.to_string(),
        tracking_number: facts.view.tracking_number.clone(),
        pickup_slot: facts.pickup_slot,
        create_time: facts.create_time,
        handover_method: facts.handover_method.map(str::to_string),
        order_line_item_ids: line_ids,
        recipient_address: recipient,
        sender_address: sender_address(&shop.def),
        weight: facts.weight,
        dimension: facts.dimension,
        update_time: facts.update_time,
    })
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum SortField {
    Create,
    Update,
    PayTime,
}

/// Search Package: `POST /fulfillment/202309/packages/search?page_size=1..50`, sorted by
/// `sort_field` (`create_time` default, `update_time`, `order_pay_time`) and `sort_order`
/// (DESC default), filtered by the body's time windows (`_ge` inclusive, `_lt` exclusive)
/// and `package_status`. Pages by offset under an opaque token bound to the query (a token
/// replayed with another sort or filter is 36009004, as Search Orders does); the last page
/// carries `next_page_token: ""`.
pub fn search(
    inner: &Inner,
    shop: &ShopCell,
    query: &[(String, String)],
    headers: &HeaderMap,
    body: &[u8],
) -> Result<PackagePage, Failure> {
    let page_size: usize = first(query, "page_size")
        .and_then(|v| v.trim().parse().ok())
        .filter(|n| (1..=50).contains(n))
        .ok_or_else(|| {
            Failure::invalid(
                "Invalid parameter. page_size is required and must be an integer from 1 to 50.",
            )
        })?;
    let sort =
        match first(query, "sort_field").filter(|v| !v.is_empty()) {
            None | Some("create_time") => SortField::Create,
            Some("update_time") => SortField::Update,
            Some("order_pay_time") => SortField::PayTime,
            Some(_) => return Err(Failure::invalid(
                "Invalid parameter. sort_field must be create_time, update_time or order_pay_time.",
            )),
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
    let filter: SearchPackagesFilter = parse_body(headers, body)?;
    if let Some(s) = filter.package_status.as_deref() {
        if !SEARCH_STATUSES.contains(&s) {
            return Err(Failure::invalid(format!(
                "Invalid parameter. Unknown package_status {s:?}."
            )));
        }
    }
    let filter_hash = label(&format!(
        "packages|{}|{}",
        serde_json::to_string(&filter).unwrap_or_default(),
        sort as u8
    ));
    let offset = match first(query, "page_token").filter(|t| !t.is_empty()) {
        None => 0,
        Some(t) => {
            let c = inner
                .page_tokens
                .decode(t)
                .filter(|c| {
                    c.offset_paging && c.filter_hash == filter_hash && c.ascending == ascending
                })
                .ok_or_else(|| {
                    Failure::invalid(
                        "Invalid parameter. The page_token is invalid or does not belong to this query.",
                    )
                })?;
            usize::try_from(c.time).unwrap_or(0)
        }
    };

    let mut store = lock(&shop.store);
    store.advance_to(inner.clock.now());
    let positions: Vec<(u32, i64)> = store
        .all()
        .filter_map(|r| store.position(r.id).map(|p| (p, r.paid_time.unwrap_or(0))))
        .collect();
    let mut rows: Vec<(i64, u64, PackageSummary)> = Vec::new();
    for (pos, pay_time) in positions {
        let rec = store.rec(pos);
        let views = shown_packages(&shop.def, rec);
        let order_id = rec.id.to_string();
        for view in views.into_iter().filter(|v| v.shipped_at.is_some()) {
            let line_ids = line_item_ids(store.rec(pos), &view);
            let f = facts(&shop.def, &store, pos, view);
            let keep = filter
                .package_status
                .as_deref()
                .is_none_or(|s| s == f.view.status)
                && window(f.create_time, filter.create_time_ge, filter.create_time_lt)
                && window(f.update_time, filter.update_time_ge, filter.update_time_lt);
            if !keep {
                continue;
            }
            let key = match sort {
                SortField::Create => f.create_time,
                SortField::Update => f.update_time,
                SortField::PayTime => pay_time,
            };
            rows.push((
                key,
                f.view.id,
                PackageSummary {
                    id: f.view.id.to_string(),
                    orders: vec![OrderRef {
                        id: order_id.clone(),
                    }],
                    create_time: f.create_time,
                    update_time: f.update_time,
                    status: f.view.status.to_string(),
                    tracking_number: f.view.tracking_number.clone(),
                    shipping_provider_name: f.view.provider.as_ref().map(|p| p.1.clone()),
                    shipping_provider_id: f.view.provider.as_ref().map(|p| p.0.clone()),
                    order_line_item_ids: line_ids,
                },
            ));
        }
    }
    drop(store);
    rows.sort_by_key(|(k, id, _)| (*k, *id));
    if !ascending {
        rows.reverse();
    }
    let total = rows.len();
    let packages: Vec<PackageSummary> = rows
        .into_iter()
        .skip(offset)
        .take(page_size)
        .map(|(_, _, p)| p)
        .collect();
    let next = offset + packages.len();
    let next_page_token = if next < total {
        inner.page_tokens.encode(&Cursor {
            offset_paging: true,
            by_update: sort == SortField::Update,
            ascending,
            time: i64::try_from(next).unwrap_or(i64::MAX),
            id: 0,
            filter_hash,
        })
    } else {
        String::new()
    };
    Ok(PackagePage {
        next_page_token,
        total_count: total as i64,
        packages,
    })
}

fn window(t: i64, ge: Option<i64>, lt: Option<i64>) -> bool {
    ge.is_none_or(|g| t >= g) && lt.is_none_or(|l| t < l)
}
