//! Decoding a finance list item by item: a statement, payment or transaction Shopdock cannot
//! read (a garbled amount) is kept raw with the reason, so one bad record neither stops an
//! import nor disappears from it unseen (the same rule as orders and products).

use serde::de::DeserializeOwned;
use serde_json::value::RawValue;

/// One list item that did not decode: the exact JSON TikTok sent, and why.
#[derive(Debug, Clone)]
pub struct Undecodable {
    pub raw: Box<RawValue>,
    pub error: String,
}

/// A page's items: those that decoded, in TikTok's order, and those that did not.
#[derive(Debug, Clone)]
pub struct Decoded<T> {
    pub items: Vec<T>,
    pub undecodable: Vec<Undecodable>,
}

impl<T> Default for Decoded<T> {
    fn default() -> Self {
        Self {
            items: Vec::new(),
            undecodable: Vec::new(),
        }
    }
}

impl<T: DeserializeOwned> Decoded<T> {
    /// Decodes each raw item on its own.
    pub fn from_raw(raw: Vec<Box<RawValue>>) -> Self {
        let mut out = Self::default();
        for item in raw {
            match serde_json::from_str::<T>(item.get()) {
                Ok(v) => out.items.push(v),
                Err(e) => {
                    tracing::warn!(error = %e, "a finance record did not decode; kept raw");
                    out.undecodable.push(Undecodable {
                        raw: item,
                        error: e.to_string(),
                    });
                }
            }
        }
        out
    }
}

/// `next_page_token` as sent: `None` when absent or empty (the last page).
pub(crate) fn next_token(token: Option<String>) -> Option<String> {
    token.filter(|t| !t.is_empty())
}
