//! TikTok Shop's numeric response codes that Shopdock acts on (fact sheet §11, and the error
//! tables of the endpoint specs).

pub const SUCCESS: i64 = 0;
/// Access token invalid (deauthorized, unknown): the seller must authorize again.
pub const ACCESS_TOKEN_INVALID: i64 = 105001;
/// Access token expired: refresh it.
pub const ACCESS_TOKEN_EXPIRED: i64 = 105002;
/// The token lacks the scope this endpoint needs: enable it in Partner Center, then reauthorize.
pub const SCOPE_MISSING: i64 = 105005;
/// Bad `sign` (HTTP 401).
pub const INVALID_SIGN: i64 = 106001;
/// `shop_cipher` missing.
pub const SHOP_CIPHER_MISSING: i64 = 106013;
/// `category_asset_cipher` wrong, or the token does not match `shop_cipher`.
pub const CIPHER_MISMATCH: i64 = 101000;
/// Too many requests (HTTP 429).
pub const TOO_MANY_REQUESTS: i64 = 36009002;
/// Internal error: retryable.
pub const INTERNAL_ERROR: i64 = 36009003;
/// Invalid common parameter: app key, access token header, timestamp window, sign, unexpected
/// cipher, ... The message says which; [`crate::ApiError::action`] reads it.
pub const INVALID_PARAMETER: i64 = 36009004;
/// Request timeout.
pub const REQUEST_TIMEOUT: i64 = 36009007;
pub const INVALID_PATH: i64 = 36009009;
pub const INVALID_METHOD: i64 = 36009010;
pub const INVALID_VERSION: i64 = 36009014;
pub const IP_NOT_ALLOWED: i64 = 36009033;
/// Token service: refresh token expired.
pub const REFRESH_TOKEN_EXPIRED: i64 = 36004001;
/// Token service: no such authorization (revoked, or the auth code is unknown or used).
pub const AUTH_RECORD_NOT_FOUND: i64 = 36004005;
/// "The order or package does not belong to the current seller." (Get Order Detail spec).
pub const NOT_SELLERS_ORDER: i64 = 21008111;
/// Not TikTok's: the code Shopdock gives an HTTP error that came without TikTok's envelope
/// (a plain-text 429, an overloaded 503, a bare 404); `http_status` says which.
pub const NO_ENVELOPE: i64 = -1;

// Fulfillment and logistics refusals. The seller-facing reason for each, and whether it is
// worth retrying, is in one table: [`crate::refusal::fulfillment_refusal`]. "§A", "§B", "§C"
// are the sections of the write-back fact sheet; "spec" is the endpoint's error table.

/// §A "too early": the order is ON_HOLD (its first hour after payment, US/UK); not in the specs.
pub const ORDER_ON_HOLD: i64 = 21011044;
/// §A "too early": a shipping document was asked for before shipment was arranged.
pub const DOCUMENT_BEFORE_ARRANGED: i64 = 21023035;
/// §A "too early": documents cannot be printed before the package is shipped.
pub const DOCUMENT_BEFORE_SHIPPED: i64 = 21042104;
/// §A "twice": "Package has been shipped. Please not ship the package again" (Mark as Shipped, Ship).
pub const PACKAGE_SHIPPED_ALREADY: i64 = 21008099;
/// §A "twice": the same refusal as [`PACKAGE_SHIPPED_ALREADY`] from Ship Package.
pub const PACKAGE_SHIPPED_ALREADY_SHIP: i64 = 11006021;
/// §A "twice": "These orders are already shipped" (Mark as Shipped, Create Packages).
pub const ORDERS_SHIPPED_ALREADY: i64 = 21011006;
/// §A "twice": "These orders are already shipped" (Ship, Batch Ship, Mark as Shipped).
pub const ORDERS_SHIPPED_ALREADY_SHIP: i64 = 21011020;
/// §A "twice": "These orders are already shipped" (Mark as Shipped).
pub const ORDERS_SHIPPED_ALREADY_LABEL: i64 = 21042056;
/// §A "twice": "Package has already been shipped" (Ship, Batch Ship).
pub const PACKAGE_HAS_BEEN_SHIPPED: i64 = 21011040;
/// §A "twice": the package has already been delivered.
pub const PACKAGE_DELIVERED: i64 = 21011027;
/// §A "order state": the order is cancelled.
pub const ORDER_CANCELLED: i64 = 21011041;
/// §C: the order is cancelled (Update Shipping Info's second code for it).
pub const ORDER_CANCELLED_UPDATE: i64 = 21011042;
/// §A "order state": an after-sale (cancellation or return) request is pending.
pub const AFTER_SALE_PENDING: i64 = 21011007;
/// §A "order state": the same, as "SellerFulfillUnitInReverseCannotOperate".
pub const AFTER_SALE_PENDING_REVERSE: i64 = 21008044;
/// §B: Get Package Shipping Document's code for a pending after-sale request.
pub const AFTER_SALE_PENDING_DOCUMENT: i64 = 21021010;
/// §A "order state": this endpoint is not available in the shop's region.
pub const NOT_IN_THIS_REGION: i64 = 21008106;
/// §A "order state": the order was combined with another.
pub const ORDER_COMBINED: i64 = 21011033;
/// §A "order state": several packages could ship; the line items must be named.
pub const NAME_THE_LINE_ITEMS: i64 = 21011048;
/// §A precondition 3: the order is fulfilled by TikTok (FBT), not by the seller.
pub const FULFILLED_BY_TIKTOK: i64 = 21008025;
/// §A "pickup slot": shipped outside the chosen pickup slot.
pub const OUTSIDE_PICKUP_SLOT: i64 = 21011053;
/// §A "pickup slot": no pickup slot is available.
pub const NO_PICKUP_SLOT: i64 = 21011054;
/// §A "pickup slot": an on-demand shipment outside pickup time.
pub const ON_DEMAND_OUTSIDE_PICKUP_TIME: i64 = 21004017;
/// §A "undeliverable": the first of 11021010..=11021025 (address or size problems that TikTok
/// lets the seller cancel without penalty, reason "Unable to deliver to buyer address").
pub const UNDELIVERABLE_FIRST: i64 = 11021010;
/// §A "undeliverable": the last of the range starting at [`UNDELIVERABLE_FIRST`].
pub const UNDELIVERABLE_LAST: i64 = 11021025;
/// Spec (Ship, Batch Ship): undeliverable, cancel without penalty.
pub const UNDELIVERABLE_SHIP: i64 = 21014009;
/// §A "transient": a system timeout inside TikTok (retry with backoff).
pub const SYSTEM_TIMEOUT: i64 = 11001027;
/// Spec (Ship, Batch Ship): a system timeout inside TikTok.
pub const SYSTEM_TIMEOUT_SHIP: i64 = 21001003;
/// §A "transient": "System process error, please try again later."
pub const SYSTEM_BUSY: i64 = 11001031;
/// §A "transient": "System process error, please try again later."
pub const SYSTEM_BUSY_FULFILLMENT: i64 = 21001008;
/// §A "transient": "System process error, please try again later."
pub const SYSTEM_BUSY_PROCESS: i64 = 21001011;
/// §A "transient": "System process error, please try again later."
pub const SYSTEM_BUSY_LABEL: i64 = 21022029;
/// §A "transient": "System process error, please try again later."
pub const SYSTEM_BUSY_SPLIT: i64 = 21022030;
/// §A (BR): the invoice must be uploaded before shipping.
pub const INVOICE_MISSING: i64 = 21004006;
/// §A (BR): every order needs an uploaded invoice before shipment.
pub const INVOICE_MISSING_ALL: i64 = 21004019;
/// §A (BR): the invoice is not accepted yet.
pub const INVOICE_NOT_ACCEPTED: i64 = 21004020;
/// §C: the tracking number matches no carrier.
pub const TRACKING_MATCHES_NO_CARRIER: i64 = 11028006;
/// §C: the tracking number has special characters.
pub const TRACKING_SPECIAL_CHARACTERS: i64 = 21004012;
/// §C: the tracking number does not match the chosen provider (wrong carrier).
pub const TRACKING_PROVIDER_MISMATCH: i64 = 21004015;
/// §C: no logistics service or provider for this tracking number.
pub const TRACKING_NO_SERVICE: i64 = 21004016;
/// §C: invalid tracking number or provider id.
pub const TRACKING_OR_PROVIDER_INVALID: i64 = 21011022;
/// §C: the tracking number is a duplicate.
pub const TRACKING_DUPLICATE: i64 = 21011025;
/// §C: the tracking number was used too many times.
pub const TRACKING_USED_TOO_OFTEN: i64 = 21011026;
/// §C: the tracking number is used already.
pub const TRACKING_USED_ALREADY: i64 = 21034012;
/// §C: the tracking number may not be updated (Update Shipping Info: already delivered).
pub const TRACKING_UPDATE_NOT_ALLOWED: i64 = 21011030;
/// §C: the seller already printed a TikTok shipping label.
pub const LABEL_PRINTED_ALREADY: i64 = 21008042;
/// §C: a shipping label was already purchased.
pub const LABEL_PURCHASED_ALREADY: i64 = 21022025;
/// §C: one SKU may not be split across packages.
pub const SAME_SKU_SPLIT: i64 = 21011036;
/// §C: the order does not belong to this fulfilment unit.
pub const NOT_THIS_FULFILMENT_UNIT: i64 = 21011029;
/// §C: the order does not match TikTok's trade rules.
pub const TRADE_RULE_MISMATCH: i64 = 21011012;
/// §C: the order does not match TikTok's logistics rules.
pub const LOGISTICS_RULE_MISMATCH: i64 = 21011013;
/// §C: the shop has no subscription for this delivery option (Get Shipping Providers).
pub const DELIVERY_OPTION_NOT_SUBSCRIBED: i64 = 21008116;
/// §C: the delivery option is fulfilled by TikTok, so it has no provider list.
pub const DELIVERY_OPTION_BY_TIKTOK: i64 = 21008117;
/// §C: the order's status does not allow the shipping info update.
pub const UPDATE_NOT_IN_THIS_STATUS: i64 = 10007002;
/// §C: the package is not shipped by the seller.
pub const NOT_SELLER_SHIPPED: i64 = 21011004;
/// §C: the package does not belong to this shop.
pub const PACKAGE_OF_ANOTHER_SHOP: i64 = 21011028;
/// §C: the package has not been shipped yet (nothing to update).
pub const NOT_SHIPPED_YET: i64 = 21011043;
/// §C: a platform rule forbids the update (US: after the 72 h window).
pub const UPDATE_FORBIDDEN_BY_RULE: i64 = 21011049;
/// §C: the update window is over.
pub const UPDATE_WINDOW_OVER: i64 = 21011050;
/// §C: the tracking number can be updated only once.
pub const UPDATE_ONLY_ONCE: i64 = 21011051;
/// §C: the tracking number can be updated only a limited number of times.
pub const UPDATE_LIMIT_REACHED: i64 = 21011052;
/// §C: a return was completed or the order was cancelled.
pub const RETURN_COMPLETED_OR_CANCELLED: i64 = 25001010;
/// §B: shipping documents exist only for TikTok Shipping (seller shipping asked).
pub const DOCUMENT_SELLER_SHIPPING: i64 = 11034002;
/// §B: the same refusal as [`DOCUMENT_SELLER_SHIPPING`].
pub const DOCUMENT_SELLER_SHIPPING_ALT: i64 = 21008017;
/// §B: the package is fulfilled by TikTok; no documents.
pub const DOCUMENT_FULFILLED_BY_TIKTOK: i64 = 21008043;
/// §B: documents cannot be printed after carrier pickup.
pub const DOCUMENT_AFTER_PICKUP: i64 = 21042102;
/// §B: the package was cancelled.
pub const PACKAGE_CANCELLED: i64 = 21023059;
/// §B: the document is still being generated (retry with backoff).
pub const DOCUMENT_GENERATING: i64 = 11034037;
/// §B: document generation timed out (retry with backoff).
pub const DOCUMENT_TIMEOUT: i64 = 11034023;
/// Spec (Get Package Shipping Document): "Unable to retrieve shipping information, please
/// double check the order status."
pub const DOCUMENT_NO_SHIPPING_INFO: i64 = 21008109;
/// Spec (Get Package Shipping Document): "Warehouse does not exist."
pub const DOCUMENT_NO_WAREHOUSE: i64 = 11034009;
/// Spec (Get Package Shipping Document): "Unknown label print timeout error."
pub const DOCUMENT_PRINT_TIMEOUT: i64 = 21023022;
/// Spec (Get Package Shipping Document): internal package status, tag or update errors,
/// each "please try again later".
pub const DOCUMENT_PACKAGE_STATUS_ERROR: i64 = 11006010;
pub const DOCUMENT_PACKAGE_TAG_ERROR: i64 = 11034025;
pub const DOCUMENT_PACKAGE_UPDATE_ERROR: i64 = 21023034;
/// Spec (Create Packages, Eligible Shipping Service): no shipping service for this package.
pub const NO_SHIPPING_SERVICE: i64 = 21011037;
/// Spec (Ship, Create Packages, Mark as Shipped): no shipping service for this request.
pub const NO_SHIPPING_SERVICE_WEIGHT: i64 = 11021009;
/// Spec (Create Packages): "create label shipping service not found".
pub const SHIPPING_SERVICE_NOT_FOUND: i64 = 21004008;
/// Spec (Create Packages, Mark as Shipped): "Cannot purchase shipping label, please try again later."
pub const LABEL_PURCHASE_BUSY: i64 = 21022026;
/// Spec (Batch Ship): "package in freeze status" (its documented per-package example).
pub const PACKAGE_FROZEN: i64 = 10007014;

// Cancellation refusals (write-api §D; SPEC:return-and-refund/cancel-order, approve- and
// reject-cancellation). Their seller-facing reasons are in the same table,
// [`crate::refusal::fulfillment_refusal`].

/// "A return request is already in process, or the order has already been cancelled."
pub const CANCEL_ALREADY_IN_PROCESS: i64 = 25001011;
/// "Unknown return reason."
pub const CANCEL_REASON_UNKNOWN: i64 = 25001014;
/// "The provided return reason cannot be used by the seller."
pub const CANCEL_REASON_NOT_FOR_SELLER: i64 = 25001015;
/// "The provided return reason is currently offline."
pub const CANCEL_REASON_OFFLINE: i64 = 25001020;
/// "Reason not match order status".
pub const CANCEL_REASON_WRONG_STATUS: i64 = 25001021;
/// "reverse lock failed": another change to the order is under way.
pub const CANCEL_LOCK_FAILED: i64 = 25001028;
/// "The order has already been shipped and we are unable to cancel shipment with the courier."
pub const CANCEL_ALREADY_SHIPPED: i64 = 25001045;
/// "Return request has failed due to an interception by TikTok risk control."
pub const CANCEL_RISK_CONTROL: i64 = 25001046;
/// "Not allowed to return or cancel since order is completed or cancelled".
pub const CANCEL_ORDER_CLOSED: i64 = 25001051;
/// "Unable to cancel individual line items within this request."
pub const CANCEL_ITEMS_NOT_ALLOWED: i64 = 25005010;
/// "The requested line item(s) ... exceeds the allowable limit."
pub const CANCEL_ITEMS_OVER_LIMIT: i64 = 25005011;
/// "Order not found." (Approve, Reject).
pub const CANCEL_ORDER_NOT_FOUND: i64 = 25007006;
/// "Invalid order status." (Approve, Reject).
pub const CANCEL_INVALID_ORDER_STATUS: i64 = 25001003;
/// "reverse status cannot reject application".
pub const CANCEL_CANNOT_REJECT: i64 = 25011011;
/// "reverse status cannot approve application".
pub const CANCEL_CANNOT_APPROVE: i64 = 25011012;
/// "decision not match reverse status".
pub const CANCEL_DECISION_WRONG_STATUS: i64 = 25020003;
/// "No permission to process this order".
pub const CANCEL_NO_PERMISSION: i64 = 25020005;
/// "reverse already cancelled": the buyer withdrew the request.
pub const CANCEL_REQUEST_WITHDRAWN: i64 = 25020009;
/// "Aftersales has been approved and cannot be rejected."
pub const CANCEL_ALREADY_APPROVED: i64 = 25020010;
/// "reverse downstream data load error" / "db access error": TikTok's own trouble.
pub const CANCEL_DOWNSTREAM_ERROR: i64 = 25001058;
pub const CANCEL_DB_ERROR: i64 = 25007002;

// Product, stock and price refusals (write-api §E, §F, §G; SPEC:products/search-products,
// get-product, update-inventory, inventory-search, update-price). Their seller-facing reasons
// are in the same table, [`crate::refusal::fulfillment_refusal`]. Several codes mean the same
// thing on different endpoints; each is listed, since TikTok may answer any of them.

/// Search: "The maximum count of seller_skus in the search filter is 10."
pub const PRODUCT_FILTER_SELLER_SKUS_OVER_LIMIT: i64 = 12019027;
/// Search: "The number of SKU IDs exceeds the limit of 10".
pub const PRODUCT_FILTER_SKU_IDS_OVER_LIMIT: i64 = 12019087;
/// Search: "page number is invalid" (a page token that does not fit).
pub const PRODUCT_PAGE_INVALID: i64 = 12019108;
/// Search: "page size is invalid".
pub const PRODUCT_PAGE_SIZE_INVALID: i64 = 12019109;
/// Search: "search create time invalid".
pub const PRODUCT_SEARCH_CREATE_TIME_INVALID: i64 = 12019118;
/// Search: "search update time invalid".
pub const PRODUCT_SEARCH_UPDATE_TIME_INVALID: i64 = 12019119;
/// Search: "The total number of search results can not exceed 10000." Search narrower
/// update-time windows ([`crate::product::SearchWindow`]).
pub const PRODUCT_SEARCH_OVER_CAP: i64 = 12052180;
/// "The seller is inactive."
pub const SELLER_INACTIVE: i64 = 12052700;
/// "Invalid seller tax number".
pub const SELLER_TAX_NUMBER_INVALID: i64 = 12052703;
/// "seller id not exist".
pub const SELLER_NOT_FOUND: i64 = 12052704;
/// "Invalid input parameters. Refer to the API documentation for details."
pub const PRODUCT_INVALID_INPUT: i64 = 12052910;
/// Get Product: "The product ID does not exist."
pub const PRODUCT_ID_NOT_FOUND: i64 = 12019150;
/// "The product does not exist".
pub const PRODUCT_NOT_FOUND: i64 = 12052032;
/// "The product ID does not exist".
pub const PRODUCT_ID_NOT_FOUND_ALT: i64 = 12052260;
/// Update Inventory: "Invalid product ID(s) found".
pub const PRODUCT_IDS_INVALID: i64 = 12052031;
/// Inventory Search: "Product id is invalid".
pub const PRODUCT_ID_INVALID: i64 = 12019008;
/// "You cannot edit the specified product(s) as it isn't listed in your account or shop."
pub const PRODUCT_NOT_IN_SHOP: i64 = 12052048;
/// Get Product: "There is no version of this product that is under review."
pub const PRODUCT_NO_VERSION_UNDER_REVIEW: i64 = 12052547;
/// "The product in its current status is not available for this operation." (not ACTIVATE:
/// under review, draft, deactivated, frozen).
pub const PRODUCT_STATUS_NOT_ALLOWED: i64 = 12052901;
/// Update Price: "product status is invalid".
pub const PRODUCT_STATUS_INVALID: i64 = 12019113;
/// "There's an ongoing appeal. If you wish to edit product details, please revoke the appeal
/// first."
pub const PRODUCT_APPEAL_ONGOING: i64 = 12052308;
/// "Auction product is bidding when it is not supported to change product info".
pub const PRODUCT_AUCTION_BIDDING: i64 = 12052371;
/// "SKU must contain a valid warehouse."
pub const SKU_WITHOUT_WAREHOUSE: i64 = 12019022;
/// Update Inventory: "stock count is invalid".
pub const STOCK_COUNT_INVALID: i64 = 12019024;
/// Update Inventory: "Multiple warehouses detected. Include all warehouse IDs ...".
pub const STOCK_LIST_ALL_WAREHOUSES: i64 = 12019028;
/// Update Inventory: "The SKU ID is necessary".
pub const SKU_ID_REQUIRED: i64 = 12052036;
/// Update Inventory: "Couldn't update inventory" (allocated automatically, wrong or missing
/// warehouse ids).
pub const STOCK_NOT_UPDATABLE: i64 = 12052037;
/// "A single product cannot have more than 100 different SKUs".
pub const TOO_MANY_SKUS: i64 = 12052050;
/// Update Inventory: the quantity is outside the allowed range.
pub const STOCK_QUANTITY_OUT_OF_RANGE: i64 = 12052055;
/// Update Inventory: "No multiple warehouse permission".
pub const NO_MULTI_WAREHOUSE_PERMISSION: i64 = 12052094;
/// "Unable to update the price for SKUs with no warehouse."
pub const SKU_NO_WAREHOUSE: i64 = 12052096;
/// "The warehouse does not exist".
pub const WAREHOUSE_NOT_FOUND: i64 = 12052097;
/// Update Inventory: "seller has no warehouse".
pub const SELLER_NO_WAREHOUSE: i64 = 12052115;
/// Update Inventory: "please edit stock from global".
pub const STOCK_EDIT_FROM_GLOBAL: i64 = 12052141;
/// Update Inventory: the warehouse cannot ship this product to the target market.
pub const WAREHOUSE_CANNOT_SHIP_MARKET: i64 = 12052364;
/// Update Inventory: "Product locked for Promotion and stock can't be updated below current
/// stock".
pub const STOCK_LOCKED_BY_PROMOTION: i64 = 12052393;
/// Update Inventory: "The warehouse does not support fulfillment for the current shop."
pub const WAREHOUSE_NOT_FOR_SHOP: i64 = 12052403;
/// Update Inventory: "warehouse is unavailable for eu gpr product".
pub const WAREHOUSE_NOT_FOR_GPR: i64 = 12052465;
/// Update Inventory: "The warehouse ... does not belong to this shop/seller."
pub const WAREHOUSE_NOT_OURS: i64 = 12052530;
/// "The warehouse is disabled."
pub const WAREHOUSE_DISABLED: i64 = 12052531;
/// Update Inventory: "the warehouse not delivery warehouse" (a return warehouse).
pub const WAREHOUSE_NOT_FOR_DELIVERY: i64 = 12052532;
/// Update Inventory: "Removal, addition, and change of warehouses are not permitted."
pub const STOCK_WAREHOUSES_CHANGED: i64 = 12052533;
/// Update Inventory: the shop has no return warehouse.
pub const NO_RETURN_WAREHOUSE: i64 = 12052535;
/// "Sku id duplicate".
pub const SKU_DUPLICATE: i64 = 12052553;
/// Update Inventory: "The SKU id not exist."
pub const SKU_NOT_FOUND: i64 = 12052556;
/// Update Price: "The SKU ID does not belong to the product."
pub const SKU_NOT_OF_PRODUCT: i64 = 12052557;
/// Update Inventory: "You don't have the permission to operate combo."
pub const COMBO_NO_PERMISSION: i64 = 12052849;
/// Update Inventory: "The stock of combo does not support being edited." (virtual bundles)
pub const COMBO_STOCK_NOT_EDITABLE: i64 = 12052850;
/// "The SKU list is empty."
pub const SKU_LIST_EMPTY: i64 = 12052902;
/// Update Inventory: the product shares its stock with the source shop (EU replication).
pub const STOCK_SHARED_WITH_SOURCE: i64 = 12052921;
/// Update Inventory: "The check failed." The per-SKU wrapper under code 0; the warehouse
/// errors inside say why.
pub const SKU_CHECK_FAILED: i64 = 12052990;
/// Update Price: "price is locked".
pub const PRICE_LOCKED: i64 = 12019045;
/// Update Price: "seller sku is invalid".
pub const SELLER_SKU_INVALID: i64 = 12019059;
/// Update Price: "Incorrect price format".
pub const PRICE_FORMAT_INVALID: i64 = 12052012;
/// Update Price: "Category does not exist".
pub const PRODUCT_CATEGORY_NOT_FOUND: i64 = 12052023;
/// Update Price: "Product price locked due to ongoing promotion."
pub const PRICE_LOCKED_BY_PROMOTION: i64 = 12052038;
/// Update Price: "The product price is invalid".
pub const PRICE_INVALID: i64 = 12052073;
/// Update Price: "The provided currency is not available for this shop/region."
pub const PRICE_CURRENCY_MISMATCH: i64 = 12052084;
/// Update Price: "product sale price is invalid".
pub const SALE_PRICE_INVALID: i64 = 12052092;
/// Update Price: "The gift product are not allowed to be edited".
pub const GIFT_PRODUCT_NOT_EDITABLE: i64 = 12052163;
/// Update Price: "list price not support".
pub const LIST_PRICE_NOT_SUPPORTED: i64 = 12052376;
/// Update Price: "product list price exceed limit".
pub const LIST_PRICE_OVER_LIMIT: i64 = 12052383;
/// Update Price: "Missing 'sale price' value".
pub const SALE_PRICE_MISSING: i64 = 12052424;
/// Update Price: "product price exceed limit".
pub const PRICE_OVER_LIMIT: i64 = 12052570;
/// Update Price: "the sale price is invalid".
pub const SALE_PRICE_INVALID_ALT: i64 = 12052572;
/// Update Price: "The price of combined SKU cannot exceed the sum of the prices of the
/// sub-SKUs."
pub const COMBO_PRICE_OVER_ITEMS: i64 = 12052861;
/// Update Price: "identity internal error" (TikTok's own trouble).
pub const PRODUCT_IDENTITY_ERROR: i64 = 12052881;
/// Inventory Search: "The number of SKU exceed the limit".
pub const INVENTORY_SKUS_OVER_LIMIT: i64 = 12019015;
/// Inventory Search: "The number of provided product IDs exceeds the limit."
pub const INVENTORY_PRODUCTS_OVER_LIMIT: i64 = 12019120;
/// Inventory Search: "Seller id is invalid".
pub const INVENTORY_SELLER_INVALID: i64 = 12019112;
/// Inventory Search: "Seller has no permission".
pub const INVENTORY_NO_PERMISSION: i64 = 12019114;
