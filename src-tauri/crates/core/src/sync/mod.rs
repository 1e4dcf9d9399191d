//! The sync engine. Pure planners ([`plan`]) decide what to fetch and how it is stored; the
//! executors ([`engine`]) do the I/O under a per app-and-shop token bucket ([`limiter`]) with
//! backoff and jitter on 429, 5xx, timeouts and truncated bodies ([`backoff`]); a supervisor
//! ([`supervisor`]) runs the automatic order download of every eligible shop.

mod backfill_writer;
pub mod backoff;
pub mod engine;
pub mod engine_lock;
pub mod hold;
pub mod limiter;
pub mod plan;
mod retry;
pub mod supervisor;
pub mod work_stealing;

pub use engine::SyncStats;
