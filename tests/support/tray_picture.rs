//! The README's picture of the tray menu (`make screenshots` only).
//!
//! Xvfb has no panel, so nothing draws the app's StatusNotifierItem. For the picture a real
//! tray host joins the display: `gtk-sni-tray-standalone` (Debian's haskell-gtk-sni-tray-utils,
//! installed by `make screenshots`), which also starts the StatusNotifierWatcher the app
//! registers with. xdotool right-clicks the icon, which opens the menu the app exported over
//! D-Bus, and ImageMagick's `import` takes the screen's top-right corner. `make screenshots` runs
//! the tests one at a time, so the bar holds this app's icon only.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::{docs_screenshot, screenshots_wanted, AppEnv, STEP_TIMEOUT};

/// The bar's height in pixels, at the top of the 1280x800 screen; the app's icon is the last
/// one at its right end.
const BAR: u32 = 32;
const SCREEN_WIDTH: u32 = 1280;
/// The part of the screen the picture keeps: the bar's right end and the open menu below it.
const CROP: &str = "520x240+760+0";

/// Saves `docs/screenshots/<name>`: the tray icon with its menu open, over the window.
pub async fn tray_screenshot_for_docs(env: &AppEnv, name: &str) {
    if !screenshots_wanted() {
        return;
    }
    let mut tray = Command::new("gtk-sni-tray-standalone")
        .args(["--top", "--end", "--watcher", "--size", &BAR.to_string()])
        .args(["--color", "#1f2328"])
        .env("DISPLAY", &env.display)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|error| {
            panic!("could not start gtk-sni-tray-standalone ({error}): run `make screenshots`")
        });
    // The app registers its item once the watcher appears; the host then draws it.
    let deadline = Instant::now() + STEP_TIMEOUT;
    loop {
        let items = registered_items(&env.display);
        if items == 1 {
            break;
        }
        assert!(
            items == 0 && Instant::now() < deadline,
            "the app registers exactly one tray item, found {items}"
        );
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    // Let the host draw the icon it was just told about.
    tokio::time::sleep(Duration::from_secs(1)).await;
    let (x, y) = (SCREEN_WIDTH - BAR / 2, BAR / 2);
    run(
        &env.display,
        "xdotool",
        &["mousemove", &x.to_string(), &y.to_string(), "click", "3"],
    );
    tokio::time::sleep(Duration::from_secs(2)).await;
    let out = docs_screenshot(name);
    run(
        &env.display,
        "import",
        &["-window", "root", "-crop", CROP, "+repage", &path_arg(&out)],
    );
    let _ = tray.kill();
    let _ = tray.wait();
    eprintln!("e2e: saved docs/screenshots/{name}");
}

/// How many items the watcher lists (`dbus-send` prints one `string` line per item).
fn registered_items(display: &str) -> usize {
    let reply = Command::new("dbus-send")
        .args([
            "--session",
            "--print-reply",
            "--dest=org.kde.StatusNotifierWatcher",
            "/StatusNotifierWatcher",
            "org.freedesktop.DBus.Properties.Get",
            "string:org.kde.StatusNotifierWatcher",
            "string:RegisteredStatusNotifierItems",
        ])
        .env("DISPLAY", display)
        .output()
        .unwrap_or_else(|error| panic!("could not run dbus-send ({error})"));
    // Before the host's watcher is up, the call fails: nothing registered yet.
    String::from_utf8_lossy(&reply.stdout)
        .lines()
        .filter(|line| line.trim_start().starts_with("string "))
        .count()
}

fn run(display: &str, program: &str, args: &[&str]) {
    let status = Command::new(program)
        .args(args)
        .env("DISPLAY", display)
        .status()
        .unwrap_or_else(|error| {
            panic!("could not run {program} ({error}): run `make screenshots`")
        });
    assert!(status.success(), "{program} {args:?} failed: {status}");
}

fn path_arg(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}
