//! The seller's carrier name and tracking number, made into what TikTok takes: a normalised
//! number and a provider of the order's delivery option.
//!
//! A carrier name resolves without asking only when the seller confirmed it once (a remembered
//! mapping) or when it is a provider's own name (case, spaces and punctuation aside). Anything
//! else is refused with the likeliest providers, best first: a fuzzy guess is never sent
//! without the seller's confirmation, since every upload (and the single correction) counts.
//! "DHL" and "DHL eCommerce" are different providers (write-api §C), so names are compared
//! whole, never merged.

use shopdock_tiktok::logistics::ShippingProvider;

/// How many likely providers a refusal names.
const LIKELY_SHOWN: usize = 3;
/// Keys this short are not compared by prefix or containment ("u" would match half the list).
const MIN_PARTIAL_KEY: usize = 2;
/// Words this short are not compared by prefix ("e" is no evidence of "eCommerce").
const MIN_PARTIAL_WORD: usize = 3;

/// The tracking number as carriers print it, without the spaces and hyphens sellers paste
/// with it, upper-cased.
pub fn normalise_tracking(raw: &str) -> String {
    raw.chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .flat_map(char::to_uppercase)
        .collect()
}

/// What a seller typed to ship or correct an order, checked before anything is looked up: the
/// order id trimmed and the tracking number normalised, each refused when empty, as is a blank
/// carrier.
pub(crate) struct TypedShipment {
    pub(crate) order_id: String,
    pub(crate) tracking_number: String,
}

impl TypedShipment {
    /// `missing`: what the seller is told without an order id, and without a tracking number.
    pub(crate) fn check(
        order_id: &str,
        tracking_number: &str,
        carrier: &str,
        missing: [&str; 2],
    ) -> Result<TypedShipment, crate::errors::CoreError> {
        use crate::api::FormField;
        use crate::errors::CoreError;
        let [no_order, no_tracking] = missing;
        let order_id = order_id.trim().to_owned();
        if order_id.is_empty() {
            return Err(CoreError::Conflict(no_order.into()));
        }
        let tracking_number = normalise_tracking(tracking_number);
        if tracking_number.is_empty() {
            return Err(CoreError::field(FormField::TrackingNumber, no_tracking));
        }
        if carrier.trim().is_empty() {
            return Err(CoreError::field(FormField::Carrier, "Name the carrier."));
        }
        Ok(TypedShipment {
            order_id,
            tracking_number,
        })
    }
}

/// The key a carrier name is remembered and compared by: its letters and digits, lower-cased
/// ("Royal-Mail  24" and "royal mail 24" are one key; "DHL" and "DHL eCommerce" are two).
pub fn carrier_key(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The name's words: runs of letters and digits, lower-cased.
fn words(name: &str) -> Vec<String> {
    name.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// How much a provider's name looks like what the seller typed: 0 = no likeness. Exact keys
/// score highest, then an acronym ("USPS" for "United States Postal Service"), then one key
/// starting with or containing the other, plus 100 per shared word (a typed word may be the
/// start of the provider's word: "fed" for "FedEx").
pub fn match_score(typed: &str, provider: &str) -> u32 {
    let (a, b) = (carrier_key(typed), carrier_key(provider));
    if a.is_empty() || b.is_empty() {
        return 0;
    }
    if a == b {
        return 1000;
    }
    let (typed_words, provider_words) = (words(typed), words(provider));
    let initials: String = provider_words
        .iter()
        .filter_map(|w| w.chars().next())
        .collect();
    let shorter = a.len().min(b.len()) as u32;
    let whole = if provider_words.len() > 1 && a == initials {
        600
    } else if shorter as usize >= MIN_PARTIAL_KEY && (a.starts_with(&b) || b.starts_with(&a)) {
        500 + shorter
    } else if shorter as usize >= MIN_PARTIAL_KEY && (a.contains(&b) || b.contains(&a)) {
        400 + shorter
    } else {
        0
    };
    let shared = typed_words
        .iter()
        .filter(|t| {
            provider_words.iter().any(|p| {
                p == *t || (t.chars().count() >= MIN_PARTIAL_WORD && p.starts_with(t.as_str()))
            })
        })
        .count() as u32;
    whole + 100 * shared
}

/// Every provider with its score for `typed`, the best first (ties keep TikTok's order).
pub fn rank<'a>(
    typed: &str,
    providers: &'a [ShippingProvider],
) -> Vec<(&'a ShippingProvider, u32)> {
    let mut ranked: Vec<_> = providers
        .iter()
        .map(|p| (p, match_score(typed, &p.name)))
        .collect();
    ranked.sort_by_key(|(_, score)| std::cmp::Reverse(*score));
    ranked
}

/// The providers that look like `typed`, the likeliest first (at most `LIKELY_SHOWN`).
pub fn likely<'a>(typed: &str, providers: &'a [ShippingProvider]) -> Vec<&'a ShippingProvider> {
    rank(typed, providers)
        .into_iter()
        .filter(|(_, score)| *score > 0)
        .take(LIKELY_SHOWN)
        .map(|(p, _)| p)
        .collect()
}

/// The provider whose own name `typed` is (case, spaces and punctuation aside).
pub fn exact_provider<'a>(
    typed: &str,
    providers: &'a [ShippingProvider],
) -> Option<&'a ShippingProvider> {
    let key = carrier_key(typed);
    providers.iter().find(|p| carrier_key(&p.name) == key)
}

/// Why a carrier name did not resolve.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CarrierProblem {
    /// No name (or only punctuation).
    Empty,
    /// TikTok lists no provider for the delivery option.
    NoProviders,
    /// Neither remembered nor a provider's name.
    Unknown {
        typed: String,
        likely: Vec<String>,
        all: Vec<String>,
    },
    /// Remembered as a provider that TikTok no longer lists for this delivery option: not
    /// used, and not replaced by a guess.
    MappingBroken {
        typed: String,
        remembered: String,
        likely: Vec<String>,
    },
}

impl CarrierProblem {
    /// The sentence the seller reads.
    pub fn message(&self) -> String {
        match self {
            CarrierProblem::Empty => "Name the carrier.".into(),
            CarrierProblem::NoProviders => {
                "TikTok lists no carriers for this order's delivery option.".into()
            }
            CarrierProblem::Unknown { typed, likely, all } if likely.is_empty() => format!(
                "TikTok has no carrier \"{typed}\" for this order; its carriers are {}. \
                 Choose one once and Shopdock remembers it.",
                all.join(", ")
            ),
            CarrierProblem::Unknown { typed, likely, .. } => format!(
                "TikTok has no carrier \"{typed}\" for this order; did you mean {}? \
                 Confirm the right one once and Shopdock remembers it.",
                likely.join(" or ")
            ),
            CarrierProblem::MappingBroken {
                typed,
                remembered,
                likely,
            } => {
                let choose = if likely.is_empty() {
                    String::new()
                } else {
                    format!(" (perhaps {})", likely.join(" or "))
                };
                format!(
                    "\"{typed}\" is remembered as TikTok's {remembered}, which TikTok no longer \
                     lists for this order: choose another carrier{choose}."
                )
            }
        }
    }

    /// The providers worth offering, the likeliest first.
    pub fn suggestions(&self) -> &[String] {
        match self {
            CarrierProblem::Unknown { likely, .. }
            | CarrierProblem::MappingBroken { likely, .. } => likely,
            _ => &[],
        }
    }
}

/// The provider a seller's carrier name means for a delivery option: the remembered mapping
/// when there is one (and only if TikTok still lists it), else the provider of that very name.
pub fn resolve_carrier<'a>(
    typed: &str,
    remembered: Option<&str>,
    providers: &'a [ShippingProvider],
) -> Result<&'a ShippingProvider, CarrierProblem> {
    let typed = typed.trim();
    if carrier_key(typed).is_empty() {
        return Err(CarrierProblem::Empty);
    }
    if providers.is_empty() {
        return Err(CarrierProblem::NoProviders);
    }
    let names = |list: Vec<&ShippingProvider>| list.iter().map(|p| p.name.clone()).collect();
    if let Some(remembered) = remembered {
        return exact_provider(remembered, providers).ok_or_else(|| {
            CarrierProblem::MappingBroken {
                typed: typed.to_owned(),
                remembered: remembered.to_owned(),
                likely: names(likely(typed, providers)),
            }
        });
    }
    exact_provider(typed, providers).ok_or_else(|| CarrierProblem::Unknown {
        typed: typed.to_owned(),
        likely: names(likely(typed, providers)),
        all: names(providers.iter().collect()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn providers(names: &[&str]) -> Vec<ShippingProvider> {
        names
            .iter()
            .enumerate()
            .map(|(i, n)| ShippingProvider {
                id: format!("66{i}"),
                name: (*n).into(),
            })
            .collect()
    }

    fn likely_names(typed: &str, list: &[ShippingProvider]) -> Vec<String> {
        likely(typed, list).iter().map(|p| p.name.clone()).collect()
    }

    #[test]
    fn tracking_numbers_lose_spaces_and_hyphens_and_are_upper_cased() {
        assert_eq!(
            normalise_tracking(" 1z-999 aa1 0123\t4567 "),
            "1Z999AA101234567"
        );
    }

    #[test]
    fn keys_ignore_case_spaces_and_punctuation_but_keep_every_word() {
        assert_eq!(carrier_key("Royal-Mail  24"), carrier_key("royal mail 24"));
        assert_eq!(carrier_key(" U.P.S. "), "ups");
        assert_ne!(carrier_key("DHL"), carrier_key("DHL eCommerce"));
    }

    #[test]
    fn only_a_providers_own_name_resolves_without_a_mapping() {
        let list = providers(&["USPS", "UPS", "FedEx", "DHL", "DHL eCommerce"]);
        let id = |typed: &str| resolve_carrier(typed, None, &list).map(|p| p.id.clone());
        assert_eq!(id(" ups "), Ok("661".into()));
        assert_eq!(id("dhl"), Ok("663".into()));
        assert_eq!(id("DHL e-commerce"), Ok("664".into()));
        assert!(
            matches!(id("fed"), Err(CarrierProblem::Unknown { .. })),
            "a unique prefix is a suggestion, not a choice"
        );
        assert_eq!(id(" -- "), Err(CarrierProblem::Empty));
        assert_eq!(
            resolve_carrier("UPS", None, &[]),
            Err(CarrierProblem::NoProviders)
        );
    }

    #[test]
    fn a_remembered_mapping_wins_and_a_vanished_one_is_refused_not_replaced() {
        let list = providers(&["Royal Mail", "Evri", "DPD"]);
        assert_eq!(
            resolve_carrier("RM 24", Some("Royal Mail"), &list).map(|p| p.id.as_str()),
            Ok("660")
        );
        assert_eq!(
            resolve_carrier("DPD", Some("Evri"), &list).map(|p| p.id.as_str()),
            Ok("661"),
            "the seller's confirmation beats the same-named provider"
        );
        let broken = resolve_carrier("Royal Mail", Some("Parcelforce"), &list).unwrap_err();
        assert!(
            matches!(&broken, CarrierProblem::MappingBroken { remembered, .. } if remembered == "Parcelforce"),
            "{broken:?}"
        );
        assert_eq!(broken.suggestions(), ["Royal Mail".to_owned()]);
        assert!(
            broken.message().contains("no longer"),
            "{}",
            broken.message()
        );
    }

    #[test]
    fn suggestions_put_the_likeliest_provider_first() {
        let uk = providers(&[
            "Royal Mail Tracked 48",
            "Royal Mail Tracked 24",
            "Evri",
            "Parcelforce",
        ]);
        assert_eq!(
            likely_names("royal mail 24", &uk),
            ["Royal Mail Tracked 24", "Royal Mail Tracked 48"]
        );
        let us = providers(&["USPS", "UPS", "FedEx", "DHL", "DHL eCommerce"]);
        assert_eq!(likely_names("fed", &us), ["FedEx"]);
        assert_eq!(likely_names("DHL Ecom", &us), ["DHL eCommerce", "DHL"]);
        let long = providers(&["UPS", "United States Postal Service"]);
        assert_eq!(
            likely_names("usps", &long),
            ["United States Postal Service"]
        );
        assert!(likely_names("Yodel", &uk).is_empty());
        assert!(
            likely_names("u", &us).is_empty(),
            "one letter suggests nothing"
        );
    }

    #[test]
    fn an_unknown_carrier_names_its_likely_providers_or_else_all_of_them() {
        let list = providers(&["Royal Mail", "Evri", "DPD"]);
        let guess = resolve_carrier("royal mail 24", None, &list).unwrap_err();
        assert_eq!(guess.suggestions(), ["Royal Mail".to_owned()]);
        assert!(
            guess.message().contains("did you mean Royal Mail?"),
            "{}",
            guess.message()
        );
        let none = resolve_carrier("Yodel", None, &list).unwrap_err();
        assert!(none.suggestions().is_empty());
        assert!(
            none.message().contains("Royal Mail, Evri, DPD"),
            "{}",
            none.message()
        );
    }

    #[test]
    fn ranking_keeps_every_provider_with_ties_in_tiktoks_order() {
        let list = providers(&["USPS", "UPS", "FedEx"]);
        let ranked: Vec<&str> = rank("fed", &list)
            .iter()
            .map(|(p, _)| p.name.as_str())
            .collect();
        assert_eq!(ranked, ["FedEx", "USPS", "UPS"]);
    }
}
