//! Rendering a record into `shopdock_tiktok::model::Order`, as TikTok returns it.

use super::cancels::generated_reason;
use super::lifecycle::{DAY, ON_HOLD_FOR, RTS_SLA, SHIPPING_DUE, UNPAID_TIMEOUT};
use super::packages::{generated_provider, generated_tracking_number, package_of_unit, packages};
use super::records::{amounts, OrderKind, OrderRec, BUYER_MESSAGES};
use crate::generator::{
    buyer, recipient_address, ShopDef, DELIVERY_OPTIONS, TIKTOK_DELIVERY_OPTIONS,
};
use shopdock_tiktok::model::{LineItem, Order, OrderStatus, PackageRef, Payment};

/// Where the sandbox serves SKU images (its own base URL), so the demo works offline.
#[derive(Debug, Clone, Default)]
pub struct RenderCtx {
    pub image_base: String,
}

fn display_status(s: OrderStatus) -> &'static str {
    match s {
        // Line items never show ON_HOLD or PARTIALLY_SHIPPING (spec).
        OrderStatus::OnHold | OrderStatus::PartiallyShipping => "AWAITING_SHIPMENT",
        other => other.as_str(),
    }
}

/// The words of the order's cancel reason: the API's, or the generated one's.
fn cancel_reason(rec: &OrderRec) -> Option<String> {
    let (who, i) = rec.cancel?;
    Some(
        rec.cancel_text
            .unwrap_or(generated_reason(who, i).text)
            .to_string(),
    )
}

/// Renders an order as TikTok returns it (202309 list / 202507 detail share the shape).
pub fn render(shop: &ShopDef, rec: &OrderRec, ctx: &RenderCtx) -> Order {
    let m = shop.market;
    let cur = m.currency;
    let a = amounts(shop, rec);
    let b = buyer(shop, rec.buyer);
    let options = if rec.tiktok_shipping {
        &TIKTOK_DELIVERY_OPTIONS
    } else {
        &DELIVERY_OPTIONS
    };
    let (opt_name, opt_id, delivery_days) =
        options[usize::from(rec.delivery_option) % options.len()];
    let shown_packages = packages(shop, rec);
    // The order-level tracking and provider: the first shipped package's (a generated order
    // shows its first package's number once it shipped, as it always has).
    let (tracking, order_provider) = match &rec.fulfilment {
        Some(_) => shown_packages
            .iter()
            .find(|p| p.shipped_at.is_some())
            .map_or((None, None), |p| {
                (p.tracking_number.clone(), p.provider.clone())
            }),
        None if rec.rts_time.is_some() => (
            Some(generated_tracking_number(shop, rec, rec.package_id)),
            Some(generated_provider(shop, rec)),
        ),
        None => (None, None),
    };
    // Money strings in the shop's shapes; the salt varies the shape from amount to amount.
    let money = |minor: i64, salt: u64| shop.money_shapes.write(cur, minor, salt);
    let released = rec.release_time;
    // Deadlines exist once the order is paid; they count from release to AWAITING_SHIPMENT
    // (or its scheduled time while still ON_HOLD).
    let rel = released.or(rec.paid_time.map(|p| p + ON_HOLD_FOR));
    let active = rec.status != OrderStatus::Cancelled;
    let cancel = rec.cancel.filter(|_| rec.status == OrderStatus::Cancelled);
    let warehouse = shop.warehouses[usize::from(rec.fbt).min(shop.warehouses.len() - 1)].clone();
    let line_items = rec
        .units
        .iter()
        .enumerate()
        .map(|(unit, u)| {
            let sku = &shop.catalog[usize::from(u.sku) % shop.catalog.len()];
            let package = package_of_unit(&shown_packages, unit);
            let package_shipped = package.and_then(|p| p.shipped_at);
            let item_cancelled = rec.cancelled_units.contains(&(unit as u16));
            LineItem {
                id: u.line_id.to_string(),
                sku_id: sku.sku_id.clone(),
                product_id: sku.product_id.clone(),
                seller_sku: sku.seller_sku.clone(),
                product_name: sku.product_name.clone(),
                sku_name: sku.sku_name.clone(),
                sku_image: format!("{}/_sandbox/images/{}.svg", ctx.image_base, sku.sku_id),
                sale_price: money(
                    sku.price - u.seller_discount - u.platform_discount,
                    u.line_id + 1,
                ),
                original_price: money(sku.price, u.line_id + 2),
                platform_discount: money(u.platform_discount, u.line_id + 3),
                seller_discount: money(u.seller_discount, u.line_id + 4),
                currency: cur.code.to_string(),
                package_id: package.map(|p| p.id.to_string()),
                package_status: package.map(|p| p.status.to_string()),
                tracking_number: package.and_then(|p| p.tracking_number.clone()),
                shipping_provider_id: package
                    .and_then(|p| p.provider.as_ref().map(|x| x.0.clone())),
                shipping_provider_name: package
                    .and_then(|p| p.provider.as_ref().map(|x| x.1.clone())),
                rts_time: package_shipped,
                display_status: if item_cancelled {
                    "CANCELLED".to_string()
                } else {
                    display_status(rec.status).to_string()
                },
                cancel_reason: if item_cancelled && cancel.is_none() {
                    rec.cancel_text.map(str::to_string)
                } else {
                    cancel.and(cancel_reason(rec))
                },
                cancel_user: if item_cancelled && cancel.is_none() {
                    Some("SELLER".to_string())
                } else {
                    cancel.map(|(w, _)| w.as_str().to_string())
                },
                is_gift: false,
                is_dangerous_good: sku.dangerous,
            }
        })
        .collect();
    Order {
        id: rec.id_string(),
        status: rec.status.as_str().to_string(),
        create_time: rec.create_time,
        update_time: rec.update_time,
        paid_time: rec.paid_time,
        user_id: b.user_id.clone(),
        buyer_email: Some(b.email.clone()),
        buyer_message: match rec.message {
            0 => String::new(),
            i => BUYER_MESSAGES[usize::from(i - 1) % BUYER_MESSAGES.len()].to_string(),
        },
        seller_note: String::new(),
        fulfillment_type: if rec.fbt {
            "FULFILLMENT_BY_TIKTOK"
        } else {
            "FULFILLMENT_BY_SELLER"
        }
        .to_string(),
        shipping_type: if rec.tiktok_shipping {
            "TIKTOK"
        } else {
            "SELLER"
        }
        .to_string(),
        delivery_type: if rec.collection_point {
            "COLLECTION_POINT"
        } else {
            "HOME_DELIVERY"
        }
        .to_string(),
        delivery_option_id: Some(opt_id.to_string()),
        delivery_option_name: Some(opt_name.to_string()),
        shipping_provider: order_provider.as_ref().map(|p| p.1.clone()),
        shipping_provider_id: order_provider.map(|p| p.0),
        tracking_number: tracking,
        packages: shown_packages
            .iter()
            .map(|p| PackageRef {
                id: p.id.to_string(),
            })
            .collect(),
        warehouse_id: Some(warehouse),
        // SPEC `split_or_combine_tag` SPLIT: shipped (or to be shipped) in several packages.
        split_or_combine_tag: match &rec.fulfilment {
            Some(f) if f.packages.len() > 1 => Some("SPLIT".to_string()),
            Some(_) => None,
            None => rec.split.map(|_| "SPLIT".to_string()),
        },
        is_cod: false,
        payment_method_name: m.payment_methods
            [usize::from(rec.payment_method) % m.payment_methods.len()]
        .to_string(),
        rts_sla_time: rel.map(|r| r + RTS_SLA),
        tts_sla_time: rel.map(|r| r + RTS_SLA + DAY),
        rts_time: rec.rts_time,
        shipping_due_time: rel.map(|r| r + SHIPPING_DUE),
        collection_due_time: rel.map(|r| r + SHIPPING_DUE + 4 * DAY),
        delivery_due_time: rel.map(|r| r + 30 * DAY),
        delivery_sla_time: rel.map(|r| r + delivery_days * DAY),
        cancel_order_sla_time: match rec.status {
            OrderStatus::Unpaid => Some(rec.create_time + UNPAID_TIMEOUT),
            OrderStatus::AwaitingShipment => rel.map(|r| r + SHIPPING_DUE),
            _ => None,
        },
        collection_time: rec.collection_time,
        delivery_time: rec.delivery_time,
        cancel_reason: cancel.and(cancel_reason(rec)),
        cancellation_initiator: cancel.map(|(w, _)| w.as_str().to_string()),
        cancel_time: rec.cancel_time.filter(|_| !active),
        request_cancel_time: rec.request_cancel_time,
        is_buyer_request_cancel: rec.buyer_cancel_pending,
        is_on_hold_order: rec.on_hold,
        is_sample_order: rec.kind == OrderKind::Sample,
        is_replacement_order: matches!(rec.kind, OrderKind::Replacement(_)).then_some(true),
        replaced_order_id: match rec.kind {
            OrderKind::Replacement(v) => Some(v.to_string()),
            _ => None,
        },
        is_exchange_order: None,
        exchange_source_order_id: None,
        // SPEC `order_type`: "Returns an empty value for standard orders".
        order_type: String::new(),
        has_updated_recipient_address: rec.address_changed && released.is_some(),
        payment: Payment {
            currency: cur.code.to_string(),
            total_amount: money(a.total_amount, rec.id + 1),
            sub_total: money(a.sub_total, rec.id + 2),
            shipping_fee: money(a.shipping_fee, rec.id + 3),
            seller_discount: money(a.seller_discount, rec.id + 4),
            platform_discount: money(a.platform_discount, rec.id + 5),
            original_total_product_price: money(a.original_total_product_price, rec.id + 6),
            original_shipping_fee: money(a.original_shipping_fee, rec.id + 7),
            shipping_fee_seller_discount: money(a.shipping_fee_seller_discount, rec.id + 8),
            shipping_fee_platform_discount: money(a.shipping_fee_platform_discount, rec.id + 9),
            shipping_fee_cofunded_discount: money(0, rec.id + 10),
            tax: money(a.tax, rec.id + 11),
            product_tax: money(a.product_tax, rec.id + 12),
            shipping_fee_tax: money(a.shipping_fee_tax, rec.id + 13),
            retail_delivery_fee: a.retail_delivery_fee.map(|v| money(v, rec.id + 14)),
            small_order_fee: None,
            buyer_service_fee: None,
            handling_fee: None,
            item_insurance_fee: None,
        },
        // Absent while UNPAID / ON_HOLD (and for orders cancelled before release).
        recipient_address: released.map(|_| recipient_address(shop, &b, rec.tiktok_shipping)),
        line_items,
    }
}
