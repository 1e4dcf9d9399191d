//! Writing the catalog: a page of products with their SKUs and stock, and a shop's warehouses.
//!
//! A product is keyed by `(shop, product_id)` and a SKU by `(shop, sku_id)`, so importing a
//! product again updates it in place, never duplicates it. Its SKUs are upserted (a SKU keeps
//! the Get Product details it had when this version brings none), the SKUs it no longer lists
//! are deleted, and the stock of its SKUs is replaced with what this version says.

use super::records::{CombinedPart, ProductRecord, ProductUpsertStats, SkuRecord, WarehouseRecord};
use crate::error::is_foreign_key_violation;
use crate::StoreError;
use rusqlite::{named_params, params, Connection, OptionalExtension};

const UPSERT_PRODUCT: &str = "
INSERT INTO products (shop_id, product_id, title, status, audit_status, category_name,
                      main_image_url, thumbnail_url, image_urls, is_combined, create_time,
                      update_time, details_time, imported_at)
VALUES (:shop_id, :product_id, :title, :status, :audit_status, :category_name,
        :main_image_url, :thumbnail_url, :image_urls, :is_combined, :create_time,
        :update_time, :details_time, :imported_at)
ON CONFLICT (shop_id, product_id) DO UPDATE SET
    title = excluded.title,
    status = excluded.status,
    audit_status = excluded.audit_status,
    create_time = COALESCE(excluded.create_time, products.create_time),
    update_time = excluded.update_time,
    imported_at = excluded.imported_at,
    category_name = CASE WHEN :has_details THEN excluded.category_name
                         ELSE products.category_name END,
    main_image_url = CASE WHEN :has_details THEN excluded.main_image_url
                          ELSE products.main_image_url END,
    thumbnail_url = CASE WHEN :has_details THEN excluded.thumbnail_url
                         ELSE products.thumbnail_url END,
    image_urls = CASE WHEN :has_details THEN excluded.image_urls ELSE products.image_urls END,
    is_combined = CASE WHEN :has_details THEN excluded.is_combined ELSE products.is_combined END,
    details_time = CASE WHEN :has_details THEN excluded.details_time
                        ELSE products.details_time END";

const UPSERT_SKU: &str = "
INSERT INTO product_skus (shop_id, product_id, sku_id, seller_sku, attributes, currency, price,
                          tax_exclusive_price, sku_status, combined_skus, position)
VALUES (:shop_id, :product_id, :sku_id, :seller_sku, :attributes, :currency, :price,
        :tax_exclusive_price, :sku_status, :combined_skus, :position)
ON CONFLICT (shop_id, sku_id) DO UPDATE SET
    product_id = excluded.product_id,
    seller_sku = excluded.seller_sku,
    currency = excluded.currency,
    price = excluded.price,
    tax_exclusive_price = excluded.tax_exclusive_price,
    sku_status = excluded.sku_status,
    position = excluded.position,
    attributes = CASE WHEN :has_details THEN excluded.attributes
                      ELSE product_skus.attributes END,
    combined_skus = CASE WHEN :has_details THEN excluded.combined_skus
                         ELSE product_skus.combined_skus END";

/// The bundle parts as the `combined_skus` column holds them.
pub(crate) fn combined_json(parts: &[CombinedPart]) -> String {
    serde_json::Value::Array(
        parts
            .iter()
            .map(|p| {
                serde_json::json!({ "product_id": p.product_id, "sku_id": p.sku_id, "count": p.count })
            })
            .collect(),
    )
    .to_string()
}

fn check(product: &ProductRecord) -> Result<(), StoreError> {
    if product.product_id.trim().is_empty() {
        return Err(StoreError::Invalid("a product needs an id".into()));
    }
    if let Some(sku) = product.skus.iter().find(|s| s.sku_id.trim().is_empty()) {
        return Err(StoreError::Invalid(format!(
            "product {}: a SKU needs an id (seller SKU {:?})",
            product.product_id, sku.seller_sku
        )));
    }
    let stock = product.skus.iter().flat_map(|s| &s.stock);
    if stock.clone().any(|w| w.warehouse_id.trim().is_empty()) {
        return Err(StoreError::Invalid(format!(
            "product {}: a stock entry needs a warehouse id",
            product.product_id
        )));
    }
    Ok(())
}

/// Stores `products` of `shop_id`, seen by an import at `seen_at` (Unix seconds). A stored
/// version newer than the incoming one (a later `update_time`) is kept and only marked seen.
pub(crate) fn upsert_products(
    conn: &Connection,
    shop_id: &str,
    products: &[ProductRecord],
    seen_at: i64,
) -> Result<ProductUpsertStats, StoreError> {
    let mut stats = ProductUpsertStats::default();
    for product in products {
        check(product)?;
        let stored: Option<i64> = conn
            .prepare_cached(
                "SELECT update_time FROM products WHERE shop_id = ?1 AND product_id = ?2",
            )?
            .query_row(params![shop_id, product.product_id], |r| r.get(0))
            .optional()?;
        match stored {
            Some(newer) if newer > product.update_time => {
                conn.prepare_cached(
                    "UPDATE products SET imported_at = ?3 WHERE shop_id = ?1 AND product_id = ?2",
                )?
                .execute(params![shop_id, product.product_id, seen_at])?;
                stats.unchanged += 1;
                continue;
            }
            Some(_) => stats.updated += 1,
            None => stats.inserted += 1,
        }
        put_product(conn, shop_id, product, seen_at).map_err(|e| match e {
            StoreError::Sqlite(e) if is_foreign_key_violation(&e) => {
                StoreError::ShopNotFound(shop_id.to_owned())
            }
            other => other,
        })?;
        stats.skus_removed += put_skus(conn, shop_id, product)?;
    }
    Ok(stats)
}

fn put_product(
    conn: &Connection,
    shop_id: &str,
    p: &ProductRecord,
    seen_at: i64,
) -> Result<(), StoreError> {
    let d = p.details.as_ref();
    let image_urls = serde_json::to_string(&d.map(|d| d.image_urls.clone()).unwrap_or_default())?;
    conn.prepare_cached(UPSERT_PRODUCT)?
        .execute(named_params! {
            ":shop_id": shop_id,
            ":product_id": p.product_id,
            ":title": p.title,
            ":status": p.status,
            ":audit_status": p.audit_status,
            ":category_name": d.and_then(|d| d.category_name.as_deref()),
            ":main_image_url": d.and_then(|d| d.main_image_url.as_deref()),
            ":thumbnail_url": d.and_then(|d| d.thumbnail_url.as_deref()),
            ":image_urls": image_urls,
            ":is_combined": d.is_some_and(|d| d.is_combined),
            ":create_time": p.create_time,
            ":update_time": p.update_time,
            ":details_time": d.map(|_| p.update_time),
            ":imported_at": seen_at,
            ":has_details": d.is_some(),
        })?;
    Ok(())
}

/// Upserts the product's SKUs, deletes the ones it no longer lists, and replaces their stock.
/// Returns how many SKUs were deleted.
fn put_skus(conn: &Connection, shop_id: &str, p: &ProductRecord) -> Result<usize, StoreError> {
    let mut upsert = conn.prepare_cached(UPSERT_SKU)?;
    for (position, sku) in p.skus.iter().enumerate() {
        let d = sku.details.as_ref();
        upsert.execute(named_params! {
            ":shop_id": shop_id,
            ":product_id": p.product_id,
            ":sku_id": sku.sku_id,
            ":seller_sku": sku.seller_sku,
            ":attributes": d.map(|d| d.attributes.as_str()).unwrap_or(""),
            ":currency": sku.currency,
            ":price": sku.price.map(|v| v.to_string()),
            ":tax_exclusive_price": sku.tax_exclusive_price.map(|v| v.to_string()),
            ":sku_status": sku.sku_status,
            ":combined_skus": combined_json(d.map(|d| d.combined_skus.as_slice()).unwrap_or(&[])),
            ":position": position as i64,
            ":has_details": d.is_some(),
        })?;
    }
    let ids = serde_json::to_string(&p.skus.iter().map(|s| &s.sku_id).collect::<Vec<_>>())?;
    let removed = conn
        .prepare_cached(
            "DELETE FROM product_skus WHERE shop_id = ?1 AND product_id = ?2
             AND sku_id NOT IN (SELECT value FROM json_each(?3))",
        )?
        .execute(params![shop_id, p.product_id, ids])?;
    conn.prepare_cached(
        "DELETE FROM sku_stock WHERE shop_id = ?1 AND sku_id IN (SELECT value FROM json_each(?2))",
    )?
    .execute(params![shop_id, ids])?;
    let mut stock = conn.prepare_cached(
        "INSERT INTO sku_stock (shop_id, sku_id, warehouse_id, quantity, position)
         VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (shop_id, sku_id, warehouse_id) DO UPDATE SET quantity = excluded.quantity",
    )?;
    for sku in &p.skus {
        put_stock(&mut stock, shop_id, sku)?;
    }
    Ok(removed)
}

fn put_stock(
    stmt: &mut rusqlite::CachedStatement<'_>,
    shop_id: &str,
    sku: &SkuRecord,
) -> Result<(), StoreError> {
    for (position, w) in sku.stock.iter().enumerate() {
        stmt.execute(params![
            shop_id,
            sku.sku_id,
            w.warehouse_id,
            w.quantity,
            position as i64
        ])?;
    }
    Ok(())
}

/// Replaces the shop's warehouses with `warehouses` (Get Warehouse List's answer, in order).
pub(crate) fn replace_warehouses(
    conn: &Connection,
    shop_id: &str,
    warehouses: &[WarehouseRecord],
) -> Result<(), StoreError> {
    if warehouses.iter().any(|w| w.warehouse_id.trim().is_empty()) {
        return Err(StoreError::Invalid("a warehouse needs an id".into()));
    }
    conn.prepare_cached("DELETE FROM warehouses WHERE shop_id = ?1")?
        .execute([shop_id])?;
    let mut insert = conn.prepare_cached(
        "INSERT INTO warehouses (shop_id, warehouse_id, name, warehouse_type, sub_type,
                                 effect_status, is_default, position)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
         ON CONFLICT (shop_id, warehouse_id) DO NOTHING",
    )?;
    for (position, w) in warehouses.iter().enumerate() {
        let inserted = insert.execute(params![
            shop_id,
            w.warehouse_id,
            w.name,
            w.warehouse_type,
            w.sub_type,
            w.effect_status,
            w.is_default,
            position as i64
        ]);
        match inserted {
            Err(e) if is_foreign_key_violation(&e) => {
                return Err(StoreError::ShopNotFound(shop_id.to_owned()))
            }
            other => other?,
        };
    }
    Ok(())
}
