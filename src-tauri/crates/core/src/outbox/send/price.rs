//! Sending a Price row: one Update Price call for one product, computed now
//! ([`crate::stock::price`] decides each SKU's price, currency and field).
//!
//! Every attempt first reads the product with Get Product: SKUs whose price TikTok already
//! holds are not sent (a push whose reply was lost and landed is not sent again). Update Price
//! is all or nothing and its refusal names no SKU, so when TikTok refuses several SKUs for a
//! reason that belongs to one SKU (a promotion lock, a price out of range, a bundle priced over
//! its items), each SKU is sent on its own: the others get their price, and the refusal is
//! shown on the SKU it belongs to.

use crate::errors::CoreResult;
use crate::outbox::drain::Outcome;
use crate::outbox::settle::{classify, Settlement, TRANSIENT_RETRY_SECS};
use crate::stock::marks::ProductPush;
use crate::stock::price::{
    already_there, price_field, prices_currency, sku_currency, sku_price, update, PriceField,
};
use crate::Shopdock;
use serde::Serialize;
use shopdock_store::outbox::ClaimedIntent;
use shopdock_store::stock::{PriceInputs, SkuPriceResult};
use shopdock_tiktok::codes::*;
use shopdock_tiktok::product::{Decimal, Product, SkuPriceUpdate, UpdatePriceRequest};
use shopdock_tiktok::refusal::fulfillment_refusal;

/// A product that is not live is looked at again this often (its going live also marks it).
const NOT_LIVE_RETRY_SECS: i64 = 3600;

/// What a Price row keeps of its push.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct PricePushResult {
    pub written: Vec<String>,
    pub unchanged: usize,
    pub reconciled: bool,
}

/// Refusals of Update Price that belong to one SKU rather than the whole product.
fn belongs_to_one_sku(code: i64) -> bool {
    matches!(
        code,
        PRICE_LOCKED
            | PRICE_LOCKED_BY_PROMOTION
            | PRICE_FORMAT_INVALID
            | PRICE_INVALID
            | PRICE_OVER_LIMIT
            | SALE_PRICE_INVALID
            | SALE_PRICE_INVALID_ALT
            | COMBO_PRICE_OVER_ITEMS
            | SKU_NOT_FOUND
            | SKU_NOT_OF_PRODUCT
    )
}

/// Local refusals of a price the seller has to fix (see [`crate::stock::price`]).
fn needs_the_seller(code: &str) -> bool {
    matches!(
        code,
        "price_currency"
            | "price_currency_ambiguous"
            | "price_currency_unknown"
            | "price_invalid"
            | "price_decimals"
    )
}

fn failed(code: &str, reason: &str, retry_in: Option<i64>) -> Outcome {
    Outcome::Settle(Settlement::Failed {
        code: code.to_owned(),
        reason: reason.to_owned(),
        retry_in,
    })
}

/// A SKU to price: its id, price and currency.
struct Priced {
    sku_id: String,
    price: Decimal,
    currency: String,
}

/// Each SKU's price (or why it has none), from the inputs alone.
fn plan(inputs: &PriceInputs) -> (Vec<Priced>, Vec<SkuPriceResult>) {
    let mut priced = Vec::new();
    let mut results = Vec::new();
    let ours = prices_currency(inputs.declared_currency.as_deref(), &inputs.upload_regions);
    for sku in &inputs.skus {
        let theirs = sku_currency(&sku.currency, &inputs.region);
        let outcome = match (&ours, theirs) {
            (Err(e), _) => Err((e.code.to_owned(), e.reason.clone())),
            (Ok(_), None) => Err((
                "price_currency_unknown".to_owned(),
                "Shopdock does not know this shop's currency yet (reconnect the shop so TikTok reports its region).".to_owned(),
            )),
            (Ok(_), Some(_)) if sku.is_combined => Err((
                "price_not_one_to_one".to_owned(),
                "This is a TikTok virtual bundle: set its price in Seller Center.".to_owned(),
            )),
            (Ok(ours), Some(theirs)) => sku_price(&sku.parts, &sku.local_prices, ours, &theirs)
                .map(|p| (p, theirs))
                .map_err(|e| (e.code.to_owned(), e.reason)),
        };
        match outcome {
            Ok((price, currency)) => {
                results.push(SkuPriceResult {
                    sku_id: sku.sku_id.clone(),
                    planned: Some(price.to_string()),
                    currency: Some(currency.clone()),
                    confirmed: None,
                    error: None,
                });
                priced.push(Priced {
                    sku_id: sku.sku_id.clone(),
                    price,
                    currency,
                });
            }
            Err(error) => results.push(SkuPriceResult {
                sku_id: sku.sku_id.clone(),
                planned: None,
                currency: None,
                confirmed: None,
                error: Some(error),
            }),
        }
    }
    (priced, results)
}

impl Shopdock {
    pub(in crate::outbox) async fn send_price(
        &self,
        shop_id: &str,
        intent: &ClaimedIntent,
    ) -> Outcome {
        let push: ProductPush = match serde_json::from_value(intent.entry.payload.clone()) {
            Ok(p) => p,
            Err(e) => {
                return Outcome::Unsendable(format!("The queued price push did not read: {e}"))
            }
        };
        let attempt = intent.ticket.attempt;
        let must_reconcile = intent.must_reconcile();
        let (shop, product) = (shop_id.to_owned(), push.product_id.clone());
        let inputs = match self.db(move |s| s.price_inputs(&shop, &product)).await {
            Ok(i) => i,
            Err(e) => return Outcome::Settle(classify(&e, attempt, must_reconcile)),
        };
        if !inputs.upload_on {
            return failed(
                "price_upload_off",
                "Price upload is off for this shop: turn it on to push prices.",
                None,
            );
        }
        let (priced, mut results) = plan(&inputs);
        if inputs
            .product_status
            .as_deref()
            .is_some_and(|s| s != "ACTIVATE")
        {
            let reason = fulfillment_refusal(PRODUCT_STATUS_NOT_ALLOWED)
                .map(|r| r.reason)
                .unwrap_or("The product is not live.");
            for r in results.iter_mut().filter(|r| r.error.is_none()) {
                r.error = Some(("not_live".into(), reason.into()));
            }
            self.keep_price_results(shop_id, &push.product_id, results)
                .await;
            return failed("not_live", reason, Some(NOT_LIVE_RETRY_SECS));
        }
        let field = price_field(&inputs.region, inputs.seller_type.as_deref());
        // A price Shopdock refused to send for a reason the seller must fix (a currency, a
        // malformed amount) keeps the row for the seller once the others are pushed. A SKU
        // with no price, or not linked one-to-one, simply has no price to push.
        let refused_here = results
            .iter()
            .filter_map(|r| r.error.clone())
            .find(|(code, _)| needs_the_seller(code));
        let outcome = if priced.is_empty() {
            Outcome::sent(&PricePushResult {
                written: Vec::new(),
                unchanged: 0,
                reconciled: must_reconcile,
            })
        } else {
            match self.tiktok_product(shop_id, &push.product_id).await {
                Ok(held) => {
                    self.push_prices(
                        shop_id,
                        &push.product_id,
                        &held,
                        priced,
                        field,
                        &mut results,
                        attempt,
                        must_reconcile,
                    )
                    .await
                }
                Err(e) => Outcome::Settle(classify(&e, attempt, must_reconcile)),
            }
        };
        self.keep_price_results(shop_id, &push.product_id, results)
            .await;
        match (outcome, refused_here) {
            (Outcome::Sent(_), Some((code, reason))) => failed(&code, &reason, None),
            (outcome, _) => outcome,
        }
    }

    /// Sends the prices TikTok does not hold yet; notes each SKU's outcome in `results`.
    #[allow(clippy::too_many_arguments)]
    async fn push_prices(
        &self,
        shop_id: &str,
        product_id: &str,
        held: &Product,
        priced: Vec<Priced>,
        field: PriceField,
        results: &mut [SkuPriceResult],
        attempt: u32,
        must_reconcile: bool,
    ) -> Outcome {
        let mut to_send = Vec::new();
        let mut unchanged = 0;
        for p in priced {
            let now = held.sku(&p.sku_id).and_then(|s| s.price.as_ref());
            if already_there(now, p.price, &p.currency, field) {
                unchanged += 1;
                if let Some(r) = results.iter_mut().find(|r| r.sku_id == p.sku_id) {
                    r.confirmed = r.planned.clone();
                }
            } else {
                to_send.push(update(&p.sku_id, p.price, &p.currency, field));
            }
        }
        if to_send.is_empty() {
            return Outcome::sent(&PricePushResult {
                written: Vec::new(),
                unchanged,
                reconciled: must_reconcile,
            });
        }
        let written: Vec<String> = to_send.iter().map(|s| s.id.clone()).collect();
        let first = self
            .update_prices(shop_id, product_id, to_send.clone())
            .await;
        let refused_one = first
            .as_ref()
            .err()
            .and_then(|e| match e {
                crate::CoreError::TikTok(t) => t.api_code(),
                _ => None,
            })
            .is_some_and(belongs_to_one_sku);
        let attempts: Vec<(Vec<SkuPriceUpdate>, CoreResult<()>)> = if refused_one
            && to_send.len() > 1
        {
            tracing::info!(shop = %shop_id, product = %product_id, "Update Price refused a SKU; sending each SKU alone to find which");
            let mut each = Vec::with_capacity(to_send.len());
            for sku in to_send {
                let one = vec![sku];
                let sent = self.update_prices(shop_id, product_id, one.clone()).await;
                each.push((one, sent));
            }
            each
        } else {
            vec![(to_send, first)]
        };
        let mut problem: Option<Settlement> = None;
        let mut refused = 0;
        for (skus, sent) in attempts {
            let settled = match sent {
                Ok(()) => None,
                Err(e) => Some(classify(&e, attempt, false)),
            };
            for sku in &skus {
                let Some(r) = results.iter_mut().find(|r| r.sku_id == sku.id) else {
                    continue;
                };
                match &settled {
                    None => r.confirmed = r.planned.clone(),
                    Some(Settlement::Failed { code, reason, .. }) => {
                        r.error = Some((code.clone(), reason.clone()));
                        refused += 1;
                    }
                    Some(Settlement::Unknown { .. }) => {}
                }
            }
            // An unknown outcome outranks a refusal: the row must be checked before a resend.
            match (&problem, settled) {
                (_, None) => {}
                (Some(Settlement::Unknown { .. }), Some(_)) => {}
                (_, Some(s)) => problem = Some(s),
            }
        }
        match problem {
            None => Outcome::sent(&PricePushResult {
                written,
                unchanged,
                reconciled: must_reconcile,
            }),
            Some(Settlement::Failed {
                code,
                reason,
                retry_in,
            }) if refused > 1 => {
                let reason = format!("{refused} SKUs refused; the last: {reason}");
                failed(&code, &reason, retry_in.map(|_| TRANSIENT_RETRY_SECS))
            }
            Some(s) => Outcome::Settle(s),
        }
    }

    async fn update_prices(
        &self,
        shop_id: &str,
        product_id: &str,
        skus: Vec<SkuPriceUpdate>,
    ) -> CoreResult<()> {
        let request = UpdatePriceRequest { skus };
        let product = product_id.to_owned();
        self.call_shop(shop_id, |s| {
            let (request, product) = (request.clone(), product.clone());
            async move {
                s.client
                    .update_price(&s.access_token, &s.shop_cipher, &product, &request)
                    .await
            }
        })
        .await
    }

    /// Get Product: one product as TikTok holds it now.
    pub(crate) async fn tiktok_product(
        &self,
        shop_id: &str,
        product_id: &str,
    ) -> CoreResult<Product> {
        let product = product_id.to_owned();
        self.call_shop(shop_id, |s| {
            let product = product.clone();
            async move {
                s.client
                    .get_product(&s.access_token, &s.shop_cipher, &product)
                    .await
            }
        })
        .await
    }

    async fn keep_price_results(
        &self,
        shop_id: &str,
        product_id: &str,
        results: Vec<SkuPriceResult>,
    ) {
        let (shop, product, now) = (shop_id.to_owned(), product_id.to_owned(), self.now());
        if let Err(e) = self
            .db(move |s| s.record_price_results(&shop, &product, &results, now))
            .await
        {
            tracing::warn!(shop = %shop_id, product = %product_id, error = %e, "could not keep the price push's results");
        }
    }
}
