//! Fixtures shared by the integration tests: a store on a real file in a temp dir, shops, orders.

pub mod outbox;
pub mod small_disk;

use shopdock_store::{
    NewShop, OrderHeader, OrderItemRecord, OrderRecord, PackageRecord, PaymentRecord,
    RecipientRecord, Region, ShopRegistration, Store,
};

/// A fresh store in its own temp dir (keep the dir alive as long as the store).
pub fn store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open_in_dir(dir.path()).expect("open store");
    (dir, store)
}

pub fn registration(label: &str) -> ShopRegistration {
    ShopRegistration {
        label: label.to_string(),
        region: Region::Us,
        app_key: "app-key".into(),
        service_id: "7000000000000000001".into(),
        shop_hint: "USSHOP01".into(),
        redirect_port: 8123,
        authorize_url: "https://services.example.test/open/authorize?service_id=7".into(),
        api_base: "https://open-api.example.test".into(),
        auth_base: "https://auth.example.test".into(),
    }
}

pub fn new_shop(id: &str, created_at: i64) -> NewShop {
    NewShop {
        id: id.to_string(),
        registration: registration(&format!("Shop {id}")),
        is_demo: false,
        created_at,
    }
}

/// A store with the given shops already added.
pub fn store_with_shops(ids: &[&str]) -> (tempfile::TempDir, Store) {
    let (dir, store) = store();
    for (i, id) in ids.iter().enumerate() {
        store
            .insert_shop(&new_shop(id, i as i64))
            .expect("insert shop");
    }
    (dir, store)
}

pub fn item(line: &str, sku: &str, product: &str) -> OrderItemRecord {
    OrderItemRecord {
        line_item_id: line.to_string(),
        sku_id: Some(format!("sku-{sku}")),
        seller_sku: Some(sku.to_string()),
        product_id: Some("1729000000000000001".into()),
        product_name: Some(product.to_string()),
        sku_name: Some("Default".into()),
        sale_price: Some("9.99".into()),
        display_status: Some("AWAITING_SHIPMENT".into()),
        package_id: None,
        tracking_number: None,
    }
}

/// An order with two items, in the given status and group.
pub fn order(order_id: &str, update_time: i64, status: &str, group: &str) -> OrderRecord {
    OrderRecord {
        header: OrderHeader {
            order_id: order_id.to_string(),
            status: status.to_string(),
            status_group: group.to_string(),
            create_time: 1_700_000_000,
            update_time,
            paid_time: Some(1_700_000_100),
            buyer_user_id: Some("7494000000000000001".into()),
            buyer_name: Some("Ada Lovelace".into()),
            buyer_email: Some("ada@example.test".into()),
            currency: Some("USD".into()),
            total_amount: Some("19.98".into()),
            fulfillment_type: Some("FULFILLMENT_BY_SELLER".into()),
            shipping_type: Some("TIKTOK".into()),
            rts_sla_time: Some(1_700_100_000),
            ..OrderHeader::default()
        },
        items: vec![
            item(&format!("{order_id}-1"), "MUG-RED", "Ceramic mug"),
            item(&format!("{order_id}-2"), "TEA-GREEN", "Green tea"),
        ],
        recipient: Some(RecipientRecord {
            name: Some("Ada Lovelace".into()),
            phone: Some("(+1)213-***-1234".into()),
            full_address: Some("12 Analytical Way, Springfield, CA 90210".into()),
            address_detail: Some("12 Analytical Way".into()),
            address_lines: vec!["12 Analytical Way".into(), "Apt 3".into()],
            districts: vec![
                "United States".into(),
                "California".into(),
                "Springfield".into(),
            ],
            postal_code: Some("90210".into()),
            region_code: Some("US".into()),
        }),
        payment: PaymentRecord {
            original_total_product_price: Some("21.98".into()),
            seller_discount: Some("2.00".into()),
            platform_discount: Some("0.00".into()),
            sub_total: Some("19.98".into()),
            shipping_fee: Some("0.00".into()),
            tax: Some("0.00".into()),
            ..PaymentRecord::default()
        },
        packages: vec![PackageRecord {
            package_id: format!("115{order_id}"),
            tracking_number: Some(format!("1Z{order_id}")),
            shipping_provider: Some("USPS".into()),
        }],
        raw_json: format!(
            r#"{{"id":"{order_id}","status":"{status}","update_time":{update_time}}}"#
        )
        .into(),
    }
}
