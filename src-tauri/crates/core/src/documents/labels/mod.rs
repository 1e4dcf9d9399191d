//! TikTok's shipping labels (write-api §B): fetched with Get Package Shipping Document for
//! arranged TikTok Shipping packages, downloaded at once (the link lives 24 hours) and kept
//! with the order (`keep`, a `shipping_labels` row naming a file in the data folder), so a
//! label reprints offline and after its link expired. Printing the labels of many orders
//! makes one PDF (`shopdock_documents::merge_pdfs`) and says which orders have none and why
//! (`plan`). With the shop's "Automatic fulfillment shipping instructions" option on, the
//! labels of packages Shopdock arranges are prepared in the background (`prepare`).

mod fetch;
mod keep;
mod plan;
mod prepare;

use super::select::{self, Choice, Selection, Stored};
use crate::api::{
    ApiError, ErrorCode, KeptLabelView, LabelsInput, LabelsProgressView, MissingLabelView,
    PrintedLabels,
};
use crate::errors::CoreError;
use crate::words::{LabelSize, NoLabelReason};
use crate::{CoreEvent, Shopdock};
use fetch::LabelFailure;
use plan::Plan;
use shopdock_store::OutboxKind;
use shopdock_tiktok::model::Order;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;
use tokio::sync::Semaphore;
use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;

/// Orders whose labels are fetched at once; each call still waits for the shop's limiter.
const FETCHES_AT_ONCE: usize = 4;

/// One order of a print: its place in the batch and what it can print.
struct Planned {
    stored: Stored,
    plan: Plan,
}

/// What an order gave the print.
type OrderLabels = Result<Vec<Vec<u8>>, LabelFailure>;

/// Removes a print's cancellation token when the print ends, however it ends.
struct Registered<'a> {
    app: &'a Shopdock,
    job_id: String,
}

impl Drop for Registered<'_> {
    fn drop(&mut self) {
        if let Ok(mut jobs) = self.app.inner.label_prints.lock() {
            jobs.remove(&self.job_id);
        }
    }
}

impl Shopdock {
    /// Prints the TikTok labels of the chosen stored orders as one PDF, written to
    /// `input.path` (or the data folder's `documents/`). Kept labels are used as they are;
    /// the others are fetched and kept first. Orders without a label are listed with the
    /// reason. Fails with `NotFound` when no order has one, `Cancelled` when
    /// [`Shopdock::cancel_label_print`] stopped it.
    pub async fn print_labels(&self, input: LabelsInput) -> Result<PrintedLabels, ApiError> {
        let choice = super::choose(&input.order_ids, input.status_group)?.for_labels();
        let shop_id = input.shop_id.clone().filter(|s| !s.trim().is_empty());
        if let Some(id) = shop_id.clone() {
            let probe = id.clone();
            if self.db(move |s| s.get_shop(&probe)).await?.is_none() {
                return Err(CoreError::ShopNotFound(id).into());
            }
        }
        let picked = choice.clone();
        let Selection { orders, missing } = self
            .db(move |s| select::read(s, shop_id.as_deref(), &picked))
            .await?;
        if !missing.is_empty() {
            return Err(ApiError::new(
                ErrorCode::NotFound,
                format!(
                    "Shopdock has not stored {}: sync the shop, or check the order id.",
                    missing.join(", ")
                ),
            ));
        }
        if orders.is_empty() {
            let message = match &choice {
                Choice::Tab { group, .. } => {
                    format!("No orders are in {group}: there is nothing to print.")
                }
                Choice::Ids(_) => "There are no orders to print.".to_owned(),
            };
            return Err(ApiError::new(ErrorCode::NotFound, message));
        }
        let job_id = input
            .job_id
            .clone()
            .filter(|j| !j.trim().is_empty())
            .unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
        let cancel = CancellationToken::new();
        if let Ok(mut jobs) = self.inner.label_prints.lock() {
            jobs.insert(job_id.clone(), cancel.clone());
        }
        let _registered = Registered {
            app: self,
            job_id: job_id.clone(),
        };
        let planned = self.plan_orders(orders).await?;
        let results = self.gather(&job_id, &planned, input.size, &cancel).await?;
        let mut pdfs: Vec<Vec<u8>> = Vec::new();
        let mut printed = 0u32;
        let mut left_out: Vec<MissingLabelView> = Vec::new();
        for (p, result) in planned.iter().zip(results) {
            match result {
                Ok(labels) => {
                    printed += 1;
                    pdfs.extend(labels);
                }
                Err(LabelFailure::Missing { reason, message }) => left_out.push(MissingLabelView {
                    shop_id: p.stored.shop_id.clone(),
                    order_id: p.stored.order_id.clone(),
                    reason,
                    message,
                }),
                Err(LabelFailure::Cancelled) => return Err(CoreError::Cancelled.into()),
                Err(LabelFailure::Local(e)) => return Err(e),
            }
        }
        if pdfs.is_empty() {
            return Err(nothing_to_print(&left_out));
        }
        let labels = pdfs.len() as u32;
        let merged = tokio::task::spawn_blocking(move || shopdock_documents::merge_pdfs(&pdfs))
            .await
            .map_err(|e| CoreError::Internal(format!("the merge task failed: {e}")))?
            .map_err(|e| {
                ApiError::new(
                    ErrorCode::Internal,
                    "Shopdock could not put the labels into one file. Please report this.",
                )
                .with_detail(e.to_string())
            })?;
        let path = match input
            .path
            .as_deref()
            .map(str::trim)
            .filter(|p| !p.is_empty())
        {
            Some(p) => PathBuf::from(p),
            None => super::file::default_path_named(&self.data_dir(), "labels")?,
        };
        let (target, bytes) = (path.clone(), merged.bytes);
        let size_bytes = bytes.len() as u64;
        tokio::task::spawn_blocking(move || super::file::write_atomically(&target, &bytes))
            .await
            .map_err(|e| CoreError::Internal(format!("the write task failed: {e}")))??;
        tracing::info!(
            orders = printed,
            labels,
            missing = left_out.len(),
            bytes = size_bytes,
            "labels printed"
        );
        Ok(PrintedLabels {
            path: path.display().to_string(),
            size: input.size,
            pages: merged.pages as u32,
            orders: printed,
            labels,
            bytes: size_bytes,
            missing: left_out,
        })
    }

    /// Stops the label print `job_id` (its labels kept so far stay kept); false when no such
    /// print is running.
    pub fn cancel_label_print(&self, job_id: &str) -> bool {
        let token = self
            .inner
            .label_prints
            .lock()
            .ok()
            .and_then(|jobs| jobs.get(job_id).cloned());
        match token {
            Some(t) => {
                t.cancel();
                true
            }
            None => false,
        }
    }

    /// The labels Shopdock keeps for an order (newest first).
    pub async fn kept_labels(
        &self,
        shop_id: &str,
        order_id: &str,
    ) -> Result<Vec<KeptLabelView>, ApiError> {
        let (shop, order) = (shop_id.to_owned(), order_id.to_owned());
        let rows = self
            .db(move |s| s.shipping_labels_of_order(&shop, &order))
            .await?;
        let data_dir = self.data_dir();
        Ok(rows
            .into_iter()
            .filter_map(|r| {
                let size = match r.document_size.as_str() {
                    "A6" => LabelSize::A6,
                    "A5" => LabelSize::A5,
                    _ => return None,
                };
                Some(KeptLabelView {
                    package_id: r.package_id,
                    size,
                    tracking_number: r.tracking_number,
                    path: keep::path_of(&data_dir, &r.file_name).display().to_string(),
                    fetched_at: r.fetched_at,
                })
            })
            .collect())
    }

    /// Each order's plan; the outbox is read only for orders that look not arranged yet (an
    /// arrangement Shopdock sent shows on the order only after the next sync).
    async fn plan_orders(&self, orders: Vec<Stored>) -> Result<Vec<Planned>, ApiError> {
        let mut planned = Vec::with_capacity(orders.len());
        for stored in orders {
            let order: Order = serde_json::from_str(&stored.raw_json).map_err(|e| {
                CoreError::Internal(format!(
                    "order {} as stored did not read: {e}",
                    stored.order_id
                ))
            })?;
            let mut plan = plan::plan(&order, None);
            if plan == Plan::NoLabel(NoLabelReason::NotArranged) {
                let (shop, id) = (stored.shop_id.clone(), stored.order_id.clone());
                let entries = self.db(move |s| s.order_outbox_entries(&shop, &id)).await?;
                let arranged = entries
                    .iter()
                    .rev()
                    .filter(|e| e.kind == OutboxKind::ArrangeShipment)
                    .filter(|e| e.state == shopdock_store::OutboxState::Sent)
                    .find_map(|e| {
                        e.result
                            .as_ref()?
                            .get("package_id")?
                            .as_str()
                            .map(str::to_owned)
                    });
                plan = plan::plan(&order, arranged.as_deref());
            }
            planned.push(Planned { stored, plan });
        }
        Ok(planned)
    }

    /// The labels of every planned order, in the batch's order, fetched a few at a time,
    /// with a progress event as each order resolves.
    async fn gather(
        &self,
        job_id: &str,
        planned: &[Planned],
        size: LabelSize,
        cancel: &CancellationToken,
    ) -> Result<Vec<OrderLabels>, ApiError> {
        let total = planned.len() as u32;
        let done = Arc::new(AtomicU32::new(0));
        let generating = Arc::new(AtomicU32::new(0));
        let report = {
            let (app, job_id, done, generating) = (
                self.clone(),
                job_id.to_owned(),
                done.clone(),
                generating.clone(),
            );
            Arc::new(move || {
                app.emit(CoreEvent::LabelsProgress {
                    progress: LabelsProgressView {
                        job_id: job_id.clone(),
                        done: done.load(Ordering::Relaxed),
                        total,
                        generating: generating.load(Ordering::Relaxed),
                    },
                })
            })
        };
        let mut results: Vec<Option<OrderLabels>> = planned.iter().map(|_| None).collect();
        let permits = Arc::new(Semaphore::new(FETCHES_AT_ONCE));
        let mut running: JoinSet<(usize, OrderLabels)> = JoinSet::new();
        for (at, p) in planned.iter().enumerate() {
            let packages = match &p.plan {
                Plan::NoLabel(reason) => {
                    results[at] = Some(Err(LabelFailure::Missing {
                        reason: *reason,
                        message: plan::message(*reason),
                    }));
                    done.fetch_add(1, Ordering::Relaxed);
                    continue;
                }
                Plan::Labels(packages) => packages.clone(),
            };
            let (app, permits, cancel) = (self.clone(), permits.clone(), cancel.clone());
            let (shop_id, order_id) = (p.stored.shop_id.clone(), p.stored.order_id.clone());
            let (generating, report) = (generating.clone(), report.clone());
            running.spawn(async move {
                let Ok(_permit) = permits.acquire_owned().await else {
                    return (at, Err(LabelFailure::Cancelled));
                };
                let waiting = move |now_waiting: bool| {
                    if now_waiting {
                        generating.fetch_add(1, Ordering::Relaxed);
                    } else {
                        generating.fetch_sub(1, Ordering::Relaxed);
                    }
                    report();
                };
                let labels = app
                    .order_labels(&shop_id, &order_id, &packages, size, &cancel, &waiting)
                    .await;
                (at, labels)
            });
        }
        report();
        while let Some(joined) = running.join_next().await {
            let (at, labels) =
                joined.map_err(|e| CoreError::Internal(format!("a label task failed: {e}")))?;
            let stop = match &labels {
                Err(LabelFailure::Local(e)) => Some(e.clone()),
                Err(LabelFailure::Cancelled) => Some(CoreError::Cancelled.into()),
                _ => None,
            };
            if let Some(e) = stop {
                running.abort_all();
                return Err(e);
            }
            results[at] = Some(labels);
            done.fetch_add(1, Ordering::Relaxed);
            report();
        }
        if cancel.is_cancelled() {
            return Err(CoreError::Cancelled.into());
        }
        Ok(results
            .into_iter()
            .map(|r| r.unwrap_or(Err(LabelFailure::Cancelled)))
            .collect())
    }

    /// Every label of one order: kept ones in the asked size as they are, the others fetched.
    /// When TikTok cannot give one now (still generating, unreachable), a label kept in the
    /// other size is printed instead of none.
    async fn order_labels(
        &self,
        shop_id: &str,
        order_id: &str,
        packages: &[String],
        size: LabelSize,
        cancel: &CancellationToken,
        waiting: &(dyn Fn(bool) + Send + Sync),
    ) -> OrderLabels {
        let mut pdfs = Vec::with_capacity(packages.len());
        for package in packages {
            if let Some(bytes) = self.kept_label(shop_id, package, size).await? {
                pdfs.push(bytes);
                continue;
            }
            match self
                .fetch_label(shop_id, order_id, package, size, cancel, waiting)
                .await
            {
                Ok(bytes) => pdfs.push(bytes),
                Err(LabelFailure::Missing {
                    reason: reason @ (NoLabelReason::StillGenerating | NoLabelReason::Unreachable),
                    message,
                }) => {
                    let other = match size {
                        LabelSize::A6 => LabelSize::A5,
                        LabelSize::A5 => LabelSize::A6,
                    };
                    match self.kept_label(shop_id, package, other).await? {
                        Some(bytes) => {
                            tracing::info!(package = %package, size = other.as_str(), "printing the label kept in the other size");
                            pdfs.push(bytes);
                        }
                        None => return Err(LabelFailure::Missing { reason, message }),
                    }
                }
                Err(e) => return Err(e),
            }
        }
        Ok(pdfs)
    }

    /// A kept label's PDF, if its row and file are there.
    async fn kept_label(
        &self,
        shop_id: &str,
        package_id: &str,
        size: LabelSize,
    ) -> Result<Option<Vec<u8>>, LabelFailure> {
        let (shop, package) = (shop_id.to_owned(), package_id.to_owned());
        let row = self
            .db(move |s| s.shipping_label(&shop, &package, size.tiktok_word()))
            .await
            .map_err(|e| LabelFailure::Local(e.into()))?;
        let Some(row) = row else { return Ok(None) };
        let data_dir = self.data_dir();
        tokio::task::spawn_blocking(move || keep::read_kept(&data_dir, &row.file_name))
            .await
            .map_err(|e| {
                LabelFailure::Local(
                    CoreError::Internal(format!("the read task failed: {e}")).into(),
                )
            })
    }
}

/// The error when no order had a label: how many orders for each reason, in the seller's
/// words, and each order in the detail.
fn nothing_to_print(left_out: &[MissingLabelView]) -> ApiError {
    let mut reasons: Vec<(NoLabelReason, &str, usize)> = Vec::new();
    for m in left_out {
        match reasons
            .iter_mut()
            .find(|(r, msg, _)| *r == m.reason && *msg == m.message)
        {
            Some(entry) => entry.2 += 1,
            None => reasons.push((m.reason, &m.message, 1)),
        }
    }
    let summary: Vec<String> = reasons
        .iter()
        .map(|(_, message, n)| match n {
            1 => format!("1 order: {message}"),
            n => format!("{n} orders: {message}"),
        })
        .collect();
    let detail: Vec<String> = left_out
        .iter()
        .map(|m| format!("{} ({}): {}", m.order_id, m.reason, m.message))
        .collect();
    ApiError::new(
        ErrorCode::NotFound,
        format!("No TikTok label to print. {}", summary.join(" ")),
    )
    .with_detail(detail.join("\n"))
}
