//! Products (issue 12 item 1; write-api §G import, §I): each shop's TikTok catalog imported
//! into the store, with its SKUs, seller SKUs, sales attributes, prices, stock per warehouse,
//! images (kept as links, each product's thumbnail cached on disk), audit status and category,
//! and the shop's warehouses.
//!
//! Rooms: `import` runs an import in steps (full, then the changes since) and is how the
//! window and the CLI start, follow and cancel one; `search` pages update-time windows under
//! the 10,000-result cap; `details` asks Get Product only for what Search Products lacks
//! ([`convert::needs_details`]); `writer` stores each page with its progress; [`convert`]
//! maps TikTok's JSON to the store's records; `queries` and [`views`] are what the list and
//! the drawer show; [`thumbnails`] caches each product's thumbnail after an import. Every call
//! to TikTok's API waits for the shop's rate limiter and is retried like the order sync's
//! (`sync::retry`).

pub mod convert;
mod details;
mod import;
mod queries;
mod run;
mod search;
pub mod thumbnails;
pub mod views;
mod writer;

pub use import::OVERLAP_SECS;
pub use run::{CHANGES_KIND, FULL_KIND};
pub use views::{
    BundlePartView, ProductDrawerView, ProductImportProgressView, ProductImportStatusView,
    ProductImportSummary, ProductPageView, ProductQueryInput, ProductRowView, ProductSkuView,
    ProductStatusCount, SkuStockView,
};

/// TikTok's product statuses, the words the products list filters by.
pub fn product_statuses() -> impl Iterator<Item = &'static str> {
    shopdock_tiktok::product::ProductStatus::DOCUMENTED
        .iter()
        .map(shopdock_tiktok::product::ProductStatus::as_str)
}
