//! Products, stock and price (write-api §E, §F, §G import, §I; SPEC:products/search-products,
//! get-product, update-inventory, inventory-search, update-price; logistics/
//! get-warehouse-list).
//!
//! Reading: `Client::search_products` pages the catalog (windows of update time keep each
//! search under the 10,000-result cap, see [`search`]); `Client::get_product` has every
//! property; `Client::inventory_search` tells available from committed units;
//! `Client::warehouses` names the warehouses Update Inventory must list.
//!
//! Writing: `Client::update_inventory` and `Client::update_price` are POSTs that
//! [`crate::client::is_read_only`] counts as writes, so an unreadable reply is
//! [`crate::TikTokError::UnconfirmedWrite`]: read the product back before sending again. Update
//! Inventory reports refused SKUs under `code 0` ([`InventoryUpdateOutcome`]); Update Price
//! refuses the whole call. Every refusal code has its seller-facing reason in the one table,
//! [`crate::refusal::fulfillment_refusal`].
//!
//! Images: [`ImageHost`] downloads a product's image from the links Get Product lists (TikTok's
//! image host, outside the Open API and its rate limit).
//!
//! Matching a TikTok SKU to the seller's own goods is by `(shop, sku_id)`, keeping the
//! `product_id` (updates are per product); `seller_sku` may be blank or repeated and only
//! proposes matches (write-api §I).

mod calls;
pub mod image;
pub mod inventory;
pub mod model;
pub mod price;
pub mod search;
pub mod warehouse;
pub mod words;

pub use image::{ImageError, ImageFile, ImageHost, ImageKind};
pub use inventory::{
    CampaignAllocation, CreatorAllocation, InShopAllocation, InventoryDistribution, InventoryList,
    InventoryQuery, InventorySearchRequest, InventoryUpdateOutcome, ProductInventory,
    QuantityUpdate, SkuErrorDetail, SkuInventory, SkuInventoryUpdate, SkuUpdateError,
    SkuUpdateOutcome, SkuUpdateResult, UpdateInventoryReply, UpdateInventoryRequest,
    WarehouseError, WarehouseInventory, MAX_INVENTORY_PRODUCT_IDS, MAX_INVENTORY_SKU_IDS,
    MAX_QUANTITY,
};
pub use model::{
    AttributeValue, Audit, AuditFailedReason, Brand, CategoryChain, CombinedSku, IdentifierCode,
    Image, ListPrice, PackageDimensions, PackageWeight, Product, ProductAttribute, SalesAttribute,
    Sku, SkuPrice, SkuStatusInfo, WarehouseStock,
};
pub use price::{ExternalListPrice, PriceAmount, PriceUpdate, SkuPriceUpdate, UpdatePriceRequest};
pub use rust_decimal::Decimal;
pub use search::{
    DecodedProduct, ProductSearchPage, ProductSummary, RawProductPage, SearchProductsFilter,
    SearchProductsQuery, SearchWindow, UndecodableProduct, MAX_FILTER_SKUS, MAX_PRODUCT_PAGE_SIZE,
    MAX_SEARCH_RESULTS,
};
pub use warehouse::{Warehouse, WarehouseAddress, WarehouseList};
pub use words::{
    AuditStatus, ProductStatus, ProductType, SkuStatus, WarehouseEffectStatus, WarehouseSubType,
    WarehouseType,
};

/// Search Products at the version the reference documents (a POST that only reads; the
/// 202309 path serves the same search).
pub const SEARCH_PRODUCTS_PATH: &str = "/product/202502/products/search";
/// Get Product.
pub const GET_PRODUCT_PATH: &str = "/product/202309/products/{product_id}";
/// Update Inventory.
pub const UPDATE_INVENTORY_PATH: &str = "/product/202309/products/{product_id}/inventory/update";
/// Inventory Search (a POST that only reads).
pub const INVENTORY_SEARCH_PATH: &str = "/product/202309/inventory/search";
/// Update Price.
pub const UPDATE_PRICE_PATH: &str = "/product/202309/products/{product_id}/prices/update";
/// Get Warehouse List.
pub const WAREHOUSES_PATH: &str = "/logistics/202309/warehouses";
