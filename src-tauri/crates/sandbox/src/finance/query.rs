//! The query parameters the finance lists share, checked as the specs describe them. A bad
//! value is refused with the common 36009004 (the finance specs document no code of their
//! own for it; TikTok's exact answer is UNCONFIRMED).

use crate::page_token::{Cursor, TokenCodec};
use crate::verify::{first, Failure};

/// The specs' default `page_size`.
pub const DEFAULT_PAGE_SIZE: usize = 20;
pub const MAX_PAGE_SIZE: usize = 100;

fn invalid(what: &str) -> Failure {
    Failure::invalid(format!("Invalid parameter. {what}"))
}

/// `page_size`: absent = 20, else 1..=100.
pub fn page_size(query: &[(String, String)]) -> Result<usize, Failure> {
    match first(query, "page_size")
        .map(str::trim)
        .filter(|v| !v.is_empty())
    {
        None => Ok(DEFAULT_PAGE_SIZE),
        Some(v) => v
            .parse()
            .ok()
            .filter(|n| (1..=MAX_PAGE_SIZE).contains(n))
            .ok_or_else(|| invalid("page_size must be an integer from 1 to 100.")),
    }
}

/// `sort_field`: required, and the one field the endpoint sorts by.
pub fn sort_field(query: &[(String, String)], only: &str) -> Result<(), Failure> {
    match first(query, "sort_field").map(str::trim) {
        Some(v) if v == only => Ok(()),
        Some(v) if !v.is_empty() => Err(invalid(&format!(
            "sort_field only supports {only}, got {v:?}."
        ))),
        _ => Err(invalid(&format!("sort_field is required ({only})."))),
    }
}

/// `sort_order`: `ASC` (the default) or `DESC`; `true` for ascending.
pub fn ascending(query: &[(String, String)]) -> Result<bool, Failure> {
    match first(query, "sort_order")
        .map(str::trim)
        .filter(|v| !v.is_empty())
    {
        None => Ok(true),
        Some(v) if v.eq_ignore_ascii_case("ASC") => Ok(true),
        Some(v) if v.eq_ignore_ascii_case("DESC") => Ok(false),
        Some(v) => Err(invalid(&format!(
            "sort_order must be ASC or DESC, got {v:?}."
        ))),
    }
}

/// An optional Unix-seconds bound.
pub fn time(query: &[(String, String)], name: &str) -> Result<Option<i64>, Failure> {
    match first(query, name).map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(v) => v
            .parse::<i64>()
            .ok()
            .filter(|t| *t >= 0)
            .map(Some)
            .ok_or_else(|| invalid(&format!("{name} must be Unix seconds."))),
    }
}

/// The cursor of `page_token`, which must have been issued for the same query (`binding`)
/// and sort order.
pub fn cursor(
    codec: &TokenCodec,
    query: &[(String, String)],
    binding: u64,
    ascending: bool,
) -> Result<Option<Cursor>, Failure> {
    match first(query, "page_token").filter(|t| !t.is_empty()) {
        None => Ok(None),
        Some(t) => codec
            .decode(t)
            .filter(|c| {
                !c.offset_paging
                    && !c.by_update
                    && c.ascending == ascending
                    && c.filter_hash == binding
            })
            .map(Some)
            .ok_or_else(|| invalid("The page_token is invalid or belongs to another query.")),
    }
}

/// One page of `items` (sorted by `key` in the requested order) after `after`, and the token
/// of the next page (empty on the last).
pub fn page<T>(
    codec: &TokenCodec,
    items: Vec<T>,
    key: impl Fn(&T) -> (i64, u64),
    after: Option<Cursor>,
    size: usize,
    ascending: bool,
    binding: u64,
) -> (Vec<T>, String) {
    let start = after.map_or(0, |c| {
        let at = (c.time, c.id);
        items.partition_point(|x| {
            if ascending {
                key(x) <= at
            } else {
                key(x) >= at
            }
        })
    });
    let mut rest: Vec<T> = items.into_iter().skip(start).collect();
    let more = rest.len() > size;
    rest.truncate(size);
    let token = match rest.last() {
        Some(last) if more => {
            let (time, id) = key(last);
            codec.encode(&Cursor {
                offset_paging: false,
                by_update: false,
                ascending,
                time,
                id,
                filter_hash: binding,
            })
        }
        _ => String::new(),
    };
    (rest, token)
}
