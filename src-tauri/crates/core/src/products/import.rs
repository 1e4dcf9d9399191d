//! The product import of one shop, in steps: the warehouses (Get Warehouse List), then a full
//! import of every product when none finished yet (or the seller asks for one), then the
//! changes since the watermark; each step is a job of update-time windows in the store, so a
//! cancelled, failed or killed import resumes where it stopped.
//!
//! A full step searches every update time up to its start; its windows split wherever a
//! search counts more than TikTok's 10,000 results ([`super::search`]). Each page is stored
//! at once ([`super::writer`]). After a full step, a changes step picks up what was edited
//! while it ran; then the products no full import saw are marked deleted (the sweep). A
//! changes step searches from the watermark less [`OVERLAP_SECS`], and also the products
//! deleted in that time (Search Products leaves deleted products out unless asked for them).
//! Get Product is asked only for products new or edited since their details were stored.
//! Once the steps are done and the shop is free for the next import, its thumbnails are cached
//! ([`super::thumbnails`]).

use super::convert::from_summary;
use super::run::{ImportCounters, ImportRun, WindowQueue, CHANGES_KIND, FULL_KIND};
use super::search::{request, search_products};
use super::views::ProductImportSummary;
use super::writer::WriterCtx;
use crate::api::ApiError;
use crate::errors::{CoreError, CoreResult};
use crate::shop_jobs::JobClaim;
use crate::{CoreEvent, Shopdock};
use shopdock_store::{BackfillJob, FinishedImport, NewBackfillJob, WindowState};
use shopdock_tiktok::codes::PRODUCT_SEARCH_OVER_CAP;
use shopdock_tiktok::product::{ProductStatus, SearchWindow};
use std::sync::Arc;
use tokio::sync::{mpsc, Notify, Semaphore};
use tokio_util::sync::CancellationToken;

/// A changes step searches from this long before the watermark: TikTok's clock and this
/// computer's (the watermark is TikTok's time as measured here) and TikTok's search index may
/// lag one another by that much. Re-reading a product costs no Get Product call unless it
/// changed.
pub const OVERLAP_SECS: i64 = 900;
/// Windows searched at once: Get Product calls dominate a first import, but a step that
/// needs few of them is paced by its searches.
const SEARCHERS: usize = 4;
/// Pages being read (their Get Product calls) while earlier pages are stored.
const PAGES_AHEAD: usize = 4;
/// Get Product calls in flight at once: enough to hide a 150 ms round trip at 50 a second.
const DETAIL_CALLS: usize = 16;

impl Shopdock {
    /// Imports the shop's products and waits for the end: a full import if none finished yet
    /// (or `full`), resumed where it stopped, then the changes since. Progress arrives as
    /// [`CoreEvent::ProductImportProgress`]; `cancel` stops it with everything stored so far
    /// kept, and the next import resumes.
    pub async fn import_products(
        &self,
        shop_id: &str,
        full: bool,
        cancel: CancellationToken,
    ) -> Result<ProductImportSummary, ApiError> {
        self.shop_record(shop_id).await?;
        let mut summary = {
            let _running = self.claim_product_import(shop_id, &cancel)?;
            self.import_inner(shop_id, full, &cancel).await?
        };
        self.thumbnails_after_import(&mut summary, &cancel).await;
        Ok(summary)
    }

    /// [`Self::import_products`] in the background (one per shop at a time); progress and the
    /// end arrive as events, an early end as [`CoreEvent::ProductImportStopped`].
    pub async fn start_product_import(&self, shop_id: &str, full: bool) -> Result<(), ApiError> {
        self.shop_record(shop_id).await?;
        let cancel = CancellationToken::new();
        let running = self.claim_product_import(shop_id, &cancel)?;
        let (app, shop_id) = (self.clone(), shop_id.to_owned());
        tokio::spawn(async move {
            let imported = app.import_inner(&shop_id, full, &cancel).await;
            drop(running);
            match imported {
                Ok(mut summary) => app.thumbnails_after_import(&mut summary, &cancel).await,
                Err(e) => {
                    tracing::warn!(shop = %shop_id, error = %e, "product import stopped");
                    app.emit(CoreEvent::ProductImportStopped {
                        shop_id,
                        error: ApiError::from(&e),
                    });
                }
            }
        });
        Ok(())
    }

    /// Caches the thumbnails of an import's shop, outside its claim: the seller may start the
    /// next import while images download.
    async fn thumbnails_after_import(
        &self,
        summary: &mut ProductImportSummary,
        cancel: &CancellationToken,
    ) {
        let pass = self.cache_thumbnails(&summary.shop_id, cancel).await;
        summary.thumbnails_downloaded = pass.downloaded;
        summary.thumbnails_failed = pass.failed;
        if pass.downloaded > 0 || pass.removed > 0 {
            self.emit(CoreEvent::ProductThumbnailsChanged {
                shop_id: summary.shop_id.clone(),
            });
        }
    }

    /// Cancels the shop's running product import, if any (what it stored is kept).
    pub fn cancel_product_import(&self, shop_id: &str) {
        self.inner.product_imports.cancel(shop_id);
    }

    /// Whether a product import of the shop runs in this process.
    pub fn product_import_running(&self, shop_id: &str) -> bool {
        self.inner.product_imports.is_running(shop_id)
    }

    fn claim_product_import(
        &self,
        shop_id: &str,
        cancel: &CancellationToken,
    ) -> CoreResult<JobClaim> {
        self.inner.product_imports.claim(
            shop_id,
            cancel,
            "The products of this shop are being imported already.",
        )
    }

    async fn import_inner(
        &self,
        shop_id: &str,
        full: bool,
        cancel: &CancellationToken,
    ) -> CoreResult<ProductImportSummary> {
        let mut summary = ProductImportSummary {
            shop_id: shop_id.to_owned(),
            ..ProductImportSummary::default()
        };
        summary.warehouses = self.import_warehouses(shop_id, cancel).await?;
        let id = shop_id.to_owned();
        let state = self.db(move |s| s.product_import_state(&id)).await?;
        let (mut ran_full, mut ran_changes) = (false, false);
        if let Some(job_id) = state.job_id {
            let id = shop_id.to_owned();
            let jobs = self.db(move |s| s.backfill_jobs(&id)).await?;
            if let Some(job) = jobs.into_iter().find(|j| j.id == job_id) {
                let resumed_full = job.kind == FULL_KIND;
                tracing::info!(shop = %shop_id, job = job.id, full = resumed_full, "resuming a product import");
                self.run_step(shop_id, job, state.job_total, cancel, &mut summary)
                    .await?;
                (ran_full, ran_changes) = (resumed_full, !resumed_full);
            }
        }
        if !ran_full && (full || state.watermark.is_none()) {
            let job = self.new_step(shop_id, FULL_KIND, 0).await?;
            self.run_step(shop_id, job, 0, cancel, &mut summary).await?;
            ran_full = true;
        }
        if ran_full || !ran_changes {
            let id = shop_id.to_owned();
            let watermark = self
                .db(move |s| s.product_import_state(&id))
                .await?
                .watermark
                .unwrap_or(0);
            let job = self
                .new_step(shop_id, CHANGES_KIND, watermark - OVERLAP_SECS)
                .await?;
            self.run_step(shop_id, job, 0, cancel, &mut summary).await?;
        }
        summary.full = ran_full;
        let id = shop_id.to_owned();
        summary.marked_deleted = self.db(move |s| s.sweep_unlisted_products(&id)).await? as u64;
        Ok(summary)
    }

    /// Get Warehouse List, stored in place of the shop's warehouses; returns how many.
    async fn import_warehouses(
        &self,
        shop_id: &str,
        cancel: &CancellationToken,
    ) -> CoreResult<u32> {
        let list = self
            .call_retrying(shop_id, cancel, |s| async move {
                s.client.warehouses(&s.access_token, &s.shop_cipher).await
            })
            .await?;
        let records: Vec<_> = list
            .warehouses
            .iter()
            .filter(|w| !w.id.trim().is_empty())
            .map(super::convert::warehouse_record)
            .collect();
        let (id, n) = (shop_id.to_owned(), records.len() as u32);
        self.db(move |s| s.replace_warehouses(&id, &records))
            .await?;
        Ok(n)
    }

    /// TikTok's time now, as far as this computer can tell (its clock corrected by the skew
    /// TikTok's answers showed).
    fn tiktok_now(&self, shop_id: &str) -> i64 {
        self.now() + self.server_clock(shop_id).measured_skew().unwrap_or(0)
    }

    /// A new step searching update times from `from` to TikTok's now, in one window to start.
    async fn new_step(&self, shop_id: &str, kind: &str, from: i64) -> CoreResult<BackfillJob> {
        let end = self.tiktok_now(shop_id) + 1;
        let start = from.clamp(0, end - 1);
        let job = NewBackfillJob {
            shop_id: shop_id.to_owned(),
            kind: kind.to_owned(),
            range_start: start,
            range_end: end,
            created_at: self.now(),
            windows: vec![(start, end)],
        };
        let stored = job.clone();
        let id = self.db(move |s| s.begin_product_import(&stored)).await?;
        Ok(BackfillJob {
            id,
            shop_id: job.shop_id,
            kind: job.kind,
            range_start: job.range_start,
            range_end: job.range_end,
            created_at: job.created_at,
            windows_total: 1,
            windows_done: 0,
            fetched: 0,
        })
    }

    /// Runs one step to its end and records it finished.
    async fn run_step(
        &self,
        shop_id: &str,
        job: BackfillJob,
        known_total: u64,
        cancel: &CancellationToken,
        summary: &mut ProductImportSummary,
    ) -> CoreResult<()> {
        let full = job.kind == FULL_KIND;
        let (id, job_id, since) = (shop_id.to_owned(), job.id, job.created_at);
        let (windows, seen) = self
            .db(move |s| {
                Ok((
                    s.backfill_windows(job_id)?,
                    s.products_seen_since(&id, since)?,
                ))
            })
            .await?;
        let counters = Arc::new(ImportCounters::default());
        ImportCounters::add(&counters.total, known_total);
        ImportCounters::add(&counters.imported, seen);
        self.emit(CoreEvent::ProductImportProgress {
            progress: counters.view(shop_id, full, false),
        });
        // The step's own token: a failing searcher stops the others without cancelling the
        // caller's.
        let step = cancel.child_token();
        let (pages, queued) = mpsc::channel(PAGES_AHEAD);
        let writer = self.spawn_import_writer(
            WriterCtx {
                shop_id: shop_id.to_owned(),
                full,
                started_at: job.created_at,
                counters: counters.clone(),
                cancel: step.clone(),
            },
            queued,
        );
        let run = Arc::new(ImportRun {
            shop_id: shop_id.to_owned(),
            job: job.clone(),
            cancel: step.clone(),
            queue: std::sync::Mutex::new(WindowQueue {
                pending: windows
                    .into_iter()
                    .filter(|w| w.state == WindowState::Pending)
                    .collect(),
                active: 0,
            }),
            changed: Notify::new(),
            pages,
            counters: counters.clone(),
            detail_slots: Arc::new(Semaphore::new(DETAIL_CALLS)),
        });
        let mut searchers = tokio::task::JoinSet::new();
        for _ in 0..SEARCHERS {
            let (app, run) = (self.clone(), run.clone());
            searchers.spawn(async move { app.search_windows(run).await });
        }
        // The searchers hold the only senders now: the writer ends when they all have.
        drop(run);
        let mut first_error = None;
        while let Some(joined) = searchers.join_next().await {
            if let Err(e) = joined.unwrap_or_else(|e| Err(CoreError::Internal(e.to_string()))) {
                step.cancel();
                first_error.get_or_insert(e);
            }
        }
        // The writer's own failure explains a searcher's `Cancelled`, so it comes first; its
        // `Cancelled` only echoes the cancel a searcher's failure caused.
        let written = writer
            .await
            .unwrap_or_else(|e| Err(CoreError::Internal(e.to_string())));
        match (written, first_error) {
            (Err(e), _) if !matches!(e, CoreError::Cancelled) => return Err(e),
            (_, Some(e)) | (Err(e), None) => return Err(e),
            (Ok(()), None) => {}
        }
        if !full {
            let range = SearchWindow::new(job.range_start, job.range_end - 1);
            if let Some(range) = range {
                self.import_deleted(shop_id, range, cancel, &counters)
                    .await?;
            }
        }
        let finished = FinishedImport {
            job_id: job.id,
            full,
            watermark: job.range_end - 1,
            started_at: job.created_at,
            finished_at: self.now(),
        };
        let id = shop_id.to_owned();
        self.db(move |s| s.finish_product_import(&id, &finished))
            .await?;
        let c = &counters;
        summary.inserted += ImportCounters::get(&c.inserted);
        summary.updated += ImportCounters::get(&c.updated);
        summary.skus_removed += ImportCounters::get(&c.skus_removed);
        summary.details_fetched += ImportCounters::get(&c.details_fetched);
        summary.unreachable += ImportCounters::get(&c.unreachable);
        self.emit(CoreEvent::ProductImportProgress {
            progress: counters.view(shop_id, full, true),
        });
        Ok(())
    }

    /// Stores the products deleted in `range` with their status (a search for them alone:
    /// the default search leaves them out). Few, so not resumable: a stopped step asks again.
    async fn import_deleted(
        &self,
        shop_id: &str,
        range: SearchWindow,
        cancel: &CancellationToken,
        counters: &ImportCounters,
    ) -> CoreResult<()> {
        let mut windows = vec![range];
        while let Some(window) = windows.pop() {
            let mut token = None;
            loop {
                let (query, filter) = request(window, Some(ProductStatus::Deleted), token);
                let answer = self
                    .call_retrying(shop_id, cancel, |s| {
                        search_products(s, query.clone(), filter.clone())
                    })
                    .await;
                let too_many = match &answer {
                    Ok(page) => page.over_cap() && query.page_token.is_none(),
                    Err(CoreError::TikTok(e)) => e.api_code() == Some(PRODUCT_SEARCH_OVER_CAP),
                    Err(_) => false,
                };
                if too_many {
                    if let Some((a, b)) = window.split() {
                        windows.extend([a, b]);
                        break;
                    }
                }
                let page = answer?;
                let seen_at = self.now();
                let records: Vec<_> = page
                    .products
                    .iter()
                    .filter(|d| !d.product.id.trim().is_empty())
                    .map(|d| from_summary(&d.product, seen_at))
                    .collect();
                if !records.is_empty() {
                    let id = shop_id.to_owned();
                    let stats = self
                        .db(move |s| s.upsert_products(&id, &records, seen_at))
                        .await?;
                    ImportCounters::add(&counters.updated, stats.updated as u64);
                    ImportCounters::add(&counters.inserted, stats.inserted as u64);
                }
                match page.next_page_token {
                    Some(t) => token = Some(t),
                    None => break,
                }
            }
        }
        Ok(())
    }
}
