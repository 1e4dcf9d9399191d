//! Finance in the sandbox (issue 14, write-api §H) over real HTTP: statements appear at
//! 00:00 UTC as the clock moves and page once each ([`statements`]); parts add up to
//! settlements except in the documented example's case, reserves, adjustments, payments and
//! per-market fields behave as documented, and a year of history settles ([`money`]).

mod money;
mod statements;

use crate::common::{Api, Resp};
use rust_decimal::Decimal;
use shopdock_sandbox::{Sandbox, ShopInfo};
use shopdock_tiktok::finance::{
    Statement, StatementTransaction, StatementTransactionsData, StatementsData,
};
use std::str::FromStr;

pub const DAY: i64 = 86_400;

/// An exact decimal from a control-API amount.
pub fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap_or_else(|e| panic!("{s:?}: {e}"))
}

/// A successful answer's `data`, decoded with the client's own models.
pub fn data<T: serde::de::DeserializeOwned>(r: &Resp) -> T {
    assert_eq!(r.code(), 0, "{}", r.json);
    serde_json::from_value(r.json["data"].clone()).expect("data decodes")
}

/// Every statement of `shop` through Get Statements, `size` per page.
pub async fn api_statements(api: &Api, shop: &ShopInfo, size: &str, order: &str) -> Vec<Statement> {
    let mut out = Vec::new();
    let mut token = String::new();
    loop {
        let mut params = vec![
            ("sort_field", "statement_time"),
            ("sort_order", order),
            ("page_size", size),
        ];
        if !token.is_empty() {
            params.push(("page_token", &token));
        }
        let r = api
            .shop_get("/finance/202309/statements", &shop.cipher, &params)
            .await;
        let page: StatementsData<Statement> = data(&r);
        out.extend(page.statements);
        match page.next_page_token.filter(|t| !t.is_empty()) {
            Some(t) => token = t,
            None => return out,
        }
    }
}

/// One page of Get Statements (up to 100) with filters.
pub async fn statements_where(
    api: &Api,
    shop: &ShopInfo,
    filters: &[(&str, &str)],
) -> Vec<Statement> {
    let mut params = vec![("sort_field", "statement_time"), ("page_size", "100")];
    params.extend_from_slice(filters);
    let page: StatementsData<Statement> = data(
        &api.shop_get("/finance/202309/statements", &shop.cipher, &params)
            .await,
    );
    page.statements
}

/// Every page of one statement's transactions.
pub async fn api_transactions(
    api: &Api,
    shop: &ShopInfo,
    statement_id: &str,
    size: &str,
) -> Vec<StatementTransactionsData<StatementTransaction>> {
    let path = format!("/finance/202501/statements/{statement_id}/statement_transactions");
    let mut pages = Vec::new();
    let mut token = String::new();
    loop {
        let mut params = vec![("sort_field", "order_create_time"), ("page_size", size)];
        if !token.is_empty() {
            params.push(("page_token", &token));
        }
        let page: StatementTransactionsData<StatementTransaction> =
            data(&api.shop_get(&path, &shop.cipher, &params).await);
        let next = page.next_page_token.clone().filter(|t| !t.is_empty());
        pages.push(page);
        match next {
            Some(t) => token = t,
            None => return pages,
        }
    }
}

pub fn shop_in(sb: &Sandbox, region: &str, seller_type: &str) -> ShopInfo {
    sb.control()
        .shops()
        .into_iter()
        .find(|s| s.region == region && s.seller_type == seller_type)
        .unwrap_or_else(|| panic!("a {seller_type} shop in {region}"))
}
