//! Writing a page of orders, one named step per table an order touches.
//!
//! Written for speed (tens of thousands of orders per second): statements are prepared once per
//! page, and an update assigns the columns that place an order in the sort indexes only when
//! one of them changed, because SQLite rewrites an index entry for every indexed column a
//! statement assigns.

use super::columns::StoredRecord;
use super::columns::{params_list, select_list, set_excluded_list, set_list, NamedBinds, Slots};
use super::records::{
    OrderHeader, OrderItemRecord, OrderRecord, PackageRecord, PaymentRecord, RecipientRecord,
    UpsertStats,
};
use super::search_text::SearchText;
use crate::StoreError;
use rusqlite::{named_params, CachedStatement, Connection, OptionalExtension};
use std::collections::BTreeMap;
use std::sync::LazyLock;

/// The order columns that lead a sort index (or are its expression's input). An update of an
/// order assigns them only when one changed; status and update time change with nearly every
/// version, so they are always assigned.
const PLACEMENT_COLUMNS: [&str; 6] = [
    "status_group",
    "create_time",
    "rts_sla_time",
    "buyer_name",
    "total_amount",
    "first_item_name",
];

/// The columns derived from the items on write.
const ITEM_SUMMARY_COLUMNS: [&str; 3] = ["item_count", "first_item_name", "cancelled_items"];

static INSERT_ORDER: LazyLock<String> = LazyLock::new(|| {
    let columns: Vec<&str> = std::iter::once("shop_id")
        .chain(OrderHeader::COLUMNS.iter().copied())
        .chain(ITEM_SUMMARY_COLUMNS)
        .collect();
    format!(
        "INSERT INTO orders ({}) VALUES ({})",
        select_list("", &columns),
        params_list(&columns)
    )
});

static UPDATE_ORDER: LazyLock<String> = LazyLock::new(|| {
    let columns: Vec<&str> = OrderHeader::COLUMNS
        .iter()
        .copied()
        .chain(ITEM_SUMMARY_COLUMNS)
        .filter(|c| *c != "order_id" && !PLACEMENT_COLUMNS.contains(c))
        .collect();
    format!("UPDATE orders SET {} WHERE id = :id", set_list(&columns))
});

static PLACE_ORDER: LazyLock<String> = LazyLock::new(|| {
    format!(
        "UPDATE orders SET {} WHERE id = :id",
        set_list(&PLACEMENT_COLUMNS)
    )
});

/// An upsert, not INSERT OR REPLACE: with foreign keys on, REPLACE made every order's write
/// about 2.5 times slower.
static PUT_DETAILS: LazyLock<String> = LazyLock::new(|| {
    let record_columns: Vec<&str> = RecipientRecord::COLUMNS
        .iter()
        .chain(PaymentRecord::COLUMNS)
        .copied()
        .collect();
    let columns: Vec<&str> = ["order_ref", "raw_json"]
        .into_iter()
        .chain(record_columns.iter().copied())
        .collect();
    format!(
        "INSERT INTO order_details ({}) VALUES ({})
         ON CONFLICT (order_ref) DO UPDATE SET raw_json = excluded.raw_json, {}",
        select_list("", &columns),
        params_list(&columns),
        set_excluded_list(&record_columns)
    )
});

static PUT_ITEM: LazyLock<String> = LazyLock::new(|| {
    let columns: Vec<&str> = ["order_ref", "position"]
        .into_iter()
        .chain(OrderItemRecord::COLUMNS.iter().copied())
        .collect();
    format!(
        "INSERT INTO order_items ({}) VALUES ({})",
        select_list("", &columns),
        params_list(&columns)
    )
});

static PUT_PACKAGE: LazyLock<String> = LazyLock::new(|| {
    let columns: Vec<&str> = ["order_ref", "position"]
        .into_iter()
        .chain(PackageRecord::COLUMNS.iter().copied())
        .collect();
    format!(
        "INSERT INTO order_packages ({}) VALUES ({})
         ON CONFLICT (order_ref, package_id) DO NOTHING",
        select_list("", &columns),
        params_list(&columns)
    )
});

/// The order as stored, as far as deciding how to apply a new version needs.
struct Stored {
    id: i64,
    update_time: i64,
    status: String,
    status_group: String,
    create_time: i64,
    rts_sla_time: Option<i64>,
    buyer_name: Option<String>,
    total_amount: Option<String>,
    first_item_name: Option<String>,
}

impl Stored {
    /// Whether `order` sits elsewhere in some sort index than this stored version.
    fn placed_differently(&self, order: &OrderRecord) -> bool {
        let h = &order.header;
        self.status_group != h.status_group
            || self.create_time != h.create_time
            || self.rts_sla_time != h.rts_sla_time
            || self.buyer_name != h.buyer_name
            || self.total_amount != h.total_amount
            || self.first_item_name.as_deref() != first_item_name(order)
    }
}

fn first_item_name(order: &OrderRecord) -> Option<&str> {
    order.items.first().and_then(|i| i.product_name.as_deref())
}

/// How many line items TikTok shows cancelled (a partial cancel leaves the order's status as
/// it was: only the items say so, write-api §D).
fn cancelled_items(order: &OrderRecord) -> u32 {
    let n = order
        .items
        .iter()
        .filter(|i| i.display_status.as_deref() == Some("CANCELLED"))
        .count();
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Writes a page of orders inside the caller's transaction. Per order: insert it, or replace it
/// when the incoming `update_time` is not older than the stored one (so re-fetched overlap and
/// out-of-order pages never roll an order back); replace its items, packages and details;
/// re-index its search text if that changed; append a history row when the status changed;
/// count it in its status group.
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
        .prepare_cached("SELECT 1 FROM shops WHERE id = :shop_id")?
        .exists(named_params! { ":shop_id": shop_id })?;
    if !shop_exists {
        return Err(StoreError::ShopNotFound(shop_id.to_string()));
    }
    let mut writer = OrderWriter::prepare(conn, shop_id)?;
    for (at, order) in orders.iter().enumerate() {
        writer.write(at, order, &mut stats)?;
    }
    writer.apply_group_counts()?;
    Ok(stats)
}

/// Where each record's fields go in the statements that write it.
struct RecordSlots {
    insert_header: Slots<OrderHeader>,
    update_header: Slots<OrderHeader>,
    place_header: Slots<OrderHeader>,
    recipient: Slots<RecipientRecord>,
    payment: Slots<PaymentRecord>,
    item: Slots<OrderItemRecord>,
    package: Slots<PackageRecord>,
}

/// The statements of one page's upsert, prepared once, and what the page changes in the tab
/// counts.
struct OrderWriter<'c> {
    conn: &'c Connection,
    shop_id: &'c str,
    find: CachedStatement<'c>,
    insert_order: CachedStatement<'c>,
    update_order: CachedStatement<'c>,
    place_order: CachedStatement<'c>,
    put_details: CachedStatement<'c>,
    clear_items: CachedStatement<'c>,
    put_item: CachedStatement<'c>,
    clear_packages: CachedStatement<'c>,
    put_package: CachedStatement<'c>,
    add_status: CachedStatement<'c>,
    indexed_text: CachedStatement<'c>,
    unindex: CachedStatement<'c>,
    index: CachedStatement<'c>,
    slots: RecordSlots,
    /// Per status group, orders gained minus orders lost; applied once at the end of the page.
    group_deltas: BTreeMap<String, i64>,
}

impl<'c> OrderWriter<'c> {
    fn prepare(conn: &'c Connection, shop_id: &'c str) -> Result<Self, StoreError> {
        let insert_order = conn.prepare_cached(&INSERT_ORDER)?;
        let update_order = conn.prepare_cached(&UPDATE_ORDER)?;
        let place_order = conn.prepare_cached(&PLACE_ORDER)?;
        let put_details = conn.prepare_cached(&PUT_DETAILS)?;
        let put_item = conn.prepare_cached(&PUT_ITEM)?;
        let put_package = conn.prepare_cached(&PUT_PACKAGE)?;
        let slots = RecordSlots {
            insert_header: Slots::of(&insert_order)?,
            update_header: Slots::of(&update_order)?,
            place_header: Slots::of(&place_order)?,
            recipient: Slots::of(&put_details)?,
            payment: Slots::of(&put_details)?,
            item: Slots::of(&put_item)?,
            package: Slots::of(&put_package)?,
        };
        Ok(OrderWriter {
            conn,
            shop_id,
            find: conn.prepare_cached(
                "SELECT id, update_time, status, status_group, create_time, rts_sla_time,
                        buyer_name, total_amount, first_item_name
                 FROM orders WHERE shop_id = :shop_id AND order_id = :order_id",
            )?,
            insert_order,
            update_order,
            place_order,
            put_details,
            clear_items: conn
                .prepare_cached("DELETE FROM order_items WHERE order_ref = :order_ref")?,
            put_item,
            clear_packages: conn
                .prepare_cached("DELETE FROM order_packages WHERE order_ref = :order_ref")?,
            put_package,
            add_status: conn.prepare_cached(
                "INSERT INTO order_status_history (order_ref, at, status)
                 VALUES (:order_ref, :at, :status)",
            )?,
            indexed_text: conn.prepare_cached(
                "SELECT order_id, buyer, skus, products, tracking FROM orders_fts
                 WHERE rowid = :order_ref",
            )?,
            unindex: conn.prepare_cached("DELETE FROM orders_fts WHERE rowid = :order_ref")?,
            index: conn.prepare_cached(
                "INSERT INTO orders_fts (rowid, order_id, buyer, skus, products, tracking)
                 VALUES (:order_ref, :order_id, :buyer, :skus, :products, :tracking)",
            )?,
            slots,
            group_deltas: BTreeMap::new(),
        })
    }

    /// Applies one order of the page (at position `at`).
    fn write(
        &mut self,
        at: usize,
        order: &OrderRecord,
        stats: &mut UpsertStats,
    ) -> Result<(), StoreError> {
        let h = &order.header;
        let stored = self.find_stored(&h.order_id)?;
        if stored
            .as_ref()
            .is_some_and(|s| h.update_time < s.update_time)
        {
            stats.stale += 1;
            return Ok(());
        }
        let item_count = u32::try_from(order.items.len())
            .map_err(|_| StoreError::Invalid(format!("order {} has too many items", h.order_id)))?;
        let (id, status_changed) = match &stored {
            None => {
                let id = self.insert_header(order, item_count)?;
                self.count_in_group(&h.status_group, 1);
                stats.new_orders.push(at);
                (id, true)
            }
            Some(old) => {
                self.update_header(old, order, item_count)?;
                if old.status_group != h.status_group {
                    self.count_in_group(&h.status_group, 1);
                    self.count_in_group(&old.status_group, -1);
                }
                stats.updated += 1;
                (old.id, old.status != h.status)
            }
        };
        let replacing = stored.is_some();
        self.write_details(id, order)?;
        self.replace_packages(id, &order.packages, replacing)?;
        self.replace_items(id, &order.items, replacing)?;
        self.index_search_text(id, order, replacing)?;
        if status_changed {
            stats.status_changes += 1;
            self.add_status(id, h)?;
        }
        Ok(())
    }

    fn find_stored(&mut self, order_id: &str) -> Result<Option<Stored>, StoreError> {
        let params = named_params! { ":shop_id": self.shop_id, ":order_id": order_id };
        Ok(self
            .find
            .query_row(params, |r| {
                Ok(Stored {
                    id: r.get(0)?,
                    update_time: r.get(1)?,
                    status: r.get(2)?,
                    status_group: r.get(3)?,
                    create_time: r.get(4)?,
                    rts_sla_time: r.get(5)?,
                    buyer_name: r.get(6)?,
                    total_amount: r.get(7)?,
                    first_item_name: r.get(8)?,
                })
            })
            .optional()?)
    }

    /// A new order's row; returns its row id.
    fn insert_header(&mut self, order: &OrderRecord, item_count: u32) -> Result<i64, StoreError> {
        let mut binds = NamedBinds::new(&mut self.insert_order);
        binds.bind(":shop_id", self.shop_id)?;
        binds.bind_record(Some(&order.header), &self.slots.insert_header)?;
        binds.bind(":item_count", item_count)?;
        binds.bind(":first_item_name", first_item_name(order))?;
        binds.bind(":cancelled_items", cancelled_items(order))?;
        binds.execute()?;
        Ok(self.conn.last_insert_rowid())
    }

    /// A stored order's row, its sort-index placement only when that moved.
    fn update_header(
        &mut self,
        old: &Stored,
        order: &OrderRecord,
        item_count: u32,
    ) -> Result<(), StoreError> {
        let mut binds = NamedBinds::new(&mut self.update_order);
        binds.bind(":id", old.id)?;
        binds.bind_record(Some(&order.header), &self.slots.update_header)?;
        binds.bind(":item_count", item_count)?;
        binds.bind(":cancelled_items", cancelled_items(order))?;
        binds.execute()?;
        if old.placed_differently(order) {
            let mut binds = NamedBinds::new(&mut self.place_order);
            binds.bind(":id", old.id)?;
            binds.bind_record(Some(&order.header), &self.slots.place_header)?;
            binds.bind(":first_item_name", first_item_name(order))?;
            binds.execute()?;
        }
        Ok(())
    }

    /// The raw JSON, recipient address and payment breakdown.
    fn write_details(&mut self, id: i64, order: &OrderRecord) -> Result<(), StoreError> {
        let mut binds = NamedBinds::new(&mut self.put_details);
        binds.bind(":order_ref", id)?;
        binds.bind(":raw_json", &order.raw_json)?;
        binds.bind_record(order.recipient.as_ref(), &self.slots.recipient)?;
        binds.bind_record(Some(&order.payment), &self.slots.payment)?;
        binds.execute()?;
        Ok(())
    }

    fn replace_packages(
        &mut self,
        id: i64,
        packages: &[PackageRecord],
        replacing: bool,
    ) -> Result<(), StoreError> {
        if replacing {
            self.clear_packages
                .execute(named_params! { ":order_ref": id })?;
        }
        for (position, package) in packages.iter().enumerate() {
            let mut binds = NamedBinds::new(&mut self.put_package);
            binds.bind(":order_ref", id)?;
            binds.bind(":position", position as i64)?;
            binds.bind_record(Some(package), &self.slots.package)?;
            binds.execute()?;
        }
        Ok(())
    }

    fn replace_items(
        &mut self,
        id: i64,
        items: &[OrderItemRecord],
        replacing: bool,
    ) -> Result<(), StoreError> {
        if replacing {
            self.clear_items
                .execute(named_params! { ":order_ref": id })?;
        }
        for (position, item) in items.iter().enumerate() {
            let mut binds = NamedBinds::new(&mut self.put_item);
            binds.bind(":order_ref", id)?;
            binds.bind(":position", position as i64)?;
            binds.bind_record(Some(item), &self.slots.item)?;
            binds.execute()?;
        }
        Ok(())
    }

    /// Re-indexes the order's search text when it changed. Most updates (a status change) leave
    /// the text alone: then the index is not touched.
    fn index_search_text(
        &mut self,
        id: i64,
        order: &OrderRecord,
        replacing: bool,
    ) -> Result<(), StoreError> {
        let text = SearchText::of(order);
        let current = if replacing {
            self.indexed_text
                .query_row(named_params! { ":order_ref": id }, |r| {
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
        if current.as_ref() == Some(&text) {
            return Ok(());
        }
        if current.is_some() {
            self.unindex.execute(named_params! { ":order_ref": id })?;
        }
        self.index.execute(named_params! {
            ":order_ref": id,
            ":order_id": text.order_id,
            ":buyer": text.buyer,
            ":skus": text.skus,
            ":products": text.products,
            ":tracking": text.tracking,
        })?;
        Ok(())
    }

    /// The status the order was seen in, at this version's update time.
    fn add_status(&mut self, id: i64, h: &OrderHeader) -> Result<(), StoreError> {
        self.add_status.execute(named_params! {
            ":order_ref": id,
            ":at": h.update_time,
            ":status": h.status,
        })?;
        Ok(())
    }

    fn count_in_group(&mut self, group: &str, delta: i64) {
        *self.group_deltas.entry(group.to_owned()).or_default() += delta;
    }

    /// Adds the page's changes to the kept tab counts.
    fn apply_group_counts(self) -> Result<(), StoreError> {
        let mut count = self.conn.prepare_cached(
            "INSERT INTO order_group_counts (shop_id, status_group, n)
             VALUES (:shop_id, :status_group, :delta)
             ON CONFLICT (shop_id, status_group) DO UPDATE SET n = n + excluded.n",
        )?;
        for (group, delta) in &self.group_deltas {
            if *delta != 0 {
                count.execute(named_params! {
                    ":shop_id": self.shop_id,
                    ":status_group": group,
                    ":delta": delta,
                })?;
            }
        }
        Ok(())
    }
}
