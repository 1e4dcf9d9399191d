//! The finance client over real HTTP (issue 14): it decodes the reference's own examples
//! (sign traps included), reads the sandbox's statements, payments and transactions page by
//! page, each record once and equal to the sandbox's truth, keeps what it does not know, and
//! refuses what TikTok would.

use crate::support::{envelope, finance_examples, local_client, scripted, token, Answer, DemoShop};
use shopdock_sandbox::{
    MarketCode, Sandbox, SandboxConfig, ShippingMode, ShopInfo, ShopSetup, DEMO_APP_KEY,
    DEMO_APP_SECRET,
};
use shopdock_tiktok::finance::{
    Decimal, PaymentStatus, PaymentsQuery, ReserveStatus, StatementStatus,
    StatementTransactionsQuery, StatementsQuery, TransactionType,
};
use shopdock_tiktok::model::SortOrder;
use shopdock_tiktok::{codes, AppCredentials, Client, Secret, TikTokError};
use std::str::FromStr;
use std::time::Duration;

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).expect("decimal")
}

/// A sandbox with a month of orders in every shop, a UK local shop (reserves) and a
/// Malaysian one (SEA), its clock paused 40 days on so reserves are released too.
async fn finance_sandbox() -> Sandbox {
    let sb = Sandbox::start(SandboxConfig {
        seed: 21,
        orders_per_shop: 150,
        start_time: Some(1_749_578_400),
        extra_shops: vec![
            ShopSetup::local(MarketCode::Uk, ShippingMode::Mixed),
            ShopSetup::local(MarketCode::My, ShippingMode::Tiktok),
        ],
        ..SandboxConfig::default()
    })
    .await
    .expect("sandbox starts");
    let c = sb.control();
    c.pause_clock();
    c.set_rate_limit(0);
    c.advance_clock(Duration::from_secs(40 * 86_400));
    sb
}

fn shop_client(sb: &Sandbox, shop: &ShopInfo) -> DemoShop {
    let tokens = sb
        .control()
        .grant_tokens(DEMO_APP_KEY, &shop.seller_id)
        .expect("tokens");
    DemoShop {
        client: Client::new(
            sb.endpoints(),
            AppCredentials {
                app_key: DEMO_APP_KEY.into(),
                app_secret: Secret::new(DEMO_APP_SECRET),
            },
        )
        .expect("client"),
        token: Secret::new(tokens.access_token),
        cipher: shop.cipher.clone(),
    }
}

/// A local server answering every finance path with its spec example.
async fn examples_server() -> (
    String,
    std::sync::Arc<std::sync::Mutex<Vec<crate::support::Received>>>,
) {
    scripted(|r| {
        let body = match r.path.as_str() {
            p if p.ends_with("/statements") => finance_examples::STATEMENTS,
            p if p.ends_with("/payments") => finance_examples::PAYMENTS,
            p if p.starts_with("/finance/202501/statements/") => {
                finance_examples::STATEMENT_TRANSACTIONS
            }
            _ => finance_examples::ORDER_TRANSACTIONS,
        };
        Answer::json(body.to_string())
    })
    .await
}

#[tokio::test]
async fn the_spec_examples_decode_with_their_signs_and_the_documented_disagreement() {
    let (base, log) = examples_server().await;
    let client = local_client(&base);
    let t = token();
    let query = StatementsQuery {
        statement_time_ge: Some(1_623_812_664),
        payment_status: Some(PaymentStatus::Paid),
        page_size: 20,
        ..StatementsQuery::default()
    };
    let page = client.statements(&t, "cipher", &query).await.unwrap();
    assert!(page.undecodable.is_empty());
    assert!(page.next_page_token.is_some());
    let s = &page.statements[0];
    assert_eq!(s.id, "7238804564097517339");
    assert_eq!(s.statement_time, Some(1_685_548_800));
    assert_eq!(s.settlement_amount, Some(d("100")));
    assert_eq!(s.fee_amount, Some(d("-30")), "fees are negative");
    assert_eq!(s.adjustment_amount, Some(d("-70")));
    assert_eq!(s.payment_status, PaymentStatus::Paid);
    assert_eq!(s.currency, "GBP");

    let payments = client
        .payments(&t, "cipher", &PaymentsQuery::default())
        .await
        .unwrap();
    let p = &payments.payments[0];
    assert_eq!(p.status, PaymentStatus::Paid);
    assert_eq!(p.amount.as_ref().unwrap().value, Some(d("100")));
    assert_eq!(p.settlement_amount.as_ref().unwrap().value, Some(d("130")));
    assert_eq!(p.reserve_amount.as_ref().unwrap().value, Some(d("-30")));
    assert_eq!(p.exchange_rate, Some(d("1")));
    assert_eq!(p.paid_time, Some(1_685_548_800));
    assert_eq!(p.bank_account, "***********1234");

    let txns = client
        .statement_transactions(
            &t,
            "cipher",
            "7238804564097517339",
            &StatementTransactionsQuery::default(),
        )
        .await
        .unwrap();
    assert!(txns.undecodable.is_empty());
    let data = &txns.data;
    assert_eq!(data.status, StatementStatus::Settled);
    assert_eq!(data.total_settlement_amount, Some(d("130")));
    assert_eq!(data.payable_amount, Some(d("150")));
    assert_eq!(data.total_count, Some(2));
    let x = &data.transactions[0];
    assert_eq!(x.kind, TransactionType::Order);
    assert_eq!(
        x.reserve_status,
        ReserveStatus::Collected,
        "spelled Collected"
    );
    assert_eq!(x.estimated_release_time, Some(1_685_548_800), "a string");
    let supplementary = x.supplementary_component.as_ref().unwrap();
    assert_eq!(
        supplementary.sales_tax_refund_amount,
        Some(d("0")),
        "\"0 \""
    );
    assert_eq!(
        x.shipping_cost_breakdown
            .as_ref()
            .and_then(|b| b.supplementary_component.as_ref())
            .and_then(|s| s.customer_shipping_fee),
        Some(d("5"))
    );
    // 200 - 70 - 30 + 170 = 270, and TikTok says 130: the gap is shown, not hidden.
    assert_eq!(x.parts_sum(), Some(d("270")));
    assert_eq!(x.settlement_gap(), Some(d("-140")));

    let order = client
        .order_transactions(&t, "cipher", "5793990727963214852")
        .await
        .unwrap();
    assert!(order.is_settled());
    assert_eq!(order.data.fee_and_tax_amount, Some(d("-30")));
    let sku = &order.data.sku_transactions[0];
    assert_eq!(sku.quantity, Some(1), "a string");
    assert_eq!(sku.fee_tax_amount, Some(d("-30")));
    // write-api §H: revenue 200, fee -30, shipping -70, settlement "130".
    assert_eq!(order.parts_sum(), Some(d("100")));
    assert_eq!(order.settlement_gap(), Some(d("30")));

    let log = log.lock().unwrap();
    let paths: Vec<&str> = log.iter().map(|r| r.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "/finance/202309/statements",
            "/finance/202309/payments",
            "/finance/202501/statements/7238804564097517339/statement_transactions",
            "/finance/202501/orders/5793990727963214852/statement_transactions",
        ],
        "only the versions write-api §H names alive"
    );
    assert_eq!(log[0].param("sort_field"), Some("statement_time"));
    assert_eq!(log[0].param("sort_order"), Some("ASC"));
    assert_eq!(log[0].param("statement_time_ge"), Some("1623812664"));
    assert_eq!(log[0].param("statement_time_lt"), None);
    assert_eq!(log[0].param("payment_status"), Some("PAID"));
    assert_eq!(log[1].param("sort_field"), Some("create_time"));
    assert_eq!(log[2].param("sort_field"), Some("order_create_time"));
    assert_eq!(log[2].param("page_size"), Some("100"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sandboxs_statements_and_transactions_are_read_each_once_as_the_sandbox_has_them() {
    let sb = finance_sandbox().await;
    let c = sb.control();
    let uk = c
        .shops()
        .into_iter()
        .find(|s| s.region == "GB" && s.seller_type == "LOCAL")
        .unwrap();
    for shop in [c.demo_shop(), uk] {
        let s = shop_client(&sb, &shop);
        let truth = c.finance_statements(&shop.id).unwrap();
        let mut statements = Vec::new();
        let mut query = StatementsQuery {
            page_size: 9,
            sort_order: SortOrder::Desc,
            ..StatementsQuery::default()
        };
        loop {
            let page = s
                .client
                .statements(&s.token, &s.cipher, &query)
                .await
                .unwrap();
            assert!(page.undecodable.is_empty());
            statements.extend(page.statements);
            match page.next_page_token {
                Some(t) => query.page_token = Some(t),
                None => break,
            }
        }
        statements.reverse();
        let got: Vec<&str> = statements.iter().map(|s| s.id.as_str()).collect();
        let want: Vec<&str> = truth.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(got, want, "every statement once");
        let (mut orders, mut reserves, mut adjustments) = (0, 0, 0);
        for (st, t) in statements.iter().zip(&truth) {
            assert_eq!(st.settlement_amount, Some(d(&t.settlement_amount)));
            let mut query = StatementTransactionsQuery {
                page_size: 4,
                ..StatementTransactionsQuery::default()
            };
            let mut ids = Vec::new();
            loop {
                let page = s
                    .client
                    .statement_transactions(&s.token, &s.cipher, &st.id, &query)
                    .await
                    .unwrap();
                assert!(page.undecodable.is_empty());
                assert_eq!(page.data.id, st.id);
                for x in &page.data.transactions {
                    ids.push(x.id.clone());
                    match &x.kind {
                        TransactionType::Order => orders += 1,
                        TransactionType::Reserve => reserves += 1,
                        k => {
                            assert!(k.is_adjustment() && k.is_documented(), "{k}");
                            adjustments += 1;
                        }
                    }
                }
                match page.next_page_token() {
                    Some(t) => query.page_token = Some(t.to_owned()),
                    None => break,
                }
            }
            let want: Vec<String> = c
                .finance_transactions(&shop.id, &st.id)
                .unwrap()
                .into_iter()
                .map(|t| t.id)
                .collect();
            assert_eq!(ids, want, "every transaction once, in TikTok's order");
        }
        assert!(orders > 50 && reserves > 0 && adjustments > 0);
        let payments = s
            .client
            .payments(&s.token, &s.cipher, &PaymentsQuery::default())
            .await
            .unwrap();
        let truth = c.finance_payments(&shop.id).unwrap();
        let ids: Vec<&str> = payments.payments.iter().map(|p| p.id.as_str()).collect();
        let want: Vec<&str> = truth.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids, want);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn order_settlements_equal_the_sandboxs_and_gaps_appear_only_where_tiktok_disagrees() {
    let sb = finance_sandbox().await;
    let c = sb.control();
    let (mut settled, mut gaps) = (0, 0);
    for shop in c.shops() {
        let s = shop_client(&sb, &shop);
        for order in c.orders(&shop.id).unwrap() {
            let got = s
                .client
                .order_transactions(&s.token, &s.cipher, &order.id)
                .await
                .unwrap();
            let truth = c.finance_order(&shop.id, &order.id).unwrap();
            assert_eq!(got.is_settled(), truth.is_some(), "order {}", order.id);
            let Some(truth) = truth else { continue };
            settled += 1;
            assert!(got.undecodable.is_empty());
            assert_eq!(
                got.data.settlement_amount,
                Some(d(&truth.settlement_amount))
            );
            assert_eq!(got.parts_sum(), Some(d(&truth.parts_sum)));
            assert_eq!(got.data.currency, shop.currency);
            for sku in &got.data.sku_transactions {
                assert_eq!(sku.statement_id, truth.statement_id);
                assert!(sku.quantity.unwrap() >= 1);
            }
            match got.settlement_gap() {
                Some(gap) => {
                    assert!(truth.disagrees);
                    assert_eq!(gap, -got.data.fee_and_tax_amount.unwrap());
                    gaps += 1;
                }
                None => assert!(!truth.disagrees),
            }
        }
    }
    assert!(settled > 500, "{settled}");
    assert!(gaps >= 1, "the documented disagreement shows");
}

#[tokio::test]
async fn unknown_words_are_kept_and_a_garbled_record_is_reported_not_fatal() {
    let body = envelope(
        0,
        "Success",
        serde_json::json!({
            "next_page_token": "",
            "id": "1", "create_time": 1, "status": "SETTLED", "currency": "USD",
            "payable_amount": null, "total_settlement_amount": "1.5",
            "transactions": [
                {"id": "10", "type": "Violation fee （settlement fee）", "adjustment_id": "11",
                 "adjustment_amount": "-2", "settlement_amount": "-2"},
                {"id": "12", "type": "ORDER", "order_id": "13", "revenue_amount": "3,50"},
                {"id": "14", "type": "RESERVE", "reserve_status": "ON_HOLD", "reserve_id": null,
                 "reserve_amount": "-0.35", "estimated_release_time": 1700000000},
            ]
        }),
    );
    let (base, _) = scripted(move |_| Answer::json(body.clone())).await;
    let client = local_client(&base);
    let page = client
        .statement_transactions(&token(), "c", "1", &StatementTransactionsQuery::default())
        .await
        .unwrap();
    assert_eq!(
        page.next_page_token(),
        None,
        "an empty token ends the paging"
    );
    assert_eq!(page.data.payable_amount, None);
    assert_eq!(page.undecodable.len(), 1, "the garbled amount");
    assert!(page.undecodable[0].raw.get().contains("3,50"));
    let kinds: Vec<&TransactionType> = page.data.transactions.iter().map(|t| &t.kind).collect();
    assert_eq!(
        kinds,
        [
            &TransactionType::Other("Violation fee （settlement fee）".into()),
            &TransactionType::Reserve
        ]
    );
    assert!(page.data.transactions[0].kind.is_adjustment());
    let reserve = &page.data.transactions[1];
    assert_eq!(
        reserve.reserve_status,
        ReserveStatus::Other("ON_HOLD".into())
    );
    assert_eq!(reserve.reserve_id, "");
    assert_eq!(reserve.estimated_release_time, Some(1_700_000_000));
    assert_eq!(
        reserve.parts_sum(),
        None,
        "a reserve has no settlement parts"
    );
}

#[tokio::test]
async fn what_tiktok_would_refuse_is_refused_before_sending() {
    let (base, log) =
        scripted(|_| Answer::json(envelope(0, "Success", serde_json::json!({})))).await;
    let client = local_client(&base);
    let t = token();
    for size in [0, 101] {
        let q = StatementsQuery {
            page_size: size,
            ..StatementsQuery::default()
        };
        let e = client.statements(&t, "c", &q).await.unwrap_err();
        assert!(matches!(e, TikTokError::InvalidRequest(_)), "{e}");
    }
    for id in ["", "1/../2", "1?x=2"] {
        let e = client.order_transactions(&t, "c", id).await.unwrap_err();
        assert!(matches!(e, TikTokError::InvalidRequest(_)), "{id:?}: {e}");
        let e = client
            .statement_transactions(&t, "c", id, &StatementTransactionsQuery::default())
            .await
            .unwrap_err();
        assert!(matches!(e, TikTokError::InvalidRequest(_)), "{id:?}: {e}");
    }
    assert!(log.lock().unwrap().is_empty(), "nothing was sent");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sandboxs_refusals_arrive_as_api_errors_with_their_codes() {
    let sb = finance_sandbox().await;
    let c = sb.control();
    let my = c.shops().into_iter().find(|s| s.region == "MY").unwrap();
    let s = shop_client(&sb, &my);
    let e = s
        .client
        .payments(&s.token, &s.cipher, &PaymentsQuery::default())
        .await
        .unwrap_err();
    assert_eq!(
        e.api_code(),
        Some(codes::INVALID_PATH),
        "no Get Payments in SEA"
    );
    assert!(!shopdock_tiktok::finance::payments_available(&my.region));
    let demo = shop_client(&sb, &c.demo_shop());
    let e = demo
        .client
        .statement_transactions(
            &demo.token,
            &demo.cipher,
            "1723000000000000001",
            &StatementTransactionsQuery::default(),
        )
        .await
        .unwrap_err();
    assert_eq!(e.api_code(), Some(codes::INVALID_PARAMETER));
    assert_eq!(
        c.finance_call_counts(&my.id).unwrap().payments,
        1,
        "the refused call was counted"
    );
}
