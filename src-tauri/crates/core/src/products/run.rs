//! What the searchers and the writer of one import step share: the step's job, the windows
//! left to search, the queue of pages to store, and the counters the progress reports.

use super::views::ProductImportProgressView;
use super::writer::PageWork;
use shopdock_store::{BackfillJob, BackfillWindow};
use std::collections::VecDeque;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use tokio::sync::{mpsc, Notify, Semaphore};
use tokio_util::sync::CancellationToken;

/// The job kind of a full import in `backfill_jobs`.
pub const FULL_KIND: &str = "products";
/// The job kind of an import of the changes since the watermark.
pub const CHANGES_KIND: &str = "product_changes";

/// The counters of one step, read by the progress events and the summary.
#[derive(Debug, Default)]
pub(super) struct ImportCounters {
    /// Products the step has stored (seen) so far, counted in the store.
    pub imported: AtomicU64,
    /// TikTok's count of the products the step covers.
    pub total: AtomicU64,
    pub inserted: AtomicU64,
    pub updated: AtomicU64,
    pub skus_removed: AtomicU64,
    pub details_fetched: AtomicU64,
    pub unreachable: AtomicU64,
}

impl ImportCounters {
    pub fn add(counter: &AtomicU64, n: u64) {
        counter.fetch_add(n, Ordering::Relaxed);
    }

    pub fn get(counter: &AtomicU64) -> u64 {
        counter.load(Ordering::Relaxed)
    }

    pub fn view(&self, shop_id: &str, full: bool, finished: bool) -> ProductImportProgressView {
        let imported = Self::get(&self.imported);
        ProductImportProgressView {
            shop_id: shop_id.to_owned(),
            full,
            imported,
            // TikTok's count is an estimate taken at the start; never report more done than all.
            total: Self::get(&self.total).max(imported),
            finished,
        }
    }
}

/// The windows of a step not searched yet, and how many are being searched (a window being
/// searched may still split into two new ones).
#[derive(Debug, Default)]
pub(super) struct WindowQueue {
    pub pending: VecDeque<BackfillWindow>,
    pub active: usize,
}

/// One step of an import: a full import or the changes since the watermark.
pub(super) struct ImportRun {
    pub shop_id: String,
    pub job: BackfillJob,
    pub cancel: CancellationToken,
    pub queue: Mutex<WindowQueue>,
    /// A window was searched to its end or split.
    pub changed: Notify,
    /// Pages on their way to the writer, in each window's order.
    pub pages: mpsc::Sender<PageWork>,
    pub counters: Arc<ImportCounters>,
    /// Get Product calls in flight at once (each also waits for the rate limiter).
    pub detail_slots: Arc<Semaphore>,
}

impl ImportRun {
    pub fn queue(&self) -> MutexGuard<'_, WindowQueue> {
        self.queue.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The step's one window as created, before any split or page: its first page's total is
    /// the step's.
    pub fn is_whole(&self, w: &BackfillWindow) -> bool {
        w.window_start == self.job.range_start
            && w.window_end == self.job.range_end
            && w.cursor.is_none()
    }
}
