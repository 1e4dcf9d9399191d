//! What the seller paid for what an order sold, as far as the store knows it: the units of
//! each TikTok SKU (settled units from Get Order Transactions, else the order's line items
//! that are not cancelled, one unit each) and what each TikTok SKU costs through its link to
//! the seller's SKUs (`sku_links`, `sku_link_parts`, `local_skus.cost`). Core multiplies.

use crate::{Store, StoreError};
use rusqlite::types::Type;
use rusqlite::{params, Connection};
use rust_decimal::Decimal;
use std::collections::HashMap;
use std::str::FromStr;

/// One local SKU in a TikTok SKU's link: `factor` units of it per unit sold, at its cost.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CostPart {
    pub code: String,
    pub factor: u32,
    /// `None` when the seller gave the SKU no cost.
    pub cost: Option<Decimal>,
}

/// Where an order's units come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitsSource {
    /// Get Order Transactions' settled quantities.
    Settled,
    /// The stored order's line items that are not cancelled.
    Ordered,
}

/// Units of one TikTok SKU in an order; `None` units when TikTok did not say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitsLine {
    pub sku_id: Option<String>,
    pub units: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderUnits {
    pub source: UnitsSource,
    pub lines: Vec<UnitsLine>,
}

fn cost_at(r: &rusqlite::Row<'_>, idx: usize) -> rusqlite::Result<Option<Decimal>> {
    r.get::<_, Option<String>>(idx)?
        .map(|t| {
            Decimal::from_str(&t).map_err(|e| {
                rusqlite::Error::FromSqlConversionFailure(idx, Type::Text, Box::new(e))
            })
        })
        .transpose()
}

fn settled_units(
    conn: &Connection,
    shop_id: &str,
    order_id: &str,
) -> Result<Vec<UnitsLine>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT sku_id, CASE WHEN COUNT(*) = COUNT(quantity) THEN SUM(quantity) END
         FROM finance_order_skus WHERE shop_id = ?1 AND order_id = ?2
         GROUP BY sku_id ORDER BY MIN(position)",
    )?;
    let rows = stmt.query_map(params![shop_id, order_id], |r| {
        Ok(UnitsLine {
            sku_id: r.get(0)?,
            units: r.get(1)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

fn ordered_units(
    conn: &Connection,
    shop_id: &str,
    order_id: &str,
) -> Result<Vec<UnitsLine>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT i.sku_id, COUNT(*) FROM orders o JOIN order_items i ON i.order_ref = o.id
         WHERE o.shop_id = ?1 AND o.order_id = ?2
           AND COALESCE(i.display_status, '') <> 'CANCELLED'
         GROUP BY i.sku_id ORDER BY MIN(i.position)",
    )?;
    let rows = stmt.query_map(params![shop_id, order_id], |r| {
        Ok(UnitsLine {
            sku_id: r.get::<_, Option<String>>(0)?.filter(|s| !s.is_empty()),
            units: Some(r.get(1)?),
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

impl Store {
    /// Every linked TikTok SKU of the shop with its parts and their costs, by SKU id.
    pub fn sku_costs(&self, shop_id: &str) -> Result<HashMap<String, Vec<CostPart>>, StoreError> {
        self.read(|conn| {
            let mut stmt = conn.prepare_cached(
                "SELECT p.sku_id, p.code, p.factor, l.cost
                 FROM sku_link_parts p JOIN local_skus l ON l.code = p.code
                 WHERE p.shop_id = ?1 ORDER BY p.sku_id, p.code",
            )?;
            let mut out: HashMap<String, Vec<CostPart>> = HashMap::new();
            let mut rows = stmt.query(params![shop_id])?;
            while let Some(r) = rows.next()? {
                out.entry(r.get(0)?).or_default().push(CostPart {
                    code: r.get(1)?,
                    factor: r.get(2)?,
                    cost: cost_at(r, 3)?,
                });
            }
            Ok(out)
        })
    }

    /// The units of each TikTok SKU of the shop's orders, by order id: settled units where
    /// Get Order Transactions' answer is stored, else the stored order's line items; orders
    /// with neither are absent.
    pub fn order_units(
        &self,
        shop_id: &str,
        order_ids: &[String],
    ) -> Result<HashMap<String, OrderUnits>, StoreError> {
        self.read(|conn| {
            let mut out = HashMap::with_capacity(order_ids.len());
            for id in order_ids {
                let settled = settled_units(conn, shop_id, id)?;
                let units = if settled.is_empty() {
                    OrderUnits {
                        source: UnitsSource::Ordered,
                        lines: ordered_units(conn, shop_id, id)?,
                    }
                } else {
                    OrderUnits {
                        source: UnitsSource::Settled,
                        lines: settled,
                    }
                };
                if !units.lines.is_empty() {
                    out.insert(id.clone(), units);
                }
            }
            Ok(out)
        })
    }
}
