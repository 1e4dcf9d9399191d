//! Downloading a product image from the links Get Product lists (`main_images[].thumb_urls`,
//! `urls`). They point at TikTok's image host, not the Open API: a plain GET, unsigned, no
//! token, no envelope, and not counted against the shop's rate limit. The host is trusted no
//! further than any web server: only `http(s)` links are followed, only the image types a
//! webview shows are kept (the bytes must look like the type the host named), and a file is
//! cut off at the caller's size cap.

use crate::client::{http_client, ClientOptions};
use crate::redact::redact_url;
use crate::TikTokError;
use url::Url;

/// The image types kept, by what the host answers in `Content-Type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ImageKind {
    Jpeg,
    Png,
    Gif,
    Webp,
    Avif,
    Svg,
}

impl ImageKind {
    pub const ALL: [ImageKind; 6] = [
        ImageKind::Jpeg,
        ImageKind::Png,
        ImageKind::Gif,
        ImageKind::Webp,
        ImageKind::Avif,
        ImageKind::Svg,
    ];

    /// The kind a `Content-Type` header names (parameters and case aside); `None` for anything
    /// that is not one of these images.
    pub fn from_content_type(header: &str) -> Option<Self> {
        let mime = header.split(';').next().unwrap_or("").trim();
        match mime.to_ascii_lowercase().as_str() {
            "image/jpeg" | "image/jpg" | "image/pjpeg" => Some(Self::Jpeg),
            "image/png" => Some(Self::Png),
            "image/gif" => Some(Self::Gif),
            "image/webp" => Some(Self::Webp),
            "image/avif" => Some(Self::Avif),
            "image/svg+xml" => Some(Self::Svg),
            _ => None,
        }
    }

    /// The file extension a cached image of this kind is stored with.
    pub fn extension(self) -> &'static str {
        match self {
            Self::Jpeg => "jpg",
            Self::Png => "png",
            Self::Gif => "gif",
            Self::Webp => "webp",
            Self::Avif => "avif",
            Self::Svg => "svg",
        }
    }

    /// The kind of a file extension written by [`Self::extension`] (exactly; no other spelling).
    pub fn from_extension(ext: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.extension() == ext)
    }

    /// The `Content-Type` to serve this kind with.
    pub fn mime(self) -> &'static str {
        match self {
            Self::Jpeg => "image/jpeg",
            Self::Png => "image/png",
            Self::Gif => "image/gif",
            Self::Webp => "image/webp",
            Self::Avif => "image/avif",
            Self::Svg => "image/svg+xml",
        }
    }

    /// Whether `bytes` start like a file of this kind (the host's word alone is not taken:
    /// an error page sent as `image/jpeg` is not an image).
    pub fn matches(self, bytes: &[u8]) -> bool {
        match self {
            Self::Jpeg => bytes.starts_with(&[0xFF, 0xD8, 0xFF]),
            Self::Png => bytes.starts_with(b"\x89PNG\r\n\x1a\n"),
            Self::Gif => bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a"),
            Self::Webp => bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP",
            Self::Avif => bytes.len() >= 12 && &bytes[4..8] == b"ftyp" && &bytes[8..11] == b"avi",
            Self::Svg => {
                let head = &bytes[..bytes.len().min(1024)];
                String::from_utf8_lossy(head)
                    .to_ascii_lowercase()
                    .contains("<svg")
            }
        }
    }
}

/// A downloaded image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageFile {
    pub kind: ImageKind,
    pub bytes: Vec<u8>,
}

/// Why an image was not downloaded. Links are redacted in every message.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ImageError {
    #[error("the image link is not a web address: {0}")]
    NotWeb(String),
    /// No usable HTTP exchange (connection refused, DNS, TLS, timeout).
    #[error("the image host could not be reached: {0}")]
    Network(String),
    #[error("the image host answered HTTP {0}")]
    Status(u16),
    #[error("the image host sent {0:?}, not an image Shopdock shows")]
    NotAnImage(String),
    #[error("the image is larger than {0} bytes")]
    TooLarge(usize),
    #[error("the image host's {0:?} file does not look like one")]
    Mismatch(&'static str),
}

/// The HTTP client of product images: the same timeouts and user agent as the Open API
/// client's, without its signing, token or rate limit.
#[derive(Debug, Clone)]
pub struct ImageHost {
    http: reqwest::Client,
}

impl ImageHost {
    pub fn new(options: &ClientOptions) -> Result<Self, TikTokError> {
        Ok(Self {
            http: http_client(options)?,
        })
    }

    /// Downloads the image behind `link`, refusing it once it passes `max_bytes`.
    pub async fn download(&self, link: &str, max_bytes: usize) -> Result<ImageFile, ImageError> {
        let shown = redact_url(link.trim());
        let url = Url::parse(link.trim()).map_err(|e| ImageError::NotWeb(format!("{e}")))?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(ImageError::NotWeb(format!("{}:", url.scheme())));
        }
        let network =
            |e: reqwest::Error| ImageError::Network(redact_url(&e.without_url().to_string()));
        let mut response = self.http.get(url).send().await.map_err(network)?;
        let status = response.status().as_u16();
        if !(200..=299).contains(&status) {
            tracing::debug!(url = %shown, status, "image download refused");
            return Err(ImageError::Status(status));
        }
        let declared = response
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned();
        let kind = ImageKind::from_content_type(&declared)
            .ok_or_else(|| ImageError::NotAnImage(declared.clone()))?;
        if response
            .content_length()
            .is_some_and(|n| n > max_bytes as u64)
        {
            return Err(ImageError::TooLarge(max_bytes));
        }
        let mut bytes = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(network)? {
            if bytes.len() + chunk.len() > max_bytes {
                return Err(ImageError::TooLarge(max_bytes));
            }
            bytes.extend_from_slice(&chunk);
        }
        if !kind.matches(&bytes) {
            return Err(ImageError::Mismatch(kind.mime()));
        }
        Ok(ImageFile { kind, bytes })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_image_types_a_webview_shows_are_taken_and_each_must_look_like_itself() {
        assert_eq!(
            ImageKind::from_content_type("Image/JPEG; charset=binary"),
            Some(ImageKind::Jpeg)
        );
        assert_eq!(
            ImageKind::from_content_type("image/svg+xml"),
            Some(ImageKind::Svg)
        );
        for refused in ["text/html", "application/octet-stream", "", "image/x-icon"] {
            assert_eq!(ImageKind::from_content_type(refused), None, "{refused}");
        }
        for kind in ImageKind::ALL {
            assert_eq!(ImageKind::from_extension(kind.extension()), Some(kind));
        }
        assert_eq!(
            ImageKind::from_extension("JPG"),
            None,
            "only what the cache writes"
        );
        assert!(ImageKind::Png.matches(b"\x89PNG\r\n\x1a\n...."));
        assert!(!ImageKind::Jpeg.matches(b"<html>not found</html>"));
        assert!(ImageKind::Svg.matches(b"<?xml version=\"1.0\"?><svg xmlns=\"...\"/>"));
        assert!(ImageKind::Webp.matches(b"RIFF\x10\0\0\0WEBPVP8 "));
        assert!(!ImageKind::Webp.matches(b"RIFF"));
    }
}
