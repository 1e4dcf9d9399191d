//! finance: a year of statements of a shop with 100,000 settled orders
//! (`SHOPDOCK_BENCH_FINANCE_ORDERS` sets another count) imported by the real
//! `shopdock finance sync --from --to` process, at the sandbox's 50 QPS limit and 150 ms
//! latency.
//!
//! The floor is the calls such an import cannot do without, at 50 a second: one Get
//! Statements and one Get Payments page per 100, one Get Statement Transactions page per 100
//! transactions of each statement, and one Get Order Transactions per settled order (its
//! units per SKU, which profit needs). Counted from the sandbox's own statements, payments
//! and settled orders, so a call the import repeats counts against it.

use super::{connect_bench_shop, start_sandbox, timed_cli};
use std::time::{Duration, Instant};

const QPS: f64 = 50.0;
const DAYS: u32 = 365;
const DAY: i64 = 86_400;

/// Calls to read `n` records, 100 a page (an empty list still takes one).
fn pages(n: usize) -> usize {
    n.div_ceil(100).max(1)
}

pub async fn finance() {
    let n: usize = std::env::var("SHOPDOCK_BENCH_FINANCE_ORDERS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let sandbox = start_sandbox(16).await;
    let base = sandbox.base_url();
    let control = sandbox.control().clone();
    let demo = control.demo_shop();
    let t = Instant::now();
    let settled = control
        .generate_settled_history(&demo.id, n, DAYS)
        .expect("settled history");
    let generated = t.elapsed().as_secs_f64();
    let statements = control.finance_statements(&demo.id).expect("statements");
    let payments = control.finance_payments(&demo.id).expect("payments").len();
    let transactions: usize = statements.iter().map(|s| s.transaction_count).sum();
    let transaction_pages: usize = statements.iter().map(|s| pages(s.transaction_count)).sum();
    let needed = pages(statements.len()) + pages(payments) + transaction_pages + settled;
    let floor = needed as f64 / QPS;

    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path();
    connect_bench_shop(data, &control, &base);
    control.set_rate_limit(50);
    control.set_latency(Duration::from_millis(150));
    control.reset_stats();
    let now = control.now();
    let (from, to) = (
        (now - (i64::from(DAYS) + 5) * DAY).to_string(),
        (now + DAY).to_string(),
    );
    let (elapsed, peak) = timed_cli(
        data,
        &["finance", "sync", "Bench", "--from", &from, "--to", &to],
    );
    let stats = control.stats();
    let calls = control.finance_call_counts(&demo.id).expect("calls");
    let made =
        calls.statements + calls.payments + calls.statement_transactions + calls.order_transactions;
    println!(
        "\n== finance: {} statements, {transactions} transactions, {settled} settled orders over {DAYS} days (generated in {generated:.0} s), sandbox limit 50 QPS, latency 150 ms, `shopdock finance sync --from --to`",
        statements.len()
    );
    println!(
        "   floor (calls / QPS)   : {floor:.1} s  ({needed} calls: {} statements, {} payments, {transaction_pages} transaction pages, {settled} orders)",
        pages(statements.len()),
        pages(payments)
    );
    println!(
        "   time                  : {elapsed:.1} s  ({made} calls: {} statements, {} payments, {} transaction pages, {} orders)",
        calls.statements, calls.payments, calls.statement_transactions, calls.order_transactions
    );
    println!(
        "   ratio                 : {:.3}  (target <= 1.2)",
        elapsed / floor
    );
    println!(
        "   HTTP 429 (rate limit) : {}  (target 0)",
        stats.rate_limited
    );
    println!("   peak memory (VmHWM)   : {peak:.0} MiB");
}
