//! Core's error type and the one table that turns every failure into the UI's
//! `{code, message, detail}`: [`From<&CoreError>`] for [`ApiError`] is the only conversion;
//! the owned form delegates to it, so an error shown from a status line and one returned by a
//! command can never disagree.

use crate::api::{ApiError, ErrorCode, FieldError};
use crate::browser::BrowserError;
use crate::loopback::LoopbackError;
use crate::secrets::SecretStoreError;
use shopdock_store::{StoreError, StoreErrorCode};
use shopdock_tiktok::{Action, TikTokError};

#[derive(Debug, thiserror::Error)]
pub enum CoreError {
    #[error(transparent)]
    TikTok(#[from] TikTokError),
    /// The token service refused the authorization code of a Get Auth (expired, used, or for
    /// another app): the seller starts Get Auth again; nothing was deauthorized.
    #[error("TikTok did not accept the authorization code: {0}")]
    AuthCodeRejected(TikTokError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Secrets(#[from] SecretStoreError),
    #[error(transparent)]
    Loopback(#[from] LoopbackError),
    #[error(transparent)]
    Browser(#[from] BrowserError),
    #[error("please correct the highlighted fields")]
    Validation(Vec<FieldError>),
    #[error("no shop with id {0}")]
    ShopNotFound(String),
    /// The shop has no such product stored (never imported, or another shop's).
    #[error("no product {product_id} in shop {shop_id}")]
    ProductNotFound { shop_id: String, product_id: String },
    #[error("{0}")]
    NotConnected(String),
    #[error("{0}")]
    Conflict(String),
    #[error("{0}")]
    Internal(String),
    #[error("cancelled")]
    Cancelled,
}

impl CoreError {
    /// A refusal of one form field, with the message shown beside it.
    pub(crate) fn field(field: crate::api::FormField, message: impl Into<String>) -> CoreError {
        CoreError::Validation(vec![FieldError {
            field,
            message: message.into(),
        }])
    }
}

impl From<&CoreError> for ApiError {
    fn from(e: &CoreError) -> Self {
        match e {
            CoreError::TikTok(t) => tiktok_to_api(t),
            CoreError::AuthCodeRejected(t) => ApiError::new(
                ErrorCode::AuthFlow,
                "TikTok did not accept the authorization code: it expired or was already used. \
                 Press Get Auth again.",
            )
            .with_detail(t.to_string()),
            CoreError::Store(s) => store_to_api(s),
            CoreError::Secrets(s) => ApiError::new(ErrorCode::SecretStore, s.to_string()),
            CoreError::Loopback(l) => {
                let code = match l {
                    LoopbackError::Cancelled => ErrorCode::Cancelled,
                    _ => ErrorCode::AuthFlow,
                };
                ApiError::new(code, l.to_string())
            }
            CoreError::Browser(b) => ApiError::new(ErrorCode::AuthFlow, b.to_string()),
            CoreError::Validation(fields) => ApiError {
                code: ErrorCode::Validation,
                message: "Please correct the highlighted fields.".into(),
                detail: None,
                fields: fields.clone(),
            },
            CoreError::ShopNotFound(id) => {
                ApiError::new(ErrorCode::NotFound, format!("No shop with id {id}."))
            }
            CoreError::ProductNotFound { product_id, .. } => ApiError::new(
                ErrorCode::NotFound,
                format!(
                    "This shop has no product {product_id} in Shopdock. Import its products \
                     to see TikTok's latest."
                ),
            ),
            CoreError::NotConnected(m) => ApiError::new(ErrorCode::ReauthRequired, m.clone()),
            CoreError::Conflict(m) => ApiError::new(ErrorCode::Conflict, m.clone()),
            CoreError::Internal(m) => ApiError::new(ErrorCode::Internal, m.clone()),
            CoreError::Cancelled => ApiError::new(ErrorCode::Cancelled, "Cancelled."),
        }
    }
}

impl From<CoreError> for ApiError {
    fn from(e: CoreError) -> Self {
        ApiError::from(&e)
    }
}

/// A store failure met outside a `CoreError` (e.g. inside the export's snapshot), mapped by
/// the same table.
impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        store_to_api(&e)
    }
}

/// The store's failures by the code each promises ([`StoreError::code`]): a missing row is
/// `NotFound`, input the schema cannot hold is `Validation`, a clash with a stored row is
/// `Conflict`; the rest (busy past the timeout, a database from a newer Shopdock, I/O) is
/// `Storage`, with the store's words as detail.
fn store_to_api(e: &StoreError) -> ApiError {
    let own_words = || capitalized(&e.to_string());
    match e.code() {
        StoreErrorCode::NotFound => ApiError::new(ErrorCode::NotFound, own_words()),
        StoreErrorCode::Validation => ApiError::new(ErrorCode::Validation, own_words()),
        StoreErrorCode::Conflict => ApiError::new(ErrorCode::Conflict, own_words()),
        StoreErrorCode::NewerSchema => ApiError::new(ErrorCode::Storage, own_words()),
        StoreErrorCode::Busy => ApiError::new(
            ErrorCode::Storage,
            "Another Shopdock process held the database too long; nothing was changed. Try again.",
        )
        .with_detail(e.to_string()),
        StoreErrorCode::DiskFull => ApiError::new(
            ErrorCode::DiskFull,
            "The disk is full, so Shopdock saved nothing and paused its sync. Free some disk \
             space: Shopdock resumes by itself.",
        )
        .with_detail(e.to_string()),
        StoreErrorCode::InUse => ApiError::new(ErrorCode::DatabaseInUse, own_words()),
        StoreErrorCode::Storage => ApiError::new(
            ErrorCode::Storage,
            "Shopdock's local database failed; your data is unchanged. Try again, and if it \
             keeps failing, restart Shopdock.",
        )
        .with_detail(e.to_string()),
    }
}

fn capitalized(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect::<String>() + ".",
        None => String::new(),
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
                Action::FixClock => ErrorCode::ClockSkew,
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
        TikTokError::DocumentLinkGone { .. } => ApiError::new(
            ErrorCode::ApiRejected,
            "TikTok's link to the document no longer works (its links last 24 hours): print again for a new one.",
        )
        .with_detail(e.to_string()),
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

pub type CoreResult<T> = Result<T, CoreError>;
