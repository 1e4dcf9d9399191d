//! The control API's product powers (see [`crate::Control`]): read a shop's catalog and a
//! SKU's stored stock and price, lock a SKU in a promotion, size the catalog, count writes,
//! and switch the rules the docs leave open.

use super::catalog::{ProductRec, ProductStore, SkuRec, Special};
use super::render::money;
use super::synced;
use crate::control::Control;
use crate::state::{lock, ShopCell};
use crate::SandboxError;
use serde::Serialize;
use std::collections::BTreeMap;

/// A product as the sandbox keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProductInfo {
    pub product_id: String,
    pub title: String,
    /// Search Products' spelling, e.g. `ACTIVATE`, `PENDING`.
    pub status: String,
    pub audit_status: String,
    /// The special role this product plays (`blank_seller_sku`, `duplicate_seller_sku`,
    /// `multi_warehouse`, `combo`, `promotion_locked`, `under_audit`, `draft`, `failed`,
    /// `seller_deactivated`, `platform_deactivated`, `frozen`, `deleted`), `order_catalog`
    /// for the products orders name, or `filler`.
    pub role: String,
    pub create_time: i64,
    pub update_time: i64,
    pub skus: Vec<SkuStock>,
}

/// A SKU's stored price and stock.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SkuStock {
    pub product_id: String,
    pub sku_id: String,
    pub seller_sku: String,
    pub currency: String,
    /// The display price (decimal string).
    pub price: String,
    /// A global seller's pre-tax price (the display price for local sellers).
    pub tax_exclusive_price: String,
    pub list_price: Option<String>,
    pub promotion_locked: bool,
    /// Bundled SKUs `(sku_id, units)` of a virtual bundle.
    pub parts: Vec<(String, i64)>,
    pub warehouses: Vec<WarehouseQuantity>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WarehouseQuantity {
    pub warehouse_id: String,
    pub available: i64,
    pub committed: i64,
    pub backorder: Option<i64>,
}

/// Successful Update Inventory and Update Price calls to one product (answered with code 0,
/// including those whose reply a [`crate::WriteFaults`] fault lost), and how often each SKU's
/// stock or price changed (a SKU refused under code 0 is not counted).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ProductWriteCounts {
    pub product_id: String,
    pub writes: u32,
    /// `update_inventory`, `update_price`.
    pub by_endpoint: BTreeMap<String, u32>,
    pub skus: BTreeMap<String, u32>,
}

fn role_name(store: &ProductStore, p: &ProductRec) -> String {
    let special = Special::ALL
        .into_iter()
        .find(|r| store.special(*r).is_some_and(|s| s.id == p.id));
    match special {
        Some(r) => r.name().to_string(),
        None if p.skus.iter().any(|s| s.order_index.is_some()) => "order_catalog".into(),
        None => "filler".into(),
    }
}

fn sku_stock(store: &ProductStore, shop: &ShopCell, p: &ProductRec, s: &SkuRec) -> SkuStock {
    let d = store.decimals();
    SkuStock {
        product_id: p.id_string(),
        sku_id: s.id.to_string(),
        seller_sku: s.seller_sku.clone(),
        currency: shop.def.market.currency.code.to_string(),
        price: money(s.display, d).to_string(),
        tax_exclusive_price: money(s.tax_exclusive, d).to_string(),
        list_price: s.list_price.map(|m| money(m, d).to_string()),
        promotion_locked: s.promotion_locked,
        parts: s.parts.iter().map(|(id, n)| (id.to_string(), *n)).collect(),
        warehouses: store
            .stock_warehouses(s)
            .into_iter()
            .map(|wh| WarehouseQuantity {
                warehouse_id: store.warehouses[usize::from(wh)].id.clone(),
                available: store.available(s, wh).unwrap_or(0),
                committed: store.committed(s, wh),
                backorder: s
                    .stock
                    .iter()
                    .find(|x| x.wh == wh)
                    .and_then(|x| x.backorder),
            })
            .collect(),
    }
}

fn parse_id(what: &str, id: &str) -> Result<u64, SandboxError> {
    id.trim()
        .parse()
        .map_err(|_| SandboxError::Invalid(format!("{what} {id:?} is not an id")))
}

impl Control {
    fn product_shop(&self, key: &str) -> Result<&ShopCell, SandboxError> {
        self.inner
            .shop(key)
            .ok_or_else(|| SandboxError::UnknownShop(key.to_string()))
    }

    /// Every product of `shop` (deleted ones too), in catalog order, with its SKUs' stock.
    pub fn products(&self, shop: &str) -> Result<Vec<ProductInfo>, SandboxError> {
        let s = self.product_shop(shop)?;
        let store = synced(&self.inner, s);
        Ok(store
            .products()
            .iter()
            .map(|p| ProductInfo {
                product_id: p.id_string(),
                title: p.title.clone(),
                status: p.status.as_str().to_string(),
                audit_status: p.audit.as_str().to_string(),
                role: role_name(&store, p),
                create_time: p.create_time,
                update_time: p.update_time,
                skus: p.skus.iter().map(|k| sku_stock(&store, s, p, k)).collect(),
            })
            .collect())
    }

    /// How many products `shop` has.
    pub fn product_count(&self, shop: &str) -> Result<usize, SandboxError> {
        Ok(lock(&self.product_shop(shop)?.products).len())
    }

    /// Grows (or shrinks) `shop`'s catalog to `n` products: generated fillers, each the same
    /// for a seed, with update times spread over two years (12,000 products take a moment).
    /// The order catalog and the special products always stay. Returns the new count.
    pub fn set_product_count(&self, shop: &str, n: usize) -> Result<usize, SandboxError> {
        let s = self.product_shop(shop)?;
        lock(&s.products)
            .set_count(n)
            .map_err(SandboxError::Invalid)
    }

    /// A SKU's stored price and stock, per warehouse, with what open orders commit.
    pub fn sku_stock(&self, shop: &str, sku_id: &str) -> Result<SkuStock, SandboxError> {
        let s = self.product_shop(shop)?;
        let id = parse_id("sku", sku_id)?;
        let store = synced(&self.inner, s);
        let (p, k) = store
            .sku(id)
            .ok_or_else(|| SandboxError::Invalid(format!("no SKU {sku_id} in shop {shop}")))?;
        Ok(sku_stock(&store, s, p, k))
    }

    /// Locks (or unlocks) a SKU in an ongoing promotion: Update Price then answers 12052038
    /// and Update Inventory refuses to go below the current stock (12052393).
    pub fn set_promotion_lock(
        &self,
        shop: &str,
        sku_id: &str,
        locked: bool,
    ) -> Result<(), SandboxError> {
        let s = self.product_shop(shop)?;
        let id = parse_id("sku", sku_id)?;
        let mut store = lock(&s.products);
        let sku = store
            .sku_mut(id)
            .ok_or_else(|| SandboxError::Invalid(format!("no SKU {sku_id} in shop {shop}")))?;
        sku.promotion_locked = locked;
        Ok(())
    }

    /// Successful product writes to `product_id` of `shop` (see [`ProductWriteCounts`]).
    pub fn product_write_counts(
        &self,
        shop: &str,
        product_id: &str,
    ) -> Result<ProductWriteCounts, SandboxError> {
        let s = self.product_shop(shop)?;
        let id = parse_id("product", product_id)?;
        let store = lock(&s.products);
        if store.product(id).is_none() {
            return Err(SandboxError::Invalid(format!(
                "no product {product_id} in shop {shop}"
            )));
        }
        let tally = store.writes.get(&id).cloned().unwrap_or_default();
        Ok(ProductWriteCounts {
            product_id: id.to_string(),
            writes: tally.by_endpoint.values().sum(),
            by_endpoint: tally
                .by_endpoint
                .iter()
                .map(|(k, v)| ((*k).to_string(), *v))
                .collect(),
            skus: tally
                .skus
                .iter()
                .map(|(k, v)| (k.to_string(), *v))
                .collect(),
        })
    }

    /// Update Inventory refuses quantity 0 (12052055, the spec's `[1, 99,999]`) in every
    /// shop; off (the default) accepts it.
    pub fn set_zero_quantity_refused(&self, refused: bool) {
        for s in &self.inner.shops {
            lock(&s.products).rules.zero_quantity_refused = refused;
        }
    }

    /// Search Products refuses a query matching more than 10,000 products on its first page
    /// (12052180) in every shop; off (the default) serves the first 10,000.
    pub fn set_search_cap_refuses_query(&self, refuses: bool) {
        for s in &self.inner.shops {
            lock(&s.products).rules.cap_refuses_query = refuses;
        }
    }
}
