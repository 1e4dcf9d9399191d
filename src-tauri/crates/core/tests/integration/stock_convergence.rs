//! Convergence (issue 12 "Tests"): after random stock counts, new orders, shipments and
//! cancellations, every mapped SKU's quantity on TikTok (the sandbox) equals Shopdock's figure,
//! and both equal the figure an independent reckoning from the sandbox's own orders gives:
//! the last count, minus what shipped after it, minus what unshipped orders hold, per unit of
//! the link.

use crate::support::open_app;
use crate::support::stock::{open_units, options, settle, stock_shop, SHIPPED};
use shopdock_core::{OptionKey, PushState};
use shopdock_tiktok::model::Order;
use std::collections::{HashMap, HashSet};
use std::time::Duration;

/// A small deterministic generator, so a failure replays.
struct Dice(u64);

impl Dice {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}

/// Cancelled units, whole orders and single lines.
fn cancelled_units(orders: &[Order]) -> usize {
    orders
        .iter()
        .flat_map(|o| o.line_items.iter().map(move |li| (o, li)))
        .filter(|(o, li)| o.status == "CANCELLED" || li.display_status == "CANCELLED")
        .count()
}

/// Every shipped, uncancelled line: (line id, SKU id).
fn shipped_lines(orders: &[Order]) -> Vec<(String, String)> {
    orders
        .iter()
        .flat_map(|o| {
            o.line_items.iter().filter_map(move |li| {
                let shipped = SHIPPED.contains(&li.display_status.as_str())
                    || SHIPPED.contains(&o.status.as_str());
                (shipped && li.display_status != "CANCELLED")
                    .then(|| (li.id.clone(), li.sku_id.clone()))
            })
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn tiktok_ends_at_shopdocks_figures_after_random_counts_orders_shipments_and_cancellations() {
    let t = open_app(None).await;
    let s = stock_shop(&t, 30).await;
    let control = t.sandbox().await.control().clone();
    let mut dice = Dice(20_261_207);

    // Every SKU orders name gets its own local SKU, every third one as a 2-pack; the last two
    // share one local SKU (two listings of the same goods).
    let skus = s.skus(&t, "order_catalog").await;
    assert!(skus.len() >= 4, "enough SKUs: {skus:?}");
    let mut links: HashMap<String, (String, i64)> = HashMap::new();
    let mut expected: HashMap<String, i64> = HashMap::new();
    for (i, (product, sku)) in skus.iter().enumerate() {
        let code = if i + 2 >= skus.len() {
            "SHARED".to_owned()
        } else {
            format!("C{i}")
        };
        let factor = if i % 3 == 2 && code != "SHARED" { 2 } else { 1 };
        if !expected.contains_key(&code) {
            let n = 40 + dice.below(40) as i64;
            s.count(&t, &code, n);
            expected.insert(code.clone(), n);
        }
        s.link(product, sku, &[(&code, factor as u32)]);
        links.insert(sku.clone(), (code, factor));
    }
    let mut seen_shipped: HashSet<String> = shipped_lines(&control.orders(&s.demo.id).unwrap())
        .into_iter()
        .map(|(l, _)| l)
        .collect();
    options(&t, &s.shop, &[(OptionKey::AutoStockSync, true)]).await;
    settle(&t, &s).await;

    let codes: Vec<String> = expected.keys().cloned().collect();
    let (mut shipped, mut cancel_requests, mut created) = (0, 0, 0);
    let cancelled_at_start = cancelled_units(&control.orders(&s.demo.id).unwrap());
    for round in 0..5 {
        for _ in 0..3 {
            let code = &codes[dice.below(codes.len() as u64) as usize];
            let n = 30 + dice.below(50) as i64;
            s.count(&t, code, n);
            expected.insert(code.clone(), n);
        }
        created += control.create_orders(&s.demo.id, 6).unwrap().len();
        control.advance_clock(Duration::from_secs(20 * 60));
        // Buyers cancel: at once while on hold, after TikTok's 48 hours once awaiting shipment.
        let orders = control.orders(&s.demo.id).unwrap();
        let mut asked = orders
            .iter()
            .filter(|o| o.status == "ON_HOLD")
            .take(1)
            .chain(
                orders
                    .iter()
                    .filter(|o| o.status == "AWAITING_SHIPMENT" && !o.is_buyer_request_cancel)
                    .take(1),
            );
        for o in asked.by_ref() {
            if control.request_buyer_cancel(&s.demo.id, &o.id, 0).is_ok() {
                cancel_requests += 1;
            }
        }
        control.advance_clock(Duration::from_secs(2 * 3600));
        let orders = control.orders(&s.demo.id).unwrap();
        let ready: Vec<&Order> = orders
            .iter()
            .filter(|o| o.status == "AWAITING_SHIPMENT" && !o.is_buyer_request_cancel)
            .collect();
        for o in ready.iter().take(1 + round % 3) {
            if control.ship_order(&s.demo.id, &o.id).is_ok() {
                shipped += 1;
            }
        }
        control.advance_clock(Duration::from_secs(36 * 3600));
        // What shipped since the counts were set leaves them.
        for (line, sku) in shipped_lines(&control.orders(&s.demo.id).unwrap()) {
            if seen_shipped.insert(line) {
                if let Some((code, factor)) = links.get(&sku) {
                    *expected.get_mut(code).unwrap() -= factor;
                }
            }
        }
        settle(&t, &s).await;
    }
    let orders = control.orders(&s.demo.id).unwrap();
    let cancelled = cancelled_units(&orders) - cancelled_at_start;
    assert!(
        created > 0 && shipped > 0 && cancelled > 0,
        "created {created}, shipped {shipped}, cancelled {cancelled} units ({cancel_requests} requests)"
    );
    let open = open_units(&orders);
    let mut reserved: HashMap<&str, i64> = HashMap::new();
    for (sku, (code, factor)) in &links {
        *reserved.entry(code).or_default() += factor * open.get(sku).copied().unwrap_or(0);
    }
    let status = t.app.stock_status(&s.shop).await.unwrap();
    assert_eq!(status.skus.len(), links.len());
    for view in &status.skus {
        let (code, factor) = &links[&view.sku_id];
        let reckoned = (expected[code] - reserved[code.as_str()]).max(0) / factor;
        let on_tiktok = s.on_tiktok(&t, &view.sku_id).await;
        assert_eq!(
            (view.figure, on_tiktok),
            (Some(reckoned), reckoned),
            "SKU {} ({code} x{factor}): Shopdock's figure, TikTok's quantity",
            view.sku_id
        );
        assert_eq!(view.stock, PushState::Pushed, "{view:?}");
        let local = s.store.local_sku(code).unwrap().unwrap();
        assert_eq!(
            local.on_hand, expected[code],
            "{code}'s count after shipments"
        );
    }
}
