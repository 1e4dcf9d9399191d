//! Orders TikTok sent that Shopdock could not decode. A pull stores the rest of their page and
//! keeps each of these raw with the reason, so one odd order never stops a shop's sync and the
//! seller is told instead of left guessing. When a later pull reads the order, its row goes.

use crate::error::is_foreign_key_violation;
use crate::{Store, StoreError, WriteTxn};
use rusqlite::{named_params, OptionalExtension};

/// One order that did not decode, as a pull met it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnreadableOrder {
    /// The order id, when the JSON showed one.
    pub order_id: Option<String>,
    /// The JSON exactly as TikTok sent it.
    pub raw_json: String,
    /// Why it did not decode.
    pub reason: String,
}

/// A stored unreadable order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnreadableOrderRecord {
    pub shop_id: String,
    pub order: UnreadableOrder,
    pub first_seen_at: i64,
    pub last_seen_at: i64,
}

/// The row's key: the order id, else a stable hash of the JSON (so the same odd order met
/// again is one row, not many).
fn order_key(o: &UnreadableOrder) -> String {
    match &o.order_id {
        Some(id) => format!("id:{id}"),
        None => {
            // FNV-1a: stable across runs and platforms, which the std hasher is not.
            let hash = o.raw_json.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
                (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
            });
            format!("json:{hash:016x}")
        }
    }
}

impl WriteTxn<'_> {
    /// Records orders of a page that did not decode (or refreshes when they were last seen).
    pub fn record_unreadable_orders(
        &self,
        shop_id: &str,
        orders: &[UnreadableOrder],
        now: i64,
    ) -> Result<(), StoreError> {
        let mut stmt = self.conn().prepare_cached(
            "INSERT INTO unreadable_orders
                 (shop_id, order_key, order_id, raw_json, reason, first_seen_at, last_seen_at)
             VALUES (:shop_id, :order_key, :order_id, :raw_json, :reason, :now, :now)
             ON CONFLICT (shop_id, order_key) DO UPDATE SET
                 raw_json = excluded.raw_json,
                 reason = excluded.reason,
                 last_seen_at = excluded.last_seen_at",
        )?;
        for o in orders {
            stmt.execute(named_params! {
                ":shop_id": shop_id,
                ":order_key": order_key(o),
                ":order_id": o.order_id,
                ":raw_json": o.raw_json,
                ":reason": o.reason,
                ":now": now,
            })
            .map_err(|e| {
                if is_foreign_key_violation(&e) {
                    StoreError::ShopNotFound(shop_id.into())
                } else {
                    e.into()
                }
            })?;
        }
        Ok(())
    }

    /// Forgets the unreadable rows of orders that have now been read.
    pub fn forget_unreadable_orders(
        &self,
        shop_id: &str,
        order_ids: &[&str],
    ) -> Result<usize, StoreError> {
        let mut stmt = self.conn().prepare_cached(
            "DELETE FROM unreadable_orders WHERE shop_id = :shop_id AND order_key = :order_key",
        )?;
        let mut removed = 0;
        for id in order_ids {
            removed += stmt.execute(named_params! {
                ":shop_id": shop_id,
                ":order_key": format!("id:{id}"),
            })?;
        }
        Ok(removed)
    }
}

impl Store {
    /// Unreadable orders, of one shop or all, newest first.
    pub fn unreadable_orders(
        &self,
        shop_id: Option<&str>,
    ) -> Result<Vec<UnreadableOrderRecord>, StoreError> {
        self.read(|conn| {
            let mut stmt = conn.prepare_cached(
                "SELECT shop_id, order_id, raw_json, reason, first_seen_at, last_seen_at
                 FROM unreadable_orders
                 WHERE :shop_id IS NULL OR shop_id = :shop_id
                 ORDER BY last_seen_at DESC, order_key",
            )?;
            let rows = stmt.query_map(named_params! { ":shop_id": shop_id }, |r| {
                Ok(UnreadableOrderRecord {
                    shop_id: r.get(0)?,
                    order: UnreadableOrder {
                        order_id: r.get(1)?,
                        raw_json: r.get(2)?,
                        reason: r.get(3)?,
                    },
                    first_seen_at: r.get(4)?,
                    last_seen_at: r.get(5)?,
                })
            })?;
            Ok(rows.collect::<Result<_, _>>()?)
        })
    }

    /// How many unreadable orders a shop has.
    pub fn count_unreadable_orders(&self, shop_id: &str) -> Result<u64, StoreError> {
        self.read(|conn| {
            Ok(conn
                .query_row(
                    "SELECT count(*) FROM unreadable_orders WHERE shop_id = ?1",
                    [shop_id],
                    |r| r.get::<_, i64>(0),
                )
                .optional()?
                .unwrap_or(0)
                .max(0) as u64)
        })
    }
}
