//! A Search Orders page decoded order by order, so one order Shopdock cannot read does not
//! stop a pull: the others are returned decoded, and that one is returned raw with the reason,
//! to be stored, flagged and shown.

use crate::model::{Order, RawOrderPage};
use serde_json::value::RawValue;

/// One page of Search Orders, split into the orders that decoded and those that did not.
#[derive(Debug, Default)]
pub struct OrderSearchPage {
    pub next_page_token: Option<String>,
    pub total_count: i64,
    /// In the order TikTok sent them.
    pub orders: Vec<DecodedOrder>,
    pub undecodable: Vec<UndecodableOrder>,
}

/// An order that decoded, with the exact JSON TikTok sent (stored verbatim, so fields Shopdock
/// does not model yet survive).
#[derive(Debug)]
pub struct DecodedOrder {
    pub order: Order,
    pub raw: Box<RawValue>,
}

/// An order whose JSON did not decode into [`Order`].
#[derive(Debug)]
pub struct UndecodableOrder {
    /// The order id, when the JSON is an object with a string or integer `id`.
    pub id: Option<String>,
    /// The JSON exactly as sent.
    pub raw: Box<RawValue>,
    /// Why it did not decode (serde's message, with line and column).
    pub error: String,
}

impl OrderSearchPage {
    /// Decodes each order of a raw page on its own.
    pub fn from_raw(page: RawOrderPage) -> Self {
        let mut orders = Vec::with_capacity(page.orders.len());
        let mut undecodable = Vec::new();
        for raw in page.orders {
            match serde_json::from_str::<Order>(raw.get()) {
                Ok(order) => orders.push(DecodedOrder { order, raw }),
                Err(e) => {
                    let id = order_id_of(raw.get());
                    tracing::warn!(order = id.as_deref().unwrap_or("?"), error = %e, "an order did not decode");
                    undecodable.push(UndecodableOrder {
                        id,
                        raw,
                        error: e.to_string(),
                    });
                }
            }
        }
        Self {
            next_page_token: page.next_page_token.filter(|t| !t.is_empty()),
            total_count: page.total_count,
            orders,
            undecodable,
        }
    }
}

/// The `id` of an order object whose other fields may be malformed. Integer ids are read
/// exactly (serde_json keeps integers up to 2^64 exact), never through a float.
pub fn order_id_of(raw: &str) -> Option<String> {
    #[derive(serde::Deserialize)]
    struct IdOnly {
        id: Option<serde_json::Value>,
    }
    let parsed: IdOnly = serde_json::from_str(raw).ok()?;
    match parsed.id? {
        serde_json::Value::String(s) if !s.is_empty() => Some(s),
        serde_json::Value::Number(n) if n.is_u64() || n.is_i64() => Some(n.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw_page(json: &str) -> RawOrderPage {
        serde_json::from_str(json).expect("raw page")
    }

    #[test]
    fn one_bad_order_leaves_the_others_decoded_and_keeps_its_json() {
        let page = raw_page(
            r#"{"next_page_token":"n1","total_count":3,"orders":[
                {"id":"576461413038785001","status":"UNPAID","create_time":1},
                {"id":"576461413038785002","status":"UNPAID","create_time":"not a number"},
                {"id":"576461413038785003","status":"A_STATUS_FROM_THE_FUTURE","line_items":null}
            ]}"#,
        );
        let page = OrderSearchPage::from_raw(page);
        let ids: Vec<&str> = page.orders.iter().map(|o| o.order.id.as_str()).collect();
        assert_eq!(ids, ["576461413038785001", "576461413038785003"]);
        assert_eq!(page.orders[1].order.status, "A_STATUS_FROM_THE_FUTURE");
        assert!(page.orders[1].order.line_items.is_empty());
        assert_eq!(page.undecodable.len(), 1);
        let bad = &page.undecodable[0];
        assert_eq!(bad.id.as_deref(), Some("576461413038785002"));
        assert!(bad.raw.get().contains("not a number"));
        assert!(bad.error.contains("create_time") || bad.error.contains("invalid type"));
        assert_eq!(page.next_page_token.as_deref(), Some("n1"));
    }

    #[test]
    fn an_entry_that_is_not_an_object_is_undecodable_without_an_id() {
        let page = OrderSearchPage::from_raw(raw_page(r#"{"orders":[42,{"id":"7"}]}"#));
        assert_eq!(page.orders.len(), 1);
        assert_eq!(page.undecodable[0].id, None);
        assert_eq!(page.undecodable[0].raw.get(), "42");
    }

    #[test]
    fn integer_ids_are_read_exactly() {
        assert_eq!(
            order_id_of(r#"{"id":5764614130387857529,"x":[}"#),
            None,
            "invalid JSON has no id"
        );
        assert_eq!(
            order_id_of(r#"{"id":5764614130387857529,"status":7}"#).as_deref(),
            Some("5764614130387857529")
        );
    }

    #[test]
    fn a_null_order_list_is_an_empty_page() {
        let page = OrderSearchPage::from_raw(raw_page(
            r#"{"orders":null,"total_count":null,"next_page_token":""}"#,
        ));
        assert!(page.orders.is_empty() && page.undecodable.is_empty());
        assert_eq!(page.next_page_token, None);
    }
}
