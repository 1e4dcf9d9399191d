//! `shopdock ship --file`: a bulk tracking file previewed row by row (every problem named),
//! then, once confirmed, its valid rows queued and sent; waits until each is sent or failed.

use crate::output::invalid;
use shopdock_core::{ApiError, OutboxEntryView, OutboxState, Shopdock, TrackingPreview};
use std::collections::BTreeMap;
use std::io::{BufRead, IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;
use std::time::Duration;

/// The least `ship --file` waits for TikTok's answers, plus a little per row.
const BASE_WAIT: Duration = Duration::from_secs(120);
const WAIT_PER_ROW: Duration = Duration::from_millis(200);

pub async fn run(
    app: &Shopdock,
    file: &Path,
    shop_id: Option<&str>,
    yes: bool,
) -> Result<ExitCode, ApiError> {
    let preview = app.preview_tracking_file(file, shop_id).await?;
    print_preview(&preview);
    if preview.valid == 0 {
        println!("nothing to ship");
        return Ok(ExitCode::FAILURE);
    }
    if !yes
        && !ask(
            &format!("Ship {} order(s)?", preview.valid),
            "pass --yes to ship the valid rows",
        )?
    {
        println!("nothing queued");
        return Ok(ExitCode::FAILURE);
    }
    let result = app.ship_from_file(file, shop_id).await?;
    println!(
        "queued {} shipment(s){}",
        result.queued,
        if result.already_queued > 0 {
            format!(" ({} queued before)", result.already_queued)
        } else {
            String::new()
        }
    );
    let deadline =
        tokio::time::Instant::now() + BASE_WAIT + WAIT_PER_ROW * result.entry_ids.len() as u32;
    let shops: Vec<String> = preview
        .rows
        .iter()
        .filter(|r| r.problem.is_none())
        .filter_map(|r| r.shop_id.clone())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let mut pending: Vec<i64> = result.entry_ids.clone();
    let mut done: BTreeMap<i64, OutboxEntryView> = BTreeMap::new();
    loop {
        for shop in &shops {
            app.drain_outbox(shop).await?;
        }
        let mut still = Vec::with_capacity(pending.len());
        for id in pending {
            let entry = app.outbox_entry(id).await?;
            if is_settled(&entry) {
                done.insert(id, entry);
            } else {
                still.push(id);
            }
        }
        pending = still;
        if pending.is_empty() || tokio::time::Instant::now() >= deadline {
            break;
        }
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
    let sent = done
        .values()
        .filter(|e| e.state == OutboxState::Sent)
        .count();
    let failed: Vec<&OutboxEntryView> = done
        .values()
        .filter(|e| e.state != OutboxState::Sent)
        .collect();
    for e in &failed {
        println!(
            "failed: order {} ({}): {}",
            e.target,
            e.state,
            e.last_error.as_deref().unwrap_or("no reason recorded")
        );
    }
    println!(
        "sent {sent}, failed {}, still waiting {}, refused in the file {}",
        failed.len(),
        pending.len(),
        result.refused
    );
    if !pending.is_empty() {
        eprintln!("TikTok's answers are still pending; `shopdock outbox list` shows them later");
    }
    let ok = failed.is_empty() && pending.is_empty() && result.refused == 0;
    Ok(if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// Sent, or failed with nothing more Shopdock will try by itself.
fn is_settled(e: &OutboxEntryView) -> bool {
    match e.state {
        OutboxState::Sent | OutboxState::NeedsAttention | OutboxState::Dismissed => true,
        OutboxState::Failed => e.next_try_at.is_none(),
        _ => false,
    }
}

fn print_preview(preview: &TrackingPreview) {
    for row in &preview.rows {
        if let Some(problem) = &row.problem {
            println!("line {} order {}: {problem}", row.line, row.order_id);
        }
    }
    let before = preview
        .rows
        .iter()
        .filter(|r| r.problem.is_none() && r.outbox_id.is_some())
        .count();
    println!(
        "{} of {} row(s) can ship{}",
        preview.valid,
        preview.rows.len(),
        if before > 0 {
            format!(" ({before} queued before: not queued again)")
        } else {
            String::new()
        }
    );
}

/// Asks a yes/no `question` on a terminal; without one, says `without_terminal` (how to
/// answer yes on the command line) and refuses.
pub fn ask(question: &str, without_terminal: &str) -> Result<bool, ApiError> {
    let stdin = std::io::stdin();
    if !stdin.is_terminal() {
        return Err(invalid(format!(
            "no terminal to confirm on: {without_terminal}"
        )));
    }
    print!("{question} [y/N] ");
    std::io::stdout().flush().ok();
    let mut answer = String::new();
    stdin
        .lock()
        .read_line(&mut answer)
        .map_err(|e| invalid(format!("could not read the answer: {e}")))?;
    Ok(matches!(answer.trim(), "y" | "Y" | "yes" | "Yes"))
}
