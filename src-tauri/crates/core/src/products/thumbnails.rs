//! Product thumbnails cached on disk (issue 12: images "kept as links, thumbnails cached"), so
//! the products list and the drawer show them offline and without asking the image host again.
//!
//! After an import, each product's thumbnail link (else its main image link) with no file yet
//! is downloaded into [`THUMBNAIL_DIR`] in the data directory, named by the SHA-256 of the link
//! and the image's type (`<64 hex digits>.<ext>`, see [`file_name`]). So a link is downloaded
//! once, a replaced image (TikTok gives it a new link) gets a new file, and products sharing a
//! link share the file. A failed download is logged and leaves no file, so the next import
//! tries again; it never fails the import. Files no product links to any more (deleted
//! products, removed shops, replaced images) are removed after each pass and when a shop is
//! removed. The image host is not the Open API: downloads skip the shop's rate limiter but use
//! the API client's timeouts ([`ImageHost`]).
//!
//! The webview reads the files through the shell's `thumb:` scheme, which serves only the names
//! [`parse_file_name`] accepts, from this folder only ([`Shopdock::thumbnail_file`]).

use crate::errors::{CoreError, CoreResult};
use crate::Shopdock;
use sha2::{Digest, Sha256};
use shopdock_tiktok::client::ClientOptions;
use shopdock_tiktok::product::{ImageError, ImageHost, ImageKind};
use shopdock_tiktok::redact::redact_url;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime};
use tokio::sync::Semaphore;
use tokio_util::sync::CancellationToken;

/// The cache's folder inside the data directory.
pub const THUMBNAIL_DIR: &str = "thumbnails";
/// Downloads in flight at once (the image host is a CDN, not the rate-limited API).
const DOWNLOADS_AT_ONCE: usize = 8;
/// The largest thumbnail kept. TikTok's are tens of kilobytes; a main image standing in for a
/// missing thumbnail may be a few hundred.
pub const MAX_THUMBNAIL_BYTES: usize = 2 << 20;
/// A half-written file (`.part`) this old is a crash's leftover: a download in flight is never
/// older than the client's whole-request timeout.
const STALE_PART: Duration = Duration::from_secs(3600);
/// The suffix of a file being written.
const PART: &str = ".part";

/// The hex SHA-256 of an image link: the stem of its cached file.
pub fn link_hash(link: &str) -> String {
    hex::encode(Sha256::digest(link.trim().as_bytes()))
}

/// The cached file's name of an image link of `kind`.
pub fn file_name(link: &str, kind: ImageKind) -> String {
    format!("{}.{}", link_hash(link), kind.extension())
}

/// The image type of `name` when it is a name the cache writes (64 lower-case hex digits, a
/// dot, one of the extensions of [`ImageKind`]), else `None`. So nothing else can be asked
/// for: no separator, no `..`, no other file of the data directory.
pub fn parse_file_name(name: &str) -> Option<ImageKind> {
    let (stem, ext) = name.split_once('.')?;
    let hex = stem.len() == 64
        && stem
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
    hex.then(|| ImageKind::from_extension(ext)).flatten()
}

/// The cached file of `link` in `dir`, if there is one.
pub(crate) fn cached_name(dir: &Path, link: &str) -> Option<String> {
    ImageKind::ALL
        .into_iter()
        .map(|kind| file_name(link, kind))
        .find(|name| dir.join(name).is_file())
}

/// The link a product's thumbnail comes from: its thumbnail, else its main image.
pub(crate) fn thumbnail_link<'a>(
    thumbnail_url: Option<&'a str>,
    main_image_url: Option<&'a str>,
) -> Option<&'a str> {
    thumbnail_url
        .filter(|l| !l.trim().is_empty())
        .or(main_image_url.filter(|l| !l.trim().is_empty()))
}

/// What one pass over a shop's thumbnails did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ThumbnailPass {
    pub downloaded: u64,
    /// Downloads that failed (retried by the next pass).
    pub failed: u64,
    /// Files no product links to any more, removed.
    pub removed: u64,
}

impl Shopdock {
    /// The folder of cached thumbnails.
    pub fn thumbnail_dir(&self) -> PathBuf {
        let store = self.inner.store.path();
        store
            .parent()
            .unwrap_or_else(|| Path::new("."))
            .join(THUMBNAIL_DIR)
    }

    /// Where the cached thumbnail `name` is and its content type, when `name` is one the cache
    /// writes ([`parse_file_name`]); whether the file exists is for the caller to find out.
    pub fn thumbnail_file(&self, name: &str) -> Option<(PathBuf, &'static str)> {
        let kind = parse_file_name(name)?;
        Some((self.thumbnail_dir().join(name), kind.mime()))
    }

    /// Downloads the shop's thumbnails that have no file yet, then removes the files no
    /// product links to. Never fails: what went wrong is logged, and the next pass retries.
    pub(crate) async fn cache_thumbnails(
        &self,
        shop_id: &str,
        cancel: &CancellationToken,
    ) -> ThumbnailPass {
        let mut pass = ThumbnailPass::default();
        match self.download_thumbnails(shop_id, cancel).await {
            Ok((downloaded, failed)) => (pass.downloaded, pass.failed) = (downloaded, failed),
            Err(e) => tracing::warn!(shop = %shop_id, error = %e, "thumbnails not cached"),
        }
        match self.prune_thumbnails().await {
            Ok(removed) => pass.removed = removed,
            Err(e) => tracing::warn!(error = %e, "old thumbnails not removed"),
        }
        pass
    }

    /// Returns (downloaded, failed).
    async fn download_thumbnails(
        &self,
        shop_id: &str,
        cancel: &CancellationToken,
    ) -> CoreResult<(u64, u64)> {
        let shop = shop_id.to_owned();
        let links = self.db(move |s| s.thumbnail_urls(Some(&shop))).await?;
        let dir = self.thumbnail_dir();
        let missing = blocking(move || {
            std::fs::create_dir_all(&dir)?;
            let cached = cached_stems(&dir)?;
            Ok(links
                .into_iter()
                .filter(|l| !cached.contains(&link_hash(l)))
                .collect::<Vec<_>>())
        })
        .await?;
        if missing.is_empty() {
            return Ok((0, 0));
        }
        let host = ImageHost::new(&ClientOptions::default())?;
        let slots = Arc::new(Semaphore::new(DOWNLOADS_AT_ONCE));
        let mut downloads = tokio::task::JoinSet::new();
        for link in missing {
            let slot = tokio::select! {
                _ = cancel.cancelled() => break,
                slot = slots.clone().acquire_owned() => slot,
            };
            let Ok(slot) = slot else { break };
            let (host, dir) = (host.clone(), self.thumbnail_dir());
            downloads.spawn(async move {
                let _slot = slot;
                let saved = download_one(&host, &dir, &link).await;
                (link, saved)
            });
        }
        let (mut downloaded, mut failed, mut first_error) = (0, 0, None);
        while let Some(joined) = downloads.join_next().await {
            match joined {
                Ok((_, Ok(()))) => downloaded += 1,
                Ok((link, Err(e))) => {
                    tracing::debug!(url = %redact_url(&link), error = %e, "thumbnail not downloaded");
                    failed += 1;
                    first_error.get_or_insert(e.to_string());
                }
                Err(e) => {
                    failed += 1;
                    first_error.get_or_insert(e.to_string());
                }
            }
        }
        if let Some(error) = first_error {
            tracing::warn!(shop = %shop_id, failed, %error, "thumbnails not downloaded; the next import tries again");
        }
        tracing::info!(shop = %shop_id, downloaded, "thumbnails cached");
        Ok((downloaded, failed))
    }

    /// Removes the cached files no product (not deleted) of any shop links to, and crashed
    /// downloads' leftovers. A file newer than the list of links is left for the next pass (a
    /// download of another shop's import may have just written it). Returns how many files
    /// were removed.
    pub(crate) async fn prune_thumbnails(&self) -> CoreResult<u64> {
        let listed_at = SystemTime::now();
        let links = self.db(|s| s.thumbnail_urls(None)).await?;
        let dir = self.thumbnail_dir();
        blocking(move || {
            let wanted: HashSet<String> = links.iter().map(|l| link_hash(l)).collect();
            let entries = match std::fs::read_dir(&dir) {
                Ok(entries) => entries,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(0),
                Err(e) => return Err(e),
            };
            let mut removed = 0;
            for entry in entries {
                let entry = entry?;
                let name = entry.file_name().to_string_lossy().into_owned();
                let modified = entry.metadata()?.modified()?;
                let unwanted = match parse_file_name(&name) {
                    Some(_) => {
                        let stem = name.split('.').next().unwrap_or_default();
                        !wanted.contains(stem) && modified < listed_at
                    }
                    None => {
                        name.ends_with(PART)
                            && listed_at.duration_since(modified).unwrap_or_default() > STALE_PART
                    }
                };
                if unwanted {
                    match std::fs::remove_file(entry.path()) {
                        Ok(()) => removed += 1,
                        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                        Err(e) => return Err(e),
                    }
                }
            }
            if removed > 0 {
                tracing::info!(removed, "thumbnails no product shows any more removed");
            }
            Ok(removed)
        })
        .await
    }
}

/// The hashes of the cached files in `dir`.
fn cached_stems(dir: &Path) -> std::io::Result<HashSet<String>> {
    let mut stems = HashSet::new();
    for entry in std::fs::read_dir(dir)? {
        let name = entry?.file_name().to_string_lossy().into_owned();
        if parse_file_name(&name).is_some() {
            stems.extend(name.split('.').next().map(str::to_owned));
        }
    }
    Ok(stems)
}

/// Why one thumbnail was not cached.
#[derive(Debug, thiserror::Error)]
enum SaveError {
    #[error(transparent)]
    Download(#[from] ImageError),
    #[error("the thumbnail could not be written: {0}")]
    Write(#[from] std::io::Error),
}

/// Downloads one link into `dir`: written aside, then renamed into place, so a file under its
/// final name is always whole.
async fn download_one(host: &ImageHost, dir: &Path, link: &str) -> Result<(), SaveError> {
    let image = host.download(link, MAX_THUMBNAIL_BYTES).await?;
    let target = dir.join(file_name(link, image.kind));
    let part = dir.join(format!(
        "{}.{}{PART}",
        link_hash(link),
        uuid::Uuid::new_v4().simple()
    ));
    tokio::task::spawn_blocking(move || {
        std::fs::write(&part, &image.bytes)?;
        std::fs::rename(&part, &target).inspect_err(|_| {
            let _ = std::fs::remove_file(&part);
        })
    })
    .await
    .map_err(|e| std::io::Error::other(e.to_string()))??;
    Ok(())
}

/// Runs file work on the blocking pool.
async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> std::io::Result<T> + Send + 'static,
) -> CoreResult<T> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| CoreError::Internal(e.to_string()))?
        .map_err(|e| CoreError::Internal(format!("thumbnail cache: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_names_the_cache_writes_are_accepted() {
        let name = file_name("https://img.example/a.jpg", ImageKind::Jpeg);
        assert_eq!(parse_file_name(&name), Some(ImageKind::Jpeg));
        let hash = link_hash("https://img.example/a.jpg");
        assert_eq!(hash.len(), 64);
        for refused in [
            "../shopdock.sqlite3".to_owned(),
            format!("../{hash}.jpg"),
            format!("{hash}.jpg/.."),
            format!("{hash}.JPG"),
            format!("{hash}.exe"),
            format!("{hash}.jpg.part"),
            format!("{}.jpg", hash.to_ascii_uppercase()),
            format!("{}.jpg", &hash[1..]),
            format!("{hash}x.jpg"),
            hash.clone(),
            String::new(),
        ] {
            assert_eq!(parse_file_name(&refused), None, "{refused}");
        }
    }

    #[test]
    fn a_product_without_a_thumbnail_shows_its_main_image() {
        assert_eq!(thumbnail_link(Some("t"), Some("m")), Some("t"));
        assert_eq!(thumbnail_link(Some(" "), Some("m")), Some("m"));
        assert_eq!(thumbnail_link(None, Some("")), None);
    }
}
