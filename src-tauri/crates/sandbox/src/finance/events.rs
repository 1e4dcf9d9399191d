//! What becomes a statement transaction, and when: an order's settlement (with a reserve and
//! an adjustment for some), the reimbursement of an order the carrier lost, the shipping fee
//! of a free sample, and now and then a day's adjustment without an order. Each is a pure
//! function of the shop, the order (or the day) and the seed.

use super::breakdown::order_money;
use super::ids::{self, Slot, DAY};
use super::market;
use crate::generator::ShopDef;
use crate::orders::{Initiator, OrderKind, OrderRec, LOST_PACKAGE};
use crate::rng::{derive, label, Rng};
use shopdock_tiktok::finance::TransactionType;
use shopdock_tiktok::model::OrderStatus;

/// Share of a UK or US local seller's orders with part of the settlement held in reserve.
const RESERVE_SHARE: f64 = 0.15;
/// Reserve held: a tenth of the settlement, for about a month.
const RESERVE_BP: i64 = 1_000;
const RESERVE_HOLD: i64 = 30 * DAY;
/// Share of days with an adjustment that concerns no order.
const DAY_ADJUSTMENT_SHARE: f64 = 0.06;

/// A statement transaction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The transaction id.
    pub id: u64,
    /// When it happened: its statement is the one closing that day.
    pub time: i64,
    /// What Get Statement Transactions sorts by: the order's create time, or the
    /// transaction's own time when it concerns no order.
    pub sort_time: i64,
    pub kind: EntryKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EntryKind {
    /// An order's settlement; `pos` is the order's position in its shop's store.
    Order { pos: u32, order_id: u64 },
    Adjustment {
        adjustment_id: u64,
        kind: TransactionType,
        order_id: Option<u64>,
        amount: i64,
    },
    Reserve {
        reserve_id: u64,
        order_id: u64,
        /// Negative: withheld; positive: released.
        amount: i64,
        /// When withheld funds will be released (`None` for the release itself).
        release_time: Option<i64>,
    },
}

/// What a transaction adds to its statement, in minor units.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Money {
    pub revenue: i64,
    pub shipping: i64,
    pub fee_tax: i64,
    pub adjustment: i64,
    /// TikTok's settlement (may differ from the parts: see [`super::breakdown`]).
    pub settlement: i64,
    pub reserve: i64,
}

impl Money {
    pub fn add(&mut self, o: &Money) {
        self.revenue += o.revenue;
        self.shipping += o.shipping;
        self.fee_tax += o.fee_tax;
        self.adjustment += o.adjustment;
        self.settlement += o.settlement;
        self.reserve += o.reserve;
    }

    /// What is paid out: settlement plus reserve movements.
    pub fn payable(&self) -> i64 {
        self.settlement + self.reserve
    }
}

/// A transaction with what it adds.
pub type Planned = (Entry, Money);

/// When a delivered order settles: `settle_after` past delivery and a part of a day drawn
/// from the seed.
pub fn settle_time(shop: &ShopDef, rec: &OrderRec, delivered: i64, settle_after: i64) -> i64 {
    let jitter = Rng::new(derive(shop.seed, &[label("finance-settle"), rec.id])).range(0, DAY - 1);
    delivered + settle_after + jitter
}

fn adjustment(
    shop: &ShopDef,
    slot: Slot,
    time: i64,
    sort_time: i64,
    kind: TransactionType,
    order_id: Option<u64>,
    amount: i64,
) -> Planned {
    let i = shop.index;
    (
        Entry {
            id: ids::transaction(i, slot),
            time,
            sort_time,
            kind: EntryKind::Adjustment {
                adjustment_id: ids::adjustment(i, slot),
                kind,
                order_id,
                amount,
            },
        },
        Money {
            adjustment: amount,
            settlement: amount,
            ..Money::default()
        },
    )
}

/// The shop's scale for small amounts: its standard shipping fee.
fn unit(shop: &ShopDef) -> i64 {
    shop.market.shipping_fees[0].max(1)
}

/// What an order has added to the statements once it is settled or beyond settling, or
/// `None` while it may still be delivered.
pub fn order_events(
    shop: &ShopDef,
    rec: &OrderRec,
    pos: u32,
    settle_after: i64,
) -> Option<Vec<Planned>> {
    if let Some(delivered) = rec.delivery_time {
        let settle = settle_time(shop, rec, delivered, settle_after);
        return Some(match rec.kind {
            OrderKind::Normal => settled(shop, rec, pos, settle),
            OrderKind::Sample if rec.tiktok_shipping => vec![adjustment(
                shop,
                Slot::SampleFee(rec.id),
                settle,
                rec.create_time,
                TransactionType::SampleShippingFee,
                Some(rec.id),
                -rec.ship_original,
            )],
            _ => Vec::new(),
        });
    }
    if rec.status != OrderStatus::Cancelled {
        return None;
    }
    let lost = rec.cancel == Some((Initiator::System, LOST_PACKAGE));
    let cancelled = rec.cancel_time.unwrap_or(rec.update_time);
    Some(if lost && rec.kind == OrderKind::Normal {
        let mut rng = Rng::new(derive(shop.seed, &[label("finance-lost"), rec.id]));
        let money = order_money(shop, rec);
        vec![adjustment(
            shop,
            Slot::LostReimbursement(rec.id),
            cancelled + rng.range(2 * DAY, 5 * DAY),
            rec.create_time,
            TransactionType::LogisticsReimbursement,
            Some(rec.id),
            money.total.revenue(),
        )]
    } else {
        Vec::new()
    })
}

/// An order's settlement, its reserve (withheld now, released a month later) and its
/// adjustment, for the orders drawn to have them.
fn settled(shop: &ShopDef, rec: &OrderRec, pos: u32, settle: i64) -> Vec<Planned> {
    let i = shop.index;
    let money = order_money(shop, rec);
    let mut out = vec![(
        Entry {
            id: ids::transaction(i, Slot::Order(rec.id)),
            time: settle,
            sort_time: rec.create_time,
            kind: EntryKind::Order {
                pos,
                order_id: rec.id,
            },
        },
        Money {
            revenue: money.total.revenue(),
            shipping: money.total.shipping(),
            fee_tax: money.total.fee_tax(),
            settlement: money.settlement,
            ..Money::default()
        },
    )];
    let mut rng = Rng::new(derive(shop.seed, &[label("finance-reserve"), rec.id]));
    if market::has_reserves(shop) && money.settlement > 0 && rng.chance(RESERVE_SHARE) {
        let held = crate::money::Currency::apply_rate(money.settlement, RESERVE_BP);
        let release = settle + RESERVE_HOLD + rng.range(0, DAY - 1);
        for (slot, time, amount, release_time) in [
            (Slot::ReserveCollected(rec.id), settle, -held, Some(release)),
            (Slot::ReserveReleased(rec.id), release, held, None),
        ] {
            out.push((
                Entry {
                    id: ids::transaction(i, slot),
                    time,
                    sort_time: rec.create_time,
                    kind: EntryKind::Reserve {
                        reserve_id: ids::reserve(i, slot),
                        order_id: rec.id,
                        amount,
                        release_time,
                    },
                },
                Money {
                    reserve: amount,
                    ..Money::default()
                },
            ));
        }
    }
    let mut rng = Rng::new(derive(shop.seed, &[label("finance-adjust"), rec.id]));
    let u = unit(shop);
    let picked = match rng.below(1_000) {
        r if r < 30 && rec.tiktok_shipping => {
            Some((TransactionType::ShippingFeeAdjustment, -rng.range(u / 2, u)))
        }
        30..=39 => Some((TransactionType::ChargeBack, -money.total.revenue())),
        40..=49 => Some((
            TransactionType::PlatformReimbursement,
            money.total.revenue() / 2,
        )),
        50..=59 => Some((
            TransactionType::PromotionAdjustment,
            rng.range(-u / 3, u / 3),
        )),
        _ => None,
    };
    if let Some((kind, amount)) = picked {
        out.push(adjustment(
            shop,
            Slot::OrderAdjustment(rec.id),
            settle + rng.range(DAY, 10 * DAY),
            rec.create_time,
            kind,
            Some(rec.id),
            amount,
        ));
    }
    out
}

/// The adjustment without an order of Unix day `day`, for the days drawn to have one.
pub fn day_events(shop: &ShopDef, day: i64) -> Option<Planned> {
    let mut rng = Rng::new(derive(shop.seed, &[label("finance-day"), day as u64]));
    if !rng.chance(DAY_ADJUSTMENT_SHARE) {
        return None;
    }
    let u = unit(shop);
    let (kind, amount) = match rng.below(5) {
        0 => (TransactionType::PlatformPenalty, -u * rng.range(1, 8)),
        1 => (TransactionType::Rebate, u * rng.range(1, 3)),
        2 => (TransactionType::GmvPaymentForAds, -u * rng.range(2, 20)),
        3 => (TransactionType::SellerMissionReward, u * rng.range(1, 5)),
        _ => (TransactionType::OtherAdjustment, rng.range(-u, u)),
    };
    let time = day * DAY + rng.range(0, DAY - 1);
    Some(adjustment(
        shop,
        Slot::Day(day),
        time,
        time,
        kind,
        None,
        amount,
    ))
}
