//! The thumbnail cache against the sandbox's image host over real loopback HTTP: an import
//! downloads each product's thumbnail once (the list and the drawer then name the cached
//! file), a second import downloads nothing, a replaced image is downloaded again and the old
//! file removed, deleted products and removed shops leave no files, and a failing image host
//! never fails the import: the next import retries.

use crate::support::{unlimited_demo_shop, TestApp};
use shopdock_core::products::thumbnails::parse_file_name;
use shopdock_core::{CoreEvent, ProductQueryInput, ProductRowView};
use shopdock_sandbox::{Control, ProductEdit, ProductInfo};
use std::collections::BTreeSet;
use std::time::Duration;
use tokio_util::sync::CancellationToken;

/// An app with the sandbox's demo shop connected and no rate limit on either side: the app,
/// the sandbox's shop id, and Shopdock's.
async fn demo_shop() -> (TestApp, String, String) {
    let (t, demo, shop) = unlimited_demo_shop().await;
    (t, demo.id, shop)
}

async fn control(t: &TestApp) -> Control {
    t.sandbox().await.control().clone()
}

/// Products Get Product serves (their images are known): one thumbnail link each.
fn with_images(products: &[ProductInfo]) -> usize {
    products
        .iter()
        .filter(|p| p.status != "DELETED" && p.status != "FREEZE")
        .count()
}

/// The names of the files in the cache folder.
fn cached(t: &TestApp) -> BTreeSet<String> {
    match std::fs::read_dir(t.app.thumbnail_dir()) {
        Ok(entries) => entries
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect(),
        Err(_) => BTreeSet::new(),
    }
}

async fn rows(t: &TestApp, shop: &str) -> Vec<ProductRowView> {
    t.app
        .query_products(ProductQueryInput {
            shop_ids: vec![shop.into()],
            limit: Some(1000),
            ..Default::default()
        })
        .await
        .unwrap()
        .rows
}

async fn import(t: &TestApp, shop: &str) -> shopdock_core::ProductImportSummary {
    t.app
        .import_products(shop, false, CancellationToken::new())
        .await
        .expect("the import succeeds")
}

#[tokio::test(flavor = "multi_thread")]
async fn an_import_caches_each_thumbnail_once_and_a_second_import_downloads_nothing() {
    let (t, tiktok_shop, shop) = demo_shop().await;
    let c = control(&t).await;
    let products = c.products(&tiktok_shop).unwrap();
    let expected = with_images(&products);
    assert!(expected > 10, "a catalog worth caching: {expected}");
    let mut events = t.app.subscribe();

    // The window's way: in the background, the list told once the thumbnails are there.
    t.app.start_product_import(&shop, false).await.unwrap();
    tokio::time::timeout(Duration::from_secs(60), async {
        loop {
            match events.recv().await.unwrap() {
                CoreEvent::ProductThumbnailsChanged { shop_id } if shop_id == shop => break,
                CoreEvent::ProductImportStopped { error, .. } => panic!("{error:?}"),
                _ => {}
            }
        }
    })
    .await
    .expect("thumbnails announced");
    assert_eq!(
        c.image_host().requests as usize,
        expected,
        "one download each"
    );
    let files = cached(&t);
    assert_eq!(files.len(), expected, "{files:?}");
    assert!(files.iter().all(|f| parse_file_name(f).is_some()));

    let rows = rows(&t, &shop).await;
    for row in &rows {
        let served = row.status != "DELETED" && row.status != "FREEZE";
        assert_eq!(row.thumbnail_key.is_some(), served, "{row:?}");
        if let Some(key) = &row.thumbnail_key {
            let (path, mime) = t.app.thumbnail_file(key).expect("a name the cache writes");
            assert_eq!(mime, "image/svg+xml");
            let svg = std::fs::read_to_string(path).unwrap();
            assert!(svg.starts_with("<svg"), "the sandbox's picture");
        }
    }
    let one = rows.iter().find(|r| r.thumbnail_key.is_some()).unwrap();
    let drawer = t.app.product_drawer(&shop, &one.product_id).await.unwrap();
    assert_eq!(drawer.thumbnail_key, one.thumbnail_key);

    let again = import(&t, &shop).await;
    assert_eq!(
        (again.thumbnails_downloaded, again.thumbnails_failed),
        (0, 0)
    );
    assert_eq!(
        c.image_host().requests as usize,
        expected,
        "nothing downloaded again"
    );
    assert_eq!(cached(&t), files);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_replaced_image_is_downloaded_again_and_files_no_product_shows_are_removed() {
    let (t, tiktok_shop, shop) = demo_shop().await;
    let c = control(&t).await;
    let first = import(&t, &shop).await;
    let products = c.products(&tiktok_shop).unwrap();
    assert_eq!(first.thumbnails_downloaded as usize, with_images(&products));
    let key_of = |rows: &[ProductRowView], id: &str| {
        rows.iter()
            .find(|r| r.product_id == id)
            .and_then(|r| r.thumbnail_key.clone())
    };
    let before = rows(&t, &shop).await;
    let live: Vec<&ProductInfo> = products.iter().filter(|p| p.status == "ACTIVATE").collect();
    let (replaced, deleted) = (&live[0].product_id, &live[1].product_id);
    let old_key = key_of(&before, replaced).unwrap();
    let deleted_key = key_of(&before, deleted).unwrap();

    let edit = |status: Option<&str>, new_image: bool| ProductEdit {
        status: status.map(str::to_owned),
        new_image,
        ..ProductEdit::default()
    };
    c.edit_product(&tiktok_shop, replaced, &edit(None, true))
        .unwrap();
    c.edit_product(&tiktok_shop, deleted, &edit(Some("DELETED"), false))
        .unwrap();
    let requests = c.image_host().requests;
    let summary = import(&t, &shop).await;
    assert_eq!(summary.thumbnails_downloaded, 1, "{summary:?}");
    assert_eq!(c.image_host().requests, requests + 1);
    let after = rows(&t, &shop).await;
    let new_key = key_of(&after, replaced).expect("the new image is cached");
    assert_ne!(new_key, old_key);
    assert_eq!(key_of(&after, deleted), None);
    let files = cached(&t);
    assert!(files.contains(&new_key));
    assert!(
        !files.contains(&old_key),
        "the replaced image's file is gone"
    );
    assert!(
        !files.contains(&deleted_key),
        "the deleted product's file is gone"
    );
    assert_eq!(files.len(), first.thumbnails_downloaded as usize - 1);

    t.app.remove_shop(&shop).await.unwrap();
    assert_eq!(cached(&t), BTreeSet::new(), "a removed shop leaves no file");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_failing_image_host_never_fails_the_import_and_the_next_import_retries() {
    let (t, tiktok_shop, shop) = demo_shop().await;
    let c = control(&t).await;
    let expected = with_images(&c.products(&tiktok_shop).unwrap());
    c.set_image_host_failing(Some(503)).unwrap();
    let summary = import(&t, &shop).await;
    assert!(
        summary.inserted > 0,
        "the products are imported: {summary:?}"
    );
    assert_eq!(
        (
            summary.thumbnails_downloaded,
            summary.thumbnails_failed as usize
        ),
        (0, expected)
    );
    assert_eq!(cached(&t), BTreeSet::new(), "no half file kept");
    let rows = rows(&t, &shop).await;
    assert!(rows.iter().all(|r| r.thumbnail_key.is_none()));
    assert!(
        rows.iter().any(|r| r.thumbnail_url.is_some()),
        "the links are kept"
    );

    c.set_image_host_failing(None).unwrap();
    let retried = import(&t, &shop).await;
    assert_eq!(
        (
            retried.thumbnails_downloaded as usize,
            retried.thumbnails_failed
        ),
        (expected, 0)
    );
    assert_eq!(cached(&t).len(), expected);
}
