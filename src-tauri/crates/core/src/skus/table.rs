//! A SKU or mapping file as a table: the header row names the columns (case, spaces and
//! punctuation ignored, common synonyms), every later non-blank row is a data row. The file
//! itself is read by [`crate::sheet`].

use crate::sheet::{header_word, Cell, Grid, SheetSource};
use crate::words::SkuFileColumn;

/// The most data rows read at once (a small spreadsheet can unpack into many rows).
pub(crate) const MAX_ROWS: usize = 100_000;

/// How a column is recognised: its exact header words first, then a header containing one
/// of its stems.
pub(crate) struct ColumnSpec {
    pub column: SkuFileColumn,
    pub names: &'static [&'static str],
    pub stems: &'static [&'static str],
    pub required: bool,
}

/// The header's columns and the data rows.
#[derive(Debug)]
pub(crate) struct Table {
    /// Each column found and its index, in the file's order.
    pub columns: Vec<(SkuFileColumn, usize)>,
    pub rows: Vec<Row>,
}

/// One data row.
#[derive(Debug)]
pub(crate) struct Row {
    /// 1-based line (CSV) or row (sheet) number.
    pub line: u32,
    cells: Vec<Cell>,
}

impl Table {
    /// The columns found, in the file's order.
    pub(crate) fn found(&self) -> Vec<SkuFileColumn> {
        self.columns.iter().map(|(c, _)| *c).collect()
    }

    /// The row's cell of `column`, unless the file lacks the column or the cell is blank.
    pub(crate) fn cell<'r>(&self, row: &'r Row, column: SkuFileColumn) -> Option<&'r Cell> {
        let (_, index) = self.columns.iter().find(|(c, _)| *c == column)?;
        row.cells.get(*index).filter(|c| !c.is_blank())
    }
}

/// Reads `source` (blocking) as a table with the `specs` columns. `what` names the kind of
/// file in messages ("SKU files"). A file without a header naming every required column is
/// refused with the headers it has.
pub(crate) fn read_table(
    source: &SheetSource,
    what: &'static str,
    specs: &[ColumnSpec],
) -> Result<Table, String> {
    let grid = source.grid(what).map_err(|e| e.to_string())?;
    table_from_grid(grid, specs)
}

fn table_from_grid(grid: Grid, specs: &[ColumnSpec]) -> Result<Table, String> {
    let mut rows = grid
        .into_iter()
        .filter(|(_, cells)| cells.iter().any(|c| !c.is_blank()));
    let wanted = || {
        specs
            .iter()
            .filter(|s| s.required)
            .map(|s| s.column.as_str().replace('_', " "))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let Some((_, header)) = rows.next() else {
        return Err(format!(
            "The file is empty: it needs a header row naming the columns ({} at least).",
            wanted()
        ));
    };
    let headers: Vec<String> = header.iter().map(header_word).collect();
    let columns = locate(&headers, specs);
    if let Some(missing) = specs
        .iter()
        .find(|s| s.required && !columns.iter().any(|(c, _)| *c == s.column))
    {
        let seen: Vec<String> = header.iter().map(Cell::shown).collect();
        return Err(format!(
            "The first row must name the columns ({} at least); no column is the {}. It has: {}.",
            wanted(),
            missing.column.as_str().replace('_', " "),
            seen.join(", ")
        ));
    }
    let rows: Vec<Row> = rows
        .take(MAX_ROWS + 1)
        .map(|(line, cells)| Row { line, cells })
        .collect();
    if rows.len() > MAX_ROWS {
        return Err(format!(
            "The file has more than {MAX_ROWS} rows; Shopdock reads up to {MAX_ROWS} at a time: split it into smaller files."
        ));
    }
    Ok(Table { columns, rows })
}

/// Each spec's column: a header equal to one of its names wins over one that only contains
/// a stem ("Cost Price" is the cost, so "Price" still finds the price column), and no column
/// is taken twice.
fn locate(headers: &[String], specs: &[ColumnSpec]) -> Vec<(SkuFileColumn, usize)> {
    let mut taken: Vec<Option<SkuFileColumn>> = vec![None; headers.len()];
    for spec in specs {
        if let Some(i) = (0..headers.len())
            .find(|&i| taken[i].is_none() && spec.names.contains(&headers[i].as_str()))
        {
            taken[i] = Some(spec.column);
        }
    }
    for spec in specs {
        if taken.contains(&Some(spec.column)) {
            continue;
        }
        let by_stem = spec.stems.iter().find_map(|stem| {
            (0..headers.len()).find(|&i| taken[i].is_none() && headers[i].contains(stem))
        });
        if let Some(i) = by_stem {
            taken[i] = Some(spec.column);
        }
    }
    taken
        .into_iter()
        .enumerate()
        .filter_map(|(i, c)| c.map(|c| (c, i)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPECS: &[ColumnSpec] = &[
        ColumnSpec {
            column: SkuFileColumn::Code,
            names: &["code", "sku"],
            stems: &["code"],
            required: true,
        },
        ColumnSpec {
            column: SkuFileColumn::Price,
            names: &["price"],
            stems: &["price"],
            required: false,
        },
        ColumnSpec {
            column: SkuFileColumn::Cost,
            names: &["cost", "costprice"],
            stems: &["cost"],
            required: false,
        },
    ];

    fn grid(rows: &[&[&str]]) -> Grid {
        rows.iter()
            .enumerate()
            .map(|(i, r)| {
                (
                    i as u32 + 1,
                    r.iter().map(|c| Cell::Text((*c).into())).collect(),
                )
            })
            .collect()
    }

    #[test]
    fn exact_names_win_over_stems_and_no_column_is_taken_twice() {
        let t = table_from_grid(
            grid(&[&["Selling Price", "Cost Price", "SKU"], &["1", "2", "A"]]),
            SPECS,
        )
        .unwrap();
        assert_eq!(
            t.columns,
            vec![
                (SkuFileColumn::Price, 0),
                (SkuFileColumn::Cost, 1),
                (SkuFileColumn::Code, 2)
            ]
        );
        let row = &t.rows[0];
        assert_eq!(
            t.cell(row, SkuFileColumn::Code),
            Some(&Cell::Text("A".into()))
        );
        assert_eq!(t.cell(row, SkuFileColumn::Name), None);
    }

    #[test]
    fn a_file_without_a_required_column_names_what_it_has() {
        let e = table_from_grid(grid(&[&["Title", "Qty"], &["Mug", "1"]]), SPECS).unwrap_err();
        assert!(
            e.contains("no column is the code. It has: Title, Qty."),
            "{e}"
        );
        let e = table_from_grid(grid(&[&["", ""]]), SPECS).unwrap_err();
        assert!(e.starts_with("The file is empty"), "{e}");
    }
}
