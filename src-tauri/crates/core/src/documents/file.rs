//! Where a printed PDF goes and how it gets there: whole or not at all.

use crate::api::{ApiError, ErrorCode};
use crate::words::DocumentKind;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The folder of the data directory printed documents go to.
pub(crate) const DOCUMENTS_DIR: &str = "documents";

/// `<data dir>/documents/<kind>-YYYYMMDD-HHMMSS.pdf` (local time), a free name.
pub(crate) fn default_path(data_dir: &Path, kind: DocumentKind) -> Result<PathBuf, ApiError> {
    default_path_named(data_dir, &kind.as_str().replace('_', "-"))
}

/// `<data dir>/documents/<stem>-YYYYMMDD-HHMMSS.pdf` (local time), a free name.
pub(crate) fn default_path_named(data_dir: &Path, stem: &str) -> Result<PathBuf, ApiError> {
    let dir = data_dir.join(DOCUMENTS_DIR);
    std::fs::create_dir_all(&dir).map_err(|e| failed(&dir, &e))?;
    let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S");
    let base = format!("{stem}-{stamp}");
    let mut path = dir.join(format!("{base}.pdf"));
    let mut n = 2;
    while path.exists() {
        path = dir.join(format!("{base}-{n}.pdf"));
        n += 1;
    }
    Ok(path)
}

/// Writes `bytes` to a hidden file beside `path`, flushes it to disk and renames it over
/// `path`: a printer or viewer never opens half a PDF, and a failure leaves nothing behind.
pub(crate) fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), ApiError> {
    let name = path
        .file_name()
        .ok_or_else(|| {
            ApiError::new(
                ErrorCode::Validation,
                format!("{} is a folder, not a file name.", path.display()),
            )
        })?
        .to_string_lossy();
    let tmp = path.with_file_name(format!(".{name}.partial"));
    let result = (|| {
        let mut file = std::fs::File::create(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    result.map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        failed(path, &e)
    })
}

pub(crate) fn failed(path: &Path, e: &std::io::Error) -> ApiError {
    ApiError::new(
        ErrorCode::Storage,
        format!(
            "Shopdock could not write {}. Check that the folder exists and you can write to it.",
            path.display()
        ),
    )
    .with_detail(e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_write_leaves_neither_the_file_nor_its_partial() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = dir.path().join("no-such-folder").join("slips.pdf");
        assert!(write_atomically(&path, b"%PDF").is_err());
        assert!(!path.exists());
        let good = dir.path().join("slips.pdf");
        assert!(write_atomically(&good, b"%PDF-1.7").is_ok());
        let names: Vec<String> = std::fs::read_dir(dir.path())
            .map(|d| {
                d.filter_map(|e| e.ok())
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        assert_eq!(names, ["slips.pdf"]);
    }

    #[test]
    fn the_default_name_says_what_it_is_and_never_replaces_a_file() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let first = default_path(dir.path(), DocumentKind::PickList).unwrap_or_default();
        assert!(first.starts_with(dir.path().join("documents")));
        let name = first.file_name().map(|n| n.to_string_lossy().into_owned());
        assert!(
            name.as_deref().unwrap_or("").starts_with("pick-list-"),
            "{name:?}"
        );
        let _ = std::fs::write(&first, b"x");
        let second = default_path(dir.path(), DocumentKind::PickList).unwrap_or_default();
        assert_ne!(first, second);
    }
}
