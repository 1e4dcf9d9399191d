//! Bulk mapping and stock rules in the real window: the seller's SKUs imported, a mapping
//! spreadsheet (a SKU, a bundle, a row naming a code the seller does not have) previewed with
//! its problem named and its valid SKUs linked, then stock sync on and a buffer set in Stock
//! rules, which TikTok's quantities follow.

use fantoccini::key::Key;
use fantoccini::Client;
use serde_json::Value;

use crate::pages::{assert_no_error_banner, open_link, send_key};
use crate::products::{click, import_demo_catalog};
use crate::support::sandbox::DemoSandbox;
use crate::support::{
    click_button, connect_demo_shop, screenshot_for_docs, text_in, wait_for, wait_for_text,
    wait_gone, wait_until, with_app, AppEnv,
};

#[tokio::test(flavor = "multi_thread")]
async fn a_mapping_spreadsheet_links_its_valid_skus_and_a_buffer_set_in_stock_rules_reaches_tiktok()
{
    with_app(|client, env| async move {
        connect_demo_shop(&client).await;
        import_demo_catalog(&client).await;
        let sandbox = DemoSandbox::of(&env);
        let products = sandbox
            .get(&format!("shops/{}/products", sandbox.shop_id))
            .await;
        let single = sku_ids(&products, "blank_seller_sku").remove(0);
        let multi = sku_ids(&products, "multi_warehouse");
        let (bundle, unknown) = (multi[0].clone(), multi[1].clone());

        // The seller's own SKUs, from a file on the SKUs page.
        let skus = env.home.join("my-skus.csv");
        std::fs::write(&skus, "code,name,stock\nE2E-MUG,Mug,40\nE2E-LID,Lid,30\n")
            .expect("write the SKU file");
        open_link(&client, "SKUs").await;
        click(&client, "[data-testid=sku-import]").await;
        pick_file(&client, "[data-testid=sku-file]", &skus).await;
        wait_for_text(&client, "[data-testid=sku-import-summary]", |t| {
            t.starts_with("2 rows: 2 new")
        })
        .await;
        click(&client, "[data-testid=sku-import-apply]").await;
        wait_for(&client, "[data-testid=sku-import-result]").await;
        send_key(&client, Key::Escape).await;
        wait_gone(&client, "[data-testid=sku-import-dialog][open]").await;

        // The mapping file: a SKU, a bundle of two rows, and a code the seller does not have.
        let links = env.home.join("links.csv");
        std::fs::write(
            &links,
            format!(
                "SKU ID,Code,Factor\n{single},E2E-MUG,1\n{bundle},E2E-MUG,1\n\
                 {bundle},E2E-LID,2\n{unknown},NOPE,1\n"
            ),
        )
        .expect("write the mapping file");
        open_link(&client, "Products").await;
        click(&client, "[data-testid=products-import-links]").await;
        wait_for(&client, "[data-testid=mapping-import-dialog][open]").await;
        // The file to start from: every SKU of the shop, none linked yet, codes to fill in.
        click(&client, "[data-testid=mapping-export-csv]").await;
        let exported = wait_for(&client, "[data-testid=mapping-exported]").await;
        let path = text_in(&exported, "code.path").await;
        let template = std::fs::read_to_string(&path).expect("the exported file");
        assert!(
            template.starts_with("shop,sku id,code,factor,product,variant,seller sku\n"),
            "{template}"
        );
        assert!(
            template.contains(&format!("Demo shop,{single},,,")),
            "the unlinked SKU with its code to fill in: {template}"
        );
        pick_file(&client, "[data-testid=mapping-file]", &links).await;
        let summary = wait_for_text(&client, "[data-testid=mapping-import-summary]", |t| {
            !t.is_empty()
        })
        .await;
        assert_eq!(summary, "4 rows: 3 new, 1 with a problem.");
        let problem = wait_for(
            &client,
            "[data-testid=mapping-import-row][data-line='5'][data-status=error]",
        )
        .await;
        let reason = text_in(&problem, "td:last-child").await;
        assert!(
            reason.contains("You have no SKU with the code NOPE"),
            "the row names its problem: {reason}"
        );
        let all = wait_for(&client, "[data-testid=mapping-import-all]").await;
        assert!(
            !all.is_enabled().await.unwrap_or(true),
            "Import all waits for the problem to be fixed"
        );
        screenshot_for_docs(&client, "mapping-import.png").await;
        click(&client, "[data-testid=mapping-import-valid]").await;
        wait_for_text(&client, "[data-testid=mapping-import-result]", |t| {
            t == "Linked 2 SKUs, 1 row with a problem left out."
        })
        .await;
        send_key(&client, Key::Escape).await;
        wait_gone(&client, "[data-testid=mapping-import-dialog][open]").await;

        // The links landed in the app's store, the bundle whole, the refused row nowhere.
        let mut expected = vec![
            (
                bundle.clone(),
                vec![("E2E-LID".into(), 2), ("E2E-MUG".into(), 1)],
            ),
            (single.clone(), vec![("E2E-MUG".into(), 1)]),
        ];
        expected.sort();
        assert_eq!(stored_links(&env), expected);

        // Stock sync on, then the shop's stock rules from its Options.
        open_link(&client, "Shops").await;
        click_button(&client, "Options").await;
        click(&client, "#opt-auto_stock_sync").await;
        wait_for_text(&client, "[data-testid=options] footer [role=status]", |t| {
            !t.is_empty()
        })
        .await;
        click(&client, "[data-testid=open-stock-rules]").await;
        wait_for(&client, "[data-testid=stock-rules][open]").await;
        // 40 mugs; the bundle sells as many as its 2 lids per sale allow: 30 / 2.
        on_tiktok(&sandbox, &single, 40).await;
        on_tiktok(&sandbox, &bundle, 15).await;

        // A buffer below zero is named under its field and nothing is saved.
        let buffer = wait_for(&client, "#rule-buffer").await;
        buffer.clear().await.expect("clear the buffer");
        buffer.send_keys("-3").await.expect("type -3");
        click(&client, "[data-testid=stock-rules-save]").await;
        wait_for_text(&client, "#stock_buffer-error", |t| {
            t.starts_with("The buffer is a whole number")
        })
        .await;
        assert_eq!(stored_buffer(&env), 0, "nothing saved");

        // 5 held back: 35 mugs, and (30 - 5) / 2 = 12 bundles.
        buffer.clear().await.expect("clear the buffer");
        buffer.send_keys("5").await.expect("type 5");
        let formula = wait_for_text(&client, "[data-testid=stock-formula]", |t| {
            t.contains("5 units held back")
        })
        .await;
        assert!(formula.contains("100 − 10 − 5 = 85"), "{formula}");
        click(&client, "[data-testid=stock-rules-save]").await;
        wait_for_text(&client, "[data-testid=stock-rules-saved]", |t| {
            t.starts_with("Saved.")
        })
        .await;
        assert_eq!(stored_buffer(&env), 5);
        on_tiktok(&sandbox, &single, 35).await;
        on_tiktok(&sandbox, &bundle, 12).await;
        wait_for_text(&client, "[data-testid=stock-sync-summary]", |t| {
            t == "2 linked SKUs: 2 on TikTok as Shopdock says."
        })
        .await;

        click(&client, "[data-testid=stock-reconcile]").await;
        wait_for_text(&client, "[data-testid=stock-reconcile-result]", |t| {
            t == "Checked 2 linked SKUs against TikTok: all match."
        })
        .await;
        assert_no_error_banner(&client).await;
        screenshot_for_docs(&client, "stock-rules.png").await;
        // Stock rules lies over Options, each with its Done.
        click(&client, "[data-testid=stock-rules] footer button").await;
        wait_gone(&client, "[data-testid=stock-rules][open]").await;
        click_button(&client, "Done").await;
        wait_gone(&client, "[data-testid=options][open]").await;
    })
    .await;
}

/// The SKU ids of the sandbox's product playing `role`.
fn sku_ids(products: &Value, role: &str) -> Vec<String> {
    products
        .as_array()
        .and_then(|all| all.iter().find(|p| p["role"] == role))
        .and_then(|p| p["skus"].as_array())
        .unwrap_or_else(|| panic!("the demo catalog has a {role} product: {products}"))
        .iter()
        .map(|s| s["sku_id"].as_str().expect("a SKU id").to_owned())
        .collect()
}

/// WebDriver sets a file input from the path typed into it, as a seller's pick would.
async fn pick_file(client: &Client, css: &str, path: &std::path::Path) {
    wait_for(client, css)
        .await
        .send_keys(&path.to_string_lossy())
        .await
        .unwrap_or_else(|e| panic!("pick {}: {e}", path.display()));
}

/// The demo shop as the app stored it.
fn demo_shop(store: &shopdock_store::Store) -> String {
    store
        .list_shops()
        .expect("list the stored shops")
        .into_iter()
        .find(|s| s.is_demo)
        .expect("the demo shop")
        .id
}

/// The demo shop's links in the app's store: each TikTok SKU's (code, factor) parts.
fn stored_links(env: &AppEnv) -> Vec<(String, Vec<(String, u32)>)> {
    let store = shopdock_store::Store::open_in_dir(&env.data_dir).expect("open the app's store");
    let mut links: Vec<_> = store
        .links_for_shop(&demo_shop(&store))
        .expect("read the links")
        .into_iter()
        .map(|l| {
            (
                l.sku_id,
                l.parts.into_iter().map(|p| (p.code, p.factor)).collect(),
            )
        })
        .collect();
    links.sort();
    links
}

/// The demo shop's buffer as the app stored it.
fn stored_buffer(env: &AppEnv) -> i64 {
    let store = shopdock_store::Store::open_in_dir(&env.data_dir).expect("open the app's store");
    store
        .stock_settings(&demo_shop(&store))
        .expect("read the stock settings")
        .buffer
}

/// Waits until TikTok (the sandbox) offers `units` of the SKU, all warehouses together.
async fn on_tiktok(sandbox: &DemoSandbox, sku_id: &str, units: i64) {
    let path = format!("shops/{}/skus/{sku_id}", sandbox.shop_id);
    wait_until(&format!("TikTok to offer {units} of {sku_id}"), || async {
        let sku = sandbox.get(&path).await;
        let held: i64 = sku["warehouses"]
            .as_array()?
            .iter()
            .filter_map(|w| w["available"].as_i64())
            .sum();
        (held == units).then_some(())
    })
    .await;
}
