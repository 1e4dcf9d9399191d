//! The orders table, detail drawer and CSV export over the store.

use crate::api::{
    ApiError, GroupCount, OrderDetailView, OrderFlag, OrderItemView, OrderOutboxView,
    OrderPageView, OrderQueryInput, OrderRowView, OutboxEntryView, PackageView, PaymentView,
    RecipientView, SortKey, StatusChangeView, StatusGroup, UnreadableOrderView,
};
use crate::Shopdock;
use shopdock_store::{
    OrderColumn, OrderFlagFilter, OrderItemRecord, OrderQuery, OrderRow, PackageRecord,
    PaymentRecord, RecipientRecord,
};
use std::borrow::Cow;
use std::io::Write;
use std::path::Path;

impl From<shopdock_store::UnreadableOrderRecord> for UnreadableOrderView {
    fn from(r: shopdock_store::UnreadableOrderRecord) -> Self {
        Self {
            shop_id: r.shop_id,
            order_id: r.order.order_id,
            reason: r.order.reason,
            raw_json: r.order.raw_json,
            first_seen_at: r.first_seen_at,
            last_seen_at: r.last_seen_at,
        }
    }
}

/// The store's column for each sort key of the UI.
fn sort_column(key: SortKey) -> OrderColumn {
    match key {
        SortKey::Shop => OrderColumn::Shop,
        SortKey::OrderId => OrderColumn::OrderId,
        SortKey::Status => OrderColumn::Status,
        SortKey::Created => OrderColumn::CreateTime,
        SortKey::Updated => OrderColumn::UpdateTime,
        SortKey::Paid => OrderColumn::PaidTime,
        SortKey::Buyer => OrderColumn::BuyerName,
        SortKey::Email => OrderColumn::BuyerEmail,
        SortKey::Total => OrderColumn::TotalAmount,
        SortKey::Items => OrderColumn::ItemCount,
        SortKey::Product => OrderColumn::FirstItemName,
        SortKey::Fulfillment => OrderColumn::FulfillmentType,
        SortKey::Shipping => OrderColumn::ShippingType,
        SortKey::ShipBy => OrderColumn::ShipBy,
        SortKey::Tracking => OrderColumn::TrackingNumber,
        SortKey::CancelDeadline => OrderColumn::CancelDeadline,
    }
}

/// A stored tab name as the UI's word ([`StatusGroup::Unknown`] for one Shopdock never wrote).
pub(crate) fn stored_group(group: &str) -> StatusGroup {
    group.parse().unwrap_or(StatusGroup::Unknown)
}

fn to_query(input: &OrderQueryInput) -> OrderQuery {
    let sort = sort_column(input.sort.unwrap_or(SortKey::Created));
    let f = input.flags;
    OrderQuery {
        shop_ids: input.shop_ids.clone(),
        status_group: input.status_group.map(|g| g.as_str().to_owned()),
        created_from: input.created_from,
        created_to: input.created_to,
        fulfillment_type: input.fulfillment_type.map(|f| f.as_str().to_owned()),
        flags: OrderFlagFilter {
            on_hold: f.on_hold,
            fbt: f.fbt,
            sample: f.sample,
            replacement: f.replacement,
            buyer_request_cancel: f.buyer_request_cancel,
        },
        search: input.search.clone().filter(|s| !s.trim().is_empty()),
        sort,
        descending: input.descending,
        offset: u64::from(input.offset),
        limit: input
            .limit
            .unwrap_or(100)
            .clamp(1, shopdock_store::MAX_PAGE),
    }
}

fn row_view(r: OrderRow) -> OrderRowView {
    let h = r.header;
    let mut flags = Vec::new();
    for (on, flag) in [
        (h.is_fbt, OrderFlag::Fbt),
        (h.is_on_hold, OrderFlag::OnHold),
        (h.is_sample, OrderFlag::Sample),
        (h.is_replacement, OrderFlag::Replacement),
        (h.is_buyer_request_cancel, OrderFlag::BuyerCancelRequest),
    ] {
        if on {
            flags.push(flag);
        }
    }
    OrderRowView {
        shop_id: r.shop_id,
        order_id: h.order_id,
        status: h.status,
        status_group: stored_group(&h.status_group),
        create_time: h.create_time,
        update_time: h.update_time,
        buyer_name: h.buyer_name,
        buyer_email: h.buyer_email,
        currency: h.currency,
        total_amount: h.total_amount,
        item_count: r.item_count,
        first_item_name: r.first_item_name,
        fulfillment_type: h.fulfillment_type,
        ship_by: h.rts_sla_time,
        tracking_number: h.tracking_number,
        flags,
        cancel_deadline: r.cancel_deadline,
        cancel_request_reason: r.cancel_request_reason,
        cancelled_items: r.cancelled_items,
        outbox: None,
    }
}

/// The table's tag for an order's latest outgoing change.
fn outbox_view(s: shopdock_store::outbox::OrderOutboxStatus) -> OrderOutboxView {
    OrderOutboxView {
        id: s.id,
        kind: crate::outbox::views::kind_word(s.kind),
        state: crate::outbox::views::state_word(s.state),
        reason: s.last_error.map(|p| p.reason),
        warning: crate::outbox::views::result_warning(s.result),
        updated_at: s.updated_at,
    }
}

impl Shopdock {
    /// One page of the orders table, with the tab counts.
    pub async fn query_orders(&self, input: OrderQueryInput) -> Result<OrderPageView, ApiError> {
        let q = to_query(&input);
        let shops = input.shop_ids.clone();
        let (page, outbox, unreadable) = self
            .db(move |s| {
                let page = s.query_orders(&q)?;
                let keys: Vec<(&str, &str)> = page
                    .rows
                    .iter()
                    .map(|r| (r.shop_id.as_str(), r.header.order_id.as_str()))
                    .collect();
                let outbox = s.order_outbox_states(&keys)?;
                Ok((page, outbox, s.unreadable_orders(None)?))
            })
            .await?;
        let unreadable = unreadable
            .into_iter()
            .filter(|u| shops.is_empty() || shops.contains(&u.shop_id))
            .map(UnreadableOrderView::from)
            .collect();
        Ok(OrderPageView {
            unreadable,
            rows: page
                .rows
                .into_iter()
                .zip(outbox)
                .map(|(row, outbox)| OrderRowView {
                    outbox: outbox.map(outbox_view),
                    ..row_view(row)
                })
                .collect(),
            total: page.total,
            group_counts: page
                .group_counts
                .into_iter()
                .map(|(group, count)| GroupCount {
                    group: stored_group(&group),
                    count,
                })
                .collect(),
            counts_exact: page.counts_exact,
        })
    }

    /// Everything stored about one order.
    pub async fn order_detail(
        &self,
        shop_id: &str,
        order_id: &str,
    ) -> Result<OrderDetailView, ApiError> {
        let (s, o) = (shop_id.to_owned(), order_id.to_owned());
        let (detail, outbox, entry, cancellations) = self
            .db(move |st| {
                let detail = st.get_order(&s, &o)?;
                let cancellations = st.order_cancellations(&s, &o)?;
                let outbox = st
                    .order_outbox_states(&[(s.as_str(), o.as_str())])?
                    .into_iter()
                    .next()
                    .flatten();
                let entry = match &outbox {
                    Some(status) => st.outbox_entry(status.id)?,
                    None => None,
                };
                Ok((detail, outbox, entry, cancellations))
            })
            .await?;
        let detail = detail.ok_or_else(|| {
            ApiError::new(
                crate::ErrorCode::NotFound,
                format!("Order {order_id} is not stored."),
            )
        })?;
        let confirmation_wait = self
            .confirmation_wait_view(shop_id, &detail.raw_json)
            .await?;
        Ok(OrderDetailView {
            row: OrderRowView {
                outbox: outbox.map(outbox_view),
                ..row_view(detail.row)
            },
            items: detail.items.into_iter().map(OrderItemView::from).collect(),
            recipient: detail.recipient.map(RecipientView::from),
            payment: PaymentView::from(detail.payment),
            packages: detail.packages.into_iter().map(PackageView::from).collect(),
            history: detail
                .history
                .into_iter()
                .map(|h| StatusChangeView {
                    status: h.status,
                    at: h.at,
                })
                .collect(),
            raw_json: detail.raw_json,
            confirmation_wait,
            outbox_entry: entry.map(OutboxEntryView::from),
            cancellations: cancellations
                .into_iter()
                .map(crate::cancellations::CancellationView::from)
                .collect(),
        })
    }

    /// Writes every order of the current view (all pages) as CSV; returns the row count.
    /// Every page is read in one read transaction (one snapshot: a sync running meanwhile
    /// neither splits nor repeats an order), written to a private temporary file, flushed to
    /// disk and renamed, so a failure never leaves half a file. Runs on the blocking pool: it
    /// is file and database work from start to end.
    pub async fn export_orders_csv(
        &self,
        input: OrderQueryInput,
        path: &Path,
    ) -> Result<u64, ApiError> {
        let mut q = to_query(&input);
        q.offset = 0;
        q.limit = shopdock_store::MAX_PAGE;
        let (store, path) = (self.inner.store.clone(), path.to_path_buf());
        tokio::task::spawn_blocking(move || write_csv(&store, q, &path))
            .await
            .map_err(|e| ApiError::new(crate::ErrorCode::Internal, format!("export failed: {e}")))?
    }
}

/// The export's columns, in order.
const CSV_HEADER: [&str; 14] = [
    "shop_id",
    "order_id",
    "status",
    "created",
    "buyer",
    "email",
    "currency",
    "total",
    "items",
    "first_item",
    "fulfillment",
    "ship_by",
    "tracking",
    "flags",
];

/// The columns that hold numbers (times, the total, the item count): a value there that is a
/// plain number stays a number, so a refund's `-12.50` still sums in a spreadsheet. Anything
/// else in them, and every value of the text columns, is defused by [`defuse_formula`].
const NUMERIC_COLUMNS: [&str; 4] = ["created", "total", "items", "ship_by"];

/// Writes the export to `<path>.csv.partial` (mode `0600`: it holds buyers' names), flushes it
/// to disk and renames it over `path`, so a reader never sees half a file and a failure leaves
/// nothing behind.
fn write_csv(store: &shopdock_store::Store, q: OrderQuery, path: &Path) -> Result<u64, ApiError> {
    let storage_err = |e: &dyn std::fmt::Display| write_failed(path, e);
    let tmp = path.with_extension("csv.partial");
    // A partial file left by a crash is ours to replace.
    let _ = std::fs::remove_file(&tmp);
    let result = (|| {
        let file = shopdock_store::create_private_file(&tmp).map_err(|e| storage_err(&e))?;
        let mut out = csv_writer(file);
        let written = write_rows(store, q, &mut out, path)?;
        let file = out.into_inner().map_err(|e| storage_err(e.error()))?;
        file.sync_all().map_err(|e| storage_err(&e))?;
        std::fs::rename(&tmp, path).map_err(|e| storage_err(&e))?;
        // The rename itself survives a power cut only once the folder is flushed too.
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            if let Err(e) = std::fs::File::open(dir).and_then(|d| d.sync_all()) {
                tracing::debug!(error = %e, "could not flush the export's folder");
            }
        }
        Ok(written)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// The one CSV dialect of the export: comma, `"` quoting only where needed, `\n` endings.
fn csv_writer<W: Write>(out: W) -> csv::Writer<W> {
    csv::WriterBuilder::new().from_writer(out)
}

/// The header, then every order of the query, all pages from one snapshot.
fn write_rows<W: Write>(
    store: &shopdock_store::Store,
    q: OrderQuery,
    out: &mut csv::Writer<W>,
    path: &Path,
) -> Result<u64, ApiError> {
    let csv_err = |e: csv::Error| write_failed(path, &e);
    out.write_record(CSV_HEADER).map_err(csv_err)?;
    let mut written = 0u64;
    store.each_order_page(&q, |rows| -> Result<(), ApiError> {
        for r in rows.into_iter().map(row_view) {
            let fields = [
                r.shop_id,
                r.order_id,
                r.status,
                r.create_time.to_string(),
                r.buyer_name.unwrap_or_default(),
                r.buyer_email.unwrap_or_default(),
                r.currency.unwrap_or_default(),
                r.total_amount.unwrap_or_default(),
                r.item_count.to_string(),
                r.first_item_name.unwrap_or_default(),
                r.fulfillment_type.unwrap_or_default(),
                r.ship_by.map(|t| t.to_string()).unwrap_or_default(),
                r.tracking_number.unwrap_or_default(),
                r.flags
                    .iter()
                    .map(|f| f.as_str())
                    .collect::<Vec<_>>()
                    .join(" "),
            ];
            let cells: Vec<Cow<'_, str>> = CSV_HEADER
                .iter()
                .zip(&fields)
                .map(|(column, value)| cell(column, value))
                .collect();
            out.write_record(cells.iter().map(|c| c.as_bytes()))
                .map_err(csv_err)?;
            written += 1;
        }
        Ok(())
    })?;
    out.flush().map_err(|e| write_failed(path, &e))?;
    Ok(written)
}

fn write_failed(path: &Path, e: &dyn std::fmt::Display) -> ApiError {
    ApiError::new(
        crate::ErrorCode::Storage,
        format!("Writing {} failed: {e}", path.display()),
    )
}

/// The value of `column` as the export writes it: numbers of the numeric columns as they are,
/// everything else defused.
fn cell<'a>(column: &str, value: &'a str) -> Cow<'a, str> {
    if NUMERIC_COLUMNS.contains(&column) && is_plain_number(value) {
        Cow::Borrowed(value)
    } else {
        defuse_formula(value)
    }
}

/// `-12.50`, `3`, `0.5`: an optional minus, digits, an optional fraction. Nothing a
/// spreadsheet could read as a formula.
fn is_plain_number(s: &str) -> bool {
    let digits = s.strip_prefix('-').unwrap_or(s);
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, "0"));
    let all_digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    all_digits(whole) && all_digits(fraction)
}

/// A value starting with `=`, `+`, `-`, `@`, a tab or a carriage return is prefixed with `'`
/// so a spreadsheet shows it as text instead of running a buyer-supplied value as a formula
/// (the OWASP advice for CSV injection). Quoting is the CSV writer's job.
pub(crate) fn defuse_formula(s: &str) -> Cow<'_, str> {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{s}"))
    } else {
        Cow::Borrowed(s)
    }
}

// The store's records as the drawer shows them: one conversion per record, field by field, so
// the compiler points at this spot when either side gains a field.

impl From<OrderItemRecord> for OrderItemView {
    fn from(i: OrderItemRecord) -> Self {
        OrderItemView {
            line_item_id: i.line_item_id,
            sku_id: i.sku_id,
            seller_sku: i.seller_sku,
            product_name: i.product_name,
            sku_name: i.sku_name,
            sale_price: i.sale_price,
            display_status: i.display_status,
            package_id: i.package_id,
            tracking_number: i.tracking_number,
        }
    }
}

impl From<RecipientRecord> for RecipientView {
    fn from(r: RecipientRecord) -> Self {
        RecipientView {
            name: r.name,
            phone_number: r.phone,
            full_address: r.full_address,
            address_detail: r.address_detail,
            address_lines: r.address_lines,
            districts: r.districts,
            postal_code: r.postal_code,
            region_code: r.region_code,
        }
    }
}

impl From<PaymentRecord> for PaymentView {
    fn from(p: PaymentRecord) -> Self {
        PaymentView {
            original_total_product_price: p.original_total_product_price,
            seller_discount: p.seller_discount,
            platform_discount: p.platform_discount,
            sub_total: p.sub_total,
            shipping_fee: p.shipping_fee,
            original_shipping_fee: p.original_shipping_fee,
            shipping_fee_seller_discount: p.shipping_fee_seller_discount,
            shipping_fee_platform_discount: p.shipping_fee_platform_discount,
            tax: p.tax,
            retail_delivery_fee: p.retail_delivery_fee,
            small_order_fee: p.small_order_fee,
            buyer_service_fee: p.buyer_service_fee,
            handling_fee: p.handling_fee,
            item_insurance_fee: p.item_insurance_fee,
        }
    }
}

impl From<PackageRecord> for PackageView {
    fn from(p: PackageRecord) -> Self {
        PackageView {
            package_id: p.package_id,
            tracking_number: p.tracking_number,
            shipping_provider: p.shipping_provider,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One record as the export encodes it.
    fn encoded(fields: &[&str]) -> String {
        let mut out = csv_writer(Vec::new());
        let cells: Vec<Cow<'_, str>> = fields.iter().map(|f| defuse_formula(f)).collect();
        out.write_record(cells.iter().map(|c| c.as_bytes()))
            .unwrap();
        String::from_utf8(out.into_inner().unwrap()).unwrap()
    }

    #[test]
    fn csv_fields_are_quoted_and_formulas_defused() {
        assert_eq!(encoded(&["plain"]), "plain\n");
        assert_eq!(encoded(&["a,b"]), "\"a,b\"\n");
        assert_eq!(encoded(&["say \"hi\""]), "\"say \"\"hi\"\"\"\n");
        assert_eq!(encoded(&["=HYPERLINK(1)"]), "'=HYPERLINK(1)\n");
        for lead in ["+1", "-1", "@SUM(A1)"] {
            assert_eq!(encoded(&[lead]), format!("'{lead}\n"));
        }
        assert_eq!(encoded(&["\tcmd"]), "'\tcmd\n");
        assert_eq!(encoded(&["\r=1"]), "\"'\r=1\"\n");
    }

    #[test]
    fn numbers_in_numeric_columns_stay_numbers_and_everything_else_is_defused() {
        assert_eq!(cell("total", "-12.50"), "-12.50");
        assert_eq!(cell("total", "3"), "3");
        assert_eq!(cell("created", "-5"), "-5");
        assert_eq!(cell("total", "-1+1"), "'-1+1");
        assert_eq!(cell("total", "=1"), "'=1");
        assert_eq!(cell("total", "-"), "'-");
        assert_eq!(cell("total", "-.5"), "'-.5");
        assert_eq!(cell("buyer", "-12.50"), "'-12.50");
        assert_eq!(cell("order_id", "+1555"), "'+1555");
    }

    #[test]
    fn awkward_values_read_back_exactly_through_a_csv_reader() {
        let values = [
            "line one\nline two",
            "carriage\r\nreturn",
            "comma, and \"quotes\"",
            "",
            " padded ",
            "Zoë 🛍",
        ];
        let text = encoded(&values);
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(text.as_bytes());
        let record = reader.records().next().unwrap().unwrap();
        assert_eq!(record.iter().collect::<Vec<_>>(), values);
    }

    fn empty_store(dir: &Path) -> shopdock_store::Store {
        shopdock_store::Store::open(&dir.join("shopdock.sqlite3")).unwrap()
    }

    fn all_orders() -> OrderQuery {
        let mut q = to_query(&OrderQueryInput::default());
        q.limit = shopdock_store::MAX_PAGE;
        q
    }

    #[test]
    fn an_export_of_no_orders_is_the_header_alone_and_leaves_no_partial_file() {
        let dir = tempfile::tempdir().unwrap();
        let store = empty_store(dir.path());
        let path = dir.path().join("orders.csv");
        assert_eq!(write_csv(&store, all_orders(), &path).unwrap(), 0);
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            format!("{}\n", CSV_HEADER.join(","))
        );
        assert!(!dir.path().join("orders.csv.partial").exists());
    }

    #[test]
    fn a_failed_export_keeps_the_previous_file_and_removes_its_partial_file() {
        let dir = tempfile::tempdir().unwrap();
        let store = empty_store(dir.path());
        // The target is a non-empty folder: the final rename fails after the rows are written.
        let path = dir.path().join("orders.csv");
        std::fs::create_dir(&path).unwrap();
        std::fs::write(path.join("keep.txt"), "kept").unwrap();
        let err = write_csv(&store, all_orders(), &path).unwrap_err();
        assert!(err.message.contains("orders.csv"), "{}", err.message);
        assert_eq!(
            std::fs::read_to_string(path.join("keep.txt")).unwrap(),
            "kept"
        );
        assert!(!dir.path().join("orders.csv.partial").exists());
    }

    #[test]
    fn unknown_sort_keys_are_refused() {
        let refused = serde_json::from_str::<OrderQueryInput>(
            r#"{"shop_ids":[],"status_group":null,"created_from":null,"created_to":null,
                "fulfillment_type":null,"flags":{"on_hold":null,"fbt":null,"sample":null,
                "replacement":null,"buyer_request_cancel":null},"search":null,
                "sort":"drop table","descending":false,"offset":0,"limit":null}"#,
        );
        assert!(refused.is_err());
        let q = OrderQueryInput {
            sort: Some(SortKey::ShipBy),
            ..Default::default()
        };
        assert_eq!(to_query(&q).sort, OrderColumn::ShipBy);
    }

    #[test]
    fn every_sort_key_has_its_own_column() {
        let mut columns: Vec<_> = crate::words::all::<SortKey>()
            .iter()
            .map(|k| format!("{:?}", sort_column(*k)))
            .collect();
        columns.sort();
        columns.dedup();
        assert_eq!(columns.len(), crate::words::all::<SortKey>().len());
    }
}
