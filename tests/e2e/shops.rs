//! Shops in the real window: the demo shop connected with Get Auth and checked with Test
//! Connection (and Deny explained), options saved through core, a bad registration refused,
//! and the connection kept across a restart.

use fantoccini::{Client, Locator};

use crate::pages::assert_no_error_banner;
use crate::support::tray_picture::tray_screenshot_for_docs;
use crate::support::{
    click_button, connect_demo_shop, screenshot_for_docs, text_in, wait_for, wait_for_button,
    wait_for_text, wait_gone, with_app, with_app_restarted,
};

/// First launch offers the demo shop; a bad registration is refused field by field and nothing
/// is saved; Get Auth counts down and can be cancelled; Get Auth connects the demo shop through the (scripted) browser and the chip turns
/// Connected; Test Connection passes every line; and when the seller presses Deny instead, the
/// dialog says so and what to do.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connecting_the_demo_shop_with_get_auth_passes_test_connection_and_deny_is_explained() {
    with_app(|client, env| async move {
        // First launch: the empty state, then the demo shop's card from one click.
        let empty = wait_for(&client, "[data-testid=shops-empty]").await;
        assert_eq!(text_in(&empty, "h2").await, "Connect your TikTok Shop");
        screenshot_for_docs(&client, "shops-empty.png").await;
        click_button(&client, "Try the demo shop").await;
        let card = wait_for(&client, "[data-testid=shop-card]").await;
        let label = text_in(&card, "[data-testid=shop-label]").await;
        assert!(
            label.to_lowercase().contains("demo"),
            "demo label, got {label:?}"
        );
        assert!(text_in(&card, ".badge").await.eq_ignore_ascii_case("demo"));
        let status = text_in(&card, "[data-testid=shop-status]").await;
        assert!(status.starts_with("Not connected"), "chip {status:?}");
        assert_no_error_banner(&client).await;

        registration_refuses_a_bad_field_and_saves_nothing(&client).await;

        // A seller who has not authorized yet: the countdown runs, the link can be copied, and
        // Cancel stops the wait without connecting anything.
        std::fs::write(&env.idle_flag, b"").expect("create the idle flag");
        click_button(&client, "Get Auth").await;
        let countdown = wait_for_text(&client, "[data-testid=auth-countdown]", |t| {
            t.ends_with(" left")
        })
        .await;
        assert!(
            // The shared clock ticks once a second, so the first frame may read one second early.
            countdown.contains("5:01") || countdown.contains("5:00") || countdown.contains("4:5"),
            "a five-minute countdown: {countdown:?}"
        );
        click_button(&client, "Browser didn't open? Copy the link").await;
        let link = wait_for(&client, "#auth-link").await;
        let url = link.prop("value").await.ok().flatten().unwrap_or_default();
        assert!(
            url.contains("/open/authorize?"),
            "the authorization link: {url:?}"
        );
        screenshot_for_docs(&client, "get-auth.png").await;
        click_button(&client, "Cancel").await;
        wait_gone(&client, "[data-testid=auth-dialog][open]").await;
        let status = text_in(&card, "[data-testid=shop-status]").await;
        assert!(
            status.starts_with("Not connected"),
            "chip after Cancel: {status:?}"
        );
        std::fs::remove_file(&env.idle_flag).expect("remove the idle flag");

        // Get Auth: the scripted browser presses Authorize; the dialog closes by itself.
        click_button(&client, "Get Auth").await;
        wait_for(&client, "[data-testid=auth-dialog][open]").await;
        wait_for_text(&client, "[data-testid=shop-status]", |t| {
            t.starts_with("Connected")
        })
        .await;
        wait_gone(&client, "[data-testid=auth-dialog][open]").await;
        let tiktok = wait_for_text(&client, "[data-testid=shop-tiktok]", |t| !t.is_empty()).await;
        assert!(
            tiktok.starts_with("TikTok shop"),
            "the TikTok shop's name: {tiktok:?}"
        );

        // Test Connection: every line green.
        click_button(&client, "Test Connection").await;
        wait_for_text(&client, "[data-testid=check-summary]", |t| {
            t.starts_with("All ")
        })
        .await;
        let checks = client
            .find_all(Locator::Css("[data-testid=check]"))
            .await
            .expect("the checklist");
        assert!(
            checks.len() >= 4,
            "expected every check, got {}",
            checks.len()
        );
        for check in &checks {
            let passed = check.attr("data-passed").await.expect("data-passed");
            let text = check.text().await.unwrap_or_default();
            assert_eq!(passed.as_deref(), Some("true"), "a failing check: {text}");
        }
        screenshot_for_docs(&client, "test-connection.png").await;
        click_button(&client, "Close").await;
        wait_gone(&client, "[data-testid=test-connection][open]").await;

        options_save_through_core_and_explain_what_is_unavailable(&client).await;

        // The card shows the sync; this is the shops page's picture.
        wait_for_text(&client, "[data-testid=shop-sync]", |t| {
            t.starts_with("Synced")
        })
        .await;
        screenshot_for_docs(&client, "shops-demo.png").await;
        tray_screenshot_for_docs(&env, "tray.png").await;

        // Deny: the dialog says what happened and offers Try again.
        std::fs::write(&env.deny_flag, b"").expect("create the deny flag");
        click_button(&client, "Get Auth").await;
        let error = wait_for_text(&client, "[data-testid=auth-error]", |t| !t.is_empty()).await;
        assert!(error.contains("denied"), "the deny message: {error:?}");
        assert!(error.contains("Authorize"), "what to do next: {error:?}");
        wait_for_button(&client, "Try again").await;
        click_button(&client, "Close").await;
        wait_gone(&client, "[data-testid=auth-dialog][open]").await;
        // A refused reconnect leaves the earlier authorization in place.
        let status = text_in(
            &wait_for(&client, "[data-testid=shop-card]").await,
            "[data-testid=shop-status]",
        )
        .await;
        assert!(
            status.starts_with("Connected"),
            "chip after a deny: {status:?}"
        );

        // Remove asks first, says the local orders go too, then the first-run page is back.
        click_button(&client, "Remove").await;
        let confirm = wait_for_text(&client, "[data-testid=remove-shop] .body", |t| {
            t.contains("orders")
        })
        .await;
        assert!(confirm.contains("TikTok Shop"), "what stays: {confirm:?}");
        click_button(&client, "Remove shop and local orders").await;
        wait_for(&client, "[data-testid=shops-empty]").await;
    })
    .await;
}

/// Options: the download toggle is on, options Shopdock cannot run are disabled with a reason,
/// automatic order confirmation is a real switch with its handover default saved through core,
/// the Carriers section lists the remembered names (none yet), and the poll interval is checked
/// and saved.
async fn options_save_through_core_and_explain_what_is_unavailable(client: &Client) {
    click_button(client, "Options").await;
    wait_for(client, "[data-testid=options][open]").await;
    let download = wait_for(client, "#opt-auto_download").await;
    assert_eq!(
        download.prop("checked").await.ok().flatten().as_deref(),
        Some("true"),
        "automatic download is on by default"
    );
    // Tracking upload is still unavailable (stock sync and price upload no longer are).
    let unavailable = wait_for(client, "[data-testid=option-tracking_upload]").await;
    let reason = text_in(&unavailable, ".reason").await;
    assert!(!reason.is_empty(), "a disabled option says why");
    let toggle = unavailable
        .find(Locator::Css("input"))
        .await
        .expect("its switch");
    assert!(
        !toggle.is_enabled().await.unwrap_or(true),
        "unavailable means disabled"
    );

    let confirm = wait_for(client, "#opt-auto_confirm").await;
    assert!(
        confirm.is_enabled().await.unwrap_or(false),
        "a real switch now"
    );
    let handover = wait_for(client, "[data-testid=confirm-handover]").await;
    let pickup = handover
        .find(Locator::Css("input[value=pickup]"))
        .await
        .expect("pickup in the earliest slot");
    assert!(
        pickup.is_selected().await.unwrap_or(false),
        "pickup by default"
    );
    handover
        .find(Locator::Css("input[value=drop_off]"))
        .await
        .expect("drop-off")
        .click()
        .await
        .expect("choose drop-off");
    wait_for_text(client, "[data-testid=options] footer [role=status]", |t| {
        t.contains("drop-off")
    })
    .await;
    let carriers = wait_for_text(client, "[data-testid=carrier-mappings]", |t| {
        t.contains("None yet")
    })
    .await;
    assert!(carriers.starts_with("Carriers"), "{carriers}");

    let interval = wait_for(client, "#opt-interval").await;
    interval.clear().await.expect("clear the interval");
    interval.send_keys("2").await.expect("type 2");
    click_button(client, "Save interval").await;
    wait_for_text(client, "#opt-interval-error", |t| t.contains("at least 5")).await;
    interval.clear().await.expect("clear the interval");
    interval.send_keys("30").await.expect("type 30");
    click_button(client, "Save interval").await;
    wait_for_text(client, "[data-testid=options] footer [role=status]", |t| {
        t.contains("every 30 s")
    })
    .await;
    click_button(client, "Done").await;
    wait_gone(client, "[data-testid=options][open]").await;
}

/// New registration sends the form to core, which checks every field: the one bad field gets
/// its message inline, the others none, and no shop is added.
async fn registration_refuses_a_bad_field_and_saves_nothing(client: &Client) {
    click_button(client, "Connect a shop").await;
    wait_for(client, "[data-testid=registration][open]").await;
    for (id, value) in [
        ("reg-label", "My US store"),
        ("reg-app_key", "6abc key"),
        ("reg-app_secret", "e59af819cc0123456789"),
        ("reg-service_id", "7123456789012345678"),
        ("reg-shop_hint", "USLCAB12CD"),
    ] {
        wait_for(client, &format!("#{id}"))
            .await
            .send_keys(value)
            .await
            .unwrap_or_else(|e| panic!("type into {id}: {e}"));
    }
    let redirect = text_in(
        &wait_for(client, "[data-testid=registration]").await,
        "[data-testid=redirect-url]",
    )
    .await;
    assert_eq!(redirect, "http://localhost:8723/callback");
    click_button(client, "Save shop").await;
    let message = wait_for_text(client, "[data-testid=field-error-app_key]", |t| {
        !t.is_empty()
    })
    .await;
    assert!(
        message.contains("app key"),
        "the app key's message: {message:?}"
    );
    let errors = client
        .find_all(Locator::Css(".field-error[data-testid^=field-error-]"))
        .await
        .expect("the field errors");
    assert_eq!(errors.len(), 1, "only the app key is wrong");
    screenshot_for_docs(client, "registration.png").await;
    click_button(client, "Cancel").await;
    wait_gone(client, "[data-testid=registration][open]").await;
    let cards = client
        .find_all(Locator::Css("[data-testid=shop-card]"))
        .await
        .expect("the cards");
    assert_eq!(cards.len(), 1, "an invalid registration must save nothing");
}

/// The demo shop's sandbox lives in the app's process, so a restart brings a new one; the demo
/// shop reconnects to it by itself instead of asking for Get Auth again.
#[tokio::test(flavor = "multi_thread")]
async fn the_demo_shop_stays_connected_across_a_restart() {
    with_app_restarted(
        |client, _env| async move {
            connect_demo_shop(&client).await;
        },
        |client, _env| async move {
            let status =
                wait_for_text(&client, "[data-testid=shop-status]", |t| !t.is_empty()).await;
            assert!(
                status.starts_with("Connected"),
                "after a restart: {status:?}"
            );
            assert_no_error_banner(&client).await;
        },
    )
    .await;
}
