//! Orders: the `orders` table (the columns the table view shows, sorts and filters on), their line
//! items, status history, raw JSON, and the full-text index, all written by one upsert.
//!
//! Core maps TikTok's order JSON to [`OrderRecord`]; the raw JSON is kept verbatim beside it so a
//! later version can re-derive columns without a re-download. Ids and money stay strings end to end
//! (TikTok's ids exceed 2^53, and amounts must not pass through floating point).

use crate::{Store, StoreError, WatermarkUpdate, WriteTxn};
use rusqlite::{params, Connection, OptionalExtension, Row};
use std::collections::BTreeMap;

/// An order's scalar columns, as core maps them from TikTok's 202309 order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OrderHeader {
    /// TikTok's order id (18-19 digits, kept as a string).
    pub order_id: String,
    /// TikTok's 202309 status string, e.g. "AWAITING_SHIPMENT".
    pub status: String,
    /// The tab the order belongs in; computed by core from the status and flags.
    pub status_group: String,
    /// Unix seconds.
    pub create_time: i64,
    /// Unix seconds; decides which of two versions of an order is newer.
    pub update_time: i64,
    pub paid_time: Option<i64>,
    pub buyer_user_id: Option<String>,
    /// From the recipient address (absent while UNPAID / ON_HOLD).
    pub buyer_name: Option<String>,
    pub buyer_email: Option<String>,
    pub currency: Option<String>,
    /// Decimal string, e.g. "12.50".
    pub total_amount: Option<String>,
    pub fulfillment_type: Option<String>,
    pub shipping_type: Option<String>,
    /// Ship-by deadline (`rts_sla_time`), Unix seconds.
    pub rts_sla_time: Option<i64>,
    pub tracking_number: Option<String>,
    pub is_fbt: bool,
    pub is_replacement: bool,
    pub replaced_order_id: Option<String>,
    pub is_sample: bool,
    pub is_buyer_request_cancel: bool,
    pub is_on_hold: bool,
}

/// One line item. TikTok lists one line item per unit, so there is no quantity.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OrderItemRecord {
    /// Unique within the order.
    pub line_item_id: String,
    pub sku_id: Option<String>,
    pub seller_sku: Option<String>,
    pub product_id: Option<String>,
    pub product_name: Option<String>,
    pub sku_name: Option<String>,
    /// Decimal string.
    pub sale_price: Option<String>,
    pub display_status: Option<String>,
    pub package_id: Option<String>,
    pub tracking_number: Option<String>,
}

/// Where the order goes, as TikTok shows it to the seller (the phone number masked). TikTok
/// leaves it out while an order is unpaid or on hold.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RecipientRecord {
    pub name: Option<String>,
    /// Masked by TikTok, e.g. "(+1)213-***-1234".
    pub phone: Option<String>,
    pub full_address: Option<String>,
    /// The street part of `full_address`.
    pub address_detail: Option<String>,
    /// `address_line1..4`, the empty ones left out.
    pub address_lines: Vec<String>,
    /// The district names from country (L0) down, the empty ones left out.
    pub districts: Vec<String>,
    pub postal_code: Option<String>,
    pub region_code: Option<String>,
}

/// The payment breakdown: decimal strings in the order's currency, absent when TikTok sent none.
/// `total_amount` and `currency` are columns of the order itself (the table shows them).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PaymentRecord {
    pub original_total_product_price: Option<String>,
    pub seller_discount: Option<String>,
    pub platform_discount: Option<String>,
    pub sub_total: Option<String>,
    pub shipping_fee: Option<String>,
    pub original_shipping_fee: Option<String>,
    pub shipping_fee_seller_discount: Option<String>,
    pub shipping_fee_platform_discount: Option<String>,
    pub tax: Option<String>,
    pub retail_delivery_fee: Option<String>,
    pub small_order_fee: Option<String>,
    pub buyer_service_fee: Option<String>,
    pub handling_fee: Option<String>,
    pub item_insurance_fee: Option<String>,
}

/// One package of the order (TikTok creates them when the order is ready to ship).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PackageRecord {
    pub package_id: String,
    pub tracking_number: Option<String>,
    pub shipping_provider: Option<String>,
}

/// An order as core hands it to [`Store::upsert_orders`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OrderRecord {
    pub header: OrderHeader,
    /// In TikTok's order; the first one names the order in the table view.
    pub items: Vec<OrderItemRecord>,
    pub recipient: Option<RecipientRecord>,
    pub payment: PaymentRecord,
    /// In TikTok's order.
    pub packages: Vec<PackageRecord>,
    /// The order's JSON exactly as TikTok sent it.
    pub raw_json: String,
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

/// Several values in one column: they never contain a line break worth keeping.
fn join_lines(values: &[String]) -> Option<String> {
    (!values.is_empty()).then(|| values.join("\n"))
}

fn split_lines(joined: Option<String>) -> Vec<String> {
    joined
        .map(|j| j.split('\n').map(str::to_owned).collect())
        .unwrap_or_default()
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

/// The columns of [`OrderRow`], in the order [`order_row_from`] reads them.
pub(crate) const ORDER_ROW_COLUMNS: &str = "o.shop_id, o.order_id, o.status, o.status_group,
    o.create_time, o.update_time, o.paid_time, o.buyer_user_id, o.buyer_name, o.buyer_email,
    o.currency, o.total_amount, o.fulfillment_type, o.shipping_type, o.rts_sla_time,
    o.tracking_number, o.is_fbt, o.is_replacement, o.replaced_order_id, o.is_sample,
    o.is_buyer_request_cancel, o.is_on_hold, o.item_count, o.first_item_name";

pub(crate) fn order_row_from(r: &Row<'_>) -> rusqlite::Result<OrderRow> {
    Ok(OrderRow {
        shop_id: r.get(0)?,
        header: OrderHeader {
            order_id: r.get(1)?,
            status: r.get(2)?,
            status_group: r.get(3)?,
            create_time: r.get(4)?,
            update_time: r.get(5)?,
            paid_time: r.get(6)?,
            buyer_user_id: r.get(7)?,
            buyer_name: r.get(8)?,
            buyer_email: r.get(9)?,
            currency: r.get(10)?,
            total_amount: r.get(11)?,
            fulfillment_type: r.get(12)?,
            shipping_type: r.get(13)?,
            rts_sla_time: r.get(14)?,
            tracking_number: r.get(15)?,
            is_fbt: r.get(16)?,
            is_replacement: r.get(17)?,
            replaced_order_id: r.get(18)?,
            is_sample: r.get(19)?,
            is_buyer_request_cancel: r.get(20)?,
            is_on_hold: r.get(21)?,
        },
        item_count: r.get(22)?,
        first_item_name: r.get(23)?,
    })
}

/// What the full-text index holds for one order, composed here only: the order id, the buyer's
/// name and email, the distinct seller SKUs, product names and tracking numbers.
#[derive(Debug, PartialEq, Eq)]
struct SearchText {
    order_id: String,
    buyer: String,
    skus: String,
    products: String,
    tracking: String,
}

impl SearchText {
    fn of(order: &OrderRecord) -> SearchText {
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

/// The order as stored, as far as deciding how to apply a new version needs.
struct Stored {
    id: i64,
    update_time: i64,
    status: String,
    status_group: String,
    create_time: i64,
    rts_sla_time: Option<i64>,
}

/// Writes a page of orders inside the caller's transaction. Per order: insert it, or replace it
/// when the incoming `update_time` is not older than the stored one (so re-fetched overlap and
/// out-of-order pages never roll an order back); replace its items and raw JSON; re-index its
/// search text if that changed; append a history row when the status changed; count it in its
/// status group.
///
/// Written for speed (tens of thousands of orders per second): cached statements, and an update
/// only rewrites the sort indexes (status group, create time, ship-by) when one of those changed,
/// because SQLite rewrites an index entry for every indexed column a statement assigns.
pub(crate) fn upsert_orders(
    conn: &Connection,
    shop_id: &str,
    orders: &[OrderRecord],
) -> Result<UpsertStats, StoreError> {
    let mut stats = UpsertStats::default();
    if orders.is_empty() {
        return Ok(stats);
    }
    let shop_exists = conn
        .prepare_cached("SELECT 1 FROM shops WHERE id = ?1")?
        .exists([shop_id])?;
    if !shop_exists {
        return Err(StoreError::ShopNotFound(shop_id.to_string()));
    }

    let mut find = conn.prepare_cached(
        "SELECT id, update_time, status, status_group, create_time, rts_sla_time
         FROM orders WHERE shop_id = ?1 AND order_id = ?2",
    )?;
    // Both statements take the same 24 parameters; the update leaves out the indexed placement
    // columns ?4 (status_group), ?5 (create_time) and ?15 (rts_sla_time), set by `place_order`.
    let mut insert_order = conn.prepare_cached(
        "INSERT INTO orders (shop_id, order_id, status, status_group, create_time, update_time,
            paid_time, buyer_user_id, buyer_name, buyer_email, currency, total_amount,
            fulfillment_type, shipping_type, rts_sla_time, tracking_number, is_fbt, is_replacement,
            replaced_order_id, is_sample, is_buyer_request_cancel, is_on_hold, item_count,
            first_item_name)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,
                 ?19, ?20, ?21, ?22, ?23, ?24)",
    )?;
    let mut update_order = conn.prepare_cached(
        "UPDATE orders SET status = ?3, update_time = ?6, paid_time = ?7, buyer_user_id = ?8,
            buyer_name = ?9, buyer_email = ?10, currency = ?11, total_amount = ?12,
            fulfillment_type = ?13, shipping_type = ?14, tracking_number = ?16, is_fbt = ?17,
            is_replacement = ?18, replaced_order_id = ?19, is_sample = ?20,
            is_buyer_request_cancel = ?21, is_on_hold = ?22, item_count = ?23,
            first_item_name = ?24
         WHERE shop_id = ?1 AND order_id = ?2",
    )?;
    let mut place_order = conn.prepare_cached(
        "UPDATE orders SET status_group = ?2, create_time = ?3, rts_sla_time = ?4 WHERE id = ?1",
    )?;
    // An upsert, not INSERT OR REPLACE: with foreign keys on, REPLACE made every order's write
    // about 2.5 times slower.
    let mut put_details = conn.prepare_cached(
        "INSERT INTO order_details (order_ref, raw_json, recipient_name,
            recipient_phone, full_address, address_detail, address_lines, districts, postal_code,
            region_code, original_total_product_price, seller_discount, platform_discount,
            sub_total, shipping_fee, original_shipping_fee, shipping_fee_seller_discount,
            shipping_fee_platform_discount, tax, retail_delivery_fee, small_order_fee,
            buyer_service_fee, handling_fee, item_insurance_fee)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,
                 ?19, ?20, ?21, ?22, ?23, ?24)
         ON CONFLICT (order_ref) DO UPDATE SET
            raw_json = excluded.raw_json,
            recipient_name = excluded.recipient_name,
            recipient_phone = excluded.recipient_phone,
            full_address = excluded.full_address,
            address_detail = excluded.address_detail,
            address_lines = excluded.address_lines,
            districts = excluded.districts,
            postal_code = excluded.postal_code,
            region_code = excluded.region_code,
            original_total_product_price = excluded.original_total_product_price,
            seller_discount = excluded.seller_discount,
            platform_discount = excluded.platform_discount,
            sub_total = excluded.sub_total,
            shipping_fee = excluded.shipping_fee,
            original_shipping_fee = excluded.original_shipping_fee,
            shipping_fee_seller_discount = excluded.shipping_fee_seller_discount,
            shipping_fee_platform_discount = excluded.shipping_fee_platform_discount,
            tax = excluded.tax,
            retail_delivery_fee = excluded.retail_delivery_fee,
            small_order_fee = excluded.small_order_fee,
            buyer_service_fee = excluded.buyer_service_fee,
            handling_fee = excluded.handling_fee,
            item_insurance_fee = excluded.item_insurance_fee",
    )?;
    let mut clear_packages =
        conn.prepare_cached("DELETE FROM order_packages WHERE order_ref = ?1")?;
    let mut put_package = conn.prepare_cached(
        "INSERT INTO order_packages (order_ref, package_id, position, tracking_number,
            shipping_provider)
         VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (order_ref, package_id) DO NOTHING",
    )?;
    let mut clear_items = conn.prepare_cached("DELETE FROM order_items WHERE order_ref = ?1")?;
    let mut put_item = conn.prepare_cached(
        "INSERT INTO order_items (order_ref, line_item_id, position, sku_id, seller_sku,
            product_id, product_name, sku_name, sale_price, display_status, package_id,
            tracking_number)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    )?;
    let mut add_history = conn.prepare_cached(
        "INSERT INTO order_status_history (order_ref, at, status) VALUES (?1, ?2, ?3)",
    )?;
    let mut indexed_text = conn.prepare_cached(
        "SELECT order_id, buyer, skus, products, tracking FROM orders_fts WHERE rowid = ?1",
    )?;
    let mut unindex = conn.prepare_cached("DELETE FROM orders_fts WHERE rowid = ?1")?;
    let mut index = conn.prepare_cached(
        "INSERT INTO orders_fts (rowid, order_id, buyer, skus, products, tracking)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    // Per status group, orders gained minus orders lost; applied once at the end of the page.
    let mut group_deltas: BTreeMap<String, i64> = BTreeMap::new();

    for (at, order) in orders.iter().enumerate() {
        let h = &order.header;
        let stored = find
            .query_row(params![shop_id, h.order_id], |r| {
                Ok(Stored {
                    id: r.get(0)?,
                    update_time: r.get(1)?,
                    status: r.get(2)?,
                    status_group: r.get(3)?,
                    create_time: r.get(4)?,
                    rts_sla_time: r.get(5)?,
                })
            })
            .optional()?;
        if stored
            .as_ref()
            .is_some_and(|s| h.update_time < s.update_time)
        {
            stats.stale += 1;
            continue;
        }
        let item_count = u32::try_from(order.items.len())
            .map_err(|_| StoreError::Invalid(format!("order {} has too many items", h.order_id)))?;
        let first_item_name = order.items.first().and_then(|i| i.product_name.as_deref());
        let columns = params![
            shop_id,
            h.order_id,
            h.status,
            h.status_group,
            h.create_time,
            h.update_time,
            h.paid_time,
            h.buyer_user_id,
            h.buyer_name,
            h.buyer_email,
            h.currency,
            h.total_amount,
            h.fulfillment_type,
            h.shipping_type,
            h.rts_sla_time,
            h.tracking_number,
            h.is_fbt,
            h.is_replacement,
            h.replaced_order_id,
            h.is_sample,
            h.is_buyer_request_cancel,
            h.is_on_hold,
            item_count,
            first_item_name
        ];
        let text = SearchText::of(order);
        let (id, status_changed) = match &stored {
            None => {
                insert_order.execute(columns)?;
                let id = conn.last_insert_rowid();
                *group_deltas.entry(h.status_group.clone()).or_default() += 1;
                stats.new_orders.push(at);
                (id, true)
            }
            Some(old) => {
                update_order.execute(columns)?;
                let moved = old.status_group != h.status_group
                    || old.create_time != h.create_time
                    || old.rts_sla_time != h.rts_sla_time;
                if moved {
                    place_order.execute(params![
                        old.id,
                        h.status_group,
                        h.create_time,
                        h.rts_sla_time
                    ])?;
                }
                if old.status_group != h.status_group {
                    *group_deltas.entry(h.status_group.clone()).or_default() += 1;
                    *group_deltas.entry(old.status_group.clone()).or_default() -= 1;
                }
                clear_items.execute([old.id])?;
                clear_packages.execute([old.id])?;
                stats.updated += 1;
                (old.id, old.status != h.status)
            }
        };
        let r = order.recipient.as_ref();
        let p = &order.payment;
        put_details.execute(params![
            id,
            order.raw_json,
            r.and_then(|r| r.name.as_deref()),
            r.and_then(|r| r.phone.as_deref()),
            r.and_then(|r| r.full_address.as_deref()),
            r.and_then(|r| r.address_detail.as_deref()),
            r.and_then(|r| join_lines(&r.address_lines)),
            r.and_then(|r| join_lines(&r.districts)),
            r.and_then(|r| r.postal_code.as_deref()),
            r.and_then(|r| r.region_code.as_deref()),
            p.original_total_product_price,
            p.seller_discount,
            p.platform_discount,
            p.sub_total,
            p.shipping_fee,
            p.original_shipping_fee,
            p.shipping_fee_seller_discount,
            p.shipping_fee_platform_discount,
            p.tax,
            p.retail_delivery_fee,
            p.small_order_fee,
            p.buyer_service_fee,
            p.handling_fee,
            p.item_insurance_fee
        ])?;
        for (position, package) in order.packages.iter().enumerate() {
            put_package.execute(params![
                id,
                package.package_id,
                position as i64,
                package.tracking_number,
                package.shipping_provider
            ])?;
        }
        for (position, item) in order.items.iter().enumerate() {
            put_item.execute(params![
                id,
                item.line_item_id,
                position as i64,
                item.sku_id,
                item.seller_sku,
                item.product_id,
                item.product_name,
                item.sku_name,
                item.sale_price,
                item.display_status,
                item.package_id,
                item.tracking_number
            ])?;
        }
        // Most updates (a status change) leave the text alone: then the index is not touched.
        let current = if stored.is_some() {
            indexed_text
                .query_row([id], |r| {
                    Ok(SearchText {
                        order_id: r.get(0)?,
                        buyer: r.get(1)?,
                        skus: r.get(2)?,
                        products: r.get(3)?,
                        tracking: r.get(4)?,
                    })
                })
                .optional()?
        } else {
            None
        };
        if current.as_ref() != Some(&text) {
            if current.is_some() {
                unindex.execute([id])?;
            }
            index.execute(params![
                id,
                text.order_id,
                text.buyer,
                text.skus,
                text.products,
                text.tracking
            ])?;
        }
        if status_changed {
            stats.status_changes += 1;
            add_history.execute(params![id, h.update_time, h.status])?;
        }
    }

    let mut count = conn.prepare_cached(
        "INSERT INTO order_group_counts (shop_id, status_group, n) VALUES (?1, ?2, ?3)
         ON CONFLICT (shop_id, status_group) DO UPDATE SET n = n + excluded.n",
    )?;
    for (group, delta) in group_deltas {
        if delta != 0 {
            count.execute(params![shop_id, group, delta])?;
        }
    }
    Ok(stats)
}

fn get_order(
    conn: &Connection,
    shop_id: &str,
    order_id: &str,
) -> Result<Option<OrderDetailRecord>, StoreError> {
    let sql = format!(
        "SELECT {ORDER_ROW_COLUMNS}, o.id, d.raw_json, d.recipient_name, d.recipient_phone,
            d.full_address, d.address_detail, d.address_lines, d.districts, d.postal_code,
            d.region_code, d.original_total_product_price, d.seller_discount,
            d.platform_discount, d.sub_total, d.shipping_fee, d.original_shipping_fee,
            d.shipping_fee_seller_discount, d.shipping_fee_platform_discount, d.tax,
            d.retail_delivery_fee, d.small_order_fee, d.buyer_service_fee, d.handling_fee,
            d.item_insurance_fee
         FROM orders o LEFT JOIN order_details d ON d.order_ref = o.id
         WHERE o.shop_id = ?1 AND o.order_id = ?2"
    );
    let found = conn
        .prepare_cached(&sql)?
        .query_row([shop_id, order_id], |r| {
            let recipient = RecipientRecord {
                name: r.get(26)?,
                phone: r.get(27)?,
                full_address: r.get(28)?,
                address_detail: r.get(29)?,
                address_lines: split_lines(r.get(30)?),
                districts: split_lines(r.get(31)?),
                postal_code: r.get(32)?,
                region_code: r.get(33)?,
            };
            let payment = PaymentRecord {
                original_total_product_price: r.get(34)?,
                seller_discount: r.get(35)?,
                platform_discount: r.get(36)?,
                sub_total: r.get(37)?,
                shipping_fee: r.get(38)?,
                original_shipping_fee: r.get(39)?,
                shipping_fee_seller_discount: r.get(40)?,
                shipping_fee_platform_discount: r.get(41)?,
                tax: r.get(42)?,
                retail_delivery_fee: r.get(43)?,
                small_order_fee: r.get(44)?,
                buyer_service_fee: r.get(45)?,
                handling_fee: r.get(46)?,
                item_insurance_fee: r.get(47)?,
            };
            Ok((
                order_row_from(r)?,
                r.get::<_, i64>(24)?,
                r.get::<_, Option<String>>(25)?,
                (recipient != RecipientRecord::default()).then_some(recipient),
                payment,
            ))
        })
        .optional()?;
    let Some((row, id, raw_json, recipient, payment)) = found else {
        return Ok(None);
    };
    let packages = conn
        .prepare_cached(
            "SELECT package_id, tracking_number, shipping_provider
             FROM order_packages WHERE order_ref = ?1 ORDER BY position",
        )?
        .query_map([id], |r| {
            Ok(PackageRecord {
                package_id: r.get(0)?,
                tracking_number: r.get(1)?,
                shipping_provider: r.get(2)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let items = conn
        .prepare_cached(
            "SELECT line_item_id, sku_id, seller_sku, product_id, product_name, sku_name,
                    sale_price, display_status, package_id, tracking_number
             FROM order_items WHERE order_ref = ?1 ORDER BY position",
        )?
        .query_map([id], |r| {
            Ok(OrderItemRecord {
                line_item_id: r.get(0)?,
                sku_id: r.get(1)?,
                seller_sku: r.get(2)?,
                product_id: r.get(3)?,
                product_name: r.get(4)?,
                sku_name: r.get(5)?,
                sale_price: r.get(6)?,
                display_status: r.get(7)?,
                package_id: r.get(8)?,
                tracking_number: r.get(9)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let history = conn
        .prepare_cached(
            "SELECT status, at FROM order_status_history WHERE order_ref = ?1 ORDER BY at, id",
        )?
        .query_map([id], |r| {
            Ok(StatusChange {
                status: r.get(0)?,
                at: r.get(1)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Some(OrderDetailRecord {
        row,
        items,
        recipient,
        payment,
        packages,
        history,
        raw_json: raw_json.unwrap_or_default(),
    }))
}

impl WriteTxn<'_> {
    /// [`Store::upsert_orders`] inside this transaction, without a watermark.
    pub fn upsert_orders(
        &self,
        shop_id: &str,
        orders: &[OrderRecord],
    ) -> Result<UpsertStats, StoreError> {
        upsert_orders(self.conn(), shop_id, orders)
    }
}

impl Store {
    /// Stores a page of orders and, when given, the job's new watermark, in ONE transaction: the
    /// watermark can never run ahead of the stored orders, and a failure stores nothing.
    ///
    /// An incoming order replaces the stored one only when its `update_time` is the same or newer.
    /// Fails with `ShopNotFound` for an unknown shop. For a backfill page (orders plus window
    /// progress) use [`Store::write`].
    pub fn upsert_orders(
        &self,
        shop_id: &str,
        orders: &[OrderRecord],
        watermark: Option<&WatermarkUpdate>,
    ) -> Result<UpsertStats, StoreError> {
        self.write(|tx| {
            let stats = tx.upsert_orders(shop_id, orders)?;
            if let Some(watermark) = watermark {
                tx.set_watermark(shop_id, watermark)?;
            }
            Ok(stats)
        })
    }

    /// One order with its items, status history and raw JSON.
    pub fn get_order(
        &self,
        shop_id: &str,
        order_id: &str,
    ) -> Result<Option<OrderDetailRecord>, StoreError> {
        self.read(|conn| get_order(conn, shop_id, order_id))
    }

    /// How many orders the shop has stored.
    pub fn count_orders(&self, shop_id: &str) -> Result<u64, StoreError> {
        self.read(|conn| {
            let n: i64 = conn
                .prepare_cached("SELECT COUNT(*) FROM orders WHERE shop_id = ?1")?
                .query_row([shop_id], |r| r.get(0))?;
            Ok(n as u64)
        })
    }

    /// `(order_id, update_time, status)` of every stored order of the shop, by order id: what a
    /// test compares with the sandbox's own view.
    pub fn all_order_versions(
        &self,
        shop_id: &str,
    ) -> Result<Vec<(String, i64, String)>, StoreError> {
        self.read(|conn| {
            let rows = conn
                .prepare_cached(
                    "SELECT order_id, update_time, status FROM orders
                     WHERE shop_id = ?1 ORDER BY order_id",
                )?
                .query_map([shop_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                .collect::<Result<Vec<_>, _>>()?;
            Ok(rows)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
