//! The seller's own SKUs (`local_skus`: one stock list shared by every shop) and the links
//! from TikTok SKUs to them (`sku_links` and their `sku_link_parts`).
//!
//! Codes are compared ignoring case and surrounding spaces ([`sku_code_key`]): "MUG-1" and
//! " mug-1 " are one SKU, kept under the spelling it was first saved with. A link names a
//! TikTok SKU by shop and SKU id and lists its parts: one part is "code x factor" (a 2-pack
//! of MUG-1 is MUG-1 x 2), several parts are a bundle. Links do not depend on the catalog:
//! a link whose TikTok SKU disappeared on re-import stays, and [`Store::broken_links`]
//! reports it.

mod catalog;
mod links;
mod local;
mod order_lines;

pub use catalog::{AutoLinkCandidate, BrokenLink};
pub use links::{LinkPart, SkuLink};
pub use local::{LocalSku, LocalSkuPatch, SaveOutcome, SavedLocalSku};
pub use order_lines::UnmappedLine;

#[cfg(doc)]
use crate::Store;

/// The form of a code that decides whether two codes are the same SKU: trimmed and lower
/// case (Unicode-aware, unlike SQLite's `lower()`). The store keeps it beside each code;
/// core compares TikTok's seller SKUs and spreadsheet cells by it.
pub fn sku_code_key(code: &str) -> String {
    code.trim().to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::sku_code_key;

    #[test]
    fn a_code_key_ignores_case_and_surrounding_spaces_only() {
        assert_eq!(sku_code_key("  Mug-Red \t"), "mug-red");
        assert_eq!(sku_code_key("ÄPFEL"), "äpfel");
        assert_eq!(sku_code_key("mug red"), "mug red");
        assert_eq!(sku_code_key("00123"), "00123");
        assert_eq!(sku_code_key("   "), "");
    }
}
