//! The searchers of an import step: each takes a window of update times, pages it with Search
//! Products at the largest page size, and queues every page for the writer. Search Products
//! reaches at most 10,000 results of one query (12052180, write-api §G), so a window whose
//! first page counts more, or that TikTok refuses as too large, is split in two
//! ([`SearchWindow::split`]) and each half searched on its own: no product is left out, and
//! none is listed twice, since the halves do not overlap.

use super::run::ImportRun;
use super::writer::PageWork;
use crate::errors::{CoreError, CoreResult};
use crate::sessions::ShopSession;
use crate::Shopdock;
use shopdock_store::{BackfillWindow, WindowProgress};
use shopdock_tiktok::codes::PRODUCT_SEARCH_OVER_CAP;
use shopdock_tiktok::product::{
    ProductSearchPage, ProductStatus, SearchProductsFilter, SearchProductsQuery, SearchWindow,
    MAX_PRODUCT_PAGE_SIZE, MAX_SEARCH_RESULTS,
};
use shopdock_tiktok::{Action, TikTokError};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::oneshot;

/// One Search Products call.
pub(super) async fn search_products(
    s: ShopSession,
    query: SearchProductsQuery,
    filter: SearchProductsFilter,
) -> Result<ProductSearchPage, TikTokError> {
    s.client
        .search_products(&s.access_token, &s.shop_cipher, &query, &filter)
        .await
}

/// The search of `window` (update times, both ends included) for products in `status`
/// (`None`: TikTok's default, every status but deleted).
pub(super) fn request(
    window: SearchWindow,
    status: Option<ProductStatus>,
    page_token: Option<String>,
) -> (SearchProductsQuery, SearchProductsFilter) {
    (
        SearchProductsQuery {
            page_size: MAX_PRODUCT_PAGE_SIZE,
            page_token,
        },
        SearchProductsFilter {
            status,
            ..SearchProductsFilter::updated_in(window)
        },
    )
}

/// A stored window `[start, end)` as the inclusive window Search Products filters by.
fn search_window(w: &BackfillWindow) -> Option<SearchWindow> {
    SearchWindow::new(w.window_start, w.window_end - 1)
}

impl Shopdock {
    /// One searcher: searches queued windows until none is left and none being searched can
    /// still split.
    pub(super) async fn search_windows(&self, run: Arc<ImportRun>) -> CoreResult<()> {
        loop {
            if run.cancel.is_cancelled() {
                return Err(CoreError::Cancelled);
            }
            let next = {
                let mut q = run.queue();
                let next = q.pending.pop_front();
                if next.is_some() {
                    q.active += 1;
                } else if q.active == 0 {
                    return Ok(());
                }
                next
            };
            let Some(window) = next else {
                tokio::select! {
                    _ = run.cancel.cancelled() => return Err(CoreError::Cancelled),
                    _ = run.changed.notified() => {}
                    _ = tokio::time::sleep(Duration::from_millis(50)) => {}
                }
                continue;
            };
            let result = self.search_window(&run, window).await;
            run.queue().active -= 1;
            run.changed.notify_waiters();
            result?;
        }
    }

    /// Pages one window to its end (or splits it), queueing each page for the writer.
    async fn search_window(&self, run: &ImportRun, window: BackfillWindow) -> CoreResult<()> {
        let Some(range) = search_window(&window) else {
            return Ok(());
        };
        let whole = run.is_whole(&window);
        let mut token = window.cursor.clone();
        let mut fetched = window.fetched;
        // What the window's first page counted, when this run saw it.
        let mut counted: Option<i64> = None;
        loop {
            let (query, filter) = request(range, None, token.clone());
            let answer = self
                .call_retrying_through_token_churn(&run.shop_id, &run.cancel, |s| {
                    search_products(s, query.clone(), filter.clone())
                })
                .await;
            let page = match answer {
                Ok(page) => page,
                Err(CoreError::TikTok(e)) if e.api_code() == Some(PRODUCT_SEARCH_OVER_CAP) => {
                    // Refused as too large (at once, or at the page past the 10,000th).
                    if self.split(run, &window, range).await? {
                        return Ok(());
                    }
                    let unreachable = counted.map_or(1, |n| (n - MAX_SEARCH_RESULTS).max(1) as u64);
                    tracing::warn!(shop = %run.shop_id, ge = range.ge, le = range.le, unreachable, "more than 10,000 products updated in one second: the rest cannot be searched");
                    return self
                        .queue_page(run, &window, Vec::new(), fetched, None, unreachable)
                        .await;
                }
                // A recorded page token TikTok no longer takes: search the window again from
                // its first page (storing a page twice is harmless).
                Err(CoreError::TikTok(e))
                    if token.is_some() && e.action() == Action::FixRequest =>
                {
                    tracing::info!(shop = %run.shop_id, window = window.id, error = %e, "stale page token; searching the window again");
                    (token, fetched) = (None, 0);
                    continue;
                }
                Err(e) => return Err(e),
            };
            let mut unreachable = page.undecodable.len() as u64;
            if token.is_none() {
                counted = page.total_count;
                if whole {
                    self.note_total(run, page.total_count).await?;
                }
                if page.over_cap() {
                    if self.split(run, &window, range).await? {
                        return Ok(());
                    }
                    let beyond = page.total_count.unwrap_or(0) - MAX_SEARCH_RESULTS;
                    unreachable += beyond.max(0) as u64;
                }
            }
            let listed: Vec<_> = page
                .products
                .into_iter()
                .map(|d| d.product)
                .filter(|p| {
                    let has_id = !p.id.trim().is_empty();
                    if !has_id {
                        tracing::warn!(shop = %run.shop_id, title = %p.title, "a listed product without an id is left out");
                    }
                    has_id
                })
                .collect();
            fetched += listed.len() as u64;
            let next = page.next_page_token;
            let done = next.is_none();
            self.queue_page(run, &window, listed, fetched, next.clone(), unreachable)
                .await?;
            if done {
                return Ok(());
            }
            token = next;
        }
    }

    /// Queues a page of `window` for the writer; `next` is where its search goes on (`None`:
    /// the window is done).
    async fn queue_page(
        &self,
        run: &ImportRun,
        window: &BackfillWindow,
        listed: Vec<shopdock_tiktok::product::ProductSummary>,
        fetched: u64,
        next: Option<String>,
        unreachable: u64,
    ) -> CoreResult<()> {
        let records = self.page_records(run, listed).await?;
        let work = PageWork::Page {
            records,
            progress: WindowProgress {
                window_id: window.id,
                fetched,
                done: next.is_none(),
                cursor: next,
            },
            unreachable,
        };
        run.pages.send(work).await.map_err(|_| CoreError::Cancelled)
    }

    /// Splits `window` in two halves, both queued to search from their first page; `false`
    /// for a one-second window, which cannot be narrowed.
    async fn split(
        &self,
        run: &ImportRun,
        window: &BackfillWindow,
        range: SearchWindow,
    ) -> CoreResult<bool> {
        let Some((_, upper)) = range.split() else {
            return Ok(false);
        };
        let (reply, answer) = oneshot::channel();
        run.pages
            .send(PageWork::Split {
                window: window.clone(),
                at: upper.ge,
                reply,
            })
            .await
            .map_err(|_| CoreError::Cancelled)?;
        let added = answer.await.map_err(|_| CoreError::Cancelled)??;
        tracing::debug!(shop = %run.shop_id, window = window.id, at = upper.ge, "search window split: over 10,000 products");
        let lower = BackfillWindow {
            window_end: upper.ge,
            fetched: 0,
            cursor: None,
            ..window.clone()
        };
        let mut q = run.queue();
        q.pending.push_back(lower);
        q.pending.push_back(added);
        Ok(true)
    }

    /// Records TikTok's count for the whole step (the progress's 100%).
    async fn note_total(&self, run: &ImportRun, total: Option<i64>) -> CoreResult<()> {
        let total = total.unwrap_or(0).max(0) as u64;
        run.counters
            .total
            .store(total, std::sync::atomic::Ordering::Relaxed);
        let shop = run.shop_id.clone();
        self.db(move |s| s.set_product_import_total(&shop, total))
            .await
    }
}
