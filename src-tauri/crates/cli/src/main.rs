//! `shopdock`: everything the desktop app does, headless (scripts, cron, servers, tests).
//! A thin layer over `shopdock_core::Shopdock`: no logic lives here that the GUI lacks.
//! This file parses the command line and hands each command group to its module.

mod arrange;
mod auth;
mod backup;
mod cancel;
mod carriers;
mod choices;
mod connection_test;
mod dates;
mod demo;
mod finance;
mod map;
mod options;
mod orders;
mod outbox;
mod output;
mod print;
mod products;
mod sandbox;
mod ship;
mod ship_file;
mod shop;
mod skus;
mod stock;
mod sync;

use clap::{Parser, Subcommand};
use shopdock_core::ApiError;
use std::process::ExitCode;

/// Decoding order pages allocates many small strings; mimalloc serves them faster than glibc.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "shopdock",
    version,
    about = "Shopdock: a desktop companion for TikTok Shop sellers"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// The TikTok Shop simulator.
    Sandbox {
        #[command(subcommand)]
        command: sandbox::SandboxCommand,
    },
    /// Register, list and remove shops.
    Shop {
        #[command(subcommand)]
        command: shop::ShopCommand,
    },
    /// Get Auth: authorize a shop in the browser (or with a pasted code / redirect URL).
    Auth(auth::AuthArgs),
    /// Test Connection: exits non-zero when any check fails.
    Test(connection_test::TestArgs),
    /// Pull orders: once, continuously (the automatic download), or a date range (backfill).
    Sync(sync::SyncArgs),
    /// The stored orders.
    Orders {
        #[command(subcommand)]
        command: orders::OrdersCommand,
    },
    /// The shops' TikTok products: import them (`sync`), list them.
    Products {
        #[command(subcommand)]
        command: products::ProductsCommand,
    },
    /// Show or change a shop's automation options.
    Options(options::OptionsArgs),
    /// Ship a seller-shipped order with a carrier and tracking number, or every row of a
    /// tracking file (--file), or arrange TikTok Shipping (--pickup, --drop-off,
    /// --as-seller-center, --buy-label; --options lists the choices); waits for TikTok.
    Ship(ship::ShipArgs),
    /// Cancel an order as the seller (--reason CODE); without --reason, list the valid reasons.
    Cancel(cancel::CancelArgs),
    /// Buyers' cancellation requests and cancels: list, approve, reject.
    Cancellations {
        #[command(subcommand)]
        command: cancel::CancellationsCommand,
    },
    /// Your carrier names mapped to TikTok's providers: list, `map`, `forget`.
    Carriers(carriers::CarriersArgs),
    /// What Shopdock sent to TikTok and what failed.
    Outbox {
        #[command(subcommand)]
        command: outbox::OutboxCommand,
    },
    /// Packing slips, a pick list or TikTok's shipping labels of stored orders, as one PDF.
    Print {
        #[command(subcommand)]
        command: print::PrintCommand,
    },
    /// Your own SKUs (code, name, stock, price, cost): list, set, import, export.
    Skus {
        #[command(subcommand)]
        command: skus::SkusCommand,
    },
    /// Which of your SKUs each TikTok SKU sells: auto-link, set, list, import.
    Map {
        #[command(subcommand)]
        command: map::MapCommand,
    },
    /// Stock and price sync: push now, status per SKU, reconcile, the shop's stock rules.
    Stock {
        #[command(subcommand)]
        command: stock::StockCommand,
    },
    /// What TikTok paid: import statements, list them, an order's earnings, a period's
    /// summary, export for an accountant.
    Finance {
        #[command(subcommand)]
        command: finance::FinanceCommand,
    },
    /// Copy the database now (one consistent snapshot, safe while Shopdock runs).
    Backup(backup::BackupArgs),
    /// Replace the database with a backup; the current one is kept aside. Close Shopdock first.
    Restore(backup::RestoreArgs),
}

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("SHOPDOCK_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn")),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: could not start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    output::exit_code(runtime.block_on(dispatch(cli.command)))
}

/// Runs one command. The simulator commands and restore need no app (a restore needs the
/// database to itself); every other one opens it first.
async fn dispatch(command: Command) -> Result<ExitCode, ApiError> {
    let open = demo::open_app;
    match command {
        Command::Sandbox { command } => sandbox::run(command).await,
        Command::Shop { command } => shop::run(&open().await?, command).await,
        Command::Auth(args) => auth::run(&open().await?, args).await,
        Command::Test(args) => connection_test::run(&open().await?, args).await,
        Command::Sync(args) => sync::run(&open().await?, args).await,
        Command::Orders { command } => orders::run(&open().await?, command).await,
        Command::Products { command } => products::run(&open().await?, command).await,
        Command::Options(args) => options::run(&open().await?, args).await,
        Command::Ship(args) => ship::run(&open().await?, args).await,
        Command::Cancel(args) => cancel::cancel(&open().await?, args).await,
        Command::Cancellations { command } => cancel::run(&open().await?, command).await,
        Command::Outbox { command } => outbox::run(&open().await?, command).await,
        Command::Carriers(args) => carriers::run(&open().await?, args).await,
        Command::Print { command } => print::run(&open().await?, command).await,
        Command::Skus { command } => skus::run(&open().await?, command).await,
        Command::Map { command } => map::run(&open().await?, command).await,
        Command::Stock { command } => stock::run(&open().await?, command).await,
        Command::Finance { command } => finance::run(&open().await?, command).await,
        Command::Backup(args) => backup::backup(&open().await?, args).await,
        Command::Restore(args) => backup::restore(args).await,
    }
}

#[cfg(test)]
mod tests {
    use super::Cli;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
