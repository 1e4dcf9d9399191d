//! Order generation and the scheduled lifecycle: every order is created with its whole future
//! plan, and [`OrderStore::advance_to`] applies the events that are due.

use super::cancels::{generated_reason, CancelState};
use super::records::{Initiator, LineItemRec, OrderKind, OrderRec, PackageSplit, BUYER_MESSAGES};
use super::OrderStore;
use crate::generator::ShippingMode;
use crate::generator::{ShopDef, BUYER_POOL};
use crate::rng::{derive, label, Rng};
use shopdock_tiktok::cancellation::reasons::BUYER_TO_SHIP_REASONS;
use shopdock_tiktok::model::OrderStatus;

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
/// The longest a generated order takes from creation to delivery: paid within 20 minutes,
/// the buyer's hour, shipped within the SLA, collected within 30 hours, delivered within
/// five days (see [`after_ship`]).
pub const LONGEST_TO_DELIVERY: i64 = 1_200 + ON_HOLD_FOR + RTS_SLA + 30 * HOUR + 5 * DAY;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LifecycleEvent {
    /// Paid in a US or UK shop: ON_HOLD for the buyer's cancellation hour.
    Pay,
    /// Paid in any other market: straight to AWAITING_SHIPMENT, the cancellation hour passing
    /// inside it ([`crate::generator::ShopDef::has_on_hold`]).
    PayWithoutHold,
    Release,
    /// A buyer asks to cancel (reason index into the buyer reasons); TikTok approves it after
    /// 48 h without an answer.
    RequestCancel(u8),
    Cancel(Initiator, u8),
    /// The first package of a split order ships: PARTIALLY_SHIPPING.
    ShipFirstPackage,
    /// The (last) package ships: AWAITING_COLLECTION.
    Ship,
    Collect,
    Deliver,
    Complete,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ShipError {
    #[error("no such order")]
    NotFound,
    #[error("order is {0}, only AWAITING_SHIPMENT or PARTIALLY_SHIPPING orders can be shipped")]
    WrongStatus(&'static str),
    #[error("the buyer has a pending cancellation request")]
    CancelPending,
}

impl OrderStore {
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

    fn generate(&mut self, shop: &ShopDef, t: i64, auto_ship_p: impl Fn(i64) -> f64) -> OrderRec {
        let rng = &mut self.rng;
        self.next_order_id += rng.range(10_000_000, 90_000_000) as u64;
        let id = self.next_order_id;
        let kind = match rng.weighted(&[965, 20, 15]) {
            1 => OrderKind::Sample,
            2 if !self.recs.is_empty() => {
                let victim = &self.recs[rng.below(self.recs.len() as u64) as usize];
                OrderKind::Replacement(victim.id)
            }
            _ => OrderKind::Normal,
        };
        let catalog_len = shop.catalog.len().max(1) as u64;
        // (sku index, units)
        let mut picks: Vec<(u16, u32)> = Vec::new();
        match kind {
            OrderKind::Normal => {
                let distinct = rng.weighted(&[75, 20, 5]) + 1;
                for _ in 0..distinct {
                    let sku = rng.below(catalog_len) as u16;
                    if picks.iter().any(|(s, _)| *s == sku) {
                        continue;
                    }
                    picks.push((sku, rng.weighted(&[80, 15, 5]) as u32 + 1));
                }
            }
            OrderKind::Sample => picks.push((rng.below(catalog_len) as u16, 1)),
            OrderKind::Replacement(victim) => {
                let sku = self
                    .by_id
                    .get(&victim)
                    .and_then(|p| self.recs[*p as usize].units.first())
                    .map_or(0, |u| u.sku);
                picks.push((sku, 1));
            }
        }
        let free = !matches!(kind, OrderKind::Normal);
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
                units.push(LineItemRec {
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
        let fbt = shop.fbt && kind == OrderKind::Normal && rng.chance(0.15);
        let drawn_tiktok_shipping = fbt || rng.chance(0.7);
        let tiktok_shipping = match shop.shipping {
            ShippingMode::Mixed => drawn_tiktok_shipping,
            ShippingMode::Seller => false,
            ShippingMode::Tiktok => true,
        };
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
            cancel_text: None,
            cancelled_units: Vec::new(),
            indexed: false,
            indexed_update_time: t,
            indexed_status: OrderStatus::Unpaid,
            package_id: self.next_package_id,
            split: None,
            plan: Vec::new(),
            fulfilment: None,
        };
        let mut plan: Vec<(i64, LifecycleEvent)> = Vec::new();
        let release = if free {
            // Samples and replacements are created paid and ready to ship.
            rec.status = OrderStatus::AwaitingShipment;
            rec.paid_time = Some(t);
            rec.release_time = Some(t);
            Some(t)
        } else if rng.chance(0.08) {
            plan.push((
                t + UNPAID_TIMEOUT,
                LifecycleEvent::Cancel(Initiator::System, 0),
            ));
            None
        } else {
            let paid = t + rng.range(30, 1_200);
            plan.push((
                paid,
                if shop.has_on_hold() {
                    LifecycleEvent::Pay
                } else {
                    LifecycleEvent::PayWithoutHold
                },
            ));
            if rng.chance(0.03) {
                let reason = rng.below(BUYER_TO_SHIP_REASONS.len() as u64) as u8;
                plan.push((
                    paid + rng.range(300, ON_HOLD_FOR - 300),
                    LifecycleEvent::Cancel(Initiator::Buyer, reason),
                ));
                None
            } else {
                if shop.has_on_hold() {
                    plan.push((paid + ON_HOLD_FOR, LifecycleEvent::Release));
                }
                // Elsewhere the seller still waits out the buyer's hour before shipping.
                Some(paid + ON_HOLD_FOR)
            }
        };
        if let Some(rel) = release {
            let p = auto_ship_p(rel);
            if kind == OrderKind::Normal && rng.chance(0.04) {
                let req = rel + rng.range(HOUR, 20 * HOUR);
                let reason = rng.below(BUYER_TO_SHIP_REASONS.len() as u64) as u8;
                plan.push((req, LifecycleEvent::RequestCancel(reason)));
                plan.push((
                    req + CANCEL_REQUEST_AUTO_APPROVE,
                    LifecycleEvent::Cancel(Initiator::Buyer, reason),
                ));
            } else if kind == OrderKind::Normal && rng.chance(0.01) {
                plan.push((
                    rel + rng.range(2 * HOUR, 30 * HOUR),
                    LifecycleEvent::Cancel(Initiator::Seller, 0),
                ));
            } else if fbt || rng.chance(p) {
                let ship = rel
                    + if fbt {
                        rng.range(2 * HOUR, DAY)
                    } else {
                        rng.range(2 * HOUR, RTS_SLA)
                    };
                let carrier_events = lost_on_the_way(shop, &rec, after_ship(rng, ship));
                match split_shipment(shop, &rec, fbt) {
                    Some((split, second_ship_delay)) => {
                        rec.split = Some(split);
                        plan.extend(ship_in_two(&carrier_events, second_ship_delay));
                    }
                    None => plan.extend(carrier_events),
                }
            } else {
                plan.push((
                    rel + SHIPPING_DUE,
                    LifecycleEvent::Cancel(Initiator::System, 1),
                ));
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
        self.refresh_index(now);
    }

    pub(super) fn apply(&mut self, pos: u32, t: i64, ev: LifecycleEvent) {
        let rec = &mut self.recs[pos as usize];
        match ev {
            LifecycleEvent::Pay => {
                rec.status = OrderStatus::OnHold;
                rec.paid_time = Some(t);
                rec.on_hold = true;
            }
            LifecycleEvent::PayWithoutHold => {
                rec.status = OrderStatus::AwaitingShipment;
                rec.paid_time = Some(t);
                rec.release_time = Some(t);
            }
            LifecycleEvent::ShipFirstPackage => {
                rec.status = OrderStatus::PartiallyShipping;
                rec.rts_time = Some(t);
            }
            LifecycleEvent::Release => {
                rec.status = OrderStatus::AwaitingShipment;
                rec.release_time = Some(t);
            }
            LifecycleEvent::RequestCancel(_) => {
                rec.buyer_cancel_pending = true;
                rec.request_cancel_time = Some(t);
            }
            LifecycleEvent::Cancel(who, reason) => {
                rec.status = OrderStatus::Cancelled;
                rec.cancel_time = Some(t);
                rec.cancel = Some((who, reason));
                rec.buyer_cancel_pending = false;
            }
            LifecycleEvent::Ship => {
                rec.status = OrderStatus::AwaitingCollection;
                rec.rts_time.get_or_insert(t);
                if let Some(split) = rec.split.as_mut() {
                    split.shipped_at = Some(t);
                }
            }
            LifecycleEvent::Collect => {
                rec.status = OrderStatus::InTransit;
                rec.collection_time = Some(t);
            }
            LifecycleEvent::Deliver => {
                rec.status = OrderStatus::Delivered;
                rec.delivery_time = Some(t);
            }
            LifecycleEvent::Complete => rec.status = OrderStatus::Completed,
        }
        let order = self.recs[pos as usize].id;
        match ev {
            LifecycleEvent::ShipFirstPackage => self.ship_rest_generated(pos, t, true),
            LifecycleEvent::Ship => self.ship_rest_generated(pos, t, false),
            LifecycleEvent::RequestCancel(reason) => {
                self.record_cancel(
                    order,
                    true,
                    CancelState::Pending,
                    Initiator::Buyer,
                    generated_reason(Initiator::Buyer, reason),
                    t,
                    Vec::new(),
                );
            }
            // A buyer's pending request approved (by the seller, or by TikTok after 48 h).
            LifecycleEvent::Cancel(Initiator::Buyer, _)
                if self.settle_request(order, CancelState::Success, t) => {}
            LifecycleEvent::Cancel(who, reason) => {
                // A seller's or the system's cancel, or a buyer's during ON_HOLD, which is
                // accepted at once and shows as type CANCEL (OV:rr).
                let state = if who == Initiator::Seller {
                    CancelState::Success
                } else {
                    CancelState::Complete
                };
                self.record_cancel(
                    order,
                    false,
                    state,
                    who,
                    generated_reason(who, reason),
                    t,
                    Vec::new(),
                );
            }
            _ => {}
        }
        self.touched(pos, t);
    }

    /// The seller ships an AWAITING_SHIPMENT order now (as Mark Package As Shipped would);
    /// the carrier then collects and delivers it on its own schedule.
    pub fn ship(&mut self, id: u64, now: i64) -> Result<(), ShipError> {
        self.advance_to(now);
        let pos = *self.by_id.get(&id).ok_or(ShipError::NotFound)?;
        let rec = &self.recs[pos as usize];
        if !matches!(
            rec.status,
            OrderStatus::AwaitingShipment | OrderStatus::PartiallyShipping
        ) {
            return Err(ShipError::WrongStatus(rec.status.as_str()));
        }
        if rec.buyer_cancel_pending {
            return Err(ShipError::CancelPending);
        }
        let mut rng = Rng::new(derive(id, &[label("ship"), now as u64]));
        let plan = after_ship(&mut rng, now);
        self.replace_plan(pos, plan);
        self.advance_to(now);
        Ok(())
    }
}

/// Carrier events after the seller (or TikTok, or Seller Center) ships at `ship`.
pub(super) fn after_ship(rng: &mut Rng, ship: i64) -> Vec<(i64, LifecycleEvent)> {
    let collect = ship + rng.range(3 * HOUR, 30 * HOUR);
    let deliver = collect + rng.range(DAY, 5 * DAY);
    vec![
        (ship, LifecycleEvent::Ship),
        (collect, LifecycleEvent::Collect),
        (deliver, LifecycleEvent::Deliver),
        (deliver + COMPLETE_AFTER, LifecycleEvent::Complete),
    ]
}

/// Share of shipped orders whose package the carrier loses (write-api §D: system cancels
/// hit AWAITING_COLLECTION and IN_TRANSIT orders).
const LOST_SHARE: f64 = 0.02;
/// [`generated_reason`]'s system index of `package_lost`.
pub const LOST_PACKAGE: u8 = 3;

/// The carrier events, or, for a share of orders, the same up to collection and then a
/// system cancel (package lost) instead of delivery. Drawn from the order's own generator so
/// every other order stays as it was.
fn lost_on_the_way(
    shop: &ShopDef,
    rec: &OrderRec,
    events: Vec<(i64, LifecycleEvent)>,
) -> Vec<(i64, LifecycleEvent)> {
    let mut rng = Rng::new(derive(shop.seed, &[label("lost"), rec.id]));
    if !rng.chance(LOST_SHARE) {
        return events;
    }
    let mut out: Vec<(i64, LifecycleEvent)> = events
        .iter()
        .copied()
        .take_while(|(_, e)| *e != LifecycleEvent::Deliver)
        .collect();
    let collected = out.last().map_or(0, |(t, _)| *t);
    out.push((
        collected + rng.range(DAY, 4 * DAY),
        LifecycleEvent::Cancel(Initiator::System, LOST_PACKAGE),
    ));
    out
}

/// Share of eligible orders shipped in two packages.
const SPLIT_SHARE: f64 = 0.3;

/// Whether an order ships in two packages (PARTIALLY_SHIPPING in between, line items split
/// between the packages; fact sheet §5 status enum, SPEC `split_or_combine_tag` SPLIT), and
/// how long after the first the second ships. Only in shops whose packages exist from payment
/// (a US or UK local seller's package only appears when it ships), never for FBT orders, and
/// only with two or more line items. Drawn from the order's own generator so that the shop's
/// main sequence, and with it every other order, stays as it was.
fn split_shipment(shop: &ShopDef, rec: &OrderRec, fbt: bool) -> Option<(PackageSplit, i64)> {
    if fbt || rec.units.len() < 2 || !shop.packages_from_payment() {
        return None;
    }
    let mut rng = Rng::new(derive(shop.seed, &[label("split"), rec.id]));
    if !rng.chance(SPLIT_SHARE) {
        return None;
    }
    let from_unit = rng.range(1, rec.units.len() as i64 - 1) as u8;
    let delay = rng.range(HOUR, 2 * HOUR);
    Some((
        PackageSplit {
            package_id: rec.package_id + 1,
            from_unit,
            shipped_at: None,
        },
        delay,
    ))
}

/// The carrier events of a split order: the first package ships when the whole order would
/// have, the second `delay` later (before the carrier collects, at least 3 h after).
fn ship_in_two(carrier_events: &[(i64, LifecycleEvent)], delay: i64) -> Vec<(i64, LifecycleEvent)> {
    let mut out = Vec::with_capacity(carrier_events.len() + 1);
    for &(t, event) in carrier_events {
        if event == LifecycleEvent::Ship {
            out.push((t, LifecycleEvent::ShipFirstPackage));
            out.push((t + delay, LifecycleEvent::Ship));
        } else {
            out.push((t, event));
        }
    }
    out
}
