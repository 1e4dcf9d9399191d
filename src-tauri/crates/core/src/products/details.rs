//! The records of one search page: the products that need Get Product (see
//! [`super::convert::needs_details`]) are read several at once, each call waiting for the shop's
//! rate limiter, while the searchers go on paging; the others are stored from the search.

use super::convert::{from_product, from_summary, needs_details};
use super::run::{ImportCounters, ImportRun};
use crate::errors::{CoreError, CoreResult};
use crate::Shopdock;
use shopdock_store::ProductRecord;
use shopdock_tiktok::product::{Product, ProductSummary};
use shopdock_tiktok::Action;
use tokio::task::{JoinHandle, JoinSet};
use tokio_util::sync::CancellationToken;

/// A page's records, in TikTok's order, once its Get Product calls are answered.
pub(super) type PageRecords = JoinHandle<CoreResult<Vec<ProductRecord>>>;

impl Shopdock {
    /// Starts reading the page's products; the returned task yields their records.
    pub(super) async fn page_records(
        &self,
        run: &ImportRun,
        listed: Vec<ProductSummary>,
    ) -> CoreResult<PageRecords> {
        let ids: Vec<String> = listed.iter().map(|p| p.id.clone()).collect();
        let shop = run.shop_id.clone();
        let stored = self.db(move |s| s.product_freshness(&shop, &ids)).await?;
        let seen_at = self.now();
        let wanted: Vec<bool> = listed
            .iter()
            .map(|p| needs_details(p, stored.get(&p.id), seen_at))
            .collect();
        let app = self.clone();
        let shop = run.shop_id.clone();
        let cancel = run.cancel.clone();
        let slots = run.detail_slots.clone();
        let counters = run.counters.clone();
        Ok(tokio::spawn(async move {
            let mut reads = JoinSet::new();
            for (i, p) in listed.iter().enumerate().filter(|(i, _)| wanted[*i]) {
                let (app, shop, cancel) = (app.clone(), shop.clone(), cancel.clone());
                let (slots, counters, id) = (slots.clone(), counters.clone(), p.id.clone());
                reads.spawn(async move {
                    let _slot = tokio::select! {
                        _ = cancel.cancelled() => return Err(CoreError::Cancelled),
                        s = slots.acquire_owned() => s.map_err(|_| CoreError::Cancelled)?,
                    };
                    let product = app.read_product(&shop, &id, &cancel).await?;
                    ImportCounters::add(&counters.details_fetched, 1);
                    Ok((i, product))
                });
            }
            let mut read: Vec<Option<Product>> = vec![None; listed.len()];
            while let Some(joined) = reads.join_next().await {
                let (i, product) = joined.map_err(|e| CoreError::Internal(e.to_string()))??;
                read[i] = product;
            }
            Ok(listed
                .iter()
                .zip(read)
                .map(|(l, r)| match r {
                    Some(p) => from_product(&p, seen_at),
                    None => from_summary(l, seen_at),
                })
                .collect())
        }))
    }

    /// Get Product for one listed product. `None` when TikTok refuses to serve this product
    /// (deleted or frozen since it was listed, or not this shop's): it is stored as listed,
    /// and the next import asks again.
    async fn read_product(
        &self,
        shop_id: &str,
        product_id: &str,
        cancel: &CancellationToken,
    ) -> CoreResult<Option<Product>> {
        let read = self
            .call_retrying_through_token_churn(shop_id, cancel, |s| {
                let id = product_id.to_owned();
                async move {
                    s.client
                        .get_product(&s.access_token, &s.shop_cipher, &id)
                        .await
                }
            })
            .await;
        match read {
            Ok(mut p) => {
                // The product as listed: an answer naming no id (or another) is still this one.
                p.id = product_id.to_owned();
                Ok(Some(p))
            }
            Err(CoreError::TikTok(e)) if e.action() == Action::FixRequest => {
                tracing::warn!(shop = %shop_id, product = %product_id, error = %e, "Get Product refused a listed product; stored as listed");
                Ok(None)
            }
            Err(e) => Err(e),
        }
    }
}
