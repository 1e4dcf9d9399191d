//! Fulfillment: arranging shipment market by market (write-api §A), tracking upload and its
//! correction (§C), packages and their search. The handlers run inside the Open API pipeline
//! ([`crate::openapi`]) after verification, the per-API rate limit and the fault roll, and
//! change the shop's [`crate::orders::OrderStore`] under its lock, so a write is applied
//! whole or not at all.
//!
//! | endpoint | module | source |
//! |---|---|---|
//! | Mark Package As Shipped | [`ship`] | SPEC:fulfillment/mark-package-as-shipped, §A, §C |
//! | Ship Package, Batch Ship Packages | [`ship`] | SPEC:fulfillment/ship-package, batch-ship-packages, §A |
//! | Get Package Handover Time Slots | [`ship`] | SPEC:fulfillment/get-package-handover-time-slots |
//! | Get Eligible Shipping Service, Create Packages | [`label`] | SPEC:fulfillment/get-eligible-shipping-service, create-packages, §A (US TikTok shipping) |
//! | Get Package Detail, Search Package | [`packages`] | SPEC:fulfillment/get-package-detail, search-package |
//! | Update (Package) Shipping Info | [`correction`] | SPEC:fulfillment/update-shipping-info, update-package-shipping-info, §C |
//! | Get Shipping Providers | [`providers`] | SPEC:logistics/get-shipping-providers, §C |
//! | Get Package Shipping Document | [`documents`] | SPEC:fulfillment/get-package-shipping-document, §B |
//!
//! Every refusal is a code from the endpoint's spec ([`refusals`]), answered with HTTP 200.

mod correction;
pub mod documents;
pub(crate) mod gate;
mod label;
pub mod model;
mod packages;
pub mod providers;
pub mod refusals;
mod ship;

use crate::respond::envelope_bytes;
use crate::routes::{Endpoint, Resolved};
use crate::state::{Inner, ShopCell};
use crate::verify::Failure;
use axum::http::HeaderMap;
use model::{ProviderRef, ShippingProviders};
use providers::DeliveryOption;

/// Serves one fulfillment or logistics request; `None` if `endpoint` is not one of them.
pub fn dispatch(
    inner: &Inner,
    shop: &ShopCell,
    resolved: &Resolved,
    query: &[(String, String)],
    headers: &HeaderMap,
    body: &[u8],
    rid: &str,
) -> Option<Result<Vec<u8>, Failure>> {
    Some(match resolved.route.endpoint {
        Endpoint::MarkPackageAsShipped => answer(
            rid,
            ship::mark_package_as_shipped(inner, shop, resolved.param("order_id"), headers, body),
        ),
        Endpoint::ShipPackage => answer(
            rid,
            ship::ship_package(inner, shop, resolved.param("package_id"), headers, body),
        ),
        Endpoint::BatchShipPackages => answer(rid, ship::batch_ship(inner, shop, headers, body)),
        Endpoint::HandoverTimeSlots => answer(
            rid,
            ship::handover_time_slots(inner, shop, resolved.param("package_id")),
        ),
        Endpoint::EligibleShippingServices => answer(
            rid,
            label::eligible_services(inner, shop, resolved.param("order_id"), headers, body),
        ),
        Endpoint::CreatePackages => answer(rid, label::create_packages(inner, shop, headers, body)),
        Endpoint::PackageDetail => answer(
            rid,
            packages::package_detail(inner, shop, resolved.param("package_id")),
        ),
        Endpoint::SearchPackages => {
            answer(rid, packages::search(inner, shop, query, headers, body))
        }
        Endpoint::UpdateShippingInfo => answer(
            rid,
            correction::update_order(inner, shop, resolved.param("order_id"), headers, body),
        ),
        Endpoint::UpdatePackageShippingInfo => answer(
            rid,
            correction::update_package(inner, shop, resolved.param("package_id"), headers, body),
        ),
        Endpoint::ShippingDocument => answer(
            rid,
            documents::shipping_document(inner, shop, resolved.param("package_id"), query),
        ),
        Endpoint::ShippingProviders => answer(
            rid,
            shipping_providers(shop, resolved.param("delivery_option_id")),
        ),
        _ => return None,
    })
}

/// The success envelope around `data`.
fn answer<T: serde::Serialize>(rid: &str, data: Result<T, Failure>) -> Result<Vec<u8>, Failure> {
    data.map(|d| envelope_bytes(0, "Success", rid, Some(d)))
}

/// Get Shipping Providers: the providers of a seller delivery option; 21008117 for a
/// TikTok-shipping option, 21008116 for one the shop does not have (write-api §C).
fn shipping_providers(shop: &ShopCell, option_id: &str) -> Result<ShippingProviders, Failure> {
    match providers::delivery_option(option_id) {
        None => Err(refusals::UNKNOWN_DELIVERY_OPTION.into()),
        Some(DeliveryOption::Tiktok) => Err(refusals::TIKTOK_DELIVERY_OPTION.into()),
        Some(DeliveryOption::Seller(i)) => Ok(ShippingProviders {
            shipping_providers: providers::providers_for(&shop.def, i)
                .into_iter()
                .map(|p| ProviderRef {
                    id: p.id.to_string(),
                    name: p.name.to_string(),
                })
                .collect(),
        }),
    }
}
