//! Turning the store's sync marks into outbox rows: one Stock or Price row per product, whose
//! value is computed when it is sent (so the latest orders and counts are always used), and
//! Dedupe::Latest so a row still waiting takes the new change instead of a second row.

use crate::errors::CoreResult;
use crate::{CoreEvent, Shopdock};
use serde::{Deserialize, Serialize};
use shopdock_store::outbox::{Dedupe, NewIntent, OutboxKind};
use shopdock_store::{SyncKind, SyncMark};
use std::collections::BTreeSet;

/// The payload of a Stock or Price row: the product to push. The figures are computed when
/// the row is sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductPush {
    pub product_id: String,
}

/// The outbox row of one mark.
pub(crate) fn intent(mark: &SyncMark) -> Option<NewIntent> {
    let kind = match mark.kind {
        SyncKind::Stock => OutboxKind::Stock,
        SyncKind::Price => OutboxKind::Price,
    };
    let payload = serde_json::to_value(ProductPush {
        product_id: mark.product_id.clone(),
    })
    .ok()?;
    Some(NewIntent {
        shop_id: mark.shop_id.clone(),
        kind,
        target: mark.product_id.clone(),
        order_id: None,
        payload,
        dedupe: Dedupe::Latest(format!("product:{}", mark.product_id)),
    })
}

impl Shopdock {
    /// Queues the marked products' pushes and wakes the drainers of the shops that got rows.
    /// `ripe_only`: the supervisor's periodic flush, which lets a burst of changes settle for
    /// one flush first. Returns how many rows were queued or refreshed.
    pub(crate) async fn flush_sync_marks(&self, ripe_only: bool) -> CoreResult<usize> {
        let now = self.now();
        let queued = self
            .db(move |s| s.flush_sync_marks(ripe_only, now, intent))
            .await?;
        let shops: BTreeSet<String> = queued.iter().map(|(m, _)| m.shop_id.clone()).collect();
        for shop in shops {
            tracing::debug!(shop = %shop, "stock and price pushes queued");
            self.emit(CoreEvent::OutboxChanged {
                shop_id: shop.clone(),
            });
            // "Pause all" holds the rows until Resume (the supervisor drains them then).
            if !self.is_paused_all() {
                self.wake_drainer(&shop);
            }
        }
        Ok(queued.len())
    }
}
