//! The cancellation calls on [`Client`]; see the module docs of [`crate::cancellation`].

use super::*;
use crate::client::{Client, Method};
use crate::error::TikTokError;
use crate::path::{check_id, with_id};
use crate::secret::Secret;
use serde::Deserialize;

/// `data: {}` of Approve and Reject.
#[derive(Deserialize, Default)]
struct Acknowledged {}

fn idempotency(key: &str) -> Result<Vec<(String, String)>, TikTokError> {
    if key.is_empty() || key.len() > MAX_IDEMPOTENCY_KEY {
        return Err(TikTokError::InvalidRequest(format!(
            "idempotency_key must be 1..={MAX_IDEMPOTENCY_KEY} characters"
        )));
    }
    Ok(vec![("idempotency_key".to_owned(), key.to_owned())])
}

fn json<T: serde::Serialize>(body: &T) -> Result<Vec<u8>, TikTokError> {
    serde_json::to_vec(body).map_err(|e| TikTokError::InvalidRequest(e.to_string()))
}

impl Client {
    /// Search Cancellations: one page.
    pub async fn search_cancellations(
        &self,
        access_token: &Secret,
        shop_cipher: &str,
        query: &SearchCancellationsQuery,
        filter: &SearchCancellationsFilter,
    ) -> Result<CancellationPage, TikTokError> {
        let params = crate::paging::search_params(
            query.page_size,
            MAX_CANCELLATION_PAGE_SIZE,
            query.sort_field.as_str(),
            query.sort_order.as_str(),
            query.page_token.as_deref(),
        )?;
        // An empty JSON object is refused by the client (signing); an empty filter is sent
        // without a body.
        let body = (*filter != SearchCancellationsFilter::default())
            .then(|| json(filter))
            .transpose()?;
        self.call(
            Method::Post,
            SEARCH_CANCELLATIONS_PATH,
            access_token,
            Some(shop_cipher),
            &params,
            body,
        )
        .await
    }

    /// Cancel Order: the seller cancels an order (or, US/UK out of stock, some of its items).
    pub async fn cancel_order(
        &self,
        access_token: &Secret,
        shop_cipher: &str,
        request: &CancelOrderRequest,
    ) -> Result<CancelOrderReply, TikTokError> {
        check_id("order_id", &request.order_id)?;
        self.call(
            Method::Post,
            CANCEL_ORDER_PATH,
            access_token,
            Some(shop_cipher),
            &[],
            Some(json(request)?),
        )
        .await
    }

    /// Approve Cancellation: the buyer's request is granted and the order (or its items)
    /// cancelled.
    pub async fn approve_cancellation(
        &self,
        access_token: &Secret,
        shop_cipher: &str,
        cancel_id: &str,
        idempotency_key: &str,
    ) -> Result<(), TikTokError> {
        let path = with_id(APPROVE_CANCELLATION_PATH, "cancel_id", cancel_id)?;
        let _: Acknowledged = self
            .call(
                Method::Post,
                &path,
                access_token,
                Some(shop_cipher),
                &idempotency(idempotency_key)?,
                None,
            )
            .await?;
        Ok(())
    }

    /// Reject Cancellation with a reason from [`Client::reject_reasons`].
    pub async fn reject_cancellation(
        &self,
        access_token: &Secret,
        shop_cipher: &str,
        cancel_id: &str,
        idempotency_key: &str,
        request: &RejectCancellationRequest,
    ) -> Result<(), TikTokError> {
        let path = with_id(REJECT_CANCELLATION_PATH, "cancel_id", cancel_id)?;
        let _: Acknowledged = self
            .call(
                Method::Post,
                &path,
                access_token,
                Some(shop_cipher),
                &idempotency(idempotency_key)?,
                Some(json(request)?),
            )
            .await?;
        Ok(())
    }

    /// Get Reject Reasons for one cancellation (or return).
    pub async fn reject_reasons(
        &self,
        access_token: &Secret,
        shop_cipher: &str,
        cancel_id: &str,
    ) -> Result<RejectReasons, TikTokError> {
        check_id("return_or_cancel_id", cancel_id)?;
        self.call(
            Method::Get,
            REJECT_REASONS_PATH,
            access_token,
            Some(shop_cipher),
            &[("return_or_cancel_id".to_owned(), cancel_id.to_owned())],
            None,
        )
        .await
    }

    /// Get Aftersale Eligibility, as the seller: which line items the seller may cancel now.
    pub async fn aftersale_eligibility(
        &self,
        access_token: &Secret,
        shop_cipher: &str,
        order_id: &str,
    ) -> Result<AftersaleEligibility, TikTokError> {
        let path = with_id(AFTERSALE_ELIGIBILITY_PATH, "order_id", order_id)?;
        self.call(
            Method::Get,
            &path,
            access_token,
            Some(shop_cipher),
            &[("initiate_aftersale_user".to_owned(), "SELLER".to_owned())],
            None,
        )
        .await
    }
}
