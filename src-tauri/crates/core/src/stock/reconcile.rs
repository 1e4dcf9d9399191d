//! The periodic reconciliation (issue 12 item 4; write-api §E "hourly re-check that fixes
//! silent failures"): TikTok's stock of every linked SKU of a shop, read with Inventory Search
//! (100 products a call), against Shopdock's figure. A SKU that differs is a finding: kept,
//! logged, and fixed by a push of its product. SKUs for which TikTok holds units of orders
//! Shopdock has not downloaded yet are not findings (TikTok is ahead, not wrong): the order
//! sync is started for them instead.

use super::inputs::{current, linked_skus, local_stock, rules, skus_with_missing_orders};
use super::plan::{self, CurrentQuantities};
use crate::errors::{CoreError, CoreResult};
use crate::{ApiError, Shopdock};
use serde::Serialize;
use shopdock_store::stock::StockFinding;
use shopdock_store::SyncKind;
use shopdock_tiktok::product::MAX_INVENTORY_PRODUCT_IDS;
use std::collections::BTreeSet;
use ts_rs::TS;

/// What one reconciliation of a shop found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct StockReconcileView {
    pub shop_id: String,
    /// Linked SKUs compared.
    pub checked: u32,
    /// SKUs whose quantity on TikTok differed, now being pushed.
    pub drifted: Vec<StockFindingView>,
    /// SKUs TikTok holds units of new orders for: compared after the next order download.
    pub waiting_for_orders: u32,
    pub finished_at: i64,
}

/// A SKU whose quantity on TikTok differed from Shopdock's figure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct StockFindingView {
    pub product_id: String,
    pub sku_id: String,
    /// TikTok's available units.
    pub tiktok: i64,
    /// Shopdock's figure.
    pub expected: i64,
    pub found_at: i64,
}

impl From<StockFinding> for StockFindingView {
    fn from(f: StockFinding) -> Self {
        StockFindingView {
            product_id: f.product_id,
            sku_id: f.sku_id,
            tiktok: f.tiktok,
            expected: f.expected,
            found_at: f.found_at,
        }
    }
}

fn total(quantities: &CurrentQuantities, sku_id: &str) -> i64 {
    quantities
        .get(sku_id)
        .map_or(0, |w| w.iter().map(|(_, q)| q).sum())
}

impl Shopdock {
    /// Compares TikTok's stock of the shop's linked SKUs with Shopdock's figures now, keeps
    /// what differs as findings and pushes those products. Runs on its own every
    /// `reconcile_secs` for shops with stock sync on; the CLI and the window may run it.
    pub async fn reconcile_stock(&self, shop_id: &str) -> Result<StockReconcileView, ApiError> {
        Ok(self.reconcile_stock_inner(shop_id).await?)
    }

    pub(crate) async fn reconcile_stock_inner(
        &self,
        shop_id: &str,
    ) -> CoreResult<StockReconcileView> {
        let shop = shop_id.to_owned();
        let products = self.db(move |s| s.linked_products(&shop)).await?;
        let mut view = StockReconcileView {
            shop_id: shop_id.to_owned(),
            checked: 0,
            drifted: Vec::new(),
            waiting_for_orders: 0,
            finished_at: 0,
        };
        let mut to_push: BTreeSet<String> = BTreeSet::new();
        for chunk in products.chunks(MAX_INVENTORY_PRODUCT_IDS) {
            // Shopdock's side first: an order TikTok takes between the two reads then shows as
            // units TikTok holds for orders Shopdock lacks, never as drift.
            let (shop, ids) = (shop_id.to_owned(), chunk.to_vec());
            let inputs = self.db(move |s| s.stock_inputs(&shop, &ids)).await?;
            if !inputs.sync_on {
                return Err(CoreError::Conflict(
                    "Automatic stock quantity sync is off for this shop.".into(),
                ));
            }
            let read = self.tiktok_inventories(shop_id, chunk).await?;
            let held = current(&read);
            let stock = local_stock(&inputs.local);
            let found_at = self.now();
            // TikTok takes stock only of live products: the others are pushed when they go live.
            let live = inputs
                .products
                .iter()
                .filter(|p| p.status.as_deref().is_none_or(|s| s == "ACTIVATE"));
            for product in live {
                let missing = skus_with_missing_orders(product, &read);
                view.waiting_for_orders += missing.len() as u32;
                let skus = linked_skus(product, &inputs.warehouses, Some(&read));
                let Some(plan) = plan::plan_products(&skus, &stock, &rules(&inputs.settings))
                    .into_iter()
                    .next()
                else {
                    continue;
                };
                view.checked += plan.skus.len() as u32;
                for (sku_id, planned) in plan::changed(&plan, &held) {
                    if missing.iter().any(|m| m == sku_id) || read.sku(sku_id).is_none() {
                        continue;
                    }
                    view.drifted.push(StockFindingView {
                        product_id: product.product_id.clone(),
                        sku_id: sku_id.to_owned(),
                        tiktok: total(&held, sku_id),
                        expected: planned.quantity,
                        found_at,
                    });
                    to_push.insert(product.product_id.clone());
                }
            }
            if view.waiting_for_orders > 0 {
                self.sync_now(shop_id);
            }
        }
        for f in &view.drifted {
            tracing::warn!(shop = %shop_id, product = %f.product_id, sku = %f.sku_id, tiktok = f.tiktok, expected = f.expected, "stock drift found on TikTok; pushing Shopdock's figure");
        }
        let findings: Vec<StockFinding> = view
            .drifted
            .iter()
            .map(|f| StockFinding {
                shop_id: shop_id.to_owned(),
                product_id: f.product_id.clone(),
                sku_id: f.sku_id.clone(),
                tiktok: f.tiktok,
                expected: f.expected,
                found_at: f.found_at,
            })
            .collect();
        let (shop, push, finished_at) = (
            shop_id.to_owned(),
            to_push.into_iter().collect::<Vec<_>>(),
            self.now(),
        );
        self.db(move |s| {
            s.record_stock_findings(&findings)?;
            s.write(|tx| tx.mark_for_sync(SyncKind::Stock, &shop, &push))?;
            s.set_stock_reconciled(&shop, finished_at)
        })
        .await?;
        if !view.drifted.is_empty() {
            self.flush_sync_marks(false).await?;
        }
        view.finished_at = finished_at;
        tracing::info!(shop = %shop_id, checked = view.checked, drifted = view.drifted.len(), waiting = view.waiting_for_orders, "stock reconciled with TikTok");
        Ok(view)
    }

    /// Starts the reconciliation of each shop that is due, one at a time per shop (the
    /// supervisor's tick).
    pub(crate) async fn spawn_due_reconciliations(&self) {
        let now = self.now();
        let due = match self.db(move |s| s.shops_due_stock_reconcile(now)).await {
            Ok(d) => d,
            Err(e) => {
                tracing::warn!(error = %e, "could not tell which shops to reconcile");
                return;
            }
        };
        for shop in due {
            // A shop that is not connected is looked at again once it is.
            let connected = self
                .shop_record(&shop)
                .await
                .is_ok_and(|r| r.auth_state == shopdock_store::AuthState::Connected);
            if !connected || !self.inner.stock.begin_reconcile(&shop) {
                continue;
            }
            let app = self.clone();
            tokio::spawn(async move {
                if let Err(e) = app.reconcile_stock_inner(&shop).await {
                    tracing::warn!(shop = %shop, error = %e, "stock reconciliation failed");
                    // Tried again after the interval, not at every tick.
                    let now = app.now();
                    let s2 = shop.clone();
                    if let Err(e) = app.db(move |s| s.set_stock_reconciled(&s2, now)).await {
                        tracing::warn!(shop = %shop, error = %e, "could not note the reconciliation");
                    }
                }
                app.inner.stock.end_reconcile(&shop);
            });
        }
    }
}
