//! `shopdock finance` end to end, by the real binary on a real data folder against a sandbox
//! over loopback: sync (incremental and a range, Ctrl-C and resume), the statements as JSON
//! equal to the sandbox's, an order's earnings (settled or not), and the export by extension.

use crate::common::{ok, register_demo_shop, shopdock, BIN};
use rust_decimal::Decimal;
use shopdock_sandbox::{Sandbox, SandboxConfig, DEMO_APP_SECRET};
use std::process::{Command, Stdio};
use std::str::FromStr;
use std::time::Duration;

const DAY: u64 = 86_400;

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap_or_else(|e| panic!("{s:?}: {e}"))
}

/// A sandbox whose month of orders has settled, its clock paused forty days on.
async fn settled_sandbox() -> Sandbox {
    let sandbox = Sandbox::start(SandboxConfig {
        seed: 14,
        orders_per_shop: 120,
        ..SandboxConfig::default()
    })
    .await
    .unwrap();
    let c = sandbox.control();
    c.pause_clock();
    c.set_rate_limit(0);
    c.advance_clock(Duration::from_secs(40 * DAY));
    sandbox
}

#[tokio::test(flavor = "multi_thread")]
async fn finance_sync_lists_shows_orders_and_exports_what_the_sandbox_holds() {
    let sandbox = settled_sandbox().await;
    let c = sandbox.control().clone();
    let demo = c.demo_shop();
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    register_demo_shop(data, &c, &sandbox.base_url(), "Money");

    let out = shopdock(data, &["finance", "sync", "Money"]);
    let stdout = ok(out.clone());
    assert!(stdout.starts_with("finance imported: "), "{stdout}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("settled orders"),
        "progress on stderr: {stderr}"
    );

    let truth = c.finance_statements(&demo.id).unwrap();
    let json: serde_json::Value =
        serde_json::from_str(&ok(shopdock(data, &["finance", "statements", "--json"]))).unwrap();
    let rows = json["rows"].as_array().unwrap();
    assert_eq!(rows.len(), truth.len());
    for s in &truth {
        let row = rows
            .iter()
            .find(|r| r["statement_id"] == s.id.as_str())
            .unwrap_or_else(|| panic!("statement {} listed", s.id));
        assert_eq!(
            d(row["settlement"].as_str().unwrap()),
            d(&s.settlement_amount)
        );
        assert_eq!(row["payment_status"], s.payment_status.as_str());
    }

    let orders = c.orders(&demo.id).unwrap();
    let (settled, truth) = orders
        .iter()
        .find_map(|o| c.finance_order(&demo.id, &o.id).unwrap().map(|f| (o, f)))
        .expect("a settled order");
    let json: serde_json::Value = serde_json::from_str(&ok(shopdock(
        data,
        &["finance", "order", &settled.id, "--json"],
    )))
    .unwrap();
    assert_eq!(json["status"], "settled");
    assert_eq!(
        d(json["settlement"].as_str().unwrap()),
        d(&truth.settlement_amount)
    );
    let text = ok(shopdock(data, &["finance", "order", &settled.id]));
    assert!(text.contains("settled in statement"), "{text}");
    assert!(text.contains("no profit: "), "no costs yet: {text}");
    let unsettled = orders
        .iter()
        .find(|o| c.finance_order(&demo.id, &o.id).unwrap().is_none())
        .expect("an order not settled");
    let text = ok(shopdock(
        data,
        &["finance", "order", &unsettled.id, "--shop", "Money"],
    ));
    assert!(text.contains("not settled yet"), "{text}");

    let csv = data.join("money.csv");
    let said = ok(shopdock(
        data,
        &[
            "finance",
            "export",
            csv.to_str().unwrap(),
            "--rows",
            "orders",
        ],
    ));
    assert!(said.contains("order(s)"), "{said}");
    let mut reader = csv::Reader::from_path(&csv).unwrap();
    let ids: Vec<String> = reader
        .records()
        .map(|r| r.unwrap()[1].to_string())
        .collect();
    assert!(ids.contains(&settled.id));
    assert!(!ids.contains(&unsettled.id));
    let book = data.join("money.xlsx");
    ok(shopdock(
        data,
        &["finance", "export", book.to_str().unwrap()],
    ));
    assert!(std::fs::metadata(&book).unwrap().len() > 0);
    let refused = shopdock(data, &["finance", "export", "money.txt"]);
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains(".csv or .xlsx"));
    let bad_rows = shopdock(
        data,
        &["finance", "export", "x.csv", "--rows", "everything"],
    );
    assert!(String::from_utf8_lossy(&bad_rows.stderr).contains("statements, transactions, orders"));

    let summary = ok(shopdock(
        data,
        &[
            "finance",
            "summary",
            "--from",
            "2020-01-01",
            "--to",
            "2100-01-01",
            "--weekly",
        ],
    ));
    assert!(
        summary.contains(&format!(
            "{}: {} statement(s)",
            demo.currency,
            truth_len(&c, &demo.id)
        )),
        "{summary}"
    );
}

fn truth_len(c: &shopdock_sandbox::Control, shop: &str) -> usize {
    c.finance_statements(shop).unwrap().len()
}

#[cfg(unix)]
#[tokio::test(flavor = "multi_thread")]
async fn ctrl_c_stops_a_finance_sync_and_the_same_command_resumes_it() {
    let sandbox = settled_sandbox().await;
    let c = sandbox.control().clone();
    let demo = c.demo_shop();
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    register_demo_shop(data, &c, &sandbox.base_url(), "Money");
    let now = c.now();
    let (from, to) = ((now - 80 * DAY as i64).to_string(), now.to_string());
    let args = ["finance", "sync", "Money", "--from", &from, "--to", &to];
    // Slow answers, so the interrupt lands mid-import: once the statements' transactions
    // are being read.
    c.set_latency(Duration::from_millis(300));
    let mut child = Command::new(BIN)
        .args(args)
        .env("SHOPDOCK_DATA_DIR", data)
        .env("SHOPDOCK_APP_SECRET", DEMO_APP_SECRET)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id();
    let mut stderr = child.stderr.take().unwrap();
    let reader = std::thread::spawn(move || {
        use std::io::Read;
        let (mut seen, mut buf) = (Vec::new(), [0u8; 256]);
        let mut signalled = false;
        while let Ok(n) = stderr.read(&mut buf) {
            if n == 0 {
                break;
            }
            seen.extend_from_slice(&buf[..n]);
            if !signalled && String::from_utf8_lossy(&seen).contains("finance: transactions") {
                signalled = true;
                let sent = Command::new("kill")
                    .args(["-INT", &pid.to_string()])
                    .status()
                    .map(|s| s.success());
                assert!(matches!(sent, Ok(true)), "SIGINT sent");
            }
        }
        String::from_utf8_lossy(&seen).into_owned()
    });
    let status = child.wait().unwrap();
    let stderr = reader.join().unwrap();
    assert!(!status.success(), "cancelled: {stderr}");
    assert!(
        stderr.contains("run the same command again to resume"),
        "{stderr}"
    );
    let stopped_at = c.finance_call_counts(&demo.id).unwrap();
    let statements = truth_len(&c, &demo.id) as u64;
    assert!(
        stopped_at.statement_transactions < statements && stopped_at.order_transactions == 0,
        "stopped while reading the statements: {stopped_at:?} of {statements}"
    );

    c.set_latency(Duration::ZERO);
    ok(shopdock(data, &args));
    let after = c.finance_call_counts(&demo.id).unwrap();
    let settled = c.settled_order_count(&demo.id).unwrap() as u64;
    assert_eq!(
        after.order_transactions, settled,
        "each settled order asked once"
    );
    assert!(
        after.statement_transactions <= statements + 10,
        "a statement stored before the interrupt is not read again: {stopped_at:?} then {after:?}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&ok(shopdock(data, &["finance", "statements", "--json"]))).unwrap();
    assert_eq!(json["total"], truth_len(&c, &demo.id));
    assert!(json["rows"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["complete"] == true));
}
