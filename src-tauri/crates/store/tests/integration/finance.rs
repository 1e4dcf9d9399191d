//! Finance in the store: statements, transactions and payments keyed by TikTok's ids (a
//! re-import updates, never duplicates), each order's earnings rebuilt from its transactions
//! with TikTok's settlement as the truth and the gap to the signed parts beside it, the
//! period summary by currency, and costs through the SKU links.

use crate::common::{order, store_with_shops};
use rust_decimal::Decimal;
use shopdock_store::finance::{
    EarningsSource, FinanceQuery, OrderSettlementRecord, Parts, SkuSettlementRecord,
    StatementRecord, StatementTotals, SummaryStep, TransactionRecord, TransactionsProgress,
    UnitsSource,
};
use shopdock_store::{LinkPart, LocalSkuPatch, SkuLink, Store};
use std::str::FromStr;

const DAY: i64 = 86_400;
/// 2025-06-10 00:00 UTC: the statement of June 9.
const T0: i64 = 1_749_513_600;

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn statement(
    id: &str,
    time: i64,
    currency: &str,
    settlement: &str,
    status: &str,
) -> StatementRecord {
    StatementRecord {
        statement_id: id.into(),
        statement_time: time,
        currency: currency.into(),
        settlement_amount: Some(d(settlement)),
        revenue_amount: None,
        fee_amount: None,
        adjustment_amount: None,
        net_sales_amount: None,
        shipping_cost_amount: None,
        payment_status: status.into(),
        payment_id: (status == "PAID").then(|| format!("P-{id}")),
        raw_json: format!(r#"{{"id":"{id}"}}"#),
    }
}

fn parts(list: &[(&str, &str)]) -> Parts {
    list.iter().map(|(k, v)| (k.to_string(), d(v))).collect()
}

/// The spec's own example: revenue 200, fees -30, shipping -70, settlement 130 (write-api §H
/// DISAGREE: the parts add up to 100).
fn disagreeing_order(id: &str, order: &str) -> TransactionRecord {
    TransactionRecord {
        transaction_id: id.into(),
        kind: "ORDER".into(),
        order_id: Some(order.into()),
        order_create_time: Some(T0 - 20 * DAY),
        settlement_amount: Some(d("130")),
        revenue_amount: Some(d("200")),
        shipping_cost_amount: Some(d("-70")),
        fee_tax_amount: Some(d("-30")),
        parts: parts(&[
            ("revenue.subtotal_before_discount_amount", "200"),
            ("shipping.actual_shipping_fee_amount", "-70"),
            ("fee.platform_commission_amount", "-20"),
            ("fee.transaction_fee_amount", "-6"),
            ("tax.vat_amount", "-4"),
        ]),
        ..TransactionRecord::default()
    }
}

fn agreeing_order(id: &str, order: &str, revenue: &str, fee: &str) -> TransactionRecord {
    let settlement = d(revenue) + d(fee);
    TransactionRecord {
        transaction_id: id.into(),
        kind: "ORDER".into(),
        order_id: Some(order.into()),
        order_create_time: Some(T0 - 15 * DAY),
        settlement_amount: Some(settlement),
        revenue_amount: Some(d(revenue)),
        shipping_cost_amount: Some(Decimal::ZERO),
        fee_tax_amount: Some(d(fee)),
        parts: parts(&[
            ("revenue.subtotal_before_discount_amount", revenue),
            ("fee.transaction_fee_amount", fee),
        ]),
        ..TransactionRecord::default()
    }
}

fn adjustment(id: &str, kind: &str, order: Option<&str>, amount: &str) -> TransactionRecord {
    TransactionRecord {
        transaction_id: id.into(),
        kind: kind.into(),
        order_id: order.map(Into::into),
        adjustment_id: Some(format!("A{id}")),
        settlement_amount: Some(d(amount)),
        adjustment_amount: Some(d(amount)),
        parts: parts(&[(&format!("adjustment.{kind}"), amount)]),
        ..TransactionRecord::default()
    }
}

fn reserve(id: &str, order: &str, amount: &str, status: &str) -> TransactionRecord {
    TransactionRecord {
        transaction_id: id.into(),
        kind: "RESERVE".into(),
        order_id: Some(order.into()),
        reserve_id: Some(format!("R{id}")),
        reserve_status: Some(status.into()),
        reserve_amount: Some(d(amount)),
        parts: parts(&[(&format!("reserve.{status}"), amount)]),
        ..TransactionRecord::default()
    }
}

fn done() -> TransactionsProgress {
    TransactionsProgress {
        cursor: None,
        done: true,
    }
}

fn put_statement(store: &Store, shop: &str, s: StatementRecord) {
    store
        .write(|tx| tx.upsert_statements(shop, &[s], 1))
        .unwrap();
}

fn put_transactions(
    store: &Store,
    shop: &str,
    statement: &str,
    txns: &[TransactionRecord],
    progress: TransactionsProgress,
) -> shopdock_store::finance::FinanceStored {
    let totals = StatementTotals {
        transaction_count: Some(txns.len() as i64),
        ..StatementTotals::default()
    };
    store
        .write(|tx| tx.store_statement_transactions(shop, statement, &totals, txns, &progress, 2))
        .unwrap()
}

#[test]
fn a_statement_and_its_transactions_read_twice_are_stored_once_and_updated_in_place() {
    let (_dir, store) = store_with_shops(&["s1"]);
    put_statement(
        &store,
        "s1",
        statement("ST1", T0, "GBP", "130", "PROCESSING"),
    );
    let txns = [
        disagreeing_order("T1", "O1"),
        adjustment("T2", "PLATFORM_PENALTY", None, "-5"),
    ];
    let first = put_transactions(&store, "s1", "ST1", &txns, done());
    assert_eq!((first.inserted, first.updated), (2, 0));
    let again = put_transactions(&store, "s1", "ST1", &txns, done());
    assert_eq!((again.inserted, again.updated), (0, 2));
    // The payment status moved on: the same statement, updated.
    let stored = store
        .write(|tx| tx.upsert_statements("s1", &[statement("ST1", T0, "GBP", "130", "PAID")], 3))
        .unwrap();
    assert_eq!((stored.inserted, stored.updated), (0, 1));

    let page = store.finance_statements(&FinanceQuery::default()).unwrap();
    assert_eq!(page.total, 1);
    let row = &page.rows[0];
    assert_eq!(row.statement.payment_status, "PAID");
    assert!(
        row.transactions_done,
        "re-listing a statement keeps its transactions' progress"
    );
    assert_eq!(row.transactions_stored, 2);
    assert_eq!(row.parts.get("fee.platform_commission_amount"), d("-20"));
    assert_eq!(row.parts.get("adjustment.PLATFORM_PENALTY"), d("-5"));
    let (_, stored_txns) = store.finance_statement("s1", "ST1").unwrap().unwrap();
    assert_eq!(stored_txns.len(), 2);
    assert_eq!(stored_txns[0].transaction_id, "T1", "in TikTok's order");
}

#[test]
fn an_orders_earnings_keep_tiktoks_settlement_and_show_the_gap_to_its_parts() {
    let (_dir, store) = store_with_shops(&["s1"]);
    put_statement(&store, "s1", statement("ST1", T0, "GBP", "130", "PAID"));
    put_statement(
        &store,
        "s1",
        statement("ST2", T0 + 5 * DAY, "GBP", "-200", "PAID"),
    );
    put_transactions(
        &store,
        "s1",
        "ST1",
        &[
            disagreeing_order("T1", "O1"),
            reserve("T2", "O1", "-13", "COLLECTED"),
            agreeing_order("T3", "O2", "50", "-4.50"),
        ],
        done(),
    );
    let o1 = store.order_earnings("s1", "O1").unwrap().unwrap().earnings;
    assert_eq!(
        o1.settlement_amount,
        Some(d("130")),
        "TikTok's number is the truth"
    );
    assert_eq!(o1.parts_sum, Some(d("100")));
    assert_eq!(o1.settlement_gap, Some(d("30")));
    assert_eq!(o1.fee_amount, Some(d("-26")));
    assert_eq!(o1.tax_amount, Some(d("-4")));
    assert_eq!(o1.reserve_amount, Some(d("-13")));
    assert_eq!(o1.statement_id.as_deref(), Some("ST1"));
    let o2 = store.order_earnings("s1", "O2").unwrap().unwrap().earnings;
    assert_eq!(o2.settlement_amount, Some(d("45.50")));
    assert_eq!(o2.settlement_gap, None, "parts that agree leave no gap");

    // A later statement charges a chargeback on O1 and a penalty on no order.
    put_transactions(
        &store,
        "s1",
        "ST2",
        &[
            adjustment("T4", "CHARGE_BACK", Some("O1"), "-200"),
            adjustment("T5", "PLATFORM_PENALTY", None, "-3"),
        ],
        done(),
    );
    let detail = store.order_earnings("s1", "O1").unwrap().unwrap();
    assert_eq!(detail.earnings.adjustment_amount, Some(d("-200")));
    assert_eq!(
        detail.earnings.parts.get("adjustment.CHARGE_BACK"),
        d("-200")
    );
    assert_eq!(
        detail.earnings.statement_id.as_deref(),
        Some("ST1"),
        "settled in the statement of its ORDER transaction"
    );
    assert_eq!(
        detail
            .transactions
            .iter()
            .map(|(st, _, t)| (st.as_str(), t.transaction_id.as_str()))
            .collect::<Vec<_>>(),
        [("ST1", "T1"), ("ST1", "T2"), ("ST2", "T4")]
    );
    let all = store
        .orders_earnings("s1", &["O1".into(), "O2".into(), "O3".into()])
        .unwrap();
    assert_eq!(
        all.len(),
        2,
        "an adjustment without an order earns no order a row"
    );
}

#[test]
fn get_order_transactions_fills_an_order_whose_statement_is_not_stored_until_it_is() {
    let (_dir, store) = store_with_shops(&["s1"]);
    let answer = OrderSettlementRecord {
        order_id: "O9".into(),
        currency: "GBP".into(),
        revenue_amount: Some(d("20")),
        fee_tax_amount: Some(d("-2")),
        shipping_cost_amount: Some(d("-3")),
        settlement_amount: Some(d("15")),
        skus: vec![SkuSettlementRecord {
            statement_id: Some("ST7".into()),
            sku_id: Some("K1".into()),
            quantity: Some(2),
            settlement_amount: Some(d("15")),
            parts: parts(&[("fee.referral_fee_amount", "-2")]),
            ..SkuSettlementRecord::default()
        }],
    };
    store
        .write(|tx| tx.store_order_settlement("s1", &answer, 5))
        .unwrap();
    let e = store.order_earnings("s1", "O9").unwrap().unwrap();
    assert_eq!(e.earnings.source, EarningsSource::Order);
    assert_eq!(e.earnings.settlement_amount, Some(d("15")));
    assert_eq!(e.earnings.settlement_gap, None);
    assert_eq!(e.earnings.fee_amount, Some(d("-2")));
    assert_eq!(e.earnings.statement_id.as_deref(), Some("ST7"));
    assert_eq!(e.earnings.skus_fetched_at, Some(5));
    assert_eq!(e.skus[0].quantity, Some(2));

    put_statement(&store, "s1", statement("ST7", T0, "GBP", "16", "PAID"));
    let mut txn = agreeing_order("T1", "O9", "20", "-4");
    txn.settlement_amount = Some(d("16"));
    put_transactions(&store, "s1", "ST7", &[txn], done());
    let e = store.order_earnings("s1", "O9").unwrap().unwrap();
    assert_eq!(e.earnings.source, EarningsSource::Statements);
    assert_eq!(
        e.earnings.settlement_amount,
        Some(d("16")),
        "the statement is the record"
    );
    assert_eq!(e.earnings.skus_fetched_at, Some(5), "the SKUs stay");
    assert_eq!(e.skus.len(), 1);
    assert!(store
        .orders_awaiting_skus("s1", None, 10)
        .unwrap()
        .is_empty());
}

#[test]
fn settled_orders_wait_for_their_skus_once_and_statements_resume_from_their_cursor() {
    let (_dir, store) = store_with_shops(&["s1"]);
    put_statement(
        &store,
        "s1",
        statement("ST1", T0, "USD", "10", "PROCESSING"),
    );
    put_transactions(
        &store,
        "s1",
        "ST1",
        &[agreeing_order("T1", "O1", "10", "0")],
        TransactionsProgress {
            cursor: Some("page-2".into()),
            done: false,
        },
    );
    let pending = store
        .statements_pending_transactions("s1", T0, T0 + 1)
        .unwrap();
    assert_eq!(pending.len(), 1);
    assert_eq!(pending[0].cursor.as_deref(), Some("page-2"));
    assert_eq!(store.statements_done("s1", 0, i64::MAX).unwrap(), (1, 0));
    assert_eq!(store.orders_awaiting_skus("s1", None, 10).unwrap(), ["O1"]);
    assert_eq!(store.oldest_unpaid_statement("s1", 0).unwrap(), Some(T0));
    put_transactions(
        &store,
        "s1",
        "ST1",
        &[agreeing_order("T2", "O2", "5", "0")],
        done(),
    );
    assert!(store
        .statements_pending_transactions("s1", T0, T0 + 1)
        .unwrap()
        .is_empty());
    assert_eq!(
        store.orders_awaiting_skus("s1", Some("O1"), 10).unwrap(),
        ["O2"]
    );
    let empty = OrderSettlementRecord {
        order_id: "O1".into(),
        ..OrderSettlementRecord::default()
    };
    store
        .write(|tx| tx.store_order_settlement("s1", &empty, 9))
        .unwrap();
    assert_eq!(
        store.orders_awaiting_skus("s1", None, 10).unwrap(),
        ["O2"],
        "an answer without SKUs still counts as asked"
    );
    assert_eq!(store.order_skus_progress("s1").unwrap(), (1, 1));
}

#[test]
fn the_summary_adds_statements_per_currency_by_day_and_week_and_counts_the_gaps() {
    let (_dir, store) = store_with_shops(&["gb", "us"]);
    for (i, status) in ["PAID", "PROCESSING", "FAILED"].iter().enumerate() {
        let id = format!("G{i}");
        put_statement(
            &store,
            "gb",
            statement(&id, T0 + i as i64 * DAY, "GBP", "130", status),
        );
        put_transactions(
            &store,
            "gb",
            &id,
            &[disagreeing_order(&format!("GT{i}"), &format!("GO{i}"))],
            done(),
        );
    }
    put_statement(&store, "us", statement("U1", T0, "USD", "45.50", "PAID"));
    put_transactions(
        &store,
        "us",
        "U1",
        &[agreeing_order("UT1", "UO1", "50", "-4.50")],
        done(),
    );

    let all = FinanceQuery::default();
    let by_day = store.finance_summary(&all, SummaryStep::Day).unwrap();
    assert_eq!(
        by_day
            .iter()
            .map(|c| c.currency.as_str())
            .collect::<Vec<_>>(),
        ["GBP", "USD"],
        "currencies are never added together"
    );
    let gbp = &by_day[0];
    assert_eq!(gbp.statements, 3);
    assert_eq!(gbp.settlement, d("390"));
    assert_eq!(
        (gbp.paid, gbp.processing, gbp.failed),
        (d("130"), d("130"), d("130"))
    );
    assert_eq!(gbp.fees, d("-78"));
    assert_eq!(gbp.taxes, d("-12"));
    assert_eq!(gbp.parts.get("fee.platform_commission_amount"), d("-60"));
    assert_eq!((gbp.orders_settled, gbp.orders_with_gap), (3, 3));
    assert_eq!(gbp.gap_total, d("90"));
    assert_eq!(gbp.buckets.len(), 3);
    assert_eq!(
        gbp.buckets[0].start,
        T0 - DAY,
        "a statement charts on the day it covers"
    );
    assert_eq!(by_day[1].orders_with_gap, 0);

    let by_week = store.finance_summary(&all, SummaryStep::Week).unwrap();
    // June 9, 10 and 11 of 2025 are Monday to Wednesday: one week.
    assert_eq!(by_week[0].buckets.len(), 1);
    assert_eq!(by_week[0].buckets[0].settlement, d("390"));

    let one_shop = FinanceQuery {
        shop_ids: vec!["us".into()],
        ..FinanceQuery::default()
    };
    let us = store.finance_summary(&one_shop, SummaryStep::Day).unwrap();
    assert_eq!(us.len(), 1);
    assert_eq!(us[0].settlement, d("45.50"));
    let first_day = FinanceQuery {
        from: Some(T0),
        to: Some(T0 + 1),
        ..FinanceQuery::default()
    };
    let page = store.finance_statements(&first_day).unwrap();
    assert_eq!(page.total, 2, "both shops' statements of that day");
}

#[test]
fn an_orders_units_come_from_its_settlement_or_its_line_items_and_costs_from_the_links() {
    let (_dir, store) = store_with_shops(&["s1"]);
    let o = order("O1", 10, "DELIVERED", "completed");
    store.upsert_orders("s1", &[o], None).unwrap();
    let units = store
        .order_units("s1", &["O1".into(), "O2".into()])
        .unwrap();
    let o1 = &units["O1"];
    assert_eq!(o1.source, UnitsSource::Ordered);
    assert_eq!(
        o1.lines
            .iter()
            .map(|l| (l.sku_id.as_deref(), l.units))
            .collect::<Vec<_>>(),
        [
            (Some("sku-MUG-RED"), Some(1)),
            (Some("sku-TEA-GREEN"), Some(1))
        ]
    );
    assert!(!units.contains_key("O2"));

    put_statement(&store, "s1", statement("ST1", T0, "USD", "10", "PAID"));
    put_transactions(
        &store,
        "s1",
        "ST1",
        &[agreeing_order("T1", "O1", "10", "0")],
        done(),
    );
    let answer = OrderSettlementRecord {
        order_id: "O1".into(),
        currency: "USD".into(),
        settlement_amount: Some(d("10")),
        skus: vec![SkuSettlementRecord {
            sku_id: Some("sku-MUG-RED".into()),
            quantity: Some(3),
            ..SkuSettlementRecord::default()
        }],
        ..OrderSettlementRecord::default()
    };
    store
        .write(|tx| tx.store_order_settlement("s1", &answer, 5))
        .unwrap();
    let units = store.order_units("s1", &["O1".into()]).unwrap();
    assert_eq!(units["O1"].source, UnitsSource::Settled);
    assert_eq!(units["O1"].lines[0].units, Some(3));

    store
        .save_local_sku(
            "MUG",
            &LocalSkuPatch {
                cost: Some(Some(d("2.40"))),
                ..LocalSkuPatch::default()
            },
            1,
        )
        .unwrap();
    store
        .save_local_sku("BOX", &LocalSkuPatch::default(), 1)
        .unwrap();
    store
        .set_sku_link(&SkuLink {
            shop_id: "s1".into(),
            product_id: "P1".into(),
            sku_id: "sku-MUG-RED".into(),
            parts: vec![
                LinkPart {
                    code: "MUG".into(),
                    factor: 2,
                },
                LinkPart {
                    code: "BOX".into(),
                    factor: 1,
                },
            ],
            linked_at: 1,
        })
        .unwrap();
    let costs = store.sku_costs("s1").unwrap();
    let parts = &costs["sku-MUG-RED"];
    assert_eq!(parts.len(), 2);
    let mug = parts.iter().find(|p| p.code == "MUG").unwrap();
    assert_eq!((mug.factor, mug.cost), (2, Some(d("2.40"))));
    assert_eq!(parts.iter().find(|p| p.code == "BOX").unwrap().cost, None);
}
