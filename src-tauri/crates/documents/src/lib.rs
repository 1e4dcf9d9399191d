//! Shopdock's own shipping documents — packing slips and pick lists — rendered to PDF from
//! plain data ([`OrderDoc`] and friends), and [`merge_pdfs`], which prints many PDFs (TikTok's
//! labels) as one. No I/O but reading fonts; nothing here knows TikTok or
//! SQLite: core reads the stored orders and fills these structs in.
//!
//! # Why typst
//! The documents carry whatever sellers and buyers typed: Vietnamese, Japanese, Korean, Thai,
//! emoji, long product names. typst (used as a library) brings shaping, font fallback, line
//! breaking that understands CJK, and tables whose header repeats on every page; a 500-slip
//! batch lays out in well under a second. krilla is the lighter alternative (a few MB, quick to
//! build) but leaves fallback, wrapping and tables to us, and a hand-written wrapper gets Korean
//! and Japanese line breaks wrong. The price is build time and binary size, paid once.
//!
//! How it is used (see `engine`): one fixed template per document; the data goes in as a JSON
//! file the template reads, never as markup, so `*x* $y$ #emph[z]` in a buyer note prints as
//! typed; PDF tagging is off (it quadruples a batch of slips); typst's memo cache is emptied
//! after each render, so a long-running app does not grow with every print.
//!
//! Fonts (see `fonts`): Noto Sans is bundled as the floor for Latin (Vietnamese included);
//! CJK, Thai, emoji and the rest come from the system's fonts (Debian `fonts-noto-core`,
//! `fonts-noto-cjk`, `fonts-noto-color-emoji`). Without them that text shows as boxes and the
//! PDF stays valid. Text is normalised to NFC so what is printed can be searched and copied as
//! typed.

mod barcode;
mod engine;
mod fonts;
mod merge;
mod model;
mod packing_slips;
mod page;
mod pick_list;
mod picking;
#[cfg(feature = "read-back")]
pub mod read_back;
mod text;

pub use merge::merge_pdfs;
pub use model::{OrderDoc, OrderItem, PackingSlips, PageSize, Pdf, PickList, ShipTo};
pub use packing_slips::packing_slips;
pub use pick_list::pick_list;
pub use picking::{pick_lines, OrderUnits, PickLine, PickSummary};

/// Why a document could not be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DocumentError {
    #[error("there are no orders to print")]
    NoOrders,
    /// The data did not serialise (cannot happen with these structs, but is not unwrapped).
    #[error("the document's data could not be prepared: {0}")]
    Data(String),
    /// typst refused the template or its data: a bug in Shopdock, not in the orders.
    #[error("the document could not be laid out: {0}")]
    Layout(String),
    /// A PDF to merge (a downloaded label) could not be read or written back.
    #[error("a PDF could not be read: {0}")]
    Unreadable(String),
}
