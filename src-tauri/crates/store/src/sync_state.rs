//! Sync progress that must survive a restart: per (shop, job) a watermark and cursor, and backfill
//! jobs split into windows. Progress is written in the same transaction as the orders it accounts
//! for (see [`Store::upsert_orders`] and [`Store::write`]), so after a crash the recorded progress
//! never claims more than what is stored, and re-fetching is harmless because upserts are
//! idempotent.

use crate::error::is_foreign_key_violation;
use crate::{Store, StoreError, WriteTxn};
use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ValueRef};
use rusqlite::{params, Connection, OptionalExtension, Row};

/// A job's new position, written with the page it accounts for.
#[derive(Debug, Clone, PartialEq)]
pub struct WatermarkUpdate {
    /// The job's name, chosen by core (e.g. "orders").
    pub job: String,
    /// Typically the greatest `update_time` fully stored.
    pub watermark: i64,
    /// Free-form state for the job; `None` stores no cursor (replacing any previous one).
    pub cursor: Option<serde_json::Value>,
}

/// A job's stored position.
#[derive(Debug, Clone, PartialEq)]
pub struct SyncState {
    pub watermark: i64,
    pub cursor: Option<serde_json::Value>,
}

/// Whether a backfill window still needs fetching.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WindowState {
    Pending,
    Done,
}

impl FromSql for WindowState {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        match value.as_str()? {
            "pending" => Ok(WindowState::Pending),
            "done" => Ok(WindowState::Done),
            other => Err(FromSqlError::Other(
                format!("unknown window state {other:?}").into(),
            )),
        }
    }
}

/// A backfill to create: a date range already split into windows (`[start, end)`, Unix seconds) so
/// that windows can be paged concurrently and resumed one by one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewBackfillJob {
    pub shop_id: String,
    /// What is backfilled, chosen by core (e.g. "orders").
    pub kind: String,
    pub range_start: i64,
    pub range_end: i64,
    pub created_at: i64,
    pub windows: Vec<(i64, i64)>,
}

/// A stored backfill job with its progress.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackfillJob {
    pub id: i64,
    pub shop_id: String,
    pub kind: String,
    pub range_start: i64,
    pub range_end: i64,
    pub created_at: i64,
    pub windows_total: u32,
    pub windows_done: u32,
    /// Sum of the windows' fetched counts.
    pub fetched: u64,
}

/// One window of a backfill job.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackfillWindow {
    pub id: i64,
    pub job_id: i64,
    pub window_start: i64,
    pub window_end: i64,
    pub state: WindowState,
    /// Orders fetched in this window so far.
    pub fetched: u64,
    /// Where paging stopped (e.g. a page token), if the job chose to record it.
    pub cursor: Option<String>,
}

/// Progress of one window, written with the page it accounts for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WindowProgress {
    pub window_id: i64,
    /// Orders fetched in the window so far (absolute, not a delta: replaying a page after a crash
    /// cannot inflate it).
    pub fetched: u64,
    pub cursor: Option<String>,
    /// The window's last page: mark it done.
    pub done: bool,
}

fn window_from(r: &Row<'_>) -> rusqlite::Result<BackfillWindow> {
    Ok(BackfillWindow {
        id: r.get(0)?,
        job_id: r.get(1)?,
        window_start: r.get(2)?,
        window_end: r.get(3)?,
        state: r.get(4)?,
        fetched: r.get::<_, i64>(5)? as u64,
        cursor: r.get(6)?,
    })
}

const WINDOW_COLUMNS: &str =
    "w.id, w.job_id, w.window_start, w.window_end, w.state, w.fetched, w.cursor";

fn set_watermark(conn: &Connection, shop_id: &str, w: &WatermarkUpdate) -> Result<(), StoreError> {
    let cursor = w.cursor.as_ref().map(serde_json::to_string).transpose()?;
    let result = conn
        .prepare_cached(
            "INSERT INTO sync_state (shop_id, job, watermark, cursor) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (shop_id, job) DO UPDATE SET
                watermark = excluded.watermark, cursor = excluded.cursor",
        )?
        .execute(params![shop_id, w.job, w.watermark, cursor]);
    match result {
        Ok(_) => Ok(()),
        Err(e) if is_foreign_key_violation(&e) => Err(StoreError::ShopNotFound(shop_id.into())),
        Err(e) => Err(e.into()),
    }
}

fn record_window_progress(conn: &Connection, p: &WindowProgress) -> Result<(), StoreError> {
    let fetched = i64::try_from(p.fetched)
        .map_err(|_| StoreError::Invalid("fetched count out of range".into()))?;
    let changed = conn
        .prepare_cached(
            "UPDATE backfill_windows SET fetched = ?2, cursor = ?3,
                state = CASE WHEN ?4 THEN 'done' ELSE state END
             WHERE id = ?1",
        )?
        .execute(params![p.window_id, fetched, p.cursor, p.done])?;
    if changed == 0 {
        return Err(StoreError::WindowNotFound(p.window_id));
    }
    Ok(())
}

/// Inserts the job and its windows (pending); returns the job's id and its windows' ids, in
/// the order of `job.windows`.
pub(crate) fn create_backfill_job(
    conn: &Connection,
    job: &NewBackfillJob,
) -> Result<(i64, Vec<i64>), StoreError> {
    if job.range_end <= job.range_start {
        return Err(StoreError::Invalid("backfill range is empty".into()));
    }
    for &(start, end) in &job.windows {
        if end <= start || start < job.range_start || end > job.range_end {
            return Err(StoreError::Invalid(format!(
                "backfill window [{start}, {end}) is empty or outside the job's range"
            )));
        }
    }
    let inserted = conn
        .prepare_cached(
            "INSERT INTO backfill_jobs (shop_id, kind, range_start, range_end, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )?
        .execute(params![
            job.shop_id,
            job.kind,
            job.range_start,
            job.range_end,
            job.created_at
        ]);
    match inserted {
        Err(e) if is_foreign_key_violation(&e) => {
            return Err(StoreError::ShopNotFound(job.shop_id.clone()))
        }
        other => other?,
    };
    let job_id = conn.last_insert_rowid();
    let mut add = conn.prepare_cached(
        "INSERT INTO backfill_windows (job_id, window_start, window_end) VALUES (?1, ?2, ?3)",
    )?;
    let mut windows = Vec::with_capacity(job.windows.len());
    for &(start, end) in &job.windows {
        add.execute(params![job_id, start, end])?;
        windows.push(conn.last_insert_rowid());
    }
    Ok((job_id, windows))
}

impl WriteTxn<'_> {
    /// Writes a job's watermark and cursor inside this transaction.
    pub fn set_watermark(&self, shop_id: &str, w: &WatermarkUpdate) -> Result<(), StoreError> {
        set_watermark(self.conn(), shop_id, w)
    }

    /// Records a window's progress inside this transaction (with the page's upsert).
    pub fn record_window_progress(&self, p: &WindowProgress) -> Result<(), StoreError> {
        record_window_progress(self.conn(), p)
    }

    /// Creates a backfill job and its windows (pending) inside this transaction, so that a
    /// page read before the job existed is stored with it; returns the job's id and its
    /// windows' ids, in the order of `job.windows`.
    pub fn create_backfill_job(&self, job: &NewBackfillJob) -> Result<(i64, Vec<i64>), StoreError> {
        create_backfill_job(self.conn(), job)
    }
}

impl Store {
    /// The job's stored position, or `None` before its first page.
    pub fn sync_state(&self, shop_id: &str, job: &str) -> Result<Option<SyncState>, StoreError> {
        self.read(|conn| {
            let found = conn
                .prepare_cached(
                    "SELECT watermark, cursor FROM sync_state WHERE shop_id = ?1 AND job = ?2",
                )?
                .query_row([shop_id, job], |r| {
                    Ok((r.get::<_, i64>(0)?, r.get::<_, Option<String>>(1)?))
                })
                .optional()?;
            found
                .map(|(watermark, cursor)| {
                    Ok(SyncState {
                        watermark,
                        cursor: cursor.as_deref().map(serde_json::from_str).transpose()?,
                    })
                })
                .transpose()
        })
    }

    /// Forgets a job's position, so its next run starts from scratch.
    pub fn clear_sync_state(&self, shop_id: &str, job: &str) -> Result<(), StoreError> {
        self.with_writer(|conn| {
            conn.prepare_cached("DELETE FROM sync_state WHERE shop_id = ?1 AND job = ?2")?
                .execute([shop_id, job])?;
            Ok(())
        })
    }

    /// Creates a backfill job and all its windows (pending) at once; returns the job's id.
    pub fn create_backfill_job(&self, job: &NewBackfillJob) -> Result<i64, StoreError> {
        self.write(|tx| Ok(create_backfill_job(tx.conn(), job)?.0))
    }

    /// The shop's backfill jobs with their progress, oldest first.
    pub fn backfill_jobs(&self, shop_id: &str) -> Result<Vec<BackfillJob>, StoreError> {
        self.read(|conn| {
            let rows = conn
                .prepare_cached(
                    "SELECT j.id, j.shop_id, j.kind, j.range_start, j.range_end, j.created_at,
                            COUNT(w.id), COUNT(CASE WHEN w.state = 'done' THEN 1 END),
                            COALESCE(SUM(w.fetched), 0)
                     FROM backfill_jobs j LEFT JOIN backfill_windows w ON w.job_id = j.id
                     WHERE j.shop_id = ?1 GROUP BY j.id ORDER BY j.id",
                )?
                .query_map([shop_id], |r| {
                    Ok(BackfillJob {
                        id: r.get(0)?,
                        shop_id: r.get(1)?,
                        kind: r.get(2)?,
                        range_start: r.get(3)?,
                        range_end: r.get(4)?,
                        created_at: r.get(5)?,
                        windows_total: r.get(6)?,
                        windows_done: r.get(7)?,
                        fetched: r.get::<_, i64>(8)? as u64,
                    })
                })?
                .collect::<Result<Vec<_>, _>>()?;
            Ok(rows)
        })
    }

    /// Every window of a job, by start time.
    pub fn backfill_windows(&self, job_id: i64) -> Result<Vec<BackfillWindow>, StoreError> {
        self.read(|conn| {
            let sql = format!(
                "SELECT {WINDOW_COLUMNS} FROM backfill_windows w
                 WHERE w.job_id = ?1 ORDER BY w.window_start, w.id"
            );
            let rows = conn
                .prepare_cached(&sql)?
                .query_map([job_id], window_from)?
                .collect::<Result<Vec<_>, _>>()?;
            Ok(rows)
        })
    }

    /// The shop's windows still to fetch, across its jobs (oldest job first, then by start time):
    /// what a restarted backfill resumes.
    pub fn pending_backfill_windows(
        &self,
        shop_id: &str,
    ) -> Result<Vec<BackfillWindow>, StoreError> {
        self.read(|conn| {
            let sql = format!(
                "SELECT {WINDOW_COLUMNS} FROM backfill_jobs j
                 JOIN backfill_windows w ON w.job_id = j.id AND w.state = 'pending'
                 WHERE j.shop_id = ?1 ORDER BY j.id, w.window_start, w.id"
            );
            let rows = conn
                .prepare_cached(&sql)?
                .query_map([shop_id], window_from)?
                .collect::<Result<Vec<_>, _>>()?;
            Ok(rows)
        })
    }

    /// Splits a window at `at` while it may still be paged: the window keeps `[start, at)`, a new
    /// pending window gets `[at, end)`, both in one transaction, and the new window is returned.
    /// A window whose remaining range is split off to an idle worker (work stealing) is thus
    /// recorded as two windows that cover exactly the range of the one, so a restart resumes
    /// both without fetching a range twice or skipping one. The window's fetched count and
    /// cursor stay with it (a cursor that belongs to a query over the old range is the job's to
    /// recognise). `Invalid` unless `start < at < end`.
    pub fn split_backfill_window(
        &self,
        window_id: i64,
        at: i64,
    ) -> Result<BackfillWindow, StoreError> {
        self.write(|tx| {
            let conn = tx.conn();
            let sql = format!("SELECT {WINDOW_COLUMNS} FROM backfill_windows w WHERE w.id = ?1");
            let window = conn
                .prepare_cached(&sql)?
                .query_row([window_id], window_from)
                .optional()?
                .ok_or(StoreError::WindowNotFound(window_id))?;
            if !(window.window_start < at && at < window.window_end) {
                return Err(StoreError::Invalid(format!(
                    "cannot split window [{}, {}) at {at}",
                    window.window_start, window.window_end
                )));
            }
            conn.prepare_cached("UPDATE backfill_windows SET window_end = ?2 WHERE id = ?1")?
                .execute(params![window_id, at])?;
            conn.prepare_cached(
                "INSERT INTO backfill_windows (job_id, window_start, window_end) VALUES (?1, ?2, ?3)",
            )?
            .execute(params![window.job_id, at, window.window_end])?;
            Ok(BackfillWindow {
                id: conn.last_insert_rowid(),
                job_id: window.job_id,
                window_start: at,
                window_end: window.window_end,
                state: WindowState::Pending,
                fetched: 0,
                cursor: None,
            })
        })
    }

    /// Records a window's progress on its own (e.g. a window that turned out empty). A page that
    /// stored orders should record progress with them, through [`Store::write`].
    pub fn record_window_progress(&self, p: &WindowProgress) -> Result<(), StoreError> {
        self.write(|tx| tx.record_window_progress(p))
    }

    /// Deletes a job and its windows. Returns whether it existed.
    pub fn delete_backfill_job(&self, job_id: i64) -> Result<bool, StoreError> {
        self.with_writer(|conn| {
            let changed = conn
                .prepare_cached("DELETE FROM backfill_jobs WHERE id = ?1")?
                .execute([job_id])?;
            Ok(changed > 0)
        })
    }
}
