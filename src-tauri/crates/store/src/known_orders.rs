//! Which orders a shop already has. The sync engine asks this inside a page's own write
//! transaction, just before the page's upsert, so "not known" means exactly "inserted by this
//! upsert": that is how core tells a new order (worth a desktop notification) from a new version
//! of an order it had.

use crate::{StoreError, WriteTxn};
use std::collections::HashSet;

impl WriteTxn<'_> {
    /// The ids among `order_ids` that the shop has stored already (one lookup each on the
    /// `(shop_id, order_id)` unique index).
    pub fn known_order_ids<'a>(
        &self,
        shop_id: &str,
        order_ids: impl IntoIterator<Item = &'a str>,
    ) -> Result<HashSet<String>, StoreError> {
        let mut exists = self
            .conn()
            .prepare_cached("SELECT 1 FROM orders WHERE shop_id = ?1 AND order_id = ?2")?;
        let mut known = HashSet::new();
        for id in order_ids {
            if exists.exists([shop_id, id])? {
                known.insert(id.to_owned());
            }
        }
        Ok(known)
    }
}
