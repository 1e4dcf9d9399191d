//! The catalog records core hands to the store and gets back. TikTok's words (statuses, warehouse
//! types) stay strings exactly as sent; ids are strings; money is an exact [`Decimal`].

use rust_decimal::Decimal;

/// A product as an import read it: Search Products' properties, plus Get Product's details
/// when they were fetched.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProductRecord {
    pub product_id: String,
    pub title: String,
    /// TikTok's product status as sent (`ACTIVATE`, `PENDING`, `DELETED`, ...).
    pub status: String,
    /// `audit.status` as sent (`APPROVED`, `AUDITING`, ...); empty when TikTok sent none.
    pub audit_status: String,
    pub create_time: Option<i64>,
    /// Unix seconds; decides which of two versions of a product is newer.
    pub update_time: i64,
    /// Get Product's properties; `None` keeps what is stored (Search Products does not send
    /// them, and Get Product refuses frozen and deleted products).
    pub details: Option<ProductDetails>,
    /// Every SKU of the product, in TikTok's order: the stored ones not listed are removed.
    pub skus: Vec<SkuRecord>,
}

/// What only Get Product tells about a product.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProductDetails {
    /// The leaf of the product's category chain.
    pub category_name: Option<String>,
    /// The first main image (a link to TikTok's image service).
    pub main_image_url: Option<String>,
    /// The first main image's small rendition, for lists.
    pub thumbnail_url: Option<String>,
    /// Every main image, in TikTok's order.
    pub image_urls: Vec<String>,
    /// A virtual bundle (`COMBINED_PRODUCT`): its stock follows the bundled SKUs.
    pub is_combined: bool,
}

/// One SKU of a product.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SkuRecord {
    pub sku_id: String,
    /// The seller's code; may be blank or repeated across products (a hint, never a key).
    pub seller_sku: String,
    pub currency: String,
    /// The price buyers see before discounts.
    pub price: Option<Decimal>,
    /// TikTok's `tax_exclusive_price`: what Update Price's `amount` sets (the display price
    /// for local sellers, the pre-tax price for global ones).
    pub tax_exclusive_price: Option<Decimal>,
    /// `status_info.status` as sent (`NORMAL`, `DEACTIVATED`); empty when TikTok sent none.
    pub sku_status: String,
    /// Immediately shippable units per warehouse, in TikTok's order (Update Inventory must
    /// name every one of these warehouses).
    pub stock: Vec<WarehouseQuantity>,
    /// Get Product's SKU properties; `None` keeps what is stored.
    pub details: Option<SkuDetails>,
}

/// What only Get Product tells about a SKU.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SkuDetails {
    /// The sales attributes in words, e.g. "Color: Red / Size: M"; empty for a product with
    /// one variant.
    pub attributes: String,
    /// The bundled SKUs when this SKU is a virtual bundle.
    pub combined_skus: Vec<CombinedPart>,
}

/// One SKU inside a virtual bundle.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CombinedPart {
    pub product_id: String,
    pub sku_id: String,
    /// Units of that SKU in one bundle.
    pub count: i64,
}

/// A SKU's quantity in one warehouse.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WarehouseQuantity {
    pub warehouse_id: String,
    pub quantity: i64,
}

/// One of the seller's warehouses (Get Warehouse List), words as sent.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WarehouseRecord {
    pub warehouse_id: String,
    pub name: String,
    /// `SALES_WAREHOUSE` or `RETURN_WAREHOUSE`.
    pub warehouse_type: String,
    pub sub_type: String,
    /// `ENABLED`, `DISABLED` or `RESTRICTED`.
    pub effect_status: String,
    pub is_default: bool,
}

/// What one [`crate::Store::upsert_products`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ProductUpsertStats {
    pub inserted: usize,
    pub updated: usize,
    /// Products whose stored version was newer, left as they were (only seen).
    pub unchanged: usize,
    /// SKUs removed because the product no longer lists them.
    pub skus_removed: usize,
}

/// A TikTok SKU with what mapping and stock sync need of its product, as
/// [`crate::Store::catalog_skus`] lists them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CatalogSku {
    pub shop_id: String,
    pub product_id: String,
    pub sku_id: String,
    pub seller_sku: String,
    /// The product's title.
    pub title: String,
    pub attributes: String,
    pub price: Option<Decimal>,
    pub tax_exclusive_price: Option<Decimal>,
    pub currency: String,
    /// The warehouses the SKU is stocked in, in TikTok's order.
    pub warehouse_ids: Vec<String>,
    /// The product's status (only `ACTIVATE` products take stock and price updates).
    pub product_status: String,
    pub sku_status: String,
    /// A virtual bundle, whose stock TikTok derives and refuses to take (12052850).
    pub is_combined: bool,
}

/// Where a shop's product import stands.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProductImportState {
    /// Every product updated before this time (TikTok's `update_time`, Unix seconds) is stored:
    /// the start of the last finished import. `None` until a full import finished.
    pub watermark: Option<i64>,
    pub full_imported_at: Option<i64>,
    pub last_imported_at: Option<i64>,
    /// The unfinished import's windows (a backfill job), to resume.
    pub job_id: Option<i64>,
    /// TikTok's count of the products the unfinished import covers.
    pub job_total: u64,
    /// Products the unfinished import's searches could not reach (more than 10,000 updated in
    /// one second): that import cannot tell a deleted product from an unreached one.
    pub unreachable: u64,
    /// A full import started at this time finished; once the changes since are imported too,
    /// products not seen since are the ones TikTok no longer lists.
    pub sweep_since: Option<i64>,
}
