//! `shopdock ship`: ship a seller-shipped order with a carrier and tracking number (or correct
//! a shipped one's, `--correct`), and wait until TikTok has it (or refused it).

use crate::outbox::print_entry;
use crate::output::print_error;
use crate::ship_file::ask;
use crate::shop::resolve;
use clap::Args;
use shopdock_core::{
    ApiError, CorrectTrackingInput, ErrorCode, FormField, OutboxEntryView, OutboxState, ShipInput,
    Shopdock,
};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

/// How long `ship` waits for TikTok's answer before leaving the row to the next run.
const WAIT: Duration = Duration::from_secs(120);
/// The exit code of a carrier TikTok does not list for the order (the suggestions are printed).
const UNKNOWN_CARRIER: u8 = 2;

#[derive(Args)]
pub struct ShipArgs {
    /// TikTok's order id.
    #[arg(required_unless_present = "file", conflicts_with = "file")]
    order: Option<String>,
    /// The carrier: your own name for it once mapped (`shopdock carriers`), or TikTok's
    /// provider name for the order.
    #[arg(long, required_unless_present_any = ["file", "pickup", "drop_off", "as_seller_center", "buy_label", "options"], conflicts_with = "file")]
    carrier: Option<String>,
    /// The tracking number (spaces and hyphens are removed).
    #[arg(long, required_unless_present_any = ["file", "pickup", "drop_off", "as_seller_center", "buy_label", "options"], conflicts_with = "file")]
    tracking: Option<String>,
    /// Only these line items (comma-separated ids); default every line item not shipped yet.
    #[arg(long, value_delimiter = ',', conflicts_with_all = ["file", "correct"])]
    items: Vec<String>,
    /// A CSV or Excel file (xlsx, xls, ods) with order id, carrier and tracking columns:
    /// previewed row by row, then the valid rows are shipped after confirmation.
    #[arg(long)]
    file: Option<PathBuf>,
    /// Correct the carrier and tracking number of a shipped order. TikTok allows a single
    /// correction (within 72 h of shipment in the US, UK and SEA): you are asked first.
    #[arg(long, conflicts_with = "file")]
    correct: bool,
    /// With --correct, for an order shipped in several packages: the package to correct.
    #[arg(long, requires = "correct")]
    package: Option<String>,
    /// Do not ask: ship the file's valid rows, or send the correction.
    #[arg(long)]
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
    let shop_id = crate::shop::named_or_only(app, args.shop.as_deref()).await?;
    let order_id = args.order.unwrap_or_default();
    let carrier = args.carrier.unwrap_or_default();
    let tracking_number = args.tracking.unwrap_or_default();
    let queued = if args.correct {
        let input = CorrectTrackingInput {
            order_id: order_id.clone(),
            carrier: carrier.clone(),
            tracking_number,
            confirmed: args.yes,
            package_id: args.package,
        };
        correct(app, &shop_id, input).await
    } else {
        app.ship_order(
            &shop_id,
            ShipInput {
                order_id: order_id.clone(),
                carrier: carrier.clone(),
                tracking_number,
                line_item_ids: args.items,
            },
        )
        .await
        .map(Some)
    };
    let queued = match queued {
        Ok(Some(queued)) => queued,
        Ok(None) => {
            println!("nothing sent");
            return Ok(ExitCode::FAILURE);
        }
        Err(e) if is_carrier_problem(&e) => {
            print_error(&e);
            print_suggestions(app, &shop_id, &order_id, &carrier).await;
            return Ok(ExitCode::from(UNKNOWN_CARRIER));
        }
        Err(e) => return Err(e),
    };
    wait(app, &shop_id, queued).await
}

/// Sends the correction, asking first unless it came confirmed; `None` = the seller said no.
async fn correct(
    app: &Shopdock,
    shop_id: &str,
    input: CorrectTrackingInput,
) -> Result<Option<OutboxEntryView>, ApiError> {
    match app.correct_tracking(shop_id, input.clone()).await {
        Err(e) if e.code == ErrorCode::ConfirmationRequired => {
            if !ask(&e.message, "pass --yes to send the correction")? {
                return Ok(None);
            }
            let confirmed = CorrectTrackingInput {
                confirmed: true,
                ..input
            };
            app.correct_tracking(shop_id, confirmed).await.map(Some)
        }
        other => other.map(Some),
    }
}

/// Drains until TikTok has the row (or refused it), printing it with any warning.
pub(crate) async fn wait(
    app: &Shopdock,
    shop_id: &str,
    queued: OutboxEntryView,
) -> Result<ExitCode, ApiError> {
    let deadline = tokio::time::Instant::now() + WAIT;
    loop {
        app.drain_outbox(shop_id).await?;
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

/// The carrier is not one TikTok lists for the order (or its mapping is broken).
fn is_carrier_problem(e: &ApiError) -> bool {
    e.code == ErrorCode::Validation && e.fields.iter().any(|f| f.field == FormField::Carrier)
}

/// TikTok's carriers for the order, the likeliest first, and how to remember the right one.
async fn print_suggestions(app: &Shopdock, shop_id: &str, order_id: &str, carrier: &str) {
    let view = match app.carrier_suggestions(shop_id, order_id, carrier).await {
        Ok(view) => view,
        Err(e) => {
            print_error(&e);
            return;
        }
    };
    eprintln!("TikTok's carriers for order {order_id}:");
    for p in &view.providers {
        eprintln!(
            "  {}{}",
            p.provider_name,
            if p.likely { "  (likely)" } else { "" }
        );
    }
    let example = view
        .providers
        .first()
        .map_or("PROVIDER", |p| p.provider_name.as_str());
    eprintln!(
        "remember the right one once: shopdock carriers {shop_id} map {carrier:?} {example:?}"
    );
}
