//! Pushing a shop's stock and prices on request (the CLI's `stock push`, the window's "Push
//! now"), and waiting until TikTok has them.

use crate::errors::CoreResult;
use crate::{ApiError, Shopdock};
use shopdock_store::outbox::{OutboxFilter, OutboxKind, OutboxState};
use shopdock_store::SyncKind;
use std::time::Duration;

/// How soon a failed row must be due again to be waited for (a push waiting a few seconds for
/// orders, a rate limit); later ones (a product not live, retried hourly) are not.
const WAIT_FOR_RETRIES_WITHIN_SECS: i64 = 30;

impl Shopdock {
    /// Pushes the stock (and, with price upload on, the prices) of every linked product of the
    /// shop now: queued as one row per product, sent by the drainer. The shop's orders should
    /// be downloaded first (the CLI does), so no figure misses an order. Returns how many
    /// products were queued.
    pub async fn push_stock_now(&self, shop_id: &str) -> Result<u32, ApiError> {
        Ok(self.push_stock_now_inner(shop_id).await?)
    }

    async fn push_stock_now_inner(&self, shop_id: &str) -> CoreResult<u32> {
        self.shop_record(shop_id).await?;
        let shop = shop_id.to_owned();
        let marked = self
            .db(move |s| {
                let n = s.mark_shop_for_sync(SyncKind::Stock, &shop)?;
                s.mark_shop_for_sync(SyncKind::Price, &shop)?;
                Ok(n)
            })
            .await?;
        self.flush_sync_marks(false).await?;
        Ok(marked as u32)
    }

    /// Queues the pushes of every change marked so far at once (the supervisor otherwise lets a
    /// burst settle for a tick first). For the CLI, which runs no supervisor, and tests.
    pub async fn flush_stock_changes(&self) -> Result<u32, ApiError> {
        Ok(self.flush_sync_marks(false).await? as u32)
    }

    /// Sends the shop's queued stock and price pushes and waits (at most `limit`) until none is
    /// left to send soon, downloading the shop's orders when a push waits for them. Returns
    /// whether everything settled in time; the rows waiting for the seller say why.
    pub async fn wait_for_stock_pushes(
        &self,
        shop_id: &str,
        limit: Duration,
    ) -> Result<bool, ApiError> {
        Ok(self.wait_for_stock_pushes_inner(shop_id, limit).await?)
    }

    async fn wait_for_stock_pushes_inner(
        &self,
        shop_id: &str,
        limit: Duration,
    ) -> CoreResult<bool> {
        let deadline = tokio::time::Instant::now() + limit;
        loop {
            self.flush_sync_marks(false).await?;
            self.drain_inner(shop_id).await?;
            let soon = self.now() + WAIT_FOR_RETRIES_WITHIN_SECS;
            let shop = shop_id.to_owned();
            let left = self
                .db(move |s| {
                    Ok(s.list_outbox(&OutboxFilter {
                        shop_id: Some(shop),
                        states: vec![
                            OutboxState::Queued,
                            OutboxState::Sending,
                            OutboxState::NeedsCheck,
                            OutboxState::Failed,
                        ],
                        limit: shopdock_store::MAX_OUTBOX_PAGE,
                        ..OutboxFilter::default()
                    })?
                    .entries)
                })
                .await?
                .into_iter()
                .filter(|e| matches!(e.kind, OutboxKind::Stock | OutboxKind::Price))
                .filter(|e| {
                    e.state != OutboxState::Failed || e.next_try_at.is_some_and(|at| at < soon)
                })
                .collect::<Vec<_>>();
            if left.is_empty() {
                return Ok(true);
            }
            if tokio::time::Instant::now() >= deadline {
                return Ok(false);
            }
            let orders_pending = left.iter().any(|e| {
                e.last_error
                    .as_ref()
                    .is_some_and(|p| p.code == "orders_pending")
            });
            if orders_pending {
                self.pull_orders_inner(shop_id, &tokio_util::sync::CancellationToken::new())
                    .await?;
            }
            tokio::time::sleep(Duration::from_millis(250)).await;
        }
    }
}
