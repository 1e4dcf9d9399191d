//! Get Statement Transactions
//! (`/finance/202501/statements/{statement_id}/statement_transactions`) and Get Order
//! Transactions (`/finance/202501/orders/{order_id}/statement_transactions`). Their 202309
//! versions are not served: the router answers 36009014, as for any version TikTok retired.

use super::events::Entry;
use super::ids;
use super::query::{ascending, cursor, page, page_size, sort_field};
use super::{market, render, Synced};
use crate::rng::label;
use crate::state::Inner;
use crate::verify::Failure;
use shopdock_tiktok::finance::{
    OrderTransactionsData, SkuTransaction, StatementStatus, StatementTransaction,
    StatementTransactionsData, TotalSettlementBreakdown, US_CROSS_BORDER_TRANSACTIONS_SINCE,
};

/// Whether a statement's transactions are out of reach: US cross-border sellers' data starts
/// on 2025-04-30 (both transaction specs).
fn before_data(shop: &crate::generator::ShopDef, statement_time: i64) -> bool {
    shop.region == "US"
        && shop.seller_type == "CROSS_BORDER"
        && statement_time < US_CROSS_BORDER_TRANSACTIONS_SINCE
}

/// Get Statement Transactions. A statement id that is not a closed statement of this shop
/// is refused with 36009004 (the spec documents no code for it; UNCONFIRMED).
pub fn statement_transactions(
    inner: &Inner,
    s: &Synced<'_>,
    statement_id: &str,
    query: &[(String, String)],
) -> Result<StatementTransactionsData<StatementTransaction>, Failure> {
    sort_field(query, "order_create_time")?;
    let size = page_size(query)?;
    let asc = ascending(query)?;
    let shop = &s.shop.def;
    let unknown = || {
        Failure::invalid(format!(
            "Invalid parameter. statement_id {statement_id:?} is not a statement of this shop."
        ))
    };
    let time = statement_id
        .trim()
        .parse::<u64>()
        .ok()
        .and_then(|id| ids::statement_time(shop.index, id))
        .ok_or_else(unknown)?;
    let st = s
        .ledger
        .statement_at(time, s.now)
        .filter(|st| !before_data(shop, st.time))
        .ok_or_else(unknown)?;
    let bind = label(&format!("statement_transactions|{}", st.id));
    let after = cursor(&inner.page_tokens, query, bind, asc)?;
    let mut entries: Vec<&Entry> = st.entries.iter().collect();
    if !asc {
        entries.reverse();
    }
    let (rows, next) = page(
        &inner.page_tokens,
        entries,
        |e| (e.sort_time, e.id),
        after,
        size,
        asc,
        bind,
    );
    let t = &st.totals;
    let m = |minor: i64, salt: u64| Some(render::money(shop, minor, st.id.wrapping_add(salt)));
    Ok(StatementTransactionsData {
        next_page_token: Some(next),
        id: st.id.to_string(),
        create_time: Some(st.time),
        status: StatementStatus::Settled,
        currency: shop.currency().code.to_string(),
        payable_amount: m(t.payable(), 1),
        total_reserve_amount: market::has_reserves(shop)
            .then(|| m(t.reserve, 2))
            .flatten(),
        total_settlement_amount: m(t.settlement, 3),
        total_settlement_breakdown: Some(TotalSettlementBreakdown {
            total_revenue_amount: m(t.revenue, 4),
            total_shipping_cost_amount: m(t.shipping, 5),
            total_fee_tax_amount: m(t.fee_tax, 6),
            total_adjustment_amount: m(t.adjustment, 7),
        }),
        total_count: Some(st.entries.len() as i64),
        transactions: rows
            .into_iter()
            .map(|e| render::transaction(shop, &s.store, e, s.now))
            .collect(),
    })
}

/// Get Order Transactions. An order not settled yet (or unknown) "will not appear": the
/// answer is an empty `data`.
pub fn order_transactions(
    s: &Synced<'_>,
    order_id: &str,
) -> Result<OrderTransactionsData<SkuTransaction>, Failure> {
    let shop = &s.shop.def;
    let empty = || OrderTransactionsData {
        order_id: String::new(),
        order_create_time: None,
        currency: String::new(),
        revenue_amount: None,
        fee_and_tax_amount: None,
        shipping_cost_amount: None,
        settlement_amount: None,
        sku_transactions: Vec::new(),
        total_count: None,
    };
    let Ok(id) = order_id.trim().parse::<u64>() else {
        return Ok(empty());
    };
    let found = s
        .ledger
        .order_statement(id, s.now)
        .filter(|(st, _)| !before_data(shop, st.time))
        .map(|(st, pos)| (pos, st.id));
    Ok(match found {
        Some((pos, statement_id)) => render::order_transactions(shop, &s.store, pos, statement_id),
        None => empty(),
    })
}
