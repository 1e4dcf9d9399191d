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

mod cancels;
mod lifecycle;
mod packages;
mod records;
mod render;
mod search;
mod shipments;
#[cfg(test)]
mod tests;

pub use cancels::{AnswerError, CancelRec, CancelState};
pub use lifecycle::ShipError;
pub use lifecycle::{LONGEST_TO_DELIVERY, LOST_PACKAGE};
pub use packages::{generated_provider, generated_tracking_number, packages, PackageView};
pub use records::{amounts, Initiator, OrderKind, OrderRec};
pub use render::{render, RenderCtx};
pub use search::{Filter, SearchRequest};
pub use shipments::{CarrierInfo, Fulfilment, HandoverMethod, Label, Shipment, WriteTally};

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
    /// Writes the lagging index has yet to see: `(visible at, order id, position)`.
    index_queue: BTreeSet<IndexKey>,
    /// Package id -> order id, for every package an order has or will have.
    by_package: HashMap<u64, u64>,
    /// Seller-given tracking number -> orders whose packages carry it.
    tracking_index: HashMap<String, Vec<u64>>,
    /// Successful fulfillment writes per order and per package.
    writes: HashMap<u64, WriteTally>,
    package_writes: HashMap<u64, u32>,
    /// Cancellation records ([`cancels`]), their positions by id, and each order's pending
    /// buyer request.
    cancels: Vec<cancels::CancelRec>,
    cancel_pos: HashMap<u64, usize>,
    pending_requests: HashMap<u64, u64>,
    next_cancel_id: u64,
    /// Approve/Reject `idempotency_key` -> (cancellation, action) it applied.
    idempotency: HashMap<String, (u64, &'static str)>,
}

/// Shops in the seeded world ([`crate::generator::World::build`]).
const SEEDED_SHOPS: u64 = 5;
/// Most shops a sandbox can add to the seeded world (their ids stay 19 digits).
pub const MAX_ADDED_SHOPS: usize = 32;

/// The offset of shop `index`'s id space: the seeded world's five shops 10^18 apart (as they
/// always were), added shops 10^17 apart above them, so every id keeps 19 digits. Orders,
/// packages, cancellations and finance records all number from it.
pub fn id_space(index: usize) -> u64 {
    let i = index as u64;
    if i < SEEDED_SHOPS {
        i * 1_000_000_000_000_000
    } else {
        SEEDED_SHOPS * 1_000_000_000_000_000 + (i - SEEDED_SHOPS) * 100_000_000_000_000_000
    }
}

/// Where shop order ids start, before the shop's id space is added.
pub const ORDER_ID_BASE: u64 = 576_000_000_000_000_000;

impl OrderStore {
    pub fn new(shop: &ShopDef) -> Self {
        let space = id_space(shop.index);
        Self {
            recs: Vec::new(),
            by_id: HashMap::new(),
            by_create: BTreeSet::new(),
            by_update: BTreeSet::new(),
            pending: BTreeSet::new(),
            version: 0,
            count_cache: HashMap::new(),
            rng: Rng::new(derive(shop.seed, &[label("orders")])),
            next_order_id: ORDER_ID_BASE + space,
            next_line_id: 582_000_000_000_000_000 + space,
            next_package_id: 1_152_000_000_000_000_000 + space,
            index_lag: None,
            index_queue: BTreeSet::new(),
            by_package: HashMap::new(),
            tracking_index: HashMap::new(),
            writes: HashMap::new(),
            package_writes: HashMap::new(),
            cancels: Vec::new(),
            cancel_pos: HashMap::new(),
            pending_requests: HashMap::new(),
            next_cancel_id: 4_035_000_000_000_000_000 + space,
            idempotency: HashMap::new(),
        }
    }

    /// Switches Search Orders between keyset paging over a current index (`None`) and
    /// offset paging over a live index that sees each write (a new order, a status change)
    /// `lag` after it happened, in virtual time (issue 9.7). Filters and sort keys then use
    /// what the index knows, while the orders returned are rendered as they are now, as a
    /// search engine in front of a database would answer. Turning the lag off brings the
    /// index up to date at once.
    pub fn set_index_lag(&mut self, lag: Option<std::time::Duration>) {
        self.index_lag = lag.map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX / 4));
        if self.index_lag.is_none() {
            let queued: Vec<IndexKey> = std::mem::take(&mut self.index_queue).into_iter().collect();
            for (_, _, pos) in queued {
                self.sync_index(pos);
            }
        }
    }

    /// Whether Search Orders pages by offset (a live index) rather than by keyset.
    pub fn offset_paging(&self) -> bool {
        self.index_lag.is_some()
    }

    /// Lets the lagging index see every write due by `now`.
    fn refresh_index(&mut self, now: i64) {
        while let Some(&(due, _, pos)) = self.index_queue.first() {
            if due > now {
                break;
            }
            self.index_queue.pop_first();
            self.sync_index(pos);
        }
    }

    /// Brings one order's index entries up to its current state. (A lagging index that
    /// catches up on an order sees its latest state, even a write younger than the lag.)
    fn sync_index(&mut self, pos: u32) {
        let rec = &self.recs[pos as usize];
        if rec.indexed {
            let old = rec.key_update(pos);
            self.by_update.remove(&old);
        } else {
            self.by_create.insert(rec.key_create(pos));
        }
        let rec = &mut self.recs[pos as usize];
        rec.indexed = true;
        rec.indexed_update_time = rec.update_time;
        rec.indexed_status = rec.status;
        let new = rec.key_update(pos);
        self.by_update.insert(new);
        self.version += 1;
    }

    /// A number that changes whenever an order is added or changes, so a reader that derives
    /// data from the orders (finance) can skip work when nothing happened.
    pub fn version(&self) -> u64 {
        self.version
    }

    #[allow(clippy::len_without_is_empty)]
    pub fn len(&self) -> usize {
        self.recs.len()
    }

    /// The orders created after the first `pos` (orders are only ever appended), for the
    /// product ledger ([`crate::products`]) to see new orders without a full scan.
    pub fn recs_since(&self, pos: usize) -> &[OrderRec] {
        self.recs.get(pos..).unwrap_or(&[])
    }

    pub fn get(&self, id: u64) -> Option<&OrderRec> {
        self.by_id.get(&id).map(|p| &self.recs[*p as usize])
    }

    pub fn rec(&self, pos: u32) -> &OrderRec {
        &self.recs[pos as usize]
    }

    /// Every order, oldest first (indexed or not).
    pub fn all(&self) -> impl Iterator<Item = &OrderRec> {
        let mut order: Vec<&OrderRec> = self.recs.iter().collect();
        order.sort_unstable_by_key(|r| (r.create_time, r.id));
        order.into_iter()
    }

    /// Records that the order at `pos` changed at `t`: its update time and the index.
    fn touched(&mut self, pos: u32, t: i64) {
        let rec = &mut self.recs[pos as usize];
        rec.update_time = rec.update_time.max(t);
        let id = rec.id;
        match self.index_lag {
            None => self.sync_index(pos),
            Some(lag) => {
                self.index_queue.insert((t.saturating_add(lag), id, pos));
            }
        }
        self.version += 1;
    }

    fn insert(&mut self, rec: OrderRec) {
        let pos = self.recs.len() as u32;
        self.by_id.insert(rec.id, pos);
        self.by_package.insert(rec.package_id, rec.id);
        if let Some(split) = rec.split {
            self.by_package.insert(split.package_id, rec.id);
        }
        if let Some((due, _)) = rec.plan.last() {
            self.pending.insert((*due, rec.id, pos));
        }
        let (id, created) = (rec.id, rec.create_time);
        self.recs.push(rec);
        match self.index_lag {
            None => self.sync_index(pos),
            Some(lag) => {
                self.index_queue
                    .insert((created.saturating_add(lag), id, pos));
            }
        }
        self.version += 1;
    }
}
