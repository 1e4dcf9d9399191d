//! Products as the window and the CLI see them: the list's rows, the drawer of one product, the
//! import's progress and outcome. Ids are strings; money is a decimal string with its currency;
//! TikTok's words (statuses) are shown as TikTok sends them.

use serde::{Deserialize, Serialize};
use shopdock_store::{ProductDetailRecord, ProductRow, StoredSku, WarehouseRecord};
use std::collections::HashMap;
use ts_rs::TS;

/// What the products list asks for.
#[derive(Debug, Clone, Default, Deserialize, Serialize, TS)]
pub struct ProductQueryInput {
    /// Empty = every shop.
    pub shop_ids: Vec<String>,
    /// TikTok's product status (`ACTIVATE`, `SELLER_DEACTIVATED`, ...; any case); `None` = all.
    pub status: Option<String>,
    /// Part of a title or seller SKU, or a whole product or SKU id.
    pub search: Option<String>,
    /// Only products with a SKU no link maps to the seller's SKUs (deleted products have none).
    pub unmapped: bool,
    pub offset: u32,
    /// Rows per page (default 100, at most 1000).
    pub limit: Option<u32>,
}

/// One row of the products list.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ProductRowView {
    pub shop_id: String,
    pub product_id: String,
    pub title: String,
    pub status: String,
    pub audit_status: String,
    /// A link to TikTok's small image (else its main image).
    pub thumbnail_url: Option<String>,
    /// The cached thumbnail's name, for the window's `thumb:` scheme; `None` until the image
    /// is downloaded (after an import).
    pub thumbnail_key: Option<String>,
    /// A virtual bundle.
    pub is_combined: bool,
    /// Unix seconds of TikTok's last change.
    pub update_time: i64,
    pub sku_count: u32,
    /// The seller SKUs in TikTok's order, blank ones left out.
    pub seller_skus: Vec<String>,
    /// Decimal strings; equal when every SKU has one price.
    pub price_min: Option<String>,
    pub price_max: Option<String>,
    pub currency: String,
    /// Units over every SKU and warehouse, as TikTok last said.
    pub stock_total: i64,
    /// SKUs no link maps to the seller's SKUs (none for a deleted product).
    pub unmapped_skus: u32,
}

impl From<ProductRow> for ProductRowView {
    fn from(r: ProductRow) -> Self {
        Self {
            shop_id: r.shop_id,
            product_id: r.product_id,
            title: r.title,
            status: r.status,
            audit_status: r.audit_status,
            thumbnail_url: r.thumbnail_url.or(r.main_image_url),
            thumbnail_key: None,
            is_combined: r.is_combined,
            update_time: r.update_time,
            sku_count: r.sku_count,
            seller_skus: r.seller_skus,
            price_min: r.price_min.map(|p| p.to_string()),
            price_max: r.price_max.map(|p| p.to_string()),
            currency: r.currency,
            stock_total: r.stock_total,
            unmapped_skus: r.unmapped_skus,
        }
    }
}

/// How many products have one status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ProductStatusCount {
    pub status: String,
    pub count: u64,
}

/// A page of the products list.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ProductPageView {
    pub rows: Vec<ProductRowView>,
    /// Products matching the query in all.
    pub total: u64,
    /// Products per status in the queried shops (search and status filter aside), for the
    /// filter's choices.
    pub status_counts: Vec<ProductStatusCount>,
}

/// A SKU's stock in one warehouse.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SkuStockView {
    pub warehouse_id: String,
    /// The warehouse's name, when Get Warehouse List named it.
    pub warehouse_name: Option<String>,
    pub quantity: i64,
}

/// One SKU inside a virtual bundle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct BundlePartView {
    pub product_id: String,
    pub sku_id: String,
    pub count: i64,
}

/// One SKU in the product drawer.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ProductSkuView {
    pub sku_id: String,
    pub seller_sku: String,
    /// "Color: Red / Size: M"; empty for a single variant.
    pub attributes: String,
    /// What buyers see before discounts (decimal string).
    pub price: Option<String>,
    /// TikTok's `tax_exclusive_price` (what Update Price sets).
    pub tax_exclusive_price: Option<String>,
    pub currency: String,
    /// `NORMAL` or `DEACTIVATED`.
    pub sku_status: String,
    pub bundle_parts: Vec<BundlePartView>,
    pub stock: Vec<SkuStockView>,
    pub stock_total: i64,
}

impl ProductSkuView {
    fn new(s: StoredSku, warehouse_names: &HashMap<&str, &str>) -> Self {
        Self {
            stock_total: s.stock.iter().map(|w| w.quantity).sum(),
            stock: s
                .stock
                .into_iter()
                .map(|w| SkuStockView {
                    warehouse_name: warehouse_names
                        .get(w.warehouse_id.as_str())
                        .map(|n| (*n).to_owned()),
                    warehouse_id: w.warehouse_id,
                    quantity: w.quantity,
                })
                .collect(),
            sku_id: s.sku_id,
            seller_sku: s.seller_sku,
            attributes: s.attributes,
            price: s.price.map(|p| p.to_string()),
            tax_exclusive_price: s.tax_exclusive_price.map(|p| p.to_string()),
            currency: s.currency,
            sku_status: s.sku_status,
            bundle_parts: s
                .combined_skus
                .into_iter()
                .map(|c| BundlePartView {
                    product_id: c.product_id,
                    sku_id: c.sku_id,
                    count: c.count,
                })
                .collect(),
        }
    }
}

/// The drawer of one product: its SKUs, attributes, prices and stock per warehouse.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ProductDrawerView {
    pub shop_id: String,
    pub product_id: String,
    pub title: String,
    pub status: String,
    pub audit_status: String,
    pub category_name: Option<String>,
    /// Links to TikTok's images.
    pub main_image_url: Option<String>,
    pub image_urls: Vec<String>,
    /// The cached thumbnail's name, for the window's `thumb:` scheme (see
    /// [`ProductRowView::thumbnail_key`]).
    pub thumbnail_key: Option<String>,
    pub is_combined: bool,
    pub create_time: Option<i64>,
    pub update_time: i64,
    /// When an import last read it.
    pub imported_at: i64,
    /// Whether the images, category and attributes are of the current version (Get Product
    /// refuses frozen and deleted products, whose last known details are shown).
    pub details_current: bool,
    pub skus: Vec<ProductSkuView>,
}

impl ProductDrawerView {
    pub(crate) fn new(d: ProductDetailRecord, warehouses: &[WarehouseRecord]) -> Self {
        let names: HashMap<&str, &str> = warehouses
            .iter()
            .map(|w| (w.warehouse_id.as_str(), w.name.as_str()))
            .collect();
        let p = d.product;
        Self {
            details_current: p.details_time == Some(p.update_time),
            shop_id: p.shop_id,
            product_id: p.product_id,
            title: p.title,
            status: p.status,
            audit_status: p.audit_status,
            category_name: p.category_name,
            main_image_url: p.main_image_url,
            image_urls: p.image_urls,
            thumbnail_key: None,
            is_combined: p.is_combined,
            create_time: p.create_time,
            update_time: p.update_time,
            imported_at: p.imported_at,
            skus: d
                .skus
                .into_iter()
                .map(|s| ProductSkuView::new(s, &names))
                .collect(),
        }
    }
}

/// How far a product import is: `imported` of `total` products (TikTok's count for what this
/// step covers). A full import is followed by a step importing what changed while it ran.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ProductImportProgressView {
    pub shop_id: String,
    /// Every product of the shop (else: the changes since the last import).
    pub full: bool,
    pub imported: u64,
    pub total: u64,
    /// This step finished.
    pub finished: bool,
}

/// What a product import did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
pub struct ProductImportSummary {
    pub shop_id: String,
    /// A full import ran (or finished, resumed).
    pub full: bool,
    /// Products stored for the first time.
    pub inserted: u64,
    /// Products stored again (a newer version, or fresher stock).
    pub updated: u64,
    /// SKUs removed because TikTok no longer lists them on their product.
    pub skus_removed: u64,
    /// Get Product calls (only products new or edited since the last import need one).
    pub details_fetched: u64,
    /// Products marked deleted because TikTok no longer lists them.
    pub marked_deleted: u64,
    /// Products TikTok listed that could not be read or reached (more than 10,000 updated in
    /// one second); they are retried by the next import.
    pub unreachable: u64,
    pub warehouses: u32,
    /// Thumbnails downloaded into the cache after the import (only new or replaced images).
    pub thumbnails_downloaded: u64,
    /// Thumbnails that could not be downloaded; the next import tries again.
    pub thumbnails_failed: u64,
}

/// Where a shop's product import stands, for the products screen and the shop card.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ProductImportStatusView {
    pub shop_id: String,
    /// Unix seconds when the last import finished; `None`: never.
    pub last_imported_at: Option<i64>,
    pub full_imported_at: Option<i64>,
    /// An import is running in this process now.
    pub running: bool,
    /// An import stopped before it finished (cancelled, failed, closed): the next one resumes it.
    pub unfinished: bool,
    /// The shop's stored products.
    pub products: u64,
}
