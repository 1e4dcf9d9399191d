//! Reading the catalog: every SKU of a shop (what mapping and stock sync work from), one
//! product with its SKUs and stock (the drawer), the warehouses, and counts per status.

use super::records::{CatalogSku, CombinedPart, WarehouseQuantity, WarehouseRecord};
use crate::StoreError;
use rusqlite::types::Type;
use rusqlite::{params, Connection, OptionalExtension, Row};
use rust_decimal::Decimal;

/// A product as stored, without its SKUs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StoredProduct {
    pub shop_id: String,
    pub product_id: String,
    pub title: String,
    pub status: String,
    pub audit_status: String,
    pub category_name: Option<String>,
    pub main_image_url: Option<String>,
    pub thumbnail_url: Option<String>,
    pub image_urls: Vec<String>,
    pub is_combined: bool,
    pub create_time: Option<i64>,
    pub update_time: i64,
    /// The `update_time` whose Get Product details are stored; `None`: none yet.
    pub details_time: Option<i64>,
    /// When an import last saw the product.
    pub imported_at: i64,
}

/// A SKU as stored, with its stock per warehouse.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StoredSku {
    pub sku_id: String,
    pub seller_sku: String,
    pub attributes: String,
    pub currency: String,
    pub price: Option<Decimal>,
    pub tax_exclusive_price: Option<Decimal>,
    pub sku_status: String,
    pub combined_skus: Vec<CombinedPart>,
    /// In TikTok's order.
    pub stock: Vec<WarehouseQuantity>,
}

/// One product with its SKUs in TikTok's order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProductDetailRecord {
    pub product: StoredProduct,
    pub skus: Vec<StoredSku>,
}

/// A decimal column (TEXT); a value that does not parse is a column type error, never a
/// silent zero.
pub(crate) fn decimal_at(row: &Row<'_>, idx: usize) -> rusqlite::Result<Option<Decimal>> {
    let text: Option<String> = row.get(idx)?;
    text.map(|t| {
        t.parse::<Decimal>()
            .map_err(|e| rusqlite::Error::FromSqlConversionFailure(idx, Type::Text, Box::new(e)))
    })
    .transpose()
}

/// A JSON array of strings (TEXT).
pub(crate) fn strings_at(row: &Row<'_>, idx: usize) -> rusqlite::Result<Vec<String>> {
    let text: String = row.get(idx)?;
    serde_json::from_str(&text)
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(idx, Type::Text, Box::new(e)))
}

fn combined_at(row: &Row<'_>, idx: usize) -> rusqlite::Result<Vec<CombinedPart>> {
    let text: String = row.get(idx)?;
    let value: serde_json::Value = serde_json::from_str(&text)
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(idx, Type::Text, Box::new(e)))?;
    let field = |v: &serde_json::Value, k: &str| v[k].as_str().unwrap_or_default().to_owned();
    Ok(value
        .as_array()
        .map(|parts| {
            parts
                .iter()
                .map(|v| CombinedPart {
                    product_id: field(v, "product_id"),
                    sku_id: field(v, "sku_id"),
                    count: v["count"].as_i64().unwrap_or_default(),
                })
                .collect()
        })
        .unwrap_or_default())
}

pub(crate) fn catalog_skus(
    conn: &Connection,
    shop_id: &str,
) -> Result<Vec<CatalogSku>, StoreError> {
    let rows = conn
        .prepare_cached(
            "SELECT s.shop_id, s.product_id, s.sku_id, s.seller_sku, p.title, s.attributes,
                    s.price, s.tax_exclusive_price, s.currency,
                    (SELECT json_group_array(warehouse_id) FROM
                        (SELECT k.warehouse_id FROM sku_stock k
                         WHERE k.shop_id = s.shop_id AND k.sku_id = s.sku_id
                         ORDER BY k.position)),
                    p.status, s.sku_status, p.is_combined OR s.combined_skus <> '[]'
             FROM product_skus s
             JOIN products p ON p.shop_id = s.shop_id AND p.product_id = s.product_id
             WHERE s.shop_id = ?1
             ORDER BY s.product_id, s.position",
        )?
        .query_map([shop_id], |r| {
            Ok(CatalogSku {
                shop_id: r.get(0)?,
                product_id: r.get(1)?,
                sku_id: r.get(2)?,
                seller_sku: r.get(3)?,
                title: r.get(4)?,
                attributes: r.get(5)?,
                price: decimal_at(r, 6)?,
                tax_exclusive_price: decimal_at(r, 7)?,
                currency: r.get(8)?,
                warehouse_ids: strings_at(r, 9)?,
                product_status: r.get(10)?,
                sku_status: r.get(11)?,
                is_combined: r.get(12)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

pub(crate) fn product_detail(
    conn: &Connection,
    shop_id: &str,
    product_id: &str,
) -> Result<Option<ProductDetailRecord>, StoreError> {
    let product = conn
        .prepare_cached(
            "SELECT shop_id, product_id, title, status, audit_status, category_name,
                    main_image_url, thumbnail_url, image_urls, is_combined, create_time,
                    update_time, details_time, imported_at
             FROM products WHERE shop_id = ?1 AND product_id = ?2",
        )?
        .query_row(params![shop_id, product_id], |r| {
            Ok(StoredProduct {
                shop_id: r.get(0)?,
                product_id: r.get(1)?,
                title: r.get(2)?,
                status: r.get(3)?,
                audit_status: r.get(4)?,
                category_name: r.get(5)?,
                main_image_url: r.get(6)?,
                thumbnail_url: r.get(7)?,
                image_urls: strings_at(r, 8)?,
                is_combined: r.get(9)?,
                create_time: r.get(10)?,
                update_time: r.get(11)?,
                details_time: r.get(12)?,
                imported_at: r.get(13)?,
            })
        })
        .optional()?;
    let Some(product) = product else {
        return Ok(None);
    };
    let mut skus = conn
        .prepare_cached(
            "SELECT sku_id, seller_sku, attributes, currency, price, tax_exclusive_price,
                    sku_status, combined_skus
             FROM product_skus WHERE shop_id = ?1 AND product_id = ?2 ORDER BY position",
        )?
        .query_map(params![shop_id, product_id], |r| {
            Ok(StoredSku {
                sku_id: r.get(0)?,
                seller_sku: r.get(1)?,
                attributes: r.get(2)?,
                currency: r.get(3)?,
                price: decimal_at(r, 4)?,
                tax_exclusive_price: decimal_at(r, 5)?,
                sku_status: r.get(6)?,
                combined_skus: combined_at(r, 7)?,
                stock: Vec::new(),
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let mut stock = conn.prepare_cached(
        "SELECT warehouse_id, quantity FROM sku_stock
         WHERE shop_id = ?1 AND sku_id = ?2 ORDER BY position",
    )?;
    for sku in &mut skus {
        sku.stock = stock
            .query_map(params![shop_id, sku.sku_id], |r| {
                Ok(WarehouseQuantity {
                    warehouse_id: r.get(0)?,
                    quantity: r.get(1)?,
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
    }
    Ok(Some(ProductDetailRecord { product, skus }))
}

pub(crate) fn warehouses(
    conn: &Connection,
    shop_id: &str,
) -> Result<Vec<WarehouseRecord>, StoreError> {
    let rows = conn
        .prepare_cached(
            "SELECT warehouse_id, name, warehouse_type, sub_type, effect_status, is_default
             FROM warehouses WHERE shop_id = ?1 ORDER BY position",
        )?
        .query_map([shop_id], |r| {
            Ok(WarehouseRecord {
                warehouse_id: r.get(0)?,
                name: r.get(1)?,
                warehouse_type: r.get(2)?,
                sub_type: r.get(3)?,
                effect_status: r.get(4)?,
                is_default: r.get(5)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

/// Products per status of the given shops (every shop when empty), most first.
pub(crate) fn status_counts(
    conn: &Connection,
    shop_ids: &[String],
) -> Result<Vec<(String, u64)>, StoreError> {
    let shops = serde_json::to_string(shop_ids)?;
    let rows = conn
        .prepare_cached(
            "SELECT status, COUNT(*) FROM products
             WHERE ?1 = '[]' OR shop_id IN (SELECT value FROM json_each(?1))
             GROUP BY status ORDER BY COUNT(*) DESC, status",
        )?
        .query_map([shops], |r| Ok((r.get(0)?, r.get::<_, i64>(1)? as u64)))?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

/// The distinct thumbnail links (else main image links) of the products not deleted, of one
/// shop or of every shop: what the thumbnail cache keeps.
pub(crate) fn thumbnail_urls(
    conn: &Connection,
    shop_id: Option<&str>,
) -> Result<Vec<String>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT DISTINCT link FROM (
             SELECT COALESCE(NULLIF(thumbnail_url, ''), NULLIF(main_image_url, '')) AS link
             FROM products WHERE status <> 'DELETED' AND (?1 IS NULL OR shop_id = ?1))
         WHERE link IS NOT NULL",
    )?;
    let links = stmt
        .query_map(params![shop_id], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    Ok(links)
}
