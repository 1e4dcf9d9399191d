//! Bulk mapping from a spreadsheet: one row per link part (shop, TikTok SKU id, code,
//! factor); the rows of one TikTok SKU make its link, several rows a bundle. Checked row by
//! row like a SKU file ([`super::mapping_check`]), then applied in one transaction; the rows
//! of one SKU go in together or not at all.

use super::import_check::Stored;
use super::mapping_check::{check_mapping_file, Context, Owner, MAPPING_COLUMNS};
use super::table::read_table;
use super::views::{MappingPreview, MappingResult};
use crate::errors::CoreError;
use crate::sheet::SheetSource;
use crate::{ApiError, Shopdock};
use shopdock_store::SkuLink;
use std::collections::HashMap;
use std::path::Path;

/// What size refusals call these files.
const WHAT: &str = "mapping files";

impl Shopdock {
    /// Reads a mapping file and checks every row (see [`MappingPreview`]); nothing is linked.
    /// `shop_id`: the shop of rows without a shop cell; `None` finds it by the SKU id.
    pub async fn preview_mapping_file(
        &self,
        path: &Path,
        shop_id: Option<&str>,
    ) -> Result<MappingPreview, ApiError> {
        let source = SheetSource::File(path.to_owned());
        Ok(self.check_mapping_source(source, shop_id).await?.0)
    }

    /// [`Shopdock::preview_mapping_file`] for the bytes of a file picked in the window.
    pub async fn preview_mapping_upload(
        &self,
        name: &str,
        bytes: Vec<u8>,
        shop_id: Option<&str>,
    ) -> Result<MappingPreview, ApiError> {
        let source = super::upload(name, bytes);
        Ok(self.check_mapping_source(source, shop_id).await?.0)
    }

    /// Checks the file again and sets its links in one transaction. With a problem on any
    /// row nothing is linked, unless `only_valid_rows`: then every TikTok SKU whose rows are
    /// all valid is linked, and the other rows are counted as skipped.
    pub async fn import_mapping_file(
        &self,
        path: &Path,
        shop_id: Option<&str>,
        only_valid_rows: bool,
    ) -> Result<MappingResult, ApiError> {
        let source = SheetSource::File(path.to_owned());
        self.import_mapping_source(source, shop_id, only_valid_rows)
            .await
    }

    /// [`Shopdock::import_mapping_file`] for the bytes of a file picked in the window.
    pub async fn import_mapping_upload(
        &self,
        name: &str,
        bytes: Vec<u8>,
        shop_id: Option<&str>,
        only_valid_rows: bool,
    ) -> Result<MappingResult, ApiError> {
        let source = super::upload(name, bytes);
        self.import_mapping_source(source, shop_id, only_valid_rows)
            .await
    }

    async fn import_mapping_source(
        &self,
        source: SheetSource,
        shop_id: Option<&str>,
        only_valid_rows: bool,
    ) -> Result<MappingResult, ApiError> {
        let (preview, links, unchanged) = self.check_mapping_source(source, shop_id).await?;
        if preview.errors > 0 && !only_valid_rows {
            return Err(CoreError::Conflict(format!(
                "{} row(s) of {} have a problem, so nothing was linked: fix them, or link \
                 only the SKUs whose rows have no problem.",
                preview.errors, preview.file
            ))
            .into());
        }
        let now = self.now();
        let shops: Vec<String> = links.iter().map(|l| l.shop_id.clone()).collect();
        let linked = links.len() as u32;
        self.db(move |s| {
            s.write(|tx| {
                links.iter().try_for_each(|l| {
                    tx.set_sku_link(&SkuLink {
                        linked_at: now,
                        ..l.clone()
                    })
                    .map(|_| ())
                })
            })
        })
        .await?;
        tracing::info!(file = %preview.file, linked, skipped = preview.errors, "mapping file imported");
        let mut shops = shops;
        shops.sort();
        shops.dedup();
        for shop in &shops {
            self.sku_links_changed(shop);
        }
        Ok(MappingResult {
            linked,
            unchanged,
            skipped: preview.errors,
        })
    }

    /// The preview, the links to set (new or changed), and how many SKUs are unchanged.
    async fn check_mapping_source(
        &self,
        source: SheetSource,
        shop_id: Option<&str>,
    ) -> Result<(MappingPreview, Vec<SkuLink>, u32), ApiError> {
        if let Some(shop) = shop_id {
            self.shop_record(shop).await?;
        }
        let file = source.name();
        let table = tokio::task::spawn_blocking(move || read_table(&source, WHAT, MAPPING_COLUMNS))
            .await
            .map_err(|e| CoreError::Internal(format!("reading the file failed: {e}")))?
            .map_err(CoreError::Conflict)?;
        let shops = self.list_shops().await?;
        let ids: Vec<String> = shops.iter().map(|s| s.id.clone()).collect();
        let (skus, counts, catalog, links) = self
            .db(move |s| {
                let mut catalog: HashMap<String, Vec<Owner>> = HashMap::new();
                let mut links = HashMap::new();
                for shop in &ids {
                    for sku in s.catalog_skus(shop)? {
                        let what = match sku.attributes.as_str() {
                            "" => sku.title,
                            variant => format!("{} · {variant}", sku.title),
                        };
                        catalog.entry(sku.sku_id).or_default().push(Owner {
                            shop_id: sku.shop_id,
                            product_id: sku.product_id,
                            what,
                        });
                    }
                    for link in s.links_for_shop(shop)? {
                        links.insert((link.shop_id.clone(), link.sku_id.clone()), link);
                    }
                }
                Ok((s.local_skus()?, s.link_counts()?, catalog, links))
            })
            .await?;
        let context = Context {
            shops: &shops,
            default_shop: shop_id,
            catalog,
            stored: Stored::new(&skus, &counts),
            links,
        };
        Ok(check_mapping_file(&file, &table, &context))
    }
}
