//! Shopdock on the desktop, played end to end: the real app under Xvfb, its tray driven through
//! the StatusNotifierItem menu over D-Bus as a panel does, its window closed with a real
//! WM_DELETE_WINDOW as a window manager does, notifications clicked as the notification server
//! reports them, and a second launch from the same environment. Run by `make test` (inside the
//! headless keyring session), or alone with `cargo test -p shopdock --test desktop` there.

#[path = "support/shell.rs"]
mod shell;
// Each test binary uses its part of the shared harness.
#[allow(dead_code)]
mod support;

use std::process::Command;
use std::time::{Duration, Instant};

use fantoccini::Client;
use shell::{environment_of, is_running, TrayHost, TrayItem, XWindow};
use support::desktop::NotificationServer;
use support::{
    connect_demo_shop, create_sandbox_order, screenshot_for_docs, wait_for_text, wait_until,
    with_app, AppEnv, STEP_TIMEOUT,
};

/// Closing the window leaves Shopdock syncing in the tray (saying so once, in a notification
/// whose click brings the window back); the tray menu syncs, and a sandbox order still reaches
/// the database while the window is hidden; a second launch focuses the running window and
/// starts no second engine; Quit in the tray ends the process.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_app_lives_in_the_tray_once_per_data_dir_until_quit() {
    let tray = std::sync::Arc::new(TrayHost::start().await);
    let notifications = std::sync::Arc::new(NotificationServer::start().await);
    let (tray_in, notifications_in) = (tray.clone(), notifications.clone());
    with_app(|client, env| async move {
        let (tray, notifications) = (tray_in, notifications_in);
        connect_demo_shop(&client).await;
        let (item, pid) = wait_until("the app's tray icon", || async {
            tray.items_with_pids().await.into_iter().next()
        })
        .await;
        let app_env = environment_of(pid);
        let display = app_env
            .iter()
            .find(|(k, _)| k == "DISPLAY")
            .map(|(_, v)| v.clone())
            .expect("the app has a DISPLAY");
        let window = wait_until("the app's window", || async {
            XWindow::find(&display, "Shopdock")
        })
        .await;
        assert!(window.is_shown());

        // Settings shows where the data and the logs are, and the log file is there.
        settings_show_the_folders(&client, &env).await;

        // The tray shows the shop's state.
        let entries = wait_until("the demo shop in the tray menu", || async {
            let entries = tray.menu(&item).await.ok()?;
            entries
                .iter()
                .any(|e| e.label.starts_with("Demo shop:"))
                .then_some(entries)
        })
        .await;
        let labels: Vec<_> = entries.iter().map(|e| e.label.as_str()).collect();
        for expected in [
            "Open Shopdock",
            "Sync all now",
            "Pause all syncing",
            "Quit Shopdock",
        ] {
            assert!(labels.contains(&expected), "{expected:?} in {labels:?}");
        }

        // Close: hidden, still running, told once.
        window.request_close();
        wait_until("the window to hide", || async {
            (!window.is_shown()).then_some(())
        })
        .await;
        assert!(is_running(pid), "closing the window keeps Shopdock running");
        let notice = wait_until("the tray notice", || async {
            notifications
                .seen()
                .into_iter()
                .find(|n| n.summary == "Shopdock is still running")
        })
        .await;

        // The engine keeps working hidden: an order created now is stored after Sync all now.
        let order = create_sandbox_order(&env).await;
        tray.click(&item, "Sync all now").await;
        wait_until("the new order in the database", || async {
            stored(&env, &order).then_some(())
        })
        .await;

        // A click on the notice brings the window back.
        notifications.click(notice.id).await;
        wait_until("the window back from the notice", || async {
            window.is_shown().then_some(())
        })
        .await;

        // Closed again: no second notice.
        window.request_close();
        wait_until("the window to hide again", || async {
            (!window.is_shown()).then_some(())
        })
        .await;
        tokio::time::sleep(Duration::from_millis(500)).await;
        let notices = notifications
            .seen()
            .into_iter()
            .filter(|n| n.summary == "Shopdock is still running")
            .count();
        assert_eq!(notices, 1, "the tray notice is shown the first time only");

        // A second launch from the same environment shows the first window and exits.
        second_launch(&app_env);
        wait_until("the first window shown by the second launch", || async {
            window.is_shown().then_some(())
        })
        .await;
        assert_eq!(
            apps_on(&env),
            vec![pid],
            "one app, one engine on this data dir"
        );
        assert!(
            shopdock_core::sync::engine_lock::EngineLock::try_claim(
                &env.data_dir
                    .join(shopdock_core::sync::engine_lock::ENGINE_LOCK_FILE)
            )
            .expect("open the engine lock")
            .is_none(),
            "the first app still holds the engine"
        );

        // "Open Shopdock" from the tray, then Quit ends the process.
        window.request_close();
        wait_until("hidden", || async { (!window.is_shown()).then_some(()) }).await;
        tray.click(&item, "Open Shopdock").await;
        wait_until("shown from the tray", || async {
            window.is_shown().then_some(())
        })
        .await;
        quit_from_tray(&tray, &item, pid).await;
    })
    .await;
}

async fn quit_from_tray(tray: &TrayHost, item: &TrayItem, pid: u32) {
    tray.click(item, "Quit Shopdock").await;
    let deadline = Instant::now() + STEP_TIMEOUT;
    while is_running(pid) {
        assert!(
            Instant::now() < deadline,
            "Quit did not end the app within {STEP_TIMEOUT:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Runs the app binary again with `env`; it must hand over to the running app and exit 0.
fn second_launch(env: &[(String, String)]) {
    let started = Instant::now();
    let status = Command::new(env!("CARGO_BIN_EXE_shopdock-app"))
        .env_clear()
        .envs(env.iter().cloned())
        .status()
        .expect("launch the app a second time");
    assert!(status.success(), "the second launch exits 0: {status}");
    assert!(
        started.elapsed() < STEP_TIMEOUT,
        "the second launch took {:?}",
        started.elapsed()
    );
}

/// The pids of running `shopdock-app` processes on this test's data dir.
fn apps_on(env: &AppEnv) -> Vec<u32> {
    let binary = std::path::Path::new(env!("CARGO_BIN_EXE_shopdock-app"));
    let data = format!("SHOPDOCK_DATA_DIR={}", env.data_dir.display());
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .filter_map(|e| e.ok()?.file_name().to_str()?.parse::<u32>().ok())
        .filter(|pid| {
            is_running(*pid)
                && std::fs::read_link(format!("/proc/{pid}/exe")).is_ok_and(|exe| exe == binary)
                && std::fs::read(format!("/proc/{pid}/environ"))
                    .is_ok_and(|raw| raw.split(|&b| b == 0).any(|entry| entry == data.as_bytes()))
        })
        .collect()
}

fn stored(env: &AppEnv, order_id: &str) -> bool {
    let Ok(store) = shopdock_store::Store::open_in_dir(&env.data_dir) else {
        return false;
    };
    store
        .list_shops()
        .ok()
        .into_iter()
        .flatten()
        .any(|shop| matches!(store.get_order(&shop.id, order_id), Ok(Some(_))))
}

/// The Settings screen names the app's data folder and its log folder, where today's log file
/// is being written, with nothing secret in it.
async fn settings_show_the_folders(client: &Client, env: &AppEnv) {
    click_link(client, "Settings").await;
    let data = wait_for_text(client, "[data-testid=data-dir]", |t| t != "…").await;
    assert_eq!(data, env.data_dir.display().to_string());
    let logs = wait_for_text(client, "[data-testid=log-dir]", |t| t != "…").await;
    let written = wait_until("today's log file", || async {
        let entries = std::fs::read_dir(&logs).ok()?;
        let files: Vec<_> = entries.filter_map(|e| Some(e.ok()?.path())).collect();
        let file = files.iter().find(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("shopdock.log"))
        })?;
        let text = std::fs::read_to_string(file).ok()?;
        text.contains("Shopdock core opened").then_some(text)
    })
    .await;
    for secret in ["access_token=", "app_secret=", "refresh_token="] {
        for (at, _) in written.match_indices(secret) {
            assert!(
                written[at + secret.len()..].starts_with("[redacted]"),
                "a secret in the log: {}",
                &written[at..(at + 60).min(written.len())]
            );
        }
    }
    wait_for_text(client, "[data-testid=version]", |t| {
        t.starts_with("Shopdock 0.")
    })
    .await;
    screenshot_for_docs(client, "settings.png").await;
    click_link(client, "Shops").await;
}

async fn click_link(client: &Client, text: &str) {
    client
        .find(fantoccini::Locator::LinkText(text))
        .await
        .unwrap_or_else(|e| panic!("the {text} link: {e}"))
        .click()
        .await
        .unwrap_or_else(|e| panic!("open {text}: {e}"));
}
