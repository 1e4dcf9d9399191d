//! `ship_order`: the seller's "Ship" for a seller-shipped order, checked locally, resolved to
//! TikTok's provider, and queued once.

use super::carriers::TypedShipment;
use super::eligibility::refuse_seller_shipping_in;
use super::payload::MarkShippedPayload;
use crate::api::{OutboxEntryView, ShipInput};
use crate::errors::{CoreError, CoreResult};
use crate::{ApiError, CoreEvent, Shopdock};
use shopdock_store::outbox::{Dedupe, NewIntent, OutboxKind};
use shopdock_tiktok::model::Order;

impl Shopdock {
    /// Queues Mark Package As Shipped for a seller-shipped order with the seller's carrier and
    /// tracking number, then wakes the shop's drainer. An order that cannot ship now is refused
    /// with the reason before anything is queued or sent; shipping the same order again
    /// returns the row already queued (or sent) for it.
    pub async fn ship_order(
        &self,
        shop_id: &str,
        input: ShipInput,
    ) -> Result<OutboxEntryView, ApiError> {
        Ok(self.ship_order_inner(shop_id, input).await?)
    }

    async fn ship_order_inner(
        &self,
        shop_id: &str,
        input: ShipInput,
    ) -> CoreResult<OutboxEntryView> {
        let TypedShipment {
            order_id,
            tracking_number,
        } = TypedShipment::check(
            &input.order_id,
            &input.tracking_number,
            &input.carrier,
            ["Name the order to ship.", "Enter the tracking number."],
        )?;
        if let Some(existing) = self.existing_shipment(shop_id, &order_id).await? {
            return Ok(existing);
        }
        let order = self.stored_order(shop_id, &order_id).await?;
        let market = self.shop_market(shop_id).await?;
        refuse_seller_shipping_in(market, &order, &input.line_item_ids)
            .map_err(CoreError::Conflict)?;
        let provider = self.order_provider(shop_id, &order, &input.carrier).await?;
        let intent = NewIntent {
            shop_id: shop_id.to_owned(),
            kind: OutboxKind::MarkShipped,
            target: order_id.clone(),
            order_id: Some(order_id.clone()),
            payload: serde_json::to_value(MarkShippedPayload {
                tracking_number,
                carrier: provider.name,
                shipping_provider_id: provider.id,
                line_item_ids: input.line_item_ids,
            })
            .map_err(|e| CoreError::Internal(e.to_string()))?,
            dedupe: Dedupe::Once(order_id),
        };
        let now = self.now();
        let enqueued = self.db(move |s| s.enqueue(&intent, now)).await?;
        tracing::info!(shop = %shop_id, id = enqueued.id(), "shipment queued");
        let view = self.outbox_view(enqueued.id()).await?;
        self.emit(CoreEvent::OutboxChanged {
            shop_id: shop_id.to_owned(),
        });
        self.wake_drainer(shop_id);
        Ok(view)
    }

    /// The order's Mark Shipped row that is not dismissed, if any.
    async fn existing_shipment(
        &self,
        shop_id: &str,
        order_id: &str,
    ) -> CoreResult<Option<OutboxEntryView>> {
        Ok(self
            .order_rows(shop_id, order_id)
            .await?
            .into_iter()
            .find(|e| {
                e.kind == OutboxKind::MarkShipped
                    && e.dedupe == Dedupe::Once(order_id.to_owned())
                    && e.state != shopdock_store::OutboxState::Dismissed
            })
            .map(OutboxEntryView::from))
    }

    /// Every outbox row of one order, oldest first.
    pub(crate) async fn order_rows(
        &self,
        shop_id: &str,
        order_id: &str,
    ) -> CoreResult<Vec<shopdock_store::OutboxEntry>> {
        let (s, o) = (shop_id.to_owned(), order_id.to_owned());
        self.db(move |st| st.order_outbox_entries(&s, &o)).await
    }

    /// The order as last synced, in TikTok's shape.
    pub(crate) async fn stored_order(&self, shop_id: &str, order_id: &str) -> CoreResult<Order> {
        let (s, o) = (shop_id.to_owned(), order_id.to_owned());
        let detail = self
            .db(move |st| st.get_order(&s, &o))
            .await?
            .ok_or_else(|| {
                CoreError::Conflict(format!(
                    "Order {order_id} is not stored for this shop; sync the shop first."
                ))
            })?;
        serde_json::from_str(&detail.raw_json).map_err(|e| {
            CoreError::Internal(format!("order {order_id} as stored did not read: {e}"))
        })
    }
}
