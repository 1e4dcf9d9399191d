//! `shopdock print`: Shopdock's own packing slips and pick lists as one PDF, for the orders
//! picked by id or every seller-shipped order of a tab; and TikTok's shipping labels of
//! those orders (fetched once and kept, so they reprint offline) as one PDF.

use crate::output::emit;
use crate::shop::resolve;
use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{Args, Subcommand};
use shopdock_core::words::parse_word;
use shopdock_core::{
    ApiError, CoreEvent, DocumentKind, LabelSize, LabelsInput, PageSize, PrintInput, PrintedLabels,
    Shopdock, StatusGroup,
};
use std::path::PathBuf;
use std::process::ExitCode;
use strum::VariantNames;

#[derive(Subcommand)]
pub enum PrintCommand {
    /// A packing slip per order: shop, order id and barcode, ship-to, items, buyer message.
    Slips(PrintArgs),
    /// One pick list across the orders: a line per SKU and variant with its total and orders.
    Picklist(PrintArgs),
    /// TikTok's shipping labels of arranged TikTok Shipping orders, all in one PDF; says which
    /// orders have none and why. Labels are downloaded once and kept, so they reprint offline.
    Labels(LabelArgs),
}

#[derive(Args)]
pub struct LabelArgs {
    /// Order ids, comma-separated, printed in this order.
    #[arg(
        long,
        value_delimiter = ',',
        required_unless_present = "status",
        conflicts_with = "status"
    )]
    orders: Vec<String>,
    /// Every seller-fulfilled order of this tab (usually to_ship), oldest first.
    #[arg(long, value_parser = word_parser::<StatusGroup>("status"))]
    status: Option<StatusGroup>,
    /// Only this shop (id, label or code).
    #[arg(long)]
    shop: Option<String>,
    /// The label size TikTok offers: a6 (its default) or a5.
    #[arg(long, default_value = "a6", value_parser = word_parser::<LabelSize>("label size"))]
    size: LabelSize,
    /// The PDF to write; default a new file in the documents folder of Shopdock's data.
    #[arg(long, value_name = "FILE.pdf")]
    out: Option<PathBuf>,
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
pub struct PrintArgs {
    /// Order ids, comma-separated, printed in this order.
    #[arg(
        long,
        value_delimiter = ',',
        required_unless_present = "status",
        conflicts_with = "status"
    )]
    orders: Vec<String>,
    /// Every seller-shipped order of this tab (usually to_ship), oldest first.
    #[arg(long, value_parser = word_parser::<StatusGroup>("status"))]
    status: Option<StatusGroup>,
    /// Only this shop (id, label or code).
    #[arg(long)]
    shop: Option<String>,
    /// The paper: 4x6 (thermal labels), a4 or letter.
    #[arg(long, default_value = "4x6", value_parser = word_parser::<PageSize>("page size"))]
    size: PageSize,
    /// The PDF to write; default a new file in the documents folder of Shopdock's data.
    #[arg(long, value_name = "FILE.pdf")]
    out: Option<PathBuf>,
    #[arg(long)]
    json: bool,
}

/// Core's words for `T`, refused by clap with the list of valid ones.
fn word_parser<T>(what: &'static str) -> impl TypedValueParser<Value = T>
where
    T: std::str::FromStr + VariantNames + Clone + Send + Sync + 'static,
{
    PossibleValuesParser::new(T::VARIANTS)
        .try_map(move |word| parse_word::<T>(what, &word).map_err(|e| e.to_string()))
}

pub async fn run(app: &Shopdock, command: PrintCommand) -> Result<ExitCode, ApiError> {
    let (kind, args) = match command {
        PrintCommand::Slips(args) => (DocumentKind::PackingSlips, args),
        PrintCommand::Picklist(args) => (DocumentKind::PickList, args),
        PrintCommand::Labels(args) => return labels(app, args).await,
    };
    let shop_id = match &args.shop {
        Some(key) => Some(resolve(app, key).await?.id),
        None => None,
    };
    let printed = app
        .print_documents(PrintInput {
            shop_id,
            order_ids: args.orders,
            status_group: args.status,
            kind,
            size: args.size,
            path: args.out.map(|p| p.display().to_string()),
        })
        .await?;
    emit(args.json, &printed, |p| {
        let what = match p.kind {
            DocumentKind::PackingSlips => "packing slips",
            DocumentKind::PickList => "a pick list",
        };
        println!(
            "wrote {what} for {} order(s): {} page(s), {} KB, to {}",
            p.orders,
            p.pages,
            p.bytes.div_ceil(1024),
            p.path
        );
    });
    Ok(ExitCode::SUCCESS)
}

/// `shopdock print labels`: waits for TikTok while it generates labels (shown on stderr);
/// Ctrl-C stops the print, keeping the labels downloaded so far.
async fn labels(app: &Shopdock, args: LabelArgs) -> Result<ExitCode, ApiError> {
    let shop_id = match &args.shop {
        Some(key) => Some(resolve(app, key).await?.id),
        None => None,
    };
    let job_id = format!("cli-{}", std::process::id());
    let mut events = app.subscribe();
    let watched = job_id.clone();
    let progress = tokio::spawn(async move {
        while let Ok(event) = events.recv().await {
            if let CoreEvent::LabelsProgress { progress: p } = event {
                if p.job_id != watched {
                    continue;
                }
                let waiting = match p.generating {
                    0 => String::new(),
                    n => format!(", waiting for TikTok to generate {n}"),
                };
                eprint!("\rlabels: {} / {} orders{waiting}   ", p.done, p.total);
            }
        }
    });
    let interrupt = {
        let (app, job_id) = (app.clone(), job_id.clone());
        tokio::spawn(async move {
            if tokio::signal::ctrl_c().await.is_ok() {
                eprintln!("\ncancelling; labels downloaded so far are kept");
                app.cancel_label_print(&job_id);
            }
        })
    };
    let result = app
        .print_labels(LabelsInput {
            shop_id,
            order_ids: args.orders,
            status_group: args.status,
            size: args.size,
            path: args.out.map(|p| p.display().to_string()),
            job_id: Some(job_id),
        })
        .await;
    progress.abort();
    interrupt.abort();
    eprintln!();
    let printed = result?;
    emit(args.json, &printed, say_labels);
    Ok(ExitCode::SUCCESS)
}

fn say_labels(p: &PrintedLabels) {
    println!(
        "wrote {} label(s) for {} order(s): {} page(s) {}, {} KB, to {}",
        p.labels,
        p.orders,
        p.pages,
        p.size.as_str().to_uppercase(),
        p.bytes.div_ceil(1024),
        p.path
    );
    for m in &p.missing {
        println!("no label for order {}: {}", m.order_id, m.message);
    }
}
