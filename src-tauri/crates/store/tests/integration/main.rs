//! Every integration test of this crate in one binary: one link instead of one per file
//! keeps the debug build small enough for CI's disk and quick to link on two cores.

mod cancellations;
mod carrier_mappings;
mod catalog;
mod common;
mod disk_full;
mod errors;
mod finance;
mod local_data;
mod mapping;
mod open;
mod outbox;
mod outbox_drain;
mod query;
mod shipping_labels;
mod shops;
mod skus;
mod stock;
mod sync_state;
mod unreadable;
mod upsert;
