//! The product import against the sandbox over real loopback HTTP, a real SQLite file and the
//! real keyring: a catalog over TikTok's 10,000-result cap is stored product for product, a
//! re-import after the seller's edits updates in place and drops the removed SKUs, an
//! incremental import asks Get Product only for what changed, and a cancelled import leaves a
//! consistent store that the next import completes.

use crate::support::{connect_sandbox_shop, open_app, TestApp};
use shopdock_core::{CoreEvent, ProductQueryInput};
use shopdock_sandbox::{Control, ProductEdit, ProductInfo, ShopInfo};
use std::collections::BTreeMap;
use std::time::Duration;
use tokio_util::sync::CancellationToken;

/// A product as compared on both sides: title, status, and per SKU its seller SKU and stock
/// per warehouse.
type Shape = (
    String,
    String,
    BTreeMap<String, (String, Vec<(String, i64)>)>,
);

/// An app with the sandbox's demo shop connected, its catalog grown to `products`, and no
/// rate limit on either side (the limiter's pacing has its own tests and benchmark).
async fn shop_with_catalog(products: usize) -> (TestApp, ShopInfo, String) {
    let t = open_app(None).await;
    let sandbox = t.sandbox().await;
    let c = sandbox.control();
    let demo = c.demo_shop();
    c.set_rate_limit(0);
    t.app.set_rate_limit_qps(100_000.0);
    if products > 0 {
        c.set_product_count(&demo.id, products).unwrap();
    }
    let shop = connect_sandbox_shop(&t, &demo.code, shopdock_sandbox::DEMO_SELLER).await;
    (t, demo, shop)
}

async fn sandbox_products(t: &TestApp, tiktok_shop: &str) -> Vec<ProductInfo> {
    t.sandbox().await.control().products(tiktok_shop).unwrap()
}

/// The sandbox's products Search Products lists (every status but deleted), by id.
fn listed(products: &[ProductInfo]) -> BTreeMap<String, Shape> {
    products
        .iter()
        .filter(|p| p.status != "DELETED")
        .map(|p| {
            let skus = p
                .skus
                .iter()
                .map(|s| {
                    let stock = s
                        .warehouses
                        .iter()
                        .map(|w| (w.warehouse_id.clone(), w.available))
                        .collect();
                    (s.sku_id.clone(), (s.seller_sku.clone(), stock))
                })
                .collect();
            (
                p.product_id.clone(),
                (p.title.clone(), p.status.clone(), skus),
            )
        })
        .collect()
}

fn store(t: &TestApp) -> shopdock_store::Store {
    shopdock_store::Store::open(&t.app.database_path()).unwrap()
}

/// What the store holds for the shop, in the same shape.
fn stored(t: &TestApp, shop: &str) -> BTreeMap<String, Shape> {
    let store = store(t);
    let mut out = BTreeMap::new();
    let mut offset = 0;
    loop {
        let page = store
            .query_products(&shopdock_store::ProductQuery {
                shop_ids: vec![shop.into()],
                offset,
                limit: shopdock_store::MAX_PRODUCT_PAGE,
                ..Default::default()
            })
            .unwrap();
        if page.rows.is_empty() {
            break;
        }
        offset += page.rows.len() as u32;
        for row in page.rows {
            let d = store
                .product_detail(shop, &row.product_id)
                .unwrap()
                .unwrap();
            let skus = d
                .skus
                .into_iter()
                .map(|s| {
                    let stock = s
                        .stock
                        .into_iter()
                        .map(|w| (w.warehouse_id, w.quantity))
                        .collect();
                    (s.sku_id, (s.seller_sku, stock))
                })
                .collect();
            let prev = out.insert(row.product_id, (d.product.title, d.product.status, skus));
            assert!(prev.is_none(), "a product listed twice");
        }
    }
    out
}

/// Get Product calls in the sandbox's counters since the last reset.
fn get_product_calls(c: &Control) -> u64 {
    c.stats()
        .by_path
        .iter()
        .filter(|(path, _)| {
            path.strip_prefix("/product/202309/products/")
                .is_some_and(|id| !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()))
        })
        .map(|(_, n)| n)
        .sum()
}

fn search_calls(c: &Control) -> u64 {
    c.stats()
        .by_path
        .get("/product/202502/products/search")
        .copied()
        .unwrap_or(0)
}

/// Products Get Product serves (not frozen, not deleted).
fn served(products: &[ProductInfo]) -> usize {
    products
        .iter()
        .filter(|p| p.status != "DELETED" && p.status != "FREEZE")
        .count()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_shop_of_12000_products_imports_each_exactly_once() {
    let (t, demo, shop) = shop_with_catalog(12_000).await;
    let products = sandbox_products(&t, &demo.id).await;
    let want = listed(&products);
    assert!(want.len() > 10_000, "over Search Products' cap");
    let c = t.sandbox().await.control().clone();
    c.reset_stats();

    let summary = t
        .app
        .import_products(&shop, false, CancellationToken::new())
        .await
        .unwrap();
    assert!(summary.full);
    assert_eq!(summary.inserted as usize, want.len(), "{summary:?}");
    assert_eq!(summary.unreachable, 0);
    assert_eq!(
        stored(&t, &shop),
        want,
        "every product once, as TikTok lists it"
    );
    assert_eq!(
        get_product_calls(&c) as usize,
        served(&products),
        "one Get Product per product it serves, none twice"
    );
    let searches = search_calls(&c) as usize;
    let pages = want.len().div_ceil(100);
    assert!(
        searches > pages && searches < pages + 40,
        "the windows split over the cap, at a few searches' cost: {searches} for {pages} pages"
    );
    assert_eq!(
        store(&t).warehouses(&shop).unwrap().len() as u32,
        summary.warehouses
    );

    let page = t
        .app
        .query_products(ProductQueryInput {
            shop_ids: vec![shop.clone()],
            limit: Some(1),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(page.total as usize, want.len());

    // The cap's other reading: TikTok refuses a query over 10,000 at once (12052180). A full
    // import again splits on the refusals, and reads no product again.
    c.set_search_cap_refuses_query(true);
    c.reset_stats();
    let again = t
        .app
        .import_products(&shop, true, CancellationToken::new())
        .await
        .unwrap();
    assert_eq!((again.inserted, again.details_fetched), (0, 0), "{again:?}");
    assert_eq!(get_product_calls(&c), 0);
    assert!(c.stats().by_code.get(&12_052_180).is_some_and(|n| *n > 0));
    assert_eq!(stored(&t, &shop), want);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_drawer_shows_attributes_images_category_bundles_and_stock_per_named_warehouse() {
    let (t, demo, shop) = shop_with_catalog(0).await;
    t.app
        .import_products(&shop, false, CancellationToken::new())
        .await
        .unwrap();
    let products = sandbox_products(&t, &demo.id).await;
    let role = |r: &str| products.iter().find(|p| p.role == r).unwrap().clone();

    let multi = role("multi_warehouse");
    let drawer = t
        .app
        .product_drawer(&shop, &multi.product_id)
        .await
        .unwrap();
    assert_eq!(drawer.title, multi.title);
    assert!(drawer.details_current);
    assert!(drawer.category_name.is_some() && drawer.main_image_url.is_some());
    assert_eq!(drawer.skus.len(), 2);
    for (sku, want) in drawer.skus.iter().zip(&multi.skus) {
        assert_eq!(sku.sku_id, want.sku_id);
        assert!(sku.attributes.contains(": "), "{}", sku.attributes);
        assert_eq!(sku.price.as_deref(), Some(want.price.as_str()));
        let stock: Vec<(String, i64)> = sku
            .stock
            .iter()
            .map(|w| (w.warehouse_id.clone(), w.quantity))
            .collect();
        let expected: Vec<(String, i64)> = want
            .warehouses
            .iter()
            .map(|w| (w.warehouse_id.clone(), w.available))
            .collect();
        assert_eq!(stock, expected, "every warehouse, in TikTok's order");
        assert!(sku.stock.iter().all(|w| w.warehouse_name.is_some()));
    }

    let combo = role("combo");
    let drawer = t
        .app
        .product_drawer(&shop, &combo.product_id)
        .await
        .unwrap();
    assert!(drawer.is_combined);
    let parts: Vec<(String, i64)> = drawer.skus[0]
        .bundle_parts
        .iter()
        .map(|p| (p.sku_id.clone(), p.count))
        .collect();
    assert_eq!(parts, combo.skus[0].parts);

    // Frozen: Get Product refuses it, so it is stored as listed.
    let frozen = role("frozen");
    let drawer = t
        .app
        .product_drawer(&shop, &frozen.product_id)
        .await
        .unwrap();
    assert_eq!(drawer.status, "FREEZE");
    assert!(!drawer.details_current);
    let blank = role("blank_seller_sku");
    let catalog = store(&t).catalog_skus(&shop).unwrap();
    let sku = catalog
        .iter()
        .find(|s| s.product_id == blank.product_id)
        .unwrap();
    assert_eq!(sku.seller_sku, "");
    let missing = t.app.product_drawer(&shop, "1").await.unwrap_err();
    assert_eq!(missing.code, shopdock_core::ErrorCode::NotFound);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_reimport_after_the_sellers_edits_updates_in_place_and_drops_removed_skus() {
    let (t, demo, shop) = shop_with_catalog(300).await;
    let first = t
        .app
        .import_products(&shop, false, CancellationToken::new())
        .await
        .unwrap();
    let products = sandbox_products(&t, &demo.id).await;
    let c = t.sandbox().await.control().clone();
    let multi = products
        .iter()
        .find(|p| p.role == "multi_warehouse")
        .unwrap();
    let dropped = multi.skus[1].sku_id.clone();
    c.edit_product(
        &demo.id,
        &multi.product_id,
        &ProductEdit {
            title: Some("Camp Chair, one colour".into()),
            remove_skus: vec![dropped.clone()],
            ..Default::default()
        },
    )
    .unwrap();
    let filler = products.iter().rev().find(|p| p.role == "filler").unwrap();
    c.edit_product(
        &demo.id,
        &filler.product_id,
        &ProductEdit {
            status: Some("SELLER_DEACTIVATED".into()),
            ..Default::default()
        },
    )
    .unwrap();

    let again = t
        .app
        .import_products(&shop, false, CancellationToken::new())
        .await
        .unwrap();
    assert!(!again.full, "the changes since the last import only");
    assert_eq!(again.inserted, 0, "no product stored twice: {again:?}");
    assert_eq!(again.skus_removed, 1);
    let want = listed(&sandbox_products(&t, &demo.id).await);
    assert_eq!(stored(&t, &shop), want);
    assert_eq!(want.len() as u64, first.inserted);
    let skus = store(&t).catalog_skus(&shop).unwrap();
    assert!(
        skus.iter().all(|s| s.sku_id != dropped),
        "the dropped SKU is gone"
    );
    assert_eq!(
        skus.iter()
            .filter(|s| s.product_id == multi.product_id)
            .map(|s| s.title.as_str())
            .collect::<Vec<_>>(),
        ["Camp Chair, one colour"]
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn an_incremental_import_asks_get_product_only_for_the_changed_products() {
    let (t, demo, shop) = shop_with_catalog(2_000).await;
    t.app
        .import_products(&shop, false, CancellationToken::new())
        .await
        .unwrap();
    let products = sandbox_products(&t, &demo.id).await;
    let c = t.sandbox().await.control().clone();
    let edited: Vec<&ProductInfo> = products
        .iter()
        .filter(|p| p.role == "filler")
        .step_by(400)
        .collect();
    assert_eq!(edited.len(), 5);
    for p in &edited {
        c.edit_product(
            &demo.id,
            &p.product_id,
            &ProductEdit {
                title: Some(format!("{} (new)", p.title)),
                ..Default::default()
            },
        )
        .unwrap();
    }
    c.reset_stats();
    let summary = t
        .app
        .import_products(&shop, false, CancellationToken::new())
        .await
        .unwrap();
    assert_eq!(get_product_calls(&c), 5, "only the edited products");
    assert_eq!(summary.details_fetched, 5);
    // The edited ones, and any other product updated within the overlap.
    assert!(summary.updated >= 5, "{summary:?}");
    // One page of changes and one of deleted products: no walk over the catalog.
    assert_eq!(search_calls(&c), 2);
    assert_eq!(
        c.stats().by_path.get("/logistics/202309/warehouses"),
        Some(&1)
    );
    assert_eq!(
        stored(&t, &shop),
        listed(&sandbox_products(&t, &demo.id).await)
    );

    // Nothing changed since: no Get Product at all.
    c.reset_stats();
    let idle = t
        .app
        .import_products(&shop, false, CancellationToken::new())
        .await
        .unwrap();
    assert_eq!(get_product_calls(&c), 0);
    assert_eq!(idle.inserted + idle.details_fetched, 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_cancelled_import_leaves_a_consistent_store_and_the_next_one_completes_it() {
    let (t, demo, shop) = shop_with_catalog(3_000).await;
    let products = sandbox_products(&t, &demo.id).await;
    let want = listed(&products);
    let c = t.sandbox().await.control().clone();
    c.reset_stats();
    let cancel = CancellationToken::new();
    let mut events = t.app.subscribe();
    let run = {
        let (app, shop, cancel) = (t.app.clone(), shop.clone(), cancel.clone());
        tokio::spawn(async move { app.import_products(&shop, false, cancel).await })
    };
    let deadline = tokio::time::Instant::now() + Duration::from_secs(120);
    loop {
        match tokio::time::timeout_at(deadline, events.recv()).await {
            Ok(Ok(CoreEvent::ProductImportProgress { progress })) if progress.imported >= 500 => {
                break
            }
            Ok(Ok(_)) | Ok(Err(tokio::sync::broadcast::error::RecvError::Lagged(_))) => {}
            other => panic!("no progress: {other:?}"),
        }
    }
    cancel.cancel();
    let err = run.await.unwrap().unwrap_err();
    assert_eq!(err.code, shopdock_core::ErrorCode::Cancelled);
    assert!(!t.app.product_import_running(&shop));

    // Consistent: every stored product is TikTok's, whole, with its SKUs and stock.
    let partial = stored(&t, &shop);
    assert!(
        partial.len() >= 500 && partial.len() < want.len(),
        "{}",
        partial.len()
    );
    for (id, shape) in &partial {
        assert_eq!(Some(shape), want.get(id), "product {id}");
    }
    let status = t.app.product_import_status(&shop).await.unwrap();
    assert!(status.unfinished && status.last_imported_at.is_none());
    let calls_before = get_product_calls(&c);

    c.reset_stats();
    let summary = t
        .app
        .import_products(&shop, false, CancellationToken::new())
        .await
        .unwrap();
    assert!(summary.full, "the full import resumed");
    assert_eq!(stored(&t, &shop), want);
    // Stored products were not read again.
    let served_left = products
        .iter()
        .filter(|p| p.status != "DELETED" && p.status != "FREEZE")
        .filter(|p| !partial.contains_key(&p.product_id))
        .count() as u64;
    assert_eq!(
        get_product_calls(&c),
        served_left,
        "read before: {calls_before}"
    );
    let status = t.app.product_import_status(&shop).await.unwrap();
    assert!(!status.unfinished && status.full_imported_at.is_some());
    assert_eq!(status.products as usize, want.len());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_product_tiktok_no_longer_lists_is_marked_deleted_by_a_full_import() {
    let (t, demo, shop) = shop_with_catalog(200).await;
    t.app
        .import_products(&shop, false, CancellationToken::new())
        .await
        .unwrap();
    let c = t.sandbox().await.control().clone();
    // The catalog shrinks by its last filler (gone from every search, deleted or not).
    let last = sandbox_products(&t, &demo.id).await.pop().unwrap();
    c.set_product_count(&demo.id, 199).unwrap();
    // Sightings are stamped in whole seconds: the next import starts in a later one.
    tokio::time::sleep(Duration::from_millis(1_100)).await;
    let summary = t
        .app
        .import_products(&shop, true, CancellationToken::new())
        .await
        .unwrap();
    assert!(summary.full);
    assert_eq!(summary.marked_deleted, 1);
    assert_eq!(
        summary.details_fetched, 0,
        "nothing else changed: {summary:?}"
    );
    let gone = t.app.product_drawer(&shop, &last.product_id).await.unwrap();
    assert_eq!(gone.status, "DELETED");

    // A second import of the same shop at once is refused, not run twice.
    let cancel = CancellationToken::new();
    let running = {
        let (app, shop, cancel) = (t.app.clone(), shop.clone(), cancel.clone());
        tokio::spawn(async move { app.import_products(&shop, true, cancel).await })
    };
    while !t.app.product_import_running(&shop) {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let refused = t
        .app
        .import_products(&shop, false, CancellationToken::new())
        .await
        .unwrap_err();
    assert_eq!(refused.code, shopdock_core::ErrorCode::Conflict);
    running.await.unwrap().unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn faults_a_token_expiry_and_a_clock_ahead_still_import_every_product_once_under_the_limit() {
    let (t, demo, shop) = shop_with_catalog(400).await;
    let want = listed(&sandbox_products(&t, &demo.id).await);
    let c = t.sandbox().await.control().clone();
    c.set_clock_skew(600);
    // A tight limit, so the bucket's pacing is what keeps the import under it.
    c.set_rate_limit(20);
    t.app.set_rate_limit_qps(19.0);
    c.set_faults(shopdock_sandbox::Faults {
        p_5xx: 0.05,
        p_429: 0.05,
        p_hang: 0.02,
        hang: Duration::from_millis(800),
        p_truncate: 0.05,
    })
    .unwrap();
    c.reset_stats();
    let run = {
        let (app, shop) = (t.app.clone(), shop.clone());
        tokio::spawn(async move {
            app.import_products(&shop, false, CancellationToken::new())
                .await
        })
    };
    tokio::time::sleep(Duration::from_millis(1_500)).await;
    c.expire_access_tokens(shopdock_sandbox::DEMO_APP_KEY)
        .unwrap();
    let summary = run.await.unwrap().unwrap();
    let stats = c.stats();
    c.set_faults(shopdock_sandbox::Faults::default()).unwrap();
    assert!(stats.faults_injected > 5, "faults were injected: {stats:?}");
    assert_eq!(stats.rate_limited, 0, "the real limit was never hit");
    assert!(stats.max_qps_observed <= 20, "{stats:?}");
    assert!(
        stats.by_code.contains_key(&105002),
        "the token expired mid-run"
    );
    assert_eq!(summary.inserted as usize, want.len());
    assert_eq!(stored(&t, &shop), want);
}
