//! The one table of write refusals (fulfillment, logistics and cancellations): for each TikTok code that means
//! something specific when shipping, the sentence the seller reads and whether trying again
//! later can succeed. `core` shows these reasons; it keeps no copy of its own.

use crate::codes::*;

/// Why TikTok refused a fulfillment call, for the seller.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Refusal {
    /// What happened and what to do, in the seller's words.
    pub reason: &'static str,
    /// Trying again later may succeed without the seller changing anything (a busy or
    /// timed-out system, an order still on hold, a document still being generated).
    pub transient: bool,
    /// TikTok gave up inside its own systems (a timeout): a write may have gone through, so
    /// read the order or package back before sending it again.
    pub outcome_unknown: bool,
}

const fn refused(reason: &'static str) -> Refusal {
    Refusal {
        reason,
        transient: false,
        outcome_unknown: false,
    }
}

const fn transient(reason: &'static str) -> Refusal {
    Refusal {
        reason,
        transient: true,
        outcome_unknown: false,
    }
}

const fn timed_out(reason: &'static str) -> Refusal {
    Refusal {
        reason,
        transient: true,
        outcome_unknown: true,
    }
}

const UNDELIVERABLE: &str = "TikTok cannot deliver this package (address, size or weight). You may cancel the order without penalty with the reason \"Unable to deliver to buyer address\".";
const SHIPPED_ALREADY: &str =
    "TikTok says this order or package is already shipped; nothing more to send.";
const AFTER_SALE: &str =
    "The buyer has a pending cancellation or return request: handle it in Seller Center first.";
const CANCELLED: &str =
    "The order is cancelled: do not ship it; its tracking can no longer change either.";
const BUSY: &str = "TikTok had a temporary problem; Shopdock tries again later.";
const TIKTOK_TIMEOUT: &str =
    "TikTok timed out; Shopdock checks the order and tries again if nothing changed.";
const INVOICE: &str =
    "Upload the order's invoice and wait until TikTok accepts it before shipping.";
const TRACKING_INVALID: &str = "TikTok rejected the tracking number or the carrier: check both.";
const WRONG_CARRIER: &str =
    "The tracking number does not match the chosen carrier: check the carrier.";
const TRACKING_USED: &str = "This tracking number is already used on another shipment.";
const SELLER_SHIPPING_DOCUMENT: &str = "This order is shipped by the seller, so TikTok has no label for it: print your carrier's label.";
const NO_SERVICE: &str = "No shipping service is available for this package: check its weight and size and the buyer's address.";
const DOCUMENT_EARLY: &str =
    "Shipment is not arranged yet: arrange shipment first, then print TikTok's label.";
const DOCUMENT_LATER: &str =
    "TikTok could not make the shipping document just now; Shopdock tries again shortly.";

/// The seller-facing refusal for a fulfillment or logistics error code, or `None` for a code
/// without a specific meaning here (its generic [`crate::ApiError::advice`] applies).
pub fn fulfillment_refusal(code: i64) -> Option<Refusal> {
    Some(match code {
        ORDER_ON_HOLD => transient("The order is on hold for its first hour after payment; TikTok accepts shipment once the hold ends."),
        DOCUMENT_BEFORE_ARRANGED | DOCUMENT_BEFORE_SHIPPED => refused(DOCUMENT_EARLY),
        PACKAGE_SHIPPED_ALREADY
        | PACKAGE_SHIPPED_ALREADY_SHIP
        | ORDERS_SHIPPED_ALREADY
        | ORDERS_SHIPPED_ALREADY_SHIP
        | ORDERS_SHIPPED_ALREADY_LABEL
        | PACKAGE_HAS_BEEN_SHIPPED => refused(SHIPPED_ALREADY),
        PACKAGE_DELIVERED => refused("The package has already been delivered."),
        ORDER_CANCELLED | ORDER_CANCELLED_UPDATE => refused(CANCELLED),
        RETURN_COMPLETED_OR_CANCELLED => refused("A return was completed or the order was cancelled; the shipping info can no longer change."),
        AFTER_SALE_PENDING | AFTER_SALE_PENDING_REVERSE | AFTER_SALE_PENDING_DOCUMENT => refused(AFTER_SALE),
        NOT_IN_THIS_REGION => refused("TikTok does not offer this way of shipping in the shop's region."),
        ORDER_COMBINED => refused("The order was combined with another; ship the combined package."),
        NAME_THE_LINE_ITEMS => refused("The order can ship in several packages: choose the items in this package."),
        FULFILLED_BY_TIKTOK => refused("This order is fulfilled by TikTok (FBT); the seller does not ship it."),
        DOCUMENT_FULFILLED_BY_TIKTOK => refused("This order is fulfilled by TikTok (FBT): TikTok's warehouse prints its label, not the seller."),
        OUTSIDE_PICKUP_SLOT | ON_DEMAND_OUTSIDE_PICKUP_TIME => refused("The pickup time slot has passed: choose a current slot."),
        NO_PICKUP_SLOT => refused("No pickup time slot is available for this package; contact TikTok Shop support or drop it off."),
        UNDELIVERABLE_FIRST..=UNDELIVERABLE_LAST | UNDELIVERABLE_SHIP => refused(UNDELIVERABLE),
        SYSTEM_TIMEOUT | SYSTEM_TIMEOUT_SHIP | REQUEST_TIMEOUT => timed_out(TIKTOK_TIMEOUT),
        INTERNAL_ERROR | SYSTEM_BUSY | SYSTEM_BUSY_FULFILLMENT | SYSTEM_BUSY_PROCESS
        | SYSTEM_BUSY_LABEL | SYSTEM_BUSY_SPLIT | LABEL_PURCHASE_BUSY => transient(BUSY),
        INVOICE_MISSING | INVOICE_MISSING_ALL | INVOICE_NOT_ACCEPTED => refused(INVOICE),
        TRACKING_MATCHES_NO_CARRIER => refused("The tracking number matches no carrier: check it for typos."),
        TRACKING_SPECIAL_CHARACTERS => refused("The tracking number contains characters TikTok does not accept: use letters and digits only."),
        TRACKING_PROVIDER_MISMATCH | TRACKING_NO_SERVICE => refused(WRONG_CARRIER),
        TRACKING_OR_PROVIDER_INVALID => refused(TRACKING_INVALID),
        TRACKING_DUPLICATE | TRACKING_USED_ALREADY => refused(TRACKING_USED),
        TRACKING_USED_TOO_OFTEN => refused("This tracking number has been used too many times."),
        TRACKING_UPDATE_NOT_ALLOWED => refused("TikTok no longer allows changing this package's tracking number (it is delivered already); only TikTok Shop support can change it now."),
        LABEL_PRINTED_ALREADY => refused("A TikTok shipping label was already printed for this order; ship with that label."),
        LABEL_PURCHASED_ALREADY => refused("A shipping label was already purchased for this order."),
        SAME_SKU_SPLIT => refused("Units of the same SKU cannot be split across packages."),
        NOT_THIS_FULFILMENT_UNIT => refused("The items do not belong to this order's package."),
        TRADE_RULE_MISMATCH | LOGISTICS_RULE_MISMATCH => refused("TikTok's shipping rules do not allow this shipment for the order."),
        DELIVERY_OPTION_NOT_SUBSCRIBED => refused("The shop is not subscribed to this order's delivery option: check the shipping settings in Seller Center."),
        DELIVERY_OPTION_BY_TIKTOK => refused("This delivery option is TikTok Shipping: buy or print TikTok's label instead of entering a carrier."),
        UPDATE_NOT_IN_THIS_STATUS => transient("The order's current status does not allow changing its shipping info; try again later."),
        NOT_SELLER_SHIPPED => refused("Only orders shipped by the seller can have their tracking changed."),
        PACKAGE_OF_ANOTHER_SHOP => refused("The package belongs to another shop."),
        NOT_SHIPPED_YET => refused("The package is not shipped yet: ship it instead of correcting it."),
        // The US answer after its 72 hours (CL: ...-time-window-extended-to-72-hours); TikTok's
        // message only says "platform rule limitations", and the single update spent gives it too.
        UPDATE_FORBIDDEN_BY_RULE => refused("TikTok's rules no longer allow changing this tracking number: the 72 hours after shipment are over (US, UK, SEA), or its single correction was already used."),
        UPDATE_WINDOW_OVER => refused("The time allowed to change the tracking number is over (72 hours after shipment in the US, UK and SEA)."),
        UPDATE_ONLY_ONCE | UPDATE_LIMIT_REACHED => refused("The tracking number was already changed; TikTok allows a single correction."),
        DOCUMENT_SELLER_SHIPPING | DOCUMENT_SELLER_SHIPPING_ALT => refused(SELLER_SHIPPING_DOCUMENT),
        DOCUMENT_AFTER_PICKUP => refused("The carrier has already picked up this package: TikTok no longer prints its label."),
        PACKAGE_CANCELLED => refused("The package was cancelled: do not ship it; TikTok prints no label for it."),
        DOCUMENT_GENERATING | DOCUMENT_TIMEOUT => transient("The carrier is still generating the label; Shopdock tries again shortly."),
        DOCUMENT_PRINT_TIMEOUT | DOCUMENT_PACKAGE_STATUS_ERROR | DOCUMENT_PACKAGE_TAG_ERROR
        | DOCUMENT_PACKAGE_UPDATE_ERROR => transient(DOCUMENT_LATER),
        DOCUMENT_NO_SHIPPING_INFO => refused("TikTok has no shipping information for this package yet: check the order's status in Seller Center."),
        DOCUMENT_NO_WAREHOUSE => refused("TikTok does not know the package's warehouse: check the shop's warehouses in Seller Center."),
        NO_SHIPPING_SERVICE | NO_SHIPPING_SERVICE_WEIGHT => refused(NO_SERVICE),
        SHIPPING_SERVICE_NOT_FOUND => refused("The chosen shipping service is not offered for this package: list the services again and choose one of them."),
        PACKAGE_FROZEN => refused("TikTok has frozen this package (often a pending cancellation): check the order in Seller Center."),
        // Cancellations (write-api §D).
        CANCEL_REASON_WRONG_STATUS => refused("This cancel reason does not fit the order's current status: choose one of the reasons offered for it."),
        CANCEL_REASON_UNKNOWN => refused("TikTok does not know this cancel reason in the shop's market: choose one of the reasons offered."),
        CANCEL_REASON_NOT_FOR_SELLER => refused("This reason cannot be used by a seller: choose one of the reasons offered."),
        CANCEL_REASON_OFFLINE => refused("TikTok has retired this cancel reason: choose another."),
        CANCEL_ALREADY_IN_PROCESS => refused("A cancellation or return is already under way for this order, or it is already cancelled."),
        CANCEL_ALREADY_SHIPPED => refused("The order has already shipped; TikTok can no longer cancel it with the carrier. Handle it as a return or refund."),
        CANCEL_RISK_CONTROL => refused("TikTok's risk control blocked this cancellation; contact TikTok Shop support."),
        CANCEL_ORDER_CLOSED => refused("The order is already completed or cancelled; it cannot be cancelled."),
        CANCEL_ITEMS_NOT_ALLOWED => refused("TikTok does not allow cancelling single items of this order: cancel the whole order, or only for out-of-stock items in the US and UK."),
        CANCEL_ITEMS_OVER_LIMIT => refused("More items were named than the order can cancel."),
        CANCEL_NO_PERMISSION => refused("TikTok says this shop may not act on this order."),
        CANCEL_CANNOT_APPROVE | CANCEL_CANNOT_REJECT | CANCEL_DECISION_WRONG_STATUS | CANCEL_INVALID_ORDER_STATUS => refused("The cancellation request is no longer waiting for an answer (TikTok decided, or the buyer withdrew it)."),
        CANCEL_REQUEST_WITHDRAWN => refused("The buyer withdrew the cancellation request; the order goes on."),
        CANCEL_ALREADY_APPROVED => refused("The cancellation was already approved; it cannot be rejected any more."),
        CANCEL_ORDER_NOT_FOUND => refused("TikTok did not find the order of this cancellation."),
        CANCEL_LOCK_FAILED | CANCEL_DOWNSTREAM_ERROR | CANCEL_DB_ERROR => transient(BUSY),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_issues_named_refusals_have_specific_reasons() {
        for (code, words) in [
            (ORDER_ON_HOLD, "on hold"),
            (PACKAGE_SHIPPED_ALREADY, "already shipped"),
            (ORDERS_SHIPPED_ALREADY_SHIP, "already shipped"),
            (ORDER_CANCELLED, "cancelled"),
            (FULFILLED_BY_TIKTOK, "FBT"),
            (TRACKING_PROVIDER_MISMATCH, "carrier"),
            (TRACKING_DUPLICATE, "already used"),
            (UPDATE_ONLY_ONCE, "single correction"),
            (AFTER_SALE_PENDING, "cancellation or return"),
            (OUTSIDE_PICKUP_SLOT, "slot"),
            (NO_PICKUP_SLOT, "slot"),
            (ON_DEMAND_OUTSIDE_PICKUP_TIME, "slot"),
            (ORDER_COMBINED, "combined"),
            (NAME_THE_LINE_ITEMS, "several packages"),
            (NOT_IN_THIS_REGION, "region"),
            (INVOICE_MISSING, "invoice"),
            (INVOICE_MISSING_ALL, "invoice"),
            (INVOICE_NOT_ACCEPTED, "invoice"),
            (SHIPPING_SERVICE_NOT_FOUND, "shipping service"),
        ] {
            let r = fulfillment_refusal(code).expect("mapped");
            assert!(r.reason.contains(words), "{code}: {}", r.reason);
        }
    }

    /// Issue 11: every §B refusal of Get Package Shipping Document says what the seller does.
    #[test]
    fn every_shipping_document_refusal_says_what_to_do_instead() {
        for (code, words) in [
            (DOCUMENT_SELLER_SHIPPING, "print your carrier's label"),
            (DOCUMENT_SELLER_SHIPPING_ALT, "print your carrier's label"),
            (DOCUMENT_BEFORE_ARRANGED, "not arranged yet"),
            (DOCUMENT_BEFORE_SHIPPED, "not arranged yet"),
            (DOCUMENT_AFTER_PICKUP, "picked up"),
            (PACKAGE_CANCELLED, "cancelled"),
            (DOCUMENT_FULFILLED_BY_TIKTOK, "FBT"),
            (AFTER_SALE_PENDING_DOCUMENT, "cancellation or return"),
            (DOCUMENT_NO_SHIPPING_INFO, "status"),
        ] {
            let r = fulfillment_refusal(code).expect("mapped");
            assert!(r.reason.contains(words), "{code}: {}", r.reason);
            assert!(!r.transient, "{code}");
        }
        for code in [
            DOCUMENT_GENERATING,
            DOCUMENT_TIMEOUT,
            DOCUMENT_PRINT_TIMEOUT,
            DOCUMENT_PACKAGE_STATUS_ERROR,
            DOCUMENT_PACKAGE_TAG_ERROR,
            DOCUMENT_PACKAGE_UPDATE_ERROR,
        ] {
            let r = fulfillment_refusal(code).expect("mapped");
            assert!(r.transient && !r.outcome_unknown, "{code}");
        }
    }

    #[test]
    fn every_refusal_of_a_tracking_correction_has_its_own_reason() {
        for (code, words) in [
            (UPDATE_NOT_IN_THIS_STATUS, "current status"),
            (NOT_SELLER_SHIPPED, "shipped by the seller"),
            (AFTER_SALE_PENDING, "cancellation or return"),
            (PACKAGE_OF_ANOTHER_SHOP, "another shop"),
            (TRACKING_UPDATE_NOT_ALLOWED, "delivered"),
            (ORDER_CANCELLED, "cancelled"),
            (ORDER_CANCELLED_UPDATE, "cancelled"),
            (NOT_SHIPPED_YET, "not shipped yet"),
            (UPDATE_FORBIDDEN_BY_RULE, "72 hours"),
            (UPDATE_WINDOW_OVER, "72 hours"),
            (UPDATE_ONLY_ONCE, "single correction"),
            (UPDATE_LIMIT_REACHED, "single correction"),
            (RETURN_COMPLETED_OR_CANCELLED, "return"),
        ] {
            let r = fulfillment_refusal(code).expect("mapped");
            assert!(r.reason.contains(words), "{code}: {}", r.reason);
            assert!(!r.outcome_unknown, "{code}");
        }
        assert!(
            fulfillment_refusal(UPDATE_NOT_IN_THIS_STATUS)
                .expect("mapped")
                .transient
        );
    }

    #[test]
    fn only_waiting_helps_for_transient_codes_and_timeouts_need_a_check_first() {
        for code in [
            ORDER_ON_HOLD,
            INTERNAL_ERROR,
            SYSTEM_BUSY,
            SYSTEM_BUSY_FULFILLMENT,
            SYSTEM_BUSY_PROCESS,
            SYSTEM_BUSY_LABEL,
            SYSTEM_BUSY_SPLIT,
            DOCUMENT_GENERATING,
        ] {
            let r = fulfillment_refusal(code).expect("mapped");
            assert!(r.transient && !r.outcome_unknown, "{code}");
        }
        for code in [SYSTEM_TIMEOUT, SYSTEM_TIMEOUT_SHIP] {
            let r = fulfillment_refusal(code).expect("mapped");
            assert!(r.transient && r.outcome_unknown, "{code}");
        }
        for code in [
            PACKAGE_SHIPPED_ALREADY,
            ORDER_CANCELLED,
            TRACKING_DUPLICATE,
            11021017,
        ] {
            assert!(
                !fulfillment_refusal(code).expect("mapped").transient,
                "{code}"
            );
        }
    }

    #[test]
    fn the_whole_undeliverable_range_says_cancel_without_penalty() {
        for code in UNDELIVERABLE_FIRST..=UNDELIVERABLE_LAST {
            let r = fulfillment_refusal(code).expect("mapped");
            assert!(r.reason.contains("without penalty"), "{code}");
            assert!(
                r.reason.contains("Unable to deliver to buyer address"),
                "{code}"
            );
        }
        assert_eq!(fulfillment_refusal(UNDELIVERABLE_LAST + 1), None);
    }

    #[test]
    fn cancellation_refusals_say_what_went_wrong_in_the_sellers_words() {
        for (code, words) in [
            (
                CANCEL_REASON_WRONG_STATUS,
                "does not fit the order's current status",
            ),
            (CANCEL_REASON_UNKNOWN, "does not know this cancel reason"),
            (CANCEL_REASON_OFFLINE, "retired"),
            (CANCEL_ALREADY_SHIPPED, "already shipped"),
            (CANCEL_ALREADY_IN_PROCESS, "already under way"),
            (CANCEL_ITEMS_NOT_ALLOWED, "single items"),
            (CANCEL_ALREADY_APPROVED, "already approved"),
            (CANCEL_REQUEST_WITHDRAWN, "withdrew"),
            (CANCEL_CANNOT_APPROVE, "no longer waiting"),
        ] {
            let r = fulfillment_refusal(code).expect("mapped");
            assert!(r.reason.contains(words), "{code}: {}", r.reason);
            assert!(!r.transient, "{code}");
        }
        assert!(
            fulfillment_refusal(CANCEL_LOCK_FAILED)
                .expect("mapped")
                .transient
        );
    }

    #[test]
    fn codes_without_a_fulfillment_meaning_have_no_refusal() {
        assert_eq!(fulfillment_refusal(ACCESS_TOKEN_EXPIRED), None);
        assert_eq!(fulfillment_refusal(SUCCESS), None);
    }
}
