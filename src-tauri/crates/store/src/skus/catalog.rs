//! The links read against the catalog: which TikTok SKUs have no link, which links lost their
//! SKU, and which unlinked SKUs carry a seller SKU equal to one of the seller's codes (the
//! auto-link proposals).
//!
//! A product TikTok marks `DELETED` sells nothing and takes no stock, so it is neither listed
//! as unmapped nor proposed.

use super::links::read_links;
use super::{sku_code_key, SkuLink};
use crate::{CatalogSku, Store, StoreError};
use rusqlite::{params, OptionalExtension};
use std::collections::{HashMap, HashSet};

/// TikTok's status of a product it deleted.
const DELETED: &str = "DELETED";

/// An unlinked TikTok SKU whose seller SKU equals a local code (ignoring case and
/// surrounding spaces).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AutoLinkCandidate {
    pub sku: CatalogSku,
    /// The local SKU's code, in its stored spelling.
    pub code: String,
}

/// A link that no longer names a SKU of the catalog as it was linked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrokenLink {
    pub link: SkuLink,
    /// The product the SKU id belongs to now; `None`: the catalog no longer has the SKU (a
    /// re-import found it gone, e.g. the seller recreated the product's variants).
    pub current_product_id: Option<String>,
}

impl Store {
    /// The shop's TikTok SKUs that no link maps, in catalog order (deleted products left
    /// out).
    pub fn unmapped_skus(&self, shop_id: &str) -> Result<Vec<CatalogSku>, StoreError> {
        let linked = self.linked_sku_ids(shop_id)?;
        Ok(self
            .catalog_skus(shop_id)?
            .into_iter()
            .filter(|s| s.product_status != DELETED && !linked.contains(&s.sku_id))
            .collect())
    }

    /// Every unlinked SKU of the shop whose seller SKU, ignoring case and surrounding spaces,
    /// is a local code; blank seller SKUs never match. A seller SKU repeated on several TikTok
    /// SKUs proposes each of them, and one code may be proposed for several SKUs.
    pub fn auto_link_candidates(
        &self,
        shop_id: &str,
    ) -> Result<Vec<AutoLinkCandidate>, StoreError> {
        let codes: HashMap<String, String> = self
            .local_skus()?
            .into_iter()
            .map(|s| (sku_code_key(&s.code), s.code))
            .collect();
        Ok(self
            .unmapped_skus(shop_id)?
            .into_iter()
            .filter_map(|sku| {
                let key = sku_code_key(&sku.seller_sku);
                let code = codes.get(&key).filter(|_| !key.is_empty())?.clone();
                Some(AutoLinkCandidate { sku, code })
            })
            .collect())
    }

    /// The shop's links whose SKU the catalog no longer has, or has under another product,
    /// by SKU id.
    pub fn broken_links(&self, shop_id: &str) -> Result<Vec<BrokenLink>, StoreError> {
        self.read(|conn| {
            let links = read_links(
                conn,
                "l.shop_id = ?1 AND NOT EXISTS (
                    SELECT 1 FROM product_skus s
                    WHERE s.shop_id = l.shop_id AND s.sku_id = l.sku_id
                      AND s.product_id = l.product_id)",
                [shop_id],
            )?;
            let mut now = conn.prepare_cached(
                "SELECT product_id FROM product_skus WHERE shop_id = ?1 AND sku_id = ?2",
            )?;
            links
                .into_iter()
                .map(|link| {
                    let current_product_id = now
                        .query_row(params![shop_id, link.sku_id], |r| r.get(0))
                        .optional()?;
                    Ok(BrokenLink {
                        link,
                        current_product_id,
                    })
                })
                .collect()
        })
    }

    fn linked_sku_ids(&self, shop_id: &str) -> Result<HashSet<String>, StoreError> {
        self.read(|conn| {
            let ids = conn
                .prepare_cached("SELECT sku_id FROM sku_links WHERE shop_id = ?1")?
                .query_map([shop_id], |r| r.get(0))?
                .collect::<Result<HashSet<String>, _>>()?;
            Ok(ids)
        })
    }
}

impl Store {
    /// The product the catalog has the shop's SKU under; `None` when the catalog does not
    /// have the SKU (not imported yet, or gone).
    pub fn catalog_product_of(
        &self,
        shop_id: &str,
        sku_id: &str,
    ) -> Result<Option<String>, StoreError> {
        self.read(|conn| {
            Ok(conn
                .prepare_cached(
                    "SELECT product_id FROM product_skus WHERE shop_id = ?1 AND sku_id = ?2",
                )?
                .query_row(params![shop_id, sku_id], |r| r.get(0))
                .optional()?)
        })
    }
}
