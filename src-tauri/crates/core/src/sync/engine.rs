//! The executors: incremental pull and date-range backfill. Every page is stored in one
//! transaction together with the progress it accounts for (the watermark, or the backfill
//! window's cursor), so a crash at any point loses nothing and the progress never runs ahead
//! of the stored orders; re-reading a page after a restart is harmless because upserts never
//! replace a newer version with an older one.

use super::backoff::Backoff;
use super::plan::{
    incremental_request, next_watermark, split_windows, to_record, window_request, INCREMENTAL_JOB,
};
use crate::api::{ApiError, BackfillProgressView};
use crate::errors::{CoreError, CoreResult};
use crate::notifications::{self, NewOrdersBatch, Run};
use crate::{CoreEvent, Shopdock};
use shopdock_store::{
    NewBackfillJob, OrderRecord, StoreError, UnreadableOrder, UpsertStats, WatermarkUpdate,
    WindowProgress, WriteTxn,
};
use shopdock_tiktok::model::{Order, RawOrderPage, SearchOrdersFilter, SearchOrdersQuery};
use shopdock_tiktok::Action;
use shopdock_tiktok::OrderSearchPage;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::sync::Arc;
use tokio_util::sync::CancellationToken;

/// The kind name of order backfills in the store.
pub const BACKFILL_KIND: &str = "orders";
/// Windows paged at once in a backfill: enough to hide a 150 ms round trip at 50 QPS.
pub const BACKFILL_CONCURRENCY: usize = 12;
/// Pages per window we aim for: enough that a window's partial last page (and an empty
/// window's single request) cost little, few enough that there are many more windows than
/// workers, which keeps every worker busy until the end.
const PAGES_PER_WINDOW: u64 = 16;
const MAX_WINDOWS: u64 = 512;

/// What one run did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct SyncStats {
    pub pages: u64,
    pub fetched: u64,
    pub inserted: u64,
    pub updated: u64,
}

/// A decoded page: typed orders (for planning), store records (raw JSON kept verbatim), and the
/// orders that did not decode, kept raw so the rest of the page is stored and nothing is lost.
struct Page {
    orders: Vec<Order>,
    records: Vec<OrderRecord>,
    unreadable: Vec<UnreadableOrder>,
    next_token: Option<String>,
    total: u64,
}

fn decode(raw: RawOrderPage) -> Page {
    let total = raw.total_count.max(0) as u64;
    let page = OrderSearchPage::from_raw(raw);
    let mut orders = Vec::with_capacity(page.orders.len());
    let mut records = Vec::with_capacity(page.orders.len());
    for decoded in page.orders {
        records.push(to_record(&decoded.order, decoded.raw.get()));
        orders.push(decoded.order);
    }
    let unreadable = page
        .undecodable
        .into_iter()
        .map(|u| UnreadableOrder {
            order_id: u.id,
            raw_json: u.raw.get().to_owned(),
            reason: u.error,
        })
        .collect();
    Page {
        orders,
        records,
        unreadable,
        next_token: page.next_page_token,
        total,
    }
}

/// Stores a page's orders and its unreadable ones in the caller's transaction; an order read
/// now loses its unreadable row.
fn write_page(
    tx: &WriteTxn<'_>,
    shop_id: &str,
    records: &[OrderRecord],
    unreadable: &[UnreadableOrder],
    now: i64,
) -> Result<UpsertStats, StoreError> {
    let up = tx.upsert_orders(shop_id, records)?;
    if !unreadable.is_empty() {
        tx.record_unreadable_orders(shop_id, unreadable, now)?;
    }
    let read: Vec<&str> = records.iter().map(|r| r.header.order_id.as_str()).collect();
    tx.forget_unreadable_orders(shop_id, &read)?;
    Ok(up)
}

impl Shopdock {
    /// One Search Orders page under the shop's rate limiter, retried with backoff on 429, 5xx,
    /// timeouts and unreadable bodies, and on a token that kept turning over during the call
    /// (`call_shop` refreshes and retries with the current token itself).
    async fn fetch_page(
        &self,
        shop_id: &str,
        query: SearchOrdersQuery,
        filter: SearchOrdersFilter,
        cancel: &CancellationToken,
    ) -> CoreResult<Page> {
        let mut backoff = Backoff::default();
        loop {
            if cancel.is_cancelled() {
                return Err(cancelled());
            }
            let (q, f) = (query.clone(), filter.clone());
            let call = self.call_shop(shop_id, move |s| {
                let (q, f) = (q.clone(), f.clone());
                async move {
                    let raw = s
                        .client
                        .search_orders_raw(&s.access_token, &s.shop_cipher, &q, &f)
                        .await?;
                    Ok(decode(raw))
                }
            });
            let result = tokio::select! {
                _ = cancel.cancelled() => return Err(cancelled()),
                r = call => r,
            };
            match result {
                Ok(page) => return Ok(page),
                Err(CoreError::TikTok(e))
                    if matches!(
                        e.action(),
                        Action::SlowDown | Action::Retry | Action::Refresh
                    ) =>
                {
                    let Some(delay) = backoff.next_delay(e.retry_after()) else {
                        return Err(CoreError::TikTok(e));
                    };
                    if e.action() == Action::SlowDown {
                        self.bucket_for(shop_id).await?.pause_for(delay);
                    }
                    tracing::debug!(shop = %shop_id, error = %e, delay_ms = delay.as_millis() as u64, "retrying page");
                    tokio::select! {
                        _ = cancel.cancelled() => return Err(cancelled()),
                        _ = tokio::time::sleep(delay) => {}
                    }
                }
                Err(e) => return Err(e),
            }
        }
    }

    async fn bucket_for(&self, shop_id: &str) -> CoreResult<Arc<super::limiter::TokenBucket>> {
        let rec = self.shop_record(shop_id).await?;
        Ok(self
            .inner
            .limiters
            .bucket(&rec.registration.app_key, &rec.id))
    }

    /// Sets the request rate for shops' buckets created from now on (tests and benchmarks).
    pub fn set_rate_limit_qps(&self, qps: f64) {
        self.inner.limiters.set_qps(qps);
    }

    /// Pulls every order updated since the watermark (minus an overlap), oldest update first,
    /// storing each page with the advanced watermark in one transaction.
    pub async fn pull_orders(&self, shop_id: &str) -> Result<SyncStats, ApiError> {
        Ok(self
            .pull_orders_inner(shop_id, &CancellationToken::new())
            .await?)
    }

    pub(crate) async fn pull_orders_inner(
        &self,
        shop_id: &str,
        cancel: &CancellationToken,
    ) -> CoreResult<SyncStats> {
        let id = shop_id.to_owned();
        let start = self
            .db(move |s| s.sync_state(&id, INCREMENTAL_JOB))
            .await?
            .map(|s| s.watermark);
        let mut news = self.new_orders_batch(shop_id, start.is_some()).await?;
        let pulled = self.pull_pages(shop_id, start, cancel, news.as_mut()).await;
        // Announced even when a later page failed: what was stored will never be new again.
        if let Some(event) = news.and_then(NewOrdersBatch::into_event) {
            self.emit(event);
        }
        pulled
    }

    /// Collects the pull's new orders for one notification, when the shop wants them announced
    /// (see [`notifications`]); `caught_up`: the shop had a watermark before this pull.
    async fn new_orders_batch(
        &self,
        shop_id: &str,
        caught_up: bool,
    ) -> CoreResult<Option<NewOrdersBatch>> {
        let id = shop_id.to_owned();
        let options = self.db(move |s| s.shop_options(&id)).await?;
        if !notifications::announces(Run::Pull { caught_up }, &options) {
            return Ok(None);
        }
        let label = self.shop_record(shop_id).await?.registration.label;
        Ok(Some(NewOrdersBatch::new(shop_id, label)))
    }

    /// The pages of an incremental pull from the watermark `start`; the orders they insert go
    /// to `news` when given.
    async fn pull_pages(
        &self,
        shop_id: &str,
        start: Option<i64>,
        cancel: &CancellationToken,
        mut news: Option<&mut NewOrdersBatch>,
    ) -> CoreResult<SyncStats> {
        let mut watermark = start;
        let mut token = None;
        let mut stats = SyncStats::default();
        let asked_at = self.now();
        loop {
            // The filter stays the same across pages (a page token belongs to its query).
            let (q, f) = incremental_request(start, asked_at, token.take());
            let page = self.fetch_page(shop_id, q, f, cancel).await?;
            watermark = next_watermark(watermark, &page.orders);
            let update = watermark.map(|w| WatermarkUpdate {
                job: INCREMENTAL_JOB.into(),
                watermark: w,
                cursor: None,
            });
            let (id, records, unreadable) = (shop_id.to_owned(), page.records, page.unreadable);
            let unreadable_now = unreadable.len();
            let watch = news.is_some();
            let now = self.now();
            let (up, new) = self
                .db(move |s| {
                    let up = s.write(|tx| {
                        let up = write_page(tx, &id, &records, &unreadable, now)?;
                        if let Some(update) = &update {
                            tx.set_watermark(&id, update)?;
                        }
                        Ok(up)
                    })?;
                    let new = if watch {
                        notifications::new_in_page(&records, &up.new_orders)
                    } else {
                        Vec::new()
                    };
                    Ok((up, new))
                })
                .await?;
            if let Some(batch) = news.as_mut() {
                batch.add(new);
            }
            stats.pages += 1;
            stats.fetched += page.orders.len() as u64;
            stats.inserted += up.inserted() as u64;
            stats.updated += up.updated as u64;
            if up.inserted() + up.updated > 0 || unreadable_now > 0 {
                self.emit(CoreEvent::OrdersChanged {
                    shop_id: shop_id.to_owned(),
                    inserted: up.inserted() as u32,
                    updated: up.updated as u32,
                });
            }
            match page.next_token {
                Some(t) => token = Some(t),
                None => break,
            }
        }
        Ok(stats)
    }

    /// Fetches every order created in `[from, to)`. The range is split into windows paged
    /// concurrently under the rate limiter; finished windows (and each window's page cursor)
    /// are recorded with the orders they brought, so calling this again after a crash or a
    /// cancel resumes where it stopped. Progress arrives as [`CoreEvent::BackfillProgress`].
    pub async fn backfill_orders(
        &self,
        shop_id: &str,
        from: i64,
        to: i64,
        cancel: CancellationToken,
    ) -> Result<BackfillProgressView, ApiError> {
        Ok(self.backfill_inner(shop_id, from, to, cancel).await?)
    }

    /// Starts a backfill in the background (one per shop at a time) and returns at once;
    /// progress and the end arrive as [`CoreEvent::BackfillProgress`] events, a failure as a
    /// final progress event plus [`CoreEvent::SyncStatus`] with the error.
    pub async fn start_backfill(&self, shop_id: &str, from: i64, to: i64) -> Result<(), ApiError> {
        self.shop_record(shop_id).await?;
        validate_range(from, to)?;
        let cancel = CancellationToken::new();
        {
            let mut running = self
                .inner
                .backfills
                .lock()
                .unwrap_or_else(|p| p.into_inner());
            if running.contains_key(shop_id) {
                return Err(CoreError::Conflict(
                    "A backfill is already running for this shop.".into(),
                )
                .into());
            }
            running.insert(shop_id.to_owned(), cancel.clone());
        }
        let (app, id) = (self.clone(), shop_id.to_owned());
        tokio::spawn(async move {
            let result = app.backfill_inner(&id, from, to, cancel).await;
            app.inner
                .backfills
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .remove(&id);
            if let Err(e) = result {
                let error: ApiError = e.into();
                tracing::warn!(shop = %id, error = %error.message, "backfill stopped");
                app.emit(CoreEvent::BackfillStopped { shop_id: id, error });
            }
        });
        Ok(())
    }

    /// Cancels the shop's running backfill; what it fetched stays, and starting the same range
    /// again resumes it.
    pub fn cancel_backfill(&self, shop_id: &str) {
        if let Some(c) = self
            .inner
            .backfills
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(shop_id)
        {
            c.cancel();
        }
    }

    async fn backfill_inner(
        &self,
        shop_id: &str,
        from: i64,
        to: i64,
        cancel: CancellationToken,
    ) -> CoreResult<BackfillProgressView> {
        validate_range(from, to)?;
        self.session(shop_id).await?;
        // One small probe gives TikTok's total for the whole range: the progress bar's 100%,
        // and how many windows are worth making.
        let (mut q, f) = window_request(from, to, None);
        q.page_size = 1;
        let total = self.fetch_page(shop_id, q, f, &cancel).await?.total;
        let id = shop_id.to_owned();
        let existing = self.db(move |s| s.backfill_jobs(&id)).await?;
        let job = match existing
            .iter()
            .find(|j| j.kind == BACKFILL_KIND && j.range_start == from && j.range_end == to)
        {
            Some(j) => j.id,
            None => {
                let pages = total.div_ceil(u64::from(super::plan::PAGE_SIZE));
                // A multiple of the worker count: equal windows then finish together instead
                // of leaving a few to run alone (slowly) at the end.
                // (Small backfills keep fewer windows: their tail is short anyway.)
                let workers = BACKFILL_CONCURRENCY as u64;
                let mut windows = pages.div_ceil(PAGES_PER_WINDOW);
                if windows > workers {
                    windows = windows.div_ceil(workers) * workers;
                }
                let parts = windows.clamp(1, MAX_WINDOWS) as u32;
                let job = NewBackfillJob {
                    shop_id: shop_id.to_owned(),
                    kind: BACKFILL_KIND.into(),
                    range_start: from,
                    range_end: to,
                    created_at: self.now(),
                    windows: split_windows(from, to, parts, 60),
                };
                self.db(move |s| s.create_backfill_job(&job)).await?
            }
        };
        let windows = self.db(move |s| s.backfill_windows(job)).await?;
        let windows_total = windows.len() as u32;
        let done_already = windows
            .iter()
            .filter(|w| w.state == shopdock_store::WindowState::Done)
            .count() as u32;
        let fetched_before: u64 = windows.iter().map(|w| w.fetched).sum();

        let progress = Arc::new(Progress {
            fetched: AtomicU64::new(fetched_before),
            windows_done: AtomicU32::new(done_already),
        });
        let view = |p: &Progress, finished: bool| BackfillProgressView {
            shop_id: shop_id.to_owned(),
            job_id: job,
            fetched: p.fetched.load(Ordering::Relaxed),
            total,
            windows_done: p.windows_done.load(Ordering::Relaxed),
            windows_total,
            finished,
        };
        self.emit(CoreEvent::BackfillProgress {
            progress: view(&progress, false),
        });

        let pending: Vec<_> = windows
            .into_iter()
            .filter(|w| w.state == shopdock_store::WindowState::Pending)
            .collect();
        let queue = Arc::new(std::sync::Mutex::new(pending.into_iter()));
        let mut workers = tokio::task::JoinSet::new();
        for _ in 0..BACKFILL_CONCURRENCY {
            let (app, queue, progress, cancel) = (
                self.clone(),
                queue.clone(),
                progress.clone(),
                cancel.clone(),
            );
            let shop = shop_id.to_owned();
            workers.spawn(async move {
                loop {
                    let next = queue.lock().unwrap_or_else(|p| p.into_inner()).next();
                    let Some(window) = next else { return Ok(()) };
                    app.run_window(&shop, job, total, windows_total, window, &progress, &cancel)
                        .await?;
                }
            });
        }
        let mut first_error = None;
        while let Some(joined) = workers.join_next().await {
            let result = joined.unwrap_or_else(|e| Err(CoreError::Internal(e.to_string())));
            if let Err(e) = result {
                cancel.cancel();
                first_error.get_or_insert(e);
            }
        }
        if let Some(e) = first_error {
            return Err(e);
        }
        let finished = view(&progress, true);
        self.emit(CoreEvent::BackfillProgress {
            progress: finished.clone(),
        });
        Ok(finished)
    }

    #[allow(clippy::too_many_arguments)]
    async fn run_window(
        &self,
        shop_id: &str,
        job_id: i64,
        total: u64,
        windows_total: u32,
        window: shopdock_store::BackfillWindow,
        progress: &Progress,
        cancel: &CancellationToken,
    ) -> CoreResult<()> {
        let mut fetched = window.fetched;
        let mut token = window.cursor.clone();
        loop {
            let (q, f) = window_request(window.window_start, window.window_end, token.clone());
            let page = match self.fetch_page(shop_id, q, f, cancel).await {
                // A recorded cursor TikTok no longer accepts: page the window again from the
                // start (upserts make the repeat harmless).
                Err(CoreError::TikTok(e))
                    if token.is_some() && e.action() == Action::FixRequest =>
                {
                    tracing::info!(shop = %shop_id, window = window.id, error = %e, "stale page token; restarting window");
                    token = None;
                    progress.fetched.fetch_sub(
                        fetched.min(progress.fetched.load(Ordering::Relaxed)),
                        Ordering::Relaxed,
                    );
                    fetched = 0;
                    continue;
                }
                other => other?,
            };
            let n = page.records.len() as u64;
            fetched += n;
            let done = page.next_token.is_none();
            let record = WindowProgress {
                window_id: window.id,
                fetched,
                cursor: page.next_token.clone(),
                done,
            };
            let (id, records, unreadable) = (shop_id.to_owned(), page.records, page.unreadable);
            let now = self.now();
            let up = self
                .db(move |s| {
                    s.write(|tx| {
                        let up = write_page(tx, &id, &records, &unreadable, now)?;
                        tx.record_window_progress(&record)?;
                        Ok(up)
                    })
                })
                .await?;
            progress.fetched.fetch_add(n, Ordering::Relaxed);
            if done {
                progress.windows_done.fetch_add(1, Ordering::Relaxed);
            }
            if up.inserted() + up.updated > 0 {
                self.emit(CoreEvent::OrdersChanged {
                    shop_id: shop_id.to_owned(),
                    inserted: up.inserted() as u32,
                    updated: up.updated as u32,
                });
            }
            self.emit(CoreEvent::BackfillProgress {
                progress: BackfillProgressView {
                    shop_id: shop_id.to_owned(),
                    job_id,
                    fetched: progress.fetched.load(Ordering::Relaxed),
                    total,
                    windows_done: progress.windows_done.load(Ordering::Relaxed),
                    windows_total,
                    finished: false,
                },
            });
            if done {
                return Ok(());
            }
            token = page.next_token;
        }
    }
}

fn validate_range(from: i64, to: i64) -> CoreResult<()> {
    if to <= from {
        return Err(CoreError::Validation(vec![crate::api::FieldError {
            field: crate::api::FormField::To,
            message: "The end date must be after the start date.".into(),
        }]));
    }
    Ok(())
}

struct Progress {
    fetched: AtomicU64,
    windows_done: AtomicU32,
}

fn cancelled() -> CoreError {
    CoreError::Cancelled
}
