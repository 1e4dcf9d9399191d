//! Every integration test of this crate in one binary: one link instead of one per file
//! keeps the debug build small enough for CI's disk and quick to link on two cores.

mod arrange_shipment;
mod bulk_shipping;
mod bulk_upload;
mod cancellation_notifications;
mod cancellations;
mod carrier_mapping;
mod connect_shop;
mod finance;
mod ipc_contract;
mod keyring_secret_service;
mod local_data;
mod loopback_receiver;
mod mapping;
mod new_order_notifications;
mod order_outbox_column;
mod order_sync;
mod price_upload;
mod print_documents;
mod product_import;
mod product_thumbnails;
mod shipping;
mod shipping_faults;
mod shipping_labels;
mod skus_import;
mod stock_burst;
mod stock_convergence;
mod stock_push;
mod stock_reconcile;
mod support;
mod tracking_correction;
mod workspace_arrows;
