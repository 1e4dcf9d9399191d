//! `sync_marks`: products whose stock or price may have to change on TikTok.
//!
//! Marks are written in the transaction of the change (by the migration's triggers, or by the
//! calls here), and turned into outbox rows by [`Store::flush_sync_marks`] in one transaction:
//! a mark disappears only when its row is queued. The periodic flush debounces: it takes a
//! mark that stayed quiet since the previous flush (*ripe*: marking it again unripens it), or
//! one that has already waited [`MAX_FLUSHES_WAITED`] flushes however busy, so a burst of changes to a
//! product settles into one row and a product changing without pause is still pushed.

use crate::outbox::{Enqueued, NewIntent};
use crate::{Store, StoreError, WriteTxn};
use rusqlite::{params, Connection};

/// Flushes a mark marked again and again waits before it is pushed anyway.
pub const MAX_FLUSHES_WAITED: u32 = 2;

/// What a mark asks to push.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SyncKind {
    Stock,
    Price,
}

impl SyncKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SyncKind::Stock => "stock",
            SyncKind::Price => "price",
        }
    }

    fn parse(word: &str) -> Option<SyncKind> {
        match word {
            "stock" => Some(SyncKind::Stock),
            "price" => Some(SyncKind::Price),
            _ => None,
        }
    }

    /// The shop option that turns this push on.
    fn option_column(self) -> &'static str {
        match self {
            SyncKind::Stock => "auto_stock_sync",
            SyncKind::Price => "price_upload",
        }
    }
}

/// One product of one shop to push.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SyncMark {
    pub kind: SyncKind,
    pub shop_id: String,
    pub product_id: String,
}

/// Marks every linked product of the shop.
pub(super) fn mark_shop(
    conn: &Connection,
    kind: SyncKind,
    shop_id: &str,
) -> Result<usize, StoreError> {
    Ok(conn
        .prepare_cached(
            "INSERT INTO sync_marks (kind, shop_id, product_id)
             SELECT DISTINCT ?1, shop_id, product_id FROM sku_links WHERE shop_id = ?2
             ON CONFLICT (kind, shop_id, product_id) DO UPDATE SET ripe = 0",
        )?
        .execute(params![kind.as_str(), shop_id])?)
}

/// Marks (stock) every linked product of every shop that shares a local SKU with the shop.
pub(super) fn mark_sharing_shops(conn: &Connection, shop_id: &str) -> Result<usize, StoreError> {
    Ok(conn
        .prepare_cached(
            "INSERT INTO sync_marks (kind, shop_id, product_id)
             SELECT DISTINCT 'stock', l.shop_id, l.product_id
             FROM sku_link_parts p JOIN sku_links l ON l.shop_id = p.shop_id AND l.sku_id = p.sku_id
             WHERE p.code IN (SELECT code FROM sku_link_parts WHERE shop_id = ?1)
             ON CONFLICT (kind, shop_id, product_id) DO UPDATE SET ripe = 0",
        )?
        .execute([shop_id])?)
}

/// Marks the products using any of `codes` (stock), in every shop.
pub(super) fn mark_codes(conn: &Connection, codes: &[String]) -> Result<(), StoreError> {
    let mut stmt = conn.prepare_cached(
        "INSERT INTO sync_marks (kind, shop_id, product_id)
         SELECT DISTINCT 'stock', l.shop_id, l.product_id
         FROM sku_link_parts p JOIN sku_links l ON l.shop_id = p.shop_id AND l.sku_id = p.sku_id
         WHERE p.code = ?1
         ON CONFLICT (kind, shop_id, product_id) DO UPDATE SET ripe = 0",
    )?;
    for code in codes {
        stmt.execute([code])?;
    }
    Ok(())
}

impl WriteTxn<'_> {
    /// Marks these products of the shop for a push, in this transaction.
    pub fn mark_for_sync(
        &self,
        kind: SyncKind,
        shop_id: &str,
        product_ids: &[String],
    ) -> Result<(), StoreError> {
        let mut stmt = self.conn().prepare_cached(
            "INSERT INTO sync_marks (kind, shop_id, product_id) VALUES (?1, ?2, ?3)
             ON CONFLICT (kind, shop_id, product_id) DO UPDATE SET ripe = 0",
        )?;
        for product in product_ids {
            match stmt.execute(params![kind.as_str(), shop_id, product]) {
                Err(e) if crate::error::is_foreign_key_violation(&e) => {
                    return Err(StoreError::ShopNotFound(shop_id.to_owned()))
                }
                other => other?,
            };
        }
        Ok(())
    }
}

impl Store {
    /// Marks every linked product of the shop for a push (e.g. the seller's "push now").
    /// Returns how many products were marked.
    pub fn mark_shop_for_sync(&self, kind: SyncKind, shop_id: &str) -> Result<usize, StoreError> {
        self.write(|tx| mark_shop(tx.conn(), kind, shop_id))
    }

    /// Turns marks into outbox rows, in one transaction: for each mark of a shop whose option
    /// for its kind is on, `intent` makes the row (core's payload; `None` skips the mark) and it
    /// is queued due `now`; marks of shops with the option off are dropped (turning it on marks
    /// the shop again). `ripe_only` (the periodic flush): only marks quiet since the previous
    /// flush or waiting for `MAX_FLUSHES_WAITED` flushes; the others ripen and wait one more.
    /// Returns the marks queued and what the outbox did with each.
    pub fn flush_sync_marks(
        &self,
        ripe_only: bool,
        now: i64,
        mut intent: impl FnMut(&SyncMark) -> Option<NewIntent>,
    ) -> Result<Vec<(SyncMark, Enqueued)>, StoreError> {
        self.write(|tx| {
            let conn = tx.conn();
            let marks = conn
                .prepare_cached(
                    "SELECT m.kind, m.shop_id, m.product_id,
                            COALESCE(CASE m.kind WHEN 'stock' THEN o.auto_stock_sync
                                                 ELSE o.price_upload END, 0)
                     FROM sync_marks m LEFT JOIN shop_options o ON o.shop_id = m.shop_id
                     WHERE m.ripe = 1 OR m.waited >= ?2 OR NOT ?1
                     ORDER BY m.shop_id, m.kind, m.product_id",
                )?
                .query_map(params![ripe_only, MAX_FLUSHES_WAITED], |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, bool>(3)?,
                    ))
                })?
                .collect::<Result<Vec<_>, _>>()?;
            let mut forget = conn.prepare_cached(
                "DELETE FROM sync_marks WHERE kind = ?1 AND shop_id = ?2 AND product_id = ?3",
            )?;
            let mut queued = Vec::new();
            for (kind, shop_id, product_id, on) in marks {
                forget.execute(params![kind, shop_id, product_id])?;
                let Some(kind) = SyncKind::parse(&kind) else {
                    continue;
                };
                let mark = SyncMark {
                    kind,
                    shop_id,
                    product_id,
                };
                if !on {
                    tracing::debug!(
                        ?mark,
                        option = kind.option_column(),
                        "sync mark dropped: option off"
                    );
                    continue;
                }
                let Some(new) = intent(&mark) else { continue };
                let enqueued = tx.enqueue(&new, now)?;
                queued.push((mark, enqueued));
            }
            conn.prepare_cached("UPDATE sync_marks SET ripe = 1, waited = waited + 1")?
                .execute([])?;
            if !queued.is_empty() {
                tracing::debug!(rows = queued.len(), "sync marks queued as outbox rows");
            }
            Ok(queued)
        })
    }

    /// How many marks wait (for tests and the status view).
    pub fn sync_marks_waiting(&self) -> Result<u64, StoreError> {
        self.read(|conn| {
            Ok(conn
                .prepare_cached("SELECT COUNT(*) FROM sync_marks")?
                .query_row([], |r| r.get::<_, i64>(0))? as u64)
        })
    }
}
