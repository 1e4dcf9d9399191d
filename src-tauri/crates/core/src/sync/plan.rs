//! The pure half of the sync engine: what to ask TikTok for, how an order is stored, and how
//! far the watermark may move. No I/O here, so every rule is unit- and property-tested; the
//! executors in `engine` only carry the decisions out.

use shopdock_store::{
    OrderHeader, OrderItemRecord, OrderRecord, PackageRecord, PackedJson, PaymentRecord,
    RecipientRecord,
};
use shopdock_tiktok::model::{
    LineItem, Order, OrderSortField, OrderStatus, Payment, RecipientAddress, SearchOrdersFilter,
    SearchOrdersQuery, SortOrder,
};

/// The job name of the incremental pull in `sync_state`.
pub const INCREMENTAL_JOB: &str = "orders";
/// Re-read this many seconds before the watermark: TikTok's search index can surface an update
/// a little after its `update_time`, and equal timestamps can straddle a page boundary.
pub const OVERLAP_SECS: i64 = 120;
/// How far back the very first automatic download reaches.
pub const INITIAL_LOOKBACK_SECS: i64 = 30 * 86_400;
/// TikTok's largest page.
pub const PAGE_SIZE: u32 = 100;

/// The seller-facing tabs, in display order.
pub const STATUS_GROUPS: [&str; 7] = [
    "to_ship",
    "on_hold",
    "to_pay",
    "shipping",
    "delivered",
    "completed",
    "cancelled",
];

/// Maps a 202309 status (or `CANCEL`, or a legacy numeric code) to its tab. The status decides:
/// `is_on_hold_order` records that the order went through the hold and stays set after the
/// release, so an AWAITING_SHIPMENT order carrying it is ready to ship.
pub fn status_group(status: &str) -> &'static str {
    match OrderStatus::parse(status) {
        Some(OrderStatus::Unpaid) => "to_pay",
        Some(OrderStatus::OnHold) => "on_hold",
        Some(OrderStatus::AwaitingShipment) | Some(OrderStatus::PartiallyShipping) => "to_ship",
        Some(OrderStatus::AwaitingCollection) | Some(OrderStatus::InTransit) => "shipping",
        Some(OrderStatus::Delivered) => "delivered",
        Some(OrderStatus::Completed) => "completed",
        Some(OrderStatus::Cancelled) => "cancelled",
        None => "unknown",
    }
}

fn non_empty(s: &str) -> Option<String> {
    (!s.is_empty()).then(|| s.to_owned())
}

/// The stored form of an order: the columns the table needs plus the raw JSON verbatim.
pub fn to_record(order: &Order, raw_json: &str) -> OrderRecord {
    let status = OrderStatus::parse(&order.status)
        .map(|s| s.as_str().to_owned())
        .unwrap_or_else(|| order.status.clone());
    let address = order.recipient_address.as_ref();
    // The flag outlives the hold; the table's "on hold" means on hold now.
    let is_on_hold = status == "ON_HOLD";
    OrderRecord {
        header: OrderHeader {
            order_id: order.id.clone(),
            status_group: status_group(&status).to_owned(),
            status,
            create_time: order.create_time,
            update_time: order.update_time,
            paid_time: order.paid_time,
            buyer_user_id: non_empty(&order.user_id),
            buyer_name: address.and_then(|a| non_empty(&a.name)),
            buyer_email: order.buyer_email.clone().filter(|e| !e.is_empty()),
            currency: non_empty(&order.payment.currency),
            total_amount: non_empty(&order.payment.total_amount),
            fulfillment_type: non_empty(&order.fulfillment_type),
            shipping_type: non_empty(&order.shipping_type),
            rts_sla_time: order.rts_sla_time,
            tracking_number: order.tracking_number.clone().filter(|t| !t.is_empty()),
            is_fbt: order.fulfillment_type == "FULFILLMENT_BY_TIKTOK",
            is_replacement: order.is_replacement_order.unwrap_or(false),
            replaced_order_id: order.replaced_order_id.clone().filter(|r| !r.is_empty()),
            is_sample: order.is_sample_order,
            is_buyer_request_cancel: order.is_buyer_request_cancel,
            is_on_hold,
        },
        items: order.line_items.iter().map(item_record).collect(),
        recipient: address.map(recipient_record),
        payment: payment_record(&order.payment),
        packages: package_records(order),
        // Packed here, while the page is decoded, so the store's one writer only copies it.
        raw_json: PackedJson::pack(raw_json),
    }
}

// TikTok's records as the store keeps them: one function per record (the orphan rule keeps
// `From` out, both types being foreign here). TikTok sends "" for an absent value; the store
// keeps absent as NULL.

fn item_record(li: &LineItem) -> OrderItemRecord {
    OrderItemRecord {
        line_item_id: li.id.clone(),
        sku_id: non_empty(&li.sku_id),
        seller_sku: non_empty(&li.seller_sku),
        product_id: non_empty(&li.product_id),
        product_name: non_empty(&li.product_name),
        sku_name: non_empty(&li.sku_name),
        sale_price: non_empty(&li.sale_price),
        display_status: non_empty(&li.display_status),
        package_id: li.package_id.clone(),
        tracking_number: li.tracking_number.clone(),
    }
}

/// The order's packages with an id. A package's tracking number and carrier are on its line
/// items: the first non-empty one of each.
fn package_records(order: &Order) -> Vec<PackageRecord> {
    order
        .packages
        .iter()
        .filter(|p| !p.id.is_empty())
        .map(|p| {
            let items = || {
                order
                    .line_items
                    .iter()
                    .filter(|li| li.package_id.as_deref() == Some(p.id.as_str()))
            };
            let first = |field: fn(&LineItem) -> Option<&String>| {
                items().find_map(|li| field(li).filter(|v| !v.is_empty()).cloned())
            };
            PackageRecord {
                package_id: p.id.clone(),
                tracking_number: first(|li| li.tracking_number.as_ref()),
                shipping_provider: first(|li| li.shipping_provider_name.as_ref()),
            }
        })
        .collect()
}

fn recipient_record(a: &RecipientAddress) -> RecipientRecord {
    let lines = [
        &a.address_line1,
        &a.address_line2,
        &a.address_line3,
        &a.address_line4,
    ];
    RecipientRecord {
        name: non_empty(&a.name),
        phone: non_empty(&a.phone_number),
        full_address: non_empty(&a.full_address),
        address_detail: non_empty(&a.address_detail),
        address_lines: lines.into_iter().filter_map(|l| non_empty(l)).collect(),
        districts: a
            .district_info
            .iter()
            .filter_map(|d| non_empty(&d.address_name))
            .collect(),
        postal_code: non_empty(&a.postal_code),
        region_code: non_empty(&a.region_code),
    }
}

fn payment_record(p: &Payment) -> PaymentRecord {
    let opt = |v: &Option<String>| v.as_deref().and_then(non_empty);
    PaymentRecord {
        original_total_product_price: non_empty(&p.original_total_product_price),
        seller_discount: non_empty(&p.seller_discount),
        platform_discount: non_empty(&p.platform_discount),
        sub_total: non_empty(&p.sub_total),
        shipping_fee: non_empty(&p.shipping_fee),
        original_shipping_fee: non_empty(&p.original_shipping_fee),
        shipping_fee_seller_discount: non_empty(&p.shipping_fee_seller_discount),
        shipping_fee_platform_discount: non_empty(&p.shipping_fee_platform_discount),
        tax: non_empty(&p.tax),
        retail_delivery_fee: opt(&p.retail_delivery_fee),
        small_order_fee: opt(&p.small_order_fee),
        buyer_service_fee: opt(&p.buyer_service_fee),
        handling_fee: opt(&p.handling_fee),
        item_insurance_fee: opt(&p.item_insurance_fee),
    }
}

/// The next incremental page to ask for: orders updated since the watermark minus the overlap,
/// oldest update first, so the watermark can follow the pages.
pub fn incremental_request(
    watermark: Option<i64>,
    now: i64,
    page_token: Option<String>,
) -> (SearchOrdersQuery, SearchOrdersFilter) {
    let from = match watermark {
        Some(w) => w - OVERLAP_SECS,
        None => now - INITIAL_LOOKBACK_SECS,
    };
    (
        SearchOrdersQuery {
            page_size: PAGE_SIZE,
            page_token,
            sort_field: OrderSortField::UpdateTime,
            sort_order: SortOrder::Asc,
        },
        SearchOrdersFilter {
            update_time_ge: Some(from.max(0)),
            ..SearchOrdersFilter::default()
        },
    )
}

/// The watermark after storing a page sorted by ascending `update_time`: the newest
/// `update_time` in it (never lower than before). Orders at exactly that second on the next
/// page are re-read thanks to the overlap.
pub fn next_watermark(current: Option<i64>, page: &[Order]) -> Option<i64> {
    let newest = page.iter().map(|o| o.update_time).max();
    match (current, newest) {
        (Some(c), Some(n)) => Some(c.max(n)),
        (c, n) => c.or(n),
    }
}

/// One page of a backfill window: orders created in `[start, end)`, oldest first.
pub fn window_request(
    start: i64,
    end: i64,
    page_token: Option<String>,
) -> (SearchOrdersQuery, SearchOrdersFilter) {
    (
        SearchOrdersQuery {
            page_size: PAGE_SIZE,
            page_token,
            sort_field: OrderSortField::CreateTime,
            sort_order: SortOrder::Asc,
        },
        SearchOrdersFilter {
            create_time_ge: Some(start),
            create_time_lt: Some(end),
            ..SearchOrdersFilter::default()
        },
    )
}

/// Splits `[from, to)` into windows so that they can be paged concurrently (TikTok's page
/// tokens are sequential within one query). Aims for `parts` windows of whole seconds, each at
/// least `min_secs` long; the windows cover the range exactly, without gaps or overlaps.
pub fn split_windows(from: i64, to: i64, parts: u32, min_secs: i64) -> Vec<(i64, i64)> {
    if to <= from {
        return Vec::new();
    }
    let span = to - from;
    let by_min = (span / min_secs.max(1)).max(1);
    let n = (parts.max(1) as i64).min(by_min);
    let mut out = Vec::with_capacity(n as usize);
    let mut start = from;
    for i in 1..=n {
        let end = if i == n { to } else { from + span * i / n };
        if end > start {
            out.push((start, end));
            start = end;
        }
    }
    out
}

/// A backfill window's recorded page cursor: TikTok's page token and the query it belongs to.
/// A page token is only valid for the query that produced it, and a window that was cut (see
/// `work_stealing`) pages a query that reaches past its end until its next page, which asks
/// again from where it had read to; so a restart must resume that same query, and stop at the
/// window's (new) end.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct WindowCursor {
    pub page_token: String,
    /// Where the query starts: the window's start, or where the window had been read to when
    /// a cut made it ask again (absent in cursors stored before, which started at the window's
    /// start).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub query_start: Option<i64>,
    pub query_end: i64,
}

impl WindowCursor {
    /// The stored form.
    pub fn encode(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Reads a stored cursor. Earlier versions stored the bare page token of a query over the
    /// whole window (windows were never cut then).
    pub fn decode(stored: &str, window_end: i64) -> WindowCursor {
        serde_json::from_str(stored).unwrap_or_else(|_| WindowCursor {
            page_token: stored.to_owned(),
            query_start: None,
            query_end: window_end,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn every_status_spelling_lands_in_its_tab() {
        assert_eq!(status_group("UNPAID"), "to_pay");
        assert_eq!(status_group("100"), "to_pay");
        assert_eq!(status_group("ON_HOLD"), "on_hold");
        assert_eq!(status_group("AWAITING_SHIPMENT"), "to_ship");
        assert_eq!(status_group("PARTIALLY_SHIPPING"), "to_ship");
        assert_eq!(status_group("112"), "shipping");
        assert_eq!(status_group("IN_TRANSIT"), "shipping");
        assert_eq!(status_group("DELIVERED"), "delivered");
        assert_eq!(status_group("COMPLETED"), "completed");
        assert_eq!(status_group("CANCEL"), "cancelled");
        assert_eq!(status_group("140"), "cancelled");
        assert_eq!(status_group("SOMETHING_NEW"), "unknown");
    }

    #[test]
    fn record_keeps_strings_and_flags() {
        let mut o = Order {
            id: "576461413038785752".into(),
            status: "CANCEL".into(),
            fulfillment_type: "FULFILLMENT_BY_TIKTOK".into(),
            is_replacement_order: Some(true),
            replaced_order_id: Some("576461413038785000".into()),
            ..Order::default()
        };
        o.payment.total_amount = "12.50".into();
        let r = to_record(&o, "{}");
        assert_eq!(r.header.status, "CANCELLED");
        assert_eq!(r.header.status_group, "cancelled");
        assert_eq!(r.header.total_amount.as_deref(), Some("12.50"));
        assert!(r.header.is_fbt && r.header.is_replacement);
        assert_eq!(r.raw_json.unpack().unwrap(), "{}");
    }

    #[test]
    fn record_keeps_address_payment_and_packages_with_their_tracking() {
        use shopdock_tiktok::model::{DistrictInfo, PackageRef};
        let item = |id: &str, package: &str, tracking: &str, carrier: &str| LineItem {
            id: id.into(),
            package_id: Some(package.into()),
            tracking_number: Some(tracking.into()),
            shipping_provider_name: Some(carrier.into()),
            ..LineItem::default()
        };
        let mut o = Order {
            packages: vec![
                PackageRef { id: "P1".into() },
                PackageRef { id: "".into() },
                PackageRef { id: "P2".into() },
            ],
            line_items: vec![
                item("a", "P2", "", ""),
                item("b", "P2", "1Z9", "UPS"),
                item("c", "P1", "TRK1", "USPS"),
            ],
            recipient_address: Some(RecipientAddress {
                name: "Ada".into(),
                address_line1: "12 Way".into(),
                address_line2: "".into(),
                district_info: vec![
                    DistrictInfo {
                        address_name: "United States".into(),
                        ..DistrictInfo::default()
                    },
                    DistrictInfo::default(),
                ],
                postal_code: "90210".into(),
                ..RecipientAddress::default()
            }),
            ..Order::default()
        };
        o.payment.sub_total = "19.98".into();
        o.payment.small_order_fee = Some("".into());
        o.payment.handling_fee = Some("1.00".into());
        let r = to_record(&o, "{}");
        let packages: Vec<_> = r
            .packages
            .iter()
            .map(|p| {
                (
                    p.package_id.as_str(),
                    p.tracking_number.as_deref(),
                    p.shipping_provider.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            packages,
            [
                ("P1", Some("TRK1"), Some("USPS")),
                ("P2", Some("1Z9"), Some("UPS"))
            ]
        );
        let recipient = r.recipient.expect("address");
        assert_eq!(recipient.name.as_deref(), Some("Ada"));
        assert_eq!(recipient.address_lines, ["12 Way"]);
        assert_eq!(recipient.districts, ["United States"]);
        assert_eq!(recipient.phone, None);
        assert_eq!(r.payment.sub_total.as_deref(), Some("19.98"));
        assert_eq!(r.payment.small_order_fee, None, "empty strings are absent");
        assert_eq!(r.payment.handling_fee.as_deref(), Some("1.00"));
        assert_eq!(r.payment.tax, None);
    }

    #[test]
    fn first_pull_looks_back_and_later_pulls_overlap_the_watermark() {
        let (_, f) = incremental_request(None, 10_000_000, None);
        assert_eq!(f.update_time_ge, Some(10_000_000 - INITIAL_LOOKBACK_SECS));
        let (q, f) = incremental_request(Some(5_000), 10_000_000, Some("t".into()));
        assert_eq!(f.update_time_ge, Some(5_000 - OVERLAP_SECS));
        assert_eq!(q.sort_field, OrderSortField::UpdateTime);
        assert_eq!(q.sort_order, SortOrder::Asc);
        assert_eq!(q.page_token.as_deref(), Some("t"));
    }

    fn order(update_time: i64) -> Order {
        Order {
            update_time,
            ..Order::default()
        }
    }

    #[test]
    fn watermark_follows_pages_and_never_goes_back() {
        assert_eq!(next_watermark(None, &[]), None);
        assert_eq!(next_watermark(Some(50), &[]), Some(50));
        assert_eq!(next_watermark(None, &[order(3), order(9)]), Some(9));
        assert_eq!(next_watermark(Some(100), &[order(3), order(9)]), Some(100));
    }

    #[test]
    fn a_window_cursor_keeps_its_query_and_bare_tokens_of_earlier_versions_still_read() {
        for query_start in [None, Some(1_700_000_050)] {
            let c = WindowCursor {
                page_token: "b2Zmc2V0PTIwMA==".into(),
                query_start,
                query_end: 1_700_000_500,
            };
            assert_eq!(WindowCursor::decode(&c.encode(), 1_700_000_100), c);
        }
        let before_restarts = r#"{"page_token":"t","query_end":1700000500}"#;
        assert_eq!(
            WindowCursor::decode(before_restarts, 1_700_000_100).query_start,
            None
        );
        assert_eq!(
            WindowCursor::decode("opaque-token", 1_700_000_100),
            WindowCursor {
                page_token: "opaque-token".into(),
                query_start: None,
                query_end: 1_700_000_100
            }
        );
    }

    proptest! {
        #[test]
        fn windows_cover_the_range_exactly(from in 0i64..2_000_000_000, len in 1i64..40_000_000, parts in 1u32..64, min in 1i64..100_000) {
            let to = from + len;
            let w = split_windows(from, to, parts, min);
            prop_assert!(!w.is_empty());
            prop_assert!(w.len() <= parts as usize);
            prop_assert_eq!(w[0].0, from);
            prop_assert_eq!(w[w.len() - 1].1, to);
            for pair in w.windows(2) {
                prop_assert_eq!(pair[0].1, pair[1].0);
            }
            for (s, e) in &w {
                prop_assert!(e > s);
            }
        }
    }
}
