//! `shopdock map`: which of your SKUs each TikTok SKU sells. `auto` links SKUs whose seller
//! SKU equals one of your codes (after showing them), `set` links one by hand (CODE, CODExN, or
//! several codes for a bundle), `list` shows the links, the unmapped SKUs or the broken links,
//! `import` reads a mapping spreadsheet, `export` writes one (the links, and a row with an empty
//! code for each SKU without one) to fill in and import back.

use crate::output::emit;
use crate::ship_file::ask;
use crate::shop::resolve;
use clap::Subcommand;
use shopdock_core::{
    ApiError, LinkPartView, MappingPreview, Shopdock, SkuLinkView, SkuRowStatus, TikTokSkuView,
};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Subcommand)]
pub enum MapCommand {
    /// Link every unlinked TikTok SKU whose seller SKU equals one of your codes (ignoring case
    /// and surrounding spaces): shown first, linked after confirmation.
    Auto {
        /// The shop (id, label or code).
        shop: String,
        /// Do not ask: link them all.
        #[arg(long)]
        yes: bool,
        /// Print the proposals as JSON and link nothing (with --yes: link, and print the
        /// result as JSON).
        #[arg(long)]
        json: bool,
    },
    /// Link a TikTok SKU to CODE, CODExN (N units per sale, e.g. MUGx2), or several codes (a
    /// bundle). Replaces its earlier link.
    Set {
        shop: String,
        sku_id: String,
        #[arg(required = true)]
        codes: Vec<String>,
        #[arg(long)]
        json: bool,
    },
    /// Remove a TikTok SKU's link.
    Remove { shop: String, sku_id: String },
    /// The shop's links; or its TikTok SKUs with none (--unmapped); or the links whose SKU
    /// TikTok no longer has as linked (--broken).
    List {
        shop: String,
        #[arg(long, conflicts_with = "broken")]
        unmapped: bool,
        #[arg(long)]
        broken: bool,
        #[arg(long)]
        json: bool,
    },
    /// Read a CSV or Excel file with columns sku id, code and optionally shop and factor (the
    /// rows of one SKU id make a bundle): checked and shown first; nothing is linked while a
    /// row has a problem, unless --valid-only.
    Import {
        file: PathBuf,
        /// The shop of rows without a shop column (else found by the SKU id).
        #[arg(long)]
        shop: Option<String>,
        #[arg(long)]
        yes: bool,
        /// Link the SKUs whose rows have no problem and skip the others.
        #[arg(long)]
        valid_only: bool,
    },
    /// Write every TikTok SKU with its link to a CSV or Excel file (by its extension), in the
    /// columns `map import` reads: a linked SKU one row per code, an unlinked one a row with
    /// the code empty, to fill in and import back.
    Export {
        file: PathBuf,
        /// Only this shop's SKUs (else every shop's).
        #[arg(long)]
        shop: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

pub async fn run(app: &Shopdock, command: MapCommand) -> Result<ExitCode, ApiError> {
    match command {
        MapCommand::Auto { shop, yes, json } => auto(app, &shop, yes, json).await,
        MapCommand::Set {
            shop,
            sku_id,
            codes,
            json,
        } => {
            let shop = resolve(app, &shop).await?;
            let link = app.set_sku_link_typed(&shop.id, &sku_id, &codes).await?;
            emit(json, &link, print_link);
            Ok(ExitCode::SUCCESS)
        }
        MapCommand::Remove { shop, sku_id } => {
            let shop = resolve(app, &shop).await?;
            if !app.remove_sku_link(&shop.id, &sku_id).await? {
                eprintln!("SKU {sku_id} had no link");
                return Ok(ExitCode::FAILURE);
            }
            println!("removed the link of SKU {sku_id}");
            Ok(ExitCode::SUCCESS)
        }
        MapCommand::List {
            shop,
            unmapped,
            broken,
            json,
        } => {
            let shop = resolve(app, &shop).await?;
            if unmapped {
                let skus = app.unmapped_skus(&shop.id).await?;
                emit(json, &skus, |skus| {
                    skus.iter().for_each(print_tiktok_sku);
                    println!("{} unmapped SKU(s) in {}", skus.len(), shop.label);
                });
            } else if broken {
                let links = app.broken_links(&shop.id).await?;
                emit(json, &links, |links| {
                    for b in links {
                        println!("{}  {}", b.link.sku_id, b.reason);
                    }
                    println!("{} broken link(s) in {}", links.len(), shop.label);
                });
            } else {
                let links = app.sku_links(&shop.id).await?;
                emit(json, &links, |links| {
                    links.iter().for_each(print_link);
                    println!("{} link(s) in {}", links.len(), shop.label);
                });
            }
            Ok(ExitCode::SUCCESS)
        }
        MapCommand::Import {
            file,
            shop,
            yes,
            valid_only,
        } => import(app, &file, shop.as_deref(), yes, valid_only).await,
        MapCommand::Export { file, shop, json } => {
            let shop_id = match shop {
                Some(s) => Some(resolve(app, &s).await?.id),
                None => None,
            };
            let written = app.export_sku_links(&file, shop_id.as_deref()).await?;
            emit(json, &written, |w| {
                println!(
                    "wrote {} SKU(s), {} linked, to {}",
                    w.skus, w.linked, w.path
                );
            });
            Ok(ExitCode::SUCCESS)
        }
    }
}

async fn auto(app: &Shopdock, shop: &str, yes: bool, json: bool) -> Result<ExitCode, ApiError> {
    let shop = resolve(app, shop).await?;
    let proposals = app.auto_link_proposals(&shop.id).await?;
    if json && !yes {
        emit(true, &proposals, |_| {});
        return Ok(ExitCode::SUCCESS);
    }
    for p in &proposals {
        println!(
            "{}  {} {}  seller SKU {:?} -> {}",
            p.sku.sku_id, p.sku.title, p.sku.attributes, p.sku.seller_sku, p.code
        );
    }
    if proposals.is_empty() {
        println!(
            "nothing to link: no unlinked SKU of {} has a seller SKU equal to one of your codes",
            shop.label
        );
        return Ok(ExitCode::SUCCESS);
    }
    if !yes
        && !ask(
            &format!("Link {} SKU(s)?", proposals.len()),
            "pass --yes to link them",
        )?
    {
        println!("nothing linked");
        return Ok(ExitCode::FAILURE);
    }
    let result = app.accept_auto_links(&shop.id, None).await?;
    emit(json, &result, |r| println!("linked {} SKU(s)", r.linked));
    Ok(ExitCode::SUCCESS)
}

async fn import(
    app: &Shopdock,
    file: &Path,
    shop: Option<&str>,
    yes: bool,
    valid_only: bool,
) -> Result<ExitCode, ApiError> {
    let shop_id = match shop {
        Some(s) => Some(resolve(app, s).await?.id),
        None => None,
    };
    let preview = app.preview_mapping_file(file, shop_id.as_deref()).await?;
    print_preview(&preview);
    let skus: std::collections::BTreeSet<(Option<&String>, &String)> = preview
        .rows
        .iter()
        .filter(|r| matches!(r.status, SkuRowStatus::New | SkuRowStatus::Changed))
        .map(|r| (r.shop_id.as_ref(), &r.sku_id))
        .collect();
    if preview.errors > 0 && !valid_only {
        println!(
            "nothing linked: fix the rows above, or run again with --valid-only to link the \
             {} SKU(s) whose rows have no problem",
            skus.len()
        );
        return Ok(ExitCode::FAILURE);
    }
    if skus.is_empty() {
        println!("nothing to change");
        return Ok(ExitCode::SUCCESS);
    }
    if !yes
        && !ask(
            &format!("Link {} SKU(s)?", skus.len()),
            "pass --yes to link them",
        )?
    {
        println!("nothing linked");
        return Ok(ExitCode::FAILURE);
    }
    let result = app
        .import_mapping_file(file, shop_id.as_deref(), valid_only)
        .await?;
    println!(
        "linked {} SKU(s), {} unchanged, {} row(s) skipped",
        result.linked, result.unchanged, result.skipped
    );
    Ok(ExitCode::SUCCESS)
}

fn print_preview(preview: &MappingPreview) {
    for row in &preview.rows {
        for p in &row.problems {
            println!("line {} SKU {}: {}", row.line, row.sku_id, p.message);
        }
        // A row left without a code is counted below; named only when its SKU keeps a link
        // the seller may have meant to remove.
        let quiet = row.status == SkuRowStatus::Blank && row.before.is_none();
        for w in row.warnings.iter().filter(|_| !quiet) {
            println!(
                "line {} SKU {} (warning): {}",
                row.line, row.sku_id, w.message
            );
        }
    }
    println!(
        "{}: {} new, {} changed, {} unchanged, {} without a code, {} with a problem (rows)",
        preview.file, preview.new, preview.changed, preview.ok, preview.blank, preview.errors
    );
}

fn parts_text(parts: &[LinkPartView]) -> String {
    parts
        .iter()
        .map(|p| {
            if p.factor == 1 {
                p.code.clone()
            } else {
                format!("{}x{}", p.code, p.factor)
            }
        })
        .collect::<Vec<_>>()
        .join(" + ")
}

fn print_link(l: &SkuLinkView) {
    let what = l
        .sku
        .as_ref()
        .map(|s| format!("  {} {}", s.title, s.attributes))
        .unwrap_or_default();
    let broken = l
        .broken
        .as_deref()
        .map(|b| format!("  BROKEN: {b}"))
        .unwrap_or_default();
    println!("{} -> {}{what}{broken}", l.sku_id, parts_text(&l.parts));
}

fn print_tiktok_sku(s: &TikTokSkuView) {
    println!(
        "{}  product {}  {} {}  seller SKU {:?}",
        s.sku_id, s.product_id, s.title, s.attributes, s.seller_sku
    );
}
