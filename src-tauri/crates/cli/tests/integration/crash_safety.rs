//! Crash safety of the backfill: the `shopdock sync --from --to` process is killed with
//! SIGKILL at 20 random moments and restarted each time. After every kill the store must hold
//! every order its recorded progress claims (progress never runs ahead of data), and at the
//! end the store must equal the sandbox exactly: nothing lost, nothing duplicated.

use crate::common::{ok, register_demo_shop, shopdock, spawn_shopdock, Lcg};
use shopdock_sandbox::{Sandbox, SandboxConfig};
use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, Instant};

#[tokio::test(flavor = "multi_thread")]
async fn backfill_survives_twenty_kill_9s_and_converges_exactly() {
    let sandbox = Sandbox::start(SandboxConfig {
        seed: 9,
        ..SandboxConfig::default()
    })
    .await
    .unwrap();
    let base = sandbox.base_url();
    let control = sandbox.control().clone();
    let demo = control.demo_shop();
    control
        .create_orders_spread(&demo.id, 12_000, Duration::from_secs(25 * 86_400))
        .unwrap();
    // Enough orders, slow enough, that a backfill lasts seconds: its twelve windows page
    // concurrently and resume where a kill left them, so with less work most kills would land
    // before a run starts or after the job has finished.
    control.set_latency(Duration::from_millis(300));
    // No order changes while the test compares the store with the sandbox.
    control.pause_clock();

    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    register_demo_shop(data, &control, &base, "Crash test");

    let now = control.now();
    let (from, to) = ((now - 40 * 86_400).to_string(), (now + 1).to_string());
    let sync_args = [
        "sync",
        "Crash test",
        "--from",
        from.as_str(),
        "--to",
        to.as_str(),
    ];
    let mut rng = Lcg::from_clock();
    let db = data.join("shopdock.sqlite3");
    let mut kills = 0;
    let mut mid_run_kills = 0;
    let total = control.order_count(&demo.id).unwrap() as u64;
    while kills < 20 {
        let mut child = spawn_shopdock(data, &sync_args);
        // Kill at a random moment: half the time during start-up, otherwise a random delay
        // after this run has stored something new.
        let before = stored_count(&db);
        let wait_for_progress = rng.next(2) == 0;
        let extra = Duration::from_millis(rng.next(250));
        let started = Instant::now();
        let mut finished = false;
        let mut progressed_at = None;
        loop {
            if child.try_wait().unwrap().is_some() {
                finished = true;
                break;
            }
            if !wait_for_progress && started.elapsed() >= extra {
                break;
            }
            if wait_for_progress {
                match progressed_at {
                    None if stored_count(&db) > before => progressed_at = Some(Instant::now()),
                    Some(t) if t.elapsed() >= extra => break,
                    _ => {}
                }
            }
            if started.elapsed() > Duration::from_secs(60) {
                break;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        if finished {
            kills += 1;
            continue;
        }
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        kills += 1;
        let held = check_progress_never_ahead_of_data(&db, &control, &demo.id);
        if held > 0 && held < total {
            mid_run_kills += 1;
        }
    }
    assert!(
        mid_run_kills >= 3,
        "only {mid_run_kills} kills landed mid-backfill"
    );
    ok(shopdock(data, &sync_args));
    let store = shopdock_store::Store::open(&db).unwrap();
    let shop_id = store.list_shops().unwrap()[0].id.clone();
    let stored: BTreeMap<String, (i64, String)> = store
        .all_order_versions(&shop_id)
        .unwrap()
        .into_iter()
        .map(|(id, u, s)| (id, (u, s)))
        .collect();
    let source: BTreeMap<String, (i64, String)> = control
        .orders(&demo.id)
        .unwrap()
        .into_iter()
        .map(|o| (o.id, (o.update_time, o.status)))
        .collect();
    assert_eq!(
        stored.len(),
        source.len(),
        "nothing lost, nothing duplicated"
    );
    assert_eq!(stored, source);
}

/// Orders stored so far (0 before the database exists).
fn stored_count(db: &Path) -> u64 {
    if !db.exists() {
        return 0;
    }
    shopdock_store::Store::open(db)
        .ok()
        .and_then(|s| {
            let shops = s.list_shops().ok()?;
            s.count_orders(&shops.first()?.id).ok()
        })
        .unwrap_or(0)
}

/// Every window marked done holds all the sandbox's orders of its range, and every window holds
/// at least as many orders as its recorded `fetched` count. Returns how many orders the store
/// holds.
fn check_progress_never_ahead_of_data(
    db: &Path,
    control: &shopdock_sandbox::Control,
    tiktok_shop: &str,
) -> u64 {
    let store = shopdock_store::Store::open(db).unwrap();
    let shops = store.list_shops().unwrap();
    let shop_id = &shops[0].id;
    let stored: std::collections::HashMap<String, i64> = store
        .all_order_versions(shop_id)
        .unwrap()
        .into_iter()
        .map(|(id, u, _)| (id, u))
        .collect();
    let source = control.orders(tiktok_shop).unwrap();
    for job in store.backfill_jobs(shop_id).unwrap() {
        for w in store.backfill_windows(job.id).unwrap() {
            let in_window: Vec<_> = source
                .iter()
                .filter(|o| o.create_time >= w.window_start && o.create_time < w.window_end)
                .collect();
            let held = in_window
                .iter()
                .filter(|o| stored.contains_key(&o.id))
                .count() as u64;
            assert!(
                held >= w.fetched.min(in_window.len() as u64),
                "window {} claims {} fetched but holds {held}",
                w.id,
                w.fetched
            );
            if w.state == shopdock_store::WindowState::Done {
                assert_eq!(
                    held,
                    in_window.len() as u64,
                    "window {} is done but incomplete",
                    w.id
                );
            }
        }
    }
    stored.len() as u64
}
