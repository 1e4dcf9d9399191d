//! The executors: incremental pull and date-range backfill. Every page is stored in one
//! transaction together with the progress it accounts for (the watermark, or the backfill
//! window's cursor), so a crash at any point loses nothing and the progress never runs ahead
//! of the stored orders; re-reading a page after a restart is harmless because upserts never
//! replace a newer version with an older one.

use super::backfill_writer::{BackfillCounters, PageSender, PageWrite};
use super::plan::{
    incremental_request, next_watermark, split_windows, to_record, window_request, WindowCursor,
    INCREMENTAL_JOB,
};
use super::work_stealing::{density_after_page, Board, RunningWindow, WindowReading};
use crate::api::{ApiError, BackfillProgressView};
use crate::errors::{CoreError, CoreResult};
use crate::notifications::{self, NewOrdersBatch, Run};
use crate::{CoreEvent, Shopdock};
use shopdock_store::{
    NewBackfillJob, OrderRecord, StoreError, UnreadableOrder, UpsertStats, WatermarkUpdate,
    WindowProgress, WindowState, WriteTxn,
};
use shopdock_tiktok::model::{Order, RawOrderPage, SearchOrdersFilter, SearchOrdersQuery};
use shopdock_tiktok::{Action, OrderSearchPage};
use std::sync::atomic::Ordering;
use std::sync::Arc;
use tokio_util::sync::CancellationToken;

/// The kind name of order backfills in the store.
pub const BACKFILL_KIND: &str = "orders";
/// Windows paged at once in a backfill: enough to hide a 150 ms round trip at 50 QPS. A job
/// starts with this many windows of equal time; idle workers then cut busy windows (see
/// `work_stealing`), so the windows follow the orders whatever the shape of the history.
pub const BACKFILL_CONCURRENCY: usize = 12;
/// Workers a backfill has beyond [`BACKFILL_CONCURRENCY`]: they start without a window and
/// take the cut-off part of a window that holds far more than its peers (see
/// `work_stealing::HEAVY_WINDOW`), so a busy week gets more workers while the rest run.
const BACKFILL_SPARE_WORKERS: usize = 8;

/// A new job's windows, and what its first page already read.
#[derive(Debug, PartialEq, Eq)]
struct JobPlan {
    windows: Vec<(i64, i64)>,
    /// Orders of the first window, when that window is the first page's and so already read.
    read: Option<u64>,
}

/// A new job's windows, from the range's first page (its oldest orders, oldest first: the
/// create times of those that decoded, and whether more follow). The time that page covers
/// is a window read already; [`BACKFILL_CONCURRENCY`] windows of equal time share out the
/// rest. A seller who opened two months ago and asks for the last year has no orders in its
/// first ten months: the windows start where the orders do, not at the range's start. The
/// windows cover `[from, to)` exactly.
fn job_plan(from: i64, to: i64, first_page: &[i64], more: bool) -> JobPlan {
    if !more {
        // The page holds every order of the range.
        let read = first_page
            .iter()
            .filter(|t| (from..to).contains(*t))
            .count();
        return JobPlan {
            windows: vec![(from, to)],
            read: Some(read as u64),
        };
    }
    // Orders of the page's newest second may continue on the next page: that second starts
    // the windows still to read.
    let newest = first_page
        .iter()
        .copied()
        .max()
        .filter(|t| (from + 1..to).contains(t));
    let start = newest.unwrap_or(from);
    let mut windows = if start > from {
        vec![(from, start)]
    } else {
        Vec::new()
    };
    windows.extend(split_windows(start, to, BACKFILL_CONCURRENCY as u32, 60));
    JobPlan {
        windows,
        read: newest.map(|n| first_page.iter().filter(|t| **t < n).count() as u64),
    }
}

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

impl Page {
    /// The `create_time` of each order that decoded, in the page's order.
    fn create_times(&self) -> Vec<i64> {
        self.records.iter().map(|r| r.header.create_time).collect()
    }
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
pub(super) fn write_page(
    tx: &WriteTxn<'_>,
    shop_id: &str,
    records: &[OrderRecord],
    unreadable: &[UnreadableOrder],
    now: i64,
) -> Result<UpsertStats, StoreError> {
    let up = tx.upsert_orders(shop_id, records)?;
    // Reservations follow the stored orders; shipments leave the stock count here, once.
    let ids: Vec<&str> = records.iter().map(|r| r.header.order_id.as_str()).collect();
    tx.stock_after_orders(shop_id, &ids, now)?;
    if !unreadable.is_empty() {
        tx.record_unreadable_orders(shop_id, unreadable, now)?;
    }
    tx.forget_unreadable_orders(shop_id, &ids)?;
    Ok(up)
}

/// One Search Orders call, decoded.
async fn search_orders(
    s: crate::sessions::ShopSession,
    query: SearchOrdersQuery,
    filter: SearchOrdersFilter,
) -> Result<Page, shopdock_tiktok::TikTokError> {
    let raw = s
        .client
        .search_orders_raw(&s.access_token, &s.shop_cipher, &query, &filter)
        .await?;
    Ok(decode(raw))
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
        self.call_retrying(shop_id, cancel, |s| {
            search_orders(s, query.clone(), filter.clone())
        })
        .await
    }

    pub(crate) async fn bucket_for(
        &self,
        shop_id: &str,
    ) -> CoreResult<Arc<super::limiter::TokenBucket>> {
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
        if pulled.is_ok() {
            // Cancellation records come with the orders; their failure leaves the order pull
            // a success (the next pull reads them again from the same watermark).
            if let Err(e) = self.pull_cancellations(shop_id, start.is_some()).await {
                tracing::warn!(shop = %shop_id, error = %e, "pulling cancellations failed");
            }
            // Automatic order confirmation looks at the shop's orders as now stored; its
            // failure leaves the pull a success (the next pull tries again).
            if let Err(e) = self.auto_confirm_inner(shop_id).await {
                tracing::warn!(shop = %shop_id, error = %e, "automatic order confirmation failed");
            }
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
            self.emit_orders_changed(shop_id, up.inserted(), up.updated, unreadable_now);
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
        let counters = Arc::new(BackfillCounters::default());
        // The first call is made on its own: it also settles the shop's session before the
        // windows share it. Its answer carries TikTok's total, the progress bar's 100%.
        let (mut q, f) = window_request(from, to, None);
        let job = match self.stored_backfill_job(shop_id, from, to).await? {
            // Resumed as it was left: only the total is asked.
            Some(job) => {
                q.page_size = 1;
                let probe = self.fetch_page(shop_id, q, f, &cancel).await?;
                counters.total.store(probe.total, Ordering::Relaxed);
                job
            }
            // The range's first page places the windows and is stored with the job.
            None => {
                let first = self.fetch_page(shop_id, q, f, &cancel).await?;
                counters.total.store(first.total, Ordering::Relaxed);
                self.create_backfill_job(shop_id, from, to, first).await?
            }
        };
        let windows = self.db(move |s| s.backfill_windows(job)).await?;
        counters
            .windows_total
            .store(windows.len() as u32, Ordering::Relaxed);
        let done_already = windows.iter().filter(|w| w.state == WindowState::Done);
        counters
            .windows_done
            .store(done_already.count() as u32, Ordering::Relaxed);
        counters
            .fetched
            .store(windows.iter().map(|w| w.fetched).sum(), Ordering::Relaxed);
        self.emit(CoreEvent::BackfillProgress {
            progress: counters.view(shop_id, job, false),
        });

        let (pages, writer) =
            self.spawn_backfill_writer(shop_id, job, counters.clone(), cancel.clone());
        let run = Arc::new(BackfillRun {
            shop_id: shop_id.to_owned(),
            queue: std::sync::Mutex::new(
                windows
                    .into_iter()
                    .filter(|w| w.state == WindowState::Pending)
                    .collect(),
            ),
            board: std::sync::Mutex::new(Board::default()),
            changed: tokio::sync::Notify::new(),
            counters: counters.clone(),
            pages,
            cancel: cancel.clone(),
        });
        let mut workers = tokio::task::JoinSet::new();
        for _ in 0..BACKFILL_CONCURRENCY + BACKFILL_SPARE_WORKERS {
            let (app, run) = (self.clone(), run.clone());
            workers.spawn(async move { app.backfill_worker(&run).await });
        }
        drop(run);
        let mut first_error = None;
        while let Some(joined) = workers.join_next().await {
            let result = joined.unwrap_or_else(|e| Err(CoreError::Internal(e.to_string())));
            if let Err(e) = result {
                cancel.cancel();
                first_error.get_or_insert(e);
            }
        }
        // Every sender is gone with the workers: the writer stores what is queued, then ends.
        // Its own failure explains a worker's `Cancelled` (the writer stopped), so it comes
        // first; its `Cancelled` only echoes the cancel a worker's failure caused.
        let written = writer
            .await
            .unwrap_or_else(|e| Err(CoreError::Internal(e.to_string())));
        match (written, first_error) {
            (Err(e), _) if !matches!(e, CoreError::Cancelled) => return Err(e),
            (_, Some(e)) | (Err(e), None) => return Err(e),
            (Ok(()), None) => {}
        }
        let finished = counters.view(shop_id, job, true);
        self.emit(CoreEvent::BackfillProgress {
            progress: finished.clone(),
        });
        Ok(finished)
    }

    /// The shop's job for exactly `[from, to)`, started before and resumed as it was left.
    async fn stored_backfill_job(
        &self,
        shop_id: &str,
        from: i64,
        to: i64,
    ) -> CoreResult<Option<i64>> {
        let id = shop_id.to_owned();
        let jobs = self.db(move |s| s.backfill_jobs(&id)).await?;
        Ok(jobs
            .iter()
            .find(|j| j.kind == BACKFILL_KIND && j.range_start == from && j.range_end == to)
            .map(|j| j.id))
    }

    /// A new job for `[from, to)`, placed by the range's `first` page (see [`job_plan`]). The
    /// page is stored in the job's own transaction, so the window it covers is never recorded
    /// as read without its orders.
    async fn create_backfill_job(
        &self,
        shop_id: &str,
        from: i64,
        to: i64,
        first: Page,
    ) -> CoreResult<i64> {
        let plan = job_plan(from, to, &first.create_times(), first.next_token.is_some());
        let now = self.now();
        let job = NewBackfillJob {
            shop_id: shop_id.to_owned(),
            kind: BACKFILL_KIND.into(),
            range_start: from,
            range_end: to,
            created_at: now,
            windows: plan.windows,
        };
        let id = shop_id.to_owned();
        let unreadable = first.unreadable.len();
        let (job_id, up) = self
            .db(move |s| {
                s.write(|tx| {
                    let (job_id, windows) = tx.create_backfill_job(&job)?;
                    let up = write_page(tx, &id, &first.records, &first.unreadable, now)?;
                    if let (Some(fetched), Some(&window_id)) = (plan.read, windows.first()) {
                        tx.record_window_progress(&WindowProgress {
                            window_id,
                            fetched,
                            cursor: None,
                            done: true,
                        })?;
                    }
                    Ok((job_id, up))
                })
            })
            .await?;
        self.emit_orders_changed(shop_id, up.inserted(), up.updated, unreadable);
        Ok(job_id)
    }

    /// One worker: pages the pending windows one after the other; when none is left, cuts the
    /// later part off a running window (see [`Board::claim_split`]) and pages that; ends when
    /// every window is done.
    async fn backfill_worker(&self, run: &BackfillRun) -> CoreResult<()> {
        loop {
            if run.cancel.is_cancelled() {
                return Err(cancelled());
            }
            let next = run
                .queue
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .pop_front();
            if let Some(window) = next {
                // Its density is unknown until its first page: no one cuts it before that.
                run.board().add(RunningWindow {
                    id: window.id,
                    end: window.window_end,
                    paged_to: window.window_start,
                    density: 0.0,
                    cutting_at: None,
                });
                self.page_window(run, window).await?;
                continue;
            }
            let claimed = run.board().claim_split(BACKFILL_CONCURRENCY);
            if let Some(split) = claimed {
                let cut = self
                    .db(move |s| s.split_backfill_window(split.victim, split.at))
                    .await;
                let window = match cut {
                    Ok(w) => w,
                    Err(e) => {
                        run.board().abandon_split(&split);
                        return Err(e);
                    }
                };
                // Recorded first: only now may the victim stop at the cut.
                run.board().finish_split(&split, window.id);
                run.counters.windows_total.fetch_add(1, Ordering::Relaxed);
                tracing::debug!(shop = %run.shop_id, victim = split.victim, at = split.at, "backfill window cut");
                self.page_window(run, window).await?;
                continue;
            }
            if run.board().is_empty() {
                return Ok(());
            }
            // Nothing to take yet: wait for a page to tell more about the running windows.
            tokio::select! {
                _ = run.cancel.cancelled() => return Err(cancelled()),
                _ = run.changed.notified() => {}
                _ = tokio::time::sleep(std::time::Duration::from_millis(50)) => {}
            }
        }
    }

    /// Pages one window (already on the board) to its end, which a cut may move earlier while
    /// it runs; each page goes to the writer with the window's progress.
    async fn page_window(
        &self,
        run: &BackfillRun,
        window: shopdock_store::BackfillWindow,
    ) -> CoreResult<()> {
        let result = self.page_window_inner(run, &window).await;
        run.board().remove(window.id);
        run.changed.notify_waiters();
        result
    }

    async fn page_window_inner(
        &self,
        run: &BackfillRun,
        window: &shopdock_store::BackfillWindow,
    ) -> CoreResult<()> {
        let start = window.window_start;
        let resumed = window
            .cursor
            .as_deref()
            .map(|c| WindowCursor::decode(c, window.window_end));
        let mut query_start = resumed
            .as_ref()
            .and_then(|c| c.query_start)
            .unwrap_or(start);
        let mut query_end = resumed.as_ref().map_or(window.window_end, |c| c.query_end);
        let mut token = resumed.map(|c| c.page_token);
        let mut fetched = window.fetched;
        // Orders read in the current query (for the density estimate).
        let mut read = if token.is_some() { window.fetched } else { 0 };
        let mut reading = WindowReading::from(query_start);
        loop {
            let (q, f) = window_request(query_start, query_end, token.clone());
            let page = match self
                .fetch_window_page(&run.shop_id, q, f, &run.cancel)
                .await
            {
                // A recorded cursor TikTok no longer accepts: page the window again from the
                // start (upserts make the repeat harmless).
                Err(CoreError::TikTok(e))
                    if token.is_some() && e.action() == Action::FixRequest =>
                {
                    tracing::info!(shop = %run.shop_id, window = window.id, error = %e, "stale page token; restarting window");
                    token = None;
                    query_start = start;
                    query_end = run.board().end_of(window.id).unwrap_or(window.window_end);
                    let counted = &run.counters.fetched;
                    counted.fetch_sub(
                        fetched.min(counted.load(Ordering::Relaxed)),
                        Ordering::Relaxed,
                    );
                    (fetched, read, reading) = (0, 0, WindowReading::from(start));
                    continue;
                }
                other => other?,
            };
            // The end as recorded: a cut moves it only once the cut is stored.
            let (end, counts_to) = {
                let board = run.board();
                let end = board.end_of(window.id).unwrap_or(window.window_end);
                (end, board.counts_to(window.id).unwrap_or(end))
            };
            read += page.records.len() as u64;
            let counted = reading.page(&page.create_times(), counts_to);
            let paged_to = reading.paged_to;
            fetched += counted;
            // Sorted by create time: once a page reaches the end, every order before it is read.
            let done = page.next_token.is_none() || paged_to >= end;
            let cursor = match (&page.next_token, done) {
                (Some(t), false) => Some(
                    WindowCursor {
                        page_token: t.clone(),
                        query_start: (query_start != start).then_some(query_start),
                        query_end,
                    }
                    .encode(),
                ),
                _ => None,
            };
            // Cut since its query began: the window asks again for what it has left, from the
            // second it has read to. That query's total is the window's own (the estimate the
            // cuts go by), and its pages stop at the cut instead of reading what the new
            // window reads too.
            let ask_again = !done && end < query_end;
            if !done {
                let density = density_after_page(page.total, read, paged_to, query_end);
                run.board().observe(window.id, paged_to, density);
                run.changed.notify_waiters();
            }
            run.pages
                .send(PageWrite {
                    records: page.records,
                    unreadable: page.unreadable,
                    progress: WindowProgress {
                        window_id: window.id,
                        fetched,
                        cursor,
                        done,
                    },
                    counted,
                })
                .await?;
            if done {
                return Ok(());
            }
            if ask_again {
                (query_start, query_end, token, read) = (paged_to, end, None, 0);
                reading.ask_again();
            } else {
                token = page.next_token;
            }
        }
    }
}

impl Shopdock {
    /// A window's page: many windows page at once, so tokens turning over under a call are
    /// asked through (see [`Shopdock::call_retrying_through_token_churn`]).
    async fn fetch_window_page(
        &self,
        shop_id: &str,
        query: SearchOrdersQuery,
        filter: SearchOrdersFilter,
        cancel: &CancellationToken,
    ) -> CoreResult<Page> {
        self.call_retrying_through_token_churn(shop_id, cancel, |s| {
            search_orders(s, query.clone(), filter.clone())
        })
        .await
    }
}

/// What the workers of one backfill share.
struct BackfillRun {
    shop_id: String,
    /// Windows not started yet.
    queue: std::sync::Mutex<std::collections::VecDeque<shopdock_store::BackfillWindow>>,
    /// Windows being paged, for work stealing.
    board: std::sync::Mutex<Board>,
    /// A running window reported a page or ended.
    changed: tokio::sync::Notify,
    counters: Arc<BackfillCounters>,
    pages: PageSender,
    cancel: CancellationToken,
}

impl BackfillRun {
    fn board(&self) -> std::sync::MutexGuard<'_, Board> {
        self.board.lock().unwrap_or_else(|p| p.into_inner())
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

fn cancelled() -> CoreError {
    CoreError::Cancelled
}

#[cfg(test)]
mod tests {
    use super::*;

    fn covers_exactly(plan: &JobPlan, from: i64, to: i64) {
        let w = &plan.windows;
        assert_eq!((w[0].0, w[w.len() - 1].1), (from, to));
        assert!(w.windows(2).all(|p| p[0].1 == p[1].0), "no gap, no overlap");
        assert!(w.iter().all(|(a, b)| a < b), "no empty window");
    }

    #[test]
    fn a_first_page_holding_the_whole_range_is_the_whole_job() {
        let (from, to) = (1_000_000, 2_000_000);
        let plan = job_plan(from, to, &[1_500_000, 1_600_000], false);
        assert_eq!(plan.windows, [(from, to)]);
        assert_eq!(plan.read, Some(2));
        assert_eq!(
            job_plan(from, to, &[], false).read,
            Some(0),
            "no orders at all"
        );
    }

    #[test]
    fn the_windows_still_to_read_start_at_the_first_pages_newest_second() {
        let (from, to) = (1_000_000, 2_000_000);
        // 100 orders, the last two in the newest second: they may go on on the next page.
        let mut page: Vec<i64> = (0..98).map(|i| 1_900_000 + i).collect();
        page.extend([1_900_500, 1_900_500]);
        let plan = job_plan(from, to, &page, true);
        covers_exactly(&plan, from, to);
        assert_eq!(plan.windows[0], (from, 1_900_500), "read by the first page");
        assert_eq!(
            plan.read,
            Some(98),
            "the newest second's orders count where they are read again"
        );
        assert_eq!(plan.windows.len(), 1 + BACKFILL_CONCURRENCY);
    }

    #[test]
    fn a_first_page_within_one_second_or_unreadable_places_equal_windows_over_the_range() {
        let (from, to) = (1_000_000, 2_000_000);
        for page in [vec![from; 100], Vec::new()] {
            let plan = job_plan(from, to, &page, true);
            covers_exactly(&plan, from, to);
            assert_eq!(plan.read, None);
            assert_eq!(plan.windows.len(), BACKFILL_CONCURRENCY);
        }
    }
}
