//! The seller's SKU list from spreadsheets, on a real SQLite file: every malformed row of an
//! xlsx or CSV file named on its row by kind, nothing saved while any row has a problem (or
//! only the valid rows, when the seller asks), and codes with leading zeros surviving an
//! export and an import in both formats.

use crate::support::open_app;
use rust_xlsxwriter::Workbook;
use shopdock_core::{
    CoreEvent, ErrorCode, FormField, LocalSkuInput, LocalSkuView, Shopdock, SkuImportPreview,
    SkuProblemKind, SkuRowStatus,
};

fn input(code: &str, on_hand: i64, price: Option<&str>) -> LocalSkuInput {
    LocalSkuInput {
        code: code.into(),
        name: Some(format!("{code} name")),
        on_hand: Some(on_hand),
        price: price.map(String::from),
        cost: None,
    }
}

async fn seed(app: &Shopdock, skus: &[(&str, i64, Option<&str>)]) {
    for (code, on_hand, price) in skus {
        app.save_local_sku(input(code, *on_hand, *price))
            .await
            .unwrap();
    }
}

/// The row's status and the kinds of its problems (errors first, then warnings).
fn row(
    preview: &SkuImportPreview,
    line: u32,
) -> (SkuRowStatus, Vec<SkuProblemKind>, Vec<SkuProblemKind>) {
    let r = preview
        .rows
        .iter()
        .find(|r| r.line == line)
        .unwrap_or_else(|| panic!("line {line} in {:#?}", preview.rows));
    (
        r.status,
        r.problems.iter().map(|p| p.kind).collect(),
        r.warnings.iter().map(|p| p.kind).collect(),
    )
}

/// A SKU's code, name, stock, price and cost.
type Listed = (String, String, i64, Option<String>, Option<String>);

/// What the seller's list holds, ignoring when it changed.
fn listed(skus: &[LocalSkuView]) -> Vec<Listed> {
    skus.iter()
        .map(|s| {
            (
                s.code.clone(),
                s.name.clone(),
                s.on_hand,
                s.price.clone(),
                s.cost.clone(),
            )
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn an_xlsx_names_each_problem_on_its_row_and_nothing_is_saved_while_any_row_has_one() {
    let t = open_app(None).await;
    seed(
        &t.app,
        &[
            ("00123", 5, None),
            ("KEEP", 4, Some("9.99")),
            ("MUG", 2, None),
        ],
    )
    .await;
    let before = t.app.local_skus().await.unwrap();

    let path = t.dir.path().join("stock take.xlsx");
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    for (col, title) in ["SKU", "Product Name", "On Hand", "Price", "Cost Price"]
        .iter()
        .enumerate()
    {
        sheet.write_string(0, col as u16, *title).unwrap();
    }
    // Row numbers below are the sheet's (the header is row 1).
    let text = |sheet: &mut rust_xlsxwriter::Worksheet, r: u32, c: u16, v: &str| {
        sheet.write_string(r - 1, c, v).unwrap();
    };
    text(sheet, 2, 0, "00123"); // changed: new stock
    sheet.write_number(1, 2, 9.0).unwrap();
    sheet.write_number(2, 0, 123.0).unwrap(); // row 3: 00123 without its zeros
    sheet.write_number(2, 2, 1.0).unwrap();
    text(sheet, 4, 0, "TEA");
    sheet.write_number(3, 2, -2.0).unwrap();
    text(sheet, 5, 0, "CUP");
    sheet.write_number(4, 2, 2.5).unwrap();
    text(sheet, 6, 0, "LID");
    text(sheet, 6, 3, "12.345");
    text(sheet, 7, 0, "MUG");
    text(sheet, 8, 0, " mug ");
    text(sheet, 9, 1, "A row without a code");
    sheet.write_number(9, 0, 5.77e17).unwrap(); // row 10: a long code made a number
    sheet.write_number(10, 0, 4711.0).unwrap(); // row 11: a plain number code
    sheet.write_number(10, 2, 1.0).unwrap();
    text(sheet, 12, 0, "BOWL");
    sheet.write_number(11, 2, 3.0).unwrap();
    text(sheet, 12, 4, "1.20");
    text(sheet, 13, 0, "PLATE");
    text(sheet, 13, 4, "cheap");
    text(sheet, 14, 0, "KEEP");
    sheet.write_number(13, 2, 4.0).unwrap();
    sheet.write_number(13, 3, 9.99).unwrap();
    book.save(&path).unwrap();

    let preview = t.app.preview_sku_file(&path).await.unwrap();
    use SkuProblemKind::*;
    use SkuRowStatus::*;
    assert_eq!(row(&preview, 2), (Changed, vec![], vec![]));
    assert_eq!(row(&preview, 3), (Error, vec![LeadingZerosLost], vec![]));
    assert_eq!(row(&preview, 4), (Error, vec![NegativeStock], vec![]));
    assert_eq!(row(&preview, 5), (Error, vec![FractionalStock], vec![]));
    assert_eq!(row(&preview, 6), (Error, vec![BadPrice], vec![]));
    assert_eq!(row(&preview, 7), (Error, vec![DuplicateCode], vec![]));
    assert_eq!(row(&preview, 8), (Error, vec![DuplicateCode], vec![]));
    assert_eq!(row(&preview, 9), (Error, vec![MissingCode], vec![]));
    assert_eq!(row(&preview, 10), (Error, vec![NumberForText], vec![]));
    assert_eq!(row(&preview, 11), (New, vec![], vec![NumberForText]));
    assert_eq!(row(&preview, 12), (New, vec![], vec![]));
    assert_eq!(row(&preview, 13), (Error, vec![BadCost], vec![]));
    assert_eq!(
        row(&preview, 14),
        (Ok, vec![], vec![]),
        "9.99 as a number is 9.99"
    );
    assert_eq!(
        (preview.ok, preview.new, preview.changed, preview.errors),
        (1, 2, 1, 9)
    );
    let message = |line: u32| {
        preview
            .rows
            .iter()
            .find(|r| r.line == line)
            .unwrap()
            .problems[0]
            .message
            .clone()
    };
    assert!(
        message(3).contains("00123 without its leading zeros"),
        "{}",
        message(3)
    );
    assert!(message(7).contains("lines 7, 8"), "{}", message(7));
    assert!(
        message(6).contains("more than two decimals"),
        "{}",
        message(6)
    );
    let changed = preview.rows.iter().find(|r| r.line == 2).unwrap();
    assert_eq!(changed.before.as_ref().map(|b| b.on_hand), Some(5));
    assert_eq!(changed.on_hand, Some(9));

    let refused = t.app.import_sku_file(&path, false).await.unwrap_err();
    assert_eq!(refused.code, ErrorCode::Conflict);
    assert!(refused.message.contains("9 row(s)"), "{}", refused.message);
    assert_eq!(
        listed(&t.app.local_skus().await.unwrap()),
        listed(&before),
        "nothing half-applied"
    );

    let mut events = t.app.subscribe();
    let result = t.app.import_sku_file(&path, true).await.unwrap();
    assert_eq!(
        (
            result.created,
            result.updated,
            result.unchanged,
            result.skipped
        ),
        (2, 1, 1, 9)
    );
    let after = t.app.local_skus().await.unwrap();
    let codes: Vec<&str> = after.iter().map(|s| s.code.as_str()).collect();
    assert_eq!(codes, ["00123", "4711", "BOWL", "KEEP", "MUG"]);
    assert_eq!(after[0].on_hand, 9);
    assert_eq!(after[2].cost.as_deref(), Some("1.20"), "money kept exactly");
    assert_eq!(after[4].on_hand, 2, "the duplicated code was not touched");
    match events.try_recv() {
        Result::Ok(CoreEvent::LocalSkusChanged { mut codes }) => {
            codes.sort();
            assert_eq!(codes, ["00123", "4711", "BOWL"]);
        }
        other => panic!("expected LocalSkusChanged, got {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_csv_from_a_spreadsheet_names_mangled_codes_and_bad_numbers_and_saves_nothing() {
    let t = open_app(None).await;
    seed(&t.app, &[("00123", 5, None)]).await;
    let path = t.dir.path().join("skus.csv");
    let body = "\u{feff}Item Code;Title;Qty;Selling Price\n\
                123;Lost zeros;1;2.00\n\
                5.77012E+17;Scientific;1;2.00\n\
                FORK;Thousands;1,000;2.00\n\
                KNIFE;Dollar;3;$5\n\
                ;;;\n\
                SPOON;Fine;3;0.5\n";
    std::fs::write(&path, body).unwrap();
    let preview = t.app.preview_sku_file(&path).await.unwrap();
    use SkuProblemKind::*;
    use SkuRowStatus::*;
    assert_eq!(row(&preview, 2), (Error, vec![LeadingZerosLost], vec![]));
    assert_eq!(row(&preview, 3), (Error, vec![NumberForText], vec![]));
    assert_eq!(row(&preview, 4), (Error, vec![BadStock], vec![]));
    assert_eq!(row(&preview, 5), (Error, vec![BadPrice], vec![]));
    assert_eq!(row(&preview, 7), (New, vec![], vec![]));
    assert_eq!(preview.rows.len(), 5, "the blank row is no row");
    let columns: Vec<&str> = preview.columns.iter().map(|c| c.as_str()).collect();
    assert_eq!(columns, ["code", "name", "stock", "price"]);

    assert!(t.app.import_sku_file(&path, false).await.is_err());
    let codes: Vec<String> = t
        .app
        .local_skus()
        .await
        .unwrap()
        .into_iter()
        .map(|s| s.code)
        .collect();
    assert_eq!(codes, ["00123"], "nothing saved");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_file_without_a_code_column_is_refused_with_the_headers_it_has() {
    let t = open_app(None).await;
    let path = t.dir.path().join("wrong.csv");
    std::fs::write(&path, "Title,Qty\nMug,1\n").unwrap();
    let e = t.app.preview_sku_file(&path).await.unwrap_err();
    assert!(e.message.contains("It has: Title, Qty."), "{}", e.message);
}

#[tokio::test(flavor = "multi_thread")]
async fn leading_zeros_and_exact_prices_survive_an_export_and_an_import_as_csv_and_as_xlsx() {
    let source = open_app(None).await;
    let skus = [
        ("00123", 5, Some("12.50")),
        ("0042-A", 0, None),
        ("-DISCOUNT", 1, Some("0.10")),
        ("Mug, red", 7, Some("1000")),
    ];
    seed(&source.app, &skus).await;
    source
        .app
        .save_local_sku(LocalSkuInput {
            code: "00123".into(),
            cost: Some("3.05".into()),
            ..LocalSkuInput::default()
        })
        .await
        .unwrap();
    let original = listed(&source.app.local_skus().await.unwrap());

    for name in ["skus.csv", "skus.xlsx"] {
        let path = source.dir.path().join(name);
        assert_eq!(source.app.export_local_skus(&path).await.unwrap(), 4);

        let again = source.app.preview_sku_file(&path).await.unwrap();
        assert_eq!(
            (again.ok, again.new, again.changed, again.errors),
            (4, 0, 0, 0),
            "{name} read back is what is stored: {:#?}",
            again.rows
        );
        assert!(
            again.rows.iter().all(|r| r.warnings.is_empty()),
            "codes are text in {name}"
        );

        let target = open_app(None).await;
        let result = target.app.import_sku_file(&path, false).await.unwrap();
        assert_eq!(result.created, 4, "{name}");
        assert_eq!(
            listed(&target.app.local_skus().await.unwrap()),
            original,
            "{name}"
        );
    }

    let wrong = source.dir.path().join("skus.txt");
    let e = source.app.export_local_skus(&wrong).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::Validation);
    assert!(!wrong.exists());
}

#[tokio::test(flavor = "multi_thread")]
async fn one_sku_is_edited_field_by_field_and_each_bad_value_is_named_on_its_field() {
    let t = open_app(None).await;
    let e = t
        .app
        .save_local_sku(LocalSkuInput {
            code: " ".into(),
            on_hand: Some(-1),
            price: Some("1,50".into()),
            cost: Some("-2".into()),
            ..LocalSkuInput::default()
        })
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::Validation);
    let fields: Vec<FormField> = e.fields.iter().map(|f| f.field).collect();
    assert_eq!(
        fields,
        [
            FormField::SkuCode,
            FormField::OnHand,
            FormField::Price,
            FormField::Cost
        ]
    );
    assert!(t.app.local_skus().await.unwrap().is_empty());

    let mut events = t.app.subscribe();
    let created = t
        .app
        .save_local_sku(input("Mug-Red", 3, Some("4.5")))
        .await
        .unwrap();
    assert_eq!(
        (
            created.code.as_str(),
            created.on_hand,
            created.price.as_deref()
        ),
        ("Mug-Red", 3, Some("4.5"))
    );
    assert!(
        matches!(events.try_recv(), Ok(CoreEvent::LocalSkusChanged { codes }) if codes == ["Mug-Red"])
    );
    let edited = t
        .app
        .save_local_sku(LocalSkuInput {
            code: "mug-red ".into(),
            on_hand: Some(8),
            price: Some(String::new()),
            ..LocalSkuInput::default()
        })
        .await
        .unwrap();
    assert_eq!(
        (
            edited.code.as_str(),
            edited.name.as_str(),
            edited.on_hand,
            edited.price
        ),
        ("Mug-Red", "Mug-Red name", 8, None),
        "the stored spelling, the name kept, the price cleared"
    );
    t.app.delete_local_sku("MUG-RED").await.unwrap();
    let gone = t.app.delete_local_sku("MUG-RED").await.unwrap_err();
    assert_eq!(gone.code, ErrorCode::NotFound);
}
