//! TikTok Shop Open API (generation 202309 plus the auth service): request signing, typed
//! models, the response envelope, typed errors that say what the seller must do, and a small
//! async client whose every base URL is configurable (so any call can target the sandbox).
//!
//! This crate knows HTTP and JSON. It knows nothing of SQLite, retry policy or the UI: it
//! classifies errors ([`ApiError::action`]) and leaves the deciding to `core`.

pub mod client;
pub mod codes;
pub mod error;
pub mod model;
pub mod redact;
pub mod secret;
pub mod sign;

pub use client::{AppCredentials, Client, Endpoints, Region};
pub use error::{Action, ApiError, TikTokError};
pub use secret::Secret;
