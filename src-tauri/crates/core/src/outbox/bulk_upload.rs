//! The bulk tracking import of the window: the seller picks a file in the webview, which has
//! no path to give, so its bytes cross IPC with its name (the extension says the format). The
//! checks, the preview and the queueing are [`super::bulk`]'s, exactly as for `ship --file`.

use super::bulk::preview;
use super::tracking_file::{check_size, TrackingSource};
use crate::api::{BulkShipResult, TrackingPreview};
use crate::errors::CoreError;
use crate::{ApiError, Shopdock};

impl Shopdock {
    /// Refuses a file the window is about to send when it is over the size limit, so a huge
    /// file is turned away before the webview reads it, with the CLI's message.
    pub fn check_tracking_upload(&self, name: &str, size: u64) -> Result<(), ApiError> {
        check_size(name, size).map_err(|e| CoreError::Conflict(e.to_string()).into())
    }

    /// [`Shopdock::preview_tracking_file`] for a file's bytes: every row checked, nothing
    /// queued.
    pub async fn preview_tracking_upload(
        &self,
        name: &str,
        bytes: Vec<u8>,
        shop_id: Option<&str>,
    ) -> Result<TrackingPreview, ApiError> {
        let source = upload(name, bytes);
        let rows = self.check_tracking_file(source, shop_id).await?;
        Ok(preview(&rows))
    }

    /// [`Shopdock::ship_from_file`] for a file's bytes: the rows are checked again (the orders
    /// may have changed since the preview) and only the valid ones queued.
    pub async fn ship_from_upload(
        &self,
        name: &str,
        bytes: Vec<u8>,
        shop_id: Option<&str>,
    ) -> Result<BulkShipResult, ApiError> {
        Ok(self
            .ship_from_file_inner(upload(name, bytes), shop_id)
            .await?)
    }
}

fn upload(name: &str, bytes: Vec<u8>) -> TrackingSource {
    TrackingSource::Upload {
        name: name.to_owned(),
        bytes,
    }
}
