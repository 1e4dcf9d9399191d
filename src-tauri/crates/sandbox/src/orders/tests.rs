//! LineItemRec tests of the order store: amounts, lifecycle, shipping, keyset search, determinism.

use super::*;
use crate::generator::World;
use lifecycle::{LifecycleEvent, DAY, HOUR};
use shopdock_tiktok::model::{Order, OrderStatus};
use std::collections::HashMap;

fn world() -> World {
    World::build(11)
}

const NOW: i64 = 1_750_000_000;

#[test]
fn payment_amounts_add_up_in_minor_units_for_every_order() {
    let w = world();
    for shop in &w.shops {
        let mut store = OrderStore::new(shop);
        store.seed_history(shop, 400, 30, NOW);
        let cur = shop.currency();
        for rec in store.all() {
            let o = render(shop, rec, &RenderCtx::default());
            let p = &o.payment;
            let v = |s: &str| cur.parse(s).unwrap_or_else(|| panic!("bad amount {s:?}"));
            let delivery_fee = p.retail_delivery_fee.as_deref().map_or(0, v);
            assert_eq!(
                v(&p.total_amount),
                v(&p.sub_total) + v(&p.shipping_fee) + v(&p.tax) + delivery_fee,
                "{}",
                o.id
            );
            assert_eq!(
                v(&p.sub_total),
                v(&p.original_total_product_price)
                    - v(&p.seller_discount)
                    - v(&p.platform_discount)
            );
            assert_eq!(
                v(&p.shipping_fee),
                v(&p.original_shipping_fee)
                    - v(&p.shipping_fee_seller_discount)
                    - v(&p.shipping_fee_platform_discount)
            );
            assert_eq!(v(&p.tax), v(&p.product_tax) + v(&p.shipping_fee_tax));
            let lines: i64 = o.line_items.iter().map(|l| v(&l.sale_price)).sum();
            assert_eq!(lines, v(&p.sub_total));
            assert!(v(&p.total_amount) >= 0);
        }
    }
}

#[test]
fn no_address_while_unpaid_or_on_hold_and_addresses_after() {
    let w = world();
    let shop = &w.shops[0];
    let mut store = OrderStore::new(shop);
    store.create(shop, 300, NOW, 0);
    let ctx = RenderCtx::default();
    let check = |store: &OrderStore| {
        let mut counts = HashMap::new();
        for rec in store.all() {
            let o = render(shop, rec, &ctx);
            let hidden = matches!(rec.status, OrderStatus::Unpaid | OrderStatus::OnHold);
            if hidden {
                assert!(o.recipient_address.is_none(), "{} {}", o.id, o.status);
            } else if rec.status != OrderStatus::Cancelled {
                assert!(o.recipient_address.is_some(), "{} {}", o.id, o.status);
            }
            *counts.entry(rec.status).or_insert(0) += 1;
        }
        counts
    };
    assert!(check(&store)[&OrderStatus::Unpaid] > 250);
    store.advance_to(NOW + 1_300);
    assert!(check(&store)[&OrderStatus::OnHold] > 200);
    store.advance_to(NOW + 2 * HOUR);
    assert!(check(&store)[&OrderStatus::AwaitingShipment] > 200);
}

#[test]
fn lifecycle_moves_forward_with_monotonic_update_times() {
    let w = world();
    let shop = &w.shops[0];
    let mut store = OrderStore::new(shop);
    store.create(shop, 500, NOW, 0);
    let before: HashMap<u64, i64> = store.all().map(|r| (r.id, r.update_time)).collect();
    store.advance_to(NOW + 40 * DAY);
    let mut seen = std::collections::HashSet::new();
    for r in store.all() {
        assert!(r.update_time >= before[&r.id]);
        assert!(r.update_time <= NOW + 40 * DAY);
        seen.insert(r.status);
    }
    for s in [OrderStatus::Completed, OrderStatus::Cancelled] {
        assert!(seen.contains(&s), "missing {s:?} in {seen:?}");
    }
    assert!(!seen.contains(&OrderStatus::Unpaid) && !seen.contains(&OrderStatus::OnHold));
}

#[test]
fn seller_ship_moves_an_awaiting_order_through_delivery() {
    let w = world();
    let shop = &w.shops[0];
    let mut store = OrderStore::new(shop);
    store.create(shop, 200, NOW, 0);
    let t = NOW + 2 * HOUR;
    store.advance_to(t);
    let id = store
        .all()
        .find(|r| {
            r.status == OrderStatus::AwaitingShipment
                && !r.buyer_cancel_pending
                && r.plan
                    .last()
                    .is_none_or(|(_, e)| !matches!(e, LifecycleEvent::Ship))
        })
        .map(|r| r.id)
        .expect("an awaiting order");
    store.ship(id, t).unwrap();
    assert_eq!(
        store.get(id).unwrap().status,
        OrderStatus::AwaitingCollection
    );
    assert_eq!(store.get(id).unwrap().update_time, t);
    assert_eq!(
        store.ship(id, t),
        Err(ShipError::WrongStatus("AWAITING_COLLECTION"))
    );
    store.advance_to(t + 20 * DAY);
    assert_eq!(store.get(id).unwrap().status, OrderStatus::Completed);
    assert_eq!(store.ship(1, t), Err(ShipError::NotFound));
}

#[test]
fn keyset_search_returns_each_match_once_in_order() {
    let w = world();
    let shop = &w.shops[1];
    let mut store = OrderStore::new(shop);
    store.seed_history(shop, 700, 10, NOW);
    store.create(shop, 300, NOW, 0); // same create_time: the id tiebreak matters
    store.advance_to(NOW);
    for by_update in [false, true] {
        for ascending in [true, false] {
            let mut after = None;
            let mut got = Vec::new();
            loop {
                let r = store.search(
                    shop,
                    &SearchRequest {
                        page_size: 37,
                        by_update,
                        ascending,
                        after,
                        offset: None,
                        filter: Filter::default(),
                    },
                );
                assert_eq!(r.total, 1000);
                got.extend(r.positions.iter().map(|p| {
                    let rec = store.rec(*p);
                    (
                        if by_update {
                            rec.update_time
                        } else {
                            rec.create_time
                        },
                        rec.id,
                    )
                }));
                match r.next {
                    Some(n) => after = Some(n),
                    None => break,
                }
            }
            assert_eq!(got.len(), 1000);
            let mut sorted = got.clone();
            sorted.sort_unstable();
            if !ascending {
                sorted.reverse();
            }
            assert_eq!(got, sorted);
        }
    }
}

#[test]
fn same_seed_same_orders() {
    let w1 = World::build(77);
    let w2 = World::build(77);
    let (s1, s2) = (&w1.shops[0], &w2.shops[0]);
    let mut a = OrderStore::new(s1);
    let mut b = OrderStore::new(s2);
    a.seed_history(s1, 200, 30, NOW);
    b.seed_history(s2, 200, 30, NOW);
    let ctx = RenderCtx::default();
    let ra: Vec<Order> = a.all().map(|r| render(s1, r, &ctx)).collect();
    let rb: Vec<Order> = b.all().map(|r| render(s2, r, &ctx)).collect();
    assert_eq!(ra, rb);
}

#[test]
fn a_lagging_index_sees_new_orders_and_changes_only_after_the_lag() {
    let w = world();
    let shop = &w.shops[0];
    let mut store = OrderStore::new(shop);
    store.set_index_lag(Some(std::time::Duration::from_secs(5)));
    store.create(shop, 20, NOW, 0);
    let search = |store: &mut OrderStore, status: Option<OrderStatus>| {
        store
            .search(
                shop,
                &SearchRequest {
                    page_size: 100,
                    by_update: true,
                    ascending: true,
                    after: None,
                    offset: Some(0),
                    filter: Filter {
                        status,
                        ..Filter::default()
                    },
                },
            )
            .total
    };
    assert_eq!(search(&mut store, None), 0, "not indexed yet");
    store.advance_to(NOW + 5);
    assert_eq!(search(&mut store, None), 20);
    // Payments land within 20 minutes; the index learns of each 5 s later.
    let paid_by = store
        .all()
        .filter_map(|r| r.plan.last().map(|(t, _)| *t))
        .max()
        .unwrap();
    store.advance_to(paid_by);
    let unpaid_in_index = search(&mut store, Some(OrderStatus::Unpaid));
    let unpaid_now = store
        .all()
        .filter(|r| r.status == OrderStatus::Unpaid)
        .count() as u64;
    assert!(
        unpaid_in_index > unpaid_now,
        "{unpaid_in_index} vs {unpaid_now}"
    );
    store.advance_to(paid_by + 5);
    assert_eq!(search(&mut store, Some(OrderStatus::Unpaid)), unpaid_now);
    // Turning the lag off brings the index up to date at once.
    store.set_index_lag(None);
    assert_eq!(search(&mut store, None), 20);
}
