//! `ship_order`: the seller's "Ship" for a seller-shipped order, checked locally, resolved to
//! TikTok's provider, and queued once.

use super::carriers::{normalise_tracking, resolve_carrier};
use super::eligibility::refuse_seller_shipping_in;
use super::payload::MarkShippedPayload;
use crate::api::{FieldError, FormField, OutboxEntryView, ShipInput};
use crate::errors::{CoreError, CoreResult};
use crate::{ApiError, CoreEvent, Shopdock};
use shopdock_store::outbox::{Dedupe, NewIntent, OutboxKind};
use shopdock_tiktok::logistics::ShippingProvider;
use shopdock_tiktok::model::Order;

/// Providers fetched this long ago are fetched again (TikTok adds carriers rarely).
const PROVIDERS_TTL_SECS: i64 = 6 * 3600;

fn field(field: FormField, message: impl Into<String>) -> CoreError {
    CoreError::Validation(vec![FieldError {
        field,
        message: message.into(),
    }])
}

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
        let order_id = input.order_id.trim().to_owned();
        if order_id.is_empty() {
            return Err(CoreError::Conflict("Name the order to ship.".into()));
        }
        let tracking_number = normalise_tracking(&input.tracking_number);
        if tracking_number.is_empty() {
            return Err(field(
                FormField::TrackingNumber,
                "Enter the tracking number.",
            ));
        }
        if input.carrier.trim().is_empty() {
            return Err(field(FormField::Carrier, "Name the carrier."));
        }
        if let Some(existing) = self.existing_shipment(shop_id, &order_id).await? {
            return Ok(existing);
        }
        let order = self.stored_order(shop_id, &order_id).await?;
        let market = self.shop_market(shop_id).await?;
        refuse_seller_shipping_in(market, &order, &input.line_item_ids)
            .map_err(CoreError::Conflict)?;
        let option = order
            .delivery_option_id
            .clone()
            .filter(|o| !o.is_empty())
            .ok_or_else(|| {
                CoreError::Conflict(format!(
                    "Order {order_id} has no delivery option, so TikTok lists no carriers for it; sync the order and try again."
                ))
            })?;
        let provider = self.carrier_for(shop_id, &option, &input.carrier).await?;
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
        let (s, o) = (shop_id.to_owned(), order_id.to_owned());
        let page = self
            .db(move |st| {
                st.list_outbox(&shopdock_store::OutboxFilter {
                    shop_id: Some(s),
                    kind: Some(OutboxKind::MarkShipped),
                    limit: shopdock_store::MAX_OUTBOX_PAGE,
                    ..Default::default()
                })
            })
            .await?;
        Ok(page
            .entries
            .into_iter()
            .find(|e| {
                e.dedupe == Dedupe::Once(o.clone())
                    && e.state != shopdock_store::OutboxState::Dismissed
            })
            .map(OutboxEntryView::from))
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

    /// The provider the seller's carrier name means for a delivery option. The list is cached;
    /// a name it does not know fetches it once more before giving up.
    async fn carrier_for(
        &self,
        shop_id: &str,
        option: &str,
        name: &str,
    ) -> CoreResult<ShippingProvider> {
        let cached = self.cached_providers(shop_id, option);
        if let Some(list) = &cached {
            if let Ok(p) = resolve_carrier(name, list) {
                return Ok(p.clone());
            }
        }
        let list = self.fetch_providers(shop_id, option).await?;
        resolve_carrier(name, &list)
            .cloned()
            .map_err(|m| field(FormField::Carrier, m))
    }

    /// Get Shipping Providers of a delivery option, fetched now and cached.
    pub(crate) async fn fetch_providers(
        &self,
        shop_id: &str,
        option: &str,
    ) -> CoreResult<Vec<ShippingProvider>> {
        let option_owned = option.to_owned();
        let list = self
            .call_shop(shop_id, |s| {
                let option = option_owned.clone();
                async move {
                    s.client
                        .shipping_providers(&s.access_token, &s.shop_cipher, &option)
                        .await
                }
            })
            .await?;
        self.inner
            .outbox
            .providers
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(
                (shop_id.to_owned(), option.to_owned()),
                (self.now(), list.clone()),
            );
        Ok(list)
    }

    pub(crate) fn cached_providers(
        &self,
        shop_id: &str,
        option: &str,
    ) -> Option<Vec<ShippingProvider>> {
        let now = self.now();
        self.inner
            .outbox
            .providers
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(&(shop_id.to_owned(), option.to_owned()))
            .filter(|(at, _)| now - at < PROVIDERS_TTL_SECS)
            .map(|(_, list)| list.clone())
    }
}
