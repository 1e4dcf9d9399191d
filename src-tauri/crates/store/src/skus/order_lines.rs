//! Which line items of an order sell a TikTok SKU that no link maps to a local SKU: such an
//! order cannot move the seller's stock, so the window and the CLI say so on it.

use crate::{Store, StoreError};
use rusqlite::{params, OptionalExtension};

/// A line item whose TikTok SKU has no link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnmappedLine {
    pub line_item_id: String,
    /// `None` when TikTok sent the line without a SKU id.
    pub sku_id: Option<String>,
    pub seller_sku: Option<String>,
    pub product_id: Option<String>,
    pub product_name: Option<String>,
    pub sku_name: Option<String>,
}

impl Store {
    /// The order's line items without a link, in the order's own order; `None` when the
    /// shop has no such order.
    pub fn unmapped_order_lines(
        &self,
        shop_id: &str,
        order_id: &str,
    ) -> Result<Option<Vec<UnmappedLine>>, StoreError> {
        self.read(|conn| {
            let Some(order_ref) = conn
                .prepare_cached("SELECT id FROM orders WHERE shop_id = ?1 AND order_id = ?2")?
                .query_row(params![shop_id, order_id], |r| r.get::<_, i64>(0))
                .optional()?
            else {
                return Ok(None);
            };
            let lines = conn
                .prepare_cached(
                    "SELECT i.line_item_id, i.sku_id, i.seller_sku, i.product_id, i.product_name,
                            i.sku_name
                     FROM order_items i
                     WHERE i.order_ref = ?1
                       AND NOT EXISTS (SELECT 1 FROM sku_links l
                                       WHERE l.shop_id = ?2 AND l.sku_id = i.sku_id)
                     ORDER BY i.position, i.line_item_id",
                )?
                .query_map(params![order_ref, shop_id], |r| {
                    Ok(UnmappedLine {
                        line_item_id: r.get(0)?,
                        sku_id: r.get::<_, Option<String>>(1)?.filter(|s| !s.is_empty()),
                        seller_sku: r.get(2)?,
                        product_id: r.get(3)?,
                        product_name: r.get(4)?,
                        sku_name: r.get(5)?,
                    })
                })?
                .collect::<Result<Vec<_>, _>>()?;
            Ok(Some(lines))
        })
    }
}
