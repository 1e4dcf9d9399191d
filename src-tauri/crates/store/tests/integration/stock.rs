//! Stock sync in the store: unshipped orders of every shop reserve units, a shipped line
//! leaves the on-hand count exactly once, every change that can move a figure marks the
//! products selling it in the change's own transaction, and marks become one outbox row per
//! product.

use crate::common;

use shopdock_store::outbox::{Dedupe, Enqueued, NewIntent, OutboxKind};
use shopdock_store::stock::{SkuStockResult, StockFinding};
use shopdock_store::{
    LinkPart, LocalSkuPatch, OrderRecord, ShareRule, ShopOptions, SkuLink, StockSettings, Store,
    StoreErrorCode, SyncKind, SyncMark,
};
use std::collections::HashMap;

const P_MUG: &str = "1729000000000000101";
const P_TEA: &str = "1729000000000000102";
const P_PACK: &str = "1729000000000000901";
/// Before the fixture orders' `create_time`: their units are in no count.
const COUNTED_BEFORE: i64 = 1_600_000_000;
/// After it: the count already left out what those orders shipped.
const COUNTED_AFTER: i64 = 1_800_000_000;

fn on_hand(store: &Store, code: &str, n: i64, at: i64) {
    store
        .save_local_sku(
            code,
            &LocalSkuPatch {
                on_hand: Some(n),
                ..LocalSkuPatch::default()
            },
            at,
        )
        .unwrap();
}

fn link(store: &Store, shop: &str, sku: &str, product: &str, parts: &[(&str, u32)]) {
    store
        .set_sku_link(&SkuLink {
            shop_id: shop.into(),
            product_id: product.into(),
            sku_id: sku.into(),
            parts: parts
                .iter()
                .map(|(code, factor)| LinkPart {
                    code: (*code).into(),
                    factor: *factor,
                })
                .collect(),
            linked_at: 1,
        })
        .unwrap();
}

fn sync_on(store: &Store, shop: &str, stock: bool, price: bool) {
    store
        .set_shop_options(
            shop,
            &ShopOptions {
                auto_stock_sync: stock,
                price_upload: price,
                ..ShopOptions::default()
            },
        )
        .unwrap();
}

/// Shops s1 and s2 with stock sync on; MUG (10) and TEA (50) counted before the orders;
/// s1 sells the fixture lines "sku-MUG-RED" (MUG x1) and "sku-TEA-GREEN" (TEA x2), s2 sells
/// "sku-MUG-RED" as a 2-pack (MUG x2).
fn world() -> (tempfile::TempDir, Store) {
    let (dir, store) = common::store_with_shops(&["s1", "s2"]);
    on_hand(&store, "MUG", 10, COUNTED_BEFORE);
    on_hand(&store, "TEA", 50, COUNTED_BEFORE);
    link(&store, "s1", "sku-MUG-RED", P_MUG, &[("MUG", 1)]);
    link(&store, "s1", "sku-TEA-GREEN", P_TEA, &[("TEA", 2)]);
    link(&store, "s2", "sku-MUG-RED", P_PACK, &[("MUG", 2)]);
    sync_on(&store, "s1", true, false);
    sync_on(&store, "s2", true, false);
    drain_marks(&store);
    (dir, store)
}

fn drain_marks(store: &Store) {
    store.flush_sync_marks(false, 0, |_| None).unwrap();
}

/// Stores orders and applies what they do to stock, in one transaction (as the sync does).
fn store_orders(store: &Store, shop: &str, orders: &[OrderRecord]) -> u32 {
    store
        .write(|tx| {
            tx.upsert_orders(shop, orders)?;
            let ids: Vec<&str> = orders.iter().map(|o| o.header.order_id.as_str()).collect();
            Ok(tx.stock_after_orders(shop, &ids, 5)?.deducted_lines)
        })
        .unwrap()
}

fn order(id: &str, update_time: i64, status: &str, group: &str) -> OrderRecord {
    let mut o = common::order(id, update_time, status, group);
    for item in &mut o.items {
        item.display_status = Some(status.into());
    }
    o
}

fn reserved(store: &Store, code: &str) -> i64 {
    let inputs = store.stock_inputs("s1", &[P_MUG.into()]).unwrap();
    inputs.local.get(code).map_or(0, |l| l.reserved)
}

fn count(store: &Store, code: &str) -> i64 {
    store.local_sku(code).unwrap().unwrap().on_hand
}

fn marks(store: &Store) -> Vec<SyncMark> {
    let mut seen = Vec::new();
    store
        .flush_sync_marks(false, 0, |m| {
            seen.push(m.clone());
            None
        })
        .unwrap();
    seen.sort();
    seen
}

fn mark(kind: SyncKind, shop: &str, product: &str) -> SyncMark {
    SyncMark {
        kind,
        shop_id: shop.into(),
        product_id: product.into(),
    }
}

fn stock_row(m: &SyncMark) -> Option<NewIntent> {
    Some(NewIntent {
        shop_id: m.shop_id.clone(),
        kind: OutboxKind::Stock,
        target: m.product_id.clone(),
        order_id: None,
        payload: serde_json::json!({ "product_id": m.product_id }),
        dedupe: Dedupe::Latest(format!("product:{}", m.product_id)),
    })
}

#[test]
fn unshipped_orders_of_every_shop_reserve_their_units_and_cancelled_lines_release_them() {
    let (_dir, store) = world();
    store_orders(
        &store,
        "s1",
        &[order("100", 10, "AWAITING_SHIPMENT", "to_ship")],
    );
    store_orders(&store, "s2", &[order("200", 10, "UNPAID", "to_pay")]);
    // s1: 1 mug; s2: a 2-pack. TEA only in s1 (x2).
    assert_eq!(reserved(&store, "MUG"), 3);
    assert_eq!(reserved(&store, "TEA"), 2);

    let mut partly = order("200", 20, "AWAITING_SHIPMENT", "to_ship");
    partly.items[0].display_status = Some("CANCELLED".into());
    store_orders(&store, "s2", &[partly]);
    assert_eq!(reserved(&store, "MUG"), 1, "the cancelled 2-pack released");

    store_orders(&store, "s1", &[order("100", 30, "CANCELLED", "cancelled")]);
    assert_eq!(reserved(&store, "MUG"), 0);
    assert_eq!(reserved(&store, "TEA"), 0);
    assert_eq!(count(&store, "MUG"), 10, "a cancel never touches the count");
}

#[test]
fn a_shipped_line_leaves_the_count_once_however_often_its_order_is_stored() {
    let (_dir, store) = world();
    store_orders(
        &store,
        "s1",
        &[order("100", 10, "AWAITING_SHIPMENT", "to_ship")],
    );
    assert_eq!((count(&store, "MUG"), reserved(&store, "MUG")), (10, 1));

    let deducted = store_orders(&store, "s1", &[order("100", 20, "IN_TRANSIT", "shipping")]);
    assert_eq!(deducted, 2, "both lines shipped");
    assert_eq!((count(&store, "MUG"), reserved(&store, "MUG")), (9, 0));
    assert_eq!(count(&store, "TEA"), 48, "TEA x2");

    for (t, status, group) in [
        (30, "DELIVERED", "delivered"),
        (40, "COMPLETED", "completed"),
    ] {
        assert_eq!(
            store_orders(&store, "s1", &[order("100", t, status, group)]),
            0
        );
        // The same version again, as an overlapping page brings it.
        assert_eq!(
            store_orders(&store, "s1", &[order("100", t, status, group)]),
            0
        );
    }
    assert_eq!((count(&store, "MUG"), count(&store, "TEA")), (9, 48));
}

#[test]
fn a_line_shipped_inside_a_partially_shipped_order_leaves_the_count_and_its_sibling_stays_reserved()
{
    let (_dir, store) = world();
    store_orders(
        &store,
        "s1",
        &[order("100", 10, "AWAITING_SHIPMENT", "to_ship")],
    );
    let mut partly = order("100", 20, "PARTIALLY_SHIPPING", "to_ship");
    partly.items[1].display_status = Some("AWAITING_SHIPMENT".into());
    partly.items[0].display_status = Some("IN_TRANSIT".into());
    assert_eq!(store_orders(&store, "s1", &[partly]), 1);
    assert_eq!((count(&store, "MUG"), reserved(&store, "MUG")), (9, 0));
    assert_eq!((count(&store, "TEA"), reserved(&store, "TEA")), (50, 2));
}

#[test]
fn an_order_first_seen_shipped_moves_the_count_only_when_created_after_it() {
    let (_dir, store) = world();
    // Counted after the order was created: the count left its units out already.
    on_hand(&store, "MUG", 11, COUNTED_AFTER);
    assert_eq!(
        store_orders(&store, "s1", &[order("100", 10, "IN_TRANSIT", "shipping")]),
        1
    );
    assert_eq!(
        count(&store, "MUG"),
        11,
        "not deducted: counted after it shipped"
    );
    assert_eq!(
        count(&store, "TEA"),
        48,
        "TEA was counted before the order: deducted"
    );
    // Decided once: a later version deducts nothing either.
    store_orders(&store, "s1", &[order("100", 20, "DELIVERED", "delivered")]);
    assert_eq!((count(&store, "MUG"), count(&store, "TEA")), (11, 48));
}

#[test]
fn an_order_of_a_shop_without_links_costs_nothing_and_moves_nothing() {
    let (_dir, store) = common::store_with_shops(&["s1", "s3"]);
    on_hand(&store, "MUG", 10, COUNTED_BEFORE);
    link(&store, "s1", "sku-MUG-RED", P_MUG, &[("MUG", 1)]);
    drain_marks(&store);
    let effects = store
        .write(|tx| {
            tx.upsert_orders("s3", &[order("300", 10, "IN_TRANSIT", "shipping")])?;
            tx.stock_after_orders("s3", &["300"], 5)
        })
        .unwrap();
    assert_eq!(effects, Default::default());
    assert_eq!(count(&store, "MUG"), 10);
    assert!(marks(&store).is_empty());
}

#[test]
fn orders_that_move_stock_mark_the_products_of_every_shop_selling_it() {
    let (_dir, store) = world();
    store_orders(
        &store,
        "s1",
        &[order("100", 10, "AWAITING_SHIPMENT", "to_ship")],
    );
    assert_eq!(
        marks(&store),
        vec![
            mark(SyncKind::Stock, "s1", P_MUG),
            mark(SyncKind::Stock, "s1", P_TEA),
            mark(SyncKind::Stock, "s2", P_PACK),
        ]
    );
    // History that never held stock in Shopdock moves nothing (a backfill of old orders).
    on_hand(&store, "MUG", 20, COUNTED_AFTER);
    on_hand(&store, "TEA", 60, COUNTED_AFTER);
    drain_marks(&store);
    store_orders(&store, "s1", &[order("101", 10, "COMPLETED", "completed")]);
    assert!(marks(&store).is_empty());
}

#[test]
fn a_count_change_marks_every_product_selling_it_and_a_flush_queues_one_row_per_product() {
    let (_dir, store) = world();
    on_hand(&store, "MUG", 12, 10);
    on_hand(&store, "MUG", 13, 11);
    // The periodic flush first lets the burst settle...
    assert!(store
        .flush_sync_marks(true, 20, stock_row)
        .unwrap()
        .is_empty());
    // ...then queues one row per product, in every shop selling MUG.
    let queued = store.flush_sync_marks(true, 21, stock_row).unwrap();
    let products: Vec<(&str, &str)> = queued
        .iter()
        .map(|(m, _)| (m.shop_id.as_str(), m.product_id.as_str()))
        .collect();
    assert_eq!(products, vec![("s1", P_MUG), ("s2", P_PACK)]);
    assert!(queued.iter().all(|(_, e)| matches!(e, Enqueued::Queued(_))));

    // A later change replaces the waiting row's value instead of adding a row.
    on_hand(&store, "MUG", 14, 30);
    let again = store.flush_sync_marks(false, 31, stock_row).unwrap();
    assert_eq!(again.len(), 2);
    for ((_, first), (_, second)) in queued.iter().zip(&again) {
        assert_eq!(*second, Enqueued::Replaced(first.id()));
    }
    assert_eq!(store.outbox_counts("s1").unwrap().queued, 1);
    assert_eq!(store.sync_marks_waiting().unwrap(), 0);
}

#[test]
fn a_product_changed_at_every_flush_waits_for_quiet_but_is_pushed_by_its_third_flush() {
    let (_dir, store) = world();
    let flush = |at: i64| store.flush_sync_marks(true, at, stock_row).unwrap().len();
    on_hand(&store, "TEA", 1, 10);
    assert_eq!(flush(11), 0, "fresh");
    on_hand(&store, "TEA", 2, 12);
    assert_eq!(flush(13), 0, "changed again since: not quiet");
    on_hand(&store, "TEA", 3, 14);
    assert_eq!(flush(15), 1, "pushed at its third flush however busy");
    on_hand(&store, "TEA", 4, 16);
    assert_eq!(flush(17), 0);
    assert_eq!(flush(18), 1, "quiet for one flush: pushed");
}

#[test]
fn a_change_is_dropped_for_a_shop_with_sync_off_and_turning_it_on_marks_all_its_products() {
    let (_dir, store) = world();
    sync_on(&store, "s2", false, false);
    on_hand(&store, "MUG", 3, 10);
    let queued = store.flush_sync_marks(false, 11, stock_row).unwrap();
    assert_eq!(queued.len(), 1, "only s1 pushes");
    assert_eq!(queued[0].0.shop_id, "s1");

    sync_on(&store, "s2", true, true);
    assert_eq!(
        marks(&store),
        vec![
            mark(SyncKind::Stock, "s2", P_PACK),
            mark(SyncKind::Price, "s2", P_PACK),
        ]
    );
}

#[test]
fn links_and_prices_mark_what_they_move() {
    let (_dir, store) = world();
    sync_on(&store, "s1", true, true);
    sync_on(&store, "s2", true, true);
    drain_marks(&store);
    store
        .save_local_sku(
            "TEA",
            &LocalSkuPatch {
                price: Some(Some(rust_decimal::Decimal::new(450, 2))),
                ..LocalSkuPatch::default()
            },
            10,
        )
        .unwrap();
    assert_eq!(marks(&store), vec![mark(SyncKind::Price, "s1", P_TEA)]);

    // s2 starts selling TEA: under a split rule s1's share of TEA changes too.
    link(&store, "s2", "sku-TEA-GREEN", P_PACK, &[("TEA", 1)]);
    let got = marks(&store);
    for expected in [
        mark(SyncKind::Stock, "s1", P_TEA),
        mark(SyncKind::Stock, "s2", P_PACK),
        mark(SyncKind::Price, "s2", P_PACK),
    ] {
        assert!(got.contains(&expected), "{expected:?} in {got:?}");
    }
}

#[test]
fn settings_default_to_everything_free_refuse_nonsense_and_a_rule_change_marks_the_shop() {
    let (_dir, store) = world();
    assert_eq!(
        store.stock_settings("s1").unwrap(),
        StockSettings::default()
    );
    let bad = StockSettings {
        percent: 101,
        ..StockSettings::default()
    };
    let err = store.set_stock_settings("s1", &bad).unwrap_err();
    assert_eq!(err.code(), StoreErrorCode::Validation);
    let unknown = store.set_stock_settings("nope", &StockSettings::default());
    assert_eq!(unknown.unwrap_err().code(), StoreErrorCode::NotFound);

    let split = StockSettings {
        buffer: 2,
        percent: 80,
        share: ShareRule::Split,
        ..StockSettings::default()
    };
    store.set_stock_settings("s1", &split).unwrap();
    assert_eq!(store.stock_settings("s1").unwrap(), split);
    let got = marks(&store);
    assert!(got.contains(&mark(SyncKind::Stock, "s1", P_MUG)));
    assert!(
        got.contains(&mark(SyncKind::Stock, "s2", P_PACK)),
        "the other shop's share follows a share rule change: {got:?}"
    );
    // Saving the same rules again moves nothing.
    store.set_stock_settings("s1", &split).unwrap();
    assert!(marks(&store).is_empty());
}

#[test]
fn reconciliation_is_due_for_shops_with_sync_on_once_their_interval_passed() {
    let (_dir, store) = world();
    assert_eq!(
        store.shops_due_stock_reconcile(100).unwrap(),
        vec!["s1", "s2"]
    );
    store.set_stock_reconciled("s1", 100).unwrap();
    assert_eq!(store.shops_due_stock_reconcile(200).unwrap(), vec!["s2"]);
    assert_eq!(
        store.shops_due_stock_reconcile(100 + 3600).unwrap(),
        vec!["s1", "s2"]
    );
    store
        .record_stock_findings(&[StockFinding {
            shop_id: "s1".into(),
            product_id: P_MUG.into(),
            sku_id: "sku-MUG-RED".into(),
            tiktok: 7,
            expected: 5,
            found_at: 100,
        }])
        .unwrap();
    assert_eq!(store.stock_findings("s1", 10).unwrap()[0].tiktok, 7);
}

#[test]
fn a_skus_last_confirmed_figure_survives_a_later_failure_and_unlinked_skus_are_forgotten() {
    let (_dir, store) = world();
    let ok = |sku: &str, n| SkuStockResult {
        sku_id: sku.into(),
        planned: Some(n),
        confirmed: Some(n),
        error: None,
        warehouses: Vec::new(),
    };
    store
        .record_stock_results("s1", P_MUG, &[ok("a", 5), ok("b", 6)], 10)
        .unwrap();
    let refused = SkuStockResult {
        sku_id: "a".into(),
        planned: Some(4),
        confirmed: None,
        error: Some(("12052393".into(), "promotion".into())),
        warehouses: Vec::new(),
    };
    store
        .record_stock_results("s1", P_MUG, &[refused], 20)
        .unwrap();
    let rows = store.stock_sync_rows("s1").unwrap();
    assert_eq!(rows.len(), 1, "b is no longer part of the product's push");
    let a = &rows[0];
    assert_eq!(
        (a.planned, a.pushed, a.pushed_at),
        (Some(4), Some(5), Some(10))
    );
    assert_eq!(a.error_code.as_deref(), Some("12052393"));
    assert_eq!(a.attempted_at, 20);
}

/// One thing that happens to the shop's orders or the seller's counts.
#[derive(Debug, Clone)]
enum Event {
    /// A new order of these lines (false: the single SKU, true: the bundle), paid or not.
    NewOrder(Vec<bool>, bool),
    /// The order moves one step: UNPAID, AWAITING_SHIPMENT, IN_TRANSIT, DELIVERED.
    Advance(usize),
    Cancel(usize),
    CancelLine(usize, usize),
    /// The same version of the order stored again (an overlapping page).
    StoreAgain(usize),
    Recount(bool, i64),
}

fn any_event() -> impl proptest::strategy::Strategy<Value = Event> {
    use proptest::prelude::*;
    prop_oneof![
        (
            proptest::collection::vec(any::<bool>(), 1..4),
            any::<bool>()
        )
            .prop_map(|(l, p)| Event::NewOrder(l, p)),
        (0usize..8).prop_map(Event::Advance),
        (0usize..8).prop_map(Event::Advance),
        (0usize..8).prop_map(Event::Cancel),
        (0usize..8, 0usize..3).prop_map(|(o, l)| Event::CancelLine(o, l)),
        (0usize..8).prop_map(Event::StoreAgain),
        (any::<bool>(), 0i64..40).prop_map(|(c, n)| Event::Recount(c, n)),
    ]
}

/// The model: what the seller's counts and reservations must be.
struct ModelOrder {
    id: String,
    status: &'static str,
    /// (bundle?, cancelled, shipped)
    lines: Vec<(bool, bool, bool)>,
    version: i64,
}

const FLOW: [&str; 4] = ["UNPAID", "AWAITING_SHIPMENT", "IN_TRANSIT", "DELIVERED"];

fn group_of(status: &str) -> &'static str {
    match status {
        "UNPAID" => "to_pay",
        "AWAITING_SHIPMENT" => "to_ship",
        "IN_TRANSIT" => "shipping",
        "DELIVERED" => "delivered",
        _ => "cancelled",
    }
}

fn record(o: &ModelOrder) -> OrderRecord {
    let mut r = common::order(&o.id, o.version, o.status, group_of(o.status));
    r.items = o
        .lines
        .iter()
        .enumerate()
        .map(|(i, (bundle, cancelled, _))| {
            let mut item = common::item(
                &format!("{}-{i}", o.id),
                if *bundle { "BUNDLE" } else { "SINGLE" },
                "Goods",
            );
            item.display_status = Some(if *cancelled { "CANCELLED" } else { o.status }.into());
            item
        })
        .collect();
    r
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(24))]

    /// Whatever orders do and whenever the seller recounts, the store's counts and
    /// reservations are the model's: a line reserves its parts' units while unshipped and
    /// uncancelled, and leaves the count once, when it first ships.
    #[test]
    fn counts_and_reservations_follow_every_order_event(
        events in proptest::collection::vec(any_event(), 1..30)
    ) {
        let (_dir, store) = common::store_with_shops(&["s1"]);
        on_hand(&store, "M", 30, COUNTED_BEFORE);
        on_hand(&store, "N", 30, COUNTED_BEFORE);
        // SINGLE sells one M; BUNDLE sells two M and one N.
        link(&store, "s1", "sku-SINGLE", P_MUG, &[("M", 1)]);
        link(&store, "s1", "sku-BUNDLE", P_PACK, &[("M", 2), ("N", 1)]);
        let parts = |bundle: bool| if bundle { vec![("M", 2), ("N", 1)] } else { vec![("M", 1)] };
        let mut counts: HashMap<&str, i64> = [("M", 30), ("N", 30)].into();
        let mut orders: Vec<ModelOrder> = Vec::new();
        let mut version = 10;
        for event in events {
            version += 1;
            let touched = match event {
                Event::NewOrder(lines, paid) => {
                    orders.push(ModelOrder {
                        id: format!("{}", 5_000 + orders.len()),
                        status: if paid { "AWAITING_SHIPMENT" } else { "UNPAID" },
                        lines: lines.into_iter().map(|b| (b, false, false)).collect(),
                        version,
                    });
                    orders.len().checked_sub(1)
                }
                Event::Advance(i) if i < orders.len() => {
                    let o = &mut orders[i];
                    if let Some(at) = FLOW.iter().position(|s| *s == o.status) {
                        if at + 1 < FLOW.len() {
                            o.status = FLOW[at + 1];
                            o.version = version;
                        }
                    }
                    Some(i)
                }
                Event::Cancel(i) if i < orders.len() => {
                    let o = &mut orders[i];
                    if matches!(o.status, "UNPAID" | "AWAITING_SHIPMENT") {
                        o.status = "CANCELLED";
                        o.version = version;
                    }
                    Some(i)
                }
                Event::CancelLine(i, l) if i < orders.len() => {
                    let o = &mut orders[i];
                    if matches!(o.status, "UNPAID" | "AWAITING_SHIPMENT") && l < o.lines.len() {
                        o.lines[l].1 = true;
                        o.version = version;
                    }
                    Some(i)
                }
                Event::StoreAgain(i) if i < orders.len() => Some(i),
                Event::Recount(m, n) => {
                    let code = if m { "M" } else { "N" };
                    on_hand(&store, code, n, COUNTED_AFTER);
                    counts.insert(code, n);
                    None
                }
                _ => None,
            };
            let Some(i) = touched else { continue };
            // The model: lines of a shipped order leave the counts once.
            let o = &mut orders[i];
            let shipped = matches!(o.status, "IN_TRANSIT" | "DELIVERED");
            for line in o.lines.iter_mut().filter(|l| shipped && !l.1 && !l.2) {
                line.2 = true;
                for (code, n) in parts(line.0) {
                    let c = counts.get_mut(code).unwrap();
                    *c = (*c - n).max(0);
                }
            }
            store_orders(&store, "s1", &[record(o)]);

            let mut reserved: HashMap<&str, i64> = HashMap::new();
            for o in orders.iter().filter(|o| matches!(o.status, "UNPAID" | "AWAITING_SHIPMENT")) {
                for line in o.lines.iter().filter(|l| !l.1) {
                    for (code, n) in parts(line.0) {
                        *reserved.entry(code).or_default() += n;
                    }
                }
            }
            let inputs = store.stock_inputs("s1", &[P_MUG.into()]).unwrap();
            for code in ["M", "N"] {
                let got = inputs.local[code];
                proptest::prop_assert_eq!(
                    (got.on_hand, got.reserved),
                    (counts[code], reserved.get(code).copied().unwrap_or(0)),
                    "{} after {:?}", code, orders.iter().map(|o| (o.status, o.lines.clone())).collect::<Vec<_>>()
                );
            }
        }
    }
}
