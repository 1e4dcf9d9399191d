//! A seller's spreadsheet read into a grid of cells: CSV (or semicolon or tab separated), or
//! the first sheet of an xlsx, xlsm, xlsb, xls or ods workbook, picked by the file name's
//! extension. Shared by every file the seller hands Shopdock (tracking numbers, SKUs, SKU
//! mappings); what the columns mean is each reader's own business.
//!
//! Spreadsheet traps handled here: a UTF-8 byte-order mark, the delimiter guessed from the
//! header line, text that is not UTF-8, and cells a spreadsheet stored as numbers kept apart
//! from text ([`Cell::Number`]), so a reader can tell an id that lost its digits or leading
//! zeros from one typed as text.

use calamine::{open_workbook_auto_from_rs, Data, Reader};
use std::io::Cursor;
use std::path::{Path, PathBuf};

/// Floats hold 15 significant digits exactly; a whole number past this was rounded.
pub(crate) const EXACT_FLOAT_LIMIT: f64 = 1e15;
/// The largest file read: a file of 50,000 rows is a few MB as CSV, so anything bigger is
/// the wrong file, and reading it would keep the seller waiting for nothing.
pub(crate) const MAX_FILE_BYTES: u64 = 5 * 1024 * 1024;

/// One cell as read.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Cell {
    /// Text, as written (CSV cells are always text).
    Text(String),
    /// A whole number a sheet stored as an integer (exact).
    Whole(i64),
    /// A number a sheet stored as a float (possibly rounded past 15 digits).
    Number(f64),
}

impl Cell {
    /// True for an empty or all-space cell.
    pub(crate) fn is_blank(&self) -> bool {
        matches!(self, Cell::Text(t) if t.trim().is_empty())
    }

    /// The cell as text as a spreadsheet shows it: text trimmed, numbers in their shortest
    /// exact decimal form (`12.5`, `123`).
    pub(crate) fn shown(&self) -> String {
        match self {
            Cell::Text(t) => t.trim().to_owned(),
            Cell::Whole(n) => n.to_string(),
            Cell::Number(f) => f.to_string(),
        }
    }
}

/// Each non-header line or row: its 1-based line (CSV) or row (sheet) number, and its cells.
pub(crate) type Grid = Vec<(u32, Vec<Cell>)>;

/// Where a file comes from: a path (the CLI), or the bytes of a file the seller picked in the
/// window, with its name (its extension says the format).
#[derive(Debug, Clone)]
pub(crate) enum SheetSource {
    File(PathBuf),
    Upload { name: String, bytes: Vec<u8> },
}

/// Why a file could not be read at all. `what` names the kind of file ("tracking files").
#[derive(Debug, thiserror::Error)]
pub(crate) enum SheetError {
    #[error("Could not read {path}: {reason}")]
    Unreadable { path: String, reason: String },
    #[error("{path} is {size}; Shopdock reads {what} up to {limit}: split it into smaller files.")]
    TooLarge {
        path: String,
        size: String,
        limit: String,
        what: &'static str,
    },
}

impl SheetSource {
    /// The file's name as the seller knows it (its path, or the picked file's name).
    pub(crate) fn name(&self) -> String {
        match self {
            SheetSource::File(path) => path.display().to_string(),
            SheetSource::Upload { name, .. } => name.clone(),
        }
    }

    /// Reads the whole grid (blocking: call it off the async runtime), refusing a file over
    /// [`MAX_FILE_BYTES`] before reading it.
    pub(crate) fn grid(&self, what: &'static str) -> Result<Grid, SheetError> {
        match self {
            SheetSource::File(path) => {
                let shown = path.display().to_string();
                let unreadable = |e: std::io::Error| SheetError::Unreadable {
                    path: shown.clone(),
                    reason: e.to_string(),
                };
                let size = std::fs::metadata(path).map_err(unreadable)?.len();
                check_size(&shown, size, what)?;
                let bytes = std::fs::read(path).map_err(unreadable)?;
                read_named_bytes(&shown, &bytes)
            }
            SheetSource::Upload { name, bytes } => {
                check_size(name, bytes.len() as u64, what)?;
                read_named_bytes(name, bytes)
            }
        }
    }
}

/// Refuses a file over [`MAX_FILE_BYTES`] before anything of it is read.
pub(crate) fn check_size(name: &str, size: u64, what: &'static str) -> Result<(), SheetError> {
    if size <= MAX_FILE_BYTES {
        return Ok(());
    }
    Err(SheetError::TooLarge {
        path: name.to_owned(),
        size: megabytes(size),
        limit: megabytes(MAX_FILE_BYTES),
        what,
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

/// Reads a file's bytes by its name's extension: `.xlsx`, `.xlsm`, `.xlsb`, `.xls`, `.ods` as
/// a spreadsheet's first sheet, anything else as delimited text.
fn read_named_bytes(name: &str, bytes: &[u8]) -> Result<Grid, SheetError> {
    let extension = Path::new(name)
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default()
        .to_ascii_lowercase();
    match extension.as_str() {
        "xlsx" | "xlsm" | "xlsb" | "xls" | "ods" => read_sheet(bytes),
        _ => read_delimited(bytes),
    }
    .map_err(|reason| SheetError::Unreadable {
        path: name.to_owned(),
        reason,
    })
}

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
            let mut values = vec![Cell::Text(String::new()); first_col];
            values.extend(cells.iter().map(|cell| match cell {
                Data::Int(n) => Cell::Whole(*n),
                Data::Float(f) => Cell::Number(*f),
                Data::Empty => Cell::Text(String::new()),
                other => Cell::Text(other.to_string()),
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
            record.iter().map(|c| Cell::Text(c.to_owned())).collect(),
        ));
    }
    Ok(grid)
}

/// A header cell as a word to compare: lower case, letters and digits only ("Order No." is
/// "orderno").
pub(crate) fn header_word(cell: &Cell) -> String {
    match cell {
        Cell::Text(t) => t
            .chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect(),
        Cell::Whole(_) | Cell::Number(_) => String::new(),
    }
}

/// The column whose header is one of `names`, else the first whose header contains `stem`
/// (an empty stem matches nothing).
pub(crate) fn find_column(headers: &[String], names: &[&str], stem: &str) -> Option<usize> {
    headers
        .iter()
        .position(|h| names.contains(&h.as_str()))
        .or_else(|| {
            (!stem.is_empty())
                .then(|| headers.iter().position(|h| h.contains(stem)))
                .flatten()
        })
}

/// `5.77012E+17`, `5,77E+17`: what Excel shows (and saves to CSV) for a long id typed as a
/// number.
pub(crate) fn looks_like_scientific(text: &str) -> bool {
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

    #[test]
    fn a_sheet_keeps_numbers_apart_from_text_and_a_csv_reads_all_text() {
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        sheet.write_string(0, 0, "code").unwrap();
        sheet.write_string(1, 0, "00123").unwrap();
        sheet.write_number(2, 0, 123.0).unwrap();
        sheet.write_number(3, 0, 12.5).unwrap();
        let bytes = book.save_to_buffer().unwrap();
        let grid = SheetSource::Upload {
            name: "skus.xlsx".into(),
            bytes,
        }
        .grid("files")
        .unwrap();
        let cells: Vec<&Cell> = grid.iter().map(|(_, row)| &row[0]).collect();
        assert_eq!(
            cells,
            [
                &Cell::Text("code".into()),
                &Cell::Text("00123".into()),
                &Cell::Number(123.0),
                &Cell::Number(12.5),
            ]
        );
        assert_eq!(
            (cells[2].shown(), cells[3].shown()),
            ("123".into(), "12.5".into())
        );

        let grid = SheetSource::Upload {
            name: "skus.csv".into(),
            bytes: b"code;stock\n00123;5\n".to_vec(),
        }
        .grid("files")
        .unwrap();
        assert_eq!(
            grid[1],
            (2, vec![Cell::Text("00123".into()), Cell::Text("5".into())])
        );
    }

    #[test]
    fn a_stem_finds_a_column_only_when_no_header_is_one_of_the_names() {
        let headers: Vec<String> = ["costprice", "price", "qty"].map(String::from).into();
        assert_eq!(find_column(&headers, &["price"], "price"), Some(1));
        assert_eq!(find_column(&headers, &["saleprice"], "price"), Some(0));
        assert_eq!(find_column(&headers, &["stock"], ""), None);
    }
}
