//! `shopdock sync` beside a running app: one sync engine per data dir. While another process
//! (the app, or another `shopdock sync`) holds the engine, the CLI refuses with a message that
//! names the shop and what to do, and spends nothing of the shop's rate budget; once the engine
//! is free, the same command syncs.

use crate::common::{ok, register_demo_shop, shopdock};
use shopdock_core::sync::engine_lock::{EngineLock, ENGINE_LOCK_FILE};
use shopdock_sandbox::{Sandbox, SandboxConfig};
use std::time::Duration;

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

    // A `shopdock sync` that follows the shop holds the engine too (until it ends). It says so
    // once it holds it; probing with another sync before that would race it for the lock.
    let mut follower = std::process::Command::new(env!("CARGO_BIN_EXE_shopdock"))
        .args(["sync", SHOP])
        .env("SHOPDOCK_DATA_DIR", data)
        .env("SHOPDOCK_APP_SECRET", shopdock_sandbox::DEMO_APP_SECRET)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("start the follower");
    let stdout = follower.stdout.take().expect("the follower's stdout");
    let (said, heard) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let _ = std::io::BufRead::read_line(&mut std::io::BufReader::new(stdout), &mut line);
        let _ = said.send(line);
    });
    let line = heard
        .recv_timeout(Duration::from_secs(30))
        .expect("the follower started within 30 s");
    assert!(
        line.starts_with("automatic order download for Engine test"),
        "the follower holds the engine: {line:?}"
    );
    let out = shopdock(data, &["sync", SHOP, "--once"]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "refused while the follower syncs"
    );
    follower.kill().unwrap();
    follower.wait().unwrap();
    ok(shopdock(data, &["sync", SHOP, "--once"]));
}
