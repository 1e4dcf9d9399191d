//! A mapping file checked row by row against the shops, their imported catalogs, the
//! seller's SKUs and the links already set: what each TikTok SKU's rows would link (new,
//! changed, ok) or every reason they cannot. A row naming a SKU but no code (the seller left
//! a row of an exported file empty) links nothing and says so. Pure: the file and what is
//! stored in, the preview and the links to set out.

use super::cells::{code_cell, factor_cell, link_part_text, text_cell, StoredAs};
use super::import_check::{code_problems, join, Stored};
use super::table::{ColumnSpec, Row, Table};
use super::views::{LinkPartView, MappingPreview, MappingRow, SkuProblem};
use crate::api::ShopView;
use crate::words::{SkuFileColumn as Col, SkuProblemKind as Kind, SkuRowStatus};
use shopdock_store::{sku_code_key, LinkPart, LocalSku, SkuLink};
use std::collections::{BTreeMap, HashMap};

/// The columns of a mapping file: the SKU id and the code are required.
pub(super) const MAPPING_COLUMNS: &[ColumnSpec] = &[
    ColumnSpec {
        column: Col::Shop,
        names: &["shop", "shopid", "shopname", "shopcode", "store"],
        stems: &["shop"],
        required: false,
    },
    ColumnSpec {
        column: Col::SkuId,
        names: &["skuid", "tiktokskuid", "tiktoksku", "variantid"],
        stems: &["skuid"],
        required: true,
    },
    ColumnSpec {
        column: Col::Code,
        names: &[
            "code",
            "localsku",
            "localcode",
            "mysku",
            "skucode",
            "sku",
            "itemcode",
        ],
        stems: &["code"],
        required: true,
    },
    ColumnSpec {
        column: Col::Factor,
        names: &[
            "factor",
            "units",
            "multiplier",
            "packsize",
            "qty",
            "quantity",
            "count",
        ],
        stems: &["factor"],
        required: false,
    },
];

/// What the rows are checked against.
pub(super) struct Context<'a> {
    pub shops: &'a [ShopView],
    /// The shop for rows without a shop cell, when the seller named one.
    pub default_shop: Option<&'a str>,
    /// Each TikTok SKU id of every shop's catalog, with each shop having it.
    pub catalog: HashMap<String, Vec<Owner>>,
    pub stored: Stored<'a>,
    pub links: HashMap<(String, String), SkuLink>,
}

/// A shop whose catalog has a SKU id, and what the SKU is there.
pub(super) struct Owner {
    pub shop_id: String,
    pub product_id: String,
    /// The product's title, and the SKU's variant when it has one.
    pub what: String,
}

/// A row checked, before its bundle is.
struct Part {
    view: MappingRow,
    /// (shop, SKU) when both are known.
    target: Option<(String, String)>,
    /// No code and no factor: the row links nothing.
    blank: bool,
}

/// Checks every row; returns the preview, the links to set (new or changed) and how many
/// TikTok SKUs are linked as the file says already.
pub(super) fn check_mapping_file(
    file: &str,
    table: &Table,
    ctx: &Context<'_>,
) -> (MappingPreview, Vec<SkuLink>, u32) {
    let mut parts: Vec<Part> = table
        .rows
        .iter()
        .map(|row| check_row(table, row, ctx))
        .collect();
    // The rows of each TikTok SKU, in file order.
    let mut bundles: BTreeMap<(String, String), Vec<usize>> = BTreeMap::new();
    for (i, part) in parts.iter().enumerate() {
        if let (Some(target), false) = (&part.target, part.blank) {
            bundles.entry(target.clone()).or_default().push(i);
        }
    }
    let mut writes = Vec::new();
    let mut unchanged = 0;
    for ((shop, sku), rows) in &bundles {
        let mut by_code: HashMap<String, Vec<u32>> = HashMap::new();
        for &i in rows {
            if !parts[i].view.code.is_empty() {
                by_code
                    .entry(sku_code_key(&parts[i].view.code))
                    .or_default()
                    .push(parts[i].view.line);
            }
        }
        for &i in rows {
            let view = &mut parts[i].view;
            if let Some(lines) = by_code
                .get(&sku_code_key(&view.code))
                .filter(|l| l.len() > 1)
            {
                view.problems.push(SkuProblem::new(
                    Kind::DuplicateCode,
                    Col::Code,
                    format!(
                        "The code {} is on lines {} for SKU {sku}: give it once, with the factor.",
                        view.code,
                        join(lines)
                    ),
                ));
            }
        }
        let bad: Vec<u32> = rows
            .iter()
            .filter(|&&i| !parts[i].view.problems.is_empty())
            .map(|&i| parts[i].view.line)
            .collect();
        if !bad.is_empty() {
            for &i in rows {
                let view = &mut parts[i].view;
                if view.problems.is_empty() {
                    view.problems.push(SkuProblem::new(
                        Kind::BundleRefused,
                        None,
                        format!(
                            "SKU {sku} also has line(s) {} with a problem, and its rows are \
                             linked together or not at all.",
                            join(&bad)
                        ),
                    ));
                }
                view.status = SkuRowStatus::Error;
            }
            continue;
        }
        let mut new_parts: Vec<LinkPart> = rows
            .iter()
            .map(|&i| LinkPart {
                code: parts[i].view.code.clone(),
                factor: parts[i].view.factor,
            })
            .collect();
        new_parts.sort_by(|a, b| a.code.cmp(&b.code));
        let product_id = parts[rows[0]].view.product_id.clone().unwrap_or_default();
        let before = ctx.links.get(&(shop.clone(), sku.clone()));
        let status = match before {
            None => SkuRowStatus::New,
            Some(l) if l.parts == new_parts && l.product_id == product_id => SkuRowStatus::Ok,
            Some(_) => SkuRowStatus::Changed,
        };
        for &i in rows {
            parts[i].view.status = status;
            parts[i].view.before =
                before.map(|l| l.parts.iter().cloned().map(LinkPartView::from).collect());
        }
        if status == SkuRowStatus::Ok {
            unchanged += 1;
        } else {
            writes.push(SkuLink {
                shop_id: shop.clone(),
                product_id,
                sku_id: sku.clone(),
                parts: new_parts,
                linked_at: 0,
            });
        }
    }
    for part in parts
        .iter_mut()
        .filter(|p| p.blank && p.view.problems.is_empty())
    {
        let Some(target) = &part.target else {
            continue;
        };
        let before = ctx.links.get(target);
        let sku = &target.1;
        let message = if bundles.contains_key(target) {
            format!("No code on this line: the other lines of SKU {sku} make its link.")
        } else if let Some(link) = before {
            format!(
                "No code: SKU {sku} keeps its link to {}. To unlink it, remove the link from \
                 its product.",
                parts_text(&link.parts)
            )
        } else {
            format!("No code: SKU {sku} stays unlinked.")
        };
        part.view.status = SkuRowStatus::Blank;
        part.view.before =
            before.map(|l| l.parts.iter().cloned().map(LinkPartView::from).collect());
        part.view
            .warnings
            .push(SkuProblem::new(Kind::MissingCode, Col::Code, message));
    }
    let rows: Vec<MappingRow> = parts.into_iter().map(|p| p.view).collect();
    let count = |s: SkuRowStatus| rows.iter().filter(|r| r.status == s).count() as u32;
    let preview = MappingPreview {
        file: file.to_owned(),
        columns: table.found(),
        ok: count(SkuRowStatus::Ok),
        new: count(SkuRowStatus::New),
        changed: count(SkuRowStatus::Changed),
        errors: count(SkuRowStatus::Error),
        blank: count(SkuRowStatus::Blank),
        rows,
    };
    (preview, writes, unchanged)
}

/// One row on its own: its shop, SKU (and product), code and factor, and their problems.
fn check_row(table: &Table, row: &Row, ctx: &Context<'_>) -> Part {
    let mut problems = Vec::new();
    let mut warnings = Vec::new();
    let sku = table.cell(row, Col::SkuId).map(code_cell);
    let sku_id = sku.as_ref().map(|c| c.text.clone()).unwrap_or_default();
    match &sku {
        None => problems.push(SkuProblem::new(
            Kind::MissingSkuId,
            Col::SkuId,
            "The TikTok SKU id is empty.",
        )),
        Some(c) if c.stored_as == StoredAs::MangledNumber => problems.push(SkuProblem::new(
            Kind::NumberForText,
            Col::SkuId,
            format!(
                "The SKU id {} was stored as a number by a spreadsheet, which loses the digits \
                 after the 15th: format the SKU id column as Text and paste the ids again.",
                c.text
            ),
        )),
        Some(_) => {}
    }
    // A SKU id already refused finds no shop by itself (and is not reported twice).
    let lookup = if problems.is_empty() {
        sku_id.as_str()
    } else {
        ""
    };
    let shop = find_shop(table, row, ctx, lookup, &mut problems);
    let owner = shop.as_ref().and_then(|shop| {
        ctx.catalog
            .get(&sku_id)
            .and_then(|owners| owners.iter().find(|o| &o.shop_id == shop))
    });
    let product_id = owner.map(|o| o.product_id.clone());
    let what = owner.map(|o| o.what.clone());
    let sku_named = !sku_id.is_empty() && problems.iter().all(|p| p.column != Some(Col::SkuId));
    if let (Some(shop), None, true) = (&shop, &product_id, sku_named) {
        problems.push(SkuProblem::new(
            Kind::UnknownSku,
            Col::SkuId,
            format!(
                "SKU {sku_id} is not in the imported products of shop {}: import its products \
                 first, or check the id.",
                shop_label(ctx, shop)
            ),
        ));
    }
    let blank = table.cell(row, Col::Code).is_none() && table.cell(row, Col::Factor).is_none();
    let target = shop
        .clone()
        .filter(|_| product_id.is_some())
        .map(|s| (s, sku_id.clone()));
    if blank {
        return Part {
            view: MappingRow {
                line: row.line,
                shop_id: shop,
                sku_id,
                product_id,
                what,
                code: String::new(),
                factor: 1,
                status: SkuRowStatus::Error,
                before: None,
                problems,
                warnings,
            },
            target,
            blank,
        };
    }
    let mut code = table
        .cell(row, Col::Code)
        .map(code_cell)
        .unwrap_or(super::cells::CodeCell {
            text: String::new(),
            stored_as: StoredAs::Text,
        });
    let mut factor = 1;
    match table.cell(row, Col::Factor) {
        Some(cell) => match factor_cell(cell) {
            Some(n) => factor = n,
            None => problems.push(SkuProblem::new(
                Kind::BadFactor,
                Col::Factor,
                format!(
                    "The factor {} is not a whole number of units of at least 1.",
                    cell.shown()
                ),
            )),
        },
        None if code.stored_as == StoredAs::Text => {
            let (c, f) = link_part_text(&code.text, |c| ctx.stored.get(c).is_some());
            code.text = c;
            factor = f;
        }
        None => {}
    }
    code_problems(&code, &ctx.stored, &mut problems, &mut warnings);
    let stored: Option<&LocalSku> = ctx.stored.get(&code.text);
    if stored.is_none()
        && !code.text.is_empty()
        && problems.iter().all(|p| p.column != Some(Col::Code))
    {
        problems.push(SkuProblem::new(
            Kind::UnknownCode,
            Col::Code,
            format!(
                "You have no SKU with the code {}: add it to your SKUs first, or check the code.",
                code.text
            ),
        ));
    }
    Part {
        view: MappingRow {
            line: row.line,
            shop_id: shop,
            sku_id,
            product_id,
            what,
            code: stored.map(|s| s.code.clone()).unwrap_or(code.text),
            factor,
            status: SkuRowStatus::Error,
            before: None,
            problems,
            warnings,
        },
        target,
        blank,
    }
}

/// The row's shop: its shop cell (id, name, Shop ID or code as typed when the shop was
/// added), else the shop the seller named, else the one shop whose catalog has the SKU.
fn find_shop(
    table: &Table,
    row: &Row,
    ctx: &Context<'_>,
    sku_id: &str,
    problems: &mut Vec<SkuProblem>,
) -> Option<String> {
    if let Some(cell) = table.cell(row, Col::Shop) {
        let typed = text_cell(cell);
        let matches: Vec<&ShopView> = ctx.shops.iter().filter(|s| names_shop(&typed, s)).collect();
        return match matches.as_slice() {
            [one] => Some(one.id.clone()),
            [] => {
                problems.push(SkuProblem::new(
                    Kind::UnknownShop,
                    Col::Shop,
                    format!("No shop is called {typed}: use the shop's name or id as Shopdock shows it."),
                ));
                None
            }
            _ => {
                problems.push(SkuProblem::new(
                    Kind::UnknownShop,
                    Col::Shop,
                    format!("{typed} matches several shops: use the shop's id."),
                ));
                None
            }
        };
    }
    if let Some(shop) = ctx.default_shop {
        return Some(shop.to_owned());
    }
    if sku_id.is_empty() {
        return None;
    }
    let owners = ctx
        .catalog
        .get(sku_id)
        .map(Vec::as_slice)
        .unwrap_or_default();
    match owners {
        [owner] => Some(owner.shop_id.clone()),
        [] => {
            problems.push(SkuProblem::new(
                Kind::UnknownSku,
                Col::SkuId,
                format!(
                    "SKU {sku_id} is in no shop's imported products: import the products \
                     first, or check the id."
                ),
            ));
            None
        }
        _ => {
            problems.push(SkuProblem::new(
                Kind::UnknownSku,
                Col::SkuId,
                format!("SKU {sku_id} is in several shops' products: add a shop column."),
            ));
            None
        }
    }
}

/// Whether a shop cell `typed` names `shop`: its id, its label, the Shop ID or code typed
/// when it was added, or TikTok's id, name or code of it (any case).
pub(super) fn names_shop(typed: &str, shop: &ShopView) -> bool {
    shop.id == typed
        || shop.label.eq_ignore_ascii_case(typed)
        || shop.shop_hint.eq_ignore_ascii_case(typed)
        || shop.tiktok.as_ref().is_some_and(|t| {
            t.shop_id == typed
                || t.name.eq_ignore_ascii_case(typed)
                || t.code
                    .as_deref()
                    .is_some_and(|c| c.eq_ignore_ascii_case(typed))
        })
}

/// "MUG-RED", "MUG-REDx2 + LID": a link as the seller types it in a mapping file.
fn parts_text(parts: &[LinkPart]) -> String {
    parts
        .iter()
        .map(|p| match p.factor {
            1 => p.code.clone(),
            n => format!("{}x{n}", p.code),
        })
        .collect::<Vec<_>>()
        .join(" + ")
}

fn shop_label(ctx: &Context<'_>, shop_id: &str) -> String {
    ctx.shops
        .iter()
        .find(|s| s.id == shop_id)
        .map(|s| s.label.clone())
        .unwrap_or_else(|| shop_id.to_owned())
}
