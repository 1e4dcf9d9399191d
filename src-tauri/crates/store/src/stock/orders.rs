//! What orders do to the seller's stock.
//!
//! A line item is one unit of its TikTok SKU (the 202309 orders have no quantity field), so a
//! line of a linked SKU stands for `factor` units of each local SKU of the link. Its state
//! comes from the stored order and line statuses:
//!
//! | line | its units |
//! |---|---|
//! | order UNPAID, ON_HOLD, AWAITING_SHIPMENT, PARTIALLY_SHIPPING or AWAITING_COLLECTION, the line neither cancelled nor shipped | **reserved**: sold, still on the shelf |
//! | the line (or its order) IN_TRANSIT, DELIVERED or COMPLETED, the line not cancelled | **shipped**: left the on-hand count once |
//! | the line or its order CANCELLED | nothing (a cancel releases its reservation) |
//!
//! Reservations are not stored: they are counted from the stored orders of every shop when a
//! figure is computed ([`reserved_by_code`]), so they always follow the latest import. A
//! shipment changes the on-hand count itself, once per line, recorded in `stock_deductions`
//! in the transaction that stores the order ([`WriteTxn::stock_after_orders`]): a re-import
//! finds the line decided and deducts nothing. A line first seen shipped is deducted only if
//! Shopdock stored its order earlier in a status that held stock, or the order was created
//! after the local SKU's count was last changed: otherwise the count the seller entered
//! already left it out (an order shipped before Shopdock knew it, or a backfill of history),
//! and the line is recorded as decided with no units.

use super::marks::mark_codes;
use crate::{StoreError, WriteTxn};
use rusqlite::{params, Connection};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Order statuses in which an order's units are sold but not yet shipped (TikTok holds them as
/// `committed`, write-api §E).
pub(super) const HOLDING: &str =
    "('UNPAID', 'ON_HOLD', 'AWAITING_SHIPMENT', 'PARTIALLY_SHIPPING', 'AWAITING_COLLECTION')";
/// The status groups of [`HOLDING`], so a query reads them through the group index.
pub(super) const HOLDING_GROUPS: &str = "('to_pay', 'on_hold', 'to_ship', 'shipping')";
/// Statuses of a shipped line or order.
const SHIPPED: &str = "('IN_TRANSIT', 'DELIVERED', 'COMPLETED')";

/// What storing a page of orders did to stock.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OrderStockEffects {
    /// Lines whose units left the on-hand count now.
    pub deducted_lines: u32,
    /// Local SKUs whose figures the page moved (their products are marked for a push).
    pub codes: Vec<String>,
}

/// A shipped line not decided yet, with one of its parts.
struct ShippedPart {
    order_id: String,
    line_item_id: String,
    code: String,
    factor: i64,
    /// Shopdock stored the order before in a status that held stock, or it was created after
    /// the local SKU's count last changed.
    counted: bool,
}

fn shipped_parts(
    conn: &Connection,
    shop_id: &str,
    order_id: &str,
) -> Result<Vec<ShippedPart>, StoreError> {
    let sql = format!(
        "SELECT o.order_id, i.line_item_id, p.code, p.factor,
                EXISTS (SELECT 1 FROM order_status_history h
                        WHERE h.order_ref = o.id AND h.status IN {HOLDING} AND h.at < o.update_time)
                OR o.create_time > s.updated_at
         FROM orders o
         JOIN order_items i ON i.order_ref = o.id
         JOIN sku_link_parts p ON p.shop_id = o.shop_id AND p.sku_id = i.sku_id
         JOIN local_skus s ON s.code = p.code
         WHERE o.shop_id = ?1 AND o.order_id = ?2
           AND COALESCE(i.display_status, '') <> 'CANCELLED' AND o.status <> 'CANCELLED'
           AND (i.display_status IN {SHIPPED} OR o.status IN {SHIPPED})
           AND NOT EXISTS (SELECT 1 FROM stock_deductions d
                           WHERE d.shop_id = o.shop_id AND d.line_item_id = i.line_item_id)
         ORDER BY i.line_item_id, p.code"
    );
    let rows = conn
        .prepare_cached(&sql)?
        .query_map(params![shop_id, order_id], |r| {
            Ok(ShippedPart {
                order_id: r.get(0)?,
                line_item_id: r.get(1)?,
                code: r.get(2)?,
                factor: r.get(3)?,
                counted: r.get(4)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

/// The local SKUs of the order's linked lines, when the order holds stock now or did when
/// Shopdock stored it before (its reservations moved); an order of history that never held
/// stock in Shopdock moves nothing.
fn moved_codes(
    conn: &Connection,
    shop_id: &str,
    order_id: &str,
) -> Result<Vec<String>, StoreError> {
    let sql = format!(
        "SELECT DISTINCT p.code
         FROM orders o
         JOIN order_items i ON i.order_ref = o.id
         JOIN sku_link_parts p ON p.shop_id = o.shop_id AND p.sku_id = i.sku_id
         WHERE o.shop_id = ?1 AND o.order_id = ?2
           AND (o.status IN {HOLDING}
                OR EXISTS (SELECT 1 FROM order_status_history h
                           WHERE h.order_ref = o.id AND h.status IN {HOLDING}))"
    );
    let rows = conn
        .prepare_cached(&sql)?
        .query_map(params![shop_id, order_id], |r| r.get(0))?
        .collect::<Result<Vec<String>, _>>()?;
    Ok(rows)
}

impl WriteTxn<'_> {
    /// Applies what the just-stored orders `order_ids` of the shop do to stock, in the
    /// transaction that stored them (call it after [`WriteTxn::upsert_orders`]): deducts the
    /// units of lines that shipped (once per line, see the module docs) and marks the products
    /// whose figures moved, in every shop. Costs one lookup when the shop has no links.
    pub fn stock_after_orders(
        &self,
        shop_id: &str,
        order_ids: &[&str],
        now: i64,
    ) -> Result<OrderStockEffects, StoreError> {
        let conn = self.conn();
        let mut effects = OrderStockEffects::default();
        let linked: bool = conn
            .prepare_cached("SELECT EXISTS (SELECT 1 FROM sku_links WHERE shop_id = ?1)")?
            .query_row([shop_id], |r| r.get(0))?;
        if !linked || order_ids.is_empty() {
            return Ok(effects);
        }
        let mut codes: BTreeSet<String> = BTreeSet::new();
        let mut deduct = conn.prepare_cached(
            "UPDATE local_skus SET on_hand = MAX(0, on_hand - ?2) WHERE code = ?1",
        )?;
        let mut decide = conn.prepare_cached(
            "INSERT INTO stock_deductions (shop_id, line_item_id, order_id, units, deducted_at)
             VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT DO NOTHING",
        )?;
        for order_id in order_ids {
            codes.extend(moved_codes(conn, shop_id, order_id)?);
            // (line, order) -> units per code
            let mut lines: BTreeMap<(String, String), BTreeMap<String, i64>> = BTreeMap::new();
            for part in shipped_parts(conn, shop_id, order_id)? {
                let units = if part.counted { part.factor } else { 0 };
                *lines
                    .entry((part.line_item_id, part.order_id))
                    .or_default()
                    .entry(part.code)
                    .or_default() += units;
            }
            for ((line_item_id, order_id), units) in lines {
                let json = serde_json::to_string(&units)?;
                if decide.execute(params![shop_id, line_item_id, order_id, json, now])? == 0 {
                    continue;
                }
                if units.values().any(|u| *u > 0) {
                    effects.deducted_lines += 1;
                }
                for (code, n) in units.iter().filter(|(_, n)| **n > 0) {
                    deduct.execute(params![code, n])?;
                    codes.insert(code.clone());
                }
                tracing::debug!(shop_id, %order_id, %line_item_id, ?units, "shipped line decided");
            }
        }
        effects.codes = codes.into_iter().collect();
        mark_codes(conn, &effects.codes)?;
        Ok(effects)
    }
}

/// Units of each local SKU reserved by unshipped lines of every shop's stored orders.
pub(super) fn reserved_by_code(conn: &Connection) -> Result<HashMap<String, i64>, StoreError> {
    let sql = format!(
        "SELECT p.code, SUM(p.factor)
         FROM orders o
         JOIN order_items i ON i.order_ref = o.id
         JOIN sku_link_parts p ON p.shop_id = o.shop_id AND p.sku_id = i.sku_id
         WHERE o.status_group IN {HOLDING_GROUPS} AND o.status IN {HOLDING}
           AND COALESCE(i.display_status, '') <> 'CANCELLED'
           AND COALESCE(i.display_status, '') NOT IN {SHIPPED}
         GROUP BY p.code"
    );
    let rows = conn
        .prepare_cached(&sql)?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<HashMap<String, i64>, _>>()?;
    Ok(rows)
}

/// Lines of the shop's stored orders per TikTok SKU that TikTok holds as committed: every
/// line not cancelled of an order in a holding status. Compared with TikTok's committed units
/// to tell whether orders exist that Shopdock has not stored yet.
pub(super) fn open_lines_by_sku(
    conn: &Connection,
    shop_id: &str,
) -> Result<HashMap<String, i64>, StoreError> {
    let sql = format!(
        "SELECT i.sku_id, COUNT(*)
         FROM orders o JOIN order_items i ON i.order_ref = o.id
         WHERE o.shop_id = ?1 AND o.status_group IN {HOLDING_GROUPS} AND o.status IN {HOLDING}
           AND COALESCE(i.display_status, '') <> 'CANCELLED' AND i.sku_id IS NOT NULL
         GROUP BY i.sku_id"
    );
    let rows = conn
        .prepare_cached(&sql)?
        .query_map([shop_id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<HashMap<String, i64>, _>>()?;
    Ok(rows)
}
