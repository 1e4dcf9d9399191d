//! One shop's orders: compact records, their scheduled lifecycle, keyset indexes, search, and
//! rendering into `shopdock_tiktok::model::Order`.
//!
//! Design:
//! * An order is stored as a compact [`OrderRec`] (a few hundred bytes): SKU indexes, amounts in
//!   minor units, event times, and the *plan* of its future lifecycle events. The JSON-shaped
//!   `Order` (with names, addresses, decimal strings) is rendered on demand, so a 100,000-order
//!   shop costs tens of megabytes, not gigabytes.
//! * Lifecycle: every order is generated with its whole future (paid at, released from ON_HOLD
//!   at, shipped at, ...). Events fire lazily: before any read, [`OrderStore::advance_to`] pops
//!   every event due at or before the virtual now from a `(due, id)` queue and applies it,
//!   setting `update_time` to the event's own scheduled time. The state at virtual time `t` is
//!   therefore a pure function of the seed and `t`, however often the store is read.
//! * Keyset indexes `(create_time, id)` and `(update_time, id)` (BTreeSets) serve searches and
//!   paging in O(log n + page) with a stable tiebreak on the numeric id.

mod lifecycle;
mod packages;
mod records;
mod render;
mod search;
#[cfg(test)]
mod tests;

pub use lifecycle::ShipError;
pub use records::OrderRec;
pub use render::{render, RenderCtx};
pub use search::{Filter, SearchRequest};

use crate::generator::ShopDef;
use crate::rng::{derive, label, Rng};
use records::IndexKey;
use std::collections::{BTreeSet, HashMap};

#[derive(Debug)]
pub struct OrderStore {
    recs: Vec<OrderRec>,
    by_id: HashMap<u64, u32>,
    by_create: BTreeSet<IndexKey>,
    by_update: BTreeSet<IndexKey>,
    pending: BTreeSet<IndexKey>,
    version: u64,
    count_cache: HashMap<u64, (u64, u64)>,
    rng: Rng,
    next_order_id: u64,
    next_line_id: u64,
    next_package_id: u64,
    /// See [`crate::SandboxConfig::search_index_lag`], in seconds.
    index_lag: Option<i64>,
}

/// Shops in the seeded world ([`crate::generator::World::build`]).
const SEEDED_SHOPS: u64 = 5;
/// Most shops a sandbox can add to the seeded world (their ids stay 19 digits).
pub const MAX_ADDED_SHOPS: usize = 32;

impl OrderStore {
    pub fn new(shop: &ShopDef) -> Self {
        // Each shop owns an id space: the seeded world's five shops 10^18 apart (as they
        // always were), added shops 10^17 apart above them, so every id keeps 19 digits.
        let i = shop.index as u64;
        let space = if i < SEEDED_SHOPS {
            i * 1_000_000_000_000_000
        } else {
            SEEDED_SHOPS * 1_000_000_000_000_000 + (i - SEEDED_SHOPS) * 100_000_000_000_000_000
        };
        Self {
            recs: Vec::new(),
            by_id: HashMap::new(),
            by_create: BTreeSet::new(),
            by_update: BTreeSet::new(),
            pending: BTreeSet::new(),
            version: 0,
            count_cache: HashMap::new(),
            rng: Rng::new(derive(shop.seed, &[label("orders")])),
            next_order_id: 576_000_000_000_000_000 + space,
            next_line_id: 582_000_000_000_000_000 + space,
            next_package_id: 1_152_000_000_000_000_000 + space,
            index_lag: None,
        }
    }

    /// Switches Search Orders between keyset paging over a current index (`None`) and
    /// offset paging over an index lagging writes by `lag` (see [`search`]).
    pub fn set_index_lag(&mut self, lag: Option<std::time::Duration>) {
        self.index_lag = lag.map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX / 4));
    }

    #[allow(clippy::len_without_is_empty)]
    pub fn len(&self) -> usize {
        self.recs.len()
    }

    pub fn get(&self, id: u64) -> Option<&OrderRec> {
        self.by_id.get(&id).map(|p| &self.recs[*p as usize])
    }

    pub fn rec(&self, pos: u32) -> &OrderRec {
        &self.recs[pos as usize]
    }

    /// Every order, oldest first.
    pub fn all(&self) -> impl Iterator<Item = &OrderRec> {
        self.by_create.iter().map(|k| &self.recs[k.2 as usize])
    }

    fn insert(&mut self, rec: OrderRec) {
        let pos = self.recs.len() as u32;
        self.by_id.insert(rec.id, pos);
        self.by_create.insert(rec.key_create(pos));
        self.by_update.insert(rec.key_update(pos));
        if let Some((due, _)) = rec.plan.last() {
            self.pending.insert((*due, rec.id, pos));
        }
        self.recs.push(rec);
        self.version += 1;
    }
}
