//! One shop's products and SKUs as compact records, generated from the shop's seed.
//!
//! * The shop's order catalog ([`crate::generator::ShopDef::catalog`], what order line items
//!   name) comes first, unchanged: the same product ids, SKU ids, seller SKUs, names and
//!   prices, as live products. Order generation still reads `ShopDef::catalog` alone, so what
//!   orders a seed produces is exactly as before.
//! * Then the special products every shop has ([`Special`]): a blank and a duplicate seller
//!   SKU, a multi-warehouse product, a virtual bundle, a promotion-locked SKU, and one product
//!   in each other status (under audit, draft, failed, deactivated by seller and platform,
//!   frozen, deleted). They come from their own random stream, so they never shift the ids of
//!   the shop's orders or its order catalog.
//! * Then filler products up to [`ProductStore::set_count`] (none by default), product `k`
//!   always the same for a seed, for catalogs of any size (12,000 products and more).

use super::ledger::Ledger;
use super::warehouses::{self, WarehouseDef, MAIN};
use crate::generator::ShopDef;
use crate::orders::OrderStore;
use crate::rng::{derive, label, Rng};
use shopdock_tiktok::product::{AuditStatus, ProductStatus};
use std::collections::{BTreeMap, HashMap};

const DAY: i64 = 86_400;

/// A SKU's stock in one warehouse.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stock {
    /// Index into [`ProductStore::warehouses`].
    pub wh: u8,
    /// TikTok's available quantity (Get Product's `quantity`).
    pub available: i64,
    pub backorder: Option<i64>,
}

#[derive(Debug, Clone)]
pub struct SkuRec {
    pub id: u64,
    pub seller_sku: String,
    /// The sales attribute value ("Forest Green"); empty for a single-variant product.
    pub variant: String,
    /// What buyers see before discounts, in minor units.
    pub display: i64,
    /// A global seller's pre-tax price; the display price for local sellers.
    pub tax_exclusive: i64,
    /// US list price (MSRP), minor units.
    pub list_price: Option<i64>,
    /// Empty for a virtual bundle (its stock follows its parts).
    pub stock: Vec<Stock>,
    pub promotion_locked: bool,
    /// `Some(source)` when the SKU is deactivated (`SELLER`, `PLATFORM`).
    pub deactivated: Option<&'static str>,
    /// Position in the shop's order catalog, for SKUs orders can name.
    pub order_index: Option<u16>,
    /// A virtual bundle's parts: (SKU id, units per bundle).
    pub parts: Vec<(u64, i64)>,
}

#[derive(Debug, Clone)]
pub struct ProductRec {
    pub id: u64,
    pub title: String,
    pub status: ProductStatus,
    pub audit: AuditStatus,
    pub create_time: i64,
    pub update_time: i64,
    pub combo: bool,
    /// Part of a virtual bundle.
    pub in_combo: bool,
    /// How many times the seller replaced the main image (its link names the version).
    pub image: u32,
    pub skus: Vec<SkuRec>,
}

impl ProductRec {
    pub fn id_string(&self) -> String {
        self.id.to_string()
    }
}

/// The special products, by role (their positions after the order catalog's products).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Special {
    BlankSellerSku,
    DuplicateSellerSku,
    MultiWarehouse,
    Combo,
    PromotionLocked,
    UnderAudit,
    Draft,
    Failed,
    SellerDeactivated,
    PlatformDeactivated,
    Frozen,
    Deleted,
}

impl Special {
    pub const ALL: [Special; 12] = [
        Special::BlankSellerSku,
        Special::DuplicateSellerSku,
        Special::MultiWarehouse,
        Special::Combo,
        Special::PromotionLocked,
        Special::UnderAudit,
        Special::Draft,
        Special::Failed,
        Special::SellerDeactivated,
        Special::PlatformDeactivated,
        Special::Frozen,
        Special::Deleted,
    ];

    fn status(self) -> (ProductStatus, AuditStatus) {
        use AuditStatus as A;
        use ProductStatus as P;
        match self {
            Special::UnderAudit => (P::Pending, A::Auditing),
            Special::Draft => (P::Draft, A::None),
            Special::Failed => (P::Failed, A::Failed),
            Special::SellerDeactivated => (P::SellerDeactivated, A::None),
            Special::PlatformDeactivated => (P::PlatformDeactivated, A::None),
            Special::Frozen => (P::Freeze, A::None),
            Special::Deleted => (P::Deleted, A::None),
            _ => (P::Activate, A::Approved),
        }
    }

    /// The role's name in the control API.
    pub fn name(self) -> &'static str {
        match self {
            Special::BlankSellerSku => "blank_seller_sku",
            Special::DuplicateSellerSku => "duplicate_seller_sku",
            Special::MultiWarehouse => "multi_warehouse",
            Special::Combo => "combo",
            Special::PromotionLocked => "promotion_locked",
            Special::UnderAudit => "under_audit",
            Special::Draft => "draft",
            Special::Failed => "failed",
            Special::SellerDeactivated => "seller_deactivated",
            Special::PlatformDeactivated => "platform_deactivated",
            Special::Frozen => "frozen",
            Special::Deleted => "deleted",
        }
    }

    fn title(self) -> &'static str {
        match self {
            Special::BlankSellerSku => "Trail Snack Sampler (no seller SKU)",
            Special::DuplicateSellerSku => "Second Listing of a Bestseller",
            Special::MultiWarehouse => "Camp Chair, stocked in two warehouses",
            Special::Combo => "Weekend Starter Bundle",
            Special::PromotionLocked => "Flash Sale Headlamp",
            Special::UnderAudit => "Solar Lantern (under review)",
            Special::Draft => "Folding Stove (draft)",
            Special::Failed => "Bear Spray (failed review)",
            Special::SellerDeactivated => "Winter Gloves (deactivated)",
            Special::PlatformDeactivated => "Knife Set (deactivated by TikTok)",
            Special::Frozen => "Fishing Net (frozen)",
            Special::Deleted => "Old Tarp (deleted)",
        }
    }
}

/// Rules the docs leave open, switched per sandbox (see the module docs of
/// [`crate::products`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Rules {
    /// Update Inventory refuses quantity 0 (12052055), the spec's `[1, 99,999]`; off: 0 is
    /// accepted, as the integrators that push 0 for "sold out" say.
    pub zero_quantity_refused: bool,
    /// Search Products refuses a query matching more than 10,000 products on its first page
    /// (12052180); off: the first 10,000 are reachable and the page after answers 12052180.
    pub cap_refuses_query: bool,
}

/// Successful product writes, for "exactly once" checks.
#[derive(Debug, Clone, Default)]
pub struct WriteTally {
    pub by_endpoint: BTreeMap<&'static str, u32>,
    /// SKUs whose stock or price a write changed.
    pub skus: BTreeMap<u64, u32>,
}

#[derive(Debug)]
pub struct ProductStore {
    pub warehouses: Vec<WarehouseDef>,
    products: Vec<ProductRec>,
    by_product: HashMap<u64, usize>,
    by_sku: HashMap<u64, (usize, usize)>,
    /// Order catalog index -> (product, SKU) position.
    order_skus: Vec<(usize, usize)>,
    /// Products before the fillers.
    fixed: usize,
    specials: Vec<(Special, usize)>,
    /// Virtual time the catalog's times are relative to.
    anchor: i64,
    seed: u64,
    shop_index: usize,
    decimals: u32,
    pub ledger: Ledger,
    pub rules: Rules,
    pub writes: HashMap<u64, WriteTally>,
    /// SKUs of every filler made from now on (`None`: one to three, drawn per product).
    filler_skus: Option<usize>,
}

/// A 19-digit id with a 4-digit prefix.
fn id19(rng: &mut Rng, prefix: u64) -> u64 {
    prefix * 1_000_000_000_000_000 + rng.below(1_000_000_000_000_000)
}

/// A global seller's pre-tax price for a display price (the sandbox's fixed 20 % VAT).
pub fn pre_tax(display: i64) -> i64 {
    (display * 100 + 60) / 120
}

impl ProductStore {
    /// The catalog of `def` at virtual time `anchor`.
    pub fn build(def: &ShopDef, anchor: i64) -> Self {
        let cross_border = def.seller_type == "CROSS_BORDER";
        let price = |display: i64| {
            if cross_border {
                pre_tax(display)
            } else {
                display
            }
        };
        let warehouses = warehouses::build(def);
        let overflow = warehouses::overflow(def);
        let mut rng = Rng::new(derive(def.seed, &[label("products")]));
        let mut store = ProductStore {
            warehouses,
            products: Vec::new(),
            by_product: HashMap::new(),
            by_sku: HashMap::new(),
            order_skus: Vec::new(),
            fixed: 0,
            specials: Vec::new(),
            anchor,
            seed: def.seed,
            shop_index: def.index,
            decimals: def.market.currency.decimals,
            ledger: Ledger::default(),
            rules: Rules::default(),
            writes: HashMap::new(),
            filler_skus: None,
        };
        // The order catalog, grouped by product in its own order.
        let mut groups: Vec<(String, Vec<usize>)> = Vec::new();
        for (i, sku) in def.catalog.iter().enumerate() {
            match groups.iter_mut().find(|(p, _)| *p == sku.product_id) {
                Some((_, v)) => v.push(i),
                None => groups.push((sku.product_id.clone(), vec![i])),
            }
        }
        for (g, (product_id, members)) in groups.iter().enumerate() {
            let created = anchor - (400 - g as i64) * DAY;
            let skus = members
                .iter()
                .map(|&i| {
                    let k = &def.catalog[i];
                    let mut stock = vec![Stock {
                        wh: MAIN,
                        available: rng.range(40, 400),
                        backorder: None,
                    }];
                    if def.fbt {
                        stock.push(Stock {
                            wh: 1,
                            available: rng.range(10, 200),
                            backorder: None,
                        });
                    }
                    SkuRec {
                        id: k.sku_id.parse().unwrap_or_default(),
                        seller_sku: k.seller_sku.clone(),
                        variant: if members.len() > 1 {
                            k.sku_name.clone()
                        } else {
                            String::new()
                        },
                        display: k.price,
                        tax_exclusive: price(k.price),
                        list_price: None,
                        stock,
                        promotion_locked: false,
                        deactivated: None,
                        order_index: u16::try_from(i).ok(),
                        parts: Vec::new(),
                    }
                })
                .collect();
            store.push(ProductRec {
                id: product_id.parse().unwrap_or_default(),
                title: def.catalog[members[0]].product_name.clone(),
                status: ProductStatus::Activate,
                audit: AuditStatus::Approved,
                create_time: created,
                update_time: anchor - rng.range(DAY, 60 * DAY).min((400 - g as i64) * DAY),
                combo: false,
                in_combo: false,
                image: 0,
                skus,
            });
        }
        store.order_skus = (0..def.catalog.len())
            .map(|i| {
                let id: u64 = def.catalog[i].sku_id.parse().unwrap_or_default();
                store.by_sku.get(&id).copied().unwrap_or((0, 0))
            })
            .collect();
        // The special products.
        for (n, role) in Special::ALL.into_iter().enumerate() {
            let (status, audit) = role.status();
            let display = rng.range(900, 9_900);
            let sku = |rng: &mut Rng, seller_sku: String, variant: &str| SkuRec {
                id: id19(rng, 2_729),
                seller_sku,
                variant: variant.to_string(),
                display,
                tax_exclusive: price(display),
                list_price: None,
                stock: vec![Stock {
                    wh: MAIN,
                    available: rng.range(5, 120),
                    backorder: None,
                }],
                promotion_locked: false,
                deactivated: match status {
                    ProductStatus::SellerDeactivated => Some("SELLER"),
                    ProductStatus::PlatformDeactivated => Some("PLATFORM"),
                    _ => None,
                },
                order_index: None,
                parts: Vec::new(),
            };
            let stem = format!("SP{n:02}");
            let skus = match role {
                Special::BlankSellerSku => vec![sku(&mut rng, String::new(), "")],
                Special::DuplicateSellerSku => {
                    vec![sku(&mut rng, def.catalog[0].seller_sku.clone(), "")]
                }
                Special::MultiWarehouse => ["Olive", "Slate"]
                    .into_iter()
                    .map(|v| {
                        let mut s = sku(&mut rng, format!("{stem}-{}", v.to_uppercase()), v);
                        s.stock.push(Stock {
                            wh: overflow,
                            available: rng.range(5, 80),
                            backorder: None,
                        });
                        s
                    })
                    .collect(),
                Special::Combo => {
                    let mut s = sku(&mut rng, format!("{stem}-KIT"), "");
                    let a = &def.catalog[0];
                    let b = &def.catalog[def.catalog.len().min(3) - 1];
                    s.parts = vec![
                        (a.sku_id.parse().unwrap_or_default(), 1),
                        (b.sku_id.parse().unwrap_or_default(), 2),
                    ];
                    s.display = (a.price + 2 * b.price) * 9 / 10;
                    s.tax_exclusive = price(s.display);
                    s.stock.clear();
                    vec![s]
                }
                Special::PromotionLocked => {
                    let mut s = sku(&mut rng, format!("{stem}-LAMP"), "");
                    s.promotion_locked = true;
                    vec![s]
                }
                _ => vec![sku(&mut rng, format!("{stem}-A"), "")],
            };
            let created = anchor - (300 - 10 * n as i64) * DAY;
            let mut p = ProductRec {
                id: id19(&mut rng, 1_729),
                title: role.title().to_string(),
                status,
                audit,
                create_time: created,
                update_time: created + rng.range(DAY, 30 * DAY),
                combo: role == Special::Combo,
                in_combo: false,
                image: 0,
                skus,
            };
            while store.by_product.contains_key(&p.id) {
                p.id += 1;
            }
            for s in &mut p.skus {
                while store.by_sku.contains_key(&s.id) {
                    s.id += 1;
                }
            }
            if role == Special::Combo {
                for (part, _) in &p.skus[0].parts {
                    if let Some(&(pi, _)) = store.by_sku.get(part) {
                        store.products[pi].in_combo = true;
                    }
                }
            }
            store.specials.push((role, store.products.len()));
            store.push(p);
        }
        store.fixed = store.products.len();
        store
    }

    fn push(&mut self, p: ProductRec) {
        let at = self.products.len();
        self.by_product.insert(p.id, at);
        for (j, s) in p.skus.iter().enumerate() {
            self.by_sku.insert(s.id, (at, j));
        }
        self.products.push(p);
    }

    /// Grows (or shrinks) the catalog to `n` products with fillers; at least the order
    /// catalog and the special products remain.
    pub fn set_count(&mut self, n: usize) -> Result<usize, String> {
        if n < self.fixed {
            return Err(format!(
                "a shop keeps at least its {} order-catalog and special products",
                self.fixed
            ));
        }
        while self.products.len() > n {
            if let Some(p) = self.products.pop() {
                self.by_product.remove(&p.id);
                for s in &p.skus {
                    self.by_sku.remove(&s.id);
                }
                self.writes.remove(&p.id);
            }
        }
        while self.products.len() < n {
            let k = (self.products.len() - self.fixed) as u64;
            let p = self.filler(k);
            self.push(p);
        }
        Ok(self.products.len())
    }

    /// Makes every filler made from now on have `skus` SKUs (1 to 3), or one to three drawn
    /// per product (`None`, the default). Fillers already made keep theirs.
    pub fn set_filler_skus(&mut self, skus: Option<usize>) -> Result<(), String> {
        if skus.is_some_and(|n| !(1..=3).contains(&n)) {
            return Err("a filler has one to three SKUs".into());
        }
        self.filler_skus = skus;
        Ok(())
    }

    /// Removes SKUs from a product, as a seller's edit that drops variants does; SKUs that
    /// orders name cannot be removed (the order catalog stays as orders know it). Returns
    /// how many were removed.
    pub fn remove_skus(&mut self, product: u64, skus: &[u64]) -> Result<usize, String> {
        let at = *self
            .by_product
            .get(&product)
            .ok_or_else(|| format!("no product {product}"))?;
        let p = &mut self.products[at];
        if p.skus
            .iter()
            .any(|s| skus.contains(&s.id) && s.order_index.is_some())
        {
            return Err("SKUs that orders name cannot be removed".into());
        }
        let before = p.skus.len();
        p.skus.retain(|s| !skus.contains(&s.id));
        let removed = before - p.skus.len();
        for id in skus {
            self.by_sku.remove(id);
        }
        for (j, s) in self.products[at].skus.iter().enumerate() {
            self.by_sku.insert(s.id, (at, j));
            if let Some(slot) = s
                .order_index
                .and_then(|i| self.order_skus.get_mut(usize::from(i)))
            {
                *slot = (at, j);
            }
        }
        Ok(removed)
    }

    /// Filler product `k`: the same for a seed whenever it is made.
    fn filler(&self, k: u64) -> ProductRec {
        const ADJ: &[&str] = &[
            "Classic", "Trail", "Urban", "Compact", "Alpine", "Coastal", "Rugged", "Light",
        ];
        const NOUN: &[&str] = &[
            "Daypack",
            "Headlamp",
            "Mug",
            "Beanie",
            "Hammock",
            "Compass",
            "Poncho",
            "Cooler",
            "Trekking Pole",
            "Dry Bag",
        ];
        const COLORS: &[(&str, &str)] = &[("Black", "BLK"), ("Navy", "NVY"), ("Red", "RED")];
        let mut rng = Rng::new(derive(self.seed, &[label("filler"), k]));
        // Product and SKU ids of fillers: their own 19-digit ranges, per shop.
        let shop = self.shop_index as u64 * 10_000_000_000_000;
        let id = 1_730_000_000_000_000_000 + shop + k * 10;
        let sku_base = 2_730_000_000_000_000_000 + shop + k * 10;
        let title = format!(
            "{} {} {}",
            rng.pick(ADJ),
            rng.pick(NOUN),
            rng.string(b"ABCDEFGHJKLMNPRSTUVWXYZ", 2) + &rng.range(100, 999).to_string()
        );
        let drawn = rng.range(1, 3) as usize;
        let variants = self.filler_skus.unwrap_or(drawn);
        let display = rng.range(500, 20_000);
        let tax_exclusive = if self.cross_border() {
            pre_tax(display)
        } else {
            display
        };
        let skus = COLORS[..variants]
            .iter()
            .enumerate()
            .map(|(j, (color, code))| SkuRec {
                id: sku_base + j as u64,
                seller_sku: format!("SD-{k:05}-{code}"),
                variant: if variants > 1 {
                    (*color).to_string()
                } else {
                    String::new()
                },
                display,
                tax_exclusive,
                list_price: None,
                stock: vec![Stock {
                    wh: MAIN,
                    available: rng.range(0, 500),
                    backorder: None,
                }],
                promotion_locked: false,
                deactivated: None,
                order_index: None,
                parts: Vec::new(),
            })
            .collect();
        let created = self.anchor - rng.range(30 * DAY, 730 * DAY);
        let deactivated = rng.chance(0.05);
        ProductRec {
            id,
            title,
            status: if deactivated {
                ProductStatus::SellerDeactivated
            } else {
                ProductStatus::Activate
            },
            audit: if deactivated {
                AuditStatus::None
            } else {
                AuditStatus::Approved
            },
            create_time: created,
            update_time: created + rng.range(0, self.anchor - created),
            combo: false,
            in_combo: false,
            image: 0,
            skus,
        }
    }

    fn cross_border(&self) -> bool {
        self.warehouses.first().is_some_and(|w| {
            w.sub_type == shopdock_tiktok::product::WarehouseSubType::CbDirectShippingWarehouse
        })
    }

    pub fn decimals(&self) -> u32 {
        self.decimals
    }

    pub fn products(&self) -> &[ProductRec] {
        &self.products
    }

    pub fn len(&self) -> usize {
        self.products.len()
    }

    pub fn product(&self, id: u64) -> Option<&ProductRec> {
        self.by_product.get(&id).map(|i| &self.products[*i])
    }

    pub fn product_mut(&mut self, id: u64) -> Option<&mut ProductRec> {
        self.by_product.get(&id).map(|i| &mut self.products[*i])
    }

    /// A SKU and its product by SKU id.
    pub fn sku(&self, id: u64) -> Option<(&ProductRec, &SkuRec)> {
        self.by_sku
            .get(&id)
            .map(|(p, s)| (&self.products[*p], &self.products[*p].skus[*s]))
    }

    pub fn sku_mut(&mut self, id: u64) -> Option<&mut SkuRec> {
        self.by_sku
            .get(&id)
            .map(|(p, s)| &mut self.products[*p].skus[*s])
    }

    /// The product playing `role`.
    pub fn special(&self, role: Special) -> Option<&ProductRec> {
        self.specials
            .iter()
            .find(|(r, _)| *r == role)
            .map(|(_, i)| &self.products[*i])
    }

    /// The SKU an order line's catalog index names.
    pub fn order_sku_mut(&mut self, catalog_index: u16) -> Option<&mut SkuRec> {
        let (p, s) = *self.order_skus.get(usize::from(catalog_index))?;
        self.products.get_mut(p)?.skus.get_mut(s)
    }

    /// The stock a SKU can sell in warehouse `wh`: its own, or for a virtual bundle what its
    /// parts make (the fewest whole bundles over the parts).
    pub fn available(&self, sku: &SkuRec, wh: u8) -> Option<i64> {
        if sku.parts.is_empty() {
            return sku.stock.iter().find(|s| s.wh == wh).map(|s| s.available);
        }
        sku.parts
            .iter()
            .map(|(part, count)| {
                let (_, p) = self.sku(*part)?;
                let have = p.stock.iter().find(|s| s.wh == wh)?.available;
                Some(have / (*count).max(1))
            })
            .try_fold(i64::MAX, |m, x| x.map(|x| m.min(x)))
    }

    /// The warehouses a SKU is stocked in (a bundle: those all its parts share).
    pub fn stock_warehouses(&self, sku: &SkuRec) -> Vec<u8> {
        if sku.parts.is_empty() {
            return sku.stock.iter().map(|s| s.wh).collect();
        }
        (0..self.warehouses.len() as u8)
            .filter(|wh| self.available(sku, *wh).is_some())
            .collect()
    }

    /// Committed units of a SKU in warehouse `wh` (orders name order-catalog SKUs only).
    pub fn committed(&self, sku: &SkuRec, wh: u8) -> i64 {
        sku.order_index.map_or(0, |i| self.ledger.committed(i, wh))
    }

    /// Applies the ledger's moves since the last look at `orders` (see [`super::ledger`]).
    pub fn sync_orders(&mut self, orders: &OrderStore, order_warehouses: usize) {
        for (index, wh, delta) in self.ledger.sync(orders, order_warehouses) {
            let Some(sku) = self.order_sku_mut(index) else {
                continue;
            };
            if let Some(stock) = sku.stock.iter_mut().find(|s| s.wh == wh) {
                stock.available = (stock.available + delta).max(0);
            }
        }
    }

    /// Records a successful write of `endpoint` to `product`, changing `skus`.
    pub fn count_write(&mut self, product: u64, endpoint: &'static str, skus: &[u64]) {
        let tally = self.writes.entry(product).or_default();
        *tally.by_endpoint.entry(endpoint).or_default() += 1;
        for s in skus {
            *tally.skus.entry(*s).or_default() += 1;
        }
    }
}
