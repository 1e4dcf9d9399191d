//! `query_orders`: filters, search, sorts and paging agree with a plain Rust model of the same
//! data.

use crate::common;

use proptest::prelude::*;
use shopdock_store::{
    OrderColumn, OrderFlagFilter, OrderHeader, OrderItemRecord, OrderQuery, OrderRecord, Store,
    MAX_PAGE, SELECTIVE_MATCHES,
};
use std::cmp::Ordering;
use std::collections::BTreeMap;

const GROUPS: [(&str, &str); 4] = [
    ("UNPAID", "unpaid"),
    ("AWAITING_SHIPMENT", "to_ship"),
    ("IN_TRANSIT", "shipping"),
    ("COMPLETED", "done"),
];
const PRODUCTS: [(&str, &str); 4] = [
    ("MUG-RED", "Red ceramic mug"),
    ("MUG-BLUE", "Blue ceramic mug"),
    ("TEA-GREEN", "Sencha green tea"),
    ("PEN-BLACK", "Ballpoint pen"),
];
const BUYERS: [Option<&str>; 5] = [
    Some("Ada Lovelace"),
    Some("ada lovelace"),
    Some("Grace Hopper"),
    Some("alan Turing"),
    None,
];

/// One stored order and where it was inserted (the store's tiebreak is insertion order).
#[derive(Clone)]
struct Model {
    seq: usize,
    shop: &'static str,
    record: OrderRecord,
}

/// A small deterministic pseudo-random generator, so failures reproduce.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}

fn dataset(orders: usize) -> Vec<Model> {
    let mut rng = Lcg(7);
    let mut out = Vec::new();
    for seq in 0..orders {
        let shop = if rng.next(3) == 0 { "s2" } else { "s1" };
        let (status, group) = GROUPS[rng.next(4) as usize];
        // Ids of different lengths (18 and 19 digits) so text and numeric order differ.
        let order_id = if seq % 5 == 0 {
            format!("{}", 576_000_000_000_000_000u64 + seq as u64 * 7_919)
        } else {
            format!("{}", 1_576_000_000_000_000_000u64 + seq as u64 * 104_729)
        };
        let items: Vec<_> = (0..=rng.next(3))
            .map(|i| {
                let (sku, name) = PRODUCTS[rng.next(4) as usize];
                OrderItemRecord {
                    line_item_id: format!("{order_id}-{i}"),
                    seller_sku: Some(sku.into()),
                    product_name: Some(name.into()),
                    sale_price: Some("5.00".into()),
                    ..OrderItemRecord::default()
                }
            })
            .collect();
        let buyer = BUYERS[rng.next(5) as usize];
        let header = OrderHeader {
            order_id: order_id.clone(),
            status: status.into(),
            status_group: group.into(),
            // Few distinct values: many ties for the tiebreak to settle.
            create_time: 1_700_000_000 + rng.next(20) as i64 * 3_600,
            update_time: 1_700_100_000 + rng.next(1_000) as i64,
            paid_time: None,
            buyer_name: buyer.map(String::from),
            buyer_email: buyer
                .map(|b| format!("{}@example.test", b.split(' ').next().unwrap_or(""))),
            currency: Some("USD".into()),
            total_amount: Some(format!("{}.{:02}", rng.next(150), rng.next(100))),
            fulfillment_type: Some(
                if rng.next(4) == 0 {
                    "FULFILLMENT_BY_TIKTOK"
                } else {
                    "FULFILLMENT_BY_SELLER"
                }
                .into(),
            ),
            rts_sla_time: (rng.next(3) != 0).then(|| 1_700_200_000 + rng.next(10) as i64 * 60),
            is_on_hold: rng.next(5) == 0,
            is_fbt: rng.next(6) == 0,
            is_sample: rng.next(7) == 0,
            ..OrderHeader::default()
        };
        out.push(Model {
            seq,
            shop,
            record: OrderRecord {
                header,
                items,
                raw_json: "{}".into(),
                ..OrderRecord::default()
            },
        });
    }
    out
}

fn loaded() -> (tempfile::TempDir, Store, Vec<Model>) {
    loaded_with(240)
}

fn loaded_with(orders: usize) -> (tempfile::TempDir, Store, Vec<Model>) {
    let (dir, store) = common::store_with_shops(&["s1", "s2"]);
    let data = dataset(orders);
    // One at a time, in `seq` order, so the store's tiebreak (insertion order) is `seq`.
    for m in &data {
        store
            .upsert_orders(m.shop, std::slice::from_ref(&m.record), None)
            .unwrap();
    }
    (dir, store, data)
}

/// Every page of `q`, concatenated, checking each page's total and size on the way.
fn all_pages(store: &Store, q: &OrderQuery, expected_total: usize) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut q = q.clone();
    q.offset = 0;
    loop {
        let page = store.query_orders(&q).unwrap();
        assert_eq!(page.total as usize, expected_total, "total of {q:?}");
        if page.rows.is_empty() {
            break;
        }
        assert!(page.rows.len() <= q.limit as usize);
        out.extend(
            page.rows
                .into_iter()
                .map(|r| (r.shop_id, r.header.order_id)),
        );
        q.offset += q.limit as u64;
    }
    out
}

fn key_cmp(column: OrderColumn, a: &Model, b: &Model) -> Ordering {
    let (x, y) = (&a.record.header, &b.record.header);
    let nocase = |s: &Option<String>| s.as_ref().map(|s| s.to_ascii_lowercase());
    match column {
        OrderColumn::CreateTime => x.create_time.cmp(&y.create_time),
        OrderColumn::UpdateTime => x.update_time.cmp(&y.update_time),
        OrderColumn::ShipBy => x.rts_sla_time.cmp(&y.rts_sla_time),
        OrderColumn::OrderId => {
            (x.order_id.len(), &x.order_id).cmp(&(y.order_id.len(), &y.order_id))
        }
        OrderColumn::BuyerName => nocase(&x.buyer_name).cmp(&nocase(&y.buyer_name)),
        OrderColumn::TotalAmount => {
            let amount =
                |h: &OrderHeader| h.total_amount.as_deref().unwrap().parse::<f64>().unwrap();
            amount(x).total_cmp(&amount(y))
        }
        OrderColumn::ItemCount => a.record.items.len().cmp(&b.record.items.len()),
        OrderColumn::Shop => a.shop.cmp(b.shop), // labels are "Shop s1", "Shop s2"
        OrderColumn::StatusGroup => x.status_group.cmp(&y.status_group),
        other => unimplemented!("{other:?} is not modelled"),
    }
}

fn expected(
    data: &[Model],
    keep: impl Fn(&Model) -> bool,
    column: OrderColumn,
    descending: bool,
) -> Vec<(String, String)> {
    let mut rows: Vec<&Model> = data.iter().filter(|m| keep(m)).collect();
    if column == OrderColumn::Shop {
        // Shops in label order either way; each shop's orders newest first, then the last
        // written first.
        rows.sort_by(|a, b| {
            let shops = key_cmp(column, a, b);
            let shops = if descending { shops.reverse() } else { shops };
            let (x, y) = (&a.record.header, &b.record.header);
            shops
                .then(y.create_time.cmp(&x.create_time))
                .then(b.seq.cmp(&a.seq))
        });
    } else {
        rows.sort_by(|a, b| key_cmp(column, a, b).then(a.seq.cmp(&b.seq)));
        if descending {
            rows.reverse();
        }
    }
    rows.into_iter()
        .map(|m| (m.shop.to_string(), m.record.header.order_id.clone()))
        .collect()
}

#[test]
fn every_sort_column_pages_through_all_rows_in_order_with_a_stable_tiebreak() {
    let (_dir, store, data) = loaded();
    for column in [
        OrderColumn::CreateTime,
        OrderColumn::UpdateTime,
        OrderColumn::ShipBy,
        OrderColumn::OrderId,
        OrderColumn::BuyerName,
        OrderColumn::TotalAmount,
        OrderColumn::ItemCount,
        OrderColumn::Shop,
        OrderColumn::StatusGroup,
    ] {
        for descending in [false, true] {
            let q = OrderQuery {
                sort: column,
                descending,
                limit: 7,
                ..OrderQuery::default()
            };
            let want = expected(&data, |_| true, column, descending);
            assert_eq!(
                all_pages(&store, &q, data.len()),
                want,
                "{column:?} desc={descending}"
            );
        }
    }
}

#[test]
fn other_sort_columns_are_accepted() {
    let (_dir, store, data) = loaded();
    for column in [
        OrderColumn::Status,
        OrderColumn::PaidTime,
        OrderColumn::BuyerEmail,
        OrderColumn::FirstItemName,
        OrderColumn::FulfillmentType,
        OrderColumn::ShippingType,
        OrderColumn::TrackingNumber,
    ] {
        let q = OrderQuery {
            sort: column,
            limit: MAX_PAGE,
            ..OrderQuery::default()
        };
        assert_eq!(
            store.query_orders(&q).unwrap().rows.len(),
            data.len(),
            "{column:?}"
        );
    }
}

#[test]
fn filters_select_exactly_the_matching_orders_and_tabs_count_the_rest() {
    let (_dir, store, data) = loaded();
    type Keep = Box<dyn Fn(&Model) -> bool>;
    let all = OrderQuery::default;
    // (query without its status group, the same filter in Rust)
    let cases: Vec<(OrderQuery, Keep)> = vec![
        (all(), Box::new(|_| true)),
        (
            OrderQuery {
                shop_ids: vec!["s2".into()],
                ..all()
            },
            Box::new(|m| m.shop == "s2"),
        ),
        (
            OrderQuery {
                shop_ids: vec!["s1".into(), "s2".into()],
                ..all()
            },
            Box::new(|_| true),
        ),
        (
            OrderQuery {
                created_from: Some(1_700_000_000 + 5 * 3_600),
                created_to: Some(1_700_000_000 + 9 * 3_600),
                ..all()
            },
            Box::new(|m| {
                let t = m.record.header.create_time;
                (1_700_000_000 + 5 * 3_600..1_700_000_000 + 9 * 3_600).contains(&t)
            }),
        ),
        (
            OrderQuery {
                fulfillment_type: Some("FULFILLMENT_BY_TIKTOK".into()),
                ..all()
            },
            Box::new(|m| {
                m.record.header.fulfillment_type.as_deref() == Some("FULFILLMENT_BY_TIKTOK")
            }),
        ),
        (
            OrderQuery {
                flags: OrderFlagFilter {
                    on_hold: Some(true),
                    ..OrderFlagFilter::default()
                },
                ..all()
            },
            Box::new(|m| m.record.header.is_on_hold),
        ),
        (
            OrderQuery {
                shop_ids: vec!["s1".into()],
                flags: OrderFlagFilter {
                    fbt: Some(false),
                    sample: Some(false),
                    replacement: Some(false),
                    buyer_request_cancel: Some(false),
                    on_hold: None,
                },
                ..all()
            },
            Box::new(|m| {
                let h = &m.record.header;
                m.shop == "s1" && !h.is_fbt && !h.is_sample
            }),
        ),
        (
            OrderQuery {
                shop_ids: vec!["nope".into()],
                ..all()
            },
            Box::new(|_| false),
        ),
    ];
    for (q, keep) in cases {
        let mut groups: BTreeMap<String, u64> = BTreeMap::new();
        for m in data.iter().filter(|m| keep(m)) {
            *groups
                .entry(m.record.header.status_group.clone())
                .or_default() += 1;
        }
        for group in [None, Some("to_ship"), Some("shipping"), Some("no-such-tab")] {
            let q = OrderQuery {
                status_group: group.map(String::from),
                limit: 9,
                ..q.clone()
            };
            let want = expected(
                &data,
                |m| keep(m) && group.is_none_or(|g| m.record.header.status_group == g),
                OrderColumn::CreateTime,
                true,
            );
            assert_eq!(all_pages(&store, &q, want.len()), want, "{q:?}");
            assert_eq!(
                store.query_orders(&q).unwrap().group_counts,
                groups,
                "{q:?}"
            );
        }
    }
}

#[test]
fn search_matches_order_ids_buyers_skus_and_product_names() {
    let (_dir, store, data) = loaded();
    let has_sku = |m: &Model, sku: &str| {
        m.record
            .items
            .iter()
            .any(|i| i.seller_sku.as_deref() == Some(sku))
    };
    type Keep = Box<dyn Fn(&Model) -> bool>;
    let some_id = data[37].record.header.order_id.clone();
    let prefix = some_id[..15].to_string();
    let cases: Vec<(&str, Keep)> = vec![
        (
            "mug",
            Box::new(move |m| has_sku(m, "MUG-RED") || has_sku(m, "MUG-BLUE")),
        ),
        ("MUG-BLUE", Box::new(move |m| has_sku(m, "MUG-BLUE"))),
        ("ceramic blue", Box::new(move |m| has_sku(m, "MUG-BLUE"))),
        ("SENCHA", Box::new(move |m| has_sku(m, "TEA-GREEN"))),
        (
            "lovelace",
            Box::new(|m| {
                m.record
                    .header
                    .buyer_name
                    .as_deref()
                    .is_some_and(|b| b.to_lowercase().contains("lovelace"))
            }),
        ),
        (
            "grace@example",
            Box::new(|m| m.record.header.buyer_name.as_deref() == Some("Grace Hopper")),
        ),
        (
            "lovelace pen",
            Box::new(move |m| {
                m.record
                    .header
                    .buyer_name
                    .as_deref()
                    .is_some_and(|b| b.to_lowercase().contains("lovelace"))
                    && has_sku(m, "PEN-BLACK")
            }),
        ),
        (
            Box::leak(some_id.clone().into_boxed_str()),
            Box::new(move |m| m.record.header.order_id == some_id),
        ),
        (
            Box::leak(prefix.clone().into_boxed_str()),
            Box::new(move |m| m.record.header.order_id.starts_with(&prefix)),
        ),
        ("zebra", Box::new(|_| false)),
    ];
    for (text, keep) in cases {
        let q = OrderQuery {
            search: Some(text.into()),
            limit: 11,
            ..OrderQuery::default()
        };
        let want = expected(&data, &keep, OrderColumn::CreateTime, true);
        assert!(
            !want.is_empty() || text == "zebra",
            "case {text:?} should match something"
        );
        assert_eq!(all_pages(&store, &q, want.len()), want, "search {text:?}");
        // Search combines with a tab and a shop.
        let q = OrderQuery {
            shop_ids: vec!["s1".into()],
            status_group: Some("to_ship".into()),
            ..q
        };
        let want = expected(
            &data,
            |m| keep(m) && m.shop == "s1" && m.record.header.status_group == "to_ship",
            OrderColumn::CreateTime,
            true,
        );
        assert_eq!(
            all_pages(&store, &q, want.len()),
            want,
            "search {text:?} in a tab"
        );
    }
}

/// Words match whole; the last word is the start of a word only when nothing matches whole
/// (it is still being typed).
#[test]
fn the_last_word_is_a_prefix_only_when_no_order_has_it_whole() {
    let (_dir, store) = common::store_with_shops(&["s1"]);
    for (id, buyer) in [("1", "Ada King"), ("2", "Adams Ray"), ("3", "Ada Adamson")] {
        let mut o = common::order(id, 100, "AWAITING_SHIPMENT", "to_ship");
        o.header.buyer_name = Some(buyer.into());
        o.header.buyer_email = None;
        store.upsert_orders("s1", &[o], None).unwrap();
    }
    let found = |text: &str| -> Vec<String> {
        let mut ids: Vec<String> = store
            .query_orders(&OrderQuery {
                search: Some(text.into()),
                ..OrderQuery::default()
            })
            .unwrap()
            .rows
            .into_iter()
            .map(|r| r.header.order_id)
            .collect();
        ids.sort();
        ids
    };
    assert_eq!(found("ada"), ["1", "3"], "whole word");
    assert_eq!(found("adam"), ["2", "3"], "no whole match: a prefix");
    assert_eq!(found("king ad"), ["1"]);
    assert_eq!(found("adamsonx"), Vec::<String>::new());
}

/// A search matching more than `SELECTIVE_MATCHES` orders walks the sort index: the same rows
/// in the same order as a selective one, but without exact counts; "next page" is known from one
/// row beyond the page.
#[test]
fn broad_search_pages_exactly_but_says_its_counts_are_not_exact() {
    let (_dir, store, data) = loaded_with(3_600);
    let has_mug = |m: &Model| {
        m.record.items.iter().any(|i| {
            i.seller_sku
                .as_deref()
                .is_some_and(|s| s.starts_with("MUG"))
        })
    };
    let broad = data.iter().filter(|m| has_mug(m)).count();
    assert!(broad > SELECTIVE_MATCHES as usize, "{broad} matches");
    for (column, descending, tab) in [
        (OrderColumn::CreateTime, true, None),
        (OrderColumn::ShipBy, false, Some("to_ship")),
        (OrderColumn::TotalAmount, true, Some("done")),
    ] {
        let mut q = OrderQuery {
            search: Some("ceramic".into()),
            status_group: tab.map(String::from),
            sort: column,
            descending,
            limit: MAX_PAGE,
            ..OrderQuery::default()
        };
        let want = expected(
            &data,
            |m| has_mug(m) && tab.is_none_or(|t| m.record.header.status_group == t),
            column,
            descending,
        );
        let mut got = Vec::new();
        loop {
            let page = store.query_orders(&q).unwrap();
            assert!(!page.counts_exact && page.group_counts.is_empty());
            let more = got.len() + page.rows.len() < want.len();
            assert_eq!(
                page.total,
                q.offset + page.rows.len() as u64 + u64::from(more),
                "{column:?} at {}",
                q.offset
            );
            got.extend(
                page.rows
                    .into_iter()
                    .map(|r| (r.shop_id, r.header.order_id)),
            );
            if !more {
                break;
            }
            q.offset += u64::from(q.limit);
        }
        assert_eq!(got, want, "{column:?} {tab:?}");
    }
    // The matches are kept between pages of one search, but never past a change: a new
    // matching order shows at once.
    let mut newest = data[0].record.clone();
    newest.header.order_id = "999".into();
    newest.header.create_time = 1_800_000_000;
    newest.items[0].seller_sku = Some("MUG-RED".into());
    newest.items[0].product_name = Some("Red ceramic mug".into());
    store.upsert_orders("s1", &[newest], None).unwrap();
    let first = store
        .query_orders(&OrderQuery {
            search: Some("ceramic".into()),
            ..OrderQuery::default()
        })
        .unwrap();
    assert_eq!(first.rows[0].header.order_id, "999");

    // A selective search in the same store still counts exactly.
    let page = store
        .query_orders(&OrderQuery {
            search: Some(data[5].record.header.order_id.clone()),
            ..OrderQuery::default()
        })
        .unwrap();
    assert!(page.counts_exact);
    assert_eq!(page.total, 1);
    assert_eq!(page.group_counts.values().sum::<u64>(), 1);
}

#[test]
fn hostile_search_input_is_plain_text_never_an_error() {
    let (_dir, store, data) = loaded();
    let mugs = store
        .query_orders(&OrderQuery {
            search: Some("mug".into()),
            ..OrderQuery::default()
        })
        .unwrap()
        .total;
    for text in [
        "\"",
        "\"\"",
        "\"\"\"",
        "-",
        "--",
        "-mug",
        "mug\"",
        "\"mug",
        "mug -red",
        "AND",
        "OR",
        "NOT",
        "mug AND",
        "AND mug",
        "NEAR(mug red)",
        "mug*",
        "*",
        "(",
        ")",
        "(mug",
        "a:b",
        "skus:mug",
        "^mug",
        "+mug",
        "'; DROP TABLE orders; --",
        "\\",
        "\u{0}",
        "🙂",
        "ÁDA",
        "{}",
        "[]",
        "mug OR pen",
    ] {
        let page = store
            .query_orders(&OrderQuery {
                search: Some(text.into()),
                ..OrderQuery::default()
            })
            .unwrap_or_else(|e| panic!("search {text:?} failed: {e}"));
        assert!(page.total as usize <= data.len());
    }
    // Operators are words, punctuation is ignored: these all mean "mug".
    for text in [
        "-mug", "mug\"", "\"mug", "(mug", "^mug", "+mug", "mug*", " mug ",
    ] {
        let page = store
            .query_orders(&OrderQuery {
                search: Some(text.into()),
                ..OrderQuery::default()
            })
            .unwrap();
        assert_eq!(page.total, mugs, "{text:?}");
    }
    // Nothing searchable left: no search at all.
    for text in ["", "   ", "\"", "-", "*", "()"] {
        let page = store
            .query_orders(&OrderQuery {
                search: Some(text.into()),
                ..OrderQuery::default()
            })
            .unwrap();
        assert_eq!(page.total as usize, data.len(), "{text:?}");
    }
    // Diacritics fold: "ÁDA" finds Ada.
    let page = store
        .query_orders(&OrderQuery {
            search: Some("ÁDA".into()),
            ..OrderQuery::default()
        })
        .unwrap();
    assert!(page.total > 0);
}

#[test]
fn page_size_is_clamped_and_offsets_past_the_end_are_empty() {
    let (_dir, store, data) = loaded();
    let page = store
        .query_orders(&OrderQuery {
            limit: 0,
            ..OrderQuery::default()
        })
        .unwrap();
    assert_eq!(page.rows.len(), 1);
    let page = store
        .query_orders(&OrderQuery {
            limit: u32::MAX,
            ..OrderQuery::default()
        })
        .unwrap();
    assert_eq!(page.rows.len(), data.len().min(MAX_PAGE as usize));
    let page = store
        .query_orders(&OrderQuery {
            offset: u64::MAX,
            ..OrderQuery::default()
        })
        .unwrap();
    assert!(page.rows.is_empty());
    assert_eq!(page.total as usize, data.len());
    let default = store.query_orders(&OrderQuery::default()).unwrap();
    assert_eq!(default.rows.len(), 100, "the default page is 100 rows");
}

#[test]
fn rows_carry_every_column_of_the_table_view() {
    let (_dir, store, data) = loaded();
    let q = OrderQuery {
        limit: MAX_PAGE,
        ..OrderQuery::default()
    };
    let rows = store.query_orders(&q).unwrap().rows;
    for row in rows {
        let m = data
            .iter()
            .find(|m| m.shop == row.shop_id && m.record.header.order_id == row.header.order_id)
            .unwrap();
        assert_eq!(row.header, m.record.header);
        assert_eq!(row.item_count as usize, m.record.items.len());
        assert_eq!(row.first_item_name, m.record.items[0].product_name);
    }
}

#[test]
fn any_search_text_runs_without_error() {
    let (_dir, store) = common::store_with_shops(&["s1"]);
    store
        .upsert_orders("s1", &[common::order("1", 1, "UNPAID", "unpaid")], None)
        .unwrap();
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig::with_cases(500));
    let texts = (any::<String>(), "[\"*()^:+\\-a-zA-Z0-9 ]{0,24}");
    runner
        .run(&texts, |(text, syntax)| {
            for search in [text, syntax] {
                let q = OrderQuery {
                    search: Some(search),
                    ..OrderQuery::default()
                };
                let page = store.query_orders(&q);
                prop_assert!(page.is_ok(), "{:?}", page.err());
                prop_assert!(page.unwrap().total <= 1);
            }
            Ok(())
        })
        .unwrap();
}
