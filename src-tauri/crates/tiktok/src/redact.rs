//! Redaction of URLs before they reach a log line or an error message.

/// Query keys whose values are secrets in TikTok's API (token calls put `app_secret` and
/// `auth_code`/`refresh_token` in the query; `sign` is derived from the secret).
pub const SECRET_QUERY_KEYS: &[&str] = &[
    "app_secret",
    "auth_code",
    "code",
    "access_token",
    "refresh_token",
    "sign",
];

/// Replaces the values of secret query parameters with `[redacted]`. Works on anything that
/// looks like a URL or a bare query string; never fails.
pub fn redact_url(url: &str) -> String {
    let (head, query) = match url.split_once('?') {
        Some((h, q)) => (Some(h), q),
        None if url.contains('=') => (None, url),
        None => return url.to_owned(),
    };
    let (query, fragment) = match query.split_once('#') {
        Some((q, f)) => (q, Some(f)),
        None => (query, None),
    };
    let parts: Vec<String> = query
        .split('&')
        .map(|pair| match pair.split_once('=') {
            Some((k, _)) if SECRET_QUERY_KEYS.contains(&k) => format!("{k}=[redacted]"),
            _ => pair.to_owned(),
        })
        .collect();
    let mut out = String::with_capacity(url.len());
    if let Some(h) = head {
        out.push_str(h);
        out.push('?');
    }
    out.push_str(&parts.join("&"));
    if let Some(f) = fragment {
        out.push('#');
        out.push_str(f);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_query_values_are_redacted_and_others_kept() {
        let u = "https://auth.example/api/v2/token/get?app_key=k1&app_secret=S3CR3T&auth_code=C0DE&grant_type=authorized_code";
        let r = redact_url(u);
        assert!(!r.contains("S3CR3T") && !r.contains("C0DE"));
        assert!(r.contains("app_key=k1") && r.contains("grant_type=authorized_code"));
        assert_eq!(
            redact_url("/x?sign=abc&page_size=5"),
            "/x?sign=[redacted]&page_size=5"
        );
        assert_eq!(redact_url("/plain/path"), "/plain/path");
    }
}
