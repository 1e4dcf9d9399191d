//! `shopdock`: everything the desktop app does, headless (scripts, cron, servers, tests).
//! A thin layer over `shopdock_core::Shopdock`: no logic lives here that the GUI lacks.

use clap::{Args, Parser, Subcommand};
use shopdock_core::words::{parse_word, UnknownWord};
use shopdock_core::{
    ApiError, AuthOutcome, CoreEvent, OpenOptions, OptionKey, OptionToggle, OptionsPatch,
    OrderQueryInput, Region, RegistrationInput, ShopStatus, ShopView, Shopdock, StatusGroup,
};
use std::process::ExitCode;
use std::time::Duration;

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
        command: SandboxCommand,
    },
    /// Register, list and remove shops.
    Shop {
        #[command(subcommand)]
        command: ShopCommand,
    },
    /// Get Auth: authorize a shop in the browser (or with a pasted code / redirect URL).
    Auth {
        /// Shop id, label, or the Shop ID/code it was registered with.
        shop: String,
        /// The authorization code, when the loopback cannot be used.
        #[arg(long, conflicts_with = "redirect_url")]
        code: Option<String>,
        /// The full address the browser was redirected to.
        #[arg(long)]
        redirect_url: Option<String>,
    },
    /// Test Connection: exits non-zero when any check fails.
    Test {
        shop: String,
        #[arg(long)]
        json: bool,
    },
    /// Pull orders: once, continuously (the automatic download), or a date range (backfill).
    Sync {
        shop: String,
        /// One incremental pull, then exit.
        #[arg(long, conflicts_with_all = ["from", "to"])]
        once: bool,
        /// Backfill orders created from this date (YYYY-MM-DD, UTC, or Unix seconds).
        #[arg(long, requires = "to")]
        from: Option<String>,
        /// ... up to (not including) this date.
        #[arg(long, requires = "from")]
        to: Option<String>,
    },
    /// The stored orders.
    Orders {
        #[command(subcommand)]
        command: OrdersCommand,
    },
    /// Show or change a shop's automation options.
    Options {
        shop: String,
        /// key=on|off, e.g. auto_download=on (repeatable).
        #[arg(long = "set", value_name = "KEY=on|off")]
        set: Vec<String>,
        /// Seconds between incremental order pulls.
        #[arg(long)]
        poll_interval: Option<u32>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
enum SandboxCommand {
    /// Serve the simulator on 127.0.0.1 until interrupted.
    Serve {
        #[arg(long, default_value_t = 8780)]
        port: u16,
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Act as the browser on a sandbox authorization page: press Authorize (or Deny) and
    /// follow the redirect. For headless setups and the end-to-end tests.
    Browse {
        url: String,
        #[arg(long)]
        deny: bool,
    },
}

fn status_word(s: &str) -> Result<StatusGroup, UnknownWord> {
    parse_word("tab", s)
}

fn region_word(s: &str) -> Result<Region, UnknownWord> {
    parse_word("region", &s.to_ascii_uppercase())
}

#[derive(Subcommand)]
enum OrdersCommand {
    /// List orders, newest first.
    List {
        /// A tab (see --help for the values); all tabs when absent.
        #[arg(long, value_parser = status_word)]
        status: Option<StatusGroup>,
        #[arg(long)]
        search: Option<String>,
        /// Only this shop (id, label or code).
        #[arg(long)]
        shop: Option<String>,
        #[arg(long, default_value_t = 50)]
        limit: u32,
        #[arg(long)]
        json: bool,
    },
    /// Export orders as CSV.
    Export {
        #[arg(long, value_name = "FILE")]
        csv: std::path::PathBuf,
        #[arg(long, value_parser = status_word)]
        status: Option<StatusGroup>,
        #[arg(long)]
        search: Option<String>,
        #[arg(long)]
        shop: Option<String>,
    },
}

#[derive(Subcommand)]
enum ShopCommand {
    /// Register a shop (or the demo shop with --demo).
    Add(AddArgs),
    /// List shops.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Remove a shop, its keyring entries and its local data.
    Remove {
        shop: String,
        /// Required: removal deletes the shop's local orders too.
        #[arg(long)]
        yes: bool,
    },
}

#[derive(Args)]
struct AddArgs {
    /// Register the demo shop backed by the in-process sandbox.
    #[arg(long, conflicts_with_all = ["label", "app_key"])]
    demo: bool,
    #[arg(long)]
    label: Option<String>,
    /// US or ROW (rest of world).
    #[arg(long, default_value = "US", value_parser = region_word)]
    region: Region,
    #[arg(long)]
    app_key: Option<String>,
    /// Read from the environment variable SHOPDOCK_APP_SECRET so it never lands in shell history.
    #[arg(long, env = "SHOPDOCK_APP_SECRET", hide_env_values = true)]
    app_secret: Option<String>,
    #[arg(long, default_value = "")]
    service_id: String,
    /// The Shop ID or shop code from Seller Center.
    #[arg(long, default_value = "")]
    shop: String,
    #[arg(long, default_value_t = 8723)]
    redirect_port: u16,
    #[arg(long, default_value = "")]
    authorize_url: String,
    /// Open API host (default: TikTok's); e.g. a `shopdock sandbox serve` address.
    #[arg(long, default_value = "")]
    api_base: String,
    /// Token service host (default: TikTok's).
    #[arg(long, default_value = "")]
    auth_base: String,
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
    match runtime.block_on(run(cli)) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {}", e.message);
            for f in &e.fields {
                eprintln!("  {}: {}", f.field, f.message);
            }
            if let Some(d) = &e.detail {
                eprintln!("  ({d})");
            }
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> Result<ExitCode, ApiError> {
    if let Command::Sandbox {
        command: SandboxCommand::Serve { port, seed },
    } = cli.command
    {
        return serve_sandbox(port, seed).await;
    }
    if let Command::Sandbox {
        command: SandboxCommand::Browse { url, deny },
    } = &cli.command
    {
        use shopdock_sandbox::browser::{press, Decision};
        let decision = if *deny {
            Decision::Deny
        } else {
            Decision::Authorize
        };
        return match press(url, decision).await {
            Ok(landing) => {
                println!(
                    "redirected to {}",
                    shopdock_tiktok_redact(&landing.redirected_to)
                );
                Ok(ExitCode::SUCCESS)
            }
            Err(e) => Err(ApiError::new(
                shopdock_core::ErrorCode::AuthFlow,
                e.to_string(),
            )),
        };
    }
    let app = Shopdock::open(OpenOptions {
        // The demo shop's backend: the sandbox, in this process, on first use.
        demo: Some(shopdock_demo::SandboxDemo::new()),
        ..OpenOptions::from_env()
    })
    .await?;
    match cli.command {
        Command::Sandbox { .. } => unreachable!("handled above"),
        Command::Shop { command } => match command {
            ShopCommand::Add(a) => {
                let shop = if a.demo {
                    app.add_demo_shop().await?
                } else {
                    app.register_shop(RegistrationInput {
                        label: a.label.unwrap_or_default(),
                        region: a.region,
                        app_key: a.app_key.unwrap_or_default(),
                        app_secret: a.app_secret,
                        service_id: a.service_id,
                        shop_hint: a.shop,
                        redirect_port: a.redirect_port,
                        authorize_url: a.authorize_url,
                        api_base: a.api_base,
                        auth_base: a.auth_base,
                    })
                    .await?
                };
                println!("registered {} ({})", shop.label, shop.id);
            }
            ShopCommand::List { json } => {
                let shops = app.list_shops().await?;
                if json {
                    print_json(&shops);
                } else if shops.is_empty() {
                    println!("no shops yet: `shopdock shop add --demo` adds the demo shop");
                } else {
                    for s in &shops {
                        println!("{}\t{}\t{}\t{}", s.id, s.label, s.region, status_text(s));
                    }
                }
            }
            ShopCommand::Remove { shop, yes } => {
                let shop = resolve(&app, &shop).await?;
                if !yes {
                    eprintln!("removing {} deletes its keyring entries and local orders; add --yes to confirm", shop.label);
                    return Ok(ExitCode::FAILURE);
                }
                app.remove_shop(&shop.id).await?;
                println!("removed {}", shop.label);
            }
        },
        Command::Auth {
            shop,
            code,
            redirect_url,
        } => {
            let shop = resolve(&app, &shop).await?;
            let outcome = match code.or(redirect_url) {
                Some(pasted) => app.submit_redirect(&shop.id, &pasted).await?,
                None => wait_for_auth(&app, &shop).await?,
            };
            return Ok(report_outcome(outcome));
        }
        Command::Test { shop, json } => {
            let shop = resolve(&app, &shop).await?;
            let report = app.test_connection(&shop.id).await?;
            if json {
                print_json(&report);
            } else {
                for c in &report.checks {
                    println!(
                        "[{}] {}: {}",
                        if c.passed { "pass" } else { "FAIL" },
                        c.label,
                        c.message
                    );
                    if let Some(fix) = &c.fix {
                        println!("       fix: {fix}");
                    }
                }
            }
            return Ok(if report.passed {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            });
        }
        Command::Sync {
            shop,
            once,
            from,
            to,
        } => {
            let shop = resolve(&app, &shop).await?;
            return sync(&app, &shop, once, from, to).await;
        }
        Command::Orders { command } => {
            let (status, search, shop) = match &command {
                OrdersCommand::List {
                    status,
                    search,
                    shop,
                    ..
                }
                | OrdersCommand::Export {
                    status,
                    search,
                    shop,
                    ..
                } => (status.clone(), search.clone(), shop.clone()),
            };
            let shop_ids = match shop {
                Some(s) => vec![resolve(&app, &s).await?.id],
                None => Vec::new(),
            };
            let query = OrderQueryInput {
                shop_ids,
                status_group: status,
                search,
                descending: true,
                ..Default::default()
            };
            match command {
                OrdersCommand::List { limit, json, .. } => {
                    let page = app
                        .query_orders(OrderQueryInput {
                            limit: Some(limit),
                            ..query
                        })
                        .await?;
                    if json {
                        print_json(&page);
                    } else {
                        for r in &page.rows {
                            println!(
                                "{}\t{}\t{}\t{} {}\t{}",
                                r.order_id,
                                r.status,
                                r.buyer_name.as_deref().unwrap_or("-"),
                                r.total_amount.as_deref().unwrap_or("-"),
                                r.currency.as_deref().unwrap_or(""),
                                r.first_item_name.as_deref().unwrap_or("")
                            );
                        }
                        println!("{} of {} orders", page.rows.len(), page.total);
                    }
                }
                OrdersCommand::Export { csv, .. } => {
                    let n = app.export_orders_csv(query, &csv).await?;
                    println!("wrote {n} orders to {}", csv.display());
                }
            }
        }
        Command::Options {
            shop,
            set,
            poll_interval,
            json,
        } => {
            let shop = resolve(&app, &shop).await?;
            let view = if set.is_empty() && poll_interval.is_none() {
                app.shop_options(&shop.id).await?
            } else {
                let mut patch = OptionsPatch {
                    set: Vec::new(),
                    poll_interval_secs: poll_interval,
                };
                for s in set {
                    let (key, value) = s.split_once('=').ok_or_else(|| {
                        ApiError::new(
                            shopdock_core::ErrorCode::Validation,
                            format!("--set takes KEY=on|off, got {s:?}"),
                        )
                    })?;
                    let enabled = match value {
                        "on" | "true" | "1" => true,
                        "off" | "false" | "0" => false,
                        _ => {
                            return Err(ApiError::new(
                                shopdock_core::ErrorCode::Validation,
                                format!("{key}: use on or off, not {value:?}"),
                            ))
                        }
                    };
                    let key = parse_word::<OptionKey>("option", key).map_err(|e| {
                        ApiError::new(shopdock_core::ErrorCode::Validation, e.to_string())
                    })?;
                    patch.set.push(OptionToggle { key, enabled });
                }
                app.set_shop_options(&shop.id, patch).await?
            };
            if json {
                print_json(&view);
            } else {
                for o in &view.options {
                    let state = if !o.available {
                        "n/a"
                    } else if o.enabled {
                        "on"
                    } else {
                        "off"
                    };
                    print!("{:<24} {:<4} {}", o.key, state, o.label);
                    match &o.unavailable_reason {
                        Some(r) => println!(" ({r})"),
                        None => println!(),
                    }
                }
                println!("poll interval: {} s", view.poll_interval_secs);
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `shopdock sync`: one pull, a backfill with a progress line, or the automatic download in
/// the foreground until Ctrl-C.
async fn sync(
    app: &Shopdock,
    shop: &ShopView,
    once: bool,
    from: Option<String>,
    to: Option<String>,
) -> Result<ExitCode, ApiError> {
    if once {
        let stats = app.pull_orders(&shop.id).await?;
        println!(
            "pulled {} orders in {} pages: {} new, {} changed",
            stats.fetched, stats.pages, stats.inserted, stats.updated
        );
        return Ok(ExitCode::SUCCESS);
    }
    if let (Some(from), Some(to)) = (from, to) {
        let (from, to) = (parse_date(&from, "from")?, parse_date(&to, "to")?);
        let cancel = tokio_util::sync::CancellationToken::new();
        let mut events = app.subscribe();
        let printer = tokio::spawn(async move {
            while let Ok(ev) = events.recv().await {
                if let CoreEvent::BackfillProgress { progress: p } = ev {
                    let pct = (p.fetched * 100).checked_div(p.total).unwrap_or(100);
                    eprint!(
                        "\rbackfill: {} / {} orders ({pct}%), windows {}/{}   ",
                        p.fetched, p.total, p.windows_done, p.windows_total
                    );
                }
            }
        });
        let c = cancel.clone();
        tokio::spawn(async move {
            if tokio::signal::ctrl_c().await.is_ok() {
                eprintln!("\ncancelling; run the same command again to resume");
                c.cancel();
            }
        });
        let result = app.backfill_orders(&shop.id, from, to, cancel).await;
        printer.abort();
        eprintln!();
        let done = result?;
        println!("backfill finished: {} orders", done.fetched);
        return Ok(ExitCode::SUCCESS);
    }
    let mut events = app.subscribe();
    app.start_sync();
    app.sync_now(&shop.id);
    println!("automatic order download for {}; Ctrl-C stops", shop.label);
    loop {
        tokio::select! {
            _ = tokio::signal::ctrl_c() => break,
            ev = events.recv() => match ev {
                Ok(CoreEvent::OrdersChanged { shop_id, inserted, updated }) if shop_id == shop.id => {
                    println!("{inserted} new, {updated} changed orders");
                }
                Ok(CoreEvent::SyncStatus { status }) if status.shop_id == shop.id => {
                    if let Some(e) = status.last_error {
                        eprintln!("sync error: {e}");
                    }
                }
                Ok(_) | Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => {}
                Err(_) => break,
            }
        }
    }
    app.stop_sync();
    Ok(ExitCode::SUCCESS)
}

/// `YYYY-MM-DD` (midnight UTC) or Unix seconds.
fn parse_date(s: &str, field: &str) -> Result<i64, ApiError> {
    let bad = || {
        ApiError::new(
            shopdock_core::ErrorCode::Validation,
            format!("--{field}: use YYYY-MM-DD or Unix seconds, not {s:?}"),
        )
    };
    if let Ok(secs) = s.parse::<i64>() {
        return Ok(secs);
    }
    let parts: Vec<&str> = s.split('-').collect();
    let [y, m, d] = parts.as_slice() else {
        return Err(bad());
    };
    let (y, m, d): (i64, i64, i64) = (
        y.parse().map_err(|_| bad())?,
        m.parse().map_err(|_| bad())?,
        d.parse().map_err(|_| bad())?,
    );
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return Err(bad());
    }
    // Days from the civil date (Howard Hinnant's algorithm), proleptic Gregorian, UTC.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Ok((era * 146_097 + doe - 719_468) * 86_400)
}

/// Starts Get Auth and waits for its outcome, printing the link for a headless user.
async fn wait_for_auth(app: &Shopdock, shop: &ShopView) -> Result<AuthOutcome, ApiError> {
    let mut events = app.subscribe();
    let session = app.begin_auth(&shop.id).await?;
    if session.browser_opened {
        println!("Your browser opened TikTok Shop. Log in and press Authorize.");
    } else {
        println!("Open this link in a browser, log in and press Authorize:");
    }
    println!("{}", session.authorize_url);
    println!(
        "Waiting up to 5 minutes for the redirect to 127.0.0.1:{} ...",
        session.port
    );
    loop {
        match tokio::time::timeout(Duration::from_secs(330), events.recv()).await {
            Ok(Ok(CoreEvent::AuthFinished { shop_id, outcome })) if shop_id == shop.id => {
                return Ok(outcome)
            }
            Ok(Ok(_)) | Ok(Err(tokio::sync::broadcast::error::RecvError::Lagged(_))) => continue,
            Ok(Err(_)) | Err(_) => {
                return Err(ApiError::new(
                    shopdock_core::ErrorCode::AuthFlow,
                    "Get Auth ended without an answer.",
                ))
            }
        }
    }
}

fn report_outcome(outcome: AuthOutcome) -> ExitCode {
    match outcome {
        AuthOutcome::Connected { shop } => {
            let name = shop.tiktok.map(|t| t.name).unwrap_or_default();
            println!("connected: {} -> {}", shop.label, name);
            ExitCode::SUCCESS
        }
        AuthOutcome::ChooseShop { candidates } => {
            println!("The authorized account does not own the shop you registered. It owns:");
            for c in candidates {
                println!("  {}  {}  {}  {}", c.shop_id, c.code, c.region, c.name);
            }
            println!("Register the shop again with one of these Shop IDs or codes.");
            ExitCode::FAILURE
        }
        AuthOutcome::Failed { error } => {
            eprintln!("error: {}", error.message);
            ExitCode::FAILURE
        }
    }
}

async fn serve_sandbox(port: u16, seed: u64) -> Result<ExitCode, ApiError> {
    let sandbox = shopdock_sandbox::serve(port, seed).await.map_err(|e| {
        ApiError::new(
            shopdock_core::ErrorCode::Internal,
            format!("the sandbox could not start: {e}"),
        )
    })?;
    println!("{}", sandbox.demo_info());
    println!("seed {seed}; press Ctrl-C to stop");
    let _ = tokio::signal::ctrl_c().await;
    sandbox.shutdown().await;
    Ok(ExitCode::SUCCESS)
}

/// Finds a shop by id, label or registered Shop ID/code (case-insensitive).
async fn resolve(app: &Shopdock, key: &str) -> Result<ShopView, ApiError> {
    let shops = app.list_shops().await?;
    let matches: Vec<&ShopView> = shops
        .iter()
        .filter(|s| {
            s.id == key
                || s.label.eq_ignore_ascii_case(key)
                || s.shop_hint.eq_ignore_ascii_case(key)
        })
        .collect();
    match matches.as_slice() {
        [one] => Ok((*one).clone()),
        [] => Err(ApiError::new(
            shopdock_core::ErrorCode::NotFound,
            format!("no shop matches {key:?}; `shopdock shop list` shows them"),
        )),
        _ => Err(ApiError::new(
            shopdock_core::ErrorCode::Conflict,
            format!("{key:?} matches several shops; use the id from `shopdock shop list`"),
        )),
    }
}

fn status_text(s: &ShopView) -> String {
    match &s.status {
        ShopStatus::NotConnected => "Not connected".into(),
        ShopStatus::Connected => "Connected".into(),
        ShopStatus::ExpiresSoon { days } => format!("Expires in {days} days"),
        ShopStatus::ReconnectNeeded { reason } => format!("Reconnect needed: {reason}"),
        ShopStatus::SyncPaused => "Sync paused".into(),
    }
}

/// Redirect URLs carry the authorization code: never print it.
fn shopdock_tiktok_redact(url: &str) -> String {
    shopdock_core::redact_url(url)
}

fn print_json<T: serde::Serialize>(value: &T) {
    match serde_json::to_string_pretty(value) {
        Ok(s) => println!("{s}"),
        Err(e) => eprintln!("error: could not encode JSON: {e}"),
    }
}

#[cfg(test)]
mod tests {
    use super::parse_date;

    #[test]
    fn dates_are_utc_midnights() {
        assert_eq!(parse_date("1970-01-01", "from").unwrap(), 0);
        assert_eq!(parse_date("2024-07-23", "from").unwrap(), 1_721_692_800);
        assert_eq!(parse_date("2000-03-01", "from").unwrap(), 951_868_800);
        assert_eq!(parse_date("1721692800", "from").unwrap(), 1_721_692_800);
        assert!(parse_date("2024-13-01", "from").is_err());
        assert!(parse_date("yesterday", "from").is_err());
    }
}
