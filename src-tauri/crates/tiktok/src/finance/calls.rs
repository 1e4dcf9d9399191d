//! The finance calls on [`Client`]; see the module docs of [`crate::finance`]. Each reads one
//! page (or one order); the caller walks `next_page_token` until it is `None`.

use super::*;
use crate::client::{Client, Method};
use crate::error::TikTokError;
use crate::path::with_id;
use crate::secret::Secret;

/// `name=value` for each time bound that is set.
fn time_bounds(params: &mut Vec<(String, String)>, bounds: [(&str, Option<i64>); 2]) {
    for (name, value) in bounds {
        if let Some(v) = value {
            params.push((name.to_owned(), v.to_string()));
        }
    }
}

impl Client {
    /// Get Statements: one page, sorted by statement time.
    pub async fn statements(
        &self,
        access_token: &Secret,
        shop_cipher: &str,
        query: &StatementsQuery,
    ) -> Result<StatementPage, TikTokError> {
        let mut params = crate::paging::search_params(
            query.page_size,
            MAX_FINANCE_PAGE_SIZE,
            STATEMENT_SORT_FIELD,
            query.sort_order.as_str(),
            query.page_token.as_deref(),
        )?;
        time_bounds(
            &mut params,
            [
                ("statement_time_ge", query.statement_time_ge),
                ("statement_time_lt", query.statement_time_lt),
            ],
        );
        if let Some(status) = &query.payment_status {
            params.push(("payment_status".to_owned(), status.as_str().to_owned()));
        }
        let raw: StatementsData<Box<serde_json::value::RawValue>> = self
            .call(
                Method::Get,
                STATEMENTS_PATH,
                access_token,
                Some(shop_cipher),
                &params,
                None,
            )
            .await?;
        Ok(StatementPage::from_raw(raw))
    }

    /// Get Payments: one page, sorted by creation time. Not available in SEA markets
    /// ([`payments_available`]).
    pub async fn payments(
        &self,
        access_token: &Secret,
        shop_cipher: &str,
        query: &PaymentsQuery,
    ) -> Result<PaymentPage, TikTokError> {
        let mut params = crate::paging::search_params(
            query.page_size,
            MAX_FINANCE_PAGE_SIZE,
            PAYMENT_SORT_FIELD,
            query.sort_order.as_str(),
            query.page_token.as_deref(),
        )?;
        time_bounds(
            &mut params,
            [
                ("create_time_ge", query.create_time_ge),
                ("create_time_lt", query.create_time_lt),
            ],
        );
        let raw: PaymentsData<Box<serde_json::value::RawValue>> = self
            .call(
                Method::Get,
                PAYMENTS_PATH,
                access_token,
                Some(shop_cipher),
                &params,
                None,
            )
            .await?;
        Ok(PaymentPage::from_raw(raw))
    }

    /// Get Statement Transactions: one page of a statement's transactions, with the
    /// statement's totals.
    pub async fn statement_transactions(
        &self,
        access_token: &Secret,
        shop_cipher: &str,
        statement_id: &str,
        query: &StatementTransactionsQuery,
    ) -> Result<StatementTransactionsPage, TikTokError> {
        let path = with_id(STATEMENT_TRANSACTIONS_PATH, "statement_id", statement_id)?;
        let params = crate::paging::search_params(
            query.page_size,
            MAX_FINANCE_PAGE_SIZE,
            TRANSACTION_SORT_FIELD,
            query.sort_order.as_str(),
            query.page_token.as_deref(),
        )?;
        let raw: StatementTransactionsData<Box<serde_json::value::RawValue>> = self
            .call(
                Method::Get,
                &path,
                access_token,
                Some(shop_cipher),
                &params,
                None,
            )
            .await?;
        Ok(StatementTransactionsPage::from_raw(raw))
    }

    /// Get Order Transactions: one order's settlement, SKU by SKU (empty while it is not
    /// settled: [`OrderTransactions::is_settled`]).
    pub async fn order_transactions(
        &self,
        access_token: &Secret,
        shop_cipher: &str,
        order_id: &str,
    ) -> Result<OrderTransactions, TikTokError> {
        let path = with_id(ORDER_TRANSACTIONS_PATH, "order_id", order_id)?;
        let raw: OrderTransactionsData<Box<serde_json::value::RawValue>> = self
            .call(
                Method::Get,
                &path,
                access_token,
                Some(shop_cipher),
                &[],
                None,
            )
            .await?;
        Ok(OrderTransactions::from_raw(raw))
    }
}
