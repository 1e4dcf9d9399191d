//! five-shops: five shops of 20,000 orders backfilling at once into one store, each under its
//! own 50 QPS at 150 ms latency (issue 9): the writer must store 25,000 orders/s while they run.
//!
//! The sandbox plays TikTok, whose servers are not on the seller's machine, so it runs on a
//! runtime of its own (threads named `sandbox-…`), as a separate service would, and its CPU is
//! counted apart from Shopdock's: on a 2-core machine both share the cores, and the figure that
//! says what Shopdock costs is its own CPU time per order.

use super::{app_with_shops, create_shape, Shape};
use shopdock_core::Shopdock;
use shopdock_sandbox::{Sandbox, SandboxConfig};
use shopdock_store::Store;
use std::time::{Duration, Instant};

const ORDERS_PER_SHOP: usize = 20_000;
const SHOPS: usize = 5;
/// The name of the sandbox runtime's threads (at most 15 bytes: Linux keeps no more).
const SANDBOX_THREADS: &str = "sandbox-rt";

pub async fn five_shops() {
    let (sandbox_rt, sandbox) = sandbox_apart();
    let control = sandbox.control().clone();
    let added: Vec<_> = control
        .shops()
        .into_iter()
        .filter(|s| s.seller_id.starts_with("shop"))
        .collect();
    assert_eq!(added.len(), SHOPS, "five added shops");
    let mut range = (0, 0);
    for s in &added {
        range = create_shape(&control, &s.id, ORDERS_PER_SHOP, Shape::Uniform);
    }
    let shops: Vec<(String, String)> = added
        .iter()
        .map(|s| (s.code.clone(), s.seller_id.clone()))
        .collect();
    let (_dir, app, ids) = app_with_shops(&sandbox, &shops).await;
    control.set_rate_limit(50);
    control.set_latency(Duration::from_millis(150));
    control.reset_stats();

    let t = Instant::now();
    let cpu_before = Cpu::now();
    let mut times = backfill_all(&app, &ids, range).await;
    let all = t.elapsed().as_secs_f64();
    let cpu = Cpu::now().since(&cpu_before);

    let store = Store::open(&app.database_path()).expect("store");
    for id in &ids {
        let stored = store.count_orders(id).expect("count") as usize;
        assert_eq!(stored, ORDERS_PER_SHOP, "every order stored");
    }
    times.sort_by(|a, b| a.total_cmp(b));
    let floor = (ORDERS_PER_SHOP as f64 / 100.0).ceil() / 50.0;
    let stats = control.stats();
    let orders = (SHOPS * ORDERS_PER_SHOP) as f64;
    println!(
        "\n== five shops backfilling at once: {ORDERS_PER_SHOP} orders each, 50 QPS each, 150 ms latency"
    );
    println!(
        "   floor per shop {floor:.1} s; per shop {:.2}-{:.2} s; all done in {all:.2} s; worst ratio {:.3} (target <= 1.2); {:.0} orders/s stored; 429s {}; busiest second of a shop at the sandbox {} (limit 50)",
        times[0],
        times[times.len() - 1],
        times[times.len() - 1] / floor,
        orders / all,
        stats.rate_limited,
        stats.max_qps_observed
    );
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!(
        "   CPU: Shopdock {:.2} s ({:.0} µs an order), the sandbox {:.2} s; together {:.0}% of the {cores} cores; at 1.2 times the floor the {cores} cores hold {:.1} CPU s",
        cpu.shopdock,
        cpu.shopdock / orders * 1e6,
        cpu.sandbox,
        100.0 * (cpu.shopdock + cpu.sandbox) / all / cores as f64,
        1.2 * floor * cores as f64
    );
    let (database, raw_json) = database_mib(&app.database_path());
    println!(
        "   the database: {database:.0} MiB, of which the orders' raw JSON {raw_json:.0} MiB ({:.0} bytes an order)",
        raw_json * (1 << 20) as f64 / orders
    );
    drop(sandbox);
    // A runtime may not be dropped inside another's task: its threads are let go instead.
    sandbox_rt.shutdown_background();
}

/// The sandbox for five added US shops, served by a runtime of its own.
fn sandbox_apart() -> (tokio::runtime::Runtime, Sandbox) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name(SANDBOX_THREADS)
        // Its threads live through the run, so their CPU is still there to be read at the end.
        .thread_keep_alive(Duration::from_secs(600))
        .enable_all()
        .build()
        .expect("sandbox runtime");
    let config = SandboxConfig {
        seed: 22,
        orders_per_shop: 0,
        extra_shops: (0..SHOPS)
            .map(|_| {
                shopdock_sandbox::ShopSetup::local(
                    shopdock_sandbox::MarketCode::Us,
                    shopdock_sandbox::ShippingMode::Mixed,
                )
            })
            .collect(),
        ..SandboxConfig::default()
    };
    let handle = runtime.handle().clone();
    // `block_on` may not run on a thread that is inside a runtime already.
    let sandbox = std::thread::spawn(move || handle.block_on(Sandbox::start(config)))
        .join()
        .expect("sandbox start thread")
        .expect("sandbox");
    (runtime, sandbox)
}

/// The database's size and the part of it that is the orders' raw JSON, in MiB.
fn database_mib(path: &std::path::Path) -> (f64, f64) {
    let conn = rusqlite::Connection::open(path).expect("database");
    let one = |sql: &str| -> f64 {
        let bytes: i64 = conn.query_row(sql, [], |r| r.get(0)).expect(sql);
        bytes as f64 / (1 << 20) as f64
    };
    (
        one("SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()"),
        one("SELECT sum(length(raw_json)) FROM order_details"),
    )
}

/// Backfills every shop of `ids` over `range` at once; each shop's time in seconds.
async fn backfill_all(app: &Shopdock, ids: &[String], range: (i64, i64)) -> Vec<f64> {
    let mut runs = tokio::task::JoinSet::new();
    for id in ids {
        let (app, id) = (app.clone(), id.clone());
        runs.spawn(async move {
            let t = Instant::now();
            app.backfill_orders(
                &id,
                range.0,
                range.1,
                tokio_util::sync::CancellationToken::new(),
            )
            .await
            .expect("backfill");
            t.elapsed().as_secs_f64()
        });
    }
    let mut times = Vec::new();
    while let Some(r) = runs.join_next().await {
        times.push(r.expect("run"));
    }
    times
}

/// CPU seconds used so far: by the sandbox's threads, and by the rest of the process.
struct Cpu {
    shopdock: f64,
    sandbox: f64,
}

impl Cpu {
    fn now() -> Cpu {
        let sandbox = threads_cpu_seconds(SANDBOX_THREADS);
        Cpu {
            shopdock: process_cpu_seconds() - sandbox,
            sandbox,
        }
    }

    fn since(&self, before: &Cpu) -> Cpu {
        Cpu {
            shopdock: self.shopdock - before.shopdock,
            sandbox: self.sandbox - before.sandbox,
        }
    }
}

/// User and system CPU seconds this process has used so far (all threads, ended ones too).
fn process_cpu_seconds() -> f64 {
    // SAFETY: getrusage only writes the struct it is given.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    if unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) } != 0 {
        return f64::NAN;
    }
    let secs = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    secs(usage.ru_utime) + secs(usage.ru_stime)
}

/// CPU seconds used so far by this process's live threads whose name starts with `prefix`,
/// from each thread's scheduler statistics (nanoseconds on a CPU).
fn threads_cpu_seconds(prefix: &str) -> f64 {
    let Ok(tasks) = std::fs::read_dir("/proc/self/task") else {
        return f64::NAN;
    };
    let mut nanos = 0u64;
    for task in tasks.flatten() {
        let path = task.path();
        let named = std::fs::read_to_string(path.join("comm"))
            .is_ok_and(|name| name.trim_end().starts_with(prefix));
        if !named {
            continue;
        }
        let on_cpu = std::fs::read_to_string(path.join("schedstat"))
            .ok()
            .and_then(|s| s.split_whitespace().next()?.parse::<u64>().ok());
        nanos += on_cpu.unwrap_or(0);
    }
    nanos as f64 / 1e9
}
