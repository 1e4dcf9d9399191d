//! Connecting a shop end to end against the sandbox over real loopback HTTP, with the real
//! keyring and a real SQLite file: Get Auth, Test Connection, the token lifecycle, and the
//! guarantee that no secret leaves the keyring.

use crate::support;

use crate::support::{auth_outcome, captured_logs, open_app};
use shopdock_core::secrets::{self, SecretKind};
use shopdock_core::{AuthOutcome, CheckKind, ErrorCode, Region, RegistrationInput, ShopStatus};
use shopdock_sandbox::browser::Decision;

async fn connect_demo(t: &support::TestApp) -> (String, Vec<String>) {
    let mut events = t.app.subscribe();
    let shop = t.app.add_demo_shop().await.expect("demo shop");
    assert_eq!(shop.status, ShopStatus::NotConnected);
    let session = t.app.begin_auth(&shop.id).await.expect("begin auth");
    assert!(session.browser_opened);
    assert!(session.authorize_url.contains("state="));
    let outcome = auth_outcome(&mut events, &shop.id).await;
    let mut ipc = vec![
        serde_json::to_string(&shop).unwrap(),
        serde_json::to_string(&session).unwrap(),
        serde_json::to_string(&outcome).unwrap(),
    ];
    match outcome {
        AuthOutcome::Connected { shop: s } => {
            assert_eq!(s.status, ShopStatus::Connected);
            let tiktok = s.tiktok.expect("authorized shop");
            assert!(!tiktok.name.is_empty());
            assert!(
                tiktok.shop_id.len() >= 18,
                "TikTok shop ids are 18-19 digits"
            );
        }
        other => panic!("expected Connected, got {other:?}"),
    }
    while let Ok(ev) = events.try_recv() {
        ipc.push(serde_json::to_string(&ev).unwrap());
    }
    (shop.id, ipc)
}

#[tokio::test(flavor = "multi_thread")]
async fn demo_shop_connects_through_browser_and_loopback_and_passes_test_connection() {
    let t = open_app(Some(Decision::Authorize)).await;
    let (id, _) = connect_demo(&t).await;
    let report = t.app.test_connection(&id).await.unwrap();
    for c in &report.checks {
        assert!(
            c.passed,
            "check {} failed: {} ({:?})",
            c.check, c.message, c.fix
        );
    }
    assert!(report.passed);
    for want in [
        CheckKind::Credentials,
        CheckKind::Token,
        CheckKind::ShopCipher,
        CheckKind::Clock,
    ] {
        assert!(
            report.checks.iter().any(|c| c.check == want),
            "missing check {want}"
        );
    }
    assert!(report
        .checks
        .iter()
        .any(|c| c.check == CheckKind::Scope && c.scope.is_some()));
}

#[tokio::test(flavor = "multi_thread")]
async fn deny_in_the_browser_reports_it_and_leaves_the_shop_unconnected() {
    let t = open_app(Some(Decision::Deny)).await;
    let mut events = t.app.subscribe();
    let shop = t.app.add_demo_shop().await.unwrap();
    t.app.begin_auth(&shop.id).await.unwrap();
    match auth_outcome(&mut events, &shop.id).await {
        AuthOutcome::Failed { error } => {
            assert_eq!(error.code, ErrorCode::AuthFlow);
            assert!(error.message.contains("denied"), "{}", error.message);
        }
        other => panic!("expected a denial, got {other:?}"),
    }
    let after = t.app.get_shop(&shop.id).await.unwrap();
    assert_eq!(after.status, ShopStatus::NotConnected);
    assert!(after.tiktok.is_none());
    assert!(secrets::get(&shop.id, SecretKind::AccessToken)
        .unwrap()
        .is_none());
}

#[tokio::test(flavor = "multi_thread")]
async fn cancel_and_manual_paste_both_work_without_a_browser() {
    let t = open_app(None).await;
    let mut events = t.app.subscribe();
    let shop = t.app.add_demo_shop().await.unwrap();
    let session = t.app.begin_auth(&shop.id).await.unwrap();
    assert!(
        !session.browser_opened,
        "no browser: the UI offers Copy the link"
    );
    t.app.cancel_auth(&shop.id);
    match auth_outcome(&mut events, &shop.id).await {
        AuthOutcome::Failed { error } => assert_eq!(error.code, ErrorCode::Cancelled),
        other => panic!("expected cancelled, got {other:?}"),
    }
    // Manual fallback: the seller authorizes elsewhere and pastes the redirect address.
    let session = t.app.begin_auth(&shop.id).await.unwrap();
    let sandbox = t.sandbox().await;
    let seller = shopdock_sandbox::DEMO_SELLER;
    let code = sandbox
        .control()
        .issue_auth_code(shopdock_sandbox::DEMO_APP_KEY, seller)
        .expect("code");
    let state = url::Url::parse(&session.authorize_url)
        .unwrap()
        .query_pairs()
        .find(|(k, _)| k == "state")
        .map(|(_, v)| v.into_owned())
        .unwrap();
    // A pasted address with someone else's state is refused ...
    let forged = format!(
        "http://localhost:{}/callback?code={code}&state=forged",
        session.port
    );
    let err = t.app.submit_redirect(&shop.id, &forged).await.unwrap_err();
    assert_eq!(err.code, ErrorCode::AuthFlow);
    // ... the real one connects.
    let pasted = format!(
        "http://localhost:{}/callback?code={code}&state={state}",
        session.port
    );
    match t.app.submit_redirect(&shop.id, &pasted).await.unwrap() {
        AuthOutcome::Connected { .. } => {}
        other => panic!("expected Connected, got {other:?}"),
    }
    // A used code cannot be replayed.
    let replay = t.app.submit_redirect(&shop.id, &code).await.unwrap();
    assert!(matches!(replay, AuthOutcome::Failed { .. }), "{replay:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn secrets_never_leave_the_keyring() {
    let t = open_app(Some(Decision::Authorize)).await;
    let (id, mut ipc) = connect_demo(&t).await;
    let report = t.app.test_connection(&id).await.unwrap();
    ipc.push(serde_json::to_string(&report).unwrap());
    ipc.push(serde_json::to_string(&t.app.list_shops().await.unwrap()).unwrap());
    ipc.push(serde_json::to_string(&t.app.shop_options(&id).await.unwrap()).unwrap());

    let secrets: Vec<String> = [
        SecretKind::AppSecret,
        SecretKind::AccessToken,
        SecretKind::RefreshToken,
    ]
    .into_iter()
    .map(|k| {
        secrets::get(&id, k)
            .unwrap()
            .expect("stored")
            .expose()
            .to_owned()
    })
    .collect();
    assert!(secrets.iter().all(|s| s.len() >= 8));

    // Every file of the data directory, backups included.
    let mut db_bytes = Vec::new();
    let mut dirs = vec![t.dir.path().to_path_buf()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else {
                db_bytes.extend(std::fs::read(&path).unwrap());
            }
        }
    }
    let db_text = String::from_utf8_lossy(&db_bytes);
    let logs = captured_logs();
    assert!(
        logs.contains("shop connected"),
        "logging is on, so the check below means something"
    );
    for s in &secrets {
        assert!(
            !db_text.contains(s.as_str()),
            "a secret is in the SQLite files"
        );
        assert!(!logs.contains(s.as_str()), "a secret is in the logs");
        for msg in &ipc {
            assert!(
                !msg.contains(s.as_str()),
                "a secret is in an IPC response: {msg}"
            );
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn expired_access_token_is_refreshed_once_and_the_call_retried() {
    let t = open_app(Some(Decision::Authorize)).await;
    let (id, _) = connect_demo(&t).await;
    let before = secrets::get(&id, SecretKind::AccessToken).unwrap().unwrap();
    let before_refresh = secrets::get(&id, SecretKind::RefreshToken)
        .unwrap()
        .unwrap();
    let sandbox = t.sandbox().await;
    sandbox
        .control()
        .expire_access_tokens(shopdock_sandbox::DEMO_APP_KEY)
        .unwrap();
    let report = t.app.test_connection(&id).await.unwrap();
    assert!(report.passed, "{report:?}");
    let after = secrets::get(&id, SecretKind::AccessToken).unwrap().unwrap();
    assert_ne!(before, after, "a new access token was stored");
    let after_refresh = secrets::get(&id, SecretKind::RefreshToken)
        .unwrap()
        .unwrap();
    assert_ne!(
        before_refresh, after_refresh,
        "the new refresh token was stored too"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn access_token_is_refreshed_ahead_of_its_expiry() {
    let t = open_app(Some(Decision::Authorize)).await;
    let (id, _) = connect_demo(&t).await;
    let before = secrets::get(&id, SecretKind::AccessToken).unwrap().unwrap();
    // Make the stored expiry one hour away, as it is six days after a connect.
    let store = shopdock_store::Store::open(&t.app.database_path()).unwrap();
    let soon = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
        + 3600;
    let rec = store.get_shop(&id).unwrap().unwrap();
    let refresh_at = rec.authorization.unwrap().refresh_expires_at;
    store.set_shop_token_expiry(&id, soon, refresh_at).unwrap();
    t.app.test_connection(&id).await.unwrap();
    let after = secrets::get(&id, SecretKind::AccessToken).unwrap().unwrap();
    assert_ne!(before, after, "refreshed before use");
    let shop = t.app.get_shop(&id).await.unwrap();
    assert!(shop.tiktok.unwrap().access_expires_at > soon + 5 * 86_400);
}

#[tokio::test(flavor = "multi_thread")]
async fn revoked_authorization_marks_reconnect_needed_and_pauses_the_shop() {
    let t = open_app(Some(Decision::Authorize)).await;
    let (id, _) = connect_demo(&t).await;
    let sandbox = t.sandbox().await;
    sandbox
        .control()
        .revoke_authorization(
            shopdock_sandbox::DEMO_APP_KEY,
            shopdock_sandbox::DEMO_SELLER,
        )
        .unwrap();
    let report = t.app.test_connection(&id).await.unwrap();
    assert!(!report.passed);
    let shop = t.app.get_shop(&id).await.unwrap();
    match shop.status {
        ShopStatus::ReconnectNeeded { reason } => assert!(
            reason.contains("105001") || reason.contains("36004005"),
            "{reason}"
        ),
        other => panic!("expected ReconnectNeeded, got {other:?}"),
    }
    assert!(shop.banner.unwrap().contains("Get Auth"));
    let store = shopdock_store::Store::open(&t.app.database_path()).unwrap();
    assert!(store.get_shop(&id).unwrap().unwrap().sync_paused);
    // Get Auth again brings it back.
    let mut events = t.app.subscribe();
    t.app.begin_auth(&id).await.unwrap();
    assert!(matches!(
        auth_outcome(&mut events, &id).await,
        AuthOutcome::Connected { .. }
    ));
    assert!(!store.get_shop(&id).unwrap().unwrap().sync_paused);
}

fn real_shop(label: &str, hint: &str, port: u16, base: &str) -> RegistrationInput {
    RegistrationInput {
        label: label.into(),
        region: Region::Row,
        app_key: shopdock_sandbox::DEMO_APP_KEY.into(),
        app_secret: Some(shopdock_sandbox::DEMO_APP_SECRET.into()),
        service_id: shopdock_sandbox::DEMO_SERVICE_ID.into(),
        shop_hint: hint.into(),
        redirect_port: port,
        authorize_url: format!("{base}/open/authorize"),
        api_base: base.into(),
        auth_base: base.into(),
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

#[tokio::test(flavor = "multi_thread")]
async fn unmatched_shop_offers_the_accounts_shops_to_pick_from() {
    let t = open_app(Some(Decision::Authorize)).await;
    let sandbox = t.sandbox().await;
    let base = sandbox.base_url();
    let port = free_port();
    sandbox
        .control()
        .set_redirect_url(
            shopdock_sandbox::DEMO_APP_KEY,
            &format!("http://localhost:{port}/callback"),
        )
        .unwrap();
    let shop = t
        .app
        .register_shop(real_shop("Typo shop", "NOSUCHSHOP1", port, &base))
        .await
        .unwrap();
    let mut events = t.app.subscribe();
    t.app.begin_auth(&shop.id).await.unwrap();
    let candidates = match auth_outcome(&mut events, &shop.id).await {
        AuthOutcome::ChooseShop { candidates } => candidates,
        other => panic!("expected ChooseShop, got {other:?}"),
    };
    assert!(!candidates.is_empty());
    assert_eq!(
        t.app.get_shop(&shop.id).await.unwrap().status,
        ShopStatus::NotConnected
    );
    let picked = candidates[0].shop_id.clone();
    match t
        .app
        .choose_authorized_shop(&shop.id, &picked)
        .await
        .unwrap()
    {
        AuthOutcome::Connected { shop } => assert_eq!(shop.tiktok.unwrap().shop_id, picked),
        other => panic!("expected Connected, got {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn redirect_port_in_use_is_named_and_changes_nothing() {
    let t = open_app(Some(Decision::Authorize)).await;
    let held = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = held.local_addr().unwrap().port();
    let shop = t
        .app
        .register_shop(real_shop(
            "Busy port",
            "USDEMO",
            port.max(1024),
            "http://127.0.0.1:9",
        ))
        .await
        .unwrap();
    let err = t.app.begin_auth(&shop.id).await.unwrap_err();
    assert_eq!(err.code, ErrorCode::AuthFlow);
    assert!(err.message.contains("already in use"), "{}", err.message);
    assert!(
        t.browser.opened.lock().unwrap().is_empty(),
        "no browser opened for a flow that cannot finish"
    );
    assert_eq!(
        t.app.get_shop(&shop.id).await.unwrap().status,
        ShopStatus::NotConnected
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn invalid_registration_saves_nothing_and_names_each_field() {
    let t = open_app(None).await;
    let mut bad = real_shop("", "bad hint!", 80, "http://127.0.0.1:9");
    bad.app_secret = Some("short".into());
    let err = t.app.register_shop(bad).await.unwrap_err();
    assert_eq!(err.code, ErrorCode::Validation);
    let fields: Vec<_> = err.fields.iter().map(|f| f.field.as_str()).collect();
    for want in ["label", "app_secret", "shop_hint", "redirect_port"] {
        assert!(fields.contains(&want), "{want} not in {fields:?}");
    }
    assert!(t.app.list_shops().await.unwrap().is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_poll_interval_set_for_every_shop_is_where_a_new_shop_starts() {
    let t = open_app(None).await;
    let first = t
        .app
        .register_shop(real_shop("First", "SHOPCODE1", 9201, "http://127.0.0.1:9"))
        .await
        .unwrap();
    let refused = t.app.set_poll_interval_everywhere(2).await.unwrap_err();
    assert_eq!(refused.code, ErrorCode::Validation);
    let set = t.app.set_poll_interval_everywhere(90).await.unwrap();
    assert_eq!((set.poll_interval_secs, set.shops), (90, 1));
    let later = t
        .app
        .register_shop(real_shop("Later", "SHOPCODE2", 9202, "http://127.0.0.1:9"))
        .await
        .unwrap();
    for id in [&first.id, &later.id] {
        assert_eq!(t.app.shop_options(id).await.unwrap().poll_interval_secs, 90);
    }
    assert_eq!(t.app.default_poll_interval().await.unwrap().shops, 2);
    for id in [&first.id, &later.id] {
        t.app.remove_shop(id).await.unwrap();
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn several_shops_live_side_by_side_and_removal_deletes_their_secrets() {
    let t = open_app(None).await;
    let mut ids = Vec::new();
    for i in 0..6 {
        let s = t
            .app
            .register_shop(real_shop(
                &format!("Shop {i}"),
                &format!("SHOPCODE{i}"),
                9000 + i,
                "http://127.0.0.1:9",
            ))
            .await
            .unwrap();
        ids.push(s.id);
    }
    let duplicate = t
        .app
        .register_shop(real_shop("Again", "shopcode0", 9100, "http://127.0.0.1:9"))
        .await;
    assert_eq!(duplicate.unwrap_err().code, ErrorCode::Conflict);
    assert_eq!(t.app.list_shops().await.unwrap().len(), 6);
    for id in &ids {
        assert!(secrets::get(id, SecretKind::AppSecret).unwrap().is_some());
    }
    t.app.remove_shop(&ids[2]).await.unwrap();
    assert!(secrets::get(&ids[2], SecretKind::AppSecret)
        .unwrap()
        .is_none());
    assert!(secrets::get(&ids[3], SecretKind::AppSecret)
        .unwrap()
        .is_some());
    let left: Vec<_> = t
        .app
        .list_shops()
        .await
        .unwrap()
        .into_iter()
        .map(|s| s.id)
        .collect();
    assert_eq!(left.len(), 5);
    assert!(!left.contains(&ids[2]));
    for id in &ids {
        let _ = t.app.remove_shop(id).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_shop_stays_connected_across_a_restart_of_the_app() {
    let t = open_app(Some(Decision::Authorize)).await;
    let (id, _) = connect_demo(&t).await;
    let dir = t.dir.path().to_path_buf();
    let before = t.app.get_shop(&id).await.unwrap();
    assert_eq!(before.status, ShopStatus::Connected);
    t.app.stop_sync();

    // A new process: a new sandbox (new port, tokens it never issued), the same database.
    let demo = shopdock_demo::SandboxDemo::with_seed(42);
    let reopened = shopdock_core::Shopdock::open(shopdock_core::OpenOptions {
        data_dir: Some(dir),
        browser: None,
        demo: Some(demo.clone()),
        clock: None,
    })
    .await
    .unwrap();
    let after = reopened.get_shop(&id).await.unwrap();
    assert_eq!(after.status, ShopStatus::Connected, "{after:?}");
    let sandbox = demo.sandbox().await.unwrap();
    assert_eq!(
        after.api_base,
        sandbox.base_url(),
        "repointed to the new sandbox"
    );
    assert_ne!(after.api_base, before.api_base);
    let report = reopened.test_connection(&id).await.unwrap();
    assert!(report.passed, "{report:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_used_authorization_code_is_reported_as_not_accepted_not_as_a_deauthorization() {
    let t = open_app(None).await;
    let shop = t.app.add_demo_shop().await.unwrap();
    let sandbox = t.sandbox().await;
    let code = sandbox
        .control()
        .issue_auth_code(
            shopdock_sandbox::DEMO_APP_KEY,
            shopdock_sandbox::DEMO_SELLER,
        )
        .expect("code");
    let first = t.app.submit_redirect(&shop.id, &code).await.unwrap();
    assert!(matches!(first, AuthOutcome::Connected { .. }), "{first:?}");
    match t.app.submit_redirect(&shop.id, &code).await.unwrap() {
        AuthOutcome::Failed { error } => {
            assert_eq!(error.code, ErrorCode::AuthFlow, "{error:?}");
            assert!(error
                .message
                .contains("did not accept the authorization code"));
            assert!(!error.message.contains("no longer valid"));
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    // The shop stays connected with the first code's tokens.
    assert_eq!(
        t.app.get_shop(&shop.id).await.unwrap().status,
        ShopStatus::Connected
    );
}

/// Refresh-ahead is decided on core's clock: six days after a connect (one day before the
/// access token ends), the next call refreshes first. No sleeping: the clock is set.
#[tokio::test(flavor = "multi_thread")]
async fn six_days_on_the_next_call_refreshes_the_token_first() {
    let clock = std::sync::Arc::new(shopdock_core::ManualClock::at_system_time());
    let t = support::open_app_with_clock(Some(Decision::Authorize), Some(clock.clone())).await;
    let (id, _) = connect_demo(&t).await;
    let before = secrets::get(&id, SecretKind::AccessToken).unwrap().unwrap();
    let expires = t
        .app
        .get_shop(&id)
        .await
        .unwrap()
        .tiktok
        .unwrap()
        .access_expires_at;

    clock.set(expires - shopdock_core::tokens::REFRESH_AHEAD_SECS - 60);
    t.app.test_connection(&id).await.unwrap();
    assert_eq!(
        secrets::get(&id, SecretKind::AccessToken).unwrap().unwrap(),
        before,
        "a day and a minute before expiry: not yet"
    );

    clock.advance(120);
    t.app.test_connection(&id).await.unwrap();
    assert_ne!(
        secrets::get(&id, SecretKind::AccessToken).unwrap().unwrap(),
        before,
        "inside the last day: refreshed before use"
    );
}
