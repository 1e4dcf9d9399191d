//! `shopdock stock`: push a shop's stock (and prices) to TikTok now, show where each linked
//! SKU's push stands, reconcile with TikTok, and set the shop's stock rules.

use crate::output::{emit, invalid, passed};
use crate::shop::resolve;
use clap::{Args, Subcommand};
use shopdock_core::sync::engine_lock::Claimant;
use shopdock_core::words::parse_word;
use shopdock_core::{ApiError, PushState, Shopdock, StockShare, StockStatusView};
use std::process::ExitCode;
use std::time::Duration;

/// How long `stock push` waits for TikTok before it reports what is still on its way.
const PUSH_WAIT: Duration = Duration::from_secs(600);

#[derive(Subcommand)]
pub enum StockCommand {
    /// Download the shop's orders, then push every linked SKU's stock (and price, with price
    /// upload on) and wait for TikTok. Exits non-zero when a SKU was refused.
    Push {
        /// The shop (id, label or code).
        shop: String,
        #[arg(long)]
        json: bool,
    },
    /// Each linked SKU: Shopdock's figure, what TikTok last confirmed, and why a push failed.
    Status {
        shop: String,
        #[arg(long)]
        json: bool,
    },
    /// Compare TikTok's stock with Shopdock's figures now and push back what drifted.
    Reconcile {
        shop: String,
        #[arg(long)]
        json: bool,
    },
    /// Show or change the shop's stock rules (and the currency of your prices).
    Settings(SettingsArgs),
}

#[derive(Args)]
pub struct SettingsArgs {
    shop: String,
    /// Units of each of your SKUs held back from this shop.
    #[arg(long)]
    buffer: Option<i64>,
    /// Percentage of the free units this shop is offered (0-100).
    #[arg(long)]
    percent: Option<u8>,
    /// How shops selling the same SKU share it: full (each sells all) or split (evenly).
    #[arg(long)]
    share: Option<String>,
    /// Minutes between two reconciliations with TikTok.
    #[arg(long)]
    reconcile_minutes: Option<i64>,
    /// The currency of your own prices (e.g. USD), or "auto" for the one currency your shops
    /// with price upload share.
    #[arg(long)]
    price_currency: Option<String>,
    #[arg(long)]
    json: bool,
}

pub async fn run(app: &Shopdock, command: StockCommand) -> Result<ExitCode, ApiError> {
    match command {
        StockCommand::Push { shop, json } => push(app, &shop, json).await,
        StockCommand::Status { shop, json } => {
            let shop = resolve(app, &shop).await?;
            let status = app.stock_status(&shop.id).await?;
            emit(json, &status, print_status);
            Ok(ExitCode::SUCCESS)
        }
        StockCommand::Reconcile { shop, json } => {
            let shop = resolve(app, &shop).await?;
            let report = app.reconcile_stock(&shop.id).await?;
            emit(json, &report, |r| {
                println!(
                    "checked {} SKUs: {} drifted, {} wait for new orders",
                    r.checked,
                    r.drifted.len(),
                    r.waiting_for_orders
                );
                for f in &r.drifted {
                    println!(
                        "  {} (product {}): TikTok {}, Shopdock {}; pushed back",
                        f.sku_id, f.product_id, f.tiktok, f.expected
                    );
                }
            });
            // Pushed by the drainer: wait for it here, the CLI runs no background one.
            app.wait_for_stock_pushes(&shop.id, PUSH_WAIT).await?;
            Ok(ExitCode::SUCCESS)
        }
        StockCommand::Settings(args) => settings(app, args).await,
    }
}

async fn push(app: &Shopdock, shop: &str, json: bool) -> Result<ExitCode, ApiError> {
    let shop = resolve(app, shop).await?;
    // The pull shares the engine with a running app (see `shopdock sync`).
    let _engine = app.claim_engine(Claimant::Cli, &shop.label)?;
    // Orders first: a figure computed before the latest orders would undo TikTok's own count.
    app.pull_orders(&shop.id).await?;
    let products = app.push_stock_now(&shop.id).await?;
    if !json {
        eprintln!("pushing {products} product(s)...");
    }
    let settled = app.wait_for_stock_pushes(&shop.id, PUSH_WAIT).await?;
    let status = app.stock_status(&shop.id).await?;
    let failed = status
        .skus
        .iter()
        .filter(|s| s.stock == PushState::Failed || s.price_state == PushState::Failed)
        .count();
    emit(json, &status, |s| {
        let pushed = s
            .skus
            .iter()
            .filter(|k| k.stock == PushState::Pushed)
            .count();
        println!("{pushed} of {} SKU(s) hold Shopdock's figure", s.skus.len());
        if !settled {
            println!("some pushes are still on their way; `shopdock stock status` follows them");
        }
        for k in s.skus.iter().filter(|k| k.stock == PushState::Failed) {
            println!(
                "  {} stock: {}",
                k.sku_id,
                k.stock_reason.as_deref().unwrap_or("")
            );
        }
        for k in s.skus.iter().filter(|k| k.price_state == PushState::Failed) {
            println!(
                "  {} price: {}",
                k.sku_id,
                k.price_reason.as_deref().unwrap_or("")
            );
        }
    });
    Ok(passed(failed == 0))
}

fn print_status(s: &StockStatusView) {
    println!(
        "stock sync {}, price upload {}; buffer {}, {} %, share {}",
        on_off(s.stock_sync),
        on_off(s.price_upload),
        s.settings.buffer,
        s.settings.percent,
        s.settings.share
    );
    if s.skus.is_empty() {
        println!("no linked SKUs");
    }
    for k in &s.skus {
        let figure = k.figure.map_or("-".into(), |n| n.to_string());
        let pushed = k.pushed.map_or("-".into(), |n| n.to_string());
        println!(
            "{} {} [{}] figure {figure}, TikTok {pushed}: {}",
            k.product_id, k.sku_id, k.parts, k.stock
        );
        if let Some(r) = &k.stock_reason {
            println!("  {r}");
        }
        if let (Some(price), Some(cur)) = (&k.price, &k.currency) {
            println!("  price {price} {cur}: {}", k.price_state);
        }
        if let Some(r) = &k.price_reason {
            println!("  price: {r}");
        }
    }
    for f in &s.findings {
        println!(
            "drift at {}: {} TikTok {}, Shopdock {}",
            f.found_at, f.sku_id, f.tiktok, f.expected
        );
    }
}

fn on_off(on: bool) -> &'static str {
    if on {
        "on"
    } else {
        "off"
    }
}

async fn settings(app: &Shopdock, args: SettingsArgs) -> Result<ExitCode, ApiError> {
    let shop = resolve(app, &args.shop).await?;
    let mut view = app.stock_settings(&shop.id).await?;
    let changes = args.buffer.is_some()
        || args.percent.is_some()
        || args.share.is_some()
        || args.reconcile_minutes.is_some()
        || args.price_currency.is_some();
    if changes {
        if let Some(b) = args.buffer {
            view.buffer = b;
        }
        if let Some(p) = args.percent {
            view.percent = p;
        }
        if let Some(share) = &args.share {
            view.share = parse_word::<StockShare>("share rule", share)
                .map_err(|e| invalid(e.to_string()))?;
        }
        if let Some(m) = args.reconcile_minutes {
            view.reconcile_minutes = m;
        }
        if let Some(c) = &args.price_currency {
            view.price_currency = (!c.eq_ignore_ascii_case("auto")).then(|| c.clone());
        }
        view = app.set_stock_settings(&shop.id, view).await?;
    }
    emit(args.json, &view, |v| {
        println!("buffer: {} unit(s) held back", v.buffer);
        println!("percent: {} % of the free units", v.percent);
        println!("share: {}", v.share);
        println!("reconcile every {} minute(s)", v.reconcile_minutes);
        match &v.price_currency {
            Some(c) => println!("your prices are in {c}"),
            None => println!("your prices are in your shops' currency"),
        }
    });
    Ok(ExitCode::SUCCESS)
}
