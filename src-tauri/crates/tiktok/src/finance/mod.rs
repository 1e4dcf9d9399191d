//! Finance: statements, payouts and what each settled order earned (write-api §H; fact sheet
//! §9; SPEC:finance/get-statements, get-payments, get-transactions-by-statement,
//! get-transactions-by-order; OV:fin).
//!
//! * [`Client::statements`]: one statement per day, generated at 00:00 UTC over the day
//!   before; orders appear only once settled, some days after delivery.
//! * [`Client::payments`]: the payouts, one per statement or one for several small ones; not
//!   in SEA ([`payments_available`]).
//! * [`Client::statement_transactions`]: a statement's orders, reserve movements and
//!   adjustments (some adjustments have no order).
//! * [`Client::order_transactions`]: one order's settlement, SKU by SKU.
//!
//! Only the versions §H names alive are called: statements and payments at 202309, both
//! transaction endpoints at 202501 (their 202309 versions were blocked after 2025-12-31). Data
//! exists from 2023-07-01 only ([`DATA_SINCE`]). Amounts are signed decimals in the
//! record's currency, never floats; where the parts do not add up to `settlement_amount`, that
//! amount is the truth and the difference is reported (`settlement_gap`), never hidden. The
//! finance specs document one error of their own, 36009003 (internal error), already in the
//! refusal table as transient.
//!
//! [`Client::statements`]: crate::Client::statements
//! [`Client::payments`]: crate::Client::payments
//! [`Client::statement_transactions`]: crate::Client::statement_transactions
//! [`Client::order_transactions`]: crate::Client::order_transactions

pub mod breakdown;
mod calls;
pub mod decode;
pub mod order;
pub mod payment;
pub mod statement;
pub mod transactions;
pub mod words;

pub use breakdown::{
    FeeTaxBreakdown, Fees, RevenueBreakdown, ShippingCostBreakdown, ShippingSupplementary, Taxes,
    TotalSettlementBreakdown, TransactionSupplementary,
};
pub use decode::{Decoded, Undecodable};
pub use order::{OrderTransactions, OrderTransactionsData, SkuTransaction};
pub use payment::{Amount, Payment, PaymentPage, PaymentsData, PaymentsQuery};
pub use rust_decimal::Decimal;
pub use statement::{Statement, StatementPage, StatementsData, StatementsQuery};
pub use transactions::{
    StatementTransaction, StatementTransactionsData, StatementTransactionsPage,
    StatementTransactionsQuery,
};
pub use words::{PaymentStatus, ReserveStatus, StatementStatus, TransactionType};

/// Get Statements.
pub const STATEMENTS_PATH: &str = "/finance/202309/statements";
/// Get Payments.
pub const PAYMENTS_PATH: &str = "/finance/202309/payments";
/// Get Statement Transactions (202501: the 202309 version is blocked).
pub const STATEMENT_TRANSACTIONS_PATH: &str =
    "/finance/202501/statements/{statement_id}/statement_transactions";
/// Get Order Transactions (202501: the 202309 version is blocked).
pub const ORDER_TRANSACTIONS_PATH: &str =
    "/finance/202501/orders/{order_id}/statement_transactions";

/// The only sort field of Get Statements.
pub const STATEMENT_SORT_FIELD: &str = "statement_time";
/// The only sort field of Get Payments.
pub const PAYMENT_SORT_FIELD: &str = "create_time";
/// The only sort field of Get Statement Transactions.
pub const TRANSACTION_SORT_FIELD: &str = "order_create_time";
/// The largest `page_size` of the finance lists.
pub const MAX_FINANCE_PAGE_SIZE: u32 = 100;
/// Finance data starts on 2023-07-01 00:00 UTC (every finance spec).
pub const DATA_SINCE: i64 = 1_688_169_600;
/// US cross-border sellers' transactions start on 2025-04-30 00:00 UTC.
pub const US_CROSS_BORDER_TRANSACTIONS_SINCE: i64 = 1_745_971_200;

/// The SEA markets (region codes), where Get Payments is "currently unavailable" and a local
/// seller's statement `fee_amount` includes shipping.
pub const SEA_REGIONS: &[&str] = &["ID", "MY", "PH", "SG", "TH", "VN"];

/// Whether a shop's market has Get Payments (every market but SEA).
pub fn payments_available(region: &str) -> bool {
    !SEA_REGIONS.contains(&region.trim().to_ascii_uppercase().as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payments_are_missing_only_in_sea() {
        assert!(payments_available("US"));
        assert!(payments_available("GB"));
        assert!(!payments_available("MY"));
        assert!(!payments_available("th"));
    }
}
