//! `stock_sync`, `price_sync` and `stock_findings`: what the last push of each linked TikTok
//! SKU did, for the window's and the CLI's sync column, and what reconciliation found.

use crate::{Store, StoreError};
use rusqlite::{params, Connection};

/// What one stock push attempt did to one SKU.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkuStockResult {
    pub sku_id: String,
    /// The figure Shopdock computed (`None`: nothing could be computed, see `error`).
    pub planned: Option<i64>,
    /// The figure TikTok now holds, when known (sent and applied, or read back equal).
    pub confirmed: Option<i64>,
    /// Why it is not on TikTok: `(code, seller-facing reason)`. `None` with `confirmed` also
    /// `None` means the outcome is being checked.
    pub error: Option<(String, String)>,
    /// With `confirmed`: TikTok's quantity per warehouse, kept in the catalog's stock too so
    /// the products screen shows what TikTok holds.
    pub warehouses: Vec<(String, i64)>,
}

/// What one price push attempt did to one SKU.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkuPriceResult {
    pub sku_id: String,
    /// The price Shopdock computed, as a decimal string.
    pub planned: Option<String>,
    pub currency: Option<String>,
    /// The price TikTok now holds, when known.
    pub confirmed: Option<String>,
    pub error: Option<(String, String)>,
}

/// A SKU's stock sync state as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StockSyncRow {
    pub shop_id: String,
    pub sku_id: String,
    pub product_id: String,
    pub planned: Option<i64>,
    /// The last figure TikTok confirmed, and when.
    pub pushed: Option<i64>,
    pub pushed_at: Option<i64>,
    pub error_code: Option<String>,
    pub error_reason: Option<String>,
    pub attempted_at: i64,
}

/// A SKU's price sync state as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PriceSyncRow {
    pub shop_id: String,
    pub sku_id: String,
    pub product_id: String,
    pub planned: Option<String>,
    pub currency: Option<String>,
    pub pushed: Option<String>,
    pub pushed_at: Option<i64>,
    pub error_code: Option<String>,
    pub error_reason: Option<String>,
    pub attempted_at: i64,
}

/// A SKU whose quantity on TikTok differed from Shopdock's figure when reconciled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StockFinding {
    pub shop_id: String,
    pub product_id: String,
    pub sku_id: String,
    /// TikTok's available units.
    pub tiktok: i64,
    /// Shopdock's figure.
    pub expected: i64,
    pub found_at: i64,
}

/// Findings kept per shop: enough to show a history, bounded so an hourly job never grows the
/// file without end.
const FINDINGS_KEPT: i64 = 1000;

fn forget_unlisted(
    conn: &Connection,
    table: &str,
    shop_id: &str,
    product_id: &str,
    kept: &[&str],
) -> Result<(), StoreError> {
    let ids = serde_json::to_string(kept)?;
    let sql = format!(
        "DELETE FROM {table} WHERE shop_id = ?1 AND product_id = ?2
           AND sku_id NOT IN (SELECT value FROM json_each(?3))"
    );
    conn.prepare_cached(&sql)?
        .execute(params![shop_id, product_id, ids])?;
    Ok(())
}

impl Store {
    /// Records a stock push attempt of one product: one row per SKU of `results`; the
    /// product's other rows (SKUs no longer linked) go.
    pub fn record_stock_results(
        &self,
        shop_id: &str,
        product_id: &str,
        results: &[SkuStockResult],
        now: i64,
    ) -> Result<(), StoreError> {
        self.write(|tx| {
            let conn = tx.conn();
            let mut put = conn.prepare_cached(
                "INSERT INTO stock_sync (shop_id, sku_id, product_id, planned, pushed, pushed_at,
                                         error_code, error_reason, attempted_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, CASE WHEN ?5 IS NULL THEN NULL ELSE ?8 END, ?6, ?7, ?8)
                 ON CONFLICT (shop_id, sku_id) DO UPDATE SET
                    product_id = excluded.product_id, planned = excluded.planned,
                    pushed = COALESCE(excluded.pushed, pushed),
                    pushed_at = COALESCE(excluded.pushed_at, pushed_at),
                    error_code = excluded.error_code, error_reason = excluded.error_reason,
                    attempted_at = excluded.attempted_at",
            )?;
            // The catalog's copy of TikTok's stock (the products screen's), where it has the SKU.
            let mut catalog = conn.prepare_cached(
                "UPDATE sku_stock SET quantity = ?4
                 WHERE shop_id = ?1 AND sku_id = ?2 AND warehouse_id = ?3",
            )?;
            for r in results {
                let (code, reason) = r.error.clone().unzip();
                put.execute(params![
                    shop_id,
                    r.sku_id,
                    product_id,
                    r.planned,
                    r.confirmed,
                    code,
                    reason,
                    now
                ])?;
                if r.confirmed.is_some() {
                    for (warehouse, quantity) in &r.warehouses {
                        catalog.execute(params![shop_id, r.sku_id, warehouse, quantity])?;
                    }
                }
            }
            let kept: Vec<&str> = results.iter().map(|r| r.sku_id.as_str()).collect();
            forget_unlisted(conn, "stock_sync", shop_id, product_id, &kept)
        })
    }

    /// Records a price push attempt of one product (see [`Store::record_stock_results`]).
    pub fn record_price_results(
        &self,
        shop_id: &str,
        product_id: &str,
        results: &[SkuPriceResult],
        now: i64,
    ) -> Result<(), StoreError> {
        self.write(|tx| {
            let conn = tx.conn();
            let mut put = conn.prepare_cached(
                "INSERT INTO price_sync (shop_id, sku_id, product_id, planned, currency, pushed,
                                         pushed_at, error_code, error_reason, attempted_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, CASE WHEN ?6 IS NULL THEN NULL ELSE ?9 END,
                         ?7, ?8, ?9)
                 ON CONFLICT (shop_id, sku_id) DO UPDATE SET
                    product_id = excluded.product_id, planned = excluded.planned,
                    currency = excluded.currency,
                    pushed = COALESCE(excluded.pushed, pushed),
                    pushed_at = COALESCE(excluded.pushed_at, pushed_at),
                    error_code = excluded.error_code, error_reason = excluded.error_reason,
                    attempted_at = excluded.attempted_at",
            )?;
            for r in results {
                let (code, reason) = r.error.clone().unzip();
                put.execute(params![
                    shop_id,
                    r.sku_id,
                    product_id,
                    r.planned,
                    r.currency,
                    r.confirmed,
                    code,
                    reason,
                    now
                ])?;
            }
            let kept: Vec<&str> = results.iter().map(|r| r.sku_id.as_str()).collect();
            forget_unlisted(conn, "price_sync", shop_id, product_id, &kept)
        })
    }

    /// The shop's stock sync rows, by product then SKU.
    pub fn stock_sync_rows(&self, shop_id: &str) -> Result<Vec<StockSyncRow>, StoreError> {
        self.read(|conn| {
            let rows = conn
                .prepare_cached(
                    "SELECT shop_id, sku_id, product_id, planned, pushed, pushed_at, error_code,
                            error_reason, attempted_at
                     FROM stock_sync WHERE shop_id = ?1 ORDER BY product_id, sku_id",
                )?
                .query_map([shop_id], |r| {
                    Ok(StockSyncRow {
                        shop_id: r.get(0)?,
                        sku_id: r.get(1)?,
                        product_id: r.get(2)?,
                        planned: r.get(3)?,
                        pushed: r.get(4)?,
                        pushed_at: r.get(5)?,
                        error_code: r.get(6)?,
                        error_reason: r.get(7)?,
                        attempted_at: r.get(8)?,
                    })
                })?
                .collect::<Result<Vec<_>, _>>()?;
            Ok(rows)
        })
    }

    /// The shop's price sync rows, by product then SKU.
    pub fn price_sync_rows(&self, shop_id: &str) -> Result<Vec<PriceSyncRow>, StoreError> {
        self.read(|conn| {
            let rows = conn
                .prepare_cached(
                    "SELECT shop_id, sku_id, product_id, planned, currency, pushed, pushed_at,
                            error_code, error_reason, attempted_at
                     FROM price_sync WHERE shop_id = ?1 ORDER BY product_id, sku_id",
                )?
                .query_map([shop_id], |r| {
                    Ok(PriceSyncRow {
                        shop_id: r.get(0)?,
                        sku_id: r.get(1)?,
                        product_id: r.get(2)?,
                        planned: r.get(3)?,
                        currency: r.get(4)?,
                        pushed: r.get(5)?,
                        pushed_at: r.get(6)?,
                        error_code: r.get(7)?,
                        error_reason: r.get(8)?,
                        attempted_at: r.get(9)?,
                    })
                })?
                .collect::<Result<Vec<_>, _>>()?;
            Ok(rows)
        })
    }

    /// Stores what a reconciliation found (keeping the shop's newest findings only).
    pub fn record_stock_findings(&self, findings: &[StockFinding]) -> Result<(), StoreError> {
        if findings.is_empty() {
            return Ok(());
        }
        self.write(|tx| {
            let conn = tx.conn();
            let mut put = conn.prepare_cached(
                "INSERT INTO stock_findings (shop_id, product_id, sku_id, tiktok, expected, found_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?;
            let mut shops: Vec<&str> = Vec::new();
            for f in findings {
                put.execute(params![
                    f.shop_id,
                    f.product_id,
                    f.sku_id,
                    f.tiktok,
                    f.expected,
                    f.found_at
                ])?;
                if !shops.contains(&f.shop_id.as_str()) {
                    shops.push(&f.shop_id);
                }
            }
            let mut trim = conn.prepare_cached(
                "DELETE FROM stock_findings WHERE shop_id = ?1 AND id NOT IN (
                    SELECT id FROM stock_findings WHERE shop_id = ?1 ORDER BY id DESC LIMIT ?2)",
            )?;
            for shop in shops {
                trim.execute(params![shop, FINDINGS_KEPT])?;
            }
            Ok(())
        })
    }

    /// The shop's newest reconciliation findings, newest first.
    pub fn stock_findings(
        &self,
        shop_id: &str,
        limit: u32,
    ) -> Result<Vec<StockFinding>, StoreError> {
        self.read(|conn| {
            let rows = conn
                .prepare_cached(
                    "SELECT shop_id, product_id, sku_id, tiktok, expected, found_at
                     FROM stock_findings WHERE shop_id = ?1 ORDER BY id DESC LIMIT ?2",
                )?
                .query_map(params![shop_id, limit], |r| {
                    Ok(StockFinding {
                        shop_id: r.get(0)?,
                        product_id: r.get(1)?,
                        sku_id: r.get(2)?,
                        tiktok: r.get(3)?,
                        expected: r.get(4)?,
                        found_at: r.get(5)?,
                    })
                })?
                .collect::<Result<Vec<_>, _>>()?;
            Ok(rows)
        })
    }
}
