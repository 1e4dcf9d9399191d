//! `shopdock products`: import a shop's catalog from TikTok (`sync`), list what is stored
//! (`--unmapped`: the products with a SKU no link maps, as `shopdock map list --unmapped`
//! reads them).

use crate::{output, shop::resolve};
use clap::builder::PossibleValuesParser;
use clap::Subcommand;
use shopdock_core::sync::engine_lock::Claimant;
use shopdock_core::{
    ApiError, CoreEvent, ProductImportSummary, ProductPageView, ProductQueryInput, Shopdock,
};
use std::process::ExitCode;
use tokio_util::sync::CancellationToken;

#[derive(Subcommand)]
pub enum ProductsCommand {
    /// Import the shop's products from TikTok: all of them the first time (resumed where it
    /// stopped), then what changed since. Ctrl-C stops it; what was stored is kept.
    Sync {
        shop: String,
        /// Import every product again, not only the changes (TikTok's deleted ones are
        /// marked so).
        #[arg(long)]
        full: bool,
        #[arg(long)]
        json: bool,
    },
    /// List the stored products, latest change first.
    List {
        /// Only this shop (id, label or code).
        #[arg(long)]
        shop: Option<String>,
        /// TikTok's product status.
        #[arg(long, ignore_case = true,
              value_parser = PossibleValuesParser::new(shopdock_core::products::product_statuses()))]
        status: Option<String>,
        /// Part of a title or seller SKU, or a whole product or SKU id.
        #[arg(long)]
        search: Option<String>,
        /// Only products with a SKU not mapped to one of your SKUs (`shopdock map`).
        #[arg(long)]
        unmapped: bool,
        #[arg(long, default_value_t = 50)]
        limit: u32,
        #[arg(long)]
        json: bool,
    },
}

pub async fn run(app: &Shopdock, command: ProductsCommand) -> Result<ExitCode, ApiError> {
    match command {
        ProductsCommand::Sync { shop, full, json } => sync(app, &shop, full, json).await,
        ProductsCommand::List {
            shop,
            status,
            search,
            unmapped,
            limit,
            json,
        } => {
            let shop_ids = match shop {
                Some(s) => vec![resolve(app, &s).await?.id],
                None => Vec::new(),
            };
            let page = app
                .query_products(ProductQueryInput {
                    shop_ids,
                    status,
                    search,
                    unmapped,
                    offset: 0,
                    limit: Some(limit),
                })
                .await?;
            output::emit(json, &page, print_page);
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Imports with a progress line on stderr; Ctrl-C cancels (the same command resumes).
async fn sync(app: &Shopdock, key: &str, full: bool, json: bool) -> Result<ExitCode, ApiError> {
    let shop = resolve(app, key).await?;
    // One engine per data dir: the app's sync spends the same rate budget.
    let _engine = app.claim_engine(Claimant::Cli, &shop.label)?;
    let cancel = CancellationToken::new();
    let mut events = app.subscribe();
    let shop_id = shop.id.clone();
    let printer = tokio::spawn(async move {
        while let Ok(event) = events.recv().await {
            if let CoreEvent::ProductImportProgress { progress: p } = event {
                if p.shop_id != shop_id {
                    continue;
                }
                let what = if p.full { "all products" } else { "changes" };
                let pct = (p.imported * 100).checked_div(p.total).unwrap_or(100);
                eprint!(
                    "\rproducts ({what}): {} / {} ({pct}%)   ",
                    p.imported, p.total
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
    let result = app.import_products(&shop.id, full, cancel).await;
    printer.abort();
    eprintln!();
    let summary = result?;
    output::emit(json, &summary, print_summary);
    Ok(ExitCode::SUCCESS)
}

fn print_summary(s: &ProductImportSummary) {
    println!(
        "imported products{}: {} new, {} updated, {} read in full, {} SKUs removed, {} marked deleted; {} warehouses",
        if s.full { " (all)" } else { " (changes)" },
        s.inserted,
        s.updated,
        s.details_fetched,
        s.skus_removed,
        s.marked_deleted,
        s.warehouses
    );
    if s.unreachable > 0 {
        eprintln!(
            "{} product(s) TikTok listed could not be read or reached; the next import tries again",
            s.unreachable
        );
    }
    if s.thumbnails_failed > 0 {
        eprintln!(
            "{} thumbnail(s) could not be downloaded; the next import tries again",
            s.thumbnails_failed
        );
    }
}

fn print_page(page: &ProductPageView) {
    for r in &page.rows {
        let price = match (&r.price_min, &r.price_max) {
            (Some(a), Some(b)) if a != b => format!("{a}-{b} {}", r.currency),
            (Some(a), _) => format!("{a} {}", r.currency),
            _ => "-".into(),
        };
        println!(
            "{}\t{}\t{}\t{} SKU\t{}\t{}\t{}{}",
            r.product_id,
            r.status,
            r.title,
            r.sku_count,
            r.seller_skus.join(","),
            price,
            r.stock_total,
            match r.unmapped_skus {
                0 => String::new(),
                n => format!("\t{n} unmapped"),
            }
        );
    }
    println!("{} of {} products", page.rows.len(), page.total);
}
