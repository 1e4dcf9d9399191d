//! Typed models of the requests and responses Shopdock uses, with TikTok's field names.
//!
//! Ids are strings (they exceed 2^53) and money is a decimal string, never a float. Optional
//! fields are `Option` and are left out when serializing, as TikTok leaves them out (the
//! sandbox serializes these same types, so client and simulator cannot disagree on a name).
//! Unknown fields are ignored when decoding, so TikTok adding a field never breaks a sync.
//!
//! Decoding is tolerant where TikTok's answers vary: an explicit `null` where a list, object,
//! string, number or flag is expected reads as empty (see [`crate::lenient`]), and every
//! enumerated response field (`status`, `fulfillment_type`, `package_status`, ...) is a
//! `String`, so a value added after this was written is kept as sent instead of failing the
//! order; [`OrderStatus::parse`] says whether a status is one Shopdock knows. An order that
//! still cannot be decoded does not sink its page: see [`crate::order_page`].

use serde::{Deserialize, Serialize};

/// TikTok's response envelope: `{code, message, request_id, data}`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Envelope<T> {
    pub code: i64,
    #[serde(default, deserialize_with = "crate::lenient::null_as_default")]
    pub message: String,
    #[serde(default, deserialize_with = "crate::lenient::null_as_default")]
    pub request_id: String,
    #[serde(default = "Option::default")]
    pub data: Option<T>,
}

/// `data` of the token get and refresh calls. `*_expire_in` are absolute Unix seconds.
/// Token values are plain strings here because this is the wire shape; the client wraps them
/// in [`crate::Secret`] before handing them out.
#[derive(Clone, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct TokenData {
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub access_token: String,
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub access_token_expire_in: i64,
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub refresh_token: String,
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub refresh_token_expire_in: i64,
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub open_id: String,
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub seller_name: String,
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub seller_base_region: String,
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub user_type: i64,
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub granted_scopes: Vec<String>,
}

impl std::fmt::Debug for TokenData {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenData")
            .field("access_token", &"[redacted]")
            .field("access_token_expire_in", &self.access_token_expire_in)
            .field("refresh_token", &"[redacted]")
            .field("refresh_token_expire_in", &self.refresh_token_expire_in)
            .field("open_id", &self.open_id)
            .field("seller_name", &self.seller_name)
            .field("seller_base_region", &self.seller_base_region)
            .field("user_type", &self.user_type)
            .field("granted_scopes", &self.granted_scopes)
            .finish()
    }
}

/// One shop from Get Authorized Shops.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct AuthorizedShop {
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub id: String,
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub name: String,
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub region: String,
    /// `CROSS_BORDER` or `LOCAL`.
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub seller_type: String,
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub cipher: String,
    /// The shop code the seller sees in Seller Center.
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub code: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct AuthorizedShops {
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub shops: Vec<AuthorizedShop>,
}

/// One shop from Get Active Shops.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct ActiveShop {
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub id: String,
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub region: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct ActiveShops {
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub shops: Vec<ActiveShop>,
}

/// `sort_field` of Search Orders.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum OrderSortField {
    #[default]
    CreateTime,
    UpdateTime,
}

impl OrderSortField {
    pub fn as_str(self) -> &'static str {
        match self {
            OrderSortField::CreateTime => "create_time",
            OrderSortField::UpdateTime => "update_time",
        }
    }
}

/// `sort_order` of list endpoints. TikTok's default is DESC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "UPPERCASE")]
pub enum SortOrder {
    Asc,
    #[default]
    Desc,
}

impl SortOrder {
    pub fn as_str(self) -> &'static str {
        match self {
            SortOrder::Asc => "ASC",
            SortOrder::Desc => "DESC",
        }
    }
}

/// The query-string part of Search Orders.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchOrdersQuery {
    /// 1..=100.
    pub page_size: u32,
    pub page_token: Option<String>,
    pub sort_field: OrderSortField,
    pub sort_order: SortOrder,
}

impl Default for SearchOrdersQuery {
    fn default() -> Self {
        Self {
            page_size: 20,
            page_token: None,
            sort_field: OrderSortField::CreateTime,
            sort_order: SortOrder::Desc,
        }
    }
}

/// The JSON body filters of Search Orders; every one optional.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct SearchOrdersFilter {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub order_status: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub create_time_ge: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub create_time_lt: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub update_time_ge: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub update_time_lt: Option<i64>,
    /// `TIKTOK` or `SELLER`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shipping_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub buyer_user_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_buyer_request_cancel: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub warehouse_ids: Option<Vec<String>>,
}

/// `data` of Search Orders.
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct OrderPage {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_page_token: Option<String>,
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub total_count: i64,
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub orders: Vec<Order>,
}

/// `data` of Search Orders with each order kept as the exact JSON TikTok sent, so the store can
/// keep it verbatim (fields Shopdock does not model yet survive) and decode it once.
#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct RawOrderPage {
    pub next_page_token: Option<String>,
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub total_count: i64,
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub orders: Vec<Box<serde_json::value::RawValue>>,
}

/// `data` of Get Order Detail.
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct OrderList {
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub orders: Vec<Order>,
}

/// An order, as Search Orders and Get Order Detail return it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct Order {
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub id: String,
    /// 202309 status string, e.g. `AWAITING_SHIPMENT` (see [`OrderStatus`]).
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub status: String,
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub create_time: i64,
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub update_time: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub paid_time: Option<i64>,
    /// The buyer's user id.
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub user_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub buyer_email: Option<String>,
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub buyer_message: String,
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub seller_note: String,
    /// `FULFILLMENT_BY_SELLER`, `FULFILLMENT_BY_TIKTOK`, `FULFILLMENT_BY_DILAYANI_TOKOPEDIA`.
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub fulfillment_type: String,
    /// `TIKTOK` or `SELLER`.
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub shipping_type: String,
    /// `HOME_DELIVERY` or `COLLECTION_POINT`.
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub delivery_type: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delivery_option_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delivery_option_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shipping_provider: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shipping_provider_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tracking_number: Option<String>,
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub packages: Vec<PackageRef>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub warehouse_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub split_or_combine_tag: Option<String>,
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub is_cod: bool,
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub payment_method_name: String,
    /// Latest time to ship (Unix s).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rts_sla_time: Option<i64>,
    /// Latest collection time (Unix s).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tts_sla_time: Option<i64>,
    /// When it was shipped (Unix s).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rts_time: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shipping_due_time: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub collection_due_time: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delivery_due_time: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delivery_sla_time: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cancel_order_sla_time: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub collection_time: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delivery_time: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cancel_reason: Option<String>,
    /// `SELLER`, `BUYER` or `SYSTEM`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cancellation_initiator: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cancel_time: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_cancel_time: Option<i64>,
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub is_buyer_request_cancel: bool,
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub is_on_hold_order: bool,
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub is_sample_order: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_replacement_order: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub replaced_order_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_exchange_order: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exchange_source_order_id: Option<String>,
    /// `NORMAL`, `ZERO_LOTTERY`, `PRE_ORDER`, `MADE_TO_ORDER`, `BACK_ORDER`.
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub order_type: String,
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub has_updated_recipient_address: bool,
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub payment: Payment,
    /// Absent while the order is `UNPAID` or `ON_HOLD`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recipient_address: Option<RecipientAddress>,
    /// One entry per unit sold.
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub line_items: Vec<LineItem>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct PackageRef {
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub id: String,
}

/// Payment breakdown; every amount a decimal string in `currency`.
///
/// `total_amount = sub_total + shipping_fee + tax + retail_delivery_fee`;
/// `sub_total = original_total_product_price - seller_discount - platform_discount`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct Payment {
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub currency: String,
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub total_amount: String,
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub sub_total: String,
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub shipping_fee: String,
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub seller_discount: String,
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub platform_discount: String,
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub original_total_product_price: String,
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub original_shipping_fee: String,
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub shipping_fee_seller_discount: String,
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub shipping_fee_platform_discount: String,
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub shipping_fee_cofunded_discount: String,
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub tax: String,
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub product_tax: String,
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub shipping_fee_tax: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retail_delivery_fee: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub small_order_fee: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub buyer_service_fee: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub handling_fee: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub item_insurance_fee: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct RecipientAddress {
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub name: String,
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub first_name: String,
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub last_name: String,
    /// Masked, e.g. `(+1)213-***-1234`.
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub phone_number: String,
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub full_address: String,
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub address_detail: String,
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub address_line1: String,
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub address_line2: String,
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub address_line3: String,
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub address_line4: String,
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub district_info: Vec<DistrictInfo>,
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub postal_code: String,
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub region_code: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub post_town: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct DistrictInfo {
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub address_level_name: String,
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub address_name: String,
    /// `L0` (country) .. `L4`.
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub address_level: String,
}

/// One unit of one SKU in an order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct LineItem {
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub id: String,
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub sku_id: String,
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub product_id: String,
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub seller_sku: String,
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub product_name: String,
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub sku_name: String,
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub sku_image: String,
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub sale_price: String,
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub original_price: String,
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub platform_discount: String,
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub seller_discount: String,
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub currency: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub package_id: Option<String>,
    /// `TO_FULFILL`, `PROCESSING`, `FULFILLING`, `COMPLETED`, `CANCELLED`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub package_status: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tracking_number: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shipping_provider_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shipping_provider_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rts_time: Option<i64>,
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub display_status: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cancel_reason: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cancel_user: Option<String>,
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub is_gift: bool,
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub is_dangerous_good: bool,
}

/// The 202309 order statuses. Parsing also accepts the webhook page's `CANCEL` spelling and
/// the legacy numeric codes (fact sheet §5), so data from any source maps to one enum.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum OrderStatus {
    Unpaid,
    OnHold,
    AwaitingShipment,
    PartiallyShipping,
    AwaitingCollection,
    InTransit,
    Delivered,
    Completed,
    Cancelled,
}

impl OrderStatus {
    pub const ALL: [OrderStatus; 9] = [
        OrderStatus::Unpaid,
        OrderStatus::OnHold,
        OrderStatus::AwaitingShipment,
        OrderStatus::PartiallyShipping,
        OrderStatus::AwaitingCollection,
        OrderStatus::InTransit,
        OrderStatus::Delivered,
        OrderStatus::Completed,
        OrderStatus::Cancelled,
    ];

    /// The 202309 wire string.
    pub fn as_str(self) -> &'static str {
        match self {
            OrderStatus::Unpaid => "UNPAID",
            OrderStatus::OnHold => "ON_HOLD",
            OrderStatus::AwaitingShipment => "AWAITING_SHIPMENT",
            OrderStatus::PartiallyShipping => "PARTIALLY_SHIPPING",
            OrderStatus::AwaitingCollection => "AWAITING_COLLECTION",
            OrderStatus::InTransit => "IN_TRANSIT",
            OrderStatus::Delivered => "DELIVERED",
            OrderStatus::Completed => "COMPLETED",
            OrderStatus::Cancelled => "CANCELLED",
        }
    }

    /// Parses a 202309 string, `CANCEL`, or a legacy numeric code (`"111"`).
    pub fn parse(s: &str) -> Option<OrderStatus> {
        Some(match s.trim() {
            "UNPAID" | "100" => OrderStatus::Unpaid,
            "ON_HOLD" | "105" => OrderStatus::OnHold,
            "AWAITING_SHIPMENT" | "111" => OrderStatus::AwaitingShipment,
            "PARTIALLY_SHIPPING" | "114" => OrderStatus::PartiallyShipping,
            "AWAITING_COLLECTION" | "112" => OrderStatus::AwaitingCollection,
            "IN_TRANSIT" | "121" => OrderStatus::InTransit,
            "DELIVERED" | "122" => OrderStatus::Delivered,
            "COMPLETED" | "130" => OrderStatus::Completed,
            "CANCELLED" | "CANCEL" | "140" => OrderStatus::Cancelled,
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_parsing_accepts_current_webhook_and_legacy_forms() {
        for s in OrderStatus::ALL {
            assert_eq!(OrderStatus::parse(s.as_str()), Some(s));
        }
        assert_eq!(OrderStatus::parse("CANCEL"), Some(OrderStatus::Cancelled));
        assert_eq!(
            OrderStatus::parse("111"),
            Some(OrderStatus::AwaitingShipment)
        );
        assert_eq!(OrderStatus::parse("140"), Some(OrderStatus::Cancelled));
        assert_eq!(OrderStatus::parse("120"), None);
    }

    #[test]
    fn order_decodes_the_documented_sample_and_ignores_unknown_fields() {
        let json = r#"{"id":"576461413038785752","status":"UNPAID","create_time":1619611561,
            "update_time":1619621872,"user_id":"7021436810468230477","unknown_new_field":{"x":1},
            "payment":{"currency":"USD","total_amount":"5000","sub_total":"5000"},
            "line_items":[{"id":"577086512123755123","sku_id":"2729382476852921560","sale_price":"1000"}]}"#;
        let o: Order = serde_json::from_str(json).unwrap();
        assert_eq!(o.id, "576461413038785752");
        assert_eq!(o.payment.total_amount, "5000");
        assert!(o.recipient_address.is_none());
        assert_eq!(o.line_items.len(), 1);
    }

    #[test]
    fn token_data_debug_hides_tokens() {
        let t = TokenData {
            access_token: "TTP_access_secret".into(),
            refresh_token: "TTP_refresh_secret".into(),
            ..Default::default()
        };
        let d = format!("{t:?}");
        assert!(!d.contains("access_secret") && !d.contains("refresh_secret"));
    }
}
