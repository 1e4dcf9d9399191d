//! One shop's statements, kept in step with its orders.
//!
//! Orders live their lifecycle lazily ([`crate::orders::OrderStore::advance_to`]), so the
//! ledger does not hook into it: before finance is read, [`FinanceLedger::sync`] looks at the
//! orders created since last time and at the orders still waiting to be delivered, and files
//! what each settled (or lost) order adds under the statement of that day. Delivery is final,
//! so a settlement never moves; and a delivery is seen at the first read after it happened,
//! before any statement it could land in is visible. Statements therefore keep their
//! transactions and amounts once visible, except when orders are created in the past (seeded
//! history, the control API's generated history), which is what creating history means. What
//! follows the clock is the payment status ([`super::payouts`]) and a withheld reserve's
//! estimated release time ([`super::render::transaction`]).
//!
//! Cost: a sync with no order changed and no new day does nothing; otherwise it visits the
//! new orders and the orders still waiting (recent ones), never the whole shop. Only the
//! numbers statements need are stored per transaction; amounts are rendered from the order
//! record on demand ([`super::render`]).

use super::events::{day_events, order_events, Entry, EntryKind, Money, Planned};
use super::ids::{self, DAY};
use crate::generator::ShopDef;
use crate::orders::OrderStore;
use std::collections::{BTreeMap, HashMap};

/// At most this many days before today get adjustments without an order.
const MAX_DAYS_BACK: i64 = 3_660;

/// One day's statement: its transactions in Get Statement Transactions' order, and totals.
#[derive(Debug, Clone)]
pub struct StatementRec {
    /// The 00:00 UTC closing the day.
    pub time: i64,
    pub id: u64,
    /// Sorted by `(sort_time, id)`.
    pub entries: Vec<Entry>,
    pub totals: Money,
}

/// Calls the finance endpoints answered for the shop (refusals included), per endpoint.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct FinanceCallCounts {
    pub statements: u64,
    pub payments: u64,
    pub statement_transactions: u64,
    pub order_transactions: u64,
}

#[derive(Debug)]
pub struct FinanceLedger {
    settle_after: i64,
    /// The store version and the day last synced at.
    synced: Option<(u64, i64)>,
    /// Orders looked at so far (positions in the store; orders are only ever appended).
    seen: usize,
    /// Positions of orders that may still be delivered.
    waiting: Vec<u32>,
    /// The earliest order creation seen.
    first_create: Option<i64>,
    /// Days `[lo, hi)` whose adjustments without an order are filed.
    days: Option<(i64, i64)>,
    /// By statement time.
    statements: BTreeMap<i64, StatementRec>,
    /// Order id -> the time of the statement holding its settlement, and the order's position.
    by_order: HashMap<u64, (i64, u32)>,
    pub calls: FinanceCallCounts,
}

/// The statement (closing midnight) of something that happened at `t`.
pub fn statement_time_of(t: i64) -> i64 {
    (t.div_euclid(DAY) + 1) * DAY
}

impl FinanceLedger {
    pub fn new(settle_after: std::time::Duration) -> Self {
        Self {
            settle_after: i64::try_from(settle_after.as_secs()).unwrap_or(i64::MAX / 4),
            synced: None,
            seen: 0,
            waiting: Vec::new(),
            first_create: None,
            days: None,
            statements: BTreeMap::new(),
            by_order: HashMap::new(),
            calls: FinanceCallCounts::default(),
        }
    }

    /// How long after delivery orders settle (before their part of a day), in seconds.
    pub fn settle_after(&self) -> i64 {
        self.settle_after
    }

    /// Files what the store's orders have added since the last sync, and the adjustments
    /// without an order of every closed day from the first order on. The caller has brought
    /// the store to `now`.
    pub fn sync(&mut self, shop: &ShopDef, store: &OrderStore, now: i64) {
        let today = now.div_euclid(DAY);
        if self.synced == Some((store.version(), today)) {
            return;
        }
        let start = self.seen;
        for (offset, rec) in store.recs_since(start).iter().enumerate() {
            let pos = (start + offset) as u32;
            self.first_create = Some(
                self.first_create
                    .map_or(rec.create_time, |f| f.min(rec.create_time)),
            );
            match order_events(shop, rec, pos, self.settle_after) {
                Some(planned) => self.file_all(shop, planned),
                None => self.waiting.push(pos),
            }
        }
        self.seen = store.len();
        for pos in std::mem::take(&mut self.waiting) {
            match order_events(shop, store.rec(pos), pos, self.settle_after) {
                Some(planned) => self.file_all(shop, planned),
                None => self.waiting.push(pos),
            }
        }
        if let Some(first) = self.first_create {
            self.cover_days(
                shop,
                first.div_euclid(DAY).max(today - MAX_DAYS_BACK),
                today,
            );
        }
        self.synced = Some((store.version(), today));
    }

    /// Files the day adjustments of `[lo, hi)` not filed yet.
    fn cover_days(&mut self, shop: &ShopDef, lo: i64, hi: i64) {
        let (have_lo, have_hi) = self.days.unwrap_or((lo, lo));
        let missing = (lo..have_lo.min(hi)).chain(have_hi.max(lo)..hi);
        let planned: Vec<Planned> = missing.filter_map(|d| day_events(shop, d)).collect();
        self.file_all(shop, planned);
        self.days = Some((have_lo.min(lo), have_hi.max(hi)));
    }

    fn file_all(&mut self, shop: &ShopDef, planned: Vec<Planned>) {
        for (entry, money) in planned {
            self.file(shop, entry, money);
        }
    }

    fn file(&mut self, shop: &ShopDef, entry: Entry, money: Money) {
        let time = statement_time_of(entry.time);
        if let EntryKind::Order { order_id, pos } = entry.kind {
            self.by_order.insert(order_id, (time, pos));
        }
        let st = self.statements.entry(time).or_insert_with(|| StatementRec {
            time,
            id: ids::statement(shop.index, time),
            entries: Vec::new(),
            totals: Money::default(),
        });
        st.totals.add(&money);
        let key = (entry.sort_time, entry.id);
        let at = st.entries.partition_point(|e| (e.sort_time, e.id) < key);
        st.entries.insert(at, entry);
    }

    /// Statements closed by `now`, oldest first.
    pub fn visible(&self, now: i64) -> impl DoubleEndedIterator<Item = &StatementRec> {
        self.statements.range(..=now).map(|(_, s)| s)
    }

    /// The statement closed at `time`, if closed by `now`.
    pub fn statement_at(&self, time: i64, now: i64) -> Option<&StatementRec> {
        self.statements.get(&time).filter(|s| s.time <= now)
    }

    /// The statement holding an order's settlement, once it is closed by `now`, and the
    /// order's position in the store.
    pub fn order_statement(&self, order_id: u64, now: i64) -> Option<(&StatementRec, u32)> {
        let (time, pos) = *self.by_order.get(&order_id)?;
        self.statement_at(time, now).map(|st| (st, pos))
    }

    /// Orders settled in statements closed by `now`.
    pub fn settled_orders(&self, now: i64) -> usize {
        self.by_order.values().filter(|(t, _)| *t <= now).count()
    }
}
