//! The `thumb:` URI scheme: the webview shows the cached product thumbnails
//! (`thumb://localhost/<name>` on Linux and macOS, `http://thumb.localhost/<name>` on Windows)
//! without any file-system access of its own. A request names one file; only a name core's
//! cache writes is served, from the cache's folder only
//! ([`shopdock_core::Shopdock::thumbnail_file`]); anything else, and a file not there (yet), is
//! a 404, which the UI shows as its placeholder.

use std::sync::Arc;

use shopdock_core::products::thumbnails::parse_file_name;
use tauri::http::{header, HeaderValue, Request, Response, StatusCode};
use tauri::{Manager, Runtime, UriSchemeContext, UriSchemeResponder};

use crate::facade::Core;

/// The scheme's name (the UI's `convertFileSrc(name, "thumb")` builds its URLs; the CSP's
/// `img-src` allows it).
pub const SCHEME: &str = "thumb";

/// The file a request path asks for: exactly one path segment that is a name the cache
/// writes. Nothing is decoded, so `%2e%2e` stays a refused name rather than becoming `..`.
pub(crate) fn requested_name(path: &str) -> Option<&str> {
    let name = path.strip_prefix('/')?;
    parse_file_name(name).map(|_| name)
}

/// The scheme's handler: answers off the UI thread, once the file is read.
pub fn handle<R: Runtime>(
    ctx: UriSchemeContext<'_, R>,
    request: Request<Vec<u8>>,
    responder: UriSchemeResponder,
) {
    let app = ctx.app_handle().clone();
    let path = request.uri().path().to_owned();
    tauri::async_runtime::spawn(async move {
        responder.respond(serve(&app, &path).await);
    });
}

async fn serve<R: Runtime>(app: &tauri::AppHandle<R>, path: &str) -> Response<Vec<u8>> {
    let Some(name) = requested_name(path) else {
        tracing::debug!(path, "thumbnail request refused");
        return not_found();
    };
    // The names come from core's views, so core is open by the time one is asked for; a
    // request before that (or after a failed open) has nothing to show, and never opens core.
    let file = app
        .try_state::<Arc<Core>>()
        .and_then(|core| core.opened().and_then(|s| s.thumbnail_file(name)));
    let Some((file, mime)) = file else {
        return not_found();
    };
    match tokio::task::spawn_blocking(move || std::fs::read(file)).await {
        Ok(Ok(bytes)) => image(bytes, mime),
        _ => not_found(),
    }
}

fn image(bytes: Vec<u8>, mime: &'static str) -> Response<Vec<u8>> {
    let mut r = Response::new(bytes);
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(mime));
    // The name is the link's hash: a replaced image has another name, so a file never changes.
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("max-age=31536000, immutable"),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    // An SVG from an image host runs no script and loads nothing, even opened on its own.
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; style-src 'unsafe-inline'"),
    );
    r
}

fn not_found() -> Response<Vec<u8>> {
    let mut r = Response::new(Vec::new());
    *r.status_mut() = StatusCode::NOT_FOUND;
    // Not cached: the file may be downloaded a moment later.
    r.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    const NAME: &str = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef.svg";

    #[test]
    fn only_one_segment_naming_a_cached_file_is_served() {
        assert_eq!(requested_name(&format!("/{NAME}")), Some(NAME));
        for refused in [
            NAME.to_owned(),
            format!("//{NAME}"),
            format!("/../{NAME}"),
            format!("/thumbnails/{NAME}"),
            format!("/{NAME}/"),
            "/..".to_owned(),
            "/%2e%2e%2fshopdock.sqlite3".to_owned(),
            "/../shopdock.sqlite3".to_owned(),
            "/".to_owned(),
            String::new(),
            format!("/{}", NAME.replace(".svg", ".html")),
        ] {
            assert_eq!(requested_name(&refused), None, "{refused}");
        }
    }

    #[test]
    fn a_missing_file_is_a_404_never_kept_and_an_image_is_typed_and_locked_down() {
        let missing = not_found();
        assert_eq!(missing.status(), StatusCode::NOT_FOUND);
        assert_eq!(missing.headers()[header::CACHE_CONTROL], "no-store");
        let svg = image(b"<svg/>".to_vec(), "image/svg+xml");
        assert_eq!(svg.status(), StatusCode::OK);
        assert_eq!(svg.headers()[header::CONTENT_TYPE], "image/svg+xml");
        assert_eq!(svg.headers()[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
        assert!(svg.headers()[header::CONTENT_SECURITY_POLICY]
            .to_str()
            .unwrap()
            .starts_with("default-src 'none'"));
    }
}
