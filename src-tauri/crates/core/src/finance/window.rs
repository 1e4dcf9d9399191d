//! Which statements and payments an import reads: pure decisions over what the store knows,
//! so the rules are tested without TikTok.
//!
//! * A range import (a backfill) reads the statements of the days `[from, to)` and the
//!   payments created from `from` to a week after `to` (a payment follows its statements),
//!   and leaves the incremental watermarks alone.
//! * An incremental import reads from the watermark less [`OVERLAP_SECS`], or from the
//!   oldest statement (payment) not `PAID` yet within [`OPEN_PAYMENT_SECS`] when that is
//!   older, so a payment status keeps following TikTok until it settles; a shop never
//!   imported starts [`FIRST_IMPORT_DAYS`] back (older history is a range import away).
//!   Nothing is asked from before TikTok's finance data starts (2023-07-01).

use super::present::DAY;
use shopdock_tiktok::finance::DATA_SINCE;

/// Re-read this long before the watermark: statements are daily, and TikTok may publish
/// one late.
pub const OVERLAP_SECS: i64 = 2 * DAY;
/// A statement or payment not paid yet keeps being re-read this long.
pub const OPEN_PAYMENT_SECS: i64 = 45 * DAY;
/// How far back the first import of a shop reaches.
pub const FIRST_IMPORT_DAYS: i64 = 90;
/// Payments are read this long past a range's end.
pub const PAYOUT_LAG_SECS: i64 = 7 * DAY;

/// A time window `[ge, lt)`; `lt = None` up to now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub ge: i64,
    pub lt: Option<i64>,
}

impl Window {
    /// The window's end for store queries.
    pub fn end(&self) -> i64 {
        self.lt.unwrap_or(i64::MAX)
    }

    /// Nothing can be in it (a range that ends before TikTok's data starts).
    pub fn is_empty(&self) -> bool {
        self.lt.is_some_and(|lt| lt <= self.ge)
    }
}

/// What an incremental import knows of one list (statements or payments).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ListState {
    /// The newest time stored by an incremental import.
    pub watermark: Option<i64>,
    /// The oldest record within [`OPEN_PAYMENT_SECS`] not paid yet.
    pub oldest_unpaid: Option<i64>,
}

/// Where an incremental import of one list starts.
pub fn incremental(state: ListState, now: i64) -> Window {
    let ge = match state.watermark {
        Some(w) => {
            let overlap = w - OVERLAP_SECS;
            state.oldest_unpaid.map_or(overlap, |u| u.min(overlap))
        }
        None => now - FIRST_IMPORT_DAYS * DAY,
    };
    Window {
        ge: ge.max(DATA_SINCE),
        lt: None,
    }
}

/// The statements of the days `[from, to)`: statement times `(from, to]`.
pub fn range_statements(from: i64, to: i64) -> Window {
    let (ge, lt) = super::queries::statement_times(Some(from), Some(to));
    Window {
        ge: ge.unwrap_or(from).max(DATA_SINCE),
        lt,
    }
}

/// The payments of the days `[from, to)` and the week after.
pub fn range_payments(from: i64, to: i64) -> Window {
    Window {
        ge: from.max(DATA_SINCE),
        lt: Some(to.saturating_add(PAYOUT_LAG_SECS)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_750_000_000;

    #[test]
    fn an_incremental_import_overlaps_its_watermark_and_reaches_back_to_what_is_unpaid() {
        let w = NOW - 10 * DAY;
        assert_eq!(
            incremental(
                ListState {
                    watermark: Some(w),
                    oldest_unpaid: None
                },
                NOW
            )
            .ge,
            w - OVERLAP_SECS
        );
        let unpaid = w - 20 * DAY;
        assert_eq!(
            incremental(
                ListState {
                    watermark: Some(w),
                    oldest_unpaid: Some(unpaid)
                },
                NOW
            )
            .ge,
            unpaid
        );
        assert_eq!(
            incremental(
                ListState {
                    watermark: Some(w),
                    oldest_unpaid: Some(w)
                },
                NOW
            )
            .ge,
            w - OVERLAP_SECS,
            "an unpaid statement newer than the overlap changes nothing"
        );
        assert_eq!(
            incremental(ListState::default(), NOW).ge,
            NOW - FIRST_IMPORT_DAYS * DAY
        );
        assert_eq!(incremental(ListState::default(), NOW).lt, None);
    }

    #[test]
    fn a_range_reads_the_statements_closing_its_days_and_nothing_before_the_data_starts() {
        // The spec's example: Oct 5 to Oct 10 (2023) is statement times in (Oct 5, Oct 11].
        let oct5 = 1_696_464_000;
        let oct11 = oct5 + 6 * DAY;
        let w = range_statements(oct5, oct11);
        assert_eq!((w.ge, w.lt), (oct5 + 1, Some(oct11 + 1)));
        assert_eq!(range_statements(0, oct11).ge, DATA_SINCE);
        let p = range_payments(oct5, oct11);
        assert_eq!((p.ge, p.lt), (oct5, Some(oct11 + PAYOUT_LAG_SECS)));
        assert!(
            range_statements(0, DAY).is_empty(),
            "1970 has no statements to ask for"
        );
        assert!(!w.is_empty());
    }
}
