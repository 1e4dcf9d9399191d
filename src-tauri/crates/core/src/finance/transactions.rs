//! Each statement's transactions (Get Statement Transactions), several statements at once,
//! each paged from where it stopped: a page is stored with the statement's page token in one
//! transaction, so a cancelled or killed import goes on from the next page. A token TikTok no
//! longer accepts starts the statement again (the upserts make the repeat harmless).

use super::convert;
use super::progress::Progress;
use crate::errors::{CoreError, CoreResult};
use crate::Shopdock;
use shopdock_store::finance::{PendingStatement, TransactionsProgress};
use shopdock_tiktok::finance::StatementTransactionsQuery;
use shopdock_tiktok::Action;
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use tokio_util::sync::CancellationToken;

/// Statements paged at once: enough to hide a 150 ms round trip at 50 requests a second.
const STATEMENT_WORKERS: usize = 10;

impl Shopdock {
    /// Reads the transactions of `pending`, oldest statement first.
    pub(crate) async fn read_transactions(
        &self,
        shop_id: &str,
        pending: Vec<PendingStatement>,
        cancel: &CancellationToken,
        progress: &Arc<Progress>,
    ) -> CoreResult<()> {
        let queue = Arc::new(Mutex::new(VecDeque::from(pending)));
        let run = cancel.child_token();
        let mut workers = tokio::task::JoinSet::new();
        for _ in 0..STATEMENT_WORKERS {
            let (app, shop, queue, run, progress) = (
                self.clone(),
                shop_id.to_owned(),
                queue.clone(),
                run.clone(),
                progress.clone(),
            );
            workers.spawn(async move {
                loop {
                    let next = queue.lock().unwrap_or_else(|p| p.into_inner()).pop_front();
                    let Some(statement) = next else { return Ok(()) };
                    app.read_statement(&shop, statement, &run, &progress)
                        .await?;
                    Progress::add(&progress.statements_done, 1);
                    progress.emit(&app, false, false);
                }
            });
        }
        let mut first_error = None;
        while let Some(joined) = workers.join_next().await {
            let result = joined.unwrap_or_else(|e| Err(CoreError::Internal(e.to_string())));
            if let Err(e) = result {
                run.cancel();
                // A worker's `Cancelled` only echoes the failure that cancelled the run.
                if first_error.is_none() || matches!(first_error, Some(CoreError::Cancelled)) {
                    first_error = Some(e);
                }
            }
        }
        first_error.map_or(Ok(()), Err)
    }

    /// Pages one statement's transactions to the end.
    async fn read_statement(
        &self,
        shop_id: &str,
        statement: PendingStatement,
        cancel: &CancellationToken,
        progress: &Progress,
    ) -> CoreResult<()> {
        let id = statement.statement_id;
        let mut token = statement.cursor;
        loop {
            let query = StatementTransactionsQuery {
                page_token: token.clone(),
                ..StatementTransactionsQuery::default()
            };
            let result = self
                .call_retrying_through_token_churn(shop_id, cancel, |s| {
                    let (query, id) = (query.clone(), id.clone());
                    async move {
                        s.client
                            .statement_transactions(&s.access_token, &s.shop_cipher, &id, &query)
                            .await
                    }
                })
                .await;
            let page = match result {
                Err(CoreError::TikTok(e))
                    if token.is_some() && e.action() == Action::FixRequest =>
                {
                    tracing::info!(shop = %shop_id, statement = %id, error = %e, "stale page token; reading the statement again");
                    token = None;
                    continue;
                }
                other => other?,
            };
            let next = page.next_page_token().map(str::to_owned);
            if !page.undecodable.is_empty() {
                tracing::warn!(shop = %shop_id, statement = %id, skipped = page.undecodable.len(), "transactions Shopdock could not read were left out");
            }
            let records: Vec<_> = page
                .data
                .transactions
                .iter()
                .filter(|t| !t.id.trim().is_empty())
                .map(convert::transaction)
                .collect();
            let totals = convert::totals(&page.data);
            let step = TransactionsProgress {
                done: next.is_none(),
                cursor: next.clone(),
            };
            let (shop, statement_id, now) = (shop_id.to_owned(), id.clone(), self.now());
            let count = records.len() as u64;
            self.db(move |s| {
                s.write(|tx| {
                    tx.store_statement_transactions(
                        &shop,
                        &statement_id,
                        &totals,
                        &records,
                        &step,
                        now,
                    )
                })
            })
            .await?;
            Progress::add(&progress.transactions, count);
            match next {
                Some(t) => token = Some(t),
                None => return Ok(()),
            }
        }
    }
}
