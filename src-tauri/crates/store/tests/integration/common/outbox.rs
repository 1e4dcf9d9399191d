//! Outbox fixtures: intents of each dedupe rule, and a raw look at every row.

use shopdock_store::{Dedupe, NewIntent, OutboxKind, OutboxProblem, Store};

/// A shipment of one order with tracking: one per order, ever.
pub fn shipment(shop: &str, order_id: &str, tracking: &str) -> NewIntent {
    NewIntent {
        shop_id: shop.into(),
        kind: OutboxKind::MarkShipped,
        target: order_id.into(),
        order_id: Some(order_id.into()),
        payload: serde_json::json!({"tracking_number": tracking, "shipping_provider_id": "6617"}),
        dedupe: Dedupe::Once(format!("order:{order_id}")),
    }
}

/// An absolute stock value of one SKU: the latest wins.
pub fn stock(shop: &str, sku: &str, quantity: u32) -> NewIntent {
    NewIntent {
        shop_id: shop.into(),
        kind: OutboxKind::Stock,
        target: sku.into(),
        order_id: None,
        payload: serde_json::json!({"sku_id": sku, "quantity": quantity}),
        dedupe: Dedupe::Latest(format!("sku:{sku}")),
    }
}

pub fn problem(code: &str) -> OutboxProblem {
    OutboxProblem {
        code: code.into(),
        reason: format!("reason for {code}"),
    }
}

/// One row as a raw connection reads it: (id, shop, state, attempts, next_try_at,
/// outcome_unknown, updated_at).
pub type RawRow = (i64, String, String, i64, Option<i64>, bool, i64);

/// Every row by id, read with a raw connection: what a change that should touch one row must
/// leave alone.
pub fn snapshot(store: &Store) -> Vec<RawRow> {
    let conn = rusqlite::Connection::open(store.path()).expect("open");
    let mut stmt = conn
        .prepare(
            "SELECT id, shop_id, state, attempts, next_try_at, outcome_unknown, updated_at
             FROM outbox ORDER BY id",
        )
        .expect("prepare");
    stmt.query_map([], |r| {
        Ok((
            r.get(0)?,
            r.get(1)?,
            r.get(2)?,
            r.get(3)?,
            r.get(4)?,
            r.get(5)?,
            r.get(6)?,
        ))
    })
    .expect("query")
    .collect::<Result<_, _>>()
    .expect("rows")
}
