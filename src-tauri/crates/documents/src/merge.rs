//! Several PDFs as one (TikTok's shipping labels, one file per package, printed as one batch):
//! every page of every part, in order, each keeping its own size. lopdf's object model does
//! the work: each part's objects are renumbered past the previous parts', its pages hung
//! under one new page tree, and what a page inherited from its old tree (media box,
//! resources, rotation) copied onto the page first, so nothing about a page changes.

use crate::model::Pdf;
use crate::DocumentError;
use lopdf::{dictionary, Document, Object, ObjectId};

/// Page attributes a page may inherit from its ancestors (PDF 1.7 §7.7.3.4).
const INHERITED: [&[u8]; 4] = [b"MediaBox", b"CropBox", b"Resources", b"Rotate"];

/// One PDF with every page of `parts`, in order.
pub fn merge_pdfs(parts: &[Vec<u8>]) -> Result<Pdf, DocumentError> {
    if parts.is_empty() {
        return Err(DocumentError::NoOrders);
    }
    let mut merged = Document::with_version("1.7");
    let pages_id = merged.new_object_id();
    let mut kids: Vec<Object> = Vec::new();
    for (n, bytes) in parts.iter().enumerate() {
        let unreadable =
            |e: lopdf::Error| DocumentError::Unreadable(format!("part {}: {e}", n + 1));
        let mut part = Document::load_mem(bytes).map_err(unreadable)?;
        part.renumber_objects_with(merged.max_id + 1);
        let pages: Vec<ObjectId> = part.get_pages().into_values().collect();
        if pages.is_empty() {
            return Err(DocumentError::Unreadable(format!(
                "part {} has no pages",
                n + 1
            )));
        }
        for &page in &pages {
            let mut dict = part.get_dictionary(page).map_err(unreadable)?.clone();
            let mut parent = dict.get(b"Parent").and_then(Object::as_reference).ok();
            while let Some(id) = parent {
                let ancestor = part.get_dictionary(id).map_err(unreadable)?;
                for key in INHERITED {
                    if !dict.has(key) {
                        if let Ok(value) = ancestor.get(key) {
                            dict.set(key.to_vec(), value.clone());
                        }
                    }
                }
                parent = ancestor.get(b"Parent").and_then(Object::as_reference).ok();
            }
            dict.set("Parent", pages_id);
            part.objects.insert(page, Object::Dictionary(dict));
            kids.push(Object::Reference(page));
        }
        // Everything but the part's own catalog and page tree nodes comes along.
        let max_id = part.max_id;
        for (id, object) in part.objects {
            let node = matches!(
                object.type_name().ok(),
                Some(b"Catalog") | Some(b"Pages") | Some(b"Outlines") | Some(b"Outline")
            );
            if !node {
                merged.objects.insert(id, object);
            }
        }
        merged.max_id = merged.max_id.max(max_id);
    }
    let pages = kids.len();
    merged.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages",
            "Kids" => kids,
            "Count" => pages as i64,
        }),
    );
    let catalog = merged.add_object(dictionary! {
        "Type" => "Catalog",
        "Pages" => pages_id,
    });
    merged.trailer.set("Root", catalog);
    merged.prune_objects();
    let mut bytes = Vec::new();
    merged
        .save_to(&mut bytes)
        .map_err(|e| DocumentError::Unreadable(format!("the merged PDF: {e}")))?;
    Ok(Pdf { bytes, pages })
}
