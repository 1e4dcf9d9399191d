//! Core's error type and the one table that turns every failure into the UI's
//! `{code, message, detail}`.

use crate::api::{ApiError, ErrorCode, FieldError};
use crate::loopback::LoopbackError;
use crate::secrets::SecretStoreError;
use shopdock_store::StoreError;
use shopdock_tiktok::{Action, TikTokError};

#[derive(Debug, thiserror::Error)]
pub enum CoreError {
    #[error(transparent)]
    TikTok(#[from] TikTokError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Secrets(#[from] SecretStoreError),
    #[error(transparent)]
    Loopback(#[from] LoopbackError),
    #[error("please correct the highlighted fields")]
    Validation(Vec<FieldError>),
    #[error("no shop with id {0}")]
    ShopNotFound(String),
    #[error("{0}")]
    NotConnected(String),
    #[error("{0}")]
    Conflict(String),
    #[error("{0}")]
    Internal(String),
    #[error("cancelled")]
    Cancelled,
}

impl From<CoreError> for ApiError {
    fn from(e: CoreError) -> Self {
        match e {
            CoreError::TikTok(t) => tiktok_to_api(&t),
            CoreError::Store(s) => ApiError::new(
                ErrorCode::Storage,
                format!("Shopdock's local database failed: {s}"),
            ),
            CoreError::Secrets(s) => ApiError::new(ErrorCode::SecretStore, s.to_string()),
            CoreError::Loopback(l) => {
                let code = match l {
                    LoopbackError::Cancelled => ErrorCode::Cancelled,
                    _ => ErrorCode::AuthFlow,
                };
                ApiError::new(code, l.to_string())
            }
            CoreError::Validation(fields) => ApiError {
                code: ErrorCode::Validation,
                message: "Please correct the highlighted fields.".into(),
                detail: None,
                fields,
            },
            CoreError::ShopNotFound(id) => {
                ApiError::new(ErrorCode::NotFound, format!("No shop with id {id}."))
            }
            CoreError::NotConnected(m) => ApiError::new(ErrorCode::ReauthRequired, m),
            CoreError::Conflict(m) => ApiError::new(ErrorCode::Conflict, m),
            CoreError::Internal(m) => ApiError::new(ErrorCode::Internal, m),
            CoreError::Cancelled => ApiError::new(ErrorCode::Cancelled, "Cancelled."),
        }
    }
}

/// TikTok's failures, classified by [`Action`], become the UI's codes with advice.
pub fn tiktok_to_api(e: &TikTokError) -> ApiError {
    match e {
        TikTokError::Api(api) => {
            let code = match api.action() {
                Action::Refresh => ErrorCode::TokenExpired,
                Action::Reauthorize => ErrorCode::ReauthRequired,
                Action::EnableScope => ErrorCode::ScopeMissing,
                Action::SlowDown => ErrorCode::RateLimited,
                Action::Retry => ErrorCode::Network,
                Action::FixCredentials => ErrorCode::InvalidCredentials,
                Action::FixRequest => ErrorCode::ApiRejected,
                Action::FixClock => ErrorCode::Network,
                Action::ReportBug => ErrorCode::Internal,
                Action::Reconcile => ErrorCode::Conflict,
            };
            ApiError::new(code, format!("{} ({})", api.advice(), api.message))
                .with_detail(api.to_string())
        }
        TikTokError::Network(m) => ApiError::new(
            ErrorCode::Network,
            "Could not reach TikTok Shop. Check the internet connection; Shopdock will retry.",
        )
        .with_detail(m.clone()),
        TikTokError::Decode { .. } => ApiError::new(
            ErrorCode::Network,
            "TikTok Shop sent an unreadable answer; Shopdock will retry.",
        )
        .with_detail(e.to_string()),
        TikTokError::InvalidRequest(m) => ApiError::new(ErrorCode::ApiRejected, m.clone()),
        TikTokError::NotSellersOrder(api) => ApiError::new(
            ErrorCode::NotFound,
            "TikTok says this order belongs to another seller's shop.",
        )
        .with_detail(api.to_string()),
        TikTokError::UnconfirmedWrite { .. } => ApiError::new(
            ErrorCode::Conflict,
            "TikTok's answer to this change could not be read, so it may have been made. Refresh the order before trying again.",
        )
        .with_detail(e.to_string()),
    }
}

/// An error kept by reference (e.g. for a status line) as the UI's error: TikTok's failures with
/// their advice, anything else as an internal error with its text.
pub fn api_error_ref(e: &CoreError) -> ApiError {
    match e {
        CoreError::TikTok(t) => tiktok_to_api(t),
        other => ApiError::new(ErrorCode::Internal, other.to_string()),
    }
}

pub type CoreResult<T> = Result<T, CoreError>;
