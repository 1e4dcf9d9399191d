//! What statements hold: settlements whose parts add up (but for the documented case),
//! reserves, adjustments, payments, the per-market fields, and a year of history.

use super::{api_statements, api_transactions, data, dec, shop_in, DAY};
use crate::common::{added_shop, finance_sandbox, Api};
use rust_decimal::Decimal;
use shopdock_tiktok::finance::{
    OrderTransactionsData, Payment, PaymentsData, SkuTransaction, TransactionType,
};
use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

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
