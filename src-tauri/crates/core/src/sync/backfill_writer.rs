//! The backfill's writer: the windows' pages go through one task that stores them in few,
//! large transactions (group commit). It waits a moment after a page for more ([`LINGER`]), and
//! takes in the same transaction whatever queued up meanwhile, up to
//! [`MAX_ORDERS_PER_WRITE`]: a large transaction costs much less per order (see the ingest
//! benchmark's "upsert only" figure). Every page is written in the same transaction as its
//! window's progress, so a crash still never records progress ahead of the orders it accounts
//! for.

use crate::api::BackfillProgressView;
use crate::errors::{CoreError, CoreResult};
use crate::{CoreEvent, Shopdock};
use shopdock_store::{OrderRecord, WindowProgress};
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::mpsc;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

/// Pages a writer may have queued before the windows wait for it: bounds memory (a decoded
/// page, its raw JSON packed, is about 250 KiB; with the pages gathered for a transaction, 20
/// MiB a backfill at most) and how far fetching runs ahead of storing, while leaving room for a
/// full transaction.
const QUEUED_PAGES: usize = 40;
/// The most orders one transaction takes: large enough to amortise the commit, small enough
/// that the table view (which reads beside the writer) sees progress often (under a second at
/// a shop's full rate). Each sort index with scattered keys (total, buyer) rewrites most of its
/// pages in every transaction, so a larger one writes less log an order: with five shops
/// backfilling at once, 4,000 ran at 1.42-1.50 times the floor against 1.65-1.70 with 1,000
/// (runs interleaved); 8,000 gained 0.02 more.
const MAX_ORDERS_PER_WRITE: usize = 4_000;

/// How long the writer waits after a page for more of them, unless a full transaction's worth
/// arrives sooner. With five shops backfilling at once, each shop's writer took its pages as
/// they came: transactions of a few hundred orders (median about 500), which cost a third more
/// per order than ones of 4,000 (ingest benchmark: 22,000 against 29,000 orders/s). The table
/// still sees a backfill's progress four times a second, and a backfill's last pages are
/// written at once, when its windows are done.
const LINGER: Duration = Duration::from_millis(250);

/// `first` and the pages that follow it within [`LINGER`], up to a transaction's worth; fewer
/// when the windows are done (the channel closed).
async fn gather(first: PageWrite, rx: &mut mpsc::Receiver<PageWrite>) -> Vec<PageWrite> {
    let deadline = tokio::time::Instant::now() + LINGER;
    let mut orders = first.records.len();
    let mut pages = vec![first];
    while orders < MAX_ORDERS_PER_WRITE {
        match tokio::time::timeout_at(deadline, rx.recv()).await {
            Ok(Some(page)) => {
                orders += page.records.len();
                pages.push(page);
            }
            Ok(None) | Err(_) => break,
        }
    }
    pages
}

/// One page of a window and the progress it brings.
pub(crate) struct PageWrite {
    pub records: Vec<OrderRecord>,
    /// The page's orders that did not decode, kept raw (see `engine::write_page`).
    pub unreadable: Vec<shopdock_store::UnreadableOrder>,
    pub progress: WindowProgress,
    /// The page's orders inside the window (a cut window's last page may reach past its end).
    pub counted: u64,
}

/// A backfill's progress as the events report it.
#[derive(Debug, Default)]
pub(crate) struct BackfillCounters {
    pub fetched: AtomicU64,
    pub total: AtomicU64,
    pub windows_done: AtomicU32,
    pub windows_total: AtomicU32,
}

impl BackfillCounters {
    pub fn view(&self, shop_id: &str, job_id: i64, finished: bool) -> BackfillProgressView {
        BackfillProgressView {
            shop_id: shop_id.to_owned(),
            job_id,
            fetched: self.fetched.load(Ordering::Relaxed),
            total: self.total.load(Ordering::Relaxed),
            windows_done: self.windows_done.load(Ordering::Relaxed),
            windows_total: self.windows_total.load(Ordering::Relaxed),
            finished,
        }
    }
}

/// The sending side of a backfill's writer.
#[derive(Clone)]
pub(crate) struct PageSender(mpsc::Sender<PageWrite>);

impl PageSender {
    /// Queues a page. The writer stops only when the backfill is cancelled or when it failed,
    /// and then its own result says why: the worker reports `Cancelled`, never a second error.
    pub async fn send(&self, page: PageWrite) -> CoreResult<()> {
        self.0.send(page).await.map_err(|_| CoreError::Cancelled)
    }
}

impl Shopdock {
    /// Starts the writer of one backfill. It ends once every sender is dropped and everything
    /// queued is stored, or with the first error it met, or `Cancelled` when the backfill is
    /// cancelled (pages still queued then are dropped: their progress was not recorded, so a
    /// resumed backfill fetches them again).
    pub(crate) fn spawn_backfill_writer(
        &self,
        shop_id: &str,
        job_id: i64,
        counters: Arc<BackfillCounters>,
        cancel: CancellationToken,
    ) -> (PageSender, JoinHandle<CoreResult<()>>) {
        let (tx, mut rx) = mpsc::channel::<PageWrite>(QUEUED_PAGES);
        let (app, shop_id) = (self.clone(), shop_id.to_owned());
        let task = tokio::spawn(async move {
            while let Some(first) = rx.recv().await {
                let pages = gather(first, &mut rx).await;
                if cancel.is_cancelled() {
                    return Err(CoreError::Cancelled);
                }
                let (back, stored) = app.store_pages(&shop_id, pages, rx, &cancel).await?;
                rx = back;
                app.report_stored(&shop_id, job_id, stored, &counters);
            }
            Ok(())
        });
        (PageSender(tx), task)
    }

    /// Stores the `gathered` pages and, in the same transaction, the pages that queued up until
    /// the write lock was free (taken only once it is held: while other shops' backfills
    /// write, more of this one's pages arrive, and a larger transaction costs less per order).
    /// Once the backfill is cancelled, no further page is stored.
    async fn store_pages(
        &self,
        shop_id: &str,
        gathered: Vec<PageWrite>,
        mut rx: mpsc::Receiver<PageWrite>,
        cancel: &CancellationToken,
    ) -> CoreResult<(mpsc::Receiver<PageWrite>, Stored)> {
        let (id, cancel) = (shop_id.to_owned(), cancel.clone());
        let now = self.now();
        self.db(move |s| {
            // The pages stored, freed once the write lock is released: freeing thousands of
            // orders while holding it kept other shops' writers waiting.
            let mut spent = Vec::new();
            let stored = s.write(|tx| {
                let mut stored = Stored::default();
                let mut gathered = gathered.into_iter();
                // The gathered pages, then what queued while the lock was awaited; none once
                // the backfill is cancelled (what was written commits with its progress, and
                // a resumed backfill fetches the rest again).
                while !cancel.is_cancelled() {
                    let next = gathered.next().or_else(|| {
                        if stored.orders < MAX_ORDERS_PER_WRITE {
                            rx.try_recv().ok()
                        } else {
                            None
                        }
                    });
                    let Some(p) = next else { break };
                    let up = super::engine::write_page(tx, &id, &p.records, &p.unreadable, now)?;
                    tx.record_window_progress(&p.progress)?;
                    stored.add(&p, up.inserted(), up.updated);
                    spent.push(p);
                }
                Ok(stored)
            })?;
            drop(spent);
            Ok((rx, stored))
        })
        .await
    }

    /// Adds what a transaction stored to the progress and reports it in events.
    fn report_stored(
        &self,
        shop_id: &str,
        job_id: i64,
        stored: Stored,
        counters: &BackfillCounters,
    ) {
        let Stored {
            counted,
            done,
            inserted,
            updated,
            unreadable,
            ..
        } = stored;
        counters.fetched.fetch_add(counted, Ordering::Relaxed);
        counters.windows_done.fetch_add(done, Ordering::Relaxed);
        self.emit_orders_changed(shop_id, inserted, updated, unreadable);
        self.emit(CoreEvent::BackfillProgress {
            progress: counters.view(shop_id, job_id, false),
        });
    }
}

/// What one transaction of the writer stored.
#[derive(Default)]
struct Stored {
    /// Orders written (the cap on a transaction).
    orders: usize,
    /// Orders inside their windows (the progress bar's count).
    counted: u64,
    /// Windows finished.
    done: u32,
    inserted: usize,
    updated: usize,
    /// Orders stored as unreadable.
    unreadable: usize,
}

impl Stored {
    fn add(&mut self, page: &PageWrite, inserted: usize, updated: usize) {
        self.orders += page.records.len();
        self.counted += page.counted;
        self.done += u32::from(page.progress.done);
        self.inserted += inserted;
        self.updated += updated;
        self.unreadable += page.unreadable.len();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use shopdock_store::WindowProgress;

    fn page(window_id: i64, orders: usize) -> PageWrite {
        PageWrite {
            records: vec![OrderRecord::default(); orders],
            unreadable: Vec::new(),
            progress: WindowProgress {
                window_id,
                fetched: orders as u64,
                cursor: None,
                done: false,
            },
            counted: orders as u64,
        }
    }

    fn windows(pages: &[PageWrite]) -> Vec<i64> {
        pages.iter().map(|p| p.progress.window_id).collect()
    }

    #[tokio::test(start_paused = true)]
    async fn pages_arriving_within_the_linger_share_one_transaction_and_later_ones_wait() {
        let (tx, mut rx) = mpsc::channel(QUEUED_PAGES);
        let sender = tokio::spawn(async move {
            for (id, after_ms) in [(2, 100), (3, 100), (4, 100)] {
                tokio::time::sleep(Duration::from_millis(after_ms)).await;
                tx.send(page(id, 100)).await.expect("send");
            }
            tx
        });
        let started = tokio::time::Instant::now();
        let gathered = gather(page(1, 100), &mut rx).await;
        assert_eq!(
            windows(&gathered),
            [1, 2, 3],
            "pages 2 and 3 came within 250 ms"
        );
        assert_eq!(started.elapsed(), LINGER);
        let _tx = sender.await.expect("sender");
        let next = rx.recv().await.expect("page 4");
        assert_eq!(
            next.progress.window_id, 4,
            "page 4 starts the next transaction"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn a_full_transaction_or_the_windows_end_stops_the_wait_at_once() {
        let (tx, mut rx) = mpsc::channel(64);
        for id in 2..=45 {
            tx.send(page(id, 100)).await.expect("send");
        }
        let started = tokio::time::Instant::now();
        let gathered = gather(page(1, 100), &mut rx).await;
        assert_eq!(
            gathered.len(),
            MAX_ORDERS_PER_WRITE / 100,
            "a transaction's worth"
        );
        assert_eq!(started.elapsed(), Duration::ZERO);
        drop(tx);
        let rest = gather(rx.recv().await.expect("page"), &mut rx).await;
        assert_eq!(rest.len(), 45 - MAX_ORDERS_PER_WRITE / 100);
        assert_eq!(
            started.elapsed(),
            Duration::ZERO,
            "a closed channel ends the wait"
        );
    }
}
