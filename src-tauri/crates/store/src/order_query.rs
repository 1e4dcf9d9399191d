//! The orders table view: filter, search, sort, page, and the counts for the status tabs.
//!
//! Built to stay fast at a million orders:
//! - the default view (one status group, newest first) walks `orders_by_group_created` (or its
//!   per-shop twin) backwards and reads only the page's rows; every sort index ends in `id`, the
//!   tiebreak, so there is no sort step;
//! - raw JSON lives in another table, so the rows read are small;
//! - a flag filter ("on hold only") reads the flag's small partial index;
//! - without a search or extra filter, the tab counts and the total come from `order_group_counts`
//!   (kept exact on every write) instead of counting rows;
//! - a search is answered in one of two ways, chosen by how many orders its words match (counted
//!   in the full-text index, which stops counting at the limit). A selective search (an order
//!   id, a buyer, a SKU: up to [`SELECTIVE_MATCHES`] orders) reads just its matching orders,
//!   then counts and sorts those. A broad one (a common product word) walks the sort index and
//!   keeps the matching rows until the page is full; counting all of its matches per tab would
//!   read tens of thousands of orders, so the page says its counts are not exact instead
//!   ([`OrderPage::counts_exact`]) and the table offers "next page" while there is one.

use crate::migrations::fts_tokenizer;
use crate::orders::{order_row_from, OrderRow, ORDER_ROW_COLUMNS};
use crate::{Store, StoreError};
use rusqlite::types::Value;
use rusqlite::{params_from_iter, Connection, OptionalExtension};
use std::cmp::Reverse;
use std::collections::BTreeMap;

/// Largest page a query may ask for.
pub const MAX_PAGE: u32 = 1000;

/// Most words of a search that are used; the rest are ignored.
const MAX_SEARCH_TERMS: usize = 16;

/// Searches matching at most this many orders are counted exactly and sorted from their
/// matches. Reading one matching order costs a few microseconds, so this bounds the work per
/// query to about ten milliseconds; above it, walking the sort index is cheaper.
pub const SELECTIVE_MATCHES: u32 = 2_000;

/// A column the table view can sort on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum OrderColumn {
    /// By shop label.
    Shop,
    OrderId,
    Status,
    StatusGroup,
    #[default]
    CreateTime,
    UpdateTime,
    PaidTime,
    BuyerName,
    BuyerEmail,
    /// Numerically.
    TotalAmount,
    ItemCount,
    FirstItemName,
    FulfillmentType,
    ShippingType,
    /// `rts_sla_time`.
    ShipBy,
    TrackingNumber,
    /// When TikTok decides a pending buyer cancellation request ("answer by").
    CancelDeadline,
}

impl OrderColumn {
    /// The ORDER BY terms (before the direction). Only these fixed strings ever reach the SQL, so a
    /// sort request cannot inject anything. SQLite sorts NULL before any value.
    fn sort_terms(self) -> &'static [&'static str] {
        match self {
            // `s` is joined for this sort (see `Source::tables_with_shops`); the id keeps two
            // shops with one label apart.
            OrderColumn::Shop => &["s.label COLLATE NOCASE", "s.id"],
            // Ids are decimal strings of varying length: shorter is smaller.
            OrderColumn::OrderId => &["length(o.order_id)", "o.order_id"],
            OrderColumn::Status => &["o.status"],
            OrderColumn::StatusGroup => &["o.status_group"],
            OrderColumn::CreateTime => &["o.create_time"],
            OrderColumn::UpdateTime => &["o.update_time"],
            OrderColumn::PaidTime => &["o.paid_time"],
            OrderColumn::BuyerName => &["o.buyer_name COLLATE NOCASE"],
            OrderColumn::BuyerEmail => &["o.buyer_email COLLATE NOCASE"],
            // Only for ordering; the value shown stays the exact decimal string.
            OrderColumn::TotalAmount => &["CAST(o.total_amount AS REAL)"],
            OrderColumn::ItemCount => &["o.item_count"],
            OrderColumn::FirstItemName => &["o.first_item_name COLLATE NOCASE"],
            OrderColumn::FulfillmentType => &["o.fulfillment_type"],
            OrderColumn::ShippingType => &["o.shipping_type"],
            OrderColumn::ShipBy => &["o.rts_sla_time"],
            OrderColumn::TrackingNumber => &["o.tracking_number"],
            OrderColumn::CancelDeadline => &["o.cancel_deadline"],
        }
    }

    /// Terms placed before [`Self::sort_terms`] that keep their direction whichever way the
    /// column is sorted: orders with a pending cancellation request stay on top both ways
    /// (the rest have no deadline to compare). Each direction's term is the first column of
    /// its walk index, so the walk needs no sort step.
    fn leading_terms(self, descending: bool) -> &'static [&'static str] {
        match (self, descending) {
            (OrderColumn::CancelDeadline, false) => &["(o.cancel_deadline IS NULL) ASC"],
            (OrderColumn::CancelDeadline, true) => &["(o.cancel_deadline IS NOT NULL) DESC"],
            _ => &[],
        }
    }

    /// The terms after the sort's own, whichever way it goes: the tiebreak by `id` in the
    /// sort's direction, except that a shop's orders are listed newest first, the order of
    /// its date index, which the join by shop walks without a sort step.
    fn trailing_terms(self, direction: &str) -> Vec<String> {
        match self {
            OrderColumn::Shop => vec!["o.create_time DESC".into(), "o.id DESC".into()],
            _ => vec![format!("o.id {direction}")],
        }
    }

    /// The index whose order is this sort's, for the sorts that have no index per tab and
    /// shop (the date sorts do, and the planner finds those itself), and whether it is per
    /// tab (then a walk reads only the tab's orders). Over all orders otherwise: a status sort
    /// within a tab has its own, because status and tab go together (walking the all-orders
    /// index down from UNPAID crossed every completed order before the first one to ship).
    fn walk_index(self, descending: bool, tab: bool) -> Option<(&'static str, bool)> {
        match self {
            OrderColumn::TotalAmount => Some(("orders_by_total", false)),
            OrderColumn::BuyerName => Some(("orders_by_buyer", false)),
            OrderColumn::FirstItemName => Some(("orders_by_product", false)),
            OrderColumn::Status if tab => Some(("orders_by_group_status", true)),
            OrderColumn::Status => Some(("orders_by_status", false)),
            OrderColumn::OrderId => Some(("orders_by_order_id", false)),
            OrderColumn::CancelDeadline if descending => Some(("orders_by_answer_by_desc", false)),
            OrderColumn::CancelDeadline => Some(("orders_by_answer_by", false)),
            _ => None,
        }
    }
}

/// How a page is put in order.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Ordering {
    /// As SQLite's planner chooses (an index per tab and shop exists, or few rows match).
    Planner,
    /// Walk this index over all orders in sort order, keeping the matching rows: fast when
    /// they are dense in it.
    Walk(&'static str),
    /// Read the matching rows through the filter's indexes, then sort them: fast when few match.
    SortMatching,
}

/// Chooses how to order the page of `q`, given how many orders match it (`matching`; only
/// known for an exact count). Walking an index over all orders (or the tab's, for an index per
/// tab) reads about `(offset + limit) * all / matching` entries, sorting reads `matching` rows;
/// the cheaper wins, so neither exceeds `sqrt((offset + limit) * all)` rows (10,000 for a
/// first page of a million orders).
fn ordering(
    conn: &Connection,
    q: &OrderQuery,
    source: &Source,
    matching: Option<u64>,
) -> Result<Ordering, StoreError> {
    let Some((index, per_tab)) = q.sort.walk_index(q.descending, q.status_group.is_some()) else {
        return Ok(Ordering::Planner);
    };
    match (source, matching) {
        (Source::Matches, _) => Ok(Ordering::Planner),
        (Source::Walk, _) | (Source::Orders, None) => Ok(Ordering::Walk(index)),
        (Source::Orders, Some(matching)) => {
            let all: i64 = match (&q.status_group, per_tab) {
                (Some(tab), true) => conn
                    .prepare_cached(
                        "SELECT COALESCE(SUM(n), 0) FROM order_group_counts WHERE status_group = ?",
                    )?
                    .query_row([tab], |r| r.get(0))?,
                _ => conn
                    .prepare_cached("SELECT COALESCE(SUM(n), 0) FROM order_group_counts")?
                    .query_row([], |r| r.get(0))?,
            };
            let reach = q.offset as f64 + f64::from(q.limit.clamp(1, MAX_PAGE));
            let matching = matching as f64;
            Ok(match matching * matching <= reach * all as f64 {
                true => Ordering::SortMatching,
                false => Ordering::Walk(index),
            })
        }
    }
}

/// Flag filters: `None` ignores the flag, `Some(b)` keeps orders whose flag is `b`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OrderFlagFilter {
    pub on_hold: Option<bool>,
    pub fbt: Option<bool>,
    pub sample: Option<bool>,
    pub replacement: Option<bool>,
    pub buyer_request_cancel: Option<bool>,
}

impl OrderFlagFilter {
    fn is_empty(&self) -> bool {
        *self == OrderFlagFilter::default()
    }

    fn pairs(&self) -> [(&'static str, Option<bool>); 5] {
        [
            ("o.is_on_hold", self.on_hold),
            ("o.is_fbt", self.fbt),
            ("o.is_sample", self.sample),
            ("o.is_replacement", self.replacement),
            ("o.is_buyer_request_cancel", self.buyer_request_cancel),
        ]
    }
}

/// What the table view asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderQuery {
    /// Only these shops; empty means all shops (pass empty rather than every id: "all shops" can
    /// use the cross-shop indexes, a list of every shop cannot).
    pub shop_ids: Vec<String>,
    /// The selected tab; `None` is "All".
    pub status_group: Option<String>,
    /// `create_time >= created_from` (Unix seconds).
    pub created_from: Option<i64>,
    /// `create_time < created_to` (Unix seconds).
    pub created_to: Option<i64>,
    pub fulfillment_type: Option<String>,
    pub flags: OrderFlagFilter,
    /// Words typed by the user. Every word must be a word of the order id, buyer name or email, a
    /// seller SKU, a product name or a tracking number (the last word may be the start of one). Any
    /// text is accepted.
    pub search: Option<String>,
    pub sort: OrderColumn,
    pub descending: bool,
    pub offset: u64,
    /// Rows per page, at most [`MAX_PAGE`].
    pub limit: u32,
}

impl Default for OrderQuery {
    /// All shops, all tabs, newest first, first page of 100.
    fn default() -> Self {
        OrderQuery {
            shop_ids: Vec::new(),
            status_group: None,
            created_from: None,
            created_to: None,
            fulfillment_type: None,
            flags: OrderFlagFilter::default(),
            search: None,
            sort: OrderColumn::CreateTime,
            descending: true,
            offset: 0,
            limit: 100,
        }
    }
}

/// Orders per status group.
pub type GroupCounts = BTreeMap<String, u64>;

/// One page of the table view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderPage {
    pub rows: Vec<OrderRow>,
    /// Orders matching the whole query (all pages).
    pub total: u64,
    /// Orders matching the query except its status group, per group: the numbers on the tabs.
    /// Groups without orders are absent.
    pub group_counts: GroupCounts,
    /// False for a broad search: then `group_counts` is empty and `total` only says how far the
    /// pages are known to go (the rows so far, plus one when another page follows).
    pub counts_exact: bool,
}

/// Splits user input into search words with the index's own tokenizer (through a one-row temp
/// index on this connection), so punctuation, case and diacritics are treated as in the index;
/// distinct, in the order typed, at most [`MAX_SEARCH_TERMS`].
fn search_words(conn: &Connection, input: &str) -> Result<Vec<String>, StoreError> {
    conn.execute_batch(concat!(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_input USING fts5 (text, tokenize = \"",
        fts_tokenizer!(),
        "\");
         CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_words
             USING fts5vocab (temp, search_input, instance);"
    ))?;
    conn.prepare_cached("DELETE FROM temp.search_input")?
        .execute([])?;
    conn.prepare_cached("INSERT INTO temp.search_input (rowid, text) VALUES (1, ?1)")?
        .execute([input])?;
    let mut words: Vec<String> = Vec::new();
    let mut stmt = conn.prepare_cached("SELECT term FROM temp.search_words ORDER BY offset")?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        // A lone combining mark tokenizes to an empty term, which the vocabulary reports as NULL.
        let Some(word) = row.get::<_, Option<String>>(0)?.filter(|w| !w.is_empty()) else {
            continue;
        };
        if !words.contains(&word) {
            words.push(word);
        }
        if words.len() == MAX_SEARCH_TERMS {
            break;
        }
    }
    Ok(words)
}

/// The FTS5 query requiring every word, each quoted, so FTS5 operators typed by the user
/// (`AND`, `-`, `NEAR`, `:`, quotes) are plain text and the query is never a syntax error. With
/// `last_is_prefix`, the last word typed matches the start of a word (`"lov"*`).
///
/// FTS5 walks the first term of an AND and seeks the others, so a rare first term makes the
/// query fast ("4242" before "sku": 3 ms instead of 40 at a million orders). Rarity is guessed:
/// words with digits (ids, SKU numbers), then longer words, come first.
fn fts_expression(words: &[String], last_is_prefix: bool) -> Option<String> {
    let last = words.len().checked_sub(1)?;
    let mut terms: Vec<(bool, &String)> = words
        .iter()
        .enumerate()
        .map(|(i, w)| (last_is_prefix && i == last, w))
        .collect();
    terms.sort_by_key(|(_, w)| {
        let has_digit = w.chars().any(|c| c.is_ascii_digit());
        (Reverse(has_digit), Reverse(w.chars().count()))
    });
    let terms: Vec<String> = terms
        .into_iter()
        .map(|(prefix, w)| {
            let star = if prefix { "*" } else { "" };
            format!("\"{}\"{star}", w.replace('"', "\"\""))
        })
        .collect();
    Some(terms.join(" "))
}

/// How the rows of a query are found.
enum Source {
    /// All orders (no search).
    Orders,
    /// A selective search: its matches (at most [`SELECTIVE_MATCHES`]) are in the temp table
    /// `search_hits`; those orders are read, then filtered, counted and sorted.
    Matches,
    /// A broad search: all its matches are in the temp table `broad_hits` (see
    /// [`BroadHits`]); walk the orders in sort order and keep the matching ones.
    Walk,
}

impl Source {
    fn tables(&self) -> &'static str {
        match self {
            // CROSS JOIN keeps this order of the tables: the matches drive.
            Source::Matches => "FROM temp.search_hits h CROSS JOIN orders o ON o.id = h.id",
            Source::Orders | Source::Walk => "FROM orders o",
        }
    }

    /// [`Self::tables`] with each order's shop as `s`, for the sort by shop. Over all orders
    /// the shops drive (CROSS JOIN keeps them outside): read in label order through
    /// `shops_by_label`, each one's orders newest first through its date index, so a page is
    /// the first rows of the walk, not a sort of every order.
    fn tables_with_shops(&self) -> &'static str {
        match self {
            Source::Matches => {
                "FROM temp.search_hits h CROSS JOIN orders o ON o.id = h.id \
                 JOIN shops s ON s.id = o.shop_id"
            }
            Source::Orders | Source::Walk => "FROM shops s CROSS JOIN orders o ON o.shop_id = s.id",
        }
    }
}

/// Stores the ids of the orders `fts` matches in `temp.search_hits`, up to `limit + 1` of them;
/// returns how many were stored (more than `limit` means "too many").
fn collect_matches(conn: &Connection, fts: &str, limit: u32) -> Result<usize, StoreError> {
    conn.execute_batch(
        "CREATE TEMP TABLE IF NOT EXISTS search_hits (id INTEGER PRIMARY KEY);
         DELETE FROM temp.search_hits;",
    )?;
    let n = conn
        .prepare_cached(
            "INSERT INTO temp.search_hits (id)
             SELECT rowid FROM orders_fts WHERE orders_fts MATCH ?1 LIMIT ?2",
        )?
        .execute(rusqlite::params![fts, i64::from(limit) + 1])?;
    Ok(n)
}

/// How `input` finds its rows. Words are matched whole; only when that finds nothing is the
/// last word taken as the start of a word, as while it is still being typed ("lov" finds
/// "Lovelace"). A prefix costs FTS5 a merge of every term it starts, proportional to how many
/// orders carry them (15 ms for a name in 5% of a million orders, against 3 ms for the word),
/// and every completed word would pay it.
fn source_of(conn: &Connection, input: Option<&str>) -> Result<Source, StoreError> {
    let Some(input) = input else {
        return Ok(Source::Orders);
    };
    let words = search_words(conn, input)?;
    let Some(whole) = fts_expression(&words, false) else {
        // Nothing searchable typed: no search at all.
        return Ok(Source::Orders);
    };
    let prefix = fts_expression(&words, true);
    // This very search, paged or re-sorted on an unchanged database: its matches are held.
    // (When they are the prefix query's, the whole words still match nothing.)
    let held = BroadHits::held(conn)?;
    if [Some(&whole), prefix.as_ref()]
        .into_iter()
        .flatten()
        .any(|fts| held.is_for(fts))
    {
        return Ok(Source::Walk);
    }
    let mut fts = whole;
    let mut found = collect_matches(conn, &fts, SELECTIVE_MATCHES)?;
    if found == 0 {
        if let Some(prefix) = prefix {
            fts = prefix;
            found = collect_matches(conn, &fts, SELECTIVE_MATCHES)?;
        }
    }
    if found <= SELECTIVE_MATCHES as usize {
        return Ok(Source::Matches);
    }
    held.fill(conn, &fts)?;
    Ok(Source::Walk)
}

/// Every order a broad search matches, in `temp.broad_hits`, with the search and the database
/// version they belong to. Collecting tens of thousands of matches is most of a broad search's
/// cost, and a seller pages, sorts and switches tabs within one search, so they are kept until
/// another search or a change to the database (`PRAGMA data_version` moves with every commit of
/// another connection). The tables live on this reader connection only.
struct BroadHits {
    /// The current database version.
    version: i64,
    /// The search the held matches belong to and its version.
    of: Option<(String, i64)>,
}

impl BroadHits {
    fn held(conn: &Connection) -> Result<BroadHits, StoreError> {
        conn.execute_batch(
            "CREATE TEMP TABLE IF NOT EXISTS broad_hits (id INTEGER PRIMARY KEY);
             CREATE TEMP TABLE IF NOT EXISTS broad_hits_of
                 (fts TEXT NOT NULL, version INTEGER NOT NULL);",
        )?;
        Ok(BroadHits {
            version: conn.query_row("PRAGMA main.data_version", [], |r| r.get(0))?,
            of: conn
                .prepare_cached("SELECT fts, version FROM temp.broad_hits_of")?
                .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()?,
        })
    }

    /// Whether the held matches are those of `fts` now.
    fn is_for(&self, fts: &str) -> bool {
        self.of
            .as_ref()
            .is_some_and(|(f, v)| f == fts && *v == self.version)
    }

    /// Replaces the held matches with those of `fts`.
    fn fill(&self, conn: &Connection, fts: &str) -> Result<(), StoreError> {
        conn.execute_batch("DELETE FROM temp.broad_hits; DELETE FROM temp.broad_hits_of;")?;
        conn.prepare_cached(
            "INSERT INTO temp.broad_hits (id)
             SELECT rowid FROM orders_fts WHERE orders_fts MATCH ?1",
        )?
        .execute([fts])?;
        conn.prepare_cached("INSERT INTO temp.broad_hits_of (fts, version) VALUES (?1, ?2)")?
            .execute(rusqlite::params![fts, self.version])?;
        Ok(())
    }
}

/// A WHERE clause under construction, with its parameters.
#[derive(Default)]
struct Filter {
    clauses: Vec<String>,
    params: Vec<Value>,
}

impl Filter {
    fn push(&mut self, clause: &str, param: impl Into<Value>) {
        self.clauses.push(clause.to_string());
        self.params.push(param.into());
    }

    /// `column IN (?, ...)` over `values`.
    fn push_in(&mut self, column: &str, values: &[String]) {
        let marks = vec!["?"; values.len()].join(", ");
        self.clauses.push(format!("{column} IN ({marks})"));
        self.params
            .extend(values.iter().map(|v| Value::Text(v.clone())));
    }

    fn sql(&self) -> String {
        if self.clauses.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", self.clauses.join(" AND "))
        }
    }
}

/// The filter of `q`, without its status group (the tab counts ignore the selected tab).
fn base_filter(q: &OrderQuery, source: &Source) -> Filter {
    let mut f = Filter::default();
    if !q.shop_ids.is_empty() {
        f.push_in("o.shop_id", &q.shop_ids);
    }
    if let Some(from) = q.created_from {
        f.push("o.create_time >= ?", from);
    }
    if let Some(to) = q.created_to {
        f.push("o.create_time < ?", to);
    }
    if let Some(ft) = &q.fulfillment_type {
        f.push("o.fulfillment_type = ?", ft.clone());
    }
    for (column, wanted) in q.flags.pairs() {
        // A literal, not a parameter: only then can SQLite use the flag's partial index.
        if let Some(wanted) = wanted {
            f.clauses
                .push(format!("{column} = {}", if wanted { 1 } else { 0 }));
        }
    }
    if let Source::Walk = source {
        // The unary `+` keeps SQLite from driving the query by these ids (thousands of lookups
        // and a sort): it walks the sort index and checks each row against the matches instead.
        f.clauses
            .push("+o.id IN (SELECT id FROM temp.broad_hits)".to_string());
    }
    f
}

fn group_counts(
    conn: &Connection,
    q: &OrderQuery,
    source: &Source,
) -> Result<GroupCounts, StoreError> {
    let only_shops = matches!(source, Source::Orders)
        && q.created_from.is_none()
        && q.created_to.is_none()
        && q.fulfillment_type.is_none()
        && q.flags.is_empty();
    let (sql, params) = if only_shops {
        // The kept counts: a handful of rows, whatever the number of orders.
        let mut f = Filter::default();
        if !q.shop_ids.is_empty() {
            f.push_in("c.shop_id", &q.shop_ids);
        }
        (
            format!(
                "SELECT c.status_group, SUM(c.n) FROM order_group_counts c {}
                 GROUP BY c.status_group",
                f.sql()
            ),
            f.params,
        )
    } else {
        let f = base_filter(q, source);
        (
            format!(
                "SELECT o.status_group, COUNT(*) {} {} GROUP BY o.status_group",
                source.tables(),
                f.sql()
            ),
            f.params,
        )
    };
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query(params_from_iter(params))?;
    let mut counts = GroupCounts::new();
    while let Some(row) = rows.next()? {
        let n: i64 = row.get(1)?;
        if n > 0 {
            counts.insert(row.get(0)?, n as u64);
        }
    }
    Ok(counts)
}

/// The SELECT of one page of `q` (`extra` rows more than the page, to see whether another
/// follows) and its parameters.
fn page_statement(
    q: &OrderQuery,
    source: &Source,
    ordering: &Ordering,
    extra: u32,
) -> (String, Vec<Value>) {
    let direction = if q.descending { "DESC" } else { "ASC" };
    let mut f = base_filter(q, source);
    if let Some(group) = &q.status_group {
        f.push("o.status_group = ?", group.clone());
    }
    let tables = match ordering {
        Ordering::Walk(index) => format!("{} INDEXED BY {index}", source.tables()),
        _ if q.sort == OrderColumn::Shop => source.tables_with_shops().to_string(),
        _ => source.tables().to_string(),
    };
    // A unary `+` keeps SQLite from walking the sort's index to avoid the sort step.
    let plus = if *ordering == Ordering::SortMatching {
        "+"
    } else {
        ""
    };
    let order_by = q
        .sort
        .leading_terms(q.descending)
        .iter()
        .map(|t| format!("{plus}{t}"))
        .chain(
            q.sort
                .sort_terms()
                .iter()
                .map(|t| format!("{plus}{t} {direction}")),
        )
        .chain(q.sort.trailing_terms(direction))
        .collect::<Vec<_>>()
        .join(", ");
    let sql = format!(
        "SELECT {} {tables} {} ORDER BY {order_by} LIMIT ? OFFSET ?",
        *ORDER_ROW_COLUMNS,
        f.sql()
    );
    let limit = q.limit.clamp(1, MAX_PAGE) + extra;
    let offset = i64::try_from(q.offset).unwrap_or(i64::MAX);
    let mut params = f.params;
    params.push(Value::Integer(i64::from(limit)));
    params.push(Value::Integer(offset));
    (sql, params)
}

fn page_rows(
    conn: &Connection,
    q: &OrderQuery,
    source: &Source,
    ordering: &Ordering,
    extra: u32,
) -> Result<Vec<OrderRow>, StoreError> {
    let (sql, params) = page_statement(q, source, ordering, extra);
    let rows = conn
        .prepare_cached(&sql)?
        .query_map(params_from_iter(params), order_row_from)?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

pub(crate) fn query_orders(conn: &Connection, q: &OrderQuery) -> Result<OrderPage, StoreError> {
    let source = source_of(conn, q.search.as_deref())?;
    if let Source::Walk = source {
        let limit = q.limit.clamp(1, MAX_PAGE) as usize;
        let ordering = ordering(conn, q, &source, None)?;
        let mut rows = page_rows(conn, q, &source, &ordering, 1)?;
        let more = rows.len() > limit;
        rows.truncate(limit);
        return Ok(OrderPage {
            total: q.offset + rows.len() as u64 + u64::from(more),
            rows,
            group_counts: GroupCounts::new(),
            counts_exact: false,
        });
    }
    let group_counts = group_counts(conn, q, &source)?;
    let total = match &q.status_group {
        Some(group) => group_counts.get(group).copied().unwrap_or(0),
        None => group_counts.values().sum(),
    };
    let ordering = ordering(conn, q, &source, Some(total))?;
    Ok(OrderPage {
        rows: page_rows(conn, q, &source, &ordering, 0)?,
        total,
        group_counts,
        counts_exact: true,
    })
}

impl Store {
    /// One page of the orders table view, with the total and the tab counts, all from one snapshot.
    pub fn query_orders(&self, q: &OrderQuery) -> Result<OrderPage, StoreError> {
        self.read(|conn| query_orders(conn, q))
    }

    /// Every page of `q` from its offset to the end, handed to `each` in order, all read in one
    /// read transaction: an export sees one snapshot, never a sync's page half applied or an
    /// order moved between two pages. `q.limit` is the page size. `each`'s errors pass through.
    pub fn each_order_page<E: From<StoreError>>(
        &self,
        q: &OrderQuery,
        mut each: impl FnMut(Vec<OrderRow>) -> Result<(), E>,
    ) -> Result<(), E> {
        let mut q = q.clone();
        q.limit = q.limit.clamp(1, MAX_PAGE);
        self.read_as(|conn| loop {
            let rows = query_orders(conn, &q)?.rows;
            let n = rows.len();
            each(rows)?;
            if (n as u32) < q.limit {
                return Ok(());
            }
            q.offset += n as u64;
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The FTS5 query of `input` with the last word whole (`false`) or a prefix (`true`).
    fn words(input: &str, last_is_prefix: bool) -> Option<String> {
        let conn = Connection::open_in_memory().unwrap();
        fts_expression(&search_words(&conn, input).unwrap(), last_is_prefix)
    }

    #[test]
    fn search_words_become_required_terms_split_like_the_index_rarest_first() {
        assert_eq!(words("mug red", false).as_deref(), Some("\"mug\" \"red\""));
        assert_eq!(words("mug red", true).as_deref(), Some("\"mug\" \"red\"*"));
        assert_eq!(
            words("MUG-RED mug", true).as_deref(),
            Some("\"mug\" \"red\"*")
        );
        // Longest first (rarer, so FTS5 walks fewer rows); operators are plain words.
        assert_eq!(
            words("say \"hi\" AND -x", true).as_deref(),
            Some("\"say\" \"and\" \"hi\" \"x\"*")
        );
        assert_eq!(
            words("Ádá@Example.COM", false).as_deref(),
            Some("\"example\" \"ada\" \"com\"")
        );
        // Words with digits first: "sku" is in every order, "4242" in a few.
        assert_eq!(
            words("SKU-4242", true).as_deref(),
            Some("\"4242\"* \"sku\"")
        );
        // Thai keeps its vowel marks inside the word.
        assert_eq!(words("สวัสดี", true).as_deref(), Some("\"สวัสดี\"*"));
    }

    #[test]
    fn input_without_words_is_no_search() {
        assert_eq!(words("", true), None);
        assert_eq!(words("  \" - * ( ) ", true), None);
        // A lone combining mark is an empty term to the tokenizer (found by proptest).
        assert_eq!(words("\u{323} ", true), None);
    }

    #[test]
    fn long_searches_are_capped() {
        let input = (0..100)
            .map(|i| format!("w{i}"))
            .collect::<Vec<_>>()
            .join(" ");
        let q = words(&input, true).unwrap();
        assert_eq!(q.matches('"').count(), 2 * MAX_SEARCH_TERMS);
    }

    /// The query plan of a page: one line per step.
    fn plan(conn: &Connection, q: &OrderQuery) -> String {
        let source = source_of(conn, q.search.as_deref()).unwrap();
        let total = query_orders(conn, q).unwrap().total;
        let ordering = ordering(conn, q, &source, Some(total)).unwrap();
        let (sql, params) = page_statement(q, &source, &ordering, 0);
        let mut stmt = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
        let lines = stmt
            .query_map(params_from_iter(params), |r| r.get::<_, String>(3))
            .unwrap()
            .collect::<Result<Vec<_>, _>>()
            .unwrap();
        lines.join("\n")
    }

    /// 5,000 orders over two shops (two thirds in s1) and six tabs.
    fn two_shops() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open_in_dir(dir.path()).unwrap();
        store
            .with_writer(|c| {
                c.execute_batch(
                    "INSERT INTO shops (id, label, region, app_key, service_id, shop_hint,
                        redirect_port, authorize_url, api_base, auth_base, created_at)
                     VALUES ('s1', 'A', 'US', 'k', 's', 'h', 8000, 'u', 'u', 'u', 0),
                            ('s2', 'B', 'US', 'k', 's', 'h', 8000, 'u', 'u', 'u', 0);
                     WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000)
                     INSERT INTO orders (shop_id, order_id, status, status_group, create_time,
                        update_time, rts_sla_time, item_count, is_fbt, is_replacement, is_sample,
                        is_buyer_request_cancel, is_on_hold)
                     SELECT CASE WHEN i % 3 = 0 THEN 's2' ELSE 's1' END, i, 'X', 'g' || (i % 6),
                            i * 7 % 1000, i, i % 50, 1, 0, 0, 0, 0, i % 9 = 0 FROM n;",
                )?;
                Ok(())
            })
            .unwrap();
        (dir, store)
    }

    #[test]
    fn sorts_without_a_tab_index_walk_the_all_orders_index_when_dense_and_sort_when_few() {
        let (_dir, store) = two_shops();
        // The orders were written without the upsert, which keeps these counts.
        store
            .with_writer(|c| {
                Ok(c.execute_batch(
                    "INSERT INTO order_group_counts
                     SELECT shop_id, status_group, COUNT(*) FROM orders GROUP BY 1, 2;
                     ANALYZE",
                )?)
            })
            .unwrap();
        let by_total = |created_from: Option<i64>| OrderQuery {
            status_group: Some("g3".into()),
            created_from,
            sort: OrderColumn::TotalAmount,
            ..OrderQuery::default()
        };
        store
            .read(|conn| {
                // A sixth of the orders: a page is found within a few hundred index entries.
                let dense = plan(conn, &by_total(None));
                assert!(dense.contains("orders_by_total"), "{dense}");
                assert!(!dense.contains("TEMP B-TREE"), "{dense}");
                // A twelfth: sorting its few hundred orders reads fewer rows than the walk.
                let few = plan(conn, &by_total(Some(500)));
                assert!(!few.contains("orders_by_total"), "{few}");
                Ok(())
            })
            .unwrap();
    }

    #[test]
    fn sorts_by_status_in_a_tab_answer_by_and_shop_walk_an_index_without_a_sort_step() {
        let (_dir, store) = two_shops();
        store
            .with_writer(|c| {
                Ok(c.execute_batch(
                    "INSERT INTO order_group_counts
                     SELECT shop_id, status_group, COUNT(*) FROM orders GROUP BY 1, 2;
                     UPDATE orders SET cancel_deadline = 9000 + id WHERE id % 50 = 0;",
                )?)
            })
            .unwrap();
        let q = |sort, descending, tab: Option<&str>| OrderQuery {
            status_group: tab.map(Into::into),
            sort,
            descending,
            ..OrderQuery::default()
        };
        store
            .read(|conn| {
                for (query, index) in [
                    (
                        q(OrderColumn::Status, true, Some("g1")),
                        "orders_by_group_status",
                    ),
                    (
                        q(OrderColumn::Status, false, Some("g1")),
                        "orders_by_group_status",
                    ),
                    (
                        q(OrderColumn::CancelDeadline, false, None),
                        "orders_by_answer_by",
                    ),
                    (
                        q(OrderColumn::CancelDeadline, true, None),
                        "orders_by_answer_by_desc",
                    ),
                    (
                        q(OrderColumn::CancelDeadline, false, Some("g2")),
                        "orders_by_answer_by",
                    ),
                    (
                        q(OrderColumn::Shop, false, Some("g1")),
                        "orders_by_shop_group_created",
                    ),
                    (q(OrderColumn::Shop, true, None), "orders_by_shop_created"),
                ] {
                    let p = plan(conn, &query);
                    assert!(
                        p.contains(&format!("INDEX {index} ")) || p.ends_with(index),
                        "{p}"
                    );
                    assert!(!p.contains("TEMP B-TREE"), "{p}");
                }
                // Pending requests first both ways: soonest first, then latest first.
                for descending in [false, true] {
                    let rows =
                        query_orders(conn, &q(OrderColumn::CancelDeadline, descending, None))?.rows;
                    let deadlines: Vec<Option<i64>> =
                        rows.iter().map(|r| r.cancel_deadline).collect();
                    assert!(
                        deadlines[..100].iter().all(Option::is_some),
                        "{deadlines:?}"
                    );
                    let mut sorted = deadlines[..100].to_vec();
                    sorted.sort();
                    if descending {
                        sorted.reverse();
                    }
                    assert_eq!(deadlines[..100], sorted[..]);
                }
                Ok(())
            })
            .unwrap();
    }

    #[test]
    fn default_views_walk_an_index_without_a_sort_step() {
        let (_dir, store) = two_shops();
        let tab = |group: &str| OrderQuery {
            status_group: Some(group.into()),
            ..OrderQuery::default()
        };
        let one_shop = |q: OrderQuery| OrderQuery {
            shop_ids: vec!["s1".into()],
            ..q
        };
        let ship_by = OrderQuery {
            sort: OrderColumn::ShipBy,
            descending: false,
            ..tab("g1")
        };
        let on_hold = OrderQuery {
            flags: OrderFlagFilter {
                on_hold: Some(true),
                ..OrderFlagFilter::default()
            },
            ..tab("g1")
        };
        // Before statistics (a new install) and after (`PRAGMA optimize` on a later open).
        for analyzed in [false, true] {
            if analyzed {
                store
                    .with_writer(|c| Ok(c.execute_batch("ANALYZE")?))
                    .unwrap();
            }
            store
                .read(|conn| {
                    for (q, index) in [
                        (tab("g1"), "orders_by_group_created"),
                        (one_shop(tab("g1")), "orders_by_shop_group_created"),
                        (OrderQuery::default(), "orders_by_created"),
                        (one_shop(OrderQuery::default()), "orders_by_shop_created"),
                        (ship_by.clone(), "orders_by_group_ship_by"),
                        (
                            one_shop(OrderQuery {
                                sort: OrderColumn::ShipBy,
                                ..OrderQuery::default()
                            }),
                            "orders_by_shop_ship_by",
                        ),
                        (on_hold.clone(), "orders_on_hold"),
                    ] {
                        let plan = plan(conn, &q);
                        assert!(plan.contains(index), "analyzed={analyzed} {q:?}: {plan}");
                        assert!(
                            !plan.contains("TEMP B-TREE"),
                            "analyzed={analyzed} {q:?}: {plan}"
                        );
                    }
                    Ok(())
                })
                .unwrap();
        }
    }
}
