//! End-to-end: the real app window, driven through WebDriver like a seller would use it, with the
//! system browser played by `tests/support/browser/xdg-open` (the `shopdock` CLI pressing
//! Authorize or Deny on the demo sandbox's page). Needs Xvfb, WebKitWebDriver and tauri-driver
//! (`make deps`) and the CLI built beside the app (`cargo test --workspace` builds it); run with
//! `make test`, or alone with `cargo test -p shopdock --test e2e` inside the headless keyring
//! session of the Makefile. `SHOPDOCK_SCREENSHOTS=1` (`make screenshots`) also saves the
//! pictures in docs/screenshots/.

#[path = "../support/mod.rs"]
mod support;

mod finance;
mod mapping;
mod orders;
mod pages;
mod printing;
mod products;
mod shipping;
mod shops;
