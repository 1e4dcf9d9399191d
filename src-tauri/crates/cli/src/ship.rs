//! `shopdock ship`: ship a seller-shipped order with a carrier and tracking number, and wait
//! until TikTok has it (or refused it).

use crate::outbox::print_entry;
use crate::output::invalid;
use crate::shop::resolve;
use clap::Args;
use shopdock_core::{ApiError, OutboxState, ShipInput, Shopdock};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

/// How long `ship` waits for TikTok's answer before leaving the row to the next run.
const WAIT: Duration = Duration::from_secs(120);

#[derive(Args)]
pub struct ShipArgs {
    /// TikTok's order id.
    #[arg(required_unless_present = "file", conflicts_with = "file")]
    order: Option<String>,
    /// The carrier's name (matched to TikTok's providers for the order).
    #[arg(long, required_unless_present_any = ["file", "pickup", "drop_off", "as_seller_center", "buy_label", "options"], conflicts_with = "file")]
    carrier: Option<String>,
    /// The tracking number (spaces and hyphens are removed).
    #[arg(long, required_unless_present_any = ["file", "pickup", "drop_off", "as_seller_center", "buy_label", "options"], conflicts_with = "file")]
    tracking: Option<String>,
    /// Only these line items (comma-separated ids); default every line item not shipped yet.
    #[arg(long, value_delimiter = ',', conflicts_with = "file")]
    items: Vec<String>,
    /// A CSV or Excel file (xlsx, xls, ods) with order id, carrier and tracking columns:
    /// previewed row by row, then the valid rows are shipped after confirmation.
    #[arg(long)]
    file: Option<PathBuf>,
    /// Ship the file's valid rows without asking.
    #[arg(long, requires = "file")]
    yes: bool,
    /// The shop (id, label or code); needed when more than one shop is registered (a file
    /// without it is matched against every shop).
    #[arg(long)]
    shop: Option<String>,
    /// Arranging TikTok's shipment instead (see `crate::arrange`).
    #[command(flatten)]
    arrange: crate::arrange::ArrangeArgs,
}

pub async fn run(app: &Shopdock, args: ShipArgs) -> Result<ExitCode, ApiError> {
    if args.arrange.requested() {
        let tracking_given = args.carrier.is_some() || args.tracking.is_some();
        return crate::arrange::run(
            app,
            args.order,
            args.shop.as_deref(),
            tracking_given,
            args.arrange,
        )
        .await;
    }
    if let Some(file) = &args.file {
        let shop_id = match &args.shop {
            Some(key) => Some(resolve(app, key).await?.id),
            None => None,
        };
        return crate::ship_file::run(app, file, shop_id.as_deref(), args.yes).await;
    }
    let shop_id = match &args.shop {
        Some(key) => resolve(app, key).await?.id,
        None => match app.list_shops().await?.as_slice() {
            [only] => only.id.clone(),
            _ => {
                return Err(invalid(
                    "several shops are registered: name one with --shop",
                ))
            }
        },
    };
    let queued = app
        .ship_order(
            &shop_id,
            ShipInput {
                order_id: args.order.unwrap_or_default(),
                carrier: args.carrier.unwrap_or_default(),
                tracking_number: args.tracking.unwrap_or_default(),
                line_item_ids: args.items,
            },
        )
        .await?;
    let deadline = tokio::time::Instant::now() + WAIT;
    loop {
        app.drain_outbox(&shop_id).await?;
        let entry = app.outbox_entry(queued.id).await?;
        match entry.state {
            OutboxState::Sent => {
                print_entry(&entry);
                return Ok(ExitCode::SUCCESS);
            }
            OutboxState::Failed | OutboxState::NeedsAttention | OutboxState::Dismissed => {
                print_entry(&entry);
                return Ok(ExitCode::FAILURE);
            }
            _ if tokio::time::Instant::now() >= deadline => {
                print_entry(&entry);
                eprintln!(
                    "TikTok's answer is still pending; `shopdock outbox list` shows it later"
                );
                return Ok(ExitCode::FAILURE);
            }
            _ => tokio::time::sleep(Duration::from_millis(500)).await,
        }
    }
}
