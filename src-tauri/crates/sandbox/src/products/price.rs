//! Update Price (SPEC:products/update-price; write-api §F): all or nothing, `data {}`. The
//! sandbox reads the body in its own loose shape, so a malformed amount gets the spec's
//! price codes rather than a parse error.

use super::search::lookup;
use super::{no, not_here, now, parse_body, synced};
use crate::state::{Inner, ShopCell};
use crate::verify::Failure;
use axum::http::HeaderMap;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use shopdock_tiktok::codes;
use shopdock_tiktok::product::ProductStatus;
use std::collections::HashSet;

/// The largest price the sandbox accepts, in minor units of a 2-decimal currency (the
/// per-market ranges are on TikTok's "Product Pricing" page, not in the reference).
const MAX_PRICE_MINOR: i64 = 99_999_999;
/// US list prices: 0.01..=7600.00 (SPEC `list_price.amount`).
const LIST_PRICE_RANGE: (i64, i64) = (1, 760_000);

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Body {
    skus: Vec<SkuBody>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct SkuBody {
    id: String,
    price: Option<PriceBody>,
    list_price: Option<PriceBody>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct PriceBody {
    amount: Option<Value>,
    currency: Option<String>,
    sale_price: Option<Value>,
}

/// `data: {}`.
#[derive(Debug, Serialize)]
pub struct Empty {}

/// Minor units of a price as sent (a string or a number), or the spec's code.
fn minor(value: &Value, decimals: u32) -> Result<i64, Failure> {
    let text = match value {
        Value::String(s) => s.trim().to_string(),
        Value::Number(n) => n.to_string(),
        _ => String::new(),
    };
    let money = crate::money::Currency { code: "", decimals };
    let m = money
        .parse(&text)
        .ok_or_else(|| no(codes::PRICE_FORMAT_INVALID, "Incorrect price format"))?;
    if m <= 0 {
        return Err(no(codes::PRICE_INVALID, "The product price is invalid"));
    }
    let cap = MAX_PRICE_MINOR / 10i64.pow(2u32.saturating_sub(decimals));
    if m > cap {
        return Err(no(codes::PRICE_OVER_LIMIT, "product price exceed limit"));
    }
    Ok(m)
}

/// One SKU's new (display, pre-tax, list) prices.
struct NewPrice {
    sku: u64,
    display: i64,
    tax_exclusive: i64,
    list_price: Option<i64>,
}

/// Update Price: `POST /product/202309/products/{product_id}/prices/update`.
pub fn update(
    inner: &Inner,
    shop: &ShopCell,
    product_id: &str,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<Empty, Failure> {
    let request: Body = parse_body(headers, body, codes::PRODUCT_INVALID_INPUT)?;
    let def = &shop.def;
    let currency = def.market.currency;
    let global = def.seller_type == "CROSS_BORDER";
    let sale_price_required = global && matches!(def.region, "US" | "JP");
    let mut store = synced(inner, shop);
    let Some(product) = lookup(&store, product_id) else {
        drop(store);
        return Err(not_here(inner, shop, product_id));
    };
    let pid = product.id;
    if product.status == ProductStatus::Deleted {
        return Err(no(codes::PRODUCT_NOT_FOUND, "The product does not exist"));
    }
    if product.status != ProductStatus::Activate {
        return Err(no(
            codes::PRODUCT_STATUS_NOT_ALLOWED,
            "The product in its current status is not available for this operation. Change the product status and try again.",
        ));
    }
    if request.skus.is_empty() {
        return Err(no(
            codes::SKU_LIST_EMPTY,
            "The SKU list is empty. Either omit the list entirely, or provide all required details.",
        ));
    }
    let mut seen = HashSet::new();
    let mut updates = Vec::new();
    for s in &request.skus {
        if !seen.insert(s.id.trim()) {
            return Err(no(codes::SKU_DUPLICATE, "Sku id duplicate"));
        }
        let sku = product
            .skus
            .iter()
            .find(|k| k.id.to_string() == s.id.trim())
            .ok_or_else(|| {
                no(
                    codes::SKU_NOT_OF_PRODUCT,
                    "The SKU ID does not belong to the product.",
                )
            })?;
        let price = s
            .price
            .as_ref()
            .ok_or_else(|| no(codes::PRICE_INVALID, "The product price is invalid"))?;
        if price.currency.as_deref().map(str::trim) != Some(currency.code) {
            return Err(no(
                codes::PRICE_CURRENCY_MISMATCH,
                "The provided currency is not available for this shop/region.",
            ));
        }
        if sku.promotion_locked {
            return Err(no(
                codes::PRICE_LOCKED_BY_PROMOTION,
                "Product price locked due to ongoing promotion. ",
            ));
        }
        let (display, tax_exclusive) = if sale_price_required {
            let sale = price
                .sale_price
                .as_ref()
                .ok_or_else(|| no(codes::SALE_PRICE_MISSING, "Missing 'sale price' value"))?;
            let d = minor(sale, currency.decimals)?;
            (d, d)
        } else {
            let amount = price
                .amount
                .as_ref()
                .ok_or_else(|| no(codes::PRICE_INVALID, "The product price is invalid"))?;
            let a = minor(amount, currency.decimals)?;
            match (global, price.sale_price.as_ref()) {
                (false, _) => (a, a),
                (true, Some(sale)) => (minor(sale, currency.decimals)?, a),
                (true, None) => ((a * 120 + 50) / 100, a),
            }
        };
        let list_price = match &s.list_price {
            None => sku.list_price,
            Some(_) if def.region != "US" => {
                return Err(no(
                    codes::LIST_PRICE_NOT_SUPPORTED,
                    "list price not support",
                ))
            }
            Some(lp) => {
                let m = lp
                    .amount
                    .as_ref()
                    .map(|a| minor(a, currency.decimals))
                    .transpose()
                    .map_err(|_| {
                        no(
                            codes::LIST_PRICE_OVER_LIMIT,
                            "product list price exceed limit",
                        )
                    })?
                    .unwrap_or(0);
                if !(LIST_PRICE_RANGE.0..=LIST_PRICE_RANGE.1).contains(&m) {
                    return Err(no(
                        codes::LIST_PRICE_OVER_LIMIT,
                        "product list price exceed limit",
                    ));
                }
                // Below the price it is discarded, as documented.
                if m >= display {
                    Some(m)
                } else {
                    sku.list_price
                }
            }
        };
        if !sku.parts.is_empty() {
            let parts: i64 = sku
                .parts
                .iter()
                .filter_map(|(part, count)| store.sku(*part).map(|(_, p)| p.display * count))
                .sum();
            if display > parts {
                return Err(no(
                    codes::COMBO_PRICE_OVER_ITEMS,
                    "The price of combined SKU cannot exceed the sum of the prices of the sub-SKUs.",
                ));
            }
        }
        updates.push(NewPrice {
            sku: sku.id,
            display,
            tax_exclusive: if global { tax_exclusive } else { display },
            list_price,
        });
    }
    let changed: Vec<u64> = updates.iter().map(|u| u.sku).collect();
    for u in updates {
        if let Some(sku) = store.sku_mut(u.sku) {
            sku.display = u.display;
            sku.tax_exclusive = u.tax_exclusive;
            sku.list_price = u.list_price;
        }
    }
    if let Some(p) = store.product_mut(pid) {
        p.update_time = p.update_time.max(now(inner));
    }
    store.count_write(pid, "update_price", &changed);
    Ok(Empty {})
}
