//! Sending a Stock row: one Update Inventory call for one product, computed now.
//!
//! Every attempt first reads the product's stock with Inventory Search (write-api §E: "use it
//! for reconciliation"), then:
//! * when TikTok holds more units for open orders than the stored orders account for, orders
//!   exist that Shopdock has not downloaded: the push waits a few seconds for the order sync
//!   (started at once) instead of overwriting TikTok's own decrement with a stale figure
//!   (§E "Oversell traps"); after a few waits it pushes anyway, so a count TikTok keeps
//!   differently can never stop stock sync;
//! * the figures are planned ([`crate::stock::plan`]) from the counts and orders stored now,
//!   with each SKU's warehouses as TikTok lists them now;
//! * only SKUs whose quantities differ on TikTok are sent: a push whose reply was lost and
//!   landed is found there and never sent again, and a product with no change gets no write.
//!
//! Update Inventory answers `code 0` even when it refused some SKUs: each SKU's outcome is
//! read ([`shopdock_tiktok::product::InventoryUpdateOutcome`]) and kept per SKU with the
//! seller-facing reason of the one refusal table.

use crate::errors::CoreResult;
use crate::outbox::drain::Outcome;
use crate::outbox::settle::{classify, Settlement, TRANSIENT_RETRY_SECS};
use crate::stock::inputs::{current, linked_skus, local_stock, rules, skus_with_missing_orders};
use crate::stock::marks::ProductPush;
use crate::stock::plan::{self, ProductPlan};
use crate::Shopdock;
use serde::Serialize;
use shopdock_store::outbox::ClaimedIntent;
use shopdock_store::stock::{SkuStockResult, StockInputs};
use shopdock_tiktok::codes::PRODUCT_STATUS_NOT_ALLOWED;
use shopdock_tiktok::product::{
    InventoryList, InventoryQuery, SkuUpdateError, SkuUpdateOutcome, UpdateInventoryRequest,
};
use shopdock_tiktok::refusal::fulfillment_refusal;

/// Waits for missing orders before pushing anyway (each a few seconds apart).
const ORDER_WAITS: u32 = 3;
/// Seconds between those waits: about one order pull.
const ORDER_WAIT_SECS: i64 = 5;
/// A product that is not live is looked at again this often (its going live also marks it).
const NOT_LIVE_RETRY_SECS: i64 = 3600;

/// What a Stock row keeps of its push.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct StockPushResult {
    /// SKUs sent in the call (none when TikTok already held every figure).
    pub written: Vec<String>,
    /// SKUs TikTok already held at the planned figure.
    pub unchanged: usize,
    /// The row's earlier outcome was unknown and TikTok's state settled it.
    pub reconciled: bool,
}

fn failed(code: &str, reason: &str, retry_in: Option<i64>) -> Outcome {
    Outcome::Settle(Settlement::Failed {
        code: code.to_owned(),
        reason: reason.to_owned(),
        retry_in,
    })
}

/// The code and seller-facing reason of a SKU refused under code 0.
fn sku_refusal(e: &SkuUpdateError) -> (String, String) {
    let code = e
        .codes()
        .into_iter()
        .find(|c| fulfillment_refusal(*c).is_some())
        .unwrap_or(e.code);
    let reason = match e.refusal() {
        Some(r) => r.reason.to_owned(),
        None if !e.message.is_empty() => format!("TikTok refused this SKU's stock: {}", e.message),
        None => format!("TikTok refused this SKU's stock (code {code})."),
    };
    (code.to_string(), reason)
}

impl Shopdock {
    pub(in crate::outbox) async fn send_stock(
        &self,
        shop_id: &str,
        intent: &ClaimedIntent,
    ) -> Outcome {
        let push: ProductPush = match serde_json::from_value(intent.entry.payload.clone()) {
            Ok(p) => p,
            Err(e) => {
                return Outcome::Unsendable(format!("The queued stock push did not read: {e}"))
            }
        };
        let attempt = intent.ticket.attempt;
        let must_reconcile = intent.must_reconcile();
        let (shop, ids) = (shop_id.to_owned(), vec![push.product_id.clone()]);
        let inputs = match self.db(move |s| s.stock_inputs(&shop, &ids)).await {
            Ok(i) => i,
            Err(e) => return Outcome::Settle(classify(&e, attempt, must_reconcile)),
        };
        if !inputs.sync_on {
            return failed(
                "stock_sync_off",
                "Automatic stock quantity sync is off for this shop: turn it on to push stock.",
                None,
            );
        }
        let Some(product) = inputs.products.first() else {
            // Unlinked since it was queued: nothing of it is Shopdock's to push.
            self.keep_stock_results(shop_id, &push.product_id, Vec::new())
                .await;
            return Outcome::sent(&StockPushResult {
                written: Vec::new(),
                unchanged: 0,
                reconciled: must_reconcile,
            });
        };
        if product.status.as_deref().is_some_and(|s| s != "ACTIVATE") {
            let reason = fulfillment_refusal(PRODUCT_STATUS_NOT_ALLOWED)
                .map(|r| r.reason)
                .unwrap_or("The product is not live.");
            let results = product
                .skus
                .iter()
                .map(|s| SkuStockResult {
                    sku_id: s.sku_id.clone(),
                    planned: None,
                    confirmed: None,
                    error: Some(("not_live".into(), reason.into())),
                    warehouses: Vec::new(),
                })
                .collect();
            self.keep_stock_results(shop_id, &push.product_id, results)
                .await;
            return failed("not_live", reason, Some(NOT_LIVE_RETRY_SECS));
        }
        let read = match self.tiktok_inventory(shop_id, &push.product_id).await {
            Ok(r) => r,
            Err(e) => return Outcome::Settle(classify(&e, attempt, must_reconcile)),
        };
        let missing = skus_with_missing_orders(product, &read);
        if !missing.is_empty() && attempt <= ORDER_WAITS {
            tracing::info!(shop = %shop_id, product = %push.product_id, skus = ?missing, "TikTok has orders Shopdock has not stored; the stock push waits for them");
            self.sync_now(shop_id);
            return failed(
                "orders_pending",
                "TikTok has orders Shopdock has not downloaded yet: the push waits for them, so it never undoes TikTok's own count.",
                Some(ORDER_WAIT_SECS),
            );
        }
        let plan = plan_product(&inputs, &read);
        self.push_plan(
            shop_id,
            &push.product_id,
            &plan,
            &read,
            attempt,
            must_reconcile,
        )
        .await
    }

    /// Sends the SKUs of `plan` that differ from `read` and keeps each SKU's outcome.
    async fn push_plan(
        &self,
        shop_id: &str,
        product_id: &str,
        plan: &ProductPlan,
        read: &InventoryList,
        attempt: u32,
        must_reconcile: bool,
    ) -> Outcome {
        let now = current(read);
        let to_send = plan::changed(plan, &now);
        let mut results: Vec<SkuStockResult> = plan
            .skus
            .iter()
            .map(|s| match &s.outcome {
                Ok(p) => SkuStockResult {
                    sku_id: s.sku_id.clone(),
                    planned: Some(p.quantity),
                    confirmed: (!to_send.iter().any(|(id, _)| *id == s.sku_id))
                        .then_some(p.quantity),
                    error: None,
                    warehouses: p.warehouses.clone(),
                },
                Err(why) => SkuStockResult {
                    sku_id: s.sku_id.clone(),
                    planned: None,
                    confirmed: None,
                    error: Some(("not_pushed".into(), why.reason())),
                    warehouses: Vec::new(),
                },
            })
            .collect();
        let unchanged = results.iter().filter(|r| r.confirmed.is_some()).count();
        if to_send.is_empty() {
            if must_reconcile {
                tracing::info!(shop = %shop_id, product = %product_id, "stock already on TikTok; not sent again");
            }
            self.keep_stock_results(shop_id, product_id, results).await;
            return Outcome::sent(&StockPushResult {
                written: Vec::new(),
                unchanged,
                reconciled: must_reconcile,
            });
        }
        let request = UpdateInventoryRequest {
            skus: plan::request(&to_send),
        };
        let written: Vec<String> = to_send.iter().map(|(id, _)| (*id).to_owned()).collect();
        let product = product_id.to_owned();
        let sent = self
            .call_shop(shop_id, |s| {
                let (request, product) = (request.clone(), product.clone());
                async move {
                    s.client
                        .update_inventory(&s.access_token, &s.shop_cipher, &product, &request)
                        .await
                }
            })
            .await;
        let outcome = match sent {
            Ok(reply) => {
                let mut unknown = false;
                let mut refused: Vec<(String, String)> = Vec::new();
                for sku in &reply.skus {
                    let Some(r) = results.iter_mut().find(|r| r.sku_id == sku.sku_id) else {
                        continue;
                    };
                    match &sku.outcome {
                        SkuUpdateOutcome::Updated => r.confirmed = r.planned,
                        SkuUpdateOutcome::Refused(e) => {
                            let why = sku_refusal(e);
                            tracing::warn!(shop = %shop_id, product = %product_id, sku = %sku.sku_id, code = %why.0, "TikTok refused a SKU's stock");
                            r.error = Some(why.clone());
                            refused.push(why);
                        }
                        SkuUpdateOutcome::Unknown => unknown = true,
                    }
                }
                if unknown {
                    Outcome::Settle(Settlement::Unknown {
                        code: "unattributed".into(),
                        reason: "TikTok reported an error naming no SKU; Shopdock reads the stock back before sending again.".into(),
                        check_in: crate::outbox::settle::check_delay(attempt),
                    })
                } else if let Some((code, reason)) = refused.first() {
                    let transient = code
                        .parse::<i64>()
                        .ok()
                        .and_then(fulfillment_refusal)
                        .is_some_and(|r| r.transient);
                    let summary = if refused.len() == 1 {
                        reason.clone()
                    } else {
                        format!("{} SKUs refused; the first: {reason}", refused.len())
                    };
                    failed(code, &summary, transient.then_some(TRANSIENT_RETRY_SECS))
                } else {
                    Outcome::sent(&StockPushResult {
                        written,
                        unchanged,
                        reconciled: must_reconcile,
                    })
                }
            }
            Err(e) => {
                let settlement = classify(&e, attempt, false);
                if let Settlement::Failed { code, reason, .. } = &settlement {
                    for r in results.iter_mut().filter(|r| written.contains(&r.sku_id)) {
                        r.error = Some((code.clone(), reason.clone()));
                    }
                }
                Outcome::Settle(settlement)
            }
        };
        self.keep_stock_results(shop_id, product_id, results).await;
        outcome
    }

    /// Inventory Search of one product: its SKUs' stock on TikTok now.
    pub(crate) async fn tiktok_inventory(
        &self,
        shop_id: &str,
        product_id: &str,
    ) -> CoreResult<InventoryList> {
        self.tiktok_inventories(shop_id, &[product_id.to_owned()])
            .await
    }

    /// Inventory Search of up to 100 products.
    pub(crate) async fn tiktok_inventories(
        &self,
        shop_id: &str,
        product_ids: &[String],
    ) -> CoreResult<InventoryList> {
        let query = InventoryQuery::Products(product_ids.to_vec());
        self.call_shop(shop_id, |s| {
            let query = query.clone();
            async move {
                s.client
                    .inventory_search(&s.access_token, &s.shop_cipher, &query)
                    .await
            }
        })
        .await
    }

    /// Keeps what an attempt did to each SKU; a failure to keep it is logged, never the
    /// row's outcome (the push itself happened or not regardless).
    async fn keep_stock_results(
        &self,
        shop_id: &str,
        product_id: &str,
        results: Vec<SkuStockResult>,
    ) {
        let (shop, product, now) = (shop_id.to_owned(), product_id.to_owned(), self.now());
        if let Err(e) = self
            .db(move |s| s.record_stock_results(&shop, &product, &results, now))
            .await
        {
            tracing::warn!(shop = %shop_id, product = %product_id, error = %e, "could not keep the stock push's results");
        }
    }
}

/// The plan of the one product of `inputs`, with each SKU's warehouses as `read` lists them.
pub(crate) fn plan_product(inputs: &StockInputs, read: &InventoryList) -> ProductPlan {
    let skus = inputs
        .products
        .first()
        .map(|p| linked_skus(p, &inputs.warehouses, Some(read)))
        .unwrap_or_default();
    let stock = local_stock(&inputs.local);
    plan::plan_products(&skus, &stock, &rules(&inputs.settings))
        .into_iter()
        .next()
        .unwrap_or_else(|| ProductPlan {
            product_id: String::new(),
            skus: Vec::new(),
        })
}
