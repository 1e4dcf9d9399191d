//! Stock and price sync (issue 12 items 4 and 5): what Shopdock pushes to TikTok for the SKUs
//! linked to the seller's own SKUs, and how it stays right.
//!
//! [`plan`] is the pure planner (what a SKU's figure is, which warehouse gets it, which SKUs
//! of a product need a write). The outbox sends the pushes (`outbox/send/stock.rs`,
//! `outbox/send/price.rs`): one Stock or Price row per product, computed when it is sent so a
//! burst of changes costs one write, and read back from TikTok first so a push whose reply was
//! lost is never sent twice.
//!
//! [`views`] is what the window and the CLI see and set; [`settings_check`] checks a shop's
//! stock rules as typed before any is saved.

pub mod inputs;
pub mod marks;
pub mod plan;
pub mod price;
pub mod push;
pub mod reconcile;
pub mod settings_check;
pub mod views;

use std::collections::HashSet;
use std::sync::Mutex;

/// Stock sync's in-process state.
#[derive(Default)]
pub(crate) struct StockRuntime {
    /// Shops whose reconciliation runs now (one at a time per shop).
    reconciling: Mutex<HashSet<String>>,
}

impl StockRuntime {
    /// Claims the shop's reconciliation; false when one already runs.
    pub(crate) fn begin_reconcile(&self, shop_id: &str) -> bool {
        self.reconciling
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(shop_id.to_owned())
    }

    pub(crate) fn end_reconcile(&self, shop_id: &str) {
        self.reconciling
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(shop_id);
    }
}
