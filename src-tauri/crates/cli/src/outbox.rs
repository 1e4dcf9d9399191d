//! `shopdock outbox`: what Shopdock sent to TikTok and what failed; Retry and Dismiss.

use crate::output::emit;
use clap::Subcommand;
use shopdock_core::{ApiError, OutboxEntryView, OutboxListInput, Shopdock};
use std::process::ExitCode;

#[derive(Subcommand)]
pub enum OutboxCommand {
    /// Outgoing changes, newest first.
    List {
        /// Only failed changes and those waiting for you.
        #[arg(long)]
        failed: bool,
        #[arg(long)]
        json: bool,
    },
    /// Send a failed change again.
    Retry { id: i64 },
    /// Give up on a change that was not sent.
    Dismiss { id: i64 },
}

pub async fn run(app: &Shopdock, command: OutboxCommand) -> Result<ExitCode, ApiError> {
    match command {
        OutboxCommand::List { failed, json } => {
            let entries = app
                .list_outbox(OutboxListInput {
                    failed_only: failed,
                    ..OutboxListInput::default()
                })
                .await?;
            emit(json, &entries, |entries| {
                if entries.is_empty() {
                    println!("nothing sent or queued");
                }
                entries.iter().for_each(print_entry);
            });
        }
        OutboxCommand::Retry { id } => print_entry(&app.retry_outbox(id).await?),
        OutboxCommand::Dismiss { id } => print_entry(&app.dismiss_outbox(id).await?),
    }
    Ok(ExitCode::SUCCESS)
}

/// One line per change, and its reason or warning on the next.
pub fn print_entry(e: &OutboxEntryView) {
    let what = match (&e.carrier, &e.tracking_number) {
        (Some(c), Some(t)) => format!(" {c} {t}"),
        _ => String::new(),
    };
    println!(
        "#{} {} {}{} {} (attempts {})",
        e.id, e.kind, e.target, what, e.state, e.attempts
    );
    if let Some(reason) = &e.last_error {
        if e.state != shopdock_core::OutboxState::Sent {
            println!("  {reason}");
        }
    }
    if let Some(w) = &e.warning {
        println!("  TikTok warns: {w}");
    }
}
