//! `shopdock print`: Shopdock's own packing slips and pick lists as one PDF, for the orders
//! picked by id or every seller-shipped order of a tab.

use crate::output::{emit, invalid};
use crate::shop::resolve;
use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{Args, Subcommand};
use shopdock_core::words::parse_word;
use shopdock_core::{ApiError, DocumentKind, PageSize, PrintInput, Shopdock, StatusGroup};
use std::path::PathBuf;
use std::process::ExitCode;
use strum::VariantNames;

#[derive(Subcommand)]
pub enum PrintCommand {
    /// A packing slip per order: shop, order id and barcode, ship-to, items, buyer message.
    Slips(PrintArgs),
    /// One pick list across the orders: a line per SKU and variant with its total and orders.
    Picklist(PrintArgs),
    /// TikTok's shipping labels: not available in Shopdock yet.
    Labels,
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
        PrintCommand::Labels => {
            return Err(invalid(
                "Shipping labels are TikTok's documents and Shopdock cannot print them yet: \
                 print them in TikTok Seller Center. `shopdock print slips` and \
                 `shopdock print picklist` print Shopdock's own.",
            ))
        }
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
