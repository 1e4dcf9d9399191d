//! Update Price (write-api §F; SPEC:products/update-price): new prices for SKUs of one live
//! product that is in no ongoing promotion. All or nothing: a refusal is the call's own code
//! (12052038 or 12019045 for a promotion lock, 12052084 for a foreign currency, ...) and
//! `data` is always empty.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// The body of Update Price.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct UpdatePriceRequest {
    pub skus: Vec<SkuPriceUpdate>,
}

/// One SKU's new price.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SkuPriceUpdate {
    pub id: String,
    pub price: PriceUpdate,
    /// US only: the MSRP, 0.01..=7600 and at least `price.amount` (TikTok discards a lower
    /// one and audits the rest).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub list_price: Option<PriceAmount>,
    /// Selected US sellers: compare-at prices on other platforms.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub external_list_prices: Vec<ExternalListPrice>,
}

/// `price` of a SKU update. Local and intra-EU sellers set `amount`, the display price
/// before discounts. Global sellers set `amount` as the pre-tax price and may set
/// `sale_price`, the display price (required instead of `amount` for JP and US shops using
/// China warehouses).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PriceUpdate {
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub amount: Option<Decimal>,
    /// Must be the shop's currency (else 12052084).
    pub currency: String,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub sale_price: Option<Decimal>,
}

impl SkuPriceUpdate {
    /// A local seller's display price for `sku_id`.
    pub fn local(sku_id: &str, amount: Decimal, currency: &str) -> Self {
        Self {
            id: sku_id.to_owned(),
            price: PriceUpdate {
                amount: Some(amount),
                currency: currency.to_owned(),
                sale_price: None,
            },
            list_price: None,
            external_list_prices: Vec::new(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PriceAmount {
    pub amount: Decimal,
    /// `USD`.
    pub currency: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ExternalListPrice {
    /// `SHOPIFY_COMPARE_AT_PRICE`.
    pub source: String,
    pub amount: Decimal,
    pub currency: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn amounts_go_out_as_decimal_strings_with_their_scale() {
        let body = UpdatePriceRequest {
            skus: vec![SkuPriceUpdate::local(
                "1729592969712207013",
                Decimal::from_str("12.50").unwrap(),
                "USD",
            )],
        };
        assert_eq!(
            serde_json::to_string(&body).unwrap(),
            r#"{"skus":[{"id":"1729592969712207013","price":{"amount":"12.50","currency":"USD"}}]}"#
        );
    }
}
