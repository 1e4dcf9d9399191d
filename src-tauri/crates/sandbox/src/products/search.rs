//! Search Products and Get Product (SPEC:products/search-products, get-product; write-api
//! §G). Search pages by keyset over `(update_time, id)`, newest first, and stops at the
//! 10,000th result (see the module docs of [`crate::products`]).

use super::catalog::{ProductRec, ProductStore};
use super::{no, not_here, now, parse_body, render, synced};
use crate::page_token::Cursor;
use crate::rng::label;
use crate::state::{Inner, ShopCell};
use crate::verify::{first, Failure};
use axum::http::HeaderMap;
use serde::Serialize;
use shopdock_tiktok::codes;
use shopdock_tiktok::product::{
    AuditStatus, Product, ProductStatus, ProductSummary, SearchProductsFilter, MAX_FILTER_SKUS,
    MAX_PRODUCT_PAGE_SIZE, MAX_SEARCH_RESULTS,
};

/// `data` of Search Products as the sandbox sends it.
#[derive(Debug, Serialize)]
pub struct ProductPage {
    pub total_count: i64,
    pub products: Vec<ProductSummary>,
    pub next_page_token: String,
}

fn invalid(detail: &str) -> Failure {
    no(
        codes::PRODUCT_INVALID_INPUT,
        &format!("Invalid input parameters. Refer to the API documentation for details. {detail}"),
    )
}

/// The filter, checked and completed.
struct Wanted {
    /// `None` = every status but DELETED.
    status: Option<ProductStatus>,
    seller_skus: Vec<String>,
    sku_ids: Vec<String>,
    create: (i64, i64),
    update: (i64, i64),
    audit: Vec<AuditStatus>,
    only_drafts: bool,
    category_version: Option<String>,
}

/// A time pair completed as documented (`_le` = now, `_ge` = the shop's beginning).
fn window(
    ge: Option<i64>,
    le: Option<i64>,
    now: i64,
    code: i64,
    what: &str,
) -> Result<(i64, i64), Failure> {
    let (ge, le) = (ge.unwrap_or(0), le.unwrap_or(now.max(ge.unwrap_or(0))));
    if ge < 0 || le < 0 || ge > le {
        return Err(no(code, &format!("search {what} time invalid")));
    }
    Ok((ge, le))
}

fn wanted(f: &SearchProductsFilter, now: i64) -> Result<Wanted, Failure> {
    if f.seller_skus.len() > MAX_FILTER_SKUS {
        return Err(no(
            codes::PRODUCT_FILTER_SELLER_SKUS_OVER_LIMIT,
            "The maximum count of \u{201c}seller_skus\u{201d} in the search filter is 10.",
        ));
    }
    if f.sku_ids.len() > MAX_FILTER_SKUS {
        return Err(no(
            codes::PRODUCT_FILTER_SKU_IDS_OVER_LIMIT,
            "The number of SKU IDs exceeds the limit of 10",
        ));
    }
    let status = match &f.status {
        None => None,
        Some(ProductStatus::Other(s)) if s == "ALL" || s.is_empty() => None,
        Some(ProductStatus::Other(s)) => return Err(invalid(&format!("Unknown status {s:?}."))),
        Some(s) => Some(s.clone()),
    };
    if !f.listing_platforms.is_empty() && status.is_none() {
        return Err(invalid("listing_platforms needs a status other than ALL."));
    }
    let mut audit = Vec::new();
    for a in &f.audit_status {
        audit.push(match a.as_str() {
            "AUDITING" => AuditStatus::Auditing,
            "FAILED" => AuditStatus::Failed,
            "APPROVED" => AuditStatus::Approved,
            other => return Err(invalid(&format!("Unknown audit_status {other:?}."))),
        });
    }
    let category_version = match f.category_version.as_deref() {
        None | Some("") => None,
        Some(v @ ("v1" | "v2")) => Some(v.to_string()),
        Some(v) => return Err(invalid(&format!("Unknown category_version {v:?}."))),
    };
    Ok(Wanted {
        status,
        seller_skus: f.seller_skus.clone(),
        sku_ids: f.sku_ids.clone(),
        create: window(
            f.create_time_ge,
            f.create_time_le,
            now,
            codes::PRODUCT_SEARCH_CREATE_TIME_INVALID,
            "create",
        )?,
        update: window(
            f.update_time_ge,
            f.update_time_le,
            now,
            codes::PRODUCT_SEARCH_UPDATE_TIME_INVALID,
            "update",
        )?,
        audit,
        only_drafts: f.return_draft_version == Some(true),
        category_version,
    })
}

fn matches(p: &ProductRec, w: &Wanted, tree: &str) -> bool {
    let within = |t: i64, (ge, le): (i64, i64)| ge <= t && t <= le;
    let status_ok = match &w.status {
        None => p.status != ProductStatus::Deleted,
        Some(s) => p.status == *s,
    };
    status_ok
        && (w.seller_skus.is_empty()
            || p.skus.iter().any(|s| w.seller_skus.contains(&s.seller_sku)))
        && (w.sku_ids.is_empty()
            || p.skus
                .iter()
                .any(|s| w.sku_ids.iter().any(|id| id.trim() == s.id.to_string())))
        && within(p.create_time, w.create)
        && within(p.update_time, w.update)
        && (w.audit.is_empty() || w.audit.contains(&p.audit))
        // The sandbox's products have no drafts.
        && !w.only_drafts
        && w.category_version.as_deref().is_none_or(|v| v == tree)
}

/// Search Products: `POST /product/{202502|202309}/products/search`.
pub fn search(
    inner: &Inner,
    shop: &ShopCell,
    query: &[(String, String)],
    headers: &HeaderMap,
    body: &[u8],
) -> Result<ProductPage, Failure> {
    let page_size: usize = first(query, "page_size")
        .and_then(|v| v.trim().parse().ok())
        .filter(|n| (1..=MAX_PRODUCT_PAGE_SIZE as usize).contains(n))
        .ok_or_else(|| no(codes::PRODUCT_PAGE_SIZE_INVALID, "page size is invalid"))?;
    let filter: SearchProductsFilter = parse_body(headers, body, codes::PRODUCT_INVALID_INPUT)?;
    let now = now(inner);
    let us = shop.def.region == "US";
    let w = wanted(&filter, now)?;
    let filter_hash = label(&serde_json::to_string(&filter).unwrap_or_default());
    let cursor = match first(query, "page_token").filter(|t| !t.is_empty()) {
        None => None,
        Some(t) => Some(
            inner
                .page_tokens
                .decode(t)
                .filter(|c| !c.offset_paging && c.by_update && c.filter_hash == filter_hash)
                .ok_or_else(|| no(codes::PRODUCT_PAGE_INVALID, "page number is invalid"))?,
        ),
    };
    let store = synced(inner, shop);
    let tree = if us { "v2" } else { "v1" };
    let mut hits: Vec<&ProductRec> = store
        .products()
        .iter()
        .filter(|p| matches(p, &w, tree))
        .collect();
    hits.sort_unstable_by_key(|p| std::cmp::Reverse((p.update_time, p.id)));
    let total = hits.len();
    let start = cursor.map_or(0, |c| {
        hits.partition_point(|p| (p.update_time, p.id) >= (c.time, c.id))
    });
    let cap = MAX_SEARCH_RESULTS as usize;
    let refuse_query = store.rules.cap_refuses_query && total > cap;
    if start >= cap || refuse_query {
        return Err(no(
            codes::PRODUCT_SEARCH_OVER_CAP,
            "The total number of search results can not exceed 10000.",
        ));
    }
    let end = (start + page_size).min(total).min(cap);
    let page = &hits[start..end];
    let next_page_token = match page.last() {
        Some(last) if end < total => inner.page_tokens.encode(&Cursor {
            offset_paging: false,
            by_update: true,
            ascending: false,
            time: last.update_time,
            id: last.id,
            filter_hash,
        }),
        _ => String::new(),
    };
    Ok(ProductPage {
        total_count: total as i64,
        products: page
            .iter()
            .map(|p| render::summary(&store, &shop.def, p))
            .collect(),
        next_page_token,
    })
}

fn flag(query: &[(String, String)], name: &str) -> bool {
    first(query, name).is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
}

/// Get Product: `GET /product/202309/products/{product_id}`.
pub fn get_product(
    inner: &Inner,
    shop: &ShopCell,
    id: &str,
    query: &[(String, String)],
) -> Result<Product, Failure> {
    let under_review = flag(query, "return_under_review_version");
    if under_review && flag(query, "return_draft_version") {
        return Err(Failure::invalid(
            "Invalid parameter. return_under_review_version and return_draft_version are mutually exclusive.",
        ));
    }
    let image_base = inner.render_ctx().image_base;
    let found = {
        let store = synced(inner, shop);
        lookup(&store, id).map(|p| {
            let status = p.status.clone();
            (status, render::product(&store, &shop.def, p, &image_base))
        })
    };
    let Some((status, product)) = found else {
        return Err(not_here(inner, shop, id));
    };
    match status {
        ProductStatus::Deleted => Err(no(codes::PRODUCT_NOT_FOUND, "The product does not exist")),
        ProductStatus::Freeze => Err(no(
            codes::PRODUCT_STATUS_NOT_ALLOWED,
            "The product in its current status is not available for this operation. Change the product status and try again.",
        )),
        ProductStatus::Pending => Ok(product),
        _ if under_review => Err(no(
            codes::PRODUCT_NO_VERSION_UNDER_REVIEW,
            "There is no version of this product that is under review. Please obtain the online version.",
        )),
        _ => Ok(product),
    }
}

/// The product `id` names in this shop's catalog.
pub(crate) fn lookup<'a>(store: &'a ProductStore, id: &str) -> Option<&'a ProductRec> {
    id.trim().parse().ok().and_then(|n| store.product(n))
}
