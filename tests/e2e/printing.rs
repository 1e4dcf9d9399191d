//! Printing in the real window: a pick list of the orders picked in To ship, opened as a PDF
//! whose totals match the stored orders.

use crate::pages::{assert_no_error_banner, open_orders, order_ids, select_order};
use crate::support::{connect_demo_shop, wait_for, wait_for_text, wait_until, with_app, AppEnv};

/// Three orders picked in the To ship work list print as one pick list that opens in the
/// system's PDF viewer (the scripted xdg-open logs what it was asked to open): the file is
/// there and its totals are the picked orders' units, per SKU and in all.
#[tokio::test(flavor = "multi_thread")]
async fn a_pick_list_of_three_orders_picked_in_to_ship_opens_as_a_pdf_with_their_totals() {
    with_app(|client, env| async move {
        connect_demo_shop(&client).await;
        open_orders(&client).await;
        let picked: Vec<String> = order_ids(&client).await.into_iter().take(3).collect();
        assert_eq!(picked.len(), 3, "the demo has orders to ship");
        for id in &picked {
            select_order(&client, id).await;
        }
        wait_for_text(&client, "[data-testid=selected-count]", |t| {
            t.starts_with("3 selected")
        })
        .await;
        wait_for(&client, "[data-testid=print-pick_list]")
            .await
            .click()
            .await
            .expect("press Pick list…");
        wait_for(&client, "[data-testid=print-dialog][open]").await;
        wait_for_text(&client, "[data-testid=print-count]", |t| {
            t.starts_with("3 orders")
        })
        .await;
        wait_for(&client, "[data-testid=print-size][value=a4]")
            .await
            .click()
            .await
            .expect("choose A4");
        wait_for(&client, "[data-testid=print-open]")
            .await
            .click()
            .await
            .expect("choose to open it");
        wait_for(&client, "[data-testid=print-submit]")
            .await
            .click()
            .await
            .expect("print");
        let path = wait_for_text(&client, "[data-testid=print-result-path]", |t| {
            t.ends_with(".pdf")
        })
        .await;
        assert!(std::path::Path::new(&path).is_file(), "{path}");
        wait_until("the PDF to open in the viewer", || async {
            let log = std::fs::read_to_string(&env.opened_log).unwrap_or_default();
            log.lines()
                .any(|l| l == format!("xdg-open-file {path}"))
                .then_some(())
        })
        .await;
        assert_no_error_banner(&client).await;

        let out = std::process::Command::new("pdftotext")
            .args(["-layout", &path, "-"])
            .output()
            .expect("pdftotext runs (Debian poppler-utils, installed by `make deps`)");
        assert!(out.status.success());
        let text = String::from_utf8_lossy(&out.stdout);
        let squashed: Vec<String> = text
            .lines()
            .map(|l| l.split_whitespace().collect())
            .collect();
        let (per_sku, units) = picked_units(&env, &picked);
        assert!(
            squashed.contains(&format!("3orders,{units}unitstopick")),
            "the totals line: {text}"
        );
        for (sku, quantity) in &per_sku {
            assert!(
                squashed
                    .iter()
                    .any(|l| l.starts_with(&format!("{quantity}{sku}"))),
                "{quantity} × {sku}: {text}"
            );
        }
        for id in &picked {
            assert!(text.contains(id.as_str()), "order {id} is named: {text}");
        }
    })
    .await;
}

/// The units to pick of the stored orders `ids`: per seller SKU, and in all (cancelled line
/// items are not picked).
fn picked_units(env: &AppEnv, ids: &[String]) -> (Vec<(String, u32)>, u32) {
    let store = shopdock_store::Store::open_in_dir(&env.data_dir).expect("open the app's store");
    let shops = store.list_shops().expect("list the stored shops");
    let demo = shops.iter().find(|s| s.is_demo).expect("the demo shop");
    let mut per_sku: Vec<(String, u32)> = Vec::new();
    let mut units = 0;
    for id in ids {
        let order = store
            .get_order(&demo.id, id)
            .expect("read an order")
            .expect("the order is stored");
        let raw: serde_json::Value = serde_json::from_str(&order.raw_json).expect("its JSON");
        for item in raw["line_items"].as_array().into_iter().flatten() {
            if item["display_status"] == "CANCELLED" {
                continue;
            }
            let sku = item["seller_sku"].as_str().unwrap_or_default().to_owned();
            units += 1;
            match per_sku.iter_mut().find(|(s, _)| *s == sku) {
                Some((_, n)) => *n += 1,
                None => per_sku.push((sku, 1)),
            }
        }
    }
    (per_sku, units)
}
