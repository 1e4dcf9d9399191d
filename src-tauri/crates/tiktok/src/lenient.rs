//! Decoding helpers that accept what TikTok sends besides what it documents.
//!
//! `#[serde(default)]` covers a *missing* field but not an explicit `null`, which TikTok sends
//! for empty arrays and objects in some responses. Fields that are not `Option` use
//! [`null_as_default`], so `"line_items": null` reads as an empty list instead of failing the
//! whole order.

use serde::{Deserialize, Deserializer};

/// Reads `null` as `T::default()` (empty string, list, object, `false`, `0`).
pub fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize, Default, Debug, PartialEq)]
    #[serde(default)]
    struct Sample {
        #[serde(deserialize_with = "null_as_default")]
        list: Vec<String>,
        #[serde(deserialize_with = "null_as_default")]
        text: String,
    }

    #[test]
    fn null_and_missing_both_read_as_empty() {
        let s: Sample = serde_json::from_str(r#"{"list":null,"text":null}"#).unwrap();
        assert_eq!(s, Sample::default());
        let s: Sample = serde_json::from_str("{}").unwrap();
        assert_eq!(s, Sample::default());
        let s: Sample = serde_json::from_str(r#"{"list":["a"],"text":"b"}"#).unwrap();
        assert_eq!(s.list, vec!["a".to_owned()]);
    }
}
