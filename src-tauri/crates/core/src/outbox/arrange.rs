//! "Arrange shipment" (write-api §A): what the seller can choose for an order
//! ([`Shopdock::arrangement_options`]) and queueing the choice once
//! ([`Shopdock::arrange_shipment`]). Sending is [`super::send`]'s `arrange` room.

use super::arrange_payload::{ArrangePayload, Handover};
use super::eligibility::{is_cancelled, is_shipped, refuse_arrangement};
use super::route::{Market, Route};
use crate::api::{
    ArrangeChoice, ArrangeInput, ArrangeRoute, ArrangementOptionsView, ErrorCode, LengthUnit,
    OutboxEntryView, PackageDimensionInput, PackageWeightInput, PickupSlotView,
    ShippingServiceView, WeightUnit,
};
use crate::errors::{CoreError, CoreResult};
use crate::{ApiError, CoreEvent, Shopdock};
use shopdock_store::outbox::{Dedupe, Enqueued, NewIntent, OutboxKind};
use shopdock_tiktok::fulfillment::{Dimension, EligibleServicesRequest, PickupSlot, Weight};
use shopdock_tiktok::model::Order;
use std::collections::BTreeSet;

/// What arranging does, per route, in the seller's words (the window and the CLI show it).
fn summary(route: Route) -> &'static str {
    match route {
        Route::MarkShipped | Route::SelfShipment => {
            "You ship this order with your own carrier: enter its carrier and tracking number to ship it."
        }
        Route::BuyLabel => "Buy TikTok's shipping label: choose a service (or TikTok's default).",
        Route::Handover {
            method_chosen: true,
        } => "Arrange TikTok's collection: a pickup slot or drop-off.",
        Route::Handover {
            method_chosen: false,
        } => "Arrange TikTok's collection: pickup or drop-off is your warehouse's Seller Center setting.",
    }
}

fn route_word(route: Route) -> ArrangeRoute {
    match route {
        Route::MarkShipped => ArrangeRoute::MarkShipped,
        Route::BuyLabel => ArrangeRoute::BuyLabel,
        Route::Handover { .. } => ArrangeRoute::Handover,
        Route::SelfShipment => ArrangeRoute::SelfShipment,
    }
}

fn conflict(message: impl Into<String>) -> CoreError {
    CoreError::Conflict(message.into())
}

/// A choice the seller must change (bad input: the CLI exits 2).
fn invalid(message: impl Into<String>) -> ApiError {
    ApiError::new(ErrorCode::Validation, message)
}

/// The one package of `order` still to ship (outside the US it exists from payment on), or
/// why there is none to arrange.
pub(crate) fn open_package(order: &Order) -> Result<String, String> {
    let open: BTreeSet<&str> = order
        .line_items
        .iter()
        .filter(|i| !is_shipped(i) && !is_cancelled(i))
        .filter_map(|i| i.package_id.as_deref().map(str::trim))
        .filter(|p| !p.is_empty())
        .collect();
    let mut open = open.into_iter();
    match (open.next(), open.next()) {
        (Some(only), None) => Ok(only.to_owned()),
        (Some(_), Some(_)) => Err("This order is split into several packages: arrange them in Seller Center (Shopdock arranges one package per order).".into()),
        (None, _) => match order.packages.as_slice() {
            [only] if !only.id.trim().is_empty() => Ok(only.id.trim().to_owned()),
            _ => Err("TikTok shows no package for this order yet (a UK local seller's package appears only once shipped): arrange it in Seller Center.".into()),
        },
    }
}

/// The line items not shipped yet (what a US label covers).
fn open_line_items(order: &Order) -> Vec<String> {
    order
        .line_items
        .iter()
        .filter(|i| !is_shipped(i) && !is_cancelled(i))
        .map(|i| i.id.clone())
        .collect()
}

/// A positive decimal string as TikTok takes measures ("1.5"), without going through floats.
fn positive_decimal(s: &str) -> Option<String> {
    let t = s.trim();
    let (int, frac) = t.split_once('.').unwrap_or((t, ""));
    let digits = |p: &str| p.bytes().all(|c| c.is_ascii_digit());
    let nonzero = t.bytes().any(|c| (b'1'..=b'9').contains(&c));
    (!int.is_empty() && digits(int) && digits(frac) && nonzero && !t.ends_with('.'))
        .then(|| t.to_owned())
}

fn weight(w: &PackageWeightInput) -> Result<Weight, ApiError> {
    let value = positive_decimal(&w.value).ok_or_else(|| {
        invalid("Enter the package weight as a positive number, e.g. 450 or 1.2.")
    })?;
    Ok(match w.unit {
        WeightUnit::Gram => Weight::grams(value),
        WeightUnit::Pound => Weight::pounds(value),
    })
}

fn dimension(d: &PackageDimensionInput) -> Result<Dimension, ApiError> {
    let all = [&d.length, &d.width, &d.height].map(|v| positive_decimal(v));
    let [Some(l), Some(w), Some(h)] = all else {
        return Err(invalid(
            "Enter the package's length, width and height, each a positive number.",
        ));
    };
    Ok(match d.unit {
        LengthUnit::Cm => Dimension::centimetres(&l, &w, &h),
        LengthUnit::Inch => Dimension::inches(&l, &w, &h),
    })
}

/// The row `choice` queues for an order routed `route`, or why the choice does not fit.
fn payload(
    route: Route,
    order: &Order,
    choice: &ArrangeChoice,
) -> Result<ArrangePayload, ApiError> {
    let handover = |h: Handover| -> Result<ArrangePayload, ApiError> {
        Ok(ArrangePayload::Handover {
            package_id: open_package(order).map_err(|why| ApiError::from(conflict(why)))?,
            handover: h,
        })
    };
    match (route, choice) {
        (Route::MarkShipped | Route::SelfShipment, _) => Err(conflict(
            "You ship this order with your own carrier: enter its carrier and tracking number instead.",
        )
        .into()),
        (Route::Handover { method_chosen: true }, ArrangeChoice::Pickup { slot }) => {
            if slot.end_time < slot.start_time || slot.start_time <= 0 {
                return Err(invalid("Choose one of the pickup slots TikTok offers.",
                ));
            }
            handover(Handover::Pickup {
                slot: Some(PickupSlot {
                    start_time: slot.start_time,
                    end_time: slot.end_time,
                }),
            })
        }
        (Route::Handover { method_chosen: true }, ArrangeChoice::DropOff) => {
            handover(Handover::DropOff)
        }
        (Route::Handover { method_chosen: true }, ArrangeChoice::AsSellerCenterSays) => Err(
            invalid("Choose a pickup slot or drop-off for this order."),
        ),
        (Route::Handover { method_chosen: false }, ArrangeChoice::AsSellerCenterSays) => {
            handover(Handover::SellerCenter)
        }
        (Route::Handover { method_chosen: false }, ArrangeChoice::Pickup { .. } | ArrangeChoice::DropOff) => Err(invalid("In this market pickup or drop-off is your warehouse's Seller Center setting: arrange the order without choosing one.",
        )),
        (Route::Handover { .. }, ArrangeChoice::BuyLabel { .. }) => Err(invalid("TikTok labels are bought in the US only: arrange TikTok's collection instead.",
        )),
        (
            Route::BuyLabel,
            ArrangeChoice::BuyLabel {
                service_id,
                weight: w,
                dimension: d,
            },
        ) => Ok(ArrangePayload::BuyLabel {
            service_id: service_id
                .as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned),
            service_name: None,
            weight: w.as_ref().map(weight).transpose()?,
            dimension: d.as_ref().map(dimension).transpose()?,
        }),
        (Route::BuyLabel, _) => Err(invalid("This order ships with a TikTok label: buy the label (choose a service or TikTok's default).",
        )),
    }
}

impl Shopdock {
    /// The shop's market, from the region TikTok reported when it was authorized; the US for
    /// a US registration TikTok has not reported on yet.
    pub(crate) async fn shop_market(&self, shop_id: &str) -> CoreResult<Option<Market>> {
        Ok(match self.shop_region(shop_id).await? {
            region if !region.is_empty() => Market::parse(&region),
            _ => None,
        })
    }

    /// The shop's region code as TikTok reported it when the shop was authorized ("US" for a
    /// US registration TikTok has not reported on yet; empty when unknown).
    pub(crate) async fn shop_region(&self, shop_id: &str) -> CoreResult<String> {
        let shop = self.shop_record(shop_id).await?;
        let reported = shop.authorization.and_then(|a| a.shop_region);
        Ok(match reported.as_deref().map(str::trim) {
            Some(region) if !region.is_empty() => region.to_owned(),
            _ if shop.registration.region == shopdock_store::Region::Us => "US".to_owned(),
            _ => String::new(),
        })
    }

    /// What the seller can choose to arrange this order's shipment: the route for its market
    /// and shipping type, and for TikTok Shipping the pickup slots / drop-off or the US label
    /// services. An order that cannot be arranged now is refused with the reason before any
    /// call.
    pub async fn arrangement_options(
        &self,
        shop_id: &str,
        order_id: &str,
    ) -> Result<ArrangementOptionsView, ApiError> {
        Ok(self
            .arrangement_options_inner(shop_id, order_id.trim())
            .await?)
    }

    async fn arrangement_options_inner(
        &self,
        shop_id: &str,
        order_id: &str,
    ) -> CoreResult<ArrangementOptionsView> {
        let order = self.stored_order(shop_id, order_id).await?;
        let market = self.shop_market(shop_id).await?;
        let route = refuse_arrangement(market, &order).map_err(CoreError::Conflict)?;
        let mut view = ArrangementOptionsView {
            shop_id: shop_id.to_owned(),
            order_id: order_id.to_owned(),
            route: route_word(route),
            summary: summary(route).into(),
            package_id: None,
            handover_set_in_seller_center: route
                == Route::Handover {
                    method_chosen: false,
                },
            can_pickup: false,
            can_drop_off: false,
            can_van_collection: false,
            pickup_slots: Vec::new(),
            drop_off_point_url: None,
            services: Vec::new(),
            service_allocated: false,
        };
        match route {
            Route::MarkShipped | Route::SelfShipment => {}
            Route::Handover { method_chosen } => {
                let package = open_package(&order).map_err(CoreError::Conflict)?;
                view.package_id = Some(package.clone());
                if method_chosen {
                    let slots = self.handover_slots(shop_id, &package).await?;
                    view.can_pickup = slots.can_pickup;
                    view.can_drop_off = slots.can_drop_off;
                    view.can_van_collection = slots.can_van_collection;
                    view.drop_off_point_url =
                        Some(slots.drop_off_point_url.clone()).filter(|u| !u.trim().is_empty());
                    let mut open: Vec<PickupSlotView> = slots
                        .available_slots()
                        .map(|s| PickupSlotView {
                            start_time: s.start_time,
                            end_time: s.end_time,
                        })
                        .collect();
                    open.sort_by_key(|s| (s.start_time, s.end_time));
                    view.pickup_slots = open;
                }
            }
            Route::BuyLabel => {
                let request = EligibleServicesRequest {
                    order_line_item_ids: open_line_items(&order),
                    ..Default::default()
                };
                let id = order_id.to_owned();
                let found = self
                    .call_shop(shop_id, |s| {
                        let (id, request) = (id.clone(), request.clone());
                        async move {
                            s.client
                                .eligible_shipping_services(
                                    &s.access_token,
                                    &s.shop_cipher,
                                    &id,
                                    &request,
                                )
                                .await
                        }
                    })
                    .await?;
                // Under TikTok's label allocation only one service comes back and the id
                // sent is ignored (CL:fulfillment/us-market-tiktok-shipping-label-allocation).
                view.service_allocated = found.shipping_services.len() == 1;
                let only_one = view.service_allocated;
                view.services = found
                    .shipping_services
                    .into_iter()
                    .map(|s| ShippingServiceView {
                        is_default: s.is_default || only_one,
                        id: s.id,
                        name: s.name,
                        provider: s.shipping_provider_name,
                        price: s.price,
                        currency: s.currency,
                        earliest_delivery_days: s.earliest_delivery_days,
                        latest_delivery_days: s.latest_delivery_days,
                    })
                    .collect();
            }
        }
        Ok(view)
    }

    /// Get Package Handover Time Slots of one package.
    pub(crate) async fn handover_slots(
        &self,
        shop_id: &str,
        package_id: &str,
    ) -> CoreResult<shopdock_tiktok::fulfillment::HandoverTimeSlots> {
        let package = package_id.to_owned();
        self.call_shop(shop_id, |s| {
            let package = package.clone();
            async move {
                s.client
                    .package_handover_time_slots(&s.access_token, &s.shop_cipher, &package)
                    .await
            }
        })
        .await
    }

    /// Queues the seller's arrangement of one order (Ship Package with a handover, or a US
    /// label) and wakes the shop's drainer. Refused with the reason before anything is queued
    /// when the order cannot be arranged or the choice does not fit its market; arranging the
    /// same order again returns the row already queued (or sent) for it.
    pub async fn arrange_shipment(
        &self,
        shop_id: &str,
        input: ArrangeInput,
    ) -> Result<OutboxEntryView, ApiError> {
        let order_id = input.order_id.trim().to_owned();
        if order_id.is_empty() {
            return Err(conflict("Name the order to arrange.").into());
        }
        if let Some(existing) = self.existing_arrangement(shop_id, &order_id).await? {
            return Ok(existing);
        }
        let order = self.stored_order(shop_id, &order_id).await?;
        let market = self.shop_market(shop_id).await?;
        let route = refuse_arrangement(market, &order).map_err(CoreError::Conflict)?;
        let payload = payload(route, &order, &input.choice)?;
        Ok(self
            .queue_arrangement(shop_id, &order_id, &payload)
            .await?
            .0)
    }

    /// Writes one Arrange Shipment row for the order (at most one per order: a second
    /// returns the first) and wakes the drainer. True when a row was queued now.
    pub(crate) async fn queue_arrangement(
        &self,
        shop_id: &str,
        order_id: &str,
        payload: &ArrangePayload,
    ) -> CoreResult<(OutboxEntryView, bool)> {
        let intent = NewIntent {
            shop_id: shop_id.to_owned(),
            kind: OutboxKind::ArrangeShipment,
            target: order_id.to_owned(),
            order_id: Some(order_id.to_owned()),
            payload: serde_json::to_value(payload)
                .map_err(|e| CoreError::Internal(e.to_string()))?,
            dedupe: Dedupe::Once(order_id.to_owned()),
        };
        let now = self.now();
        let enqueued = self.db(move |s| s.enqueue(&intent, now)).await?;
        let queued = matches!(enqueued, Enqueued::Queued(_));
        if queued {
            tracing::info!(shop = %shop_id, id = enqueued.id(), how = %payload.describe(), "arrangement queued");
            self.emit(CoreEvent::OutboxChanged {
                shop_id: shop_id.to_owned(),
            });
            self.wake_drainer(shop_id);
        }
        Ok((self.outbox_view(enqueued.id()).await?, queued))
    }

    /// The order's Arrange Shipment row that is not dismissed, if any.
    async fn existing_arrangement(
        &self,
        shop_id: &str,
        order_id: &str,
    ) -> CoreResult<Option<OutboxEntryView>> {
        let (s, o) = (shop_id.to_owned(), order_id.to_owned());
        let page = self
            .db(move |st| {
                st.list_outbox(&shopdock_store::OutboxFilter {
                    shop_id: Some(s),
                    kind: Some(OutboxKind::ArrangeShipment),
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
}

#[cfg(test)]
mod tests {
    use super::*;
    use shopdock_tiktok::model::{LineItem, PackageRef};

    fn order_with(items: &[(&str, Option<&str>, &str)]) -> Order {
        Order {
            id: "1".into(),
            packages: vec![PackageRef { id: "P1".into() }],
            line_items: items
                .iter()
                .map(|(id, pkg, status)| LineItem {
                    id: (*id).into(),
                    package_id: pkg.map(Into::into),
                    package_status: Some((*status).into()),
                    ..LineItem::default()
                })
                .collect(),
            ..Order::default()
        }
    }

    #[test]
    fn the_open_package_is_the_one_still_to_fulfil() {
        let o = order_with(&[
            ("L1", Some("P0"), "PROCESSING"),
            ("L2", Some("P1"), "TO_FULFILL"),
        ]);
        assert_eq!(open_package(&o), Ok("P1".into()));
        let split = order_with(&[
            ("L1", Some("P1"), "TO_FULFILL"),
            ("L2", Some("P2"), "TO_FULFILL"),
        ]);
        assert!(open_package(&split)
            .unwrap_err()
            .contains("several packages"));
        let mut none = order_with(&[("L1", None, "TO_FULFILL")]);
        assert_eq!(open_package(&none), Ok("P1".into()));
        none.packages.clear();
        assert!(open_package(&none).unwrap_err().contains("no package"));
    }

    #[test]
    fn measures_are_positive_decimals() {
        for ok in ["1", "0.5", "450", "12.25"] {
            assert_eq!(positive_decimal(ok).as_deref(), Some(ok));
        }
        for bad in ["", "0", "0.0", "-1", "1e3", "1.", ".5", "1,5", "abc"] {
            assert_eq!(positive_decimal(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn a_choice_must_fit_the_route() {
        let o = order_with(&[("L1", Some("P1"), "TO_FULFILL")]);
        let uk = Route::Handover {
            method_chosen: true,
        };
        let sea = Route::Handover {
            method_chosen: false,
        };
        assert_eq!(
            payload(uk, &o, &ArrangeChoice::DropOff).unwrap(),
            ArrangePayload::Handover {
                package_id: "P1".into(),
                handover: Handover::DropOff
            }
        );
        assert!(payload(uk, &o, &ArrangeChoice::AsSellerCenterSays).is_err());
        assert!(payload(sea, &o, &ArrangeChoice::DropOff).is_err());
        assert_eq!(
            payload(sea, &o, &ArrangeChoice::AsSellerCenterSays).unwrap(),
            ArrangePayload::Handover {
                package_id: "P1".into(),
                handover: Handover::SellerCenter
            }
        );
        let label = ArrangeChoice::BuyLabel {
            service_id: Some(" 77 ".into()),
            weight: Some(PackageWeightInput {
                value: "450".into(),
                unit: WeightUnit::Gram,
            }),
            dimension: None,
        };
        assert!(payload(uk, &o, &label).is_err());
        assert_eq!(
            payload(Route::BuyLabel, &o, &label).unwrap(),
            ArrangePayload::BuyLabel {
                service_id: Some("77".into()),
                service_name: None,
                weight: Some(Weight::grams("450")),
                dimension: None,
            }
        );
        assert!(payload(Route::BuyLabel, &o, &ArrangeChoice::DropOff).is_err());
        assert!(payload(Route::MarkShipped, &o, &ArrangeChoice::DropOff).is_err());
    }
}
