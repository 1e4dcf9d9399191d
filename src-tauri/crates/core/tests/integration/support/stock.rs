//! Stock and price sync fixtures: the demo shop connected and synced with the sandbox clock
//! paused (so no order moves while a test compares), the seller's SKUs and links written
//! through the store as the SKUs screen would, and a loop that runs the pushes to the end.

use super::shipping::synced_demo_shop;
use super::TestApp;
use shopdock_core::{OptionKey, OptionToggle, OptionsPatch};
use shopdock_sandbox::{ProductInfo, ShopInfo};
use shopdock_store::outbox::OutboxFilter;
use shopdock_store::{LinkPart, LocalSkuPatch, OutboxState, SkuLink, Store};
use shopdock_tiktok::model::Order;
use std::collections::HashMap;
use std::time::Duration;

pub struct StockShop {
    /// Shopdock's id of the shop.
    pub shop: String,
    /// The sandbox's view of it.
    pub demo: ShopInfo,
    /// A second handle on the app's database, as the SKUs screen writes it.
    pub store: Store,
}

/// The demo shop connected, `orders` extra orders stored, the sandbox clock paused.
pub async fn stock_shop(t: &TestApp, orders: usize) -> StockShop {
    let (shop, demo) = synced_demo_shop(t, orders).await;
    t.sandbox().await.control().pause_clock();
    let store = Store::open(&t.app.database_path()).expect("the app's database");
    StockShop { shop, demo, store }
}

impl StockShop {
    /// Sets the on-hand count of a local SKU (creating it), as the seller would.
    pub fn count(&self, t: &TestApp, code: &str, on_hand: i64) {
        self.store
            .save_local_sku(
                code,
                &LocalSkuPatch {
                    on_hand: Some(on_hand),
                    ..LocalSkuPatch::default()
                },
                t.app.now(),
            )
            .expect("save the local SKU");
    }

    /// Sets a local SKU's price.
    pub fn price(&self, t: &TestApp, code: &str, price: &str) {
        self.store
            .save_local_sku(
                code,
                &LocalSkuPatch {
                    price: Some(Some(price.parse().expect("a decimal price"))),
                    ..LocalSkuPatch::default()
                },
                t.app.now(),
            )
            .expect("save the price");
    }

    /// Links a TikTok SKU of the shop to local SKUs.
    pub fn link(&self, product_id: &str, sku_id: &str, parts: &[(&str, u32)]) {
        self.store
            .set_sku_link(&SkuLink {
                shop_id: self.shop.clone(),
                product_id: product_id.into(),
                sku_id: sku_id.into(),
                parts: parts
                    .iter()
                    .map(|(code, factor)| LinkPart {
                        code: (*code).into(),
                        factor: *factor,
                    })
                    .collect(),
                linked_at: 1,
            })
            .expect("link");
    }

    /// The sandbox's products of one role (`order_catalog`, `combo`, ...).
    pub async fn products(&self, t: &TestApp, role: &str) -> Vec<ProductInfo> {
        t.sandbox()
            .await
            .control()
            .products(&self.demo.id)
            .unwrap()
            .into_iter()
            .filter(|p| p.role == role)
            .collect()
    }

    /// Every (product id, SKU id) of the sandbox's products of one role.
    pub async fn skus(&self, t: &TestApp, role: &str) -> Vec<(String, String)> {
        self.products(t, role)
            .await
            .into_iter()
            .flat_map(|p| {
                p.skus
                    .into_iter()
                    .map(move |k| (p.product_id.clone(), k.sku_id))
            })
            .collect()
    }

    /// Links every SKU of the order catalog to a local SKU of its own (`O0`, `O1`, ...) holding
    /// `on_hand` units; returns the (product id, SKU id) pairs in that order.
    pub async fn link_each_order_sku(&self, t: &TestApp, on_hand: i64) -> Vec<(String, String)> {
        let skus = self.skus(t, "order_catalog").await;
        for (i, (product, sku)) in skus.iter().enumerate() {
            let code = format!("O{i}");
            self.count(t, &code, on_hand);
            self.link(product, sku, &[(&code, 1)]);
        }
        skus
    }

    /// TikTok's available units of a SKU, all warehouses together.
    pub async fn on_tiktok(&self, t: &TestApp, sku_id: &str) -> i64 {
        t.sandbox()
            .await
            .control()
            .sku_stock(&self.demo.id, sku_id)
            .unwrap()
            .warehouses
            .iter()
            .map(|w| w.available)
            .sum()
    }

    /// Successful Update Inventory calls to a product so far.
    pub async fn inventory_writes(&self, t: &TestApp, product_id: &str) -> u32 {
        self.writes(t, product_id, "update_inventory").await
    }

    /// Successful calls of `endpoint` (`update_inventory`, `update_price`) to a product.
    pub async fn writes(&self, t: &TestApp, product_id: &str, endpoint: &str) -> u32 {
        t.sandbox()
            .await
            .control()
            .product_write_counts(&self.demo.id, product_id)
            .unwrap()
            .by_endpoint
            .get(endpoint)
            .copied()
            .unwrap_or(0)
    }

    /// Stock rows of the shop not settled yet.
    pub fn unsettled(&self) -> Vec<shopdock_store::OutboxEntry> {
        self.store
            .list_outbox(&OutboxFilter {
                shop_id: Some(self.shop.clone()),
                states: vec![
                    OutboxState::Queued,
                    OutboxState::Sending,
                    OutboxState::NeedsCheck,
                    OutboxState::Failed,
                ],
                limit: shopdock_store::MAX_OUTBOX_PAGE,
                ..OutboxFilter::default()
            })
            .unwrap()
            .entries
    }
}

/// Switches options of the shop on or off through core, as the Options panel does.
pub async fn options(t: &TestApp, shop: &str, set: &[(OptionKey, bool)]) {
    t.app
        .set_shop_options(
            shop,
            OptionsPatch {
                set: set
                    .iter()
                    .map(|(key, enabled)| OptionToggle {
                        key: *key,
                        enabled: *enabled,
                    })
                    .collect(),
                poll_interval_secs: None,
            },
        )
        .await
        .expect("options saved");
}

/// Downloads the shop's orders, queues what changed and drains until no row of the shop is
/// left to send or check soon (rows waiting for the seller, or retried only in a minute or
/// more, e.g. a product that is not live, are left as they are).
pub async fn settle(t: &TestApp, s: &StockShop) {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(90);
    loop {
        t.app.pull_orders(&s.shop).await.expect("orders pulled");
        t.app.flush_stock_changes().await.expect("changes queued");
        t.app.drain_outbox(&s.shop).await.expect("drained");
        let soon = t.app.now() + 30;
        let left: Vec<_> = s
            .unsettled()
            .into_iter()
            .filter(|e| e.state != OutboxState::Failed || e.next_try_at.is_some_and(|at| at < soon))
            .collect();
        if left.is_empty() && s.store.sync_marks_waiting().unwrap() == 0 {
            return;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "rows still unsettled: {left:#?}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// Order statuses in which an order's units are sold but not shipped.
const HOLDING: [&str; 5] = [
    "UNPAID",
    "ON_HOLD",
    "AWAITING_SHIPMENT",
    "PARTIALLY_SHIPPING",
    "AWAITING_COLLECTION",
];
/// Statuses of a shipped line or order.
pub const SHIPPED: [&str; 3] = ["IN_TRANSIT", "DELIVERED", "COMPLETED"];

/// Unshipped, uncancelled units per SKU.
pub fn open_units(orders: &[Order]) -> HashMap<String, i64> {
    let mut out = HashMap::new();
    for o in orders
        .iter()
        .filter(|o| HOLDING.contains(&o.status.as_str()))
    {
        for li in &o.line_items {
            let status = li.display_status.as_str();
            if status != "CANCELLED" && !SHIPPED.contains(&status) {
                *out.entry(li.sku_id.clone()).or_default() += 1;
            }
        }
    }
    out
}
