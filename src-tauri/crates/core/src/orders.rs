//! The orders table, detail drawer and CSV export over the store.

use crate::api::{
    ApiError, GroupCount, OrderDetailView, OrderItemView, OrderPageView, OrderQueryInput,
    OrderRowView, PackageView, PaymentView, RecipientView, StatusChangeView,
};
use crate::errors::CoreError;
use crate::Shopdock;
use shopdock_store::{
    OrderColumn, OrderFlagFilter, OrderItemRecord, OrderQuery, OrderRow, PackageRecord,
    PaymentRecord, RecipientRecord,
};
use std::io::Write;
use std::path::Path;

/// The sort keys the UI may send, mapped to the store's columns.
pub const SORT_KEYS: &[(&str, OrderColumn)] = &[
    ("shop", OrderColumn::Shop),
    ("order_id", OrderColumn::OrderId),
    ("status", OrderColumn::Status),
    ("created", OrderColumn::CreateTime),
    ("updated", OrderColumn::UpdateTime),
    ("paid", OrderColumn::PaidTime),
    ("buyer", OrderColumn::BuyerName),
    ("email", OrderColumn::BuyerEmail),
    ("total", OrderColumn::TotalAmount),
    ("items", OrderColumn::ItemCount),
    ("product", OrderColumn::FirstItemName),
    ("fulfillment", OrderColumn::FulfillmentType),
    ("shipping", OrderColumn::ShippingType),
    ("ship_by", OrderColumn::ShipBy),
    ("tracking", OrderColumn::TrackingNumber),
];

fn to_query(input: &OrderQueryInput) -> Result<OrderQuery, CoreError> {
    let sort = match input.sort.as_deref() {
        None | Some("") => OrderColumn::CreateTime,
        Some(key) => SORT_KEYS
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, c)| *c)
            .ok_or_else(|| {
                CoreError::Validation(vec![crate::api::FieldError {
                    field: "sort".into(),
                    message: format!("Orders cannot be sorted by {key:?}."),
                }])
            })?,
    };
    let f = input.flags;
    Ok(OrderQuery {
        shop_ids: input.shop_ids.clone(),
        status_group: input
            .status_group
            .clone()
            .filter(|g| !g.is_empty() && g != "all"),
        created_from: input.created_from,
        created_to: input.created_to,
        fulfillment_type: input.fulfillment_type.clone().filter(|f| !f.is_empty()),
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
    })
}

fn row_view(r: OrderRow) -> OrderRowView {
    let h = r.header;
    let mut flags = Vec::new();
    for (on, name) in [
        (h.is_fbt, "fbt"),
        (h.is_on_hold, "on_hold"),
        (h.is_sample, "sample"),
        (h.is_replacement, "replacement"),
        (h.is_buyer_request_cancel, "buyer_cancel_request"),
    ] {
        if on {
            flags.push(name.to_owned());
        }
    }
    OrderRowView {
        shop_id: r.shop_id,
        order_id: h.order_id,
        status: h.status,
        status_group: h.status_group,
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
    }
}

impl Shopdock {
    /// One page of the orders table, with the tab counts.
    pub async fn query_orders(&self, input: OrderQueryInput) -> Result<OrderPageView, ApiError> {
        let q = to_query(&input)?;
        let page = self.db(move |s| s.query_orders(&q)).await?;
        Ok(OrderPageView {
            rows: page.rows.into_iter().map(row_view).collect(),
            total: page.total,
            group_counts: page
                .group_counts
                .into_iter()
                .map(|(group, count)| GroupCount { group, count })
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
        let detail = self
            .db(move |st| st.get_order(&s, &o))
            .await?
            .ok_or_else(|| {
                ApiError::new(
                    crate::ErrorCode::NotFound,
                    format!("Order {order_id} is not stored."),
                )
            })?;
        Ok(OrderDetailView {
            row: row_view(detail.row),
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
        })
    }

    /// Writes every order of the current view (all pages) as CSV; returns the row count.
    /// Written to a temporary file first and renamed, so a failure never leaves half a file.
    /// Runs on the blocking pool: it is file and database work from start to end.
    pub async fn export_orders_csv(
        &self,
        input: OrderQueryInput,
        path: &Path,
    ) -> Result<u64, ApiError> {
        let mut q = to_query(&input)?;
        q.offset = 0;
        q.limit = shopdock_store::MAX_PAGE;
        let (store, path) = (self.inner.store.clone(), path.to_path_buf());
        tokio::task::spawn_blocking(move || write_csv(&store, q, &path))
            .await
            .map_err(|e| ApiError::new(crate::ErrorCode::Internal, format!("export failed: {e}")))?
    }
}

fn write_csv(
    store: &shopdock_store::Store,
    mut q: OrderQuery,
    path: &Path,
) -> Result<u64, ApiError> {
    let io_err = |e: std::io::Error| {
        ApiError::new(
            crate::ErrorCode::Storage,
            format!("Writing {} failed: {e}", path.display()),
        )
    };
    let tmp = path.with_extension("csv.partial");
    let result = (|| {
        let mut out = std::io::BufWriter::new(std::fs::File::create(&tmp).map_err(io_err)?);
        writeln!(out, "shop_id,order_id,status,created,buyer,email,currency,total,items,first_item,fulfillment,ship_by,tracking,flags").map_err(io_err)?;
        let mut written = 0u64;
        loop {
            let page = store.query_orders(&q).map_err(CoreError::from)?;
            let n = page.rows.len();
            for r in page.rows.into_iter().map(row_view) {
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
                    r.flags.join(" "),
                ];
                let line: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
                writeln!(out, "{}", line.join(",")).map_err(io_err)?;
                written += 1;
            }
            if (n as u32) < q.limit {
                break;
            }
            q.offset += n as u64;
        }
        out.flush().map_err(io_err)?;
        drop(out);
        std::fs::rename(&tmp, path).map_err(io_err)?;
        Ok(written)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Quotes a CSV field when needed. A leading `=`, `+`, `-` or `@` is prefixed with `'` so a
/// spreadsheet does not run a buyer-supplied value as a formula.
fn csv_field(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@']) {
        format!("'{s}")
    } else {
        s.to_owned()
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
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

    #[test]
    fn csv_fields_are_quoted_and_formulas_defused() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("=HYPERLINK(1)"), "'=HYPERLINK(1)");
    }

    #[test]
    fn unknown_sort_keys_are_refused() {
        let q = OrderQueryInput {
            sort: Some("drop table".into()),
            ..Default::default()
        };
        assert!(to_query(&q).is_err());
        let q = OrderQueryInput {
            sort: Some("ship_by".into()),
            ..Default::default()
        };
        assert_eq!(to_query(&q).unwrap().sort, OrderColumn::ShipBy);
    }
}
