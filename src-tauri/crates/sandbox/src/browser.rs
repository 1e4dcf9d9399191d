//! A scripted browser for the sandbox's authorization page: it loads the page, finds the form
//! whose button says "Authorize" (or "Deny"), submits it with its fields as a browser would,
//! and follows the redirect to the app's loopback listener.
//!
//! Tests and headless setups use it where a person would click; `shopdock sandbox browse`
//! exposes it on the command line (the end-to-end tests' `xdg-open` stand-in calls that).

use std::time::Duration;

/// Which button to press.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Authorize,
    Deny,
}

impl Decision {
    fn label(self) -> &'static str {
        match self {
            Decision::Authorize => "authorize",
            Decision::Deny => "deny",
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum BrowseError {
    #[error("HTTP error: {0}")]
    Http(String),
    #[error("the page has no form with a {0:?} button")]
    NoForm(&'static str),
    #[error("the form submission did not redirect (HTTP {0})")]
    NoRedirect(u16),
}

/// What the browser ended on.
#[derive(Debug, Clone)]
pub struct Landing {
    /// The address the authorization page redirected to.
    pub redirected_to: String,
    /// Status and body of that address (the app's "you can close this tab" page), if it answered.
    pub status: Option<u16>,
    pub body: Option<String>,
}

/// A `<form>`: action, method and the fields it submits when `button` is pressed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Form {
    pub action: String,
    pub method: String,
    pub fields: Vec<(String, String)>,
    pub button_text: String,
}

/// Opens `url`, presses the button for `decision`, follows the redirect.
pub async fn press(url: &str, decision: Decision) -> Result<Landing, BrowseError> {
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(30))
        .build()
        .map_err(|e| BrowseError::Http(e.to_string()))?;
    let page_url = reqwest::Url::parse(url).map_err(|e| BrowseError::Http(e.to_string()))?;
    let html = http
        .get(page_url.clone())
        .send()
        .await
        .and_then(|r| r.error_for_status())
        .map_err(|e| BrowseError::Http(e.to_string()))?
        .text()
        .await
        .map_err(|e| BrowseError::Http(e.to_string()))?;
    let form = forms(&html)
        .into_iter()
        .find(|f| {
            f.button_text
                .to_ascii_lowercase()
                .contains(decision.label())
        })
        .ok_or(BrowseError::NoForm(decision.label()))?;
    let action = page_url
        .join(&form.action)
        .map_err(|e| BrowseError::Http(e.to_string()))?;
    let request = if form.method.eq_ignore_ascii_case("get") {
        http.get(action).query(&form.fields)
    } else {
        http.post(action).form(&form.fields)
    };
    let response = request
        .send()
        .await
        .map_err(|e| BrowseError::Http(e.to_string()))?;
    let status = response.status().as_u16();
    let location = response
        .headers()
        .get(reqwest::header::LOCATION)
        .and_then(|l| l.to_str().ok())
        .map(str::to_owned)
        .ok_or(BrowseError::NoRedirect(status))?;
    let redirected_to = page_url
        .join(&location)
        .map(String::from)
        .unwrap_or(location);
    // Like a browser, follow the redirect; the app's listener may already be gone (replay).
    let (status, body) = match http.get(&redirected_to).send().await {
        Ok(r) => {
            let s = r.status().as_u16();
            (Some(s), r.text().await.ok())
        }
        Err(_) => (None, None),
    };
    Ok(Landing {
        redirected_to,
        status,
        body,
    })
}

/// Extracts the forms of a page: enough HTML for well-formed pages like the sandbox's.
pub fn forms(html: &str) -> Vec<Form> {
    let mut out = Vec::new();
    let lower = html.to_ascii_lowercase();
    let mut at = 0;
    while let Some(start) = lower[at..].find("<form").map(|i| i + at) {
        let Some(end) = lower[start..].find("</form>").map(|i| i + start) else {
            break;
        };
        let tag_end = lower[start..].find('>').map(|i| i + start).unwrap_or(end);
        let tag = &html[start..tag_end];
        let body = &html[tag_end..end];
        let mut fields = Vec::new();
        for input in tags(body, "<input") {
            if let Some(name) = attr(input, "name") {
                fields.push((name, attr(input, "value").unwrap_or_default()));
            }
        }
        let mut button_text = String::new();
        let body_lower = body.to_ascii_lowercase();
        if let Some(b) = body_lower.find("<button") {
            let b_tag_end = body_lower[b..].find('>').map(|i| i + b).unwrap_or(b);
            let b_close = body_lower[b..]
                .find("</button>")
                .map(|i| i + b)
                .unwrap_or(b_tag_end);
            let b_tag = &body[b..b_tag_end];
            if let (Some(name), Some(value)) = (attr(b_tag, "name"), attr(b_tag, "value")) {
                fields.push((name, value));
            }
            button_text = body[(b_tag_end + 1).min(b_close)..b_close]
                .trim()
                .to_owned();
        }
        out.push(Form {
            action: attr(tag, "action").unwrap_or_default(),
            method: attr(tag, "method").unwrap_or_else(|| "get".into()),
            fields,
            button_text,
        });
        at = end + 7;
    }
    out
}

fn tags<'a>(html: &'a str, open: &str) -> Vec<&'a str> {
    let lower = html.to_ascii_lowercase();
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(s) = lower[at..].find(open).map(|i| i + at) {
        let e = lower[s..].find('>').map(|i| i + s).unwrap_or(html.len());
        out.push(&html[s..e]);
        at = e;
    }
    out
}

/// The value of `name="..."` (or single-quoted) in a tag, with the HTML entities we emit decoded.
fn attr(tag: &str, name: &str) -> Option<String> {
    let lower = tag.to_ascii_lowercase();
    let mut from = 0;
    while let Some(i) = lower[from..].find(name).map(|i| i + from) {
        let before_ok = i == 0 || lower.as_bytes()[i - 1].is_ascii_whitespace();
        let rest = &tag[i + name.len()..];
        if before_ok && rest.starts_with('=') {
            let rest = &rest[1..];
            let quote = rest.chars().next()?;
            if quote == '"' || quote == '\'' {
                let val = &rest[1..];
                let end = val.find(quote)?;
                return Some(unescape(&val[..end]));
            }
            let end = rest
                .find(|c: char| c.is_whitespace() || c == '>')
                .unwrap_or(rest.len());
            return Some(unescape(&rest[..end]));
        }
        from = i + name.len();
    }
    None
}

fn unescape(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_are_found_with_their_fields_and_button() {
        let html = r#"<html><body><form method="post" action="/open/authorize/decision">
            <input type="hidden" name="state" value="a&amp;b"><input type="hidden" name="service_id" value="7">
            <button type="submit" name="decision" value="authorize">Authorize</button></form>
            <form method='post' action='/deny'><input type=hidden name=x value=1><button>Deny</button></form></body></html>"#;
        let f = forms(html);
        assert_eq!(f.len(), 2);
        assert_eq!(f[0].action, "/open/authorize/decision");
        assert_eq!(f[0].button_text, "Authorize");
        assert!(f[0].fields.contains(&("state".into(), "a&b".into())));
        assert!(f[0]
            .fields
            .contains(&("decision".into(), "authorize".into())));
        assert_eq!(f[1].method, "post");
        assert_eq!(f[1].fields, vec![("x".to_string(), "1".to_string())]);
    }
}
