//! Finance written for an accountant: one row per statement, per statement transaction, or
//! per settled order, as CSV (one table) or an xlsx workbook (a sheet each). Amounts are
//! signed numbers beside a currency column (number cells in the workbook, written from the
//! exact decimals; plain decimal text in the CSV), dates ISO 8601 in UTC, and every amount by
//! kind that occurs in the export gets a column named by its kind
//! (`fee.platform_commission_amount`), in TikTok's reference order.
//!
//! The rows stream from one store snapshot into the file (a workbook through temporary
//! files), so a year of transactions is never held in memory; the file is written whole or
//! not at all.

use super::convert::known_kinds;
use super::present::{amount, iso_time, statement_day};
use super::profit::{order_profit, Currencies};
use super::queries::{net, statement_times};
use super::views::{FinanceExportInput, FinanceExportSummary};
use crate::api::{ApiError, ErrorCode};
use crate::documents::file::write_atomically;
use crate::orders::defuse_formula;
use crate::words::FinanceExportRows;
use crate::Shopdock;
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};
use shopdock_store::finance::parts::{group_of, ADJUSTMENT, RESERVE};
use shopdock_store::finance::{CostPart, FinanceQuery, OrderEarningsRecord, Parts};
use shopdock_store::Store;
use shopdock_tiktok::finance::Decimal;
use std::collections::{BTreeSet, HashMap};
use std::path::Path;
use std::sync::Arc;

/// One cell.
enum Cell {
    Text(String),
    Amount(Option<Decimal>),
    Count(Option<i64>),
}

fn text(s: impl Into<String>) -> Cell {
    Cell::Text(s.into())
}

fn opt_text(s: Option<String>) -> Cell {
    Cell::Text(s.unwrap_or_default())
}

/// Where rows go.
trait Sink {
    fn row(&mut self, cells: &[Cell]) -> Result<(), ApiError>;
}

fn failed(what: &str, e: &dyn std::fmt::Display) -> ApiError {
    ApiError::new(
        ErrorCode::Internal,
        format!("Shopdock could not write the {what}."),
    )
    .with_detail(e.to_string())
}

struct CsvSink(csv::Writer<Vec<u8>>);

impl Sink for CsvSink {
    fn row(&mut self, cells: &[Cell]) -> Result<(), ApiError> {
        let fields: Vec<String> = cells
            .iter()
            .map(|c| match c {
                Cell::Text(s) => defuse_formula(s).into_owned(),
                Cell::Amount(v) => amount(*v).unwrap_or_default(),
                Cell::Count(v) => v.map(|n| n.to_string()).unwrap_or_default(),
            })
            .collect();
        self.0.write_record(&fields).map_err(|e| failed("CSV", &e))
    }
}

struct SheetSink<'a> {
    sheet: &'a mut Worksheet,
    row: u32,
    header: Format,
}

impl SheetSink<'_> {
    fn write(&mut self, cells: &[Cell]) -> Result<(), XlsxError> {
        for (col, cell) in cells.iter().enumerate() {
            let col = col as u16;
            match cell {
                Cell::Text(s) if self.row == 0 => {
                    self.sheet
                        .write_string_with_format(0, col, s, &self.header)?;
                }
                Cell::Text(s) if !s.is_empty() => {
                    self.sheet.write_string(self.row, col, s)?;
                }
                Cell::Amount(Some(d)) => {
                    self.sheet.write(self.row, col, *d)?;
                }
                Cell::Count(Some(n)) => {
                    self.sheet.write(self.row, col, *n)?;
                }
                _ => {}
            }
        }
        self.row += 1;
        Ok(())
    }
}

impl Sink for SheetSink<'_> {
    fn row(&mut self, cells: &[Cell]) -> Result<(), ApiError> {
        self.write(cells).map_err(|e| failed("workbook", &e))
    }
}

/// The kinds that get a column: the breakdowns' (adjustments and reserves have their own
/// columns), known ones in the reference's order, then any other by name.
fn columns(present: BTreeSet<String>) -> Vec<String> {
    let known = known_kinds();
    let mut out: Vec<String> = known
        .iter()
        .filter(|k| present.contains(*k))
        .cloned()
        .collect();
    out.extend(present.into_iter().filter(|k| !known.contains(k)));
    out
}

fn note_kinds(parts: &Parts, into: &mut BTreeSet<String>) {
    for (k, _) in parts.iter() {
        if !matches!(group_of(k), ADJUSTMENT | RESERVE) && !into.contains(k) {
            into.insert(k.to_owned());
        }
    }
}

fn kind_cells<'a>(parts: &'a Parts, kinds: &'a [String]) -> impl Iterator<Item = Cell> + 'a {
    kinds.iter().map(move |k| {
        let v = parts.get(k);
        Cell::Amount((!v.is_zero()).then_some(v))
    })
}

fn header(names: &[&str], kinds: &[String]) -> Vec<Cell> {
    names
        .iter()
        .map(|n| text(*n))
        .chain(kinds.iter().map(|k| text(k.clone())))
        .collect()
}

struct Exporter {
    store: Arc<Store>,
    query: FinanceQuery,
    labels: HashMap<String, String>,
}

impl Exporter {
    fn label(&self, shop_id: &str) -> String {
        self.labels
            .get(shop_id)
            .cloned()
            .unwrap_or_else(|| shop_id.to_owned())
    }

    fn statements(&self, out: &mut dyn Sink) -> Result<u64, ApiError> {
        out.row(&header(
            &[
                "shop",
                "statement_id",
                "date",
                "statement_time",
                "currency",
                "settlement",
                "revenue",
                "shipping",
                "fees_and_taxes",
                "adjustments",
                "reserve",
                "payable",
                "payment_status",
                "payment_id",
                "paid_at",
                "payout_amount",
                "payout_currency",
                "transactions",
                "complete",
            ],
            &[],
        ))?;
        let mut q = self.query.clone();
        let mut n = 0u64;
        // Oldest first, like the other tables: read every page, then write.
        let mut rows = Vec::new();
        loop {
            q.offset = n as u32;
            let page = self.store.finance_statements(&q)?;
            let got = page.rows.len() as u64;
            rows.extend(page.rows);
            n += got;
            if got == 0 || n >= u64::from(page.total) {
                break;
            }
        }
        rows.reverse();
        for r in &rows {
            let s = &r.statement;
            let t = &r.totals;
            let payout = r.payment.as_ref().and_then(|p| p.amount.as_ref());
            out.row(&[
                text(self.label(&r.shop_id)),
                text(s.statement_id.clone()),
                text(statement_day(s.statement_time)),
                text(iso_time(s.statement_time)),
                text(s.currency.clone()),
                Cell::Amount(s.settlement_amount.or(t.settlement_amount)),
                Cell::Amount(t.revenue_amount.or(s.revenue_amount).or(s.net_sales_amount)),
                Cell::Amount(t.shipping_cost_amount.or(s.shipping_cost_amount)),
                Cell::Amount(t.fee_tax_amount.or(s.fee_amount)),
                Cell::Amount(t.adjustment_amount.or(s.adjustment_amount)),
                Cell::Amount(t.reserve_amount),
                Cell::Amount(t.payable_amount),
                text(s.payment_status.clone()),
                opt_text(s.payment_id.clone()),
                opt_text(r.payment.as_ref().and_then(|p| p.paid_time).map(iso_time)),
                Cell::Amount(payout.map(|m| m.amount)),
                opt_text(payout.map(|m| m.currency.clone())),
                Cell::Count(t.transaction_count),
                text(if r.transactions_done { "yes" } else { "no" }),
            ])?;
        }
        Ok(rows.len() as u64)
    }

    fn transactions(&self, out: &mut dyn Sink) -> Result<u64, ApiError> {
        let mut present = BTreeSet::new();
        self.store.for_each_finance_transaction(&self.query, |r| {
            note_kinds(&r.transaction.parts, &mut present);
            Ok::<_, ApiError>(())
        })?;
        let kinds = columns(present);
        out.row(&header(
            &[
                "shop",
                "statement_id",
                "date",
                "currency",
                "transaction_id",
                "type",
                "order_id",
                "order_created_at",
                "settlement",
                "revenue",
                "shipping",
                "fees_and_taxes",
                "adjustment",
                "reserve",
                "reserve_status",
                "parts_sum",
                "gap",
            ],
            &kinds,
        ))?;
        let mut n = 0;
        self.store.for_each_finance_transaction(&self.query, |r| {
            let t = &r.transaction;
            let sum = t.parts_sum();
            let gap = match (t.settlement_amount, sum) {
                (Some(truth), Some(sum)) if truth != sum => Some(truth - sum),
                _ => None,
            };
            let mut cells = vec![
                text(self.label(&r.shop_id)),
                text(r.statement_id.clone()),
                text(statement_day(r.statement_time)),
                text(r.currency.clone()),
                text(t.transaction_id.clone()),
                text(t.kind.clone()),
                opt_text(t.order_id.clone()),
                opt_text(t.order_create_time.map(iso_time)),
                Cell::Amount(t.settlement_amount),
                Cell::Amount(t.revenue_amount),
                Cell::Amount(t.shipping_cost_amount),
                Cell::Amount(t.fee_tax_amount),
                Cell::Amount(t.adjustment_amount),
                Cell::Amount(t.reserve_amount),
                opt_text(t.reserve_status.clone()),
                Cell::Amount(sum),
                Cell::Amount(gap),
            ];
            cells.extend(kind_cells(&t.parts, &kinds));
            n += 1;
            out.row(&cells)
        })?;
        Ok(n)
    }

    fn orders(&self, out: &mut dyn Sink) -> Result<u64, ApiError> {
        let mut present = BTreeSet::new();
        self.store.for_each_order_earnings(&self.query, |e| {
            note_kinds(&e.parts, &mut present);
            Ok::<_, ApiError>(())
        })?;
        let kinds = columns(present);
        out.row(&header(
            &[
                "shop",
                "order_id",
                "settled_date",
                "statement_id",
                "currency",
                "revenue",
                "shipping",
                "fees",
                "taxes",
                "fees_and_taxes",
                "adjustments",
                "reserve",
                "settlement",
                "parts_sum",
                "gap",
                "net",
                "cost",
                "profit",
                "margin_percent",
            ],
            &kinds,
        ))?;
        let mut costs: HashMap<String, HashMap<String, Vec<CostPart>>> = HashMap::new();
        let cost_currency = self.store.price_currency()?;
        let mut n = 0;
        self.store
            .for_each_order_earnings(&self.query, |e: OrderEarningsRecord| {
                if !costs.contains_key(&e.shop_id) {
                    costs.insert(e.shop_id.clone(), self.store.sku_costs(&e.shop_id)?);
                }
                let units = self
                    .store
                    .order_units(&e.shop_id, std::slice::from_ref(&e.order_id))?;
                let profit = order_profit(
                    net(&e),
                    e.revenue_amount,
                    units.get(&e.order_id),
                    costs.get(&e.shop_id).unwrap_or(&HashMap::new()),
                    Currencies {
                        order: Some(e.currency.as_str()),
                        costs: cost_currency.as_deref(),
                    },
                );
                let mut cells = vec![
                    text(self.label(&e.shop_id)),
                    text(e.order_id.clone()),
                    opt_text(e.statement_time.map(statement_day)),
                    opt_text(e.statement_id.clone()),
                    text(e.currency.clone()),
                    Cell::Amount(e.revenue_amount),
                    Cell::Amount(e.shipping_cost_amount),
                    Cell::Amount(e.fee_amount),
                    Cell::Amount(e.tax_amount),
                    Cell::Amount(e.fee_tax_amount),
                    Cell::Amount(e.adjustment_amount),
                    Cell::Amount(e.reserve_amount),
                    Cell::Amount(e.settlement_amount),
                    Cell::Amount(e.parts_sum),
                    Cell::Amount(e.settlement_gap),
                    Cell::Amount(net(&e)),
                    Cell::Amount(profit.cost),
                    Cell::Amount(profit.profit),
                    Cell::Amount(profit.margin_percent),
                ];
                cells.extend(kind_cells(&e.parts, &kinds));
                n += 1;
                out.row(&cells)
            })?;
        Ok(n)
    }

    fn csv(&self, rows: FinanceExportRows) -> Result<(Vec<u8>, FinanceExportSummary), ApiError> {
        let mut sink = CsvSink(csv::Writer::from_writer(Vec::new()));
        let mut summary = FinanceExportSummary::default();
        match rows {
            FinanceExportRows::Statements => summary.statements = self.statements(&mut sink)?,
            FinanceExportRows::Transactions => {
                summary.transactions = self.transactions(&mut sink)?
            }
            FinanceExportRows::Orders => summary.orders = self.orders(&mut sink)?,
        }
        let bytes = sink.0.into_inner().map_err(|e| failed("CSV", e.error()))?;
        Ok((bytes, summary))
    }

    fn xlsx(&self) -> Result<(Vec<u8>, FinanceExportSummary), ApiError> {
        let mut book = Workbook::new();
        let mut summary = FinanceExportSummary::default();
        let header = Format::new().set_bold();
        let sheet_failed = |e: XlsxError| failed("workbook", &e);
        for (name, rows) in [
            ("Statements", FinanceExportRows::Statements),
            ("Transactions", FinanceExportRows::Transactions),
            ("Orders", FinanceExportRows::Orders),
        ] {
            let sheet = book
                .add_worksheet_with_constant_memory()
                .map_err(sheet_failed)?;
            sheet.set_name(name).map_err(sheet_failed)?;
            sheet.set_freeze_panes(1, 0).map_err(sheet_failed)?;
            let mut sink = SheetSink {
                sheet,
                row: 0,
                header: header.clone(),
            };
            match rows {
                FinanceExportRows::Statements => summary.statements = self.statements(&mut sink)?,
                FinanceExportRows::Transactions => {
                    summary.transactions = self.transactions(&mut sink)?
                }
                FinanceExportRows::Orders => summary.orders = self.orders(&mut sink)?,
            }
        }
        let bytes = book.save_to_buffer().map_err(sheet_failed)?;
        Ok((bytes, summary))
    }
}

/// `.csv` or `.xlsx`, by the file's extension.
fn is_workbook(path: &Path) -> Result<bool, ApiError> {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("csv") => Ok(false),
        Some("xlsx") => Ok(true),
        _ => Err(ApiError::new(
            ErrorCode::Validation,
            format!(
                "Shopdock exports finances as .csv or .xlsx: name the file {} or {}.",
                path.with_extension("csv").display(),
                path.with_extension("xlsx").display()
            ),
        )),
    }
}

impl Shopdock {
    /// Writes the statements of the days `input` selects to `path`: a CSV of `input.rows`
    /// (transactions by default), or an xlsx workbook with a sheet each of statements,
    /// transactions and orders. Whole or not at all; returns how many rows of each.
    pub async fn export_finance(
        &self,
        path: &Path,
        input: FinanceExportInput,
    ) -> Result<FinanceExportSummary, ApiError> {
        let workbook = is_workbook(path)?;
        let labels = self
            .db(|s| s.list_shops())
            .await?
            .into_iter()
            .map(|s| (s.id, s.registration.label))
            .collect();
        let (from, to) = statement_times(input.from, input.to);
        let exporter = Exporter {
            store: self.inner.store.clone(),
            query: FinanceQuery {
                shop_ids: input.shop_ids,
                from,
                to,
                ..FinanceQuery::default()
            },
            labels,
        };
        let rows = input.rows.unwrap_or(FinanceExportRows::Transactions);
        let path = path.to_owned();
        let summary = tokio::task::spawn_blocking(move || {
            let (bytes, summary) = if workbook {
                exporter.xlsx()?
            } else {
                exporter.csv(rows)?
            };
            write_atomically(&path, &bytes)?;
            Ok::<_, ApiError>(summary)
        })
        .await
        .map_err(|e| ApiError::new(ErrorCode::Internal, format!("export failed: {e}")))??;
        tracing::info!(?summary, "finances exported");
        Ok(summary)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kind_columns_follow_the_reference_and_leave_adjustments_to_their_own_columns() {
        let parts: Parts = [
            ("tax.vat_amount".to_string(), Decimal::ONE),
            ("fee.transaction_fee_amount".to_string(), Decimal::ONE),
            ("adjustment.CHARGE_BACK".to_string(), Decimal::ONE),
            (
                "revenue.subtotal_before_discount_amount".to_string(),
                Decimal::ONE,
            ),
        ]
        .into_iter()
        .collect();
        let mut present = BTreeSet::new();
        note_kinds(&parts, &mut present);
        assert_eq!(
            columns(present),
            [
                "revenue.subtotal_before_discount_amount",
                "fee.transaction_fee_amount",
                "tax.vat_amount"
            ]
        );
    }
}
