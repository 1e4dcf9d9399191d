//! Getting one package's label from TikTok and keeping it: Get Package Shipping Document,
//! then the download of its `doc_url` at once (the link lives 24 hours, write-api §B), the
//! PDF written whole into the data folder and its `shipping_labels` row stored. "Still being
//! generated" (11034037, 11034023) and other transient answers are retried with backoff,
//! bounded ([`GENERATING_ATTEMPTS`]); a link that died before the download is asked for
//! again once.

use super::keep::{path_of, relative_name};
use super::plan::reason_of_refusal;
use crate::api::ApiError;
use crate::documents::file::write_atomically;
use crate::errors::CoreError;
use crate::sync::backoff::Backoff;
use crate::words::{LabelSize, NoLabelReason};
use crate::Shopdock;
use shopdock_store::ShippingLabel;
use shopdock_tiktok::fulfillment::{
    DocumentFormat, DocumentSize, DocumentType, ShippingDocument, ShippingDocumentQuery,
};
use shopdock_tiktok::{codes, Action, TikTokError};
use std::time::Duration;
use tokio_util::sync::CancellationToken;

/// Retries of a label TikTok is still generating (or answered with a transient fault),
/// about a minute in all: 0.5 s doubling to 15 s between tries, with full jitter.
pub(crate) const GENERATING_ATTEMPTS: u32 = 7;
const FIRST_RETRY: Duration = Duration::from_millis(500);
const LONGEST_RETRY: Duration = Duration::from_secs(15);

/// Why a label could not be had.
#[derive(Debug, Clone)]
pub(crate) enum LabelFailure {
    /// No label for this order, for the seller to read (TikTok refused, or gave up).
    Missing {
        reason: NoLabelReason,
        message: String,
    },
    /// The print was cancelled.
    Cancelled,
    /// Shopdock itself failed (keyring, database, disk): the whole print stops with it.
    Local(ApiError),
}

/// What a failed attempt means.
enum Next {
    /// Try again after the backoff (`Retry-After` when TikTok sent one).
    Retry(Option<Duration>),
    Stop(LabelFailure),
}

fn judge(error: &CoreError) -> Next {
    match error {
        CoreError::TikTok(t) => {
            if let Some(refusal) = t.refusal() {
                return if refusal.transient {
                    Next::Retry(t.retry_after())
                } else {
                    Next::Stop(LabelFailure::Missing {
                        reason: reason_of_refusal(t.api_code().unwrap_or_default()),
                        message: refusal.reason.to_owned(),
                    })
                };
            }
            match t.action() {
                Action::Retry | Action::SlowDown => Next::Retry(t.retry_after()),
                _ => Next::Stop(LabelFailure::Missing {
                    reason: NoLabelReason::Refused,
                    message: ApiError::from(error).message,
                }),
            }
        }
        // A shop that must be reconnected fails its own orders, not the whole print.
        CoreError::NotConnected(_) => Next::Stop(LabelFailure::Missing {
            reason: NoLabelReason::Unreachable,
            message: ApiError::from(error).message,
        }),
        CoreError::Cancelled => Next::Stop(LabelFailure::Cancelled),
        other => Next::Stop(LabelFailure::Local(ApiError::from(other))),
    }
}

fn still_generating(error: &CoreError) -> bool {
    matches!(
        error,
        CoreError::TikTok(t)
            if matches!(t.api_code(), Some(codes::DOCUMENT_GENERATING | codes::DOCUMENT_TIMEOUT))
    )
}

impl Shopdock {
    /// Fetches, downloads and keeps the label of `package_id` in `size`; returns the PDF.
    /// `waiting(true)` is called before each wait for a retry and `waiting(false)` after it.
    pub(crate) async fn fetch_label(
        &self,
        shop_id: &str,
        order_id: &str,
        package_id: &str,
        size: LabelSize,
        cancel: &CancellationToken,
        waiting: &(dyn Fn(bool) + Send + Sync),
    ) -> Result<Vec<u8>, LabelFailure> {
        let mut backoff = Backoff::new(FIRST_RETRY, LONGEST_RETRY, GENERATING_ATTEMPTS);
        let mut new_links = 0;
        loop {
            if cancel.is_cancelled() {
                return Err(LabelFailure::Cancelled);
            }
            let error = match self.document_link(shop_id, package_id, size).await {
                Ok(doc) => match self.download_label(shop_id, &doc).await {
                    Ok(bytes) => {
                        return self
                            .keep_label(shop_id, order_id, package_id, size, &doc, bytes)
                            .await
                            .map_err(LabelFailure::Local)
                    }
                    // The link died between the two calls: a new call gives a new link.
                    Err(CoreError::TikTok(TikTokError::DocumentLinkGone { .. }))
                        if new_links == 0 =>
                    {
                        new_links += 1;
                        continue;
                    }
                    Err(e) => e,
                },
                Err(e) => e,
            };
            let after = match judge(&error) {
                Next::Retry(after) => after,
                Next::Stop(failure) => return Err(failure),
            };
            let Some(delay) = backoff.next_delay(after) else {
                tracing::info!(shop = %shop_id, package = %package_id, error = %error, "gave up on a label after retries");
                let reason = if still_generating(&error) {
                    NoLabelReason::StillGenerating
                } else {
                    NoLabelReason::Unreachable
                };
                return Err(LabelFailure::Missing {
                    reason,
                    message: super::plan::message(reason),
                });
            };
            tracing::debug!(shop = %shop_id, package = %package_id, ?delay, error = %error, "label not ready; retrying");
            waiting(true);
            let cancelled = tokio::select! {
                _ = cancel.cancelled() => true,
                _ = tokio::time::sleep(delay) => false,
            };
            waiting(false);
            if cancelled {
                return Err(LabelFailure::Cancelled);
            }
        }
    }

    async fn document_link(
        &self,
        shop_id: &str,
        package_id: &str,
        size: LabelSize,
    ) -> Result<ShippingDocument, CoreError> {
        let query = ShippingDocumentQuery {
            document_type: DocumentType::ShippingLabel,
            document_size: Some(match size {
                LabelSize::A6 => DocumentSize::A6,
                LabelSize::A5 => DocumentSize::A5,
            }),
            document_format: Some(DocumentFormat::Pdf),
        };
        let id = package_id.to_owned();
        self.call_shop(shop_id, |s| {
            let id = id.clone();
            async move {
                s.client
                    .package_shipping_document(&s.access_token, &s.shop_cipher, &id, &query)
                    .await
            }
        })
        .await
    }

    /// The file behind the link, which must be a PDF (Shopdock asks for PDF).
    async fn download_label(
        &self,
        shop_id: &str,
        doc: &ShippingDocument,
    ) -> Result<Vec<u8>, CoreError> {
        let session = self.session(shop_id).await?;
        let file = session.client.download_document(&doc.doc_url).await?;
        if !file.is_pdf() {
            return Err(CoreError::TikTok(TikTokError::Decode {
                status: 200,
                reason: format!(
                    "the label link gave {} instead of a PDF",
                    file.content_type.as_deref().unwrap_or("an unknown file")
                ),
            }));
        }
        Ok(file.bytes)
    }

    /// Writes the PDF whole and names it in the store.
    async fn keep_label(
        &self,
        shop_id: &str,
        order_id: &str,
        package_id: &str,
        size: LabelSize,
        doc: &ShippingDocument,
        bytes: Vec<u8>,
    ) -> Result<Vec<u8>, ApiError> {
        let file_name = relative_name(shop_id, package_id, size);
        let path = path_of(&self.data_dir(), &file_name);
        let (target, content) = (path.clone(), bytes.clone());
        tokio::task::spawn_blocking(move || {
            if let Some(dir) = target.parent() {
                std::fs::create_dir_all(dir)
                    .map_err(|e| crate::documents::file::failed(dir, &e))?;
            }
            write_atomically(&target, &content)
        })
        .await
        .map_err(|e| {
            ApiError::from(CoreError::Internal(format!("the write task failed: {e}")))
        })??;
        let row = ShippingLabel {
            shop_id: shop_id.to_owned(),
            package_id: package_id.to_owned(),
            document_size: size.tiktok_word().to_owned(),
            order_id: order_id.to_owned(),
            tracking_number: Some(doc.tracking_number.trim().to_owned()).filter(|t| !t.is_empty()),
            file_name,
            bytes: bytes.len() as u64,
            fetched_at: self.now(),
        };
        self.db(move |s| s.put_shipping_label(&row)).await?;
        tracing::info!(shop = %shop_id, package = %package_id, size = size.as_str(), path = %path.display(), "label kept");
        Ok(bytes)
    }
}
