//! TikTok's shipping labels (write-api §B) against the sandbox over loopback HTTP, a real
//! SQLite file and the real keyring: a label is downloaded once and kept, so it prints after
//! its 24-hour link expired; "still generating" is retried until the label comes; each §B
//! refusal reaches the seller as its own reason; a batch is one file that says which orders
//! have no label; a print can be cancelled; and the automatic option prepares a label before
//! anyone prints.

use crate::support::shipping::synced_shop;
use crate::support::{added_shop, open_app_on, world_with_malaysian_shops, TestApp};
use shopdock_core::{
    ArrangeChoice, ArrangeInput, CoreEvent, ErrorCode, LabelSize, LabelsInput, NoLabelReason,
    OptionKey, OptionToggle, OptionsPatch, OutboxState, PrintedLabels,
};
use shopdock_demo::SandboxDemo;
use shopdock_documents::read_back::{page_sizes, pages_text, squash};
use shopdock_sandbox::{Control, DocumentGeneration, ShopInfo};
use shopdock_store::Store;
use shopdock_tiktok::model::Order;
use std::sync::Arc;
use std::time::Duration;

const HOUR: u64 = 3_600;

fn world() -> Arc<SandboxDemo> {
    world_with_malaysian_shops(5, 40)
}

/// The sandbox's orders of `shop` ready to ship with a package.
fn ready(c: &Control, shop: &str) -> Vec<Order> {
    c.orders(shop)
        .unwrap()
        .into_iter()
        .filter(|o| {
            o.status == "AWAITING_SHIPMENT"
                && o.fulfillment_type == "FULFILLMENT_BY_SELLER"
                && !o.is_buyer_request_cancel
                && o.recipient_address.is_some()
                && !o.packages.is_empty()
        })
        .collect()
}

/// A synced MY TikTok Shipping shop and `n` of its orders arranged through Shopdock.
async fn arranged(t: &TestApp, n: usize) -> (String, ShopInfo, Vec<Order>) {
    let c = t.sandbox().await.control().clone();
    let my = added_shop(&c, 0);
    let shop = synced_shop(t, &my, 20).await;
    let orders: Vec<Order> = ready(&c, &my.id).into_iter().take(n).collect();
    assert_eq!(orders.len(), n);
    for o in &orders {
        arrange(t, &shop, o).await;
    }
    (shop, my, orders)
}

async fn arrange(t: &TestApp, shop: &str, order: &Order) {
    let queued = t
        .app
        .arrange_shipment(
            shop,
            ArrangeInput {
                order_id: order.id.clone(),
                choice: ArrangeChoice::AsSellerCenterSays,
            },
        )
        .await
        .unwrap();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(60);
    loop {
        t.app.drain_outbox(shop).await.unwrap();
        let e = t.app.outbox_entry(queued.id).await.unwrap();
        if e.state == OutboxState::Sent {
            return;
        }
        assert!(tokio::time::Instant::now() < deadline, "{e:?}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

fn input(shop: &str, ids: &[&str], path: &std::path::Path) -> LabelsInput {
    LabelsInput {
        shop_id: Some(shop.to_owned()),
        order_ids: ids.iter().map(|s| s.to_string()).collect(),
        status_group: None,
        size: LabelSize::A6,
        path: Some(path.display().to_string()),
        job_id: None,
    }
}

fn package(o: &Order) -> String {
    o.packages[0].id.clone()
}

/// The printed file's text, one squashed string per page.
fn printed_pages(p: &PrintedLabels) -> Vec<String> {
    let bytes = std::fs::read(&p.path).unwrap();
    pages_text(&bytes)
        .unwrap()
        .iter()
        .map(|t| squash(t))
        .collect()
}

/// Stores `order` as if TikTok had sent this version (the way the sync stores it).
fn store_as(t: &TestApp, shop: &str, order: &Order) {
    let mut order = order.clone();
    order.update_time += 1;
    let raw = serde_json::to_string(&order).unwrap();
    let record = shopdock_core::sync::plan::to_record(&order, &raw);
    Store::open(&t.app.database_path())
        .unwrap()
        .upsert_orders(shop, &[record], None)
        .unwrap();
}

/// `order` as it looks once shipment is arranged: awaiting collection, its package PROCESSING.
fn looking_arranged(order: &Order, package_id: &str) -> Order {
    let mut o = order.clone();
    o.status = "AWAITING_COLLECTION".into();
    o.shipping_type = "TIKTOK".into();
    o.fulfillment_type = "FULFILLMENT_BY_SELLER".into();
    for item in &mut o.line_items {
        item.package_id = Some(package_id.to_owned());
        item.package_status = Some("PROCESSING".into());
        item.display_status = "AWAITING_COLLECTION".into();
    }
    o
}

#[tokio::test(flavor = "multi_thread")]
async fn a_label_downloaded_while_its_link_was_valid_still_prints_after_the_link_expired() {
    let t = open_app_on(world(), None, None).await;
    let c = t.sandbox().await.control().clone();
    let (shop, my, orders) = arranged(&t, 3).await;
    let ids: Vec<&str> = orders.iter().map(|o| o.id.as_str()).collect();

    let first_file = t.dir.path().join("labels-1.pdf");
    let printed = t
        .app
        .print_labels(input(&shop, &ids, &first_file))
        .await
        .unwrap();
    assert_eq!((printed.orders, printed.labels, printed.pages), (3, 3, 3));
    assert!(printed.missing.is_empty(), "{:?}", printed.missing);
    let pages = printed_pages(&printed);
    for (page, order) in pages.iter().zip(&orders) {
        let tracking = c.order(&my.id, &order.id).unwrap().tracking_number.unwrap();
        assert!(
            page.contains(&format!("Package{}", package(order))),
            "{page}"
        );
        assert!(page.contains(&format!("Tracking{tracking}")), "{page}");
    }
    let sizes = page_sizes(&std::fs::read(&printed.path).unwrap()).unwrap();
    assert!(
        sizes.iter().all(|(w, _)| (w - 297.64).abs() < 0.1),
        "A6: {sizes:?}"
    );
    for o in &orders {
        let calls = c.document_calls(&my.id, &package(o)).unwrap();
        assert_eq!((calls.issued, calls.downloads), (1, 1), "{calls:?}");
        let kept = t.app.kept_labels(&shop, &o.id).await.unwrap();
        assert_eq!(kept.len(), 1);
        assert!(std::path::Path::new(&kept[0].path).exists());
    }

    // A day and more later the links are dead; the kept labels print all the same, without
    // asking TikTok again.
    c.advance_clock(Duration::from_secs(25 * HOUR));
    let again = t
        .app
        .print_labels(input(&shop, &ids, &t.dir.path().join("labels-2.pdf")))
        .await
        .unwrap();
    assert_eq!((again.orders, again.labels), (3, 3));
    assert_eq!(printed_pages(&again), pages);
    for o in &orders {
        let calls = c.document_calls(&my.id, &package(o)).unwrap();
        assert_eq!(calls.calls, 1, "no new call for a kept label: {calls:?}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn still_generating_answers_are_retried_and_then_succeed() {
    let t = open_app_on(world(), None, None).await;
    let c = t.sandbox().await.control().clone();
    let (shop, my, orders) = arranged(&t, 1).await;
    c.set_document_generation(DocumentGeneration {
        pending_calls: 2,
        code: Some(11_034_023),
    })
    .unwrap();
    let mut events = t.app.subscribe();
    let printed = t
        .app
        .print_labels(LabelsInput {
            job_id: Some("job-1".into()),
            ..input(&shop, &[&orders[0].id], &t.dir.path().join("l.pdf"))
        })
        .await
        .unwrap();
    assert_eq!(printed.labels, 1);
    let calls = c.document_calls(&my.id, &package(&orders[0])).unwrap();
    assert_eq!((calls.calls, calls.generating, calls.issued), (3, 2, 1));
    let mut waited = false;
    let mut finished = false;
    while let Ok(e) = events.try_recv() {
        if let CoreEvent::LabelsProgress { progress } = e {
            assert_eq!((progress.job_id.as_str(), progress.total), ("job-1", 1));
            waited |= progress.generating > 0;
            finished |= progress.done == 1;
        }
    }
    assert!(waited && finished, "progress showed the wait and the end");
}

#[tokio::test(flavor = "multi_thread")]
async fn each_refusal_becomes_its_specific_message_and_the_rest_still_print() {
    let t = open_app_on(world(), None, None).await;
    let c = t.sandbox().await.control().clone();
    let (shop, my, orders) = arranged(&t, 2).await;
    // The first label is kept now; then the carrier collects (3 to 30 hours after shipment):
    // the second arranged order is gone before its label was asked for.
    t.app
        .print_labels(input(
            &shop,
            &[&orders[0].id],
            &t.dir.path().join("first.pdf"),
        ))
        .await
        .unwrap();
    c.advance_clock(Duration::from_secs(31 * HOUR));
    let picked_up = &orders[1];

    // Stored as arranged while TikTok knows better: TikTok's refusal decides.
    c.create_orders(&my.id, 5).unwrap();
    c.advance_clock(Duration::from_secs(2 * HOUR));
    let not_arranged = ready(&c, &my.id).remove(0);
    store_as(
        &t,
        &shop,
        &looking_arranged(&not_arranged, &package(&not_arranged)),
    );
    let sandbox_orders = c.orders(&my.id).unwrap();
    let cancelled = sandbox_orders
        .iter()
        .find(|o| o.status == "CANCELLED" && !o.packages.is_empty())
        .expect("a cancelled order with a package");
    store_as(&t, &shop, &looking_arranged(cancelled, &package(cancelled)));
    // A seller-shipped order: decided without asking TikTok.
    let seller = added_shop(&c, 1);
    let seller_shop = synced_shop(&t, &seller, 5).await;
    let seller_order = ready(&c, &seller.id).remove(0);

    let printed = t
        .app
        .print_labels(LabelsInput {
            shop_id: None,
            ..input(
                &shop,
                &[
                    &orders[0].id,
                    &not_arranged.id,
                    &cancelled.id,
                    &picked_up.id,
                    &seller_order.id,
                ],
                &t.dir.path().join("l.pdf"),
            )
        })
        .await
        .unwrap();
    assert_eq!(
        printed.labels, 1,
        "the first was kept before the pickup: {printed:?}"
    );
    let why: Vec<(&str, NoLabelReason, &str)> = printed
        .missing
        .iter()
        .map(|m| (m.order_id.as_str(), m.reason, m.message.as_str()))
        .collect();
    let expect = [
        (
            not_arranged.id.as_str(),
            NoLabelReason::NotArranged,
            "not arranged yet",
        ),
        (cancelled.id.as_str(), NoLabelReason::Cancelled, "cancelled"),
        (picked_up.id.as_str(), NoLabelReason::PickedUp, "picked up"),
        (
            seller_order.id.as_str(),
            NoLabelReason::SellerShipping,
            "print your carrier's label",
        ),
    ];
    assert_eq!(why.len(), expect.len(), "{why:?}");
    for ((id, reason, message), (want_id, want_reason, words)) in why.iter().zip(expect) {
        assert_eq!((*id, *reason), (want_id, want_reason));
        assert!(message.contains(words), "{id}: {message}");
    }
    assert_eq!(printed.missing[3].shop_id, seller_shop);
    // TikTok was asked about the three it had to judge, never about the seller's order.
    for o in [&not_arranged, cancelled, picked_up] {
        assert_eq!(
            c.document_calls(&my.id, &package(o)).unwrap().refused,
            1,
            "{}",
            o.id
        );
    }

    // FBT: TikTok's own refusal when the stored order looked like the seller's.
    let demo = c.demo_shop();
    let demo_shop = synced_shop(&t, &demo, 0).await;
    let fbt = c
        .orders(&demo.id)
        .unwrap()
        .into_iter()
        .find(|o| o.fulfillment_type == "FULFILLMENT_BY_TIKTOK" && !o.packages.is_empty())
        .expect("an FBT order with a package");
    store_as(&t, &demo_shop, &looking_arranged(&fbt, &package(&fbt)));
    let none = t
        .app
        .print_labels(input(&demo_shop, &[&fbt.id], &t.dir.path().join("fbt.pdf")))
        .await
        .unwrap_err();
    assert_eq!(none.code, ErrorCode::NotFound);
    assert!(none.message.contains("FBT"), "{}", none.message);
    assert!(!t.dir.path().join("fbt.pdf").exists());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_print_waiting_for_labels_can_be_cancelled() {
    let t = open_app_on(world(), None, None).await;
    let c = t.sandbox().await.control().clone();
    let (shop, _, orders) = arranged(&t, 1).await;
    c.set_document_generation(DocumentGeneration {
        pending_calls: 100,
        code: None,
    })
    .unwrap();
    let mut events = t.app.subscribe();
    let app = t.app.clone();
    let job = input(&shop, &[&orders[0].id], &t.dir.path().join("never.pdf"));
    let printing = tokio::spawn(async move {
        app.print_labels(LabelsInput {
            job_id: Some("slow".into()),
            ..job
        })
        .await
    });
    loop {
        match tokio::time::timeout(Duration::from_secs(30), events.recv()).await {
            Ok(Ok(CoreEvent::LabelsProgress { progress })) if progress.generating > 0 => break,
            Ok(Ok(_)) => {}
            other => panic!("no wait reported: {other:?}"),
        }
    }
    assert!(t.app.cancel_label_print("slow"));
    let ended = printing.await.unwrap().unwrap_err();
    assert_eq!(ended.code, ErrorCode::Cancelled);
    assert!(!t.app.cancel_label_print("slow"), "the job is gone");
    assert!(!t.dir.path().join("never.pdf").exists());
}

#[tokio::test(flavor = "multi_thread")]
async fn the_automatic_option_prepares_the_label_without_a_print_request() {
    let t = open_app_on(world(), None, None).await;
    let c = t.sandbox().await.control().clone();
    let (shop, my, before) = arranged(&t, 1).await;
    let off_calls = c.document_calls(&my.id, &package(&before[0])).unwrap();
    assert_eq!(off_calls.calls, 0, "the option is off by default");

    t.app
        .set_shop_options(
            &shop,
            OptionsPatch {
                set: vec![OptionToggle {
                    key: OptionKey::AutoShipInstructions,
                    enabled: true,
                }],
                poll_interval_secs: None,
            },
        )
        .await
        .unwrap();
    let order = ready(&c, &my.id).remove(0);
    arrange(&t, &shop, &order).await;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    let kept = loop {
        let kept = t.app.kept_labels(&shop, &order.id).await.unwrap();
        if !kept.is_empty() {
            break kept;
        }
        assert!(tokio::time::Instant::now() < deadline, "no label prepared");
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert_eq!(kept[0].package_id, package(&order));
    assert_eq!(kept[0].size, LabelSize::A6);
    let bytes = std::fs::read(&kept[0].path).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    let calls = c.document_calls(&my.id, &package(&order)).unwrap();
    assert_eq!((calls.issued, calls.downloads), (1, 1));

    // Printing it is then local.
    let printed = t
        .app
        .print_labels(input(&shop, &[&order.id], &t.dir.path().join("l.pdf")))
        .await
        .unwrap();
    assert_eq!(printed.labels, 1);
    assert_eq!(c.document_calls(&my.id, &package(&order)).unwrap().calls, 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_to_ship_tab_prints_the_orders_awaiting_collection_and_names_the_rest() {
    let t = open_app_on(world(), None, None).await;
    let c = t.sandbox().await.control().clone();
    let (shop, my, orders) = arranged(&t, 1).await;
    // TikTok's version after the arrangement, as the next sync stores it: the order awaits
    // the carrier's collection, under Shopdock's shipping tab.
    store_as(&t, &shop, &c.order(&my.id, &orders[0].id).unwrap());
    let stored = t.app.order_detail(&shop, &orders[0].id).await.unwrap();
    assert_eq!(stored.row.status, "AWAITING_COLLECTION");

    let printed = t
        .app
        .print_labels(LabelsInput {
            order_ids: Vec::new(),
            status_group: Some(shopdock_core::StatusGroup::ToShip),
            ..input(&shop, &[], &t.dir.path().join("tab.pdf"))
        })
        .await
        .unwrap();
    // Ours, and any the sandbox's own schedule had arranged before the sync.
    assert!(printed.labels >= 1, "{printed:?}");
    let text = printed_pages(&printed).concat();
    assert!(text.contains(&format!("Package{}", package(&orders[0]))));
    assert!(!printed.missing.is_empty(), "the orders still to arrange");
    assert!(printed
        .missing
        .iter()
        .all(|m| m.reason == NoLabelReason::NotArranged && m.order_id != orders[0].id));
}
