//! `shopdock skus` and `shopdock map` run as a seller's script would, on a real data folder:
//! an import with a bad row prints each problem with its line and saves nothing, --valid-only
//! --yes saves the rest, export and import keep leading zeros in CSV and xlsx, `skus set`
//! refuses bad values, and `map auto` links only after confirmation, over a catalog stored
//! as the product import stores it; `map export` writes what `map import` reads back, and
//! `stock settings` saves nothing of a form with a bad value.

use crate::common::{ok, shopdock};
use shopdock_store::{NewShop, ProductRecord, Region, ShopRegistration, SkuRecord, Store};
use std::path::Path;
use std::process::Output;

fn fails(out: Output) -> (String, String) {
    assert!(!out.status.success(), "expected a failure: {out:?}");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// (code, stock) of every SKU, as `skus list --json` prints them.
fn listed(data: &Path) -> Vec<(String, i64)> {
    let json: serde_json::Value =
        serde_json::from_str(&ok(shopdock(data, &["skus", "list", "--json"]))).unwrap();
    json.as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["code"].as_str().unwrap().to_owned(),
                s["on_hand"].as_i64().unwrap(),
            )
        })
        .collect()
}

fn pairs(list: &[(&str, i64)]) -> Vec<(String, i64)> {
    list.iter().map(|(c, n)| (c.to_string(), *n)).collect()
}

#[test]
fn an_import_names_each_bad_row_saves_nothing_and_saves_the_valid_rows_only_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    ok(shopdock(
        data,
        &["skus", "set", "00123", "--stock", "5", "--name", "Red mug"],
    ));
    let file = data.join("count.csv");
    std::fs::write(
        &file,
        "code,stock,price\n123,4,\nMUG,-2,\nTEA,3,2.50\nmug,1,\n",
    )
    .unwrap();

    let (stdout, _) = fails(shopdock(
        data,
        &["skus", "import", file.to_str().unwrap(), "--yes"],
    ));
    assert!(
        stdout.contains(
            "line 2 123: The code 123 looks like your SKU 00123 without its leading zeros"
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains("line 3 MUG: The stock -2 is negative"),
        "{stdout}"
    );
    assert!(
        stdout.contains("line 3 MUG: The code MUG is on lines 3, 5"),
        "{stdout}"
    );
    assert!(
        stdout.contains("1 new, 0 changed, 0 unchanged, 3 with a problem"),
        "{stdout}"
    );
    assert!(stdout.contains("nothing imported"), "{stdout}");
    assert_eq!(
        listed(data),
        pairs(&[("00123", 5)]),
        "--yes saves nothing while a row is bad"
    );

    let (_, stderr) = fails(shopdock(
        data,
        &["skus", "import", file.to_str().unwrap(), "--valid-only"],
    ));
    assert!(stderr.contains("no terminal to confirm on"), "{stderr}");
    assert_eq!(
        listed(data),
        pairs(&[("00123", 5)]),
        "not confirmed: nothing saved"
    );

    let stdout = ok(shopdock(
        data,
        &[
            "skus",
            "import",
            file.to_str().unwrap(),
            "--valid-only",
            "--yes",
        ],
    ));
    assert!(
        stdout.contains("imported: 1 new, 0 updated, 0 unchanged, 3 skipped"),
        "{stdout}"
    );
    assert_eq!(listed(data), pairs(&[("00123", 5), ("TEA", 3)]));
}

#[test]
fn export_then_import_keeps_leading_zeros_in_csv_and_xlsx() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("source");
    ok(shopdock(
        &data,
        &["skus", "set", "00123", "--stock", "5", "--price", "12.50"],
    ));
    ok(shopdock(&data, &["skus", "set", "007", "--stock", "0"]));
    for name in ["skus.csv", "skus.xlsx"] {
        let file = dir.path().join(name);
        let stdout = ok(shopdock(&data, &["skus", "export", file.to_str().unwrap()]));
        assert!(stdout.contains("exported 2 SKU(s)"), "{stdout}");
        let target = dir.path().join(format!("target-{name}"));
        let stdout = ok(shopdock(
            &target,
            &["skus", "import", file.to_str().unwrap(), "--yes"],
        ));
        assert!(stdout.contains("imported: 2 new"), "{stdout}");
        assert_eq!(
            listed(&target),
            pairs(&[("00123", 5), ("007", 0)]),
            "{name}"
        );
        let json: serde_json::Value =
            serde_json::from_str(&ok(shopdock(&target, &["skus", "list", "--json"]))).unwrap();
        assert_eq!(json[0]["price"], "12.50", "{name}");
    }
}

#[test]
fn skus_set_refuses_bad_values_by_name_and_changes_only_what_it_is_given() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let (_, stderr) = fails(shopdock(data, &["skus", "set", "MUG", "--stock", "-1"]));
    assert!(stderr.contains("on_hand: The stock -1"), "{stderr}");
    let (_, stderr) = fails(shopdock(data, &["skus", "set", "MUG", "--price", "1,50"]));
    assert!(
        stderr.contains("price: The price 1,50 is not an amount"),
        "{stderr}"
    );
    let (_, stderr) = fails(shopdock(data, &["skus", "set", "MUG"]));
    assert!(stderr.contains("give at least one of"), "{stderr}");
    assert!(listed(data).is_empty());

    ok(shopdock(
        data,
        &["skus", "set", "Mug", "--stock", "3", "--price", "4.50"],
    ));
    let stdout = ok(shopdock(data, &["skus", "set", " MUG ", "--stock", "7"]));
    assert!(stdout.contains("Mug  -  stock 7  price 4.50"), "{stdout}");
}

fn shop(id: &str, label: &str) -> NewShop {
    NewShop {
        id: id.into(),
        registration: ShopRegistration {
            label: label.into(),
            region: Region::Us,
            app_key: "app-key".into(),
            service_id: "7000000000000000001".into(),
            shop_hint: "MAINSHOP".into(),
            redirect_port: 8123,
            authorize_url: "https://services.example.test/open/authorize".into(),
            api_base: "https://open-api.example.test".into(),
            auth_base: "https://auth.example.test".into(),
        },
        is_demo: false,
        created_at: 1,
    }
}

fn sku(id: &str, seller_sku: &str) -> SkuRecord {
    SkuRecord {
        sku_id: id.into(),
        seller_sku: seller_sku.into(),
        currency: "USD".into(),
        ..SkuRecord::default()
    }
}

#[test]
fn map_auto_shows_the_proposals_links_only_when_confirmed_and_map_set_makes_bundles() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    for code in ["MUG-RED", "LID"] {
        ok(shopdock(data, &["skus", "set", code, "--stock", "9"]));
    }
    {
        let store = Store::open_in_dir(data).unwrap();
        store.insert_shop(&shop("s1", "Main shop")).unwrap();
        store
            .upsert_products(
                "s1",
                &[ProductRecord {
                    product_id: "P1".into(),
                    title: "Camp mug".into(),
                    status: "ACTIVATE".into(),
                    update_time: 10,
                    skus: vec![
                        sku("1729001", "mug-red "),
                        sku("1729002", ""),
                        sku("1729003", "MUG-RED"),
                        sku("1729004", "CUP"),
                    ],
                    ..ProductRecord::default()
                }],
                20,
            )
            .unwrap();
    }
    let (stdout, stderr) = fails(shopdock(data, &["map", "auto", "Main shop"]));
    assert!(
        stdout.contains("1729001  Camp mug   seller SKU \"mug-red \" -> MUG-RED"),
        "{stdout}"
    );
    assert!(stdout.contains("1729003"), "{stdout}");
    assert!(
        !stdout.contains("1729002") && !stdout.contains("1729004"),
        "{stdout}"
    );
    assert!(
        stderr.contains("no terminal to confirm on: pass --yes"),
        "{stderr}"
    );
    let links = |data: &Path| -> serde_json::Value {
        serde_json::from_str(&ok(shopdock(data, &["map", "list", "MAINSHOP", "--json"]))).unwrap()
    };
    assert_eq!(
        links(data),
        serde_json::json!([]),
        "nothing linked unconfirmed"
    );

    let stdout = ok(shopdock(data, &["map", "auto", "s1", "--yes"]));
    assert!(stdout.contains("linked 2 SKU(s)"), "{stdout}");
    let linked: Vec<String> = links(data)
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["sku_id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(linked, ["1729001", "1729003"]);

    let stdout = ok(shopdock(
        data,
        &["map", "set", "Main shop", "1729004", "MUG-REDx2", "lid"],
    ));
    assert!(stdout.contains("1729004 -> LID + MUG-REDx2"), "{stdout}");
    let stdout = ok(shopdock(data, &["map", "list", "Main shop", "--unmapped"]));
    assert!(
        stdout.contains("1729002") && stdout.contains("1 unmapped SKU(s)"),
        "{stdout}"
    );
    let (_, stderr) = fails(shopdock(
        data,
        &["map", "set", "Main shop", "1729002", "NOPEx2"],
    ));
    assert!(
        stderr.contains("No local SKU with the code NOPE."),
        "{stderr}"
    );
    let stdout = ok(shopdock(data, &["map", "list", "Main shop", "--broken"]));
    assert!(stdout.contains("0 broken link(s)"), "{stdout}");
}

#[test]
fn map_export_writes_every_sku_with_its_link_and_the_filled_in_file_imports_back() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    for code in ["MUG-RED", "LID"] {
        ok(shopdock(data, &["skus", "set", code, "--stock", "9"]));
    }
    {
        let store = Store::open_in_dir(data).unwrap();
        store.insert_shop(&shop("s1", "Main shop")).unwrap();
        let product = |id: &str, status: &str, skus| ProductRecord {
            product_id: id.into(),
            title: format!("Camp mug {id}"),
            status: status.into(),
            update_time: 10,
            skus,
            ..ProductRecord::default()
        };
        store
            .upsert_products(
                "s1",
                &[
                    product(
                        "P1",
                        "ACTIVATE",
                        vec![
                            sku("1729001", "mug-red"),
                            sku("1729002", ""),
                            sku("1729003", "=CUP"),
                        ],
                    ),
                    product("P9", "DELETED", vec![sku("1729009", "OLD")]),
                ],
                20,
            )
            .unwrap();
    }
    ok(shopdock(data, &["map", "set", "s1", "1729001", "MUG-RED"]));
    ok(shopdock(
        data,
        &["map", "set", "s1", "1729002", "MUG-REDx2", "LID"],
    ));

    let (_, stderr) = fails(shopdock(data, &["map", "export", "links.txt"]));
    assert!(stderr.contains("as .csv or .xlsx"), "{stderr}");
    let file = data.join("links.csv");
    let stdout = ok(shopdock(
        data,
        &[
            "map",
            "export",
            file.to_str().unwrap(),
            "--shop",
            "Main shop",
        ],
    ));
    assert!(stdout.contains("wrote 3 SKU(s), 2 linked"), "{stdout}");
    let written = std::fs::read_to_string(&file).unwrap();
    assert_eq!(
        written,
        "shop,sku id,code,factor,product,variant,seller sku\n\
         Main shop,1729001,MUG-RED,1,Camp mug P1,,mug-red\n\
         Main shop,1729002,LID,1,Camp mug P1,,\n\
         Main shop,1729002,MUG-RED,2,Camp mug P1,,\n\
         Main shop,1729003,,,Camp mug P1,,'=CUP\n",
        "a bundle is a row per code; the deleted product's unlinked SKU is left out"
    );

    // Imported back as written: nothing to change, the empty row named only in the count.
    let stdout = ok(shopdock(
        data,
        &["map", "import", file.to_str().unwrap(), "--yes"],
    ));
    assert!(
        stdout.contains("0 new, 0 changed, 3 unchanged, 1 without a code, 0 with a problem"),
        "{stdout}"
    );
    assert!(stdout.contains("nothing to change"), "{stdout}");

    // The seller fills in the empty code: that SKU, and only it, is linked.
    std::fs::write(&file, written.replace("1729003,,,", "1729003,LIDx3,,")).unwrap();
    let stdout = ok(shopdock(
        data,
        &["map", "import", file.to_str().unwrap(), "--yes"],
    ));
    assert!(
        stdout.contains("linked 1 SKU(s), 2 unchanged, 0 row(s) skipped"),
        "{stdout}"
    );
    let links: serde_json::Value =
        serde_json::from_str(&ok(shopdock(data, &["map", "list", "s1", "--json"]))).unwrap();
    let parts: Vec<(String, String)> = links
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["sku_id"].as_str().unwrap().to_owned(),
                l["parts"].to_string(),
            )
        })
        .collect();
    assert_eq!(parts[2].0, "1729003");
    assert_eq!(parts[2].1, r#"[{"code":"LID","factor":3}]"#);
}

#[test]
fn stock_settings_refuses_a_bad_value_on_its_field_and_saves_none_of_the_others() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    Store::open_in_dir(data)
        .unwrap()
        .insert_shop(&shop("s1", "Main shop"))
        .unwrap();
    let settings = |data: &Path| -> serde_json::Value {
        serde_json::from_str(&ok(shopdock(
            data,
            &["stock", "settings", "Main shop", "--json"],
        )))
        .unwrap()
    };
    let before = settings(data);
    let (_, stderr) = fails(shopdock(
        data,
        &[
            "stock",
            "settings",
            "Main shop",
            "--buffer",
            "5",
            "--reconcile-minutes",
            "0",
            "--price-currency",
            "dollars",
        ],
    ));
    assert!(
        stderr.contains("reconcile_minutes: Reconcile every 1 to 10080 minutes"),
        "{stderr}"
    );
    assert!(
        stderr.contains("price_currency: A currency is its three-letter code"),
        "{stderr}"
    );
    assert_eq!(settings(data), before, "the buffer was not saved either");

    let stdout = ok(shopdock(
        data,
        &[
            "stock",
            "settings",
            "Main shop",
            "--buffer",
            "5",
            "--price-currency",
            "gbp",
        ],
    ));
    assert!(stdout.contains("buffer: 5 unit(s) held back"), "{stdout}");
    assert!(stdout.contains("your prices are in GBP"), "{stdout}");
}
