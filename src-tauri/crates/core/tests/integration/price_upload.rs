//! Price upload against the sandbox: a local price reaches TikTok as an exact decimal in the
//! shop's currency; a price in another currency is refused before anything is sent; a
//! promotion lock is shown on the locked SKU while its sibling still gets its price.

use crate::support::open_app;
use crate::support::stock::{options, settle, stock_shop};
use shopdock_core::{OptionKey, PushState, StockSettingsView, StockShare};

#[tokio::test(flavor = "multi_thread")]
async fn a_local_price_reaches_tiktok_exactly_and_a_second_push_writes_nothing() {
    let t = open_app(None).await;
    let s = stock_shop(&t, 0).await;
    let product = s.products(&t, "blank_seller_sku").await.remove(0);
    let sku = product.skus[0].sku_id.clone();
    s.count(&t, "MUG", 3);
    s.price(&t, "MUG", "12.50");
    s.link(&product.product_id, &sku, &[("MUG", 1)]);
    options(&t, &s.shop, &[(OptionKey::PriceUpload, true)]).await;
    settle(&t, &s).await;

    let held = t
        .sandbox()
        .await
        .control()
        .sku_stock(&s.demo.id, &sku)
        .unwrap();
    assert_eq!(
        (held.price.as_str(), held.currency.as_str()),
        ("12.50", "USD")
    );
    let status = t.app.stock_status(&s.shop).await.unwrap();
    let view = &status.skus[0];
    assert_eq!(view.price_state, PushState::Pushed, "{view:?}");
    assert_eq!(view.price.as_deref(), Some("12.5"));
    assert_eq!(s.writes(&t, &product.product_id, "update_price").await, 1);

    t.app.push_stock_now(&s.shop).await.unwrap();
    settle(&t, &s).await;
    assert_eq!(
        s.writes(&t, &product.product_id, "update_price").await,
        1,
        "TikTok already holds it"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_price_in_another_currency_is_refused_before_anything_is_sent() {
    let t = open_app(None).await;
    let s = stock_shop(&t, 0).await;
    let product = s.products(&t, "blank_seller_sku").await.remove(0);
    let sku = product.skus[0].sku_id.clone();
    let before = t
        .sandbox()
        .await
        .control()
        .sku_stock(&s.demo.id, &sku)
        .unwrap()
        .price;
    s.count(&t, "MUG", 3);
    s.price(&t, "MUG", "9.99");
    s.link(&product.product_id, &sku, &[("MUG", 1)]);
    t.app
        .set_stock_settings(
            &s.shop,
            StockSettingsView {
                buffer: 0,
                percent: 100,
                share: StockShare::Full,
                reconcile_minutes: 60,
                price_currency: Some("GBP".into()),
            },
        )
        .await
        .unwrap();
    options(&t, &s.shop, &[(OptionKey::PriceUpload, true)]).await;
    settle(&t, &s).await;

    let status = t.app.stock_status(&s.shop).await.unwrap();
    let view = &status.skus[0];
    assert_eq!(view.price_state, PushState::Failed, "{view:?}");
    let reason = view.price_reason.as_deref().unwrap_or("");
    assert!(reason.contains("GBP") && reason.contains("USD"), "{reason}");
    assert_eq!(s.writes(&t, &product.product_id, "update_price").await, 0);
    let held = t
        .sandbox()
        .await
        .control()
        .sku_stock(&s.demo.id, &sku)
        .unwrap();
    assert_eq!(held.price, before);
    // The row waits for the seller with the same reason (Activity shows it, Retry after a fix).
    let rows = s
        .store
        .list_outbox(&shopdock_store::OutboxFilter {
            shop_id: Some(s.shop.clone()),
            kind: Some(shopdock_store::OutboxKind::Price),
            ..Default::default()
        })
        .unwrap()
        .entries;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].state, shopdock_store::OutboxState::NeedsAttention);
    assert_eq!(rows[0].last_error.as_ref().unwrap().code, "price_currency");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_promotion_lock_is_shown_on_its_sku_and_the_other_sku_still_gets_its_price() {
    let t = open_app(None).await;
    let s = stock_shop(&t, 0).await;
    let product = s.products(&t, "multi_warehouse").await.remove(0);
    let (locked, free) = (
        product.skus[0].sku_id.clone(),
        product.skus[1].sku_id.clone(),
    );
    t.sandbox()
        .await
        .control()
        .set_promotion_lock(&s.demo.id, &locked, true)
        .unwrap();
    for (code, sku, price) in [("OLIVE", &locked, "30.00"), ("SLATE", &free, "31.25")] {
        s.count(&t, code, 2);
        s.price(&t, code, price);
        s.link(&product.product_id, sku, &[(code, 1)]);
    }
    options(&t, &s.shop, &[(OptionKey::PriceUpload, true)]).await;
    settle(&t, &s).await;

    let control = t.sandbox().await.control().clone();
    assert_eq!(control.sku_stock(&s.demo.id, &free).unwrap().price, "31.25");
    assert_ne!(
        control.sku_stock(&s.demo.id, &locked).unwrap().price,
        "30.00"
    );
    let status = t.app.stock_status(&s.shop).await.unwrap();
    let view = |id: &str| status.skus.iter().find(|k| k.sku_id == id).unwrap();
    assert_eq!(view(&free).price_state, PushState::Pushed);
    let lock = view(&locked);
    assert_eq!(lock.price_state, PushState::Failed);
    assert!(
        lock.price_reason
            .as_deref()
            .unwrap_or("")
            .contains("promotion"),
        "{lock:?}"
    );
}
