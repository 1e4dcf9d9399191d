//! Get Statements and Get Payments, page by page, each page stored in one transaction with
//! the incremental import's watermark (the newest time it holds), so the watermark never
//! runs ahead of what is stored.

use super::convert;
use super::window::Window;
use crate::errors::CoreResult;
use crate::Shopdock;
use shopdock_store::WatermarkUpdate;
use shopdock_tiktok::finance::{PaymentsQuery, StatementsQuery};
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

impl Shopdock {
    /// Reads the statements of `window` (oldest first).
    pub(crate) async fn read_statements(
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
            let query = StatementsQuery {
                statement_time_ge: Some(window.ge),
                statement_time_lt: window.lt,
                page_token: token.take(),
                ..StatementsQuery::default()
            };
            let page = self
                .call_retrying(shop_id, cancel, |s| {
                    let query = query.clone();
                    async move {
                        s.client
                            .statements(&s.access_token, &s.shop_cipher, &query)
                            .await
                    }
                })
                .await?;
            let records: Vec<_> = page
                .statements
                .iter()
                .filter_map(convert::statement)
                .collect();
            let skipped = page.undecodable.len() + page.statements.len() - records.len();
            if skipped > 0 {
                tracing::warn!(shop = %shop_id, skipped, "statements Shopdock could not read were left out");
            }
            out.unreadable += skipped as u32;
            let update = mark.after(STATEMENTS_JOB, records.iter().map(|r| r.statement_time));
            let (id, now) = (shop_id.to_owned(), self.now());
            let stored = self
                .db(move |s| {
                    s.write(|tx| {
                        let stored = tx.upsert_statements(&id, &records, now)?;
                        if let Some(u) = &update {
                            tx.set_watermark(&id, u)?;
                        }
                        Ok(stored)
                    })
                })
                .await?;
            out.read += stored.inserted + stored.updated;
            out.new += stored.inserted;
            match page.next_page_token {
                Some(t) => token = Some(t),
                None => return Ok(out),
            }
        }
    }

    /// Reads the payments created in `window` (oldest first).
    pub(crate) async fn read_payments(
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
            let query = PaymentsQuery {
                create_time_ge: Some(window.ge),
                create_time_lt: window.lt,
                page_token: token.take(),
                ..PaymentsQuery::default()
            };
            let page = self
                .call_retrying(shop_id, cancel, |s| {
                    let query = query.clone();
                    async move {
                        s.client
                            .payments(&s.access_token, &s.shop_cipher, &query)
                            .await
                    }
                })
                .await?;
            let records: Vec<_> = page.payments.iter().filter_map(convert::payment).collect();
            let skipped = page.undecodable.len() + page.payments.len() - records.len();
            if skipped > 0 {
                tracing::warn!(shop = %shop_id, skipped, "payments Shopdock could not read were left out");
            }
            out.unreadable += skipped as u32;
            let update = mark.after(PAYMENTS_JOB, records.iter().filter_map(|r| r.create_time));
            let (id, now) = (shop_id.to_owned(), self.now());
            let stored = self
                .db(move |s| {
                    s.write(|tx| {
                        let stored = tx.upsert_payments(&id, &records, now)?;
                        if let Some(u) = &update {
                            tx.set_watermark(&id, u)?;
                        }
                        Ok(stored)
                    })
                })
                .await?;
            out.read += stored.inserted + stored.updated;
            out.new += stored.inserted;
            match page.next_page_token {
                Some(t) => token = Some(t),
                None => return Ok(out),
            }
        }
    }
}
