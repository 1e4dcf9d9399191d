//! Decimal amounts in and out of TEXT columns: written as their decimal text (the scale
//! TikTok gave kept), read back exactly; a stored value that does not parse is an error,
//! never a silent zero.

use rusqlite::types::Type;
use rusqlite::Row;
use rust_decimal::Decimal;
use std::str::FromStr;

/// The column value of an amount.
pub(crate) fn text(v: Option<Decimal>) -> Option<String> {
    v.map(|d| d.to_string())
}

/// An amount column.
pub(crate) fn at(r: &Row<'_>, idx: usize) -> rusqlite::Result<Option<Decimal>> {
    r.get::<_, Option<String>>(idx)?
        .map(|t| {
            Decimal::from_str(&t).map_err(|e| {
                rusqlite::Error::FromSqlConversionFailure(idx, Type::Text, Box::new(e))
            })
        })
        .transpose()
}

/// A `parts` column.
pub(crate) fn parts_at(r: &Row<'_>, idx: usize) -> rusqlite::Result<super::Parts> {
    let text: String = r.get(idx)?;
    super::Parts::from_json(&text)
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(idx, Type::Text, Box::new(e)))
}

/// `a + b` where either may be missing (`None` only when both are).
pub(crate) fn add(a: Option<Decimal>, b: Option<Decimal>) -> Option<Decimal> {
    match (a, b) {
        (None, None) => None,
        (a, b) => Some(a.unwrap_or_default() + b.unwrap_or_default()),
    }
}
