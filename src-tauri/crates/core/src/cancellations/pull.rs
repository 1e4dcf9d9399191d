//! Pulling TikTok's cancellation records: incrementally by update time with an overlap (a
//! record updated during the previous pull is read again; upserts are idempotent), each page
//! stored with the advanced watermark in one transaction. A pull that changed records tells
//! the window (`OrdersChanged`: the orders' "answer by" and the drawer follow them), and one
//! that stored new buyer requests announces them once ([`super::news`]).

use super::news::{self, NewRequest, RequestsBatch};
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
    /// returns how many changed. `caught_up`: the shop's orders had been pulled before this
    /// pull (only then are new requests news, see [`news`]).
    pub(crate) async fn pull_cancellations(
        &self,
        shop_id: &str,
        caught_up: bool,
    ) -> CoreResult<u32> {
        let id = shop_id.to_owned();
        let start = self
            .db(move |s| s.sync_state(&id, JOB))
            .await?
            .map(|s| s.watermark);
        let (mut changed, mut batch) = (0, RequestsBatch::default());
        let pulled = self
            .pull_cancellation_pages(shop_id, start, &mut changed, &mut batch)
            .await;
        // Told even when a later page failed: what was stored is on the orders already.
        self.emit_orders_changed(shop_id, 0, changed as usize, 0);
        if !batch.is_empty() {
            self.announce_requests(shop_id, caught_up, batch).await?;
        }
        pulled.map(|()| changed)
    }

    /// The pages from the watermark `start`, each stored with the advanced watermark; counts
    /// into `changed` and `batch` as it goes, so a failed page keeps what came before.
    async fn pull_cancellation_pages(
        &self,
        shop_id: &str,
        start: Option<i64>,
        changed: &mut u32,
        batch: &mut RequestsBatch,
    ) -> CoreResult<()> {
        let filter = SearchCancellationsFilter {
            update_time_ge: start.map(|w| w - OVERLAP_SECS),
            ..Default::default()
        };
        let mut watermark = start;
        let mut token = None;
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
            let (n, new) = self
                .store_cancellations(shop_id, &page, watermark.map(|w| (JOB, w)))
                .await?;
            *changed = changed.saturating_add(n);
            batch.add(new);
            match page.next_page_token.filter(|t| !t.is_empty()) {
                Some(t) => token = Some(t),
                None => return Ok(()),
            }
        }
    }

    /// Emits the batch's one event when the shop wants to hear about it.
    async fn announce_requests(
        &self,
        shop_id: &str,
        caught_up: bool,
        batch: RequestsBatch,
    ) -> CoreResult<()> {
        let id = shop_id.to_owned();
        let options = self.db(move |s| s.shop_options(&id)).await?;
        if !news::announces(caught_up, &options) {
            return Ok(());
        }
        let label = self.shop_record(shop_id).await?.registration.label;
        if let Some(event) = batch.into_event(shop_id, &label) {
            tracing::info!(shop = %shop_id, "new buyer cancellation requests announced");
            self.emit(event);
        }
        Ok(())
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

    /// Stores a page (with the watermark, when given); returns how many records changed and
    /// the new requests waiting for the seller.
    async fn store_cancellations(
        &self,
        shop_id: &str,
        page: &CancellationPage,
        watermark: Option<(&'static str, i64)>,
    ) -> CoreResult<(u32, Vec<NewRequest>)> {
        let now = self.now();
        let records: Vec<_> = page
            .cancellations
            .iter()
            .filter_map(|c| to_record(shop_id, c, now))
            .collect();
        let id = shop_id.to_owned();
        let (stored, records) = self
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
                .map(|n| (n, records))
            })
            .await?;
        let new = news::new_in_page(&records, &stored.new);
        Ok((u32::try_from(stored.changed).unwrap_or(u32::MAX), new))
    }
}
