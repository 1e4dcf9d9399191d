//! What makes a shop's product import incremental and resumable (`product_import`): the
//! watermark of the last finished import, the unfinished import's job (its update-time windows
//! are a backfill job, see [`crate::NewBackfillJob`]), and the pending sweep that marks the
//! products TikTok no longer lists once a full import and the changes after it are stored.

use super::records::ProductImportState;
use crate::error::is_foreign_key_violation;
use crate::{NewBackfillJob, StoreError};
use rusqlite::{params, Connection, OptionalExtension};
use std::collections::HashMap;

/// What an import needs to know of a stored product to decide whether Get Product must be
/// asked again.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProductFreshness {
    pub update_time: i64,
    /// The `update_time` whose details are stored; `None`: none yet.
    pub details_time: Option<i64>,
    /// The stored SKU ids, in TikTok's order.
    pub sku_ids: Vec<String>,
}

/// A finished import, recorded in one transaction with the removal of its job.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FinishedImport {
    pub job_id: i64,
    /// A full import (every product listed), rather than the changes since the watermark.
    pub full: bool,
    /// Every product TikTok updated before this time (its clock, Unix seconds) is now stored:
    /// the next import of changes starts here (less an overlap).
    pub watermark: i64,
    /// When the import started (this computer's clock, as `imported_at`): after a full
    /// import, products not seen since were not listed.
    pub started_at: i64,
    pub finished_at: i64,
}

pub(crate) fn import_state(
    conn: &Connection,
    shop_id: &str,
) -> Result<ProductImportState, StoreError> {
    let state = conn
        .prepare_cached(
            "SELECT watermark, full_imported_at, last_imported_at, job_id, job_total,
                    unreachable, sweep_since
             FROM product_import WHERE shop_id = ?1",
        )?
        .query_row([shop_id], |r| {
            Ok(ProductImportState {
                watermark: r.get(0)?,
                full_imported_at: r.get(1)?,
                last_imported_at: r.get(2)?,
                job_id: r.get(3)?,
                job_total: r.get::<_, i64>(4)? as u64,
                unreachable: r.get::<_, i64>(5)? as u64,
                sweep_since: r.get(6)?,
            })
        })
        .optional()?;
    Ok(state.unwrap_or_default())
}

/// Creates the import's job (with its windows) and makes it the shop's unfinished import.
pub(crate) fn begin_import(conn: &Connection, job: &NewBackfillJob) -> Result<i64, StoreError> {
    let (job_id, _) = crate::sync_state::create_backfill_job(conn, job)?;
    let done = conn
        .prepare_cached(
            "INSERT INTO product_import (shop_id, job_id) VALUES (?1, ?2)
             ON CONFLICT (shop_id) DO UPDATE SET
                job_id = excluded.job_id, job_total = 0, unreachable = 0",
        )?
        .execute(params![job.shop_id, job_id]);
    match done {
        Err(e) if is_foreign_key_violation(&e) => {
            Err(StoreError::ShopNotFound(job.shop_id.clone()))
        }
        Err(e) => Err(e.into()),
        Ok(_) => Ok(job_id),
    }
}

pub(crate) fn set_job_total(
    conn: &Connection,
    shop_id: &str,
    total: u64,
) -> Result<(), StoreError> {
    conn.prepare_cached("UPDATE product_import SET job_total = ?2 WHERE shop_id = ?1")?
        .execute(params![shop_id, total as i64])?;
    Ok(())
}

pub(crate) fn add_unreachable(conn: &Connection, shop_id: &str, n: u64) -> Result<(), StoreError> {
    conn.prepare_cached(
        "UPDATE product_import SET unreachable = unreachable + ?2 WHERE shop_id = ?1",
    )?
    .execute(params![shop_id, n as i64])?;
    Ok(())
}

/// Records a finished import and deletes its job. A full import that reached every product
/// leaves a sweep pending from its start (see [`sweep_unlisted`]).
pub(crate) fn finish_import(
    conn: &Connection,
    shop_id: &str,
    f: &FinishedImport,
) -> Result<(), StoreError> {
    let changed = conn
        .prepare_cached(
            "UPDATE product_import SET
                watermark = ?2,
                last_imported_at = ?3,
                full_imported_at = CASE WHEN ?4 THEN ?3 ELSE full_imported_at END,
                sweep_since = CASE WHEN ?4 AND unreachable = 0 THEN ?6
                                   WHEN ?4 THEN NULL ELSE sweep_since END,
                job_id = NULL, job_total = 0, unreachable = 0
             WHERE shop_id = ?1 AND job_id = ?5",
        )?
        .execute(params![
            shop_id,
            f.watermark,
            f.finished_at,
            f.full,
            f.job_id,
            f.started_at
        ])?;
    if changed == 0 {
        return Err(StoreError::Invalid(format!(
            "job {} is not the unfinished product import of shop {shop_id}",
            f.job_id
        )));
    }
    conn.prepare_cached("DELETE FROM backfill_jobs WHERE id = ?1")?
        .execute([f.job_id])?;
    Ok(())
}

/// Marks `DELETED` the products of the shop no import saw since the pending sweep's time (a
/// full import listed every product TikTok has, and the changes after it were imported too),
/// and clears the sweep. Returns how many were marked.
pub(crate) fn sweep_unlisted(conn: &Connection, shop_id: &str) -> Result<usize, StoreError> {
    let since: Option<i64> = conn
        .prepare_cached("SELECT sweep_since FROM product_import WHERE shop_id = ?1")?
        .query_row([shop_id], |r| r.get(0))
        .optional()?
        .flatten();
    let Some(since) = since else {
        return Ok(0);
    };
    let marked = conn
        .prepare_cached(
            "UPDATE products SET status = 'DELETED'
             WHERE shop_id = ?1 AND imported_at < ?2 AND status <> 'DELETED'",
        )?
        .execute(params![shop_id, since])?;
    conn.prepare_cached("UPDATE product_import SET sweep_since = NULL WHERE shop_id = ?1")?
        .execute([shop_id])?;
    Ok(marked)
}

/// Products of the shop an import saw at or after `since`.
pub(crate) fn seen_since(conn: &Connection, shop_id: &str, since: i64) -> Result<u64, StoreError> {
    let n: i64 = conn
        .prepare_cached("SELECT COUNT(*) FROM products WHERE shop_id = ?1 AND imported_at >= ?2")?
        .query_row(params![shop_id, since], |r| r.get(0))?;
    Ok(n as u64)
}

pub(crate) fn freshness(
    conn: &Connection,
    shop_id: &str,
    product_ids: &[String],
) -> Result<HashMap<String, ProductFreshness>, StoreError> {
    let ids = serde_json::to_string(product_ids)?;
    let mut out: HashMap<String, ProductFreshness> = HashMap::new();
    let mut products = conn.prepare_cached(
        "SELECT product_id, update_time, details_time FROM products
         WHERE shop_id = ?1 AND product_id IN (SELECT value FROM json_each(?2))",
    )?;
    let mut rows = products.query(params![shop_id, ids])?;
    while let Some(r) = rows.next()? {
        out.insert(
            r.get(0)?,
            ProductFreshness {
                update_time: r.get(1)?,
                details_time: r.get(2)?,
                sku_ids: Vec::new(),
            },
        );
    }
    let mut skus = conn.prepare_cached(
        "SELECT product_id, sku_id FROM product_skus
         WHERE shop_id = ?1 AND product_id IN (SELECT value FROM json_each(?2))
         ORDER BY product_id, position",
    )?;
    let mut rows = skus.query(params![shop_id, ids])?;
    while let Some(r) = rows.next()? {
        let product: String = r.get(0)?;
        if let Some(f) = out.get_mut(&product) {
            f.sku_ids.push(r.get(1)?);
        }
    }
    Ok(out)
}
