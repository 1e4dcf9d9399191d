//! `shopdock backup` and `shopdock restore` as a seller runs them, and the authorization code
//! kept off the command line.

use crate::common::{ok, shopdock, shopdock_with_input};
use std::os::unix::fs::PermissionsExt;

fn shop_labels(data: &std::path::Path) -> Vec<String> {
    let listed: serde_json::Value =
        serde_json::from_str(&ok(shopdock(data, &["shop", "list", "--json"]))).unwrap();
    listed
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["label"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn a_backup_restores_what_it_held_and_the_replaced_database_is_kept_aside() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    ok(shopdock(&data, &["shop", "add", "--demo"]));
    let before = shop_labels(&data);
    assert_eq!(before.len(), 1);
    let file = dir.path().join("copy.sqlite3");
    let said = ok(shopdock(&data, &["backup", file.to_str().unwrap()]));
    assert!(said.contains("copy.sqlite3"), "{said}");
    assert_eq!(
        std::fs::metadata(&file).unwrap().permissions().mode() & 0o777,
        0o600
    );
    // Without a file: into the backups folder, kept with the daily ones.
    let said = ok(shopdock(&data, &["backup", "--json"]));
    let made: serde_json::Value = serde_json::from_str(&said).unwrap();
    assert!(made["path"].as_str().unwrap().contains("backups"), "{said}");

    let demo_id = shopdock_store::Store::open_in_dir(&data)
        .unwrap()
        .list_shops()
        .unwrap()[0]
        .id
        .clone();
    ok(shopdock(&data, &["shop", "remove", &demo_id, "--yes"]));
    assert!(shop_labels(&data).is_empty());

    let said = ok(shopdock(&data, &["restore", file.to_str().unwrap()]));
    assert!(said.contains("kept in"), "{said}");
    assert_eq!(shop_labels(&data), before, "what the backup held is back");
    let kept_aside = std::fs::read_dir(&data)
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with("before-restore-")
        })
        .count();
    assert_eq!(kept_aside, 1);
}

#[test]
fn restore_is_refused_while_another_shopdock_has_the_database_open() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    ok(shopdock(&data, &["shop", "add", "--demo"]));
    let file = dir.path().join("copy.sqlite3");
    ok(shopdock(&data, &["backup", file.to_str().unwrap()]));
    // This test process plays the open window.
    let window = shopdock_store::Store::open_in_dir(&data).unwrap();
    let out = shopdock(&data, &["restore", file.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("Another Shopdock process"), "{stderr}");
    drop(window);
}

#[test]
fn restore_refuses_a_file_that_is_not_a_shopdock_database() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    ok(shopdock(&data, &["shop", "add", "--demo"]));
    let text = dir.path().join("notes.sqlite3");
    std::fs::write(&text, "not a database").unwrap();
    let out = shopdock(&data, &["restore", text.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("not a usable Shopdock backup"), "{stderr}");
    assert_eq!(shop_labels(&data).len(), 1, "the database was not touched");
}

#[test]
fn an_authorization_code_on_the_command_line_is_refused_and_stdin_is_read_instead() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    ok(shopdock(&data, &["shop", "add", "--demo"]));
    let label = shop_labels(&data).remove(0);
    let out = shopdock(&data, &["auth", &label, "--code", "secret-code"]);
    assert_eq!(out.status.code(), Some(2), "a usage error");
    let out = shopdock_with_input(&data, &["auth", &label, "--code"], "\n");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("no authorization code on standard input"),
        "{stderr}"
    );
}
