//! print: packing slips (4x6 in) and a pick list (US Letter) for 500 stored sandbox orders,
//! each one PDF, through `Shopdock::print_documents` as the window and the CLI call it. The
//! first print of a process also finds the system's fonts, so it is shown apart.

use super::{start_sandbox, store_with_bench_shop};
use shopdock_core::sync::plan::to_record;
use shopdock_core::{DocumentKind, OpenOptions, PageSize, PrintInput, Shopdock};
use std::time::{Duration, Instant};

const N: usize = 500;

pub async fn print() {
    let sandbox = start_sandbox(21).await;
    let control = sandbox.control();
    let demo = control.demo_shop();
    control.create_orders(&demo.id, N).expect("orders");
    // Past the on-hold hour, so every order has its address.
    control.advance_clock(Duration::from_secs(2 * 3600));
    let orders = control.orders(&demo.id).expect("orders");
    let (dir, store) = store_with_bench_shop();
    let records: Vec<_> = orders
        .iter()
        .map(|o| to_record(o, &serde_json::to_string(o).expect("json")))
        .collect();
    store
        .upsert_orders("bench", &records, None)
        .expect("upsert");
    drop(store);
    let ids: Vec<String> = orders.iter().map(|o| o.id.clone()).collect();
    let units: usize = orders.iter().map(|o| o.line_items.len()).sum();
    let app = Shopdock::open(OpenOptions {
        data_dir: Some(dir.path().to_path_buf()),
        ..OpenOptions::default()
    })
    .await
    .expect("open");
    let run = |kind, size, file: &str| {
        let input = PrintInput {
            shop_id: Some("bench".into()),
            order_ids: ids.clone(),
            status_group: None,
            kind,
            size,
            path: Some(dir.path().join(file).display().to_string()),
        };
        let app = app.clone();
        async move {
            let t = Instant::now();
            let printed = app.print_documents(input).await.expect("print");
            (t.elapsed().as_secs_f64(), printed)
        }
    };
    let (first, _) = run(DocumentKind::PackingSlips, PageSize::FourBySix, "first.pdf").await;
    let (slips_s, slips) = run(DocumentKind::PackingSlips, PageSize::FourBySix, "slips.pdf").await;
    let (pick_s, pick) = run(DocumentKind::PickList, PageSize::Letter, "pick.pdf").await;
    let mb = |b: u64| b as f64 / 1_048_576.0;
    println!(
        "print: {N} orders ({units} units): packing slips 4x6 {:.2} s, {} pages, {:.2} MiB \
         (first print of the process {first:.2} s, fonts found); pick list letter {pick_s:.2} s, \
         {} pages, {:.2} MiB",
        slips_s,
        slips.pages,
        mb(slips.bytes),
        pick.pages,
        mb(pick.bytes),
    );
}
