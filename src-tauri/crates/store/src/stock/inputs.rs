//! Everything a stock or price push of some products of a shop needs, read from one snapshot
//! so a figure never mixes an old count with new orders.

use super::orders::{open_lines_by_sku, reserved_by_code};
use super::settings::{read_price_currency, read_settings};
use super::StockSettings;
use crate::catalog::WarehouseRecord;
use crate::{LinkPart, Store, StoreError};
use rusqlite::{params, Connection, OptionalExtension};
use std::collections::HashMap;

/// One local SKU's stock as the planner needs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LocalStockRow {
    pub on_hand: i64,
    /// Units reserved by unshipped lines of every shop's stored orders.
    pub reserved: i64,
    /// Shops with stock sync on whose links use this local SKU.
    pub shops: u32,
}

/// A linked TikTok SKU of a product.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkedSkuInputs {
    pub sku_id: String,
    pub parts: Vec<LinkPart>,
    /// The catalog's warehouses of the SKU, in TikTok's order (empty when not imported).
    pub warehouse_ids: Vec<String>,
    /// A TikTok virtual bundle, by the catalog.
    pub is_combined: bool,
    /// Lines of the shop's stored orders TikTok holds as committed for this SKU.
    pub open_lines: i64,
}

/// One linked product of the shop.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProductInputs {
    pub product_id: String,
    /// The catalog's status of the product (`None`: not imported).
    pub status: Option<String>,
    /// Its linked SKUs, by SKU id.
    pub skus: Vec<LinkedSkuInputs>,
}

/// What a stock push of some products of one shop needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StockInputs {
    pub settings: StockSettings,
    /// The shop's stock sync option.
    pub sync_on: bool,
    /// The shop's warehouses.
    pub warehouses: Vec<WarehouseRecord>,
    /// The local SKUs the products' links use (a code missing here no longer exists).
    pub local: HashMap<String, LocalStockRow>,
    /// The products asked for that have links, in the order asked.
    pub products: Vec<ProductInputs>,
}

/// A linked TikTok SKU with what a price push needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PricedSku {
    pub sku_id: String,
    pub parts: Vec<LinkPart>,
    /// The local prices of its parts' codes (`None`: no price, or the code is gone).
    pub local_prices: Vec<Option<String>>,
    /// The catalog's currency of the SKU (empty when not imported).
    pub currency: String,
    pub is_combined: bool,
}

/// What a price push of one product needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PriceInputs {
    /// The shop's price upload option.
    pub upload_on: bool,
    /// The shop's region as TikTok reported it (`shop_region`), else the registration's.
    pub region: String,
    /// `LOCAL` or `CROSS_BORDER` as TikTok reported it, when it did.
    pub seller_type: Option<String>,
    /// The currency the seller said their prices are in.
    pub declared_currency: Option<String>,
    /// The regions of every shop with price upload on (this one included when on).
    pub upload_regions: Vec<String>,
    pub product_status: Option<String>,
    pub skus: Vec<PricedSku>,
}

fn option_on(conn: &Connection, shop_id: &str, column: &str) -> Result<bool, StoreError> {
    let sql = format!("SELECT {column} FROM shop_options WHERE shop_id = ?1");
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([shop_id], |r| r.get::<_, bool>(0))
        .optional()?
        .unwrap_or(false))
}

fn product_status(
    conn: &Connection,
    shop_id: &str,
    product_id: &str,
) -> Result<Option<String>, StoreError> {
    Ok(conn
        .prepare_cached("SELECT status FROM products WHERE shop_id = ?1 AND product_id = ?2")?
        .query_row(params![shop_id, product_id], |r| r.get(0))
        .optional()?)
}

/// The product's links with their parts, by SKU id, and whether the catalog calls each SKU a
/// virtual bundle (its product, or the SKU's own bundled SKUs).
fn product_links(
    conn: &Connection,
    shop_id: &str,
    product_id: &str,
) -> Result<Vec<(String, Vec<LinkPart>, bool)>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT l.sku_id, p.code, p.factor,
                COALESCE((SELECT pr.is_combined FROM products pr
                          WHERE pr.shop_id = l.shop_id AND pr.product_id = l.product_id), 0)
                OR COALESCE((SELECT k.combined_skus <> '[]' FROM product_skus k
                             WHERE k.shop_id = l.shop_id AND k.sku_id = l.sku_id), 0)
         FROM sku_links l JOIN sku_link_parts p ON p.shop_id = l.shop_id AND p.sku_id = l.sku_id
         WHERE l.shop_id = ?1 AND l.product_id = ?2
         ORDER BY l.sku_id, p.code",
    )?;
    let mut rows = stmt.query(params![shop_id, product_id])?;
    let mut out: Vec<(String, Vec<LinkPart>, bool)> = Vec::new();
    while let Some(r) = rows.next()? {
        let sku_id: String = r.get(0)?;
        let part = LinkPart {
            code: r.get(1)?,
            factor: r.get(2)?,
        };
        match out.last_mut() {
            Some((id, parts, _)) if *id == sku_id => parts.push(part),
            _ => out.push((sku_id, vec![part], r.get(3)?)),
        }
    }
    Ok(out)
}

fn sku_warehouses(
    conn: &Connection,
    shop_id: &str,
    sku_id: &str,
) -> Result<Vec<String>, StoreError> {
    let rows = conn
        .prepare_cached(
            "SELECT warehouse_id FROM sku_stock WHERE shop_id = ?1 AND sku_id = ?2
             ORDER BY position",
        )?
        .query_map(params![shop_id, sku_id], |r| r.get(0))?
        .collect::<Result<Vec<String>, _>>()?;
    Ok(rows)
}

/// The shop's warehouses in TikTok's order (the catalog's table).
fn warehouses(conn: &Connection, shop_id: &str) -> Result<Vec<WarehouseRecord>, StoreError> {
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

/// On hand of every local SKU, and how many shops with stock sync on sell each.
fn local_rows(conn: &Connection) -> Result<HashMap<String, LocalStockRow>, StoreError> {
    let reserved = reserved_by_code(conn)?;
    let rows = conn
        .prepare_cached(
            "SELECT s.code, s.on_hand,
                    (SELECT COUNT(DISTINCT p.shop_id) FROM sku_link_parts p
                     JOIN shop_options o ON o.shop_id = p.shop_id AND o.auto_stock_sync = 1
                     WHERE p.code = s.code)
             FROM local_skus s
             WHERE s.code IN (SELECT code FROM sku_link_parts)",
        )?
        .query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, u32>(2)?,
            ))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows
        .into_iter()
        .map(|(code, on_hand, shops)| {
            let reserved = reserved.get(&code).copied().unwrap_or(0);
            (
                code,
                LocalStockRow {
                    on_hand,
                    reserved,
                    shops,
                },
            )
        })
        .collect())
}

impl Store {
    /// What a stock push of `product_ids` of the shop needs, from one snapshot. Products
    /// without links are left out.
    pub fn stock_inputs(
        &self,
        shop_id: &str,
        product_ids: &[String],
    ) -> Result<StockInputs, StoreError> {
        self.read(|conn| {
            let open = open_lines_by_sku(conn, shop_id)?;
            let mut products = Vec::with_capacity(product_ids.len());
            for product_id in product_ids {
                let links = product_links(conn, shop_id, product_id)?;
                if links.is_empty() {
                    continue;
                }
                let mut skus = Vec::with_capacity(links.len());
                for (sku_id, parts, is_combined) in links {
                    skus.push(LinkedSkuInputs {
                        warehouse_ids: sku_warehouses(conn, shop_id, &sku_id)?,
                        open_lines: open.get(&sku_id).copied().unwrap_or(0),
                        sku_id,
                        parts,
                        is_combined,
                    });
                }
                products.push(ProductInputs {
                    product_id: product_id.clone(),
                    status: product_status(conn, shop_id, product_id)?,
                    skus,
                });
            }
            Ok(StockInputs {
                settings: read_settings(conn, shop_id)?,
                sync_on: option_on(conn, shop_id, "auto_stock_sync")?,
                warehouses: warehouses(conn, shop_id)?,
                local: local_rows(conn)?,
                products,
            })
        })
    }

    /// The ids of the shop's linked products, in id order.
    pub fn linked_products(&self, shop_id: &str) -> Result<Vec<String>, StoreError> {
        self.read(|conn| {
            let rows = conn
                .prepare_cached(
                    "SELECT DISTINCT product_id FROM sku_links WHERE shop_id = ?1 ORDER BY product_id",
                )?
                .query_map([shop_id], |r| r.get(0))?
                .collect::<Result<Vec<String>, _>>()?;
            Ok(rows)
        })
    }

    /// What a price push of one product of the shop needs.
    pub fn price_inputs(&self, shop_id: &str, product_id: &str) -> Result<PriceInputs, StoreError> {
        self.read(|conn| {
            let (reported, registered, seller_type): (Option<String>, String, Option<String>) =
                conn.prepare_cached(
                    "SELECT shop_region, region, seller_type FROM shops WHERE id = ?1",
                )?
                .query_row([shop_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
                .optional()?
                .ok_or_else(|| StoreError::ShopNotFound(shop_id.to_owned()))?;
            let region_of = |reported: Option<String>, registered: String| {
                reported
                    .map(|r| r.trim().to_owned())
                    .filter(|r| !r.is_empty())
                    .unwrap_or(registered)
            };
            let upload_regions = conn
                .prepare_cached(
                    "SELECT s.shop_region, s.region FROM shops s
                     JOIN shop_options o ON o.shop_id = s.id AND o.price_upload = 1
                     ORDER BY s.id",
                )?
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .map(|row| row.map(|(rep, reg)| region_of(rep, reg)))
                .collect::<Result<Vec<_>, _>>()?;
            let mut price = conn.prepare_cached("SELECT price FROM local_skus WHERE code = ?1")?;
            let mut currency = conn.prepare_cached(
                "SELECT currency FROM product_skus WHERE shop_id = ?1 AND sku_id = ?2",
            )?;
            let mut skus = Vec::new();
            for (sku_id, parts, is_combined) in product_links(conn, shop_id, product_id)? {
                let mut local_prices = Vec::with_capacity(parts.len());
                for part in &parts {
                    let p: Option<Option<String>> =
                        price.query_row([&part.code], |r| r.get(0)).optional()?;
                    local_prices.push(p.flatten());
                }
                let sku_currency: Option<String> = currency
                    .query_row(params![shop_id, sku_id], |r| r.get(0))
                    .optional()?;
                skus.push(PricedSku {
                    sku_id,
                    parts,
                    local_prices,
                    currency: sku_currency.unwrap_or_default(),
                    is_combined,
                });
            }
            Ok(PriceInputs {
                upload_on: option_on(conn, shop_id, "price_upload")?,
                region: region_of(reported, registered),
                seller_type,
                declared_currency: read_price_currency(conn)?,
                upload_regions,
                product_status: product_status(conn, shop_id, product_id)?,
                skus,
            })
        })
    }
}
