//! Which stored orders a print takes, read in one database visit: the ids the seller picked
//! (in their order), or every seller-fulfilled order of a tab (oldest first, the order they are
//! packed in).

use crate::api::StatusGroup;
use crate::words::FulfillmentType;
use shopdock_store::{OrderColumn, OrderQuery, Store, StoreError};

/// A stored order to print and the name of its shop.
pub(crate) struct Stored {
    pub shop_id: String,
    pub shop_name: String,
    pub order_id: String,
    pub raw_json: String,
}

/// What [`read`] found.
pub(crate) struct Selection {
    pub orders: Vec<Stored>,
    /// Picked ids no shop (or not the given shop) has stored.
    pub missing: Vec<String>,
}

/// How the seller chose the orders.
#[derive(Debug, Clone)]
pub(crate) enum Choice {
    Ids(Vec<String>),
    /// Every seller-fulfilled order of a tab; with `awaiting_collection`, `to_ship` also takes
    /// the orders awaiting the carrier's collection (see [`Choice::for_labels`]).
    Tab {
        group: StatusGroup,
        awaiting_collection: bool,
    },
}

impl Choice {
    /// The choice as labels read it: TikTok Seller Center's "To ship" holds the orders
    /// awaiting collection too, and those are the ones with labels, while Shopdock's to_ship
    /// tab ends at the arrangement (the carrier's wait shows under shipping).
    pub(crate) fn for_labels(self) -> Choice {
        match self {
            Choice::Tab {
                group: StatusGroup::ToShip,
                ..
            } => Choice::Tab {
                group: StatusGroup::ToShip,
                awaiting_collection: true,
            },
            other => other,
        }
    }
}

/// The orders of `choice`, limited to `shop_id` when given.
pub(crate) fn read(
    store: &Store,
    shop_id: Option<&str>,
    choice: &Choice,
) -> Result<Selection, StoreError> {
    let shops: Vec<(String, String)> = store
        .list_shops()?
        .into_iter()
        .filter(|s| shop_id.is_none_or(|id| s.id == id))
        .map(|s| {
            let tiktok_name = s
                .authorization
                .map(|a| a.shop_name)
                .filter(|n| !n.trim().is_empty());
            let name = tiktok_name.unwrap_or(s.registration.label);
            (s.id, name)
        })
        .collect();
    let mut orders = Vec::new();
    let mut missing = Vec::new();
    let keys = match choice {
        // An order id names one order on TikTok, so the first shop that has it is its shop.
        Choice::Ids(ids) => ids.iter().map(|id| (None, id.clone())).collect::<Vec<_>>(),
        Choice::Tab {
            group,
            awaiting_collection,
        } => tab_keys(store, &shops, *group, *awaiting_collection)?
            .into_iter()
            .map(|(at, id)| (Some(at), id))
            .collect(),
    };
    for (known_shop, order_id) in keys {
        let candidates = match known_shop {
            Some(at) => at..at + 1,
            None => 0..shops.len(),
        };
        let mut found = None;
        for at in candidates {
            if let Some(detail) = store.get_order(&shops[at].0, &order_id)? {
                found = Some((at, detail.raw_json));
                break;
            }
        }
        match found {
            Some((at, raw_json)) => orders.push(Stored {
                shop_id: shops[at].0.clone(),
                shop_name: shops[at].1.clone(),
                order_id,
                raw_json,
            }),
            None => missing.push(order_id),
        }
    }
    Ok(Selection { orders, missing })
}

/// Every seller-fulfilled order of the tab in the shops, oldest first (with
/// `awaiting_collection`, the shipping tab's orders awaiting collection among them).
fn tab_keys(
    store: &Store,
    shops: &[(String, String)],
    group: StatusGroup,
    awaiting_collection: bool,
) -> Result<Vec<(usize, String)>, StoreError> {
    let mut keyed = tab_rows(store, shops, group, |_| true)?;
    if awaiting_collection {
        keyed.extend(tab_rows(store, shops, StatusGroup::Shipping, |status| {
            status == "AWAITING_COLLECTION"
        })?);
        keyed.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.2.cmp(&b.2)));
    }
    Ok(keyed.into_iter().map(|(_, at, id)| (at, id)).collect())
}

/// `(create_time, shop index, order id)` of the tab's seller-fulfilled orders whose status
/// `keep` accepts, oldest first. Orders fulfilled by TikTok are packed in TikTok's warehouse:
/// no slip, pick list or label of the seller's is needed.
fn tab_rows(
    store: &Store,
    shops: &[(String, String)],
    group: StatusGroup,
    keep: impl Fn(&str) -> bool,
) -> Result<Vec<(i64, usize, String)>, StoreError> {
    let mut q = OrderQuery {
        shop_ids: shops.iter().map(|(id, _)| id.clone()).collect(),
        status_group: Some(group.as_str().to_owned()),
        fulfillment_type: Some(FulfillmentType::FulfillmentBySeller.as_str().to_owned()),
        sort: OrderColumn::CreateTime,
        descending: false,
        offset: 0,
        limit: shopdock_store::MAX_PAGE,
        ..OrderQuery::default()
    };
    let mut keys = Vec::new();
    loop {
        let page = store.query_orders(&q)?;
        let n = page.rows.len();
        for row in page.rows {
            if !keep(&row.header.status) {
                continue;
            }
            if let Some(at) = shops.iter().position(|(id, _)| *id == row.shop_id) {
                keys.push((row.header.create_time, at, row.header.order_id));
            }
        }
        if (n as u32) < q.limit {
            break;
        }
        q.offset += n as u64;
    }
    Ok(keys)
}
