//! What the window and the CLI read: statements, one statement with its transactions,
//! payouts, what an order earned (with profit where the seller's costs allow), the orders
//! table's earnings columns, and a period summary.

use super::present::{
    all_parts, amount, parts_view, payment_view, statement_day, statement_row, transaction_view,
};
use super::profit::{order_profit, Currencies, Profit};
use super::views::{
    CurrencySummaryView, EarningsSkuView, FinanceQueryInput, FinanceSummaryInput,
    FinanceSummaryView, OrderEarningsRowView, OrderEarningsView, OrderTransactionView, PayoutView,
    StatementDetailView, StatementPageView, SummaryBucketView,
};
use crate::api::{ApiError, ErrorCode};
use crate::words::{ChartStep, EarningsSource, EarningsStatus, UnitsFrom};
use crate::Shopdock;
use shopdock_store::finance::parts::{ADJUSTMENT, FEE, SHIPPING, TAX};
use shopdock_store::finance::{
    CurrencySummary, FinanceQuery, OrderEarningsDetail, OrderEarningsRecord, SummaryStep,
    UnitsSource,
};
use shopdock_tiktok::finance::Decimal;

/// The statement times of the days `[from, to)`: a statement closes its day at the next
/// midnight, so the statements of those days are the ones at `(from, to]` (Get Statements'
/// own example: Oct 5 to Oct 10 is `ge` any time on Oct 5 after 00:00, `lt` any time on
/// Oct 11 after 00:00).
pub fn statement_times(from: Option<i64>, to: Option<i64>) -> (Option<i64>, Option<i64>) {
    (from.map(|f| f + 1), to.map(|t| t + 1))
}

pub(crate) fn statement_query(input: &FinanceQueryInput) -> FinanceQuery {
    let (from, to) = statement_times(input.from, input.to);
    FinanceQuery {
        shop_ids: input.shop_ids.clone(),
        from,
        to,
        offset: input.offset,
        limit: input.limit,
    }
}

/// Settlement plus the adjustments that name the order.
pub(crate) fn net(e: &OrderEarningsRecord) -> Option<Decimal> {
    match (e.settlement_amount, e.adjustment_amount) {
        (None, None) => None,
        (s, a) => Some(s.unwrap_or_default() + a.unwrap_or_default()),
    }
}

fn status(e: Option<&OrderEarningsRecord>) -> EarningsStatus {
    match e {
        Some(e) if e.settlement_amount.is_some() => EarningsStatus::Settled,
        Some(_) => EarningsStatus::AdjustmentsOnly,
        None => EarningsStatus::NotSettled,
    }
}

fn units_from(s: UnitsSource) -> UnitsFrom {
    match s {
        UnitsSource::Settled => UnitsFrom::Settled,
        UnitsSource::Ordered => UnitsFrom::Ordered,
    }
}

fn earnings_view(
    shop_id: &str,
    order_id: &str,
    detail: Option<OrderEarningsDetail>,
    profit: Profit,
) -> OrderEarningsView {
    let Some(detail) = detail else {
        return OrderEarningsView {
            shop_id: shop_id.to_owned(),
            order_id: order_id.to_owned(),
            status: EarningsStatus::NotSettled,
            source: None,
            currency: None,
            statement_id: None,
            statement_time: None,
            settled_day: None,
            revenue: None,
            shipping: None,
            fees: None,
            taxes: None,
            fee_tax: None,
            adjustments: None,
            reserve: None,
            settlement: None,
            parts_sum: None,
            gap: None,
            net: None,
            parts: Vec::new(),
            transactions: Vec::new(),
            skus: Vec::new(),
            cost: amount(profit.cost),
            profit: None,
            margin_percent: None,
            units_from: profit.units_from.map(units_from),
            profit_missing: profit.missing,
        };
    };
    let e = &detail.earnings;
    let skus = if detail.skus.is_empty() {
        profit
            .skus
            .iter()
            .map(|c| EarningsSkuView {
                sku_id: c.sku_id.clone(),
                sku_name: None,
                product_name: None,
                units: c.units,
                settlement: None,
                unit_cost: amount(c.unit_cost),
                cost: amount(c.cost),
            })
            .collect()
    } else {
        detail
            .skus
            .iter()
            .map(|s| {
                let c = profit.skus.iter().find(|c| c.sku_id == s.sku_id);
                EarningsSkuView {
                    sku_id: s.sku_id.clone(),
                    sku_name: s.sku_name.clone(),
                    product_name: s.product_name.clone(),
                    units: s.quantity,
                    settlement: amount(s.settlement_amount),
                    unit_cost: amount(c.and_then(|c| c.unit_cost)),
                    cost: amount(c.and_then(|c| c.cost)),
                }
            })
            .collect()
    };
    OrderEarningsView {
        shop_id: shop_id.to_owned(),
        order_id: order_id.to_owned(),
        status: status(Some(e)),
        source: Some(match e.source {
            shopdock_store::finance::EarningsSource::Statements => EarningsSource::Statements,
            shopdock_store::finance::EarningsSource::Order => EarningsSource::Order,
        }),
        currency: Some(e.currency.clone()).filter(|c| !c.is_empty()),
        statement_id: e.statement_id.clone(),
        statement_time: e.statement_time,
        settled_day: e.statement_time.map(statement_day),
        revenue: amount(e.revenue_amount),
        shipping: amount(e.shipping_cost_amount),
        fees: amount(e.fee_amount),
        taxes: amount(e.tax_amount),
        fee_tax: amount(e.fee_tax_amount),
        adjustments: amount(e.adjustment_amount),
        reserve: amount(e.reserve_amount),
        settlement: amount(e.settlement_amount),
        parts_sum: amount(e.parts_sum),
        gap: amount(e.settlement_gap),
        net: amount(net(e)),
        parts: all_parts(&e.parts),
        transactions: detail
            .transactions
            .into_iter()
            .map(|(statement_id, statement_time, t)| OrderTransactionView {
                statement_id,
                statement_time,
                transaction: transaction_view(t),
            })
            .collect(),
        skus,
        cost: amount(profit.cost),
        profit: amount(profit.profit),
        margin_percent: amount(profit.margin_percent),
        units_from: profit.units_from.map(units_from),
        profit_missing: profit.missing,
    }
}

fn summary_view(c: CurrencySummary) -> CurrencySummaryView {
    let by = |group: &str| parts_view(c.parts.of_group(group));
    let s = |d: Decimal| d.to_string();
    CurrencySummaryView {
        fees_by_kind: by(FEE),
        taxes_by_kind: by(TAX),
        shipping_by_kind: by(SHIPPING),
        adjustments_by_kind: by(ADJUSTMENT),
        buckets: c
            .buckets
            .iter()
            .map(|b| SummaryBucketView {
                start: b.start,
                day: super::present::iso_day(b.start),
                settlement: s(b.settlement),
                revenue: s(b.revenue),
                shipping: s(b.shipping),
                fee_tax: s(b.fee_tax),
                adjustments: s(b.adjustments),
                paid: s(b.paid),
            })
            .collect(),
        currency: c.currency,
        statements: c.statements,
        statements_incomplete: c.statements_incomplete,
        settlement: s(c.settlement),
        revenue: s(c.revenue),
        shipping: s(c.shipping),
        fee_tax: s(c.fee_tax),
        fees: s(c.fees),
        taxes: s(c.taxes),
        adjustments: s(c.adjustments),
        reserve: s(c.reserve),
        paid: s(c.paid),
        processing: s(c.processing),
        failed: s(c.failed),
        orders_settled: c.orders_settled,
        orders_with_gap: c.orders_with_gap,
        gap_total: s(c.gap_total),
    }
}

impl Shopdock {
    /// Statements of the days `input` selects, newest first, each with its payout.
    pub async fn finance_statements(
        &self,
        input: FinanceQueryInput,
    ) -> Result<StatementPageView, ApiError> {
        let q = statement_query(&input);
        let page = self.db(move |s| s.finance_statements(&q)).await?;
        Ok(StatementPageView {
            rows: page.rows.into_iter().map(statement_row).collect(),
            total: page.total,
        })
    }

    /// One statement with its transactions (orders, reserves, adjustments with and without
    /// an order) in TikTok's order.
    pub async fn finance_statement(
        &self,
        shop_id: &str,
        statement_id: &str,
    ) -> Result<StatementDetailView, ApiError> {
        let (shop, id) = (shop_id.to_owned(), statement_id.to_owned());
        let found = self.db(move |s| s.finance_statement(&shop, &id)).await?;
        let Some((row, transactions)) = found else {
            return Err(ApiError::new(
                ErrorCode::NotFound,
                format!("Shopdock has no statement {statement_id} of this shop: import the shop's finances first."),
            ));
        };
        let parts = all_parts(&row.parts);
        Ok(StatementDetailView {
            statement: statement_row(row),
            transactions: transactions.into_iter().map(transaction_view).collect(),
            parts,
        })
    }

    /// Payouts created in the days `input` selects, newest first.
    pub async fn finance_payments(
        &self,
        input: FinanceQueryInput,
    ) -> Result<Vec<PayoutView>, ApiError> {
        let q = FinanceQuery {
            shop_ids: input.shop_ids,
            from: input.from,
            to: input.to,
            offset: input.offset,
            limit: input.limit,
        };
        let rows = self.db(move |s| s.finance_payments(&q)).await?;
        Ok(rows
            .into_iter()
            .map(|(shop, p)| payment_view(shop, p))
            .collect())
    }

    /// What an order earned, as imported: TikTok's settlement, the parts and the gap between
    /// them, adjustments, and profit where the seller's costs allow. An order that is not
    /// settled (or whose statement is not imported yet) says so.
    pub async fn order_earnings(
        &self,
        shop_id: &str,
        order_id: &str,
    ) -> Result<OrderEarningsView, ApiError> {
        self.shop_record(shop_id).await?;
        let (shop, id) = (shop_id.to_owned(), order_id.to_owned());
        let (detail, units, costs, cost_currency) = self
            .db(move |s| {
                let ids = [id.clone()];
                Ok((
                    s.order_earnings(&shop, &id)?,
                    s.order_units(&shop, &ids)?.remove(&id),
                    s.sku_costs(&shop)?,
                    s.price_currency()?,
                ))
            })
            .await?;
        let e = detail.as_ref().map(|d| &d.earnings);
        let profit = order_profit(
            e.and_then(net),
            e.and_then(|e| e.revenue_amount),
            units.as_ref(),
            &costs,
            Currencies {
                order: e.map(|e| e.currency.as_str()),
                costs: cost_currency.as_deref(),
            },
        );
        Ok(earnings_view(shop_id, order_id, detail, profit))
    }

    /// The earnings columns of many orders of one shop (the orders table), in the order
    /// asked; an order with nothing imported is `not_settled`.
    pub async fn orders_earnings(
        &self,
        shop_id: &str,
        order_ids: Vec<String>,
    ) -> Result<Vec<OrderEarningsRowView>, ApiError> {
        self.shop_record(shop_id).await?;
        let shop = shop_id.to_owned();
        let ids = order_ids.clone();
        let (earnings, units, costs, cost_currency) = self
            .db(move |s| {
                Ok((
                    s.orders_earnings(&shop, &ids)?,
                    s.order_units(&shop, &ids)?,
                    s.sku_costs(&shop)?,
                    s.price_currency()?,
                ))
            })
            .await?;
        Ok(order_ids
            .into_iter()
            .map(|id| {
                let e = earnings.get(&id);
                let profit = order_profit(
                    e.and_then(net),
                    e.and_then(|e| e.revenue_amount),
                    units.get(&id),
                    &costs,
                    Currencies {
                        order: e.map(|e| e.currency.as_str()),
                        costs: cost_currency.as_deref(),
                    },
                );
                OrderEarningsRowView {
                    shop_id: shop_id.to_owned(),
                    status: status(e),
                    currency: e.map(|e| e.currency.clone()).filter(|c| !c.is_empty()),
                    revenue: amount(e.and_then(|e| e.revenue_amount)),
                    fee_tax: amount(e.and_then(|e| e.fee_tax_amount)),
                    shipping: amount(e.and_then(|e| e.shipping_cost_amount)),
                    settlement: amount(e.and_then(|e| e.settlement_amount)),
                    gap: amount(e.and_then(|e| e.settlement_gap)),
                    net: amount(e.and_then(net)),
                    profit: amount(profit.profit),
                    margin_percent: amount(profit.margin_percent),
                    order_id: id,
                }
            })
            .collect())
    }

    /// The period's money per currency, charted by day or week.
    pub async fn finance_summary(
        &self,
        input: FinanceSummaryInput,
    ) -> Result<FinanceSummaryView, ApiError> {
        if input.to <= input.from {
            return Err(crate::errors::CoreError::field(
                crate::api::FormField::To,
                "The end date must be after the start date.",
            )
            .into());
        }
        let (from, to) = statement_times(Some(input.from), Some(input.to));
        let q = FinanceQuery {
            shop_ids: input.shop_ids.clone(),
            from,
            to,
            ..FinanceQuery::default()
        };
        let step = match input.step {
            ChartStep::Day => SummaryStep::Day,
            ChartStep::Week => SummaryStep::Week,
        };
        let currencies = self.db(move |s| s.finance_summary(&q, step)).await?;
        Ok(FinanceSummaryView {
            from: input.from,
            to: input.to,
            step: input.step,
            currencies: currencies.into_iter().map(summary_view).collect(),
        })
    }
}
