//! Get Statements and Get Payments, page by page, each page stored in one transaction with
//! the incremental import's watermark (the newest time it holds), so the watermark never
//! runs ahead of what is stored.

use super::convert;
use super::window::Window;
use crate::errors::CoreResult;
use crate::sessions::ShopSession;
use crate::Shopdock;
use shopdock_store::finance::{FinanceStored, PaymentRecord, StatementRecord};
use shopdock_store::{StoreError, WatermarkUpdate, WriteTxn};
use shopdock_tiktok::finance::{PaymentsQuery, StatementsQuery};
use shopdock_tiktok::TikTokError;
use std::future::Future;
use tokio_util::sync::CancellationToken;

/// The `sync_state` jobs of the incremental import.
pub const STATEMENTS_JOB: &str = "finance_statements";
pub const PAYMENTS_JOB: &str = "finance_payments";

/// What reading one list did.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct ListRead {
    pub read: u32,
    pub new: u32,
    pub unreadable: u32,
}

/// What a list read does with its job's watermark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mark {
    /// A range import: the watermark stays where it is.
    Keep,
    /// An incremental import: advance it from the stored one.
    Advance(Option<i64>),
}

impl Mark {
    /// The watermark after a page holding `times`, to be stored with the page.
    fn after(&mut self, job: &str, times: impl Iterator<Item = i64>) -> Option<WatermarkUpdate> {
        let Mark::Advance(w) = self else { return None };
        *w = times.chain(*w).max();
        w.map(|watermark| WatermarkUpdate {
            job: job.into(),
            watermark,
            cursor: None,
        })
    }
}

/// A page of a finance list as kept: the records Shopdock could read, how many it could not,
/// and the next page's token (`None` on the last page).
pub(crate) struct ListPage<R> {
    records: Vec<R>,
    unreadable: usize,
    next: Option<String>,
}

/// One of the finance lists read page by page (Get Statements, Get Payments): how to ask for a
/// page of a window, and how its records move the watermark and are stored.
pub(crate) trait FinanceList {
    type Record: Send + 'static;
    /// The `sync_state` job of the list's incremental import.
    const JOB: &'static str;
    /// What the log calls its records.
    const NOUN: &'static str;

    /// The page of `window` that `token` names (the first page without one).
    fn fetch(
        s: ShopSession,
        window: Window,
        token: Option<String>,
    ) -> impl Future<Output = Result<ListPage<Self::Record>, TikTokError>> + Send;

    /// The time of a record that its job's watermark follows.
    fn time(record: &Self::Record) -> Option<i64>;

    /// Stores a page's records in the caller's transaction.
    fn store(
        tx: &WriteTxn<'_>,
        shop_id: &str,
        records: &[Self::Record],
        now: i64,
    ) -> Result<FinanceStored, StoreError>;
}

/// The records of a page Shopdock could read, and how many it could not (undecodable, or
/// decoded but not convertible).
fn kept<T, R>(
    items: &[T],
    undecodable: usize,
    convert: impl Fn(&T) -> Option<R>,
) -> (Vec<R>, usize) {
    let records: Vec<R> = items.iter().filter_map(convert).collect();
    let unreadable = undecodable + items.len() - records.len();
    (records, unreadable)
}

/// Get Statements, by statement time.
pub(crate) struct Statements;

impl FinanceList for Statements {
    type Record = StatementRecord;
    const JOB: &'static str = STATEMENTS_JOB;
    const NOUN: &'static str = "statements";

    async fn fetch(
        s: ShopSession,
        window: Window,
        token: Option<String>,
    ) -> Result<ListPage<StatementRecord>, TikTokError> {
        let query = StatementsQuery {
            statement_time_ge: Some(window.ge),
            statement_time_lt: window.lt,
            page_token: token,
            ..StatementsQuery::default()
        };
        let page = s
            .client
            .statements(&s.access_token, &s.shop_cipher, &query)
            .await?;
        let (records, unreadable) =
            kept(&page.statements, page.undecodable.len(), convert::statement);
        Ok(ListPage {
            records,
            unreadable,
            next: page.next_page_token,
        })
    }

    fn time(record: &StatementRecord) -> Option<i64> {
        Some(record.statement_time)
    }

    fn store(
        tx: &WriteTxn<'_>,
        shop_id: &str,
        records: &[StatementRecord],
        now: i64,
    ) -> Result<FinanceStored, StoreError> {
        tx.upsert_statements(shop_id, records, now)
    }
}

/// Get Payments, by creation time.
pub(crate) struct Payments;

impl FinanceList for Payments {
    type Record = PaymentRecord;
    const JOB: &'static str = PAYMENTS_JOB;
    const NOUN: &'static str = "payments";

    async fn fetch(
        s: ShopSession,
        window: Window,
        token: Option<String>,
    ) -> Result<ListPage<PaymentRecord>, TikTokError> {
        let query = PaymentsQuery {
            create_time_ge: Some(window.ge),
            create_time_lt: window.lt,
            page_token: token,
            ..PaymentsQuery::default()
        };
        let page = s
            .client
            .payments(&s.access_token, &s.shop_cipher, &query)
            .await?;
        let (records, unreadable) = kept(&page.payments, page.undecodable.len(), convert::payment);
        Ok(ListPage {
            records,
            unreadable,
            next: page.next_page_token,
        })
    }

    fn time(record: &PaymentRecord) -> Option<i64> {
        record.create_time
    }

    fn store(
        tx: &WriteTxn<'_>,
        shop_id: &str,
        records: &[PaymentRecord],
        now: i64,
    ) -> Result<FinanceStored, StoreError> {
        tx.upsert_payments(shop_id, records, now)
    }
}

impl Shopdock {
    /// Reads list `L` over `window` (oldest first), each page stored with the watermark `mark`
    /// gives it.
    pub(crate) async fn read_list<L: FinanceList>(
        &self,
        shop_id: &str,
        window: Window,
        mut mark: Mark,
        cancel: &CancellationToken,
    ) -> CoreResult<ListRead> {
        let mut out = ListRead::default();
        if window.is_empty() {
            return Ok(out);
        }
        let mut token: Option<String> = None;
        loop {
            let asked = token.take();
            let page = self
                .call_retrying(shop_id, cancel, |s| L::fetch(s, window, asked.clone()))
                .await?;
            if page.unreadable > 0 {
                tracing::warn!(
                    shop = %shop_id,
                    skipped = page.unreadable,
                    "{} Shopdock could not read were left out",
                    L::NOUN
                );
            }
            out.unreadable += page.unreadable as u32;
            let records = page.records;
            let update = mark.after(L::JOB, records.iter().filter_map(L::time));
            let (id, now) = (shop_id.to_owned(), self.now());
            let stored = self
                .db(move |s| {
                    s.write(|tx| {
                        let stored = L::store(tx, &id, &records, now)?;
                        if let Some(u) = &update {
                            tx.set_watermark(&id, u)?;
                        }
                        Ok(stored)
                    })
                })
                .await?;
            out.read += stored.inserted + stored.updated;
            out.new += stored.inserted;
            match page.next {
                Some(t) => token = Some(t),
                None => return Ok(out),
            }
        }
    }
}
