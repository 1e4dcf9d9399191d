//! Stock pushes against the sandbox: TikTok's refusals shown on the SKU they concern, a push
//! whose reply was lost settled by reading TikTok back instead of sending again, a product
//! with no change never written, and the whole figure in the shop's default warehouse.

use crate::support::open_app;
use crate::support::stock::{open_units, options, settle, stock_shop};
use shopdock_core::{ErrorCode, FormField, OptionKey, PushState, StockSettingsView};
use shopdock_sandbox::WriteFaults;
use shopdock_store::{OutboxKind, OutboxState, WarehouseRecord};
use std::time::Duration;

#[tokio::test(flavor = "multi_thread")]
async fn refusals_of_one_sku_and_of_a_whole_bundle_are_shown_on_their_skus_with_the_reason() {
    let t = open_app(None).await;
    let s = stock_shop(&t, 0).await;
    let locked = s.products(&t, "promotion_locked").await.remove(0);
    let combo = s.products(&t, "combo").await.remove(0);
    let fine = s.products(&t, "blank_seller_sku").await.remove(0);
    let locked_sku = locked.skus[0].sku_id.clone();
    // Below the promotion's stock: TikTok refuses it under code 0 (12052393).
    s.count(&t, "LAMP", 0);
    s.link(&locked.product_id, &locked_sku, &[("LAMP", 1)]);
    s.count(&t, "KIT", 5);
    s.link(&combo.product_id, &combo.skus[0].sku_id, &[("KIT", 1)]);
    s.count(&t, "PLAIN", 7);
    s.link(&fine.product_id, &fine.skus[0].sku_id, &[("PLAIN", 1)]);
    let lamp_before = s.on_tiktok(&t, &locked_sku).await;
    assert!(lamp_before > 0, "the promotion holds stock");

    options(&t, &s.shop, &[(OptionKey::AutoStockSync, true)]).await;
    settle(&t, &s).await;

    let status = t.app.stock_status(&s.shop).await.unwrap();
    let sku = |id: &str| status.skus.iter().find(|k| k.sku_id == id).unwrap().clone();
    let lamp = sku(&locked_sku);
    assert_eq!(lamp.stock, PushState::Failed);
    assert!(
        lamp.stock_reason
            .as_deref()
            .unwrap_or("")
            .contains("promotion"),
        "{lamp:?}"
    );
    assert_eq!(
        s.on_tiktok(&t, &locked_sku).await,
        lamp_before,
        "left as it was"
    );
    let kit = sku(&combo.skus[0].sku_id);
    assert_eq!(kit.stock, PushState::Failed);
    assert!(
        kit.stock_reason
            .as_deref()
            .unwrap_or("")
            .contains("virtual bundle"),
        "{kit:?}"
    );
    let plain = sku(&fine.skus[0].sku_id);
    assert_eq!((plain.stock, plain.figure), (PushState::Pushed, Some(7)));
    assert_eq!(s.on_tiktok(&t, &fine.skus[0].sku_id).await, 7);

    // The rows of the refused products wait for the seller, with the same reason.
    let rows = s
        .store
        .list_outbox(&shopdock_store::OutboxFilter {
            shop_id: Some(s.shop.clone()),
            kind: Some(OutboxKind::Stock),
            ..Default::default()
        })
        .unwrap()
        .entries;
    let row = |product: &str| rows.iter().find(|r| r.target == product).unwrap();
    let lamp_row = row(&locked.product_id);
    assert_eq!(lamp_row.state, OutboxState::NeedsAttention);
    assert_eq!(lamp_row.last_error.as_ref().unwrap().code, "12052393");
    assert_eq!(
        row(&combo.product_id).last_error.as_ref().unwrap().code,
        "12052850"
    );
    assert_eq!(row(&fine.product_id).state, OutboxState::Sent);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_push_whose_reply_was_lost_is_read_back_and_never_sent_twice() {
    let t = open_app(None).await;
    let s = stock_shop(&t, 0).await;
    let product = s.products(&t, "blank_seller_sku").await.remove(0);
    let sku = product.skus[0].sku_id.clone();
    s.count(&t, "TENT", 11);
    s.link(&product.product_id, &sku, &[("TENT", 1)]);
    let control = t.sandbox().await.control().clone();
    control
        .set_write_faults(WriteFaults {
            p_drop: 1.0,
            p_truncate: 0.0,
        })
        .unwrap();
    options(&t, &s.shop, &[(OptionKey::AutoStockSync, true)]).await;
    t.app.drain_outbox(&s.shop).await.unwrap();
    let row = s.unsettled().pop().expect("the push is in doubt");
    assert_eq!(row.state, OutboxState::NeedsCheck, "{row:?}");
    assert!(row.outcome_unknown);
    assert_eq!(s.on_tiktok(&t, &sku).await, 11, "TikTok applied it");
    assert_eq!(s.inventory_writes(&t, &product.product_id).await, 1);

    control.set_write_faults(WriteFaults::default()).unwrap();
    tokio::time::sleep(Duration::from_secs(3)).await; // the check is due 2 s later
    settle(&t, &s).await;
    let row = s.store.outbox_entry(row.id).unwrap().unwrap();
    assert_eq!(row.state, OutboxState::Sent);
    assert_eq!(row.result.as_ref().unwrap()["reconciled"], true, "{row:?}");
    assert_eq!(
        s.inventory_writes(&t, &product.product_id).await,
        1,
        "read back, not sent again"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_product_whose_figures_tiktok_already_holds_gets_no_write() {
    let t = open_app(None).await;
    let s = stock_shop(&t, 0).await;
    let product = s.products(&t, "blank_seller_sku").await.remove(0);
    let sku = product.skus[0].sku_id.clone();
    let held = s.on_tiktok(&t, &sku).await;
    s.count(&t, "SAME", held);
    s.link(&product.product_id, &sku, &[("SAME", 1)]);
    options(&t, &s.shop, &[(OptionKey::AutoStockSync, true)]).await;
    settle(&t, &s).await;
    assert_eq!(s.inventory_writes(&t, &product.product_id).await, 0);
    let status = t.app.stock_status(&s.shop).await.unwrap();
    assert_eq!(status.skus[0].stock, PushState::Pushed, "{status:?}");

    // Pushing everything again writes nothing either: the figures are absolute.
    t.app.push_stock_now(&s.shop).await.unwrap();
    settle(&t, &s).await;
    assert_eq!(s.inventory_writes(&t, &product.product_id).await, 0);
}

/// The stock rules as the window saves them: a bad value is refused on its field and nothing
/// of the form is saved (not the good values beside it either); a good buffer and percentage
/// move TikTok's figure.
#[tokio::test(flavor = "multi_thread")]
async fn stock_rules_out_of_range_save_nothing_and_a_new_buffer_reaches_tiktok() {
    let t = open_app(None).await;
    let s = stock_shop(&t, 0).await;
    let product = s.products(&t, "blank_seller_sku").await.remove(0);
    let sku = product.skus[0].sku_id.clone();
    s.count(&t, "RULES", 40);
    s.link(&product.product_id, &sku, &[("RULES", 1)]);
    options(&t, &s.shop, &[(OptionKey::AutoStockSync, true)]).await;
    settle(&t, &s).await;
    assert_eq!(s.on_tiktok(&t, &sku).await, 40);

    let before = t.app.stock_settings(&s.shop).await.unwrap();
    let refused = t
        .app
        .set_stock_settings(
            &s.shop,
            StockSettingsView {
                buffer: 5,
                percent: 50,
                price_currency: Some("dollars".into()),
                ..before.clone()
            },
        )
        .await
        .unwrap_err();
    assert_eq!(refused.code, ErrorCode::Validation);
    let fields: Vec<FormField> = refused.fields.iter().map(|f| f.field).collect();
    assert_eq!(fields, vec![FormField::PriceCurrency]);
    assert_eq!(t.app.stock_settings(&s.shop).await.unwrap(), before);
    settle(&t, &s).await;
    assert_eq!(s.on_tiktok(&t, &sku).await, 40, "nothing moved");

    let saved = t
        .app
        .set_stock_settings(
            &s.shop,
            StockSettingsView {
                buffer: 5,
                percent: 50,
                price_currency: Some(" gbp".into()),
                ..before
            },
        )
        .await
        .unwrap();
    assert_eq!((saved.buffer, saved.percent), (5, 50));
    assert_eq!(saved.price_currency.as_deref(), Some("GBP"));
    settle(&t, &s).await;
    assert_eq!(s.on_tiktok(&t, &sku).await, (40 - 5) / 2);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_sku_in_several_warehouses_gets_its_figure_in_the_default_one_and_zero_elsewhere() {
    let t = open_app(None).await;
    let s = stock_shop(&t, 0).await;
    let product = s.products(&t, "multi_warehouse").await.remove(0);
    let sku = &product.skus[0];
    let ids: Vec<String> = sku
        .warehouses
        .iter()
        .map(|w| w.warehouse_id.clone())
        .collect();
    assert_eq!(ids.len(), 2, "{sku:?}");
    // TikTok lists the SKU's main warehouse first; the seller's default is the other one.
    let record = |id: &str, is_default| WarehouseRecord {
        warehouse_id: id.into(),
        name: id.into(),
        warehouse_type: "SALES_WAREHOUSE".into(),
        sub_type: "DOMESTIC_WAREHOUSE".into(),
        effect_status: "ENABLED".into(),
        is_default,
    };
    s.store
        .replace_warehouses(&s.shop, &[record(&ids[0], false), record(&ids[1], true)])
        .unwrap();
    s.count(&t, "CHAIR", 9);
    s.link(&product.product_id, &sku.sku_id, &[("CHAIR", 1)]);
    options(&t, &s.shop, &[(OptionKey::AutoStockSync, true)]).await;
    settle(&t, &s).await;
    let now = t
        .sandbox()
        .await
        .control()
        .sku_stock(&s.demo.id, &sku.sku_id)
        .unwrap();
    let by_id: Vec<(String, i64)> = now
        .warehouses
        .iter()
        .map(|w| (w.warehouse_id.clone(), w.available))
        .collect();
    assert_eq!(by_id, vec![(ids[0].clone(), 0), (ids[1].clone(), 9)]);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_push_waits_for_orders_tiktok_has_and_shopdock_not_yet_instead_of_undoing_them() {
    let t = open_app(None).await;
    let s = stock_shop(&t, 0).await;
    let skus = s.link_each_order_sku(&t, 50).await;
    options(&t, &s.shop, &[(OptionKey::AutoStockSync, true)]).await;
    settle(&t, &s).await;
    let mut before = Vec::new();
    for (_, sku) in &skus {
        before.push(s.on_tiktok(&t, sku).await);
    }

    // Buyers order on TikTok (its search lists the orders a few seconds later), while the
    // seller recounts every SKU.
    let control = t.sandbox().await.control().clone();
    control.create_orders(&s.demo.id, 5).unwrap();
    let mut sold = Vec::new();
    for (i, (_, sku)) in skus.iter().enumerate() {
        sold.push(before[i] - s.on_tiktok(&t, sku).await);
        s.count(&t, &format!("O{i}"), 60);
    }
    assert!(sold.iter().any(|n| *n > 0), "some SKU sold: {sold:?}");
    t.app.flush_stock_changes().await.unwrap();
    t.app.drain_outbox(&s.shop).await.unwrap();
    for (i, (_, sku)) in skus.iter().enumerate() {
        let now = s.on_tiktok(&t, sku).await;
        if sold[i] > 0 {
            assert_eq!(
                now,
                before[i] - sold[i],
                "SKU {sku}: TikTok's own decrement kept"
            );
        }
    }
    let waiting = s
        .unsettled()
        .into_iter()
        .filter(|e| {
            e.last_error
                .as_ref()
                .is_some_and(|p| p.code == "orders_pending")
        })
        .count();
    assert!(waiting > 0, "pushes wait for the orders");

    control.advance_clock(Duration::from_secs(10));
    tokio::time::sleep(Duration::from_secs(6)).await; // the waits are 5 s
    settle(&t, &s).await;
    let status = t.app.stock_status(&s.shop).await.unwrap();
    for view in &status.skus {
        let on_tiktok = s.on_tiktok(&t, &view.sku_id).await;
        assert_eq!(view.figure, Some(on_tiktok), "{view:?}");
    }
    let open = open_units(&control.orders(&s.demo.id).unwrap());
    for view in &status.skus {
        let held = open.get(&view.sku_id).copied().unwrap_or(0);
        assert_eq!(
            view.figure,
            Some(60 - held),
            "the new count minus every open order: {view:?}"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn with_the_catalog_imported_bundles_and_products_under_review_are_left_alone_and_pushes_show_in_it(
) {
    let t = open_app(None).await;
    let s = stock_shop(&t, 0).await;
    t.app
        .import_products(&s.shop, true, tokio_util::sync::CancellationToken::new())
        .await
        .unwrap();
    let combo = s.products(&t, "combo").await.remove(0);
    let review = s.products(&t, "under_audit").await.remove(0);
    let fine = s.products(&t, "blank_seller_sku").await.remove(0);
    s.count(&t, "KIT", 5);
    s.link(&combo.product_id, &combo.skus[0].sku_id, &[("KIT", 1)]);
    s.count(&t, "LANTERN", 5);
    s.link(
        &review.product_id,
        &review.skus[0].sku_id,
        &[("LANTERN", 1)],
    );
    s.count(&t, "PLAIN", 6);
    s.link(&fine.product_id, &fine.skus[0].sku_id, &[("PLAIN", 1)]);
    options(&t, &s.shop, &[(OptionKey::AutoStockSync, true)]).await;
    settle(&t, &s).await;

    assert_eq!(
        s.inventory_writes(&t, &combo.product_id).await,
        0,
        "never sent"
    );
    assert_eq!(
        s.inventory_writes(&t, &review.product_id).await,
        0,
        "never sent"
    );
    let status = t.app.stock_status(&s.shop).await.unwrap();
    let sku = |id: &str| status.skus.iter().find(|k| k.sku_id == id).unwrap();
    let kit = sku(&combo.skus[0].sku_id);
    assert_eq!((kit.stock, kit.figure), (PushState::Failed, None));
    assert!(
        kit.stock_reason
            .as_deref()
            .unwrap_or("")
            .contains("bundled SKUs"),
        "{kit:?}"
    );
    let lantern = sku(&review.skus[0].sku_id);
    assert_eq!(lantern.stock, PushState::Failed);
    assert!(
        lantern
            .stock_reason
            .as_deref()
            .unwrap_or("")
            .contains("not live"),
        "{lantern:?}"
    );

    let drawer = t
        .app
        .product_drawer(&s.shop, &fine.product_id)
        .await
        .unwrap();
    assert_eq!(
        drawer.skus[0].stock_total, 6,
        "the catalog shows what TikTok now holds"
    );
    assert_eq!(s.on_tiktok(&t, &fine.skus[0].sku_id).await, 6);
}
