//! Request signing for the 202309 API generation and webhook signatures.
//!
//! Request algorithm (fact sheet §1, confirmed by every official sample):
//! 1. take every query parameter except `sign` and `access_token`, with decoded values;
//! 2. sort by key in byte order and concatenate `{key}{value}` with no separators;
//! 3. prepend the request path (no host, no query);
//! 4. append the body exactly as sent unless the request is `multipart/form-data`;
//! 5. wrap as `secret + string + secret` and take HMAC-SHA256 keyed with the secret,
//!    as lowercase hex.
//!
//! Shopdock always sends comma-joined array values (`ids=a,b`) and never sends empty
//! parameters, so the disputed corners of the algorithm never arise.

use hmac::{Hmac, Mac};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

/// Query keys that are never part of the string to sign.
const UNSIGNED_KEYS: &[&str] = &["sign", "access_token", "x-tts-access-token"];

/// The exact string the HMAC is computed over, before wrapping. Exposed for tests and for
/// diagnosing signature mismatches (it contains no secret).
pub fn string_to_sign<'a>(
    path: &str,
    query: impl IntoIterator<Item = (&'a str, &'a str)>,
    body: Option<&[u8]>,
) -> Vec<u8> {
    let mut pairs: Vec<(&str, &str)> = query
        .into_iter()
        .filter(|(k, _)| !UNSIGNED_KEYS.contains(k))
        .collect();
    pairs.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
    let mut out = Vec::with_capacity(256);
    out.extend_from_slice(path.as_bytes());
    for (k, v) in pairs {
        out.extend_from_slice(k.as_bytes());
        out.extend_from_slice(v.as_bytes());
    }
    if let Some(body) = body {
        out.extend_from_slice(body);
    }
    out
}

/// Signs a request: lowercase hex HMAC-SHA256 of `secret + string_to_sign + secret`.
///
/// `body` is the request body exactly as sent, or `None` for a bodiless or multipart request.
pub fn sign_request<'a>(
    app_secret: &str,
    path: &str,
    query: impl IntoIterator<Item = (&'a str, &'a str)>,
    body: Option<&[u8]>,
) -> String {
    let inner = string_to_sign(path, query, body);
    let mut mac = new_mac(app_secret);
    mac.update(app_secret.as_bytes());
    mac.update(&inner);
    mac.update(app_secret.as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

/// Webhook signature: lowercase hex HMAC-SHA256 keyed with the app secret over
/// `app_key + raw_body` (no timestamp), sent by TikTok in the `Authorization` header.
pub fn sign_webhook(app_key: &str, app_secret: &str, raw_body: &[u8]) -> String {
    let mut mac = new_mac(app_secret);
    mac.update(app_key.as_bytes());
    mac.update(raw_body);
    hex::encode(mac.finalize().into_bytes())
}

/// Compares two signatures in time independent of where they first differ.
pub fn constant_time_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn new_mac(secret: &str) -> HmacSha256 {
    // HMAC accepts keys of any length, so this cannot fail; fall back to an empty key
    // rather than panic should the library ever change that.
    HmacSha256::new_from_slice(secret.as_bytes())
        .unwrap_or_else(|_| HmacSha256::new_from_slice(&[0u8; 1]).expect("one-byte HMAC key"))
}

#[cfg(test)]
mod tests {
    use super::*;

    // Vectors from the fact sheet §1; each was recomputed independently.
    #[test]
    fn v1_official_sign_page() {
        let q = [("app_key", "29a39d"), ("timestamp", "1623812664")];
        assert_eq!(
            String::from_utf8(string_to_sign("/authorization/202309/shops", q, None)).unwrap(),
            "/authorization/202309/shopsapp_key29a39dtimestamp1623812664"
        );
        assert_eq!(
            sign_request("e59af819cc", "/authorization/202309/shops", q, None),
            "b596b73e0cc6de07ac26f036364178ab16b0a907af13d43f0a0cd2345f582dc8"
        );
    }

    #[test]
    fn v2_ecomphp() {
        assert_eq!(
            sign_request("app_secret", "/test-api", [("foo", "bar")], None),
            "d3cb7fe11ecae942802ceeca67e7cf10120cc12f1517d45fbc1c8cfe5413c80f"
        );
    }

    const V3_QUERY: [(&str, &str); 3] = [
        ("timestamp", "1696909648"),
        ("shop_cipher", "ROW_xkMbgAAAeVAQra0eZWebFQq5aIK"),
        ("app_key", "68xu9ks5p4i8"),
    ];

    #[test]
    fn v3_skit_get_sorts_keys_and_skips_token_and_sign() {
        let mut q = V3_QUERY.to_vec();
        q.push(("access_token", "TTP_should_be_ignored"));
        q.push(("sign", "old"));
        assert_eq!(
            sign_request("e59af819cc", "/event/202309/webhooks", q, None),
            "ed58e1b5e59865c22a7b828c1cab65007441f43cc91a6cb2f2cdc638e0995a37"
        );
    }

    #[test]
    fn v4_skit_put_signs_body_bytes() {
        let body = br#"{"event_type":"PACKAGE_UPDATE","address":"https://partner.tiktokshop.com"}"#;
        assert_eq!(
            sign_request("e59af819cc", "/event/202309/webhooks", V3_QUERY, Some(body)),
            "701dd6deb2389fe4c469b89bd37fc56f96a6da6afeb4d01c9077a65169752fa7"
        );
    }

    #[test]
    fn v5_compact_body_in_other_key_order() {
        let body = br#"{"address":"https://partner.tiktokshop.com","event_type":"PACKAGE_UPDATE"}"#;
        assert_eq!(
            sign_request("e59af819cc", "/event/202309/webhooks", V3_QUERY, Some(body)),
            "cd0d6268252f4ba293bf7ea4c0a2873bf9beec600d22530638564ab301435f7a"
        );
    }

    #[test]
    fn w1_official_webhook_vector() {
        let body = br#"{"type":1,"tts_notification_id":"7380066284010030890","shop_id":"7495540735365777507","timestamp":1718305585,"data":{"is_on_hold_order":true,"order_id":"576653688135258178","order_status":"UNPAID","update_time":1718305585}}"#;
        assert_eq!(
            sign_webhook("abcdef", "123", body),
            "5dec0f11ec2f6783b8deee53c9ffbf8d024302f7c7e7fa55a35d17629031ac05"
        );
    }

    #[test]
    fn forgetting_the_wrap_gives_a_different_digest() {
        // Guards against the common bug the fact sheet names ("93798824..." without the wrap).
        let q = [("app_key", "29a39d"), ("timestamp", "1623812664")];
        let mut mac = new_mac("e59af819cc");
        mac.update(&string_to_sign("/authorization/202309/shops", q, None));
        let unwrapped = hex::encode(mac.finalize().into_bytes());
        assert!(unwrapped.starts_with("93798824"));
    }

    #[test]
    fn constant_time_eq_compares_content_and_length() {
        assert!(constant_time_eq("abc", "abc"));
        assert!(!constant_time_eq("abc", "abd"));
        assert!(!constant_time_eq("abc", "abcd"));
    }
}
