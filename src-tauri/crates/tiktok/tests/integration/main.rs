//! Every integration test of this crate in one binary: one link instead of one per file
//! keeps the debug build small enough for CI's disk and quick to link on two cores.

mod batch_ship;
mod clock_skew;
mod error_answers;
mod finance;
mod fulfillment_calls;
mod fulfillment_writes;
mod order_detail_version;
mod product_images;
mod products;
mod shipping_documents;
mod support;
mod tolerant_decoding;
