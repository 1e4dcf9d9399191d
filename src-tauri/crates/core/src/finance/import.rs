//! A shop's finance import, in steps: the statements (Get Statements, by statement time),
//! the payouts where the market has Get Payments, the transactions of every statement not
//! read whole yet, then Get Order Transactions for every settled order not asked yet.
//!
//! Without a range the import is incremental ([`super::window::incremental`]); with one it
//! reads the statements of those days (a backfill) and leaves the watermarks alone. Every
//! step stores page by page with its progress, so a cancelled, failed or killed import
//! resumes where it stopped when it runs again with the same range: the statements are
//! listed again (a few calls), and only the transactions not stored yet are read. The
//! settled orders not asked yet are asked by whichever import runs next.

use super::lists::{Mark, Payments, Statements, PAYMENTS_JOB, STATEMENTS_JOB};
use super::progress::Progress;
use super::views::FinanceImportSummary;
use super::window::{self, ListState, Window, OPEN_PAYMENT_SECS};
use crate::api::{ApiError, FormField};
use crate::errors::{CoreError, CoreResult};
use crate::shop_jobs::{JobClaim, ShopJobs};
use crate::words::FinanceImportStep;
use crate::{CoreEvent, Shopdock};
use shopdock_tiktok::finance::{payments_available, US_CROSS_BORDER_TRANSACTIONS_SINCE};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use tokio_util::sync::CancellationToken;

/// The days `[from, to)` (Unix seconds) whose statements a backfill reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, serde::Serialize, ts_rs::TS)]
pub struct FinanceRange {
    pub from: i64,
    pub to: i64,
}

/// The imports running in this process, and when each shop's last automatic one started.
#[derive(Debug, Default)]
pub(crate) struct FinanceRuntime {
    pub running: ShopJobs,
    pub last_auto: Mutex<HashMap<String, i64>>,
}

/// What the market lets a shop read.
struct Market {
    payments: bool,
    /// US cross-border sellers' transactions start on 2025-04-30.
    transactions_since: Option<i64>,
}

fn market(rec: &shopdock_store::ShopRecord) -> Market {
    let auth = rec.authorization.as_ref();
    let region = auth.and_then(|a| a.shop_region.clone()).unwrap_or_default();
    let cross_border = auth
        .and_then(|a| a.seller_type.as_deref())
        .is_some_and(|t| t.eq_ignore_ascii_case("CROSS_BORDER"));
    Market {
        // An unknown region is asked: Get Payments is there everywhere but SEA.
        payments: payments_available(&region),
        transactions_since: (region.eq_ignore_ascii_case("US") && cross_border)
            .then_some(US_CROSS_BORDER_TRANSACTIONS_SINCE),
    }
}

impl Shopdock {
    /// Imports the shop's finances and waits for the end: incremental without `range`, the
    /// statements of the days `range` covers with one. Progress arrives as
    /// [`CoreEvent::FinanceImportProgress`]; `cancel` stops it with everything stored so far
    /// kept, and the next import resumes.
    pub async fn import_finance(
        &self,
        shop_id: &str,
        range: Option<FinanceRange>,
        cancel: CancellationToken,
    ) -> Result<FinanceImportSummary, ApiError> {
        validate(range)?;
        self.shop_record(shop_id).await?;
        let _running = self.claim_finance_import(shop_id, &cancel)?;
        Ok(self.finance_inner(shop_id, range, &cancel).await?)
    }

    /// [`Self::import_finance`] in the background (one per shop at a time); progress and the
    /// end arrive as events, an early end as [`CoreEvent::FinanceImportStopped`].
    pub async fn start_finance_import(
        &self,
        shop_id: &str,
        range: Option<FinanceRange>,
    ) -> Result<(), ApiError> {
        validate(range)?;
        self.shop_record(shop_id).await?;
        let cancel = CancellationToken::new();
        let running = self.claim_finance_import(shop_id, &cancel)?;
        let (app, shop_id) = (self.clone(), shop_id.to_owned());
        tokio::spawn(async move {
            let _running = running;
            if let Err(e) = app.finance_inner(&shop_id, range, &cancel).await {
                tracing::warn!(shop = %shop_id, error = %e, "finance import stopped");
                app.emit(CoreEvent::FinanceImportStopped {
                    shop_id,
                    error: ApiError::from(&e),
                });
            }
        });
        Ok(())
    }

    /// Cancels the shop's running finance import, if any (what it stored is kept).
    pub fn cancel_finance_import(&self, shop_id: &str) {
        self.inner.finance.running.cancel(shop_id);
    }

    /// Whether a finance import of the shop runs in this process.
    pub fn finance_import_running(&self, shop_id: &str) -> bool {
        self.inner.finance.running.is_running(shop_id)
    }

    pub(crate) fn claim_finance_import(
        &self,
        shop_id: &str,
        cancel: &CancellationToken,
    ) -> CoreResult<JobClaim> {
        self.inner.finance.running.claim(
            shop_id,
            cancel,
            "The finances of this shop are being imported already.",
        )
    }

    /// Where an incremental read of `job` starts.
    async fn list_state(&self, shop_id: &str, job: &'static str) -> CoreResult<ListState> {
        let id = shop_id.to_owned();
        let since = self.now() - OPEN_PAYMENT_SECS;
        self.db(move |s| {
            Ok(ListState {
                watermark: s.sync_state(&id, job)?.map(|st| st.watermark),
                oldest_unpaid: if job == STATEMENTS_JOB {
                    s.oldest_unpaid_statement(&id, since)?
                } else {
                    s.oldest_unpaid_payment(&id, since)?
                },
            })
        })
        .await
    }

    pub(crate) async fn finance_inner(
        &self,
        shop_id: &str,
        range: Option<FinanceRange>,
        cancel: &CancellationToken,
    ) -> CoreResult<FinanceImportSummary> {
        let rec = self.shop_record(shop_id).await?;
        let market = market(&rec);
        let now = self.now();
        let progress = Arc::new(Progress::new(shop_id));
        let mut summary = FinanceImportSummary {
            shop_id: shop_id.to_owned(),
            ..FinanceImportSummary::default()
        };

        progress.start_step(self, FinanceImportStep::Statements);
        let (statements, mark) = match range {
            Some(r) => (window::range_statements(r.from, r.to), Mark::Keep),
            None => {
                let state = self.list_state(shop_id, STATEMENTS_JOB).await?;
                (
                    window::incremental(state, now),
                    Mark::Advance(state.watermark),
                )
            }
        };
        let read = self
            .read_list::<Statements>(shop_id, statements, mark, cancel)
            .await?;
        (summary.statements, summary.statements_new) = (read.read, read.new);
        summary.unreadable += read.unreadable;

        if market.payments {
            progress.start_step(self, FinanceImportStep::Payments);
            let (payments, mark) = match range {
                Some(r) => (window::range_payments(r.from, r.to), Mark::Keep),
                None => {
                    let state = self.list_state(shop_id, PAYMENTS_JOB).await?;
                    (
                        window::incremental(state, now),
                        Mark::Advance(state.watermark),
                    )
                }
            };
            let read = self
                .read_list::<Payments>(shop_id, payments, mark, cancel)
                .await?;
            summary.payments = read.read;
            summary.unreadable += read.unreadable;
        }

        let reachable = Window {
            ge: statements
                .ge
                .max(market.transactions_since.unwrap_or(i64::MIN)),
            lt: statements.lt,
        };
        let (id, (ge, lt)) = (shop_id.to_owned(), (statements.ge, statements.end()));
        let ((listed, done), pending) = self
            .db(move |s| {
                Ok((
                    s.statements_done(&id, ge, lt)?,
                    s.statements_pending_transactions(&id, reachable.ge, reachable.end())?,
                ))
            })
            .await?;
        Progress::set(&progress.statements_total, listed);
        Progress::set(&progress.statements_done, done);
        progress.start_step(self, FinanceImportStep::Transactions);
        let transactions = self
            .read_transactions(shop_id, pending, cancel, &progress)
            .await;
        summary.transactions = Progress::get(&progress.transactions);
        self.tell_finance_changed(shop_id, &summary);
        transactions?;

        progress.start_step(self, FinanceImportStep::Orders);
        let orders = self
            .read_order_settlements(shop_id, cancel, &progress)
            .await;
        summary.orders = Progress::get(&progress.orders);
        if summary.orders > 0 {
            self.emit(CoreEvent::FinanceChanged {
                shop_id: shop_id.to_owned(),
            });
        }
        orders?;
        progress.emit(self, true, true);
        tracing::info!(shop = %shop_id, ?summary, "finance import finished");
        Ok(summary)
    }

    fn tell_finance_changed(&self, shop_id: &str, summary: &FinanceImportSummary) {
        if summary.statements > 0 || summary.payments > 0 || summary.transactions > 0 {
            self.emit(CoreEvent::FinanceChanged {
                shop_id: shop_id.to_owned(),
            });
        }
    }

    /// Asks TikTok what one order earned now (Get Order Transactions), stores it, and
    /// returns the order's earnings: for the drawer of an order whose statement is not
    /// imported, or to check one.
    pub async fn refresh_order_earnings(
        &self,
        shop_id: &str,
        order_id: &str,
    ) -> Result<super::views::OrderEarningsView, ApiError> {
        self.shop_record(shop_id).await?;
        let answer = self
            .order_settlement(shop_id, order_id, &CancellationToken::new())
            .await?;
        let (shop, now) = (shop_id.to_owned(), self.now());
        self.db(move |s| s.write(|tx| tx.store_order_settlement(&shop, &answer, now)))
            .await?;
        self.emit(CoreEvent::FinanceChanged {
            shop_id: shop_id.to_owned(),
        });
        self.order_earnings(shop_id, order_id).await
    }
}

fn validate(range: Option<FinanceRange>) -> CoreResult<()> {
    match range {
        Some(r) if r.to <= r.from => Err(CoreError::field(
            FormField::To,
            "The end date must be after the start date.",
        )),
        _ => Ok(()),
    }
}
