//! Fetching a shipping document from the `doc_url` Get Package Shipping Document gave (§B:
//! the link is valid for 24 hours, so the file is downloaded at once and kept). The link is
//! TikTok's file host, not the Open API: a plain GET, unsigned, no token, and no TikTok
//! envelope around the answer. A link that no longer serves the file (expired, refused) is
//! [`TikTokError::DocumentLinkGone`]: ask for a new document, retrying the link cannot help.

use crate::client::Client;
use crate::redact::redact_url;
use crate::TikTokError;
use url::Url;

/// The largest document accepted. A label PDF is tens of kilobytes; a combined label and
/// packing slip of a big order a few hundred.
pub const MAX_DOCUMENT_BYTES: usize = 20 << 20;

/// A downloaded document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentFile {
    pub bytes: Vec<u8>,
    /// The `Content-Type` the host sent, if any.
    pub content_type: Option<String>,
}

impl DocumentFile {
    /// Whether the bytes are a PDF (what every PDF `document_format` answer must be).
    pub fn is_pdf(&self) -> bool {
        self.bytes.starts_with(b"%PDF-")
    }
}

impl Client {
    /// Downloads the file behind `doc_url`. Only `http(s)` links are followed; the URL is
    /// redacted in every error (a file link may carry a signature).
    pub async fn download_document(&self, doc_url: &str) -> Result<DocumentFile, TikTokError> {
        let url = Url::parse(doc_url.trim()).map_err(|e| {
            TikTokError::InvalidRequest(format!("TikTok's document link is not a URL: {e}"))
        })?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(TikTokError::InvalidRequest(format!(
                "TikTok's document link is not a web address ({}:)",
                url.scheme()
            )));
        }
        let shown = redact_url(url.as_str());
        let mut response = self.http().get(url).send().await.map_err(|e| {
            let reason = redact_url(&e.without_url().to_string());
            tracing::debug!(url = %shown, error = %reason, "document download failed");
            TikTokError::Network(reason)
        })?;
        let status = response.status().as_u16();
        match status {
            200..=299 => {}
            // A busy or failing file host: the same link may work in a moment.
            408 | 429 | 500..=599 => {
                return Err(TikTokError::Network(format!(
                    "the document host answered HTTP {status}"
                )))
            }
            _ => {
                tracing::info!(url = %shown, status, "the document link no longer serves the file");
                return Err(TikTokError::DocumentLinkGone { status });
            }
        }
        let content_type = response
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let mut bytes = Vec::new();
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|e| TikTokError::Network(redact_url(&e.without_url().to_string())))?
        {
            if bytes.len() + chunk.len() > MAX_DOCUMENT_BYTES {
                return Err(TikTokError::Decode {
                    status,
                    reason: format!("the document is larger than {MAX_DOCUMENT_BYTES} bytes"),
                });
            }
            bytes.extend_from_slice(&chunk);
        }
        Ok(DocumentFile {
            bytes,
            content_type,
        })
    }
}
