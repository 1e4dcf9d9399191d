//! The shops' TikTok SKUs and their links written as a mapping file in the columns the import
//! reads (shop, SKU id, code, factor), so export, fill in, import is a round trip: a linked
//! SKU is one row per part (a bundle several), an unlinked one a row whose code is left empty
//! for the seller to fill in (the import passes over rows still empty). Product, variant and
//! seller SKU follow, for the seller to know each row; the import ignores them.
//!
//! Ids and codes are text in both formats: the workbook stores them as text cells in columns
//! formatted as Text, so a 19-digit SKU id is not rounded and a code keeps its zeros. A CSV
//! opened in a spreadsheet may still turn long ids into numbers; the import names such a row.

use super::export::save_sheet;
use super::mapping_check::names_shop;
use super::views::MappingExportView;
use crate::api::{ApiError, ErrorCode, ShopView};
use crate::orders::defuse_formula;
use crate::words::SpreadsheetFormat;
use crate::Shopdock;
use rust_xlsxwriter::{Format, Workbook, XlsxError};
use shopdock_store::{CatalogSku, SkuLink};
use std::collections::HashMap;
use std::path::Path;

/// The columns, in order; the first four are the ones the import reads.
const HEADER: [&str; 7] = [
    "shop",
    "sku id",
    "code",
    "factor",
    "product",
    "variant",
    "seller sku",
];

/// TikTok's status of a deleted product: its SKUs are left out unless linked.
const DELETED: &str = "DELETED";

/// One row of the file.
struct LinkRow {
    shop: String,
    sku_id: String,
    /// Empty for an unlinked SKU.
    code: String,
    /// `None` for an unlinked SKU.
    factor: Option<u32>,
    product: String,
    variant: String,
    seller_sku: String,
}

impl Shopdock {
    /// Writes the TikTok SKUs of `shop_id` (of every shop when `None`) with their links to
    /// `path` as CSV (`.csv`) or an Excel workbook (`.xlsx`), whole or not at all. SKUs of
    /// deleted products are left out unless linked; links whose SKU the catalog no longer has
    /// are left out too (they cannot be imported back: see [`Shopdock::broken_links`]).
    pub async fn export_sku_links(
        &self,
        path: &Path,
        shop_id: Option<&str>,
    ) -> Result<MappingExportView, ApiError> {
        let Some(format) = SpreadsheetFormat::of_path(path) else {
            return Err(ApiError::new(
                ErrorCode::Validation,
                format!(
                    "Shopdock exports links as .csv or .xlsx: name the file {} or {}.",
                    path.with_extension("csv").display(),
                    path.with_extension("xlsx").display()
                ),
            ));
        };
        if let Some(shop) = shop_id {
            self.shop_record(shop).await?;
        }
        let shops = self.list_shops().await?;
        let wanted: Vec<String> = shops
            .iter()
            .filter(|s| shop_id.is_none_or(|id| id == s.id))
            .map(|s| s.id.clone())
            .collect();
        let stored = self
            .db(move |s| {
                wanted
                    .iter()
                    .map(|shop| Ok((s.catalog_skus(shop)?, s.links_for_shop(shop)?)))
                    .collect::<Result<Vec<_>, _>>()
            })
            .await?;
        let mut rows = Vec::new();
        let (mut skus, mut linked) = (0, 0);
        for (catalog, links) in stored {
            let links: HashMap<&str, &SkuLink> =
                links.iter().map(|l| (l.sku_id.as_str(), l)).collect();
            for sku in &catalog {
                let link = links.get(sku.sku_id.as_str()).copied();
                if link.is_none() && sku.product_status == DELETED {
                    continue;
                }
                skus += 1;
                linked += u32::from(link.is_some());
                rows.extend(link_rows(&shops, sku, link));
            }
        }
        save_sheet(path, format, rows, csv_bytes, xlsx_bytes).await?;
        tracing::info!(skus, linked, "SKU links exported");
        Ok(MappingExportView {
            path: path.display().to_string(),
            skus,
            linked,
        })
    }
}

/// The rows of one TikTok SKU: one per part of its link, or one with the code left empty.
fn link_rows(shops: &[ShopView], sku: &CatalogSku, link: Option<&SkuLink>) -> Vec<LinkRow> {
    let row = |code: String, factor: Option<u32>| LinkRow {
        shop: shop_cell(shops, &sku.shop_id),
        sku_id: sku.sku_id.clone(),
        code,
        factor,
        product: sku.title.clone(),
        variant: sku.attributes.clone(),
        seller_sku: sku.seller_sku.clone(),
    };
    match link {
        Some(link) if !link.parts.is_empty() => link
            .parts
            .iter()
            .map(|p| row(p.code.clone(), Some(p.factor)))
            .collect(),
        _ => vec![row(String::new(), None)],
    }
}

/// The shop as the seller knows it (its label), unless the label would name another shop
/// too when read back: then its id, which names only it.
fn shop_cell(shops: &[ShopView], shop_id: &str) -> String {
    let Some(shop) = shops.iter().find(|s| s.id == shop_id) else {
        return shop_id.to_owned();
    };
    let named = shops.iter().filter(|s| names_shop(&shop.label, s)).count();
    if named == 1 {
        shop.label.clone()
    } else {
        shop.id.clone()
    }
}

fn fields(row: &LinkRow) -> [String; 7] {
    [
        row.shop.clone(),
        row.sku_id.clone(),
        row.code.clone(),
        row.factor.map(|f| f.to_string()).unwrap_or_default(),
        row.product.clone(),
        row.variant.clone(),
        row.seller_sku.clone(),
    ]
}

/// Comma separated, `"` quoting where needed; a value a spreadsheet would run as a formula is
/// written with a leading `'` (the import drops it again).
fn csv_bytes(rows: &[LinkRow]) -> Result<Vec<u8>, ApiError> {
    let failed = |e: &dyn std::fmt::Display| {
        ApiError::new(ErrorCode::Internal, "Shopdock could not write the CSV.")
            .with_detail(e.to_string())
    };
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record(HEADER).map_err(|e| failed(&e))?;
    for row in rows {
        let cells = fields(row);
        out.write_record(cells.iter().map(|c| defuse_formula(c).into_owned()))
            .map_err(|e| failed(&e))?;
    }
    out.into_inner().map_err(|e| failed(e.error()))
}

fn xlsx_bytes(rows: &[LinkRow]) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Links")?;
    let text = Format::new().set_num_format("@");
    let bold = Format::new().set_bold();
    for (col, (title, width)) in HEADER.iter().zip([18, 22, 18, 8, 40, 24, 18]).enumerate() {
        let col = col as u16;
        sheet.write_string_with_format(0, col, *title, &bold)?;
        sheet.set_column_width(col, width)?;
    }
    // Every column but the factor is text, also for what the seller types in later.
    for col in [0u16, 1, 2, 4, 5, 6] {
        sheet.set_column_format(col, &text)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    for (i, row) in rows.iter().enumerate() {
        let r = i as u32 + 1;
        for (col, value) in fields(row).into_iter().enumerate() {
            let col = col as u16;
            match (col, row.factor) {
                (3, Some(f)) => {
                    sheet.write_number(r, col, f64::from(f))?;
                }
                (3, None) => {}
                _ if !value.is_empty() => {
                    sheet.write_string_with_format(r, col, value, &text)?;
                }
                _ => {}
            }
        }
    }
    book.save_to_buffer()
}
