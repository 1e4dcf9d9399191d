//! The seller's own SKUs (issue 12 §2) and their mapping to TikTok SKUs (§3).
//!
//! Rooms: `local` the SKU list and single edits; `import` a SKU spreadsheet previewed row
//! by row (`import_check`, the pure rules) and applied whole; `export` the list as CSV or
//! xlsx; `mapping` links set by hand, auto-link, unmapped SKUs, broken links and an order's
//! unmapped lines; `mapping_file` bulk mapping from a spreadsheet (`mapping_check`, its
//! rules) and `mapping_export` the file to start one from. `cells` says what one cell means (a code a spreadsheet made a number, stock,
//! money as an exact decimal, a factor); `table` finds a file's columns by their headers.
//! [`views`] is what the window and the CLI see.
//!
//! The store keeps the rows (`shopdock_store`'s `skus`); every change here announces itself
//! (`CoreEvent::LocalSkusChanged`, `CoreEvent::SkuLinksChanged`), which is where the stock and
//! price sync learns what to push.

mod cells;
mod export;
mod import;
mod import_check;
mod local;
mod mapping;
mod mapping_check;
mod mapping_export;
mod mapping_file;
mod table;
pub mod views;

pub use views::{
    AutoLinkProposal, AutoLinkResult, BrokenLinkView, LinkPartView, LocalSkuInput, LocalSkuView,
    MappingExportView, MappingPreview, MappingResult, MappingRow, SkuImportPreview,
    SkuImportResult, SkuImportRow, SkuLinkView, SkuProblem, TikTokSkuView, UnmappedLineView,
};

use crate::sheet::SheetSource;

/// A file picked in the window: its name (the extension says the format) and bytes.
fn upload(name: &str, bytes: Vec<u8>) -> SheetSource {
    SheetSource::Upload {
        name: name.to_owned(),
        bytes,
    }
}
