//! The control API's finance powers (see [`crate::Control`]): the sandbox's own statements,
//! transactions, per-order settlements and payments as of now (the truth an import is
//! compared with), the finance call counts, and a year of settled history.

use super::breakdown::order_money;
use super::events::{Entry, EntryKind};
use super::ledger::FinanceCallCounts;
use super::payouts::payouts;
use super::{market, synced};
use crate::control::Control;
use crate::generator::ShopDef;
use crate::state::ShopCell;
use crate::SandboxError;
use serde::Serialize;

/// A closed statement as the sandbox keeps it. Amounts are decimal strings in the shop
/// currency, whatever the market lets Get Statements show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FinanceStatement {
    pub id: String,
    pub statement_time: i64,
    pub currency: String,
    /// TikTok's truth: orders' settlements plus adjustments.
    pub settlement_amount: String,
    pub revenue_amount: String,
    pub shipping_cost_amount: String,
    pub fee_tax_amount: String,
    pub adjustment_amount: String,
    pub reserve_amount: String,
    /// Settlement plus reserve.
    pub payable_amount: String,
    /// Empty while the statement waits to be paid with later ones.
    pub payment_id: String,
    pub payment_status: String,
    pub transaction_count: usize,
}

/// One transaction of a statement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FinanceTransaction {
    pub id: String,
    /// `ORDER`, `RESERVE` or the adjustment type.
    pub kind: String,
    /// The order it concerns (an adjustment may concern none).
    pub order_id: Option<String>,
    pub adjustment_id: Option<String>,
    pub reserve_id: Option<String>,
    /// What Get Statement Transactions sorts by.
    pub sort_time: i64,
    pub settlement_amount: String,
    pub reserve_amount: String,
}

/// What a settled order earned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FinanceOrder {
    pub order_id: String,
    pub statement_id: String,
    pub statement_time: i64,
    pub currency: String,
    pub revenue_amount: String,
    pub shipping_cost_amount: String,
    pub fee_tax_amount: String,
    /// Revenue + shipping + fees and taxes, with their signs.
    pub parts_sum: String,
    /// TikTok's `settlement_amount`.
    pub settlement_amount: String,
    /// Whether `settlement_amount` differs from `parts_sum` (the documented example's case).
    pub disagrees: bool,
}

/// A payment and the statements it pays.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FinancePayment {
    pub id: String,
    pub create_time: i64,
    pub status: String,
    pub currency: String,
    pub settlement_amount: String,
    pub reserve_amount: String,
    /// The payout currency and the amount in it.
    pub payout_currency: String,
    pub amount: String,
    pub statement_ids: Vec<String>,
    pub paid_time: Option<i64>,
}

fn fmt(shop: &ShopDef, minor: i64) -> String {
    shop.currency().format(minor)
}

fn transaction_info(shop: &ShopDef, e: &Entry) -> FinanceTransaction {
    let (kind, order, adjustment, reserve, settlement, held) = match &e.kind {
        EntryKind::Order { order_id, .. } => {
            ("ORDER".to_string(), Some(*order_id), None, None, 0, 0)
        }
        EntryKind::Adjustment {
            adjustment_id,
            kind,
            order_id,
            amount,
        } => (
            kind.as_str().to_string(),
            *order_id,
            Some(*adjustment_id),
            None,
            *amount,
            0,
        ),
        EntryKind::Reserve {
            reserve_id,
            order_id,
            amount,
            ..
        } => (
            "RESERVE".to_string(),
            Some(*order_id),
            None,
            Some(*reserve_id),
            0,
            *amount,
        ),
    };
    FinanceTransaction {
        id: e.id.to_string(),
        kind,
        order_id: order.map(|o| o.to_string()),
        adjustment_id: adjustment.map(|a| a.to_string()),
        reserve_id: reserve.map(|r| r.to_string()),
        sort_time: e.sort_time,
        settlement_amount: fmt(shop, settlement),
        reserve_amount: fmt(shop, held),
    }
}

impl Control {
    fn finance_shop(&self, key: &str) -> Result<&ShopCell, SandboxError> {
        self.inner
            .shop(key)
            .ok_or_else(|| SandboxError::UnknownShop(key.to_string()))
    }

    /// `shop`'s statements closed by now, oldest first.
    pub fn finance_statements(&self, shop: &str) -> Result<Vec<FinanceStatement>, SandboxError> {
        let cell = self.finance_shop(shop)?;
        let s = synced(&self.inner, cell);
        let def = &cell.def;
        let paid = payouts(def, &s.ledger, s.now);
        Ok(s.ledger
            .visible(s.now)
            .map(|st| {
                let t = &st.totals;
                let (status, payment_id) = paid.statement_payment(st.time, s.now);
                FinanceStatement {
                    id: st.id.to_string(),
                    statement_time: st.time,
                    currency: def.currency().code.to_string(),
                    settlement_amount: fmt(def, t.settlement),
                    revenue_amount: fmt(def, t.revenue),
                    shipping_cost_amount: fmt(def, t.shipping),
                    fee_tax_amount: fmt(def, t.fee_tax),
                    adjustment_amount: fmt(def, t.adjustment),
                    reserve_amount: fmt(def, t.reserve),
                    payable_amount: fmt(def, t.payable()),
                    payment_id,
                    payment_status: status.as_str().to_string(),
                    transaction_count: st.entries.len(),
                }
            })
            .collect())
    }

    /// The transactions of `shop`'s closed statement `statement_id`, in Get Statement
    /// Transactions' order (`order_create_time`, then id).
    pub fn finance_transactions(
        &self,
        shop: &str,
        statement_id: &str,
    ) -> Result<Vec<FinanceTransaction>, SandboxError> {
        let cell = self.finance_shop(shop)?;
        let s = synced(&self.inner, cell);
        let st = statement_id
            .trim()
            .parse()
            .ok()
            .and_then(|id| super::ids::statement_time(cell.def.index, id))
            .and_then(|time| s.ledger.statement_at(time, s.now))
            .ok_or_else(|| {
                SandboxError::Invalid(format!("no closed statement {statement_id} in {shop}"))
            })?;
        Ok(st
            .entries
            .iter()
            .map(|e| transaction_info(&cell.def, e))
            .collect())
    }

    /// What `shop`'s order earned, once its statement is closed (`None` before).
    pub fn finance_order(
        &self,
        shop: &str,
        order_id: &str,
    ) -> Result<Option<FinanceOrder>, SandboxError> {
        let cell = self.finance_shop(shop)?;
        let id: u64 = order_id
            .trim()
            .parse()
            .map_err(|_| SandboxError::UnknownOrder(order_id.to_string()))?;
        let s = synced(&self.inner, cell);
        let def = &cell.def;
        Ok(s.ledger.order_statement(id, s.now).map(|(st, pos)| {
            let m = order_money(def, s.store.rec(pos));
            FinanceOrder {
                order_id: id.to_string(),
                statement_id: st.id.to_string(),
                statement_time: st.time,
                currency: def.currency().code.to_string(),
                revenue_amount: fmt(def, m.total.revenue()),
                shipping_cost_amount: fmt(def, m.total.shipping()),
                fee_tax_amount: fmt(def, m.total.fee_tax()),
                parts_sum: fmt(def, m.total.sum()),
                settlement_amount: fmt(def, m.settlement),
                disagrees: m.disagrees,
            }
        }))
    }

    /// `shop`'s payments as of now, oldest first (none in SEA, where Get Payments does not
    /// exist; the statements still name their payments).
    pub fn finance_payments(&self, shop: &str) -> Result<Vec<FinancePayment>, SandboxError> {
        let cell = self.finance_shop(shop)?;
        let s = synced(&self.inner, cell);
        let def = &cell.def;
        let (to, rate) = market::payout_currency(def);
        let paid = payouts(def, &s.ledger, s.now);
        Ok(paid
            .list
            .iter()
            .map(|p| FinancePayment {
                id: p.id.to_string(),
                create_time: p.create_time,
                status: p.status(s.now).as_str().to_string(),
                currency: def.currency().code.to_string(),
                settlement_amount: fmt(def, p.settlement),
                reserve_amount: fmt(def, p.reserve),
                payout_currency: to.code.to_string(),
                amount: to.format(market::exchange(
                    p.settlement + p.reserve,
                    def.currency(),
                    to,
                    rate,
                )),
                statement_ids: p
                    .statements
                    .iter()
                    .map(|t| super::ids::statement(def.index, *t).to_string())
                    .collect(),
                paid_time: p.paid_time(s.now),
            })
            .collect())
    }

    /// How many orders of `shop` are settled in statements closed by now.
    pub fn settled_order_count(&self, shop: &str) -> Result<usize, SandboxError> {
        let cell = self.finance_shop(shop)?;
        let s = synced(&self.inner, cell);
        Ok(s.ledger.settled_orders(s.now))
    }

    /// The finance calls `shop` has had answered (refusals included), per endpoint.
    pub fn finance_call_counts(&self, shop: &str) -> Result<FinanceCallCounts, SandboxError> {
        let cell = self.finance_shop(shop)?;
        let calls = crate::state::lock(&cell.finance).calls;
        Ok(calls)
    }
}
