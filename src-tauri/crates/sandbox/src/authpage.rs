//! The seller authorization page: `GET /open/authorize?service_id=..&state=..`.
//!
//! Plain HTML, no JavaScript: it names the app, the seller "logged in" to this browser (see
//! `Control::set_browser_seller`), the shops the grant covers and the scopes requested, and
//! offers two forms that POST to `/open/authorize/confirm`:
//! * **Authorize** -> 302 to the app's registered redirect URL with `code` and `state`;
//! * **Deny** -> 302 to the same URL with `code=null&error=access_denied` and `state`.
//!   (The fact sheet §3 records a DISAGREEMENT: the 202407 overview says `error=auth_denied`,
//!   the later authorization-page changelog `error=access_denied`. The sandbox follows the
//!   changelog; both say `code=null`.)
//!
//! Without `state` (authorization started from the App Store) the redirect carries no `state`.
//! An unknown `service_id` gets an error page, like TikTok's.

use crate::state::{lock, Inner};
use axum::body::Bytes;
use axum::http::{header, HeaderValue, StatusCode, Uri};
use axum::response::{Html, IntoResponse, Response};

pub const PAGE_PATH: &str = "/open/authorize";
pub const CONFIRM_PATH: &str = "/open/authorize/confirm";

/// Escapes text for HTML bodies and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

const STYLE: &str = "body{font-family:system-ui,sans-serif;background:#f5f5f7;margin:0}\
main{max-width:520px;margin:48px auto;background:#fff;border-radius:12px;padding:32px;box-shadow:0 2px 12px #0002}\
h1{font-size:20px;margin:0 0 4px}.muted{color:#666;font-size:14px}ul{padding-left:20px}\
.row{display:flex;gap:12px;margin-top:24px}button{font-size:16px;padding:10px 24px;border-radius:8px;border:1px solid #ccc;background:#fff;cursor:pointer}\
button.primary{background:#fe2c55;border-color:#fe2c55;color:#fff}.banner{background:#fff4e5;padding:8px 12px;border-radius:8px;font-size:13px}";

fn page(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{}</title>\
<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><style>{STYLE}</style></head>\
<body><main><p class=\"banner\">TikTok Shop sandbox (Shopdock) &mdash; not the real TikTok Shop</p>{body}</main></body></html>",
        escape(title)
    )
}

fn error_page(status: StatusCode, message: &str) -> Response {
    let body = format!(
        "<h1>Authorization failed</h1><p id=\"error\">{}</p>",
        escape(message)
    );
    (status, Html(page("Authorization failed", &body))).into_response()
}

fn query_pairs(raw: &[u8]) -> Vec<(String, String)> {
    url::form_urlencoded::parse(raw).into_owned().collect()
}

fn get<'a>(pairs: &'a [(String, String)], key: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

/// `GET /open/authorize`.
pub fn show(inner: &Inner, uri: &Uri) -> Response {
    lock(&inner.stats).request(PAGE_PATH);
    let q = query_pairs(uri.query().unwrap_or("").as_bytes());
    let Some(service_id) = get(&q, "service_id").filter(|s| !s.is_empty()) else {
        return error_page(
            StatusCode::BAD_REQUEST,
            "The authorization link is missing its service_id.",
        );
    };
    // TikTok asks developers to trim the state; an empty one counts as absent.
    let state = get(&q, "state").map(str::trim).filter(|s| !s.is_empty());
    let app = {
        let auth = lock(&inner.auth);
        auth.app_by_service(service_id).cloned()
    };
    let Some(app) = app else {
        return error_page(
            StatusCode::NOT_FOUND,
            "This authorization link is invalid: no app or service has this service_id.",
        );
    };
    let seller_id = lock(&inner.browser_seller).clone();
    let Some(seller) = inner.seller(&seller_id) else {
        return error_page(StatusCode::INTERNAL_SERVER_ERROR, "No seller is logged in.");
    };
    let shops: String = inner
        .shops
        .iter()
        .filter(|s| s.def.seller_id == seller.id)
        .map(|s| {
            format!(
                "<li class=\"shop\">{} &middot; {} &middot; shop code <code>{}</code></li>",
                escape(&s.def.name),
                escape(s.def.region),
                escape(&s.def.code)
            )
        })
        .collect();
    let scopes: String = app
        .scopes
        .iter()
        .map(|s| format!("<li class=\"scope\"><code>{}</code></li>", escape(s)))
        .collect();
    let hidden = |decision: &str| {
        let mut h = format!(
            "<input type=\"hidden\" name=\"service_id\" value=\"{}\">\
<input type=\"hidden\" name=\"seller_id\" value=\"{}\">\
<input type=\"hidden\" name=\"decision\" value=\"{decision}\">",
            escape(service_id),
            escape(&seller.id)
        );
        if let Some(st) = state {
            h.push_str(&format!(
                "<input type=\"hidden\" name=\"state\" value=\"{}\">",
                escape(st)
            ));
        }
        h
    };
    let body = format!(
        "<h1>Authorize <span id=\"app-name\">{app_name}</span></h1>\
<p class=\"muted\">Service ID {service}</p>\
<p>Logged in as <strong id=\"seller-name\">{seller_name}</strong> ({region}).</p>\
<p>{app_name} is requesting access to these shops:</p><ul id=\"shops\">{shops}</ul>\
<p>with these permissions:</p><ul id=\"scopes\">{scopes}</ul>\
<div class=\"row\">\
<form method=\"post\" action=\"{CONFIRM_PATH}\">{yes}<button id=\"authorize\" class=\"primary\" type=\"submit\">Authorize</button></form>\
<form method=\"post\" action=\"{CONFIRM_PATH}\">{no}<button id=\"deny\" type=\"submit\">Deny</button></form>\
</div>",
        app_name = escape(&app.name),
        service = escape(&app.service_id),
        seller_name = escape(&seller.name),
        region = escape(&seller.base_region),
        yes = hidden("authorize"),
        no = hidden("deny"),
    );
    Html(page(&format!("Authorize {}", app.name), &body)).into_response()
}

/// `POST /open/authorize/confirm` (the page's forms).
pub fn confirm(inner: &Inner, body: &Bytes) -> Response {
    lock(&inner.stats).request(CONFIRM_PATH);
    let f = query_pairs(body);
    let (Some(service_id), Some(seller_id), Some(decision)) = (
        get(&f, "service_id"),
        get(&f, "seller_id"),
        get(&f, "decision"),
    ) else {
        return error_page(
            StatusCode::BAD_REQUEST,
            "The authorization form is incomplete.",
        );
    };
    let state = get(&f, "state").map(str::trim).filter(|s| !s.is_empty());
    if inner.seller(seller_id).is_none() {
        return error_page(StatusCode::BAD_REQUEST, "Unknown seller.");
    }
    let now = inner.clock.now();
    let (redirect, code) = {
        let mut auth = lock(&inner.auth);
        let Some(app) = auth.app_by_service(service_id).cloned() else {
            return error_page(StatusCode::NOT_FOUND, "Unknown service_id.");
        };
        let code = match decision {
            "authorize" => Some(auth.issue_code(&app.app_key, seller_id, now)),
            "deny" => None,
            _ => return error_page(StatusCode::BAD_REQUEST, "Unknown decision."),
        };
        (app.redirect_url, code)
    };
    let Ok(mut url) = url::Url::parse(&redirect) else {
        return error_page(
            StatusCode::BAD_REQUEST,
            "The app has no valid redirect URL registered.",
        );
    };
    {
        let mut q = url.query_pairs_mut();
        match &code {
            Some(c) => {
                q.append_pair("code", c);
            }
            None => {
                q.append_pair("code", "null");
                q.append_pair("error", "access_denied");
            }
        }
        if let Some(st) = state {
            q.append_pair("state", st);
        }
    }
    tracing::info!(
        service_id,
        seller_id,
        authorized = code.is_some(),
        "sandbox authorization decision"
    );
    let mut resp = StatusCode::FOUND.into_response();
    if let Ok(v) = HeaderValue::from_str(url.as_str()) {
        resp.headers_mut().insert(header::LOCATION, v);
    }
    resp
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_neutralises_markup() {
        assert_eq!(
            escape("<a href=\"x\">'&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
    }
}
