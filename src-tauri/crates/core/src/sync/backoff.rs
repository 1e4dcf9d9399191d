//! Retry with exponential backoff and full jitter (what TikTok's rate-limit guide advises),
//! honouring `Retry-After` when the server sends one.
//!
//! `backon` supplies the doubling, capped schedule of ceilings. Its own jitter only ever adds
//! to a delay, so the full jitter (a uniform share of the ceiling, which spreads retrying
//! callers best) is applied here, as a pure function of the drawn share.

use backon::{BackoffBuilder, ExponentialBackoff, ExponentialBuilder};
use rand::Rng;
use std::time::Duration;

/// Backoff state of one operation.
#[derive(Debug)]
pub struct Backoff {
    /// The ceilings of successive delays: `base`, doubling, never above `max`.
    ceilings: ExponentialBackoff,
    attempt: u32,
    /// Attempts after which the caller gives up (and the next scheduled run tries again).
    pub max_attempts: u32,
}

impl Default for Backoff {
    fn default() -> Self {
        Self::new(Duration::from_millis(250), Duration::from_secs(30), 10)
    }
}

impl Backoff {
    pub fn new(base: Duration, max: Duration, max_attempts: u32) -> Self {
        let ceilings = ExponentialBuilder::new()
            .with_min_delay(base)
            .with_max_delay(max)
            .with_factor(2.0)
            .without_max_times()
            .build();
        Self {
            ceilings,
            attempt: 0,
            max_attempts,
        }
    }

    /// The delay before the next attempt, or `None` when attempts are used up.
    pub fn next_delay(&mut self, retry_after: Option<Duration>) -> Option<Duration> {
        let share = rand::rng().random_range(0.0..=1.0);
        self.next_delay_with_jitter(retry_after, share)
    }

    /// [`Self::next_delay`] with the jitter drawn by the caller: `share` of the ceiling, 0 to 1.
    pub fn next_delay_with_jitter(
        &mut self,
        retry_after: Option<Duration>,
        share: f64,
    ) -> Option<Duration> {
        if self.attempt >= self.max_attempts {
            return None;
        }
        let ceiling = self.ceilings.next()?;
        self.attempt += 1;
        Some(jittered_delay(ceiling, share, retry_after))
    }

    pub fn attempts(&self) -> u32 {
        self.attempt
    }
}

/// Full jitter: `share` (clamped to 0..=1) of the ceiling. The server's `Retry-After` is a
/// floor: retrying sooner than it asked would only earn another 429.
pub fn jittered_delay(ceiling: Duration, share: f64, retry_after: Option<Duration>) -> Duration {
    let share = if share.is_nan() {
        1.0
    } else {
        share.clamp(0.0, 1.0)
    };
    let jittered = ceiling.mul_f64(share);
    retry_after.map_or(jittered, |floor| floor.max(jittered))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn delays_stay_under_a_doubling_cap_and_run_out() {
        let mut b = Backoff::new(Duration::from_millis(100), Duration::from_secs(1), 6);
        let caps = [100, 200, 400, 800, 1000, 1000];
        for cap in caps {
            let d = b.next_delay(None).unwrap();
            assert!(d <= Duration::from_millis(cap), "{d:?} > {cap} ms");
        }
        assert_eq!(b.next_delay(None), None);
        assert_eq!(b.attempts(), 6);
    }

    #[test]
    fn the_whole_share_is_the_doubling_ceiling() {
        let mut b = Backoff::new(Duration::from_millis(100), Duration::from_secs(1), 7);
        let delays: Vec<u128> = std::iter::from_fn(|| b.next_delay_with_jitter(None, 1.0))
            .map(|d| d.as_millis())
            .collect();
        assert_eq!(delays, [100, 200, 400, 800, 1000, 1000, 1000]);
    }

    #[test]
    fn jitter_is_a_share_of_the_ceiling_from_zero_up() {
        let mut b = Backoff::new(Duration::from_millis(100), Duration::from_secs(1), 10);
        // backon doubles in f32, so a ceiling may be off by nanoseconds: compare milliseconds.
        let mut next = |share| b.next_delay_with_jitter(None, share).map(|d| d.as_millis());
        assert_eq!(next(0.0), Some(0));
        assert_eq!(next(0.5), Some(100));
        assert_eq!(next(0.25), Some(100));
    }

    #[test]
    fn retry_after_is_a_floor() {
        let mut b = Backoff::default();
        assert!(b.next_delay(Some(Duration::from_secs(7))).unwrap() >= Duration::from_secs(7));
        assert_eq!(
            jittered_delay(Duration::from_secs(30), 0.0, Some(Duration::from_secs(7))),
            Duration::from_secs(7)
        );
        assert_eq!(
            jittered_delay(Duration::from_secs(30), 1.0, Some(Duration::from_secs(7))),
            Duration::from_secs(30)
        );
    }

    #[test]
    fn no_attempts_means_no_retry() {
        let mut b = Backoff::new(Duration::from_millis(100), Duration::from_secs(1), 0);
        assert_eq!(b.next_delay(Some(Duration::from_secs(1))), None);
    }

    proptest! {
        #[test]
        fn a_delay_lies_between_the_floor_and_the_larger_of_floor_and_ceiling(
            ceiling_ms in 0u64..120_000,
            share in proptest::num::f64::ANY,
            floor_ms in proptest::option::of(0u64..120_000),
        ) {
            let ceiling = Duration::from_millis(ceiling_ms);
            let floor = floor_ms.map(Duration::from_millis);
            let d = jittered_delay(ceiling, share, floor);
            prop_assert!(d >= floor.unwrap_or_default());
            prop_assert!(d <= ceiling.max(floor.unwrap_or_default()));
        }
    }
}
