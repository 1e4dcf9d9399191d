//! The shops and shop_options tables, and what deleting a shop takes with it.

use crate::common;

use shopdock_store::{
    AuthState, NewBackfillJob, OrderQuery, Region, ShopAuthorization, ShopOptions, StoreError,
    WatermarkUpdate,
};

fn authorization() -> ShopAuthorization {
    ShopAuthorization {
        tiktok_shop_id: "7495540735365777507".into(),
        shop_cipher: "ROW_abc123".into(),
        shop_name: "Mugs & Tea".into(),
        shop_code: Some("USSHOP01".into()),
        shop_region: Some("US".into()),
        seller_type: Some("LOCAL".into()),
        seller_name: Some("Ada".into()),
        seller_base_region: Some("US".into()),
        open_id: Some("open-1".into()),
        granted_scopes: vec![
            "seller.order.info".into(),
            "seller.fulfillment.basic".into(),
        ],
        access_expires_at: 1_700_604_800,
        refresh_expires_at: 1_731_536_000,
    }
}

#[test]
fn inserted_shop_reads_back_unconnected_with_every_field() {
    let (_dir, store) = common::store();
    let mut shop = common::new_shop("s1", 42);
    shop.is_demo = true;
    shop.registration.region = Region::Row;
    store.insert_shop(&shop).unwrap();
    let got = store.get_shop("s1").unwrap().unwrap();
    assert_eq!(got.id, "s1");
    assert_eq!(got.registration, shop.registration);
    assert!(got.is_demo);
    assert_eq!(got.created_at, 42);
    assert_eq!(got.authorization, None);
    assert_eq!(got.auth_state, AuthState::NotConnected);
    assert_eq!(got.auth_problem, None);
    assert!(!got.sync_paused);
    assert_eq!(store.get_shop("nope").unwrap(), None);
}

#[test]
fn duplicate_shop_id_is_rejected() {
    let (_dir, store) = common::store_with_shops(&["s1"]);
    let err = store.insert_shop(&common::new_shop("s1", 5)).unwrap_err();
    assert!(matches!(err, StoreError::Sqlite(_)), "{err:?}");
}

#[test]
fn shops_are_listed_in_the_order_they_were_added() {
    let (_dir, store) = common::store();
    for (id, at) in [("c", 3), ("a", 1), ("b", 2), ("d", 2)] {
        store.insert_shop(&common::new_shop(id, at)).unwrap();
    }
    let ids: Vec<_> = store
        .list_shops()
        .unwrap()
        .into_iter()
        .map(|s| s.id)
        .collect();
    // Same created_at: insertion order breaks the tie.
    assert_eq!(ids, ["a", "b", "d", "c"]);
}

#[test]
fn registration_update_replaces_entered_fields_and_keeps_authorization() {
    let (_dir, store) = common::store_with_shops(&["s1"]);
    store
        .set_shop_authorization("s1", &authorization())
        .unwrap();
    let mut reg = common::registration("Renamed");
    reg.redirect_port = 9000;
    reg.api_base = "http://127.0.0.1:4010".into();
    store.update_shop_registration("s1", &reg).unwrap();
    let got = store.get_shop("s1").unwrap().unwrap();
    assert_eq!(got.registration, reg);
    assert_eq!(got.authorization, Some(authorization()));
    let err = store.update_shop_registration("nope", &reg).unwrap_err();
    assert!(matches!(err, StoreError::ShopNotFound(id) if id == "nope"));
}

#[test]
fn authorization_connects_the_shop_and_clears_a_previous_problem() {
    let (_dir, store) = common::store_with_shops(&["s1"]);
    store
        .set_shop_auth_state("s1", AuthState::ReauthNeeded, Some("refresh token revoked"))
        .unwrap();
    let got = store.get_shop("s1").unwrap().unwrap();
    assert_eq!(got.auth_state, AuthState::ReauthNeeded);
    assert_eq!(got.auth_problem.as_deref(), Some("refresh token revoked"));

    store
        .set_shop_authorization("s1", &authorization())
        .unwrap();
    let got = store.get_shop("s1").unwrap().unwrap();
    assert_eq!(got.authorization, Some(authorization()));
    assert_eq!(got.auth_state, AuthState::Connected);
    assert_eq!(got.auth_problem, None);

    store.set_shop_token_expiry("s1", 10, 20).unwrap();
    let auth = store
        .get_shop("s1")
        .unwrap()
        .unwrap()
        .authorization
        .unwrap();
    assert_eq!((auth.access_expires_at, auth.refresh_expires_at), (10, 20));

    store.clear_shop_authorization("s1").unwrap();
    let got = store.get_shop("s1").unwrap().unwrap();
    assert_eq!(got.authorization, None);
    assert_eq!(got.auth_state, AuthState::NotConnected);
}

#[test]
fn updates_of_a_missing_shop_say_so() {
    let (_dir, store) = common::store();
    for err in [
        store
            .set_shop_authorization("x", &authorization())
            .unwrap_err(),
        store
            .set_shop_auth_state("x", AuthState::Connected, None)
            .unwrap_err(),
        store.set_shop_token_expiry("x", 1, 2).unwrap_err(),
        store.clear_shop_authorization("x").unwrap_err(),
        store.set_shop_sync_paused("x", true).unwrap_err(),
        store
            .set_shop_options("x", &ShopOptions::default())
            .unwrap_err(),
    ] {
        assert!(
            matches!(err, StoreError::ShopNotFound(ref id) if id == "x"),
            "{err:?}"
        );
    }
}

#[test]
fn sync_pause_is_stored() {
    let (_dir, store) = common::store_with_shops(&["s1"]);
    store.set_shop_sync_paused("s1", true).unwrap();
    assert!(store.get_shop("s1").unwrap().unwrap().sync_paused);
    store.set_shop_sync_paused("s1", false).unwrap();
    assert!(!store.get_shop("s1").unwrap().unwrap().sync_paused);
}

#[test]
fn options_default_until_saved_then_read_back() {
    let (_dir, store) = common::store_with_shops(&["s1"]);
    assert_eq!(store.shop_options("s1").unwrap(), ShopOptions::default());
    let options = ShopOptions {
        auto_download: false,
        auto_confirm: true,
        auto_ship_instructions: true,
        auto_stock_sync: true,
        price_upload: true,
        tracking_upload: true,
        query_shipping_changes: false,
        query_status_changes: false,
        notify_new_orders: false,
        poll_interval_secs: 60,
        confirm_handover: shopdock_store::ConfirmHandover::DropOff,
    };
    store.set_shop_options("s1", &options).unwrap();
    assert_eq!(store.shop_options("s1").unwrap(), options);
    let again = ShopOptions {
        poll_interval_secs: 900,
        ..options
    };
    store.set_shop_options("s1", &again).unwrap();
    assert_eq!(store.shop_options("s1").unwrap(), again);
    let zero = ShopOptions {
        poll_interval_secs: 0,
        ..options
    };
    assert!(matches!(
        store.set_shop_options("s1", &zero),
        Err(StoreError::Invalid(_))
    ));
}

#[test]
fn a_poll_interval_set_everywhere_reaches_saved_shops_and_shops_added_later() {
    let (_dir, store) = common::store_with_shops(&["saved", "unsaved"]);
    let saved = ShopOptions {
        auto_confirm: true,
        ..ShopOptions::default()
    };
    store.set_shop_options("saved", &saved).unwrap();
    assert_eq!(store.set_poll_interval_everywhere(120).unwrap(), 2);
    let after = store.shop_options("saved").unwrap();
    assert_eq!(after.poll_interval_secs, 120);
    assert!(after.auto_confirm, "only the interval changes");
    assert_eq!(
        store.shop_options("unsaved").unwrap().poll_interval_secs,
        120
    );
    store.insert_shop(&common::new_shop("later", 7)).unwrap();
    assert_eq!(store.shop_options("later").unwrap().poll_interval_secs, 120);
    assert_eq!(store.default_poll_interval().unwrap(), 120);
    assert!(matches!(
        store.set_poll_interval_everywhere(0),
        Err(StoreError::Invalid(_))
    ));
    assert_eq!(
        store.default_poll_interval().unwrap(),
        120,
        "a refused change keeps it"
    );
}

#[test]
fn deleting_a_shop_removes_its_orders_search_entries_options_and_sync_state_only() {
    let (_dir, store) = common::store_with_shops(&["s1", "s2"]);
    for shop in ["s1", "s2"] {
        store
            .set_shop_options(shop, &ShopOptions::default())
            .unwrap();
        let orders: Vec<_> = (0..3)
            .map(|i| common::order(&format!("{shop}00{i}"), 5, "AWAITING_SHIPMENT", "to_ship"))
            .collect();
        let watermark = WatermarkUpdate {
            job: "orders".into(),
            watermark: 5,
            cursor: None,
        };
        store
            .upsert_orders(shop, &orders, Some(&watermark))
            .unwrap();
        store
            .create_backfill_job(&NewBackfillJob {
                shop_id: shop.into(),
                kind: "orders".into(),
                range_start: 0,
                range_end: 10,
                created_at: 1,
                windows: vec![(0, 5), (5, 10)],
            })
            .unwrap();
    }
    assert!(store.delete_shop("s1").unwrap());
    assert!(!store.delete_shop("s1").unwrap(), "already gone");

    assert_eq!(store.get_shop("s1").unwrap(), None);
    assert_eq!(store.count_orders("s1").unwrap(), 0);
    assert_eq!(store.get_order("s1", "s1000").unwrap(), None);
    assert_eq!(store.sync_state("s1", "orders").unwrap(), None);
    assert!(store.backfill_jobs("s1").unwrap().is_empty());
    assert!(store.pending_backfill_windows("s1").unwrap().is_empty());

    let everything = store.query_orders(&OrderQuery::default()).unwrap();
    assert_eq!(everything.total, 3);
    assert!(everything.rows.iter().all(|r| r.shop_id == "s2"));
    assert_eq!(everything.group_counts.get("to_ship"), Some(&3));
    let search = store
        .query_orders(&OrderQuery {
            search: Some("mug".into()),
            ..OrderQuery::default()
        })
        .unwrap();
    assert_eq!(
        search.total, 3,
        "search entries of the deleted shop's orders are gone"
    );

    // No orphans anywhere.
    let conn = rusqlite::Connection::open(store.path()).unwrap();
    for table in [
        "order_items",
        "order_details",
        "order_packages",
        "order_status_history",
        "backfill_windows",
    ] {
        let orphans: i64 = conn
            .query_row(
                &format!(
                    "SELECT COUNT(*) FROM {table} WHERE {}",
                    orphan_condition(table)
                ),
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(orphans, 0, "{table}");
    }
    assert_eq!(store.count_orders("s2").unwrap(), 3);
    assert!(store.sync_state("s2", "orders").unwrap().is_some());
}

fn orphan_condition(table: &str) -> &'static str {
    if table == "backfill_windows" {
        "job_id NOT IN (SELECT id FROM backfill_jobs)"
    } else {
        "order_ref NOT IN (SELECT id FROM orders)"
    }
}
