//! Finance ids: 19-digit numbers in the shop's id space ([`crate::orders::id_space`]), each
//! kind under its own prefix, each derived from what it belongs to (an order, a day), so the
//! same seed and the same orders give the same ids however often they are computed, and no
//! two records of any shop share one.

use crate::orders::{id_space, ORDER_ID_BASE};

pub const DAY: i64 = 86_400;

/// Prefixes (times 10^15) of each kind of id.
const STATEMENT: u64 = 1_723;
const PAYMENT: u64 = 1_345;
const TRANSACTION: u64 = 1_636;
const ADJUSTMENT: u64 = 1_724;
const RESERVE: u64 = 1_781;
const UNIT: u64 = 1_000_000_000_000_000;

/// Where day-numbered records sit in a kind's range, above every order-numbered one.
const DAY_BASE: u64 = 900_000_000_000_000;

/// What a finance record belongs to: its slot in the kind's range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Slot {
    /// The settlement of an order.
    Order(u64),
    /// An adjustment about an order (at most one per order).
    OrderAdjustment(u64),
    /// The reimbursement of an order the carrier lost.
    LostReimbursement(u64),
    /// The shipping fee of a free sample order.
    SampleFee(u64),
    /// Reserve withheld from an order's settlement.
    ReserveCollected(u64),
    /// That reserve paid out.
    ReserveReleased(u64),
    /// The adjustment without an order of a day (Unix day number).
    Day(i64),
}

impl Slot {
    fn local(self, shop_index: usize) -> u64 {
        let order = |id: u64, k: u64| {
            let seq = id.wrapping_sub(ORDER_ID_BASE + id_space(shop_index)) % (DAY_BASE / 8);
            seq * 8 + k
        };
        match self {
            Slot::Order(id) => order(id, 0),
            Slot::OrderAdjustment(id) => order(id, 1),
            Slot::LostReimbursement(id) => order(id, 2),
            Slot::SampleFee(id) => order(id, 3),
            Slot::ReserveCollected(id) => order(id, 4),
            Slot::ReserveReleased(id) => order(id, 5),
            Slot::Day(day) => DAY_BASE + day.rem_euclid((UNIT - DAY_BASE) as i64) as u64,
        }
    }
}

fn id(prefix: u64, shop_index: usize, local: u64) -> u64 {
    prefix * UNIT + id_space(shop_index) + local
}

/// The statement closed at `statement_time` (a midnight).
pub fn statement(shop_index: usize, statement_time: i64) -> u64 {
    id(
        STATEMENT,
        shop_index,
        statement_time.div_euclid(DAY).max(0) as u64,
    )
}

/// The statement time a statement id names, if it is one of this shop's.
pub fn statement_time(shop_index: usize, statement_id: u64) -> Option<i64> {
    let day = statement_id.checked_sub(STATEMENT * UNIT + id_space(shop_index))?;
    (day < DAY_BASE).then(|| day as i64 * DAY)
}

/// The payment initiated when the statement closed at `statement_time` closed.
pub fn payment(shop_index: usize, statement_time: i64) -> u64 {
    id(
        PAYMENT,
        shop_index,
        statement_time.div_euclid(DAY).max(0) as u64,
    )
}

pub fn transaction(shop_index: usize, slot: Slot) -> u64 {
    id(TRANSACTION, shop_index, slot.local(shop_index))
}

pub fn adjustment(shop_index: usize, slot: Slot) -> u64 {
    id(ADJUSTMENT, shop_index, slot.local(shop_index))
}

pub fn reserve(shop_index: usize, slot: Slot) -> u64 {
    id(RESERVE, shop_index, slot.local(shop_index))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_have_19_digits_and_statement_ids_name_their_day() {
        let order = ORDER_ID_BASE + id_space(36) + 12_345_678_901;
        for shop in [0, 4, 5, 36] {
            let st = statement(shop, 1_735_689_600);
            assert_eq!(statement_time(shop, st), Some(1_735_689_600));
            for n in [
                st,
                payment(shop, 1_735_689_600),
                transaction(shop, Slot::Order(order)),
                adjustment(shop, Slot::Day(20_000)),
                reserve(shop, Slot::ReserveReleased(order)),
            ] {
                assert_eq!(n.to_string().len(), 19, "{n}");
            }
        }
        assert_eq!(statement_time(1, statement(0, 1_735_689_600)), None);
    }

    #[test]
    fn each_slot_of_an_order_has_its_own_id() {
        let order = ORDER_ID_BASE + 77;
        let slots = [
            Slot::Order(order),
            Slot::OrderAdjustment(order),
            Slot::LostReimbursement(order),
            Slot::SampleFee(order),
            Slot::ReserveCollected(order),
            Slot::ReserveReleased(order),
            Slot::Day(20_000),
        ];
        let ids: std::collections::BTreeSet<u64> =
            slots.iter().map(|s| transaction(0, *s)).collect();
        assert_eq!(ids.len(), slots.len());
    }
}
