//! Get Package Shipping Document: `GET /fulfillment/202309/packages/{package_id}/
//! shipping_documents` (write-api §B, SPEC:fulfillment/get-package-shipping-document).
//!
//! A document exists only for a TikTok Shipping package that was shipped (arranged) and not
//! yet collected: seller shipping is 11034002, FBT 21008043, a package still to fulfil
//! 21023035, one the carrier collected 21042102, a cancelled one 21023059. While the
//! [`desk::DocumentGeneration`] knob says so, a printable package's first calls answer "still
//! generating" (11034037, or 11034023). Otherwise the answer is a `doc_url` on the sandbox's
//! own host that serves the file for 24 h of sandbox time ([`desk`]) and the package's
//! tracking number. Every call is counted per package ([`desk::DocumentCalls`]).
//!
//! Parameters: `document_type` is required (SHIPPING_LABEL, PACKING_SLIP,
//! SHIPPING_LABEL_AND_PACKING_SLIP, SHIPPING_LABEL_PICTURE, HAZMAT_LABEL, INVOICE_LABEL);
//! `document_size` A6 (default) or A5, ignored for the picture and fixed to A4 for hazmat;
//! `document_format` PDF (default) or ZPL. The spec lists no code for a value it rules out
//! (ZPL and INVOICE_LABEL outside Brazil, HAZMAT_LABEL without hazmat items, a bad value):
//! the sandbox answers those with 21001001 and says why; a package that is not the shop's is
//! 21011028, as on the other package endpoints. The sandbox has no Brazilian shop.

pub mod desk;
pub mod render;

use super::packages::find;
use super::refusals::{self, Refusal};
use crate::state::{lock, Inner, ShopCell};
use crate::verify::{first, Failure};
use rand::Rng as _;
use render::{Facts, Kind, Paper};
use shopdock_tiktok::fulfillment::ShippingDocument;

/// The path `doc_url`s point at on the sandbox's host (shaped like TikTok's file links).
pub const DOC_PATH_PREFIX: &str = "/wsos_v2/oec_fulfillment_doc_tts/object/";

/// What the query asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Asked {
    Pdf(Kind, Paper),
    Picture,
}

fn invalid(why: &str) -> Failure {
    Failure::new(
        refusals::INVALID_PARAMETERS.code,
        format!("{} {why}", refusals::INVALID_PARAMETERS.message),
    )
}

fn asked(shop: &ShopCell, query: &[(String, String)]) -> Result<Asked, Failure> {
    let brazil = shop.def.region == "BR";
    let size = match first(query, "document_size").filter(|s| !s.is_empty()) {
        None | Some("A6") => Paper::A6,
        Some("A5") => Paper::A5,
        Some(other) => {
            return Err(invalid(&format!(
                "document_size must be A6 or A5, not {other:?}."
            )))
        }
    };
    let kind = match first(query, "document_type").filter(|s| !s.is_empty()) {
        None => return Err(invalid("document_type is required.")),
        Some("SHIPPING_LABEL") => Kind::ShippingLabel,
        Some("PACKING_SLIP") => Kind::PackingSlip,
        Some("SHIPPING_LABEL_AND_PACKING_SLIP") => Kind::LabelAndSlip,
        Some("HAZMAT_LABEL") => Kind::HazmatLabel,
        Some("SHIPPING_LABEL_PICTURE") => return Ok(Asked::Picture),
        Some("INVOICE_LABEL") if !brazil => {
            return Err(invalid("INVOICE_LABEL is for the Brazil market only."))
        }
        Some(other) => return Err(invalid(&format!("unknown document_type {other:?}."))),
    };
    match first(query, "document_format").filter(|s| !s.is_empty()) {
        None | Some("PDF") => {}
        Some("ZPL") if !brazil => {
            return Err(invalid(
                "document_format ZPL is for the Brazil market only.",
            ))
        }
        Some(other) => return Err(invalid(&format!("unknown document_format {other:?}."))),
    }
    let paper = if kind == Kind::HazmatLabel {
        Paper::A4
    } else {
        size
    };
    Ok(Asked::Pdf(kind, paper))
}

/// The package's facts when a document may be printed for it now, else the §B refusal.
fn printable(
    inner: &Inner,
    shop: &ShopCell,
    package_id: &str,
    asked: Asked,
) -> Result<Facts, Failure> {
    let mut store = lock(&shop.store);
    let (pos, view) = find(inner, shop, &mut store, package_id)?;
    let rec = store.rec(pos);
    let refusal: Option<Refusal> = if rec.fbt {
        Some(refusals::DOCUMENT_FULFILLED_BY_TIKTOK)
    } else if !rec.tiktok_shipping {
        Some(refusals::DOCUMENT_SELLER_SHIPPING)
    } else {
        match view.status {
            "PROCESSING" => None,
            "CANCELLED" => Some(refusals::DOCUMENT_PACKAGE_CANCELLED),
            "FULFILLING" | "COMPLETED" => Some(refusals::DOCUMENT_AFTER_PICKUP),
            _ => Some(refusals::DOCUMENT_BEFORE_ARRANGED),
        }
    };
    if let Some(r) = refusal {
        return Err(r.into());
    }
    let skus: Vec<_> = view
        .units
        .iter()
        .filter_map(|u| rec.units.get(usize::from(*u)))
        .filter_map(|u| shop.def.catalog.get(usize::from(u.sku)))
        .collect();
    if asked == Asked::Pdf(Kind::HazmatLabel, Paper::A4) && !skus.iter().any(|s| s.dangerous) {
        return Err(invalid(
            "HAZMAT_LABEL is only for packages with hazmat items; this package has none.",
        ));
    }
    let mut items: Vec<(String, String, u32)> = Vec::new();
    for sku in skus {
        match items.iter_mut().find(|(s, _, _)| *s == sku.seller_sku) {
            Some(item) => item.2 += 1,
            None => items.push((sku.seller_sku.clone(), sku.product_name.clone(), 1)),
        }
    }
    Ok(Facts {
        shop_name: shop.def.name.clone(),
        order_id: rec.id.to_string(),
        package_id: view.id.to_string(),
        tracking_number: view.tracking_number.clone().unwrap_or_default(),
        carrier: view.provider.map(|p| p.1).unwrap_or_default(),
        items,
    })
}

/// Serves one call (see the module docs).
pub fn shipping_document(
    inner: &Inner,
    shop: &ShopCell,
    package_id: &str,
    query: &[(String, String)],
) -> Result<ShippingDocument, Failure> {
    let shop_id = shop.def.id.as_str();
    lock(&inner.documents).count_call(shop_id, package_id);
    let ready = asked(shop, query).and_then(|a| Ok((a, printable(inner, shop, package_id, a)?)));
    let (asked, facts) = match ready {
        Ok(r) => r,
        Err(f) => {
            lock(&inner.documents).count_refused(shop_id, package_id);
            return Err(f);
        }
    };
    if let Some(code) = lock(&inner.documents).still_generating(shop_id, package_id) {
        let r = if code == refusals::DOCUMENT_TIMEOUT.code {
            refusals::DOCUMENT_TIMEOUT
        } else {
            refusals::DOCUMENT_GENERATING
        };
        return Err(r.into());
    }
    let (content_type, bytes) = match asked {
        Asked::Pdf(kind, paper) => ("application/pdf", render::pdf(kind, paper, &facts)),
        Asked::Picture => ("image/png", render::png(&facts)),
    };
    let bytes = bytes.map_err(|e| {
        Failure::new(
            shopdock_tiktok::codes::INTERNAL_ERROR,
            format!("Internal error. The sandbox could not render the document: {e}"),
        )
        .with_status(axum::http::StatusCode::INTERNAL_SERVER_ERROR)
    })?;
    let token = format!("wsos{:032x}", rand::rng().random::<u128>());
    let now = inner.clock.now();
    lock(&inner.documents).issue(shop_id, package_id, token.clone(), content_type, bytes, now);
    let base = inner.render_ctx().image_base;
    tracing::debug!(package = package_id, "sandbox: shipping document issued");
    Ok(ShippingDocument {
        doc_url: format!("{base}{DOC_PATH_PREFIX}{token}"),
        tracking_number: facts.tracking_number,
    })
}
