//! The seller's SKU list written as CSV or as an xlsx workbook, in the columns the import
//! reads back (code, name, stock, price, cost), so export, edit, import is a round trip.
//!
//! Codes are text in both: the workbook stores them as text cells in a column formatted as
//! Text, so 00123 keeps its zeros and a code typed later in that column stays text too. Prices
//! and costs are written as the exact decimal strings (text), never through a float.

use super::views::LocalSkuView;
use crate::api::{ApiError, ErrorCode};
use crate::documents::file::write_atomically;
use crate::orders::defuse_formula;
use crate::words::SpreadsheetFormat;
use crate::Shopdock;
use rust_xlsxwriter::{Format, Workbook, XlsxError};
use std::path::Path;

/// The columns, in order; each is a header the import recognises.
const HEADER: [&str; 5] = ["code", "name", "stock", "price", "cost"];

impl Shopdock {
    /// Writes every local SKU to `path` as CSV (`.csv`) or an Excel workbook (`.xlsx`), whole
    /// or not at all; returns how many SKUs were written.
    pub async fn export_local_skus(&self, path: &Path) -> Result<u32, ApiError> {
        let format = match SpreadsheetFormat::of_path(path) {
            Some(format) => format,
            None => {
                return Err(ApiError::new(
                    ErrorCode::Validation,
                    format!(
                        "Shopdock exports SKUs as .csv or .xlsx: name the file {} or {}.",
                        path.with_extension("csv").display(),
                        path.with_extension("xlsx").display()
                    ),
                ))
            }
        };
        let skus = self.local_skus().await?;
        let count = skus.len() as u32;
        save_sheet(path, format, skus, csv_bytes, xlsx_bytes).await?;
        tracing::info!(count, "local SKUs exported");
        Ok(count)
    }
}

/// Builds the file of `format` from `rows` off the async runtime and writes it whole or not at
/// all (the SKU list's and the links' exports).
pub(super) async fn save_sheet<R: Send + 'static>(
    path: &Path,
    format: SpreadsheetFormat,
    rows: Vec<R>,
    csv: fn(&[R]) -> Result<Vec<u8>, ApiError>,
    xlsx: fn(&[R]) -> Result<Vec<u8>, XlsxError>,
) -> Result<(), ApiError> {
    let path = path.to_owned();
    tokio::task::spawn_blocking(move || {
        let bytes = match format {
            SpreadsheetFormat::Csv => csv(&rows),
            SpreadsheetFormat::Xlsx => xlsx(&rows).map_err(|e| {
                ApiError::new(
                    ErrorCode::Internal,
                    "Shopdock could not build the workbook.",
                )
                .with_detail(e.to_string())
            }),
        }?;
        write_atomically(&path, &bytes)
    })
    .await
    .map_err(|e| ApiError::new(ErrorCode::Internal, format!("export failed: {e}")))?
}

fn fields(sku: &LocalSkuView) -> [String; 5] {
    [
        sku.code.clone(),
        sku.name.clone(),
        sku.on_hand.to_string(),
        sku.price.clone().unwrap_or_default(),
        sku.cost.clone().unwrap_or_default(),
    ]
}

/// Comma separated, `"` quoting where needed. A code or name a spreadsheet would run as a
/// formula is written with a leading `'` (the import drops it again from codes).
fn csv_bytes(skus: &[LocalSkuView]) -> Result<Vec<u8>, ApiError> {
    let failed = |e: &dyn std::fmt::Display| {
        ApiError::new(ErrorCode::Internal, "Shopdock could not write the CSV.")
            .with_detail(e.to_string())
    };
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record(HEADER).map_err(|e| failed(&e))?;
    for sku in skus {
        let [code, name, stock, price, cost] = fields(sku);
        out.write_record([
            defuse_formula(&code).as_ref(),
            defuse_formula(&name).as_ref(),
            &stock,
            &price,
            &cost,
        ])
        .map_err(|e| failed(&e))?;
    }
    out.into_inner().map_err(|e| failed(e.error()))
}

fn xlsx_bytes(skus: &[LocalSkuView]) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("SKUs")?;
    let text = Format::new().set_num_format("@");
    let bold = Format::new().set_bold();
    for (col, (title, width)) in HEADER.iter().zip([18, 40, 10, 12, 12]).enumerate() {
        let col = col as u16;
        sheet.write_string_with_format(0, col, *title, &bold)?;
        sheet.set_column_width(col, width)?;
    }
    for col in [0u16, 1, 3, 4] {
        sheet.set_column_format(col, &text)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    for (i, sku) in skus.iter().enumerate() {
        let row = i as u32 + 1;
        let [code, name, _, price, cost] = fields(sku);
        sheet.write_string_with_format(row, 0, code, &text)?;
        sheet.write_string_with_format(row, 1, name, &text)?;
        sheet.write_number(row, 2, sku.on_hand as f64)?;
        for (col, amount) in [(3u16, price), (4, cost)] {
            if !amount.is_empty() {
                sheet.write_string_with_format(row, col, amount, &text)?;
            }
        }
    }
    book.save_to_buffer()
}
