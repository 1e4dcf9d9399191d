//! Statements as lists: made at 00:00 UTC, filtered and paged once each, refused as
//! documented, counted, and harmless to the orders.

use super::{api_statements, api_transactions, data, dec, shop_in, statements_where, DAY};
use crate::common::{added_shop, finance_sandbox, Api};
use rust_decimal::Decimal;
use serde_json::Value;
use shopdock_tiktok::finance::{Payment, PaymentsData, Statement, StatementTransaction};
use std::collections::BTreeSet;
use std::time::Duration;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn statements_appear_at_midnight_utc_as_the_clock_advances() {
    let sb = finance_sandbox().await;
    let c = sb.control();
    let shop = c.demo_shop();
    let api = Api::demo(&sb);
    let mut appeared = 0;
    for _ in 0..3 {
        let midnight = (c.now().div_euclid(DAY) + 1) * DAY;
        c.advance_clock(Duration::from_secs((midnight - 1 - c.now()) as u64));
        let before = api_statements(&api, &shop, "100", "ASC").await;
        assert!(
            before.iter().all(|s| s.statement_time < Some(midnight)),
            "nothing of the open day is visible a second before midnight"
        );
        let truth = c.finance_statements(&shop.id).unwrap();
        assert_eq!(before.len(), truth.len());
        c.advance_clock(Duration::from_secs(1));
        assert_eq!(c.now(), midnight);
        let after = api_statements(&api, &shop, "100", "ASC").await;
        for s in &after {
            let t = s.statement_time.expect("statement_time");
            assert_eq!(t % DAY, 0, "statements are made at 00:00 UTC");
            assert!(t <= midnight);
        }
        let new: Vec<&Statement> = after
            .iter()
            .filter(|s| !before.iter().any(|b| b.id == s.id))
            .collect();
        assert!(new.len() <= 1, "at most one statement a day");
        if let Some(s) = new.first() {
            assert_eq!(s.statement_time, Some(midnight));
            appeared += 1;
        }
    }
    assert!(
        appeared >= 2,
        "a shop with daily sales gets daily statements"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn statement_totals_are_their_transactions_and_each_is_listed_once() {
    let sb = finance_sandbox().await;
    let c = sb.control();
    for shop in [c.demo_shop(), added_shop(c, 0)] {
        let api = Api::new(&sb, &shop.seller_id);
        let truth = c.finance_statements(&shop.id).unwrap();
        assert!(truth.len() > 10, "{} statements", truth.len());
        let asc = api_statements(&api, &shop, "7", "ASC").await;
        let mut desc = api_statements(&api, &shop, "5", "DESC").await;
        desc.reverse();
        assert_eq!(asc, desc, "both orders list the same statements");
        let ids: Vec<&str> = asc.iter().map(|s| s.id.as_str()).collect();
        let want: Vec<&str> = truth.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, want, "each statement once, oldest first");
        for (s, t) in asc.iter().zip(&truth).take(8) {
            assert_eq!(s.settlement_amount, Some(dec(&t.settlement_amount)));
            let pages = api_transactions(&api, &shop, &s.id, "3").await;
            let head = &pages[0];
            let txns: Vec<&StatementTransaction> =
                pages.iter().flat_map(|p| &p.transactions).collect();
            assert_eq!(head.total_count, Some(txns.len() as i64));
            let unique: BTreeSet<&str> = txns.iter().map(|t| t.id.as_str()).collect();
            assert_eq!(unique.len(), txns.len(), "no transaction twice");
            let truth_txns = c.finance_transactions(&shop.id, &s.id).unwrap();
            let want: Vec<&str> = truth_txns.iter().map(|t| t.id.as_str()).collect();
            let got: Vec<&str> = txns.iter().map(|t| t.id.as_str()).collect();
            assert_eq!(
                got, want,
                "every transaction once, in order_create_time order"
            );
            let sum = |f: fn(&StatementTransaction) -> Option<Decimal>| -> Decimal {
                txns.iter().filter_map(|t| f(t)).sum()
            };
            let total = head.total_settlement_amount.unwrap();
            assert_eq!(total, sum(|t| t.settlement_amount));
            assert_eq!(Some(total), s.settlement_amount);
            let reserve = head.total_reserve_amount.unwrap_or_default();
            assert_eq!(reserve, sum(|t| t.reserve_amount));
            assert_eq!(head.payable_amount, Some(total + reserve));
            let b = head.total_settlement_breakdown.as_ref().unwrap();
            assert_eq!(b.total_revenue_amount, Some(sum(|t| t.revenue_amount)));
            assert_eq!(b.total_fee_tax_amount, Some(sum(|t| t.fee_tax_amount)));
            assert_eq!(
                b.total_shipping_cost_amount,
                Some(sum(|t| t.shipping_cost_amount))
            );
            assert_eq!(
                b.total_adjustment_amount,
                Some(sum(|t| t.adjustment_amount))
            );
            let gaps: Decimal = txns.iter().filter_map(|t| t.settlement_gap()).sum();
            assert_eq!(total - b.total(), gaps, "the parts miss exactly the gaps");
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn filters_pick_statements_by_day_and_payment_status_and_payments_by_time() {
    let sb = finance_sandbox().await;
    let c = sb.control();
    c.advance_clock(Duration::from_secs(20 * DAY as u64));
    let shop = c.demo_shop();
    let api = Api::demo(&sb);
    let all = c.finance_statements(&shop.id).unwrap();
    // The spec's example: the statements of days D..D+5 are those with times D+1 00:00 to
    // D+6 00:00; `ge` any time on day D after 00:00, `lt` any time on day D+6 after 00:00.
    let day = all[3].statement_time - DAY;
    let (ge, lt) = ((day + 3_600).to_string(), (day + 6 * DAY + 60).to_string());
    let got = statements_where(
        &api,
        &shop,
        &[("statement_time_ge", &ge), ("statement_time_lt", &lt)],
    )
    .await;
    let want: Vec<&str> = all
        .iter()
        .filter(|s| (day + DAY..=day + 6 * DAY).contains(&s.statement_time))
        .map(|s| s.id.as_str())
        .collect();
    assert!(!want.is_empty());
    let ids: Vec<&str> = got.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, want);
    let mut by_status = 0;
    for status in ["PAID", "FAILED", "PROCESSING"] {
        let got = statements_where(&api, &shop, &[("payment_status", status)]).await;
        assert!(got.iter().all(|s| s.payment_status.as_str() == status));
        let want = all.iter().filter(|s| s.payment_status == status).count();
        assert_eq!(got.len(), want, "{status}");
        by_status += got.len();
    }
    assert_eq!(by_status, all.len(), "every statement has one of the three");
    let payments = c.finance_payments(&shop.id).unwrap();
    let from = payments[2].create_time;
    let to = payments[5].create_time;
    let (ge, lt) = (from.to_string(), to.to_string());
    let r = api
        .shop_get(
            "/finance/202309/payments",
            &shop.cipher,
            &[
                ("sort_field", "create_time"),
                ("create_time_ge", &ge),
                ("create_time_lt", &lt),
            ],
        )
        .await;
    let got: PaymentsData<Payment> = data(&r);
    let ids: Vec<&str> = got.payments.iter().map(|p| p.id.as_str()).collect();
    let want: Vec<&str> = payments[2..5].iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, want, "ge inclusive, lt exclusive");
}

#[tokio::test]
async fn dead_versions_and_bad_parameters_get_the_documented_refusals() {
    let sb = finance_sandbox().await;
    let c = sb.control();
    let shop = c.demo_shop();
    let api = Api::demo(&sb);
    let statement = &c.finance_statements(&shop.id).unwrap()[0];
    let order = c
        .orders(&shop.id)
        .unwrap()
        .into_iter()
        .find(|o| c.finance_order(&shop.id, &o.id).unwrap().is_some())
        .unwrap();
    let sort = ("sort_field", "order_create_time");
    for (path, params, code) in [
        (
            format!(
                "/finance/202309/statements/{}/statement_transactions",
                statement.id
            ),
            vec![sort],
            36_009_014,
        ),
        (
            format!("/finance/202309/orders/{}/statement_transactions", order.id),
            vec![],
            36_009_014,
        ),
        ("/finance/202501/statements".to_string(), vec![], 36_009_014),
        ("/finance/202309/statements".to_string(), vec![], 36_009_004),
        (
            "/finance/202309/statements".to_string(),
            vec![("sort_field", "create_time")],
            36_009_004,
        ),
        (
            "/finance/202309/statements".to_string(),
            vec![("sort_field", "statement_time"), ("page_size", "101")],
            36_009_004,
        ),
        (
            "/finance/202309/statements".to_string(),
            vec![("sort_field", "statement_time"), ("payment_status", "DONE")],
            36_009_004,
        ),
        (
            "/finance/202309/statements".to_string(),
            vec![("sort_field", "statement_time"), ("page_token", "bogus")],
            36_009_004,
        ),
        (
            "/finance/202309/payments".to_string(),
            vec![("sort_field", "statement_time")],
            36_009_004,
        ),
        (
            format!(
                "/finance/202501/statements/{}/statement_transactions",
                statement.id
            ),
            vec![],
            36_009_004,
        ),
        (
            "/finance/202501/statements/1723000000000000001/statement_transactions".to_string(),
            vec![sort],
            36_009_004,
        ),
    ] {
        let r = api.shop_get(&path, &shop.cipher, &params).await;
        assert_eq!(r.code(), code, "{path} {params:?}: {}", r.json);
    }
    // The alive versions answer.
    let r = api
        .shop_get(
            &format!("/finance/202501/orders/{}/statement_transactions", order.id),
            &shop.cipher,
            &[],
        )
        .await;
    assert_eq!(r.code(), 0);
    // An order not settled yet does not appear.
    let fresh = c.create_orders(&shop.id, 1).unwrap().remove(0);
    let r = api
        .shop_get(
            &format!("/finance/202501/orders/{fresh}/statement_transactions"),
            &shop.cipher,
            &[],
        )
        .await;
    assert_eq!(r.code(), 0);
    assert_eq!(r.json["data"], Value::Object(Default::default()));
}

#[tokio::test]
async fn every_finance_call_is_counted_per_shop_and_endpoint() {
    let sb = finance_sandbox().await;
    let c = sb.control();
    let shop = c.demo_shop();
    let api = Api::demo(&sb);
    let statement = c.finance_statements(&shop.id).unwrap().remove(0);
    let order = c.orders(&shop.id).unwrap().remove(0).id;
    let before = c.finance_call_counts(&shop.id).unwrap();
    assert_eq!(before, Default::default());
    let calls: [(String, Vec<(&str, &str)>); 5] = [
        (
            "/finance/202309/statements".into(),
            vec![("sort_field", "statement_time")],
        ),
        ("/finance/202309/statements".into(), vec![]),
        (
            "/finance/202309/payments".into(),
            vec![("sort_field", "create_time")],
        ),
        (
            format!(
                "/finance/202501/statements/{}/statement_transactions",
                statement.id
            ),
            vec![("sort_field", "order_create_time")],
        ),
        (
            format!("/finance/202501/orders/{order}/statement_transactions"),
            vec![],
        ),
    ];
    for (path, params) in &calls {
        api.shop_get(path, &shop.cipher, params).await;
    }
    let after = c.finance_call_counts(&shop.id).unwrap();
    assert_eq!(after.statements, 2, "refused calls count too");
    assert_eq!(after.payments, 1);
    assert_eq!(after.statement_transactions, 1);
    assert_eq!(after.order_transactions, 1);
    let other = shop_in(&sb, "JP", "LOCAL");
    assert_eq!(
        c.finance_call_counts(&other.id).unwrap(),
        Default::default()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reading_finance_leaves_the_orders_as_they_were() {
    let sb = finance_sandbox().await;
    let c = sb.control();
    let shop = c.demo_shop();
    let orders = c.orders(&shop.id).unwrap();
    c.finance_statements(&shop.id).unwrap();
    let api = Api::demo(&sb);
    api_statements(&api, &shop, "100", "ASC").await;
    assert_eq!(c.orders(&shop.id).unwrap(), orders);
}
