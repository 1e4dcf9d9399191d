//! The order records core hands to the store and gets back: each declared once, with the
//! columns that hold it (see [`super::columns`]).

use super::columns::{select_list, stored_record, StoredRecord};
use rusqlite::Row;
use std::sync::LazyLock;

stored_record! {
    /// An order's scalar columns, as core maps them from TikTok's 202309 order.
    #[derive(Debug, Clone, Default, PartialEq, Eq)]
    pub struct OrderHeader {
        /// TikTok's order id (18-19 digits, kept as a string).
        pub order_id: String => "order_id",
        /// TikTok's 202309 status string, e.g. "AWAITING_SHIPMENT".
        pub status: String => "status",
        /// The tab the order belongs in; computed by core from the status and flags.
        pub status_group: String => "status_group",
        /// Unix seconds.
        pub create_time: i64 => "create_time",
        /// Unix seconds; decides which of two versions of an order is newer.
        pub update_time: i64 => "update_time",
        pub paid_time: Option<i64> => "paid_time",
        pub buyer_user_id: Option<String> => "buyer_user_id",
        /// From the recipient address (absent while UNPAID / ON_HOLD).
        pub buyer_name: Option<String> => "buyer_name",
        pub buyer_email: Option<String> => "buyer_email",
        pub currency: Option<String> => "currency",
        /// Decimal string, e.g. "12.50".
        pub total_amount: Option<String> => "total_amount",
        pub fulfillment_type: Option<String> => "fulfillment_type",
        pub shipping_type: Option<String> => "shipping_type",
        /// Ship-by deadline (`rts_sla_time`), Unix seconds.
        pub rts_sla_time: Option<i64> => "rts_sla_time",
        pub tracking_number: Option<String> => "tracking_number",
        pub is_fbt: bool => "is_fbt",
        pub is_replacement: bool => "is_replacement",
        pub replaced_order_id: Option<String> => "replaced_order_id",
        pub is_sample: bool => "is_sample",
        pub is_buyer_request_cancel: bool => "is_buyer_request_cancel",
        pub is_on_hold: bool => "is_on_hold",
    }
}

stored_record! {
    /// One line item. TikTok lists one line item per unit, so there is no quantity.
    #[derive(Debug, Clone, Default, PartialEq, Eq)]
    pub struct OrderItemRecord {
        /// Unique within the order.
        pub line_item_id: String => "line_item_id",
        pub sku_id: Option<String> => "sku_id",
        pub seller_sku: Option<String> => "seller_sku",
        pub product_id: Option<String> => "product_id",
        pub product_name: Option<String> => "product_name",
        pub sku_name: Option<String> => "sku_name",
        /// Decimal string.
        pub sale_price: Option<String> => "sale_price",
        pub display_status: Option<String> => "display_status",
        pub package_id: Option<String> => "package_id",
        pub tracking_number: Option<String> => "tracking_number",
    }
}

stored_record! {
    /// Where the order goes, as TikTok shows it to the seller (the phone number masked). TikTok
    /// leaves it out while an order is unpaid or on hold.
    #[derive(Debug, Clone, Default, PartialEq, Eq)]
    pub struct RecipientRecord {
        pub name: Option<String> => "recipient_name",
        /// Masked by TikTok, e.g. "(+1)213-***-1234".
        pub phone: Option<String> => "recipient_phone",
        pub full_address: Option<String> => "full_address",
        /// The street part of `full_address`.
        pub address_detail: Option<String> => "address_detail",
        /// `address_line1..4`, the empty ones left out.
        pub address_lines: Vec<String> => "address_lines",
        /// The district names from country (L0) down, the empty ones left out.
        pub districts: Vec<String> => "districts",
        pub postal_code: Option<String> => "postal_code",
        pub region_code: Option<String> => "region_code",
    }
}

stored_record! {
    /// The payment breakdown: decimal strings in the order's currency, absent when TikTok sent
    /// none. `total_amount` and `currency` are columns of the order itself (the table shows them).
    #[derive(Debug, Clone, Default, PartialEq, Eq)]
    pub struct PaymentRecord {
        pub original_total_product_price: Option<String> => "original_total_product_price",
        pub seller_discount: Option<String> => "seller_discount",
        pub platform_discount: Option<String> => "platform_discount",
        pub sub_total: Option<String> => "sub_total",
        pub shipping_fee: Option<String> => "shipping_fee",
        pub original_shipping_fee: Option<String> => "original_shipping_fee",
        pub shipping_fee_seller_discount: Option<String> => "shipping_fee_seller_discount",
        pub shipping_fee_platform_discount: Option<String> => "shipping_fee_platform_discount",
        pub tax: Option<String> => "tax",
        pub retail_delivery_fee: Option<String> => "retail_delivery_fee",
        pub small_order_fee: Option<String> => "small_order_fee",
        pub buyer_service_fee: Option<String> => "buyer_service_fee",
        pub handling_fee: Option<String> => "handling_fee",
        pub item_insurance_fee: Option<String> => "item_insurance_fee",
    }
}

stored_record! {
    /// One package of the order (TikTok creates them when the order is ready to ship).
    #[derive(Debug, Clone, Default, PartialEq, Eq)]
    pub struct PackageRecord {
        pub package_id: String => "package_id",
        pub tracking_number: Option<String> => "tracking_number",
        pub shipping_provider: Option<String> => "shipping_provider",
    }
}

/// An order as core hands it to [`crate::Store::upsert_orders`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OrderRecord {
    pub header: OrderHeader,
    /// In TikTok's order; the first one names the order in the table view.
    pub items: Vec<OrderItemRecord>,
    pub recipient: Option<RecipientRecord>,
    pub payment: PaymentRecord,
    /// In TikTok's order.
    pub packages: Vec<PackageRecord>,
    /// The order's JSON exactly as TikTok sent it, packed for storing.
    pub raw_json: super::PackedJson,
}

/// One row of the orders table view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderRow {
    pub shop_id: String,
    pub header: OrderHeader,
    /// Number of line items (derived from the items on write).
    pub item_count: u32,
    /// The first line item's product name (derived from the items on write).
    pub first_item_name: Option<String>,
    /// The buyer's pending cancellation request: when TikTok decides if the seller does not
    /// answer, and its reason (from the stored cancellation records).
    pub cancel_deadline: Option<i64>,
    pub cancel_request_reason: Option<String>,
    /// How many line items TikTok shows cancelled (derived from the items on write).
    pub cancelled_items: u32,
}

/// How many columns [`ORDER_ROW_COLUMNS`] selects.
pub(crate) const ORDER_ROW_WIDTH: usize = 1 + OrderHeader::COLUMNS.len() + 5;

/// The columns of [`OrderRow`] (table alias `o`), in the order [`order_row_from`] reads them.
pub(crate) static ORDER_ROW_COLUMNS: LazyLock<String> = LazyLock::new(|| {
    format!(
        "o.shop_id, {}, o.item_count, o.first_item_name, o.cancel_deadline, o.cancel_request_reason, \
         o.cancelled_items",
        select_list("o", OrderHeader::COLUMNS)
    )
});

/// Reads an [`OrderRow`] selected with [`ORDER_ROW_COLUMNS`] first.
pub(crate) fn order_row_from(r: &Row<'_>) -> rusqlite::Result<OrderRow> {
    let after_header = 1 + OrderHeader::COLUMNS.len();
    Ok(OrderRow {
        shop_id: r.get(0)?,
        header: OrderHeader::read(r, 1)?,
        item_count: r.get(after_header)?,
        first_item_name: r.get(after_header + 1)?,
        cancel_deadline: r.get(after_header + 2)?,
        cancel_request_reason: r.get(after_header + 3)?,
        cancelled_items: r.get(after_header + 4)?,
    })
}

/// One status an order was seen in, at the `update_time` of the version that showed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusChange {
    pub status: String,
    pub at: i64,
}

/// Everything stored about one order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderDetailRecord {
    pub row: OrderRow,
    /// In TikTok's order.
    pub items: Vec<OrderItemRecord>,
    pub recipient: Option<RecipientRecord>,
    pub payment: PaymentRecord,
    pub packages: Vec<PackageRecord>,
    /// Oldest first.
    pub history: Vec<StatusChange>,
    pub raw_json: String,
}

/// What an upsert did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UpsertStats {
    /// Positions in the page of the orders not stored before (a page repeating a new order
    /// counts its first version only: the later ones are updates).
    pub new_orders: Vec<usize>,
    /// Stored orders replaced by a version with the same or a newer `update_time`.
    pub updated: usize,
    /// Versions ignored because the stored one is newer.
    pub stale: usize,
    /// Orders whose status differs from the stored one (new orders included).
    pub status_changes: usize,
}

impl UpsertStats {
    /// How many orders were not stored before.
    pub fn inserted(&self) -> usize {
        self.new_orders.len()
    }
}
