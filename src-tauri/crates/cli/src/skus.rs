//! `shopdock skus`: the seller's own SKU list (code, name, stock on hand, price, cost) shared
//! by every shop: listed, edited one at a time, imported from and exported to CSV or Excel.

use crate::output::{emit, invalid};
use crate::ship_file::ask;
use clap::Subcommand;
use shopdock_core::{
    ApiError, LocalSkuInput, LocalSkuView, Shopdock, SkuImportPreview, SkuRowStatus,
};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Subcommand)]
pub enum SkusCommand {
    /// Every SKU with its stock, price and how many TikTok SKUs sell it.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Create a SKU, or change the given values of one (codes ignore case and surrounding
    /// spaces).
    Set {
        code: String,
        /// Units on hand, for every shop together.
        #[arg(long, allow_hyphen_values = true)]
        stock: Option<i64>,
        /// An amount such as 12.50; "" clears it.
        #[arg(long, allow_hyphen_values = true)]
        price: Option<String>,
        /// An amount such as 4.10; "" clears it.
        #[arg(long, allow_hyphen_values = true)]
        cost: Option<String>,
        #[arg(long)]
        name: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Delete a SKU that no TikTok SKU is linked to.
    Delete { code: String },
    /// Read a CSV or Excel file (xlsx, xls, ods) with a code column and any of name, stock,
    /// price and cost: every row is checked and shown first; nothing is saved while a row has
    /// a problem, unless --valid-only.
    Import {
        file: PathBuf,
        /// Do not ask: save the file.
        #[arg(long)]
        yes: bool,
        /// Save the rows without a problem and skip the others.
        #[arg(long)]
        valid_only: bool,
    },
    /// Write every SKU to a .csv or .xlsx file (codes as text, so leading zeros stay).
    Export { file: PathBuf },
}

pub async fn run(app: &Shopdock, command: SkusCommand) -> Result<ExitCode, ApiError> {
    match command {
        SkusCommand::List { json } => {
            let skus = app.local_skus().await?;
            emit(json, &skus, |skus| {
                if skus.is_empty() {
                    println!("no SKUs yet: `shopdock skus set CODE --stock N` or `shopdock skus import FILE`");
                }
                skus.iter().for_each(print_sku);
            });
        }
        SkusCommand::Set {
            code,
            stock,
            price,
            cost,
            name,
            json,
        } => {
            if stock.is_none() && price.is_none() && cost.is_none() && name.is_none() {
                return Err(invalid(
                    "give at least one of --stock, --price, --cost and --name",
                ));
            }
            let sku = app
                .save_local_sku(LocalSkuInput {
                    code,
                    name,
                    on_hand: stock,
                    price,
                    cost,
                })
                .await?;
            emit(json, &sku, print_sku);
        }
        SkusCommand::Delete { code } => {
            app.delete_local_sku(&code).await?;
            println!("deleted {code}");
        }
        SkusCommand::Import {
            file,
            yes,
            valid_only,
        } => return import(app, &file, yes, valid_only).await,
        SkusCommand::Export { file } => {
            let n = app.export_local_skus(&file).await?;
            println!("exported {n} SKU(s) to {}", file.display());
        }
    }
    Ok(ExitCode::SUCCESS)
}

async fn import(
    app: &Shopdock,
    file: &Path,
    yes: bool,
    valid_only: bool,
) -> Result<ExitCode, ApiError> {
    let preview = app.preview_sku_file(file).await?;
    print_preview(&preview);
    let to_save = preview.new + preview.changed;
    if preview.errors > 0 && !valid_only {
        println!(
            "nothing imported: fix the rows above, or run again with --valid-only to save the \
             {to_save} row(s) without a problem"
        );
        return Ok(ExitCode::FAILURE);
    }
    if to_save == 0 {
        println!("nothing to change");
        return Ok(if preview.errors > 0 {
            ExitCode::FAILURE
        } else {
            ExitCode::SUCCESS
        });
    }
    if !yes
        && !ask(
            &format!("Save {to_save} SKU(s)?"),
            "pass --yes to save them",
        )?
    {
        println!("nothing imported");
        return Ok(ExitCode::FAILURE);
    }
    let result = app.import_sku_file(file, valid_only).await?;
    println!(
        "imported: {} new, {} updated, {} unchanged, {} skipped",
        result.created, result.updated, result.unchanged, result.skipped
    );
    Ok(ExitCode::SUCCESS)
}

/// Each row with a problem or a warning, then the counts.
fn print_preview(preview: &SkuImportPreview) {
    for row in &preview.rows {
        let code = if row.code.is_empty() {
            "(no code)"
        } else {
            &row.code
        };
        for p in &row.problems {
            println!("line {} {code}: {}", row.line, p.message);
        }
        for w in &row.warnings {
            println!("line {} {code} (warning): {}", row.line, w.message);
        }
        if row.status == SkuRowStatus::Changed {
            if let (Some(before), Some(after)) = (&row.before, row.on_hand) {
                if before.on_hand != after {
                    println!(
                        "line {} {code}: stock {} -> {after}",
                        row.line, before.on_hand
                    );
                }
            }
        }
    }
    println!(
        "{}: {} new, {} changed, {} unchanged, {} with a problem",
        preview.file, preview.new, preview.changed, preview.ok, preview.errors
    );
}

fn print_sku(s: &LocalSkuView) {
    let money = |label: &str, v: &Option<String>| {
        v.as_deref()
            .map(|v| format!("  {label} {v}"))
            .unwrap_or_default()
    };
    let linked = match s.linked {
        0 => "  (not linked)".to_owned(),
        n => format!("  linked to {n} TikTok SKU(s)"),
    };
    println!(
        "{}  {}  stock {}{}{}{linked}",
        s.code,
        if s.name.is_empty() { "-" } else { &s.name },
        s.on_hand,
        money("price", &s.price),
        money("cost", &s.cost),
    );
}
