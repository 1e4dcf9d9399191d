//! What the seller did through the fulfillment API: the packages of an order (which line
//! items, shipped when, with which tracking number and provider, handover and label), and the
//! state changes a shipment causes (write-api §A: AWAITING_COLLECTION once everything is
//! shipped, PARTIALLY_SHIPPING before, then IN_TRANSIT and DELIVERED on the carrier's scans).
//!
//! A generated order has no [`Fulfilment`]: its packages follow from its record
//! ([`super::packages`]). The first write to it makes them explicit ([`OrderStore::fulfilment`])
//! so that later writes and reads agree. The store also counts successful writes per order
//! and per package, so tests can prove a client wrote exactly once.

use super::lifecycle::{after_ship, LifecycleEvent};
use super::records::OrderRec;
use super::OrderStore;
use crate::fulfillment::model::{Dimension, PickupSlot, Weight};
use crate::rng::{derive, label, Rng};
use shopdock_tiktok::model::OrderStatus;
use std::collections::BTreeMap;

/// Where a shipped package's tracking number and provider come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CarrierInfo {
    /// Shipped on the sandbox's own schedule (or through Seller Center): the order's carrier
    /// and a number derived from the package id.
    Generated,
    /// Given by the seller, or assigned with a label the sandbox sold.
    Given {
        tracking_number: String,
        provider_id: String,
        provider_name: String,
    },
}

/// SPEC:fulfillment/ship-package `handover_method`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HandoverMethod {
    Pickup,
    DropOff,
}

impl HandoverMethod {
    pub fn as_str(self) -> &'static str {
        match self {
            HandoverMethod::Pickup => "PICKUP",
            HandoverMethod::DropOff => "DROP_OFF",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "PICKUP" => Some(HandoverMethod::Pickup),
            "DROP_OFF" => Some(HandoverMethod::DropOff),
            _ => None,
        }
    }
}

/// A label bought with Create Packages (SPEC:fulfillment/create-packages).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub service_id: String,
    pub weight: Weight,
    pub dimension: Option<Dimension>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shipment {
    pub carrier: CarrierInfo,
    pub shipped_at: i64,
    pub updated_at: i64,
    pub handover: Option<HandoverMethod>,
    pub pickup_slot: Option<PickupSlot>,
    pub label: Option<Label>,
    /// Update Package Shipping Info calls spent on this package.
    pub info_updates: u8,
}

impl Shipment {
    pub fn new(carrier: CarrierInfo, now: i64) -> Self {
        Self {
            carrier,
            shipped_at: now,
            updated_at: now,
            handover: None,
            pickup_slot: None,
            label: None,
            info_updates: 0,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackageRec {
    pub id: u64,
    /// Line items (unit indexes) it holds.
    pub units: Vec<u16>,
    pub created: i64,
    /// Visible before it ships (everyone but US/UK local sellers).
    pub exists_unshipped: bool,
    pub shipment: Option<Shipment>,
}

/// An order's packages once the fulfillment API has touched it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Fulfilment {
    pub packages: Vec<PackageRec>,
    /// Update Shipping Info (order version) calls spent.
    pub order_info_updates: u8,
}

impl Fulfilment {
    pub fn package(&self, id: u64) -> Option<&PackageRec> {
        self.packages.iter().find(|p| p.id == id)
    }

    /// Line items not yet in a shipped package.
    pub fn unshipped_units(&self) -> Vec<u16> {
        let mut v: Vec<u16> = self
            .packages
            .iter()
            .filter(|p| p.shipment.is_none())
            .flat_map(|p| p.units.iter().copied())
            .collect();
        v.sort_unstable();
        v
    }
}

/// Successful writes to one order (see [`crate::Control::write_counts`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WriteTally {
    pub by_endpoint: BTreeMap<&'static str, u32>,
}

/// The packages a generated order has now, made explicit.
fn derive_fulfilment(rec: &OrderRec, from_payment: bool) -> Fulfilment {
    let exists_unshipped = from_payment && rec.paid_time.is_some();
    let created = |shipped: Option<i64>| {
        if exists_unshipped {
            rec.paid_time.unwrap_or(rec.create_time)
        } else {
            shipped.unwrap_or(rec.create_time)
        }
    };
    let generated = |at: Option<i64>| at.map(|t| Shipment::new(CarrierInfo::Generated, t));
    let all: Vec<u16> = (0..rec.units.len() as u16).collect();
    let packages = match rec.split {
        Some(split) => {
            let (first, second) = all.split_at(usize::from(split.from_unit).min(all.len()));
            vec![
                PackageRec {
                    id: rec.package_id,
                    units: first.to_vec(),
                    created: created(rec.rts_time),
                    exists_unshipped,
                    shipment: generated(rec.rts_time),
                },
                PackageRec {
                    id: split.package_id,
                    units: second.to_vec(),
                    created: created(split.shipped_at),
                    exists_unshipped,
                    shipment: generated(split.shipped_at),
                },
            ]
        }
        None => vec![PackageRec {
            id: rec.package_id,
            units: all,
            created: created(rec.rts_time),
            exists_unshipped,
            shipment: generated(rec.rts_time),
        }],
    };
    Fulfilment {
        packages,
        order_info_updates: 0,
    }
}

impl OrderStore {
    /// Position of an order in the store.
    pub fn position(&self, id: u64) -> Option<u32> {
        self.by_id.get(&id).copied()
    }

    pub fn rec_mut(&mut self, pos: u32) -> &mut OrderRec {
        &mut self.recs[pos as usize]
    }

    /// The order holding package `id` (shown or not).
    /// A package id as a request sends it (text), with the position of its order: `None`
    /// when it is not a number or no order of this shop has it.
    pub fn package_position(&self, package_id: &str) -> Option<(u64, u32)> {
        let pid: u64 = package_id.trim().parse().ok()?;
        let pos = self.position(self.order_of_package(pid)?)?;
        Some((pid, pos))
    }

    pub fn order_of_package(&self, id: u64) -> Option<u64> {
        self.by_package.get(&id).copied()
    }

    /// The order's packages, explicit (derived from the record on first use).
    pub fn fulfilment(&self, pos: u32, from_payment: bool) -> Fulfilment {
        let rec = &self.recs[pos as usize];
        rec.fulfilment
            .as_deref()
            .cloned()
            .unwrap_or_else(|| derive_fulfilment(rec, from_payment))
    }

    /// Orders whose packages carry tracking number `number` (seller-given numbers only).
    pub fn orders_with_tracking(&self, number: &str) -> &[u64] {
        self.tracking_index
            .get(number)
            .map_or(&[], |v| v.as_slice())
    }

    /// Ships line items `units` of the order at `pos` in one package and returns its id: an
    /// unshipped package holding exactly these items ships as it is; otherwise the items are
    /// taken out of their packages into a new one (an in-shipping split, OV:ful). A package
    /// not yet visible (US/UK local) lends its id to the shipped part.
    pub fn ship_units(
        &mut self,
        pos: u32,
        from_payment: bool,
        units: &[u16],
        shipment: Shipment,
        now: i64,
    ) -> u64 {
        let mut f = self.fulfilment(pos, from_payment);
        let mut wanted = units.to_vec();
        wanted.sort_unstable();
        let exact = f.packages.iter().position(|p| {
            let mut have = p.units.clone();
            have.sort_unstable();
            p.shipment.is_none() && have == wanted
        });
        let id = match exact {
            Some(i) => {
                f.packages[i].shipment = Some(shipment.clone());
                f.packages[i].id
            }
            None => {
                let lender = f
                    .packages
                    .iter()
                    .position(|p| {
                        p.shipment.is_none()
                            && !p.exists_unshipped
                            && wanted.iter().all(|u| p.units.contains(u))
                    })
                    .map(|i| f.packages[i].id);
                self.next_package_id += 7;
                let fresh = self.next_package_id;
                let order_id = self.recs[pos as usize].id;
                self.by_package.insert(fresh, order_id);
                for p in f.packages.iter_mut().filter(|p| p.shipment.is_none()) {
                    p.units.retain(|u| !wanted.contains(u));
                    if Some(p.id) == lender {
                        // The remainder takes the fresh id; the shipped part the old one.
                        p.id = fresh;
                    }
                }
                f.packages
                    .retain(|p| !p.units.is_empty() || p.shipment.is_some());
                let id = lender.unwrap_or(fresh);
                f.packages.push(PackageRec {
                    id,
                    units: wanted,
                    created: now,
                    exists_unshipped: false,
                    shipment: Some(shipment.clone()),
                });
                id
            }
        };
        self.index_tracking(&shipment.carrier, pos);
        self.recs[pos as usize].fulfilment = Some(Box::new(f));
        self.after_shipment(pos, now);
        id
    }

    fn index_tracking(&mut self, carrier: &CarrierInfo, pos: u32) {
        if let CarrierInfo::Given {
            tracking_number, ..
        } = carrier
        {
            let id = self.recs[pos as usize].id;
            let users = self
                .tracking_index
                .entry(tracking_number.clone())
                .or_default();
            if !users.contains(&id) {
                users.push(id);
            }
        }
    }

    /// After a shipment: AWAITING_COLLECTION (and the carrier's scans scheduled) once every
    /// line item is shipped, else PARTIALLY_SHIPPING with nothing scheduled until the rest
    /// ships (write-api §A, fact sheet §5).
    fn after_shipment(&mut self, pos: u32, now: i64) {
        let rec = &self.recs[pos as usize];
        let left = rec
            .fulfilment
            .as_ref()
            .map_or(0, |f| f.unshipped_units().len());
        if left == 0 {
            let mut rng = Rng::new(derive(rec.id, &[label("ship"), now as u64]));
            let plan = after_ship(&mut rng, now);
            self.replace_plan(pos, plan);
            self.advance_to(now);
        } else {
            self.replace_plan(pos, Vec::new());
            let rec = &mut self.recs[pos as usize];
            rec.status = OrderStatus::PartiallyShipping;
            rec.rts_time.get_or_insert(now);
            self.touched(pos, now);
        }
    }

    /// Replaces the order's remaining lifecycle (`plan` in time order).
    pub(super) fn replace_plan(&mut self, pos: u32, mut plan: Vec<(i64, LifecycleEvent)>) {
        let id = self.recs[pos as usize].id;
        if let Some((due, _)) = self.recs[pos as usize].plan.last() {
            self.pending.remove(&(*due, id, pos));
        }
        plan.reverse();
        self.recs[pos as usize].plan = plan;
        if let Some((due, _)) = self.recs[pos as usize].plan.last() {
            self.pending.insert((*due, id, pos));
        }
    }

    /// Replaces a shipped package's tracking number and provider (Update Shipping Info).
    pub fn update_carrier(
        &mut self,
        pos: u32,
        from_payment: bool,
        package_id: u64,
        carrier: CarrierInfo,
        now: i64,
        order_version: bool,
    ) {
        let mut f = self.fulfilment(pos, from_payment);
        let order_id = self.recs[pos as usize].id;
        if let Some(s) = f
            .packages
            .iter_mut()
            .find(|p| p.id == package_id)
            .and_then(|p| p.shipment.as_mut())
        {
            if let CarrierInfo::Given {
                tracking_number, ..
            } = &s.carrier
            {
                if let Some(users) = self.tracking_index.get_mut(tracking_number) {
                    users.retain(|o| *o != order_id);
                }
            }
            s.carrier = carrier.clone();
            s.updated_at = now;
            if !order_version {
                s.info_updates = s.info_updates.saturating_add(1);
            }
        }
        if order_version {
            f.order_info_updates = f.order_info_updates.saturating_add(1);
        }
        self.recs[pos as usize].fulfilment = Some(Box::new(f));
        self.index_tracking(&carrier, pos);
        self.touched(pos, now);
    }

    /// Counts one successful write of `endpoint` to `order` (and `package`).
    pub fn count_write(&mut self, order: u64, package: Option<u64>, endpoint: &'static str) {
        *self
            .writes
            .entry(order)
            .or_default()
            .by_endpoint
            .entry(endpoint)
            .or_default() += 1;
        if let Some(p) = package {
            *self.package_writes.entry(p).or_default() += 1;
        }
    }

    pub fn write_tally(&self, order: u64) -> WriteTally {
        self.writes.get(&order).cloned().unwrap_or_default()
    }

    /// Writes per package of `order`.
    pub fn package_write_counts_of(&self, order: u64) -> BTreeMap<u64, u32> {
        self.package_writes
            .iter()
            .filter(|(p, _)| self.by_package.get(p) == Some(&order))
            .map(|(p, n)| (*p, *n))
            .collect()
    }

    pub fn package_write_count(&self, package: u64) -> u32 {
        self.package_writes.get(&package).copied().unwrap_or(0)
    }

    /// Every order with at least one write: id -> writes.
    pub fn all_write_counts(&self) -> BTreeMap<u64, u32> {
        self.writes
            .iter()
            .map(|(id, t)| (*id, t.by_endpoint.values().sum()))
            .collect()
    }

    /// Marks the order's unshipped packages shipped on the sandbox's own schedule (a
    /// scheduled `Ship` event, or [`crate::Control::ship_order`], on an order the API
    /// touched before).
    pub(super) fn ship_rest_generated(&mut self, pos: u32, t: i64, first_only: bool) {
        if let Some(f) = self.recs[pos as usize].fulfilment.as_mut() {
            for p in f.packages.iter_mut().filter(|p| p.shipment.is_none()) {
                p.shipment = Some(Shipment::new(CarrierInfo::Generated, t));
                if first_only {
                    break;
                }
            }
        }
    }
}
