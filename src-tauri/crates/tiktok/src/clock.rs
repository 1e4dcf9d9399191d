//! What the client knows about TikTok's clock.
//!
//! TikTok refuses a request whose `timestamp` is more than 300 s behind or 30 s ahead of its
//! own clock (36009004 "Invalid timestamp ..."). Every response's HTTP `Date` header tells us
//! the server's time, so the client keeps two numbers: the *measured* skew (server minus local,
//! from the last `Date` seen) and the *offset* it adds to the local clock when stamping
//! requests. The offset starts at zero (or at a value the caller seeds, e.g. the skew measured
//! by an earlier session) and is set from the measurement after the first timestamp refusal.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

/// Stored in `measured` while nothing has been measured yet.
const NOT_MEASURED: i64 = i64::MIN;

/// The correction applied to request timestamps and the last measured skew. Cheap to clone;
/// clones share the same numbers, so one `ServerClock` can serve several clients (the skew is
/// a property of this computer's clock, not of a shop).
#[derive(Debug, Clone)]
pub struct ServerClock {
    state: Arc<ClockState>,
}

#[derive(Debug)]
struct ClockState {
    /// Seconds added to the local clock when stamping requests.
    offset: AtomicI64,
    /// Server time minus local time at the last response with a `Date` header.
    measured: AtomicI64,
}

impl Default for ServerClock {
    fn default() -> Self {
        Self::seeded(0)
    }
}

/// Local Unix seconds.
pub fn local_unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

impl ServerClock {
    /// A clock that stamps requests `offset_secs` away from the local clock from the start
    /// (use a skew measured earlier, so the first request is not refused).
    pub fn seeded(offset_secs: i64) -> Self {
        Self {
            state: Arc::new(ClockState {
                offset: AtomicI64::new(offset_secs),
                measured: AtomicI64::new(NOT_MEASURED),
            }),
        }
    }

    /// Seconds added to the local clock when stamping requests.
    pub fn offset(&self) -> i64 {
        self.state.offset.load(Ordering::Relaxed)
    }

    pub fn set_offset(&self, secs: i64) {
        self.state.offset.store(secs, Ordering::Relaxed);
    }

    /// Server time minus local time at the last response that carried a `Date` header, or
    /// `None` before any did. Whole seconds: `Date` has no finer resolution.
    pub fn measured_skew(&self) -> Option<i64> {
        match self.state.measured.load(Ordering::Relaxed) {
            NOT_MEASURED => None,
            skew => Some(skew),
        }
    }

    /// Records the server's time as read from a response's `Date` header (Unix seconds).
    pub fn record_server_time(&self, server_unix: i64) {
        let skew = server_unix.saturating_sub(local_unix_now());
        // NOT_MEASURED is unreachable through subtraction of two plausible times, but keep it so.
        self.state
            .measured
            .store(skew.max(NOT_MEASURED + 1), Ordering::Relaxed);
    }

    /// Makes the measured skew the offset; returns it (`None` when nothing was measured).
    pub fn adopt_measured_skew(&self) -> Option<i64> {
        let skew = self.measured_skew()?;
        self.set_offset(skew);
        Some(skew)
    }

    /// The timestamp a request carries now: the local clock plus the offset.
    pub fn now(&self) -> i64 {
        local_unix_now().saturating_add(self.offset())
    }

    /// What the offset would have to become to follow the last measurement, when that differs
    /// from the current offset by more than the `Date` header's one-second resolution.
    pub(crate) fn pending_correction(&self) -> Option<i64> {
        let skew = self.measured_skew()?;
        ((skew - self.offset()).abs() > 1).then_some(skew)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_seeded_offset_moves_request_timestamps() {
        let clock = ServerClock::seeded(600);
        let stamped = clock.now();
        assert!((stamped - local_unix_now() - 600).abs() <= 1);
        assert_eq!(clock.measured_skew(), None);
    }

    #[test]
    fn a_measurement_is_kept_apart_from_the_offset_until_adopted() {
        let clock = ServerClock::default();
        clock.record_server_time(local_unix_now() + 600);
        let skew = clock.measured_skew().expect("measured");
        assert!((skew - 600).abs() <= 1);
        assert_eq!(clock.offset(), 0);
        assert_eq!(clock.pending_correction(), Some(skew));
        assert_eq!(clock.adopt_measured_skew(), Some(skew));
        assert_eq!(clock.offset(), skew);
        assert_eq!(clock.pending_correction(), None);
    }

    #[test]
    fn clones_share_one_clock() {
        let a = ServerClock::default();
        let b = a.clone();
        b.set_offset(-42);
        assert_eq!(a.offset(), -42);
    }
}
