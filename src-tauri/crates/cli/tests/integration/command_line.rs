//! The `shopdock` binary as a script sees it: refused values fail before anything runs and name
//! what is accepted; the CSV export holds exactly the orders the list shows; the database is
//! backed up and restored; an authorization code is never taken from the command line.

use crate::common;

use shopdock_core::sync::plan::STATUS_GROUPS;
use shopdock_sandbox::{Sandbox, SandboxConfig, DEMO_APP_KEY, DEMO_APP_SECRET, DEMO_SERVICE_ID};
use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_shopdock");

fn shopdock(data: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .env("SHOPDOCK_DATA_DIR", data)
        .env("SHOPDOCK_APP_SECRET", DEMO_APP_SECRET)
        .output()
        .expect("run shopdock")
}

fn ok(out: Output) -> String {
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "shopdock failed: {stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

/// Runs a command that must be refused as a usage error; returns its stderr.
fn refused(data: &Path, args: &[&str]) -> String {
    let out = shopdock(data, args);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(2), "a usage error: {stderr}");
    assert!(out.stdout.is_empty(), "no result is printed");
    assert!(
        !data.join("shopdock.sqlite3").exists(),
        "refused before the app opened its database"
    );
    stderr
}

#[test]
fn an_unknown_status_is_refused_naming_every_valid_one() {
    let dir = tempfile::tempdir().unwrap();
    let export = dir.path().join("out.csv");
    for args in [
        vec!["orders", "list", "--status", "nonsense"],
        vec![
            "orders",
            "export",
            "--csv",
            export.to_str().unwrap(),
            "--status",
            "nonsense",
        ],
    ] {
        let stderr = refused(dir.path(), &args);
        assert!(stderr.contains("'nonsense'"), "{stderr}");
        for group in STATUS_GROUPS.into_iter().chain(["all"]) {
            assert!(stderr.contains(group), "{group} is listed: {stderr}");
        }
    }
    assert!(!export.exists());
}

#[test]
fn a_day_that_does_not_exist_is_an_invalid_date_not_an_empty_range() {
    let dir = tempfile::tempdir().unwrap();
    let stderr = refused(
        dir.path(),
        &["sync", "Shop", "--from", "2026-02-31", "--to", "2026-03-01"],
    );
    assert!(
        stderr.contains("2026-02-31 is not a calendar date"),
        "{stderr}"
    );
    assert!(!stderr.contains("before"), "{stderr}");

    let stderr = refused(
        dir.path(),
        &["sync", "Shop", "--from", "2026-01-01", "--to", "soon"],
    );
    assert!(
        stderr.contains("YYYY-MM-DD") && stderr.contains("Unix seconds"),
        "{stderr}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_export_holds_exactly_the_listed_orders_and_reads_back_as_csv() {
    let sandbox = Sandbox::start(SandboxConfig {
        seed: 11,
        ..SandboxConfig::default()
    })
    .await
    .unwrap();
    let base = sandbox.base_url();
    let control = sandbox.control().clone();
    let demo = control.demo_shop();
    control.create_orders(&demo.id, 40).unwrap();

    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let authorize = format!("{base}/open/authorize");
    ok(shopdock(
        data,
        &[
            "shop",
            "add",
            "--label",
            "Export test",
            "--app-key",
            DEMO_APP_KEY,
            "--service-id",
            DEMO_SERVICE_ID,
            "--shop",
            &demo.code,
            "--redirect-port",
            "8788",
            "--authorize-url",
            &authorize,
            "--api-base",
            &base,
            "--auth-base",
            &base,
        ],
    ));
    let code = control
        .issue_auth_code(DEMO_APP_KEY, shopdock_sandbox::DEMO_SELLER)
        .unwrap();
    ok(common::shopdock_with_input(
        data,
        &["auth", "Export test", "--code"],
        &format!("{code}\n"),
    ));
    ok(shopdock(data, &["sync", "Export test", "--once"]));

    let listed: serde_json::Value = serde_json::from_str(&ok(shopdock(
        data,
        &[
            "orders", "list", "--status", "all", "--limit", "1000", "--json",
        ],
    )))
    .unwrap();
    let listed: BTreeMap<String, [String; 4]> = listed["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let text = |k: &str| r[k].as_str().unwrap_or_default().to_owned();
            (
                text("order_id"),
                [
                    text("status"),
                    text("buyer_name"),
                    text("total_amount"),
                    text("first_item_name"),
                ],
            )
        })
        .collect();
    assert!(listed.len() >= 40, "the new orders were pulled");

    let path = data.join("orders.csv");
    let said = ok(shopdock(
        data,
        &["orders", "export", "--csv", path.to_str().unwrap()],
    ));
    assert!(
        said.starts_with(&format!("wrote {} orders to", listed.len())),
        "{said}"
    );
    assert!(!data.join("orders.csv.partial").exists());

    let mut reader = csv::Reader::from_path(&path).unwrap();
    let headers = reader.headers().unwrap().clone();
    let column = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (id, status, buyer, total, item) = (
        column("order_id"),
        column("status"),
        column("buyer"),
        column("total"),
        column("first_item"),
    );
    let exported: BTreeMap<String, [String; 4]> = reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            assert_eq!(r.len(), headers.len(), "every record has every column");
            let cell = |i: usize| undo_formula_defusing(&r[i]);
            (
                cell(id),
                [cell(status), cell(buyer), cell(total), cell(item)],
            )
        })
        .collect();
    assert_eq!(exported, listed, "the same orders with the same values");
}

/// The export prefixes `'` to values a spreadsheet would run as a formula.
fn undo_formula_defusing(cell: &str) -> String {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest.to_owned(),
        _ => cell.to_owned(),
    }
}

#[test]
fn a_poll_interval_for_every_shop_reaches_a_shop_added_afterwards() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let set = ok(shopdock(
        data,
        &["options", "--every-shop", "--poll-interval", "120"],
    ));
    assert!(set.contains("120 s for 0 shop(s)"), "{set}");
    ok(shopdock(
        data,
        &[
            "shop",
            "add",
            "--label",
            "Later",
            "--app-key",
            DEMO_APP_KEY,
            "--service-id",
            DEMO_SERVICE_ID,
            "--shop",
            "LATER01",
            "--redirect-port",
            "8789",
        ],
    ));
    let options: serde_json::Value =
        serde_json::from_str(&ok(shopdock(data, &["options", "Later", "--json"]))).unwrap();
    assert_eq!(options["poll_interval_secs"], 120);
    let stderr = String::from_utf8_lossy(
        &shopdock(
            data,
            &["options", "--every-shop", "--set", "auto_confirm=on"],
        )
        .stderr,
    )
    .into_owned();
    assert!(stderr.contains("--poll-interval"), "{stderr}");
}
