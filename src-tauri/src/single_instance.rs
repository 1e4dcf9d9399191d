//! One instance per data dir: the single-instance plugin's D-Bus name, and what a launch does
//! when the instance it met was quitting at that moment.

use std::hash::{Hash as _, Hasher as _};
use std::process::ExitCode;

/// The single-instance D-Bus name: the app's identifier, or one per data dir when
/// `SHOPDOCK_DATA_DIR` is set, so apps on different data (the end-to-end tests run several at
/// once on one session bus) are not taken for one another. One data dir, one engine, one window.
pub fn dbus_id() -> String {
    dbus_id_for(std::env::var_os("SHOPDOCK_DATA_DIR").as_deref())
}

fn dbus_id_for(data_dir: Option<&std::ffi::OsStr>) -> String {
    const IDENTIFIER: &str = "app.shopdock.desktop";
    match data_dir.filter(|d| !d.is_empty()) {
        None => IDENTIFIER.to_owned(),
        Some(dir) => {
            // SipHash with fixed keys: the same dir gives the same name in every process of
            // this build, which is all a D-Bus name here needs.
            let mut hasher = std::collections::hash_map::DefaultHasher::new();
            dir.hash(&mut hasher);
            format!("{IDENTIFIER}.data_{:016x}", hasher.finish())
        }
    }
}

/// Whether the single-instance plugin failed because the running instance it found went away
/// before taking this launch's arguments. The name was taken when this launch asked for it, and
/// then either its owner disconnected without replying, or the bus had already released the
/// name when the call went out (`ServiceUnknown`, `NameHasNoOwner`). Either way nothing runs
/// any more, and a fresh launch will own the name.
pub fn met_a_quitting_instance(error: &str) -> bool {
    const GONE: [&str; 3] = ["disconnected", "ServiceUnknown", "NameHasNoOwner"];
    error.contains("single-instance") && GONE.iter().any(|sign| error.contains(sign))
}

/// Replaces this process with a fresh launch of the same binary and arguments, once: an
/// environment variable marks the second try, so a launch that keeps meeting a quitting
/// instance gives up instead of looping.
pub fn relaunch() -> ExitCode {
    const RELAUNCHED: &str = "SHOPDOCK_RELAUNCHED";
    const GIVE_UP: &str =
        "Shopdock could not start: another Shopdock was quitting; start it again.";
    if std::env::var_os(RELAUNCHED).is_some() || cfg!(not(unix)) {
        eprintln!("{GIVE_UP}");
        return ExitCode::FAILURE;
    }
    // Gives the bus time to release the quitting instance's name.
    std::thread::sleep(std::time::Duration::from_millis(300));
    let Ok(exe) = std::env::current_exe() else {
        eprintln!("{GIVE_UP}");
        return ExitCode::FAILURE;
    };
    let mut again = std::process::Command::new(exe);
    again.args(std::env::args_os().skip(1)).env(RELAUNCHED, "1");
    #[cfg(unix)]
    {
        let error = std::os::unix::process::CommandExt::exec(&mut again);
        eprintln!("Shopdock could not start again: {error}");
    }
    ExitCode::FAILURE
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The texts are what tauri-plugin-single-instance 2.5 and zbus 5 print for each way the
    /// running instance can vanish between the name request and the forwarded call.
    #[test]
    fn a_launch_meeting_an_instance_that_vanished_mid_handover_starts_anew() {
        let prefix = "failed to initialize plugin `single-instance`: \
                      failed to forward arguments to the running instance: ";
        for gone in [
            "org.freedesktop.DBus.Error.NoReply: Message recipient disconnected from message bus \
             without replying",
            "org.freedesktop.DBus.Error.ServiceUnknown: The name \
             app.shopdock.desktop.data_ea9e2678453cd135.SingleInstance was not provided by any \
             .service files",
            "org.freedesktop.DBus.Error.NameHasNoOwner: Could not get owner of name",
        ] {
            assert!(
                met_a_quitting_instance(&format!("{prefix}{gone}")),
                "{gone}"
            );
        }
    }

    #[test]
    fn other_start_failures_are_reported_not_retried() {
        for other in [
            "failed to initialize plugin `single-instance`: \
             failed to forward arguments to the running instance: \
             org.freedesktop.DBus.Error.AccessDenied: Rejected send message",
            "failed to initialize plugin `window-state`: disconnected",
            "error while creating the event loop: ServiceUnknown",
        ] {
            assert!(!met_a_quitting_instance(other), "{other}");
        }
    }

    #[test]
    fn each_data_dir_gets_its_own_stable_bus_name_and_none_gets_the_identifier() {
        let id = |dir: &str| dbus_id_for(Some(std::ffi::OsStr::new(dir)));
        assert_eq!(dbus_id_for(None), "app.shopdock.desktop");
        assert_eq!(id(""), "app.shopdock.desktop");
        assert_eq!(id("/data/a"), id("/data/a"));
        assert_ne!(id("/data/a"), id("/data/b"));
        // A D-Bus name element: letters, digits and underscores, not starting with a digit.
        let last = id("/data/a").rsplit('.').next().map(str::to_owned);
        assert!(
            last.as_deref().is_some_and(|e| e.starts_with("data_")
                && e.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')),
            "{last:?}"
        );
    }
}
