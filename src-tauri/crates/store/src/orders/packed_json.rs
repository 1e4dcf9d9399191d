//! An order's raw JSON as the store keeps it: LZ4-compressed.
//!
//! TikTok's order JSON is about 3 KB, so uncompressed each order's details row took about 4 KiB
//! of the file (three quarters of it), and the largest share of the log a backfill writes (five
//! shops at once ran at 1.30 instead of 1.48 times their floor with it left out). Core packs it
//! while decoding a page, beside the store's single writer, which then only copies bytes.
//!
//! Rows have been stored three ways, and all three read back as text, in Rust through
//! [`StoredJson`] and in SQL through `order_json(raw_json)`:
//! - TEXT: the JSON itself (the first versions);
//! - a BLOB holding a zstd frame (level 1), recognised by zstd's magic number;
//! - a BLOB holding an LZ4 block after its size (4 bytes, little-endian), as written now.
//!
//! LZ4 replaced zstd because packing runs for every order of a backfill (25,000 a second for
//! five shops) on the cores the writer needs: it packs a 1.8 KB order in about a quarter of
//! zstd's time (2.2 µs against 9) and unpacks it in 0.6 µs against 2.1, for a third more bytes
//! (1,130 against 830). Five shops at once then used 5-16% less CPU (interleaved runs).

use rusqlite::functions::FunctionFlags;
use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSqlOutput, ValueRef};
use rusqlite::{Connection, ToSql};
use std::cell::RefCell;
use std::io::{Error, ErrorKind};

/// The SQL function that turns a stored raw JSON (text or packed) into text.
const SQL_FUNCTION: &str = "order_json";

/// The first four bytes of every zstd frame. An LZ4 row starts with its size instead, which
/// would have to be about 4.2 GB to read the same: far past [`MAX_CLAIMED_SIZE`].
const ZSTD_MAGIC: [u8; 4] = [0x28, 0xb5, 0x2f, 0xfd];

/// The largest size a packed row may claim and be decoded into a buffer of that size at once.
/// Only a damaged row could claim more: an LZ4 one is an error, a zstd one is decoded as a
/// stream, which fails on the damage instead of allocating what the header says.
const MAX_CLAIMED_SIZE: u64 = 64 << 20;

/// An order's raw JSON, packed for storing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PackedJson {
    /// The JSON's size then its LZ4 block, stored as a BLOB.
    Lz4(Vec<u8>),
    /// The text itself, stored as TEXT (as every row was before packing).
    Text(String),
}

impl Default for PackedJson {
    fn default() -> Self {
        PackedJson::Text(String::new())
    }
}

impl PackedJson {
    /// Packs `json`.
    pub fn pack(json: &str) -> PackedJson {
        PackedJson::Lz4(lz4_flex::block::compress_prepend_size(json.as_bytes()))
    }

    /// The JSON as TikTok sent it.
    pub fn unpack(&self) -> Result<String, Error> {
        match self {
            PackedJson::Lz4(bytes) => unpack_bytes(bytes),
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
            PackedJson::Lz4(bytes) => ToSqlOutput::Borrowed(ValueRef::Blob(bytes)),
            PackedJson::Text(text) => ToSqlOutput::Borrowed(ValueRef::Text(text.as_bytes())),
        })
    }
}

/// A packed row's text, whichever way it was packed.
fn unpack_bytes(bytes: &[u8]) -> Result<String, Error> {
    let json = if bytes.starts_with(&ZSTD_MAGIC) {
        unpack_zstd(bytes)?
    } else {
        unpack_lz4(bytes)?
    };
    String::from_utf8(json).map_err(|e| Error::new(ErrorKind::InvalidData, e))
}

fn unpack_lz4(bytes: &[u8]) -> Result<Vec<u8>, Error> {
    let (size, block) = bytes
        .split_first_chunk::<4>()
        .ok_or_else(|| Error::new(ErrorKind::InvalidData, "a packed order without its size"))?;
    let claimed = u32::from_le_bytes(*size);
    if u64::from(claimed) > MAX_CLAIMED_SIZE {
        return Err(Error::new(
            ErrorKind::InvalidData,
            format!("a packed order claiming {claimed} bytes"),
        ));
    }
    let json = lz4_flex::block::decompress(block, claimed as usize)
        .map_err(|e| Error::new(ErrorKind::InvalidData, e))?;
    // LZ4 takes the size as room to decode into; a row holding less than it says is damaged.
    if json.len() != claimed as usize {
        return Err(Error::new(
            ErrorKind::InvalidData,
            format!("a packed order of {} bytes that says {claimed}", json.len()),
        ));
    }
    Ok(json)
}

thread_local! {
    /// One zstd context per thread: a new one per row (as `decode_all` makes) took five times
    /// as long as the decoding (10.9 µs a 1.8 KB order, against 2.1 µs reused).
    static ZSTD: RefCell<Option<zstd::bulk::Decompressor<'static>>> = const { RefCell::new(None) };
}

fn unpack_zstd(bytes: &[u8]) -> Result<Vec<u8>, Error> {
    match zstd::zstd_safe::get_frame_content_size(bytes) {
        Ok(Some(size)) if size <= MAX_CLAIMED_SIZE => ZSTD.with(|cell| {
            let mut cell = cell.borrow_mut();
            let decompressor = match cell.as_mut() {
                Some(d) => d,
                None => cell.insert(zstd::bulk::Decompressor::new()?),
            };
            decompressor.decompress(bytes, size as usize)
        }),
        // Frames Shopdock wrote always carry their size; any other is read as a stream.
        _ => zstd::stream::decode_all(bytes),
    }
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

    /// `json` as Shopdock packs it now.
    fn lz4_row(json: &str) -> Vec<u8> {
        let PackedJson::Lz4(bytes) = PackedJson::pack(json) else {
            panic!("not packed");
        };
        bytes
    }

    /// `json` as the versions before LZ4 packed it.
    fn zstd_row(json: &str) -> Vec<u8> {
        zstd::bulk::compress(json.as_bytes(), 1).unwrap()
    }

    #[test]
    fn packed_json_unpacks_to_the_same_text_and_is_smaller_for_a_real_order() {
        let packed = PackedJson::pack(ORDER);
        assert!(matches!(packed, PackedJson::Lz4(_)));
        assert_eq!(packed.unpack().unwrap(), ORDER);
        let long = format!("[{}]", vec![ORDER; 20].join(","));
        let bytes = lz4_row(&long);
        assert!(
            bytes.len() * 3 < long.len(),
            "{} of {}",
            bytes.len(),
            long.len()
        );
    }

    #[test]
    fn sql_reads_lz4_zstd_and_text_rows_alike_and_null_as_null() {
        let conn = Connection::open_in_memory().unwrap();
        register(&conn).unwrap();
        conn.execute_batch("CREATE TABLE d (raw_json)").unwrap();
        conn.execute("INSERT INTO d VALUES (?1)", [PackedJson::pack(ORDER)])
            .unwrap();
        conn.execute("INSERT INTO d VALUES (?1)", [zstd_row(ORDER)])
            .unwrap();
        conn.execute("INSERT INTO d VALUES (?1)", [ORDER]).unwrap();
        conn.execute("INSERT INTO d VALUES (NULL)", []).unwrap();
        let types: Vec<String> = column(&conn, "SELECT typeof(raw_json) FROM d ORDER BY rowid");
        assert_eq!(types, ["blob", "blob", "text", "null"]);
        let statuses: Vec<Option<String>> = column(
            &conn,
            "SELECT json_extract(order_json(raw_json), '$.status') FROM d ORDER BY rowid",
        );
        let status = Some("AWAITING_SHIPMENT".to_string());
        assert_eq!(statuses, [status.clone(), status.clone(), status, None]);
        let read: Vec<Option<StoredJson>> = column(&conn, "SELECT raw_json FROM d ORDER BY rowid");
        let want = Some(StoredJson(ORDER.to_string()));
        assert_eq!(read, [want.clone(), want.clone(), want, None]);
    }

    #[test]
    fn a_damaged_packed_row_is_an_error_not_a_panic() {
        let conn = Connection::open_in_memory().unwrap();
        register(&conn).unwrap();
        let mut cut = lz4_row(ORDER);
        cut.truncate(cut.len() / 2);
        let mut lying = lz4_row(ORDER);
        // Its size says one byte more than the block holds.
        lying[..4].copy_from_slice(&(ORDER.len() as u32 + 1).to_le_bytes());
        let damaged = [
            vec![0x28, 0xb5, 0x2f, 0xfd, 0x00],
            vec![0x00, 0xff],
            cut,
            lying,
        ];
        for row in damaged {
            let got: rusqlite::Result<Option<String>> =
                conn.query_row("SELECT order_json(?1)", [&row], |r| r.get(0));
            assert!(got.is_err(), "{row:02x?}: {got:?}");
            let read: rusqlite::Result<StoredJson> =
                conn.query_row("SELECT ?1", [&row], |r| r.get(0));
            assert!(read.is_err(), "{row:02x?}");
        }
    }

    #[test]
    fn a_row_claiming_an_enormous_size_is_an_error_not_an_allocation() {
        // A zstd single-segment frame header whose 8-byte content size says 2^62 bytes.
        let mut frame = ZSTD_MAGIC.to_vec();
        frame.push(0xe0);
        frame.extend_from_slice(&(1u64 << 62).to_le_bytes());
        assert_eq!(
            zstd::zstd_safe::get_frame_content_size(&frame)
                .ok()
                .flatten(),
            Some(1 << 62),
            "the header is read as claiming that size"
        );
        assert!(unpack_bytes(&frame).is_err());
        // An LZ4 row saying 4 GiB less a byte, then one byte.
        let lz4 = [0xff, 0xff, 0xff, 0xfe, 0x00];
        let error = unpack_bytes(&lz4).unwrap_err();
        assert!(error.to_string().contains("claiming"), "{error}");
    }

    #[test]
    fn many_rows_unpack_on_one_thread_each_to_its_own_text() {
        let orders: Vec<String> = (0..50)
            .map(|i| ORDER.replace("576461413038785752", &format!("5764614130387857{i:02}")))
            .collect();
        for (i, json) in orders.iter().enumerate() {
            // Alternate the packings, as a store with rows of both ages holds them.
            let row = if i % 2 == 0 {
                let row = lz4_row(json);
                assert_eq!(row[..4], (json.len() as u32).to_le_bytes(), "its size");
                row
            } else {
                zstd_row(json)
            };
            assert_eq!(&unpack_bytes(&row).unwrap(), json);
        }
    }
}
