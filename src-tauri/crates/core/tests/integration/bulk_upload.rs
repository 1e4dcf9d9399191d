//! The window's bulk tracking import: a file's bytes and name (no path), checked like
//! `ship --file` with each problem's kind for the window to label, a huge file refused before
//! it is read, and only the valid rows queued.

use crate::support::open_app;
use crate::support::shipping::{carrier_and_tracking, shippable, synced_demo_shop};
use shopdock_core::{ErrorCode, OutboxState, TrackingPreviewRow, TrackingProblemKind};
use std::time::Duration;

fn kinds(rows: &[TrackingPreviewRow], line: u32) -> Vec<TrackingProblemKind> {
    let row = rows.iter().find(|r| r.line == line).expect("the line");
    row.problems.iter().map(|p| p.kind).collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn an_uploaded_file_names_each_problem_by_kind_and_ships_only_its_valid_row() {
    let t = open_app(None).await;
    let (shop, demo) = synced_demo_shop(&t, 12).await;
    let ready = shippable(&t, &demo).await;
    assert!(ready.len() >= 4, "only {} shippable orders", ready.len());
    let (carrier, tracking) = carrier_and_tracking(&t, &demo, &ready[0], 1).await;
    let (_, other) = carrier_and_tracking(&t, &demo, &ready[1], 2).await;
    let lines = [
        "Order ID,Carrier,Tracking Number".to_owned(),
        format!("{},{carrier},{tracking}", ready[0].id),
        format!("577999999999999999,{carrier},{other}"),
        format!("{},Pigeon Post,1Z9999999999999998", ready[1].id),
        // UPS serves every US delivery option of the sandbox.
        format!("{},UPS,{tracking}", ready[2].id),
        format!("{},UPS,A#1", ready[3].id),
    ];
    let bytes = format!("{}\n", lines.join("\n")).into_bytes();

    let preview = t
        .app
        .preview_tracking_upload("tracking.csv", bytes.clone(), Some(&shop))
        .await
        .unwrap();
    assert_eq!(preview.valid, 0, "{:#?}", preview.rows);
    use TrackingProblemKind::*;
    assert_eq!(kinds(&preview.rows, 2), [DuplicateTracking]);
    assert_eq!(kinds(&preview.rows, 3), [UnknownOrder]);
    assert_eq!(kinds(&preview.rows, 4), [UnknownCarrier]);
    assert_eq!(kinds(&preview.rows, 5), [DuplicateTracking]);
    assert_eq!(kinds(&preview.rows, 6), [MalformedNumber]);
    for row in &preview.rows {
        let joined: Vec<&str> = row.problems.iter().map(|p| p.message.as_str()).collect();
        assert_eq!(row.problem.as_deref(), Some(joined.join(" ").as_str()));
    }

    // The same file without the second use of the number: line 2 is the one valid row.
    let fixed: Vec<&str> = lines
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != 4)
        .map(|(_, l)| l.as_str())
        .collect();
    let fixed = fixed.join("\n").into_bytes();
    let preview = t
        .app
        .preview_tracking_upload("tracking.csv", fixed.clone(), Some(&shop))
        .await
        .unwrap();
    assert_eq!(preview.valid, 1, "{:#?}", preview.rows);
    assert!(kinds(&preview.rows, 2).is_empty());

    let result = t
        .app
        .ship_from_upload("tracking.csv", fixed.clone(), Some(&shop))
        .await
        .unwrap();
    assert_eq!(
        (result.queued, result.already_queued, result.refused),
        (1, 0, 3)
    );
    let id = result.entry_ids[0];
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    loop {
        t.app.drain_outbox(&shop).await.unwrap();
        let entry = t.app.outbox_entry(id).await.unwrap();
        if entry.state == OutboxState::Sent {
            assert_eq!(entry.order_id.as_deref(), Some(ready[0].id.as_str()));
            break;
        }
        assert!(tokio::time::Instant::now() < deadline, "{entry:?}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }

    // Imported again: the row is valid but already queued, and nothing is queued twice.
    let again = t
        .app
        .preview_tracking_upload("tracking.csv", fixed.clone(), Some(&shop))
        .await
        .unwrap();
    let first = again.rows.iter().find(|r| r.line == 2).expect("line 2");
    assert_eq!(first.outbox_id, Some(id));
    let again = t
        .app
        .ship_from_upload("tracking.csv", fixed, Some(&shop))
        .await
        .unwrap();
    assert_eq!((again.queued, again.already_queued), (0, 1));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_huge_upload_is_refused_by_its_size_with_the_clis_message() {
    let t = open_app(None).await;
    let e = t
        .app
        .check_tracking_upload("orders.csv", 40 * 1024 * 1024)
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::Conflict);
    assert_eq!(
        e.message,
        "orders.csv is 40 MB; Shopdock reads tracking files up to 5 MB: split it into smaller files."
    );
    t.app.check_tracking_upload("orders.csv", 1024).unwrap();

    let path = t.dir.path().join("orders.csv");
    std::fs::write(&path, vec![b'1'; 6 * 1024 * 1024]).unwrap();
    let cli = t.app.preview_tracking_file(&path, None).await.unwrap_err();
    assert!(
        cli.message.ends_with(
            "is 6 MB; Shopdock reads tracking files up to 5 MB: split it into smaller files."
        ),
        "{}",
        cli.message
    );
    let bytes = std::fs::read(&path).unwrap();
    let upload = t
        .app
        .preview_tracking_upload("orders.csv", bytes, None)
        .await
        .unwrap_err();
    assert_eq!(
        upload.message,
        "orders.csv is 6 MB; Shopdock reads tracking files up to 5 MB: split it into smaller files."
    );
}
