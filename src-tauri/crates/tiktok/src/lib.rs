//! TikTok Shop Open API (generation 202309 plus the auth service): request signing, typed
//! models, the response envelope, typed errors that say what the seller must do, and a small
//! async client whose every base URL is configurable (so any call can target the sandbox).
//!
//! Besides connecting and orders, it ships: [`fulfillment`] (packages, Mark Package As Shipped,
//! Ship Package, Batch Ship, labels, handover slots, shipping-info corrections),
//! [`logistics`] (carriers per delivery option), [`cancellation`] and [`product`] (catalog
//! import, warehouses, stock and price) and [`finance`] (statements, payouts, per-order
//! settlements), with TikTok's fulfillment refusals turned into seller-facing reasons by one
//! table, [`refusal::fulfillment_refusal`].
//!
//! This crate knows HTTP and JSON. It knows nothing of SQLite or the UI, and retries only where
//! TikTok provably did nothing (see [`client`]): it classifies errors ([`ApiError::action`])
//! and leaves the deciding to `core`.

pub mod cancellation;
pub mod client;
pub mod clock;
pub mod codes;
pub mod error;
pub mod finance;
pub mod fulfillment;
pub mod lenient;
pub mod logistics;
pub mod model;
pub mod order_page;
mod paging;
mod path;
pub mod product;
pub mod redact;
pub mod refusal;
mod response;
pub mod secret;
pub mod sign;

pub use client::{AppCredentials, Client, Endpoints, Region};
pub use clock::ServerClock;
pub use error::{Action, ApiError, TikTokError};
pub use order_page::{DecodedOrder, OrderSearchPage, UndecodableOrder};
pub use refusal::{fulfillment_refusal, Refusal};
pub use secret::Secret;
