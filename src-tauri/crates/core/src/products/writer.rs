//! The import's writer: pages arrive in each window's order (a searcher queues a page before
//! it asks for the next), and each is stored in one transaction with its window's progress,
//! once its Get Product calls are answered. So the recorded progress never runs ahead of the
//! stored products: after a cancel, a crash or a failure, a resumed import searches each
//! window from the last page stored, and storing a page twice is harmless.
//!
//! A window split goes through the writer too, after the window's queued pages, so no page of
//! the old window's query records a cursor after the split.

use super::details::PageRecords;
use super::run::ImportCounters;
use crate::errors::{CoreError, CoreResult};
use crate::{CoreEvent, Shopdock};
use shopdock_store::{BackfillWindow, WindowProgress};
use std::sync::Arc;
use tokio::sync::{mpsc, oneshot};
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

/// What a searcher hands the writer.
pub(super) enum PageWork {
    /// A page's records (being read) and the window's progress once they are stored.
    Page {
        records: PageRecords,
        progress: WindowProgress,
        /// Products of this page's query the searches cannot reach (see
        /// [`shopdock_store::ProductImportState::unreachable`]).
        unreachable: u64,
    },
    /// Split `window` at `at`: it restarts from its first page over `[start, at)`, and the new
    /// window `[at, end)` (answered) is searched on its own.
    Split {
        window: BackfillWindow,
        at: i64,
        reply: oneshot::Sender<CoreResult<BackfillWindow>>,
    },
}

/// What the writer needs of its step.
pub(super) struct WriterCtx {
    pub shop_id: String,
    pub full: bool,
    /// The step's start (this computer's clock): products seen since are its progress.
    pub started_at: i64,
    pub counters: Arc<ImportCounters>,
    pub cancel: CancellationToken,
}

impl Shopdock {
    /// Starts the writer of one step. It ends once every sender is gone and everything queued
    /// is stored, or with the first error, or `Cancelled` (queued pages are then dropped: their
    /// progress was not recorded, so a resumed import searches them again).
    pub(super) fn spawn_import_writer(
        &self,
        ctx: WriterCtx,
        mut pages: mpsc::Receiver<PageWork>,
    ) -> JoinHandle<CoreResult<()>> {
        let app = self.clone();
        tokio::spawn(async move {
            while let Some(work) = pages.recv().await {
                if ctx.cancel.is_cancelled() {
                    return Err(CoreError::Cancelled);
                }
                match work {
                    PageWork::Page {
                        records,
                        progress,
                        unreachable,
                    } => {
                        let records = tokio::select! {
                            _ = ctx.cancel.cancelled() => return Err(CoreError::Cancelled),
                            r = records => r.map_err(|e| CoreError::Internal(e.to_string()))??,
                        };
                        app.store_page(&ctx, records, progress, unreachable).await?;
                    }
                    PageWork::Split { window, at, reply } => {
                        let split = app.split_window(window, at).await;
                        let failed = split.as_ref().err().map(|e| e.to_string());
                        let _ = reply.send(split);
                        if let Some(e) = failed {
                            return Err(CoreError::Internal(format!(
                                "could not split a search window: {e}"
                            )));
                        }
                    }
                }
            }
            Ok(())
        })
    }

    async fn store_page(
        &self,
        ctx: &WriterCtx,
        records: Vec<shopdock_store::ProductRecord>,
        progress: WindowProgress,
        unreachable: u64,
    ) -> CoreResult<()> {
        let (shop, since, now) = (ctx.shop_id.clone(), ctx.started_at, self.now());
        let (stats, seen) = self
            .db(move |s| {
                s.write(|tx| {
                    let stats = tx.upsert_products(&shop, &records, now)?;
                    tx.record_window_progress(&progress)?;
                    if unreachable > 0 {
                        tx.add_unreachable_products(&shop, unreachable)?;
                    }
                    Ok((stats, tx.products_seen_since(&shop, since)?))
                })
            })
            .await?;
        let c = &ctx.counters;
        c.imported.store(seen, std::sync::atomic::Ordering::Relaxed);
        ImportCounters::add(&c.inserted, stats.inserted as u64);
        ImportCounters::add(&c.updated, stats.updated as u64);
        ImportCounters::add(&c.skus_removed, stats.skus_removed as u64);
        ImportCounters::add(&c.unreachable, unreachable);
        self.emit(CoreEvent::ProductImportProgress {
            progress: c.view(&ctx.shop_id, ctx.full, false),
        });
        Ok(())
    }

    /// Restarts `window` from its first page and splits it at `at`; returns the new window.
    async fn split_window(&self, window: BackfillWindow, at: i64) -> CoreResult<BackfillWindow> {
        self.db(move |s| {
            s.record_window_progress(&WindowProgress {
                window_id: window.id,
                fetched: 0,
                cursor: None,
                done: false,
            })?;
            s.split_backfill_window(window.id, at)
        })
        .await
    }
}
