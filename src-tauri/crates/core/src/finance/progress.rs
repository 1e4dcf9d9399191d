//! A finance import's counters and its progress events (at most a few a second, and always
//! when a step starts or the import ends).

use super::views::FinanceImportProgressView;
use crate::words::FinanceImportStep;
use crate::{CoreEvent, Shopdock};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The least time between two progress events of one import.
const EVENT_EVERY: Duration = Duration::from_millis(250);

#[derive(Debug)]
pub(crate) struct Progress {
    pub shop_id: String,
    step: Mutex<FinanceImportStep>,
    pub statements_done: AtomicU64,
    pub statements_total: AtomicU64,
    pub orders_done: AtomicU64,
    pub orders_total: AtomicU64,
    /// Transactions stored by this run.
    pub transactions: AtomicU64,
    /// Settled orders whose transactions this run stored.
    pub orders: AtomicU64,
    last_event: Mutex<Option<Instant>>,
}

impl Progress {
    pub fn new(shop_id: &str) -> Self {
        Self {
            shop_id: shop_id.to_owned(),
            step: Mutex::new(FinanceImportStep::Statements),
            statements_done: AtomicU64::new(0),
            statements_total: AtomicU64::new(0),
            orders_done: AtomicU64::new(0),
            orders_total: AtomicU64::new(0),
            transactions: AtomicU64::new(0),
            orders: AtomicU64::new(0),
            last_event: Mutex::new(None),
        }
    }

    pub fn add(counter: &AtomicU64, n: u64) {
        counter.fetch_add(n, Ordering::Relaxed);
    }

    pub fn get(counter: &AtomicU64) -> u64 {
        counter.load(Ordering::Relaxed)
    }

    pub fn set(counter: &AtomicU64, n: u64) {
        counter.store(n, Ordering::Relaxed);
    }

    pub fn view(&self, finished: bool) -> FinanceImportProgressView {
        let done = |c: &AtomicU64| Self::get(c);
        FinanceImportProgressView {
            shop_id: self.shop_id.clone(),
            step: *self.step.lock().unwrap_or_else(|p| p.into_inner()),
            statements_done: done(&self.statements_done),
            statements_total: done(&self.statements_total).max(done(&self.statements_done)),
            orders_done: done(&self.orders_done),
            orders_total: done(&self.orders_total).max(done(&self.orders_done)),
            finished,
        }
    }

    /// Enters `step` and tells the window at once.
    pub fn start_step(&self, app: &Shopdock, step: FinanceImportStep) {
        *self.step.lock().unwrap_or_else(|p| p.into_inner()) = step;
        self.emit(app, true, false);
    }

    /// Tells the window, unless it was told less than [`EVENT_EVERY`] ago (`force`: always).
    pub fn emit(&self, app: &Shopdock, force: bool, finished: bool) {
        {
            let mut last = self.last_event.lock().unwrap_or_else(|p| p.into_inner());
            if !force && last.is_some_and(|t| t.elapsed() < EVENT_EVERY) {
                return;
            }
            *last = Some(Instant::now());
        }
        app.emit(CoreEvent::FinanceImportProgress {
            progress: self.view(finished),
        });
    }
}
