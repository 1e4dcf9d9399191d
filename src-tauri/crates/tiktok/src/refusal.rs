//! The one table of write refusals (fulfillment, logistics, cancellations, products, stock and
//! price): for each TikTok code that means something specific, the sentence the seller reads and whether trying again
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
const PRODUCT_GONE: &str =
    "TikTok has no such product in this shop (it may have been deleted): refresh the product list.";
const NOT_LIVE: &str = "The product is not live (under review, a draft, deactivated or frozen): TikTok changes stock and price only of live products. Shopdock tries again later.";
const WAREHOUSES_WRONG: &str = "TikTok needs the quantity for each of the SKU's own warehouses, no more and no fewer: Shopdock refreshes the product's warehouses before sending again.";
const WAREHOUSE_UNUSABLE: &str = "TikTok cannot hold this SKU's stock in that warehouse (unknown, another shop's, disabled or a return warehouse): check the warehouses in Seller Center.";
const STOCK_FROM_ELSEWHERE: &str = "This product's stock is managed elsewhere (its global product or the source shop it is replicated from): update it there.";
const PRICE_REJECTED: &str = "TikTok did not accept the price: use a positive amount with at most the currency's decimals, within TikTok's price range for the market.";
const PRICE_PROMOTION: &str = "The price is locked by an ongoing promotion: TikTok accepts a new price after the promotion ends.";
const SEARCH_BUG: &str = "TikTok refused a product search Shopdock built wrongly; this is a bug in Shopdock. Please report it.";
const SELLER_BLOCKED: &str =
    "TikTok says the seller account is inactive or incomplete: check the account in Seller Center.";

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
        // Products, stock and price (write-api §E, §F, §G).
        PRODUCT_SEARCH_OVER_CAP => refused("TikTok lists at most 10,000 products per search: Shopdock searches shorter update-time windows."),
        PRODUCT_FILTER_SELLER_SKUS_OVER_LIMIT | PRODUCT_FILTER_SKU_IDS_OVER_LIMIT
        | PRODUCT_PAGE_INVALID | PRODUCT_PAGE_SIZE_INVALID | PRODUCT_SEARCH_CREATE_TIME_INVALID
        | PRODUCT_SEARCH_UPDATE_TIME_INVALID | PRODUCT_INVALID_INPUT => refused(SEARCH_BUG),
        SELLER_INACTIVE | SELLER_TAX_NUMBER_INVALID | SELLER_NOT_FOUND | INVENTORY_SELLER_INVALID
        | INVENTORY_NO_PERMISSION => refused(SELLER_BLOCKED),
        PRODUCT_ID_NOT_FOUND | PRODUCT_NOT_FOUND | PRODUCT_ID_NOT_FOUND_ALT | PRODUCT_IDS_INVALID
        | PRODUCT_ID_INVALID | PRODUCT_CATEGORY_NOT_FOUND => refused(PRODUCT_GONE),
        PRODUCT_NOT_IN_SHOP => refused("The product is not listed in this shop: check which shop the product belongs to."),
        PRODUCT_NO_VERSION_UNDER_REVIEW => refused("The product has no version under review: Shopdock reads its live version."),
        PRODUCT_STATUS_NOT_ALLOWED | PRODUCT_STATUS_INVALID => transient(NOT_LIVE),
        PRODUCT_APPEAL_ONGOING => refused("The product has an ongoing appeal: revoke the appeal in Seller Center to change it."),
        PRODUCT_AUCTION_BIDDING => refused("The product is being auctioned; it cannot change until the bidding ends."),
        GIFT_PRODUCT_NOT_EDITABLE => refused("The product is a gift product; TikTok does not let its price change."),
        SKU_WITHOUT_WAREHOUSE | SKU_NO_WAREHOUSE | SELLER_NO_WAREHOUSE => refused("The SKU has no warehouse: assign one in Seller Center first."),
        STOCK_LIST_ALL_WAREHOUSES | STOCK_WAREHOUSES_CHANGED | STOCK_NOT_UPDATABLE => refused(WAREHOUSES_WRONG),
        WAREHOUSE_NOT_FOUND | WAREHOUSE_NOT_OURS | WAREHOUSE_DISABLED | WAREHOUSE_NOT_FOR_DELIVERY
        | WAREHOUSE_NOT_FOR_SHOP | WAREHOUSE_CANNOT_SHIP_MARKET | WAREHOUSE_NOT_FOR_GPR => refused(WAREHOUSE_UNUSABLE),
        NO_MULTI_WAREHOUSE_PERMISSION => refused("The shop may not use several warehouses for one SKU: check its warehouse settings in Seller Center."),
        NO_RETURN_WAREHOUSE => refused("The shop has no return warehouse: add one in Seller Center first."),
        STOCK_COUNT_INVALID | STOCK_QUANTITY_OUT_OF_RANGE => refused("TikTok did not accept the quantity: it takes whole numbers up to 99,999 per warehouse (some shops need at least 1)."),
        STOCK_LOCKED_BY_PROMOTION => refused("The SKU is in a promotion: TikTok does not let its stock go below the current quantity until the promotion ends."),
        STOCK_EDIT_FROM_GLOBAL | STOCK_SHARED_WITH_SOURCE => refused(STOCK_FROM_ELSEWHERE),
        COMBO_STOCK_NOT_EDITABLE | COMBO_NO_PERMISSION => refused("This is a virtual bundle: its stock follows the bundled SKUs, so update those instead."),
        COMBO_PRICE_OVER_ITEMS => refused("A bundle's price cannot be higher than the prices of its items added up."),
        SKU_ID_REQUIRED | SKU_LIST_EMPTY | SKU_DUPLICATE | TOO_MANY_SKUS | SELLER_SKU_INVALID => refused("TikTok refused the SKU list Shopdock sent; this is a bug in Shopdock. Please report it."),
        SKU_NOT_FOUND | SKU_NOT_OF_PRODUCT => refused("The SKU no longer belongs to this product (an edit may have replaced it): refresh the product and map its SKUs again."),
        SKU_CHECK_FAILED => refused("TikTok's checks failed for this SKU; its quantities were not changed."),
        PRICE_LOCKED | PRICE_LOCKED_BY_PROMOTION => refused(PRICE_PROMOTION),
        PRICE_FORMAT_INVALID | PRICE_INVALID | PRICE_OVER_LIMIT | SALE_PRICE_INVALID | SALE_PRICE_INVALID_ALT => refused(PRICE_REJECTED),
        SALE_PRICE_MISSING => refused("This shop needs the display (sale) price: set it for the SKU."),
        PRICE_CURRENCY_MISMATCH => refused("The price is not in the shop's currency: give it in the shop's own currency."),
        LIST_PRICE_NOT_SUPPORTED => refused("List prices (MSRP) exist only in US shops: leave the list price out."),
        LIST_PRICE_OVER_LIMIT => refused("TikTok accepts list prices from 0.01 to 7,600."),
        PRODUCT_IDENTITY_ERROR => transient(BUSY),
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

    /// Issue 12: every refusal of the product, stock and price endpoints has a reason, and
    /// only the ones time can lift are transient.
    #[test]
    fn every_product_stock_and_price_refusal_says_what_happened() {
        for (code, words) in [
            (PRODUCT_SEARCH_OVER_CAP, "10,000"),
            (PRODUCT_NOT_FOUND, "no such product"),
            (PRODUCT_NOT_IN_SHOP, "not listed in this shop"),
            (STOCK_LIST_ALL_WAREHOUSES, "own warehouses"),
            (STOCK_WAREHOUSES_CHANGED, "own warehouses"),
            (WAREHOUSE_NOT_FOUND, "warehouse"),
            (WAREHOUSE_DISABLED, "disabled"),
            (STOCK_QUANTITY_OUT_OF_RANGE, "99,999"),
            (STOCK_LOCKED_BY_PROMOTION, "promotion"),
            (COMBO_STOCK_NOT_EDITABLE, "bundle"),
            (COMBO_PRICE_OVER_ITEMS, "bundle"),
            (PRICE_LOCKED_BY_PROMOTION, "promotion"),
            (PRICE_LOCKED, "promotion"),
            (PRICE_CURRENCY_MISMATCH, "currency"),
            (PRICE_FORMAT_INVALID, "decimals"),
            (SKU_NOT_OF_PRODUCT, "map its SKUs again"),
            (STOCK_SHARED_WITH_SOURCE, "elsewhere"),
            (LIST_PRICE_NOT_SUPPORTED, "US"),
        ] {
            let r = fulfillment_refusal(code).expect("mapped");
            assert!(r.reason.contains(words), "{code}: {}", r.reason);
            assert!(!r.transient, "{code}");
        }
        for code in [PRODUCT_STATUS_NOT_ALLOWED, PRODUCT_STATUS_INVALID] {
            let r = fulfillment_refusal(code).expect("mapped");
            assert!(r.transient && r.reason.contains("not live"), "{code}");
        }
    }

    #[test]
    fn codes_without_a_fulfillment_meaning_have_no_refusal() {
        assert_eq!(fulfillment_refusal(ACCESS_TOKEN_EXPIRED), None);
        assert_eq!(fulfillment_refusal(SUCCESS), None);
    }
}
