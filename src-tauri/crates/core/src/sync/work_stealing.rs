//! Which backfill window an idle worker takes work from, and where it cuts: the pure half of
//! work stealing. Order histories are not spread evenly (a shop that opened last month, a
//! Black Friday week), so windows of equal time hold very different numbers of orders. When a
//! worker runs out of windows, it takes the later part of the window with the most orders
//! still to fetch; the window's worker stops where the cut is, and asks again for just its
//! part. Repeated, this follows the orders wherever they are, at the cost of about one page per
//! cut. Spare workers cut early, while every window still runs, but only a window far heavier
//! than its peers ([`HEAVY_WINDOW`]).
//!
//! No I/O here: the engine records each cut in the store before either side acts on it.

use super::plan::PAGE_SIZE;

/// A window is cut only if it still has at least this many orders to fetch (estimated): a cut
/// costs about a page (the cut page is read by both sides), so smaller remainders are cheaper
/// to finish alone.
pub const MIN_ORDERS_TO_SPLIT: f64 = 3.0 * PAGE_SIZE as f64;

/// How many times the mean of the running windows' orders left a window must hold to be cut
/// while every worker of the job's concurrency has a window. Windows share the rate limit
/// evenly, so one holding a spike (a Black Friday week) would page on alone long after the
/// others, a round trip per page; cut early, it gets more workers while its peers run. Measured
/// with a week of ten times a normal week: 20,000 orders went from 1.21 to 1.18 times the
/// floor, 5,000 from 1.71 to 1.58; 1.5 cut more often for less.
pub const HEAVY_WINDOW: f64 = 2.0;

/// A window being paged by a worker.
#[derive(Debug, Clone, PartialEq)]
pub struct RunningWindow {
    /// The stored window's id.
    pub id: i64,
    /// Where the window ends now (a cut moves it earlier).
    pub end: i64,
    /// The `create_time` of the newest order stored so far (the window's start before its first
    /// page): the orders still to fetch lie in `[paged_to, end)`.
    pub paged_to: i64,
    /// Orders per second still to fetch, as the window's last page suggested (TikTok's total
    /// for the query minus what was read, over the time left in the query), or inherited from
    /// the window it was cut from until its own first page arrives.
    pub density: f64,
    /// Where a cut of this window being recorded will be: no second one until it is.
    pub cutting_at: Option<i64>,
}

impl RunningWindow {
    /// Orders estimated still to fetch.
    pub fn remaining(&self) -> f64 {
        self.density * (self.end - self.paged_to).max(0) as f64
    }
}

/// A cut an idle worker is about to record: `victim` keeps `[.., at)`, a new window gets
/// `[at, end)`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Split {
    pub victim: i64,
    pub at: i64,
    pub end: i64,
    pub density: f64,
}

/// Where to cut the rest of a window `[paged_to, end)`: in the middle of the time left,
/// strictly after `paged_to` (orders of that second not yet read stay with the window) and
/// strictly before `end`. `None` when less than two seconds are left.
pub fn split_point(paged_to: i64, end: i64) -> Option<i64> {
    let at = paged_to + (end - paged_to) / 2;
    (paged_to < at && at < end).then_some(at)
}

/// The orders-per-second estimate from a page: `query_total` orders match the query, `read` of
/// them have been read, and the rest lie in `[paged_to, query_end)`.
pub fn density_after_page(query_total: u64, read: u64, paged_to: i64, query_end: i64) -> f64 {
    let left = query_total.saturating_sub(read) as f64;
    left / (query_end - paged_to).max(1) as f64
}

/// Where a window has read to, and its orders counted once each although a cut window asks
/// again from the second it had read to (orders of that second are then read twice).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WindowReading {
    /// The newest `create_time` read (the window's or its query's start before a page).
    pub paged_to: i64,
    /// Orders of the second `paged_to` counted so far.
    at_paged_to: u64,
    /// Of those, the ones the current query has still to read again.
    counted_before: u64,
}

impl WindowReading {
    pub fn from(start: i64) -> Self {
        Self {
            paged_to: start,
            at_paged_to: 0,
            counted_before: 0,
        }
    }

    /// A page of orders created at `times` (ascending, as TikTok sorts them) arrived; the
    /// window's orders count up to `counts_to`. Returns how many are counted for the first time.
    pub fn page(&mut self, times: &[i64], counts_to: i64) -> u64 {
        if let Some(&newest) = times.iter().max().filter(|t| **t >= self.paged_to) {
            let here = times
                .iter()
                .filter(|t| **t == newest && **t < counts_to)
                .count() as u64;
            self.at_paged_to = if newest > self.paged_to {
                here
            } else {
                self.at_paged_to + here
            };
            self.paged_to = newest;
        }
        let inside = times.iter().filter(|t| **t < counts_to).count() as u64;
        let again = inside.min(self.counted_before);
        self.counted_before -= again;
        inside - again
    }

    /// The window asks again from `paged_to`: that second's counted orders come again.
    pub fn ask_again(&mut self) {
        self.counted_before = std::mem::take(&mut self.at_paged_to);
    }
}

/// The windows being paged, as the idle workers see them.
#[derive(Debug, Default)]
pub struct Board {
    running: Vec<RunningWindow>,
}

impl Board {
    pub fn add(&mut self, window: RunningWindow) {
        self.running.push(window);
    }

    pub fn remove(&mut self, id: i64) {
        self.running.retain(|w| w.id != id);
    }

    pub fn is_empty(&self) -> bool {
        self.running.is_empty()
    }

    /// Where the window ends now, if it is running.
    pub fn end_of(&self, id: i64) -> Option<i64> {
        self.running.iter().find(|w| w.id == id).map(|w| w.end)
    }

    /// Where window `id`'s orders count to: its end, or a cut being recorded (the window
    /// stops at a cut only once it is recorded, but the orders after it are the new window's
    /// to count, whichever side reads them first).
    pub fn counts_to(&self, id: i64) -> Option<i64> {
        let w = self.running.iter().find(|w| w.id == id)?;
        Some(w.cutting_at.unwrap_or(w.end))
    }

    /// A page of window `id` arrived: the orders left are after `paged_to`, at `density`.
    pub fn observe(&mut self, id: i64, paged_to: i64, density: f64) {
        if let Some(w) = self.running.iter_mut().find(|w| w.id == id) {
            w.paged_to = w.paged_to.max(paged_to);
            w.density = density;
        }
    }

    /// Picks the window to cut, and marks it as being cut: the one with the most orders left
    /// (at least [`MIN_ORDERS_TO_SPLIT`]) that can be cut. While `concurrency` windows or more
    /// run, only a heavy one is: [`HEAVY_WINDOW`] times the mean of what the running windows
    /// have left.
    pub fn claim_split(&mut self, concurrency: usize) -> Option<Split> {
        let running = self.running.len();
        let heavy_only = running >= concurrency;
        // A window's density is known from its first page; until every one has reported, no
        // window can be told heavy.
        if heavy_only && self.running.iter().any(|w| w.density <= 0.0) {
            return None;
        }
        let mean = self
            .running
            .iter()
            .map(RunningWindow::remaining)
            .sum::<f64>()
            / running.max(1) as f64;
        let victim = self
            .running
            .iter_mut()
            .filter(|w| w.cutting_at.is_none() && w.remaining() >= MIN_ORDERS_TO_SPLIT)
            .filter(|w| split_point(w.paged_to, w.end).is_some())
            .max_by(|a, b| a.remaining().total_cmp(&b.remaining()))?;
        if heavy_only && victim.remaining() < HEAVY_WINDOW * mean {
            return None;
        }
        let at = split_point(victim.paged_to, victim.end)?;
        victim.cutting_at = Some(at);
        Some(Split {
            victim: victim.id,
            at,
            end: victim.end,
            density: victim.density,
        })
    }

    /// The cut is recorded (the new window is `new_id`): the victim, if still running, now ends
    /// at the cut, and the new window runs from it.
    pub fn finish_split(&mut self, split: &Split, new_id: i64) {
        if let Some(v) = self.running.iter_mut().find(|w| w.id == split.victim) {
            v.end = split.at;
            v.cutting_at = None;
        }
        self.running.push(RunningWindow {
            id: new_id,
            end: split.end,
            paged_to: split.at,
            density: split.density,
            cutting_at: None,
        });
    }

    /// The cut could not be recorded: the victim keeps its range.
    pub fn abandon_split(&mut self, split: &Split) {
        if let Some(v) = self.running.iter_mut().find(|w| w.id == split.victim) {
            v.cutting_at = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// A concurrency no board here reaches: every cut of at least the threshold is allowed.
    const ANY: usize = usize::MAX;

    fn running(id: i64, paged_to: i64, end: i64, density: f64) -> RunningWindow {
        RunningWindow {
            id,
            end,
            paged_to,
            density,
            cutting_at: None,
        }
    }

    #[test]
    fn the_window_with_the_most_orders_left_is_cut_in_the_middle_of_its_time_left() {
        let mut board = Board::default();
        board.add(running(1, 0, 1_000, 1.0)); // 1,000 left
        board.add(running(2, 500, 1_000, 10.0)); // 5,000 left
        board.add(running(3, 0, 100, 1.0)); // 100 left: too few to cut
        let split = board.claim_split(ANY).expect("a cut");
        assert_eq!((split.victim, split.at, split.end), (2, 750, 1_000));
        // The window being cut is not cut twice; the next best is. Its orders after the cut
        // are the new window's to count already; it stops there once the cut is recorded.
        assert_eq!(board.claim_split(ANY).map(|s| s.victim), Some(1));
        assert_eq!(
            (board.counts_to(2), board.end_of(2)),
            (Some(750), Some(1_000))
        );
        board.finish_split(&split, 4);
        assert_eq!(board.end_of(2), Some(750));
        assert_eq!(board.end_of(4), Some(1_000));
        // Both halves (2,500 left each) come before window 1 (1,000 left).
        let next = board.claim_split(ANY).expect("a cut").victim;
        assert!(next == 2 || next == 4, "{next}");
    }

    #[test]
    fn at_full_concurrency_only_a_heavy_window_is_cut_once_every_window_reported() {
        let mut board = Board::default();
        for id in 1..=3 {
            board.add(running(id, 0, 1_000, 1.0)); // 1,000 left each
        }
        assert_eq!(board.claim_split(3), None, "even windows run as they are");
        assert!(board.claim_split(4).is_some(), "a worker is free");
        let mut board = Board::default();
        board.add(running(1, 0, 1_000, 1.0));
        board.add(running(2, 0, 1_000, 1.0));
        board.add(running(3, 0, 1_000, 5.0)); // 5,000 left: over twice the mean (2,333)
        board.add(running(4, 0, 1_000, 0.0)); // no page yet
        assert_eq!(board.claim_split(4), None, "window 4 has not reported");
        board.observe(4, 0, 1.0);
        assert_eq!(board.claim_split(4).map(|s| s.victim), Some(3));
    }

    #[test]
    fn nothing_is_cut_below_the_threshold_or_inside_one_second() {
        let mut board = Board::default();
        board.add(running(1, 0, 1_000, 0.2)); // 200 left
        board.add(running(2, 999, 1_000, 1e9)); // a second left, however busy
        assert_eq!(board.claim_split(ANY), None);
        assert_eq!(split_point(5, 6), None);
        assert_eq!(split_point(5, 7), Some(6));
    }

    #[test]
    fn a_cut_of_a_window_that_finished_meanwhile_still_adds_the_new_window() {
        let mut board = Board::default();
        board.add(running(1, 0, 10_000, 1.0));
        let split = board.claim_split(ANY).expect("a cut");
        board.remove(1);
        board.finish_split(&split, 2);
        assert_eq!(board.end_of(2), Some(10_000));
        assert_eq!(board.end_of(1), None);
    }

    #[test]
    fn orders_read_again_after_asking_again_are_counted_once() {
        let mut r = WindowReading::from(0);
        assert_eq!(r.page(&[1, 2, 2], 100), 3);
        r.ask_again(); // from second 2: its two orders come again, with one not read before
        assert_eq!(
            r.page(&[2, 2, 2, 3], 100),
            2,
            "the new order of second 2, and 3"
        );
        assert_eq!(r.paged_to, 3);
        // Past where the window counts to (a cut), nothing is counted.
        assert_eq!(r.page(&[50, 99, 100, 120], 100), 2);
        r.ask_again(); // second 120 was not counted, so nothing is read again
        assert_eq!(r.page(&[120, 130], 200), 2);
    }

    #[test]
    fn a_second_spread_over_pages_is_read_again_whole() {
        let mut r = WindowReading::from(0);
        assert_eq!(r.page(&[5, 7, 7], 100), 3);
        assert_eq!(r.page(&[7, 7], 100), 2);
        r.ask_again(); // four orders of second 7 counted, and one more not read yet
        assert_eq!(r.page(&[7, 7, 7], 100), 0);
        assert_eq!(r.page(&[7, 7, 8], 100), 2);
    }

    #[test]
    fn density_is_what_is_left_of_the_query_over_its_time_left() {
        assert_eq!(density_after_page(1_000, 200, 100, 900), 1.0);
        assert_eq!(density_after_page(100, 200, 100, 100), 0.0);
    }

    proptest! {
        /// Any sequence of cuts, at any paging progress, leaves windows that cover the
        /// requested range exactly: no gap, no overlap, none empty.
        #[test]
        fn cuts_keep_the_windows_an_exact_cover_of_the_range(
            from in 0i64..2_000_000_000,
            len in 1i64..40_000_000,
            parts in 1u32..16,
            cuts in proptest::collection::vec((0usize..64, 0.0f64..1.0, 0.1f64..1e4), 0..80),
        ) {
            let to = from + len;
            let mut windows = super::super::plan::split_windows(from, to, parts, 60);
            let mut board = Board::default();
            for (i, &(start, end)) in windows.iter().enumerate() {
                board.add(running(i as i64, start, end, 1.0));
            }
            for (pick, progress, density) in cuts {
                // Some window has paged part of its range and reports a new density.
                let i = pick % windows.len();
                let (start, end) = windows[i];
                let paged_to = start + ((end - start - 1) as f64 * progress) as i64;
                board.observe(i as i64, paged_to, density);
                let Some(split) = board.claim_split(ANY) else { continue };
                let v = split.victim as usize;
                prop_assert!(windows[v].0 < split.at && split.at < windows[v].1);
                prop_assert_eq!(split.end, windows[v].1);
                let new_id = windows.len() as i64;
                windows.push((split.at, windows[v].1));
                windows[v].1 = split.at;
                board.finish_split(&split, new_id);
                prop_assert_eq!(board.end_of(split.victim), Some(split.at));
            }
            let mut sorted = windows.clone();
            sorted.sort();
            prop_assert_eq!(sorted[0].0, from);
            prop_assert_eq!(sorted[sorted.len() - 1].1, to);
            for pair in sorted.windows(2) {
                prop_assert_eq!(pair[0].1, pair[1].0);
            }
            for (s, e) in &sorted {
                prop_assert!(e > s);
            }
        }
    }
}
