//! Money in the real window: the demo shop with settled history generated through the sandbox's
//! control API, its statements imported with Import statements (progress to the end), the
//! Money page's rows equal to the sandbox's statements, a statement's transactions in its
//! drawer, and a settled order's earnings in the order drawer and the table's Settlement column
//! equal to what the sandbox settled.

use std::str::FromStr;
use std::time::Duration;

use fantoccini::key::Key;
use fantoccini::{Client, Locator};
use rust_decimal::Decimal;
use serde_json::{json, Value};

use crate::pages::{
    assert_no_error_banner, click_row, click_tab, open_link, open_orders, order_ids, send_key,
};
use crate::support::sandbox::DemoSandbox;
use crate::support::{
    connect_demo_shop, screenshot_for_docs, wait_for, wait_for_text, wait_gone, wait_until,
    with_app, AppEnv,
};

/// An import reads every statement's transactions and every settled order's at TikTok's rate
/// (about 50 calls a second): longer than one step of the harness on a loaded machine.
const IMPORT_TIMEOUT: Duration = Duration::from_secs(150);

fn amount(text: &str) -> Decimal {
    Decimal::from_str(text.trim()).unwrap_or_else(|e| panic!("{text:?} is not an amount: {e}"))
}

#[tokio::test(flavor = "multi_thread")]
async fn imported_statements_and_a_settled_orders_earnings_show_what_the_sandbox_settled() {
    with_app(|client, env| async move {
        connect_demo_shop(&client).await;
        let sandbox = DemoSandbox::of(&env);
        // Two and a half months of orders, most of them settled, beside the demo's own month.
        sandbox
            .post(
                &format!("shops/{}/finance/history", sandbox.shop_id),
                json!({ "settled_orders": 150, "days": 75 }),
            )
            .await;
        open_orders(&client).await;

        open_link(&client, "Money").await;
        // The automatic import that follows the first order pull shows its end here; then the
        // seller imports the last 90 days (the form's default), which the history falls in.
        import_ended(&client).await;
        click(&client, "[data-testid=finance-import-progress] button").await;
        wait_gone(&client, "[data-testid=finance-import-progress]").await;
        click(&client, "[data-testid=finance-import-toggle]").await;
        click(&client, "[data-testid=finance-import-start]").await;
        let done = import_ended(&client).await;
        assert!(done.starts_with("Imported:"), "the import ended: {done}");
        assert_no_error_banner(&client).await;

        statements_equal_the_sandboxs(&client, &sandbox).await;
        // The README's picture: the last 30 days, charted by day.
        wait_for(&client, "[data-testid=finance-period]")
            .await
            .select_by_value("30d")
            .await
            .expect("choose the last 30 days");
        wait_for(&client, "[data-testid=finance-summary] [data-testid=chart-bar]").await;
        click(&client, "[data-testid=finance-import-toggle]").await;
        wait_gone(&client, "[data-testid=finance-import-form]").await;
        screenshot_for_docs(&client, "statements.png").await;

        // A statement's transactions: its orders (and any reserve or adjustment) in the drawer.
        click(&client, "[data-testid=statement-row] [data-testid=statement-day]").await;
        wait_for(&client, "[data-testid=statement-drawer] [data-testid=statement-orders]").await;
        let listed = client
            .find_all(Locator::Css("[data-testid=statement-drawer] [data-testid=statement-transaction]"))
            .await
            .expect("the statement's order transactions");
        let adjustments = client
            .find_all(Locator::Css("[data-testid=statement-drawer] [data-testid=statement-adjustment]"))
            .await
            .expect("the statement's adjustments");
        assert!(
            !listed.is_empty() || !adjustments.is_empty(),
            "the newest statement lists its transactions"
        );
        send_key(&client, Key::Escape).await;
        wait_gone(&client, "[data-testid=statement-drawer]").await;

        // A statement's order opens in the Orders page's drawer (the newest statement with one:
        // a day may hold only an adjustment).
        let shown = show_a_statements_order(&client).await;
        let opened = wait_for_text(&client, "[data-testid=order-drawer] [data-testid=drawer-order-id]", |t| {
            !t.is_empty()
        })
        .await;
        assert_eq!(opened, shown, "the order drawer shows the statement's order");
        wait_for(&client, "nav a[aria-current=page][href='#orders']").await;
        send_key(&client, Key::Escape).await;
        wait_gone(&client, "[data-testid=order-drawer]").await;

        // A settled order the app has stored: its earnings in the drawer and the table.
        let (order_id, truth) = settled_order(&env, &sandbox).await;
        open_link(&client, "Orders").await;
        click_tab(&client, "All").await;
        wait_for(&client, "[data-testid=orders-search]")
            .await
            .send_keys(&order_id)
            .await
            .expect("type the order id");
        wait_until("the search to leave the settled order", || async {
            (order_ids(&client).await == [order_id.clone()]).then_some(())
        })
        .await;
        click(&client, "[data-testid=columns-menu] summary").await;
        click(&client, "[data-testid=column-settlement]").await;
        click(&client, "[data-testid=columns-menu] summary").await;
        let cell = wait_for(
            &client,
            &format!("[data-order-id='{order_id}'] [data-testid=money-settlement][data-status=settled]"),
        )
        .await;
        let shown = cell.text().await.unwrap_or_default();
        assert!(
            shown.replace(',', "").contains(&truth.abs().to_string()),
            "the Settlement column shows {truth}: {shown:?}"
        );

        click_row(&client, &order_id).await;
        let settlement = wait_for(
            &client,
            "[data-testid=drawer-earnings][data-status=settled] [data-testid=earnings-settlement]",
        )
        .await;
        let drawer = settlement
            .attr("data-amount")
            .await
            .ok()
            .flatten()
            .unwrap_or_default();
        assert_eq!(amount(&drawer), truth, "the drawer shows TikTok's settlement");
        let status = wait_for_text(&client, "[data-testid=earnings-status]", |t| !t.is_empty()).await;
        assert!(status.starts_with("Settled on"), "{status}");
        // Without SKU costs there is no profit, and the drawer says what is missing.
        wait_for(&client, "[data-testid=earnings-no-profit]").await;
        // Each fee under its line.
        if let Ok(fees) = client
            .find(Locator::Css("[data-testid=earnings-parts-fees] summary"))
            .await
        {
            fees.click().await.expect("open the fees");
        }
        client
            .execute(
                "document.querySelector('[data-testid=drawer-earnings]').scrollIntoView({block: 'center'})",
                vec![],
            )
            .await
            .expect("scroll to the earnings");
        assert_no_error_banner(&client).await;
        screenshot_for_docs(&client, "order-earnings.png").await;
    })
    .await;
}

/// Waits for the import's line to say it ended; returns what it says.
async fn import_ended(client: &Client) -> String {
    let ended = client
        .wait()
        .at_most(IMPORT_TIMEOUT)
        .for_element(Locator::Css(
            "[data-testid=finance-import-progress][data-running=false] [role=status]",
        ))
        .await
        .unwrap_or_else(|e| {
            panic!("the finance import did not end within {IMPORT_TIMEOUT:?}: {e}")
        });
    ended.text().await.unwrap_or_default()
}

async fn click(client: &Client, css: &str) {
    wait_for(client, css)
        .await
        .click()
        .await
        .unwrap_or_else(|e| panic!("click {css}: {e}"));
}

/// The Money page's rows of the last 90 days are the sandbox's statements (the history is
/// younger), each once, with its settlement and payment status.
async fn statements_equal_the_sandboxs(client: &Client, sandbox: &DemoSandbox) {
    let truth = sandbox
        .get(&format!("shops/{}/finance/statements", sandbox.shop_id))
        .await;
    let truth = truth.as_array().expect("the sandbox's statements");
    // Ninety days: every statement the history has.
    let period = wait_for(client, "[data-testid=finance-period]").await;
    period
        .select_by_value("90d")
        .await
        .expect("choose the last 90 days");
    let rows = wait_until("the statements of the last 90 days", || async {
        let rows = client
            .find_all(Locator::Css("[data-testid=statement-row]"))
            .await
            .ok()?;
        (rows.len() == truth.len()).then_some(rows)
    })
    .await;
    let mut seen = Vec::new();
    for row in rows {
        let attr = |name: &'static str| {
            let row = row.clone();
            async move { row.attr(name).await.ok().flatten().unwrap_or_default() }
        };
        let id = attr("data-statement-id").await;
        let statement: &Value = truth
            .iter()
            .find(|s| s["id"] == id.as_str())
            .unwrap_or_else(|| panic!("statement {id} is the sandbox's"));
        assert_eq!(
            amount(&attr("data-settlement").await),
            amount(statement["settlement_amount"].as_str().unwrap_or_default()),
            "statement {id}'s settlement"
        );
        assert_eq!(
            attr("data-payment-status").await,
            statement["payment_status"].as_str().unwrap_or_default(),
            "statement {id}'s payout"
        );
        assert!(!seen.contains(&id), "statement {id} listed once");
        seen.push(id);
    }
}

/// An order the app stored that the sandbox has settled, and TikTok's settlement of it.
async fn settled_order(env: &AppEnv, sandbox: &DemoSandbox) -> (String, Decimal) {
    let store = shopdock_store::Store::open_in_dir(&env.data_dir).expect("open the app's store");
    let shops = store.list_shops().expect("list the stored shops");
    let demo = shops.iter().find(|s| s.is_demo).expect("the demo shop");
    let orders = sandbox
        .get(&format!("shops/{}/orders", sandbox.shop_id))
        .await;
    for order in orders.as_array().expect("the sandbox's orders") {
        let id = order["id"].as_str().unwrap_or_default();
        if store.get_order(&demo.id, id).ok().flatten().is_none() {
            continue;
        }
        let finance = sandbox
            .get(&format!("shops/{}/finance/orders/{id}", sandbox.shop_id))
            .await;
        if let Some(settlement) = finance["settlement_amount"].as_str() {
            return (id.to_owned(), amount(settlement));
        }
    }
    panic!("no stored order of the demo shop is settled in the sandbox");
}

/// Opens statements from the newest until one lists an order, and clicks that order's id;
/// returns the id.
async fn show_a_statements_order(client: &Client) -> String {
    let days = "[data-testid=statement-row] [data-testid=statement-day]";
    let count = client
        .find_all(Locator::Css(days))
        .await
        .expect("the statements")
        .len();
    for i in 0..count.min(10) {
        let rows = client
            .find_all(Locator::Css(days))
            .await
            .expect("the statements");
        rows[i].click().await.expect("open a statement");
        wait_for(
            client,
            "[data-testid=statement-drawer] [data-testid=statement-orders]",
        )
        .await;
        if let Ok(link) = client
            .find(Locator::Css(
                "[data-testid=statement-drawer] [data-testid=statement-order-link]",
            ))
            .await
        {
            let id = link.text().await.expect("the order id");
            link.click().await.expect("open the order");
            return id;
        }
        send_key(client, Key::Escape).await;
        wait_gone(client, "[data-testid=statement-drawer]").await;
    }
    panic!("none of the newest {count} statements lists an order");
}
