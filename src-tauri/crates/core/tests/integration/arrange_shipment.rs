//! Arranging shipment market by market (write-api §A) against the sandbox over loopback HTTP,
//! a real SQLite file and the real keyring: a US TikTok label bought once, UK pickup in a
//! slot, MY collection without a method, MY seller tracking through Ship Package, local
//! refusals that send nothing, an unknown outcome reconciled instead of resent, a slot
//! refusal's reason on the row, and automatic confirmation.

use crate::support::{
    added_shop, connect_sandbox_shop, open_app_on, world_with_malaysian_shops, TestApp,
};
use shopdock_core::{
    ArrangeChoice, ArrangeInput, ArrangeRoute, ErrorCode, ManualClock, OptionKey, OptionToggle,
    OptionsPatch, OutboxEntryView, OutboxKind, OutboxListInput, OutboxState, PackageWeightInput,
    PickupSlotView, ShipInput, WeightUnit,
};
use shopdock_demo::SandboxDemo;
use shopdock_sandbox::{Control, ShopInfo, WriteFaults};
use shopdock_tiktok::model::Order;
use std::sync::Arc;
use std::time::Duration;
use tokio_util::sync::CancellationToken;

const HOUR: u64 = 3_600;

fn world() -> Arc<SandboxDemo> {
    world_with_malaysian_shops(42, 60)
}

fn uk(c: &Control) -> ShopInfo {
    c.shops()
        .into_iter()
        .find(|s| s.region == "GB")
        .expect("the seeded UK shop")
}

/// `fresh` new orders in `shop` released from their first hour, then the shop connected and
/// every order stored.
async fn synced(t: &TestApp, shop: &ShopInfo, fresh: usize) -> String {
    let c = t.sandbox().await.control();
    c.create_orders(&shop.id, fresh).unwrap();
    c.advance_clock(Duration::from_secs(2 * HOUR));
    let id = connect_sandbox_shop(t, &shop.code, &shop.seller_id).await;
    backfill(t, &id).await;
    id
}

async fn backfill(t: &TestApp, shop: &str) {
    let now = t.sandbox().await.control().now();
    let progress = t
        .app
        .backfill_orders(shop, now - 60 * 86_400, now + 1, CancellationToken::new())
        .await
        .unwrap();
    assert!(progress.finished);
}

/// The sandbox's orders of `shop` that every §A precondition lets ship now.
fn ready(c: &Control, shop: &str, shipping_type: &str) -> Vec<Order> {
    c.orders(shop)
        .unwrap()
        .into_iter()
        .filter(|o| {
            o.status == "AWAITING_SHIPMENT"
                && o.shipping_type == shipping_type
                && o.fulfillment_type == "FULFILLMENT_BY_SELLER"
                && !o.is_buyer_request_cancel
                && o.recipient_address.is_some()
                && o.tracking_number.is_none()
                && o.line_items.iter().all(|i| i.tracking_number.is_none())
        })
        .collect()
}

/// Drains until the row settles (sent, failed or waiting for the seller).
async fn settled(t: &TestApp, shop: &str, id: i64) -> OutboxEntryView {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(60);
    loop {
        t.app.drain_outbox(shop).await.unwrap();
        let e = t.app.outbox_entry(id).await.unwrap();
        if matches!(
            e.state,
            OutboxState::Sent | OutboxState::Failed | OutboxState::NeedsAttention
        ) {
            return e;
        }
        assert!(tokio::time::Instant::now() < deadline, "row {id}: {e:?}");
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}

fn arrange(order: &Order, choice: ArrangeChoice) -> ArrangeInput {
    ArrangeInput {
        order_id: order.id.clone(),
        choice,
    }
}

fn writes(c: &Control, shop: &ShopInfo, order: &str, endpoint: &str) -> u32 {
    let counts = c.write_counts(&shop.id, order).unwrap();
    counts.by_endpoint.get(endpoint).copied().unwrap_or(0)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_us_tiktok_shipping_label_is_bought_exactly_once_with_the_chosen_service() {
    let t = open_app_on(world(), None, None).await;
    let c = t.sandbox().await.control().clone();
    let demo = c.demo_shop();
    let shop = synced(&t, &demo, 20).await;
    let order = ready(&c, &demo.id, "TIKTOK").remove(0);

    let options = t.app.arrangement_options(&shop, &order.id).await.unwrap();
    assert_eq!(options.route, ArrangeRoute::BuyLabel);
    assert_eq!(
        options.services.iter().filter(|s| s.is_default).count(),
        1,
        "{options:?}"
    );
    assert!(
        !options.service_allocated,
        "several services: the seller chooses"
    );
    let pick = options.services[1].clone();
    assert!(pick.price.parse::<f64>().is_ok(), "a decimal string");

    let choice = ArrangeChoice::BuyLabel {
        service_id: Some(pick.id.clone()),
        weight: Some(PackageWeightInput {
            value: "450".into(),
            unit: WeightUnit::Gram,
        }),
        dimension: None,
    };
    let queued = t
        .app
        .arrange_shipment(&shop, arrange(&order, choice.clone()))
        .await
        .unwrap();
    assert_eq!(queued.kind, OutboxKind::ArrangeShipment);
    let sent = settled(&t, &shop, queued.id).await;
    assert_eq!(sent.state, OutboxState::Sent, "{sent:?}");

    let now = c.order(&demo.id, &order.id).unwrap();
    assert_eq!(now.status, "AWAITING_COLLECTION");
    assert_eq!(
        sent.package_id.as_deref(),
        Some(now.packages[0].id.as_str())
    );
    assert_eq!(sent.carrier.as_deref(), Some(pick.name.as_str()));
    assert_eq!(sent.tracking_number, now.tracking_number);
    assert!(
        sent.tracking_number.is_some(),
        "TikTok's label number is kept"
    );
    // The drawer reads the same row in full: how it is handed over and the package.
    let drawer = t
        .app
        .order_detail(&shop, &order.id)
        .await
        .unwrap()
        .outbox_entry
        .expect("the order's outgoing change in the drawer");
    assert_eq!(drawer.id, queued.id);
    assert_eq!(
        drawer.arrangement.as_deref(),
        Some(format!("TikTok label: {}", pick.name).as_str())
    );
    assert_eq!(drawer.package_id, sent.package_id);

    let again = t
        .app
        .arrange_shipment(&shop, arrange(&order, choice))
        .await
        .unwrap();
    assert_eq!(again.id, queued.id, "arranging twice returns the first row");
    t.app.drain_outbox(&shop).await.unwrap();
    assert_eq!(writes(&c, &demo, &order.id, "create_packages"), 1);
    assert_eq!(c.write_counts(&demo.id, &order.id).unwrap().writes, 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn uk_tiktok_shipping_is_picked_up_in_an_offered_slot_and_a_slot_refusal_reaches_the_row() {
    let t = open_app_on(world(), None, None).await;
    let c = t.sandbox().await.control().clone();
    let gb = uk(&c);
    let shop = synced(&t, &gb, 30).await;
    let orders = ready(&c, &gb.id, "TIKTOK");

    let options = t
        .app
        .arrangement_options(&shop, &orders[0].id)
        .await
        .unwrap();
    assert_eq!(options.route, ArrangeRoute::Handover);
    assert!(!options.handover_set_in_seller_center);
    assert!(options.can_pickup && options.can_drop_off && options.can_van_collection);
    assert_eq!(
        options.package_id.as_deref(),
        Some(orders[0].packages[0].id.as_str())
    );
    assert!(options.drop_off_point_url.is_some());
    let slots = &options.pickup_slots;
    assert!(!slots.is_empty());
    assert!(slots.windows(2).all(|w| w[0].start_time <= w[1].start_time));
    assert_eq!(
        slots.len(),
        5,
        "the booked-out slot is not offered: {slots:?}"
    );

    let slot = slots[0];
    let queued = t
        .app
        .arrange_shipment(&shop, arrange(&orders[0], ArrangeChoice::Pickup { slot }))
        .await
        .unwrap();
    let sent = settled(&t, &shop, queued.id).await;
    assert_eq!(sent.state, OutboxState::Sent, "{sent:?}");
    let now = c.order(&gb.id, &orders[0].id).unwrap();
    assert_eq!(now.status, "AWAITING_COLLECTION");
    assert_eq!(sent.tracking_number, now.tracking_number);
    assert_eq!(writes(&c, &gb, &orders[0].id, "ship_package"), 1);

    // A slot TikTok does not offer: 21011053, kept on the row as the table's reason.
    let off = PickupSlotView {
        start_time: slot.start_time + 600,
        end_time: slot.end_time,
    };
    let queued = t
        .app
        .arrange_shipment(
            &shop,
            arrange(&orders[1], ArrangeChoice::Pickup { slot: off }),
        )
        .await
        .unwrap();
    let failed = settled(&t, &shop, queued.id).await;
    assert_eq!(failed.state, OutboxState::NeedsAttention, "{failed:?}");
    assert_eq!(failed.last_error_code.as_deref(), Some("21011053"));
    assert!(
        failed
            .last_error
            .as_deref()
            .is_some_and(|r| r.contains("pickup time slot")),
        "{failed:?}"
    );
    assert_eq!(c.write_counts(&gb.id, &orders[1].id).unwrap().writes, 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn malaysian_tiktok_shipping_is_arranged_without_asking_a_handover_method() {
    let t = open_app_on(world(), None, None).await;
    let c = t.sandbox().await.control().clone();
    let my = added_shop(&c, 0);
    let shop = synced(&t, &my, 10).await;
    let order = ready(&c, &my.id, "TIKTOK").remove(0);

    let options = t.app.arrangement_options(&shop, &order.id).await.unwrap();
    assert_eq!(options.route, ArrangeRoute::Handover);
    assert!(options.handover_set_in_seller_center);
    assert!(options.pickup_slots.is_empty(), "nothing to choose");

    let asked = t
        .app
        .arrange_shipment(&shop, arrange(&order, ArrangeChoice::DropOff))
        .await
        .unwrap_err();
    assert_eq!(asked.code, ErrorCode::Validation);
    assert!(asked.message.contains("Seller Center"), "{asked:?}");

    let queued = t
        .app
        .arrange_shipment(&shop, arrange(&order, ArrangeChoice::AsSellerCenterSays))
        .await
        .unwrap();
    let sent = settled(&t, &shop, queued.id).await;
    assert_eq!(sent.state, OutboxState::Sent, "{sent:?}");
    assert_eq!(
        c.order(&my.id, &order.id).unwrap().status,
        "AWAITING_COLLECTION"
    );
    assert_eq!(writes(&c, &my, &order.id, "ship_package"), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn malaysian_seller_tracking_goes_through_ship_package_not_mark_as_shipped() {
    let t = open_app_on(world(), None, None).await;
    let c = t.sandbox().await.control().clone();
    let my = added_shop(&c, 1);
    let shop = synced(&t, &my, 10).await;
    let order = ready(&c, &my.id, "SELLER").remove(0);
    let provider = c
        .shipping_providers(&my.id, order.delivery_option_id.as_deref().unwrap())
        .unwrap()
        .remove(0);
    let tracking = c.sample_tracking_number(&my.id, &provider.id, 7).unwrap();

    let options = t.app.arrangement_options(&shop, &order.id).await.unwrap();
    assert_eq!(options.route, ArrangeRoute::SelfShipment);

    let queued = t
        .app
        .ship_order(
            &shop,
            ShipInput {
                order_id: order.id.clone(),
                carrier: provider.name.clone(),
                tracking_number: tracking.clone(),
                line_item_ids: Vec::new(),
            },
        )
        .await
        .unwrap();
    let sent = settled(&t, &shop, queued.id).await;
    assert_eq!(sent.state, OutboxState::Sent, "{sent:?}");
    assert_eq!(
        sent.package_id.as_deref(),
        Some(order.packages[0].id.as_str())
    );
    let now = c.order(&my.id, &order.id).unwrap();
    assert_eq!(now.status, "AWAITING_COLLECTION");
    assert_eq!(now.tracking_number.as_deref(), Some(tracking.as_str()));
    let counts = c.write_counts(&my.id, &order.id).unwrap();
    assert_eq!(
        counts.by_endpoint.into_iter().collect::<Vec<_>>(),
        vec![("ship_package".to_string(), 1)]
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn orders_that_must_not_ship_are_refused_locally_and_nothing_is_sent() {
    let t = open_app_on(world(), None, None).await;
    let c = t.sandbox().await.control().clone();
    let demo = c.demo_shop();
    // Some released orders get a buyer's cancellation request within 20 hours.
    c.create_orders(&demo.id, 300).unwrap();
    c.advance_clock(Duration::from_secs(21 * HOUR));
    // Fresh orders are paid within 20 minutes, then stay ON_HOLD for an hour (US).
    c.create_orders(&demo.id, 5).unwrap();
    c.advance_clock(Duration::from_secs(1_200));
    let shop = connect_sandbox_shop(&t, &demo.code, &demo.seller_id).await;
    backfill(&t, &shop).await;
    let all = c.orders(&demo.id).unwrap();
    let find = |what: &str, f: &dyn Fn(&Order) -> bool| -> Order {
        all.iter()
            .find(|o| f(o))
            .cloned()
            .unwrap_or_else(|| panic!("the sandbox has a {what} order"))
    };
    let cases = [
        (
            find("FBT", &|o| {
                o.fulfillment_type == "FULFILLMENT_BY_TIKTOK" && o.status == "AWAITING_SHIPMENT"
            }),
            "FBT",
        ),
        (find("on-hold", &|o| o.status == "ON_HOLD"), "on hold"),
        (find("cancelled", &|o| o.status == "CANCELLED"), "cancelled"),
        (
            find("buyer-cancel", &|o| {
                o.is_buyer_request_cancel && o.status == "AWAITING_SHIPMENT"
            }),
            "asked to cancel",
        ),
    ];
    for (order, words) in &cases {
        let e = t
            .app
            .arrangement_options(&shop, &order.id)
            .await
            .unwrap_err();
        assert_eq!(e.code, ErrorCode::Conflict, "{e:?}");
        assert!(e.message.contains(words), "{words}: {}", e.message);
        let e = t
            .app
            .arrange_shipment(&shop, arrange(order, ArrangeChoice::DropOff))
            .await
            .unwrap_err();
        assert!(e.message.contains(words), "{words}: {}", e.message);
    }
    t.app.drain_outbox(&shop).await.unwrap();
    for (order, _) in &cases {
        assert_eq!(c.write_counts(&demo.id, &order.id).unwrap().writes, 0);
    }
    let queued = t
        .app
        .list_outbox(OutboxListInput {
            shop_id: Some(shop.clone()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert!(queued.is_empty(), "nothing queued: {queued:?}");
}

/// Brazil needs an invoice before any shipment; Shopdock does not upload invoices, so both
/// arranging and tracking upload are refused before anything is queued. (The sandbox has no
/// Brazilian shop: the connected shop's market is set to BR as TikTok would report it.)
#[tokio::test(flavor = "multi_thread")]
async fn a_brazilian_shop_is_refused_locally_for_its_invoice() {
    let t = open_app_on(world(), None, None).await;
    let c = t.sandbox().await.control().clone();
    let demo = c.demo_shop();
    let shop = synced(&t, &demo, 20).await;
    let store = shopdock_store::Store::open(&t.dir.path().join("shopdock.sqlite3")).unwrap();
    let record = store.get_shop(&shop).unwrap().unwrap();
    let mut auth = record.authorization.unwrap();
    auth.shop_region = Some("BR".into());
    store.set_shop_authorization(&shop, &auth).unwrap();

    let tiktok = ready(&c, &demo.id, "TIKTOK").remove(0);
    let e = t
        .app
        .arrangement_options(&shop, &tiktok.id)
        .await
        .unwrap_err();
    assert!(e.message.contains("invoice"), "{e:?}");
    let e = t
        .app
        .arrange_shipment(&shop, arrange(&tiktok, ArrangeChoice::DropOff))
        .await
        .unwrap_err();
    assert!(e.message.contains("invoice"), "{e:?}");

    let seller = ready(&c, &demo.id, "SELLER").remove(0);
    let provider = c
        .shipping_providers(&demo.id, seller.delivery_option_id.as_deref().unwrap())
        .unwrap()
        .remove(0);
    let e = t
        .app
        .ship_order(
            &shop,
            ShipInput {
                order_id: seller.id.clone(),
                carrier: provider.name.clone(),
                tracking_number: c.sample_tracking_number(&demo.id, &provider.id, 3).unwrap(),
                line_item_ids: Vec::new(),
            },
        )
        .await
        .unwrap_err();
    assert!(e.message.contains("invoice"), "{e:?}");
    for o in [&tiktok, &seller] {
        assert_eq!(c.write_counts(&demo.id, &o.id).unwrap().writes, 0);
    }
}

/// The write is applied and its reply dropped: the row's outcome is unknown, so the next
/// attempt reads TikTok's package (MY) or order (US label) first and finds it there.
#[tokio::test(flavor = "multi_thread")]
async fn an_arrangement_whose_reply_was_lost_is_reconciled_not_resent() {
    let t = open_app_on(world(), None, None).await;
    let c = t.sandbox().await.control().clone();
    let my = added_shop(&c, 0);
    let demo = c.demo_shop();
    let my_shop = synced(&t, &my, 10).await;
    let us_shop = synced(&t, &demo, 10).await;
    let handed = ready(&c, &my.id, "TIKTOK").remove(0);
    let labelled = ready(&c, &demo.id, "TIKTOK").remove(0);

    c.set_write_faults(WriteFaults {
        p_drop: 1.0,
        p_truncate: 0.0,
    })
    .unwrap();
    let a = t
        .app
        .arrange_shipment(
            &my_shop,
            arrange(&handed, ArrangeChoice::AsSellerCenterSays),
        )
        .await
        .unwrap();
    let label = ArrangeChoice::BuyLabel {
        service_id: None,
        weight: None,
        dimension: None,
    };
    let b = t
        .app
        .arrange_shipment(&us_shop, arrange(&labelled, label))
        .await
        .unwrap();
    for (shop, id) in [(&my_shop, a.id), (&us_shop, b.id)] {
        t.app.drain_outbox(shop).await.unwrap();
        let e = t.app.outbox_entry(id).await.unwrap();
        assert_eq!(e.state, OutboxState::NeedsCheck, "{e:?}");
    }
    c.set_write_faults(WriteFaults::default()).unwrap();

    let a = settled(&t, &my_shop, a.id).await;
    let b = settled(&t, &us_shop, b.id).await;
    assert_eq!((a.state, b.state), (OutboxState::Sent, OutboxState::Sent));
    assert_eq!(
        a.package_id.as_deref(),
        Some(handed.packages[0].id.as_str())
    );
    assert!(b.package_id.is_some(), "{b:?}");
    assert_eq!(c.write_counts(&my.id, &handed.id).unwrap().writes, 1);
    assert_eq!(c.write_counts(&demo.id, &labelled.id).unwrap().writes, 1);
}

async fn switch_auto_confirm_on(t: &TestApp, shop: &str) {
    t.app
        .set_shop_options(
            shop,
            OptionsPatch {
                set: vec![OptionToggle {
                    key: OptionKey::AutoConfirm,
                    enabled: true,
                }],
                poll_interval_secs: None,
            },
        )
        .await
        .unwrap();
}

async fn arranged_orders(t: &TestApp, shop: &str) -> Vec<String> {
    let mut ids: Vec<String> = t
        .app
        .list_outbox(OutboxListInput {
            shop_id: Some(shop.to_owned()),
            kind: Some(OutboxKind::ArrangeShipment),
            limit: Some(1000),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.target)
        .collect();
    ids.sort();
    ids
}

async fn wait_reason(t: &TestApp, shop: &str, order: &Order) -> Option<String> {
    t.app
        .order_detail(shop, &order.id)
        .await
        .unwrap()
        .confirmation_wait
        .map(|w| w.reason)
}

/// US (mixed shipping, FBT, ON_HOLD): after a pull, exactly the TikTok Shipping orders ready
/// to ship are queued; seller-shipped, FBT, on-hold and buyer-cancel orders keep their wait
/// reason; a second pass queues nothing.
#[tokio::test(flavor = "multi_thread")]
async fn automatic_confirmation_queues_exactly_the_ready_tiktok_shipping_orders() {
    let clock = Arc::new(ManualClock::at_system_time());
    let t = open_app_on(world(), None, Some(clock.clone())).await;
    let c = t.sandbox().await.control().clone();
    let demo = c.demo_shop();
    let shop = synced(&t, &demo, 20).await;
    c.create_orders(&demo.id, 4).unwrap();
    c.advance_clock(Duration::from_secs(1_200));
    // Core reads the sandbox's time (the remorse hour of orders that skipped ON_HOLD).
    clock.set(c.now());
    // Decided before the pass: its rows are sent in the background at once.
    // §A precondition 2: an order that skipped ON_HOLD waits out its first hour.
    let mut want: Vec<String> = ready(&c, &demo.id, "TIKTOK")
        .into_iter()
        .filter(|o| o.is_on_hold_order || o.paid_time.is_some_and(|p| p + 3600 <= c.now()))
        .map(|o| o.id)
        .collect();
    want.sort();
    assert!(!want.is_empty());
    let seller = ready(&c, &demo.id, "SELLER").remove(0);
    switch_auto_confirm_on(&t, &shop).await;
    t.app.pull_orders(&shop).await.unwrap();

    assert_eq!(arranged_orders(&t, &shop).await, want);
    assert_eq!(
        t.app.auto_confirm_orders(&shop).await.unwrap(),
        0,
        "idempotent"
    );

    let all = c.orders(&demo.id).unwrap();
    assert!(wait_reason(&t, &shop, &seller)
        .await
        .unwrap()
        .contains("own carrier"));
    let on_hold = all
        .iter()
        .find(|o| o.status == "ON_HOLD" && o.fulfillment_type == "FULFILLMENT_BY_SELLER")
        .expect("on hold");
    let held = wait_reason(&t, &shop, on_hold).await;
    assert!(
        held.as_deref().is_some_and(|r| r.contains("on hold")),
        "{held:?}"
    );
    let fbt = all
        .iter()
        .find(|o| o.fulfillment_type == "FULFILLMENT_BY_TIKTOK")
        .expect("FBT");
    assert!(wait_reason(&t, &shop, fbt).await.unwrap().contains("FBT"));
    let first = c.order(&demo.id, &want[0]).unwrap();
    assert_eq!(
        wait_reason(&t, &shop, &first).await,
        None,
        "as stored: ready, so confirmed"
    );

    // The queued labels are bought, each once.
    for id in want.iter().take(3) {
        let row = t
            .app
            .list_outbox(OutboxListInput {
                shop_id: Some(shop.clone()),
                ..Default::default()
            })
            .await
            .unwrap()
            .into_iter()
            .find(|e| &e.target == id)
            .unwrap();
        assert_eq!(settled(&t, &shop, row.id).await.state, OutboxState::Sent);
        assert_eq!(writes(&c, &demo, id, "create_packages"), 1);
    }
}

/// MY orders skip ON_HOLD (`is_on_hold_order` false): Shopdock waits out the buyer's first
/// hour itself, says so on the order, and confirms once it is over.
#[tokio::test(flavor = "multi_thread")]
async fn automatic_confirmation_waits_out_the_remorse_hour_of_orders_without_on_hold() {
    let clock = Arc::new(ManualClock::at_system_time());
    let t = open_app_on(world(), None, Some(clock.clone())).await;
    let c = t.sandbox().await.control().clone();
    let my = added_shop(&c, 0);
    let shop = synced(&t, &my, 10).await;
    let created = c.create_orders(&my.id, 6).unwrap();
    // Paid within 20 minutes of creation: all inside their first hour now.
    c.advance_clock(Duration::from_secs(1_200));
    clock.set(c.now());
    backfill(&t, &shop).await;
    let fresh: Vec<String> = created
        .into_iter()
        .filter(|id| ready(&c, &my.id, "TIKTOK").iter().any(|o| &o.id == id))
        .collect();
    assert!(
        !fresh.is_empty(),
        "some fresh orders are ready but for the hour"
    );
    switch_auto_confirm_on(&t, &shop).await;
    t.app.auto_confirm_orders(&shop).await.unwrap();

    let queued = arranged_orders(&t, &shop).await;
    assert!(!queued.is_empty());
    for id in &fresh {
        assert!(!queued.contains(id), "{id} is inside its first hour");
        let order = c.order(&my.id, id).unwrap();
        assert!(!order.is_on_hold_order);
        let wait = t
            .app
            .order_detail(&shop, id)
            .await
            .unwrap()
            .confirmation_wait
            .expect("waits");
        assert!(
            wait.reason.contains("within an hour of payment"),
            "{wait:?}"
        );
        assert_eq!(wait.until, order.paid_time.map(|p| p + 3600));
    }

    c.advance_clock(Duration::from_secs(HOUR));
    clock.set(c.now());
    let now_queued = t.app.auto_confirm_orders(&shop).await.unwrap();
    let after = arranged_orders(&t, &shop).await;
    assert_eq!(now_queued as usize, fresh.len());
    assert_eq!(after.len(), queued.len() + fresh.len());
    assert!(fresh.iter().all(|id| after.contains(id)));
}
