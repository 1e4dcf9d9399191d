//! Each shop's remembered carrier names: confirmed once, replaced by a later confirmation,
//! forgotten on request, never shared between shops, gone with their shop.

use crate::common;

use shopdock_store::{CarrierMapping, StoreErrorCode};

fn mapping(key: &str, name: &str, provider: &str, at: i64) -> CarrierMapping {
    CarrierMapping {
        seller_key: key.into(),
        seller_name: name.into(),
        provider_name: provider.into(),
        updated_at: at,
    }
}

#[test]
fn a_mapping_is_remembered_per_shop_replaced_by_a_later_one_and_forgotten() {
    let (_dir, store) = common::store_with_shops(&["s1", "s2"]);
    store
        .set_carrier_mapping(
            "s1",
            &mapping("royalmail24", "Royal Mail 24", "Royal Mail", 1),
        )
        .unwrap();
    store
        .set_carrier_mapping("s1", &mapping("dhl", "DHL", "DHL", 2))
        .unwrap();
    assert_eq!(
        store.carrier_mapping("s1", "royalmail24").unwrap(),
        Some(mapping("royalmail24", "Royal Mail 24", "Royal Mail", 1))
    );
    assert_eq!(store.carrier_mapping("s2", "royalmail24").unwrap(), None);

    store
        .set_carrier_mapping("s1", &mapping("royalmail24", "royal mail 24", "Evri", 3))
        .unwrap();
    let all = store.carrier_mappings("s1").unwrap();
    assert_eq!(
        all,
        vec![
            mapping("dhl", "DHL", "DHL", 2),
            mapping("royalmail24", "royal mail 24", "Evri", 3)
        ]
    );

    assert!(store.forget_carrier_mapping("s1", "dhl").unwrap());
    assert!(!store.forget_carrier_mapping("s1", "dhl").unwrap());
    assert_eq!(store.carrier_mappings("s1").unwrap().len(), 1);

    store.delete_shop("s1").unwrap();
    assert!(store.carrier_mappings("s1").unwrap().is_empty());
}

#[test]
fn a_mapping_needs_a_known_shop_a_key_and_a_provider() {
    let (_dir, store) = common::store_with_shops(&["s1"]);
    let unknown = store
        .set_carrier_mapping("nope", &mapping("dhl", "DHL", "DHL", 1))
        .unwrap_err();
    assert_eq!(unknown.code(), StoreErrorCode::NotFound, "{unknown}");
    for bad in [mapping("", "x", "DHL", 1), mapping("dhl", "DHL", " ", 1)] {
        let e = store.set_carrier_mapping("s1", &bad).unwrap_err();
        assert_eq!(e.code(), StoreErrorCode::Validation, "{e}");
    }
}

#[test]
fn the_delivery_options_of_recent_seller_shipped_orders_are_listed_once_each() {
    let (_dir, store) = common::store_with_shops(&["s1"]);
    let order = |id: &str, created: i64, shipping: &str, option: &str| {
        let mut o = common::order(id, created, "AWAITING_SHIPMENT", "to_ship");
        o.header.create_time = created;
        o.header.shipping_type = Some(shipping.into());
        o.raw_json = format!(r#"{{"id":"{id}","delivery_option_id":"{option}"}}"#).into();
        o
    };
    let orders = [
        order("1", 10, "SELLER", "opt-a"),
        order("2", 20, "SELLER", "opt-b"),
        order("3", 30, "SELLER", "opt-a"),
        order("4", 40, "TIKTOK", "opt-tiktok"),
        order("5", 5, "SELLER", "opt-old"),
    ];
    store.write(|tx| tx.upsert_orders("s1", &orders)).unwrap();
    let mut recent = store.recent_delivery_options("s1", 3).unwrap();
    recent.sort();
    assert_eq!(recent, ["opt-a", "opt-b"], "the newest three seller orders");
    assert!(store.recent_delivery_options("s2", 3).unwrap().is_empty());
    // Newer orders with an empty option and with none at all name no option.
    let mut without = order("7", 70, "SELLER", "");
    without.raw_json = r#"{"id":"7"}"#.into();
    let newer = [order("6", 60, "SELLER", ""), without];
    store.write(|tx| tx.upsert_orders("s1", &newer)).unwrap();
    let mut recent = store.recent_delivery_options("s1", 5).unwrap();
    recent.sort();
    assert_eq!(recent, ["opt-a", "opt-b"], "the newest five seller orders");
}
