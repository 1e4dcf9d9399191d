//! Packing slips: one per order (more pages only when an order's items do not fit), each with
//! the shop, the order id as text and Code 128, the ship-to address, the items and the buyer's
//! message.

use crate::barcode::{code128, Barcode};
use crate::engine::render;
use crate::fonts::families;
use crate::model::{OrderDoc, PackingSlips, Pdf};
use crate::page::PageSpec;
use crate::text::nfc;
use crate::DocumentError;
use serde::Serialize;

const TEMPLATE: &str = include_str!("templates/packing_slips.typ");

#[derive(Serialize)]
struct Data {
    page: PageSpec,
    orders: Vec<Slip>,
}

#[derive(Serialize)]
struct Slip {
    shop: String,
    id: String,
    barcode: Option<Barcode>,
    fonts: Vec<&'static str>,
    name: String,
    phone: String,
    address: Vec<String>,
    items: Vec<Item>,
    /// Cancelled units not printed.
    left_off: u32,
    message: String,
}

#[derive(Serialize)]
struct Item {
    sku: String,
    product: String,
    variant: String,
    quantity: u32,
}

fn slip(order: &OrderDoc) -> Slip {
    let id = nfc(order.order_id.trim());
    let (items, cancelled): (Vec<_>, Vec<_>) = order.items.iter().partition(|i| !i.cancelled);
    Slip {
        shop: nfc(order.shop_name.trim()),
        barcode: code128(&id),
        id,
        fonts: families(&order.ship_to.region_code),
        name: nfc(order.ship_to.name.trim()),
        phone: nfc(order.ship_to.phone.trim()),
        address: order
            .ship_to
            .lines
            .iter()
            .map(|l| nfc(l.trim()))
            .filter(|l| !l.is_empty())
            .collect(),
        items: items
            .into_iter()
            .map(|i| Item {
                sku: nfc(i.seller_sku.trim()),
                product: nfc(i.product_name.trim()),
                variant: nfc(i.variant.trim()),
                quantity: i.quantity,
            })
            .collect(),
        left_off: cancelled.iter().map(|i| i.quantity).sum(),
        message: nfc(order.buyer_message.trim()),
    }
}

/// One PDF with a packing slip per order, in the orders' order.
pub fn packing_slips(doc: &PackingSlips) -> Result<Pdf, DocumentError> {
    if doc.orders.is_empty() {
        return Err(DocumentError::NoOrders);
    }
    let data = Data {
        page: PageSpec::of(doc.size),
        orders: doc.orders.iter().map(slip).collect(),
    };
    render("packing_slips", TEMPLATE, &data)
}
