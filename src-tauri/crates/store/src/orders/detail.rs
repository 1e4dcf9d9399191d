//! Reading everything stored about one order, for the detail drawer.

use super::columns::{select_list, StoredRecord};
use super::packed_json::StoredJson;
use super::records::{
    order_row_from, OrderDetailRecord, OrderItemRecord, PackageRecord, PaymentRecord,
    RecipientRecord, StatusChange, ORDER_ROW_COLUMNS, ORDER_ROW_WIDTH,
};
use crate::StoreError;
use rusqlite::{named_params, Connection, OptionalExtension};
use std::sync::LazyLock;

/// Where the columns after [`ORDER_ROW_COLUMNS`] start in [`ORDER_DETAIL`].
const DETAIL_FIRST: usize = ORDER_ROW_WIDTH;

static ORDER_DETAIL: LazyLock<String> = LazyLock::new(|| {
    format!(
        "SELECT {}, o.id, d.raw_json, {}, {}
         FROM orders o LEFT JOIN order_details d ON d.order_ref = o.id
         WHERE o.shop_id = :shop_id AND o.order_id = :order_id",
        *ORDER_ROW_COLUMNS,
        select_list("d", RecipientRecord::COLUMNS),
        select_list("d", PaymentRecord::COLUMNS)
    )
});

static ORDER_ITEMS: LazyLock<String> = LazyLock::new(|| {
    format!(
        "SELECT {} FROM order_items WHERE order_ref = :order_ref ORDER BY position",
        select_list("", OrderItemRecord::COLUMNS)
    )
});

static ORDER_PACKAGES: LazyLock<String> = LazyLock::new(|| {
    format!(
        "SELECT {} FROM order_packages WHERE order_ref = :order_ref ORDER BY position",
        select_list("", PackageRecord::COLUMNS)
    )
});

pub(crate) fn get_order(
    conn: &Connection,
    shop_id: &str,
    order_id: &str,
) -> Result<Option<OrderDetailRecord>, StoreError> {
    let found = conn
        .prepare_cached(&ORDER_DETAIL)?
        .query_row(
            named_params! { ":shop_id": shop_id, ":order_id": order_id },
            |r| {
                let recipient = RecipientRecord::read(r, DETAIL_FIRST + 2)?;
                let payment =
                    PaymentRecord::read(r, DETAIL_FIRST + 2 + RecipientRecord::COLUMNS.len())?;
                Ok((
                    order_row_from(r)?,
                    r.get::<_, i64>(DETAIL_FIRST)?,
                    r.get::<_, Option<StoredJson>>(DETAIL_FIRST + 1)?,
                    (recipient != RecipientRecord::default()).then_some(recipient),
                    payment,
                ))
            },
        )
        .optional()?;
    let Some((row, id, raw_json, recipient, payment)) = found else {
        return Ok(None);
    };
    let packages = conn
        .prepare_cached(&ORDER_PACKAGES)?
        .query_map(named_params! { ":order_ref": id }, |r| {
            PackageRecord::read(r, 0)
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let items = conn
        .prepare_cached(&ORDER_ITEMS)?
        .query_map(named_params! { ":order_ref": id }, |r| {
            OrderItemRecord::read(r, 0)
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let history = conn
        .prepare_cached(
            "SELECT status, at FROM order_status_history WHERE order_ref = :order_ref
             ORDER BY at, id",
        )?
        .query_map(named_params! { ":order_ref": id }, |r| {
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
        raw_json: raw_json.map(|j| j.0).unwrap_or_default(),
    }))
}
