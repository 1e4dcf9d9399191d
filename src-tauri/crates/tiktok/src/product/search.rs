//! Search Products (SPEC:products/search-products, 202502): the filter, one page decoded
//! product by product, and the update-time windows an import walks to stay under TikTok's
//! 10,000-result cap.
//!
//! The cap (error 12052180, write-api §G) has two readings the docs leave open: results past
//! the 10,000th cannot be paged to (the last reachable page may still carry a token that then
//! fails with 12052180), or a query matching more than 10,000 is refused outright. Both are
//! handled the same way: a window whose `total_count` exceeds [`MAX_SEARCH_RESULTS`], or that
//! answers 12052180, is split in two ([`SearchWindow::split`]) and each half searched again.

use super::model::{Audit, Sku};
use super::words::ProductStatus;
use crate::lenient::null_as_default;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

/// The most results one search can reach.
pub const MAX_SEARCH_RESULTS: i64 = 10_000;
/// The largest `page_size` Search Products accepts.
pub const MAX_PRODUCT_PAGE_SIZE: u32 = 100;
/// The most `seller_skus` (12019027) and `sku_ids` (12019087) in one filter.
pub const MAX_FILTER_SKUS: usize = 10;

/// Query parameters of Search Products.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchProductsQuery {
    /// 1..=100.
    pub page_size: u32,
    pub page_token: Option<String>,
}

/// The body of Search Products. Every field is optional; times are inclusive on both ends
/// (`_ge`, `_le`), and a pair with one end missing is completed by TikTok (`_le` = now,
/// `_ge` = the shop's beginning).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct SearchProductsFilter {
    /// `None` = TikTok's default, `ALL`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<ProductStatus>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub seller_skus: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub create_time_ge: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub create_time_le: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub update_time_ge: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub update_time_le: Option<i64>,
    /// `v1` or `v2` (US); `None` = both trees.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category_version: Option<String>,
    /// US only: `POOR`, `FAIR`, `GOOD`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub listing_quality_tiers: Vec<String>,
    /// `TIKTOK_SHOP`, `TOKOPEDIA` (needs a `status` other than `ALL`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub listing_platforms: Vec<String>,
    /// `AUDITING`, `FAILED`, `APPROVED`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub audit_status: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sku_ids: Vec<String>,
    /// `CONFIGURED` or `ELIGIBLE`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sns_filter: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub return_draft_version: Option<bool>,
}

impl SearchProductsFilter {
    /// Products updated inside `window` (both ends included), any status but deleted.
    pub fn updated_in(window: SearchWindow) -> Self {
        Self {
            update_time_ge: Some(window.ge),
            update_time_le: Some(window.le),
            ..Self::default()
        }
    }
}

/// A product as Search Products lists it (its key properties; Get Product has the rest).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ProductSummary {
    #[serde(deserialize_with = "null_as_default")]
    pub id: String,
    #[serde(deserialize_with = "null_as_default")]
    pub title: String,
    pub status: ProductStatus,
    #[serde(deserialize_with = "null_as_default")]
    pub skus: Vec<Sku>,
    #[serde(
        deserialize_with = "null_as_default",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub sales_regions: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub create_time: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub update_time: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_not_for_sale: Option<bool>,
    #[serde(
        deserialize_with = "null_as_default",
        skip_serializing_if = "String::is_empty"
    )]
    pub listing_quality_tier: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub audit: Option<Audit>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub has_draft: Option<bool>,
}

/// `data` of Search Products as sent, each product left raw (the sandbox serializes
/// [`ProductSummary`] values into `products`).
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct RawProductPage {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total_count: Option<i64>,
    #[serde(deserialize_with = "null_as_default")]
    pub products: Vec<Box<RawValue>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_page_token: Option<String>,
}

/// One page of Search Products, split into the products that decoded and those that did not,
/// so one product Shopdock cannot read never stops an import.
#[derive(Debug, Default)]
pub struct ProductSearchPage {
    /// Every product matching the filter, including those past the 10,000-result cap.
    pub total_count: Option<i64>,
    /// `None` on the last page.
    pub next_page_token: Option<String>,
    /// In TikTok's order, each with the exact JSON sent (fields Shopdock does not model
    /// survive).
    pub products: Vec<DecodedProduct>,
    pub undecodable: Vec<UndecodableProduct>,
}

#[derive(Debug)]
pub struct DecodedProduct {
    pub product: ProductSummary,
    pub raw: Box<RawValue>,
}

#[derive(Debug)]
pub struct UndecodableProduct {
    /// The product id, when the JSON is an object with a string or integer `id`.
    pub id: Option<String>,
    pub raw: Box<RawValue>,
    pub error: String,
}

impl ProductSearchPage {
    /// Decodes each product of a raw page on its own.
    pub fn from_raw(page: RawProductPage) -> Self {
        let mut products = Vec::with_capacity(page.products.len());
        let mut undecodable = Vec::new();
        for raw in page.products {
            match serde_json::from_str::<ProductSummary>(raw.get()) {
                Ok(product) => products.push(DecodedProduct { product, raw }),
                Err(e) => {
                    let id = crate::order_page::order_id_of(raw.get());
                    tracing::warn!(product = id.as_deref().unwrap_or("?"), error = %e, "a product did not decode");
                    undecodable.push(UndecodableProduct {
                        id,
                        raw,
                        error: e.to_string(),
                    });
                }
            }
        }
        Self {
            total_count: page.total_count,
            next_page_token: page.next_page_token.filter(|t| !t.is_empty()),
            products,
            undecodable,
        }
    }

    /// Whether this window holds more products than a search can reach, so it must be split.
    pub fn over_cap(&self) -> bool {
        self.total_count.is_some_and(|n| n > MAX_SEARCH_RESULTS)
    }
}

/// An update-time window, both ends included (Unix seconds), as Search Products filters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SearchWindow {
    pub ge: i64,
    pub le: i64,
}

impl SearchWindow {
    /// The window `[ge, le]`, or `None` when it is empty (`ge > le`).
    pub fn new(ge: i64, le: i64) -> Option<Self> {
        (ge <= le).then_some(Self { ge, le })
    }

    /// Two halves that together cover exactly this window, without overlap; `None` for a
    /// one-second window, which cannot be narrowed further (more than 10,000 products updated
    /// in one second stay partly out of reach).
    pub fn split(self) -> Option<(SearchWindow, SearchWindow)> {
        if self.ge >= self.le {
            return None;
        }
        let mid = self.ge + (self.le - self.ge) / 2;
        Some((
            SearchWindow {
                ge: self.ge,
                le: mid,
            },
            SearchWindow {
                ge: mid + 1,
                le: self.le,
            },
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn halves_cover_the_window_exactly_once() {
        let w = SearchWindow::new(10, 21).unwrap();
        let (a, b) = w.split().unwrap();
        assert_eq!((a.ge, a.le, b.ge, b.le), (10, 15, 16, 21));
        assert_eq!(SearchWindow::new(5, 5).unwrap().split(), None);
        assert_eq!(SearchWindow::new(6, 5), None);
    }

    #[test]
    fn one_bad_product_leaves_the_others_decoded() {
        let page: RawProductPage = serde_json::from_str(
            r#"{"total_count":12001,"next_page_token":"","products":[
                {"id":"1729592969712207008","status":"ACTIVATE","skus":[{"id":"1","price":{"currency":"USD","sale_price":"12.90"}}]},
                {"id":"1729592969712207009","skus":[{"price":{"sale_price":"twelve"}}]},
                {"id":"1729592969712207010","status":"A_NEW_STATUS","skus":null}
            ]}"#,
        )
        .unwrap();
        let page = ProductSearchPage::from_raw(page);
        assert!(page.over_cap());
        assert_eq!(page.next_page_token, None);
        let ids: Vec<&str> = page
            .products
            .iter()
            .map(|p| p.product.id.as_str())
            .collect();
        assert_eq!(ids, ["1729592969712207008", "1729592969712207010"]);
        assert_eq!(
            page.products[1].product.status,
            ProductStatus::Other("A_NEW_STATUS".into())
        );
        assert_eq!(
            page.undecodable[0].id.as_deref(),
            Some("1729592969712207009")
        );
        let price = page.products[0].product.skus[0].price.clone().unwrap();
        assert_eq!(price.display_price().unwrap().to_string(), "12.90");
    }
}
