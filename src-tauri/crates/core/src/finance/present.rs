//! The store's finance records as views: amounts as decimal strings, days as `YYYY-MM-DD`
//! (UTC), kinds with their words. One conversion per record, so the compiler points here when
//! either side gains a field.

use super::views::{AmountPartView, PayoutView, StatementRowView, TransactionView};
use shopdock_store::finance::parts::group_of;
use shopdock_store::finance::{Parts, PaymentRecord, StatementRow, TransactionRecord};
use shopdock_tiktok::finance::Decimal;

pub(crate) const DAY: i64 = 86_400;

pub(crate) fn amount(v: Option<Decimal>) -> Option<String> {
    v.map(|d| d.to_string())
}

/// `YYYY-MM-DD` of the UTC day holding `t`.
pub(crate) fn iso_day(t: i64) -> String {
    chrono::DateTime::from_timestamp(t, 0)
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

/// `YYYY-MM-DDTHH:MM:SSZ` of `t`.
pub(crate) fn iso_time(t: i64) -> String {
    chrono::DateTime::from_timestamp(t, 0)
        .map(|d| d.format("%Y-%m-%dT%H:%M:%SZ").to_string())
        .unwrap_or_default()
}

/// The day a statement covers: the one before the midnight that closed it.
pub(crate) fn statement_day(statement_time: i64) -> String {
    iso_day(statement_time - DAY)
}

/// A kind in words: `fee.platform_commission_amount` is "Platform commission",
/// `adjustment.CHARGE_BACK` "Charge back", `reserve.COLLECTED` "Reserve collected".
pub fn kind_label(kind: &str) -> String {
    let (group, name) = kind.split_once('.').unwrap_or(("", kind));
    let name = name.strip_suffix("_amount").unwrap_or(name);
    let words = name.replace('_', " ").to_lowercase();
    let words = if group == "reserve" {
        format!("reserve {words}")
    } else {
        words
    };
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

pub(crate) fn parts_view<'a>(
    parts: impl IntoIterator<Item = (&'a str, Decimal)>,
) -> Vec<AmountPartView> {
    parts
        .into_iter()
        .map(|(kind, amount)| AmountPartView {
            kind: kind.to_owned(),
            group: group_of(kind).to_owned(),
            label: kind_label(kind),
            amount: amount.to_string(),
        })
        .collect()
}

pub(crate) fn all_parts(parts: &Parts) -> Vec<AmountPartView> {
    parts_view(parts.iter())
}

pub(crate) fn statement_row(r: StatementRow) -> StatementRowView {
    let s = r.statement;
    let t = r.totals;
    let payout = r.payment.as_ref().and_then(|p| p.amount.as_ref());
    StatementRowView {
        shop_id: r.shop_id,
        day: statement_day(s.statement_time),
        statement_id: s.statement_id,
        statement_time: s.statement_time,
        currency: s.currency,
        settlement: amount(s.settlement_amount.or(t.settlement_amount)),
        revenue: amount(t.revenue_amount.or(s.revenue_amount).or(s.net_sales_amount)),
        shipping: amount(t.shipping_cost_amount.or(s.shipping_cost_amount)),
        fee_tax: amount(t.fee_tax_amount.or(s.fee_amount)),
        adjustments: amount(t.adjustment_amount.or(s.adjustment_amount)),
        reserve: amount(t.reserve_amount),
        payable: amount(t.payable_amount),
        payment_status: s.payment_status,
        payment_id: s.payment_id,
        paid_time: r.payment.as_ref().and_then(|p| p.paid_time),
        payout_amount: payout.map(|m| m.amount.to_string()),
        payout_currency: payout.map(|m| m.currency.clone()),
        transaction_count: t.transaction_count,
        transactions_stored: r.transactions_stored,
        complete: r.transactions_done,
    }
}

pub(crate) fn transaction_view(t: TransactionRecord) -> TransactionView {
    let sum = t.parts_sum();
    let gap = match (t.settlement_amount, sum) {
        (Some(truth), Some(sum)) if truth != sum => Some(truth - sum),
        _ => None,
    };
    TransactionView {
        is_adjustment: t.is_adjustment(),
        parts: all_parts(&t.parts),
        transaction_id: t.transaction_id,
        kind: t.kind,
        order_id: t.order_id,
        order_create_time: t.order_create_time,
        settlement: amount(t.settlement_amount),
        revenue: amount(t.revenue_amount),
        shipping: amount(t.shipping_cost_amount),
        fee_tax: amount(t.fee_tax_amount),
        adjustment: amount(t.adjustment_amount),
        reserve: amount(t.reserve_amount),
        reserve_status: t.reserve_status,
        estimated_release_time: t.estimated_release_time,
        parts_sum: amount(sum),
        gap: amount(gap),
    }
}

pub(crate) fn payment_view(shop_id: String, p: PaymentRecord) -> PayoutView {
    PayoutView {
        shop_id,
        payment_id: p.payment_id,
        create_time: p.create_time,
        status: p.status,
        amount: p.amount.as_ref().map(|m| m.amount.to_string()),
        payout_currency: p.amount.as_ref().map(|m| m.currency.clone()),
        settlement: p.settlement_amount.as_ref().map(|m| m.amount.to_string()),
        reserve: p.reserve_amount.as_ref().map(|m| m.amount.to_string()),
        currency: p
            .settlement_amount
            .as_ref()
            .or(p.reserve_amount.as_ref())
            .map(|m| m.currency.clone()),
        exchange_rate: amount(p.exchange_rate),
        paid_time: p.paid_time,
        bank_account: p.bank_account,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_read_as_words_and_days_as_the_day_a_statement_covers() {
        assert_eq!(
            kind_label("fee.platform_commission_amount"),
            "Platform commission"
        );
        assert_eq!(kind_label("adjustment.CHARGE_BACK"), "Charge back");
        assert_eq!(kind_label("reserve.COLLECTED"), "Reserve collected");
        assert_eq!(kind_label("tax.vat_amount"), "Vat");
        // The statement closed at 2025-06-10 00:00 UTC covers June 9.
        assert_eq!(statement_day(1_749_513_600), "2025-06-09");
        assert_eq!(iso_time(1_749_513_600), "2025-06-10T00:00:00Z");
    }
}
