//! Rough numbers for the store at scale: upsert throughput and table-view query latency.
//!
//! `cargo run -p shopdock-store --release --example bench -- [orders] [raw_json_bytes]` (defaults:
//! 1,000,000 orders of two items with 1,500 bytes of raw JSON). Uses a temp dir. `BENCH_PAGE=n`
//! sets the orders per upsert (default 100, TikTok's largest page); `BENCH_INSERT_ONLY=1` stops
//! after the first load. The orders are spread over three shops, page by page. Every sort column
//! is timed in each scope the table offers (all shops or one, All tab or one, a rare flag, a
//! date range; both directions; first page and a later one): p95 and worst per column. "Per CPU-second" counts only the time the thread ran, which is steadier
//! than wall time on a shared machine (Linux only).

use shopdock_store::{
    NewShop, OrderColumn, OrderHeader, OrderItemRecord, OrderQuery, OrderRecord, PaymentRecord,
    RecipientRecord, Region, ShopRegistration, Store, StoreError, WatermarkUpdate,
};
use std::time::Instant;

const SHOPS: [&str; 3] = ["bench", "bench-b", "bench-c"];

const GROUPS: [(&str, &str); 5] = [
    ("UNPAID", "unpaid"),
    ("AWAITING_SHIPMENT", "to_ship"),
    ("AWAITING_COLLECTION", "to_ship"),
    ("IN_TRANSIT", "shipping"),
    ("COMPLETED", "done"),
];

fn order(i: u64, version: i64, raw_len: usize) -> OrderRecord {
    let order_id = format!("{}", 576_000_000_000_000_000u64 + i * 7_919);
    let (status, group) = GROUPS[((i as i64 + version) % 5) as usize];
    let sku = |k: u64| format!("SKU-{:05}", (i * 31 + k) % 20_000);
    let items = (0..2)
        .map(|k| OrderItemRecord {
            line_item_id: format!("{order_id}{k}"),
            sku_id: Some(format!(
                "{}",
                1_729_000_000_000_000_000u64 + (i * 31 + k) % 20_000
            )),
            seller_sku: Some(sku(k)),
            product_id: Some("1729000000000000001".into()),
            product_name: Some(format!("Product {} deluxe edition", (i * 31 + k) % 5_000)),
            sku_name: Some("Blue, Large".into()),
            sale_price: Some("12.50".into()),
            display_status: Some(status.into()),
            package_id: None,
            tracking_number: None,
        })
        .collect();
    let mut raw_json = format!(r#"{{"id":"{order_id}","status":"{status}","pad":""#);
    raw_json.extend(std::iter::repeat_n(
        'x',
        raw_len.saturating_sub(raw_json.len() + 2),
    ));
    raw_json.push_str("\"}");
    OrderRecord {
        header: OrderHeader {
            order_id,
            status: status.into(),
            status_group: group.into(),
            create_time: 1_600_000_000 + (i as i64) * 30,
            update_time: 1_600_000_000 + (i as i64) * 30 + version * 3_600,
            paid_time: Some(1_600_000_000 + (i as i64) * 30 + 60),
            buyer_user_id: Some(format!("{}", 7_494_000_000_000_000_000u64 + i % 300_000)),
            buyer_name: Some(format!("Buyer {}", i % 300_000)),
            buyer_email: Some(format!("buyer{}@example.test", i % 300_000)),
            currency: Some("USD".into()),
            total_amount: Some(format!("{}.{:02}", i % 500, i % 100)),
            fulfillment_type: Some("FULFILLMENT_BY_SELLER".into()),
            shipping_type: Some("TIKTOK".into()),
            rts_sla_time: Some(1_600_000_000 + (i as i64) * 30 + 172_800),
            is_on_hold: i.is_multiple_of(50),
            ..OrderHeader::default()
        },
        items,
        recipient: Some(RecipientRecord {
            name: Some(format!("Buyer {}", i % 300_000)),
            phone: Some("(+1)213-***-1234".into()),
            full_address: Some(format!("{} Main St, Springfield, CA 90210", i % 999)),
            address_detail: Some(format!("{} Main St", i % 999)),
            address_lines: vec![format!("{} Main St", i % 999)],
            districts: vec![
                "United States".into(),
                "California".into(),
                "Springfield".into(),
            ],
            postal_code: Some("90210".into()),
            region_code: Some("US".into()),
        }),
        payment: PaymentRecord {
            original_total_product_price: Some("27.00".into()),
            seller_discount: Some("2.00".into()),
            platform_discount: Some("0.00".into()),
            sub_total: Some("25.00".into()),
            shipping_fee: Some("0.00".into()),
            tax: Some("2.06".into()),
            ..PaymentRecord::default()
        },
        packages: Vec::new(),
        raw_json: raw_json.into(),
    }
}

/// CPU time this thread has run, in seconds (Linux only): steadier than wall time on a busy
/// machine.
fn thread_cpu_secs() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: f64 = stat.split_whitespace().next()?.parse().ok()?;
    Some(ns / 1e9)
}

fn upsert_all(
    store: &Store,
    n: u64,
    version: i64,
    raw_len: usize,
) -> Result<(f64, f64), StoreError> {
    let mut busy = 0.0;
    let mut cpu = 0.0;
    let started = Instant::now();
    let page_size: u64 = std::env::var("BENCH_PAGE")
        .ok()
        .and_then(|p| p.parse().ok())
        .unwrap_or(100);
    let mut next = 0;
    while next < n {
        let end = (next + page_size).min(n);
        let page: Vec<_> = (next..end).map(|i| order(i, version, raw_len)).collect();
        let watermark = WatermarkUpdate {
            job: "orders".into(),
            watermark: page.last().map(|o| o.header.update_time).unwrap_or(0),
            cursor: None,
        };
        let t = Instant::now();
        let c = thread_cpu_secs();
        store.upsert_orders(
            SHOPS[(next / page_size) as usize % SHOPS.len()],
            &page,
            Some(&watermark),
        )?;
        busy += t.elapsed().as_secs_f64();
        if let (Some(after), Some(before)) = (thread_cpu_secs(), c) {
            cpu += after - before;
        }
        if end.is_multiple_of(100_000) && end < n {
            println!(
                "  {end:>8} orders: {:>8.0} orders/s so far, {:>8.0} per CPU-second",
                end as f64 / busy,
                end as f64 / cpu
            );
        }
        next = end;
    }
    if cpu > 0.0 {
        println!("  ({:.0} orders per CPU-second)", n as f64 / cpu);
    }
    Ok((n as f64 / busy, started.elapsed().as_secs_f64()))
}

fn time<T>(label: &str, f: impl Fn() -> Result<T, StoreError>) -> Result<T, StoreError> {
    let t = Instant::now();
    let out = f()?;
    let first = t.elapsed();
    let t = Instant::now();
    f()?;
    println!(
        "{label:<48} {:>8.2} ms (repeat {:>8.2} ms)",
        first.as_secs_f64() * 1e3,
        t.elapsed().as_secs_f64() * 1e3
    );
    Ok(out)
}

fn main() -> Result<(), StoreError> {
    let mut args = std::env::args().skip(1);
    let n: u64 = args
        .next()
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    let raw_len: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(1_500);
    let dir = tempfile::tempdir().map_err(|e| StoreError::Invalid(e.to_string()))?;
    let store = Store::open_in_dir(dir.path())?;
    for shop in SHOPS {
        store.insert_shop(&NewShop {
            id: shop.into(),
            registration: ShopRegistration {
                label: format!("Shop {shop}"),
                region: Region::Us,
                app_key: "k".into(),
                service_id: "s".into(),
                shop_hint: "h".into(),
                redirect_port: 8123,
                authorize_url: "u".into(),
                api_base: "u".into(),
                auth_base: "u".into(),
            },
            is_demo: false,
            created_at: 0,
        })?;
    }

    let (rate, wall) = upsert_all(&store, n, 0, raw_len)?;
    println!(
        "insert {n} orders: {rate:>10.0} orders/s in upsert ({wall:.1} s wall incl. generation)"
    );
    if std::env::var_os("BENCH_INSERT_ONLY").is_some() {
        return Ok(());
    }
    let updates = n.min(200_000);
    let (rate, _) = upsert_all(&store, updates, 1, raw_len)?;
    println!("update {updates} orders (status change): {rate:>10.0} orders/s");
    let (rate, _) = upsert_all(&store, updates, 0, raw_len)?;
    println!("re-send {updates} stale versions: {rate:>10.0} orders/s");

    // Reopen so `PRAGMA optimize` sees the data, as the app would on its next start.
    drop(store);
    let store = Store::open_in_dir(dir.path())?;
    let tab = |g: &str| OrderQuery {
        status_group: Some(g.into()),
        ..OrderQuery::default()
    };
    time("all shops, All tab, newest first", || {
        store.query_orders(&OrderQuery::default())
    })?;
    time("all shops, to_ship tab, newest first", || {
        store.query_orders(&tab("to_ship"))
    })?;
    time("one shop, to_ship tab, newest first", || {
        store.query_orders(&OrderQuery {
            shop_ids: vec!["bench".into()],
            ..tab("to_ship")
        })
    })?;
    time("to_ship tab, ship-by soonest", || {
        store.query_orders(&OrderQuery {
            sort: OrderColumn::ShipBy,
            descending: false,
            ..tab("to_ship")
        })
    })?;
    time("All tab, page at offset n/2", || {
        store.query_orders(&OrderQuery {
            offset: n / 2,
            ..OrderQuery::default()
        })
    })?;
    time("All tab, created in a 30-day range", || {
        store.query_orders(&OrderQuery {
            created_from: Some(1_600_000_000 + (n as i64) * 15),
            created_to: Some(1_600_000_000 + (n as i64) * 15 + 30 * 86_400),
            ..OrderQuery::default()
        })
    })?;
    time("All tab, on hold only", || {
        store.query_orders(&OrderQuery {
            flags: shopdock_store::OrderFlagFilter {
                on_hold: Some(true),
                ..Default::default()
            },
            ..OrderQuery::default()
        })
    })?;
    time("All tab, sort by total (no index)", || {
        store.query_orders(&OrderQuery {
            sort: OrderColumn::TotalAmount,
            ..OrderQuery::default()
        })
    })?;
    for search in [
        "SKU-01234",
        "buyer12345",
        "deluxe",
        "5760000000",
        "Product 42",
        "zzz",
    ] {
        let page = time(&format!("search {search:?}"), || {
            store.query_orders(&OrderQuery {
                search: Some(search.into()),
                ..OrderQuery::default()
            })
        })?;
        println!("{:>48} {} matches", "", page.total);
    }
    time("get_order", || {
        store.get_order("bench", "576000000000007919")
    })?;
    time("count_orders", || store.count_orders("bench"))?;
    sort_matrix(&store, n)?;
    let size = std::fs::metadata(store.path())
        .map(|m| m.len())
        .unwrap_or(0);
    println!("database file: {:.0} MB", size as f64 / 1e6);
    Ok(())
}

/// Every sort column in every scope: p95 and worst per column, and over all of them.
fn sort_matrix(store: &Store, n: u64) -> Result<(), StoreError> {
    use shopdock_store::OrderFlagFilter;
    let columns = [
        OrderColumn::Shop,
        OrderColumn::OrderId,
        OrderColumn::Status,
        OrderColumn::StatusGroup,
        OrderColumn::CreateTime,
        OrderColumn::UpdateTime,
        OrderColumn::PaidTime,
        OrderColumn::BuyerName,
        OrderColumn::BuyerEmail,
        OrderColumn::TotalAmount,
        OrderColumn::ItemCount,
        OrderColumn::FirstItemName,
        OrderColumn::FulfillmentType,
        OrderColumn::ShippingType,
        OrderColumn::ShipBy,
        OrderColumn::TrackingNumber,
    ];
    let on_hold = OrderFlagFilter {
        on_hold: Some(true),
        ..OrderFlagFilter::default()
    };
    let mid = 1_600_000_000 + (n as i64) * 15;
    let scopes: Vec<(&str, OrderQuery)> = vec![
        ("all shops, All", OrderQuery::default()),
        (
            "all shops, to_ship",
            OrderQuery {
                status_group: Some("to_ship".into()),
                ..OrderQuery::default()
            },
        ),
        (
            "one shop, All",
            OrderQuery {
                shop_ids: vec!["bench-b".into()],
                ..OrderQuery::default()
            },
        ),
        (
            "one shop, unpaid",
            OrderQuery {
                shop_ids: vec!["bench-b".into()],
                status_group: Some("unpaid".into()),
                ..OrderQuery::default()
            },
        ),
        (
            "on hold only",
            OrderQuery {
                flags: on_hold,
                ..OrderQuery::default()
            },
        ),
        (
            "one shop, to_ship, on hold",
            OrderQuery {
                shop_ids: vec!["bench-c".into()],
                status_group: Some("to_ship".into()),
                flags: on_hold,
                ..OrderQuery::default()
            },
        ),
        (
            "created in 30 days",
            OrderQuery {
                created_from: Some(mid),
                created_to: Some(mid + 30 * 86_400),
                ..OrderQuery::default()
            },
        ),
    ];
    let percentile =
        |sorted: &[f64], p: f64| sorted[((sorted.len() - 1) as f64 * p).round() as usize];
    let mut everything = Vec::new();
    let mut worst_overall = (0.0, String::new());
    println!(
        "sort matrix ({} scopes x 2 directions x offsets 0 and 300):",
        scopes.len()
    );
    for column in columns {
        let mut times = Vec::new();
        let mut worst = (0.0, String::new());
        for (label, scope) in &scopes {
            for descending in [false, true] {
                for offset in [0, 300] {
                    let q = OrderQuery {
                        sort: column,
                        descending,
                        offset,
                        ..scope.clone()
                    };
                    let t = Instant::now();
                    std::hint::black_box(store.query_orders(&q)?);
                    let ms = t.elapsed().as_secs_f64() * 1e3;
                    times.push(ms);
                    if ms > worst.0 {
                        worst = (ms, format!("{label}, desc={descending}, offset {offset}"));
                    }
                }
            }
        }
        times.sort_by(|a, b| a.total_cmp(b));
        println!(
            "  {:<16} p95 {:>7.2} ms   worst {:>7.2} ms ({})",
            format!("{column:?}"),
            percentile(&times, 0.95),
            worst.0,
            worst.1
        );
        if worst.0 > worst_overall.0 {
            worst_overall = (worst.0, format!("{column:?}, {}", worst.1));
        }
        everything.extend(times);
    }
    everything.sort_by(|a, b| a.total_cmp(b));
    println!(
        "  every sort and scope: p95 {:.2} ms, worst {:.2} ms ({})",
        percentile(&everything, 0.95),
        worst_overall.0,
        worst_overall.1
    );
    Ok(())
}
