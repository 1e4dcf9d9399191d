//! Get Statements (`/finance/202309/statements`) and Get Payments
//! (`/finance/202309/payments`): keyset pages over the shop's closed statements and its
//! payments, in time order.

use super::ledger::StatementRec;
use super::payouts::{payouts, Payout};
use super::query::{ascending, cursor, page, page_size, sort_field, time};
use super::{market, render, Synced};
use crate::money::Currency;
use crate::rng::label;
use crate::state::Inner;
use crate::verify::{first, Failure};
use shopdock_tiktok::finance::{
    Amount, Payment, PaymentStatus, PaymentsData, Statement, StatementsData, DATA_SINCE,
};

/// The `[ge, lt)` window of a list: a missing `lt` is now, a missing `ge` the beginning
/// (the specs' defaults), and nothing before [`DATA_SINCE`].
fn window(query: &[(String, String)], prefix: &str, now: i64) -> Result<(i64, i64), Failure> {
    let ge = time(query, &format!("{prefix}_ge"))?.unwrap_or(0);
    let lt = time(query, &format!("{prefix}_lt"))?.unwrap_or(now.saturating_add(1));
    Ok((ge.max(DATA_SINCE), lt))
}

fn binding(what: &str, query: &[(String, String)], names: &[&str]) -> u64 {
    let mut text = what.to_string();
    for n in names {
        text.push('|');
        text.push_str(first(query, n).unwrap_or(""));
    }
    label(&text)
}

/// Get Statements.
pub fn statements(
    inner: &Inner,
    s: &Synced<'_>,
    query: &[(String, String)],
) -> Result<StatementsData<Statement>, Failure> {
    sort_field(query, "statement_time")?;
    let size = page_size(query)?;
    let asc = ascending(query)?;
    let now = s.now;
    let (ge, lt) = window(query, "statement_time", now)?;
    let status = match first(query, "payment_status").map(str::trim) {
        None | Some("") => None,
        Some(v) => match PaymentStatus::parse(v) {
            PaymentStatus::Other(_) => {
                return Err(Failure::invalid(format!(
                "Invalid parameter. payment_status must be PAID, FAILED or PROCESSING, got {v:?}."
            )))
            }
            known => Some(known),
        },
    };
    let bind = binding(
        "statements",
        query,
        &["statement_time_ge", "statement_time_lt", "payment_status"],
    );
    let after = cursor(&inner.page_tokens, query, bind, asc)?;
    let shop = &s.shop.def;
    let paid = payouts(shop, &s.ledger, now);
    let mut hits: Vec<&StatementRec> = s
        .ledger
        .visible(now)
        .filter(|st| (ge..lt).contains(&st.time))
        .filter(|st| {
            status
                .as_ref()
                .is_none_or(|want| paid.statement_payment(st.time, now).0 == *want)
        })
        .collect();
    if !asc {
        hits.reverse();
    }
    let (rows, next) = page(
        &inner.page_tokens,
        hits,
        |st| (st.time, st.id),
        after,
        size,
        asc,
        bind,
    );
    Ok(StatementsData {
        next_page_token: Some(next),
        statements: rows
            .into_iter()
            .map(|st| render::statement(shop, st, &paid, now))
            .collect(),
    })
}

/// An amount in the shop's own currency.
fn amount(shop: &crate::generator::ShopDef, cur: Currency, minor: i64, salt: u64) -> Amount {
    Amount {
        value: Some(render::money(shop, minor, salt)),
        currency: cur.code.to_string(),
    }
}

/// One payment as Get Payments sends it.
fn payment(shop: &crate::generator::ShopDef, p: &Payout, bank: &str, now: i64) -> Payment {
    let own = shop.currency();
    let (to, rate) = market::payout_currency(shop);
    let before = p.settlement + p.reserve;
    Payment {
        create_time: Some(p.create_time),
        id: p.id.to_string(),
        status: p.status(now),
        amount: Some(Amount {
            value: Some(rust_decimal::Decimal::new(
                market::exchange(before, own, to, rate),
                to.decimals,
            )),
            currency: to.code.to_string(),
        }),
        settlement_amount: Some(amount(shop, own, p.settlement, p.id)),
        reserve_amount: Some(amount(shop, own, p.reserve, p.id + 1)),
        payment_amount_before_exchange: Some(amount(shop, own, before, p.id + 2)),
        exchange_rate: Some(rust_decimal::Decimal::new(rate, 6)),
        paid_time: p.paid_time(now),
        bank_account: bank.to_string(),
    }
}

/// The seller's masked bank account: the last four digits drawn from the shop.
fn bank_account(shop: &crate::generator::ShopDef) -> String {
    let digits = crate::rng::derive(shop.seed, &[label("finance-bank")]) % 10_000;
    format!("***********{digits:04}")
}

/// Get Payments ("currently unavailable to SEA markets": the sandbox answers 36009009 as for
/// a path the shop cannot reach; TikTok's exact answer is UNCONFIRMED).
pub fn payments(
    inner: &Inner,
    s: &Synced<'_>,
    query: &[(String, String)],
) -> Result<PaymentsData<Payment>, Failure> {
    let shop = &s.shop.def;
    if market::is_sea(shop) {
        return Err(Failure::new(
            shopdock_tiktok::codes::INVALID_PATH,
            "Invalid path. This API is currently unavailable to SEA markets.",
        )
        .with_status(axum::http::StatusCode::NOT_FOUND));
    }
    sort_field(query, "create_time")?;
    let size = page_size(query)?;
    let asc = ascending(query)?;
    let now = s.now;
    let (ge, lt) = window(query, "create_time", now)?;
    let bind = binding("payments", query, &["create_time_ge", "create_time_lt"]);
    let after = cursor(&inner.page_tokens, query, bind, asc)?;
    let paid = payouts(shop, &s.ledger, now);
    let mut hits: Vec<&Payout> = paid
        .list
        .iter()
        .filter(|p| (ge..lt).contains(&p.create_time))
        .collect();
    if !asc {
        hits.reverse();
    }
    let (rows, next) = page(
        &inner.page_tokens,
        hits,
        |p| (p.create_time, p.id),
        after,
        size,
        asc,
        bind,
    );
    let bank = bank_account(shop);
    Ok(PaymentsData {
        next_page_token: Some(next),
        payments: rows
            .into_iter()
            .map(|p| payment(shop, p, &bank, now))
            .collect(),
    })
}
