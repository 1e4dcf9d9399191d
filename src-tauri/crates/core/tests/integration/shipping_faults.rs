//! Fault soak of a bulk shipment: 100 orders shipped from a file while the sandbox answers
//! with 5xx, injected 429s, hangs, and writes applied whose reply is then dropped or cut. Every
//! order must be written exactly once (no duplicate), every row must end sent (no loss), and
//! the sandbox's own limiter must never have refused a request (never over the rate limit).

use crate::support;

use crate::support::open_app;
use crate::support::shipping::{shippable, synced_demo_shop, tracking_csv};
use shopdock_core::OutboxState;
use shopdock_sandbox::{Faults, WriteFaults};
use std::time::Duration;

const ORDERS: usize = 100;

#[tokio::test(flavor = "multi_thread")]
async fn a_bulk_shipment_under_faults_has_no_duplicate_no_loss_and_no_real_429() {
    let t = open_app(None).await;
    let (shop, demo) = synced_demo_shop(&t, 5 * ORDERS).await;
    let control = t.sandbox().await.control().clone();
    let orders: Vec<_> = shippable(&t, &demo)
        .await
        .into_iter()
        .take(ORDERS)
        .collect();
    assert_eq!(orders.len(), ORDERS, "enough orders awaiting shipment");
    let file = tracking_csv(&t, &demo, &orders, "soak.csv").await;
    let preview = t
        .app
        .preview_tracking_file(&file, Some(&shop))
        .await
        .unwrap();
    assert_eq!(preview.valid as usize, ORDERS, "{:?}", preview.rows);

    control.reset_stats();
    control
        .set_faults(Faults {
            p_5xx: 0.08,
            p_429: 0.05,
            p_hang: 0.05,
            hang: Duration::from_millis(800),
            p_truncate: 0.0,
        })
        .unwrap();
    control
        .set_write_faults(WriteFaults {
            p_drop: 0.1,
            p_truncate: 0.05,
        })
        .unwrap();
    let result = t.app.ship_from_file(&file, Some(&shop)).await.unwrap();
    assert_eq!(result.queued as usize, ORDERS);

    let deadline = tokio::time::Instant::now() + Duration::from_secs(240);
    let mut pending = result.entry_ids.clone();
    while !pending.is_empty() {
        t.app.drain_outbox(&shop).await.unwrap();
        let mut still = Vec::new();
        for id in pending {
            let entry = t.app.outbox_entry(id).await.unwrap();
            match entry.state {
                OutboxState::Sent => {}
                OutboxState::NeedsAttention | OutboxState::Dismissed => {
                    let logs = support::captured_logs();
                    let mine: Vec<&str> = logs
                        .lines()
                        .filter(|l| l.contains(&format!("id={id} ")) || l.contains(&entry.target))
                        .collect();
                    panic!("row {id} lost: {entry:?}\n{}", mine.join("\n"))
                }
                OutboxState::Failed if entry.next_try_at.is_none() => {
                    panic!("row {id} failed for good: {entry:?}")
                }
                _ => still.push(id),
            }
        }
        pending = still;
        assert!(
            tokio::time::Instant::now() < deadline,
            "{} rows still pending",
            pending.len()
        );
        tokio::time::sleep(Duration::from_millis(250)).await;
    }

    let stats = control.stats();
    assert!(stats.faults_injected > 0, "faults were injected: {stats:?}");
    assert_eq!(
        stats.rate_limited, 0,
        "never over the rate limit: {stats:?}"
    );
    let counts = control.shop_write_counts(&demo.id).unwrap();
    for o in &orders {
        assert_eq!(counts.get(&o.id), Some(&1), "order {} written once", o.id);
    }
}
