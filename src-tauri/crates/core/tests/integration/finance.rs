//! Finance against the sandbox over real HTTP, a real SQLite file and the real keyring: the
//! imported statements, transactions and payments are the sandbox's own, each once (also
//! after a second import); every settled order's parts agree with TikTok's settlement or the
//! gap is shown (the documented disagreement included); a cancelled import resumes without
//! reading what it stored; SEA has no Get Payments; profit needs every unit costed; the
//! automatic import follows the order pull; the export holds every row as numbers with
//! their currency.

use crate::support::{connect_sandbox_shop, open_app_on, TestApp};
use rust_decimal::Decimal;
use shopdock_core::{
    ChartStep, CoreEvent, EarningsStatus, ErrorCode, FinanceExportInput, FinanceExportRows,
    FinanceImportStep, FinanceQueryInput, FinanceRange, FinanceSummaryInput, LinkPartView,
    LocalSkuInput, ManualClock,
};
use shopdock_demo::SandboxDemo;
use shopdock_sandbox::{Control, MarketCode, SandboxConfig, ShippingMode, ShopInfo, ShopSetup};
use std::collections::{HashMap, HashSet};
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;
use tokio_util::sync::CancellationToken;

const DAY: i64 = 86_400;

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap_or_else(|e| panic!("{s:?}: {e}"))
}

fn od(s: &Option<String>) -> Option<Decimal> {
    s.as_deref().map(d)
}

/// The seeded world plus a UK local shop (reserves, payments) and a Malaysian one (SEA: no
/// Get Payments), a month of orders in each.
fn world() -> Arc<SandboxDemo> {
    SandboxDemo::with_config(SandboxConfig {
        seed: 21,
        orders_per_shop: 150,
        extra_shops: vec![
            ShopSetup::local(MarketCode::Uk, ShippingMode::Mixed),
            ShopSetup::local(MarketCode::My, ShippingMode::Tiktok),
        ],
        ..SandboxConfig::default()
    })
}

struct World {
    t: TestApp,
    c: Control,
    clock: Arc<ManualClock>,
}

/// The world forty days on (its orders delivered and settled, reserves released), its clock
/// paused, core reading the sandbox's time, neither side limiting the rate.
async fn settled_world() -> World {
    let clock = Arc::new(ManualClock::at_system_time());
    let t = open_app_on(world(), None, Some(clock.clone())).await;
    let c = t.sandbox().await.control().clone();
    c.pause_clock();
    c.set_rate_limit(0);
    c.advance_clock(Duration::from_secs(40 * DAY as u64));
    clock.set(c.now());
    t.app.set_rate_limit_qps(1_000.0);
    World { t, c, clock }
}

fn local_shop(c: &Control, region: &str) -> ShopInfo {
    c.shops()
        .into_iter()
        .find(|s| s.region == region && s.seller_type == "LOCAL")
        .expect("a local shop of the region")
}

async fn connect(w: &World, shop: &ShopInfo) -> String {
    connect_sandbox_shop(&w.t, &shop.code, &shop.seller_id).await
}

fn all(shop: &str) -> FinanceQueryInput {
    FinanceQueryInput {
        shop_ids: vec![shop.into()],
        ..FinanceQueryInput::default()
    }
}

/// Asserts the stored statements, transactions and payments are the sandbox's, each once.
async fn assert_same_as_sandbox(w: &World, shop: &str, sandbox_shop: &str) {
    let truth = w.c.finance_statements(sandbox_shop).unwrap();
    assert!(truth.len() > 30, "a month of statements: {}", truth.len());
    let page = w.t.app.finance_statements(all(shop)).await.unwrap();
    assert_eq!(page.total as usize, truth.len(), "every statement, once");
    let stored: HashMap<&str, _> = page
        .rows
        .iter()
        .map(|r| (r.statement_id.as_str(), r))
        .collect();
    assert_eq!(stored.len(), truth.len());
    for s in &truth {
        let r = stored[s.id.as_str()];
        assert_eq!(r.statement_time, s.statement_time);
        assert_eq!(od(&r.settlement), Some(d(&s.settlement_amount)), "{}", s.id);
        assert_eq!(r.payment_status, s.payment_status, "{}", s.id);
        assert_eq!(r.payment_id.clone().unwrap_or_default(), s.payment_id);
        assert_eq!(od(&r.payable), Some(d(&s.payable_amount)));
        assert!(r.complete);

        let detail = w.t.app.finance_statement(shop, &s.id).await.unwrap();
        let txns = w.c.finance_transactions(sandbox_shop, &s.id).unwrap();
        assert_eq!(detail.transactions.len(), txns.len(), "{}", s.id);
        assert_eq!(s.transaction_count, txns.len());
        let ids: HashSet<&str> = detail
            .transactions
            .iter()
            .map(|t| t.transaction_id.as_str())
            .collect();
        assert_eq!(ids.len(), txns.len(), "each transaction once");
        for truth in &txns {
            let t = detail
                .transactions
                .iter()
                .find(|t| t.transaction_id == truth.id)
                .unwrap_or_else(|| panic!("transaction {} missing", truth.id));
            assert_eq!(t.kind, truth.kind);
            assert_eq!(t.order_id, truth.order_id, "{}", truth.id);
            if truth.kind == "RESERVE" {
                assert_eq!(od(&t.reserve), Some(d(&truth.reserve_amount)));
            } else if truth.kind != "ORDER" {
                assert_eq!(od(&t.settlement), Some(d(&truth.settlement_amount)));
                assert!(t.is_adjustment);
            }
        }
    }
    let payments = w.t.app.finance_payments(all(shop)).await.unwrap();
    let truth = w.c.finance_payments(sandbox_shop).unwrap();
    assert_eq!(payments.len(), truth.len(), "every payment, once");
    for p in &truth {
        let ours = payments
            .iter()
            .find(|x| x.payment_id == p.id)
            .unwrap_or_else(|| panic!("payment {} missing", p.id));
        assert_eq!(ours.status, p.status);
        assert_eq!(od(&ours.settlement), Some(d(&p.settlement_amount)));
        assert_eq!(od(&ours.amount), Some(d(&p.amount)));
        assert_eq!(
            ours.payout_currency.as_deref(),
            Some(p.payout_currency.as_str())
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn imported_statements_transactions_and_payments_equal_the_sandboxs_each_once_also_after_a_second_import(
) {
    let w = settled_world().await;
    let uk = local_shop(&w.c, "GB");
    let shop = connect(&w, &uk).await;
    let first =
        w.t.app
            .import_finance(&shop, None, CancellationToken::new())
            .await
            .unwrap();
    assert!(first.transactions > 0 && first.payments > 0, "{first:?}");
    assert_same_as_sandbox(&w, &shop, &uk.id).await;
    let settled = w.c.settled_order_count(&uk.id).unwrap() as u64;
    assert_eq!(
        first.orders, settled,
        "every settled order's transactions, once"
    );
    let calls = w.c.finance_call_counts(&uk.id).unwrap();
    assert_eq!(calls.order_transactions, settled);

    // A day later: the second import reads the lists again and only the new statement's
    // transactions and orders.
    w.c.advance_clock(Duration::from_secs(DAY as u64));
    w.clock.set(w.c.now());
    let second =
        w.t.app
            .import_finance(&shop, None, CancellationToken::new())
            .await
            .unwrap();
    assert_same_as_sandbox(&w, &shop, &uk.id).await;
    let again = w.c.finance_call_counts(&uk.id).unwrap();
    let new_settled = w.c.settled_order_count(&uk.id).unwrap() as u64 - settled;
    assert_eq!(second.orders, new_settled);
    assert_eq!(
        again.order_transactions - calls.order_transactions,
        new_settled
    );
    assert!(
        again.statement_transactions - calls.statement_transactions <= 1,
        "only the new day's statement is read: {calls:?} then {again:?}"
    );
    assert_eq!(
        second.statements_new as u64,
        again.statement_transactions - calls.statement_transactions
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn every_settled_order_agrees_with_its_parts_or_shows_the_gap_the_docs_warn_of() {
    let w = settled_world().await;
    let uk = local_shop(&w.c, "GB");
    // More orders, so the documented 2% disagreement shows up.
    w.c.generate_settled_history(&uk.id, 400, 60).unwrap();
    let shop = connect(&w, &uk).await;
    let from = w.c.now() - 80 * DAY;
    w.t.app
        .import_finance(
            &shop,
            Some(FinanceRange {
                from,
                to: w.c.now(),
            }),
            CancellationToken::new(),
        )
        .await
        .unwrap();
    let (mut settled, mut disagreeing) = (0, 0);
    for order in w.c.orders(&uk.id).unwrap() {
        let e = w.t.app.order_earnings(&shop, &order.id).await.unwrap();
        match w.c.finance_order(&uk.id, &order.id).unwrap() {
            Some(truth) => {
                settled += 1;
                assert_eq!(e.status, EarningsStatus::Settled, "{}", order.id);
                assert_eq!(e.statement_id.as_deref(), Some(truth.statement_id.as_str()));
                assert_eq!(od(&e.settlement), Some(d(&truth.settlement_amount)));
                assert_eq!(od(&e.revenue), Some(d(&truth.revenue_amount)));
                assert_eq!(od(&e.fee_tax), Some(d(&truth.fee_tax_amount)));
                assert_eq!(od(&e.parts_sum), Some(d(&truth.parts_sum)), "{}", order.id);
                if truth.disagrees {
                    disagreeing += 1;
                    assert_eq!(
                        od(&e.gap),
                        Some(d(&truth.settlement_amount) - d(&truth.parts_sum)),
                        "the documented disagreement is shown: {}",
                        order.id
                    );
                    assert_ne!(od(&e.gap), Some(Decimal::ZERO));
                } else {
                    assert_eq!(e.gap, None, "parts that agree leave no gap: {}", order.id);
                }
                let fees: Decimal = e
                    .parts
                    .iter()
                    .filter(|p| p.group == "fee" || p.group == "tax")
                    .map(|p| d(&p.amount))
                    .sum();
                assert_eq!(
                    Some(fees),
                    od(&e.fee_tax),
                    "fees by kind add up: {}",
                    order.id
                );
            }
            None => assert_ne!(e.status, EarningsStatus::Settled, "{}", order.id),
        }
    }
    assert!(settled > 300, "{settled}");
    assert!(disagreeing > 0, "the 2% case occurs among {settled} orders");
    let summary =
        w.t.app
            .finance_summary(FinanceSummaryInput {
                shop_ids: vec![shop.clone()],
                from,
                to: w.c.now(),
                step: ChartStep::Week,
            })
            .await
            .unwrap();
    let gbp = &summary.currencies[0];
    assert_eq!(gbp.currency, "GBP");
    assert_eq!(gbp.orders_with_gap, disagreeing);
    assert_eq!(gbp.orders_settled, settled);
    let total: Decimal = gbp.buckets.iter().map(|b| d(&b.settlement)).sum();
    assert_eq!(total, d(&gbp.settlement), "the chart adds up to the period");
    assert!(!gbp.fees_by_kind.is_empty() && !gbp.adjustments_by_kind.is_empty());
}

/// Runs an import of `range` and cancels it once `stop` says so of a progress event.
async fn cancel_when(
    w: &World,
    shop: &str,
    range: FinanceRange,
    stop: impl Fn(&shopdock_core::FinanceImportProgressView) -> bool + Send + 'static,
) {
    let cancel = CancellationToken::new();
    let mut events = w.t.app.subscribe();
    let watcher = tokio::spawn({
        let (cancel, shop) = (cancel.clone(), shop.to_owned());
        async move {
            while let Ok(event) = events.recv().await {
                if let CoreEvent::FinanceImportProgress { progress } = event {
                    if progress.shop_id == shop && stop(&progress) {
                        cancel.cancel();
                        return;
                    }
                }
            }
        }
    });
    let result = w.t.app.import_finance(shop, Some(range), cancel).await;
    watcher.abort();
    let e = result.expect_err("cancelled mid-import");
    assert_eq!(e.code, ErrorCode::Cancelled, "{e:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_cancelled_import_resumes_where_it_stopped_and_stores_each_record_once() {
    let w = settled_world().await;
    // Slow enough to be caught in the act.
    w.t.app.set_rate_limit_qps(25.0);
    let uk = local_shop(&w.c, "GB");
    let shop = connect(&w, &uk).await;
    let range = FinanceRange {
        from: w.c.now() - 80 * DAY,
        to: w.c.now(),
    };
    cancel_when(&w, &shop, range, |p| {
        p.step == FinanceImportStep::Transactions && p.statements_done >= 5
    })
    .await;
    let stopped = w.t.app.finance_statements(all(&shop)).await.unwrap();
    let complete = stopped.rows.iter().filter(|r| r.complete).count();
    assert!(
        complete >= 5 && complete < stopped.rows.len(),
        "stopped halfway: {complete} of {}",
        stopped.rows.len()
    );
    cancel_when(&w, &shop, range, |p| {
        p.step == FinanceImportStep::Orders && p.orders_done >= 20
    })
    .await;
    let before = w.c.finance_call_counts(&uk.id).unwrap();
    let done =
        w.t.app
            .import_finance(&shop, Some(range), CancellationToken::new())
            .await
            .unwrap();
    assert_same_as_sandbox(&w, &shop, &uk.id).await;
    let after = w.c.finance_call_counts(&uk.id).unwrap();
    assert_eq!(
        after.statement_transactions, before.statement_transactions,
        "no statement read twice once stored"
    );
    let settled = w.c.settled_order_count(&uk.id).unwrap() as u64;
    assert!(
        done.orders < settled,
        "only the orders not asked before: {done:?}"
    );
    // Calls in flight at a cancel are asked again; nothing else is.
    assert!(
        after.order_transactions <= settled + 16,
        "{} calls for {settled} orders",
        after.order_transactions
    );
    let statements = w.c.finance_statements(&uk.id).unwrap().len() as u64;
    assert!(
        after.statement_transactions <= statements + 10,
        "{after:?} for {statements} statements"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_sea_shop_is_never_asked_for_payments_and_its_statements_say_how_they_were_paid() {
    let w = settled_world().await;
    let my = local_shop(&w.c, "MY");
    let shop = connect(&w, &my).await;
    let summary =
        w.t.app
            .import_finance(&shop, None, CancellationToken::new())
            .await
            .unwrap();
    assert_eq!(summary.payments, 0);
    assert_eq!(w.c.finance_call_counts(&my.id).unwrap().payments, 0);
    let truth = w.c.finance_statements(&my.id).unwrap();
    let page = w.t.app.finance_statements(all(&shop)).await.unwrap();
    assert_eq!(page.total as usize, truth.len());
    assert!(page.rows.iter().any(|r| r.payment_status == "PAID"));
    assert!(page.rows.iter().all(|r| r.currency == "MYR"));
}

#[tokio::test(flavor = "multi_thread")]
async fn an_order_earns_a_profit_only_once_every_unit_is_costed() {
    let w = settled_world().await;
    let uk = local_shop(&w.c, "GB");
    let shop = connect(&w, &uk).await;
    w.t.app
        .import_products(&shop, true, CancellationToken::new())
        .await
        .unwrap();
    w.t.app
        .import_finance(&shop, None, CancellationToken::new())
        .await
        .unwrap();
    let order =
        w.c.orders(&uk.id)
            .unwrap()
            .into_iter()
            .find(|o| {
                w.c.finance_order(&uk.id, &o.id)
                    .unwrap()
                    .is_some_and(|f| !f.disagrees)
            })
            .expect("a settled order");
    let before = w.t.app.order_earnings(&shop, &order.id).await.unwrap();
    assert_eq!(before.status, EarningsStatus::Settled);
    assert_eq!(before.profit, None);
    assert!(
        before
            .profit_missing
            .iter()
            .any(|m| m.contains("not linked")),
        "{:?}",
        before.profit_missing
    );
    assert!(
        !before.skus.is_empty(),
        "units per SKU from Get Order Transactions"
    );
    for (i, sku) in before.skus.iter().enumerate() {
        let code = format!("COST-{i}");
        w.t.app
            .save_local_sku(LocalSkuInput {
                code: code.clone(),
                cost: (i > 0).then(|| "1.25".to_string()),
                ..LocalSkuInput::default()
            })
            .await
            .unwrap();
        w.t.app
            .set_sku_link(
                &shop,
                sku.sku_id.as_deref().expect("a SKU id"),
                vec![LinkPartView { code, factor: 2 }],
            )
            .await
            .unwrap();
    }
    let no_cost = w.t.app.order_earnings(&shop, &order.id).await.unwrap();
    assert_eq!(no_cost.profit, None, "a SKU without a cost gives no profit");
    assert_eq!(no_cost.profit_missing, ["Your SKU COST-0 has no cost."]);

    w.t.app
        .save_local_sku(LocalSkuInput {
            code: "COST-0".into(),
            cost: Some("3.00".into()),
            ..LocalSkuInput::default()
        })
        .await
        .unwrap();
    let e = w.t.app.order_earnings(&shop, &order.id).await.unwrap();
    let units: Vec<Decimal> = e
        .skus
        .iter()
        .map(|s| Decimal::from(s.units.expect("settled units")))
        .collect();
    let cost: Decimal = units
        .iter()
        .enumerate()
        .map(|(i, n)| n * Decimal::from(2) * if i == 0 { d("3.00") } else { d("1.25") })
        .sum();
    assert_eq!(od(&e.cost), Some(cost));
    assert_eq!(od(&e.profit), Some(d(e.net.as_deref().unwrap()) - cost));
    assert!(e.margin_percent.is_some());
    let row =
        w.t.app
            .orders_earnings(&shop, vec![order.id.clone(), "0".into()])
            .await
            .unwrap();
    assert_eq!(row[0].profit, e.profit, "the table column says the same");
    assert_eq!(row[1].status, EarningsStatus::NotSettled);

    // Costs the seller keeps in another currency are never taken off a GBP settlement.
    let mut settings = w.t.app.stock_settings(&shop).await.unwrap();
    settings.price_currency = Some("USD".into());
    w.t.app.set_stock_settings(&shop, settings).await.unwrap();
    let usd = w.t.app.order_earnings(&shop, &order.id).await.unwrap();
    assert_eq!((usd.cost, usd.profit), (None, None));
    assert_eq!(
        usd.profit_missing,
        ["Your SKU costs are in USD; this order was settled in GBP."]
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_automatic_import_follows_the_order_pull() {
    let w = settled_world().await;
    let uk = local_shop(&w.c, "GB");
    let mut events = w.t.app.subscribe();
    let shop = connect(&w, &uk).await;
    w.t.app.start_sync();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(120);
    loop {
        let event = tokio::time::timeout_at(deadline, events.recv())
            .await
            .expect("the automatic finance import finishes within two minutes")
            .expect("events");
        if let CoreEvent::FinanceImportProgress { progress } = event {
            if progress.shop_id == shop && progress.finished {
                break;
            }
        }
    }
    w.t.app.stop_sync();
    let page = w.t.app.finance_statements(all(&shop)).await.unwrap();
    assert_eq!(
        page.total as usize,
        w.c.finance_statements(&uk.id).unwrap().len()
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_export_writes_every_transaction_and_order_as_numbers_with_their_currency() {
    let w = settled_world().await;
    let uk = local_shop(&w.c, "GB");
    let shop = connect(&w, &uk).await;
    w.t.app
        .import_finance(&shop, None, CancellationToken::new())
        .await
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let csv_path = dir.path().join("transactions.csv");
    let written =
        w.t.app
            .export_finance(&csv_path, FinanceExportInput::default())
            .await
            .unwrap();
    let truth: usize =
        w.c.finance_statements(&uk.id)
            .unwrap()
            .iter()
            .map(|s| s.transaction_count)
            .sum();
    assert_eq!(written.transactions as usize, truth);
    let mut reader = csv::Reader::from_path(&csv_path).unwrap();
    let headers = reader.headers().unwrap().clone();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (settlement, currency, kind, date) =
        (col("settlement"), col("currency"), col("type"), col("date"));
    assert!(headers.iter().any(|h| h == "fee.transaction_fee_amount"));
    let mut rows = 0;
    let mut sum = Decimal::ZERO;
    for record in reader.records() {
        let record = record.unwrap();
        rows += 1;
        assert_eq!(&record[currency], "GBP");
        assert_eq!(record[date].len(), 10, "ISO date: {}", &record[date]);
        if &record[kind] != "RESERVE" {
            sum += d(&record[settlement]);
        }
    }
    assert_eq!(rows, truth);
    let statements_total: Decimal =
        w.c.finance_statements(&uk.id)
            .unwrap()
            .iter()
            .map(|s| d(&s.settlement_amount))
            .sum();
    assert_eq!(sum, statements_total, "the rows add up to the statements");

    let orders_csv = dir.path().join("orders.csv");
    let orders =
        w.t.app
            .export_finance(
                &orders_csv,
                FinanceExportInput {
                    rows: Some(FinanceExportRows::Orders),
                    ..FinanceExportInput::default()
                },
            )
            .await
            .unwrap();
    assert_eq!(
        orders.orders as usize,
        w.c.settled_order_count(&uk.id).unwrap() + {
            // Orders with adjustments only (lost parcels, samples) have a row too.
            let mut reader = csv::Reader::from_path(&orders_csv).unwrap();
            let h = reader.headers().unwrap().clone();
            let s = h.iter().position(|x| x == "settlement").unwrap();
            reader
                .records()
                .filter(|r| r.as_ref().unwrap()[s].is_empty())
                .count()
        }
    );

    let book = dir.path().join("finance.xlsx");
    let all_sheets =
        w.t.app
            .export_finance(&book, FinanceExportInput::default())
            .await
            .unwrap();
    assert_eq!(all_sheets.transactions as usize, truth);
    assert_eq!(all_sheets.orders, orders.orders);
    use calamine::{open_workbook, Data, Reader, Xlsx};
    let mut xlsx: Xlsx<_> = open_workbook(&book).unwrap();
    assert_eq!(xlsx.sheet_names(), ["Statements", "Transactions", "Orders"]);
    let sheet = xlsx.worksheet_range("Transactions").unwrap();
    let header: Vec<String> = sheet
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    let s = header.iter().position(|h| h == "settlement").unwrap();
    let numbers = sheet
        .rows()
        .skip(1)
        .filter(|r| matches!(r[s], Data::Float(_) | Data::Int(_)))
        .count();
    assert!(
        numbers > truth / 2,
        "amounts are number cells: {numbers} of {truth}"
    );
    assert_eq!(sheet.rows().count(), truth + 1);

    let bad =
        w.t.app
            .export_finance(
                &dir.path().join("finance.pdf"),
                FinanceExportInput::default(),
            )
            .await
            .unwrap_err();
    assert_eq!(bad.code, ErrorCode::Validation);
}
