//! The seller's SKUs and their links as the window and the CLI's `--json` see them. Money is a
//! decimal string end to end; ids are strings.

use crate::words::{SkuFileColumn, SkuProblemKind, SkuRowStatus};
use serde::{Deserialize, Serialize};
use shopdock_store::{CatalogSku, LinkPart, LocalSku, SkuLink};
use ts_rs::TS;

/// One of the seller's SKUs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct LocalSkuView {
    pub code: String,
    pub name: String,
    /// Units on hand, for every shop together.
    pub on_hand: i64,
    /// Decimal string.
    #[ts(optional = nullable)]
    pub price: Option<String>,
    /// Decimal string.
    #[ts(optional = nullable)]
    pub cost: Option<String>,
    /// Unix seconds of the last change.
    pub updated_at: i64,
    /// How many TikTok SKUs (of every shop) sell it.
    pub linked: u32,
}

impl LocalSkuView {
    pub(crate) fn new(sku: LocalSku, linked: u32) -> Self {
        Self {
            code: sku.code,
            name: sku.name,
            on_hand: sku.on_hand,
            price: sku.price.map(|d| d.to_string()),
            cost: sku.cost.map(|d| d.to_string()),
            updated_at: sku.updated_at,
            linked,
        }
    }
}

/// An edit of one SKU (creating it when the code is new). A field left out keeps its value;
/// an empty price or cost clears it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize, TS)]
pub struct LocalSkuInput {
    pub code: String,
    #[serde(default)]
    #[ts(optional = nullable)]
    pub name: Option<String>,
    #[serde(default)]
    #[ts(optional = nullable)]
    pub on_hand: Option<i64>,
    /// A decimal with at most two decimals, e.g. "12.50"; "" clears it.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub price: Option<String>,
    /// As `price`.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub cost: Option<String>,
}

/// One thing wrong with (or worth a look in) a row of a SKU or mapping file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SkuProblem {
    pub kind: SkuProblemKind,
    /// The cell's column, when one cell is at fault.
    #[ts(optional = nullable)]
    pub column: Option<SkuFileColumn>,
    /// The specifics and the fix, in one sentence.
    pub message: String,
}

impl SkuProblem {
    pub(crate) fn new(
        kind: SkuProblemKind,
        column: impl Into<Option<SkuFileColumn>>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            kind,
            column: column.into(),
            message: message.into(),
        }
    }
}

/// One row of a SKU file as the preview shows it: the values read, what applying it does,
/// and every problem named.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SkuImportRow {
    /// 1-based line (CSV) or row (sheet) number.
    pub line: u32,
    /// As read (trimmed); empty when the cell was.
    pub code: String,
    pub status: SkuRowStatus,
    /// Each value as the row gives it; `None`: the file has no such column or the cell is
    /// empty, so the stored value stays.
    #[ts(optional = nullable)]
    pub name: Option<String>,
    #[ts(optional = nullable)]
    pub on_hand: Option<i64>,
    #[ts(optional = nullable)]
    pub price: Option<String>,
    #[ts(optional = nullable)]
    pub cost: Option<String>,
    /// The SKU as stored before, for a changed row.
    #[ts(optional = nullable)]
    pub before: Option<LocalSkuView>,
    /// Why the row is not applied; empty unless `status` is `error`.
    pub problems: Vec<SkuProblem>,
    /// What the seller should look at although the row applies (a code stored as a number).
    pub warnings: Vec<SkuProblem>,
}

/// A SKU file checked row by row; nothing is applied yet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SkuImportPreview {
    /// The file's name.
    pub file: String,
    /// The columns found by their headers, in the file's order.
    pub columns: Vec<SkuFileColumn>,
    pub rows: Vec<SkuImportRow>,
    pub ok: u32,
    pub new: u32,
    pub changed: u32,
    pub errors: u32,
}

/// What applying a SKU file did (one transaction: all of it or nothing).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
pub struct SkuImportResult {
    pub created: u32,
    pub updated: u32,
    pub unchanged: u32,
    /// Rows with a problem, left out because the seller chose to apply the valid rows only.
    pub skipped: u32,
}

/// One local SKU in a link: `factor` units of it are sold per unit of the TikTok SKU.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, TS)]
pub struct LinkPartView {
    pub code: String,
    pub factor: u32,
}

impl From<LinkPart> for LinkPartView {
    fn from(p: LinkPart) -> Self {
        Self {
            code: p.code,
            factor: p.factor,
        }
    }
}

/// A TikTok SKU as mapping shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct TikTokSkuView {
    pub shop_id: String,
    pub product_id: String,
    pub sku_id: String,
    /// May be empty (TikTok does not require one).
    pub seller_sku: String,
    /// The product's title.
    pub title: String,
    /// e.g. "Color: Red / Size: M"; empty for a single-variant product.
    pub attributes: String,
    /// Decimal string.
    #[ts(optional = nullable)]
    pub price: Option<String>,
    pub currency: String,
    /// TikTok's product status (`ACTIVATE`, `PENDING`, ...).
    pub product_status: String,
    /// A virtual bundle: TikTok derives its stock from the bundled SKUs.
    pub is_combined: bool,
}

impl From<CatalogSku> for TikTokSkuView {
    fn from(s: CatalogSku) -> Self {
        Self {
            shop_id: s.shop_id,
            product_id: s.product_id,
            sku_id: s.sku_id,
            seller_sku: s.seller_sku,
            title: s.title,
            attributes: s.attributes,
            price: s.price.map(|d| d.to_string()),
            currency: s.currency,
            product_status: s.product_status,
            is_combined: s.is_combined,
        }
    }
}

/// A link of one TikTok SKU: one part (code x factor) or a bundle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SkuLinkView {
    pub shop_id: String,
    pub product_id: String,
    pub sku_id: String,
    pub parts: Vec<LinkPartView>,
    /// Unix seconds.
    pub linked_at: i64,
    /// The TikTok SKU as the catalog has it; `None` when the catalog no longer has it.
    #[ts(optional = nullable)]
    pub sku: Option<TikTokSkuView>,
    /// Why the link no longer holds (see [`BrokenLinkView`]); `None` for a sound link.
    #[ts(optional = nullable)]
    pub broken: Option<String>,
}

impl SkuLinkView {
    pub(crate) fn new(link: SkuLink, sku: Option<TikTokSkuView>, broken: Option<String>) -> Self {
        Self {
            shop_id: link.shop_id,
            product_id: link.product_id,
            sku_id: link.sku_id,
            parts: link.parts.into_iter().map(LinkPartView::from).collect(),
            linked_at: link.linked_at,
            sku,
            broken,
        }
    }
}

/// A link whose TikTok SKU the catalog no longer has as linked: re-link it or remove it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct BrokenLinkView {
    pub link: SkuLinkView,
    /// The product the SKU id is under now; `None`: the SKU is gone from the catalog.
    #[ts(optional = nullable)]
    pub current_product_id: Option<String>,
    /// What happened and what to do, in one sentence.
    pub reason: String,
}

/// A link auto-link proposes: the TikTok SKU's seller SKU equals the code (ignoring case and
/// surrounding spaces).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct AutoLinkProposal {
    pub sku: TikTokSkuView,
    /// The local SKU's code, as stored.
    pub code: String,
    /// The local SKU's name.
    pub name: String,
}

/// What accepting proposals did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
pub struct AutoLinkResult {
    pub linked: u32,
    /// Selected SKUs no longer proposed (linked meanwhile, or their code or SKU is gone).
    pub skipped: u32,
}

/// One row of a mapping file as the preview shows it. The rows of one TikTok SKU form its
/// link (several rows: a bundle), and are applied together or not at all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct MappingRow {
    pub line: u32,
    /// The shop the row's SKU is in (from the shop cell, or found by the SKU id).
    #[ts(optional = nullable)]
    pub shop_id: Option<String>,
    pub sku_id: String,
    /// The catalog's product of the SKU.
    #[ts(optional = nullable)]
    pub product_id: Option<String>,
    /// What the SKU is: the product's title, and its variant when it has one ("Camp mug ·
    /// Color: Olive").
    #[ts(optional = nullable)]
    pub what: Option<String>,
    /// The code as stored (or as read when unknown).
    pub code: String,
    pub factor: u32,
    pub status: SkuRowStatus,
    /// The SKU's link before, when it had one.
    #[ts(optional = nullable)]
    pub before: Option<Vec<LinkPartView>>,
    pub problems: Vec<SkuProblem>,
    pub warnings: Vec<SkuProblem>,
}

/// A mapping file checked row by row; nothing is applied yet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct MappingPreview {
    pub file: String,
    pub columns: Vec<SkuFileColumn>,
    pub rows: Vec<MappingRow>,
    pub ok: u32,
    pub new: u32,
    pub changed: u32,
    pub errors: u32,
    /// Rows without a code, which link nothing (see [`crate::words::SkuRowStatus::Blank`]).
    pub blank: u32,
}

/// What applying a mapping file did (one transaction).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
pub struct MappingResult {
    /// TikTok SKUs linked now (new or changed links).
    pub linked: u32,
    pub unchanged: u32,
    /// Rows with a problem, left out because the seller chose to apply the valid rows only.
    pub skipped: u32,
}

/// A mapping file written by [`crate::Shopdock::export_sku_links`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct MappingExportView {
    /// Where it was written.
    pub path: String,
    /// TikTok SKUs in it (a bundle's several rows count once).
    pub skus: u32,
    /// Of which linked; the others have an empty code to fill in.
    pub linked: u32,
}

/// A line item of an order whose TikTok SKU has no link: the order cannot move the seller's
/// stock until it is mapped.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct UnmappedLineView {
    pub line_item_id: String,
    /// `None` when TikTok sent the line without a SKU id.
    #[ts(optional = nullable)]
    pub sku_id: Option<String>,
    #[ts(optional = nullable)]
    pub seller_sku: Option<String>,
    #[ts(optional = nullable)]
    pub product_id: Option<String>,
    #[ts(optional = nullable)]
    pub product_name: Option<String>,
    #[ts(optional = nullable)]
    pub sku_name: Option<String>,
}

impl From<shopdock_store::UnmappedLine> for UnmappedLineView {
    fn from(l: shopdock_store::UnmappedLine) -> Self {
        Self {
            line_item_id: l.line_item_id,
            sku_id: l.sku_id,
            seller_sku: l.seller_sku,
            product_id: l.product_id,
            product_name: l.product_name,
            sku_name: l.sku_name,
        }
    }
}
