//! Where a downloaded label lives: `documents/labels/<shop>/<package>-<size>.pdf` in the data
//! folder, named by a `shipping_labels` row (relative to the data folder, so a moved data
//! folder keeps its labels). A kept file is read back only if it still is a PDF.

use crate::words::LabelSize;
use std::path::{Path, PathBuf};

/// The label's file name relative to the data folder.
pub(crate) fn relative_name(shop_id: &str, package_id: &str, size: LabelSize) -> String {
    format!(
        "{}/labels/{}/{}-{}.pdf",
        super::super::file::DOCUMENTS_DIR,
        safe(shop_id),
        safe(package_id),
        size.as_str()
    )
}

/// Ids as file names: TikTok's and Shopdock's ids are digits, letters and dashes; anything
/// else becomes `_`, so no id can leave the labels folder.
fn safe(id: &str) -> String {
    let cleaned: String = id
        .trim()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if cleaned.is_empty() {
        "_".into()
    } else {
        cleaned
    }
}

/// The absolute path of a kept file.
pub(crate) fn path_of(data_dir: &Path, file_name: &str) -> PathBuf {
    data_dir.join(file_name)
}

/// The kept file's bytes, if it is still there and still a PDF.
pub(crate) fn read_kept(data_dir: &Path, file_name: &str) -> Option<Vec<u8>> {
    let path = path_of(data_dir, file_name);
    match std::fs::read(&path) {
        Ok(bytes) if bytes.starts_with(b"%PDF-") => Some(bytes),
        Ok(_) => {
            tracing::warn!(path = %path.display(), "a kept label is not a PDF; fetching it again");
            None
        }
        Err(e) => {
            tracing::info!(path = %path.display(), error = %e, "a kept label's file is gone; fetching it again");
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_never_leave_the_labels_folder() {
        assert_eq!(
            relative_name("shop-1", "1152", LabelSize::A6),
            "documents/labels/shop-1/1152-a6.pdf"
        );
        assert_eq!(
            relative_name("../x", "a/b", LabelSize::A5),
            "documents/labels/___x/a_b-a5.pdf"
        );
        assert_eq!(
            relative_name("", " ", LabelSize::A6),
            "documents/labels/_/_-a6.pdf"
        );
    }
}
