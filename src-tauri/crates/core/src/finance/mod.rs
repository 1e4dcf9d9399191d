//! Money (issue 14; write-api §H): what TikTok paid each shop and what each order really
//! earned after commission, fees, shipping and adjustments, with profit where the seller's
//! SKU costs allow.
//!
//! Rooms: [`import`] runs a shop's import in steps and is how the window and the CLI start,
//! follow and cancel one; [`window`] decides which statements and payments an import reads;
//! `lists` pages Get Statements and Get Payments, `transactions` each statement's
//! transactions, `orders` each settled order's (units per SKU); [`convert`] maps TikTok's
//! records to the store's; [`schedule`] runs the import after order pulls every few hours;
//! [`queries`] and [`views`] are what the statements screen, the order drawer and the CLI
//! read; `profit` takes the seller's costs off; `export` writes CSV and xlsx.
//!
//! TikTok's `settlement_amount` is the truth everywhere; where the signed sum of the parts
//! differs (the documented disagreement), the difference is kept and shown as the gap.
//! Orders appear in the statements only once settled: an order that is not says so.

pub mod convert;
mod export;
pub mod import;
mod lists;
mod orders;
mod present;
mod profit;
mod progress;
pub mod queries;
pub mod schedule;
mod transactions;
pub mod views;
pub mod window;

pub use import::FinanceRange;
pub use lists::{PAYMENTS_JOB, STATEMENTS_JOB};
pub use present::kind_label;
pub use views::{
    AmountPartView, CurrencySummaryView, EarningsSkuView, FinanceExportInput, FinanceExportSummary,
    FinanceImportProgressView, FinanceImportSummary, FinanceQueryInput, FinanceSummaryInput,
    FinanceSummaryView, OrderEarningsRowView, OrderEarningsView, OrderTransactionView, PayoutView,
    StatementDetailView, StatementPageView, StatementRowView, SummaryBucketView, TransactionView,
};
