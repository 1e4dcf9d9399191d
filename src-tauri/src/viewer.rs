//! Opening a PDF Shopdock printed in the system's PDF viewer, with tauri-plugin-opener called
//! from Rust (the UI has no opener permission). The path comes from the UI, so only an
//! existing regular file ending in `.pdf` is handed to the desktop: a viewer opens it, never a
//! program.

use shopdock_core::{ApiError, ErrorCode};
use std::path::Path;
use tauri::AppHandle;
use tauri_plugin_opener::OpenerExt as _;

pub fn open_pdf(app: &AppHandle, path: &str) -> Result<(), ApiError> {
    let file = Path::new(path.trim());
    let is_pdf = file
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("pdf"));
    if !is_pdf {
        return Err(ApiError::new(
            ErrorCode::Validation,
            format!("{} is not a PDF.", file.display()),
        ));
    }
    if !file.is_file() {
        return Err(ApiError::new(
            ErrorCode::NotFound,
            format!("{} is not there any more: print it again.", file.display()),
        ));
    }
    app.opener()
        .open_path(file.display().to_string(), None::<&str>)
        .map_err(|e| {
            ApiError::new(
                ErrorCode::Internal,
                format!(
                    "Shopdock could not open {} in a PDF viewer: open it from the folder.",
                    file.display()
                ),
            )
            .with_detail(e.to_string())
        })
}
