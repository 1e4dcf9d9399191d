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

use crate::generator::{buyer, recipient_address, ShopDef, BUYER_POOL, DELIVERY_OPTIONS};
use crate::money::Currency;
use crate::rng::{derive, label, Rng};
use shopdock_tiktok::model::{LineItem, Order, OrderStatus, PackageRef, Payment};
use std::collections::{BTreeSet, HashMap};
use std::ops::Bound;

pub const HOUR: i64 = 3_600;
pub const DAY: i64 = 86_400;
/// Unpaid orders are cancelled by the system after this long (TikTok's exact window is
/// UNCONFIRMED; 24 h is the commonly reported value).
pub const UNPAID_TIMEOUT: i64 = DAY;
/// Paid orders stay ON_HOLD (buyer may cancel freely) for one hour.
pub const ON_HOLD_FOR: i64 = HOUR;
/// Latest ship time (`rts_sla_time`) after release to AWAITING_SHIPMENT.
pub const RTS_SLA: i64 = 3 * DAY;
/// Auto-cancel if not shipped (`shipping_due_time`) after release.
pub const SHIPPING_DUE: i64 = 10 * DAY;
/// A pending buyer cancellation request is auto-approved after this long without a seller
/// response.
pub const CANCEL_REQUEST_AUTO_APPROVE: i64 = 2 * DAY;
/// DELIVERED orders become COMPLETED (return window closed) after this long.
pub const COMPLETE_AFTER: i64 = 7 * DAY;

/// `(time, order id, position in recs)`: unique, ordered by time then id.
type Key = (i64, u64, u32);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Initiator {
    Buyer,
    Seller,
    System,
}

impl Initiator {
    fn as_str(self) -> &'static str {
        match self {
            Initiator::Buyer => "BUYER",
            Initiator::Seller => "SELLER",
            Initiator::System => "SYSTEM",
        }
    }
}

const BUYER_REASONS: &[&str] = &[
    "No longer needed",
    "Need to change shipping address",
    "Found a better price elsewhere",
    "Ordered by mistake",
];
const SELLER_REASONS: &[&str] = &["Out of stock", "Pricing error"];
const SYSTEM_UNPAID: &str = "Payment overdue";
const SYSTEM_NOT_SHIPPED: &str = "Package wasn't shipped in time";
const BUYER_MESSAGES: &[&str] = &[
    "Please ship asap!",
    "It's a gift, please leave out the receipt.",
    "Leave at the back door please.",
    "Can you double-check the colour before sending?",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ev {
    Pay,
    Release,
    RequestCancel,
    Cancel(Initiator, u8),
    Ship,
    Collect,
    Deliver,
    Complete,
}

/// One unit of one SKU (TikTok returns one line item per unit).
#[derive(Debug, Clone, Copy)]
pub struct Unit {
    pub line_id: u64,
    pub sku: u16,
    pub seller_discount: i64,
    pub platform_discount: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Normal,
    Sample,
    Replacement(u64),
}

#[derive(Debug, Clone)]
pub struct OrderRec {
    pub id: u64,
    pub buyer: u32,
    pub kind: Kind,
    pub create_time: i64,
    pub update_time: i64,
    pub status: OrderStatus,
    pub fbt: bool,
    pub tiktok_shipping: bool,
    pub collection_point: bool,
    pub on_hold: bool,
    pub buyer_cancel_pending: bool,
    pub address_changed: bool,
    pub delivery_option: u8,
    pub payment_method: u8,
    pub carrier: u8,
    /// 0 = no message, else index + 1 into [`BUYER_MESSAGES`].
    pub message: u8,
    pub units: Box<[Unit]>,
    pub ship_original: i64,
    pub ship_seller_discount: i64,
    pub ship_platform_discount: i64,
    pub paid_time: Option<i64>,
    pub release_time: Option<i64>,
    pub request_cancel_time: Option<i64>,
    pub rts_time: Option<i64>,
    pub collection_time: Option<i64>,
    pub delivery_time: Option<i64>,
    pub cancel_time: Option<i64>,
    pub cancel: Option<(Initiator, u8)>,
    pub package_id: u64,
    /// Remaining lifecycle events, LAST element next (popped from the end).
    pub plan: Vec<(i64, Ev)>,
}

impl OrderRec {
    pub fn id_string(&self) -> String {
        self.id.to_string()
    }

    fn key_create(&self, pos: u32) -> Key {
        (self.create_time, self.id, pos)
    }

    fn key_update(&self, pos: u32) -> Key {
        (self.update_time, self.id, pos)
    }
}

/// Amounts of one order in minor units (the formulas TikTok documents).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Amounts {
    pub original_total_product_price: i64,
    pub seller_discount: i64,
    pub platform_discount: i64,
    pub sub_total: i64,
    pub original_shipping_fee: i64,
    pub shipping_fee_seller_discount: i64,
    pub shipping_fee_platform_discount: i64,
    pub shipping_fee: i64,
    pub product_tax: i64,
    pub shipping_fee_tax: i64,
    pub tax: i64,
    pub retail_delivery_fee: Option<i64>,
    pub total_amount: i64,
}

pub fn amounts(shop: &ShopDef, rec: &OrderRec) -> Amounts {
    let mut original = 0;
    let mut seller = 0;
    let mut platform = 0;
    for u in rec.units.iter() {
        let price = shop.catalog.get(usize::from(u.sku)).map_or(0, |s| s.price);
        original += price;
        seller += u.seller_discount;
        platform += u.platform_discount;
    }
    let sub_total = original - seller - platform;
    let shipping_fee = rec.ship_original - rec.ship_seller_discount - rec.ship_platform_discount;
    let place = buyer(shop, rec.buyer).place;
    let product_tax = Currency::apply_rate(sub_total, place.tax_bp);
    let shipping_fee_tax = if place.taxes_shipping {
        Currency::apply_rate(shipping_fee, place.tax_bp)
    } else {
        0
    };
    let tax = product_tax + shipping_fee_tax;
    let retail_delivery_fee =
        (shop.region == "US" && place.rdf > 0 && sub_total > 0).then_some(place.rdf);
    Amounts {
        original_total_product_price: original,
        seller_discount: seller,
        platform_discount: platform,
        sub_total,
        original_shipping_fee: rec.ship_original,
        shipping_fee_seller_discount: rec.ship_seller_discount,
        shipping_fee_platform_discount: rec.ship_platform_discount,
        shipping_fee,
        product_tax,
        shipping_fee_tax,
        tax,
        retail_delivery_fee,
        total_amount: sub_total + shipping_fee + tax + retail_delivery_fee.unwrap_or(0),
    }
}

/// Body filters of Search Orders after validation and defaulting.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Filter {
    pub status: Option<OrderStatus>,
    /// `[ge, lt)`.
    pub create: Option<(i64, i64)>,
    pub update: Option<(i64, i64)>,
    pub tiktok_shipping: Option<bool>,
    pub buyer_user_id: Option<String>,
    pub buyer_cancel_pending: Option<bool>,
    /// Warehouse ids; `None` = any.
    pub warehouses: Option<Vec<String>>,
}

impl Filter {
    fn cache_key(&self, by_update: bool) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        self.hash(&mut h);
        by_update.hash(&mut h);
        h.finish()
    }
}

#[derive(Debug, Clone)]
pub struct SearchRequest {
    pub page_size: usize,
    pub by_update: bool,
    pub ascending: bool,
    /// `(time, id)` of the last order of the previous page.
    pub after: Option<(i64, u64)>,
    pub filter: Filter,
}

#[derive(Debug, Clone)]
pub struct SearchResult {
    pub positions: Vec<u32>,
    /// Cursor for the next page when more orders match.
    pub next: Option<(i64, u64)>,
    pub total: u64,
}

/// Where the sandbox serves SKU images (its own base URL), so the demo works offline.
#[derive(Debug, Clone, Default)]
pub struct RenderCtx {
    pub image_base: String,
}

#[derive(Debug)]
pub struct OrderStore {
    recs: Vec<OrderRec>,
    by_id: HashMap<u64, u32>,
    by_create: BTreeSet<Key>,
    by_update: BTreeSet<Key>,
    pending: BTreeSet<Key>,
    version: u64,
    count_cache: HashMap<u64, (u64, u64)>,
    rng: Rng,
    next_order_id: u64,
    next_line_id: u64,
    next_package_id: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ShipError {
    #[error("no such order")]
    NotFound,
    #[error("order is {0}, only AWAITING_SHIPMENT orders can be shipped")]
    WrongStatus(&'static str),
    #[error("the buyer has a pending cancellation request")]
    CancelPending,
}

impl OrderStore {
    pub fn new(shop: &ShopDef) -> Self {
        let i = shop.index as u64;
        Self {
            recs: Vec::new(),
            by_id: HashMap::new(),
            by_create: BTreeSet::new(),
            by_update: BTreeSet::new(),
            pending: BTreeSet::new(),
            version: 0,
            count_cache: HashMap::new(),
            rng: Rng::new(derive(shop.seed, &[label("orders")])),
            next_order_id: 576_000_000_000_000_000 + i * 1_000_000_000_000_000,
            next_line_id: 582_000_000_000_000_000 + i * 1_000_000_000_000_000,
            next_package_id: 1_152_000_000_000_000_000 + i * 1_000_000_000_000_000,
        }
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

    /// Seeds `n` historical orders spread over the `days` before `now`. Orders whose
    /// ship-by time is already past were mostly shipped through Seller Center.
    pub fn seed_history(&mut self, shop: &ShopDef, n: usize, days: i64, now: i64) -> Vec<u64> {
        self.create(shop, n, now, days.max(0) * DAY)
    }

    /// Creates `n` orders with create times spread over `[now - spread, now]` (all at `now`
    /// when `spread == 0`), applies every event already due, and returns their ids.
    pub fn create(&mut self, shop: &ShopDef, n: usize, now: i64, spread: i64) -> Vec<u64> {
        let mut times: Vec<i64> = (0..n)
            .map(|_| {
                if spread > 0 {
                    now - self.rng.range(0, spread)
                } else {
                    now
                }
            })
            .collect();
        times.sort_unstable();
        let mut ids = Vec::with_capacity(n);
        for t in times {
            let auto_ship = |release: i64| -> f64 {
                // Old orders were handled in Seller Center long ago; recent ones are mostly
                // waiting for the seller (the demo needs orders to ship).
                if release + RTS_SLA < now {
                    0.97
                } else {
                    0.35
                }
            };
            let rec = self.generate(shop, t, auto_ship);
            ids.push(rec.id);
            self.insert(rec);
        }
        self.advance_to(now);
        ids
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

    fn generate(&mut self, shop: &ShopDef, t: i64, auto_ship_p: impl Fn(i64) -> f64) -> OrderRec {
        let rng = &mut self.rng;
        self.next_order_id += rng.range(10_000_000, 90_000_000) as u64;
        let id = self.next_order_id;
        let kind = match rng.weighted(&[965, 20, 15]) {
            1 => Kind::Sample,
            2 if !self.recs.is_empty() => {
                let victim = &self.recs[rng.below(self.recs.len() as u64) as usize];
                Kind::Replacement(victim.id)
            }
            _ => Kind::Normal,
        };
        let catalog_len = shop.catalog.len().max(1) as u64;
        // (sku index, units)
        let mut picks: Vec<(u16, u32)> = Vec::new();
        match kind {
            Kind::Normal => {
                let distinct = rng.weighted(&[75, 20, 5]) + 1;
                for _ in 0..distinct {
                    let sku = rng.below(catalog_len) as u16;
                    if picks.iter().any(|(s, _)| *s == sku) {
                        continue;
                    }
                    picks.push((sku, rng.weighted(&[80, 15, 5]) as u32 + 1));
                }
            }
            Kind::Sample => picks.push((rng.below(catalog_len) as u16, 1)),
            Kind::Replacement(victim) => {
                let sku = self
                    .by_id
                    .get(&victim)
                    .and_then(|p| self.recs[*p as usize].units.first())
                    .map_or(0, |u| u.sku);
                picks.push((sku, 1));
            }
        }
        let free = !matches!(kind, Kind::Normal);
        let promo_sku = rng
            .chance(0.2)
            .then(|| picks[rng.below(picks.len() as u64) as usize].0);
        let promo_pct = *rng.pick(&[10i64, 15, 20]);
        let platform_promo = rng.chance(0.1);
        let mut units = Vec::new();
        for (sku, qty) in &picks {
            let price = shop.catalog.get(usize::from(*sku)).map_or(0, |s| s.price);
            for _ in 0..*qty {
                self.next_line_id += rng.range(1_000_000, 9_000_000) as u64;
                let (seller_discount, platform_discount) = if free {
                    (price, 0)
                } else {
                    let sd = if promo_sku == Some(*sku) {
                        price * promo_pct / 100
                    } else {
                        0
                    };
                    let pd = if platform_promo {
                        (price / 4).min(100).min(price - sd)
                    } else {
                        0
                    };
                    (sd, pd)
                };
                units.push(Unit {
                    line_id: self.next_line_id,
                    sku: *sku,
                    seller_discount,
                    platform_discount,
                });
            }
        }
        let sub_total: i64 = units
            .iter()
            .map(|u| {
                shop.catalog.get(usize::from(u.sku)).map_or(0, |s| s.price)
                    - u.seller_discount
                    - u.platform_discount
            })
            .sum();
        let m = shop.market;
        let delivery_option = rng.weighted(&[70, 20, 10]) as u8;
        let ship_original = m.shipping_fees[usize::from(delivery_option)];
        let ship_seller_discount =
            if free || (delivery_option == 0 && sub_total >= m.free_shipping_from) {
                ship_original
            } else {
                0
            };
        let ship_platform_discount = if ship_seller_discount == 0 && rng.chance(0.1) {
            ship_original / 2
        } else {
            0
        };
        let fbt = shop.fbt && kind == Kind::Normal && rng.chance(0.15);
        let tiktok_shipping = fbt || rng.chance(0.7);
        let collection_point = matches!(m.region, "GB" | "FR") && rng.chance(0.05);
        let buyer = if rng.chance(0.15) {
            rng.below(40) as u32
        } else {
            rng.below(BUYER_POOL) as u32
        };
        self.next_package_id += rng.range(1_000_000, 9_000_000) as u64;
        let mut rec = OrderRec {
            id,
            buyer,
            kind,
            create_time: t,
            update_time: t,
            status: OrderStatus::Unpaid,
            fbt,
            tiktok_shipping,
            collection_point,
            on_hold: false,
            buyer_cancel_pending: false,
            address_changed: rng.chance(0.02),
            delivery_option,
            payment_method: rng.below(m.payment_methods.len() as u64) as u8,
            carrier: rng.below(m.carriers.len() as u64) as u8,
            message: if rng.chance(0.1) {
                rng.below(BUYER_MESSAGES.len() as u64) as u8 + 1
            } else {
                0
            },
            units: units.into_boxed_slice(),
            ship_original,
            ship_seller_discount,
            ship_platform_discount,
            paid_time: None,
            release_time: None,
            request_cancel_time: None,
            rts_time: None,
            collection_time: None,
            delivery_time: None,
            cancel_time: None,
            cancel: None,
            package_id: self.next_package_id,
            plan: Vec::new(),
        };
        let mut plan: Vec<(i64, Ev)> = Vec::new();
        let release = if free {
            // Samples and replacements are created paid and ready to ship.
            rec.status = OrderStatus::AwaitingShipment;
            rec.paid_time = Some(t);
            rec.release_time = Some(t);
            Some(t)
        } else if rng.chance(0.08) {
            plan.push((t + UNPAID_TIMEOUT, Ev::Cancel(Initiator::System, 0)));
            None
        } else {
            let paid = t + rng.range(30, 1_200);
            plan.push((paid, Ev::Pay));
            if rng.chance(0.03) {
                let reason = rng.below(BUYER_REASONS.len() as u64) as u8;
                plan.push((
                    paid + rng.range(300, ON_HOLD_FOR - 300),
                    Ev::Cancel(Initiator::Buyer, reason),
                ));
                None
            } else {
                plan.push((paid + ON_HOLD_FOR, Ev::Release));
                Some(paid + ON_HOLD_FOR)
            }
        };
        if let Some(rel) = release {
            let p = auto_ship_p(rel);
            if kind == Kind::Normal && rng.chance(0.04) {
                let req = rel + rng.range(HOUR, 20 * HOUR);
                let reason = rng.below(BUYER_REASONS.len() as u64) as u8;
                plan.push((req, Ev::RequestCancel));
                plan.push((
                    req + CANCEL_REQUEST_AUTO_APPROVE,
                    Ev::Cancel(Initiator::Buyer, reason),
                ));
            } else if kind == Kind::Normal && rng.chance(0.01) {
                plan.push((
                    rel + rng.range(2 * HOUR, 30 * HOUR),
                    Ev::Cancel(Initiator::Seller, 0),
                ));
            } else if fbt || rng.chance(p) {
                let ship = rel
                    + if fbt {
                        rng.range(2 * HOUR, DAY)
                    } else {
                        rng.range(2 * HOUR, RTS_SLA)
                    };
                plan.extend(after_ship(rng, ship));
            } else {
                plan.push((rel + SHIPPING_DUE, Ev::Cancel(Initiator::System, 1)));
            }
        }
        plan.reverse();
        rec.plan = plan;
        rec
    }

    /// Applies every event due at or before `now`.
    pub fn advance_to(&mut self, now: i64) {
        while let Some(&(due, id, pos)) = self.pending.first() {
            if due > now {
                break;
            }
            self.pending.pop_first();
            let Some((t, ev)) = self.recs[pos as usize].plan.pop() else {
                continue;
            };
            self.apply(pos, t, ev);
            if let Some((next, _)) = self.recs[pos as usize].plan.last() {
                self.pending.insert((*next, id, pos));
            }
        }
    }

    fn apply(&mut self, pos: u32, t: i64, ev: Ev) {
        let rec = &mut self.recs[pos as usize];
        let old = rec.key_update(pos);
        match ev {
            Ev::Pay => {
                rec.status = OrderStatus::OnHold;
                rec.paid_time = Some(t);
                rec.on_hold = true;
            }
            Ev::Release => {
                rec.status = OrderStatus::AwaitingShipment;
                rec.release_time = Some(t);
            }
            Ev::RequestCancel => {
                rec.buyer_cancel_pending = true;
                rec.request_cancel_time = Some(t);
            }
            Ev::Cancel(who, reason) => {
                rec.status = OrderStatus::Cancelled;
                rec.cancel_time = Some(t);
                rec.cancel = Some((who, reason));
                rec.buyer_cancel_pending = false;
            }
            Ev::Ship => {
                rec.status = OrderStatus::AwaitingCollection;
                rec.rts_time = Some(t);
            }
            Ev::Collect => {
                rec.status = OrderStatus::InTransit;
                rec.collection_time = Some(t);
            }
            Ev::Deliver => {
                rec.status = OrderStatus::Delivered;
                rec.delivery_time = Some(t);
            }
            Ev::Complete => rec.status = OrderStatus::Completed,
        }
        rec.update_time = rec.update_time.max(t);
        let new = rec.key_update(pos);
        if new != old {
            self.by_update.remove(&old);
            self.by_update.insert(new);
        }
        self.version += 1;
    }

    /// The seller ships an AWAITING_SHIPMENT order now (as Mark Package As Shipped would);
    /// the carrier then collects and delivers it on its own schedule.
    pub fn ship(&mut self, id: u64, now: i64) -> Result<(), ShipError> {
        self.advance_to(now);
        let pos = *self.by_id.get(&id).ok_or(ShipError::NotFound)?;
        let rec = &self.recs[pos as usize];
        if rec.status != OrderStatus::AwaitingShipment {
            return Err(ShipError::WrongStatus(rec.status.as_str()));
        }
        if rec.buyer_cancel_pending {
            return Err(ShipError::CancelPending);
        }
        if let Some((due, _)) = rec.plan.last() {
            self.pending.remove(&(*due, id, pos));
        }
        let mut rng = Rng::new(derive(id, &[label("ship"), now as u64]));
        let mut plan = after_ship(&mut rng, now);
        plan.reverse();
        self.recs[pos as usize].plan = plan;
        if let Some((due, _)) = self.recs[pos as usize].plan.last() {
            self.pending.insert((*due, id, pos));
        }
        self.advance_to(now);
        Ok(())
    }

    fn matches(&self, shop: &ShopDef, rec: &OrderRec, f: &Filter, by_update: bool) -> bool {
        if let Some(s) = f.status {
            if rec.status != s {
                return false;
            }
        }
        // The sort field's own range is applied by the index scan; check the other one.
        if by_update {
            if let Some((ge, lt)) = f.create {
                if rec.create_time < ge || rec.create_time >= lt {
                    return false;
                }
            }
        } else if let Some((ge, lt)) = f.update {
            if rec.update_time < ge || rec.update_time >= lt {
                return false;
            }
        }
        if let Some(tt) = f.tiktok_shipping {
            if rec.tiktok_shipping != tt {
                return false;
            }
        }
        if let Some(c) = f.buyer_cancel_pending {
            if rec.buyer_cancel_pending != c {
                return false;
            }
        }
        if let Some(ws) = &f.warehouses {
            let w = &shop.warehouses[usize::from(rec.fbt).min(shop.warehouses.len() - 1)];
            if !ws.iter().any(|x| x == w) {
                return false;
            }
        }
        if let Some(uid) = &f.buyer_user_id {
            if buyer(shop, rec.buyer).user_id != *uid {
                return false;
            }
        }
        true
    }

    /// The `[lo, hi)` key range of the sort index for a filter (without cursor).
    fn base_range(f: &Filter, by_update: bool) -> (Key, Key) {
        let range = if by_update { f.update } else { f.create };
        match range {
            Some((ge, lt)) => ((ge, 0, 0), (lt, 0, 0)),
            None => ((i64::MIN, 0, 0), (i64::MAX, u64::MAX, u32::MAX)),
        }
    }

    /// One page of a search, plus the total number of matches.
    pub fn search(&mut self, shop: &ShopDef, req: &SearchRequest) -> SearchResult {
        let (mut lo, mut hi) = Self::base_range(&req.filter, req.by_update);
        let total = self.count(shop, &req.filter, req.by_update, lo, hi);
        if let Some((t, id)) = req.after {
            if req.ascending {
                let after = match id.checked_add(1) {
                    Some(next) => (t, next, 0),
                    None => (t.saturating_add(1), 0, 0),
                };
                lo = lo.max(after);
            } else {
                hi = hi.min((t, id, 0));
            }
        }
        let mut positions = Vec::with_capacity(req.page_size + 1);
        if lo < hi {
            let index = if req.by_update {
                &self.by_update
            } else {
                &self.by_create
            };
            let range = index.range((Bound::Included(lo), Bound::Excluded(hi)));
            let want = req.page_size + 1;
            let mut take = |k: &Key| {
                let rec = &self.recs[k.2 as usize];
                if self.matches(shop, rec, &req.filter, req.by_update) {
                    positions.push(k.2);
                }
                positions.len() >= want
            };
            if req.ascending {
                for k in range {
                    if take(k) {
                        break;
                    }
                }
            } else {
                for k in range.rev() {
                    if take(k) {
                        break;
                    }
                }
            }
        }
        let more = positions.len() > req.page_size;
        positions.truncate(req.page_size);
        let next = if more {
            positions.last().map(|p| {
                let r = &self.recs[*p as usize];
                (
                    if req.by_update {
                        r.update_time
                    } else {
                        r.create_time
                    },
                    r.id,
                )
            })
        } else {
            None
        };
        SearchResult {
            positions,
            next,
            total,
        }
    }

    fn count(&mut self, shop: &ShopDef, f: &Filter, by_update: bool, lo: Key, hi: Key) -> u64 {
        let key = f.cache_key(by_update);
        if let Some((v, n)) = self.count_cache.get(&key) {
            if *v == self.version {
                return *n;
            }
        }
        if self.count_cache.len() > 256 {
            self.count_cache.clear();
        }
        let n = if lo < hi {
            let index = if by_update {
                &self.by_update
            } else {
                &self.by_create
            };
            index
                .range((Bound::Included(lo), Bound::Excluded(hi)))
                .filter(|k| self.matches(shop, &self.recs[k.2 as usize], f, by_update))
                .count() as u64
        } else {
            0
        };
        self.count_cache.insert(key, (self.version, n));
        n
    }
}

/// Carrier events after the seller (or TikTok, or Seller Center) ships at `ship`.
fn after_ship(rng: &mut Rng, ship: i64) -> Vec<(i64, Ev)> {
    let collect = ship + rng.range(3 * HOUR, 30 * HOUR);
    let deliver = collect + rng.range(DAY, 5 * DAY);
    vec![
        (ship, Ev::Ship),
        (collect, Ev::Collect),
        (deliver, Ev::Deliver),
        (deliver + COMPLETE_AFTER, Ev::Complete),
    ]
}

fn display_status(s: OrderStatus) -> &'static str {
    match s {
        // Line items never show ON_HOLD or PARTIALLY_SHIPPING (spec).
        OrderStatus::OnHold | OrderStatus::PartiallyShipping => "AWAITING_SHIPMENT",
        other => other.as_str(),
    }
}

fn package_status(s: OrderStatus) -> Option<&'static str> {
    match s {
        OrderStatus::AwaitingCollection => Some("PROCESSING"),
        OrderStatus::InTransit => Some("FULFILLING"),
        OrderStatus::Delivered | OrderStatus::Completed => Some("COMPLETED"),
        _ => None,
    }
}

fn tracking_number(shop: &ShopDef, rec: &OrderRec) -> String {
    let carrier = shop.market.carriers[usize::from(rec.carrier) % shop.market.carriers.len()].0;
    let digits = rec.package_id % 1_000_000_000_000;
    match carrier {
        "USPS" => format!("9400111899{digits:012}"),
        "UPS" => format!("1Z{:06X}03{digits:010}", rec.package_id % 0xFF_FFFF),
        "Royal Mail" => format!("TT{:09}GB", digits % 1_000_000_000),
        _ => format!("{digits:012}"),
    }
}

fn cancel_reason(who: Initiator, reason: u8) -> &'static str {
    let list: &[&str] = match who {
        Initiator::Buyer => BUYER_REASONS,
        Initiator::Seller => SELLER_REASONS,
        Initiator::System => &[SYSTEM_UNPAID, SYSTEM_NOT_SHIPPED],
    };
    list[usize::from(reason) % list.len()]
}

/// Renders an order as TikTok returns it (202309 list / 202507 detail share the shape).
pub fn render(shop: &ShopDef, rec: &OrderRec, ctx: &RenderCtx) -> Order {
    let m = shop.market;
    let cur = m.currency;
    let a = amounts(shop, rec);
    let b = buyer(shop, rec.buyer);
    let (opt_name, opt_id, delivery_days) =
        DELIVERY_OPTIONS[usize::from(rec.delivery_option) % DELIVERY_OPTIONS.len()];
    let (carrier_name, carrier_id) = m.carriers[usize::from(rec.carrier) % m.carriers.len()];
    let shipped = rec.rts_time.is_some();
    let tracking = shipped.then(|| tracking_number(shop, rec));
    let released = rec.release_time;
    // Deadlines exist once the order is paid; they count from release to AWAITING_SHIPMENT
    // (or its scheduled time while still ON_HOLD).
    let rel = released.or(rec.paid_time.map(|p| p + ON_HOLD_FOR));
    let active = rec.status != OrderStatus::Cancelled;
    let cancel = rec.cancel.filter(|_| rec.status == OrderStatus::Cancelled);
    let warehouse = shop.warehouses[usize::from(rec.fbt).min(shop.warehouses.len() - 1)].clone();
    let line_items = rec
        .units
        .iter()
        .map(|u| {
            let sku = &shop.catalog[usize::from(u.sku) % shop.catalog.len()];
            LineItem {
                id: u.line_id.to_string(),
                sku_id: sku.sku_id.clone(),
                product_id: sku.product_id.clone(),
                seller_sku: sku.seller_sku.clone(),
                product_name: sku.product_name.clone(),
                sku_name: sku.sku_name.clone(),
                sku_image: format!("{}/_sandbox/images/{}.svg", ctx.image_base, sku.sku_id),
                sale_price: cur.format(sku.price - u.seller_discount - u.platform_discount),
                original_price: cur.format(sku.price),
                platform_discount: cur.format(u.platform_discount),
                seller_discount: cur.format(u.seller_discount),
                currency: cur.code.to_string(),
                package_id: shipped.then(|| rec.package_id.to_string()),
                package_status: package_status(rec.status).map(str::to_string),
                tracking_number: tracking.clone(),
                shipping_provider_id: shipped.then(|| carrier_id.to_string()),
                shipping_provider_name: shipped.then(|| carrier_name.to_string()),
                rts_time: rec.rts_time,
                display_status: display_status(rec.status).to_string(),
                cancel_reason: cancel.map(|(w, r)| cancel_reason(w, r).to_string()),
                cancel_user: cancel.map(|(w, _)| w.as_str().to_string()),
                is_gift: false,
                is_dangerous_good: sku.dangerous,
            }
        })
        .collect();
    Order {
        id: rec.id_string(),
        status: rec.status.as_str().to_string(),
        create_time: rec.create_time,
        update_time: rec.update_time,
        paid_time: rec.paid_time,
        user_id: b.user_id.clone(),
        buyer_email: Some(b.email.clone()),
        buyer_message: match rec.message {
            0 => String::new(),
            i => BUYER_MESSAGES[usize::from(i - 1) % BUYER_MESSAGES.len()].to_string(),
        },
        seller_note: String::new(),
        fulfillment_type: if rec.fbt {
            "FULFILLMENT_BY_TIKTOK"
        } else {
            "FULFILLMENT_BY_SELLER"
        }
        .to_string(),
        shipping_type: if rec.tiktok_shipping {
            "TIKTOK"
        } else {
            "SELLER"
        }
        .to_string(),
        delivery_type: if rec.collection_point {
            "COLLECTION_POINT"
        } else {
            "HOME_DELIVERY"
        }
        .to_string(),
        delivery_option_id: Some(opt_id.to_string()),
        delivery_option_name: Some(opt_name.to_string()),
        shipping_provider: shipped.then(|| carrier_name.to_string()),
        shipping_provider_id: shipped.then(|| carrier_id.to_string()),
        tracking_number: tracking,
        packages: if shipped {
            vec![PackageRef {
                id: rec.package_id.to_string(),
            }]
        } else {
            Vec::new()
        },
        warehouse_id: Some(warehouse),
        split_or_combine_tag: None,
        is_cod: false,
        payment_method_name: m.payment_methods
            [usize::from(rec.payment_method) % m.payment_methods.len()]
        .to_string(),
        rts_sla_time: rel.map(|r| r + RTS_SLA),
        tts_sla_time: rel.map(|r| r + RTS_SLA + DAY),
        rts_time: rec.rts_time,
        shipping_due_time: rel.map(|r| r + SHIPPING_DUE),
        collection_due_time: rel.map(|r| r + SHIPPING_DUE + 4 * DAY),
        delivery_due_time: rel.map(|r| r + 30 * DAY),
        delivery_sla_time: rel.map(|r| r + delivery_days * DAY),
        cancel_order_sla_time: match rec.status {
            OrderStatus::Unpaid => Some(rec.create_time + UNPAID_TIMEOUT),
            OrderStatus::AwaitingShipment => rel.map(|r| r + SHIPPING_DUE),
            _ => None,
        },
        collection_time: rec.collection_time,
        delivery_time: rec.delivery_time,
        cancel_reason: cancel.map(|(w, r)| cancel_reason(w, r).to_string()),
        cancellation_initiator: cancel.map(|(w, _)| w.as_str().to_string()),
        cancel_time: rec.cancel_time.filter(|_| !active),
        request_cancel_time: rec.request_cancel_time,
        is_buyer_request_cancel: rec.buyer_cancel_pending,
        is_on_hold_order: rec.on_hold,
        is_sample_order: rec.kind == Kind::Sample,
        is_replacement_order: matches!(rec.kind, Kind::Replacement(_)).then_some(true),
        replaced_order_id: match rec.kind {
            Kind::Replacement(v) => Some(v.to_string()),
            _ => None,
        },
        is_exchange_order: None,
        exchange_source_order_id: None,
        order_type: "NORMAL".to_string(),
        has_updated_recipient_address: rec.address_changed && released.is_some(),
        payment: Payment {
            currency: cur.code.to_string(),
            total_amount: cur.format(a.total_amount),
            sub_total: cur.format(a.sub_total),
            shipping_fee: cur.format(a.shipping_fee),
            seller_discount: cur.format(a.seller_discount),
            platform_discount: cur.format(a.platform_discount),
            original_total_product_price: cur.format(a.original_total_product_price),
            original_shipping_fee: cur.format(a.original_shipping_fee),
            shipping_fee_seller_discount: cur.format(a.shipping_fee_seller_discount),
            shipping_fee_platform_discount: cur.format(a.shipping_fee_platform_discount),
            shipping_fee_cofunded_discount: cur.format(0),
            tax: cur.format(a.tax),
            product_tax: cur.format(a.product_tax),
            shipping_fee_tax: cur.format(a.shipping_fee_tax),
            retail_delivery_fee: a.retail_delivery_fee.map(|v| cur.format(v)),
            small_order_fee: None,
            buyer_service_fee: None,
            handling_fee: None,
            item_insurance_fee: None,
        },
        // Absent while UNPAID / ON_HOLD (and for orders cancelled before release).
        recipient_address: released.map(|_| recipient_address(shop, &b, rec.tiktok_shipping)),
        line_items,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generator::World;

    fn world() -> World {
        World::build(11)
    }

    const NOW: i64 = 1_750_000_000;

    #[test]
    fn payment_amounts_add_up_in_minor_units_for_every_order() {
        let w = world();
        for shop in &w.shops {
            let mut store = OrderStore::new(shop);
            store.seed_history(shop, 400, 30, NOW);
            let cur = shop.currency();
            for rec in store.all() {
                let o = render(shop, rec, &RenderCtx::default());
                let p = &o.payment;
                let v = |s: &str| cur.parse(s).unwrap_or_else(|| panic!("bad amount {s:?}"));
                let rdf = p.retail_delivery_fee.as_deref().map_or(0, v);
                assert_eq!(
                    v(&p.total_amount),
                    v(&p.sub_total) + v(&p.shipping_fee) + v(&p.tax) + rdf,
                    "{}",
                    o.id
                );
                assert_eq!(
                    v(&p.sub_total),
                    v(&p.original_total_product_price)
                        - v(&p.seller_discount)
                        - v(&p.platform_discount)
                );
                assert_eq!(
                    v(&p.shipping_fee),
                    v(&p.original_shipping_fee)
                        - v(&p.shipping_fee_seller_discount)
                        - v(&p.shipping_fee_platform_discount)
                );
                assert_eq!(v(&p.tax), v(&p.product_tax) + v(&p.shipping_fee_tax));
                let lines: i64 = o.line_items.iter().map(|l| v(&l.sale_price)).sum();
                assert_eq!(lines, v(&p.sub_total));
                assert!(v(&p.total_amount) >= 0);
            }
        }
    }

    #[test]
    fn no_address_while_unpaid_or_on_hold_and_addresses_after() {
        let w = world();
        let shop = &w.shops[0];
        let mut store = OrderStore::new(shop);
        store.create(shop, 300, NOW, 0);
        let ctx = RenderCtx::default();
        let check = |store: &OrderStore| {
            let mut counts = HashMap::new();
            for rec in store.all() {
                let o = render(shop, rec, &ctx);
                let hidden = matches!(rec.status, OrderStatus::Unpaid | OrderStatus::OnHold);
                if hidden {
                    assert!(o.recipient_address.is_none(), "{} {}", o.id, o.status);
                } else if rec.status != OrderStatus::Cancelled {
                    assert!(o.recipient_address.is_some(), "{} {}", o.id, o.status);
                }
                *counts.entry(rec.status).or_insert(0) += 1;
            }
            counts
        };
        assert!(check(&store)[&OrderStatus::Unpaid] > 250);
        store.advance_to(NOW + 1_300);
        assert!(check(&store)[&OrderStatus::OnHold] > 200);
        store.advance_to(NOW + 2 * HOUR);
        assert!(check(&store)[&OrderStatus::AwaitingShipment] > 200);
    }

    #[test]
    fn lifecycle_moves_forward_with_monotonic_update_times() {
        let w = world();
        let shop = &w.shops[0];
        let mut store = OrderStore::new(shop);
        store.create(shop, 500, NOW, 0);
        let before: HashMap<u64, i64> = store.all().map(|r| (r.id, r.update_time)).collect();
        store.advance_to(NOW + 40 * DAY);
        let mut seen = std::collections::HashSet::new();
        for r in store.all() {
            assert!(r.update_time >= before[&r.id]);
            assert!(r.update_time <= NOW + 40 * DAY);
            seen.insert(r.status);
        }
        for s in [OrderStatus::Completed, OrderStatus::Cancelled] {
            assert!(seen.contains(&s), "missing {s:?} in {seen:?}");
        }
        assert!(!seen.contains(&OrderStatus::Unpaid) && !seen.contains(&OrderStatus::OnHold));
    }

    #[test]
    fn seller_ship_moves_an_awaiting_order_through_delivery() {
        let w = world();
        let shop = &w.shops[0];
        let mut store = OrderStore::new(shop);
        store.create(shop, 200, NOW, 0);
        let t = NOW + 2 * HOUR;
        store.advance_to(t);
        let id = store
            .all()
            .find(|r| {
                r.status == OrderStatus::AwaitingShipment
                    && !r.buyer_cancel_pending
                    && r.plan.last().is_none_or(|(_, e)| !matches!(e, Ev::Ship))
            })
            .map(|r| r.id)
            .expect("an awaiting order");
        store.ship(id, t).unwrap();
        assert_eq!(
            store.get(id).unwrap().status,
            OrderStatus::AwaitingCollection
        );
        assert_eq!(store.get(id).unwrap().update_time, t);
        assert_eq!(
            store.ship(id, t),
            Err(ShipError::WrongStatus("AWAITING_COLLECTION"))
        );
        store.advance_to(t + 20 * DAY);
        assert_eq!(store.get(id).unwrap().status, OrderStatus::Completed);
        assert_eq!(store.ship(1, t), Err(ShipError::NotFound));
    }

    #[test]
    fn keyset_search_returns_each_match_once_in_order() {
        let w = world();
        let shop = &w.shops[1];
        let mut store = OrderStore::new(shop);
        store.seed_history(shop, 700, 10, NOW);
        store.create(shop, 300, NOW, 0); // same create_time: the id tiebreak matters
        store.advance_to(NOW);
        for by_update in [false, true] {
            for ascending in [true, false] {
                let mut after = None;
                let mut got = Vec::new();
                loop {
                    let r = store.search(
                        shop,
                        &SearchRequest {
                            page_size: 37,
                            by_update,
                            ascending,
                            after,
                            filter: Filter::default(),
                        },
                    );
                    assert_eq!(r.total, 1000);
                    got.extend(r.positions.iter().map(|p| {
                        let rec = store.rec(*p);
                        (
                            if by_update {
                                rec.update_time
                            } else {
                                rec.create_time
                            },
                            rec.id,
                        )
                    }));
                    match r.next {
                        Some(n) => after = Some(n),
                        None => break,
                    }
                }
                assert_eq!(got.len(), 1000);
                let mut sorted = got.clone();
                sorted.sort_unstable();
                if !ascending {
                    sorted.reverse();
                }
                assert_eq!(got, sorted);
            }
        }
    }

    #[test]
    fn same_seed_same_orders() {
        let w1 = World::build(77);
        let w2 = World::build(77);
        let (s1, s2) = (&w1.shops[0], &w2.shops[0]);
        let mut a = OrderStore::new(s1);
        let mut b = OrderStore::new(s2);
        a.seed_history(s1, 200, 30, NOW);
        b.seed_history(s2, 200, 30, NOW);
        let ctx = RenderCtx::default();
        let ra: Vec<Order> = a.all().map(|r| render(s1, r, &ctx)).collect();
        let rb: Vec<Order> = b.all().map(|r| render(s2, r, &ctx)).collect();
        assert_eq!(ra, rb);
    }
}
