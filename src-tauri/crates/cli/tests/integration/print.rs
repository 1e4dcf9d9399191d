//! `shopdock print` as a script uses it: slips of a tab and a pick list of picked orders are
//! written where asked, and an unknown size is refused before anything runs. (Labels:
//! `print_labels.rs`.)

use crate::common::{ok, register_demo_shop, shopdock};
use shopdock_sandbox::{Sandbox, SandboxConfig};
use std::time::Duration;

#[tokio::test(flavor = "multi_thread")]
async fn print_writes_slips_of_a_tab_and_a_pick_list_of_picked_orders() {
    let sandbox = Sandbox::start(SandboxConfig {
        seed: 12,
        ..SandboxConfig::default()
    })
    .await
    .unwrap();
    let control = sandbox.control().clone();
    let demo = control.demo_shop();
    control.create_orders(&demo.id, 20).unwrap();
    // Past the on-hold hour: the new orders are to ship.
    control.advance_clock(Duration::from_secs(2 * 3600));
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    register_demo_shop(data, &control, &sandbox.base_url(), "Print test");
    ok(shopdock(data, &["sync", "Print test", "--once"]));

    let slips = data.join("slips.pdf");
    let printed: serde_json::Value = serde_json::from_str(&ok(shopdock(
        data,
        &[
            "print",
            "slips",
            "--status",
            "to_ship",
            "--shop",
            "Print test",
            "--out",
            slips.to_str().unwrap(),
            "--json",
        ],
    )))
    .unwrap();
    let orders = printed["orders"].as_u64().unwrap_or(0);
    assert!(orders > 0, "{printed}");
    assert!(
        printed["pages"].as_u64().unwrap_or(0) >= orders,
        "{printed}"
    );
    assert_eq!(printed["path"].as_str(), slips.to_str());
    let bytes = std::fs::read(&slips).unwrap();
    assert!(bytes.starts_with(b"%PDF"));
    assert_eq!(printed["bytes"].as_u64(), Some(bytes.len() as u64));

    let listed: serde_json::Value = serde_json::from_str(&ok(shopdock(
        data,
        &[
            "orders", "list", "--status", "to_ship", "--limit", "2", "--json",
        ],
    )))
    .unwrap();
    let ids: Vec<&str> = listed["rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["order_id"].as_str())
        .collect();
    assert_eq!(ids.len(), 2);
    let picklist = data.join("pick.pdf");
    let said = ok(shopdock(
        data,
        &[
            "print",
            "picklist",
            "--orders",
            &ids.join(","),
            "--size",
            "letter",
            "--out",
            picklist.to_str().unwrap(),
        ],
    ));
    assert!(
        said.starts_with("wrote a pick list for 2 order(s)"),
        "{said}"
    );
    assert!(std::fs::read(&picklist).unwrap().starts_with(b"%PDF"));
}

#[test]
fn an_unknown_size_or_no_orders_is_refused_before_the_app_opens() {
    let dir = tempfile::tempdir().unwrap();
    for (args, expect) in [
        (
            vec!["print", "slips", "--status", "to_ship", "--size", "a5"],
            "4x6, a4, letter",
        ),
        (vec!["print", "picklist", "--size", "a4"], "--orders"),
        (
            vec!["print", "slips", "--orders", "1", "--status", "to_ship"],
            "cannot be used with",
        ),
    ] {
        let out = shopdock(dir.path(), &args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(expect), "{args:?}: {stderr}");
        assert!(!dir.path().join("shopdock.sqlite3").exists());
    }
}
