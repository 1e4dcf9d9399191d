//! Finance in the sandbox (issue 14, write-api §H) over real HTTP: statements appear at
//! 00:00 UTC as the clock moves, parts add up to settlements except in the documented
//! example's case, paging returns every statement and transaction once, reserves and
//! adjustments and payments behave as documented, per-market fields differ as the specs say,
//! and every finance call is counted.

use crate::common::{added_shop, finance_sandbox, Api, Resp};
use rust_decimal::Decimal;
use serde_json::Value;
use shopdock_sandbox::{Sandbox, ShopInfo};
use shopdock_tiktok::finance::{
    OrderTransactionsData, Payment, PaymentsData, SkuTransaction, Statement, StatementTransaction,
    StatementTransactionsData, StatementsData, TransactionType,
};
use std::collections::{BTreeMap, BTreeSet};
use std::str::FromStr;
use std::time::Duration;

const DAY: i64 = 86_400;
fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap_or_else(|e| panic!("{s:?}: {e}"))
}

fn data<T: serde::de::DeserializeOwned>(r: &Resp) -> T {
    assert_eq!(r.code(), 0, "{}", r.json);
    serde_json::from_value(r.json["data"].clone()).expect("data decodes")
}

/// Every statement of `shop` through Get Statements, `size` per page.
async fn api_statements(api: &Api, shop: &ShopInfo, size: &str, order: &str) -> Vec<Statement> {
    let mut out = Vec::new();
    let mut token = String::new();
    loop {
        let mut params = vec![
            ("sort_field", "statement_time"),
            ("sort_order", order),
            ("page_size", size),
        ];
        if !token.is_empty() {
            params.push(("page_token", &token));
        }
        let r = api
            .shop_get("/finance/202309/statements", &shop.cipher, &params)
            .await;
        let page: StatementsData<Statement> = data(&r);
        out.extend(page.statements);
        match page.next_page_token.filter(|t| !t.is_empty()) {
            Some(t) => token = t,
            None => return out,
        }
    }
}

/// One page of Get Statements (up to 100) with filters.
async fn statements_where(api: &Api, shop: &ShopInfo, filters: &[(&str, &str)]) -> Vec<Statement> {
    let mut params = vec![("sort_field", "statement_time"), ("page_size", "100")];
    params.extend_from_slice(filters);
    let page: StatementsData<Statement> = data(
        &api.shop_get("/finance/202309/statements", &shop.cipher, &params)
            .await,
    );
    page.statements
}

/// Every page of one statement's transactions.
async fn api_transactions(
    api: &Api,
    shop: &ShopInfo,
    statement_id: &str,
    size: &str,
) -> Vec<StatementTransactionsData<StatementTransaction>> {
    let path = format!("/finance/202501/statements/{statement_id}/statement_transactions");
    let mut pages = Vec::new();
    let mut token = String::new();
    loop {
        let mut params = vec![("sort_field", "order_create_time"), ("page_size", size)];
        if !token.is_empty() {
            params.push(("page_token", &token));
        }
        let page: StatementTransactionsData<StatementTransaction> =
            data(&api.shop_get(&path, &shop.cipher, &params).await);
        let next = page.next_page_token.clone().filter(|t| !t.is_empty());
        pages.push(page);
        match next {
            Some(t) => token = t,
            None => return pages,
        }
    }
}

fn shop_in(sb: &Sandbox, region: &str, seller_type: &str) -> ShopInfo {
    sb.control()
        .shops()
        .into_iter()
        .find(|s| s.region == region && s.seller_type == seller_type)
        .unwrap_or_else(|| panic!("a {seller_type} shop in {region}"))
}

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
async fn parts_add_up_to_the_settlement_except_in_the_documented_example_case() {
    let sb = finance_sandbox().await;
    let c = sb.control();
    let (mut agreeing, mut disagreeing) = (0, 0);
    for shop in c.shops() {
        let api = Api::new(&sb, &shop.seller_id);
        for order in c.orders(&shop.id).unwrap() {
            let Some(truth) = c.finance_order(&shop.id, &order.id).unwrap() else {
                continue;
            };
            let path = format!("/finance/202501/orders/{}/statement_transactions", order.id);
            let got: OrderTransactionsData<SkuTransaction> =
                data(&api.shop_get(&path, &shop.cipher, &[]).await);
            let revenue = got.revenue_amount.unwrap();
            let fees = got.fee_and_tax_amount.unwrap();
            let shipping = got.shipping_cost_amount.unwrap();
            let settlement = got.settlement_amount.unwrap();
            assert_eq!(settlement, dec(&truth.settlement_amount));
            assert_eq!(got.sku_transactions.len() as i64, got.total_count.unwrap());
            let sku_sum = |f: fn(&SkuTransaction) -> Option<Decimal>| -> Decimal {
                got.sku_transactions.iter().filter_map(f).sum()
            };
            assert_eq!(sku_sum(|s| s.settlement_amount), settlement);
            assert_eq!(sku_sum(|s| s.revenue_amount), revenue);
            assert_eq!(sku_sum(|s| s.fee_tax_amount), fees);
            assert_eq!(sku_sum(|s| s.shipping_cost_amount), shipping);
            for sku in &got.sku_transactions {
                let b = sku.revenue_breakdown.as_ref().unwrap();
                assert_eq!(b.total(), sku.revenue_amount.unwrap(), "revenue parts");
                let b = sku.shipping_cost_breakdown.as_ref().unwrap();
                assert_eq!(
                    b.total(),
                    sku.shipping_cost_amount.unwrap(),
                    "shipping parts"
                );
                let b = sku.fee_tax_breakdown.as_ref().unwrap();
                assert_eq!(b.total(), sku.fee_tax_amount.unwrap(), "fee and tax parts");
            }
            if truth.disagrees {
                // The spec's example: settlement = revenue + shipping, the fees left out.
                assert_eq!(settlement, revenue + shipping, "order {}", order.id);
                assert!(!fees.is_zero());
                assert_ne!(settlement, revenue + shipping + fees);
                disagreeing += 1;
            } else {
                assert_eq!(settlement, revenue + shipping + fees, "order {}", order.id);
                agreeing += 1;
            }
        }
    }
    assert!(agreeing > 200, "{agreeing} settled orders add up");
    assert!(disagreeing >= 1, "the documented case occurs");
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reserves_are_withheld_with_the_order_and_released_a_month_later() {
    let sb = finance_sandbox().await;
    let c = sb.control();
    let shop = c.demo_shop();
    c.advance_clock(Duration::from_secs(40 * DAY as u64));
    let api = Api::demo(&sb);
    let mut collected: BTreeMap<String, (Decimal, i64, Option<i64>)> = BTreeMap::new();
    let mut released: BTreeMap<String, (Decimal, i64)> = BTreeMap::new();
    for s in api_statements(&api, &shop, "100", "ASC").await {
        let time = s.statement_time.unwrap();
        for page in api_transactions(&api, &shop, &s.id, "100").await {
            for t in page.transactions {
                if t.kind != TransactionType::Reserve {
                    continue;
                }
                assert!(t.order_id.is_empty() && t.adjustment_id.is_empty());
                assert!(!t.reserve_id.is_empty() && !t.associated_order_id.is_empty());
                let amount = t.reserve_amount.unwrap();
                match t.reserve_status.as_str() {
                    "COLLECTED" => {
                        assert!(amount < Decimal::ZERO, "withheld is negative");
                        // Empty once the release is in a closed statement.
                        let release = t.estimated_release_time;
                        let closing = |r: i64| (r.div_euclid(DAY) + 1) * DAY;
                        assert!(release.is_none_or(|r| closing(r) > c.now()), "{release:?}");
                        collected.insert(t.associated_order_id, (amount, time, release));
                    }
                    "RELEASED" => {
                        assert!(amount > Decimal::ZERO, "released is positive");
                        assert_eq!(t.estimated_release_time, None);
                        released.insert(t.associated_order_id, (amount, time));
                    }
                    other => panic!("reserve status {other}"),
                }
            }
        }
    }
    assert!(collected.len() >= 3, "{} reserves", collected.len());
    let (mut matched, mut pending) = (0, 0);
    for (order, (held, time, release)) in &collected {
        match (released.get(order), release) {
            (Some((paid_back, paid_time)), None) => {
                assert_eq!(*paid_back, -*held, "released what was withheld");
                assert!(paid_time - time >= 30 * DAY, "held for about a month");
                matched += 1;
            }
            (None, Some(release)) => {
                assert!(release - time >= 29 * DAY, "held for about a month");
                pending += 1;
            }
            other => panic!("order {order}: release {other:?}"),
        }
    }
    assert!(matched >= 1, "some reserves are released by now");
    assert!(pending >= 1, "some are still held");
    assert!(released.keys().all(|o| collected.contains_key(o)));
    // No reserves outside UK and US local shops.
    let de = shop_in(&sb, "DE", "CROSS_BORDER");
    let de_api = Api::new(&sb, &de.seller_id);
    let first = &api_statements(&de_api, &de, "1", "ASC").await[0];
    let page = &api_transactions(&de_api, &de, &first.id, "100").await[0];
    assert_eq!(page.total_reserve_amount, None);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn adjustments_come_with_and_without_an_order() {
    let sb = finance_sandbox().await;
    let c = sb.control();
    c.advance_clock(Duration::from_secs(30 * DAY as u64));
    let (mut with_order, mut without) = (BTreeSet::new(), BTreeSet::new());
    for shop in c.shops() {
        let api = Api::new(&sb, &shop.seller_id);
        for s in api_statements(&api, &shop, "100", "ASC").await {
            let truth: BTreeMap<String, Option<String>> = c
                .finance_transactions(&shop.id, &s.id)
                .unwrap()
                .into_iter()
                .map(|t| (t.id, t.order_id))
                .collect();
            for page in api_transactions(&api, &shop, &s.id, "100").await {
                for t in page.transactions.iter().filter(|t| t.kind.is_adjustment()) {
                    assert!(!t.adjustment_id.is_empty());
                    assert!(t.order_id.is_empty(), "an adjustment is not an order");
                    assert_eq!(t.settlement_amount, t.adjustment_amount);
                    assert_eq!(
                        Some(&t.adjustment_order_id).filter(|o| !o.is_empty()),
                        truth[&t.id].as_ref(),
                        "the order it concerns, if any"
                    );
                    if t.adjustment_order_id.is_empty() {
                        without.insert(t.kind.as_str().to_string());
                    } else {
                        with_order.insert(t.kind.as_str().to_string());
                    }
                }
            }
        }
    }
    assert!(with_order.len() >= 3, "{with_order:?}");
    assert!(without.len() >= 3, "{without:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn payments_pay_each_statement_once_and_combine_small_ones() {
    let sb = finance_sandbox().await;
    let c = sb.control();
    // Sales stop (no new orders): late reserve releases and adjustments are small amounts.
    c.advance_clock(Duration::from_secs(45 * DAY as u64));
    let mut combined = 0;
    for shop in [c.demo_shop(), shop_in(&sb, "DE", "CROSS_BORDER")] {
        let api = Api::new(&sb, &shop.seller_id);
        let statements = c.finance_statements(&shop.id).unwrap();
        let truth = c.finance_payments(&shop.id).unwrap();
        let r = api
            .shop_get(
                "/finance/202309/payments",
                &shop.cipher,
                &[("sort_field", "create_time"), ("page_size", "100")],
            )
            .await;
        let got: PaymentsData<Payment> = data(&r);
        assert_eq!(got.payments.len(), truth.len());
        let mut paid_statements = BTreeSet::new();
        for (p, t) in got.payments.iter().zip(&truth) {
            assert_eq!(p.id, t.id);
            let settlement = p.settlement_amount.as_ref().unwrap();
            let reserve = p.reserve_amount.as_ref().unwrap();
            let before = p.payment_amount_before_exchange.as_ref().unwrap();
            assert_eq!(settlement.currency, shop.currency);
            assert_eq!(
                before.value,
                Some(settlement.value.unwrap() + reserve.value.unwrap())
            );
            let rate = p.exchange_rate.unwrap();
            let amount = p.amount.as_ref().unwrap();
            assert_eq!(
                amount.value,
                Some((before.value.unwrap() * rate).round_dp_with_strategy(
                    2,
                    rust_decimal::RoundingStrategy::MidpointAwayFromZero
                )),
                "exchanged at the stated rate"
            );
            if shop.seller_type == "LOCAL" {
                assert_eq!(rate, dec("1"));
                assert_eq!(amount.currency, shop.currency);
            } else {
                assert_eq!(
                    amount.currency, "USD",
                    "cross-border sellers are paid in USD"
                );
            }
            let members: Vec<_> = statements
                .iter()
                .filter(|s| t.statement_ids.contains(&s.id))
                .collect();
            assert_eq!(members.len(), t.statement_ids.len());
            if members.len() > 1 {
                combined += 1;
                let small = &members[..members.len() - 1];
                let carried: Decimal = small.iter().map(|s| dec(&s.payable_amount)).sum();
                assert!(carried < dec("10"), "only amounts too small to pay wait");
            }
            let sum: Decimal = members.iter().map(|s| dec(&s.settlement_amount)).sum();
            assert_eq!(settlement.value, Some(sum));
            for m in &members {
                assert_eq!(m.payment_id, p.id);
                assert_eq!(m.payment_status, p.status.as_str());
                assert!(paid_statements.insert(m.id.clone()), "paid once");
            }
            assert_eq!(p.paid_time.is_some(), p.status.as_str() == "PAID");
        }
        for s in &statements {
            if !paid_statements.contains(&s.id) {
                assert_eq!(
                    s.payment_id, "",
                    "unpaid statements wait for the next payment"
                );
                assert_eq!(s.payment_status, "PROCESSING");
            }
        }
        assert!(!truth.is_empty());
    }
    assert!(combined >= 1, "small statements are paid together");
    let my = added_shop(c, 1);
    let api = Api::new(&sb, &my.seller_id);
    let r = api
        .shop_get(
            "/finance/202309/payments",
            &my.cipher,
            &[("sort_field", "create_time")],
        )
        .await;
    assert_eq!(r.code(), 36_009_009, "no Get Payments in SEA: {}", r.json);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn statement_fields_differ_by_market_as_documented() {
    let sb = finance_sandbox().await;
    let c = sb.control();
    let cases = [
        // (shop, revenue_amount, net sales and shipping, fee includes shipping)
        (c.demo_shop(), false, true, false),
        (shop_in(&sb, "GB", "CROSS_BORDER"), false, false, false),
        (shop_in(&sb, "DE", "CROSS_BORDER"), true, false, false),
        (shop_in(&sb, "JP", "LOCAL"), true, true, false),
        (added_shop(c, 0), false, true, false),
        (added_shop(c, 1), true, false, true),
        (added_shop(c, 2), true, true, false),
    ];
    for (shop, revenue, net_sales, fee_with_shipping) in cases {
        let api = Api::new(&sb, &shop.seller_id);
        let got = api_statements(&api, &shop, "100", "ASC").await;
        let truth = c.finance_statements(&shop.id).unwrap();
        assert!(!got.is_empty(), "{}", shop.region);
        for (s, t) in got.iter().zip(&truth) {
            assert_eq!(s.currency, shop.currency);
            assert_eq!(s.revenue_amount.is_some(), revenue, "{}", shop.region);
            assert_eq!(s.net_sales_amount.is_some(), net_sales, "{}", shop.region);
            assert_eq!(s.shipping_cost_amount.is_some(), net_sales);
            let fees = dec(&t.fee_tax_amount);
            let fee = if fee_with_shipping {
                fees + dec(&t.shipping_cost_amount)
            } else {
                fees
            };
            assert_eq!(s.fee_amount, Some(fee), "{}", shop.region);
        }
    }
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_year_of_history_has_the_settled_orders_asked_for_each_settled_once() {
    let sb = finance_sandbox().await;
    let c = sb.control();
    let shop = added_shop(c, 2);
    let before = c.settled_order_count(&shop.id).unwrap();
    let settled = c
        .generate_settled_history(&shop.id, before + 3_000, 365)
        .unwrap();
    assert!(settled >= before + 3_000);
    assert_eq!(c.settled_order_count(&shop.id).unwrap(), settled);
    let statements = c.finance_statements(&shop.id).unwrap();
    let first = statements[0].statement_time;
    assert!(c.now() - first > 330 * DAY, "the statements span the year");
    let mut orders = BTreeSet::new();
    for s in &statements {
        for t in c.finance_transactions(&shop.id, &s.id).unwrap() {
            if t.kind == "ORDER" {
                assert!(orders.insert(t.order_id.unwrap()), "an order settles once");
            }
        }
    }
    assert_eq!(orders.len(), settled);
    // Asking again for no more creates nothing.
    assert_eq!(
        c.generate_settled_history(&shop.id, 10, 365).unwrap(),
        settled
    );
}
