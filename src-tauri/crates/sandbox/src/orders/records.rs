//! The compact order record and what is derived from it alone: who cancelled, the kind
//! of order, its line items in minor units, and its payment amounts.

use super::lifecycle::LifecycleEvent;
use crate::generator::{buyer, ShopDef};
use crate::money::Currency;
use shopdock_tiktok::model::OrderStatus;

/// `(time, order id, position in recs)`: unique, ordered by time then id.
pub type IndexKey = (i64, u64, u32);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Initiator {
    Buyer,
    Seller,
    System,
}

impl Initiator {
    pub fn as_str(self) -> &'static str {
        match self {
            Initiator::Buyer => "BUYER",
            Initiator::Seller => "SELLER",
            Initiator::System => "SYSTEM",
        }
    }
}

pub(super) const BUYER_MESSAGES: &[&str] = &[
    "Please ship asap!",
    "It's a gift, please leave out the receipt.",
    "Leave at the back door please.",
    "Can you double-check the colour before sending?",
];

/// One unit of one SKU (TikTok returns one line item per unit).
#[derive(Debug, Clone, Copy)]
pub struct LineItemRec {
    pub line_id: u64,
    pub sku: u16,
    pub seller_discount: i64,
    pub platform_discount: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrderKind {
    Normal,
    Sample,
    Replacement(u64),
}

#[derive(Debug, Clone)]
pub struct OrderRec {
    pub id: u64,
    pub buyer: u32,
    pub kind: OrderKind,
    pub create_time: i64,
    pub update_time: i64,
    pub status: OrderStatus,
    pub fbt: bool,
    pub tiktok_shipping: bool,
    pub collection_point: bool,
    pub on_hold: bool,
    pub buyer_cancel_pending: bool,
    pub address_changed: bool,
    pub delivery_option: u8,
    pub payment_method: u8,
    pub carrier: u8,
    /// 0 = no message, else index + 1 into [`BUYER_MESSAGES`].
    pub message: u8,
    pub units: Box<[LineItemRec]>,
    pub ship_original: i64,
    pub ship_seller_discount: i64,
    pub ship_platform_discount: i64,
    pub paid_time: Option<i64>,
    pub release_time: Option<i64>,
    pub request_cancel_time: Option<i64>,
    pub rts_time: Option<i64>,
    pub collection_time: Option<i64>,
    pub delivery_time: Option<i64>,
    pub cancel_time: Option<i64>,
    pub cancel: Option<(Initiator, u8)>,
    /// The reason words of a cancel made through the API (the generated ones follow from
    /// `cancel`), for the order and its cancelled items.
    pub cancel_text: Option<&'static str>,
    /// Units cancelled on their own (item-level cancel); the order stays in its status until
    /// every unit is cancelled (OV:ord).
    pub cancelled_units: Vec<u16>,
    /// What the search index knows of the order (see [`super::OrderStore::set_index_lag`]):
    /// whether it is indexed at all, and its update time and status as last indexed.
    pub indexed: bool,
    pub indexed_update_time: i64,
    pub indexed_status: OrderStatus,
    /// The order's (first) package.
    pub package_id: u64,
    /// The second package of an order shipped in two.
    pub split: Option<PackageSplit>,
    /// Remaining lifecycle events, LAST element next (popped from the end).
    pub plan: Vec<(i64, LifecycleEvent)>,
    /// The packages as the fulfillment API left them (`None`: never touched by it).
    pub fulfilment: Option<Box<super::shipments::Fulfilment>>,
}

/// The second package of an order shipped in two: it holds the line items from `from_unit`
/// on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PackageSplit {
    pub package_id: u64,
    pub from_unit: u8,
    pub shipped_at: Option<i64>,
}

impl OrderRec {
    pub fn id_string(&self) -> String {
        self.id.to_string()
    }

    pub(super) fn key_create(&self, pos: u32) -> IndexKey {
        (self.create_time, self.id, pos)
    }

    /// The order's key in the update-time index, as indexed.
    pub(super) fn key_update(&self, pos: u32) -> IndexKey {
        (self.indexed_update_time, self.id, pos)
    }
}

/// Amounts of one order in minor units (the formulas TikTok documents).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Amounts {
    pub original_total_product_price: i64,
    pub seller_discount: i64,
    pub platform_discount: i64,
    pub sub_total: i64,
    pub original_shipping_fee: i64,
    pub shipping_fee_seller_discount: i64,
    pub shipping_fee_platform_discount: i64,
    pub shipping_fee: i64,
    pub product_tax: i64,
    pub shipping_fee_tax: i64,
    pub tax: i64,
    pub retail_delivery_fee: Option<i64>,
    pub total_amount: i64,
}

pub fn amounts(shop: &ShopDef, rec: &OrderRec) -> Amounts {
    let mut original = 0;
    let mut seller = 0;
    let mut platform = 0;
    for u in rec.units.iter() {
        let price = shop.catalog.get(usize::from(u.sku)).map_or(0, |s| s.price);
        original += price;
        seller += u.seller_discount;
        platform += u.platform_discount;
    }
    let sub_total = original - seller - platform;
    let shipping_fee = rec.ship_original - rec.ship_seller_discount - rec.ship_platform_discount;
    let place = buyer(shop, rec.buyer).place;
    let product_tax = Currency::apply_rate(sub_total, place.tax_bp);
    let shipping_fee_tax = if place.taxes_shipping {
        Currency::apply_rate(shipping_fee, place.tax_bp)
    } else {
        0
    };
    let tax = product_tax + shipping_fee_tax;
    let retail_delivery_fee =
        (shop.region == "US" && place.retail_delivery_fee > 0 && sub_total > 0)
            .then_some(place.retail_delivery_fee);
    Amounts {
        original_total_product_price: original,
        seller_discount: seller,
        platform_discount: platform,
        sub_total,
        original_shipping_fee: rec.ship_original,
        shipping_fee_seller_discount: rec.ship_seller_discount,
        shipping_fee_platform_discount: rec.ship_platform_discount,
        shipping_fee,
        product_tax,
        shipping_fee_tax,
        tax,
        retail_delivery_fee,
        total_amount: sub_total + shipping_fee + tax + retail_delivery_fee.unwrap_or(0),
    }
}
