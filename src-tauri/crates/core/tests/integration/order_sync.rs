//! The sync engine against the sandbox over real loopback HTTP and a real SQLite file:
//! backfill and incremental pull converge to exactly the sandbox's own data, for many shops
//! at once, and still do with faults injected and a token expiring mid-run.

use crate::support;

use crate::support::{connect_sandbox_shop, open_app, TestApp};
use shopdock_core::{AuthOutcome, ShopStatus};
use shopdock_sandbox::browser::Decision;
use shopdock_sandbox::{Faults, DEMO_APP_KEY};
use std::collections::BTreeMap;
use std::time::Duration;
use tokio_util::sync::CancellationToken;

type Versions = BTreeMap<String, (i64, String)>;

/// What the store holds for a shop: order id -> (update_time, status).
fn stored(t: &TestApp, shop_id: &str) -> Versions {
    let store = shopdock_store::Store::open(&t.app.database_path()).unwrap();
    store
        .all_order_versions(shop_id)
        .unwrap()
        .into_iter()
        .map(|(id, u, s)| (id, (u, s)))
        .collect()
}

/// The sandbox's own view of a shop, through its control API.
async fn source(t: &TestApp, tiktok_shop: &str) -> Versions {
    source_created_in(t.sandbox().await.control(), tiktok_shop, i64::MIN, i64::MAX)
}

/// The sandbox's orders of a shop created in `[from, to)`, each id with its update time and
/// status.
fn source_created_in(
    control: &shopdock_sandbox::Control,
    tiktok_shop: &str,
    from: i64,
    to: i64,
) -> Versions {
    control
        .orders(tiktok_shop)
        .unwrap()
        .into_iter()
        .filter(|o| (from..to).contains(&o.create_time))
        .map(|o| (o.id, (o.update_time, o.status)))
        .collect()
}

/// An app with the sandbox's demo shop registered as a real shop and connected: the app, the
/// sandbox's view of the shop, and Shopdock's shop id.
async fn connected_demo_shop() -> (TestApp, shopdock_sandbox::ShopInfo, String) {
    let t = open_app(None).await;
    let demo = t.sandbox().await.control().demo_shop();
    let shop = connect_sandbox_shop(&t, &demo.code, shopdock_sandbox::DEMO_SELLER).await;
    (t, demo, shop)
}

/// Cancels as soon as a backfill reports `fetched` orders: reacting to the engine's own event,
/// not to a poll of the database, so the cancel lands mid-run however busy the machine is.
async fn cancel_when_fetched(
    events: &mut tokio::sync::broadcast::Receiver<shopdock_core::CoreEvent>,
    fetched: u64,
    cancel: &CancellationToken,
) {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(60);
    loop {
        match tokio::time::timeout_at(deadline, events.recv()).await {
            Ok(Ok(shopdock_core::CoreEvent::BackfillProgress { progress }))
                if progress.fetched >= fetched =>
            {
                break
            }
            Ok(Ok(_)) | Ok(Err(tokio::sync::broadcast::error::RecvError::Lagged(_))) => {}
            Ok(Err(_)) | Err(_) => break,
        }
    }
    cancel.cancel();
}

fn window(t: &TestApp, now: i64) -> (i64, i64) {
    let _ = t;
    (now - 45 * 86_400, now + 1)
}

#[tokio::test(flavor = "multi_thread")]
async fn backfill_then_incremental_pull_converge_to_the_sandbox() {
    let t = open_app(Some(Decision::Authorize)).await;
    let sandbox = t.sandbox().await;
    let demo = sandbox.control().demo_shop();
    let shop = {
        let mut events = t.app.subscribe();
        let s = t.app.add_demo_shop().await.unwrap();
        t.app.begin_auth(&s.id).await.unwrap();
        assert!(matches!(
            support::auth_outcome(&mut events, &s.id).await,
            AuthOutcome::Connected { .. }
        ));
        s.id
    };
    sandbox
        .control()
        .create_orders_spread(&demo.id, 700, Duration::from_secs(20 * 86_400))
        .unwrap();
    let (from, to) = window(&t, sandbox.control().now());
    let progress = t
        .app
        .backfill_orders(&shop, from, to, CancellationToken::new())
        .await
        .unwrap();
    assert!(progress.finished);
    let want = source(&t, &demo.id).await;
    assert!(
        want.len() >= 800,
        "the sandbox holds the seeded and created orders"
    );
    assert_eq!(progress.total as usize, want.len());
    assert_eq!(
        stored(&t, &shop),
        want,
        "backfill stored exactly the sandbox's orders"
    );

    // Time passes: orders move through their lifecycle and new ones arrive.
    sandbox
        .control()
        .advance_clock(Duration::from_secs(3 * 3600));
    sandbox.control().create_orders(&demo.id, 25).unwrap();
    // TikTok's search bounds `update_time_lt` by its clock: orders from this very second show
    // from the next one on.
    sandbox.control().advance_clock(Duration::from_secs(1));
    let stats = t.app.pull_orders(&shop).await.unwrap();
    assert!(stats.inserted >= 25, "{stats:?}");
    assert!(
        stats.updated > 0,
        "lifecycle changes were pulled: {stats:?}"
    );
    assert_eq!(stored(&t, &shop), source(&t, &demo.id).await);
    // A second pull with nothing new changes nothing.
    let again = t.app.pull_orders(&shop).await.unwrap();
    assert_eq!(again.inserted, 0);
    assert_eq!(stored(&t, &shop), source(&t, &demo.id).await);
}

#[tokio::test(flavor = "multi_thread")]
async fn many_shops_backfill_at_once_and_each_matches_its_source() {
    let t = open_app(None).await;
    let sandbox = t.sandbox().await;
    let shops = sandbox.control().shops();
    let mut connected = Vec::new();
    for s in &shops {
        let id = connect_sandbox_shop(&t, &s.code, &s.seller_id).await;
        sandbox
            .control()
            .create_orders_spread(&s.id, 200, Duration::from_secs(10 * 86_400))
            .unwrap();
        connected.push((id, s.id.clone()));
    }
    assert!(connected.len() >= 3, "the sandbox has several shops");
    let (from, to) = window(&t, sandbox.control().now());
    let mut runs = tokio::task::JoinSet::new();
    for (id, _) in &connected {
        let (app, id) = (t.app.clone(), id.clone());
        runs.spawn(async move {
            app.backfill_orders(&id, from, to, CancellationToken::new())
                .await
        });
    }
    while let Some(r) = runs.join_next().await {
        r.unwrap().unwrap();
    }
    for (id, tiktok) in &connected {
        assert_eq!(stored(&t, id), source(&t, tiktok).await, "shop {tiktok}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn faults_and_a_token_expiry_mid_run_still_converge_without_exceeding_the_limit() {
    let (t, demo, shop) = connected_demo_shop().await;
    let sandbox = t.sandbox().await;
    sandbox
        .control()
        .create_orders_spread(&demo.id, 1_500, Duration::from_secs(20 * 86_400))
        .unwrap();
    // A tight limit so the bucket's pacing is what keeps us under it.
    sandbox.control().set_rate_limit(20);
    t.app.set_rate_limit_qps(19.0);
    sandbox
        .control()
        .set_faults(Faults {
            p_5xx: 0.08,
            p_429: 0.05,
            p_hang: 0.02,
            hang: Duration::from_millis(800),
            p_truncate: 0.05,
        })
        .unwrap();
    sandbox.control().reset_stats();
    let (from, to) = window(&t, sandbox.control().now());
    let app = t.app.clone();
    let shop_id = shop.clone();
    let run = tokio::spawn(async move {
        app.backfill_orders(&shop_id, from, to, CancellationToken::new())
            .await
    });
    tokio::time::sleep(Duration::from_millis(1500)).await;
    sandbox
        .control()
        .expire_access_tokens(DEMO_APP_KEY)
        .unwrap();
    let progress = run.await.unwrap().unwrap();
    assert!(progress.finished);
    let stats = sandbox.control().stats();
    assert!(stats.faults_injected > 5, "faults were injected: {stats:?}");
    assert_eq!(
        stats.rate_limited, 0,
        "the real limit was never hit: {stats:?}"
    );
    assert!(stats.max_qps_observed <= 20, "{stats:?}");
    assert!(
        stats.by_code.contains_key(&105002),
        "the token expired mid-run: {stats:?}"
    );
    sandbox.control().set_faults(Faults::default()).unwrap();
    assert_eq!(stored(&t, &shop), source(&t, &demo.id).await);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_cancelled_backfill_resumes_where_it_stopped() {
    let (t, demo, shop) = connected_demo_shop().await;
    let sandbox = t.sandbox().await;
    sandbox
        .control()
        .create_orders_spread(&demo.id, 12_000, Duration::from_secs(20 * 86_400))
        .unwrap();
    sandbox.control().set_latency(Duration::from_millis(200));
    let (from, to) = window(&t, sandbox.control().now());
    let cancel = CancellationToken::new();
    let app = t.app.clone();
    let (id, c) = (shop.clone(), cancel.clone());
    let mut events = t.app.subscribe();
    let run = tokio::spawn(async move { app.backfill_orders(&id, from, to, c).await });
    // Cancel once a quarter is stored: progress comes per transaction (up to 4,000 orders on a
    // busy machine), and after the cancel no further page is stored.
    cancel_when_fetched(&mut events, 3_000, &cancel).await;
    let first = run.await.unwrap();
    assert!(
        matches!(&first, Err(e) if e.code == shopdock_core::ErrorCode::Cancelled),
        "{first:?}"
    );
    let partial = stored(&t, &shop).len();
    sandbox.control().reset_stats();
    let done = t
        .app
        .backfill_orders(&shop, from, to, CancellationToken::new())
        .await
        .unwrap();
    assert!(done.finished);
    let pages = search_requests(sandbox);
    let full_pages = (source(&t, &demo.id).await.len() as u64).div_ceil(100);
    assert!(
        partial > 0,
        "the first run stored something before the cancel"
    );
    assert!(
        partial < 10_000,
        "the cancel stopped the first run early ({partial} stored)"
    );
    // The resumed run fetches what is left: far fewer pages than a full run.
    assert!(
        pages + 15 < full_pages,
        "resumed rather than started over ({pages} of {full_pages} pages)"
    );
    assert_eq!(stored(&t, &shop), source(&t, &demo.id).await);
}

/// Issue 9.1: with rotation on (a refresh retires the previous access AND refresh tokens), and
/// the access token expiring every few calls, requests in flight with a retired token come back
/// with a token error. They must be retried with the current token, never taken for a
/// deauthorization: the backfill finishes with the exact order set and the shop never pauses.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_backfill_survives_token_rotation_with_the_token_expiring_every_few_calls() {
    // Retired tokens answer 36009004 (the common-errors page).
    backfill_under_rotation(false).await;
}

/// The same when retired tokens answer 105001, as a stand-in may: with a replaced token that
/// code says nothing about the authorization.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_retired_token_answered_with_105001_is_not_taken_for_a_deauthorization() {
    backfill_under_rotation(true).await;
}

async fn backfill_under_rotation(retired_tokens_answer_105001: bool) {
    let (t, demo, shop) = connected_demo_shop().await;
    let sandbox = t.sandbox().await;
    sandbox
        .control()
        .create_orders_spread(&demo.id, 8_000, Duration::from_secs(20 * 86_400))
        .unwrap();
    // No order changes while the run goes on, however slow the machine: the comparison at the
    // end is with the orders as they were.
    sandbox.control().pause_clock();
    sandbox.control().set_token_rotation(true);
    sandbox
        .control()
        .set_legacy_token_errors(retired_tokens_answer_105001);
    sandbox.control().set_latency(Duration::from_millis(40));
    sandbox.control().reset_stats();
    let (from, to) = window(&t, sandbox.control().now());
    let app = t.app.clone();
    let shop_id = shop.clone();
    let run = tokio::spawn(async move {
        app.backfill_orders(&shop_id, from, to, CancellationToken::new())
            .await
    });
    // Every few calls, while the windows page concurrently, the token turns over: it expires
    // (calls in flight get 105002 and refresh), or the app refreshes it ahead of expiry (the
    // background refresher's path), retiring a token that calls in flight still carry.
    let control = sandbox.control().clone();
    let (app, id) = (t.app.clone(), shop.clone());
    let expiring = tokio::spawn(async move {
        let mut last = 0;
        let mut turn = 0u32;
        loop {
            let seen = control.stats().requests;
            if seen >= last + 4 {
                turn += 1;
                if turn.is_multiple_of(2) {
                    let _ = control.expire_access_tokens(DEMO_APP_KEY);
                } else {
                    let _ = app.refresh_shop_token(&id).await;
                }
                last = seen;
            }
            tokio::time::sleep(Duration::from_millis(15)).await;
        }
    });
    let progress = run.await.unwrap();
    expiring.abort();
    let progress = progress.expect("the backfill finishes");
    assert!(progress.finished);
    let stats = sandbox.control().stats();
    assert!(
        stats.by_code.contains_key(&105002),
        "the token expired mid-run: {stats:?}"
    );
    let view = t.app.get_shop(&shop).await.unwrap();
    assert_eq!(view.status, ShopStatus::Connected, "never paused: {view:?}");
    assert_eq!(stored(&t, &shop), source(&t, &demo.id).await);
}

/// Issue 9.4: an order TikTok sends in a shape Shopdock cannot read is stored raw with the
/// reason and shown with the orders, while the rest of its page is stored and the pull goes on;
/// once it reads again, it is an order like the others.
#[tokio::test(flavor = "multi_thread")]
async fn one_unreadable_order_never_stops_a_pull_and_is_shown_until_it_reads() {
    let (t, demo, shop) = connected_demo_shop().await;
    let sandbox = t.sandbox().await;
    t.app.pull_orders(&shop).await.unwrap();
    let created = sandbox.control().create_orders(&demo.id, 5).unwrap();
    sandbox.control().advance_clock(Duration::from_secs(1));
    let odd = created[2].clone();
    sandbox.control().send_order_malformed(&odd, true);

    t.app.pull_orders(&shop).await.expect("the pull goes on");
    let stored_now = stored(&t, &shop);
    for id in created.iter().filter(|id| **id != odd) {
        assert!(
            stored_now.contains_key(id),
            "{id} stored beside the odd one"
        );
    }
    assert!(!stored_now.contains_key(&odd));
    let page = t
        .app
        .query_orders(shopdock_core::OrderQueryInput::default())
        .await
        .unwrap();
    assert_eq!(page.unreadable.len(), 1, "{:?}", page.unreadable);
    let shown = &page.unreadable[0];
    assert_eq!(shown.order_id.as_deref(), Some(odd.as_str()));
    assert!(shown.raw_json.contains("not-a-timestamp"));
    assert!(shown.reason.contains("create_time") || shown.reason.contains("invalid type"));

    // TikTok sends it readable again (or Shopdock learns the shape): it becomes an order.
    sandbox.control().send_order_malformed(&odd, false);
    sandbox.control().advance_clock(Duration::from_secs(1));
    t.app.pull_orders(&shop).await.unwrap();
    assert!(stored(&t, &shop).contains_key(&odd));
    let page = t
        .app
        .query_orders(shopdock_core::OrderQueryInput::default())
        .await
        .unwrap();
    assert!(page.unreadable.is_empty(), "{:?}", page.unreadable);
}

/// Should TikTok send every new order in a shape Shopdock cannot read, a backfill stores only
/// unreadable orders: it still tells the window (whose notice lists them), from its first page
/// (stored with the job) and from its writer (the rest of the range).
#[tokio::test(flavor = "multi_thread")]
async fn a_backfill_that_stores_only_unreadable_orders_tells_the_window() {
    let (t, demo, shop) = connected_demo_shop().await;
    let sandbox = t.sandbox().await;
    let c = sandbox.control();
    // A range after the seeded history, holding 150 orders: more than the first page.
    c.advance_clock(Duration::from_secs(1));
    let from = c.now();
    c.advance_clock(Duration::from_secs(2 * 3_600));
    let odd = c
        .create_orders_spread(&demo.id, 150, Duration::from_secs(3_600))
        .unwrap();
    for id in &odd {
        c.send_order_malformed(id, true);
    }

    let mut events = t.app.subscribe();
    let progress = t
        .app
        .backfill_orders(&shop, from, c.now() + 1, CancellationToken::new())
        .await
        .unwrap();
    assert!(progress.finished);
    let mut changed = Vec::new();
    for event in support::drain_events(&mut events) {
        if let shopdock_core::CoreEvent::OrdersChanged {
            shop_id,
            inserted,
            updated,
        } = event
        {
            assert_eq!(shop_id, shop);
            changed.push((inserted, updated));
        }
    }
    assert!(
        changed.len() >= 2 && changed.iter().all(|c| *c == (0, 0)),
        "the job's first page and the writer each told the window: {changed:?}"
    );
    let page = t
        .app
        .query_orders(shopdock_core::OrderQueryInput::default())
        .await
        .unwrap();
    assert!(!page.unreadable.is_empty());
    assert!(page
        .unreadable
        .iter()
        .all(|u| u.order_id.as_ref().is_some_and(|id| odd.contains(id))));
}

/// Issue 9.3: TikTok's clock 10 minutes ahead of ours (outside its 30 s window) refuses our
/// timestamps; Shopdock corrects by the measured skew and syncs, and Test Connection says how
/// far off the computer's clock is.
#[tokio::test(flavor = "multi_thread")]
async fn sync_works_with_tiktoks_clock_ten_minutes_ahead_and_test_connection_reports_it() {
    let (t, demo, shop) = connected_demo_shop().await;
    let sandbox = t.sandbox().await;
    sandbox.control().set_clock_skew(600);
    sandbox.control().create_orders(&demo.id, 3).unwrap();
    sandbox.control().advance_clock(Duration::from_secs(1));
    t.app
        .pull_orders(&shop)
        .await
        .expect("the pull corrects its clock");
    assert_eq!(stored(&t, &shop), source(&t, &demo.id).await);
    let report = t.app.test_connection(&shop).await.unwrap();
    let skew = report.clock_skew_secs.expect("measured");
    assert!((590..=610).contains(&skew.abs()), "skew {skew}");
    let clock = report
        .checks
        .iter()
        .find(|c| c.check == shopdock_core::CheckKind::Clock)
        .expect("a clock line");
    assert!(!clock.passed, "{clock:?}");
    assert!(clock.message.contains("behind"), "{}", clock.message);
}

/// Issue 9.8: overload answers (503) and 429s without TikTok's envelope are backed off and
/// retried, and the pull still converges.
#[tokio::test(flavor = "multi_thread")]
async fn overload_and_bare_429_answers_are_retried_until_the_pull_converges() {
    let (t, demo, shop) = connected_demo_shop().await;
    let sandbox = t.sandbox().await;
    sandbox
        .control()
        .set_gateway_faults(shopdock_sandbox::GatewayFaults {
            p_503: 0.2,
            p_429_plain: 0.2,
        })
        .unwrap();
    sandbox.control().reset_stats();
    t.app.pull_orders(&shop).await.expect("retried to the end");
    let stats = sandbox.control().stats();
    assert!(stats.faults_injected > 0, "{stats:?}");
    sandbox
        .control()
        .set_gateway_faults(shopdock_sandbox::GatewayFaults::default())
        .unwrap();
    assert_eq!(stored(&t, &shop), source(&t, &demo.id).await);
}

/// Issue 9.7: TikTok's search pages by offset over an index that lags writes by seconds, so
/// an order updated while Shopdock pages moves between pages and one pass can miss it. The
/// incremental pull's overlap must still converge exactly, under heavy churn.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn incremental_pulls_converge_exactly_over_a_lagging_index_under_churn() {
    let (t, demo, shop) = connected_demo_shop().await;
    let sandbox = t.sandbox().await;
    t.app.pull_orders(&shop).await.unwrap();
    sandbox
        .control()
        .set_search_index_lag(Some(Duration::from_secs(3)));
    sandbox.control().set_latency(Duration::from_millis(10));
    let control = sandbox.control().clone();
    let tiktok_shop = demo.id.clone();
    let churn = tokio::spawn(async move {
        let mut created: Vec<String> = Vec::new();
        for round in 0..40 {
            control.advance_clock(Duration::from_secs(1));
            created.extend(control.create_orders(&tiktok_shop, 15).unwrap_or_default());
            // Orders created a while ago are paid and ready by now: shipping them moves them
            // to the end of an update-time search while it is being paged.
            for id in created.iter().skip(round * 5).take(10) {
                let _ = control.ship_order(&tiktok_shop, id);
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
    });
    while !churn.is_finished() {
        t.app.pull_orders(&shop).await.unwrap();
    }
    churn.await.unwrap();
    // Once the index has caught up, one more pull holds exactly TikTok's orders. (Orders keep
    // moving through their lifecycle as the clock runs, so "caught up" is the index made
    // current, not a wait that a late transition could outrun.)
    // Orders keep moving through their lifecycle as the clock runs, and TikTok's search shows
    // an update from the next second on: what must match is every order as of the last second.
    sandbox.control().pause_clock();
    sandbox.control().set_search_index_lag(None);
    sandbox.control().advance_clock(Duration::from_secs(1));
    t.app.pull_orders(&shop).await.unwrap();
    let now = sandbox.control().now();
    let (have, want) = (stored(&t, &shop), source(&t, &demo.id).await);
    let differing: Vec<_> = want
        .iter()
        .filter(|(id, (updated, _))| *updated < now && have.get(*id) != want.get(*id))
        .collect();
    assert!(differing.is_empty(), "missed or stale: {differing:?}");
    assert!(have.keys().all(|id| want.contains_key(id)));
}

/// The windows of the shop's backfill job, by start: they must cover `[from, to)` exactly.
fn assert_windows_cover(t: &TestApp, shop_id: &str, from: i64, to: i64) -> usize {
    let store = shopdock_store::Store::open(&t.app.database_path()).unwrap();
    let job = store.backfill_jobs(shop_id).unwrap().remove(0);
    let windows = store.backfill_windows(job.id).unwrap();
    assert_eq!(windows[0].window_start, from);
    assert_eq!(windows[windows.len() - 1].window_end, to);
    for pair in windows.windows(2) {
        assert_eq!(
            pair[0].window_end, pair[1].window_start,
            "no gap, no overlap"
        );
    }
    windows.len()
}

fn search_requests(sandbox: &shopdock_sandbox::Sandbox) -> u64 {
    sandbox
        .control()
        .stats()
        .by_path
        .get("/order/202309/orders/search")
        .copied()
        .unwrap_or(0)
}

/// A new backfill's first request is a full page of the range's oldest orders, stored with the
/// job: a range holding less than a page (a new shop, a short range) is read in one request,
/// and its job records that one window as read, with every order of the range counted.
#[tokio::test(flavor = "multi_thread")]
async fn a_range_holding_less_than_a_page_is_backfilled_in_one_request() {
    let (t, demo, shop) = connected_demo_shop().await;
    let sandbox = t.sandbox().await;
    sandbox
        .control()
        .create_orders_spread(&demo.id, 40, Duration::from_secs(3_600))
        .unwrap();
    sandbox.control().pause_clock();
    let now = sandbox.control().now();
    let (from, to) = (now - 3_600, now + 1);
    let want = source_created_in(sandbox.control(), &demo.id, from, to);
    assert!(
        (40..100).contains(&want.len()),
        "the range holds under a page: {}",
        want.len()
    );
    sandbox.control().reset_stats();
    let progress = t
        .app
        .backfill_orders(&shop, from, to, CancellationToken::new())
        .await
        .unwrap();
    assert_eq!(search_requests(sandbox), 1, "one request");
    assert!(progress.finished);
    assert_eq!(
        (progress.fetched, progress.total),
        (want.len() as u64, want.len() as u64)
    );
    assert_eq!(stored(&t, &shop), want, "exactly the range's orders");
    assert_eq!(assert_windows_cover(&t, &shop, from, to), 1);
    let store = shopdock_store::Store::open(&t.app.database_path()).unwrap();
    let job = store.backfill_jobs(&shop).unwrap().remove(0);
    assert_eq!((job.windows_done, job.fetched), (1, want.len() as u64));
}

/// Issue 9.12: a shop whose orders all lie in the last weeks of a long range. Equal-time windows
/// leave every order in one or two of them; the idle workers cut those, so the backfill stores
/// exactly the shop's orders, in about as many requests as there are pages, and the cuts are
/// recorded as windows that still cover the range exactly.
#[tokio::test(flavor = "multi_thread")]
async fn a_shop_with_only_recent_orders_backfills_a_long_range_exactly_by_cutting_busy_windows() {
    let (t, demo, shop) = connected_demo_shop().await;
    let sandbox = t.sandbox().await;
    sandbox
        .control()
        .create_orders_spread(&demo.id, 4_000, Duration::from_secs(10 * 86_400))
        .unwrap();
    // No order changes while the test compares.
    sandbox.control().pause_clock();
    sandbox.control().set_latency(Duration::from_millis(30));
    let now = sandbox.control().now();
    let (from, to) = (now - 400 * 86_400, now + 1);
    sandbox.control().reset_stats();
    let progress = t
        .app
        .backfill_orders(&shop, from, to, CancellationToken::new())
        .await
        .unwrap();
    let want = source(&t, &demo.id).await;
    assert_eq!(stored(&t, &shop), want, "exactly the shop's orders");
    assert_eq!(progress.total as usize, want.len());
    let windows = assert_windows_cover(&t, &shop, from, to);
    assert!(windows > 12, "busy windows were cut ({windows} windows)");
    assert_eq!(progress.windows_total as usize, windows);
    let pages = (want.len() as u64).div_ceil(100);
    let requests = search_requests(sandbox);
    // The pages, the total's probe, the empty windows and about one page per cut.
    assert!(
        requests <= pages + 12 + windows as u64,
        "{requests} requests for {pages} pages"
    );
}

/// A backfill cancelled after its windows were cut resumes from the recorded cuts: the second
/// run fetches only what is left, and the result is exact.
#[tokio::test(flavor = "multi_thread")]
async fn a_backfill_cancelled_after_cuts_resumes_exactly_without_starting_over() {
    let (t, demo, shop) = connected_demo_shop().await;
    let sandbox = t.sandbox().await;
    sandbox
        .control()
        .create_orders_spread(&demo.id, 6_000, Duration::from_secs(5 * 86_400))
        .unwrap();
    sandbox.control().pause_clock();
    sandbox.control().set_latency(Duration::from_millis(200));
    let now = sandbox.control().now();
    let (from, to) = (now - 200 * 86_400, now + 1);
    let cancel = CancellationToken::new();
    let (app, id, c) = (t.app.clone(), shop.clone(), cancel.clone());
    let mut events = t.app.subscribe();
    let run = tokio::spawn(async move { app.backfill_orders(&id, from, to, c).await });
    cancel_when_fetched(&mut events, 3_000, &cancel).await;
    assert!(run.await.unwrap().is_err(), "the first run was cancelled");
    let partial = stored(&t, &shop).len();
    let cut = assert_windows_cover(&t, &shop, from, to);
    assert!(cut > 12, "windows were cut before the cancel ({cut})");

    sandbox.control().reset_stats();
    let done = t
        .app
        .backfill_orders(&shop, from, to, CancellationToken::new())
        .await
        .unwrap();
    assert!(done.finished);
    let want = source(&t, &demo.id).await;
    assert_eq!(stored(&t, &shop), want);
    assert_windows_cover(&t, &shop, from, to);
    let full_pages = (want.len() as u64).div_ceil(100);
    let left_pages = ((want.len() - partial) as u64).div_ceil(100);
    let requests = search_requests(sandbox);
    assert!(
        requests < left_pages + 30 && requests + 15 < full_pages,
        "resumed: {requests} requests, {left_pages} pages left of {full_pages}"
    );
}

/// Issue 9.12: a busy week (here 3,000 orders in three days between two quiet months) lands in
/// one window. It is cut while its peers still run, and each cut window asks again for just its
/// own part; cancelled midway and resumed, the backfill stores exactly the shop's orders and
/// counts each of them once.
#[tokio::test(flavor = "multi_thread")]
async fn a_busy_week_is_cut_while_the_rest_run_and_resumes_exactly_counting_each_order_once() {
    let (t, demo, shop) = connected_demo_shop().await;
    let sandbox = t.sandbox().await;
    let control = sandbox.control();
    let start = control.now() - 100 * 86_400;
    control
        .create_orders_spread(&demo.id, 1_500, Duration::from_secs(100 * 86_400))
        .unwrap();
    control
        .create_orders_spread(&demo.id, 3_000, Duration::from_secs(3 * 86_400))
        .unwrap();
    control.advance_clock(Duration::from_secs(60 * 86_400));
    control
        .create_orders_spread(&demo.id, 1_500, Duration::from_secs(60 * 86_400))
        .unwrap();
    control.pause_clock();
    control.set_latency(Duration::from_millis(100));
    let (from, to) = (start, control.now() + 1);
    let want = source_created_in(control, &demo.id, from, to);

    let cancel = CancellationToken::new();
    let (app, id, c) = (t.app.clone(), shop.clone(), cancel.clone());
    let mut events = t.app.subscribe();
    let run = tokio::spawn(async move { app.backfill_orders(&id, from, to, c).await });
    cancel_when_fetched(&mut events, 3_000, &cancel).await;
    assert!(run.await.unwrap().is_err(), "the first run was cancelled");
    let done = t
        .app
        .backfill_orders(&shop, from, to, CancellationToken::new())
        .await
        .unwrap();
    assert!(done.finished);
    let stored_now: Versions = stored(&t, &shop)
        .into_iter()
        .filter(|(id, _)| want.contains_key(id))
        .collect();
    assert_eq!(stored_now, want, "exactly the range's orders");
    assert_eq!(
        (done.fetched, done.total),
        (want.len() as u64, want.len() as u64),
        "each order counted once"
    );
    let windows = assert_windows_cover(&t, &shop, from, to);
    assert!(windows > 13, "the busy window was cut ({windows} windows)");
}
