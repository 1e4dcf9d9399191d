//! A SKU file checked row by row against the stored SKUs: what each row would do (ok, new,
//! changed) or every reason it cannot (error), before anything is written. Pure: the file
//! and the stored SKUs in, the preview and the writes out.

use super::cells::{code_cell, money_cell, stock_cell, text_cell, StockError, StoredAs, MAX_STOCK};
use super::table::{ColumnSpec, Row, Table};
use super::views::{LocalSkuView, SkuImportPreview, SkuImportRow, SkuProblem};
use crate::words::{SkuFileColumn as Col, SkuProblemKind as Kind, SkuRowStatus};
use rust_decimal::Decimal;
use shopdock_store::{sku_code_key, LocalSku, LocalSkuPatch};
use std::collections::HashMap;

/// The columns of a SKU file. Only the code is required; a missing column (or an empty
/// cell) keeps the stored value.
pub(crate) const SKU_COLUMNS: &[ColumnSpec] = &[
    ColumnSpec {
        column: Col::Code,
        names: &[
            "code",
            "sku",
            "skucode",
            "sellersku",
            "localsku",
            "itemcode",
            "itemsku",
            "productcode",
            "articlenumber",
            "partnumber",
        ],
        stems: &["code", "sku"],
        required: true,
    },
    ColumnSpec {
        column: Col::Name,
        names: &[
            "name",
            "title",
            "productname",
            "itemname",
            "skuname",
            "description",
        ],
        stems: &["name", "title"],
        required: false,
    },
    ColumnSpec {
        column: Col::Stock,
        names: &[
            "stock",
            "onhand",
            "qty",
            "quantity",
            "qtyonhand",
            "stockqty",
            "stockquantity",
            "stocklevel",
            "inventory",
            "instock",
        ],
        stems: &["stock", "onhand", "qty", "quantity"],
        required: false,
    },
    ColumnSpec {
        column: Col::Price,
        names: &[
            "price",
            "saleprice",
            "sellingprice",
            "retailprice",
            "unitprice",
        ],
        stems: &["price"],
        required: false,
    },
    ColumnSpec {
        column: Col::Cost,
        names: &["cost", "costprice", "unitcost", "purchaseprice", "buyprice"],
        stems: &["cost"],
        required: false,
    },
];

/// One row checked: its view, and the save it makes when applied (none for an unchanged
/// row or one with a problem).
pub(crate) struct CheckedRow {
    pub view: SkuImportRow,
    pub write: Option<(String, LocalSkuPatch)>,
}

/// The stored SKUs, found by key and by their digits without leading zeros.
pub(crate) struct Stored<'a> {
    by_key: HashMap<String, &'a LocalSku>,
    /// "123" -> "00123": stored all-digit codes with leading zeros, by their digits without.
    zero_padded: HashMap<String, &'a str>,
    links: &'a HashMap<String, u32>,
}

impl<'a> Stored<'a> {
    pub(crate) fn new(skus: &'a [LocalSku], links: &'a HashMap<String, u32>) -> Self {
        let by_key = skus.iter().map(|s| (sku_code_key(&s.code), s)).collect();
        let zero_padded = skus
            .iter()
            .filter(|s| s.code.len() > 1 && s.code.starts_with('0') && all_digits(&s.code))
            .map(|s| (s.code.trim_start_matches('0').to_owned(), s.code.as_str()))
            .collect();
        Self {
            by_key,
            zero_padded,
            links,
        }
    }

    pub(crate) fn get(&self, code: &str) -> Option<&'a LocalSku> {
        self.by_key.get(&sku_code_key(code)).copied()
    }

    /// The stored code `code` would be with its leading zeros, when `code` is not stored
    /// itself (00123 for 123).
    pub(crate) fn lost_zeros(&self, code: &str) -> Option<&'a str> {
        if !all_digits(code) || self.get(code).is_some() {
            return None;
        }
        self.zero_padded.get(code.trim_start_matches('0')).copied()
    }

    fn view(&self, sku: &LocalSku) -> LocalSkuView {
        let linked = self.links.get(&sku.code).copied().unwrap_or(0);
        LocalSkuView::new(sku.clone(), linked)
    }
}

fn all_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// The problems of a code cell shared by SKU and mapping files: empty, mangled by a
/// spreadsheet, or a stored code without its leading zeros. A code stored as an exact
/// number is only worth a warning: the code may really be 123.
pub(crate) fn code_problems(
    code: &super::cells::CodeCell,
    stored: &Stored<'_>,
    problems: &mut Vec<SkuProblem>,
    warnings: &mut Vec<SkuProblem>,
) {
    let text = &code.text;
    if text.is_empty() {
        problems.push(SkuProblem::new(
            Kind::MissingCode,
            Col::Code,
            "The code is empty: every row needs the SKU's code.",
        ));
        return;
    }
    if let Some(padded) = stored.lost_zeros(text) {
        problems.push(SkuProblem::new(
            Kind::LeadingZerosLost,
            Col::Code,
            format!(
                "The code {text} looks like your SKU {padded} without its leading zeros (a \
                 spreadsheet drops them from numbers): format the code column as Text and \
                 type {padded}, or export your SKUs from Shopdock and edit that file."
            ),
        ));
        return;
    }
    match code.stored_as {
        StoredAs::Text => {}
        StoredAs::MangledNumber => problems.push(SkuProblem::new(
            Kind::NumberForText,
            Col::Code,
            format!(
                "The code {text} was stored as a number by a spreadsheet, which rounds it or \
                 writes it in scientific notation: format the code column as Text and type \
                 the code again."
            ),
        )),
        StoredAs::ExactNumber => warnings.push(SkuProblem::new(
            Kind::NumberForText,
            Col::Code,
            format!(
                "The code {text} is stored as a number, not text: if it had leading zeros \
                 they are lost (format the code column as Text to keep them)."
            ),
        )),
    }
}

/// Checks every row of a SKU file against the stored SKUs.
pub(crate) fn check_sku_file(
    file: &str,
    table: &Table,
    stored: &Stored<'_>,
) -> (SkuImportPreview, Vec<CheckedRow>) {
    let codes: Vec<super::cells::CodeCell> = table
        .rows
        .iter()
        .map(|row| {
            table
                .cell(row, Col::Code)
                .map(code_cell)
                .unwrap_or(super::cells::CodeCell {
                    text: String::new(),
                    stored_as: StoredAs::Text,
                })
        })
        .collect();
    let mut lines_of: HashMap<String, Vec<u32>> = HashMap::new();
    for (row, code) in table.rows.iter().zip(&codes) {
        let key = sku_code_key(&code.text);
        if !key.is_empty() {
            lines_of.entry(key).or_default().push(row.line);
        }
    }
    let checked: Vec<CheckedRow> = table
        .rows
        .iter()
        .zip(codes)
        .map(|(row, code)| {
            let mut problems = Vec::new();
            let mut warnings = Vec::new();
            code_problems(&code, stored, &mut problems, &mut warnings);
            if let Some(lines) = lines_of
                .get(&sku_code_key(&code.text))
                .filter(|l| l.len() > 1)
            {
                problems.push(SkuProblem::new(
                    Kind::DuplicateCode,
                    Col::Code,
                    format!(
                        "The code {} is on lines {} of this file (codes are compared ignoring \
                         case and spaces): keep one row per SKU.",
                        code.text,
                        join(lines)
                    ),
                ));
            }
            check_row(table, row, code.text, stored, problems, warnings)
        })
        .collect();
    let count = |s: SkuRowStatus| checked.iter().filter(|r| r.view.status == s).count() as u32;
    let preview = SkuImportPreview {
        file: file.to_owned(),
        columns: table.found(),
        ok: count(SkuRowStatus::Ok),
        new: count(SkuRowStatus::New),
        changed: count(SkuRowStatus::Changed),
        errors: count(SkuRowStatus::Error),
        rows: checked.iter().map(|r| r.view.clone()).collect(),
    };
    (preview, checked)
}

/// The row's values, the rest of its problems, and what it would change.
fn check_row(
    table: &Table,
    row: &Row,
    code: String,
    stored: &Stored<'_>,
    mut problems: Vec<SkuProblem>,
    warnings: Vec<SkuProblem>,
) -> CheckedRow {
    let name = table.cell(row, Col::Name).map(text_cell);
    let on_hand = table.cell(row, Col::Stock).and_then(|cell| {
        let shown = cell.shown();
        let refuse = |kind, message: String| SkuProblem::new(kind, Col::Stock, message);
        match stock_cell(cell) {
            Ok(n) => return Some(n),
            Err(StockError::Negative) => problems.push(refuse(
                Kind::NegativeStock,
                format!("The stock {shown} is negative: on-hand stock is 0 or more."),
            )),
            Err(StockError::Fractional) => problems.push(refuse(
                Kind::FractionalStock,
                format!("The stock {shown} is not a whole number of units."),
            )),
            Err(StockError::NotANumber) => problems.push(refuse(
                Kind::BadStock,
                format!(
                    "The stock {shown} is not a number of units (0 to {MAX_STOCK}, digits only)."
                ),
            )),
        }
        None
    });
    let mut money = |column: Col, kind: Kind, what: &str| {
        table
            .cell(row, column)
            .and_then(|cell| match money_cell(cell) {
                Ok(d) => Some(d),
                Err(reason) => {
                    problems.push(SkuProblem::new(
                        kind,
                        column,
                        format!("The {what} {reason}."),
                    ));
                    None
                }
            })
    };
    let price = money(Col::Price, Kind::BadPrice, "price");
    let cost = money(Col::Cost, Kind::BadCost, "cost");
    let before = stored.get(&code);
    let mut view = SkuImportRow {
        line: row.line,
        code: code.clone(),
        status: SkuRowStatus::Error,
        name: name.clone(),
        on_hand,
        price: price.map(|d| d.to_string()),
        cost: cost.map(|d| d.to_string()),
        before: None,
        problems,
        warnings,
    };
    if !view.problems.is_empty() {
        return CheckedRow { view, write: None };
    }
    let patch = match before {
        None => LocalSkuPatch {
            name,
            on_hand,
            price: price.map(Some),
            cost: cost.map(Some),
        },
        Some(old) => LocalSkuPatch {
            name: name.filter(|n| *n != old.name),
            on_hand: on_hand.filter(|n| *n != old.on_hand),
            price: changed_money(price, old.price),
            cost: changed_money(cost, old.cost),
        },
    };
    view.status = match before {
        None => SkuRowStatus::New,
        Some(_) if patch == LocalSkuPatch::default() => SkuRowStatus::Ok,
        Some(_) => SkuRowStatus::Changed,
    };
    view.before = before
        .filter(|_| view.status == SkuRowStatus::Changed)
        .map(|old| stored.view(old));
    let write = (view.status != SkuRowStatus::Ok).then_some((code, patch));
    CheckedRow { view, write }
}

/// A new amount, unless it equals the stored one in value (12.5 is 12.50).
fn changed_money(new: Option<Decimal>, old: Option<Decimal>) -> Option<Option<Decimal>> {
    new.filter(|n| Some(*n) != old).map(Some)
}

pub(crate) fn join(lines: &[u32]) -> String {
    lines
        .iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}
