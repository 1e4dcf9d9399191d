//! Shipping in the real window: marking orders shipped from To ship, a refusal shown with its
//! reason and Retry, a buyer's cancellation approved, a TikTok label bought, an unknown
//! carrier name chosen and remembered, and a tracking file imported.

use std::time::Duration;

use fantoccini::key::Key;
use fantoccini::Locator;

use crate::pages::{
    assert_no_error_banner, click_row, click_tab, open_link, open_orders, order_ids, press_ship,
    ready_in_view, select_order, send_key, shippable_in_view,
};
use crate::support::sandbox::DemoSandbox;
use crate::support::{
    click_button, connect_demo_shop, screenshot_for_docs, text_in, wait_for, wait_for_text,
    wait_gone, wait_until, with_app,
};

/// Issue 10: the To ship list is a work list. Select every order: the Ship dialog groups them
/// by route (the seller's carrier, TikTok labels, orders that cannot ship now with their
/// reason) and says what will happen before anything is sent; with a carrier and one tracking
/// number per seller-shipping order, the orders are queued and move to Shipping once TikTok
/// has them.
#[tokio::test(flavor = "multi_thread")]
async fn orders_ship_from_the_to_ship_list_and_a_refused_one_says_why() {
    with_app(|client, _env| async move {
        connect_demo_shop(&client).await;
        open_link(&client, "Orders").await;
        let to_ship = wait_until("orders to ship", || async {
            let rows = order_ids(&client).await;
            (!rows.is_empty()).then_some(rows)
        })
        .await;
        wait_for(&client, "[data-testid=select-all]")
            .await
            .click()
            .await
            .expect("select every order in view");
        click_button(&client, "Ship…").await;
        // Every order's route is known before anything can be sent.
        let plan = wait_for_text(&client, "[data-testid=ship-plan]", |t| !t.is_empty()).await;
        assert!(plan.contains("marked shipped with"), "{plan}");
        assert!(
            plan.contains("TikTok label"),
            "the demo (US) has TikTok-shipping orders: {plan}"
        );
        let lines = client
            .find_all(Locator::Css("[data-testid=ship-line]"))
            .await
            .expect("the dialog's lines");
        assert_eq!(lines.len(), to_ship.len(), "one line per selected order");
        let carrier = wait_for(&client, "[data-testid=ship-carrier]").await;
        // UPS: every delivery option of the demo lists it, so no carrier question is asked.
        carrier.send_keys("UPS").await.expect("type the carrier");
        let fields = client
            .find_all(Locator::Css("[data-testid=ship-tracking]"))
            .await
            .expect("tracking fields");
        assert!(
            !fields.is_empty(),
            "seller-shipping orders ask for tracking"
        );
        for (i, field) in fields.iter().enumerate() {
            // UPS numbers: 1Z and 16 letters or digits; written with spaces, as on labels.
            let number = format!("1Z E2E {:013}", 4_200 + i);
            field
                .send_keys(&number)
                .await
                .expect("type a tracking number");
        }
        wait_for(&client, "[data-testid=ship-submit]")
            .await
            .click()
            .await
            .expect("ship");
        wait_for_text(&client, "[data-testid=ship-summary]", |t| !t.is_empty()).await;
        screenshot_for_docs(&client, "ship.png").await;
        let mut queued = Vec::new();
        for line in client
            .find_all(Locator::Css("[data-testid=ship-line]"))
            .await
            .expect("the dialog's lines")
        {
            let id = line
                .attr("data-order-id")
                .await
                .ok()
                .flatten()
                .unwrap_or_default();
            match line.attr("data-state").await.ok().flatten().as_deref() {
                Some("queued") => queued.push(id),
                Some("refused" | "unavailable") => {
                    let reason = text_in(&line, "[data-testid=ship-refusal]").await;
                    assert!(!reason.is_empty(), "a refused order says why ({id})");
                }
                other => panic!("order {id} ended the run {other:?}"),
            }
        }
        assert!(
            !queued.is_empty(),
            "the demo has seller-shipping orders to ship"
        );
        click_button(&client, "Close").await;

        // Sent, then pulled back from TikTok as shipped: the queued orders are in Shipping.
        click_tab(&client, "Shipping").await;
        wait_until("the shipped orders in Shipping", || async {
            let shown = order_ids(&client).await;
            queued.iter().all(|id| shown.contains(id)).then_some(())
        })
        .await;
        assert_no_error_banner(&client).await;
        client
            .find(Locator::LinkText("Activity"))
            .await
            .expect("the Activity link")
            .click()
            .await
            .expect("open Activity");
        wait_for_text(&client, "main", |t| t.contains(&queued[0])).await;
        screenshot_for_docs(&client, "activity.png").await;
    })
    .await;
}

/// A shipment TikTok refuses reaches the seller: two orders of different buyers shipped with one
/// tracking number, TikTok accepts the first it receives and refuses the other as a duplicate
/// (21011025). The refused order's row says Failed with the reason and offers Retry, its drawer
/// shows the reason and Retry, and Activity lists it with the reason.
#[tokio::test(flavor = "multi_thread")]
async fn a_shipment_tiktok_refuses_shows_its_reason_and_retry_in_the_table_drawer_and_activity() {
    with_app(|client, env| async move {
        connect_demo_shop(&client).await;
        open_orders(&client).await;
        let ready = shippable_in_view(&client, &env).await;
        let first = ready[0].clone();
        let second = ready
            .iter()
            .find(|o| o.buyer != first.buyer)
            .expect("two shippable orders of different buyers")
            .clone();
        for order in [&first, &second] {
            let css = format!(
                "[data-testid=order-row][data-order-id='{}'] [data-testid=select-order]",
                order.id
            );
            wait_for(&client, &css)
                .await
                .click()
                .await
                .expect("select the order");
        }
        click_button(&client, "Ship…").await;
        wait_for(&client, "[data-testid=ship-carrier]")
            .await
            .send_keys("UPS")
            .await
            .expect("type the carrier");
        for field in client
            .find_all(Locator::Css("[data-testid=ship-tracking]"))
            .await
            .expect("tracking fields")
        {
            field
                .send_keys("1Z E2E 0000 0000 0042")
                .await
                .expect("type the same number twice");
        }
        wait_for(&client, "[data-testid=ship-submit]")
            .await
            .click()
            .await
            .expect("ship");
        wait_for_text(&client, "[data-testid=ship-summary]", |t| {
            t.starts_with("2 queued")
        })
        .await;
        click_button(&client, "Close").await;

        // Whichever TikTok received second is refused; it stays in To ship, waiting for the
        // seller (the refusal is not one that goes away by itself).
        let refused_row =
            format!("//tr[@data-testid='order-row'][.//*[@data-testid='outbox-tag'][{REFUSED}]]");
        let row = client
            .wait()
            .at_most(Duration::from_secs(45))
            .for_element(Locator::XPath(&refused_row))
            .await
            .expect("a refused shipment in the table");
        let tag = row
            .find(Locator::Css("[data-testid=outbox-tag]"))
            .await
            .expect("its outgoing tag");
        let refused = row
            .attr("data-order-id")
            .await
            .ok()
            .flatten()
            .expect("its id");
        assert!(
            refused == first.id || refused == second.id,
            "the refused order {refused} is one of the two shipped"
        );
        let hint = tag
            .find(Locator::Css(".tag"))
            .await
            .expect("the tag")
            .attr("title")
            .await
            .ok()
            .flatten()
            .unwrap_or_default();
        assert!(
            hint.contains(DUPLICATE_REASON),
            "the row's tag says why: {hint:?}"
        );
        let label = text_in(&row, "[data-testid=outbox-tag]").await;
        assert!(
            ["Failed", "Needs you"].contains(&label.as_str()),
            "{label:?}"
        );
        assert_eq!(
            text_in(&row, "[data-testid=row-outbox-retry]").await,
            "Retry"
        );

        // The drawer: the reason in words, and Retry.
        click_row(&client, &refused).await;
        let outbox = wait_for(&client, "[data-testid=drawer-outbox]").await;
        let reason = text_in(&outbox, ".reason").await;
        assert!(reason.contains(DUPLICATE_REASON), "drawer: {reason:?}");
        wait_for(&client, "[data-testid=drawer-outbox-retry]").await;
        screenshot_for_docs(&client, "refused.png").await;
        send_key(&client, Key::Escape).await;
        wait_gone(&client, "[data-testid=order-drawer]").await;

        // Activity lists it with the reason and TikTok's code, and Retry.
        open_link(&client, "Activity").await;
        let entry =
            format!("//li[@data-testid='activity-entry'][{REFUSED}][contains(., '{refused}')]");
        let entry = client
            .wait()
            .at_most(crate::support::STEP_TIMEOUT)
            .for_element(Locator::XPath(&entry))
            .await
            .expect("the refused shipment in Activity");
        let reason = text_in(&entry, "[data-testid=activity-reason]").await;
        assert!(reason.contains(DUPLICATE_REASON), "activity: {reason:?}");
        assert!(reason.contains("21011025"), "TikTok's code: {reason:?}");
        assert_eq!(
            text_in(&entry, "[data-testid=activity-retry]").await,
            "Retry"
        );
    })
    .await;
}

/// A buyer's cancellation request answered in the window: the buyer asks through the sandbox,
/// the next automatic pull flags the order in the To ship list with the time left to answer,
/// the drawer shows the request with its reason, Approve queues the answer, and the order ends
/// cancelled in the window (under the Cancelled tab) as in TikTok's own records.
#[tokio::test(flavor = "multi_thread")]
async fn a_buyer_cancellation_request_approved_in_the_drawer_cancels_the_order() {
    with_app(|client, env| async move {
        connect_demo_shop(&client).await;
        open_orders(&client).await;
        let order = ready_in_view(&client, &env, "SELLER").await.remove(0).id;
        let sandbox = DemoSandbox::of(&env);
        let cancel_id = sandbox.request_buyer_cancel(&order).await;

        // The next automatic pull (every 10 s by default) brings it to the row.
        let row = format!("[data-testid=order-row][data-order-id='{order}']");
        let left = client
            .wait()
            .at_most(Duration::from_secs(45))
            .for_element(Locator::Css(&format!("{row} [data-testid=answer-by]")))
            .await
            .expect("the request flagged with its time left on the order's row");
        assert_eq!(
            left.attr("data-urgent").await.ok().flatten().as_deref(),
            Some("false"),
            "a fresh request has 48 h"
        );
        let left = left.text().await.expect("the time left");
        assert!(left.ends_with(" h") || left.ends_with(" d"), "{left:?}");
        let hint = wait_for(&client, &format!("{row} td.answer_by"))
            .await
            .attr("title")
            .await
            .ok()
            .flatten()
            .unwrap_or_default();
        assert!(hint.starts_with("The buyer asked to cancel"), "{hint:?}");

        click_row(&client, &order).await;
        let request = wait_for(&client, "[data-testid=cancel-request]").await;
        assert_eq!(
            request.attr("data-cancel-id").await.ok().flatten().as_deref(),
            Some(cancel_id.as_str())
        );
        let reason = text_in(&request, "[data-testid=cancel-request-reason]").await;
        assert!(!reason.is_empty(), "the buyer's reason");
        let left = text_in(&request, "[data-testid=cancel-time-left]").await;
        assert!(left.ends_with("left"), "{left:?}");
        screenshot_for_docs(&client, "cancellation.png").await;
        wait_for(&client, "[data-testid=approve-cancellation]")
            .await
            .click()
            .await
            .expect("approve");

        // Sent, and the order follows TikTok's answer: cancelled, the request settled.
        wait_for_text(&client, "[data-testid=drawer-status]", |t| t == "Cancelled").await;
        wait_for(
            &client,
            "[data-testid=cancellation-history] [data-testid=cancellation][data-status=CANCELLATION_REQUEST_SUCCESS]",
        )
        .await;
        wait_gone(&client, "[data-testid=cancel-request]").await;
        wait_for(
            &client,
            "[data-testid=drawer-outbox] [data-testid=outbox-tag][data-state=sent]",
        )
        .await;
        assert_no_error_banner(&client).await;
        let records = sandbox.cancellations(&order).await;
        let record = records
            .iter()
            .find(|c| c["cancel_id"] == *cancel_id)
            .unwrap_or_else(|| panic!("TikTok's record of {cancel_id}: {records:?}"));
        assert_eq!(record["cancel_status"], "CANCELLATION_REQUEST_SUCCESS");
        assert_eq!(sandbox.order(&order).await["status"], "CANCELLED");
        assert_eq!(sandbox.writes(&order, "approve_cancellation").await, 1);

        send_key(&client, Key::Escape).await;
        wait_gone(&client, "[data-testid=order-drawer]").await;
        click_tab(&client, "Cancelled").await;
        wait_until("the order under Cancelled", || async {
            order_ids(&client).await.contains(&order).then_some(())
        })
        .await;
        let cancelled = wait_for(&client, &format!("tr.cancelled{row}")).await;
        assert!(
            cancelled
                .find(Locator::Css("[data-testid=answer-by]"))
                .await
                .is_err(),
            "nothing left to answer"
        );
    })
    .await;
}

/// The outgoing states that wait for the seller with a reason and Retry (XPath predicate).
const REFUSED: &str = "@data-state='failed' or @data-state='needs_attention'";

/// What Shopdock tells the seller for TikTok's 21011025 (tiktok/src/refusal.rs).
const DUPLICATE_REASON: &str = "already used on another shipment";

/// Issue 10 (US TikTok shipping): the Ship dialog asks core how the order ships and lists
/// TikTok's label services with their price, TikTok's default preselected; Buy label queues
/// it once, TikTok buys the label, and the order leaves To ship.
#[tokio::test(flavor = "multi_thread")]
async fn a_tiktok_shipping_order_buys_its_label_with_the_default_service_and_leaves_to_ship() {
    with_app(|client, env| async move {
        connect_demo_shop(&client).await;
        open_orders(&client).await;
        let order = ready_in_view(&client, &env, "TIKTOK").await.remove(0).id;
        select_order(&client, &order).await;
        click_button(&client, "Ship…").await;

        // The route is known once the services are listed.
        wait_for(
            &client,
            "[data-testid=ship-group][data-method=label] [data-testid=label-service]",
        )
        .await;
        let chosen = client
            .find(Locator::XPath(
                "//label[@data-testid='label-service'][.//input[@type='radio']][.//*[contains(., \"TikTok's default\")]]",
            ))
            .await
            .expect("TikTok's default service is listed and flagged");
        let checked = chosen
            .find(Locator::Css("input"))
            .await
            .expect("its radio button")
            .is_selected()
            .await
            .unwrap_or(false);
        assert!(checked, "TikTok's default service is preselected");
        let text = chosen.text().await.unwrap_or_default();
        assert!(text.contains('$'), "the service shows its price: {text:?}");
        let plan = wait_for_text(&client, "[data-testid=ship-plan]", |t| !t.is_empty()).await;
        assert!(plan.contains("1 TikTok label bought"), "{plan}");
        screenshot_for_docs(&client, "arrange.png").await;

        click_button(&client, "Buy label").await;
        wait_for(
            &client,
            &format!("[data-testid=ship-line][data-order-id='{order}'][data-state=queued]"),
        )
        .await;
        click_button(&client, "Close").await;
        wait_gone(&client, "[data-testid=ship-dialog][open]").await;
        wait_until("the arranged order to leave To ship", || async {
            (!order_ids(&client).await.contains(&order)).then_some(())
        })
        .await;
        assert_no_error_banner(&client).await;
    })
    .await;
}

/// Issue 10 (carrier names): a seller-shipping order shipped with a carrier name TikTok does
/// not know opens the carrier picker with TikTok's providers, the likely one first; choosing it
/// and remembering the name for the shop ships the order, which leaves To ship.
#[tokio::test(flavor = "multi_thread")]
async fn an_unknown_carrier_name_is_chosen_from_tiktoks_providers_remembered_and_shipped() {
    with_app(|client, env| async move {
        connect_demo_shop(&client).await;
        open_orders(&client).await;
        let order = ready_in_view(&client, &env, "SELLER").await.remove(0).id;
        select_order(&client, &order).await;
        click_button(&client, "Ship…").await;
        wait_for(&client, "[data-testid=ship-carrier]")
            .await
            .send_keys("UPS Ground")
            .await
            .expect("type the seller's own carrier name");
        wait_for(&client, "[data-testid=ship-tracking]")
            .await
            .send_keys("1Z E2E 0000 0000 00077")
            .await
            .expect("type the tracking number");
        press_ship(&client).await;

        // Nothing is sent yet: TikTok's providers, the likely one first and preselected.
        let picker = wait_for(&client, "[data-testid=carrier-picker]").await;
        let question = text_in(&picker, "legend").await;
        assert!(question.contains("“UPS Ground”"), "{question}");
        let first = picker
            .find(Locator::Css("[data-testid=carrier-choice]"))
            .await
            .expect("TikTok's providers");
        assert_eq!(
            first.attr("value").await.ok().flatten().as_deref(),
            Some("UPS")
        );
        assert!(
            first.is_selected().await.unwrap_or(false),
            "the likely provider is preselected"
        );
        let remember = picker
            .find(Locator::XPath(
                ".//label[.//*[@data-testid='carrier-remember']]",
            ))
            .await
            .expect("the remember box")
            .text()
            .await
            .unwrap_or_default();
        assert_eq!(remember, "Remember “UPS Ground” as UPS for this shop");
        let line = format!("[data-testid=ship-line][data-order-id='{order}']");
        let state = wait_for(&client, &line)
            .await
            .attr("data-state")
            .await
            .ok()
            .flatten();
        assert_eq!(
            state.as_deref(),
            Some("editing"),
            "nothing sent before the seller confirms"
        );

        press_ship(&client).await;
        wait_for(&client, &format!("{line}[data-state=queued]")).await;
        let note = wait_for_text(&client, "[data-testid=carrier-remembered]", |t| {
            !t.is_empty()
        })
        .await;
        assert_eq!(note, "Remembered “UPS Ground” as UPS for this shop.");
        click_button(&client, "Close").await;
        wait_gone(&client, "[data-testid=ship-dialog][open]").await;
        wait_until("the shipped order to leave To ship", || async {
            (!order_ids(&client).await.contains(&order)).then_some(())
        })
        .await;
        assert_no_error_banner(&client).await;
    })
    .await;
}

/// Import tracking file: the seller picks a CSV with one shippable order and rows with
/// problems; the preview names each problem, Ship queues only the valid row, which the dialog
/// follows to Sent and which then moves to Shipping.
#[tokio::test(flavor = "multi_thread")]
async fn a_tracking_file_imported_in_the_window_ships_only_its_valid_row() {
    with_app(|client, env| async move {
        connect_demo_shop(&client).await;
        open_orders(&client).await;
        let ready = shippable_in_view(&client, &env).await;
        assert!(ready.len() >= 2, "two shippable orders: {ready:?}");
        let (good, other) = (&ready[0].id, &ready[1].id);
        let file = env.home.join("tracking export.csv");
        std::fs::write(
            &file,
            format!(
                "Order ID,Carrier,Tracking Number\n\
                 {good},UPS,1ZE2E0000000000007\n\
                 577000000000000999,UPS,1ZE2E0000000000008\n\
                 {other},Pigeon Post,1Z#E2E\n"
            ),
        )
        .expect("write the tracking file");

        click_button(&client, "Import tracking file…").await;
        wait_for(&client, "[data-testid=import-dialog][open]").await;
        // WebDriver sets a file input from the path typed into it, as a seller's pick would.
        wait_for(&client, "[data-testid=import-file]")
            .await
            .send_keys(&file.to_string_lossy())
            .await
            .expect("pick the file");
        wait_for_text(&client, "[data-testid=import-summary]", |t| {
            t == "1 valid, 2 with problems"
        })
        .await;
        for (line, state, labels) in [
            (2, "ready", vec![]),
            (3, "problem", vec!["Unknown order"]),
            (4, "problem", vec!["Malformed number", "Unknown carrier"]),
        ] {
            let row = wait_for(
                &client,
                &format!("[data-testid=import-row][data-line='{line}']"),
            )
            .await;
            let shown = row.attr("data-state").await.ok().flatten();
            assert_eq!(shown.as_deref(), Some(state), "line {line}");
            let mut shown = Vec::new();
            for tag in row
                .find_all(Locator::Css("[data-testid=import-problem]"))
                .await
                .expect("the row's problem tags")
            {
                shown.push(tag.text().await.unwrap_or_default());
            }
            assert_eq!(shown, labels, "line {line}'s problems");
            if !labels.is_empty() {
                let reasons = text_in(&row, ".reasons").await;
                assert!(!reasons.is_empty(), "line {line} says why");
            }
        }
        screenshot_for_docs(&client, "import.png").await;

        click_button(&client, "Ship 1 order").await;
        wait_for_text(&client, "[data-testid=import-result]", |t| {
            t.starts_with("Queued 1 order for TikTok, 2 rows not shipped")
        })
        .await;
        client
            .wait()
            .at_most(Duration::from_secs(45))
            .for_element(Locator::Css(
                "[data-testid=import-row][data-line='2'] [data-testid=outbox-tag][data-state=sent]",
            ))
            .await
            .expect("the valid row reaches Sent");
        click_button(&client, "Close").await;
        wait_gone(&client, "[data-testid=import-dialog][open]").await;

        click_tab(&client, "Shipping").await;
        wait_until("the imported order in Shipping", || async {
            order_ids(&client).await.contains(good).then_some(())
        })
        .await;
        assert!(!order_ids(&client).await.contains(other), "{other} stays");
    })
    .await;
}
