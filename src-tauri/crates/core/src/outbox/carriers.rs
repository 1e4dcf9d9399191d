//! The seller's carrier name and tracking number, made into what Mark Package As Shipped
//! takes: a normalised number and a provider id of the order's delivery option.

use shopdock_tiktok::logistics::ShippingProvider;

/// The tracking number as carriers print it, without the spaces and hyphens sellers paste
/// with it, upper-cased.
pub fn normalise_tracking(raw: &str) -> String {
    raw.chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .flat_map(char::to_uppercase)
        .collect()
}

/// The provider a seller's carrier name means: the one whose name equals it (ignoring case
/// and surrounding spaces), else the only one whose name starts with it. The error lists
/// the providers to choose from.
pub fn resolve_carrier<'a>(
    name: &str,
    providers: &'a [ShippingProvider],
) -> Result<&'a ShippingProvider, String> {
    let wanted = name.trim().to_lowercase();
    if wanted.is_empty() {
        return Err(format!("Name the carrier: one of {}.", names(providers)));
    }
    if let Some(p) = providers
        .iter()
        .find(|p| p.name.trim().to_lowercase() == wanted)
    {
        return Ok(p);
    }
    let starting: Vec<&ShippingProvider> = providers
        .iter()
        .filter(|p| p.name.trim().to_lowercase().starts_with(&wanted))
        .collect();
    match starting.as_slice() {
        [only] => Ok(only),
        [] => Err(format!(
            "TikTok knows no carrier \"{}\" for this order; choose one of {}.",
            name.trim(),
            names(providers)
        )),
        several => Err(format!(
            "\"{}\" could be {}; name one exactly.",
            name.trim(),
            several
                .iter()
                .map(|p| p.name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

fn names(providers: &[ShippingProvider]) -> String {
    if providers.is_empty() {
        return "(TikTok lists no carriers for this order's delivery option)".into();
    }
    providers
        .iter()
        .map(|p| p.name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn providers() -> Vec<ShippingProvider> {
        ["USPS", "UPS", "FedEx", "DHL", "DHL eCommerce"]
            .iter()
            .enumerate()
            .map(|(i, n)| ShippingProvider {
                id: format!("66{i}"),
                name: (*n).into(),
            })
            .collect()
    }

    #[test]
    fn tracking_numbers_lose_spaces_and_hyphens_and_are_upper_cased() {
        assert_eq!(
            normalise_tracking(" 1z-999 aa1 0123\t4567 "),
            "1Z999AA101234567"
        );
    }

    #[test]
    fn a_carrier_matches_exactly_or_by_a_unique_prefix() {
        let list = providers();
        assert_eq!(
            resolve_carrier("ups", &list).map(|p| p.id.as_str()),
            Ok("661")
        );
        assert_eq!(
            resolve_carrier("dhl", &list).map(|p| p.id.as_str()),
            Ok("663")
        );
        assert_eq!(
            resolve_carrier("fed", &list).map(|p| p.id.as_str()),
            Ok("662")
        );
        assert_eq!(
            resolve_carrier("DHL e", &list).map(|p| p.id.as_str()),
            Ok("664")
        );
    }

    #[test]
    fn an_unknown_or_ambiguous_carrier_lists_the_choices() {
        let list = providers();
        let e = resolve_carrier("Royal Mail", &list).unwrap_err();
        assert!(e.contains("USPS, UPS, FedEx, DHL, DHL eCommerce"), "{e}");
        let e = resolve_carrier("U", &list).unwrap_err();
        assert!(e.contains("USPS, UPS"), "{e}");
    }
}
