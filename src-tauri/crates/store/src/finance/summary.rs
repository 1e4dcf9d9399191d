//! A period's money by currency: what the statements of the period settled, from what
//! (revenue, shipping, fees and taxes by kind, adjustments by type, reserves), how much of it
//! is paid out, and totals per day or week for a small chart. Summed from the statements'
//! stored totals and amounts by kind (one row per statement), never from every transaction.
//!
//! A statement belongs to the day it covers (the day before its `statement_time`, UTC);
//! weeks start on Monday, UTC. Shops in different currencies are never added together.

use super::amounts::{at, parts_at};
use super::parts::{Parts, FEE, TAX};
use super::reads::FinanceQuery;
use crate::{Store, StoreError};
use rusqlite::params_from_iter;
use rust_decimal::Decimal;

const DAY: i64 = 86_400;

/// The chart's step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SummaryStep {
    Day,
    Week,
}

impl SummaryStep {
    /// The start of the step holding `t` (UTC; weeks from Monday).
    pub fn start_of(self, t: i64) -> i64 {
        let day = t.div_euclid(DAY);
        match self {
            SummaryStep::Day => day * DAY,
            // 1970-01-01 was a Thursday: Monday is 3 days before it.
            SummaryStep::Week => (day - (day + 3).rem_euclid(7)) * DAY,
        }
    }
}

/// One step of the chart.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SummaryBucket {
    /// Unix seconds of the step's first day (00:00 UTC).
    pub start: i64,
    pub settlement: Decimal,
    pub revenue: Decimal,
    pub shipping: Decimal,
    pub fee_tax: Decimal,
    pub adjustments: Decimal,
    /// Settlement plus reserve movements of the step's statements that TikTok paid.
    pub paid: Decimal,
}

/// One currency's period.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CurrencySummary {
    pub currency: String,
    pub statements: u32,
    /// Statements whose transactions are not all stored: their amounts by kind are missing
    /// from `parts` (their totals are counted).
    pub statements_incomplete: u32,
    /// TikTok's settlement of the statements.
    pub settlement: Decimal,
    pub revenue: Decimal,
    pub shipping: Decimal,
    /// Fees and taxes (negative).
    pub fee_tax: Decimal,
    /// The fee and tax parts of `fee_tax`, from the amounts by kind.
    pub fees: Decimal,
    pub taxes: Decimal,
    pub adjustments: Decimal,
    /// Reserve withheld (negative) and released (positive).
    pub reserve: Decimal,
    /// What is paid out (settlement plus reserve) by the statements' payment status.
    pub paid: Decimal,
    pub processing: Decimal,
    pub failed: Decimal,
    /// Every amount by kind (fees, taxes, shipping, adjustments by type, reserves).
    pub parts: Parts,
    pub buckets: Vec<SummaryBucket>,
    /// Orders settled in the period, and those whose parts do not add up to their settlement
    /// (with the differences' sum).
    pub orders_settled: u32,
    pub orders_with_gap: u32,
    pub gap_total: Decimal,
}

impl Store {
    /// The summary of the statements `q` selects (by `statement_time`; `offset` and `limit`
    /// are ignored), one entry per currency, charted by `step`.
    pub fn finance_summary(
        &self,
        q: &FinanceQuery,
        step: SummaryStep,
    ) -> Result<Vec<CurrencySummary>, StoreError> {
        self.read(|conn| {
            let (filter, args) = q.filter("t", "statement_time");
            let mut out: Vec<CurrencySummary> = Vec::new();
            let mut stmt = conn.prepare(&format!(
                "SELECT t.currency, t.statement_time, t.transactions_done, t.parts,
                        COALESCE(t.settlement_amount, t.total_settlement_amount),
                        COALESCE(t.total_revenue_amount, t.revenue_amount, t.net_sales_amount),
                        COALESCE(t.total_shipping_cost_amount, t.shipping_cost_amount),
                        COALESCE(t.total_fee_tax_amount, t.fee_amount),
                        COALESCE(t.total_adjustment_amount, t.adjustment_amount),
                        t.total_reserve_amount, t.payment_status
                 FROM finance_statements t WHERE {filter}
                 ORDER BY t.currency, t.statement_time"
            ))?;
            let mut rows = stmt.query(params_from_iter(args.iter()))?;
            while let Some(r) = rows.next()? {
                let currency: String = r.get(0)?;
                if out.last().is_none_or(|c| c.currency != currency) {
                    out.push(CurrencySummary {
                        currency: currency.clone(),
                        ..CurrencySummary::default()
                    });
                }
                let Some(c) = out.last_mut() else { continue };
                let time: i64 = r.get(1)?;
                let done: bool = r.get(2)?;
                let parts = parts_at(r, 3)?;
                let zero = |v: Option<Decimal>| v.unwrap_or_default();
                let settlement = zero(at(r, 4)?);
                let revenue = zero(at(r, 5)?);
                let shipping = zero(at(r, 6)?);
                let fee_tax = zero(at(r, 7)?);
                let adjustments = zero(at(r, 8)?);
                let reserve = zero(at(r, 9)?);
                let status: String = r.get(10)?;
                c.statements += 1;
                if !done {
                    c.statements_incomplete += 1;
                }
                c.settlement += settlement;
                c.revenue += revenue;
                c.shipping += shipping;
                c.fee_tax += fee_tax;
                c.fees += parts.group_total(FEE).unwrap_or_default();
                c.taxes += parts.group_total(TAX).unwrap_or_default();
                c.adjustments += adjustments;
                c.reserve += reserve;
                let payable = settlement + reserve;
                let paid = match status.as_str() {
                    "PAID" => {
                        c.paid += payable;
                        payable
                    }
                    "FAILED" => {
                        c.failed += payable;
                        Decimal::ZERO
                    }
                    _ => {
                        c.processing += payable;
                        Decimal::ZERO
                    }
                };
                c.parts.add_all(&parts);
                let start = step.start_of(time - DAY);
                if c.buckets.last().is_none_or(|b| b.start != start) {
                    c.buckets.push(SummaryBucket {
                        start,
                        ..SummaryBucket::default()
                    });
                }
                if let Some(b) = c.buckets.last_mut() {
                    b.settlement += settlement;
                    b.revenue += revenue;
                    b.shipping += shipping;
                    b.fee_tax += fee_tax;
                    b.adjustments += adjustments;
                    b.paid += paid;
                }
            }
            drop(rows);
            let (filter, args) = q.filter("t", "statement_time");
            let mut stmt = conn.prepare(&format!(
                "SELECT t.currency, t.settlement_gap FROM finance_order_earnings t
                 WHERE {filter} AND t.settlement_amount IS NOT NULL"
            ))?;
            let mut rows = stmt.query(params_from_iter(args.iter()))?;
            while let Some(r) = rows.next()? {
                let currency: String = r.get(0)?;
                let Some(c) = out.iter_mut().find(|c| c.currency == currency) else {
                    continue;
                };
                c.orders_settled += 1;
                if let Some(gap) = at(r, 1)? {
                    c.orders_with_gap += 1;
                    c.gap_total += gap;
                }
            }
            Ok(out)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weeks_start_on_monday_and_days_at_midnight_utc() {
        // 2025-06-11 was a Wednesday; its week began on Monday 2025-06-09.
        let wednesday_noon = 1_749_643_200;
        assert_eq!(SummaryStep::Day.start_of(wednesday_noon), 1_749_600_000);
        assert_eq!(SummaryStep::Week.start_of(wednesday_noon), 1_749_427_200);
        assert_eq!(SummaryStep::Week.start_of(1_749_427_200), 1_749_427_200);
        assert_eq!(SummaryStep::Week.start_of(1_749_427_199), 1_748_822_400);
    }
}
