//! Every integration test of this crate in one binary: one link instead of one per file
//! keeps the debug build small enough for CI's disk and quick to link on two cores.

mod arrange_command;
mod backup_restore;
mod cancellations;
mod carriers;
mod command_line;
mod common;
mod crash_safety;
mod engine_lock;
mod finance;
mod print;
mod print_labels;
mod products;
mod ship_crash_safety;
mod skus;
mod stock_crash_safety;
