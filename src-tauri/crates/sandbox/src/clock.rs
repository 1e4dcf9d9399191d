//! The sandbox's two clocks.
//!
//! * The **virtual clock** drives everything that is *data*: order lifecycles, auth-code and
//!   token expiry. It starts at the configured start time (default: wall-clock now), moves with
//!   real time, and jumps forward on [`Clock::advance`], so a test can live through a week of
//!   order history in a millisecond.
//! * The **server clock** (wall clock + configured skew) is what TikTok's gateway compares the
//!   request `timestamp` against and what the HTTP `Date` header reports. It deliberately does
//!   NOT follow the virtual clock: a client stamps requests with its own wall clock, so if
//!   advancing virtual time made every request "stale", no test could advance time and keep
//!   talking to the server. Skew is the separate knob for clock-drift tests.

use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

fn wall_millis() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

/// The most one [`Clock::advance`] moves virtual time: 100 years.
pub const MAX_ADVANCE: Duration = Duration::from_secs(100 * 365 * 86_400);

/// `paused_at_ms` value meaning "running".
const RUNNING: i64 = i64::MIN;

#[derive(Debug)]
pub struct Clock {
    /// Virtual time minus wall time, in milliseconds.
    virtual_offset_ms: AtomicI64,
    /// Virtual milliseconds the clock is paused at, or [`RUNNING`].
    paused_at_ms: AtomicI64,
    /// Server time minus wall time, in seconds.
    skew_secs: AtomicI64,
}

impl Clock {
    /// A clock whose virtual time reads `start` (Unix seconds) right now.
    pub fn starting_at(start: Option<i64>) -> Self {
        let offset = match start {
            Some(s) => s.saturating_mul(1000).saturating_sub(wall_millis()),
            None => 0,
        };
        Self {
            virtual_offset_ms: AtomicI64::new(offset),
            paused_at_ms: AtomicI64::new(RUNNING),
            skew_secs: AtomicI64::new(0),
        }
    }

    fn now_ms(&self) -> i64 {
        match self.paused_at_ms.load(Ordering::Relaxed) {
            RUNNING => wall_millis().saturating_add(self.virtual_offset_ms.load(Ordering::Relaxed)),
            paused => paused,
        }
    }

    /// Virtual Unix seconds.
    pub fn now(&self) -> i64 {
        self.now_ms().div_euclid(1000)
    }

    /// Moves virtual time forward (at most [`MAX_ADVANCE`] per call, so that no amount of
    /// advancing can overflow the order arithmetic); returns the new virtual now.
    pub fn advance(&self, by: Duration) -> i64 {
        let ms = i64::try_from(by.min(MAX_ADVANCE).as_millis()).unwrap_or(0);
        let _ = self
            .virtual_offset_ms
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |o| {
                Some(o.saturating_add(ms))
            });
        // A paused clock jumps too (and stays paused at the new time).
        let _ = self
            .paused_at_ms
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |p| {
                (p != RUNNING).then_some(p.saturating_add(ms))
            });
        self.now()
    }

    /// Stops virtual time from following real time (advance still works): tests that page
    /// through a large shop get a shop whose orders do not change under them.
    pub fn pause(&self) {
        let now = self.now_ms();
        let _ =
            self.paused_at_ms
                .compare_exchange(RUNNING, now, Ordering::Relaxed, Ordering::Relaxed);
    }

    /// Lets virtual time follow real time again, from where it was paused.
    pub fn resume(&self) {
        let paused = self.paused_at_ms.swap(RUNNING, Ordering::Relaxed);
        if paused != RUNNING {
            self.virtual_offset_ms
                .store(paused - wall_millis(), Ordering::Relaxed);
        }
    }

    pub fn is_paused(&self) -> bool {
        self.paused_at_ms.load(Ordering::Relaxed) != RUNNING
    }

    /// The gateway's clock: wall clock plus skew, in Unix seconds.
    pub fn server_now(&self) -> i64 {
        wall_millis()
            .div_euclid(1000)
            .saturating_add(self.skew_secs.load(Ordering::Relaxed))
    }

    pub fn server_time(&self) -> SystemTime {
        let secs = self.server_now();
        if secs >= 0 {
            UNIX_EPOCH + Duration::from_secs(secs as u64)
        } else {
            UNIX_EPOCH
        }
    }

    /// Sets the gateway skew, clamped to +-100 years.
    pub fn set_skew(&self, secs: i64) {
        let limit = MAX_ADVANCE.as_secs() as i64;
        self.skew_secs
            .store(secs.clamp(-limit, limit), Ordering::Relaxed);
    }

    pub fn skew(&self) -> i64 {
        self.skew_secs.load(Ordering::Relaxed)
    }
}

/// UTC civil date-time of Unix seconds (Howard Hinnant's `civil_from_days`), for TikTok-style
/// request ids (`YYYYMMDDhhmmss...`) without pulling in a date library.
pub fn civil(secs: i64) -> (i64, u32, u32, u32, u32, u32) {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (
        y,
        m,
        d,
        (rem / 3600) as u32,
        ((rem % 3600) / 60) as u32,
        (rem % 60) as u32,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_matches_known_dates() {
        assert_eq!(civil(0), (1970, 1, 1, 0, 0, 0));
        // The fact sheet's sample: 1623812664 = 2021-06-16 03:04:24 UTC.
        assert_eq!(civil(1_623_812_664), (2021, 6, 16, 3, 4, 24));
        assert_eq!(civil(951_782_400), (2000, 2, 29, 0, 0, 0));
    }

    #[test]
    fn advancing_virtual_time_leaves_server_time_alone() {
        let c = Clock::starting_at(None);
        let server = c.server_now();
        let v = c.advance(Duration::from_secs(7 * 86_400));
        assert!(v >= server + 7 * 86_400 - 1);
        assert!((c.server_now() - server).abs() <= 1);
        c.set_skew(-600);
        assert!((c.server_now() - (server - 600)).abs() <= 1);
    }

    #[test]
    fn paused_clock_stands_still_but_advances_on_command() {
        let c = Clock::starting_at(Some(1_700_000_000));
        c.pause();
        let t = c.now();
        std::thread::sleep(Duration::from_millis(1100));
        assert_eq!(c.now(), t);
        assert_eq!(c.advance(Duration::from_secs(60)), t + 60);
        c.resume();
        assert!((c.now() - (t + 60)).abs() <= 1);
        assert!(!c.is_paused());
    }

    #[test]
    fn explicit_start_time_is_honoured() {
        let c = Clock::starting_at(Some(1_700_000_000));
        assert!((c.now() - 1_700_000_000).abs() <= 1);
    }
}
