//! The types that cross to the UI. They derive `ts_rs::TS` so the shell can generate the
//! TypeScript bindings from them; ids are strings and money is a decimal string end to end.

use serde::Serialize;
use ts_rs::TS;

/// One shop as the shops page shows it. Holds no secret.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ShopView {
    pub id: String,
    pub label: String,
    /// "US" or "ROW" (rest of world): decides the authorization host.
    pub region: String,
    /// The TikTok shop name once authorized.
    pub shop_name: Option<String>,
    pub is_demo: bool,
    pub status: ShopStatus,
}

/// The status chip of a shop.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(tag = "kind")]
pub enum ShopStatus {
    NotConnected,
    Connected,
    ExpiresSoon { days: u32 },
    ReconnectNeeded { reason: String },
    SyncPaused,
}

/// Stable codes the UI branches on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
pub enum ErrorCode {
    ReauthRequired,
    TokenExpired,
    ScopeMissing,
    InvalidCredentials,
    ShopNotAuthorized,
    RateLimited,
    Network,
    ApiRejected,
    Validation,
    SecretStore,
    Storage,
    NotFound,
    Internal,
}

/// The one error type that crosses to the UI: `{code, message, detail}`.
#[derive(Debug, Clone, Serialize, TS, thiserror::Error)]
#[error("{message}")]
pub struct ApiError {
    pub code: ErrorCode,
    pub message: String,
    pub detail: Option<String>,
}

/// What background work tells the UI. The shell forwards each one as the Tauri event
/// `shopdock://event`; the UI never polls.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(tag = "type")]
pub enum CoreEvent {
    /// A shop was added, changed status or was removed: reload the shops list.
    ShopsChanged,
}
