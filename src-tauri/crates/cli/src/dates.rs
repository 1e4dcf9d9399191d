//! `--from` / `--to`: a calendar day (midnight UTC) or Unix seconds.

use chrono::format::ParseErrorKind;
use chrono::{NaiveDate, NaiveTime};

/// Why a `--from` / `--to` value is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    /// Looks like a date, but the day does not exist (2026-02-31).
    #[error("{0} is not a calendar date")]
    NoSuchDay(String),
    #[error("use YYYY-MM-DD (UTC) or Unix seconds, not {0:?}")]
    Unreadable(String),
}

/// `YYYY-MM-DD` as its midnight UTC, or Unix seconds as given. A clap value parser, so a bad
/// date is refused before anything runs, with a message that says what is wrong with it.
pub fn parse_date(s: &str) -> Result<i64, DateError> {
    if let Ok(secs) = s.parse::<i64>() {
        return Ok(secs);
    }
    match NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        Ok(day) => Ok(day.and_time(NaiveTime::MIN).and_utc().timestamp()),
        Err(e)
            if matches!(
                e.kind(),
                ParseErrorKind::OutOfRange | ParseErrorKind::Impossible
            ) =>
        {
            Err(DateError::NoSuchDay(s.to_owned()))
        }
        Err(_) => Err(DateError::Unreadable(s.to_owned())),
    }
}

#[cfg(test)]
mod tests {
    use super::parse_date;

    #[test]
    fn dates_are_utc_midnights() {
        assert_eq!(parse_date("1970-01-01").unwrap(), 0);
        assert_eq!(parse_date("2024-07-23").unwrap(), 1_721_692_800);
        assert_eq!(parse_date("2000-03-01").unwrap(), 951_868_800);
        assert_eq!(parse_date("1721692800").unwrap(), 1_721_692_800);
        assert!(parse_date("2024-13-01").is_err());
        assert!(parse_date("yesterday").is_err());
    }

    #[test]
    fn days_that_do_not_exist_are_invalid_dates() {
        for s in [
            "2026-02-31",
            "2023-02-29",
            "2024-04-31",
            "2024-13-01",
            "2024-00-10",
        ] {
            assert_eq!(
                parse_date(s).unwrap_err().to_string(),
                format!("{s} is not a calendar date")
            );
        }
        assert_eq!(parse_date("2024-02-29").unwrap(), 1_709_164_800);
    }

    #[test]
    fn other_text_is_refused_with_the_accepted_forms() {
        for s in ["yesterday", "2024/07/23", "2024-07", "23-07-2024T", ""] {
            let e = parse_date(s).unwrap_err().to_string();
            assert!(
                e.contains("YYYY-MM-DD") && e.contains("Unix seconds"),
                "{s}: {e}"
            );
        }
    }
}
