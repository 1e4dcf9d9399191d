//! Finance (write-api §H; fact sheet §9; OV:fin): each shop's daily statements over the
//! virtual clock, what its settled orders earned, reserves, adjustments and payouts, and the
//! four finance endpoints at the versions §H names alive.
//!
//! | endpoint | module | source |
//! |---|---|---|
//! | Get Statements (202309) | [`lists`] | SPEC:finance/get-statements |
//! | Get Payments (202309) | [`lists`] | SPEC:finance/get-payments |
//! | Get Statement Transactions (202501) | [`transactions`] | SPEC:finance/get-transactions-by-statement |
//! | Get Order Transactions (202501) | [`transactions`] | SPEC:finance/get-transactions-by-order |
//!
//! The model ("Simulator must emulate", §H):
//! * **Statements.** One per shop per day that has transactions, closed at 00:00 UTC; its
//!   `statement_time` is that midnight and it holds what happened during the day before
//!   (the spec's filter example: Oct 5's statement has Oct 6 00:00). Only closed statements
//!   are served, none before 2023-07-01 ([`ledger`]).
//! * **Settlement.** A delivered order settles [`crate::SandboxConfig::settle_after_delivery`]
//!   after delivery plus a part of a day drawn from the seed ([`events`]). What it earns,
//!   SKU by SKU, is [`breakdown`]: signed parts adding up to the settlement, except in the
//!   documented example's case (the fees left out of `settlement_amount`, write-api §H
//!   DISAGREE) for a seeded 2% of orders.
//! * **Reserves** (UK and US local sellers): a tenth of some orders' settlement withheld with
//!   the order and released a month later, each a RESERVE transaction.
//! * **Adjustments**: with an order (shipping fee, chargeback, reimbursement, promotion, a
//!   lost parcel's logistics reimbursement, a sample's shipping fee) and without one (penalty,
//!   rebate, ads paid from GMV, mission reward) on a seeded 6% of days.
//! * **Payments** ([`payouts`]): one per statement, small amounts combined into the next;
//!   PROCESSING, then PAID or (2%) FAILED. Not in SEA. Cross-border sellers are paid in US
//!   dollars at a fixed rate ([`market`]).
//! * **Per-market fields** ([`market`]): no statement `revenue_amount` in the UK and US;
//!   `net_sales_amount`/`shipping_cost_amount` only for local sellers outside SEA; SEA local
//!   sellers' `fee_amount` includes shipping.
//!
//! Where the docs leave the answer open (each UNCONFIRMED): a bad parameter is 36009004; an
//! unknown statement id 36009004; an order not settled yet gets an empty `data`; Get Payments
//! in SEA is 36009009 (HTTP 404). Every answered call is counted per shop and endpoint
//! ([`crate::Control::finance_call_counts`]).

mod breakdown;
mod control;
mod control_http;
mod events;
mod history;
mod ids;
mod ledger;
mod lists;
mod market;
mod payouts;
mod query;
mod render;
mod transactions;

pub use control::{FinanceOrder, FinancePayment, FinanceStatement, FinanceTransaction};
pub(crate) use control_http::router;
pub use ledger::{FinanceCallCounts, FinanceLedger};

use crate::orders::OrderStore;
use crate::respond::envelope_bytes;
use crate::routes::{Endpoint, Resolved};
use crate::state::{lock, Inner, ShopCell};
use crate::verify::Failure;
use std::sync::MutexGuard;

/// A shop's finance brought up to the virtual now, with its orders. Lock order: finance, then
/// orders.
pub(crate) struct Synced<'a> {
    pub shop: &'a ShopCell,
    pub ledger: MutexGuard<'a, FinanceLedger>,
    pub store: MutexGuard<'a, OrderStore>,
    pub now: i64,
}

pub(crate) fn synced<'a>(inner: &Inner, shop: &'a ShopCell) -> Synced<'a> {
    let mut ledger = lock(&shop.finance);
    let mut store = lock(&shop.store);
    let now = inner.clock.now();
    store.advance_to(now);
    ledger.sync(&shop.def, &store, now);
    Synced {
        shop,
        ledger,
        store,
        now,
    }
}

/// Serves one finance request; `None` if `endpoint` is not one of them.
pub fn dispatch(
    inner: &Inner,
    shop: &ShopCell,
    resolved: &Resolved,
    query: &[(String, String)],
    rid: &str,
) -> Option<Result<Vec<u8>, Failure>> {
    let endpoint = resolved.route.endpoint;
    if !matches!(
        endpoint,
        Endpoint::Statements
            | Endpoint::Payments
            | Endpoint::StatementTransactions
            | Endpoint::OrderTransactions
    ) {
        return None;
    }
    let mut s = synced(inner, shop);
    let calls = &mut s.ledger.calls;
    Some(match endpoint {
        Endpoint::Statements => {
            calls.statements += 1;
            answer(rid, lists::statements(inner, &s, query))
        }
        Endpoint::Payments => {
            calls.payments += 1;
            answer(rid, lists::payments(inner, &s, query))
        }
        Endpoint::StatementTransactions => {
            calls.statement_transactions += 1;
            let id = resolved.param("statement_id");
            answer(
                rid,
                transactions::statement_transactions(inner, &s, id, query),
            )
        }
        _ => {
            calls.order_transactions += 1;
            answer(
                rid,
                transactions::order_transactions(&s, resolved.param("order_id")),
            )
        }
    })
}

fn answer<T: serde::Serialize>(rid: &str, data: Result<T, Failure>) -> Result<Vec<u8>, Failure> {
    data.map(|d| envelope_bytes(0, "Success", rid, Some(d)))
}
