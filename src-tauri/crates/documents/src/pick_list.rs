//! The pick list document: the lines of [`pick_lines`] as a table whose header repeats on
//! every page, with the shop, the totals and the cancelled units it leaves out.

use crate::engine::render;
use crate::fonts::families;
use crate::model::{Pdf, PickList};
use crate::page::PageSpec;
use crate::picking::pick_lines;
use crate::text::nfc;
use crate::DocumentError;
use serde::Serialize;
use std::collections::HashMap;

const TEMPLATE: &str = include_str!("templates/pick_list.typ");

#[derive(Serialize)]
struct Data {
    shop: String,
    page: PageSpec,
    fonts: Vec<&'static str>,
    orders: usize,
    units: u32,
    cancelled_units: u32,
    lines: Vec<Line>,
}

#[derive(Serialize)]
struct Line {
    /// `None` prints the no-SKU marker.
    sku: Option<String>,
    product: String,
    variant: String,
    quantity: u32,
    /// "id" or "id ×n".
    orders: Vec<String>,
}

/// One PDF with the pick list of the given orders.
pub fn pick_list(doc: &PickList) -> Result<Pdf, DocumentError> {
    if doc.orders.is_empty() {
        return Err(DocumentError::NoOrders);
    }
    let summary = pick_lines(&doc.orders);
    let data = Data {
        shop: nfc(doc.shop_name.trim()),
        page: PageSpec::of(doc.size),
        fonts: families(&usual_region(doc)),
        orders: summary.orders,
        units: summary.units,
        cancelled_units: summary.cancelled_units,
        lines: summary
            .lines
            .into_iter()
            .map(|l| Line {
                sku: l.seller_sku,
                product: l.product_name,
                variant: l.variant,
                quantity: l.quantity,
                orders: l
                    .orders
                    .into_iter()
                    .map(|o| match o.quantity {
                        1 => o.order_id,
                        n => format!("{} ×{n}", o.order_id),
                    })
                    .collect(),
            })
            .collect(),
    };
    render("pick_list", TEMPLATE, &data)
}

/// The region most orders ship to: its CJK face reads the product names best.
fn usual_region(doc: &PickList) -> String {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for o in &doc.orders {
        *counts.entry(o.ship_to.region_code.as_str()).or_default() += 1;
    }
    counts
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0)))
        .map(|(r, _)| r.to_owned())
        .unwrap_or_default()
}
