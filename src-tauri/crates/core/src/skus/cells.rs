//! What one cell of a SKU or mapping file means: a code (text that a spreadsheet may have
//! turned into a number), a stock figure, an amount of money, a factor. Pure functions, so
//! every rule is tested here; the files' readers only name the row and column.

use crate::sheet::{looks_like_scientific, Cell, EXACT_FLOAT_LIMIT};
use rust_decimal::Decimal;
use std::str::FromStr;

/// The largest stock figure taken: past a billion units the cell is surely something else
/// (a barcode in the wrong column).
pub(crate) const MAX_STOCK: i64 = 1_000_000_000;

/// A code or id cell as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CodeCell {
    /// As the spreadsheet shows it, trimmed.
    pub text: String,
    pub stored_as: StoredAs,
}

/// How a code or id cell was stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum StoredAs {
    Text,
    /// A whole number, exact: right unless the code had leading zeros.
    ExactNumber,
    /// A number that cannot be the code as typed: rounded past 15 digits, a fraction, or
    /// scientific notation a spreadsheet wrote into a CSV.
    MangledNumber,
}

/// A text cell's value, trimmed. A leading `'` before `=`, `+`, `-` or `@` is dropped:
/// Shopdock's own CSV export writes it so a spreadsheet shows such a value as text instead of
/// running it as a formula.
pub(crate) fn text_cell(cell: &Cell) -> String {
    let shown = cell.shown();
    match shown.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@']) => rest.to_owned(),
        _ => shown,
    }
}

/// Reads a code or id cell (see [`text_cell`] for its text).
pub(crate) fn code_cell(cell: &Cell) -> CodeCell {
    match cell {
        Cell::Text(_) => {
            let t = text_cell(cell);
            let stored_as = if looks_like_scientific(&t) {
                StoredAs::MangledNumber
            } else {
                StoredAs::Text
            };
            CodeCell { text: t, stored_as }
        }
        Cell::Whole(n) => CodeCell {
            text: n.to_string(),
            stored_as: StoredAs::ExactNumber,
        },
        Cell::Number(f) if f.fract() == 0.0 && f.abs() < EXACT_FLOAT_LIMIT => CodeCell {
            text: format!("{f:.0}"),
            stored_as: StoredAs::ExactNumber,
        },
        Cell::Number(f) => CodeCell {
            text: f.to_string(),
            stored_as: StoredAs::MangledNumber,
        },
    }
}

/// Why a stock cell was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum StockError {
    Negative,
    Fractional,
    /// Not a number, or over [`MAX_STOCK`].
    NotANumber,
}

/// A stock figure: a whole number from 0 to [`MAX_STOCK`]. `5.0` is 5; `2.5`, `-1`, `1,000`
/// and `ten` are refused, each for its own reason.
pub(crate) fn stock_cell(cell: &Cell) -> Result<i64, StockError> {
    let value = match cell {
        Cell::Whole(n) => Decimal::from(*n),
        Cell::Number(f) if !f.is_finite() => return Err(StockError::NotANumber),
        Cell::Number(f) => Decimal::from_str(&f.to_string()).map_err(|_| StockError::NotANumber)?,
        Cell::Text(t) => plain_decimal(t.trim()).ok_or(StockError::NotANumber)?,
    };
    if value.is_sign_negative() && !value.is_zero() {
        return Err(StockError::Negative);
    }
    if !value.fract().is_zero() {
        return Err(StockError::Fractional);
    }
    i64::try_from(value)
        .ok()
        .filter(|n| *n <= MAX_STOCK)
        .ok_or(StockError::NotANumber)
}

/// An amount of money: not negative, at most two decimals, a point for the decimals and no
/// thousands separators or currency signs (`12`, `12.5`, `0.99`). A number cell is read by
/// its shortest exact decimal form (a sheet's 12.99 is "12.99"), never kept as a float.
/// The error is the reason, to follow "The price … ".
pub(crate) fn money_cell(cell: &Cell) -> Result<Decimal, String> {
    let text = cell.shown();
    let shown = text.trim();
    let Some(value) = plain_decimal(shown) else {
        return Err(if shown.contains(',') {
            format!("{shown} is not an amount: use a point for the decimals and no thousands separators")
        } else {
            format!(
                "{shown} is not an amount: write digits only, e.g. 12.50, without a currency sign"
            )
        });
    };
    if value.is_sign_negative() && !value.is_zero() {
        return Err(format!("{shown} is negative"));
    }
    if value.normalize().scale() > 2 {
        return Err(format!("{shown} has more than two decimals"));
    }
    Ok(value.abs())
}

/// A factor: how many units of a local SKU one TikTok unit takes, a whole number from 1.
pub(crate) fn factor_cell(cell: &Cell) -> Option<u32> {
    match stock_cell(cell) {
        Ok(n) => u32::try_from(n).ok().filter(|n| *n >= 1),
        Err(_) => None,
    }
}

/// `-12.5`, `3`, `.5`, `4.`: an optional minus, digits, an optional point and digits.
/// Anything else (signs, separators, exponents, spaces inside) is not a plain decimal.
fn plain_decimal(s: &str) -> Option<Decimal> {
    let digits = s.strip_prefix('-').unwrap_or(s);
    let ok = !digits.is_empty()
        && digits.chars().any(|c| c.is_ascii_digit())
        && digits.chars().all(|c| c.is_ascii_digit() || c == '.')
        && digits.matches('.').count() <= 1;
    if !ok {
        return None;
    }
    Decimal::from_str(s).ok()
}

/// A link part as typed: `CODE`, or `CODExFACTOR` (also `X`, `×` or `*`), e.g. `MUG-REDx2`.
/// `is_code` says whether a text is one of the seller's codes: a code that itself ends in
/// x and digits (`BOXX2`) is taken whole when it is a known code.
pub(crate) fn link_part_text(text: &str, is_code: impl Fn(&str) -> bool) -> (String, u32) {
    let text = text.trim();
    if is_code(text) {
        return (text.to_owned(), 1);
    }
    if let Some(at) = text.rfind(['x', 'X', '×', '*']) {
        let (code, rest) = text.split_at(at);
        let sep_len = rest.chars().next().map(char::len_utf8).unwrap_or(1);
        let factor = rest[sep_len..].trim();
        let code = code.trim();
        if !code.is_empty() && !factor.is_empty() && factor.chars().all(|c| c.is_ascii_digit()) {
            if let Ok(n) = factor.parse::<u32>() {
                return (code.to_owned(), n);
            }
        }
    }
    (text.to_owned(), 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Cell {
        Cell::Text(s.into())
    }

    #[test]
    fn a_code_cell_tells_text_from_exact_and_mangled_numbers() {
        assert_eq!(
            code_cell(&text(" 00123 ")),
            CodeCell {
                text: "00123".into(),
                stored_as: StoredAs::Text
            }
        );
        assert_eq!(code_cell(&Cell::Number(123.0)).text, "123");
        assert_eq!(
            code_cell(&Cell::Number(123.0)).stored_as,
            StoredAs::ExactNumber
        );
        assert_eq!(code_cell(&Cell::Whole(7)).stored_as, StoredAs::ExactNumber);
        for mangled in [
            Cell::Number(1.5),
            Cell::Number(5.77e17),
            text("5.77012E+17"),
        ] {
            assert_eq!(
                code_cell(&mangled).stored_as,
                StoredAs::MangledNumber,
                "{mangled:?}"
            );
        }
        assert_eq!(
            code_cell(&text("'=SUM")).text,
            "=SUM",
            "the export's defusing undone"
        );
        assert_eq!(code_cell(&text("'ABC")).text, "'ABC");
    }

    #[test]
    fn stock_is_a_whole_number_from_zero_each_refusal_named() {
        assert_eq!(stock_cell(&text(" 5 ")), Ok(5));
        assert_eq!(stock_cell(&text("5.0")), Ok(5));
        assert_eq!(stock_cell(&Cell::Number(12.0)), Ok(12));
        assert_eq!(stock_cell(&Cell::Whole(0)), Ok(0));
        assert_eq!(stock_cell(&text("-0")), Ok(0));
        assert_eq!(stock_cell(&text("-2")), Err(StockError::Negative));
        assert_eq!(stock_cell(&Cell::Number(-1.0)), Err(StockError::Negative));
        assert_eq!(stock_cell(&text("2.5")), Err(StockError::Fractional));
        assert_eq!(stock_cell(&Cell::Number(0.5)), Err(StockError::Fractional));
        for bad in ["ten", "1,000", "1e3", "", "5 units", "2000000000"] {
            assert_eq!(stock_cell(&text(bad)), Err(StockError::NotANumber), "{bad}");
        }
    }

    #[test]
    fn money_is_exact_not_negative_and_at_most_two_decimals() {
        let ok = |c: Cell| money_cell(&c).map(|d| d.to_string());
        assert_eq!(ok(text("12.50")), Ok("12.50".into()));
        assert_eq!(ok(text("12")), Ok("12".into()));
        assert_eq!(ok(Cell::Number(12.99)), Ok("12.99".into()));
        assert!(
            ok(Cell::Number(0.1 + 0.2)).is_err(),
            "a float's noise is refused"
        );
        assert_eq!(
            ok(text("1.500")),
            Ok("1.500".into()),
            "trailing zeros are no more cents"
        );
        let why = |c: Cell| money_cell(&c).unwrap_err();
        assert!(why(text("-1")).contains("negative"));
        assert!(why(text("1.999")).contains("two decimals"));
        assert!(why(text("1,50")).contains("use a point"));
        assert!(why(text("$12")).contains("without a currency sign"));
    }

    #[test]
    fn a_factor_is_a_whole_number_from_one() {
        assert_eq!(factor_cell(&text("2")), Some(2));
        assert_eq!(factor_cell(&Cell::Number(3.0)), Some(3));
        assert_eq!(factor_cell(&text("0")), None);
        assert_eq!(factor_cell(&text("1.5")), None);
        assert_eq!(factor_cell(&text("two")), None);
    }

    #[test]
    fn a_link_part_is_a_code_with_an_optional_factor_and_a_known_code_is_taken_whole() {
        let none = |_: &str| false;
        assert_eq!(link_part_text("MUG-RED", none), ("MUG-RED".into(), 1));
        assert_eq!(link_part_text("MUG-REDx2", none), ("MUG-RED".into(), 2));
        assert_eq!(link_part_text(" MUG-RED X 3 ", none), ("MUG-RED".into(), 3));
        assert_eq!(link_part_text("MUG×4", none), ("MUG".into(), 4));
        assert_eq!(link_part_text("MUG*5", none), ("MUG".into(), 5));
        assert_eq!(link_part_text("BOX", none), ("BOX".into(), 1));
        assert_eq!(link_part_text("x2", none), ("x2".into(), 1));
        assert_eq!(
            link_part_text("BOXX2", |c| c == "BOXX2"),
            ("BOXX2".into(), 1)
        );
    }
}
