//! Payments: "One statement corresponds to one payment. But in special cases (for example,
//! when the settlement amount is too small and does not meet the payment requirements),
//! multiple statements will combined as one payment" (OV:fin).
//!
//! The sandbox's reading: closed statements are taken in time order and their payable
//! amounts (settlement plus reserve) accumulated; when the sum reaches [`MIN_PAYOUT_UNITS`]
//! of the shop currency, one payment is initiated at that statement's time for all the
//! statements accumulated. Until then a statement waits: `payment_status` PROCESSING and no
//! `payment_id`. A payment is PROCESSING for one to three days, then PAID, or, for
//! [`FAILED_SHARE`] of them, FAILED. Derived on demand from the statements and the clock.

use super::ids::{self, DAY};
use super::ledger::FinanceLedger;
use crate::generator::ShopDef;
use crate::rng::{derive, label, Rng};
use shopdock_tiktok::finance::PaymentStatus;
use std::collections::HashMap;

/// The smallest payout, in major units of the shop currency.
pub const MIN_PAYOUT_UNITS: i64 = 10;
/// Share of payments the bank refuses.
pub const FAILED_SHARE: f64 = 0.02;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Payout {
    pub id: u64,
    /// When it was initiated: the time of the last statement it pays.
    pub create_time: i64,
    /// Times of the statements it pays.
    pub statements: Vec<i64>,
    /// Sums over those statements, in the shop currency.
    pub settlement: i64,
    pub reserve: i64,
    /// When it stops PROCESSING.
    pub done_at: i64,
    pub failed: bool,
}

impl Payout {
    pub fn status(&self, now: i64) -> PaymentStatus {
        match (now >= self.done_at, self.failed) {
            (false, _) => PaymentStatus::Processing,
            (true, true) => PaymentStatus::Failed,
            (true, false) => PaymentStatus::Paid,
        }
    }

    /// When the money arrived, for a paid payment.
    pub fn paid_time(&self, now: i64) -> Option<i64> {
        (self.status(now) == PaymentStatus::Paid).then_some(self.done_at)
    }
}

/// The shop's payments as of `now`, and which one pays each statement.
#[derive(Debug, Default)]
pub struct Payouts {
    /// In creation order.
    pub list: Vec<Payout>,
    /// Statement time -> index into `list`.
    of_statement: HashMap<i64, usize>,
}

impl Payouts {
    pub fn of_statement(&self, statement_time: i64) -> Option<&Payout> {
        self.of_statement
            .get(&statement_time)
            .and_then(|i| self.list.get(*i))
    }

    /// A statement's `(payment_status, payment_id)`.
    pub fn statement_payment(&self, statement_time: i64, now: i64) -> (PaymentStatus, String) {
        match self.of_statement(statement_time) {
            Some(p) => (p.status(now), p.id.to_string()),
            None => (PaymentStatus::Processing, String::new()),
        }
    }
}

pub fn payouts(shop: &ShopDef, ledger: &FinanceLedger, now: i64) -> Payouts {
    let minimum = MIN_PAYOUT_UNITS * 10i64.pow(shop.currency().decimals);
    let mut out = Payouts::default();
    let mut waiting: Vec<i64> = Vec::new();
    let (mut settlement, mut reserve) = (0, 0);
    for st in ledger.visible(now) {
        waiting.push(st.time);
        settlement += st.totals.settlement;
        reserve += st.totals.reserve;
        if settlement + reserve < minimum {
            continue;
        }
        let mut rng = Rng::new(derive(
            shop.seed,
            &[label("finance-payment"), st.time as u64],
        ));
        let index = out.list.len();
        for t in &waiting {
            out.of_statement.insert(*t, index);
        }
        out.list.push(Payout {
            id: ids::payment(shop.index, st.time),
            create_time: st.time,
            statements: std::mem::take(&mut waiting),
            settlement,
            reserve,
            done_at: st.time + rng.range(DAY, 3 * DAY),
            failed: rng.chance(FAILED_SHARE),
        });
        (settlement, reserve) = (0, 0);
    }
    out
}
