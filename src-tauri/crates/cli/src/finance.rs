//! `shopdock finance`: what TikTok paid each shop. Import a shop's statements, payouts and
//! settled orders (incrementally, or the days of a range), list the statements, show what an
//! order earned, summarize a period, and export for an accountant (.csv or .xlsx).

use crate::output::{emit, invalid};
use crate::{dates, shop::resolve};
use clap::Subcommand;
use shopdock_core::sync::engine_lock::Claimant;
use shopdock_core::words::{parse_word, UnknownWord};
use shopdock_core::{
    ApiError, ChartStep, CoreEvent, EarningsStatus, ErrorCode, FinanceExportInput,
    FinanceExportRows, FinanceQueryInput, FinanceRange, FinanceSummaryInput, FinanceSummaryView,
    OrderEarningsView, Shopdock, StatementRowView,
};
use std::path::PathBuf;
use std::process::ExitCode;
use tokio_util::sync::CancellationToken;

fn rows(word: &str) -> Result<FinanceExportRows, UnknownWord> {
    parse_word("rows", word)
}

#[derive(Subcommand)]
pub enum FinanceCommand {
    /// Import the shop's statements, payouts, their transactions and each settled order's:
    /// since the last import, or the statements of the days from --from up to --to.
    /// Ctrl-C stops it; the same command resumes.
    Sync {
        shop: String,
        /// The first day (YYYY-MM-DD, UTC, or Unix seconds).
        #[arg(long, requires = "to", value_parser = dates::parse_date)]
        from: Option<i64>,
        /// The day after the last one.
        #[arg(long, requires = "from", value_parser = dates::parse_date)]
        to: Option<i64>,
    },
    /// The imported statements, newest first, one line per day and shop.
    Statements {
        /// Only this shop (id, label or code).
        #[arg(long)]
        shop: Option<String>,
        #[arg(long, value_parser = dates::parse_date)]
        from: Option<i64>,
        #[arg(long, value_parser = dates::parse_date)]
        to: Option<i64>,
        #[arg(long, default_value_t = 100)]
        limit: u32,
        #[arg(long)]
        json: bool,
    },
    /// What an order earned: TikTok's settlement, its parts and the gap between them,
    /// adjustments, and the profit where your SKU costs allow.
    Order {
        id: String,
        /// The order's shop, when several have it.
        #[arg(long)]
        shop: Option<String>,
        /// Ask TikTok for the order's transactions first.
        #[arg(long)]
        fetch: bool,
        #[arg(long)]
        json: bool,
    },
    /// A period's money per currency: revenue, fees by kind, shipping, adjustments, payouts.
    Summary {
        #[arg(long)]
        shop: Option<String>,
        #[arg(long, value_parser = dates::parse_date)]
        from: i64,
        #[arg(long, value_parser = dates::parse_date)]
        to: i64,
        /// Weekly steps instead of daily ones.
        #[arg(long)]
        weekly: bool,
        #[arg(long)]
        json: bool,
    },
    /// Write the imported finances to a .csv (one table: --rows) or .xlsx file (a sheet each
    /// of statements, transactions and orders).
    Export {
        file: PathBuf,
        #[arg(long)]
        shop: Option<String>,
        #[arg(long, value_parser = dates::parse_date)]
        from: Option<i64>,
        #[arg(long, value_parser = dates::parse_date)]
        to: Option<i64>,
        /// What a CSV holds: statements, transactions (the default) or orders.
        #[arg(long, value_parser = rows)]
        rows: Option<FinanceExportRows>,
    },
}

async fn shop_ids(app: &Shopdock, shop: Option<String>) -> Result<Vec<String>, ApiError> {
    Ok(match shop {
        Some(s) => vec![resolve(app, &s).await?.id],
        None => Vec::new(),
    })
}

pub async fn run(app: &Shopdock, command: FinanceCommand) -> Result<ExitCode, ApiError> {
    match command {
        FinanceCommand::Sync { shop, from, to } => {
            let range = from.zip(to).map(|(from, to)| FinanceRange { from, to });
            return sync(app, &shop, range).await;
        }
        FinanceCommand::Statements {
            shop,
            from,
            to,
            limit,
            json,
        } => {
            let page = app
                .finance_statements(FinanceQueryInput {
                    shop_ids: shop_ids(app, shop).await?,
                    from,
                    to,
                    offset: 0,
                    limit: Some(limit),
                })
                .await?;
            emit(json, &page, |page| {
                if page.rows.is_empty() {
                    println!("no statements imported: `shopdock finance sync SHOP`");
                }
                page.rows.iter().for_each(print_statement);
                if page.total as usize > page.rows.len() {
                    println!("({} of {} shown)", page.rows.len(), page.total);
                }
            });
        }
        FinanceCommand::Order {
            id,
            shop,
            fetch,
            json,
        } => {
            let shop_id = order_shop(app, &id, shop).await?;
            let earnings = if fetch {
                app.refresh_order_earnings(&shop_id, &id).await?
            } else {
                app.order_earnings(&shop_id, &id).await?
            };
            emit(json, &earnings, print_earnings);
        }
        FinanceCommand::Summary {
            shop,
            from,
            to,
            weekly,
            json,
        } => {
            let summary = app
                .finance_summary(FinanceSummaryInput {
                    shop_ids: shop_ids(app, shop).await?,
                    from,
                    to,
                    step: if weekly {
                        ChartStep::Week
                    } else {
                        ChartStep::Day
                    },
                })
                .await?;
            emit(json, &summary, print_summary);
        }
        FinanceCommand::Export {
            file,
            shop,
            from,
            to,
            rows,
        } => {
            let written = app
                .export_finance(
                    &file,
                    FinanceExportInput {
                        shop_ids: shop_ids(app, shop).await?,
                        from,
                        to,
                        rows,
                    },
                )
                .await?;
            println!(
                "exported {} statement(s), {} transaction(s), {} order(s) to {}",
                written.statements,
                written.transactions,
                written.orders,
                file.display()
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Imports with a progress line on stderr; Ctrl-C cancels, keeping what was stored.
async fn sync(
    app: &Shopdock,
    shop: &str,
    range: Option<FinanceRange>,
) -> Result<ExitCode, ApiError> {
    let shop = resolve(app, shop).await?;
    // One engine per data dir: the app's automatic import would spend the same rate budget.
    let _engine = app.claim_engine(Claimant::Cli, &shop.label)?;
    let cancel = CancellationToken::new();
    let mut events = app.subscribe();
    let printer = tokio::spawn(async move {
        while let Ok(event) = events.recv().await {
            if let CoreEvent::FinanceImportProgress { progress: p } = event {
                eprint!(
                    "\rfinance: {}: statements {}/{}, settled orders {}/{}   ",
                    p.step, p.statements_done, p.statements_total, p.orders_done, p.orders_total
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
    let result = app.import_finance(&shop.id, range, cancel).await;
    printer.abort();
    eprintln!();
    let s = result?;
    println!(
        "finance imported: {} statement(s) ({} new), {} payment(s), {} transaction(s), {} settled order(s){}",
        s.statements,
        s.statements_new,
        s.payments,
        s.transactions,
        s.orders,
        if s.unreadable > 0 {
            format!("; {} record(s) TikTok sent could not be read (see the log)", s.unreadable)
        } else {
            String::new()
        }
    );
    Ok(ExitCode::SUCCESS)
}

/// The shop of an order: the one given, else the only shop with earnings or the order stored.
async fn order_shop(app: &Shopdock, id: &str, shop: Option<String>) -> Result<String, ApiError> {
    if let Some(s) = shop {
        return Ok(resolve(app, &s).await?.id);
    }
    let mut found = Vec::new();
    for s in app.list_shops().await? {
        let known = app.order_earnings(&s.id, id).await?.status != EarningsStatus::NotSettled
            || app.order_detail(&s.id, id).await.is_ok();
        if known {
            found.push(s.id);
        }
    }
    match found.as_slice() {
        [one] => Ok(one.clone()),
        [] => Err(ApiError::new(
            ErrorCode::NotFound,
            format!("no shop has order {id}: give its shop with --shop, or sync it first"),
        )),
        _ => Err(invalid(format!(
            "several shops have an order {id}: give one with --shop"
        ))),
    }
}

fn or_dash(v: &Option<String>) -> &str {
    v.as_deref().unwrap_or("-")
}

fn print_statement(r: &StatementRowView) {
    println!(
        "{}  {}  {:<10}  settlement {:>12}  payable {:>12}  {:<10}  {} transaction(s){}  [{}]",
        r.day,
        r.currency,
        r.statement_id,
        or_dash(&r.settlement),
        or_dash(&r.payable),
        r.payment_status,
        r.transaction_count.unwrap_or(0),
        if r.complete {
            ""
        } else {
            " (not all imported)"
        },
        r.shop_id
    );
}

fn print_earnings(e: &OrderEarningsView) {
    let currency = e.currency.as_deref().unwrap_or("");
    match e.status {
        EarningsStatus::NotSettled => {
            println!(
                "order {}: not settled yet (TikTok shows an order's money once it settles, some days after delivery; `shopdock finance order {} --fetch` asks now)",
                e.order_id, e.order_id
            );
            return;
        }
        EarningsStatus::AdjustmentsOnly => println!(
            "order {}: not settled; adjustments name it ({currency})",
            e.order_id
        ),
        EarningsStatus::Settled => println!(
            "order {}: settled in statement {} of {} ({currency})",
            e.order_id,
            or_dash(&e.statement_id),
            or_dash(&e.settled_day)
        ),
    }
    for (label, v) in [
        ("revenue", &e.revenue),
        ("shipping", &e.shipping),
        ("fees", &e.fees),
        ("taxes", &e.taxes),
        ("settlement", &e.settlement),
        ("adjustments", &e.adjustments),
        ("reserve", &e.reserve),
        ("net", &e.net),
    ] {
        if let Some(v) = v {
            println!("  {label:<12} {v:>12}");
        }
    }
    if let Some(gap) = &e.gap {
        println!(
            "  the parts add up to {} but TikTok settled {}: a gap of {gap} (TikTok's settlement is the truth)",
            or_dash(&e.parts_sum),
            or_dash(&e.settlement)
        );
    }
    for p in &e.parts {
        println!("    {:<40} {:>12}  ({})", p.label, p.amount, p.group);
    }
    match (&e.profit, &e.cost) {
        (Some(profit), Some(cost)) => println!(
            "  cost {cost}, profit {profit}{}",
            e.margin_percent
                .as_ref()
                .map(|m| format!(" ({m}% of revenue)"))
                .unwrap_or_default()
        ),
        _ => {
            for why in &e.profit_missing {
                println!("  no profit: {why}");
            }
        }
    }
}

fn print_summary(s: &FinanceSummaryView) {
    if s.currencies.is_empty() {
        println!("no statements imported for those days");
    }
    for c in &s.currencies {
        println!(
            "{}: {} statement(s){}",
            c.currency,
            c.statements,
            if c.statements_incomplete > 0 {
                format!(" ({} not all imported)", c.statements_incomplete)
            } else {
                String::new()
            }
        );
        for (label, v) in [
            ("revenue", &c.revenue),
            ("shipping", &c.shipping),
            ("fees", &c.fees),
            ("taxes", &c.taxes),
            ("adjustments", &c.adjustments),
            ("reserve", &c.reserve),
            ("settlement", &c.settlement),
            ("paid", &c.paid),
            ("processing", &c.processing),
            ("failed", &c.failed),
        ] {
            println!("  {label:<12} {v:>12}");
        }
        for p in c
            .fees_by_kind
            .iter()
            .chain(&c.taxes_by_kind)
            .chain(&c.adjustments_by_kind)
        {
            println!("    {:<40} {:>12}", p.label, p.amount);
        }
        println!(
            "  {} settled order(s), {} with a gap between their parts and TikTok's settlement ({})",
            c.orders_settled, c.orders_with_gap, c.gap_total
        );
        for b in &c.buckets {
            println!(
                "  {}  settlement {:>12}  paid {:>12}",
                b.day, b.settlement, b.paid
            );
        }
    }
}
