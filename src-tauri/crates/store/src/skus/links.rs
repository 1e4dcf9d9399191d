//! The `sku_links` table and its `sku_link_parts`: which local SKUs each TikTok SKU sells.
//! A link is always written whole (the link row and all its parts in one transaction), so a
//! reader never sees a bundle with half its parts.

use super::local::find;
use crate::error::is_foreign_key_violation;
use crate::{Store, StoreError, WriteTxn};
use rusqlite::{params, Connection, Params};

/// One local SKU in a link, `factor` units of it per unit sold on TikTok.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkPart {
    pub code: String,
    pub factor: u32,
}

/// A TikTok SKU (shop, product, SKU id) and what it sells: one part, or several (a bundle).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkuLink {
    pub shop_id: String,
    /// The product the SKU belonged to when linked: stock and price updates go per product,
    /// and a SKU that moved to another product shows as broken.
    pub product_id: String,
    pub sku_id: String,
    /// By code; each code once.
    pub parts: Vec<LinkPart>,
    /// Unix seconds when the link was last set.
    pub linked_at: i64,
}

/// Reads links with their parts; `filter` is the WHERE clause over `l` (the link) and `p`
/// (a part), e.g. to select the links one code is part of.
pub(super) fn read_links(
    conn: &Connection,
    filter: &str,
    args: impl Params,
) -> Result<Vec<SkuLink>, StoreError> {
    let sql = format!(
        "SELECT l.shop_id, l.sku_id, l.product_id, l.linked_at, p.code, p.factor
         FROM sku_links l JOIN sku_link_parts p ON p.shop_id = l.shop_id AND p.sku_id = l.sku_id
         WHERE {filter}
         ORDER BY l.shop_id, l.sku_id, p.code"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query(args)?;
    let mut links: Vec<SkuLink> = Vec::new();
    while let Some(r) = rows.next()? {
        let (shop_id, sku_id): (String, String) = (r.get(0)?, r.get(1)?);
        let part = LinkPart {
            code: r.get(4)?,
            factor: r.get(5)?,
        };
        match links.last_mut() {
            Some(l) if l.shop_id == shop_id && l.sku_id == sku_id => l.parts.push(part),
            _ => links.push(SkuLink {
                shop_id,
                sku_id,
                product_id: r.get(2)?,
                linked_at: r.get(3)?,
                parts: vec![part],
            }),
        }
    }
    Ok(links)
}

impl Store {
    /// Every link of the shop, by SKU id.
    pub fn links_for_shop(&self, shop_id: &str) -> Result<Vec<SkuLink>, StoreError> {
        self.read(|conn| read_links(conn, "l.shop_id = ?1", [shop_id]))
    }

    /// The link of one TikTok SKU, if it has one.
    pub fn sku_link(&self, shop_id: &str, sku_id: &str) -> Result<Option<SkuLink>, StoreError> {
        self.read(|conn| {
            Ok(read_links(
                conn,
                "l.shop_id = ?1 AND l.sku_id = ?2",
                params![shop_id, sku_id],
            )?
            .pop())
        })
    }

    /// Every link (of any shop) that `code` is a part of: the TikTok SKUs whose stock a change
    /// of that code moves. Each link comes whole, with all its parts.
    pub fn links_using(&self, code: &str) -> Result<Vec<SkuLink>, StoreError> {
        self.read(|conn| {
            let Some(sku) = find(conn, code)? else {
                return Ok(Vec::new());
            };
            read_links(
                conn,
                "(l.shop_id, l.sku_id) IN
                    (SELECT shop_id, sku_id FROM sku_link_parts WHERE code = ?1)",
                [&sku.code],
            )
        })
    }

    /// Sets (or replaces) one link (see [`WriteTxn::set_sku_link`]).
    pub fn set_sku_link(&self, link: &SkuLink) -> Result<SkuLink, StoreError> {
        self.write(|tx| tx.set_sku_link(link))
    }

    /// Removes a TikTok SKU's link; false when it had none.
    pub fn remove_sku_link(&self, shop_id: &str, sku_id: &str) -> Result<bool, StoreError> {
        self.with_writer(|conn| {
            let n = conn
                .prepare_cached("DELETE FROM sku_links WHERE shop_id = ?1 AND sku_id = ?2")?
                .execute(params![shop_id, sku_id])?;
            Ok(n > 0)
        })
    }
}

impl WriteTxn<'_> {
    /// Sets the TikTok SKU's link to exactly `link.parts`, replacing any earlier link. Codes
    /// are matched ignoring case and surrounding spaces and stored in the local SKU's own
    /// spelling, which the returned link shows. Refused with `LocalSkuNotFound` for a code
    /// the seller does not have, `ShopNotFound` for an unknown shop, and `Invalid` for no
    /// parts, a factor of 0 or one code twice.
    pub fn set_sku_link(&self, link: &SkuLink) -> Result<SkuLink, StoreError> {
        if link.sku_id.is_empty() || link.product_id.is_empty() {
            return Err(StoreError::Invalid(
                "a link names a TikTok SKU id and its product id".into(),
            ));
        }
        if link.parts.is_empty() {
            return Err(StoreError::Invalid(format!(
                "the link of SKU {} needs at least one local SKU",
                link.sku_id
            )));
        }
        let conn = self.conn();
        let mut parts: Vec<LinkPart> = Vec::with_capacity(link.parts.len());
        for part in &link.parts {
            let sku = find(conn, &part.code)?
                .ok_or_else(|| StoreError::LocalSkuNotFound(part.code.trim().to_owned()))?;
            if part.factor == 0 {
                return Err(StoreError::Invalid(format!(
                    "the factor of {} must be at least 1",
                    sku.code
                )));
            }
            if parts.iter().any(|p| p.code == sku.code) {
                return Err(StoreError::Invalid(format!(
                    "{} is in the link twice: give it once, with the number of units",
                    sku.code
                )));
            }
            parts.push(LinkPart {
                code: sku.code,
                factor: part.factor,
            });
        }
        parts.sort_by(|a, b| a.code.cmp(&b.code));
        let upsert = conn
            .prepare_cached(
                "INSERT INTO sku_links (shop_id, sku_id, product_id, linked_at)
                 VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (shop_id, sku_id) DO UPDATE SET
                    product_id = excluded.product_id, linked_at = excluded.linked_at",
            )?
            .execute(params![
                link.shop_id,
                link.sku_id,
                link.product_id,
                link.linked_at
            ]);
        match upsert {
            Err(e) if is_foreign_key_violation(&e) => {
                return Err(StoreError::ShopNotFound(link.shop_id.clone()))
            }
            other => other?,
        };
        conn.prepare_cached("DELETE FROM sku_link_parts WHERE shop_id = ?1 AND sku_id = ?2")?
            .execute(params![link.shop_id, link.sku_id])?;
        let mut insert = conn.prepare_cached(
            "INSERT INTO sku_link_parts (shop_id, sku_id, code, factor) VALUES (?1, ?2, ?3, ?4)",
        )?;
        for part in &parts {
            insert.execute(params![link.shop_id, link.sku_id, part.code, part.factor])?;
        }
        Ok(SkuLink {
            parts,
            ..link.clone()
        })
    }
}
