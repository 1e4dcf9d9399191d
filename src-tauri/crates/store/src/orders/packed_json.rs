//! An order's raw JSON as the store keeps it: zstd-compressed.
//!
//! TikTok's order JSON is about 3 KB, so uncompressed each order's details row took about 4 KiB
//! of the file (three quarters of it), and the largest share of the log a backfill writes (five
//! shops at once ran at 1.30 instead of 1.48 times their floor with it left out).
//! Compressed it is about two fifths as large (1.2 KB). Core packs it while decoding a page, beside the
//! store's single writer, which then only copies bytes.
//!
//! Rows written before the change hold text; both read back as text, in Rust through
//! [`StoredJson`] and in SQL through `order_json(raw_json)`.

use rusqlite::functions::FunctionFlags;
use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSqlOutput, ValueRef};
use rusqlite::{Connection, ToSql};
use std::cell::RefCell;

/// zstd's fastest level: the packing runs for every order of a backfill (25,000 a second for
/// five shops), and higher levels gain little on a 3 KB document.
const LEVEL: i32 = 1;

/// The SQL function that turns a stored raw JSON (text or packed) into text.
const SQL_FUNCTION: &str = "order_json";

/// An order's raw JSON, packed for storing. Built from the text TikTok sent; should packing
/// ever fail (only on an allocation failure), the text is kept as it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PackedJson {
    /// A zstd frame, stored as a BLOB.
    Zstd(Vec<u8>),
    /// The text itself, stored as TEXT (as every row was before packing).
    Text(String),
}

impl Default for PackedJson {
    fn default() -> Self {
        PackedJson::Text(String::new())
    }
}

thread_local! {
    /// One compression context per thread: making one per order would cost more than the work.
    static COMPRESSOR: RefCell<Option<zstd::bulk::Compressor<'static>>> = const { RefCell::new(None) };
}

impl PackedJson {
    /// Packs `json`.
    pub fn pack(json: &str) -> PackedJson {
        let packed = COMPRESSOR.with(|cell| {
            let mut cell = cell.borrow_mut();
            if cell.is_none() {
                *cell = zstd::bulk::Compressor::new(LEVEL).ok();
            }
            cell.as_mut()?.compress(json.as_bytes()).ok()
        });
        match packed {
            Some(bytes) => PackedJson::Zstd(bytes),
            None => PackedJson::Text(json.to_owned()),
        }
    }

    /// The JSON as TikTok sent it.
    pub fn unpack(&self) -> Result<String, std::io::Error> {
        match self {
            PackedJson::Zstd(bytes) => unpack_bytes(bytes),
            PackedJson::Text(text) => Ok(text.clone()),
        }
    }
}

impl From<&str> for PackedJson {
    fn from(json: &str) -> Self {
        PackedJson::pack(json)
    }
}

impl From<String> for PackedJson {
    fn from(json: String) -> Self {
        PackedJson::pack(&json)
    }
}

impl ToSql for PackedJson {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(match self {
            PackedJson::Zstd(bytes) => ToSqlOutput::Borrowed(ValueRef::Blob(bytes)),
            PackedJson::Text(text) => ToSqlOutput::Borrowed(ValueRef::Text(text.as_bytes())),
        })
    }
}

thread_local! {
    /// One decompression context per thread: a new one per row (as `decode_all` makes) took
    /// five times as long as the decoding (10.9 µs a 1.8 KB order, against 2.1 µs reused).
    static DECOMPRESSOR: RefCell<Option<zstd::bulk::Decompressor<'static>>> = const { RefCell::new(None) };
}

/// The largest content size a frame's header may claim and be decoded into a buffer of that
/// size at once; a larger claim (only a damaged row could make one) is decoded as a stream,
/// which fails on the damage instead of allocating what the header says.
const MAX_CLAIMED_SIZE: u64 = 64 << 20;

fn unpack_bytes(bytes: &[u8]) -> Result<String, std::io::Error> {
    let json = match zstd::zstd_safe::get_frame_content_size(bytes) {
        Ok(Some(size)) if size <= MAX_CLAIMED_SIZE => DECOMPRESSOR.with(|cell| {
            let mut cell = cell.borrow_mut();
            let decompressor = match cell.as_mut() {
                Some(d) => d,
                None => cell.insert(zstd::bulk::Decompressor::new()?),
            };
            decompressor.decompress(bytes, size as usize)
        })?,
        // Frames Shopdock writes always carry their size; any other is read as a stream.
        _ => zstd::stream::decode_all(bytes)?,
    };
    String::from_utf8(json).map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))
}

/// A stored raw JSON read back as text, whichever way it was stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct StoredJson(pub(crate) String);

impl FromSql for StoredJson {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        match value {
            ValueRef::Blob(bytes) => unpack_bytes(bytes)
                .map(StoredJson)
                .map_err(|e| FromSqlError::Other(Box::new(e))),
            other => String::column_result(other).map(StoredJson),
        }
    }
}

/// Registers `order_json(raw_json)` on `conn`, for SQL that reads into the raw JSON
/// (`json_extract(order_json(raw_json), '$.field')`).
pub(crate) fn register(conn: &Connection) -> rusqlite::Result<()> {
    conn.create_scalar_function(
        SQL_FUNCTION,
        1,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx| match ctx.get_raw(0) {
            ValueRef::Null => Ok(None),
            value => StoredJson::column_result(value)
                .map(|json| Some(json.0))
                .map_err(|e| rusqlite::Error::UserFunctionError(Box::new(e))),
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const ORDER: &str = r#"{"id":"576461413038785752","status":"AWAITING_SHIPMENT","line_items":[{"id":"1","product_name":"Mug"},{"id":"2","product_name":"Mug"}]}"#;

    /// The first column of every row of `sql`.
    fn column<T: FromSql>(conn: &Connection, sql: &str) -> Vec<T> {
        conn.prepare(sql)
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    }

    #[test]
    fn packed_json_unpacks_to_the_same_text_and_is_smaller_for_a_real_order() {
        let packed = PackedJson::pack(ORDER);
        assert!(matches!(packed, PackedJson::Zstd(_)));
        assert_eq!(packed.unpack().unwrap(), ORDER);
        let long = format!("[{}]", vec![ORDER; 20].join(","));
        let PackedJson::Zstd(bytes) = PackedJson::pack(&long) else {
            panic!("not packed");
        };
        assert!(
            bytes.len() * 3 < long.len(),
            "{} of {}",
            bytes.len(),
            long.len()
        );
    }

    #[test]
    fn sql_reads_packed_and_text_rows_alike_and_null_as_null() {
        let conn = Connection::open_in_memory().unwrap();
        register(&conn).unwrap();
        conn.execute_batch("CREATE TABLE d (raw_json)").unwrap();
        conn.execute("INSERT INTO d VALUES (?1)", [PackedJson::pack(ORDER)])
            .unwrap();
        conn.execute("INSERT INTO d VALUES (?1)", [ORDER]).unwrap();
        conn.execute("INSERT INTO d VALUES (NULL)", []).unwrap();
        let types: Vec<String> = column(&conn, "SELECT typeof(raw_json) FROM d ORDER BY rowid");
        assert_eq!(types, ["blob", "text", "null"]);
        let statuses: Vec<Option<String>> = column(
            &conn,
            "SELECT json_extract(order_json(raw_json), '$.status') FROM d ORDER BY rowid",
        );
        assert_eq!(
            statuses,
            [
                Some("AWAITING_SHIPMENT".to_string()),
                Some("AWAITING_SHIPMENT".to_string()),
                None
            ]
        );
        let read: Vec<Option<StoredJson>> = column(&conn, "SELECT raw_json FROM d ORDER BY rowid");
        let want = Some(StoredJson(ORDER.to_string()));
        assert_eq!(read, [want.clone(), want, None]);
    }

    #[test]
    fn a_damaged_packed_row_is_an_error_not_a_panic() {
        let conn = Connection::open_in_memory().unwrap();
        register(&conn).unwrap();
        let got: rusqlite::Result<Option<String>> =
            conn.query_row("SELECT order_json(x'28b52ffd00')", [], |r| r.get(0));
        assert!(got.is_err(), "{got:?}");
        let read: rusqlite::Result<StoredJson> = conn.query_row("SELECT x'00ff'", [], |r| r.get(0));
        assert!(read.is_err());
    }

    #[test]
    fn a_frame_claiming_an_enormous_size_is_an_error_not_an_allocation() {
        // A single-segment frame header whose 8-byte content size says 2^62 bytes, then nothing.
        let mut frame = vec![0x28, 0xb5, 0x2f, 0xfd, 0xe0];
        frame.extend_from_slice(&(1u64 << 62).to_le_bytes());
        assert_eq!(
            zstd::zstd_safe::get_frame_content_size(&frame)
                .ok()
                .flatten(),
            Some(1 << 62),
            "the header is read as claiming that size"
        );
        assert!(unpack_bytes(&frame).is_err());
    }

    #[test]
    fn many_rows_unpack_on_one_thread_each_to_its_own_text() {
        let orders: Vec<String> = (0..50)
            .map(|i| ORDER.replace("576461413038785752", &format!("5764614130387857{i:02}")))
            .collect();
        let packed: Vec<PackedJson> = orders.iter().map(|o| PackedJson::pack(o)).collect();
        for (json, p) in orders.iter().zip(&packed) {
            let PackedJson::Zstd(bytes) = p else {
                panic!("not packed");
            };
            // The size is in the header, so the reused context decodes it in one go.
            assert_eq!(
                zstd::zstd_safe::get_frame_content_size(bytes)
                    .ok()
                    .flatten(),
                Some(json.len() as u64)
            );
            assert_eq!(&p.unpack().unwrap(), json);
        }
    }
}
