//! Search Orders over the keyset indexes: filters, one page after a cursor, and the match count.

use super::records::{IndexKey, OrderRec};
use super::OrderStore;
use crate::generator::{buyer, ShopDef};
use shopdock_tiktok::model::OrderStatus;
use std::ops::Bound;

/// Body filters of Search Orders after validation and defaulting.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Filter {
    pub status: Option<OrderStatus>,
    /// `[ge, lt)`.
    pub create: Option<(i64, i64)>,
    pub update: Option<(i64, i64)>,
    pub tiktok_shipping: Option<bool>,
    pub buyer_user_id: Option<String>,
    pub buyer_cancel_pending: Option<bool>,
    /// Warehouse ids; `None` = any.
    pub warehouses: Option<Vec<String>>,
}

impl Filter {
    fn cache_key(&self, by_update: bool) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        self.hash(&mut h);
        by_update.hash(&mut h);
        h.finish()
    }
}

#[derive(Debug, Clone)]
pub struct SearchRequest {
    pub page_size: usize,
    pub by_update: bool,
    pub ascending: bool,
    /// `(time, id)` of the last order of the previous page (keyset paging).
    pub after: Option<(i64, u64)>,
    /// Matches to skip (offset paging over a live index); `after` is then ignored.
    pub offset: Option<u64>,
    pub filter: Filter,
}

#[derive(Debug, Clone)]
pub struct SearchResult {
    pub positions: Vec<u32>,
    /// Cursor for the next page when more orders match (keyset paging).
    pub next: Option<(i64, u64)>,
    /// Offset of the next page when more orders match (offset paging).
    pub next_offset: Option<u64>,
    pub total: u64,
}

impl OrderStore {
    fn matches(&self, shop: &ShopDef, rec: &OrderRec, f: &Filter, by_update: bool) -> bool {
        if let Some(s) = f.status {
            if rec.indexed_status != s {
                return false;
            }
        }
        // The sort field's own range is applied by the index scan; check the other one.
        if by_update {
            if let Some((ge, lt)) = f.create {
                if rec.create_time < ge || rec.create_time >= lt {
                    return false;
                }
            }
        } else if let Some((ge, lt)) = f.update {
            if rec.indexed_update_time < ge || rec.indexed_update_time >= lt {
                return false;
            }
        }
        if let Some(tt) = f.tiktok_shipping {
            if rec.tiktok_shipping != tt {
                return false;
            }
        }
        if let Some(c) = f.buyer_cancel_pending {
            if rec.buyer_cancel_pending != c {
                return false;
            }
        }
        if let Some(ws) = &f.warehouses {
            let w = &shop.warehouses[usize::from(rec.fbt).min(shop.warehouses.len() - 1)];
            if !ws.iter().any(|x| x == w) {
                return false;
            }
        }
        if let Some(uid) = &f.buyer_user_id {
            if buyer(shop, rec.buyer).user_id != *uid {
                return false;
            }
        }
        true
    }

    /// The `[lo, hi)` key range of the sort index for a filter (without cursor).
    fn base_range(f: &Filter, by_update: bool) -> (IndexKey, IndexKey) {
        let range = if by_update { f.update } else { f.create };
        match range {
            Some((ge, lt)) => ((ge, 0, 0), (lt, 0, 0)),
            None => ((i64::MIN, 0, 0), (i64::MAX, u64::MAX, u32::MAX)),
        }
    }

    /// One page of a search, plus the total number of matches.
    pub fn search(&mut self, shop: &ShopDef, req: &SearchRequest) -> SearchResult {
        let (mut lo, mut hi) = Self::base_range(&req.filter, req.by_update);
        let total = self.count(shop, &req.filter, req.by_update, lo, hi);
        if let Some((t, id)) = req.after.filter(|_| req.offset.is_none()) {
            if req.ascending {
                let after = match id.checked_add(1) {
                    Some(next) => (t, next, 0),
                    None => (t.saturating_add(1), 0, 0),
                };
                lo = lo.max(after);
            } else {
                hi = hi.min((t, id, 0));
            }
        }
        let mut positions = Vec::with_capacity(req.page_size + 1);
        if lo < hi {
            let index = if req.by_update {
                &self.by_update
            } else {
                &self.by_create
            };
            let range = index.range((Bound::Included(lo), Bound::Excluded(hi)));
            let want = req.page_size + 1;
            let mut skip = req.offset.unwrap_or(0);
            let mut take = |k: &IndexKey| {
                let rec = &self.recs[k.2 as usize];
                if self.matches(shop, rec, &req.filter, req.by_update) {
                    if skip > 0 {
                        skip -= 1;
                    } else {
                        positions.push(k.2);
                    }
                }
                positions.len() >= want
            };
            if req.ascending {
                for k in range {
                    if take(k) {
                        break;
                    }
                }
            } else {
                for k in range.rev() {
                    if take(k) {
                        break;
                    }
                }
            }
        }
        let more = positions.len() > req.page_size;
        positions.truncate(req.page_size);
        let next = if more && req.offset.is_none() {
            positions.last().map(|p| {
                let r = &self.recs[*p as usize];
                (
                    if req.by_update {
                        r.indexed_update_time
                    } else {
                        r.create_time
                    },
                    r.id,
                )
            })
        } else {
            None
        };
        let next_offset = req
            .offset
            .filter(|_| more)
            .map(|o| o + req.page_size as u64);
        SearchResult {
            positions,
            next,
            next_offset,
            total,
        }
    }

    fn count(
        &mut self,
        shop: &ShopDef,
        f: &Filter,
        by_update: bool,
        lo: IndexKey,
        hi: IndexKey,
    ) -> u64 {
        let key = f.cache_key(by_update);
        if let Some((v, n)) = self.count_cache.get(&key) {
            if *v == self.version {
                return *n;
            }
        }
        if self.count_cache.len() > 256 {
            self.count_cache.clear();
        }
        let n = if lo < hi {
            let index = if by_update {
                &self.by_update
            } else {
                &self.by_create
            };
            index
                .range((Bound::Included(lo), Bound::Excluded(hi)))
                .filter(|k| self.matches(shop, &self.recs[k.2 as usize], f, by_update))
                .count() as u64
        } else {
            0
        };
        self.count_cache.insert(key, (self.version, n));
        n
    }
}
