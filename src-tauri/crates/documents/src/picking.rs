//! The pick list's arithmetic: what to take off the shelves for a set of orders. Pure, so the
//! totals can be checked apart from any PDF.

use crate::model::OrderDoc;
use crate::text::nfc;
use serde::Serialize;
use std::collections::HashMap;

/// How many units of a line one order takes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OrderUnits {
    pub order_id: String,
    pub quantity: u32,
}

/// One line of a pick list: one seller SKU and variant (or, without a SKU, one product name
/// and variant) with the units every selected order takes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PickLine {
    /// `None`: the seller gave this product no SKU, so it is grouped by its product name.
    pub seller_sku: Option<String>,
    pub product_name: String,
    pub variant: String,
    pub quantity: u32,
    /// In the order the orders were given.
    pub orders: Vec<OrderUnits>,
}

/// The pick list of a set of orders.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct PickSummary {
    /// Lines with a SKU sorted by SKU, then variant; lines without one after them, by product.
    pub lines: Vec<PickLine>,
    pub orders: usize,
    /// Units to pick, summed over the lines.
    pub units: u32,
    /// Cancelled units left off the list.
    pub cancelled_units: u32,
}

/// What makes two items the same line.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum LineKey {
    Sku { sku: String, variant: String },
    Unnamed { product: String, variant: String },
}

/// Adds up the orders' uncancelled items, one line per SKU and variant.
pub fn pick_lines(orders: &[OrderDoc]) -> PickSummary {
    let mut index: HashMap<LineKey, usize> = HashMap::new();
    let mut lines: Vec<PickLine> = Vec::new();
    let mut cancelled_units = 0u32;
    for order in orders {
        for item in &order.items {
            if item.cancelled {
                cancelled_units = cancelled_units.saturating_add(item.quantity);
                continue;
            }
            let sku = nfc(item.seller_sku.trim());
            let variant = nfc(item.variant.trim());
            let product = nfc(item.product_name.trim());
            let key = if sku.is_empty() {
                LineKey::Unnamed {
                    product: product.clone(),
                    variant: variant.clone(),
                }
            } else {
                LineKey::Sku {
                    sku: sku.clone(),
                    variant: variant.clone(),
                }
            };
            let at = *index.entry(key).or_insert_with(|| {
                lines.push(PickLine {
                    seller_sku: (!sku.is_empty()).then(|| sku.clone()),
                    product_name: product.clone(),
                    variant: variant.clone(),
                    quantity: 0,
                    orders: Vec::new(),
                });
                lines.len() - 1
            });
            let line = &mut lines[at];
            line.quantity = line.quantity.saturating_add(item.quantity);
            match line.orders.last_mut() {
                Some(last) if last.order_id == order.order_id => {
                    last.quantity = last.quantity.saturating_add(item.quantity);
                }
                _ => line.orders.push(OrderUnits {
                    order_id: order.order_id.clone(),
                    quantity: item.quantity,
                }),
            }
        }
    }
    lines.sort_by(|a, b| sort_key(a).cmp(&sort_key(b)));
    PickSummary {
        units: lines.iter().fold(0u32, |n, l| n.saturating_add(l.quantity)),
        lines,
        orders: orders.len(),
        cancelled_units,
    }
}

/// SKU lines first (case-insensitive, then exact, then variant), then SKU-less lines by product.
fn sort_key(line: &PickLine) -> (bool, String, &str, &str, &str) {
    let name = line.seller_sku.as_deref().unwrap_or(&line.product_name);
    (
        line.seller_sku.is_none(),
        name.to_lowercase(),
        name,
        &line.variant,
        &line.product_name,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::OrderItem;

    fn item(sku: &str, product: &str, variant: &str, quantity: u32) -> OrderItem {
        OrderItem {
            seller_sku: sku.into(),
            product_name: product.into(),
            variant: variant.into(),
            quantity,
            cancelled: false,
        }
    }

    fn order(id: &str, items: Vec<OrderItem>) -> OrderDoc {
        OrderDoc {
            order_id: id.into(),
            items,
            ..OrderDoc::default()
        }
    }

    #[test]
    fn one_line_per_sku_and_variant_with_the_total_and_the_orders_it_goes_to() {
        let orders = [
            order(
                "A",
                vec![
                    item("MUG-1", "Mug", "Red", 2),
                    item("MUG-1", "Mug", "Blue", 1),
                ],
            ),
            order("B", vec![item("MUG-1", "Mug", "Red", 3)]),
            order(
                "C",
                vec![item("CAP", "Cap", "", 1), item("MUG-1", "Mug", "Red", 1)],
            ),
        ];
        let s = pick_lines(&orders);
        let red = s
            .lines
            .iter()
            .find(|l| l.seller_sku.as_deref() == Some("MUG-1") && l.variant == "Red")
            .cloned();
        let red = red.map(|l| (l.quantity, l.orders));
        assert_eq!(
            red,
            Some((
                6,
                vec![
                    OrderUnits {
                        order_id: "A".into(),
                        quantity: 2
                    },
                    OrderUnits {
                        order_id: "B".into(),
                        quantity: 3
                    },
                    OrderUnits {
                        order_id: "C".into(),
                        quantity: 1
                    },
                ]
            ))
        );
        assert_eq!(s.lines.len(), 3);
        assert_eq!(s.units, 8);
        assert_eq!(s.orders, 3);
    }

    #[test]
    fn lines_are_sorted_by_sku_and_skuless_products_come_last_under_their_name() {
        let orders = [order(
            "A",
            vec![
                item("", "Zebra poster", "", 1),
                item("b-200", "Bag", "", 1),
                item("", "Apron", "S", 1),
                item("A-100", "Apple", "", 1),
                item("B-100", "Bowl", "", 1),
            ],
        )];
        let names: Vec<String> = pick_lines(&orders)
            .lines
            .iter()
            .map(|l| {
                l.seller_sku
                    .clone()
                    .unwrap_or(format!("({})", l.product_name))
            })
            .collect();
        assert_eq!(
            names,
            ["A-100", "B-100", "b-200", "(Apron)", "(Zebra poster)"]
        );
    }

    #[test]
    fn items_without_a_sku_are_grouped_by_product_name_and_variant() {
        let orders = [
            order(
                "A",
                vec![item("", "Tea", "Green", 1), item(" ", "Tea", "Black", 1)],
            ),
            order("B", vec![item("", "Tea", "Green", 2)]),
        ];
        let s = pick_lines(&orders);
        let green: Vec<(Option<String>, u32)> = s
            .lines
            .iter()
            .filter(|l| l.variant == "Green")
            .map(|l| (l.seller_sku.clone(), l.quantity))
            .collect();
        assert_eq!(green, [(None, 3)]);
        assert_eq!(s.lines.len(), 2);
    }

    #[test]
    fn cancelled_items_are_left_out_and_counted() {
        let mut gone = item("MUG-1", "Mug", "Red", 2);
        gone.cancelled = true;
        let orders = [order("A", vec![gone, item("MUG-1", "Mug", "Red", 1)])];
        let s = pick_lines(&orders);
        assert_eq!((s.units, s.cancelled_units), (1, 2));
        assert_eq!(s.lines.iter().map(|l| l.quantity).sum::<u32>(), 1);
    }

    #[test]
    fn decomposed_and_composed_spellings_are_one_line() {
        let orders = [order(
            "A",
            vec![
                item("ÁO-1", "Áo", "", 1),
                item("A\u{301}O-1", "A\u{301}o", "", 1),
            ],
        )];
        let s = pick_lines(&orders);
        assert_eq!(s.lines.len(), 1);
        assert_eq!(s.lines[0].seller_sku.as_deref(), Some("ÁO-1"));
    }
}
