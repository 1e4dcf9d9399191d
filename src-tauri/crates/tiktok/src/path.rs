//! Filling an id into a path template such as `/fulfillment/202309/packages/{package_id}`.
//! The id becomes part of the signed path, so only id-like text is accepted: a `/`, `?` or
//! `%` would change which endpoint is called.

use crate::error::TikTokError;

/// `template` with `{name}` replaced by `id`, after checking that `id` is a plain identifier
/// (ASCII letters, digits, `-`, `_`).
pub(crate) fn with_id(template: &str, name: &str, id: &str) -> Result<String, TikTokError> {
    check_id(name, id)?;
    let placeholder = format!("{{{name}}}");
    if !template.contains(&placeholder) {
        return Err(TikTokError::InvalidRequest(format!(
            "{template} has no {placeholder}"
        )));
    }
    Ok(template.replace(&placeholder, id))
}

/// Refuses an id that is empty or not plain identifier text (`name` is for the message).
pub(crate) fn check_id(name: &str, id: &str) -> Result<(), TikTokError> {
    let plain = !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if plain {
        Ok(())
    } else {
        Err(TikTokError::InvalidRequest(format!(
            "{name} {id:?} is not a TikTok id"
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_fill_their_placeholder_and_nothing_else_gets_in() {
        assert_eq!(
            with_id("/a/{order_id}/b", "order_id", "5764").unwrap(),
            "/a/5764/b"
        );
        for bad in ["", "1/2", "1?x=2", "..", "1%2F", " 1"] {
            assert!(
                with_id("/a/{order_id}", "order_id", bad).is_err(),
                "{bad:?}"
            );
        }
        assert!(with_id("/a/{order_id}", "package_id", "1").is_err());
    }
}
