//! Which cancel reasons a seller may give, per market and per order status (REASONS:
//! `return-and-refund/cancel-reasons.json`, write-api §D). TikTok refuses a reason that does
//! not fit the order's status with 25001021, an unknown one with 25001014 and a retired one
//! with 25001020, so the app offers only what fits. One table, used by `core` (to offer
//! reasons) and by the sandbox (to refuse like TikTok).

use crate::model::OrderStatus;

/// A market as the cancel-reason tables group them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReasonMarket {
    Us,
    Uk,
    Id,
    My,
    Ph,
    Sg,
    Th,
    Vn,
    Mx,
    Br,
    /// ES, IE, FR, DE, IT share one table.
    Eu,
    Jp,
}

impl ReasonMarket {
    /// The table for a shop's region code (`GB` for the UK); `None` for a region the
    /// reference has no table for.
    pub fn from_region(region: &str) -> Option<ReasonMarket> {
        Some(match region.trim().to_ascii_uppercase().as_str() {
            "US" => ReasonMarket::Us,
            "GB" | "UK" => ReasonMarket::Uk,
            "ID" => ReasonMarket::Id,
            "MY" => ReasonMarket::My,
            "PH" => ReasonMarket::Ph,
            "SG" => ReasonMarket::Sg,
            "TH" => ReasonMarket::Th,
            "VN" => ReasonMarket::Vn,
            "MX" => ReasonMarket::Mx,
            "BR" => ReasonMarket::Br,
            "ES" | "IE" | "FR" | "DE" | "IT" => ReasonMarket::Eu,
            "JP" => ReasonMarket::Jp,
            _ => return None,
        })
    }

    /// Item-level (partial) cancels exist in the US and UK only, for out-of-stock items
    /// (SPEC:cancel-order `order_line_item_ids`, CL:orders/for-uk-market-support-item-level-
    /// cancellation).
    pub fn allows_item_level_cancel(self) -> bool {
        matches!(self, ReasonMarket::Us | ReasonMarket::Uk)
    }
}

/// A reason name TikTok accepts, with the words REASONS gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reason {
    pub name: &'static str,
    pub text: &'static str,
}

const fn r(name: &'static str, text: &'static str) -> Reason {
    Reason { name, text }
}

/// Which column of a seller table an order status falls in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CancelStage {
    Unpaid,
    /// ON_HOLD and AWAITING_SHIPMENT (and, in the US only, AWAITING_COLLECTION).
    Paid,
}

/// The stage of `status` in `market`, or `None` where a seller can no longer cancel.
///
/// UNPAID: OV:rr's table says a seller cannot cancel, REASONS lists UNPAID reasons in every
/// market (write-api §D DISAGREE); the reasons are offered and TikTok's answer decides.
/// AWAITING_COLLECTION: OV:rr says yes, OV:ord transition 12 says US only; the narrower
/// answer is taken (US only). IN_TRANSIT and later: refund or return flows only.
pub fn stage_of(market: ReasonMarket, status: OrderStatus) -> Option<CancelStage> {
    match status {
        OrderStatus::Unpaid => Some(CancelStage::Unpaid),
        OrderStatus::OnHold | OrderStatus::AwaitingShipment => Some(CancelStage::Paid),
        OrderStatus::AwaitingCollection if market == ReasonMarket::Us => Some(CancelStage::Paid),
        _ => None,
    }
}

const OUT_OF_STOCK_UNPAID: Reason = r("seller_cancel_unpaid_reason_out_of_stock", "Out of stock");
const WRONG_PRICE_UNPAID: Reason = r("seller_cancel_unpaid_reason_wrong_price", "Pricing error");
const NOT_PAID: Reason = r(
    "seller_cancel_unpaid_reason_buyer_hasnt_paid_within_time_allowed",
    "Buyer did not pay on time",
);
const BUYER_ASKED_UNPAID: Reason = r(
    "seller_cancel_unpaid_reason_buyer_requested_cancellation",
    "Buyer requested cancellation",
);
const OUT_OF_STOCK: Reason = r("seller_cancel_reason_out_of_stock", "Out of stock");
const WRONG_PRICE: Reason = r("seller_cancel_reason_wrong_price", "Pricing error");
const UNDELIVERABLE: Reason = r(
    "seller_cancel_paid_reason_address_not_deliver",
    "Unable to deliver to buyer address",
);
const BUYER_ASKED: Reason = r(
    "seller_cancel_paid_reason_buyer_requested_cancellation",
    "Buyer requested cancellation",
);
const FRAUD: Reason = r(
    "seller_cancel_order_reason_potential_fraud",
    "Order with high chance of cancellation / refund",
);

const UK_UNPAID: &[Reason] = &[
    r(
        "seller_cancel_unpaid_reason_out_of_stock_uk",
        "Out of stock",
    ),
    r(
        "seller_cancel_unpaid_reason_wrong_price_uk",
        "Pricing error",
    ),
    r(
        "seller_cancel_unpaid_reason_buyer_hasnt_paid_within_time_allowed_uk",
        "Buyer did not pay on time",
    ),
];
const UK_PAID: &[Reason] = &[
    r("seller_cancel_reason_wrong_price_uk", "Pricing error"),
    r(
        "seller_cancel_paid_reason_address_not_deliver_uk",
        "Unable to deliver to buyer address",
    ),
    r("seller_cancel_reason_out_of_stock_uk", "Out of stock"),
];

/// The reasons a seller may cancel with, for `market` at `stage`.
///
/// From 2025-08-31 `seller_cancel_paid_reason_address_not_deliver` is gone in ID, PH, VN, MY
/// and TH and `seller_cancel_unable_to_deliver_to_buyer_address` in SG (CL:order-cancellation/
/// sea-market-only-three-seller-initiates-cancel-reasons-will-be-changed): they are left out
/// here and listed in [`RETIRED`].
pub fn seller_cancel_reasons(market: ReasonMarket, stage: CancelStage) -> &'static [Reason] {
    use CancelStage::*;
    use ReasonMarket::*;
    match (market, stage) {
        (Us | Ph, Unpaid) | (Br | Eu, Unpaid) => &[
            OUT_OF_STOCK_UNPAID,
            WRONG_PRICE_UNPAID,
            NOT_PAID,
            BUYER_ASKED_UNPAID,
        ],
        (Us | Eu | Jp, Paid) => match market {
            Jp => &[WRONG_PRICE, OUT_OF_STOCK, BUYER_ASKED, UNDELIVERABLE, FRAUD],
            _ => &[OUT_OF_STOCK, WRONG_PRICE, UNDELIVERABLE, BUYER_ASKED],
        },
        (Uk, Unpaid) => UK_UNPAID,
        (Uk, Paid) => UK_PAID,
        (Id | My | Th | Vn, Unpaid) => &[OUT_OF_STOCK_UNPAID, WRONG_PRICE_UNPAID, NOT_PAID],
        (Id | My | Th | Vn | Sg, Paid) => &[OUT_OF_STOCK, WRONG_PRICE],
        (Ph, Paid) => &[OUT_OF_STOCK, WRONG_PRICE, BUYER_ASKED],
        (Sg, Unpaid) => &[OUT_OF_STOCK_UNPAID, WRONG_PRICE_UNPAID],
        (Mx, Unpaid) => &[OUT_OF_STOCK_UNPAID, NOT_PAID, BUYER_ASKED_UNPAID],
        (Mx | Br, Paid) => &[OUT_OF_STOCK, BUYER_ASKED, UNDELIVERABLE],
        (Jp, Unpaid) => &[
            WRONG_PRICE_UNPAID,
            OUT_OF_STOCK_UNPAID,
            BUYER_ASKED_UNPAID,
            NOT_PAID,
        ],
    }
}

/// Reasons TikTok retired, per market: sending one is 25001020 ("currently offline").
pub const RETIRED: &[(ReasonMarket, &str)] = &[
    (
        ReasonMarket::Id,
        "seller_cancel_paid_reason_address_not_deliver",
    ),
    (
        ReasonMarket::Ph,
        "seller_cancel_paid_reason_address_not_deliver",
    ),
    (
        ReasonMarket::Vn,
        "seller_cancel_paid_reason_address_not_deliver",
    ),
    (
        ReasonMarket::My,
        "seller_cancel_paid_reason_address_not_deliver",
    ),
    (
        ReasonMarket::Th,
        "seller_cancel_paid_reason_address_not_deliver",
    ),
    (
        ReasonMarket::Sg,
        "seller_cancel_unable_to_deliver_to_buyer_address",
    ),
];

/// How a seller's reason fits an order, as TikTok would judge it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReasonFit {
    Fits,
    /// A seller reason of this market, but for another status: 25001021.
    WrongStatus,
    /// Retired in this market: 25001020.
    Retired,
    /// Not a seller cancel reason of this market: 25001014.
    Unknown,
}

/// Whether `name` may cancel an order of `market` in `status` (a status where the seller may
/// not cancel at all is [`ReasonFit::WrongStatus`] for every known reason).
pub fn reason_fit(market: ReasonMarket, status: OrderStatus, name: &str) -> ReasonFit {
    let name = name.trim();
    if RETIRED.iter().any(|(m, n)| *m == market && *n == name) {
        return ReasonFit::Retired;
    }
    if let Some(stage) = stage_of(market, status) {
        if seller_cancel_reasons(market, stage)
            .iter()
            .any(|x| x.name == name)
        {
            return ReasonFit::Fits;
        }
    }
    let known = [CancelStage::Unpaid, CancelStage::Paid]
        .into_iter()
        .any(|s| {
            seller_cancel_reasons(market, s)
                .iter()
                .any(|x| x.name == name)
        });
    if known {
        ReasonFit::WrongStatus
    } else {
        ReasonFit::Unknown
    }
}

/// Whether a reason is an out-of-stock one (the only reason item-level cancels accept).
pub fn is_out_of_stock(name: &str) -> bool {
    name.contains("out_of_stock")
}

/// The reasons a seller may give to reject a buyer's cancellation request (REASONS "Seller
/// Reject Cancel Request Reason"). Get Reject Reasons is the live source; this table is what
/// the sandbox answers with and what Shopdock shows if that call fails.
pub fn reject_reasons(market: ReasonMarket) -> &'static [Reason] {
    const PACKED: Reason = r(
        "seller_reject_apply_product_has_been_packed",
        "Product has been packed",
    );
    const COMMON: &[Reason] = &[
        r(
            "order_manage_list_action_respond_popup_reject_reason_invalid_cancellation_reason",
            "Invalid reason for cancellation",
        ),
        r(
            "order_manage_list_action_respond_popup_reject_reason_delivered",
            "Product delivery is on schedule",
        ),
        r(
            "order_manage_list_action_respond_popup_reject_reason_buyer_agree",
            "Reached an agreement with the buyer",
        ),
        PACKED,
    ];
    const UK: &[Reason] = &[
        r(
            "order_manage_list_action_respond_popup_reject_reason_invalid_cancellation_reason_uk",
            "Invalid reason for cancellation",
        ),
        r(
            "order_manage_list_action_respond_popup_reject_reason_delivered_uk",
            "Product delivery is on schedule",
        ),
        r(
            "order_manage_list_action_respond_popup_reject_reason_buyer_agree_uk",
            "Reached an agreement with the buyer",
        ),
        PACKED,
    ];
    const LATAM: &[Reason] = &[
        r(
            "seller_reject_apply_product_has_been_packed",
            "Product shipped. Tracking updates will be available soon.",
        ),
        r(
            "reverse_reject_request_reason_5",
            "You have reached an agreement with the customer",
        ),
        r(
            "seller_reject_apply_unable_to_change_address",
            "Unable to change address",
        ),
    ];
    const EU: &[Reason] = &[
        r(
            "ecom_refund_reject_reason_cancel_unacceptable_uk",
            "The seller didn't accept your cancellation request.",
        ),
        r(
            "ecom_reverse_reject_cancel_reason_product_packed",
            "Your product has been shipped. Please wait for tracking updates.",
        ),
    ];
    match market {
        ReasonMarket::Uk => UK,
        ReasonMarket::Mx | ReasonMarket::Br => LATAM,
        ReasonMarket::Eu => EU,
        _ => COMMON,
    }
}

/// Buyer reasons for ON_HOLD / AWAITING_SHIPMENT orders (REASONS, US table), used by the
/// sandbox's buyers.
pub const BUYER_TO_SHIP_REASONS: &[Reason] = &[
    r(
        "ecom_order_to_ship_canceled_reason_no_longer_needed",
        "No longer needed",
    ),
    r(
        "ecom_order_to_ship_canceled_reason_wrong_delivery_info",
        "Incorrect shipping address",
    ),
    r(
        "ecom_order_to_ship_canceled_reason_better_price",
        "Better price available",
    ),
    r(
        "ecom_order_to_ship_canceled_reason_created_by_mistakes",
        "Bought by mistake",
    ),
];

/// System reasons Shopdock names when it meets them (REASONS system tables).
pub const SYSTEM_REASONS: &[Reason] = &[
    r("system_cancel_unpaid_time_out", "Buyer payment overdue"),
    r(
        "system_cancel_order_reason_shipping_timeout",
        "Automatically cancelled due to collection time out",
    ),
    r(
        "system_cancel_order_untracked",
        "Automatically cancelled due to untraceable tracking number",
    ),
    r("package_lost", "Package lost"),
];

/// The words for a reason name of any table above, `_uk` variants included; `None` for a name
/// Shopdock does not know (show TikTok's `cancel_reason_text` then).
pub fn reason_text(name: &str) -> Option<&'static str> {
    let name = name.trim();
    let tables = [
        BUYER_TO_SHIP_REASONS,
        SYSTEM_REASONS,
        UK_UNPAID,
        UK_PAID,
        reject_reasons(ReasonMarket::Us),
        reject_reasons(ReasonMarket::Uk),
        reject_reasons(ReasonMarket::Mx),
        reject_reasons(ReasonMarket::Eu),
        seller_cancel_reasons(ReasonMarket::Us, CancelStage::Unpaid),
        seller_cancel_reasons(ReasonMarket::Jp, CancelStage::Paid),
    ];
    tables
        .iter()
        .flat_map(|t| t.iter())
        .find(|x| x.name == name || name.strip_suffix("_uk") == Some(x.name))
        .map(|x| x.text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ReasonMarket::*;

    fn names(m: ReasonMarket, s: CancelStage) -> Vec<&'static str> {
        seller_cancel_reasons(m, s).iter().map(|x| x.name).collect()
    }

    #[test]
    fn each_markets_paid_row_is_the_reference_table() {
        let paid = |m| names(m, CancelStage::Paid);
        assert_eq!(
            paid(Us),
            [
                OUT_OF_STOCK.name,
                WRONG_PRICE.name,
                UNDELIVERABLE.name,
                BUYER_ASKED.name
            ]
        );
        assert_eq!(
            paid(Uk),
            [
                "seller_cancel_reason_wrong_price_uk",
                "seller_cancel_paid_reason_address_not_deliver_uk",
                "seller_cancel_reason_out_of_stock_uk"
            ]
        );
        for m in [Id, My, Th, Vn, Sg] {
            assert_eq!(paid(m), [OUT_OF_STOCK.name, WRONG_PRICE.name], "{m:?}");
        }
        assert_eq!(
            paid(Ph),
            [OUT_OF_STOCK.name, WRONG_PRICE.name, BUYER_ASKED.name]
        );
        for m in [Mx, Br] {
            assert_eq!(
                paid(m),
                [OUT_OF_STOCK.name, BUYER_ASKED.name, UNDELIVERABLE.name]
            );
        }
        assert_eq!(paid(Eu), paid(Us));
        assert_eq!(
            paid(Jp),
            [
                WRONG_PRICE.name,
                OUT_OF_STOCK.name,
                BUYER_ASKED.name,
                UNDELIVERABLE.name,
                FRAUD.name
            ]
        );
    }

    #[test]
    fn each_markets_unpaid_row_is_the_reference_table() {
        let unpaid = |m| names(m, CancelStage::Unpaid);
        let four = [
            OUT_OF_STOCK_UNPAID.name,
            WRONG_PRICE_UNPAID.name,
            NOT_PAID.name,
            BUYER_ASKED_UNPAID.name,
        ];
        for m in [Us, Ph, Br, Eu] {
            assert_eq!(unpaid(m), four, "{m:?}");
        }
        for m in [Id, My, Th, Vn] {
            assert_eq!(unpaid(m), four[..3], "{m:?}");
        }
        assert_eq!(unpaid(Sg), four[..2]);
        assert_eq!(unpaid(Mx), [four[0], four[2], four[3]]);
        assert_eq!(unpaid(Jp).len(), 4);
        assert!(unpaid(Uk).iter().all(|n| n.ends_with("_uk")));
    }

    #[test]
    fn a_paid_reason_on_an_unpaid_order_is_a_status_mismatch() {
        assert_eq!(
            reason_fit(Us, OrderStatus::Unpaid, OUT_OF_STOCK.name),
            ReasonFit::WrongStatus
        );
        assert_eq!(
            reason_fit(Us, OrderStatus::AwaitingShipment, OUT_OF_STOCK.name),
            ReasonFit::Fits
        );
        assert_eq!(
            reason_fit(Us, OrderStatus::InTransit, OUT_OF_STOCK.name),
            ReasonFit::WrongStatus
        );
        assert_eq!(
            reason_fit(Us, OrderStatus::OnHold, "no_such_reason"),
            ReasonFit::Unknown
        );
        // The UK spells its reasons with `_uk`; the US names are unknown there.
        assert_eq!(
            reason_fit(Uk, OrderStatus::AwaitingShipment, OUT_OF_STOCK.name),
            ReasonFit::Unknown
        );
    }

    #[test]
    fn awaiting_collection_is_cancellable_by_the_seller_in_the_us_only() {
        assert_eq!(
            stage_of(Us, OrderStatus::AwaitingCollection),
            Some(CancelStage::Paid)
        );
        assert_eq!(stage_of(Uk, OrderStatus::AwaitingCollection), None);
        assert_eq!(stage_of(Us, OrderStatus::Delivered), None);
    }

    #[test]
    fn retired_sea_reasons_are_refused_as_offline() {
        assert_eq!(
            reason_fit(Id, OrderStatus::AwaitingShipment, UNDELIVERABLE.name),
            ReasonFit::Retired
        );
        assert_eq!(
            reason_fit(
                Sg,
                OrderStatus::AwaitingShipment,
                "seller_cancel_unable_to_deliver_to_buyer_address"
            ),
            ReasonFit::Retired
        );
        assert_eq!(
            reason_fit(Us, OrderStatus::AwaitingShipment, UNDELIVERABLE.name),
            ReasonFit::Fits
        );
    }

    #[test]
    fn regions_map_to_their_tables_and_uk_variants_have_words() {
        assert_eq!(ReasonMarket::from_region("GB"), Some(Uk));
        assert_eq!(ReasonMarket::from_region("de"), Some(Eu));
        assert_eq!(ReasonMarket::from_region("XX"), None);
        assert_eq!(
            reason_text("seller_cancel_reason_out_of_stock_uk"),
            Some("Out of stock")
        );
        assert_eq!(reason_text("package_lost"), Some("Package lost"));
        assert!(Us.allows_item_level_cancel() && !Jp.allows_item_level_cancel());
    }
}
