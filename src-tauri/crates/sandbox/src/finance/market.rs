//! What the finance docs make depend on the shop's market and seller type (SPEC field notes
//! of get-statements, get-payments, get-transactions-by-statement; write-api §H).

use crate::generator::ShopDef;
use crate::money::{Currency, USD};

/// SEA markets: no Get Payments; a local seller's statement fees include shipping.
pub fn is_sea(shop: &ShopDef) -> bool {
    !shopdock_tiktok::finance::payments_available(shop.region)
}

fn local(shop: &ShopDef) -> bool {
    shop.seller_type == "LOCAL"
}

/// Statement `revenue_amount`: "Applicable for all regions except UK and US".
pub fn statement_has_revenue(shop: &ShopDef) -> bool {
    !matches!(shop.region, "GB" | "US")
}

/// Statement `net_sales_amount` and `shipping_cost_amount`: "local sellers outside the SEA
/// region".
pub fn statement_has_net_sales(shop: &ShopDef) -> bool {
    local(shop) && !is_sea(shop)
}

/// Statement `fee_amount` includes shipping "for local sellers in the SEA region".
pub fn fee_includes_shipping(shop: &ShopDef) -> bool {
    local(shop) && is_sea(shop)
}

/// Reserves (`total_reserve_amount`, RESERVE transactions): "UK and US local sellers".
pub fn has_reserves(shop: &ShopDef) -> bool {
    local(shop) && matches!(shop.region, "GB" | "US")
}

/// The currency a payout reaches the bank in, and the rate from the shop's currency in
/// millionths: cross-border sellers are paid in US dollars, local sellers in the shop's own
/// currency at 1.000000 (the sandbox's rates are fixed).
pub fn payout_currency(shop: &ShopDef) -> (Currency, i64) {
    let own = shop.currency();
    if local(shop) || own == USD {
        return (own, 1_000_000);
    }
    let rate = match own.code {
        "GBP" => 1_270_000,
        "EUR" => 1_080_000,
        "JPY" => 6_700,
        "MYR" => 212_000,
        "MXN" => 58_000,
        _ => 1_000_000,
    };
    (USD, rate)
}

/// `minor` units of `from` in `to` at `rate_micro`, rounded half up on the magnitude.
pub fn exchange(minor: i64, from: Currency, to: Currency, rate_micro: i64) -> i64 {
    let num = i128::from(minor) * i128::from(rate_micro) * 10i128.pow(to.decimals);
    let den = 1_000_000i128 * 10i128.pow(from.decimals);
    let q = (num.abs() + den / 2) / den;
    let q = i64::try_from(q).unwrap_or(i64::MAX);
    if minor < 0 {
        -q
    } else {
        q
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::{GBP, JPY};

    #[test]
    fn exchange_rounds_half_up_across_decimals() {
        assert_eq!(exchange(10_000, GBP, USD, 1_270_000), 12_700);
        assert_eq!(exchange(-1, GBP, USD, 1_270_000), -1);
        assert_eq!(exchange(1_000, JPY, USD, 6_700), 670);
        assert_eq!(exchange(123, USD, USD, 1_000_000), 123);
    }
}
