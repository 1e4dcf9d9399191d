//! Importing a SKU file (CSV, xlsx, xls, ods): a preview that checks every row against the
//! stored SKUs and names each problem, then applying it in one transaction: every row, or
//! (when the seller chooses) only the rows without a problem. Never half a file.

use super::import_check::{check_sku_file, Stored, SKU_COLUMNS};
use super::table::read_table;
use super::views::{SkuImportPreview, SkuImportResult};
use crate::errors::{CoreError, CoreResult};
use crate::sheet::SheetSource;
use crate::{ApiError, Shopdock};
use shopdock_store::SaveOutcome;
use std::path::Path;

/// What size refusals call these files.
const WHAT: &str = "SKU files";

impl Shopdock {
    /// Reads a SKU file and checks every row (see [`SkuImportPreview`]); nothing is saved.
    pub async fn preview_sku_file(&self, path: &Path) -> Result<SkuImportPreview, ApiError> {
        let (preview, _) = self
            .check_sku_source(SheetSource::File(path.to_owned()))
            .await?;
        Ok(preview)
    }

    /// [`Shopdock::preview_sku_file`] for the bytes of a file picked in the window.
    pub async fn preview_sku_upload(
        &self,
        name: &str,
        bytes: Vec<u8>,
    ) -> Result<SkuImportPreview, ApiError> {
        let (preview, _) = self.check_sku_source(super::upload(name, bytes)).await?;
        Ok(preview)
    }

    /// Checks the file again (the stored SKUs may have changed since the preview) and saves
    /// it in one transaction. With a problem on any row nothing is saved, unless
    /// `only_valid_rows`: then the rows without a problem are saved and the others counted
    /// as skipped.
    pub async fn import_sku_file(
        &self,
        path: &Path,
        only_valid_rows: bool,
    ) -> Result<SkuImportResult, ApiError> {
        Ok(self
            .import_sku_source(SheetSource::File(path.to_owned()), only_valid_rows)
            .await?)
    }

    /// [`Shopdock::import_sku_file`] for the bytes of a file picked in the window.
    pub async fn import_sku_upload(
        &self,
        name: &str,
        bytes: Vec<u8>,
        only_valid_rows: bool,
    ) -> Result<SkuImportResult, ApiError> {
        Ok(self
            .import_sku_source(super::upload(name, bytes), only_valid_rows)
            .await?)
    }

    async fn import_sku_source(
        &self,
        source: SheetSource,
        only_valid_rows: bool,
    ) -> CoreResult<SkuImportResult> {
        let (preview, checked) = self.check_sku_source(source).await?;
        if preview.errors > 0 && !only_valid_rows {
            return Err(CoreError::Conflict(format!(
                "{} row(s) of {} have a problem, so nothing was imported: fix them, or import \
                 only the rows without a problem.",
                preview.errors, preview.file
            )));
        }
        let writes: Vec<_> = checked.into_iter().filter_map(|r| r.write).collect();
        let now = self.now();
        let saved = self.db(move |s| s.save_local_skus(&writes, now)).await?;
        let count = |o: SaveOutcome| saved.iter().filter(|s| s.outcome == o).count() as u32;
        let result = SkuImportResult {
            created: count(SaveOutcome::Created),
            updated: count(SaveOutcome::Updated),
            unchanged: preview.ok + count(SaveOutcome::Unchanged),
            skipped: preview.errors,
        };
        tracing::info!(
            file = %preview.file,
            created = result.created,
            updated = result.updated,
            skipped = result.skipped,
            "SKU file imported"
        );
        let codes: Vec<String> = saved
            .into_iter()
            .filter(|s| s.outcome != SaveOutcome::Unchanged)
            .map(|s| s.sku.code)
            .collect();
        self.local_skus_changed(codes);
        Ok(result)
    }

    async fn check_sku_source(
        &self,
        source: SheetSource,
    ) -> CoreResult<(SkuImportPreview, Vec<super::import_check::CheckedRow>)> {
        let file = source.name();
        let table = tokio::task::spawn_blocking(move || read_table(&source, WHAT, SKU_COLUMNS))
            .await
            .map_err(|e| CoreError::Internal(format!("reading the file failed: {e}")))?
            .map_err(CoreError::Conflict)?;
        let (skus, links) = self.db(|s| Ok((s.local_skus()?, s.link_counts()?))).await?;
        let stored = Stored::new(&skus, &links);
        Ok(check_sku_file(&file, &table, &stored))
    }
}
