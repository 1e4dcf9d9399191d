//! What the full-text index holds for one order, composed here only.

use super::records::OrderRecord;

/// The order id, the buyer's name and email, the distinct seller SKUs, product names and
/// tracking numbers.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct SearchText {
    pub(crate) order_id: String,
    pub(crate) buyer: String,
    pub(crate) skus: String,
    pub(crate) products: String,
    pub(crate) tracking: String,
}

impl SearchText {
    pub(crate) fn of(order: &OrderRecord) -> SearchText {
        let h = &order.header;
        let items = &order.items;
        SearchText {
            order_id: h.order_id.clone(),
            buyer: join_distinct([h.buyer_name.as_deref(), h.buyer_email.as_deref()]),
            skus: join_distinct(items.iter().map(|i| i.seller_sku.as_deref())),
            products: join_distinct(items.iter().map(|i| i.product_name.as_deref())),
            tracking: join_distinct(
                std::iter::once(h.tracking_number.as_deref())
                    .chain(items.iter().map(|i| i.tracking_number.as_deref())),
            ),
        }
    }
}

/// The present, non-empty, distinct values joined by spaces, in first-seen order.
fn join_distinct<'a>(values: impl IntoIterator<Item = Option<&'a str>>) -> String {
    let mut seen: Vec<&str> = Vec::new();
    for value in values.into_iter().flatten() {
        if !value.is_empty() && !seen.contains(&value) {
            seen.push(value);
        }
    }
    seen.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::orders::records::{OrderHeader, OrderItemRecord};

    #[test]
    fn search_text_holds_each_distinct_value_once_in_order() {
        let item = |sku: &str, name: &str, tracking: Option<&str>| OrderItemRecord {
            seller_sku: Some(sku.into()),
            product_name: Some(name.into()),
            tracking_number: tracking.map(String::from),
            ..OrderItemRecord::default()
        };
        let order = OrderRecord {
            header: OrderHeader {
                order_id: "42".into(),
                buyer_name: Some("Ada".into()),
                buyer_email: None,
                tracking_number: Some("T1".into()),
                ..OrderHeader::default()
            },
            items: vec![
                item("B", "Mug", Some("T1")),
                item("A", "Tea", Some("T2")),
                item("B", "Mug", None),
                item("", "", None),
            ],
            ..OrderRecord::default()
        };
        assert_eq!(
            SearchText::of(&order),
            SearchText {
                order_id: "42".into(),
                buyer: "Ada".into(),
                skus: "B A".into(),
                products: "Mug Tea".into(),
                tracking: "T1 T2".into(),
            }
        );
    }
}
