//! The one clock core reads. The product uses the system's; tests use a [`ManualClock`] they
//! set and advance, so refresh-ahead, the reauthorization banner, poll scheduling and outbox
//! timers are tested without sleeping. Decisions take `now` as an argument (pure functions over
//! state and time); only executors ask the clock.

use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// Unix seconds, from wherever this process takes its time.
pub trait Clock: Send + Sync {
    fn now(&self) -> i64;
}

/// Wall-clock time.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> i64 {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0)
    }
}

/// A clock that moves only when told to.
#[derive(Debug)]
pub struct ManualClock(AtomicI64);

impl ManualClock {
    pub fn new(now: i64) -> Self {
        Self(AtomicI64::new(now))
    }

    /// Starts at the system's time now.
    pub fn at_system_time() -> Self {
        Self::new(SystemClock.now())
    }

    pub fn set(&self, now: i64) {
        self.0.store(now, Ordering::SeqCst);
    }

    pub fn advance(&self, secs: i64) -> i64 {
        self.0.fetch_add(secs, Ordering::SeqCst) + secs
    }
}

impl Clock for ManualClock {
    fn now(&self) -> i64 {
        self.0.load(Ordering::SeqCst)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manual_clock_moves_only_when_told() {
        let c = ManualClock::new(1_000);
        assert_eq!(c.now(), 1_000);
        assert_eq!(c.advance(60), 1_060);
        assert_eq!(c.now(), 1_060);
        c.set(5);
        assert_eq!(c.now(), 5);
    }

    #[test]
    fn system_clock_reads_a_plausible_time() {
        // After 2020-01-01 and before 2100-01-01.
        let now = SystemClock.now();
        assert!(now > 1_577_836_800 && now < 4_102_444_800);
    }
}
