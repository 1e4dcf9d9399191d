//! Cancellations (202309, `return_refund`): a buyer's requests and the seller's answers, the
//! seller's own cancels, and which cancel reasons fit an order (write-api §D;
//! SPEC:return-and-refund/*). Approve, Reject and Cancel Order are writes
//! ([`crate::client::is_read_only`]): an unreadable reply is
//! [`crate::TikTokError::UnconfirmedWrite`], to be checked with Search Cancellations before
//! sending again. Approve and Reject carry an `idempotency_key` as TikTok suggests.

mod calls;
pub mod model;
pub mod reasons;

pub use model::{
    AftersaleEligibility, CancelLineItem, CancelOrderReply, CancelOrderRequest, CancelSku,
    CancelSortField, CancelStatus, CancelType, Cancellation, CancellationPage, LineItemEligibility,
    NextAction, RefundAmount, RejectCancellationRequest, RejectReason, RejectReasons,
    SearchCancellationsFilter, SearchCancellationsQuery, SkuEligibility,
};
pub use reasons::{CancelStage, Reason, ReasonFit, ReasonMarket};

/// Search Cancellations (a POST that only reads).
pub const SEARCH_CANCELLATIONS_PATH: &str = "/return_refund/202309/cancellations/search";
/// Cancel Order (the seller cancels).
pub const CANCEL_ORDER_PATH: &str = "/return_refund/202309/cancellations";
/// Approve Cancellation.
pub const APPROVE_CANCELLATION_PATH: &str =
    "/return_refund/202309/cancellations/{cancel_id}/approve";
/// Reject Cancellation.
pub const REJECT_CANCELLATION_PATH: &str = "/return_refund/202309/cancellations/{cancel_id}/reject";
/// Get Reject Reasons.
pub const REJECT_REASONS_PATH: &str = "/return_refund/202309/reject_reasons";
/// Get Aftersale Eligibility.
pub const AFTERSALE_ELIGIBILITY_PATH: &str =
    "/return_refund/202309/orders/{order_id}/aftersale_eligibility";
/// The largest `page_size` Search Cancellations accepts.
pub const MAX_CANCELLATION_PAGE_SIZE: u32 = 50;
/// The longest `idempotency_key` TikTok accepts.
pub const MAX_IDEMPOTENCY_KEY: usize = 255;
