//! `shopdock sync` beside a running app: one sync engine per data dir. While another process
//! (the app, or another `shopdock sync`) holds the engine, the CLI refuses with a message that
//! names the shop and what to do, and spends nothing of the shop's rate budget; once the engine
//! is free, the same command syncs.

mod common;

use common::{ok, register_demo_shop, shopdock, spawn_shopdock};
use shopdock_core::sync::engine_lock::{EngineLock, ENGINE_LOCK_FILE};
use shopdock_sandbox::{Sandbox, SandboxConfig};
use std::time::{Duration, Instant};

const SHOP: &str = "Engine test";

#[tokio::test(flavor = "multi_thread")]
async fn sync_refuses_a_shop_another_process_syncs_and_runs_once_it_is_free() {
    let sandbox = Sandbox::start(SandboxConfig {
        seed: 17,
        ..SandboxConfig::default()
    })
    .await
    .unwrap();
    let control = sandbox.control().clone();
    let demo = control.demo_shop();
    control.create_orders(&demo.id, 12).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    register_demo_shop(data, &control, &sandbox.base_url(), SHOP);

    // The app holds the engine for its whole run, exactly like this.
    let app = EngineLock::try_claim(&data.join(ENGINE_LOCK_FILE))
        .unwrap()
        .expect("nobody syncs yet");
    for args in [
        &["sync", SHOP, "--once"][..],
        &["sync", SHOP, "--from", "2020-01-01", "--to", "2020-02-01"][..],
    ] {
        let out = shopdock(data, args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?} refused: {stderr}");
        assert!(
            stderr.contains("The Shopdock app is running and syncs Engine test itself"),
            "{stderr}"
        );
        assert!(
            out.stdout.is_empty(),
            "nothing pulled: {}",
            String::from_utf8_lossy(&out.stdout)
        );
    }
    let listed: serde_json::Value = serde_json::from_str(&ok(shopdock(
        data,
        &["orders", "list", "--status", "all", "--json"],
    )))
    .unwrap();
    assert_eq!(
        listed["rows"].as_array().map(Vec::len),
        Some(0),
        "no order was stored"
    );

    // The app quits: the same command now syncs.
    drop(app);
    let said = ok(shopdock(data, &["sync", SHOP, "--once"]));
    assert!(
        said.starts_with("pulled ") && !said.contains(" 0 new"),
        "{said}"
    );

    // A `shopdock sync` that follows the shop holds the engine too (until it ends). A probe
    // may hold the engine at the very moment the follower starts, which then refuses and
    // ends as it should (on a loaded machine the follower starts slowly): it is started again.
    let mut follower = spawn_shopdock(data, &["sync", SHOP]);
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if follower.try_wait().unwrap().is_some() {
            follower = spawn_shopdock(data, &["sync", SHOP]);
        }
        let out = shopdock(data, &["sync", SHOP, "--once"]);
        if out.status.code() == Some(1) {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the follower never held the engine"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    follower.kill().unwrap();
    follower.wait().unwrap();
    ok(shopdock(data, &["sync", SHOP, "--once"]));
}
