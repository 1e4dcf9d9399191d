//! The outbox in core: what the seller asks Shopdock to send (`ship`), the drainer that sends
//! it exactly once (`drain`), and what the UI and CLI see of it (`seller`). The store keeps
//! the rows and their transitions (`shopdock_store::outbox`); core owns the clock, the calls
//! and the seller-facing reasons.
//!
//! Pure decisions live apart and are unit-tested: [`eligibility`] (may this stored order ship
//! now?), [`carriers`] (tracking number, carrier name and suggestions), [`correction`] (may a
//! shipped order's tracking be corrected, until when?), [`reconcile`] (is the shipment
//! already on TikTok's order?), [`settle`] (what a call's failure does to its row). The
//! seller's carrier names mapped to TikTok's providers, and the provider lists behind them,
//! live in `carrier_mapping`.

mod arrange;
pub mod arrange_payload;
pub mod arrange_wait;
mod auto_confirm;
mod bulk;
mod bulk_upload;
mod carrier_mapping;
pub mod carriers;
pub mod correction;
mod correction_request;
mod drain;
pub mod eligibility;
pub mod payload;
pub mod reconcile;
pub mod route;
mod seller;
mod send;
pub mod settle;
mod ship;
mod tracking_file;
pub(crate) mod views;

use shopdock_tiktok::logistics::ShippingProvider;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use tokio::sync::Mutex as AsyncMutex;

/// Get Shipping Providers of one delivery option, and when it was fetched (Unix seconds).
pub(crate) type CachedProviders = (i64, Vec<ShippingProvider>);

/// The outbox's in-process state.
pub(crate) struct OutboxRuntime {
    /// This process's drain lease holder: unique per run, so a lease left by a crashed run is
    /// never mistaken for ours; it names the process id, so a lease whose process is gone can
    /// be taken over at once ([`drain`]).
    pub(crate) holder: String,
    /// Get Shipping Providers per (shop, delivery option), with when it was fetched.
    pub(crate) providers: Mutex<HashMap<(String, String), CachedProviders>>,
    /// One drain pass per shop at a time in this process.
    pub(crate) drains: Mutex<HashMap<String, Arc<AsyncMutex<()>>>>,
}

impl Default for OutboxRuntime {
    fn default() -> Self {
        Self {
            holder: format!("shopdock-{}-{}", std::process::id(), uuid::Uuid::new_v4()),
            providers: Mutex::new(HashMap::new()),
            drains: Mutex::new(HashMap::new()),
        }
    }
}
