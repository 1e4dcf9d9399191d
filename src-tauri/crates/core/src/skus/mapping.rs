//! Which local SKUs each TikTok SKU sells: set by hand (one code times a factor, or a bundle),
//! proposed by auto-link and accepted in one click, listed with what is still unmapped and
//! which links broke when a re-import changed the catalog under them.

use super::cells::link_part_text;
use super::views::{
    AutoLinkProposal, AutoLinkResult, BrokenLinkView, LinkPartView, SkuLinkView, TikTokSkuView,
    UnmappedLineView,
};
use crate::errors::CoreResult;
use crate::{ApiError, ErrorCode, Shopdock};
use shopdock_store::{sku_code_key, CatalogSku, LinkPart, SkuLink};
use std::collections::{HashMap, HashSet};

impl Shopdock {
    /// Every link of the shop, by SKU id, each with its TikTok SKU as the catalog has it and,
    /// for a link that no longer holds, why.
    pub async fn sku_links(&self, shop_id: &str) -> Result<Vec<SkuLinkView>, ApiError> {
        self.shop_record(shop_id).await?;
        let shop = shop_id.to_owned();
        let (links, broken, catalog) = self
            .db(move |s| {
                Ok((
                    s.links_for_shop(&shop)?,
                    s.broken_links(&shop)?,
                    s.catalog_skus(&shop)?,
                ))
            })
            .await?;
        let broken: HashMap<String, Option<String>> = broken
            .into_iter()
            .map(|b| (b.link.sku_id, b.current_product_id))
            .collect();
        let mut catalog: HashMap<String, CatalogSku> =
            catalog.into_iter().map(|s| (s.sku_id.clone(), s)).collect();
        Ok(links
            .into_iter()
            .map(|link| {
                let reason = broken
                    .get(&link.sku_id)
                    .map(|now| broken_reason(&link, now.as_deref()));
                let sku = catalog.remove(&link.sku_id);
                SkuLinkView::new(link, sku.map(TikTokSkuView::from), reason)
            })
            .collect())
    }

    /// Links a TikTok SKU of the shop's imported catalog to `parts`: one part (code x factor)
    /// or several (a bundle), replacing any earlier link. Refuses a SKU the catalog does not
    /// have, a code the seller does not have, a factor of 0 and a code given twice.
    pub async fn set_sku_link(
        &self,
        shop_id: &str,
        sku_id: &str,
        parts: Vec<LinkPartView>,
    ) -> Result<SkuLinkView, ApiError> {
        self.set_link(shop_id, sku_id, parts).await
    }

    /// [`Shopdock::set_sku_link`] with each part typed as `CODE` or `CODExFACTOR` (e.g.
    /// `MUG-REDx2`); several parts make a bundle.
    pub async fn set_sku_link_typed(
        &self,
        shop_id: &str,
        sku_id: &str,
        parts: &[String],
    ) -> Result<SkuLinkView, ApiError> {
        let keys: HashSet<String> = self
            .db(|s| s.local_skus())
            .await?
            .into_iter()
            .map(|s| sku_code_key(&s.code))
            .collect();
        let parts = parts
            .iter()
            .map(|text| {
                let (code, factor) = link_part_text(text, |c| keys.contains(&sku_code_key(c)));
                LinkPartView { code, factor }
            })
            .collect();
        self.set_link(shop_id, sku_id, parts).await
    }

    async fn set_link(
        &self,
        shop_id: &str,
        sku_id: &str,
        parts: Vec<LinkPartView>,
    ) -> Result<SkuLinkView, ApiError> {
        self.shop_record(shop_id).await?;
        let (shop, sku) = (shop_id.to_owned(), sku_id.trim().to_owned());
        let now = self.now();
        let (link, catalog_sku) = self
            .db(move |s| {
                let product_id = s.catalog_product_of(&shop, &sku)?;
                let Some(product_id) = product_id else {
                    return Ok(Err(sku));
                };
                let link = s.set_sku_link(&SkuLink {
                    shop_id: shop.clone(),
                    product_id,
                    sku_id: sku.clone(),
                    parts: parts
                        .into_iter()
                        .map(|p| LinkPart {
                            code: p.code,
                            factor: p.factor,
                        })
                        .collect(),
                    linked_at: now,
                })?;
                let catalog_sku = s.catalog_skus(&shop)?.into_iter().find(|c| c.sku_id == sku);
                Ok(Ok((link, catalog_sku)))
            })
            .await?
            .map_err(|sku| {
                ApiError::new(
                    ErrorCode::NotFound,
                    format!(
                        "SKU {sku} is not in the shop's imported products: import the shop's \
                         products first, or check the SKU id."
                    ),
                )
            })?;
        tracing::info!(shop_id, sku_id = %link.sku_id, parts = link.parts.len(), "SKU linked");
        self.sku_links_changed(shop_id);
        Ok(SkuLinkView::new(
            link,
            catalog_sku.map(TikTokSkuView::from),
            None,
        ))
    }

    /// Removes a TikTok SKU's link; false when it had none.
    pub async fn remove_sku_link(&self, shop_id: &str, sku_id: &str) -> Result<bool, ApiError> {
        let (shop, sku) = (shop_id.to_owned(), sku_id.trim().to_owned());
        let removed = self.db(move |s| s.remove_sku_link(&shop, &sku)).await?;
        if removed {
            self.sku_links_changed(shop_id);
        }
        Ok(removed)
    }

    /// The links auto-link proposes for the shop: every unlinked TikTok SKU whose seller SKU
    /// equals a local code, ignoring case and surrounding spaces. Nothing is linked until the
    /// seller accepts ([`Shopdock::accept_auto_links`]).
    pub async fn auto_link_proposals(
        &self,
        shop_id: &str,
    ) -> Result<Vec<AutoLinkProposal>, ApiError> {
        Ok(self.proposals(shop_id).await?)
    }

    async fn proposals(&self, shop_id: &str) -> CoreResult<Vec<AutoLinkProposal>> {
        self.shop_record(shop_id).await?;
        let shop = shop_id.to_owned();
        let (candidates, skus) = self
            .db(move |s| Ok((s.auto_link_candidates(&shop)?, s.local_skus()?)))
            .await?;
        let names: HashMap<String, String> = skus.into_iter().map(|s| (s.code, s.name)).collect();
        Ok(candidates
            .into_iter()
            .map(|c| AutoLinkProposal {
                name: names.get(&c.code).cloned().unwrap_or_default(),
                code: c.code,
                sku: c.sku.into(),
            })
            .collect())
    }

    /// Links the proposals (all of them, or the SKU ids in `selected`) as code x 1, in one
    /// transaction. The proposals are worked out again now, so a SKU linked meanwhile keeps
    /// its link; a selected SKU no longer proposed counts as skipped.
    pub async fn accept_auto_links(
        &self,
        shop_id: &str,
        selected: Option<Vec<String>>,
    ) -> Result<AutoLinkResult, ApiError> {
        let proposals = self.proposals(shop_id).await?;
        let wanted: Option<HashSet<String>> =
            selected.map(|ids| ids.into_iter().map(|id| id.trim().to_owned()).collect());
        let now = self.now();
        let links: Vec<SkuLink> = proposals
            .into_iter()
            .filter(|p| wanted.as_ref().is_none_or(|w| w.contains(&p.sku.sku_id)))
            .map(|p| SkuLink {
                shop_id: p.sku.shop_id,
                product_id: p.sku.product_id,
                sku_id: p.sku.sku_id,
                parts: vec![LinkPart {
                    code: p.code,
                    factor: 1,
                }],
                linked_at: now,
            })
            .collect();
        let linked = links.len() as u32;
        self.db(move |s| {
            s.write(|tx| {
                links
                    .iter()
                    .try_for_each(|l| tx.set_sku_link(l).map(|_| ()))
            })
        })
        .await?;
        let skipped = wanted.map_or(0, |w| (w.len() as u32).saturating_sub(linked));
        tracing::info!(shop_id, linked, skipped, "auto-link accepted");
        if linked > 0 {
            self.sku_links_changed(shop_id);
        }
        Ok(AutoLinkResult { linked, skipped })
    }

    /// The shop's TikTok SKUs that no link maps (deleted products left out), in catalog order.
    pub async fn unmapped_skus(&self, shop_id: &str) -> Result<Vec<TikTokSkuView>, ApiError> {
        self.shop_record(shop_id).await?;
        let shop = shop_id.to_owned();
        let skus = self.db(move |s| s.unmapped_skus(&shop)).await?;
        Ok(skus.into_iter().map(TikTokSkuView::from).collect())
    }

    /// The shop's links whose TikTok SKU the catalog no longer has as linked: gone after a
    /// re-import (the seller recreated the variants) or under another product. They stay until
    /// the seller re-links or removes them, so nothing is silently wrong.
    pub async fn broken_links(&self, shop_id: &str) -> Result<Vec<BrokenLinkView>, ApiError> {
        Ok(self
            .sku_links(shop_id)
            .await?
            .into_iter()
            .filter_map(|link| {
                let reason = link.broken.clone()?;
                let current_product_id = link.sku.as_ref().map(|s| s.product_id.clone());
                Some(BrokenLinkView {
                    link,
                    current_product_id,
                    reason,
                })
            })
            .collect())
    }

    /// The order's line items whose TikTok SKU has no link (empty: every line is mapped).
    /// Such an order cannot move the seller's stock until its SKUs are linked.
    pub async fn order_unmapped_lines(
        &self,
        shop_id: &str,
        order_id: &str,
    ) -> Result<Vec<UnmappedLineView>, ApiError> {
        let (shop, order) = (shop_id.to_owned(), order_id.to_owned());
        let lines = self
            .db(move |s| s.unmapped_order_lines(&shop, &order))
            .await?
            .ok_or_else(|| {
                ApiError::new(
                    ErrorCode::NotFound,
                    format!("Order {order_id} is not stored for this shop."),
                )
            })?;
        Ok(lines.into_iter().map(UnmappedLineView::from).collect())
    }
}

/// Why a broken link no longer holds (the store decides which are broken), given the product
/// the catalog has its SKU under now.
fn broken_reason(link: &SkuLink, current_product_id: Option<&str>) -> String {
    match current_product_id {
        Some(p) => format!(
            "SKU {} is now under product {p}, not {}: link it again.",
            link.sku_id, link.product_id
        ),
        None => format!(
            "TikTok no longer lists SKU {} of product {} (the product was edited or deleted): \
             link the SKU that replaced it, then remove this link.",
            link.sku_id, link.product_id
        ),
    }
}
