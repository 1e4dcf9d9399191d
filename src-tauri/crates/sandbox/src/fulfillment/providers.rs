//! Shipping providers per delivery option, and the tracking-number check TikTok runs on a
//! seller's upload.
//!
//! * Get Shipping Providers answers per `delivery_option_id` (SPEC:logistics/get-shipping-
//!   providers); the lists differ per option (write-api §C "Traps"): Standard offers every
//!   carrier of the market, Economy the first two, Express the last two. TikTok-shipping
//!   options get 21008117, unknown ones 21008116.
//! * TikTok "will verify if the tracking number matches the selected shipping service
//!   provider" (OV:ful "Tracking number verification policy"). TikTok publishes no formats,
//!   so each provider here carries an invented pattern (close to the carrier's real format),
//!   readable as a regular expression through [`crate::Control::shipping_providers`].
//!   Outside the US a number of another provider is 21004015 and a number of none 11028006;
//!   in the US the call succeeds with `warning.message` instead
//!   (CL:fulfillment/for-local-sellers-in-the-us-market-warning-information-added-to-mark-
//!   package-as-shipped-api, whose messages are used verbatim). Anything but letters and
//!   digits is 21004012 everywhere (write-api §C: normalise spaces and hyphens first).

use crate::generator::{ShopDef, DELIVERY_OPTIONS, TIKTOK_DELIVERY_OPTIONS};

/// One piece of a tracking-number pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Piece {
    Literal(&'static str),
    /// `min..=max` ASCII digits.
    Digits(u8, u8),
    /// `min..=max` ASCII uppercase letters.
    Letters(u8, u8),
    /// `min..=max` ASCII uppercase letters or digits.
    Alphanumerics(u8, u8),
}

use Piece::{Alphanumerics as An, Digits as D, Letters as L, Literal as Lit};

/// The tracking-number pattern of each provider id the sandbox's markets use.
const PATTERNS: &[(&str, &[Piece])] = &[
    // US: USPS, UPS, FedEx
    ("6617675021119438849", &[Lit("9"), D(21, 21)]),
    ("6617675021119438850", &[Lit("1Z"), An(16, 16)]),
    ("6617675021119438851", &[D(12, 15)]),
    // GB: Royal Mail, Evri, DPD
    ("7117858858072016645", &[L(2, 2), D(9, 9), Lit("GB")]),
    ("7117858858072016646", &[Lit("H"), An(15, 15)]),
    ("7117858858072016647", &[D(14, 14)]),
    // DE: DHL, Hermes, DPD
    ("7208502187360519941", &[D(12, 12)]),
    ("7208502187360519942", &[D(14, 14)]),
    ("7208502187360519943", &[D(14, 14)]),
    // FR: Colissimo, Mondial Relay, Chronopost
    ("7289154371210757893", &[D(1, 1), L(1, 1), D(11, 11)]),
    ("7289154371210757894", &[D(8, 8)]),
    ("7289154371210757895", &[L(2, 2), D(9, 9), Lit("FR")]),
    // JP: Yamato, Sagawa, Japan Post
    ("7356402119237289733", &[D(12, 12)]),
    ("7356402119237289734", &[D(12, 12)]),
    ("7356402119237289735", &[L(2, 2), D(9, 9), Lit("JP")]),
    // MY: J&T, Ninja Van, Pos Laju
    ("7129735836487837445", &[D(12, 12)]),
    ("7129735836487837446", &[Lit("NV"), An(12, 12)]),
    ("7129735836487837447", &[L(2, 2), D(9, 9), Lit("MY")]),
    // MX: Estafeta, DHL Express, J&T
    ("7330182714329628421", &[D(22, 22)]),
    ("7330182714329628422", &[D(10, 10)]),
    ("7330182714329628423", &[D(12, 12)]),
];

/// A shipping provider: `(id, name)` plus its tracking-number pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Provider {
    pub id: &'static str,
    pub name: &'static str,
    pub pattern: &'static [Piece],
}

/// What an order's `delivery_option_id` is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeliveryOption {
    /// Seller shipping, index into [`DELIVERY_OPTIONS`].
    Seller(usize),
    /// TikTok shipping.
    Tiktok,
}

pub fn delivery_option(id: &str) -> Option<DeliveryOption> {
    if let Some(i) = DELIVERY_OPTIONS.iter().position(|o| o.1 == id) {
        return Some(DeliveryOption::Seller(i));
    }
    TIKTOK_DELIVERY_OPTIONS
        .iter()
        .any(|o| o.1 == id)
        .then_some(DeliveryOption::Tiktok)
}

fn pattern_of(id: &str) -> &'static [Piece] {
    PATTERNS
        .iter()
        .find(|(p, _)| *p == id)
        .map_or(&[An(1, 40)], |(_, pat)| pat)
}

/// Every provider of the shop's market.
pub fn market_providers(shop: &ShopDef) -> Vec<Provider> {
    shop.market
        .carriers
        .iter()
        .map(|(name, id)| Provider {
            id,
            name,
            pattern: pattern_of(id),
        })
        .collect()
}

/// The providers of seller delivery option `option` (index into [`DELIVERY_OPTIONS`]).
pub fn providers_for(shop: &ShopDef, option: usize) -> Vec<Provider> {
    let all = market_providers(shop);
    let n = all.len();
    let keep = |i: usize| match option {
        1 => i < 2.min(n),
        2 => i + 2 >= n,
        _ => true,
    };
    all.into_iter()
        .enumerate()
        .filter(|(i, _)| keep(*i))
        .map(|(_, p)| p)
        .collect()
}

/// The provider of `id` in the shop's market.
pub fn provider(shop: &ShopDef, id: &str) -> Option<Provider> {
    market_providers(shop).into_iter().find(|p| p.id == id)
}

/// Whether `s` matches `pattern` whole.
pub fn matches(pattern: &[Piece], s: &str) -> bool {
    let Some((first, rest)) = pattern.split_first() else {
        return s.is_empty();
    };
    let bytes = s.as_bytes();
    let (class, min, max): (fn(u8) -> bool, u8, u8) = match *first {
        Lit(lit) => {
            return s.strip_prefix(lit).is_some_and(|tail| matches(rest, tail));
        }
        D(a, b) => (|c: u8| c.is_ascii_digit(), a, b),
        L(a, b) => (|c: u8| c.is_ascii_uppercase(), a, b),
        An(a, b) => (|c: u8| c.is_ascii_uppercase() || c.is_ascii_digit(), a, b),
    };
    let run = bytes.iter().take_while(|c| class(**c)).count();
    (usize::from(min)..=usize::from(max).min(run))
        .rev()
        .any(|n| matches(rest, &s[n..]))
}

/// The pattern as a regular expression, e.g. `^9[0-9]{21}$`.
pub fn regex(pattern: &[Piece]) -> String {
    let count = |a: u8, b: u8| {
        if a == b {
            format!("{{{a}}}")
        } else {
            format!("{{{a},{b}}}")
        }
    };
    let mut out = String::from("^");
    for p in pattern {
        match *p {
            Lit(l) => out.push_str(l),
            D(a, b) => out.push_str(&format!("[0-9]{}", count(a, b))),
            L(a, b) => out.push_str(&format!("[A-Z]{}", count(a, b))),
            An(a, b) => out.push_str(&format!("[0-9A-Z]{}", count(a, b))),
        }
    }
    out.push('$');
    out
}

/// A tracking number that matches `pattern`, distinct for each `seq` (within the pattern's
/// digit capacity): for tests and the demo.
pub fn sample(pattern: &[Piece], seq: u64) -> String {
    let digits = format!("{seq:040}");
    let mut out = String::new();
    for p in pattern {
        match *p {
            Lit(l) => out.push_str(l),
            // Every digit run carries the lowest digits of `seq`.
            D(a, _) | An(a, _) => out.push_str(&digits[digits.len() - usize::from(a)..]),
            L(a, _) => out.extend(std::iter::repeat_n('S', usize::from(a))),
        }
    }
    out
}

/// What is wrong with an uploaded tracking number, before the endpoint picks its code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TrackingProblem {
    SpecialCharacters,
    /// The provider is not offered for the order's delivery option.
    ProviderNotOffered,
    /// The number is another provider's.
    OtherProvider(&'static str),
    /// The number is no provider's.
    NoProvider,
}

/// US warnings (CL:fulfillment/for-local-sellers-in-the-us-market-warning-information-added-
/// to-mark-package-as-shipped-api).
pub const WARN_NO_PROVIDER: &str =
    "No logistics provider could be found for this tracking number. Check the tracking number and try again.";
pub const WARN_MULTIPLE: &str = "The tracking number you entered matches multiple logistics providers. Ensure you select the correct logistics provider.";

pub fn warn_other_provider(inferred: &str) -> String {
    format!(
        "The tracking number you entered does not match your selected logistics provider. Check the tracking number and logistics provider. Did you mean to select {inferred}?"
    )
}

/// Checks `number` against `provider_id` for a seller order of delivery option `option`.
/// `Ok(Some(warning))` is a US pass with a warning; outside the US a mismatch is an error.
pub fn check_tracking(
    shop: &ShopDef,
    option: usize,
    provider_id: &str,
    number: &str,
) -> Result<Option<String>, TrackingProblem> {
    if number.is_empty() || !number.bytes().all(|c| c.is_ascii_alphanumeric()) {
        return Err(TrackingProblem::SpecialCharacters);
    }
    let chosen = providers_for(shop, option)
        .into_iter()
        .find(|p| p.id == provider_id)
        .ok_or(TrackingProblem::ProviderNotOffered)?;
    let upper = number.to_ascii_uppercase();
    let matching: Vec<Provider> = market_providers(shop)
        .into_iter()
        .filter(|p| matches(p.pattern, &upper))
        .collect();
    let us = shop.region == "US";
    let chosen_matches = matching.iter().any(|p| p.id == chosen.id);
    match (chosen_matches, matching.first()) {
        (true, _) if us && matching.len() > 1 => Ok(Some(WARN_MULTIPLE.to_string())),
        (true, _) => Ok(None),
        (false, Some(other)) if us => Ok(Some(warn_other_provider(other.name))),
        (false, Some(other)) => Err(TrackingProblem::OtherProvider(other.name)),
        (false, None) if us => Ok(Some(WARN_NO_PROVIDER.to_string())),
        (false, None) => Err(TrackingProblem::NoProvider),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_match_their_samples_and_not_each_others() {
        for (id, pat) in PATTERNS {
            for seq in [0u64, 7, 123_456_789] {
                let s = sample(pat, seq);
                assert!(matches(pat, &s), "{id}: {s} vs {}", regex(pat));
            }
        }
        let usps = pattern_of("6617675021119438849");
        assert!(matches(usps, "9400111899000000000042"));
        assert!(!matches(usps, "940011189900000000004"));
        assert!(!matches(usps, "9400111899000000000042X"));
        let fedex = pattern_of("6617675021119438851");
        assert!(matches(fedex, "123456789012"));
        assert!(matches(fedex, "123456789012345"));
        assert!(!matches(fedex, "1234567890123456"));
        assert_eq!(regex(usps), "^9[0-9]{21}$");
        assert_eq!(regex(fedex), "^[0-9]{12,15}$");
        assert_ne!(sample(usps, 1), sample(usps, 2));
    }
}
