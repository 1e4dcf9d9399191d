//! A token bucket per app-and-shop, TikTok's unit of rate limiting (fact sheet §11: 50 QPS per
//! API, counted per app + shop). Every request of a shop waits here first, however many jobs
//! (pull, backfill windows, refresh) run at once.
//!
//! The bucket runs a little under the documented limit with a burst of one, so that no
//! one-second window ever holds more than the limit: zero 429s in steady state, which costs
//! less than backing off from them. The rate itself is `governor`'s GCRA on tokio's clock; what
//! this module adds is the keying, first-come-first-served waiting and the `Retry-After` pause.

use governor::clock::Clock;
use governor::middleware::NoOpMiddleware;
use governor::nanos::Nanos;
use governor::state::{InMemoryState, NotKeyed};
use governor::{Quota, RateLimiter};
use std::collections::HashMap;
use std::num::NonZeroU32;
use std::sync::{Arc, Mutex};
use tokio::time::{Duration, Instant};

/// TikTok's documented default limit per API, per app and shop.
pub const DOCUMENTED_QPS: f64 = 50.0;
/// What Shopdock uses: 94% of the documented limit. At 96% a benchmark saw one 429 in a
/// thousand requests (arrival jitter on the server side); 94% leaves room for it.
pub const DEFAULT_QPS: f64 = DOCUMENTED_QPS * 0.94;

/// Tokio's clock as seen by governor: time since the bucket was made. Tokio's rather than the
/// OS's so that the bucket and the sleeps it causes agree, also under tokio's paused test time.
#[derive(Debug, Clone, Copy)]
struct TokioClock {
    origin: Instant,
}

impl Clock for TokioClock {
    type Instant = Nanos;

    fn now(&self) -> Nanos {
        Nanos::from(Instant::now().saturating_duration_since(self.origin))
    }
}

type Gcra = RateLimiter<NotKeyed, InMemoryState, TokioClock, NoOpMiddleware<Nanos>>;

/// governor's unit of account: a request costs its interval's worth of microseconds.
const CELLS_PER_SECOND: NonZeroU32 = NonZeroU32::new(1_000_000).expect("nonzero");
/// How far ahead of its slot a request may go, in cells (5 ms). GCRA counts a late request from
/// when it came, so a waiter woken late pushes every later slot back. Wake-ups are late by up to
/// a tick of tokio's millisecond timer, and on a busy runtime by the task polled first (decoding
/// a page takes milliseconds): with 1 ms here a benchmark's shop ran at 45.5 requests a second
/// instead of 47. A waiter therefore aims 5 ms early. The price is at most one request more in
/// a second than the rate (48 at the default 47, under the documented 50).
const EARLY_CELLS: u32 = 5_000;

/// A token bucket; `acquire` waits until a token is free. Waiters are served in arrival order
/// (tokio's mutex is fair), and a `Retry-After` pause holds every one of them.
pub struct TokenBucket {
    rate: Gcra,
    /// Cells one request costs: its interval in microseconds.
    cost: NonZeroU32,
    clock: TokioClock,
    /// Until when a 429 told us to stop sending.
    paused_until: Mutex<Option<Instant>>,
    /// The queue of waiters: whoever holds it is the next to be granted a token.
    queue: tokio::sync::Mutex<()>,
}

impl std::fmt::Debug for TokenBucket {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenBucket")
            .field("cost_us", &self.cost)
            .field("paused_until", &self.pause_end())
            .finish_non_exhaustive()
    }
}

impl TokenBucket {
    /// A bucket granting `qps` tokens a second, one at a time (a rate that is not a positive
    /// number means [`DEFAULT_QPS`]).
    pub fn new(qps: f64) -> Self {
        let qps = if qps.is_finite() && qps > 0.0 {
            qps
        } else {
            DEFAULT_QPS
        };
        // Rounded up, so the bucket never runs faster than asked (by under a microsecond).
        let interval_us = (1e6 / qps)
            .ceil()
            .clamp(1.0, f64::from(u32::MAX - EARLY_CELLS)) as u32;
        let cost = NonZeroU32::new(interval_us).unwrap_or(NonZeroU32::MIN);
        let burst = cost.saturating_add(EARLY_CELLS);
        let clock = TokioClock {
            origin: Instant::now(),
        };
        Self {
            rate: RateLimiter::direct_with_clock(
                Quota::per_second(CELLS_PER_SECOND).allow_burst(burst),
                clock,
            ),
            cost,
            clock,
            paused_until: Mutex::new(None),
            queue: tokio::sync::Mutex::new(()),
        }
    }

    /// Waits for this caller's token. Dropping the future gives the turn up without using one.
    pub async fn acquire(&self) {
        let _turn = self.queue.lock().await;
        loop {
            if let Some(until) = self.pause_end().filter(|u| *u > Instant::now()) {
                tokio::time::sleep_until(until).await;
                continue;
            }
            match self.rate.check_n(self.cost) {
                Ok(Ok(())) => return,
                Ok(Err(not_until)) => {
                    tokio::time::sleep(not_until.wait_time_from(self.clock.now())).await
                }
                // The burst is the cost plus a little by construction; should it ever not be,
                // sending beats waiting forever.
                Err(too_large) => {
                    tracing::warn!(error = %too_large, "rate limiter cannot grant a request");
                    return;
                }
            }
        }
    }

    /// Holds every waiter for `d` from now (after a 429 with `Retry-After`); a shorter pause
    /// never cuts a longer one short.
    pub fn pause_for(&self, d: Duration) {
        let until = Instant::now() + d;
        let mut paused = self.paused_until.lock().unwrap_or_else(|p| p.into_inner());
        if paused.is_none_or(|p| p < until) {
            *paused = Some(until);
        }
    }

    fn pause_end(&self) -> Option<Instant> {
        *self.paused_until.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// The buckets of the process, keyed by app key and shop cipher.
#[derive(Debug, Default)]
pub struct Limiters {
    buckets: Mutex<HashMap<(String, String), Arc<TokenBucket>>>,
    qps: Mutex<Option<f64>>,
}

impl Limiters {
    pub fn bucket(&self, app_key: &str, shop: &str) -> Arc<TokenBucket> {
        let qps = self
            .qps
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .unwrap_or(DEFAULT_QPS);
        let mut map = self.buckets.lock().unwrap_or_else(|p| p.into_inner());
        map.entry((app_key.to_owned(), shop.to_owned()))
            .or_insert_with(|| Arc::new(TokenBucket::new(qps)))
            .clone()
    }

    /// Changes the rate for buckets made from now on (benchmarks and tests use lower limits).
    pub fn set_qps(&self, qps: f64) {
        *self.qps.lock().unwrap_or_else(|p| p.into_inner()) = Some(qps);
        self.buckets
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Starts `n` callers of `bucket` at once and returns when each was granted, in order of
    /// grant, measured from `start`.
    async fn grant_times(bucket: Arc<TokenBucket>, n: usize, start: Instant) -> Vec<Duration> {
        let mut handles = Vec::new();
        for _ in 0..n {
            let b = bucket.clone();
            handles.push(tokio::spawn(async move {
                b.acquire().await;
                Instant::now()
            }));
        }
        let mut times = Vec::new();
        for h in handles {
            times.push(h.await.expect("acquire task") - start);
        }
        times.sort();
        times
    }

    /// The most grants that fall into any one-second window.
    fn busiest_second(times: &[Duration]) -> usize {
        times
            .iter()
            .map(|t| {
                times
                    .iter()
                    .filter(|u| **u >= *t && **u < *t + Duration::from_secs(1))
                    .count()
            })
            .max()
            .unwrap_or(0)
    }

    /// How early a waiter may be granted: the first second may hold one grant more than the
    /// rate, never two.
    const EARLY: Duration = Duration::from_micros(EARLY_CELLS as u64);

    #[tokio::test(start_paused = true)]
    async fn no_second_holds_more_than_one_over_the_rate() {
        let start = Instant::now();
        let times = grant_times(Arc::new(TokenBucket::new(10.0)), 35, start).await;
        assert!(busiest_second(&times) <= 11, "{times:?}");
        assert!(times[34] >= Duration::from_millis(3400) - EARLY);
    }

    #[tokio::test(start_paused = true)]
    async fn the_default_rate_is_kept_exactly_under_the_documented_limit() {
        let start = Instant::now();
        let times = grant_times(Arc::new(TokenBucket::new(DEFAULT_QPS)), 470, start).await;
        assert!(
            busiest_second(&times) < DOCUMENTED_QPS as usize,
            "{times:?}"
        );
        // 470 requests at 47 a second: the last one goes out after 469 intervals, not later.
        assert!(
            times[469] >= Duration::from_millis(9978) - EARLY,
            "{:?}",
            times[469]
        );
        assert!(
            times[469] <= Duration::from_millis(9980),
            "{:?}",
            times[469]
        );
    }

    /// A busy runtime polls a woken waiter late. Here time moves only in 3 ms jumps, so every
    /// wake-up comes up to 3 ms after its moment: the bucket must still grant at its rate, and
    /// keep every second under the documented limit.
    #[tokio::test(start_paused = true)]
    async fn waiters_woken_late_keep_their_slots() {
        let busy = tokio::spawn(async {
            loop {
                tokio::time::advance(Duration::from_millis(3)).await;
                tokio::task::yield_now().await;
            }
        });
        let start = Instant::now();
        let times = grant_times(Arc::new(TokenBucket::new(DEFAULT_QPS)), 200, start).await;
        busy.abort();
        let on_time = Duration::from_secs_f64(199.0 / DEFAULT_QPS);
        assert!(
            times[199] <= on_time + Duration::from_millis(4),
            "200 grants took {:?}, on time is {on_time:?}",
            times[199]
        );
        assert!(
            busiest_second(&times) < DOCUMENTED_QPS as usize,
            "{times:?}"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn retry_after_holds_every_caller_until_the_pause_ends() {
        let bucket = Arc::new(TokenBucket::new(10.0));
        let start = Instant::now();
        bucket.acquire().await;
        bucket.pause_for(Duration::from_secs(3));
        // A shorter pause reported later does not shorten the first.
        bucket.pause_for(Duration::from_secs(1));
        let times = grant_times(bucket, 5, start).await;
        assert!(times[0] >= Duration::from_secs(3), "{times:?}");
        // After the pause the rate holds again: one grant per 100 ms.
        assert!(times[4] >= Duration::from_millis(3400) - EARLY, "{times:?}");
        assert!(busiest_second(&times) <= 11);
    }

    #[tokio::test(start_paused = true)]
    async fn a_pause_during_a_wait_holds_the_waiter() {
        let bucket = Arc::new(TokenBucket::new(1.0));
        let start = Instant::now();
        bucket.acquire().await;
        let waiter = tokio::spawn({
            let b = bucket.clone();
            async move {
                b.acquire().await;
                Instant::now() - start
            }
        });
        tokio::time::sleep(Duration::from_millis(500)).await;
        bucket.pause_for(Duration::from_secs(5));
        let granted = waiter.await.expect("waiter");
        assert!(granted >= Duration::from_millis(5500), "{granted:?}");
    }

    #[tokio::test(start_paused = true)]
    async fn waiters_are_served_in_arrival_order() {
        let bucket = Arc::new(TokenBucket::new(20.0));
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        for i in 0..12 {
            let (b, tx) = (bucket.clone(), tx.clone());
            tokio::spawn(async move {
                b.acquire().await;
                let _ = tx.send(i);
            });
            // Let the task queue up before the next one starts.
            tokio::task::yield_now().await;
        }
        drop(tx);
        let mut order = Vec::new();
        while let Some(i) = rx.recv().await {
            order.push(i);
        }
        assert_eq!(order, (0..12).collect::<Vec<_>>());
    }

    #[tokio::test(start_paused = true)]
    async fn buckets_are_per_app_key_and_shop() {
        let limiters = Limiters::default();
        limiters.set_qps(10.0);
        let a = limiters.bucket("app1", "shopA");
        assert!(Arc::ptr_eq(&a, &limiters.bucket("app1", "shopA")));
        let other_shop = limiters.bucket("app1", "shopB");
        let other_app = limiters.bucket("app2", "shopA");
        assert!(!Arc::ptr_eq(&a, &other_shop) && !Arc::ptr_eq(&a, &other_app));

        // A 429 on one shop does not hold another shop, nor the same shop under another app.
        a.pause_for(Duration::from_secs(60));
        let start = Instant::now();
        other_shop.acquire().await;
        other_app.acquire().await;
        assert!(Instant::now() - start < Duration::from_secs(1));
    }

    #[tokio::test(start_paused = true)]
    async fn set_qps_applies_to_buckets_made_afterwards() {
        let limiters = Limiters::default();
        limiters.set_qps(2.0);
        let start = Instant::now();
        let times = grant_times(limiters.bucket("app", "shop"), 5, start).await;
        assert!(times[4] >= Duration::from_secs(2) - EARLY, "{times:?}");
        assert!(busiest_second(&times) <= 3);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]

        /// On tokio's paused clock, for any rate and any crowd of callers, no one-second window
        /// holds more than one grant over the rate, and the crowd is done in the time it must
        /// take.
        #[test]
        fn any_rate_keeps_every_second_within_one_of_it(qps in 1u32..60, callers in 1usize..90) {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_time()
                .start_paused(true)
                .build()
                .expect("runtime");
            let times = runtime.block_on(async {
                let start = Instant::now();
                grant_times(Arc::new(TokenBucket::new(f64::from(qps))), callers, start).await
            });
            prop_assert!(busiest_second(&times) <= qps as usize + 1);
            let least = Duration::from_secs_f64((callers - 1) as f64 / f64::from(qps));
            prop_assert!(times[callers - 1] + EARLY + Duration::from_millis(1) >= least);
            // ... and no longer: a waiter woken on the timer's next tick does not cost the
            // later ones their slots.
            prop_assert!(times[callers - 1] <= least + Duration::from_millis(2), "{times:?}");
        }
    }
}
