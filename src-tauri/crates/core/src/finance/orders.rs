//! Each settled order's transactions (Get Order Transactions): the units TikTok settled per
//! SKU, which the seller's costs multiply. Many calls in flight (each waits for the shop's
//! rate limiter), their answers stored by one writer in groups, each group in one
//! transaction that also marks its orders as asked: a cancelled import asks only the orders
//! still unasked when it runs again.

use super::convert;
use super::progress::Progress;
use crate::errors::{CoreError, CoreResult};
use crate::Shopdock;
use shopdock_store::finance::OrderSettlementRecord;
use shopdock_tiktok::Action;
use std::sync::Arc;
use tokio::sync::{mpsc, Semaphore};
use tokio_util::sync::CancellationToken;

/// Calls in flight: enough to hide a 150 ms round trip at 50 requests a second.
const ORDER_CALLS: usize = 16;
/// Orders read from the store per batch of work.
const BATCH: u32 = 1_000;
/// The most answers one transaction stores.
const MAX_PER_WRITE: usize = 200;

impl Shopdock {
    /// Asks Get Order Transactions for every settled order of the shop not asked yet.
    pub(crate) async fn read_order_settlements(
        &self,
        shop_id: &str,
        cancel: &CancellationToken,
        progress: &Arc<Progress>,
    ) -> CoreResult<()> {
        let id = shop_id.to_owned();
        let (done, waiting) = self.db(move |s| s.order_skus_progress(&id)).await?;
        Progress::set(&progress.orders_done, done);
        Progress::set(&progress.orders_total, done + waiting);
        progress.emit(self, true, false);
        if waiting == 0 {
            return Ok(());
        }
        let run = cancel.child_token();
        let (tx, rx) = mpsc::channel(MAX_PER_WRITE * 2);
        let writer = tokio::spawn({
            let (app, shop, run, progress) = (
                self.clone(),
                shop_id.to_owned(),
                run.clone(),
                progress.clone(),
            );
            async move {
                let result = app.write_settlements(&shop, rx, &progress).await;
                if result.is_err() {
                    run.cancel();
                }
                result
            }
        });
        let asked = self.ask_orders(shop_id, tx, &run).await;
        if asked.is_err() {
            run.cancel();
        }
        let written = writer
            .await
            .unwrap_or_else(|e| Err(CoreError::Internal(e.to_string())));
        // The writer's own failure explains a `Cancelled` of the calls.
        match (asked, written) {
            (_, Err(e)) if !matches!(e, CoreError::Cancelled) => Err(e),
            (Err(e), _) | (Ok(()), Err(e)) => Err(e),
            (Ok(()), Ok(())) => Ok(()),
        }
    }

    /// Sends each unasked order's answer to the writer; ends when every call has ended.
    async fn ask_orders(
        &self,
        shop_id: &str,
        tx: mpsc::Sender<OrderSettlementRecord>,
        run: &CancellationToken,
    ) -> CoreResult<()> {
        let slots = Arc::new(Semaphore::new(ORDER_CALLS));
        let mut calls = tokio::task::JoinSet::new();
        let mut after: Option<String> = None;
        let mut first_error: Option<CoreError> = None;
        'batches: loop {
            let (id, from) = (shop_id.to_owned(), after.clone());
            let batch = self
                .db(move |s| s.orders_awaiting_skus(&id, from.as_deref(), BATCH))
                .await?;
            let Some(last) = batch.last() else { break };
            after = Some(last.clone());
            for order_id in batch {
                let slot = tokio::select! {
                    _ = run.cancelled() => break 'batches,
                    s = slots.clone().acquire_owned() => s,
                };
                let Ok(slot) = slot else { break 'batches };
                while let Some(joined) = calls.try_join_next() {
                    if let Err(e) =
                        joined.unwrap_or_else(|e| Err(CoreError::Internal(e.to_string())))
                    {
                        run.cancel();
                        first_error.get_or_insert(e);
                        break 'batches;
                    }
                }
                let (app, shop, tx, run) =
                    (self.clone(), shop_id.to_owned(), tx.clone(), run.clone());
                calls.spawn(async move {
                    let _slot = slot;
                    let answer = app.order_settlement(&shop, &order_id, &run).await?;
                    tx.send(answer).await.map_err(|_| CoreError::Cancelled)
                });
            }
        }
        drop(tx);
        while let Some(joined) = calls.join_next().await {
            if let Err(e) = joined.unwrap_or_else(|e| Err(CoreError::Internal(e.to_string()))) {
                run.cancel();
                if first_error.is_none() || matches!(first_error, Some(CoreError::Cancelled)) {
                    first_error = Some(e);
                }
            }
        }
        if let Some(e) = first_error {
            return Err(e);
        }
        if run.is_cancelled() {
            return Err(CoreError::Cancelled);
        }
        Ok(())
    }

    /// One order's Get Order Transactions answer. An order TikTok refuses as a bad request
    /// (an id it does not know) is answered as settled with no SKUs, so it is not asked
    /// forever; anything else that a retry cannot fix stops the import.
    pub(crate) async fn order_settlement(
        &self,
        shop_id: &str,
        order_id: &str,
        cancel: &CancellationToken,
    ) -> CoreResult<OrderSettlementRecord> {
        let result = self
            .call_retrying_through_token_churn(shop_id, cancel, |s| {
                let id = order_id.to_owned();
                async move {
                    s.client
                        .order_transactions(&s.access_token, &s.shop_cipher, &id)
                        .await
                }
            })
            .await;
        match result {
            Ok(answer) => {
                if !answer.undecodable.is_empty() {
                    tracing::warn!(shop = %shop_id, order = %order_id, skipped = answer.undecodable.len(), "SKU transactions Shopdock could not read were left out");
                }
                Ok(convert::order_settlement(order_id, &answer.data))
            }
            Err(CoreError::TikTok(e))
                if e.action() == Action::FixRequest
                    && e.api_code() != Some(shopdock_tiktok::codes::ACCESS_TOKEN_INVALID) =>
            {
                tracing::warn!(shop = %shop_id, order = %order_id, error = %e, "TikTok refused the order's transactions; not asked again");
                Ok(OrderSettlementRecord {
                    order_id: order_id.to_owned(),
                    ..OrderSettlementRecord::default()
                })
            }
            Err(e) => Err(e),
        }
    }

    /// Stores the answers as they come, as many as have queued up in one transaction.
    async fn write_settlements(
        &self,
        shop_id: &str,
        mut rx: mpsc::Receiver<OrderSettlementRecord>,
        progress: &Progress,
    ) -> CoreResult<()> {
        while let Some(first) = rx.recv().await {
            let mut batch = vec![first];
            while batch.len() < MAX_PER_WRITE {
                match rx.try_recv() {
                    Ok(next) => batch.push(next),
                    Err(_) => break,
                }
            }
            let n = batch.len() as u64;
            let (shop, now) = (shop_id.to_owned(), self.now());
            self.db(move |s| {
                s.write(|tx| {
                    batch
                        .iter()
                        .try_for_each(|a| tx.store_order_settlement(&shop, a, now))
                })
            })
            .await?;
            Progress::add(&progress.orders_done, n);
            Progress::add(&progress.orders, n);
            progress.emit(self, false, false);
        }
        Ok(())
    }
}
