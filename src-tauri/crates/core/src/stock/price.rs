//! What Shopdock pushes to TikTok as a SKU's price: pure rules (issue 12 item 5, write-api §F).
//!
//! * **Which SKUs.** Only a SKU linked one-to-one (one local SKU, one unit) takes the local
//!   price. A multipack or a bundle has no price of its own in Shopdock, and a price made up
//!   from its parts' prices would go live on TikTok without the seller ever seeing it; such
//!   SKUs are listed as not priced, with the reason.
//! * **Which currency.** TikTok takes a shop's prices only in its market's currency
//!   (12052084 otherwise): the SKU's currency in the catalog, else the market's from the
//!   shop's region. The seller's own prices are in one currency for every shop: the one the
//!   seller named, else the one currency all shops with price upload share. Shopdock never
//!   converts: a price in another currency is refused before anything is sent.
//! * **Which decimals.** JPY, IDR and VND have no minor unit, the others two decimals: a price
//!   with more is refused rather than rounded, since a rounded price is one the seller never
//!   set. Prices must be above zero.
//! * **Which field.** Local and intra-EU sellers send `amount` (the display price). Global
//!   sellers' `amount` is the pre-tax price; in the US and Japan they must send `sale_price`
//!   (the display price) instead, so there Shopdock sends the local price as `sale_price`.

use shopdock_store::LinkPart;
use shopdock_tiktok::product::{Decimal, PriceUpdate, SkuPrice, SkuPriceUpdate};
use std::str::FromStr;

/// The currency TikTok takes in a market, by its region code (write-api §F).
pub fn market_currency(region: &str) -> Option<&'static str> {
    Some(match region.trim().to_ascii_uppercase().as_str() {
        "BR" => "BRL",
        "FR" | "DE" | "IE" | "IT" | "ES" => "EUR",
        "GB" | "UK" => "GBP",
        "ID" => "IDR",
        "JP" => "JPY",
        "MX" => "MXN",
        "MY" => "MYR",
        "PH" => "PHP",
        "SG" => "SGD",
        "TH" => "THB",
        "US" => "USD",
        "VN" => "VND",
        _ => return None,
    })
}

/// Digits after the decimal point a currency allows.
pub fn minor_digits(currency: &str) -> u32 {
    match currency {
        "JPY" | "IDR" | "VND" => 0,
        _ => 2,
    }
}

/// Why a SKU's price is not pushed, as a stable code and the seller's sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotPriced {
    pub code: &'static str,
    pub reason: String,
}

fn not_priced(code: &'static str, reason: impl Into<String>) -> NotPriced {
    NotPriced {
        code,
        reason: reason.into(),
    }
}

/// The currency the seller's own prices are in: the one named, else the single currency of
/// the shops with price upload on (`regions`).
pub fn prices_currency(declared: Option<&str>, regions: &[String]) -> Result<String, NotPriced> {
    if let Some(c) = declared {
        return Ok(c.to_owned());
    }
    let mut currencies: Vec<&str> = Vec::new();
    for region in regions {
        let Some(c) = market_currency(region) else {
            return Err(not_priced(
                "price_currency_unknown",
                format!("Shopdock does not know the currency of a shop in region {region:?}: say which currency your prices are in."),
            ));
        };
        if !currencies.contains(&c) {
            currencies.push(c);
        }
    }
    match currencies.as_slice() {
        [one] => Ok((*one).to_owned()),
        [] => Err(not_priced(
            "price_currency_unknown",
            "Shopdock does not know this shop's currency yet (reconnect the shop so TikTok reports its region).",
        )),
        many => Err(not_priced(
            "price_currency_ambiguous",
            format!(
                "Your shops sell in {}: say which currency your own prices are in.",
                many.join(" and ")
            ),
        )),
    }
}

/// The currency a SKU sells in: the catalog's when known, else the market's.
pub fn sku_currency(catalog: &str, region: &str) -> Option<String> {
    let catalog = catalog.trim();
    if !catalog.is_empty() {
        return Some(catalog.to_ascii_uppercase());
    }
    market_currency(region).map(str::to_owned)
}

/// The price a SKU linked to `parts` takes, from its parts' local prices (`prices`, in the
/// parts' order), when the seller's prices are in `ours` and the SKU sells in `theirs`.
pub fn sku_price(
    parts: &[LinkPart],
    prices: &[Option<String>],
    ours: &str,
    theirs: &str,
) -> Result<Decimal, NotPriced> {
    let (part, price) = match (parts, prices) {
        ([part], [price]) if part.factor == 1 => (part, price),
        _ => {
            return Err(not_priced(
                "price_not_one_to_one",
                "Shopdock pushes prices only for SKUs linked to one local SKU, one unit each: set a multipack's or bundle's price in Seller Center.",
            ))
        }
    };
    if ours != theirs {
        return Err(not_priced(
            "price_currency",
            format!("Your prices are in {ours} but this shop sells in {theirs}: Shopdock does not convert currencies, so set this price in Seller Center."),
        ));
    }
    let Some(text) = price else {
        return Err(not_priced(
            "price_missing",
            format!("{} has no price: enter one to push it.", part.code),
        ));
    };
    let amount = Decimal::from_str(text.trim()).map_err(|_| {
        not_priced(
            "price_invalid",
            format!("The price of {} ({text}) is not a number.", part.code),
        )
    })?;
    if amount <= Decimal::ZERO {
        return Err(not_priced(
            "price_invalid",
            format!("The price of {} must be above zero.", part.code),
        ));
    }
    let amount = amount.normalize();
    let digits = minor_digits(theirs);
    if amount.scale() > digits {
        return Err(not_priced(
            "price_decimals",
            format!(
                "TikTok takes {theirs} prices with at most {digits} decimals; the price of {} is {text}.",
                part.code
            ),
        ));
    }
    Ok(amount)
}

/// The field a seller's display price goes in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PriceField {
    /// `amount` (local and intra-EU sellers; global sellers elsewhere).
    Amount,
    /// `sale_price` (global sellers in the US and Japan).
    SalePrice,
}

/// Where the price goes for a shop in `region` of `seller_type` (`CROSS_BORDER` = global).
pub fn price_field(region: &str, seller_type: Option<&str>) -> PriceField {
    let global = seller_type.is_some_and(|t| t.trim().eq_ignore_ascii_case("CROSS_BORDER"));
    let region = region.trim().to_ascii_uppercase();
    if global && matches!(region.as_str(), "US" | "JP") {
        PriceField::SalePrice
    } else {
        PriceField::Amount
    }
}

/// The body entry of one SKU.
pub fn update(sku_id: &str, price: Decimal, currency: &str, field: PriceField) -> SkuPriceUpdate {
    match field {
        PriceField::Amount => SkuPriceUpdate::local(sku_id, price, currency),
        PriceField::SalePrice => SkuPriceUpdate {
            price: PriceUpdate {
                amount: None,
                currency: currency.to_owned(),
                sale_price: Some(price),
            },
            ..SkuPriceUpdate::local(sku_id, price, currency)
        },
    }
}

/// Whether TikTok's price already is `price` (read back with Get Product).
pub fn already_there(
    current: Option<&SkuPrice>,
    price: Decimal,
    currency: &str,
    field: PriceField,
) -> bool {
    let Some(current) = current else {
        return false;
    };
    let held = match field {
        PriceField::Amount => current.tax_exclusive_price,
        PriceField::SalePrice => current.sale_price,
    };
    current.currency.eq_ignore_ascii_case(currency)
        && held.map(|p| p.normalize()) == Some(price.normalize())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(code: &str, factor: u32) -> Vec<LinkPart> {
        vec![LinkPart {
            code: code.into(),
            factor,
        }]
    }

    fn dec(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn every_market_of_the_docs_has_its_currency() {
        for (region, currency) in [
            ("US", "USD"),
            ("GB", "GBP"),
            ("DE", "EUR"),
            ("FR", "EUR"),
            ("JP", "JPY"),
            ("ID", "IDR"),
            ("VN", "VND"),
            ("BR", "BRL"),
            ("mx", "MXN"),
        ] {
            assert_eq!(market_currency(region), Some(currency), "{region}");
        }
        assert_eq!(market_currency("XX"), None);
    }

    #[test]
    fn a_one_to_one_link_takes_the_local_price_in_the_shops_currency() {
        let p = sku_price(&one("MUG", 1), &[Some("12.50".into())], "USD", "USD");
        assert_eq!(p, Ok(dec("12.5")));
        let yen = sku_price(&one("MUG", 1), &[Some("1200.00".into())], "JPY", "JPY");
        assert_eq!(yen, Ok(dec("1200")), "trailing zeros are not decimals");
    }

    #[test]
    fn prices_that_would_be_guessed_are_refused_with_a_reason() {
        let cases = [
            (
                one("MUG", 2),
                vec![Some("5".into())],
                "USD",
                "price_not_one_to_one",
            ),
            (
                one("MUG", 1),
                vec![Some("5".into())],
                "GBP",
                "price_currency",
            ),
            (one("MUG", 1), vec![None], "USD", "price_missing"),
            (
                one("MUG", 1),
                vec![Some("five".into())],
                "USD",
                "price_invalid",
            ),
            (
                one("MUG", 1),
                vec![Some("0".into())],
                "USD",
                "price_invalid",
            ),
            (
                one("MUG", 1),
                vec![Some("9.999".into())],
                "USD",
                "price_decimals",
            ),
        ];
        for (parts, prices, theirs, code) in cases {
            let got = sku_price(&parts, &prices, "USD", theirs).unwrap_err();
            assert_eq!(got.code, code, "{parts:?} {prices:?} {theirs}");
            assert!(!got.reason.is_empty());
        }
        let yen = sku_price(&one("MUG", 1), &[Some("1200.5".into())], "JPY", "JPY");
        assert_eq!(yen.unwrap_err().code, "price_decimals");
        let bundle = vec![
            LinkPart {
                code: "A".into(),
                factor: 1,
            },
            LinkPart {
                code: "B".into(),
                factor: 1,
            },
        ];
        let got = sku_price(&bundle, &[Some("1".into()), Some("2".into())], "USD", "USD");
        assert_eq!(got.unwrap_err().code, "price_not_one_to_one");
    }

    #[test]
    fn the_sellers_currency_is_the_named_one_else_the_one_all_shops_share() {
        let regions = |r: &[&str]| r.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            prices_currency(Some("EUR"), &regions(&["US"])),
            Ok("EUR".into())
        );
        assert_eq!(
            prices_currency(None, &regions(&["US", "US"])),
            Ok("USD".into())
        );
        assert_eq!(
            prices_currency(None, &regions(&["DE", "FR"])),
            Ok("EUR".into())
        );
        let two = prices_currency(None, &regions(&["US", "GB"])).unwrap_err();
        assert_eq!(two.code, "price_currency_ambiguous");
        assert!(two.reason.contains("USD and GBP"), "{}", two.reason);
        assert_eq!(
            prices_currency(None, &[]).unwrap_err().code,
            "price_currency_unknown"
        );
    }

    #[test]
    fn global_sellers_in_the_us_and_japan_send_the_display_price_as_sale_price() {
        assert_eq!(
            price_field("US", Some("CROSS_BORDER")),
            PriceField::SalePrice
        );
        assert_eq!(
            price_field("JP", Some("CROSS_BORDER")),
            PriceField::SalePrice
        );
        assert_eq!(price_field("GB", Some("CROSS_BORDER")), PriceField::Amount);
        assert_eq!(price_field("US", Some("LOCAL")), PriceField::Amount);
        assert_eq!(price_field("US", None), PriceField::Amount);
        let body = update("1", dec("9.5"), "USD", PriceField::SalePrice);
        assert_eq!(body.price.amount, None);
        assert_eq!(body.price.sale_price, Some(dec("9.5")));
    }

    #[test]
    fn a_price_read_back_equal_in_value_and_currency_is_already_there() {
        let held = SkuPrice {
            currency: "USD".into(),
            tax_exclusive_price: Some(dec("12.50")),
            sale_price: Some(dec("15.00")),
            unit_price: None,
        };
        assert!(already_there(
            Some(&held),
            dec("12.5"),
            "USD",
            PriceField::Amount
        ));
        assert!(already_there(
            Some(&held),
            dec("15"),
            "USD",
            PriceField::SalePrice
        ));
        assert!(!already_there(
            Some(&held),
            dec("12.5"),
            "GBP",
            PriceField::Amount
        ));
        assert!(!already_there(
            Some(&held),
            dec("12.49"),
            "USD",
            PriceField::Amount
        ));
        assert!(!already_there(None, dec("1"), "USD", PriceField::Amount));
    }
}
