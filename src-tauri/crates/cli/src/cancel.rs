//! `shopdock cancel` (the seller cancels an order, or lists the reasons valid for it) and
//! `shopdock cancellations` (list the buyers' requests and cancels; approve or reject one).
//! Every change goes through the outbox and waits for TikTok's answer, as `ship` does.

use crate::output::emit;
use crate::ship::wait;
use crate::shop::named_or_only;
use clap::{Args, Subcommand};
use shopdock_core::{
    ApiError, CancellationListInput, CancellationView, SellerCancelInput, Shopdock,
};
use std::process::ExitCode;

#[derive(Args)]
pub struct CancelArgs {
    /// TikTok's order id.
    order: String,
    /// The reason's name; without it, the reasons valid for this order are listed.
    #[arg(long)]
    reason: Option<String>,
    /// Only these line items (comma-separated ids; US and UK, out of stock only).
    #[arg(long, value_delimiter = ',')]
    items: Vec<String>,
    /// The shop (id, code or label); default the only one.
    #[arg(long)]
    shop: Option<String>,
}

#[derive(Subcommand)]
pub enum CancellationsCommand {
    /// Buyers' requests and cancels, pending requests first (soonest deadline first).
    List {
        /// Only requests waiting for your answer.
        #[arg(long)]
        pending: bool,
        #[arg(long)]
        shop: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Approve a buyer's request: the order is cancelled.
    Approve {
        /// The cancellation id (from `list`).
        id: String,
        #[arg(long)]
        shop: Option<String>,
    },
    /// Reject a buyer's request; without --reason, the reasons TikTok accepts are listed.
    Reject {
        id: String,
        #[arg(long)]
        reason: Option<String>,
        #[arg(long)]
        comment: Option<String>,
        #[arg(long)]
        shop: Option<String>,
    },
}

pub async fn cancel(app: &Shopdock, args: CancelArgs) -> Result<ExitCode, ApiError> {
    let shop_id = named_or_only(app, args.shop.as_deref()).await?;
    let Some(reason) = args.reason else {
        for r in app.cancel_reasons(&shop_id, &args.order).await? {
            println!("{}\t{}", r.name, r.text);
        }
        return Ok(ExitCode::SUCCESS);
    };
    let queued = app
        .seller_cancel(
            &shop_id,
            SellerCancelInput {
                order_id: args.order,
                reason,
                line_item_ids: args.items,
            },
        )
        .await?;
    wait(app, &shop_id, queued).await
}

pub async fn run(app: &Shopdock, command: CancellationsCommand) -> Result<ExitCode, ApiError> {
    match command {
        CancellationsCommand::List {
            pending,
            shop,
            json,
        } => {
            let shop_id = match shop {
                Some(key) => Some(crate::shop::resolve(app, &key).await?.id),
                None => None,
            };
            let list = app
                .cancellations(CancellationListInput {
                    shop_id,
                    pending_only: pending,
                })
                .await?;
            emit(json, &list, |list| list.iter().for_each(print_line));
            Ok(ExitCode::SUCCESS)
        }
        CancellationsCommand::Approve { id, shop } => {
            let shop_id = named_or_only(app, shop.as_deref()).await?;
            let queued = app.approve_cancellation(&shop_id, &id).await?;
            wait(app, &shop_id, queued).await
        }
        CancellationsCommand::Reject {
            id,
            reason,
            comment,
            shop,
        } => {
            let shop_id = named_or_only(app, shop.as_deref()).await?;
            let Some(reason) = reason else {
                for r in app.reject_reasons(&shop_id, &id).await? {
                    println!("{}\t{}", r.name, r.text);
                }
                return Ok(ExitCode::SUCCESS);
            };
            let queued = app
                .reject_cancellation(&shop_id, &id, &reason, comment)
                .await?;
            wait(app, &shop_id, queued).await
        }
    }
}

fn print_line(c: &CancellationView) {
    let what = if c.buyer_request { "request" } else { "cancel" };
    let deadline = c
        .deadline
        .filter(|_| c.pending)
        .map(|d| format!(" answer by {} UTC", crate::arrange::utc(d)))
        .unwrap_or_default();
    let answering = c
        .answering
        .as_deref()
        .map(|a| format!(" ({a} on its way)"))
        .unwrap_or_default();
    println!(
        "{}\t{}\t{what}\t{}\t{}\t{}{deadline}{answering}",
        c.cancel_id,
        c.order_id,
        c.role,
        c.status,
        c.reason_text
            .as_deref()
            .or(c.reason.as_deref())
            .unwrap_or("-"),
    );
}
