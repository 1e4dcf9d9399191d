//! Shared test harness: a Shopdock on a fresh SQLite file in a temp dir, the real keyring,
//! the real sandbox over loopback HTTP, and a scripted browser that presses the sandbox's
//! Authorize or Deny button like a person would.

pub mod shipping;
pub mod stock;
// One small-disk helper for the store's and core's disk-full tests, kept with the store's.
#[path = "../../../../store/tests/integration/common/small_disk.rs"]
pub mod small_disk;

use shopdock_core::{AuthOutcome, BrowserError, BrowserOpener, CoreEvent, OpenOptions, Shopdock};
use shopdock_demo::SandboxDemo;
use shopdock_sandbox::browser::{press, Decision};
use shopdock_sandbox::{
    Control, MarketCode, Sandbox, SandboxConfig, ShippingMode, ShopInfo, ShopSetup,
};
use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;
use tokio::sync::broadcast::{self, error::TryRecvError};

/// Plays the browser: on open, presses `decision` on the page (in the background, as the
/// real browser would while Shopdock waits).
pub struct ScriptedBrowser {
    pub decision: Mutex<Option<Decision>>,
    pub opened: Mutex<Vec<String>>,
}

impl ScriptedBrowser {
    pub fn new(decision: Option<Decision>) -> Arc<Self> {
        Arc::new(Self {
            decision: Mutex::new(decision),
            opened: Mutex::new(Vec::new()),
        })
    }
}

impl BrowserOpener for ScriptedBrowser {
    fn open(&self, url: &str) -> Result<(), BrowserError> {
        self.opened.lock().unwrap().push(url.to_owned());
        let Some(decision) = *self.decision.lock().unwrap() else {
            return Err(BrowserError::NoBrowser);
        };
        let url = url.to_owned();
        tokio::spawn(async move {
            if let Err(e) = press(&url, decision).await {
                eprintln!("scripted browser: {e}");
            }
        });
        Ok(())
    }
}

pub struct TestApp {
    pub app: Shopdock,
    pub dir: tempfile::TempDir,
    pub browser: Arc<ScriptedBrowser>,
    /// The demo backend handed to the app: the test drives the same sandbox.
    pub demo: Arc<SandboxDemo>,
}

impl TestApp {
    /// The sandbox behind the demo shop (started now if the app has not started it yet).
    pub async fn sandbox(&self) -> &Sandbox {
        self.demo.sandbox().await.expect("the demo sandbox starts")
    }
}

pub async fn open_app(decision: Option<Decision>) -> TestApp {
    open_app_with_clock(decision, None).await
}

/// [`open_app`] with core reading time from `clock` (a [`shopdock_core::ManualClock`] lets a
/// test jump days ahead without sleeping).
pub async fn open_app_with_clock(
    decision: Option<Decision>,
    clock: Option<Arc<dyn shopdock_core::Clock>>,
) -> TestApp {
    open_app_on(SandboxDemo::with_seed(42), decision, clock).await
}

/// [`open_app_with_clock`] over a sandbox of the given world (e.g. with shops of other
/// markets in `extra_shops`).
pub async fn open_app_on(
    demo: Arc<SandboxDemo>,
    decision: Option<Decision>,
    clock: Option<Arc<dyn shopdock_core::Clock>>,
) -> TestApp {
    open_app_in(&std::env::temp_dir(), demo, decision, clock).await
}

/// [`open_app_on`] with the data directory made inside `parent` (e.g. a small disk).
pub async fn open_app_in(
    parent: &std::path::Path,
    demo: Arc<SandboxDemo>,
    decision: Option<Decision>,
    clock: Option<Arc<dyn shopdock_core::Clock>>,
) -> TestApp {
    init_log_capture();
    let dir = tempfile::tempdir_in(parent).expect("tempdir");
    let browser = ScriptedBrowser::new(decision);
    let app = Shopdock::open(OpenOptions {
        data_dir: Some(dir.path().to_path_buf()),
        browser: Some(browser.clone()),
        demo: Some(demo.clone()),
        clock,
    })
    .await
    .expect("open shopdock");
    TestApp {
        app,
        dir,
        browser,
        demo,
    }
}

/// An app with the sandbox's demo shop connected and no rate limit on either side (the
/// limiter's pacing has its own tests and benchmark): the app, the sandbox's shop, and
/// Shopdock's id for it.
pub async fn unlimited_demo_shop() -> (TestApp, shopdock_sandbox::ShopInfo, String) {
    let t = open_app(None).await;
    let c = t.sandbox().await.control().clone();
    let demo = c.demo_shop();
    c.set_rate_limit(0);
    t.app.set_rate_limit_qps(100_000.0);
    let shop = connect_sandbox_shop(&t, &demo.code, shopdock_sandbox::DEMO_SELLER).await;
    (t, demo, shop)
}

/// The seeded world (US demo shop with FBT orders, UK cross-border shop, ...) plus a Malaysian
/// TikTok Shipping shop (`shop0_seller`, packages exist from payment) and a Malaysian
/// seller-shipping shop (`shop1_seller`): the markets and shipping types the shipping tests
/// compare.
pub fn world_with_malaysian_shops(seed: u64, orders_per_shop: usize) -> Arc<SandboxDemo> {
    SandboxDemo::with_config(SandboxConfig {
        seed,
        orders_per_shop,
        extra_shops: vec![
            ShopSetup::local(MarketCode::My, ShippingMode::Tiktok),
            ShopSetup::local(MarketCode::My, ShippingMode::Seller),
        ],
        ..SandboxConfig::default()
    })
}

/// The `n`th shop a test world added (`shop{n}_seller`).
pub fn added_shop(c: &Control, n: usize) -> ShopInfo {
    let seller = format!("shop{n}_seller");
    c.shops()
        .into_iter()
        .find(|s| s.seller_id == seller)
        .expect("added shop")
}

/// Registers the sandbox shop with code `code` as a "real" shop pointing at the demo sandbox,
/// and connects it with an authorization code (the manual path).
pub async fn connect_sandbox_shop(t: &TestApp, code: &str, seller: &str) -> String {
    let sandbox = t.sandbox().await;
    let base = sandbox.base_url();
    let shop = t
        .app
        .register_shop(shopdock_core::RegistrationInput {
            label: format!("Shop {code}"),
            region: shopdock_core::Region::Row,
            app_key: shopdock_sandbox::DEMO_APP_KEY.into(),
            app_secret: Some(shopdock_sandbox::DEMO_APP_SECRET.into()),
            service_id: shopdock_sandbox::DEMO_SERVICE_ID.into(),
            shop_hint: code.into(),
            redirect_port: 8787,
            authorize_url: format!("{base}/open/authorize"),
            api_base: base.clone(),
            auth_base: base,
        })
        .await
        .unwrap();
    let auth_code = sandbox
        .control()
        .issue_auth_code(shopdock_sandbox::DEMO_APP_KEY, seller)
        .unwrap();
    match t.app.submit_redirect(&shop.id, &auth_code).await.unwrap() {
        AuthOutcome::Connected { .. } => shop.id,
        other => panic!("expected Connected, got {other:?}"),
    }
}

/// Waits for the AuthFinished event of `shop_id`.
pub async fn auth_outcome(
    events: &mut tokio::sync::broadcast::Receiver<CoreEvent>,
    shop_id: &str,
) -> AuthOutcome {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    loop {
        let ev = tokio::time::timeout_at(deadline, events.recv())
            .await
            .expect("AuthFinished within 30 s")
            .expect("event channel open");
        if let CoreEvent::AuthFinished {
            shop_id: id,
            outcome,
        } = ev
        {
            if id == shop_id {
                return outcome;
            }
        }
    }
}

/// Every event `events` has received so far (core emits before the call that caused it
/// returns); events a lagging receiver lost are skipped.
pub fn drain_events(events: &mut broadcast::Receiver<CoreEvent>) -> Vec<CoreEvent> {
    let mut found = Vec::new();
    loop {
        match events.try_recv() {
            Ok(event) => found.push(event),
            Err(TryRecvError::Lagged(_)) => {}
            Err(TryRecvError::Empty | TryRecvError::Closed) => return found,
        }
    }
}

/// Everything logged at any level by this test binary.
pub fn captured_logs() -> String {
    String::from_utf8_lossy(&LOGS.get_or_init(Default::default).lock().unwrap()).into_owned()
}

static LOGS: OnceLock<Mutex<Vec<u8>>> = OnceLock::new();

struct LogWriter;

impl Write for LogWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        LOGS.get_or_init(Default::default)
            .lock()
            .unwrap()
            .extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn init_log_capture() {
    static INIT: OnceLock<()> = OnceLock::new();
    INIT.get_or_init(|| {
        let _ = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .with_writer(|| LogWriter)
            .with_ansi(false)
            .try_init();
    });
}
