//! The sandbox's own check of a request's `sign`, written from the documentation
//! (DOC:sign-your-api-request, fact sheet §1) and deliberately independent of the client's
//! `shopdock_tiktok::sign`: a mistake shared by the client and the server would otherwise pass
//! every test. Both are held to the published vectors V1-V5 (fact sheet §1, "Test vectors").
//!
//! The documented steps, in order:
//! 1. every query parameter except `sign` and `access_token`, with decoded values (the
//!    official Go sample reads the first value of a repeated key);
//! 2. sorted by key in byte order;
//! 3. concatenated as `{key}{value}` without separators;
//! 4. prefixed with the request path only;
//! 5. followed by the raw body unless the request is `multipart/form-data`;
//! 6. wrapped as `secret + string + secret`;
//! 7. HMAC-SHA256 keyed with the app secret, as lowercase hex.

use hmac::{Hmac, Mac};
use sha2::Sha256;

/// Query keys left out of the string to sign (step 1).
const UNSIGNED_KEYS: [&str; 2] = ["sign", "access_token"];

/// The string the HMAC covers, before the secret wrap (steps 1-5).
fn string_to_sign(path: &str, query: &[(String, String)], body: Option<&[u8]>) -> Vec<u8> {
    let mut params: Vec<(&str, &str)> = Vec::with_capacity(query.len());
    for (key, value) in query {
        let key = key.as_str();
        if UNSIGNED_KEYS.contains(&key) || params.iter().any(|(k, _)| *k == key) {
            continue;
        }
        params.push((key, value.as_str()));
    }
    params.sort_unstable_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
    let mut out = Vec::with_capacity(path.len() + 64 + body.map_or(0, <[u8]>::len));
    out.extend_from_slice(path.as_bytes());
    for (key, value) in params {
        out.extend_from_slice(key.as_bytes());
        out.extend_from_slice(value.as_bytes());
    }
    if let Some(body) = body {
        out.extend_from_slice(body);
    }
    out
}

/// The `sign` a request must carry (steps 6-7), lowercase hex.
pub fn expected_signature(
    app_secret: &str,
    path: &str,
    query: &[(String, String)],
    body: Option<&[u8]>,
) -> String {
    let mut wrapped = Vec::new();
    wrapped.extend_from_slice(app_secret.as_bytes());
    wrapped.extend_from_slice(&string_to_sign(path, query, body));
    wrapped.extend_from_slice(app_secret.as_bytes());
    // HMAC accepts keys of any length, so this cannot fail; an empty digest would never match.
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(app_secret.as_bytes()) else {
        return String::new();
    };
    mac.update(&wrapped);
    mac.finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Compares two strings in time that depends only on their lengths, so a forger cannot learn
/// a signature byte by byte from response times.
pub fn same_secret(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    const V3_QUERY: [(&str, &str); 3] = [
        ("app_key", "68xu9ks5p4i8"),
        ("shop_cipher", "ROW_xkMbgAAAeVAQra0eZWebFQq5aIK"),
        ("timestamp", "1696909648"),
    ];

    #[test]
    fn published_vectors_v1_to_v5_are_reproduced() {
        // V1: DOC:sign-your-api-request.
        assert_eq!(
            expected_signature(
                "e59af819cc",
                "/authorization/202309/shops",
                &q(&[("timestamp", "1623812664"), ("app_key", "29a39d")]),
                None
            ),
            "b596b73e0cc6de07ac26f036364178ab16b0a907af13d43f0a0cd2345f582dc8"
        );
        // V2: EcomPHP's test.
        assert_eq!(
            expected_signature("app_secret", "/test-api", &q(&[("foo", "bar")]), None),
            "d3cb7fe11ecae942802ceeca67e7cf10120cc12f1517d45fbc1c8cfe5413c80f"
        );
        // V3: SKIT's GET case.
        assert_eq!(
            expected_signature("e59af819cc", "/event/202309/webhooks", &q(&V3_QUERY), None),
            "ed58e1b5e59865c22a7b828c1cab65007441f43cc91a6cb2f2cdc638e0995a37"
        );
        // V4: SKIT's PUT case, body signed as sent.
        assert_eq!(
            expected_signature(
                "e59af819cc",
                "/event/202309/webhooks",
                &q(&V3_QUERY),
                Some(br#"{"event_type":"PACKAGE_UPDATE","address":"https://partner.tiktokshop.com"}"#)
            ),
            "701dd6deb2389fe4c469b89bd37fc56f96a6da6afeb4d01c9077a65169752fa7"
        );
        // V5: the same call with the keys in the other order.
        assert_eq!(
            expected_signature(
                "e59af819cc",
                "/event/202309/webhooks",
                &q(&V3_QUERY),
                Some(br#"{"address":"https://partner.tiktokshop.com","event_type":"PACKAGE_UPDATE"}"#)
            ),
            "cd0d6268252f4ba293bf7ea4c0a2873bf9beec600d22530638564ab301435f7a"
        );
    }

    #[test]
    fn sign_and_access_token_and_repeated_keys_are_left_out() {
        let plain = expected_signature("s", "/p", &q(&[("a", "1")]), None);
        let noisy = expected_signature(
            "s",
            "/p",
            &q(&[("a", "1"), ("sign", "x"), ("access_token", "t"), ("a", "2")]),
            None,
        );
        assert_eq!(plain, noisy);
    }

    #[test]
    fn comparison_needs_equal_strings() {
        assert!(same_secret("abc", "abc"));
        assert!(!same_secret("abc", "abd"));
        assert!(!same_secret("abc", "abcd"));
    }
}
