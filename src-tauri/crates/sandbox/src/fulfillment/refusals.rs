//! Every business refusal of the fulfillment endpoints: TikTok's code and message, answered
//! with HTTP 200 (the common-errors page gives no other status for business codes; fact sheet
//! §2). Each code is taken from the `error_code_list` of the endpoint's spec; where the
//! sandbox had to choose among several documented codes, or the spec lists none for the
//! situation, the choice is said here. Messages are the specs' own.

use crate::verify::Failure;

/// A TikTok refusal: code and the spec's message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Refusal {
    pub code: i64,
    pub message: &'static str,
}

impl From<Refusal> for Failure {
    fn from(r: Refusal) -> Failure {
        Failure::new(r.code, r.message)
    }
}

const fn refusal(code: i64, message: &'static str) -> Refusal {
    Refusal { code, message }
}

/// Malformed or missing body fields (every fulfillment spec).
pub const INVALID_PARAMETERS: Refusal = refusal(
    21_001_001,
    "Invalid parameters. Please ensure you are passing the correct request parameter(s).",
);

// --- Order and package identity ---------------------------------------------------------

/// An order id that is not this shop's (or no order at all) on the order paths of Mark
/// Package As Shipped, Create Packages and Get Eligible Shipping Service (all three list it;
/// which code TikTok gives for an unknown id is UNCONFIRMED).
pub const ORDER_NOT_IN_SHOP: Refusal = refusal(21_011_029, "order does not belong to fulfill unit");
/// A package id (or, on Update Shipping Info, an order id) that is not this shop's, or a
/// package that does not exist yet (a US/UK local seller's package before shipping;
/// SPEC:orders/get-order-detail `line_items.package_id`). SPEC:fulfillment/ship-package,
/// update-shipping-info.
pub const PACKAGE_NOT_IN_SHOP: Refusal = refusal(
    21_011_028,
    "The package does not belong to the current shop.   ",
);

// --- Market and shipping type -----------------------------------------------------------

/// Mark Package As Shipped outside US, UK, ES, IE, IT, DE, FR, JP, and the US-only label
/// endpoints elsewhere (SPEC env_desc; code from mark-package-as-shipped / create-packages).
pub const WRONG_REGION: Refusal =
    refusal(21_008_106, "This interface cannot be used in this region.");
/// FBT orders (write-api §A precondition 3).
pub const FULFILLED_BY_PLATFORM: Refusal = refusal(
    21_008_025,
    "Seller cannot operate orders which are fulfilled by platform",
);
/// Mark Package As Shipped on a TikTok-shipping order: the sandbox's choice among the spec's
/// codes ("not match logistics rule"; write-api §C lists 21011012/21011013 as rule mismatch).
pub const NOT_SELLER_SHIPPING: Refusal = refusal(21_011_013, "not match logistics rule");
/// Create Packages on a seller-shipping order (sandbox's choice, "not match trade rule").
pub const NOT_TIKTOK_SHIPPING: Refusal = refusal(21_011_012, "not match trade rule");
/// Ship Package with `self_shipment` on a TikTok-shipping package, or without it on a
/// seller-shipping one (sandbox's choice: "fulfill_unit action not allowed").
pub const ACTION_NOT_ALLOWED: Refusal = refusal(21_011_003, "fulfill_unit action not allowed");
/// Get Eligible Shipping Service on a seller-shipping order (no label services apply).
pub const NO_SHIPPING_SERVICE: Refusal = refusal(
    21_011_037,
    "There are no available shipping services for this request. Please modify the package weight, or double check the recipient address. If after multiple retries you continue to experience this error, please contact the platform for assistance.",
);
/// Handover time slots of a seller-shipping package (SPEC:get-package-handover-time-slots).
pub const NO_HANDOVER_SERVICE: Refusal = refusal(
    11_021_009,
    "No available shipping services for this request. Please modify the package weight or check the recipient address. If the error persists, please contact the platform for assistance.",
);
/// Update Shipping Info on a TikTok-shipping order (SPEC:update-shipping-info).
pub const NOT_SELLER_SHIPPED: Refusal = refusal(
    21_011_004,
    "This API cannot be used to update package shipping information for packages that are not shipped by sellers.",
);

// --- Order state: too early ----------------------------------------------------------

/// Shipping an ON_HOLD order (CL:orders/for-us-and-uk-markets-introducing-on-hold-order-status;
/// not in any spec's error table, write-api §A precondition 1).
pub const ON_HOLD: Refusal = refusal(
    21_011_044,
    "Order status is on hold. Please process when order status update to awaiting shipment",
);
/// Shipping an UNPAID order: "fulfill_unit action not allowed" (sandbox's choice).
pub const UNPAID: Refusal = ACTION_NOT_ALLOWED;
/// Updating the tracking of an order not shipped yet (SPEC:update-shipping-info).
pub const NOT_SHIPPED_YET: Refusal = refusal(21_011_043, "The package has not been shipped yet.");

// --- Twice ----------------------------------------------------------------------------

/// Mark Package As Shipped / Create Packages / shipping services on an order with nothing
/// left to ship (write-api §A "twice").
pub const ORDER_ALREADY_SHIPPED: Refusal = refusal(21_011_006, "These orders are already shipped.");
/// Mark Package As Shipped naming a line item that is already in a shipped package.
pub const PACKAGE_ALREADY_SHIPPED_AGAIN: Refusal = refusal(
    21_008_099,
    "Package has been shipped. Please not ship the package again.",
);
/// Ship Package / Batch Ship on a package that is shipped (SPEC:ship-package).
pub const PACKAGE_ALREADY_SHIPPED: Refusal =
    refusal(21_011_040, "Package has already been shipped.");
/// Ship Package on a delivered package (SPEC:ship-package).
pub const PACKAGE_DELIVERED: Refusal = refusal(21_011_027, "Package has already been delivered.");
/// Create Packages when the label was already bought (SPEC:create-packages).
pub const LABEL_ALREADY_PURCHASED: Refusal =
    refusal(21_022_025, "A shipping label has already been purchased.");

// --- Order state: cancelled, after-sale, split ---------------------------------------

/// A cancelled order (write-api §A "order state").
pub const ORDER_CANCELLED: Refusal = refusal(
    21_011_041,
    "Cannot complete the operation when order is cancelled. ",
);
/// A pending buyer cancellation outside the US (write-api §A precondition 5).
pub const AFTER_SALE_PENDING: Refusal = refusal(
    21_011_007,
    "Package item has after-sale request, please process the after-sale request first.",
);
/// Several unshipped packages and no line items named (write-api §A "order state").
pub const SPECIFY_ORDER_LINE: Refusal = refusal(
    21_011_048,
    "There are multiple packages that can be shipped, please specify the order line that needs to be shipped.",
);

// --- Pickup slots ----------------------------------------------------------------------

/// A pickup slot that is not one of the package's available slots (SPEC:ship-package).
pub const OUTSIDE_PICKUP_SLOT: Refusal = refusal(
    21_011_053,
    "Fail to ship package because the shipment time is outside of the pick-up time slot.",
);
/// PICKUP without a pickup slot (SPEC:ship-package).
pub const MISSING_PICKUP_SLOT: Refusal = refusal(
    21_011_054,
    "No available shipping services for this request due to missing pick-up time slot. Please contact customer service for assistance.",
);

// --- Tracking numbers and carriers (write-api §C) -------------------------------------

/// A tracking number with anything but letters and digits (Mark Package As Shipped).
pub const TRACKING_SPECIAL_CHARACTERS: Refusal = refusal(
    21_004_012,
    "Tracking number has special characters, verify failed.",
);
/// A provider id outside the order's delivery option, or (where the endpoint has no finer
/// code) a number that fails its provider's check.
pub const INVALID_TRACKING_OR_PROVIDER: Refusal = refusal(
    21_011_022,
    "Invalid tracking number or provider ID. Please double check and try again.",
);
/// The number matches another provider than the one chosen (outside the US).
pub const TRACKING_MISMATCH_PROVIDER: Refusal =
    refusal(21_004_015, "Tracking number mismatch provider.");
/// The number matches no provider at all (outside the US).
pub const TRACKING_MATCHES_NO_CARRIER: Refusal = refusal(
    11_028_006,
    "This tracking number cannot be matched to any carrier, please check the tracking number and upload again.",
);
/// The number is already on another order's package (not a consolidated shipment).
pub const DUPLICATE_TRACKING: Refusal = refusal(21_011_025, "Duplicate tracking number.");
/// A consolidated US shipment over 20 orders (OV:ful policy "at most 20 orders").
pub const TRACKING_USED_TOO_OFTEN: Refusal =
    refusal(21_011_026, "fulfillment tracking no used times over limit");

// --- Correction after shipment (write-api §C) ----------------------------------------

/// Update Shipping Info on a delivered order.
pub const ALREADY_DELIVERED_NO_UPDATE: Refusal = refusal(
    21_011_030,
    "Package has already been delivered. If you would still like to update the tracking number, please contact the platform for assistance.",
);
/// The single update spent, or the 72 h window over (US/UK/SEA), on the order version
/// (CL:fulfillment/...-shipping-information-update-time-window-extended-to-72-hours).
pub const UPDATE_NOT_ALLOWED: Refusal = refusal(
    21_011_049,
    "Due to platform rule limitations, you are unable to update the tracking number.",
);
/// The package version: window over.
pub const UPDATE_WINDOW_OVER: Refusal = refusal(
    21_011_050,
    "The tracking number can only be updated within a certain number of hours.",
);
/// The package version: the single update spent.
pub const UPDATE_ONLY_ONCE: Refusal =
    refusal(21_011_051, "The tracking number can only be updated once.");
/// The order version on an order shipped in several packages (use the package version).
pub const UPDATE_STATUS_NOT_ALLOWED: Refusal = refusal(
    10_007_002,
    "You cannot update the shipping information due to the order's current status, please try again later.",
);

// --- Shipping services and providers --------------------------------------------------

/// Create Packages with a `shipping_service_id` the order was not offered.
pub const SHIPPING_SERVICE_NOT_FOUND: Refusal =
    refusal(21_004_008, "create label shipping service not found");
/// Get Shipping Providers of an unknown delivery option (SPEC:logistics/get-shipping-providers).
pub const UNKNOWN_DELIVERY_OPTION: Refusal = refusal(
    21_008_116,
    "No Subscription without specified delivery option.",
);
/// Get Shipping Providers of a TikTok-shipping delivery option.
pub const TIKTOK_DELIVERY_OPTION: Refusal = refusal(
    21_008_117,
    "The delivery of the specified delivery_option_id is fulfilled by TikTok. No shipping provider will be returned.",
);

// --- Shipping documents (write-api §B, SPEC:fulfillment/get-package-shipping-document) ----

/// A seller-shipping package: TikTok has no label for it. The spec lists two codes with the
/// same message (11034002, 21008017); the sandbox answers the first.
pub const DOCUMENT_SELLER_SHIPPING: Refusal = refusal(
    11_034_002,
    "This API is only applicable to TikTok Shipping orders. For seller shipping, please obtain the shipping label offline and upload it to TikTok Shop via API or Seller Center.",
);
/// An FBT package: TikTok's warehouse prints its documents.
pub const DOCUMENT_FULFILLED_BY_TIKTOK: Refusal = refusal(
    21_008_043,
    "This package is fulfilled by TikTok.  Shipping documents cannot be printed.",
);
/// A package still TO_FULFILL: shipment not arranged yet. The spec also lists 21042104
/// ("before shipped"); the sandbox answers this one, whose message names the remedy.
pub const DOCUMENT_BEFORE_ARRANGED: Refusal = refusal(
    21_023_035,
    "Please arrange shipment before retrieving the shipping document.",
);
/// The carrier collected the package (FULFILLING, COMPLETED).
pub const DOCUMENT_AFTER_PICKUP: Refusal = refusal(
    21_042_102,
    "Documents couldn't be printed after the package has been pickup.",
);
/// The package (its order) was cancelled.
pub const DOCUMENT_PACKAGE_CANCELLED: Refusal =
    refusal(21_023_059, "Package has already been cancelled.");
/// The logistics provider is still generating the document: try again later.
pub const DOCUMENT_GENERATING: Refusal = refusal(
    11_034_037,
    "The shipping document is still being generated by the logistics provider, please try again later.",
);
/// Generation timed out: try again later (the same remedy as [`DOCUMENT_GENERATING`]).
pub const DOCUMENT_TIMEOUT: Refusal = refusal(
    11_034_023,
    "Shipping document generation timeout error, please try again later.",
);
