//! Sending an Arrange Shipment row: Ship Package with a handover (pickup slot, drop-off, or
//! SEA's Seller Center setting), or Create Packages for a US TikTok label. When an earlier
//! outcome is unknown, TikTok's package (or order) is read first and a shipment found there is
//! not sent again.

use crate::errors::CoreResult;
use crate::outbox::arrange_payload::{ArrangePayload, ArrangedResult, Handover};
use crate::outbox::drain::Outcome;
use crate::outbox::eligibility::{is_cancelled, is_shipped};
use crate::outbox::settle::{classify, Settlement};
use crate::Shopdock;
use shopdock_store::outbox::ClaimedIntent;
use shopdock_tiktok::fulfillment::{
    CreatePackagesRequest, HandoverMethod, PackageDetail, PackageStatus, PickupSlot,
    ShipPackageRequest,
};
use shopdock_tiktok::model::Order;

/// The order statuses that mean shipment was arranged (or went further).
const ARRANGED: &[&str] = &[
    "AWAITING_COLLECTION",
    "IN_TRANSIT",
    "DELIVERED",
    "COMPLETED",
];

fn non_empty(s: &str) -> Option<String> {
    Some(s.trim().to_owned()).filter(|s| !s.is_empty())
}

/// Whether TikTok's package shows it was arranged: its status moved past waiting for the
/// seller (PROCESSING is "arranged by seller, waiting for the carrier").
fn package_arranged(p: &PackageDetail) -> bool {
    matches!(
        PackageStatus::parse(&p.package_status),
        Some(PackageStatus::Processing | PackageStatus::Fulfilling | PackageStatus::Completed)
    )
}

/// What the row keeps of an arranged package.
fn from_package(p: &PackageDetail, reconciled: bool) -> ArrangedResult {
    ArrangedResult {
        package_id: non_empty(&p.package_id),
        tracking_number: non_empty(&p.tracking_number),
        shipping_provider: non_empty(&p.shipping_provider_name),
        pickup_slot: p.pickup_slot.filter(|s| s.start_time > 0),
        reconciled,
        ..ArrangedResult::default()
    }
}

/// Whether TikTok's order shows its label was bought (US: there is no package to read before).
fn label_bought(order: &Order) -> Option<ArrangedResult> {
    let open: Vec<_> = order
        .line_items
        .iter()
        .filter(|i| !is_cancelled(i))
        .collect();
    let done = ARRANGED.contains(&order.status.as_str())
        || (!open.is_empty() && open.iter().all(|i| is_shipped(i)));
    if !done {
        return None;
    }
    let shipped = open.iter().find(|i| is_shipped(i));
    Some(ArrangedResult {
        package_id: shipped
            .and_then(|i| i.package_id.clone())
            .or_else(|| order.packages.first().map(|p| p.id.clone()))
            .filter(|p| !p.trim().is_empty()),
        tracking_number: order
            .tracking_number
            .clone()
            .or_else(|| shipped.and_then(|i| i.tracking_number.clone()))
            .filter(|t| !t.trim().is_empty()),
        shipping_provider: order.shipping_provider.clone(),
        reconciled: true,
        ..ArrangedResult::default()
    })
}

impl Shopdock {
    /// Sends the row; once it is sent, the new package's label is prepared in the background
    /// when the shop wants that (see `documents::labels`).
    pub(in crate::outbox) async fn send_arrangement(
        &self,
        shop_id: &str,
        intent: &ClaimedIntent,
    ) -> Outcome {
        let outcome = self.arrangement_outcome(shop_id, intent).await;
        if let Outcome::Sent(result) = &outcome {
            self.prepare_label_after_arranging(shop_id, intent.entry.order_id.as_deref(), result);
        }
        outcome
    }

    async fn arrangement_outcome(&self, shop_id: &str, intent: &ClaimedIntent) -> Outcome {
        let entry = &intent.entry;
        let payload: ArrangePayload = match serde_json::from_value(entry.payload.clone()) {
            Ok(p) => p,
            Err(e) => {
                return Outcome::Unsendable(format!("The queued arrangement did not read: {e}"))
            }
        };
        let attempt = intent.ticket.attempt;
        if intent.must_reconcile() {
            match self
                .arrangement_found(shop_id, &entry.target, &payload)
                .await
            {
                Ok(Some(result)) => {
                    tracing::info!(shop = %shop_id, id = entry.id, "arrangement found on TikTok; not sent again");
                    return Outcome::sent(&result);
                }
                Ok(None) => {
                    tracing::info!(shop = %shop_id, id = entry.id, "arrangement not on TikTok; sending it");
                }
                Err(e) => return Outcome::Settle(classify(&e, attempt, true)),
            }
        }
        match payload {
            ArrangePayload::Handover {
                package_id,
                handover,
            } => {
                self.ship_handover(shop_id, &package_id, &handover, attempt)
                    .await
            }
            ArrangePayload::BuyLabel {
                service_id,
                weight,
                dimension,
                ..
            } => {
                let request = CreatePackagesRequest {
                    order_id: entry.target.clone(),
                    order_line_item_ids: Vec::new(),
                    dimension,
                    shipping_service_id: service_id,
                    weight,
                };
                self.buy_label(shop_id, request, attempt).await
            }
        }
    }

    /// TikTok's state after an unknown outcome: the result to keep when the arrangement is
    /// already there, else `None`.
    async fn arrangement_found(
        &self,
        shop_id: &str,
        order_id: &str,
        payload: &ArrangePayload,
    ) -> CoreResult<Option<ArrangedResult>> {
        match payload {
            ArrangePayload::Handover { package_id, .. } => {
                let package = self.package(shop_id, package_id).await?;
                Ok(package_arranged(&package).then(|| from_package(&package, true)))
            }
            ArrangePayload::BuyLabel { .. } => Ok(self
                .tiktok_order(shop_id, order_id)
                .await?
                .as_ref()
                .and_then(label_bought)),
        }
    }

    async fn package(&self, shop_id: &str, package_id: &str) -> CoreResult<PackageDetail> {
        let id = package_id.to_owned();
        self.call_shop(shop_id, |s| {
            let id = id.clone();
            async move {
                s.client
                    .package_detail(&s.access_token, &s.shop_cipher, &id)
                    .await
            }
        })
        .await
    }

    /// The package as TikTok shows it after arranging (its tracking number), or `fallback`
    /// when it cannot be read now: the arrangement itself succeeded either way.
    async fn read_back(&self, shop_id: &str, mut fallback: ArrangedResult) -> ArrangedResult {
        let Some(id) = fallback.package_id.clone() else {
            return fallback;
        };
        match self.package(shop_id, &id).await {
            Ok(p) => {
                let read = from_package(&p, false);
                fallback.tracking_number = read.tracking_number.or(fallback.tracking_number);
                fallback.shipping_provider = read.shipping_provider.or(fallback.shipping_provider);
                fallback.pickup_slot = fallback.pickup_slot.or(read.pickup_slot);
                fallback
            }
            Err(e) => {
                tracing::info!(shop = %shop_id, package = %id, error = %e, "arranged; the package could not be read back yet");
                fallback
            }
        }
    }

    async fn ship_handover(
        &self,
        shop_id: &str,
        package_id: &str,
        handover: &Handover,
        attempt: u32,
    ) -> Outcome {
        let request = match handover {
            Handover::Pickup { slot: Some(slot) } => {
                ShipPackageRequest::handover(HandoverMethod::Pickup, Some(*slot))
            }
            Handover::Pickup { slot: None } => match self.earliest_slot(shop_id, package_id).await
            {
                Ok(Some(slot)) => ShipPackageRequest::handover(HandoverMethod::Pickup, Some(slot)),
                Ok(None) => {
                    return Outcome::Settle(Settlement::Failed {
                        code: "no_pickup_slot".into(),
                        reason: "TikTok offers no pickup slot for this package now: arrange drop-off, or try again later.".into(),
                        retry_in: None,
                    })
                }
                // Nothing was sent: a failed read is retried (or checked) like any call.
                Err(e) => return Outcome::Settle(classify(&e, attempt, false)),
            },
            Handover::DropOff => ShipPackageRequest::handover(HandoverMethod::DropOff, None),
            // SEA ignores the method (Seller Center decides); one must still be sent, since
            // Ship Package takes no empty body. Drop-off needs no slot, so it can never be
            // refused for a missing one.
            Handover::SellerCenter => ShipPackageRequest::handover(HandoverMethod::DropOff, None),
        };
        let id = package_id.to_owned();
        let sent = self
            .call_shop(shop_id, |s| {
                let (id, request) = (id.clone(), request.clone());
                async move {
                    s.client
                        .ship_package(&s.access_token, &s.shop_cipher, &id, &request)
                        .await
                }
            })
            .await;
        match sent {
            Ok(()) => {
                let result = ArrangedResult {
                    package_id: Some(package_id.to_owned()),
                    pickup_slot: request.pickup_slot,
                    ..ArrangedResult::default()
                };
                Outcome::sent(&self.read_back(shop_id, result).await)
            }
            Err(e) => Outcome::Settle(classify(&e, attempt, false)),
        }
    }

    /// The earliest pickup slot that can be booked for the package, if any.
    async fn earliest_slot(
        &self,
        shop_id: &str,
        package_id: &str,
    ) -> CoreResult<Option<PickupSlot>> {
        let slots = self.handover_slots(shop_id, package_id).await?;
        if !slots.can_pickup {
            return Ok(None);
        }
        Ok(slots
            .available_slots()
            .filter(|s| s.start_time > 0)
            .min_by_key(|s| (s.start_time, s.end_time)))
    }

    async fn buy_label(
        &self,
        shop_id: &str,
        request: CreatePackagesRequest,
        attempt: u32,
    ) -> Outcome {
        let sent = self
            .call_shop(shop_id, |s| {
                let request = request.clone();
                async move {
                    s.client
                        .create_packages(&s.access_token, &s.shop_cipher, &request)
                        .await
                }
            })
            .await;
        match sent {
            Ok(created) => {
                let service = created.shipping_service_info.unwrap_or_default();
                let result = ArrangedResult {
                    package_id: non_empty(&created.package_id),
                    shipping_provider: non_empty(&service.shipping_provider_name),
                    service_id: non_empty(&service.id),
                    service_name: non_empty(&service.name),
                    price: non_empty(&service.price),
                    currency: non_empty(&service.currency),
                    ..ArrangedResult::default()
                };
                Outcome::sent(&self.read_back(shop_id, result).await)
            }
            Err(e) => Outcome::Settle(classify(&e, attempt, false)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use shopdock_tiktok::model::LineItem;

    #[test]
    fn a_package_past_to_fulfill_is_arranged() {
        for (status, arranged) in [
            ("TO_FULFILL", false),
            ("PROCESSING", true),
            ("FULFILLING", true),
            ("COMPLETED", true),
            ("CANCELLED", false),
            ("", false),
        ] {
            let p = PackageDetail {
                package_status: status.into(),
                ..PackageDetail::default()
            };
            assert_eq!(package_arranged(&p), arranged, "{status}");
        }
    }

    #[test]
    fn a_bought_label_shows_on_the_order() {
        let mut o = Order {
            status: "AWAITING_SHIPMENT".into(),
            line_items: vec![LineItem {
                id: "L1".into(),
                ..LineItem::default()
            }],
            ..Order::default()
        };
        assert_eq!(label_bought(&o), None);
        o.status = "AWAITING_COLLECTION".into();
        o.line_items[0].package_id = Some("P9".into());
        o.line_items[0].package_status = Some("PROCESSING".into());
        o.tracking_number = Some("9400".into());
        let found = label_bought(&o).unwrap();
        assert_eq!(found.package_id.as_deref(), Some("P9"));
        assert_eq!(found.tracking_number.as_deref(), Some("9400"));
        assert!(found.reconciled);
    }
}
