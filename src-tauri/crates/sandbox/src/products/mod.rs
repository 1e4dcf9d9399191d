//! Products, stock and price (write-api §E, §F, §G import, §I): each shop's catalog, its
//! warehouses, and the endpoints Shopdock reads and writes them with. The handlers run in the
//! Open API pipeline ([`crate::openapi`]) like the fulfillment ones, change the shop's
//! [`catalog::ProductStore`] under its lock, and answer every refusal with a code from the
//! endpoint's spec (HTTP 200).
//!
//! | endpoint | module | source |
//! |---|---|---|
//! | Search Products (202502; 202309 serves the same) | [`search`] | SPEC:products/search-products, §G |
//! | Get Product (202309) | [`search`] | SPEC:products/get-product |
//! | Get Warehouse List (202309) | [`warehouses`] | SPEC:logistics/get-warehouse-list |
//! | Update Inventory (202309) | [`inventory`] | SPEC:products/update-inventory, §E |
//! | Inventory Search (202309) | [`inventory`] | SPEC:products/inventory-search, §E |
//! | Update Price (202309) | [`price`] | SPEC:products/update-price, §F |
//!
//! Where the docs leave a choice open, the sandbox's answer (and where to switch it):
//! * **Quantity 0.** The spec's range is `[1, 99,999]`, integrators push 0 for sold out
//!   (write-api §E DISAGREE): 0 is accepted; [`crate::Control::set_zero_quantity_refused`]
//!   refuses it with 12052055. Above 99,999 is always 12052055.
//! * **Per-SKU or whole-call refusals of Update Inventory.** The spec's example puts a
//!   warehouse error under code 0 (12052990 with `extra_errors`) and also lists those codes
//!   as the call's own. The sandbox refuses the whole call for the product (12052032,
//!   12052048, 12052901, 12052850) and the SKU list (12052902, 12052036, 12052553, 12052556),
//!   and reports warehouse, quantity and promotion problems per SKU under code 0, applying
//!   the other SKUs: unknown warehouse 12052097 (another shop's: 12052530), disabled
//!   12052531, a return warehouse 12052532, one the SKU is not stocked in 12052533, a
//!   missing one (or a missing `warehouse_id` on a multi-warehouse SKU) 12019028, quantity
//!   12052055, below the current stock of a promotion-locked SKU 12052393.
//! * **The 10,000-result cap** (12052180): the first 10,000 results are reachable; the page
//!   after them answers 12052180, and `total_count` tells the true total.
//!   [`crate::Control::set_search_cap_refuses_query`] refuses such a query on its first page.
//! * **Search order.** Undocumented: the sandbox lists by `update_time` then id, newest
//!   first, paged by keyset (an update during paging moves a product ahead of the cursor
//!   instead of shifting the pages). `status` `ALL` (the default) leaves DELETED products out.
//! * **Inventory Search with both lists**: `sku_ids` win (the field's doc; the endpoint's
//!   says "not both"). Unknown ids are left out; an empty request is 12019008.
//! * **Get Product of a FREEZE or DELETED product** ("except those"): 12052901 for frozen,
//!   12052032 for deleted; another shop's product is 12052048.
//! * **Update Price**: a global (cross-border) seller's `amount` is the pre-tax price and
//!   `sale_price` the display price (display = pre-tax × 1.2 when it is omitted); local
//!   sellers' `amount` is the display price and `sale_price` is ignored. JP and US global
//!   shops must send `sale_price` (12052424). Prices must be positive (12052073) with at most
//!   the currency's decimals (12052012) and at most 999,999.99 (12052570: the per-market
//!   ranges are on a page not in the reference). A promotion lock is 12052038 (12019045 is
//!   the other documented answer). `list_price` outside the US is 12052376, outside
//!   0.01..=7600 12052383, and below `amount` it is discarded, as documented.
//! * **What a write touches.** Stock and price updates set the product's `update_time`.
//!   New orders keep pricing from the order catalog (the shop's seeded prices).
//! * **FBT.** The FBT warehouse is treated as one more sales warehouse the seller stocks.

pub mod catalog;
mod control;
mod control_http;
mod edit;
pub(crate) mod images;
mod inventory;
pub mod ledger;
mod price;
mod render;
mod search;
pub mod warehouses;

pub use catalog::ProductStore;
pub use control::{ProductInfo, ProductWriteCounts, SkuStock, WarehouseQuantity};
pub(crate) use control_http::router;
pub use edit::ProductEdit;
pub use images::ImageHostState;

use crate::respond::envelope_bytes;
use crate::routes::{Endpoint, Resolved};
use crate::state::{lock, Inner, ShopCell};
use crate::verify::Failure;
use axum::http::{header, HeaderMap};
use serde::de::DeserializeOwned;
use shopdock_tiktok::codes;
use shopdock_tiktok::product::WarehouseList;
use std::sync::MutexGuard;

/// Serves one product request; `None` if `endpoint` is not one of them.
pub fn dispatch(
    inner: &Inner,
    shop: &ShopCell,
    resolved: &Resolved,
    query: &[(String, String)],
    headers: &HeaderMap,
    body: &[u8],
    rid: &str,
) -> Option<Result<Vec<u8>, Failure>> {
    let id = resolved.param("product_id");
    Some(match resolved.route.endpoint {
        Endpoint::SearchProducts => answer(rid, search::search(inner, shop, query, headers, body)),
        Endpoint::GetProduct => answer(rid, search::get_product(inner, shop, id, query)),
        Endpoint::Warehouses => answer(rid, Ok(warehouse_list(shop))),
        Endpoint::UpdateInventory => answer(rid, inventory::update(inner, shop, id, headers, body)),
        Endpoint::InventorySearch => answer(rid, inventory::search(inner, shop, headers, body)),
        Endpoint::UpdatePrice => answer(rid, price::update(inner, shop, id, headers, body)),
        _ => return None,
    })
}

fn answer<T: serde::Serialize>(rid: &str, data: Result<T, Failure>) -> Result<Vec<u8>, Failure> {
    data.map(|d| envelope_bytes(0, "Success", rid, Some(d)))
}

/// The shop's catalog, with its stock brought up to the shop's orders now (see
/// [`ledger`]). Lock order: products, then orders.
pub(crate) fn synced<'a>(inner: &Inner, shop: &'a ShopCell) -> MutexGuard<'a, ProductStore> {
    let mut products = lock(&shop.products);
    let mut orders = lock(&shop.store);
    orders.advance_to(inner.clock.now());
    products.sync_orders(&orders, shop.def.warehouses.len());
    products
}

fn warehouse_list(shop: &ShopCell) -> WarehouseList {
    let products = lock(&shop.products);
    WarehouseList {
        warehouses: products
            .warehouses
            .iter()
            .map(|w| warehouses::render(&shop.def, w))
            .collect(),
    }
}

/// A refusal with the spec's code and message.
pub(crate) fn no(code: i64, message: &str) -> Failure {
    Failure::new(code, message)
}

/// A JSON body (empty = all defaults); a wrong content type is 36009022 and a body that does
/// not parse is `code` (the endpoint's "invalid parameters" code) with the parser's words.
pub(crate) fn parse_body<T: DeserializeOwned + Default>(
    headers: &HeaderMap,
    body: &[u8],
    code: i64,
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
            code,
            format!("Invalid input parameters. Refer to the API documentation for details. {e}"),
        )
    })
}

/// The product `id` of `shop` for a write or a read: 12052032 when no shop has it, 12052048
/// when another shop does (checked with one shop lock at a time).
pub(crate) fn not_here(inner: &Inner, shop: &ShopCell, id: &str) -> Failure {
    let n: Option<u64> = id.trim().parse().ok();
    let elsewhere = n.is_some_and(|n| {
        inner
            .shops
            .iter()
            .filter(|s| s.def.id != shop.def.id)
            .any(|s| lock(&s.products).product(n).is_some())
    });
    if elsewhere {
        no(
            codes::PRODUCT_NOT_IN_SHOP,
            "You cannot edit the specified product(s) as it isn't listed in your account or shop.",
        )
    } else {
        no(codes::PRODUCT_NOT_FOUND, "The product does not exist")
    }
}

/// Virtual now.
pub(crate) fn now(inner: &Inner) -> i64 {
    inner.clock.now()
}
