//! Bulk tracking upload over loopback against the sandbox and a real SQLite file: every
//! problem of a row is named in the preview, only the valid rows are queued and each reaches
//! TikTok exactly once, and shipping the same file again queues nothing twice.

use crate::support::open_app;
use crate::support::shipping::{carrier_and_tracking, shippable, synced_demo_shop};
use shopdock_core::outbox::eligibility::refuse_seller_shipping;
use shopdock_core::{OutboxState, TrackingPreviewRow};
use std::time::Duration;

fn row(rows: &[TrackingPreviewRow], line: u32) -> &TrackingPreviewRow {
    rows.iter().find(|r| r.line == line).expect("the line")
}

fn problem(rows: &[TrackingPreviewRow], line: u32) -> String {
    row(rows, line)
        .problem
        .clone()
        .unwrap_or_else(|| panic!("line {line} should have a problem"))
}

#[tokio::test(flavor = "multi_thread")]
async fn a_tracking_file_names_every_problem_and_ships_only_valid_rows_exactly_once() {
    let t = open_app(None).await;
    let (shop, demo) = synced_demo_shop(&t, 40).await;
    let control = t.sandbox().await.control().clone();
    let ready = shippable(&t, &demo).await;
    assert!(ready.len() >= 8, "only {} shippable orders", ready.len());
    let not_ready = control
        .orders(&demo.id)
        .unwrap()
        .into_iter()
        .find(|o| refuse_seller_shipping(o, &[]).is_err())
        .expect("an order that cannot ship");
    let mut numbers = Vec::new();
    for (i, o) in ready.iter().take(8).enumerate() {
        numbers.push(carrier_and_tracking(&t, &demo, o, i as u64 + 1).await);
    }
    let (a, b, c, d, e, g, h) = (
        &ready[0], &ready[1], &ready[2], &ready[3], &ready[4], &ready[6], &ready[7],
    );
    let spaced = format!(
        "{}-{}",
        &numbers[1].1[..4],
        numbers[1].1[4..].to_lowercase()
    );
    let (nr_carrier, nr_tracking) = ("USPS", "9400111111111111111111");
    let lines = [
        "order_id;carrier;tracking_number".to_owned(),
        format!("{};{};{}", a.id, numbers[0].0, numbers[0].1),
        format!("{};{};{spaced}", b.id, numbers[1].0.to_lowercase()),
        format!("577999999999999999;{};{}", numbers[2].0, "X1"),
        format!("{};{nr_carrier};{nr_tracking}", not_ready.id),
        format!("{};Pigeon Post;{}", c.id, numbers[2].1),
        format!("{};{};{}", d.id, numbers[3].0, numbers[3].1),
        format!("{};{};{}", e.id, numbers[4].0, numbers[3].1),
        format!("5.77012E+17;{};{}", numbers[5].0, numbers[5].1),
        format!("{};{};{}", g.id, numbers[6].0, numbers[6].1),
        format!("{};{};{}", g.id, numbers[6].0, "ZZ1"),
        format!("{};{};", h.id, numbers[7].0),
    ];
    let path = t.dir.path().join("tracking.csv");
    std::fs::write(&path, format!("\u{feff}{}\n", lines.join("\n"))).unwrap();

    let preview = t
        .app
        .preview_tracking_file(&path, Some(&shop))
        .await
        .unwrap();
    let rows = &preview.rows;
    assert_eq!(rows.len(), 11);
    assert_eq!(preview.valid, 2, "{rows:#?}");
    assert_eq!(row(rows, 2).problem, None);
    assert_eq!(row(rows, 3).problem, None);
    assert_eq!(row(rows, 2).shop_id.as_deref(), Some(shop.as_str()));
    assert!(problem(rows, 4).contains("not stored in Shopdock"));
    let reason = refuse_seller_shipping(&not_ready, &[]).unwrap_err();
    assert!(problem(rows, 5).contains(&reason), "{}", problem(rows, 5));
    let p = problem(rows, 6);
    assert!(
        p.contains("no carrier \"Pigeon Post\"") && p.contains(&numbers[2].0),
        "the unknown carrier lists the choices: {p}"
    );
    for line in [7, 8] {
        assert!(
            problem(rows, line).contains("is on lines 7, 8 of this file"),
            "{}",
            problem(rows, line)
        );
    }
    assert!(problem(rows, 9).contains("stored as a number by a spreadsheet"));
    for line in [10, 11] {
        assert!(problem(rows, line).contains("keep one row per order"));
    }
    assert!(problem(rows, 12).contains("tracking number is empty"));

    let result = t.app.ship_from_file(&path, Some(&shop)).await.unwrap();
    assert_eq!(
        (result.queued, result.already_queued, result.refused),
        (2, 0, 9)
    );
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    for id in &result.entry_ids {
        loop {
            t.app.drain_outbox(&shop).await.unwrap();
            let entry = t.app.outbox_entry(*id).await.unwrap();
            if entry.state == OutboxState::Sent {
                break;
            }
            assert!(tokio::time::Instant::now() < deadline, "{entry:?}");
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }
    let b_entry = t.app.outbox_entry(result.entry_ids[1]).await.unwrap();
    assert_eq!(
        b_entry.tracking_number.as_deref(),
        Some(numbers[1].1.as_str())
    );

    let again = t.app.ship_from_file(&path, Some(&shop)).await.unwrap();
    assert_eq!((again.queued, again.already_queued), (0, 2));
    assert_eq!(again.entry_ids, result.entry_ids);
    t.app.drain_outbox(&shop).await.unwrap();
    let counts = control.shop_write_counts(&demo.id).unwrap();
    assert_eq!(counts.get(&a.id), Some(&1));
    assert_eq!(counts.get(&b.id), Some(&1));
    for o in [c, d, e, g, h, &not_ready] {
        assert_eq!(counts.get(&o.id).copied().unwrap_or(0), 0, "order {}", o.id);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_file_without_the_columns_is_refused_with_what_it_has() {
    let t = open_app(None).await;
    let path = t.dir.path().join("wrong.csv");
    std::fs::write(&path, "Name,Weight\nx,1\n").unwrap();
    let e = t.app.preview_tracking_file(&path, None).await.unwrap_err();
    assert!(e.message.contains("it has: Name, Weight"), "{}", e.message);
}
