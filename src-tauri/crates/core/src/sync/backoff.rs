//! Retry with exponential backoff and full jitter (what TikTok's rate-limit guide advises),
//! honouring `Retry-After` when the server sends one.

use rand::Rng;
use std::time::Duration;

/// Backoff state of one operation.
#[derive(Debug, Clone)]
pub struct Backoff {
    base: Duration,
    max: Duration,
    attempt: u32,
    /// Attempts after which the caller gives up (and the next scheduled run tries again).
    pub max_attempts: u32,
}

impl Default for Backoff {
    fn default() -> Self {
        Self {
            base: Duration::from_millis(250),
            max: Duration::from_secs(30),
            attempt: 0,
            max_attempts: 10,
        }
    }
}

impl Backoff {
    pub fn new(base: Duration, max: Duration, max_attempts: u32) -> Self {
        Self {
            base,
            max,
            attempt: 0,
            max_attempts,
        }
    }

    /// The delay before the next attempt, or `None` when attempts are used up.
    pub fn next_delay(&mut self, retry_after: Option<Duration>) -> Option<Duration> {
        if self.attempt >= self.max_attempts {
            return None;
        }
        let cap = self
            .base
            .saturating_mul(1u32 << self.attempt.min(16))
            .min(self.max);
        self.attempt += 1;
        let jittered = Duration::from_millis(rand::rng().random_range(0..=cap.as_millis() as u64));
        Some(match retry_after {
            Some(ra) => ra.max(jittered),
            None => jittered,
        })
    }

    pub fn attempts(&self) -> u32 {
        self.attempt
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_stay_under_a_doubling_cap_and_run_out() {
        let mut b = Backoff::new(Duration::from_millis(100), Duration::from_secs(1), 6);
        let caps = [100, 200, 400, 800, 1000, 1000];
        for cap in caps {
            let d = b.next_delay(None).unwrap();
            assert!(d <= Duration::from_millis(cap), "{d:?} > {cap} ms");
        }
        assert_eq!(b.next_delay(None), None);
    }

    #[test]
    fn retry_after_is_a_floor() {
        let mut b = Backoff::default();
        assert!(b.next_delay(Some(Duration::from_secs(7))).unwrap() >= Duration::from_secs(7));
    }
}
