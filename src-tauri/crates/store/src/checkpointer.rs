//! Copies the write-ahead log back into the database file on a thread of its own.
//!
//! SQLite's automatic checkpoint runs inside the commit that crosses its threshold, on the
//! writer, and ends with an fsync: every other write waits for it. Five shops backfilling at
//! once spent about a third of their time behind those checkpoints. So the writer connection
//! never checkpoints (`wal_autocheckpoint = 0`); after commits, this thread runs a PASSIVE
//! checkpoint on its own connection, at most once per [`INTERVAL`], beside the writer: PASSIVE
//! never waits for the writer or readers, it copies what it can.
//!
//! The same thread refreshes the planner's statistics while the store is open: once soon after
//! the open (a new install's first import otherwise runs on an empty file's statistics, where
//! SQLite can pick a poor index) and then every [`OPTIMIZE_EVERY`].
//!
//! While writes never pause, the log is never found fully copied at the start of a write, so it
//! is never rewound and keeps growing. Past [`RESTART_FRAMES`] the thread follows its copy with
//! a RESTART checkpoint while it holds the store's writer: the writes of this process wait for
//! the copy of what they committed meanwhile, and the next one starts the log over.

use rusqlite::Connection;
use std::sync::mpsc::{self, RecvTimeoutError, SyncSender, TryRecvError};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// The shortest time between two checkpoints. A page rewritten by many commits within it is
/// copied once; one second of a full-rate sync is a few tens of megabytes of log.
const INTERVAL: Duration = Duration::from_secs(1);

/// The log size (in pages of 8 KiB: 512 MiB) past which a checkpoint makes the log start over.
const RESTART_FRAMES: i64 = 65_536;

/// When the first statistics refresh follows the open: the first import has data by then.
const FIRST_OPTIMIZE: Duration = Duration::from_secs(60);

/// How often the statistics are refreshed after the first (only after commits, and only tables
/// that need it are analysed).
const OPTIMIZE_EVERY: Duration = Duration::from_secs(30 * 60);

/// Copies beside the writer before a RESTART, each taking what the one before left behind.
const CATCH_UP_PASSES: usize = 3;

/// Frames (16 MiB) few enough for the RESTART to copy while writes wait.
const CAUGHT_UP_FRAMES: i64 = 2_048;

/// The checkpoint thread of one store; dropping it stops the thread and waits for it.
pub(crate) struct Checkpointer {
    wake: Option<SyncSender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl Checkpointer {
    /// Starts the thread on `conn`, a read-write connection of its own to the store's file.
    pub(crate) fn start(
        conn: Connection,
        writer: Arc<Mutex<Connection>>,
    ) -> std::io::Result<Checkpointer> {
        // One pending wake-up is enough: commits while one is pending add nothing.
        let (wake, commits) = mpsc::sync_channel(1);
        let thread = std::thread::Builder::new()
            .name("sqlite-checkpoint".into())
            .spawn(move || run(&conn, &writer, &commits))?;
        Ok(Checkpointer {
            wake: Some(wake),
            thread: Some(thread),
        })
    }

    /// Tells the thread that the writer committed: a checkpoint follows within [`INTERVAL`].
    pub(crate) fn committed(&self) {
        if let Some(wake) = &self.wake {
            // Full means a wake-up is already pending; either way nothing waits here.
            let _ = wake.try_send(());
        }
    }

    /// Stops the thread and waits for it (the store closing; a test that checkpoints itself).
    fn stop(&mut self) {
        drop(self.wake.take());
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for Checkpointer {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Waits for commits; checkpoints after each burst, no sooner than [`INTERVAL`] after the last.
fn run(conn: &Connection, writer: &Mutex<Connection>, commits: &mpsc::Receiver<()>) {
    let mut last = Instant::now();
    let mut next_optimize = last + FIRST_OPTIMIZE;
    while commits.recv().is_ok() {
        // Let the interval pass first; a closed channel (the store closing) stops the wait and
        // the thread without a checkpoint: closing the last connection checkpoints anyway.
        loop {
            let left = INTERVAL.saturating_sub(last.elapsed());
            if left.is_zero() {
                break;
            }
            match commits.recv_timeout(left) {
                Ok(()) | Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => return,
            }
        }
        // A commit that arrived during the wait is covered by the checkpoint below.
        if let Err(TryRecvError::Disconnected) = commits.try_recv() {
            return;
        }
        checkpoint_and_bound(conn, writer, RESTART_FRAMES);
        last = Instant::now();
        if last >= next_optimize {
            optimize(conn);
            next_optimize = last + OPTIMIZE_EVERY;
        }
    }
}

/// Copies the log into the file; when the log has grown past `restart_frames`, makes it start
/// over. The copies run beside the writer until what was committed during the last one is small
/// (at most [`CATCH_UP_PASSES`] more), so that the RESTART, which holds the writer, copies
/// little.
fn checkpoint_and_bound(conn: &Connection, writer: &Mutex<Connection>, restart_frames: i64) {
    let Some(mut log) = checkpoint(conn, "PASSIVE") else {
        return;
    };
    if log <= restart_frames {
        return;
    }
    for _ in 0..CATCH_UP_PASSES {
        let Some(now) = checkpoint(conn, "PASSIVE") else {
            return;
        };
        let fresh = now - log;
        log = now;
        if fresh < CAUGHT_UP_FRAMES {
            break;
        }
    }
    let _no_writes = writer.lock().unwrap_or_else(PoisonError::into_inner);
    checkpoint(conn, "RESTART");
}

/// Refreshes the statistics; skipped (until the next time) while another process writes.
fn optimize(conn: &Connection) {
    if let Err(e) = conn.execute_batch(crate::OPTIMIZE) {
        tracing::debug!(error = %e, "statistics refresh skipped");
    }
}

/// Runs one checkpoint in `mode`; returns the log's size in frames as it reported.
fn checkpoint(conn: &Connection, mode: &str) -> Option<i64> {
    let started = Instant::now();
    let result = conn.query_row(&format!("PRAGMA wal_checkpoint({mode})"), [], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, i64>(2)?,
        ))
    });
    match result {
        Ok((busy, log, copied)) => {
            tracing::debug!(
                mode,
                busy,
                log,
                copied,
                ms = started.elapsed().as_millis() as u64,
                "checkpoint"
            );
            Some(log)
        }
        // Another process checkpointing or holding a lock: the next commit tries again.
        Err(e) => {
            tracing::debug!(error = %e, mode, "checkpoint skipped");
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Store;

    fn store_with_table() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open_in_dir(dir.path()).unwrap();
        store
            .with_writer(|c| Ok(c.execute_batch("CREATE TABLE t (x INTEGER)")?))
            .unwrap();
        (dir, store)
    }

    /// One commit of one row.
    fn insert(store: &Store, x: i64) {
        store
            .with_writer(|c| Ok(c.execute("INSERT INTO t (x) VALUES (?1)", [x])?))
            .unwrap();
    }

    /// The log's size in frames, by a checkpoint that copies nothing new.
    fn log_frames(conn: &Connection) -> i64 {
        conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |r| r.get(1))
            .unwrap()
    }

    #[test]
    fn a_statistics_refresh_analyses_a_table_that_was_filled_after_the_open() {
        let (_dir, store) = store_with_table();
        store
            .with_writer(|c| {
                c.execute_batch(
                    "CREATE INDEX t_by_x ON t (x);
                     WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000)
                     INSERT INTO t (x) SELECT i % 7 FROM n;",
                )?;
                Ok(())
            })
            .unwrap();
        let conn = Connection::open(store.path()).unwrap();
        let analysed = |conn: &Connection| -> i64 {
            conn.query_row(
                "SELECT COUNT(*) FROM sqlite_schema WHERE name = 'sqlite_stat1'",
                [],
                |r| r.get(0),
            )
            .and_then(|n: i64| match n {
                0 => Ok(0),
                _ => conn.query_row(
                    "SELECT COUNT(*) FROM sqlite_stat1 WHERE tbl = 't'",
                    [],
                    |r| r.get(0),
                ),
            })
            .unwrap()
        };
        assert_eq!(analysed(&conn), 0, "no statistics of t before");
        optimize(&conn);
        assert!(analysed(&conn) > 0, "statistics of t after");
    }

    #[test]
    fn commits_reach_the_database_file_while_the_store_stays_open() {
        let (dir, store) = store_with_table();
        for x in 0..50 {
            insert(&store, x);
        }
        // The writer never checkpoints: only the thread can have put the rows into the file.
        let copy = dir.path().join("copy.sqlite3");
        let deadline = Instant::now() + 10 * INTERVAL;
        let rows = loop {
            std::fs::copy(store.path(), &copy).unwrap();
            let rows = Connection::open(&copy)
                .and_then(|c| c.query_row("SELECT COUNT(*) FROM t", [], |r| r.get::<_, i64>(0)))
                .unwrap_or(0);
            if rows == 50 || Instant::now() > deadline {
                break rows;
            }
            std::thread::sleep(INTERVAL / 10);
        };
        assert_eq!(rows, 50);
    }

    #[test]
    fn under_continuous_writes_a_restart_past_the_bound_starts_the_log_over() {
        use std::sync::atomic::{AtomicBool, Ordering};
        let (_dir, mut store) = store_with_table();
        // This test's checkpoints must be the only ones: a second checkpointer running at the
        // same moment makes SQLite refuse the RESTART (busy), and the log would not start over.
        store.checkpointer.stop();
        let store = Arc::new(store);
        let stop = Arc::new(AtomicBool::new(false));
        let writes = {
            let (store, stop) = (store.clone(), stop.clone());
            std::thread::spawn(move || {
                let mut commits = 0;
                while !stop.load(Ordering::Relaxed) {
                    insert(&store, commits);
                    commits += 1;
                }
                commits
            })
        };
        std::thread::sleep(INTERVAL / 5);
        let conn = Connection::open(store.path()).unwrap();
        // A PASSIVE copy alone never catches up with a writer that never pauses.
        checkpoint_and_bound(&conn, &store.writer, 0);
        std::thread::sleep(INTERVAL / 10);
        stop.store(true, Ordering::Relaxed);
        let commits = writes.join().unwrap();
        let log = log_frames(&conn);
        // Every commit writes at least one frame, so a log that never started over holds at
        // least as many frames as there were commits. (Comparing with half of them depended on
        // how the two phases' commits split on a loaded machine.)
        assert!(
            log < commits,
            "the log started over: {log} frames after {commits} commits of a frame or more"
        );
    }
}
