//! Plays the desktop's notification server: owns `org.freedesktop.Notifications` on the session
//! bus the tests run in (the Makefile's private `dbus-run-session`, which the app inherits through
//! tauri-driver), records every `Notify` call, so a test can check what reached the desktop, and
//! clicks one as the desktop reports a click. (The tray and the window manager are played in
//! `shell.rs`, which only tests/desktop.rs uses.)

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use zbus::zvariant::OwnedValue;

/// One notification as the app sent it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notified {
    /// The id this server gave it (for [`NotificationServer::click`]).
    pub id: u32,
    pub app_name: String,
    pub summary: String,
    pub body: String,
}

/// The recording server; it gives up the name when dropped.
pub struct NotificationServer {
    _connection: zbus::Connection,
    seen: Arc<Mutex<Vec<Notified>>>,
}

impl NotificationServer {
    /// Connects to the session bus and takes the notification server's name; panics (with why)
    /// when there is no session bus or another server owns the name.
    pub async fn start() -> Self {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let recorder = Recorder {
            seen: Arc::clone(&seen),
            next_id: 1,
        };
        let connection = async {
            zbus::connection::Builder::session()?
                .name("org.freedesktop.Notifications")?
                .serve_at("/org/freedesktop/Notifications", recorder)?
                .build()
                .await
        }
        .await
        .unwrap_or_else(|error| {
            panic!(
                "could not own org.freedesktop.Notifications on the session bus ({error}); run \
                 the end-to-end tests inside `dbus-run-session`, as `make test` does"
            )
        });
        Self {
            _connection: connection,
            seen,
        }
    }

    /// Clicks notification `id`, as the desktop reports a click on its body.
    #[allow(dead_code)] // tests/desktop.rs clicks; tests/e2e/ only reads.
    pub async fn click(&self, id: u32) {
        self._connection
            .emit_signal(
                None::<()>,
                "/org/freedesktop/Notifications",
                "org.freedesktop.Notifications",
                "ActionInvoked",
                &(id, "default"),
            )
            .await
            .unwrap_or_else(|e| panic!("emit ActionInvoked for notification {id}: {e}"));
    }

    /// Every notification received so far, oldest first.
    pub fn seen(&self) -> Vec<Notified> {
        self.seen
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
    }
}

struct Recorder {
    seen: Arc<Mutex<Vec<Notified>>>,
    next_id: u32,
}

/// The methods of the Desktop Notifications Specification a client may call.
#[zbus::interface(name = "org.freedesktop.Notifications")]
impl Recorder {
    #[allow(clippy::too_many_arguments)]
    fn notify(
        &mut self,
        app_name: String,
        _replaces_id: u32,
        _app_icon: String,
        summary: String,
        body: String,
        _actions: Vec<String>,
        _hints: HashMap<String, OwnedValue>,
        _expire_timeout: i32,
    ) -> u32 {
        self.seen
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .push(Notified {
                id: self.next_id,
                app_name,
                summary,
                body,
            });
        self.next_id += 1;
        self.next_id - 1
    }

    fn get_capabilities(&self) -> Vec<String> {
        vec!["body".into(), "actions".into()]
    }

    fn get_server_information(&self) -> (String, String, String, String) {
        (
            "shopdock-e2e".into(),
            "shopdock".into(),
            "1".into(),
            "1.2".into(),
        )
    }

    fn close_notification(&self, _id: u32) {}
}
