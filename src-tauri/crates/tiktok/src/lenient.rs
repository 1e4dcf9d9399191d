//! Decoding helpers that accept what TikTok sends besides what it documents.
//!
//! `#[serde(default)]` covers a *missing* field but not an explicit `null`, which TikTok sends
//! for empty arrays and objects in some responses. Fields that are not `Option` use
//! [`null_as_default`], so `"line_items": null` reads as an empty list instead of failing the
//! whole order.

use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer};
use std::str::FromStr;

/// Reads `null` as `T::default()` (empty string, list, object, `false`, `0`).
pub fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

/// Reads an amount TikTok sends as a decimal string ("12.90", "5000", "21.3") exactly, and a
/// JSON number through its text (never through a float). `null`, a missing field and `""`
/// read as `None`; any other text is an error, so a garbled price never becomes a number.
pub fn decimal<'de, D>(deserializer: D) -> Result<Option<Decimal>, D::Error>
where
    D: Deserializer<'de>,
{
    let raw = Option::<serde_json::Value>::deserialize(deserializer)?;
    let text = match &raw {
        None | Some(serde_json::Value::Null) => return Ok(None),
        Some(serde_json::Value::String(s)) => s.trim().to_owned(),
        Some(serde_json::Value::Number(n)) => n.to_string(),
        Some(other) => {
            return Err(serde::de::Error::custom(format!(
                "expected a decimal string, got {other}"
            )))
        }
    };
    if text.is_empty() {
        return Ok(None);
    }
    Decimal::from_str(&text)
        .or_else(|_| Decimal::from_scientific(&text))
        .map(Some)
        .map_err(|e| serde::de::Error::custom(format!("{text:?} is not a decimal: {e}")))
}

/// Reads a whole number TikTok documents as a string ("1685548800", "1": a reserve's
/// `estimated_release_time`, a SKU's settled `quantity`) or sends as a JSON number. `null`, a
/// missing field and `""` read as `None`; other text is an error.
pub fn int_text<'de, D>(deserializer: D) -> Result<Option<i64>, D::Error>
where
    D: Deserializer<'de>,
{
    let raw = Option::<serde_json::Value>::deserialize(deserializer)?;
    match &raw {
        None | Some(serde_json::Value::Null) => Ok(None),
        Some(serde_json::Value::Number(n)) => n
            .as_i64()
            .map(Some)
            .ok_or_else(|| serde::de::Error::custom(format!("{n} is not a whole number"))),
        Some(serde_json::Value::String(s)) if s.trim().is_empty() => Ok(None),
        Some(serde_json::Value::String(s)) => s
            .trim()
            .parse()
            .map(Some)
            .map_err(|e| serde::de::Error::custom(format!("{s:?} is not a whole number: {e}"))),
        Some(other) => Err(serde::de::Error::custom(format!(
            "expected a whole number, got {other}"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize, Default, Debug, PartialEq)]
    #[serde(default)]
    struct Price {
        #[serde(deserialize_with = "decimal")]
        amount: Option<Decimal>,
    }

    #[test]
    fn amounts_read_exactly_from_strings_and_numbers() {
        let read = |json: &str| serde_json::from_str::<Price>(json).map(|p| p.amount);
        assert_eq!(
            read(r#"{"amount":"1.50"}"#).unwrap().unwrap().to_string(),
            "1.50"
        );
        assert_eq!(
            read(r#"{"amount":"5000"}"#).unwrap().unwrap().to_string(),
            "5000"
        );
        assert_eq!(
            read(r#"{"amount":21.3}"#).unwrap().unwrap().to_string(),
            "21.3"
        );
        assert_eq!(read(r#"{"amount":""}"#).unwrap(), None);
        assert_eq!(read(r#"{"amount":null}"#).unwrap(), None);
        assert_eq!(read("{}").unwrap(), None);
        assert!(read(r#"{"amount":"12,90"}"#).is_err());
        assert!(read(r#"{"amount":true}"#).is_err());
    }

    #[derive(Deserialize, Default, Debug, PartialEq)]
    #[serde(default)]
    struct Count {
        #[serde(deserialize_with = "int_text")]
        n: Option<i64>,
    }

    #[test]
    fn whole_numbers_read_from_strings_and_numbers() {
        let read = |json: &str| serde_json::from_str::<Count>(json).map(|c| c.n);
        assert_eq!(read(r#"{"n":"1685548800"}"#).unwrap(), Some(1_685_548_800));
        assert_eq!(read(r#"{"n":" 2 "}"#).unwrap(), Some(2));
        assert_eq!(read(r#"{"n":3}"#).unwrap(), Some(3));
        assert_eq!(read(r#"{"n":""}"#).unwrap(), None);
        assert_eq!(read(r#"{"n":null}"#).unwrap(), None);
        assert_eq!(read("{}").unwrap(), None);
        assert!(read(r#"{"n":"1.5"}"#).is_err());
        assert!(read(r#"{"n":1.5}"#).is_err());
        assert!(read(r#"{"n":true}"#).is_err());
    }

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
