//! The products list, a product's drawer and where a shop's import stands, read from the store.

use super::thumbnails::{cached_name, thumbnail_link};
use super::views::{
    ProductDrawerView, ProductImportStatusView, ProductPageView, ProductQueryInput, ProductRowView,
    ProductStatusCount,
};
use crate::api::ApiError;
use crate::errors::CoreError;
use crate::Shopdock;
use shopdock_store::ProductQuery;
use std::path::Path;

/// The cached thumbnail of a product with these links, if it has been downloaded.
fn cached_thumbnail(
    dir: &Path,
    thumbnail: Option<&str>,
    main_image: Option<&str>,
) -> Option<String> {
    thumbnail_link(thumbnail, main_image).and_then(|link| cached_name(dir, link))
}

impl Shopdock {
    /// One page of the products list, newest change first, with the counts per status of the
    /// queried shops.
    pub async fn query_products(
        &self,
        input: ProductQueryInput,
    ) -> Result<ProductPageView, ApiError> {
        let query = ProductQuery {
            shop_ids: input.shop_ids,
            // TikTok's words are upper case; the CLI and a typed filter may not be.
            status: input
                .status
                .map(|s| s.trim().to_ascii_uppercase())
                .filter(|s| !s.is_empty()),
            search: input.search,
            unmapped: input.unmapped,
            offset: input.offset,
            limit: input.limit.unwrap_or(100),
        };
        let dir = self.thumbnail_dir();
        let (page, counts, thumbnails) = self
            .db(move |s| {
                let counts = s.product_status_counts(&query.shop_ids)?;
                let page = s.query_products(&query)?;
                let thumbnails: Vec<_> = page
                    .rows
                    .iter()
                    .map(|r| {
                        cached_thumbnail(
                            &dir,
                            r.thumbnail_url.as_deref(),
                            r.main_image_url.as_deref(),
                        )
                    })
                    .collect();
                Ok((page, counts, thumbnails))
            })
            .await?;
        Ok(ProductPageView {
            rows: page
                .rows
                .into_iter()
                .zip(thumbnails)
                .map(|(r, key)| ProductRowView {
                    thumbnail_key: key,
                    ..ProductRowView::from(r)
                })
                .collect(),
            total: page.total,
            status_counts: counts
                .into_iter()
                .map(|(status, count)| ProductStatusCount { status, count })
                .collect(),
        })
    }

    /// One product with its SKUs, their attributes, prices and stock per warehouse.
    pub async fn product_drawer(
        &self,
        shop_id: &str,
        product_id: &str,
    ) -> Result<ProductDrawerView, ApiError> {
        self.shop_record(shop_id).await?;
        let (shop, product) = (shop_id.to_owned(), product_id.to_owned());
        let dir = self.thumbnail_dir();
        let (detail, warehouses, thumbnail) = self
            .db(move |s| {
                let detail = s.product_detail(&shop, &product)?;
                let thumbnail = detail.as_ref().and_then(|d| {
                    let p = &d.product;
                    cached_thumbnail(
                        &dir,
                        p.thumbnail_url.as_deref(),
                        p.main_image_url.as_deref(),
                    )
                });
                Ok((detail, s.warehouses(&shop)?, thumbnail))
            })
            .await?;
        let detail = detail.ok_or_else(|| CoreError::ProductNotFound {
            shop_id: shop_id.to_owned(),
            product_id: product_id.to_owned(),
        })?;
        Ok(ProductDrawerView {
            thumbnail_key: thumbnail,
            ..ProductDrawerView::new(detail, &warehouses)
        })
    }

    /// Where the shop's product import stands.
    pub async fn product_import_status(
        &self,
        shop_id: &str,
    ) -> Result<ProductImportStatusView, ApiError> {
        self.shop_record(shop_id).await?;
        let shop = shop_id.to_owned();
        let (state, counts) = self
            .db(move |s| {
                let counts = s.product_status_counts(std::slice::from_ref(&shop))?;
                Ok((s.product_import_state(&shop)?, counts))
            })
            .await?;
        Ok(ProductImportStatusView {
            shop_id: shop_id.to_owned(),
            last_imported_at: state.last_imported_at,
            full_imported_at: state.full_imported_at,
            running: self.product_import_running(shop_id),
            unfinished: state.job_id.is_some(),
            products: counts.iter().map(|(_, n)| n).sum(),
        })
    }
}
