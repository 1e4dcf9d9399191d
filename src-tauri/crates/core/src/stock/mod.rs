//! Stock and price sync (issue 12 items 4 and 5): what Shopdock pushes to TikTok for the SKUs
//! linked to the seller's own SKUs, and how it stays right.
//!
//! [`plan`] is the pure planner (what a SKU's figure is, which warehouse gets it, which SKUs
//! of a product need a write). The outbox sends the pushes (`outbox/send/stock.rs`,
//! `outbox/send/price.rs`): one Stock or Price row per product, computed when it is sent so a
//! burst of changes costs one write, and read back from TikTok first so a push whose reply was
//! lost is never sent twice.

pub mod plan;
