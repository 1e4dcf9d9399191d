//! The end-to-end harness: the real `shopdock-app` in a private X display, driven through
//! WebDriver (tauri-driver in front of WebKitWebDriver) as a person would drive it.
//!
//! Each test gets its own Xvfb, tauri-driver, ports and fresh XDG and Shopdock data dirs, so
//! tests are independent of the machine and of each other. Whatever happens, the session is
//! closed and every process the harness started is stopped (see [`Processes`]'s `Drop`).
//! A missing tool fails the test with the command that installs it: nothing is skipped.
//!
//! The app's browser is scripted: `browser/xdg-open` is put first on the app's PATH, so Get Auth
//! runs `shopdock sandbox browse URL` (the CLI built beside the app), which presses Authorize on
//! the demo sandbox's page, Deny once the test creates [`AppEnv::deny_flag`], or nothing while
//! [`AppEnv::idle_flag`] exists.

use std::fs::File;
use std::io::{BufRead, BufReader, Read as _, Seek as _, SeekFrom};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::os::unix::process::CommandExt as _;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};

pub mod desktop;
pub mod sandbox;
pub mod tray_picture;

/// How long a step may take before the test fails. Generous: the machine is shared and a debug
/// WebKit build starts slowly; waits return as soon as the state is there.
pub const STEP_TIMEOUT: Duration = Duration::from_secs(30);

const WEBKIT_WEBDRIVER: &str = "/usr/bin/WebKitWebDriver";
const INSTALL_HINT: &str = "run `make deps` (it installs xvfb, webkit2gtk-driver and tauri-driver)";

/// What a scenario may know about the app it drives.
#[derive(Clone, Debug)]
pub struct AppEnv {
    /// The app's `SHOPDOCK_DATA_DIR` (its SQLite file lives here).
    pub data_dir: PathBuf,
    /// While this file exists, the scripted browser presses Deny instead of Authorize.
    pub deny_flag: PathBuf,
    /// While this file exists, the scripted browser opens and does nothing.
    pub idle_flag: PathBuf,
    /// The app's home folder (where Export CSV writes, as it has no Downloads folder).
    pub home: PathBuf,
    /// What the app asked the desktop to open: a line `xdg-open-file PATH` per file (a printed
    /// PDF) and `xdg-open ... URL` per web page, in order.
    pub opened_log: PathBuf,
    /// The X display the app runs on (`:N`), for pictures of more than the window.
    pub display: String,
}

/// Launches the app, runs `scenario` against it, then closes the session and stops every
/// process, also when the scenario panics (its panic is re-raised afterwards).
pub async fn with_app<F, Fut>(scenario: F)
where
    F: FnOnce(Client, AppEnv) -> Fut,
    Fut: std::future::Future<Output = ()> + Send + 'static,
{
    let processes = Processes::start();
    let client = processes.connect().await;
    let env = processes.env();
    let outcome = finish_scenario(tokio::spawn(scenario(client.clone(), env))).await;
    if outcome.is_err() {
        save_screenshot(&client).await;
        processes.print_logs();
    }
    // Ends the WebDriver session, which closes the app; Drop then stops the driver and Xvfb.
    match tokio::time::timeout(STEP_TIMEOUT, client.close()).await {
        Ok(Ok(())) => {}
        Ok(Err(error)) => eprintln!("e2e: closing the WebDriver session failed ({error})"),
        Err(_) => eprintln!("e2e: closing the WebDriver session timed out"),
    }
    drop(processes);
    if let Err(error) = outcome {
        match error.try_into_panic() {
            Ok(panic) => std::panic::resume_unwind(panic),
            Err(error) => panic!("e2e scenario did not finish: {error}"),
        }
    }
}

/// The longest a scenario may run: a test takes a minute on a loaded machine, and a hang must
/// fail with the window's picture and the logs instead of stalling the suite.
const SCENARIO_TIMEOUT: Duration = Duration::from_secs(300);

/// Waits for a scenario; one still running after [`SCENARIO_TIMEOUT`] is aborted, so its
/// outcome is an error (cancelled) like a panic's.
async fn finish_scenario(
    mut task: tokio::task::JoinHandle<()>,
) -> Result<(), tokio::task::JoinError> {
    match tokio::time::timeout(SCENARIO_TIMEOUT, &mut task).await {
        Ok(joined) => joined,
        Err(_) => {
            eprintln!("e2e: the scenario was still running after {SCENARIO_TIMEOUT:?}; stopped");
            task.abort();
            task.await
        }
    }
}

/// Like [`with_app`], but quits the app after `first` and launches it again on the same data
/// dir and keyring for `second`: what a seller sees after a restart.
pub async fn with_app_restarted<F1, Fut1, F2, Fut2>(first: F1, second: F2)
where
    F1: FnOnce(Client, AppEnv) -> Fut1,
    Fut1: std::future::Future<Output = ()> + Send + 'static,
    F2: FnOnce(Client, AppEnv) -> Fut2,
    Fut2: std::future::Future<Output = ()> + Send + 'static,
{
    let processes = Processes::start();
    let env = processes.env();
    for (round, scenario) in [
        Box::new(|c: Client| -> tokio::task::JoinHandle<()> { tokio::spawn(first(c, env.clone())) })
            as Box<dyn FnOnce(Client) -> tokio::task::JoinHandle<()>>,
        Box::new(|c: Client| tokio::spawn(second(c, env.clone()))),
    ]
    .into_iter()
    .enumerate()
    {
        let client = processes.connect().await;
        let outcome = finish_scenario(scenario(client.clone())).await;
        if outcome.is_err() {
            save_screenshot(&client).await;
            processes.print_logs();
        }
        // Ends the session, which closes the window; the app then lives on in the tray, so it
        // is stopped as a logout would (SIGTERM) before the next launch, which would otherwise
        // hand over to it (one instance per data dir) instead of starting.
        if let Ok(Err(error)) = tokio::time::timeout(STEP_TIMEOUT, client.close()).await {
            eprintln!("e2e: closing the WebDriver session after launch {round} failed ({error})");
        }
        stop_apps_on(&env.data_dir);
        if let Err(error) = outcome {
            drop(processes);
            match error.try_into_panic() {
                Ok(panic) => std::panic::resume_unwind(panic),
                Err(error) => panic!("e2e scenario {round} did not finish: {error}"),
            }
        }
    }
}

/// Polls `check` until it returns `Some`, or fails the test naming `what` after [`STEP_TIMEOUT`].
/// For DOM state that presence alone does not show (a chip's text, a row count).
pub async fn wait_until<T, F, Fut>(what: &str, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let deadline = Instant::now() + STEP_TIMEOUT;
    loop {
        if let Some(value) = check().await {
            return value;
        }
        assert!(
            Instant::now() < deadline,
            "timed out after {STEP_TIMEOUT:?} waiting for {what}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Waits until the first element matching `css` has a text for which `accept` is true, and
/// returns that text.
pub async fn wait_for_text(client: &Client, css: &str, accept: impl Fn(&str) -> bool) -> String {
    let mut last = String::new();
    let deadline = Instant::now() + STEP_TIMEOUT;
    loop {
        if let Ok(element) = client.find(Locator::Css(css)).await {
            if let Ok(text) = element.text().await {
                if accept(&text) {
                    return text;
                }
                last = text;
            }
        }
        assert!(
            Instant::now() < deadline,
            "`{css}` never showed the expected text within {STEP_TIMEOUT:?}; last text: {last:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The first shop card's status chip as shown now ("" when there is none).
async fn shop_status(client: &Client) -> String {
    match client.find(Locator::Css("[data-testid=shop-status]")).await {
        Ok(chip) => chip.text().await.unwrap_or_default(),
        Err(_) => String::new(),
    }
}

/// Whether something matches `css` within `limit` (a step that may need repeating).
pub async fn wait_briefly_for(client: &Client, css: &str, limit: Duration) -> bool {
    let deadline = Instant::now() + limit;
    loop {
        if client.find(Locator::Css(css)).await.is_ok() {
            return true;
        }
        if Instant::now() >= deadline {
            return false;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Waits until nothing matches `css` (a dialog closed, a drawer went away).
pub async fn wait_gone(client: &Client, css: &str) {
    wait_until(&format!("`{css}` to go away"), || async {
        client.find(Locator::Css(css)).await.is_err().then_some(())
    })
    .await
}

/// Clicks the button whose visible text is exactly `text`, once it is there.
pub async fn click_button(client: &Client, text: &str) {
    wait_for_button(client, text)
        .await
        .click()
        .await
        .unwrap_or_else(|error| panic!("could not click \"{text}\": {error}"));
}

/// Saves a picture of the window as `docs/screenshots/<name>` when `SHOPDOCK_SCREENSHOTS=1`
/// (`make screenshots`), so an ordinary test run never rewrites the committed pictures. The
/// caller waits for the state it wants first; a short pause lets WebKit paint that frame.
pub async fn screenshot_for_docs(client: &Client, name: &str) {
    if !screenshots_wanted() {
        return;
    }
    let png = settled_screenshot(client, name).await;
    std::fs::write(docs_screenshot(name), png).expect("write the screenshot");
    eprintln!("e2e: saved docs/screenshots/{name}");
}

/// Whether this run retakes the README's pictures (`make screenshots`).
pub fn screenshots_wanted() -> bool {
    std::env::var_os("SHOPDOCK_SCREENSHOTS").is_some_and(|v| !v.is_empty() && v != "0")
}

/// Where the picture `name` of `docs/screenshots/` goes (the folder is created).
pub fn docs_screenshot(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/screenshots");
    std::fs::create_dir_all(&dir).expect("create docs/screenshots");
    dir.join(name)
}

/// A picture of the window once WebKit has painted the state the caller waited for: a frame
/// taken right after a change can be an older one (or a dialog not painted yet), so pictures
/// are taken until two in a row are the same, for at most a few seconds.
async fn settled_screenshot(client: &Client, name: &str) -> Vec<u8> {
    let mut last: Option<Vec<u8>> = None;
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        tokio::time::sleep(Duration::from_millis(400)).await;
        let png = client
            .screenshot()
            .await
            .unwrap_or_else(|error| panic!("could not take the screenshot {name}: {error}"));
        if last.as_ref() == Some(&png) || Instant::now() > deadline {
            return png;
        }
        last = Some(png);
    }
}

/// Waits until an element matching `css` is in the DOM.
pub async fn wait_for(client: &Client, css: &str) -> fantoccini::elements::Element {
    client
        .wait()
        .at_most(STEP_TIMEOUT)
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|error| {
            panic!("no element matched `{css}` within {STEP_TIMEOUT:?}: {error}")
        })
}

/// Waits for a button whose visible text is exactly `text` (as a person finds it).
pub async fn wait_for_button(client: &Client, text: &str) -> fantoccini::elements::Element {
    let xpath = format!("//button[normalize-space()={}]", xpath_literal(text));
    client
        .wait()
        .at_most(STEP_TIMEOUT)
        .for_element(Locator::XPath(&xpath))
        .await
        .unwrap_or_else(|error| panic!("no button \"{text}\" within {STEP_TIMEOUT:?}: {error}"))
}

/// `text` as an XPath string literal: XPath 1 has no escapes, so a text with an apostrophe
/// ("Browser didn't open?") is quoted with double quotes instead.
pub fn xpath_literal(text: &str) -> String {
    if !text.contains('\'') {
        format!("'{text}'")
    } else if !text.contains('"') {
        format!("\"{text}\"")
    } else {
        let parts: Vec<String> = text.split('\'').map(|p| format!("'{p}'")).collect();
        format!("concat({})", parts.join(", \"'\", "))
    }
}

/// The visible text of the first element matching `css` inside `parent`.
pub async fn text_in(parent: &fantoccini::elements::Element, css: &str) -> String {
    let element = parent
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|error| panic!("no `{css}` inside the element: {error}"));
    element
        .text()
        .await
        .unwrap_or_else(|error| panic!("could not read the text of `{css}`: {error}"))
}

/// The processes behind one app under test, and the temp dir that holds their state and logs.
pub struct Processes {
    xvfb: Child,
    display: String,
    /// tauri-driver, leader of the process group that holds WebKitWebDriver and the app.
    driver: Option<Child>,
    driver_port: u16,
    driver_log: PathBuf,
    browser_log: PathBuf,
    /// XDG dirs, Shopdock's data dir and the driver log; removed after the processes stop.
    dir: tempfile::TempDir,
}

impl Processes {
    /// Starts Xvfb and tauri-driver; panics with an install hint when a tool is missing.
    fn start() -> Self {
        let tauri_driver = find_tauri_driver();
        let xvfb_bin =
            find_on_path("Xvfb").unwrap_or_else(|| panic!("Xvfb is not installed: {INSTALL_HINT}"));
        assert!(
            Path::new(WEBKIT_WEBDRIVER).exists(),
            "{WEBKIT_WEBDRIVER} is missing (Debian package webkit2gtk-driver): {INSTALL_HINT}"
        );

        let cli = find_cli();
        become_subreaper();
        let dir = tempfile::tempdir().expect("create a temp dir for the e2e run");
        let (xvfb, display) = start_xvfb(&xvfb_bin);
        // Owned from here on, so a panic below still stops Xvfb.
        let mut processes = Self {
            xvfb,
            display: display.clone(),
            driver: None,
            driver_port: free_port(),
            driver_log: dir.path().join("tauri-driver.log"),
            browser_log: dir.path().join("browser.log"),
            dir,
        };
        let browser_dir = install_scripted_browser(processes.dir.path());

        let log = File::create(&processes.driver_log).expect("create the tauri-driver log");
        let log_err = log.try_clone().expect("clone the tauri-driver log handle");
        let mut command = Command::new(&tauri_driver);
        command
            .args(["--port", &processes.driver_port.to_string()])
            .args(["--native-port", &free_port().to_string()])
            .args(["--native-driver", WEBKIT_WEBDRIVER])
            // DISPLAY only here: the D-Bus session the tests run in must not see it (see Makefile).
            .env("DISPLAY", format!(":{display}"))
            // The scripted browser first on the app's PATH (the app inherits the driver's env).
            .env("PATH", path_with(&browser_dir))
            .env("SHOPDOCK_E2E_CLI", &cli)
            .env("SHOPDOCK_E2E_DENY_FLAG", processes.dir.path().join("deny"))
            .env("SHOPDOCK_E2E_IDLE_FLAG", processes.dir.path().join("idle"))
            .env("SHOPDOCK_E2E_BROWSER_LOG", &processes.browser_log)
            .stdin(Stdio::null())
            .stdout(log)
            .stderr(log_err)
            // Its own process group, so stopping the group also stops WebKitWebDriver, the app
            // and WebKit's helper processes, whichever of them is still running.
            .process_group(0);
        for (var, sub) in [
            // Exports land in the home folder when there is no Downloads folder.
            ("HOME", "home"),
            ("XDG_DATA_HOME", "xdg-data"),
            ("XDG_CACHE_HOME", "xdg-cache"),
            ("XDG_CONFIG_HOME", "xdg-config"),
            ("XDG_STATE_HOME", "xdg-state"),
            ("SHOPDOCK_DATA_DIR", "shopdock-data"),
        ] {
            let path = processes.dir.path().join(sub);
            std::fs::create_dir_all(&path).expect("create an e2e data dir");
            command.env(var, path);
        }
        let driver = command
            .spawn()
            .unwrap_or_else(|e| panic!("could not start {}: {e}", tauri_driver.display()));
        processes.driver = Some(driver);
        processes
    }

    fn env(&self) -> AppEnv {
        AppEnv {
            data_dir: self.dir.path().join("shopdock-data"),
            deny_flag: self.dir.path().join("deny"),
            idle_flag: self.dir.path().join("idle"),
            home: self.dir.path().join("home"),
            opened_log: self.browser_log.clone(),
            display: format!(":{}", self.display),
        }
    }

    /// Opens a WebDriver session, which launches the freshly built app.
    async fn connect(&self) -> Client {
        let address = SocketAddr::from((Ipv4Addr::LOCALHOST, self.driver_port));
        let deadline = Instant::now() + STEP_TIMEOUT;
        while TcpStream::connect_timeout(&address, Duration::from_millis(200)).is_err() {
            if Instant::now() > deadline {
                self.print_logs();
                panic!("tauri-driver did not listen on {address} within {STEP_TIMEOUT:?}");
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let capabilities = serde_json::json!({
            "browserName": "wry",
            "tauri:options": { "application": env!("CARGO_BIN_EXE_shopdock-app") },
        });
        let serde_json::Value::Object(capabilities) = capabilities else {
            unreachable!("a JSON object literal")
        };
        let mut builder = ClientBuilder::native();
        builder.capabilities(capabilities);
        let url = format!("http://{address}");
        match tokio::time::timeout(STEP_TIMEOUT, builder.connect(&url)).await {
            Ok(Ok(client)) => client,
            Ok(Err(error)) => {
                self.print_logs();
                panic!("could not open a WebDriver session on the app: {error}");
            }
            Err(_) => {
                self.print_logs();
                panic!("the app did not start a WebDriver session within {STEP_TIMEOUT:?}");
            }
        }
    }

    /// Prints the end of tauri-driver's output (it includes WebKitWebDriver's and the app's).
    fn print_logs(&self) {
        let mut text = String::new();
        if let Ok(mut file) = File::open(&self.driver_log) {
            let len = file.metadata().map(|m| m.len()).unwrap_or(0);
            let _ = file.seek(SeekFrom::Start(len.saturating_sub(8_000)));
            let _ = file.read_to_string(&mut text);
        }
        eprintln!("--- end of tauri-driver / app output ---\n{text}\n---");
        if let Ok(browser) = std::fs::read_to_string(&self.browser_log) {
            eprintln!("--- scripted browser ---\n{browser}\n---");
        }
    }
}

impl Drop for Processes {
    fn drop(&mut self) {
        if let Some(driver) = self.driver.as_mut() {
            stop_group(driver);
        }
        stop(&mut self.xvfb);
    }
}

/// Stops every `shopdock-app` running on `data_dir` (SIGTERM, then SIGKILL after 5 s) and
/// returns once none holds its open files any more. The apps are found once by executable and
/// environment; then each pid is watched by its state alone: an exiting process loses its
/// `/proc/PID/exe` link before it closes its files (its D-Bus connection among them), so
/// judging by the link would let the next launch meet the dying instance's single-instance
/// name and hand over to a process that is going away.
fn stop_apps_on(data_dir: &Path) {
    let binary = Path::new(env!("CARGO_BIN_EXE_shopdock-app"));
    let data = format!("SHOPDOCK_DATA_DIR={}", data_dir.display());
    let still_running = |pid: i32| -> bool {
        std::fs::read_to_string(format!("/proc/{pid}/stat"))
            .ok()
            .and_then(|stat| {
                let state = stat
                    .rsplit_once(')')?
                    .1
                    .split_whitespace()
                    .next()?
                    .to_owned();
                // A zombie has closed its files already.
                Some(state != "Z" && state != "X")
            })
            .unwrap_or(false)
    };
    let apps: Vec<i32> = std::fs::read_dir("/proc")
        .map(|entries| {
            entries
                .filter_map(|e| e.ok()?.file_name().to_str()?.parse::<i32>().ok())
                .filter(|&pid| {
                    still_running(pid)
                        && std::fs::read_link(format!("/proc/{pid}/exe"))
                            .is_ok_and(|exe| exe == binary)
                        && std::fs::read(format!("/proc/{pid}/environ"))
                            .is_ok_and(|raw| raw.split(|&b| b == 0).any(|e| e == data.as_bytes()))
                })
                .collect()
        })
        .unwrap_or_default();
    let deadline = Instant::now() + Duration::from_secs(5);
    for &pid in &apps {
        signal(pid, libc::SIGTERM);
    }
    loop {
        let left: Vec<i32> = apps.iter().copied().filter(|&p| still_running(p)).collect();
        if left.is_empty() {
            return;
        }
        if Instant::now() > deadline {
            left.into_iter().for_each(|pid| signal(pid, libc::SIGKILL));
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Starts Xvfb on a display it picks itself and returns once it is ready: `-displayfd` prints the
/// display number only when the server accepts connections, so no sleep and no race.
fn start_xvfb(xvfb_bin: &Path) -> (Child, String) {
    let mut xvfb = Command::new(xvfb_bin)
        .args([
            "-displayfd",
            "1",
            "-screen",
            "0",
            "1280x800x24",
            "-nolisten",
            "tcp",
        ])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("could not start Xvfb: {e}"));
    let stdout = xvfb.stdout.take().expect("Xvfb stdout is piped");
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let _ = BufReader::new(stdout).read_line(&mut line);
        let _ = sender.send(line);
    });
    match receiver.recv_timeout(STEP_TIMEOUT) {
        Ok(line) if !line.trim().is_empty() => (xvfb, line.trim().to_owned()),
        _ => {
            stop(&mut xvfb);
            panic!("Xvfb did not report a display within {STEP_TIMEOUT:?}");
        }
    }
}

/// SIGTERM, a grace period, then SIGKILL, for one process.
fn stop(child: &mut Child) {
    signal(child.id() as i32, libc::SIGTERM);
    if !wait_exit(child, Duration::from_secs(5)) {
        let _ = child.kill();
        let _ = child.wait();
    }
}

/// The same for a process group led by `child`: the group outlives its leader, so it gets
/// SIGKILL after the grace period whether the leader has exited or not. Members orphaned on the
/// way (tauri-driver does not wait for WebKitWebDriver) were re-parented to this process (see
/// [`become_subreaper`]) and are reaped here, so not even a zombie is left behind.
fn stop_group(child: &mut Child) {
    let leader = child.id() as i32;
    let members = group_members(leader);
    signal(-leader, libc::SIGTERM);
    wait_exit(child, Duration::from_secs(5));
    signal(-leader, libc::SIGKILL);
    let _ = child.wait();
    let deadline = Instant::now() + Duration::from_secs(5);
    for pid in members.into_iter().filter(|&pid| pid != leader) {
        loop {
            // SAFETY: waitpid(2) on one pid with WNOHANG writes only into the given status.
            let mut status = 0;
            let reaped = unsafe { libc::waitpid(pid, &mut status, libc::WNOHANG) };
            // `pid` when reaped; -1 (ECHILD) when it is not our child (its parent reaped it).
            if reaped != 0 || Instant::now() > deadline {
                break;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

/// Makes orphaned descendants of this test process its children instead of init's, so that
/// [`stop_group`] can reap them (init on a minimal VM may leave them as zombies for a while).
fn become_subreaper() {
    // SAFETY: prctl(2) with PR_SET_CHILD_SUBREAPER takes plain integers.
    unsafe {
        libc::prctl(libc::PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
    }
}

/// The pids whose process group is `pgid`, read from /proc (field 5 of /proc/<pid>/stat).
fn group_members(pgid: i32) -> Vec<i32> {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .filter_map(|entry| entry.ok()?.file_name().to_str()?.parse::<i32>().ok())
        .filter(|pid| {
            std::fs::read_to_string(format!("/proc/{pid}/stat"))
                .ok()
                // The command name (field 2) may hold spaces; fields after its ')' are plain.
                .and_then(|stat| {
                    let after_name = stat.rsplit_once(')')?.1;
                    after_name.split_whitespace().nth(2)?.parse::<i32>().ok()
                })
                == Some(pgid)
        })
        .collect()
}

/// kill(2): a negative `pid` signals the whole process group. A process that is already gone
/// (ESRCH) is what the caller wants, so the result is ignored.
fn signal(pid: i32, signal: i32) {
    // SAFETY: kill(2) takes plain integers and touches no memory of ours.
    unsafe {
        libc::kill(pid, signal);
    }
}

fn wait_exit(child: &mut Child, within: Duration) -> bool {
    let deadline = Instant::now() + within;
    while Instant::now() < deadline {
        if matches!(child.try_wait(), Ok(Some(_))) {
            return true;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    false
}

/// The `shopdock` CLI, which `cargo test --workspace` builds beside the app.
fn find_cli() -> PathBuf {
    let cli = Path::new(env!("CARGO_BIN_EXE_shopdock-app")).with_file_name("shopdock");
    assert!(
        cli.is_file(),
        "the shopdock CLI is missing at {}: the scripted browser needs it. Build it with \
         `cargo build -p shopdock-cli` (or run `cargo test --workspace`, which builds it)",
        cli.display()
    );
    cli
}

/// Copies `browser/xdg-open` into `<dir>/bin` (executable, whatever the checkout kept of its
/// mode) and returns that directory, to go first on the app's PATH.
fn install_scripted_browser(dir: &Path) -> PathBuf {
    use std::os::unix::fs::PermissionsExt as _;
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/support/browser/xdg-open");
    let bin = dir.join("bin");
    std::fs::create_dir_all(&bin).expect("create the scripted browser's dir");
    let target = bin.join("xdg-open");
    std::fs::copy(&source, &target)
        .unwrap_or_else(|e| panic!("copy {} for the scripted browser: {e}", source.display()));
    std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o755))
        .expect("make the scripted browser executable");
    bin
}

/// `dir` followed by this process's PATH.
fn path_with(dir: &Path) -> std::ffi::OsString {
    let rest = std::env::var_os("PATH").unwrap_or_default();
    std::env::join_paths(std::iter::once(dir.to_path_buf()).chain(std::env::split_paths(&rest)))
        .expect("a PATH entry without ':'")
}

fn free_port() -> u16 {
    TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .and_then(|listener| listener.local_addr())
        .map(|address| address.port())
        .expect("find a free local port")
}

fn find_on_path(name: &str) -> Option<PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|dir| dir.join(name))
        .find(|path| path.is_file())
}

/// tauri-driver from PATH, else from the repo-local `.tools/bin` where `make deps` installs it.
fn find_tauri_driver() -> PathBuf {
    let local = Path::new(env!("CARGO_MANIFEST_DIR")).join(".tools/bin/tauri-driver");
    find_on_path("tauri-driver")
        .or_else(|| local.is_file().then_some(local))
        .unwrap_or_else(|| {
            panic!(
                "tauri-driver is not installed: {INSTALL_HINT}, or \
                 `cargo install tauri-driver --version ^2 --locked --root .tools`"
            )
        })
}

/// Keeps a picture of the window when a scenario fails, for the person reading the failure.
async fn save_screenshot(client: &Client) {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("e2e");
    let path = dir.join("failure.png");
    match client.screenshot().await {
        Ok(png) => {
            if std::fs::create_dir_all(&dir)
                .and_then(|_| std::fs::write(&path, png))
                .is_ok()
            {
                eprintln!("e2e: screenshot of the failure saved to {}", path.display());
            }
        }
        Err(error) => eprintln!("e2e: could not take a screenshot: {error}"),
    }
}

/// Adds the demo shop from the empty Shops page and connects it with Get Auth.
pub async fn connect_demo_shop(client: &Client) {
    click_button(client, "Try the demo shop").await;
    wait_for(client, "[data-testid=shop-card]").await;
    // On a loaded machine WebKit can drop a click that lands while the page is still laying
    // out the new card: press again until the Get Auth dialog is open (it is modal, so a
    // press that did land is never repeated).
    let mut presses = 0;
    loop {
        click_button(client, "Get Auth").await;
        presses += 1;
        if wait_briefly_for(client, "[data-testid=auth-dialog]", Duration::from_secs(5)).await
            || shop_status(client).await.starts_with("Connected")
        {
            break;
        }
        assert!(
            presses < 3,
            "the Get Auth dialog did not open after {presses} presses"
        );
        eprintln!("e2e: Get Auth press {presses} opened no dialog; pressing again");
    }
    wait_for_text(client, "[data-testid=shop-status]", |t| {
        t.starts_with("Connected")
    })
    .await;
}

/// Creates one order for the demo shop through the sandbox's control API, at the API host the
/// app stored for the demo shop; returns its id.
pub async fn create_sandbox_order(env: &AppEnv) -> String {
    let demo = sandbox::DemoSandbox::of(env);
    let answer = demo
        .post(
            "orders",
            serde_json::json!({ "shop_id": demo.shop_id, "count": 1 }),
        )
        .await;
    answer["order_ids"][0]
        .as_str()
        .unwrap_or_else(|| panic!("no order id in {answer}"))
        .to_owned()
}
