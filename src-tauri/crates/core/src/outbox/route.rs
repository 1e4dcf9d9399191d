//! What "arrange shipment" is for one order, decided from the shop's market and the order's
//! shipping type alone (write-api §A, the table under "What order confirmation means"). Pure,
//! so every row of the table has its own test.

use shopdock_tiktok::model::Order;

/// A shop's market, from the `region` TikTok reports for the authorized shop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Market {
    Us,
    /// United Kingdom (TikTok's region code `GB`).
    Uk,
    /// ES, IE, IT, DE, FR.
    Eu,
    Jp,
    /// ID, TH, SG, MY, VN, PH. Since 2024-10-30 the handover method of a TikTok Shipping
    /// package is the warehouse's Seller Center setting there; the API ignores it (§A).
    Sea,
    Mx,
    Br,
}

impl Market {
    /// The market of a shop `region` code; `None` for one the fact sheet does not describe.
    pub fn parse(region: &str) -> Option<Market> {
        Some(match region.trim().to_ascii_uppercase().as_str() {
            "US" => Market::Us,
            "GB" | "UK" => Market::Uk,
            "ES" | "IE" | "IT" | "DE" | "FR" => Market::Eu,
            "JP" => Market::Jp,
            "ID" | "TH" | "SG" | "MY" | "VN" | "PH" => Market::Sea,
            "MX" => Market::Mx,
            "BR" => Market::Br,
            _ => return None,
        })
    }

    /// Where the seller does not choose pickup or drop-off (the API ignores it).
    pub fn handover_is_a_seller_center_setting(self) -> bool {
        self == Market::Sea
    }
}

/// Who carries the order's parcels (`shipping_type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Carriage {
    /// `TIKTOK`: TikTok Shipping.
    Tiktok,
    /// `SELLER` (a `SEND_BY_SELLER` delivery option): the seller's own carrier.
    Seller,
}

impl Carriage {
    pub fn of(order: &Order) -> Carriage {
        if order.shipping_type.trim().eq_ignore_ascii_case("TIKTOK") {
            Carriage::Tiktok
        } else {
            Carriage::Seller
        }
    }
}

/// The calls that arrange shipment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    /// Seller shipping in US/UK/EU/JP: Mark Package As Shipped with the seller's tracking.
    MarkShipped,
    /// US TikTok Shipping: query the shipping services, then Create Packages buys the label.
    BuyLabel,
    /// TikTok Shipping elsewhere: Ship Package on the order's package with a handover method
    /// (`method_chosen` false: the method is a Seller Center setting and is not asked for).
    Handover { method_chosen: bool },
    /// Seller shipping in SEA and LATAM: Ship Package with `self_shipment`.
    SelfShipment,
}

impl Route {
    /// Whether the order's package exists before shipment, so its id comes from the order
    /// (`packages[]`, from payment on outside the US). In the US it is created by the call.
    pub fn needs_existing_package(self) -> bool {
        matches!(self, Route::Handover { .. } | Route::SelfShipment)
    }

    /// The route carries the seller's own tracking number (nothing to "arrange").
    pub fn is_tracking_upload(self) -> bool {
        matches!(self, Route::MarkShipped | Route::SelfShipment)
    }
}

/// Brazil: Upload Invoice must come first (21004006/19/20 otherwise), which Shopdock does not do.
pub const BRAZIL_INVOICE: &str = "TikTok Shop Brazil needs the order's invoice uploaded before shipment, and Shopdock does not upload invoices yet: arrange this order in Seller Center.";

/// The route for an order of `carriage` in `market` (`None`: the shop's market is not known),
/// or why Shopdock cannot arrange it, in the seller's words.
pub fn route(market: Option<Market>, carriage: Carriage) -> Result<Route, String> {
    let Some(market) = market else {
        return Err("Shopdock does not know this shop's market yet (reconnect the shop so TikTok reports it); arrange the order in Seller Center meanwhile.".into());
    };
    Ok(match (market, carriage) {
        (Market::Br, _) => return Err(BRAZIL_INVOICE.into()),
        (Market::Us | Market::Uk | Market::Eu | Market::Jp, Carriage::Seller) => Route::MarkShipped,
        (Market::Us, Carriage::Tiktok) => Route::BuyLabel,
        (Market::Uk | Market::Eu | Market::Mx, Carriage::Tiktok) => Route::Handover {
            method_chosen: true,
        },
        (Market::Sea, Carriage::Tiktok) => Route::Handover {
            method_chosen: false,
        },
        (Market::Sea | Market::Mx, Carriage::Seller) => Route::SelfShipment,
        (Market::Jp, Carriage::Tiktok) => return Err("TikTok documents no way for apps to arrange TikTok Shipping in Japan: arrange this order in Seller Center.".into()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(code: &str) -> Option<Market> {
        Market::parse(code)
    }

    #[test]
    fn seller_shipping_in_us_uk_eu_jp_is_mark_package_as_shipped() {
        for code in ["US", "GB", "UK", "ES", "IE", "IT", "DE", "FR", "JP"] {
            assert_eq!(
                route(m(code), Carriage::Seller),
                Ok(Route::MarkShipped),
                "{code}"
            );
        }
    }

    #[test]
    fn us_tiktok_shipping_buys_a_label() {
        assert_eq!(route(m("US"), Carriage::Tiktok), Ok(Route::BuyLabel));
        assert!(!Route::BuyLabel.needs_existing_package());
    }

    #[test]
    fn tiktok_shipping_in_uk_eu_and_mexico_asks_for_a_handover_method() {
        for code in ["GB", "DE", "FR", "ES", "IE", "IT", "MX"] {
            assert_eq!(
                route(m(code), Carriage::Tiktok),
                Ok(Route::Handover {
                    method_chosen: true
                }),
                "{code}"
            );
        }
    }

    #[test]
    fn tiktok_shipping_in_sea_leaves_the_method_to_seller_center() {
        for code in ["ID", "TH", "SG", "MY", "VN", "PH"] {
            let r = route(m(code), Carriage::Tiktok).unwrap();
            assert_eq!(
                r,
                Route::Handover {
                    method_chosen: false
                },
                "{code}"
            );
            assert!(r.needs_existing_package());
            assert!(m(code).unwrap().handover_is_a_seller_center_setting());
        }
    }

    #[test]
    fn seller_shipping_in_sea_and_latam_is_ship_package_with_self_shipment() {
        for code in ["ID", "TH", "SG", "MY", "VN", "PH", "MX"] {
            assert_eq!(
                route(m(code), Carriage::Seller),
                Ok(Route::SelfShipment),
                "{code}"
            );
        }
        assert!(Route::SelfShipment.is_tracking_upload());
    }

    #[test]
    fn brazil_is_refused_for_its_invoice_whatever_the_shipping() {
        for c in [Carriage::Seller, Carriage::Tiktok] {
            let why = route(m("BR"), c).unwrap_err();
            assert!(why.contains("invoice"), "{why}");
        }
    }

    #[test]
    fn an_unknown_market_and_japanese_tiktok_shipping_are_refused_with_a_reason() {
        assert!(route(m("XX"), Carriage::Seller)
            .unwrap_err()
            .contains("market"));
        assert!(route(None, Carriage::Tiktok)
            .unwrap_err()
            .contains("market"));
        assert!(route(m("JP"), Carriage::Tiktok)
            .unwrap_err()
            .contains("Japan"));
    }

    #[test]
    fn the_order_shipping_type_decides_the_carriage() {
        let tiktok = Order {
            shipping_type: "TIKTOK".into(),
            ..Order::default()
        };
        assert_eq!(Carriage::of(&tiktok), Carriage::Tiktok);
        assert_eq!(Carriage::of(&Order::default()), Carriage::Seller);
    }
}
