//! TikTok's finance records as the store keeps them. Every breakdown amount that is not zero
//! becomes a part named `group.field` in the reference's order (see
//! `shopdock_store::finance::parts`): revenue, shipping, fees and taxes add up to a
//! settlement; the supplementary amounts ("do not directly contribute") and the SEA
//! affiliate commission restated before tax (already in `affiliate_commission_amount`) are
//! kept as `supplementary.*`, outside every sum.

use shopdock_store::finance::parts::{
    kind, Parts, ADJUSTMENT, FEE, RESERVE, REVENUE, SHIPPING, SUPPLEMENTARY, TAX,
};
use shopdock_store::finance::{
    Money, OrderSettlementRecord, PaymentRecord, SkuSettlementRecord, StatementRecord,
    StatementTotals, TransactionRecord,
};
use shopdock_tiktok::finance::{
    Amount, Decimal, FeeTaxBreakdown, Fees, OrderTransactionsData, Payment, RevenueBreakdown,
    ShippingCostBreakdown, ShippingSupplementary, SkuTransaction, Statement, StatementTransaction,
    StatementTransactionsData, Taxes, TransactionSupplementary, TransactionType,
};

/// The fee restated before personal income tax: part of the fees' list, not of their sum.
const FEE_BEFORE_PIT: &str = "affiliate_commission_amount_before_pit";

fn add_all(parts: &mut Parts, group: &str, amounts: Vec<(&'static str, Option<Decimal>)>) {
    for (name, amount) in amounts {
        if let Some(a) = amount {
            let group = if group == FEE && name == FEE_BEFORE_PIT {
                SUPPLEMENTARY
            } else {
                group
            };
            parts.add(&kind(group, name), a);
        }
    }
}

/// The parts of an order's (or a SKU's) breakdowns.
fn breakdown_parts(
    revenue: Option<&RevenueBreakdown>,
    shipping: Option<&ShippingCostBreakdown>,
    fee_tax: Option<&FeeTaxBreakdown>,
    supplementary: Option<&TransactionSupplementary>,
) -> Parts {
    let mut parts = Parts::default();
    if let Some(r) = revenue {
        add_all(&mut parts, REVENUE, r.amounts());
    }
    if let Some(s) = shipping {
        add_all(&mut parts, SHIPPING, s.amounts());
        if let Some(x) = &s.supplementary_component {
            add_all(&mut parts, SUPPLEMENTARY, x.amounts());
        }
    }
    if let Some(f) = fee_tax {
        if let Some(fee) = &f.fee {
            add_all(&mut parts, FEE, fee.amounts());
        }
        if let Some(tax) = &f.tax {
            add_all(&mut parts, TAX, tax.amounts());
        }
    }
    if let Some(x) = supplementary {
        add_all(&mut parts, SUPPLEMENTARY, x.amounts());
    }
    parts
}

/// Every kind a breakdown can name, in the reference's order (the export's columns).
pub fn known_kinds() -> Vec<String> {
    let mut out = Vec::new();
    let mut push = |group: &str, names: Vec<(&'static str, Option<Decimal>)>| {
        for (name, _) in names {
            let group = if group == FEE && name == FEE_BEFORE_PIT {
                SUPPLEMENTARY
            } else {
                group
            };
            let k = kind(group, name);
            if !out.contains(&k) {
                out.push(k);
            }
        }
    };
    push(REVENUE, RevenueBreakdown::default().amounts());
    push(SHIPPING, ShippingCostBreakdown::default().amounts());
    push(FEE, Fees::default().amounts());
    push(TAX, Taxes::default().amounts());
    push(SUPPLEMENTARY, TransactionSupplementary::default().amounts());
    push(SUPPLEMENTARY, ShippingSupplementary::default().amounts());
    out
}

fn blank_none(s: &str) -> Option<String> {
    (!s.trim().is_empty()).then(|| s.to_owned())
}

/// A statement of Get Statements; `None` for one without an id or a time (it cannot be kept
/// apart from others or placed in time).
pub fn statement(s: &Statement) -> Option<StatementRecord> {
    let time = s.statement_time?;
    blank_none(&s.id)?;
    Some(StatementRecord {
        statement_id: s.id.clone(),
        statement_time: time,
        currency: s.currency.clone(),
        settlement_amount: s.settlement_amount,
        revenue_amount: s.revenue_amount,
        fee_amount: s.fee_amount,
        adjustment_amount: s.adjustment_amount,
        net_sales_amount: s.net_sales_amount,
        shipping_cost_amount: s.shipping_cost_amount,
        payment_status: s.payment_status.as_str().to_owned(),
        payment_id: blank_none(&s.payment_id),
        raw_json: serde_json::to_string(s).unwrap_or_else(|_| "{}".into()),
    })
}

fn money(a: &Option<Amount>) -> Option<Money> {
    let a = a.as_ref()?;
    Some(Money {
        amount: a.value?,
        currency: a.currency.clone(),
    })
}

/// A payment of Get Payments; `None` for one without an id.
pub fn payment(p: &Payment) -> Option<PaymentRecord> {
    blank_none(&p.id)?;
    Some(PaymentRecord {
        payment_id: p.id.clone(),
        create_time: p.create_time,
        status: p.status.as_str().to_owned(),
        amount: money(&p.amount),
        settlement_amount: money(&p.settlement_amount),
        reserve_amount: money(&p.reserve_amount),
        before_exchange: money(&p.payment_amount_before_exchange),
        exchange_rate: p.exchange_rate,
        paid_time: p.paid_time,
        bank_account: p.bank_account.clone(),
        raw_json: serde_json::to_string(p).unwrap_or_else(|_| "{}".into()),
    })
}

/// A statement's totals from a page of Get Statement Transactions.
pub fn totals(d: &StatementTransactionsData<StatementTransaction>) -> StatementTotals {
    let b = d.total_settlement_breakdown.as_ref();
    StatementTotals {
        payable_amount: d.payable_amount,
        reserve_amount: d.total_reserve_amount,
        settlement_amount: d.total_settlement_amount,
        revenue_amount: b.and_then(|b| b.total_revenue_amount),
        shipping_cost_amount: b.and_then(|b| b.total_shipping_cost_amount),
        fee_tax_amount: b.and_then(|b| b.total_fee_tax_amount),
        adjustment_amount: b.and_then(|b| b.total_adjustment_amount),
        transaction_count: d.total_count,
    }
}

/// A transaction of Get Statement Transactions. The order it concerns is the settled order,
/// the adjustment's order or the reserve's associated order, whichever its type fills.
pub fn transaction(t: &StatementTransaction) -> TransactionRecord {
    let order_id = match t.kind {
        TransactionType::Order => blank_none(&t.order_id),
        TransactionType::Reserve => blank_none(&t.associated_order_id),
        _ => blank_none(&t.adjustment_order_id),
    }
    .or_else(|| blank_none(&t.order_id))
    .or_else(|| blank_none(&t.adjustment_order_id))
    .or_else(|| blank_none(&t.associated_order_id));
    let mut parts = breakdown_parts(
        t.revenue_breakdown.as_ref(),
        t.shipping_cost_breakdown.as_ref(),
        t.fee_tax_breakdown.as_ref(),
        t.supplementary_component.as_ref(),
    );
    if t.kind.is_adjustment() {
        if let Some(a) = t.adjustment_amount.or(t.settlement_amount) {
            parts.add(&kind(ADJUSTMENT, t.kind.as_str()), a);
        }
    }
    if let Some(r) = t.reserve_amount {
        let status = t.reserve_status.as_str();
        parts.add(
            &kind(RESERVE, if status.is_empty() { "OTHER" } else { status }),
            r,
        );
    }
    TransactionRecord {
        transaction_id: t.id.clone(),
        kind: t.kind.as_str().to_owned(),
        order_id,
        order_create_time: t.order_create_time,
        adjustment_id: blank_none(&t.adjustment_id),
        reserve_id: blank_none(&t.reserve_id),
        reserve_status: blank_none(t.reserve_status.as_str()),
        estimated_release_time: t.estimated_release_time,
        settlement_amount: t.settlement_amount,
        revenue_amount: t.revenue_amount,
        shipping_cost_amount: t.shipping_cost_amount,
        fee_tax_amount: t.fee_tax_amount,
        adjustment_amount: t.adjustment_amount,
        reserve_amount: t.reserve_amount,
        parts,
    }
}

fn sku(s: &SkuTransaction) -> SkuSettlementRecord {
    SkuSettlementRecord {
        statement_id: blank_none(&s.statement_id),
        sku_id: blank_none(&s.sku_id),
        sku_name: blank_none(&s.sku_name),
        product_name: blank_none(&s.product_name),
        quantity: s.quantity,
        settlement_amount: s.settlement_amount,
        revenue_amount: s.revenue_amount,
        shipping_cost_amount: s.shipping_cost_amount,
        fee_tax_amount: s.fee_tax_amount,
        parts: breakdown_parts(
            s.revenue_breakdown.as_ref(),
            s.shipping_cost_breakdown.as_ref(),
            s.fee_tax_breakdown.as_ref(),
            None,
        ),
    }
}

/// Get Order Transactions' answer for `order_id` (TikTok's `order_id` is empty for an order
/// it has not settled).
pub fn order_settlement(
    order_id: &str,
    d: &OrderTransactionsData<SkuTransaction>,
) -> OrderSettlementRecord {
    OrderSettlementRecord {
        order_id: order_id.to_owned(),
        currency: d.currency.clone(),
        revenue_amount: d.revenue_amount,
        fee_tax_amount: d.fee_and_tax_amount,
        shipping_cost_amount: d.shipping_cost_amount,
        settlement_amount: d.settlement_amount,
        skus: d.sku_transactions.iter().map(sku).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn breakdowns_become_parts_with_the_pre_tax_restatement_and_references_outside_the_sums() {
        let t: StatementTransaction = serde_json::from_str(
            r#"{"id":"1","type":"ORDER","order_id":"9","settlement_amount":"130",
                "revenue_amount":"200","shipping_cost_amount":"-70","fee_tax_amount":"-30",
                "revenue_breakdown":{"subtotal_before_discount_amount":"200","seller_discount_amount":"0"},
                "shipping_cost_breakdown":{"actual_shipping_fee_amount":"-70",
                    "supplementary_component":{"fbm_shipping_cost_amount":"-70"}},
                "fee_tax_breakdown":{"fee":{"affiliate_commission_amount":"-10",
                    "affiliate_commission_amount_before_pit":"-12","transaction_fee_amount":"-20"},
                    "tax":{"vat_amount":"0"}},
                "supplementary_component":{"customer_payment_amount":"205"}}"#,
        )
        .unwrap();
        let r = transaction(&t);
        assert_eq!(r.order_id.as_deref(), Some("9"));
        assert_eq!(
            r.parts.group_total(FEE),
            Some(d("-30")),
            "the restatement is not a fee"
        );
        assert_eq!(
            r.parts
                .get("supplementary.affiliate_commission_amount_before_pit"),
            d("-12")
        );
        assert_eq!(r.parts.group_total(TAX), None, "zero amounts are left out");
        assert_eq!(r.parts.group_total(SHIPPING), Some(d("-70")));
        assert_eq!(
            r.parts.get("supplementary.fbm_shipping_cost_amount"),
            d("-70")
        );
        assert_eq!(
            r.parts.get("supplementary.customer_payment_amount"),
            d("205")
        );
        assert_eq!(r.parts_sum(), Some(d("100")));
    }

    #[test]
    fn adjustments_and_reserves_name_their_order_and_their_kind() {
        let adj: StatementTransaction = serde_json::from_str(
            r#"{"id":"2","type":"CHARGE_BACK","adjustment_id":"A","adjustment_order_id":"7",
                "adjustment_amount":"-5","settlement_amount":"-5"}"#,
        )
        .unwrap();
        let r = transaction(&adj);
        assert_eq!(r.order_id.as_deref(), Some("7"));
        assert_eq!(r.parts.get("adjustment.CHARGE_BACK"), d("-5"));
        let none: StatementTransaction = serde_json::from_str(
            r#"{"id":"3","type":"PLATFORM_PENALTY","adjustment_amount":"-1"}"#,
        )
        .unwrap();
        assert_eq!(transaction(&none).order_id, None);
        let reserve: StatementTransaction = serde_json::from_str(
            r#"{"id":"4","type":"RESERVE","reserve_id":"R","reserve_amount":"-3",
                "associated_order_id":"7","reserve_status":"Collected"}"#,
        )
        .unwrap();
        let r = transaction(&reserve);
        assert_eq!(r.order_id.as_deref(), Some("7"));
        assert_eq!(r.reserve_status.as_deref(), Some("COLLECTED"));
        assert_eq!(r.parts.get("reserve.COLLECTED"), d("-3"));
    }

    #[test]
    fn the_known_kinds_list_every_breakdown_field_once() {
        let kinds = known_kinds();
        assert!(kinds.contains(&"fee.platform_commission_amount".to_string()));
        assert!(kinds.contains(&"supplementary.affiliate_commission_amount_before_pit".to_string()));
        assert!(!kinds.contains(&"fee.affiliate_commission_amount_before_pit".to_string()));
        let unique: std::collections::HashSet<&String> = kinds.iter().collect();
        assert_eq!(unique.len(), kinds.len());
    }
}
