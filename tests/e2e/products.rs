//! Products and the seller's SKUs in the real window: the demo shop's catalog imported with
//! its progress and its cached thumbnails, a SKU of the seller's own added on the SKUs page,
//! and auto-link proposing and making the link the product's drawer then shows.

use fantoccini::key::Key;
use fantoccini::{Client, Locator};

use crate::pages::{assert_no_error_banner, open_link, send_key};
use crate::support::{
    click_button, connect_demo_shop, screenshot_for_docs, wait_for, wait_for_text, wait_gone,
    wait_until, with_app,
};

#[tokio::test(flavor = "multi_thread")]
async fn the_demo_catalog_imports_and_auto_link_links_a_sku_the_seller_added_in_the_window() {
    with_app(|client, _env| async move {
        connect_demo_shop(&client).await;
        import_demo_catalog(&client).await;
        // The thumbnails Shopdock cached after the import show through its `thumb:` scheme
        // (the page's CSP allows no other image host).
        wait_until("a cached thumbnail shown", || async {
            let shown = client
                .execute(
                    "return [...document.querySelectorAll('[data-testid=product-thumbnail]')]
                        .some((img) => img.complete && img.naturalWidth > 0
                            && img.src.includes('thumb'));",
                    vec![],
                )
                .await
                .ok()?;
            (shown == serde_json::Value::Bool(true)).then_some(())
        })
        .await;
        screenshot_for_docs(&client, "products.png").await;

        // A product whose SKU carries a seller SKU nothing is linked to yet.
        let (product_id, seller_sku) = unlinked_seller_sku(&client).await;

        // The seller adds that SKU on the SKUs page, typed in another case.
        open_link(&client, "SKUs").await;
        click(&client, "[data-testid=sku-add]").await;
        let form = wait_for(&client, "[data-testid=sku-add-form]").await;
        let inputs = form
            .find_all(Locator::Css("input"))
            .await
            .expect("the form's inputs");
        inputs[0]
            .send_keys(&seller_sku.to_lowercase())
            .await
            .expect("type the code");
        inputs[1]
            .send_keys("Counted by hand")
            .await
            .expect("type the name");
        inputs[2].clear().await.expect("clear the stock");
        inputs[2].send_keys("40").await.expect("type the stock");
        click(&client, "[data-testid=sku-add-form] button[type=submit]").await;
        let code = seller_sku.to_lowercase();
        wait_for(
            &client,
            &format!("[data-testid=sku-row][data-code=\"{code}\"]"),
        )
        .await;

        // Auto-link proposes it (case ignored) and links it in one click.
        open_link(&client, "Products").await;
        click(&client, "[data-testid=products-auto-link]").await;
        wait_for(&client, "[data-testid=auto-link-proposal]").await;
        screenshot_for_docs(&client, "auto-link.png").await;
        click(&client, "[data-testid=auto-link-accept]").await;
        wait_for_text(&client, "[data-testid=auto-link-result]", |t| {
            t.starts_with("Linked")
        })
        .await;
        send_key(&client, Key::Escape).await;
        wait_gone(&client, "[data-testid=auto-link-dialog][open]").await;

        click(
            &client,
            &format!("[data-testid=product-row][data-product-id=\"{product_id}\"] .title"),
        )
        .await;
        let link = wait_for_text(&client, "[data-testid=sku-link]", |t| !t.is_empty()).await;
        assert_eq!(
            link, code,
            "the drawer shows the SKU linked to the seller's code"
        );
        assert_no_error_banner(&client).await;
        send_key(&client, Key::Escape).await;
        wait_gone(&client, "[data-testid=product-drawer][open]").await;

        // Stock sync on: TikTok gets the figure, then a stock edit reaches it within seconds.
        open_link(&client, "Shops").await;
        click_button(&client, "Options").await;
        click(&client, "#opt-auto_stock_sync").await;
        wait_for_text(&client, "[data-testid=options] footer [role=status]", |t| {
            !t.is_empty()
        })
        .await;
        send_key(&client, Key::Escape).await;
        wait_gone(&client, "[data-testid=options][open]").await;
        let first = pushed_figure(&client, &product_id, None).await;

        open_link(&client, "SKUs").await;
        let stock = wait_for(
            &client,
            &format!("[data-testid=sku-row][data-code=\"{code}\"] [data-testid=sku-stock]"),
        )
        .await;
        stock.clear().await.expect("clear the stock");
        stock.send_keys("37\n").await.expect("type 37 and Enter");
        let second = pushed_figure(&client, &product_id, Some(first)).await;
        assert_eq!(
            second,
            first - 3,
            "three units fewer on hand, three fewer on TikTok"
        );
        open_link(&client, "SKUs").await;
        wait_for(&client, "[data-testid=sku-row]").await;
        screenshot_for_docs(&client, "skus.png").await;
        open_link(&client, "Products").await;
        click(
            &client,
            &format!("[data-testid=product-row][data-product-id=\"{product_id}\"] .title"),
        )
        .await;
        wait_for(&client, "[data-testid=sku-sync][data-state=pushed]").await;
        screenshot_for_docs(&client, "product-drawer.png").await;
        assert_no_error_banner(&client).await;
    })
    .await;
}

/// Opens Products and imports the demo shop's catalog; the import reports as it goes and the
/// rows appear without a click.
pub(crate) async fn import_demo_catalog(client: &Client) {
    open_link(client, "Products").await;
    click(client, "[data-testid=products-import]").await;
    wait_until("imported products", || async {
        let rows = client
            .find_all(Locator::Css("[data-testid=product-row]"))
            .await
            .ok()?;
        let done = client
            .find(Locator::Css("[data-testid=products-import-status]"))
            .await
            .is_ok();
        (done && !rows.is_empty()).then_some(())
    })
    .await;
    assert_no_error_banner(client).await;
}

pub(crate) async fn click(client: &Client, css: &str) {
    wait_for(client, css)
        .await
        .click()
        .await
        .unwrap_or_else(|e| panic!("click {css}: {e}"));
}

/// Opens products from the top of the list until one has a SKU with a seller SKU and no link;
/// returns the product's id and that seller SKU, with its drawer closed again.
async fn unlinked_seller_sku(client: &Client) -> (String, String) {
    let rows = client
        .find_all(Locator::Css("[data-testid=product-row]"))
        .await
        .expect("the product rows");
    for row in rows.iter().take(10) {
        let id = row
            .attr("data-product-id")
            .await
            .ok()
            .flatten()
            .unwrap_or_default();
        // A table row is not clickable for WebDriver; its title cell is, as for a person.
        row.find(Locator::Css(".title"))
            .await
            .expect("the product's title")
            .click()
            .await
            .expect("open the product");
        wait_for(client, "[data-testid=product-sku]").await;
        let skus = client
            .find_all(Locator::Css("[data-testid=product-sku]"))
            .await
            .expect("the product's SKUs");
        let mut found = None;
        for sku in skus {
            let seller = sku
                .find(Locator::Css("[data-testid=seller-sku]"))
                .await
                .expect("a seller SKU cell")
                .text()
                .await
                .unwrap_or_default();
            let unlinked = sku
                .find(Locator::Css("[data-testid=sku-unlinked]"))
                .await
                .is_ok();
            if unlinked && seller != "—" && !seller.trim().is_empty() {
                found = Some(seller);
                break;
            }
        }
        send_key(client, Key::Escape).await;
        wait_gone(client, "[data-testid=product-drawer][open]").await;
        if let Some(seller) = found {
            return (id, seller);
        }
    }
    panic!("none of the first products has an unlinked SKU with a seller SKU");
}

/// Opens the product's drawer and waits until its linked SKU shows a figure TikTok confirmed
/// (other than `not`); returns it.
async fn pushed_figure(client: &Client, product_id: &str, not: Option<i64>) -> i64 {
    open_link(client, "Products").await;
    click(
        client,
        &format!("[data-testid=product-row][data-product-id=\"{product_id}\"] .title"),
    )
    .await;
    let figure = wait_until("TikTok to confirm the SKU's figure", || async {
        let line = client
            .find(Locator::Css("[data-testid=sku-sync][data-state=pushed]"))
            .await
            .ok()?
            .text()
            .await
            .ok()?;
        let sells = number_after(&line, "sells ")?;
        let had = number_after(&line, "TikTok had ")?;
        (sells == had && Some(sells) != not).then_some(sells)
    })
    .await;
    send_key(client, Key::Escape).await;
    wait_gone(client, "[data-testid=product-drawer][open]").await;
    figure
}

fn number_after(text: &str, label: &str) -> Option<i64> {
    let rest = &text[text.find(label)? + label.len()..];
    rest.split_whitespace().next()?.parse().ok()
}
