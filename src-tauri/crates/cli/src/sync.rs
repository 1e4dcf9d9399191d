//! `shopdock sync`: one pull, a backfill with a progress line, or the automatic download in
//! the foreground until Ctrl-C.

use crate::{dates, shop::resolve};
use clap::Args;
use shopdock_core::sync::engine_lock::Claimant;
use shopdock_core::{ApiError, CoreEvent, ShopView, Shopdock};
use std::process::ExitCode;
use tokio::sync::broadcast::error::RecvError;
use tokio_util::sync::CancellationToken;

#[derive(Args)]
pub struct SyncArgs {
    shop: String,
    /// One incremental pull, then exit.
    #[arg(long, conflicts_with_all = ["from", "to"])]
    once: bool,
    /// Backfill orders created from this date (YYYY-MM-DD, UTC, or Unix seconds).
    #[arg(long, requires = "to", value_parser = dates::parse_date)]
    from: Option<i64>,
    /// ... up to (not including) this date.
    #[arg(long, requires = "from", value_parser = dates::parse_date)]
    to: Option<i64>,
}

pub async fn run(app: &Shopdock, args: SyncArgs) -> Result<ExitCode, ApiError> {
    let shop = resolve(app, &args.shop).await?;
    // One engine per data dir: while the app runs, it syncs this shop within the shop's rate
    // budget, and a second engine here would spend it twice. Held until the command ends.
    let _engine = app.claim_engine(Claimant::Cli, &shop.label)?;
    if args.once {
        let stats = app.pull_orders(&shop.id).await?;
        println!(
            "pulled {} orders in {} pages: {} new, {} changed",
            stats.fetched, stats.pages, stats.inserted, stats.updated
        );
        return Ok(ExitCode::SUCCESS);
    }
    match (args.from, args.to) {
        (Some(from), Some(to)) => backfill(app, &shop, from, to).await,
        _ => follow(app, &shop).await,
    }
}

/// Fetches every order created in `[from, to)`, resumable: Ctrl-C (or a kill) keeps what was
/// stored, and the same command continues from there.
async fn backfill(
    app: &Shopdock,
    shop: &ShopView,
    from: i64,
    to: i64,
) -> Result<ExitCode, ApiError> {
    let cancel = CancellationToken::new();
    let mut events = app.subscribe();
    let printer = tokio::spawn(async move {
        while let Ok(event) = events.recv().await {
            if let CoreEvent::BackfillProgress { progress: p } = event {
                let pct = (p.fetched * 100).checked_div(p.total).unwrap_or(100);
                eprint!(
                    "\rbackfill: {} / {} orders ({pct}%), windows {}/{}   ",
                    p.fetched, p.total, p.windows_done, p.windows_total
                );
            }
        }
    });
    let on_interrupt = cancel.clone();
    tokio::spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            eprintln!("\ncancelling; run the same command again to resume");
            on_interrupt.cancel();
        }
    });
    let result = app.backfill_orders(&shop.id, from, to, cancel).await;
    printer.abort();
    eprintln!();
    let done = result?;
    println!("backfill finished: {} orders", done.fetched);
    Ok(ExitCode::SUCCESS)
}

/// The automatic download for one shop, printing each change, until Ctrl-C.
async fn follow(app: &Shopdock, shop: &ShopView) -> Result<ExitCode, ApiError> {
    let mut events = app.subscribe();
    app.start_sync();
    app.sync_now(&shop.id);
    println!("automatic order download for {}; Ctrl-C stops", shop.label);
    loop {
        tokio::select! {
            _ = tokio::signal::ctrl_c() => break,
            event = events.recv() => match event {
                Ok(CoreEvent::OrdersChanged { shop_id, inserted, updated }) if shop_id == shop.id => {
                    println!("{inserted} new, {updated} changed orders");
                }
                Ok(CoreEvent::SyncStatus { status }) if status.shop_id == shop.id => {
                    if let Some(e) = status.last_error {
                        eprintln!("sync error: {e}");
                    }
                }
                Ok(_) | Err(RecvError::Lagged(_)) => {}
                Err(RecvError::Closed) => break,
            }
        }
    }
    app.stop_sync();
    Ok(ExitCode::SUCCESS)
}
