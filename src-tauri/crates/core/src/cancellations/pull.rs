//! Pulling TikTok's cancellation records: incrementally by update time with an overlap (a
//! record updated during the previous pull is read again; upserts are idempotent), each page
//! stored with the advanced watermark in one transaction.

use super::records::to_record;
use crate::errors::CoreResult;
use crate::Shopdock;
use shopdock_store::WatermarkUpdate;
use shopdock_tiktok::cancellation::{
    CancelSortField, CancellationPage, SearchCancellationsFilter, SearchCancellationsQuery,
    MAX_CANCELLATION_PAGE_SIZE,
};
use shopdock_tiktok::model::SortOrder;

/// The sync job's name in `sync_state`.
const JOB: &str = "cancellations";
/// Re-read this much before the watermark (write-api §D: peers overlap by 2 h).
pub(crate) const OVERLAP_SECS: i64 = 2 * 3_600;

impl Shopdock {
    /// Pulls the shop's cancellation records changed since the last pull (minus the overlap);
    /// returns how many changed.
    pub(crate) async fn pull_cancellations(&self, shop_id: &str) -> CoreResult<u32> {
        let id = shop_id.to_owned();
        let start = self
            .db(move |s| s.sync_state(&id, JOB))
            .await?
            .map(|s| s.watermark);
        let filter = SearchCancellationsFilter {
            update_time_ge: start.map(|w| w - OVERLAP_SECS),
            ..Default::default()
        };
        let mut token = None;
        let mut watermark = start;
        let mut changed = 0;
        loop {
            let query = SearchCancellationsQuery {
                page_size: MAX_CANCELLATION_PAGE_SIZE,
                page_token: token.take(),
                sort_field: CancelSortField::UpdateTime,
                sort_order: SortOrder::Asc,
            };
            let page = self.search_cancellations(shop_id, &query, &filter).await?;
            watermark = page
                .cancellations
                .iter()
                .filter_map(|c| c.update_time)
                .chain(watermark)
                .max();
            changed += self
                .store_cancellations(shop_id, &page, watermark.map(|w| (JOB, w)))
                .await?;
            match page.next_page_token.filter(|t| !t.is_empty()) {
                Some(t) => token = Some(t),
                None => break,
            }
        }
        Ok(changed)
    }

    /// Reads one order's records back from TikTok and stores them (after an answer was sent,
    /// or before a row whose outcome is unknown is sent again).
    pub(crate) async fn pull_order_cancellations(
        &self,
        shop_id: &str,
        order_id: &str,
    ) -> CoreResult<CancellationPage> {
        let query = SearchCancellationsQuery {
            page_size: MAX_CANCELLATION_PAGE_SIZE,
            page_token: None,
            sort_field: CancelSortField::CreateTime,
            sort_order: SortOrder::Asc,
        };
        let filter = SearchCancellationsFilter {
            order_ids: vec![order_id.to_owned()],
            ..Default::default()
        };
        let page = self.search_cancellations(shop_id, &query, &filter).await?;
        self.store_cancellations(shop_id, &page, None).await?;
        Ok(page)
    }

    async fn search_cancellations(
        &self,
        shop_id: &str,
        query: &SearchCancellationsQuery,
        filter: &SearchCancellationsFilter,
    ) -> CoreResult<CancellationPage> {
        self.call_shop(shop_id, |s| {
            let (query, filter) = (query.clone(), filter.clone());
            async move {
                s.client
                    .search_cancellations(&s.access_token, &s.shop_cipher, &query, &filter)
                    .await
            }
        })
        .await
    }

    async fn store_cancellations(
        &self,
        shop_id: &str,
        page: &CancellationPage,
        watermark: Option<(&'static str, i64)>,
    ) -> CoreResult<u32> {
        let now = self.now();
        let records: Vec<_> = page
            .cancellations
            .iter()
            .filter_map(|c| to_record(shop_id, c, now))
            .collect();
        let id = shop_id.to_owned();
        let changed = self
            .db(move |s| {
                s.write(|tx| {
                    let n = tx.upsert_cancellations(&records)?;
                    if let Some((job, w)) = watermark {
                        tx.set_watermark(
                            &id,
                            &WatermarkUpdate {
                                job: job.into(),
                                watermark: w,
                                cursor: None,
                            },
                        )?;
                    }
                    Ok(n)
                })
            })
            .await?;
        Ok(u32::try_from(changed).unwrap_or(u32::MAX))
    }
}
