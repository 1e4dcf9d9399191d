//! Rate limiting and traffic statistics (wall-clock based, never virtual time).
//!
//! TikTok documents "50 QPS per API", counted per app + shop pair. The sandbox reads that
//! strictly as a sliding window: at most `qps` ACCEPTED requests per key in any 1-second
//! window; the next one gets HTTP 429 + 36009002. A client that paces itself at `qps` (a token
//! bucket with a burst of 1, or a bucket whose burst plus one second of refill stays within
//! `qps`) never sees a 429; a client that bursts gets caught, which is what the benchmark must
//! prove it doesn't do.
//!
//! Keys: `"{app_key}/{shop_id}"` for shop endpoints; endpoints without a shop (Get Authorized
//! Shops, Get Active Shops) are keyed `"{app_key}/seller:{seller_id}"`.

use serde::Serialize;
use std::collections::{BTreeMap, HashMap, VecDeque};
use std::time::{Duration, Instant};

const WINDOW: Duration = Duration::from_secs(1);

/// Default per-key limit (fact sheet §11).
pub const DEFAULT_QPS: u32 = 50;

#[derive(Debug)]
pub struct RateLimiter {
    qps: u32,
    accepted: HashMap<String, VecDeque<Instant>>,
}

impl RateLimiter {
    pub fn new(qps: u32) -> Self {
        Self {
            qps,
            accepted: HashMap::new(),
        }
    }

    /// `0` disables limiting.
    pub fn set_qps(&mut self, qps: u32) {
        self.qps = qps;
        self.accepted.clear();
    }

    /// Whether a request for `key` at `now` is within the limit (and records it if so).
    pub fn admit(&mut self, key: &str, now: Instant) -> bool {
        if self.qps == 0 {
            return true;
        }
        let q = self.accepted.entry(key.to_string()).or_default();
        while q.front().is_some_and(|t| now.duration_since(*t) >= WINDOW) {
            q.pop_front();
        }
        if q.len() >= self.qps as usize {
            return false;
        }
        q.push_back(now);
        true
    }
}

/// A snapshot of the sandbox's traffic counters (`GET /_sandbox/stats`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Stats {
    /// Requests to TikTok's paths (Open API, token service, authorization page); control
    /// calls are not counted.
    pub requests: u64,
    /// Requests per path as requested (unknown Open API paths are pooled as `<unknown>`).
    pub by_path: BTreeMap<String, u64>,
    /// Responses per TikTok `code` (0 = success).
    pub by_code: BTreeMap<i64, u64>,
    /// Requests refused by the rate limiter (HTTP 429, 36009002).
    pub rate_limited: u64,
    /// Faults injected on purpose (5xx, 429, hangs, truncated bodies).
    pub faults_injected: u64,
    /// The most requests any one app+shop key SENT in any 1-second window, counting every
    /// request that passed verification (whether the limiter then admitted it or not): what a
    /// client's pacing actually achieved.
    pub max_qps_observed: u64,
    /// `max_qps_observed` per key.
    pub max_qps_by_key: BTreeMap<String, u64>,
}

#[derive(Debug, Default)]
pub struct StatsState {
    stats: Stats,
    arrivals: HashMap<String, VecDeque<Instant>>,
}

impl StatsState {
    pub fn request(&mut self, path: &str) {
        self.stats.requests += 1;
        *self.stats.by_path.entry(path.to_string()).or_default() += 1;
    }

    pub fn code(&mut self, code: i64) {
        *self.stats.by_code.entry(code).or_default() += 1;
    }

    pub fn rate_limited(&mut self) {
        self.stats.rate_limited += 1;
    }

    pub fn fault(&mut self) {
        self.stats.faults_injected += 1;
    }

    /// Records an arrival for `key`; the window count at each arrival is the maximum over
    /// windows ending there, and the true maximum over all windows always ends at an arrival.
    pub fn arrival(&mut self, key: &str, now: Instant) {
        let q = self.arrivals.entry(key.to_string()).or_default();
        while q.front().is_some_and(|t| now.duration_since(*t) >= WINDOW) {
            q.pop_front();
        }
        q.push_back(now);
        let n = q.len() as u64;
        let slot = self
            .stats
            .max_qps_by_key
            .entry(key.to_string())
            .or_default();
        *slot = (*slot).max(n);
        self.stats.max_qps_observed = self.stats.max_qps_observed.max(n);
    }

    pub fn snapshot(&self) -> Stats {
        self.stats.clone()
    }

    pub fn reset(&mut self) {
        *self = StatsState::default();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sliding_window_admits_qps_per_second_per_key() {
        let mut rl = RateLimiter::new(3);
        let t0 = Instant::now();
        assert!(rl.admit("a", t0));
        assert!(rl.admit("a", t0));
        assert!(rl.admit("a", t0 + Duration::from_millis(500)));
        assert!(!rl.admit("a", t0 + Duration::from_millis(900)));
        assert!(
            rl.admit("b", t0 + Duration::from_millis(900)),
            "keys are independent"
        );
        assert!(rl.admit("a", t0 + Duration::from_millis(1000)));
        rl.set_qps(0);
        for _ in 0..100 {
            assert!(rl.admit("a", t0));
        }
    }

    #[test]
    fn max_qps_is_the_busiest_one_second_window() {
        let mut s = StatsState::default();
        let t0 = Instant::now();
        for i in 0..10 {
            s.arrival("k", t0 + Duration::from_millis(i * 300));
        }
        // Arrivals every 300 ms: at most 4 fall in any 1 s window (0, 300, 600, 900).
        assert_eq!(s.snapshot().max_qps_observed, 4);
        assert_eq!(s.snapshot().max_qps_by_key["k"], 4);
    }
}
