//! Crash safety of a bulk shipment: `shopdock ship --file --yes` for 500 orders is killed with
//! SIGKILL at 20 random moments and started again each time. Running the file again queues
//! nothing twice, a new run takes over the dead run's drain lease at once and checks TikTok's
//! order before resending anything that was in flight; at the end the sandbox counts exactly
//! one write per order and every outbox row is sent.

use crate::common::{kill_at_random, ok, register_demo_shop, shopdock, KillWindow, Lcg};
use shopdock_sandbox::{Sandbox, SandboxConfig};
use std::path::Path;
use std::time::Duration;

const ORDERS: usize = 500;

/// Writes the sandbox has counted for the shop so far.
fn writes_so_far(control: &shopdock_sandbox::Control, shop: &str) -> u32 {
    control.shop_write_counts(shop).unwrap().values().sum()
}

/// Half the kills land at a random moment from the start (reading and queueing the file),
/// the others a random delay after the run's first write reached the sandbox.
const WINDOW: KillWindow = KillWindow {
    from_start: Duration::from_millis(1500),
    after_a_write: Duration::from_millis(400),
    give_up: Duration::from_secs(60),
};

#[tokio::test(flavor = "multi_thread")]
async fn a_bulk_shipment_survives_twenty_kill_9s_and_ships_each_order_exactly_once() {
    let sandbox = Sandbox::start(SandboxConfig {
        seed: 11,
        ..SandboxConfig::default()
    })
    .await
    .unwrap();
    let base = sandbox.base_url();
    let control = sandbox.control().clone();
    let demo = control.demo_shop();
    control.create_orders(&demo.id, 5 * ORDERS).unwrap();
    control.advance_clock(Duration::from_secs(2 * 3600));
    control.set_latency(Duration::from_millis(20));

    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    register_demo_shop(data, &control, &base, "Crash test");
    let now = control.now();
    let (from, to) = ((now - 60 * 86_400).to_string(), (now + 1).to_string());
    ok(shopdock(
        data,
        &["sync", "Crash test", "--from", &from, "--to", &to],
    ));

    let orders: Vec<_> = control
        .orders(&demo.id)
        .unwrap()
        .into_iter()
        .filter(|o| {
            o.status == "AWAITING_SHIPMENT"
                && o.shipping_type == "SELLER"
                && o.fulfillment_type != "FULFILLMENT_BY_TIKTOK"
                && !o.is_buyer_request_cancel
                && o.delivery_option_id.is_some()
                && o.line_items.iter().all(|i| i.tracking_number.is_none())
        })
        .take(ORDERS)
        .collect();
    assert_eq!(orders.len(), ORDERS, "enough orders awaiting shipment");
    let mut csv = String::from("Order ID,Carrier,Tracking Number\n");
    for (i, o) in orders.iter().enumerate() {
        let option = o.delivery_option_id.clone().unwrap();
        let provider = control
            .shipping_providers(&demo.id, &option)
            .unwrap()
            .into_iter()
            .next()
            .unwrap();
        let tracking = control
            .sample_tracking_number(&demo.id, &provider.id, i as u64 + 1)
            .unwrap();
        csv.push_str(&format!("{},{},{tracking}\n", o.id, provider.name));
    }
    let file = data.join("tracking.csv");
    std::fs::write(&file, csv).unwrap();
    let file_arg = file.to_str().unwrap();
    let ship_args = ["ship", "--file", file_arg, "--yes", "--shop", "Crash test"];

    // Without a terminal to confirm on, the preview is printed and nothing is queued.
    let unconfirmed = shopdock(data, &["ship", "--file", file_arg, "--shop", "Crash test"]);
    assert!(!unconfirmed.status.success());
    let stdout = String::from_utf8_lossy(&unconfirmed.stdout);
    assert!(
        stdout.contains(&format!("{ORDERS} of {ORDERS} row(s) can ship")),
        "{stdout}"
    );
    let stderr = String::from_utf8_lossy(&unconfirmed.stderr);
    assert!(stderr.contains("pass --yes"), "{stderr}");
    assert_eq!(writes_so_far(&control, &demo.id), 0);

    let mut rng = Lcg::from_clock();
    let mut mid_run_kills = 0;
    for _ in 0..20 {
        let killed = kill_at_random(data, &ship_args, &mut rng, &WINDOW, || {
            writes_so_far(&control, &demo.id)
        });
        if !killed {
            continue;
        }
        let written = writes_so_far(&control, &demo.id);
        if written > 0 && (written as usize) < ORDERS {
            mid_run_kills += 1;
        }
        assert_no_duplicates(&control, &demo.id);
    }
    assert!(
        mid_run_kills >= 3,
        "only {mid_run_kills} kills landed mid-shipment"
    );
    let out = ok(shopdock(data, &ship_args));
    assert!(out.contains(&format!("sent {ORDERS}, failed 0")), "{out}");

    let counts = control.shop_write_counts(&demo.id).unwrap();
    for o in &orders {
        assert_eq!(counts.get(&o.id), Some(&1), "order {} written once", o.id);
    }
    assert_all_rows_sent(&data.join("shopdock.sqlite3"));
}

fn assert_no_duplicates(control: &shopdock_sandbox::Control, shop: &str) {
    let counts = control.shop_write_counts(shop).unwrap();
    if let Some((order, n)) = counts.iter().find(|(_, n)| **n > 1) {
        panic!("order {order} was written {n} times");
    }
}

fn assert_all_rows_sent(db: &Path) {
    let store = shopdock_store::Store::open(db).unwrap();
    let page = store
        .list_outbox(&shopdock_store::OutboxFilter {
            limit: shopdock_store::MAX_OUTBOX_PAGE,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(page.entries.len(), ORDERS, "one row per order");
    for e in &page.entries {
        assert_eq!(
            e.state,
            shopdock_store::OutboxState::Sent,
            "row {} of order {}",
            e.id,
            e.target
        );
    }
}
