//! Every integration test of this crate in one binary: one link instead of one per file
//! keeps the debug build small enough for CI's disk and quick to link on two cores.

mod authorization;
mod cancellations;
mod clock_window;
mod common;
mod control_http;
mod fidelity;
mod finance;
mod fulfillment;
mod fulfillment_faults;
mod live_index;
mod markets;
mod orders;
mod products;
mod shipping_documents;
mod token_rotation;
mod tracking_correction;
mod traffic;
mod verification;
