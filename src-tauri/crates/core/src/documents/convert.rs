//! A stored TikTok order as the documents crate's plain [`OrderDoc`]: its line items (one per
//! unit sold) counted per SKU, the cancelled ones marked, and the address in printed lines.

use shopdock_documents::{OrderDoc, OrderItem, ShipTo};
use shopdock_tiktok::model::{LineItem, Order, RecipientAddress};

/// TikTok's line-item status for a unit that will not ship.
const CANCELLED: &str = "CANCELLED";

pub(crate) fn order_doc(shop_name: &str, order: &Order) -> OrderDoc {
    OrderDoc {
        shop_name: shop_name.to_owned(),
        order_id: order.id.clone(),
        ship_to: order
            .recipient_address
            .as_ref()
            .map(ship_to)
            .unwrap_or_default(),
        items: items(&order.line_items),
        buyer_message: order.buyer_message.clone(),
    }
}

/// One item per SKU (and cancelled or not), in the order TikTok lists them, with its count.
fn items(line_items: &[LineItem]) -> Vec<OrderItem> {
    let mut items: Vec<(String, OrderItem)> = Vec::new();
    for unit in line_items {
        let cancelled = unit.display_status.eq_ignore_ascii_case(CANCELLED);
        // A line item without a sku_id (never seen, but lenient parsing allows it) is its own.
        let key = if unit.sku_id.is_empty() {
            format!("line:{}", unit.id)
        } else {
            unit.sku_id.clone()
        };
        match items
            .iter_mut()
            .find(|(k, i)| *k == key && i.cancelled == cancelled)
        {
            Some((_, item)) => item.quantity += 1,
            None => items.push((
                key,
                OrderItem {
                    seller_sku: unit.seller_sku.clone(),
                    product_name: unit.product_name.clone(),
                    variant: unit.sku_name.clone(),
                    quantity: 1,
                    cancelled,
                },
            )),
        }
    }
    items.into_iter().map(|(_, item)| item).collect()
}

/// The address as a label reads it: TikTok's `full_address` (street to postal code), the
/// detail when `full_address` lacks it, then the country. Without a `full_address`, the
/// address lines and postal code.
fn ship_to(a: &RecipientAddress) -> ShipTo {
    let full = a.full_address.trim();
    let mut lines: Vec<String> = Vec::new();
    if full.is_empty() {
        lines.extend(
            [
                &a.address_line1,
                &a.address_line2,
                &a.address_line3,
                &a.address_line4,
                &a.postal_code,
            ]
            .iter()
            .map(|l| l.trim().to_owned()),
        );
    } else {
        lines.push(full.to_owned());
    }
    let detail = a.address_detail.trim();
    if !detail.is_empty() && !lines.iter().any(|l| l.contains(detail)) {
        lines.push(detail.to_owned());
    }
    let country = a
        .district_info
        .iter()
        .find(|d| d.address_level == "L0")
        .map(|d| d.address_name.trim())
        .unwrap_or_default();
    if !country.is_empty() && !lines.iter().any(|l| l.contains(country)) {
        lines.push(country.to_owned());
    }
    lines.retain(|l| !l.is_empty());
    let name = match a.name.trim() {
        "" => format!("{} {}", a.first_name.trim(), a.last_name.trim())
            .trim()
            .to_owned(),
        name => name.to_owned(),
    };
    ShipTo {
        name,
        phone: a.phone_number.trim().to_owned(),
        lines,
        region_code: a.region_code.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use shopdock_tiktok::model::DistrictInfo;

    fn unit(id: &str, sku: &str, status: &str) -> LineItem {
        LineItem {
            id: id.into(),
            sku_id: sku.into(),
            seller_sku: format!("S-{sku}"),
            product_name: "Mug".into(),
            sku_name: "Red".into(),
            display_status: status.into(),
            ..LineItem::default()
        }
    }

    #[test]
    fn units_of_one_sku_are_counted_and_cancelled_ones_kept_apart() {
        let got = items(&[
            unit("1", "A", "TO_SHIP"),
            unit("2", "B", "TO_SHIP"),
            unit("3", "A", "TO_SHIP"),
            unit("4", "A", "CANCELLED"),
        ]);
        let summary: Vec<(&str, u32, bool)> = got
            .iter()
            .map(|i| (i.seller_sku.as_str(), i.quantity, i.cancelled))
            .collect();
        assert_eq!(
            summary,
            [("S-A", 2, false), ("S-B", 1, false), ("S-A", 1, true)]
        );
    }

    #[test]
    fn the_address_is_the_full_address_then_what_it_lacks() {
        let a = RecipientAddress {
            name: "David Kong".into(),
            full_address: "1199 Coleman Ave San Jose, CA 95110".into(),
            address_detail: "Unit one building 8".into(),
            district_info: vec![DistrictInfo {
                address_level: "L0".into(),
                address_name: "United States".into(),
                ..DistrictInfo::default()
            }],
            region_code: "US".into(),
            ..RecipientAddress::default()
        };
        assert_eq!(
            ship_to(&a).lines,
            [
                "1199 Coleman Ave San Jose, CA 95110",
                "Unit one building 8",
                "United States"
            ]
        );
        let lines_only = RecipientAddress {
            first_name: "Taro".into(),
            last_name: "Yamada".into(),
            address_line1: "1-2-3 Shibuya".into(),
            postal_code: "150-0002".into(),
            ..RecipientAddress::default()
        };
        let s = ship_to(&lines_only);
        assert_eq!((s.name.as_str(), s.lines.len()), ("Taro Yamada", 2));
    }
}
