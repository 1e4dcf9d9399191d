//! Orders: the `orders` table (the columns the table view shows, sorts and filters on), their line
//! items, packages, details (recipient, payment, raw JSON), status history and the full-text
//! index, all written by one upsert.
//!
//! Core maps TikTok's order JSON to [`OrderRecord`]; the raw JSON is kept verbatim beside it so a
//! later version can re-derive columns without a re-download. Ids and money stay strings end to end
//! (TikTok's ids exceed 2^53, and amounts must not pass through floating point).

pub(crate) mod columns;
mod detail;
pub(crate) mod packed_json;
mod records;
mod search_text;
mod upsert;

pub use packed_json::PackedJson;
pub(crate) use records::{order_row_from, ORDER_ROW_COLUMNS};
pub use records::{
    OrderDetailRecord, OrderHeader, OrderItemRecord, OrderRecord, OrderRow, PackageRecord,
    PaymentRecord, RecipientRecord, StatusChange, UpsertStats,
};

use crate::{Store, StoreError, WatermarkUpdate, WriteTxn};
use detail::get_order;
use upsert::upsert_orders;

impl WriteTxn<'_> {
    /// [`Store::upsert_orders`] inside this transaction, without a watermark.
    pub fn upsert_orders(
        &self,
        shop_id: &str,
        orders: &[OrderRecord],
    ) -> Result<UpsertStats, StoreError> {
        upsert_orders(self.conn(), shop_id, orders)
    }
}

impl Store {
    /// Stores a page of orders and, when given, the job's new watermark, in ONE transaction: the
    /// watermark can never run ahead of the stored orders, and a failure stores nothing.
    ///
    /// An incoming order replaces the stored one only when its `update_time` is the same or newer.
    /// Fails with `ShopNotFound` for an unknown shop. For a backfill page (orders plus window
    /// progress) use [`Store::write`].
    pub fn upsert_orders(
        &self,
        shop_id: &str,
        orders: &[OrderRecord],
        watermark: Option<&WatermarkUpdate>,
    ) -> Result<UpsertStats, StoreError> {
        self.write(|tx| {
            let stats = tx.upsert_orders(shop_id, orders)?;
            if let Some(watermark) = watermark {
                tx.set_watermark(shop_id, watermark)?;
            }
            Ok(stats)
        })
    }

    /// One order with its items, status history and raw JSON.
    pub fn get_order(
        &self,
        shop_id: &str,
        order_id: &str,
    ) -> Result<Option<OrderDetailRecord>, StoreError> {
        self.read(|conn| get_order(conn, shop_id, order_id))
    }

    /// How many orders the shop has stored.
    pub fn count_orders(&self, shop_id: &str) -> Result<u64, StoreError> {
        self.read(|conn| {
            let n: i64 = conn
                .prepare_cached("SELECT COUNT(*) FROM orders WHERE shop_id = ?1")?
                .query_row([shop_id], |r| r.get(0))?;
            Ok(n as u64)
        })
    }

    /// `(order_id, update_time, status)` of every stored order of the shop, by order id: what a
    /// test compares with the sandbox's own view.
    pub fn all_order_versions(
        &self,
        shop_id: &str,
    ) -> Result<Vec<(String, i64, String)>, StoreError> {
        self.read(|conn| {
            let rows = conn
                .prepare_cached(
                    "SELECT order_id, update_time, status FROM orders
                     WHERE shop_id = ?1 ORDER BY order_id",
                )?
                .query_map([shop_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                .collect::<Result<Vec<_>, _>>()?;
            Ok(rows)
        })
    }
}

impl Store {
    /// The raw JSON of the shop's stored orders awaiting shipment (`AWAITING_SHIPMENT`,
    /// `PARTIALLY_SHIPPING`): what automatic confirmation looks at after a pull.
    pub fn orders_awaiting_shipment(&self, shop_id: &str) -> Result<Vec<String>, StoreError> {
        self.read(|conn| {
            let rows = conn
                .prepare_cached(
                    "SELECT d.raw_json FROM orders o JOIN order_details d ON d.order_ref = o.id
                     WHERE o.shop_id = ?1 AND o.status_group = 'to_ship'
                       AND o.status IN ('AWAITING_SHIPMENT', 'PARTIALLY_SHIPPING')
                     ORDER BY o.create_time, o.order_id",
                )?
                .query_map([shop_id], |r| {
                    r.get::<_, packed_json::StoredJson>(0).map(|j| j.0)
                })?
                .collect::<Result<Vec<_>, _>>()?;
            Ok(rows)
        })
    }
}
