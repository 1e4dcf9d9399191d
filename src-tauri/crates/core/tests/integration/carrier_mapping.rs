//! The seller's own carrier names, mapped once to TikTok's providers, over real loopback HTTP
//! against the sandbox and a real SQLite file: an unknown name is refused with the likeliest
//! providers and nothing is queued; a name confirmed once ships later orders and tracking
//! files; a mapping to a provider the order's delivery option lacks is refused, never guessed;
//! and TikTok's US tracking warning reaches the order's view.

use crate::support::shipping::{shippable, synced_demo_shop};
use crate::support::{open_app, TestApp};
use shopdock_core::{
    ErrorCode, FormField, OutboxEntryView, OutboxListInput, OutboxState, ShipInput,
};
use shopdock_sandbox::ShopInfo;
use shopdock_tiktok::model::Order;
use std::time::Duration;

/// The seller's own name for FedEx in these tests.
const SELLER_NAME: &str = "Fed Ex Ground";

/// Drains until the row is settled (or 30 s pass).
async fn settled(t: &TestApp, shop: &str, id: i64) -> OutboxEntryView {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    loop {
        t.app.drain_outbox(shop).await.unwrap();
        let entry = t.app.outbox_entry(id).await.unwrap();
        if matches!(
            entry.state,
            OutboxState::Sent | OutboxState::Failed | OutboxState::NeedsAttention
        ) {
            return entry;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "row {id}: {entry:?}"
        );
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}

/// The provider of `name` for the order's delivery option, if the option lists it.
async fn provider_id(t: &TestApp, demo: &ShopInfo, order: &Order, name: &str) -> Option<String> {
    t.sandbox()
        .await
        .control()
        .shipping_providers(&demo.id, order.delivery_option_id.as_deref()?)
        .unwrap()
        .into_iter()
        .find(|p| p.name == name)
        .map(|p| p.id)
}

/// Shippable orders whose delivery option lists `name`, and those whose option does not.
async fn split_by_provider(
    t: &TestApp,
    demo: &ShopInfo,
    name: &str,
) -> (Vec<(Order, String)>, Vec<Order>) {
    let (mut with, mut without) = (Vec::new(), Vec::new());
    for order in shippable(t, demo).await {
        match provider_id(t, demo, &order, name).await {
            Some(id) => with.push((order, id)),
            None => without.push(order),
        }
    }
    (with, without)
}

async fn tracking_for(t: &TestApp, demo: &ShopInfo, provider: &str, seq: u64) -> String {
    t.sandbox()
        .await
        .control()
        .sample_tracking_number(&demo.id, provider, seq)
        .unwrap()
}

async fn total_writes(t: &TestApp, demo: &ShopInfo) -> u32 {
    t.sandbox()
        .await
        .control()
        .shop_write_counts(&demo.id)
        .unwrap()
        .values()
        .sum()
}

#[tokio::test(flavor = "multi_thread")]
async fn an_unknown_carrier_is_refused_with_its_likeliest_providers_and_nothing_is_queued() {
    let t = open_app(None).await;
    let (shop, demo) = synced_demo_shop(&t, 40).await;
    let (with_fedex, _) = split_by_provider(&t, &demo, "FedEx").await;
    let (order, fedex) = with_fedex.first().expect("an order whose option has FedEx");
    let tracking = tracking_for(&t, &demo, fedex, 1).await;
    let e = t
        .app
        .ship_order(
            &shop,
            ShipInput {
                order_id: order.id.clone(),
                carrier: SELLER_NAME.into(),
                tracking_number: tracking,
                line_item_ids: Vec::new(),
            },
        )
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::Validation, "{e:?}");
    let carrier = e
        .fields
        .iter()
        .find(|f| f.field == FormField::Carrier)
        .expect("the carrier field is named");
    assert!(
        carrier.message.contains("did you mean FedEx?"),
        "a likely provider is suggested, not picked: {carrier:?}"
    );

    let suggestions = t
        .app
        .carrier_suggestions(&shop, &order.id, SELLER_NAME)
        .await
        .unwrap();
    assert_eq!(suggestions.resolved, None);
    assert_eq!(suggestions.providers[0].provider_name, "FedEx");
    assert!(suggestions.providers[0].likely);
    assert_eq!(&suggestions.providers[0].provider_id, fedex);
    assert!(
        suggestions.providers[1..].iter().all(|p| !p.likely),
        "{suggestions:?}"
    );

    assert!(t
        .app
        .list_outbox(OutboxListInput::default())
        .await
        .unwrap()
        .is_empty());
    assert_eq!(total_writes(&t, &demo).await, 0, "nothing reached TikTok");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_carrier_confirmed_once_ships_later_orders_and_tracking_files() {
    let t = open_app(None).await;
    let (shop, demo) = synced_demo_shop(&t, 60).await;
    let (with_fedex, _) = split_by_provider(&t, &demo, "FedEx").await;
    assert!(with_fedex.len() >= 2, "two orders whose option has FedEx");

    let e = t
        .app
        .remember_carrier(&shop, SELLER_NAME, "Royal Mail")
        .await
        .unwrap_err();
    assert_eq!(
        e.code,
        ErrorCode::Validation,
        "only TikTok's providers: {e:?}"
    );
    let mapped = t
        .app
        .remember_carrier(&shop, SELLER_NAME, "fedex")
        .await
        .unwrap();
    assert_eq!(mapped.provider_name, "FedEx", "kept as TikTok spells it");

    let (order, fedex) = &with_fedex[0];
    let queued = t
        .app
        .ship_order(
            &shop,
            ShipInput {
                order_id: order.id.clone(),
                carrier: "fed-ex  GROUND".into(),
                tracking_number: tracking_for(&t, &demo, fedex, 2).await,
                line_item_ids: Vec::new(),
            },
        )
        .await
        .unwrap();
    assert_eq!(queued.carrier.as_deref(), Some("FedEx"));
    assert_eq!(settled(&t, &shop, queued.id).await.state, OutboxState::Sent);
    let on_tiktok = t
        .sandbox()
        .await
        .control()
        .order(&demo.id, &order.id)
        .unwrap();
    assert_eq!(
        on_tiktok.shipping_provider_id.as_deref(),
        Some(fedex.as_str())
    );

    let (file_order, file_fedex) = &with_fedex[1];
    let csv = t.dir.path().join("tracking.csv");
    std::fs::write(
        &csv,
        format!(
            "Order ID,Carrier,Tracking Number\n{},FED EX GROUND,{}\n",
            file_order.id,
            tracking_for(&t, &demo, file_fedex, 3).await
        ),
    )
    .unwrap();
    let preview = t
        .app
        .preview_tracking_file(&csv, Some(&shop))
        .await
        .unwrap();
    assert_eq!(preview.valid, 1, "{preview:?}");
    let result = t.app.ship_from_file(&csv, Some(&shop)).await.unwrap();
    assert_eq!(result.queued, 1);
    let row = settled(&t, &shop, result.entry_ids[0]).await;
    assert_eq!(
        (row.state, row.carrier.as_deref()),
        (OutboxState::Sent, Some("FedEx"))
    );

    let listed = t.app.carrier_mappings(&shop).await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(
        (listed[0].seller_name.as_str(), listed[0].provider_listed),
        (SELLER_NAME, Some(true))
    );
    assert!(t.app.forget_carrier(&shop, "fed ex ground").await.unwrap());
    assert!(t.app.carrier_mappings(&shop).await.unwrap().is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn the_tracking_file_preview_names_an_unknown_carrier_with_its_suggestions() {
    let t = open_app(None).await;
    let (shop, demo) = synced_demo_shop(&t, 40).await;
    let (with_fedex, _) = split_by_provider(&t, &demo, "FedEx").await;
    let (order, fedex) = with_fedex.first().expect("an order whose option has FedEx");
    let csv = t.dir.path().join("unknown.csv");
    std::fs::write(
        &csv,
        format!(
            "Order ID,Carrier,Tracking Number\n{},{SELLER_NAME},{}\n",
            order.id,
            tracking_for(&t, &demo, fedex, 4).await
        ),
    )
    .unwrap();
    let preview = t
        .app
        .preview_tracking_file(&csv, Some(&shop))
        .await
        .unwrap();
    assert_eq!(preview.valid, 0);
    let row = &preview.rows[0];
    assert_eq!(row.carrier_suggestions, vec!["FedEx".to_owned()], "{row:?}");
    assert!(
        row.problem
            .as_deref()
            .unwrap_or_default()
            .contains("did you mean FedEx?"),
        "{row:?}"
    );
    let result = t.app.ship_from_file(&csv, Some(&shop)).await.unwrap();
    assert_eq!((result.queued, result.refused), (0, 1));
    assert_eq!(total_writes(&t, &demo).await, 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_mapping_to_a_provider_the_orders_option_lacks_is_refused_not_guessed() {
    let t = open_app(None).await;
    let (shop, demo) = synced_demo_shop(&t, 60).await;
    let (_, without_fedex) = split_by_provider(&t, &demo, "FedEx").await;
    let order = without_fedex
        .first()
        .expect("an order whose delivery option has no FedEx (Economy)");
    t.app
        .remember_carrier(&shop, SELLER_NAME, "FedEx")
        .await
        .unwrap();
    let ups = provider_id(&t, &demo, order, "UPS")
        .await
        .expect("Economy lists UPS");
    let e = t
        .app
        .ship_order(
            &shop,
            ShipInput {
                order_id: order.id.clone(),
                carrier: SELLER_NAME.into(),
                tracking_number: tracking_for(&t, &demo, &ups, 5).await,
                line_item_ids: Vec::new(),
            },
        )
        .await
        .unwrap_err();
    let message = &e.fields[0].message;
    assert!(
        message.contains("remembered as TikTok's FedEx") && message.contains("no longer lists"),
        "{e:?}"
    );
    let suggestions = t
        .app
        .carrier_suggestions(&shop, &order.id, SELLER_NAME)
        .await
        .unwrap();
    assert_eq!(suggestions.broken_mapping.as_deref(), Some("FedEx"));
    assert_eq!(suggestions.resolved, None);
    assert_eq!(total_writes(&t, &demo).await, 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn tiktoks_us_mismatch_warning_reaches_the_orders_view() {
    let t = open_app(None).await;
    let (shop, demo) = synced_demo_shop(&t, 40).await;
    let (with_fedex, _) = split_by_provider(&t, &demo, "FedEx").await;
    let (order, _) = with_fedex.first().expect("an order whose option has FedEx");
    let ups = provider_id(&t, &demo, order, "UPS")
        .await
        .expect("Standard and Express list UPS");
    let queued = t
        .app
        .ship_order(
            &shop,
            ShipInput {
                order_id: order.id.clone(),
                carrier: "FedEx".into(),
                tracking_number: tracking_for(&t, &demo, &ups, 6).await,
                line_item_ids: Vec::new(),
            },
        )
        .await
        .unwrap();
    let sent = settled(&t, &shop, queued.id).await;
    assert_eq!(sent.state, OutboxState::Sent, "US passes with a warning");
    let warning = sent.warning.clone().expect("TikTok's warning is kept");
    assert!(warning.contains("Did you mean to select UPS?"), "{warning}");
    let detail = t.app.order_detail(&shop, &order.id).await.unwrap();
    let tag = detail.row.outbox.expect("the order's outgoing change");
    assert_eq!(tag.warning.as_deref(), Some(warning.as_str()));
    let entry = detail
        .outbox_entry
        .expect("the change in full, for the drawer");
    assert_eq!(entry.id, tag.id);
    assert_eq!(entry.warning.as_deref(), Some(warning.as_str()));
}
