//! Plays the rest of the desktop around the app, for tests/desktop.rs:
//! - the tray ([`TrayHost`]): a StatusNotifierWatcher on the session bus that records the app's
//!   StatusNotifierItem and drives its menu through dbusmenu, as a panel does;
//! - the window manager ([`XWindow`]): finds the app's window on its X display, sees whether it
//!   is shown, and presses its close button (WM_DELETE_WINDOW);
//! - the process table: a process's environment and whether it still runs.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use zbus::zvariant::OwnedValue;

/// Plays the desktop's tray: owns `org.kde.StatusNotifierWatcher` on the session bus, records
/// every StatusNotifierItem that registers, and drives an item's menu through its dbusmenu
/// interface, as a panel does when the seller clicks an entry. Only one process can own the
/// watcher name, so one test binary (tests/desktop.rs) plays it.
pub struct TrayHost {
    connection: zbus::Connection,
    items: Arc<Mutex<Vec<TrayItem>>>,
}

/// A registered tray icon: the bus name of its process and its object path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TrayItem {
    pub bus_name: String,
    pub path: String,
}

/// One entry of a tray menu.
#[derive(Clone, Debug)]
pub struct MenuEntry {
    pub id: i32,
    pub label: String,
    pub enabled: bool,
}

type Layout = (
    i32,
    HashMap<String, OwnedValue>,
    Vec<zbus::zvariant::OwnedValue>,
);

impl TrayHost {
    pub async fn start() -> Self {
        let items = Arc::new(Mutex::new(Vec::new()));
        let watcher = Watcher {
            items: Arc::clone(&items),
        };
        let connection = async {
            zbus::connection::Builder::session()?
                .name("org.kde.StatusNotifierWatcher")?
                .serve_at("/StatusNotifierWatcher", watcher)?
                .build()
                .await
        }
        .await
        .unwrap_or_else(|error| {
            panic!("could not own org.kde.StatusNotifierWatcher on the session bus ({error})")
        });
        Self { connection, items }
    }

    /// Every registered item with the pid of its process (items whose process is gone are
    /// left out).
    pub async fn items_with_pids(&self) -> Vec<(TrayItem, u32)> {
        let Ok(dbus) = zbus::fdo::DBusProxy::new(&self.connection).await else {
            return Vec::new();
        };
        let items = self.items.lock().unwrap_or_else(|p| p.into_inner()).clone();
        let mut out = Vec::new();
        for item in items {
            let Ok(name) = zbus::names::BusName::try_from(item.bus_name.as_str()) else {
                continue;
            };
            if let Ok(pid) = dbus.get_connection_unix_process_id(name).await {
                out.push((item, pid));
            }
        }
        out
    }

    /// The item's menu path (its `Menu` property).
    async fn menu_path(&self, item: &TrayItem) -> zbus::Result<zbus::zvariant::OwnedObjectPath> {
        let properties = zbus::fdo::PropertiesProxy::builder(&self.connection)
            .destination(item.bus_name.as_str())?
            .path(item.path.as_str())?
            .build()
            .await?;
        let interface = zbus::names::InterfaceName::try_from("org.kde.StatusNotifierItem")?;
        let menu = properties.get(interface, "Menu").await?;
        Ok(zbus::zvariant::OwnedObjectPath::try_from(menu)?)
    }

    /// The menu's entries as the panel would show them, top to bottom (separators left out).
    pub async fn menu(&self, item: &TrayItem) -> zbus::Result<Vec<MenuEntry>> {
        let path = self.menu_path(item).await?;
        let reply = self
            .connection
            .call_method(
                Some(item.bus_name.as_str()),
                path.as_str(),
                Some("com.canonical.dbusmenu"),
                "GetLayout",
                &(0i32, -1i32, Vec::<String>::new()),
            )
            .await?;
        let (_revision, (_, _, children)): (u32, Layout) = reply.body().deserialize()?;
        let mut entries = Vec::new();
        for child in children {
            let (id, properties, _) = Layout::try_from(child)?;
            let text = |key: &str| {
                properties
                    .get(key)
                    .and_then(|v| String::try_from(v.try_clone().ok()?).ok())
            };
            if text("type").as_deref() == Some("separator") {
                continue;
            }
            let enabled = properties
                .get("enabled")
                .and_then(|v| bool::try_from(v).ok())
                .unwrap_or(true);
            entries.push(MenuEntry {
                id,
                label: text("label").unwrap_or_default(),
                enabled,
            });
        }
        Ok(entries)
    }

    /// Clicks the entry labelled `label`, as a panel does; panics when there is none.
    pub async fn click(&self, item: &TrayItem, label: &str) {
        let entries = self
            .menu(item)
            .await
            .unwrap_or_else(|e| panic!("read the tray menu: {e}"));
        let entry = entries
            .iter()
            .find(|e| e.label == label)
            .unwrap_or_else(|| panic!("no tray menu entry {label:?} in {entries:?}"));
        assert!(entry.enabled, "the tray entry {label:?} is disabled");
        let path = self
            .menu_path(item)
            .await
            .unwrap_or_else(|e| panic!("the tray menu's path: {e}"));
        self.connection
            .call_method(
                Some(item.bus_name.as_str()),
                path.as_str(),
                Some("com.canonical.dbusmenu"),
                "Event",
                &(entry.id, "clicked", zbus::zvariant::Value::from(0i32), 0u32),
            )
            .await
            .unwrap_or_else(|e| panic!("click the tray entry {label:?}: {e}"));
    }
}

struct Watcher {
    items: Arc<Mutex<Vec<TrayItem>>>,
}

/// The watcher's side of the StatusNotifierItem protocol (the KDE/freedesktop names).
#[zbus::interface(name = "org.kde.StatusNotifierWatcher")]
impl Watcher {
    /// `service` is the item's object path (libayatana) or a bus name (then the path is the
    /// specification's default).
    fn register_status_notifier_item(
        &self,
        service: String,
        #[zbus(header)] header: zbus::message::Header<'_>,
    ) {
        let sender = header.sender().map(|s| s.to_string()).unwrap_or_default();
        let item = if service.starts_with('/') {
            TrayItem {
                bus_name: sender,
                path: service,
            }
        } else {
            TrayItem {
                bus_name: service,
                path: "/StatusNotifierItem".into(),
            }
        };
        self.items
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(item);
    }

    fn register_status_notifier_host(&self, _service: String) {}

    #[zbus(property)]
    fn registered_status_notifier_items(&self) -> Vec<String> {
        self.items
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .iter()
            .map(|i| format!("{}{}", i.bus_name, i.path))
            .collect()
    }

    #[zbus(property)]
    fn is_status_notifier_host_registered(&self) -> bool {
        true
    }

    #[zbus(property)]
    fn protocol_version(&self) -> i32 {
        0
    }
}

/// The app's top-level X window, seen as a window manager sees it. Each call opens its own
/// connection to the display, so the value can be shared across the test's tasks.
pub struct XWindow {
    display: std::ffi::CString,
    window: x11::xlib::Window,
}

/// Runs `f` with a fresh connection to `display`; `None` when the display cannot be opened.
fn with_display<T>(
    display: &std::ffi::CStr,
    f: impl FnOnce(*mut x11::xlib::Display) -> T,
) -> Option<T> {
    // SAFETY: the connection is opened here, used only by `f`, and closed once.
    unsafe {
        let dpy = x11::xlib::XOpenDisplay(display.as_ptr());
        if dpy.is_null() {
            return None;
        }
        let out = f(dpy);
        x11::xlib::XCloseDisplay(dpy);
        Some(out)
    }
}

impl XWindow {
    /// The top-level window titled `title` on `display` (e.g. ":5"), once it exists.
    pub fn find(display: &str, title: &str) -> Option<Self> {
        use x11::xlib;
        let display = std::ffi::CString::new(display).ok()?;
        let window = with_display(&display, |dpy| {
            // SAFETY: plain Xlib calls; every pointer Xlib returns is freed with XFree.
            unsafe {
                let root = xlib::XDefaultRootWindow(dpy);
                let (mut root_ret, mut parent) = (0, 0);
                let mut children: *mut xlib::Window = std::ptr::null_mut();
                let mut count = 0u32;
                xlib::XQueryTree(
                    dpy,
                    root,
                    &mut root_ret,
                    &mut parent,
                    &mut children,
                    &mut count,
                );
                let mut found = None;
                for i in 0..count as usize {
                    let w = *children.add(i);
                    let mut raw: *mut std::os::raw::c_char = std::ptr::null_mut();
                    if xlib::XFetchName(dpy, w, &mut raw) != 0 && !raw.is_null() {
                        let is_it = std::ffi::CStr::from_ptr(raw).to_string_lossy() == title;
                        xlib::XFree(raw.cast());
                        if is_it {
                            found = Some(w);
                            break;
                        }
                    }
                }
                if !children.is_null() {
                    xlib::XFree(children.cast());
                }
                found
            }
        })??;
        Some(Self { display, window })
    }

    /// Whether the window is on screen (mapped and viewable).
    pub fn is_shown(&self) -> bool {
        with_display(&self.display, |dpy| {
            // SAFETY: the attributes struct is plain data Xlib fills in.
            unsafe {
                let mut attributes: x11::xlib::XWindowAttributes = std::mem::zeroed();
                x11::xlib::XGetWindowAttributes(dpy, self.window, &mut attributes) != 0
                    && attributes.map_state == x11::xlib::IsViewable
            }
        })
        .unwrap_or(false)
    }

    /// Presses the window's close button as a window manager does: a WM_DELETE_WINDOW client
    /// message (the app decides what closing means; nothing is destroyed by force).
    pub fn request_close(&self) {
        use x11::xlib;
        let sent = with_display(&self.display, |dpy| {
            // SAFETY: the event is a plain-data union filled as a ClientMessage before it is sent.
            unsafe {
                let protocols = xlib::XInternAtom(dpy, c"WM_PROTOCOLS".as_ptr(), 0);
                let delete = xlib::XInternAtom(dpy, c"WM_DELETE_WINDOW".as_ptr(), 0);
                let mut event: xlib::XEvent = std::mem::zeroed();
                event.client_message.type_ = xlib::ClientMessage;
                event.client_message.window = self.window;
                event.client_message.message_type = protocols;
                event.client_message.format = 32;
                event
                    .client_message
                    .data
                    .set_long(0, delete as std::os::raw::c_long);
                event
                    .client_message
                    .data
                    .set_long(1, xlib::CurrentTime as std::os::raw::c_long);
                let sent = xlib::XSendEvent(dpy, self.window, 0, xlib::NoEventMask, &mut event);
                xlib::XSync(dpy, 0);
                sent != 0
            }
        });
        assert_eq!(
            sent,
            Some(true),
            "could not send WM_DELETE_WINDOW to the app's window"
        );
    }
}

/// The environment of process `pid` (from /proc), to launch the app again exactly as it was.
pub fn environment_of(pid: u32) -> Vec<(String, String)> {
    let raw = std::fs::read(format!("/proc/{pid}/environ"))
        .unwrap_or_else(|e| panic!("read the environment of process {pid}: {e}"));
    raw.split(|&b| b == 0)
        .filter_map(|entry| {
            let entry = String::from_utf8_lossy(entry);
            let (key, value) = entry.split_once('=')?;
            Some((key.to_owned(), value.to_owned()))
        })
        .collect()
}

/// Whether process `pid` is still running (a zombie counts as ended).
pub fn is_running(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .ok()
        .and_then(|stat| {
            let state = stat
                .rsplit_once(')')?
                .1
                .split_whitespace()
                .next()?
                .to_owned();
            Some(state != "Z" && state != "X")
        })
        .unwrap_or(false)
}
