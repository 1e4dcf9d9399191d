//! What the seller sees and does: the list, the counts, Retry and Dismiss.

use super::views::{counts_view, stored_kind};
use crate::api::{OutboxCountsView, OutboxEntryView, OutboxListInput};
use crate::errors::{CoreError, CoreResult};
use crate::{ApiError, CoreEvent, Shopdock};
use shopdock_store::{OutboxFilter, OutboxState, MAX_OUTBOX_PAGE};

impl Shopdock {
    /// Outgoing changes, newest first.
    pub async fn list_outbox(
        &self,
        input: OutboxListInput,
    ) -> Result<Vec<OutboxEntryView>, ApiError> {
        let filter = OutboxFilter {
            shop_id: input.shop_id,
            kind: input.kind.map(stored_kind),
            states: if input.failed_only {
                OutboxState::PROBLEMS.to_vec()
            } else {
                Vec::new()
            },
            before_id: input.before_id,
            limit: input.limit.unwrap_or(100).min(MAX_OUTBOX_PAGE),
        };
        let page = self.db(move |s| s.list_outbox(&filter)).await?;
        Ok(page
            .entries
            .into_iter()
            .map(OutboxEntryView::from)
            .collect())
    }

    /// One outgoing change.
    pub async fn outbox_entry(&self, id: i64) -> Result<OutboxEntryView, ApiError> {
        Ok(self.outbox_view(id).await?)
    }

    pub(crate) async fn outbox_view(&self, id: i64) -> CoreResult<OutboxEntryView> {
        self.db(move |s| s.outbox_entry(id))
            .await?
            .map(OutboxEntryView::from)
            .ok_or_else(|| CoreError::Store(shopdock_store::StoreError::OutboxEntryNotFound(id)))
    }

    /// Each shop's outgoing changes by state (shops with none are absent).
    pub async fn outbox_counts(&self) -> Result<Vec<OutboxCountsView>, ApiError> {
        let by_shop = self.db(|s| s.outbox_counts_by_shop()).await?;
        let mut views: Vec<_> = by_shop
            .into_iter()
            .map(|(shop, c)| counts_view(shop, c))
            .collect();
        views.sort_by(|a, b| a.shop_id.cmp(&b.shop_id));
        Ok(views)
    }

    /// The seller's Retry of a failed row: queued again now (checked first when its last
    /// outcome is unknown), and the drainer woken.
    pub async fn retry_outbox(&self, id: i64) -> Result<OutboxEntryView, ApiError> {
        let now = self.now();
        self.db(move |s| s.retry_outbox(id, now)).await?;
        let view = self.outbox_view(id).await?;
        self.emit(CoreEvent::OutboxChanged {
            shop_id: view.shop_id.clone(),
        });
        self.wake_drainer(&view.shop_id);
        Ok(view)
    }

    /// The seller's Dismiss: the row is not sent (or tried) again.
    pub async fn dismiss_outbox(&self, id: i64) -> Result<OutboxEntryView, ApiError> {
        let now = self.now();
        self.db(move |s| s.dismiss_outbox(id, now)).await?;
        let view = self.outbox_view(id).await?;
        self.emit(CoreEvent::OutboxChanged {
            shop_id: view.shop_id.clone(),
        });
        Ok(view)
    }
}
