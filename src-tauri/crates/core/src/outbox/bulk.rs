//! Bulk tracking upload: a file of order id, carrier and tracking number checked row by row
//! (every problem named before anything is queued), then only the valid rows queued, in one
//! transaction, as the same Mark Shipped rows `ship_order` queues. Shipping the same file again
//! queues nothing twice: an order with a shipment row already is reported as such.

use super::carrier_mapping::CarrierFailure;
use super::carriers::{carrier_key, normalise_tracking};
use super::eligibility::refuse_seller_shipping;
use super::payload::MarkShippedPayload;
use super::tracking_file::{read_tracking, TrackingFileRow, TrackingSource};
use crate::api::{
    BulkShipResult, TrackingPreview, TrackingPreviewRow, TrackingProblem, TrackingProblemKind,
};
use crate::errors::{CoreError, CoreResult};
use crate::{ApiError, CoreEvent, Shopdock};
use shopdock_store::outbox::{Dedupe, Enqueued, NewIntent, OutboxKind};
use shopdock_tiktok::logistics::ShippingProvider;
use shopdock_tiktok::model::Order;
use std::collections::{BTreeSet, HashMap};
use std::path::Path;

/// A row checked, with the intent it queues when it has no problem.
pub(super) struct CheckedRow {
    view: TrackingPreviewRow,
    intent: Option<NewIntent>,
}

/// What the store holds for a row's order: the shop, the order, and its shipment row if any.
struct StoredOrder {
    shop_id: String,
    order: Result<Order, String>,
    shipment_id: Option<i64>,
}

impl Shopdock {
    /// Reads a CSV or spreadsheet of order id, carrier and tracking number and checks every
    /// row against the stored orders and TikTok's carriers, naming each problem. Nothing is
    /// queued. `shop_id`: the shop the orders belong to; `None` looks in every shop.
    pub async fn preview_tracking_file(
        &self,
        path: &Path,
        shop_id: Option<&str>,
    ) -> Result<TrackingPreview, ApiError> {
        let rows = self
            .check_tracking_file(TrackingSource::File(path.to_owned()), shop_id)
            .await?;
        Ok(preview(&rows))
    }

    /// Checks the file as [`Shopdock::preview_tracking_file`] does and queues the valid rows
    /// (one transaction for all), then wakes the drainers. Rows whose order was queued before
    /// count as already queued, not again.
    pub async fn ship_from_file(
        &self,
        path: &Path,
        shop_id: Option<&str>,
    ) -> Result<BulkShipResult, ApiError> {
        Ok(self
            .ship_from_file_inner(TrackingSource::File(path.to_owned()), shop_id)
            .await?)
    }

    pub(super) async fn ship_from_file_inner(
        &self,
        source: TrackingSource,
        shop_id: Option<&str>,
    ) -> CoreResult<BulkShipResult> {
        let rows = self.check_tracking_file(source, shop_id).await?;
        let refused = rows.iter().filter(|r| r.view.problem.is_some()).count() as u32;
        let valid: Vec<(Option<i64>, Option<NewIntent>)> = rows
            .into_iter()
            .filter(|r| r.view.problem.is_none())
            .map(|r| (r.view.outbox_id, r.intent))
            .collect();
        let now = self.now();
        let results = self
            .db(move |s| {
                s.write(|tx| {
                    valid
                        .iter()
                        .map(|(existing, intent)| match (existing, intent) {
                            (_, Some(intent)) => tx.enqueue(intent, now),
                            (Some(id), None) => Ok(Enqueued::AlreadyThere {
                                id: *id,
                                state: shopdock_store::OutboxState::Queued,
                            }),
                            (None, None) => Err(shopdock_store::StoreError::Invalid(
                                "a valid bulk row has neither a shipment nor an intent".into(),
                            )),
                        })
                        .collect::<Result<Vec<_>, _>>()
                })
            })
            .await?;
        let queued = results
            .iter()
            .filter(|e| matches!(e, Enqueued::Queued(_)))
            .count() as u32;
        let result = BulkShipResult {
            queued,
            already_queued: results.len() as u32 - queued,
            refused,
            entry_ids: results.iter().map(|e| e.id()).collect(),
        };
        tracing::info!(
            queued = result.queued,
            already = result.already_queued,
            refused,
            "bulk shipment queued"
        );
        let shops: BTreeSet<String> = match shop_id {
            Some(s) => BTreeSet::from([s.to_owned()]),
            None => self.shop_ids().await?.into_iter().collect(),
        };
        for shop in shops {
            self.emit(CoreEvent::OutboxChanged {
                shop_id: shop.clone(),
            });
            self.wake_drainer(&shop);
        }
        Ok(result)
    }

    async fn shop_ids(&self) -> CoreResult<Vec<String>> {
        let shops = self.db(|s| s.list_shops()).await?;
        Ok(shops.into_iter().map(|s| s.id).collect())
    }

    pub(super) async fn check_tracking_file(
        &self,
        source: TrackingSource,
        shop_id: Option<&str>,
    ) -> CoreResult<Vec<CheckedRow>> {
        let rows = tokio::task::spawn_blocking(move || read_tracking(&source))
            .await
            .map_err(|e| CoreError::Internal(format!("reading the file failed: {e}")))?
            .map_err(|e| CoreError::Conflict(e.to_string()))?;
        let shops = match shop_id {
            Some(s) => vec![s.to_owned()],
            None => self.shop_ids().await?,
        };
        let stored = self.stored_orders(&rows, shops).await?;
        let order_lines = lines_by(&rows, |r| r.order_id.clone());
        let tracking_lines = lines_by(&rows, |r| normalise_tracking(&r.tracking));
        // Each shop's remembered carrier names, read once for the whole file.
        let mut remembered: HashMap<String, HashMap<String, String>> = HashMap::new();
        let mut checked = Vec::with_capacity(rows.len());
        for (row, found) in rows.into_iter().zip(stored) {
            let mut problems = row.problems.clone();
            problems.extend(cell_problems(&row));
            if let Some(lines) = order_lines.get(&row.order_id).filter(|l| l.len() > 1) {
                problems.push(TrackingProblem::new(
                    TrackingProblemKind::DuplicateOrder,
                    format!(
                        "Order {} is on lines {} of this file: keep one row per order.",
                        row.order_id,
                        join(lines)
                    ),
                ));
            }
            let tracking = normalise_tracking(&row.tracking);
            if let Some(lines) = tracking_lines.get(&tracking).filter(|l| l.len() > 1) {
                problems.push(TrackingProblem::new(
                    TrackingProblemKind::DuplicateTracking,
                    format!(
                        "Tracking number {} is on lines {} of this file: each shipment needs its own number.",
                        row.tracking,
                        join(lines)
                    ),
                ));
            }
            let mut view = TrackingPreviewRow {
                line: row.line,
                order_id: row.order_id.clone(),
                carrier: row.carrier.clone(),
                tracking: row.tracking.clone(),
                problem: None,
                problems: Vec::new(),
                shop_id: found.as_ref().map(|f| f.shop_id.clone()),
                outbox_id: found.as_ref().and_then(|f| f.shipment_id),
                carrier_suggestions: Vec::new(),
            };
            let mut intent = None;
            match found {
                None if !row.order_id.is_empty() => problems.push(TrackingProblem::new(
                    TrackingProblemKind::UnknownOrder,
                    format!(
                        "Order {} is not stored in Shopdock: check the id, or sync the shop first.",
                        row.order_id
                    ),
                )),
                None => {}
                Some(StoredOrder {
                    shipment_id: Some(_),
                    ..
                }) => {}
                Some(StoredOrder {
                    order: Err(reason), ..
                }) => problems.push(TrackingProblem::new(
                    TrackingProblemKind::UnreadableOrder,
                    reason,
                )),
                Some(StoredOrder {
                    shop_id: shop,
                    order: Ok(order),
                    shipment_id: None,
                }) => {
                    if let Err(reason) = refuse_seller_shipping(&order, &[]) {
                        problems.push(TrackingProblem::new(
                            TrackingProblemKind::CannotShip,
                            reason,
                        ));
                    }
                    match order.delivery_option_id.clone().filter(|o| !o.is_empty()) {
                        None => problems.push(TrackingProblem::new(
                            TrackingProblemKind::CarriersUnavailable,
                            format!(
                                "Order {} has no delivery option, so TikTok lists no carriers for it; sync the shop and try again.",
                                order.id
                            ),
                        )),
                        Some(_) if row.carrier.is_empty() => {}
                        Some(option) => {
                            if !remembered.contains_key(&shop) {
                                let mappings = self.remembered_providers(&shop).await?;
                                remembered.insert(shop.clone(), mappings);
                            }
                            let mapped = remembered
                                .get(&shop)
                                .and_then(|m| m.get(&carrier_key(&row.carrier)))
                                .cloned();
                            match self
                                .provider_for(&shop, &option, &row.carrier, mapped.as_deref())
                                .await
                            {
                                Err(failure) => {
                                    let kind = match &failure {
                                        CarrierFailure::Problem(p) => {
                                            view.carrier_suggestions = p.suggestions().to_vec();
                                            TrackingProblemKind::UnknownCarrier
                                        }
                                        CarrierFailure::Fetch(_) => {
                                            TrackingProblemKind::CarriersUnavailable
                                        }
                                    };
                                    problems.push(TrackingProblem::new(kind, failure.sentence()));
                                }
                                Ok(provider) if problems.is_empty() => {
                                    intent = Some(shipment_intent(&shop, &order.id, tracking, provider)?);
                                }
                                Ok(_) => {}
                            }
                        }
                    }
                }
            }
            if !problems.is_empty() {
                let messages: Vec<&str> = problems.iter().map(|p| p.message.as_str()).collect();
                view.problem = Some(messages.join(" "));
                view.problems = problems;
                intent = None;
            }
            checked.push(CheckedRow { view, intent });
        }
        Ok(checked)
    }

    /// For each row, the first of `shops` that has its order stored, with its shipment row.
    async fn stored_orders(
        &self,
        rows: &[TrackingFileRow],
        shops: Vec<String>,
    ) -> CoreResult<Vec<Option<StoredOrder>>> {
        let ids: Vec<String> = rows.iter().map(|r| r.order_id.clone()).collect();
        self.db(move |s| {
            let mut found = Vec::with_capacity(ids.len());
            for id in &ids {
                let mut hit = None;
                if !id.is_empty() {
                    for shop in &shops {
                        if let Some(detail) = s.get_order(shop, id)? {
                            let order = serde_json::from_str::<Order>(&detail.raw_json)
                                .map_err(|e| format!("Order {id} as stored did not read: {e}"));
                            let status = s.order_outbox_states(&[(shop.as_str(), id.as_str())])?;
                            let shipment_id = status
                                .into_iter()
                                .flatten()
                                .find(|st| st.kind == OutboxKind::MarkShipped)
                                .map(|st| st.id);
                            hit = Some(StoredOrder {
                                shop_id: shop.clone(),
                                order,
                                shipment_id,
                            });
                            break;
                        }
                    }
                }
                found.push(hit);
            }
            Ok(found)
        })
        .await
    }
}

fn shipment_intent(
    shop_id: &str,
    order_id: &str,
    tracking_number: String,
    provider: ShippingProvider,
) -> CoreResult<NewIntent> {
    Ok(NewIntent {
        shop_id: shop_id.to_owned(),
        kind: OutboxKind::MarkShipped,
        target: order_id.to_owned(),
        order_id: Some(order_id.to_owned()),
        payload: serde_json::to_value(MarkShippedPayload {
            tracking_number,
            carrier: provider.name,
            shipping_provider_id: provider.id,
            line_item_ids: Vec::new(),
        })
        .map_err(|e| CoreError::Internal(e.to_string()))?,
        dedupe: Dedupe::Once(order_id.to_owned()),
    })
}

/// Empty cells, and a tracking number with characters TikTok refuses (21004012).
fn cell_problems(row: &TrackingFileRow) -> Vec<TrackingProblem> {
    let missing = |what: &str| {
        TrackingProblem::new(
            TrackingProblemKind::MissingValue,
            format!("The {what} is empty."),
        )
    };
    let mut problems = Vec::new();
    if row.order_id.is_empty() {
        problems.push(missing("order id"));
    }
    if row.carrier.is_empty() {
        problems.push(missing("carrier"));
    }
    let tracking = normalise_tracking(&row.tracking);
    if tracking.is_empty() {
        problems.push(missing("tracking number"));
    } else if !tracking.chars().all(|c| c.is_ascii_alphanumeric()) {
        problems.push(TrackingProblem::new(
            TrackingProblemKind::MalformedNumber,
            format!(
                "The tracking number {} has characters TikTok does not accept: use letters and digits only.",
                row.tracking
            ),
        ));
    }
    problems
}

/// The lines of each non-empty key.
fn lines_by(
    rows: &[TrackingFileRow],
    key: impl Fn(&TrackingFileRow) -> String,
) -> HashMap<String, Vec<u32>> {
    let mut lines: HashMap<String, Vec<u32>> = HashMap::new();
    for row in rows {
        let k = key(row);
        if !k.is_empty() {
            lines.entry(k).or_default().push(row.line);
        }
    }
    lines
}

fn join(lines: &[u32]) -> String {
    lines
        .iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

pub(super) fn preview(rows: &[CheckedRow]) -> TrackingPreview {
    TrackingPreview {
        rows: rows.iter().map(|r| r.view.clone()).collect(),
        valid: rows.iter().filter(|r| r.view.problem.is_none()).count() as u32,
    }
}
