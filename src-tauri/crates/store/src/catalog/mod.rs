//! Each shop's TikTok catalog: products, their SKUs, each SKU's stock per warehouse, the
//! shop's warehouses, and where the product import stands (schema: the migration "the product
//! catalog").
//!
//! Core maps TikTok's products to [`ProductRecord`]s and stores each page of an import with
//! [`WriteTxn::upsert_products`], in the same transaction as the import's progress, so the
//! progress never runs ahead of the stored products. A product imported again updates the
//! stored one (it is keyed by shop and product id, its SKUs by shop and SKU id): never a
//! duplicate, and the SKUs TikTok dropped are removed.
//!
//! Reads: [`Store::catalog_skus`] (every SKU with what mapping and stock sync need),
//! [`Store::query_products`] (the products list), [`Store::product_detail`] (the drawer),
//! [`Store::warehouses`], [`Store::product_status_counts`], [`Store::thumbnail_urls`] (what
//! the thumbnail cache keeps).

mod import_state;
mod query;
mod reads;
mod records;
mod upsert;

pub use import_state::{FinishedImport, ProductFreshness};
pub use query::{ProductPage, ProductQuery, ProductRow, MAX_PRODUCT_PAGE};
pub use reads::{ProductDetailRecord, StoredProduct, StoredSku};
pub use records::{
    CatalogSku, CombinedPart, ProductDetails, ProductImportState, ProductRecord,
    ProductUpsertStats, SkuDetails, SkuRecord, WarehouseQuantity, WarehouseRecord,
};

use crate::{NewBackfillJob, Store, StoreError, WriteTxn};
use std::collections::HashMap;

impl WriteTxn<'_> {
    /// [`Store::upsert_products`] inside this transaction (with the import's progress).
    pub fn upsert_products(
        &self,
        shop_id: &str,
        products: &[ProductRecord],
        seen_at: i64,
    ) -> Result<ProductUpsertStats, StoreError> {
        upsert::upsert_products(self.conn(), shop_id, products, seen_at)
    }

    /// How many of the shop's products an import saw at or after `since` (an import's
    /// progress, counted from what is stored, so a page stored twice counts once).
    pub fn products_seen_since(&self, shop_id: &str, since: i64) -> Result<u64, StoreError> {
        import_state::seen_since(self.conn(), shop_id, since)
    }

    /// Adds `n` products the unfinished import could not reach (see [`ProductImportState`]).
    pub fn add_unreachable_products(&self, shop_id: &str, n: u64) -> Result<(), StoreError> {
        import_state::add_unreachable(self.conn(), shop_id, n)
    }
}

impl Store {
    /// Stores a page of products of `shop_id` in one transaction; `seen_at` is when the import
    /// read them (Unix seconds). A product whose stored version is newer (a later
    /// `update_time`) is kept as it is. See the module docs for what a re-import replaces.
    pub fn upsert_products(
        &self,
        shop_id: &str,
        products: &[ProductRecord],
        seen_at: i64,
    ) -> Result<ProductUpsertStats, StoreError> {
        self.write(|tx| tx.upsert_products(shop_id, products, seen_at))
    }

    /// Replaces the shop's warehouses with Get Warehouse List's answer.
    pub fn replace_warehouses(
        &self,
        shop_id: &str,
        warehouses: &[WarehouseRecord],
    ) -> Result<(), StoreError> {
        self.write(|tx| upsert::replace_warehouses(tx.conn(), shop_id, warehouses))
    }

    /// The shop's warehouses, in TikTok's order.
    pub fn warehouses(&self, shop_id: &str) -> Result<Vec<WarehouseRecord>, StoreError> {
        self.read(|conn| reads::warehouses(conn, shop_id))
    }

    /// Every SKU of the shop with its product's title and status, by product id then TikTok's
    /// SKU order.
    pub fn catalog_skus(&self, shop_id: &str) -> Result<Vec<CatalogSku>, StoreError> {
        self.read(|conn| reads::catalog_skus(conn, shop_id))
    }

    /// One page of the products list (and the count of all that match), from one snapshot.
    pub fn query_products(&self, q: &ProductQuery) -> Result<ProductPage, StoreError> {
        self.read(|conn| query::query_products(conn, q))
    }

    /// One product with its SKUs and their stock, or `None` when the shop has no such product.
    pub fn product_detail(
        &self,
        shop_id: &str,
        product_id: &str,
    ) -> Result<Option<ProductDetailRecord>, StoreError> {
        self.read(|conn| reads::product_detail(conn, shop_id, product_id))
    }

    /// The distinct thumbnail links (else main image links) of the products not deleted, of
    /// `shop_id` or of every shop (`None`).
    pub fn thumbnail_urls(&self, shop_id: Option<&str>) -> Result<Vec<String>, StoreError> {
        self.read(|conn| reads::thumbnail_urls(conn, shop_id))
    }

    /// Products per TikTok status of the given shops (every shop when empty), most first.
    pub fn product_status_counts(
        &self,
        shop_ids: &[String],
    ) -> Result<Vec<(String, u64)>, StoreError> {
        self.read(|conn| reads::status_counts(conn, shop_ids))
    }

    /// How many of the shop's products an import saw at or after `since` (see
    /// [`WriteTxn::products_seen_since`]).
    pub fn products_seen_since(&self, shop_id: &str, since: i64) -> Result<u64, StoreError> {
        self.read(|conn| import_state::seen_since(conn, shop_id, since))
    }

    /// Where the shop's product import stands (all empty before the first one).
    pub fn product_import_state(&self, shop_id: &str) -> Result<ProductImportState, StoreError> {
        self.read(|conn| import_state::import_state(conn, shop_id))
    }

    /// Starts a product import: creates its job (the update-time windows to search) and makes
    /// it the shop's unfinished import, in one transaction. Returns the job's id.
    pub fn begin_product_import(&self, job: &NewBackfillJob) -> Result<i64, StoreError> {
        self.write(|tx| import_state::begin_import(tx.conn(), job))
    }

    /// Records TikTok's count of the products the unfinished import covers.
    pub fn set_product_import_total(&self, shop_id: &str, total: u64) -> Result<(), StoreError> {
        self.with_writer(|conn| import_state::set_job_total(conn, shop_id, total))
    }

    /// Records a finished import and deletes its job, in one transaction.
    pub fn finish_product_import(
        &self,
        shop_id: &str,
        finished: &FinishedImport,
    ) -> Result<(), StoreError> {
        self.write(|tx| import_state::finish_import(tx.conn(), shop_id, finished))
    }

    /// Runs the pending sweep, if any: marks `DELETED` the products no import saw since the
    /// last full import started. Call it once the changes since that import are stored.
    /// Returns how many products were marked.
    pub fn sweep_unlisted_products(&self, shop_id: &str) -> Result<usize, StoreError> {
        self.write(|tx| import_state::sweep_unlisted(tx.conn(), shop_id))
    }

    /// The stored update times, details times and SKU ids of these products of the shop
    /// (products not stored are absent).
    pub fn product_freshness(
        &self,
        shop_id: &str,
        product_ids: &[String],
    ) -> Result<HashMap<String, ProductFreshness>, StoreError> {
        self.read(|conn| import_state::freshness(conn, shop_id, product_ids))
    }
}
