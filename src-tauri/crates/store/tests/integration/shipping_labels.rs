//! TikTok's shipping labels kept with their orders: one row per package and size, replaced by
//! a newer download, listed per order, refused for a shop that does not exist, gone with
//! their shop.

use crate::common;

use shopdock_store::{ShippingLabel, StoreErrorCode};

fn label(package: &str, size: &str, order: &str, at: i64) -> ShippingLabel {
    ShippingLabel {
        shop_id: "s1".into(),
        package_id: package.into(),
        document_size: size.into(),
        order_id: order.into(),
        tracking_number: Some(format!("T{package}")),
        file_name: format!("documents/labels/s1/{package}-{size}.pdf"),
        bytes: 1200,
        fetched_at: at,
    }
}

#[test]
fn a_label_is_kept_per_package_and_size_and_a_newer_download_replaces_it() {
    let (_dir, store) = common::store_with_shops(&["s1", "s2"]);
    store
        .put_shipping_label(&label("P1", "A6", "O1", 10))
        .unwrap();
    store
        .put_shipping_label(&label("P1", "A5", "O1", 11))
        .unwrap();
    store
        .put_shipping_label(&label("P2", "A6", "O1", 12))
        .unwrap();
    store
        .put_shipping_label(&label("P3", "A6", "O2", 13))
        .unwrap();
    let newer = ShippingLabel {
        bytes: 1500,
        ..label("P1", "A6", "O1", 20)
    };
    store.put_shipping_label(&newer).unwrap();

    assert_eq!(store.shipping_label("s1", "P1", "A6").unwrap(), Some(newer));
    assert_eq!(store.shipping_label("s2", "P1", "A6").unwrap(), None);
    let of_order: Vec<(String, String)> = store
        .shipping_labels_of_order("s1", "O1")
        .unwrap()
        .into_iter()
        .map(|l| (l.package_id, l.document_size))
        .collect();
    assert_eq!(
        of_order,
        [
            ("P1".to_string(), "A6".to_string()),
            ("P2".to_string(), "A6".to_string()),
            ("P1".to_string(), "A5".to_string())
        ]
    );
    assert!(store.forget_shipping_label("s1", "P2", "A6").unwrap());
    assert!(!store.forget_shipping_label("s1", "P2", "A6").unwrap());
}

#[test]
fn a_label_of_an_unknown_shop_or_size_is_refused_and_labels_go_with_their_shop() {
    let (_dir, store) = common::store_with_shops(&["s1"]);
    let unknown = ShippingLabel {
        shop_id: "nope".into(),
        ..label("P1", "A6", "O1", 1)
    };
    assert_eq!(
        store.put_shipping_label(&unknown).unwrap_err().code(),
        StoreErrorCode::NotFound
    );
    assert_eq!(
        store
            .put_shipping_label(&label("P1", "4x6", "O1", 1))
            .unwrap_err()
            .code(),
        StoreErrorCode::Validation
    );
    store
        .put_shipping_label(&label("P1", "A6", "O1", 1))
        .unwrap();
    store.delete_shop("s1").unwrap();
    assert!(store
        .shipping_labels_of_order("s1", "O1")
        .unwrap()
        .is_empty());
}
