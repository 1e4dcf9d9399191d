//! A bulk tracking file as sellers get it from their shipping software (CSV, or an xlsx, xls or
//! ods sheet) read into rows of order id, carrier and tracking number. Only reading happens
//! here; whether a row can ship is decided in [`super::bulk`].
//!
//! Spreadsheet traps handled: a UTF-8 byte-order mark, semicolon or tab delimiters, columns
//! found by their header (case and punctuation ignored, common synonyms), and ids that a
//! spreadsheet stored as numbers: an 18-digit order id is past a float's 15 digits, so it has
//! already lost its last digits and is refused with how to fix the export.

use crate::api::{TrackingProblem, TrackingProblemKind};
use calamine::{open_workbook_auto_from_rs, Data, Reader};
use std::io::Cursor;
use std::path::{Path, PathBuf};

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
/// Floats hold 15 significant digits exactly; a whole number past this was rounded.
const EXACT_FLOAT_LIMIT: f64 = 1e15;
/// The largest file read: a tracking file of 50,000 orders is about 3 MB as CSV, so anything
/// bigger is the wrong file, and reading it would keep the seller waiting for nothing.
pub(crate) const MAX_FILE_BYTES: u64 = 5 * 1024 * 1024;
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
    #[error("Could not read {path}: {reason}")]
    Unreadable { path: String, reason: String },
    #[error(
        "{path} is {size}; Shopdock reads tracking files up to {limit}: split it into smaller files."
    )]
    TooLarge {
        path: String,
        size: String,
        limit: String,
    },
    #[error("{0}")]
    Layout(String),
}

/// Where a tracking file comes from: a path (the CLI), or the bytes of a file the seller
/// picked in the window, with its name (its extension says the format).
#[derive(Debug, Clone)]
pub(crate) enum TrackingSource {
    File(PathBuf),
    Upload { name: String, bytes: Vec<u8> },
}

impl TrackingSource {
    /// Reads the rows (blocking: call it off the async runtime).
    pub(crate) fn read(&self) -> Result<Vec<TrackingFileRow>, TrackingFileError> {
        match self {
            TrackingSource::File(path) => read_tracking_file(path),
            TrackingSource::Upload { name, bytes } => read_tracking_bytes(name, bytes),
        }
    }
}

/// Refuses a file over [`MAX_FILE_BYTES`] before anything of it is read.
pub(crate) fn check_size(name: &str, size: u64) -> Result<(), TrackingFileError> {
    if size <= MAX_FILE_BYTES {
        return Ok(());
    }
    Err(TrackingFileError::TooLarge {
        path: name.to_owned(),
        size: megabytes(size),
        limit: megabytes(MAX_FILE_BYTES),
    })
}

fn megabytes(bytes: u64) -> String {
    let tenths = bytes.saturating_mul(10).div_ceil(1024 * 1024);
    if tenths.is_multiple_of(10) {
        format!("{} MB", tenths / 10)
    } else {
        format!("{}.{} MB", tenths / 10, tenths % 10)
    }
}

/// Reads the file at `path` (see [`read_tracking_bytes`]), refusing a huge one unread.
pub(crate) fn read_tracking_file(path: &Path) -> Result<Vec<TrackingFileRow>, TrackingFileError> {
    let shown = path.display().to_string();
    let unreadable = |reason: String| TrackingFileError::Unreadable {
        path: shown.clone(),
        reason,
    };
    let size = std::fs::metadata(path)
        .map_err(|e| unreadable(e.to_string()))?
        .len();
    check_size(&shown, size)?;
    let bytes = std::fs::read(path).map_err(|e| unreadable(e.to_string()))?;
    read_named_bytes(&shown, &bytes)
}

/// Reads a file's bytes by its name's extension: `.xlsx`, `.xlsm`, `.xlsb`, `.xls`, `.ods` as
/// a spreadsheet's first sheet, anything else as delimited text.
pub(crate) fn read_tracking_bytes(
    name: &str,
    bytes: &[u8],
) -> Result<Vec<TrackingFileRow>, TrackingFileError> {
    check_size(name, bytes.len() as u64)?;
    read_named_bytes(name, bytes)
}

fn read_named_bytes(name: &str, bytes: &[u8]) -> Result<Vec<TrackingFileRow>, TrackingFileError> {
    let unreadable = |reason: String| TrackingFileError::Unreadable {
        path: name.to_owned(),
        reason,
    };
    let extension = Path::new(name)
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default()
        .to_ascii_lowercase();
    let grid = match extension.as_str() {
        "xlsx" | "xlsm" | "xlsb" | "xls" | "ods" => read_sheet(bytes).map_err(unreadable)?,
        _ => read_delimited(bytes).map_err(unreadable)?,
    };
    rows_from_grid(grid)
}

/// One cell as read: text, or a number the file stored as a number.
#[derive(Debug, Clone, PartialEq)]
enum CellValue {
    Text(String),
    Number(f64),
}

type Grid = Vec<(u32, Vec<CellValue>)>;

fn read_sheet(bytes: &[u8]) -> Result<Grid, String> {
    let mut book = open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|e| e.to_string())?;
    let range = book
        .worksheet_range_at(0)
        .ok_or_else(|| "the workbook has no sheet".to_owned())?
        .map_err(|e| e.to_string())?;
    let first_row = range.start().map(|(r, _)| r).unwrap_or(0);
    let first_col = range.start().map(|(_, c)| c).unwrap_or(0) as usize;
    Ok(range
        .rows()
        .enumerate()
        .map(|(i, cells)| {
            let mut values = vec![CellValue::Text(String::new()); first_col];
            values.extend(cells.iter().map(|cell| match cell {
                Data::Int(n) => CellValue::Text(n.to_string()),
                Data::Float(f) => CellValue::Number(*f),
                Data::Empty => CellValue::Text(String::new()),
                other => CellValue::Text(other.to_string()),
            }));
            (first_row + i as u32 + 1, values)
        })
        .collect())
}

fn read_delimited(bytes: &[u8]) -> Result<Grid, String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    // Exports from Windows tools are often not UTF-8; ids and numbers are ASCII either way.
    let text = String::from_utf8_lossy(bytes);
    let header = text.lines().next().unwrap_or_default();
    let delimiter = [b',', b';', b'\t']
        .into_iter()
        .max_by_key(|d| header.bytes().filter(|b| b == d).count())
        .unwrap_or(b',');
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut grid = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| e.to_string())?;
        let line = record.position().map(|p| p.line() as u32).unwrap_or(0);
        grid.push((
            line,
            record
                .iter()
                .map(|c| CellValue::Text(c.to_owned()))
                .collect(),
        ));
    }
    Ok(grid)
}

fn header_word(cell: &CellValue) -> String {
    match cell {
        CellValue::Text(t) => t
            .chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect(),
        CellValue::Number(_) => String::new(),
    }
}

/// The column whose header is one of `names`, else the first whose header contains `stem`.
fn find_column(headers: &[String], names: &[&str], stem: &str) -> Option<usize> {
    headers
        .iter()
        .position(|h| names.contains(&h.as_str()))
        .or_else(|| headers.iter().position(|h| h.contains(stem)))
}

fn rows_from_grid(grid: Grid) -> Result<Vec<TrackingFileRow>, TrackingFileError> {
    let mut rows = grid
        .into_iter()
        .filter(|(_, cells)| cells.iter().any(|c| !is_blank(c)));
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
        let seen: Vec<String> = header_cells
            .iter()
            .map(|c| match c {
                CellValue::Text(t) => t.trim().to_owned(),
                CellValue::Number(n) => n.to_string(),
            })
            .collect();
        return Err(TrackingFileError::Layout(format!(
            "The first row must name the columns order id, carrier and tracking number; it has: {}.",
            seen.join(", ")
        )));
    };
    let rows: Vec<(u32, Vec<CellValue>)> = rows.take(MAX_ROWS + 1).collect();
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
                    .unwrap_or(CellValue::Text(String::new()));
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

fn is_blank(cell: &CellValue) -> bool {
    matches!(cell, CellValue::Text(t) if t.trim().is_empty())
}

/// The cell as text, and a problem when a spreadsheet turned an id into a number.
fn cell_text(cell: &CellValue, what: &str) -> (String, Option<TrackingProblem>) {
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
        CellValue::Number(f) if f.fract() == 0.0 && f.abs() < EXACT_FLOAT_LIMIT => {
            (format!("{f:.0}"), None)
        }
        CellValue::Number(f) => {
            let shown = format!("{f:e}");
            (shown.clone(), Some(broken(&shown)))
        }
        CellValue::Text(t) => {
            let t = t.trim().to_owned();
            let problem = looks_like_scientific(&t).then(|| broken(&t));
            (t, problem)
        }
    }
}

/// `5.77012E+17`, `5,77E+17`: what Excel shows (and saves to CSV) for a long id typed as a
/// number.
fn looks_like_scientific(text: &str) -> bool {
    let Some((mantissa, exponent)) = text.split_once(['e', 'E']) else {
        return false;
    };
    let exponent = exponent.strip_prefix('+').unwrap_or(exponent);
    !mantissa.is_empty()
        && mantissa.starts_with(|c: char| c.is_ascii_digit())
        && mantissa
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
        && mantissa.contains(['.', ','])
        && !exponent.is_empty()
        && exponent.chars().all(|c| c.is_ascii_digit())
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
