//! Committed stock: the units open orders hold, and how orders move a SKU's available
//! quantity (write-api §E "TikTok itself moves sold units from available to committed").
//!
//! The sandbox's reading, where the docs say no more than "reserved by existing customer
//! orders": a unit is committed from the order's creation while the order is UNPAID, ON_HOLD,
//! AWAITING_SHIPMENT, PARTIALLY_SHIPPING or AWAITING_COLLECTION and the unit is not cancelled.
//! A unit newly committed leaves the available quantity; a committed unit that is cancelled
//! returns to it; one that ships (the order goes IN_TRANSIT or beyond) leaves committed for
//! good. Available never goes below 0 (orders are not refused for lack of stock).
//!
//! Orders live their lifecycle lazily in [`crate::orders::OrderStore`], so the ledger does not
//! hook into it: before products are read or written, [`Ledger::sync`] compares the orders it
//! saw open last time, and the orders created since, with their state now. The orders that
//! exist when the sandbox starts are taken as already counted in the generated quantities.

use crate::orders::{OrderRec, OrderStore};
use shopdock_tiktok::model::OrderStatus;
use std::collections::HashMap;

#[derive(Debug, Default)]
pub struct Ledger {
    started: bool,
    /// Orders seen so far (positions in the store; orders are only ever appended).
    seen: usize,
    /// Open orders at the last sync: order id -> its committed units.
    open: HashMap<u64, Vec<u16>>,
    /// (order catalog index, warehouse index) -> committed units.
    committed: HashMap<(u16, u8), i64>,
}

/// A change of available stock the ledger asks for: (order catalog index, warehouse, delta).
pub type Move = (u16, u8, i64);

fn holds_stock(status: OrderStatus) -> bool {
    matches!(
        status,
        OrderStatus::Unpaid
            | OrderStatus::OnHold
            | OrderStatus::AwaitingShipment
            | OrderStatus::PartiallyShipping
            | OrderStatus::AwaitingCollection
    )
}

fn cancelled(rec: &OrderRec, unit: u16) -> bool {
    rec.status == OrderStatus::Cancelled || rec.cancelled_units.contains(&unit)
}

/// The units of `rec` that hold stock now.
fn committed_units(rec: &OrderRec) -> Vec<u16> {
    if !holds_stock(rec.status) {
        return Vec::new();
    }
    (0..rec.units.len() as u16)
        .filter(|u| !rec.cancelled_units.contains(u))
        .collect()
}

/// The warehouse index of an order's units: the main warehouse, or the FBT one (the shop's
/// order `warehouse_id`, see [`crate::orders::render`]).
fn warehouse_of(rec: &OrderRec, warehouses: usize) -> u8 {
    u8::from(rec.fbt).min(warehouses.saturating_sub(1) as u8)
}

impl Ledger {
    /// Committed units of order-catalog SKU `index` in warehouse `wh`.
    pub fn committed(&self, index: u16, wh: u8) -> i64 {
        self.committed.get(&(index, wh)).copied().unwrap_or(0)
    }

    /// Brings the ledger up to the store's current state; returns the moves of available
    /// stock since the last sync (none on the first).
    pub fn sync(&mut self, store: &OrderStore, order_warehouses: usize) -> Vec<Move> {
        let mut moves = Vec::new();
        let open: Vec<u64> = self.open.keys().copied().collect();
        for id in open {
            let before = self.open.remove(&id).unwrap_or_default();
            let Some(rec) = store.get(id) else { continue };
            let wh = warehouse_of(rec, order_warehouses);
            let now = committed_units(rec);
            for u in before.iter().filter(|u| !now.contains(u)) {
                let sku = rec.units[usize::from(*u)].sku;
                self.add(sku, wh, -1);
                if cancelled(rec, *u) {
                    moves.push((sku, wh, 1));
                }
            }
            if !now.is_empty() {
                self.open.insert(id, now);
            }
        }
        for rec in store.recs_since(self.seen) {
            let wh = warehouse_of(rec, order_warehouses);
            let now = committed_units(rec);
            for (u, unit) in rec.units.iter().enumerate() {
                let u = u as u16;
                if now.contains(&u) {
                    self.add(unit.sku, wh, 1);
                }
                // Sold since the last look: committed now, or already shipped.
                if self.started && !cancelled(rec, u) {
                    moves.push((unit.sku, wh, -1));
                }
            }
            if !now.is_empty() {
                self.open.insert(rec.id, now);
            }
        }
        self.seen = store.len();
        self.started = true;
        moves
    }

    fn add(&mut self, sku: u16, wh: u8, delta: i64) {
        let n = self.committed.entry((sku, wh)).or_default();
        *n = (*n + delta).max(0);
    }
}
