//! A bulk tracking file as sellers get it from their shipping software (CSV, or an xlsx, xls or
//! ods sheet) read into rows of order id, carrier and tracking number. Only reading happens
//! here; whether a row can ship is decided in [`super::bulk`].
//!
//! The file itself is read by [`crate::sheet`]; here its columns are found by their header
//! (case and punctuation ignored, common synonyms), and ids that a spreadsheet stored as
//! numbers are caught: an 18-digit order id is past a float's 15 digits, so it has already
//! lost its last digits and is refused with how to fix the export.

use crate::api::{TrackingProblem, TrackingProblemKind};
use crate::sheet::{
    find_column, header_word, looks_like_scientific, Cell, Grid, SheetError, EXACT_FLOAT_LIMIT,
};
#[cfg(test)]
use std::path::Path;

pub(crate) use crate::sheet::SheetSource as TrackingSource;
#[cfg(test)]
use crate::sheet::MAX_FILE_BYTES;

/// Header words (lower case, letters and digits only) that name each column.
const ORDER_HEADERS: &[&str] = &[
    "orderid",
    "order",
    "ordernumber",
    "orderno",
    "ordernum",
    "tiktokorderid",
    "tiktokorder",
];
const CARRIER_HEADERS: &[&str] = &[
    "carrier",
    "carriername",
    "shippingcarrier",
    "shippingprovider",
    "provider",
    "courier",
    "shippingcompany",
    "logisticsprovider",
];
const TRACKING_HEADERS: &[&str] = &[
    "tracking",
    "trackingnumber",
    "trackingno",
    "trackingnum",
    "trackingid",
    "trackingcode",
    "waybill",
    "awb",
];
/// What the size refusal calls these files.
const WHAT: &str = "tracking files";
/// The most data rows checked at once (a small spreadsheet can unpack into many rows).
pub(crate) const MAX_ROWS: usize = 50_000;

/// One data row of the file, as written (trimmed), with what reading it found wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TrackingFileRow {
    /// 1-based line (CSV) or row (sheet) number, the header being line 1 of a plain file.
    pub line: u32,
    pub order_id: String,
    pub carrier: String,
    pub tracking: String,
    /// Problems of the cells themselves (an id a spreadsheet turned into a number).
    pub problems: Vec<TrackingProblem>,
}

/// Why a file could not be read at all.
#[derive(Debug, thiserror::Error)]
pub(crate) enum TrackingFileError {
    #[error(transparent)]
    Sheet(#[from] SheetError),
    #[error("{0}")]
    Layout(String),
}

/// Reads the rows (blocking: call it off the async runtime).
pub(crate) fn read_tracking(
    source: &TrackingSource,
) -> Result<Vec<TrackingFileRow>, TrackingFileError> {
    rows_from_grid(source.grid(WHAT)?)
}

/// Refuses a file over the size limit before anything of it is read.
pub(crate) fn check_size(name: &str, size: u64) -> Result<(), TrackingFileError> {
    Ok(crate::sheet::check_size(name, size, WHAT)?)
}

/// Reads the file at `path`, refusing a huge one unread.
#[cfg(test)]
fn read_tracking_file(path: &Path) -> Result<Vec<TrackingFileRow>, TrackingFileError> {
    read_tracking(&TrackingSource::File(path.to_owned()))
}

/// Reads a file's bytes by its name's extension (see [`crate::sheet`]).
#[cfg(test)]
fn read_tracking_bytes(
    name: &str,
    bytes: &[u8],
) -> Result<Vec<TrackingFileRow>, TrackingFileError> {
    read_tracking(&TrackingSource::Upload {
        name: name.to_owned(),
        bytes: bytes.to_vec(),
    })
}

fn rows_from_grid(grid: Grid) -> Result<Vec<TrackingFileRow>, TrackingFileError> {
    let mut rows = grid
        .into_iter()
        .filter(|(_, cells)| cells.iter().any(|c| !c.is_blank()));
    let Some((_, header_cells)) = rows.next() else {
        return Err(TrackingFileError::Layout(
            "The file is empty: it needs a header row with order id, carrier and tracking number columns.".into(),
        ));
    };
    let headers: Vec<String> = header_cells.iter().map(header_word).collect();
    let order = find_column(&headers, ORDER_HEADERS, "order");
    let carrier = find_column(&headers, CARRIER_HEADERS, "carrier")
        .or_else(|| find_column(&headers, &[], "courier"));
    let tracking = find_column(&headers, TRACKING_HEADERS, "tracking");
    let (Some(order), Some(carrier), Some(tracking)) = (order, carrier, tracking) else {
        let seen: Vec<String> = header_cells.iter().map(Cell::shown).collect();
        return Err(TrackingFileError::Layout(format!(
            "The first row must name the columns order id, carrier and tracking number; it has: {}.",
            seen.join(", ")
        )));
    };
    let rows: Grid = rows.take(MAX_ROWS + 1).collect();
    if rows.len() > MAX_ROWS {
        return Err(TrackingFileError::Layout(format!(
            "The file has more than {MAX_ROWS} rows; Shopdock reads up to {MAX_ROWS} at a time: split it into smaller files."
        )));
    }
    Ok(rows
        .into_iter()
        .map(|(line, cells)| {
            let mut problems = Vec::new();
            let mut take = |index: usize, what: &str| {
                let cell = cells
                    .get(index)
                    .cloned()
                    .unwrap_or(Cell::Text(String::new()));
                let (text, problem) = cell_text(&cell, what);
                problems.extend(problem);
                text
            };
            let order_id = take(order, "order id");
            let carrier = take(carrier, "carrier");
            let tracking = take(tracking, "tracking number");
            TrackingFileRow {
                line,
                order_id,
                carrier,
                tracking,
                problems,
            }
        })
        .collect())
}

/// The cell as text, and a problem when a spreadsheet turned an id into a number.
fn cell_text(cell: &Cell, what: &str) -> (String, Option<TrackingProblem>) {
    let broken = |shown: &str| {
        TrackingProblem::new(
            TrackingProblemKind::MalformedNumber,
            format!(
                "The {what} {shown} was stored as a number by a spreadsheet, which loses the \
                 digits after the 15th: format the {what} column as Text and export the file again."
            ),
        )
    };
    match cell {
        Cell::Whole(n) => (n.to_string(), None),
        Cell::Number(f) if f.fract() == 0.0 && f.abs() < EXACT_FLOAT_LIMIT => {
            (format!("{f:.0}"), None)
        }
        Cell::Number(f) => {
            let shown = format!("{f:e}");
            (shown.clone(), Some(broken(&shown)))
        }
        Cell::Text(t) => {
            let t = t.trim().to_owned();
            let problem = looks_like_scientific(&t).then(|| broken(&t));
            (t, problem)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &tempfile::TempDir, name: &str, body: &[u8]) -> std::path::PathBuf {
        let path = dir.path().join(name);
        std::fs::write(&path, body).unwrap();
        path
    }

    #[test]
    fn columns_are_found_by_header_synonyms_with_a_bom_and_semicolons() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(
            &dir,
            "export.csv",
            "\u{feff}Tracking No.;Courier;Order Number\n1Z 999;UPS;577000000000000001\n\n;;\n"
                .as_bytes(),
        );
        let rows = read_tracking_file(&path).unwrap();
        assert_eq!(
            rows,
            vec![TrackingFileRow {
                line: 2,
                order_id: "577000000000000001".into(),
                carrier: "UPS".into(),
                tracking: "1Z 999".into(),
                problems: vec![],
            }]
        );
    }

    #[test]
    fn an_id_excel_turned_into_a_number_is_refused_with_the_fix() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(
            &dir,
            "excel.csv",
            b"order id,carrier,tracking\n5.77012E+17,USPS,9400100000000000000001\n",
        );
        let rows = read_tracking_file(&path).unwrap();
        assert_eq!(rows[0].problems.len(), 1);
        assert_eq!(
            rows[0].problems[0].kind,
            TrackingProblemKind::MalformedNumber
        );
        assert!(
            rows[0].problems[0]
                .message
                .contains("format the order id column as Text"),
            "{:?}",
            rows[0].problems
        );
    }

    #[test]
    fn a_file_without_the_three_columns_names_what_it_has() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(&dir, "bad.csv", b"Order,Weight\n1,2\n");
        let e = read_tracking_file(&path).unwrap_err().to_string();
        assert!(e.contains("it has: Order, Weight"), "{e}");
    }

    #[test]
    fn an_xlsx_sheet_reads_text_ids_and_refuses_numeric_long_ids() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("tracking.xlsx");
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        sheet.write_string(0, 0, "Order ID").unwrap();
        sheet.write_string(0, 1, "Carrier").unwrap();
        sheet.write_string(0, 2, "Tracking Number").unwrap();
        sheet.write_string(1, 0, "577000000000000001").unwrap();
        sheet.write_string(1, 1, "USPS").unwrap();
        sheet.write_string(1, 2, "9400 1000").unwrap();
        sheet.write_number(2, 0, 577000000000000002.0).unwrap();
        sheet.write_string(2, 1, "UPS").unwrap();
        sheet.write_number(2, 2, 12345678.0).unwrap();
        book.save(&path).unwrap();
        let rows = read_tracking_file(&path).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].line, 2);
        assert_eq!(rows[0].order_id, "577000000000000001");
        assert!(rows[0].problems.is_empty());
        assert_eq!(rows[1].line, 3);
        assert_eq!(rows[1].tracking, "12345678", "a short whole number is kept");
        assert_eq!(rows[1].problems.len(), 1, "{:?}", rows[1].problems);
        assert!(
            rows[1].problems[0].message.contains("5.77e17"),
            "{:?}",
            rows[1].problems
        );
    }

    #[test]
    fn an_uploaded_file_is_read_by_its_name_as_csv_or_as_a_sheet() {
        let csv = read_tracking_bytes(
            "tracking.CSV",
            b"order id,carrier,tracking\n577000000000000001,USPS,9400 1\n",
        )
        .unwrap();
        assert_eq!(csv[0].order_id, "577000000000000001");
        assert_eq!(csv[0].tracking, "9400 1");

        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        for (col, text) in ["Order ID", "Carrier", "Tracking Number"]
            .iter()
            .enumerate()
        {
            sheet.write_string(0, col as u16, *text).unwrap();
        }
        for (col, text) in ["577000000000000002", "UPS", "1Z999"].iter().enumerate() {
            sheet.write_string(1, col as u16, *text).unwrap();
        }
        let bytes = book.save_to_buffer().unwrap();
        let rows = read_tracking_bytes("from the seller.xlsx", &bytes).unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].line, 2);
        assert_eq!(rows[0].order_id, "577000000000000002");
        assert_eq!(rows[0].carrier, "UPS");

        let e = read_tracking_bytes("broken.xlsx", b"not a workbook")
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("Could not read broken.xlsx: "), "{e}");
    }

    #[test]
    fn a_file_over_the_size_limit_is_refused_unread_with_how_to_fix_it() {
        let big = vec![b'x'; MAX_FILE_BYTES as usize + 1];
        let e = read_tracking_bytes("huge.csv", &big)
            .unwrap_err()
            .to_string();
        assert_eq!(
            e,
            "huge.csv is 5.1 MB; Shopdock reads tracking files up to 5 MB: split it into smaller files."
        );
        let dir = tempfile::tempdir().unwrap();
        let path = write(&dir, "huge.csv", &big);
        let e = read_tracking_file(&path).unwrap_err().to_string();
        assert!(e.contains("up to 5 MB"), "{e}");
        assert!(check_size("fine.csv", MAX_FILE_BYTES).is_ok());
    }

    #[test]
    fn a_file_with_too_many_rows_is_refused_instead_of_checked() {
        let mut body = String::from("order,carrier,tracking\n");
        for i in 0..=MAX_ROWS {
            body.push_str(&format!("{i},UPS,1Z{i}\n"));
        }
        let e = read_tracking_bytes("many.csv", body.as_bytes())
            .unwrap_err()
            .to_string();
        assert!(e.contains("more than 50000 rows"), "{e}");
    }
}
