//! What a document is made of: plain data the caller fills in (from stored orders, a test, a
//! benchmark). Nothing here knows where an order came from.

use serde::Serialize;

/// The paper a document is laid out for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum PageSize {
    /// 4 × 6 in, the thermal label printers' size.
    FourBySix,
    /// 210 × 297 mm.
    A4,
    /// 8.5 × 11 in.
    Letter,
}

impl PageSize {
    /// Width and height in PDF points (1/72 in), for callers that check pages.
    pub fn points(self) -> (f64, f64) {
        match self {
            PageSize::FourBySix => (288.0, 432.0),
            PageSize::A4 => (595.276, 841.89),
            PageSize::Letter => (612.0, 792.0),
        }
    }
}

/// Where an order goes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ShipTo {
    pub name: String,
    /// As TikTok gives it (usually masked).
    pub phone: String,
    /// The address, one printed line each, most specific first.
    pub lines: Vec<String>,
    /// ISO 3166 country or region code (`US`, `JP`, `VN`, ...): picks the CJK face.
    pub region_code: String,
}

/// One SKU of an order with how many units of it the order holds.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct OrderItem {
    /// The seller's own SKU code; empty when the seller never set one.
    pub seller_sku: String,
    pub product_name: String,
    /// The variant (TikTok's SKU name, e.g. "Red, XL"); may be empty.
    pub variant: String,
    pub quantity: u32,
    /// Cancelled units are left off the slip and the pick list (and counted as left off).
    pub cancelled: bool,
}

/// One order as a packing slip shows it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct OrderDoc {
    /// The shop the order belongs to (a batch may span shops), printed at the slip's top.
    pub shop_name: String,
    pub order_id: String,
    pub ship_to: ShipTo,
    pub items: Vec<OrderItem>,
    /// What the buyer wrote; printed as typed, never read as markup.
    pub buyer_message: String,
}

/// A batch of packing slips: one per order, in the given order, in one PDF.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackingSlips {
    pub size: PageSize,
    pub orders: Vec<OrderDoc>,
}

/// A pick list over a set of orders.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PickList {
    /// The page header's name: the shop, or the shops, the orders belong to.
    pub shop_name: String,
    pub size: PageSize,
    pub orders: Vec<OrderDoc>,
}

/// A finished PDF.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pdf {
    pub bytes: Vec<u8>,
    pub pages: usize,
}
