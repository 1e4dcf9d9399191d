//! What Shopdock pushes to TikTok as a SKU's stock: pure rules, no I/O, so every rule is
//! property-tested (issue 12 item 4, write-api §E "What to push" and "Oversell traps", §I).
//!
//! # The figure of one TikTok SKU
//! For each local SKU (`code`) a link uses, in this order:
//! 1. **free** = on hand − units reserved by unshipped orders of *every* shop − the shop's
//!    buffer, never below 0. Reserved units are still on the shelf (on hand counts them) but
//!    already sold; TikTok itself moves sold units out of "available" (§E "When to
//!    decrement"), so the pushed figure is available-to-sell, never on-hand.
//! 2. **share** among the shops that sell the code with stock sync on, by the shop's
//!    [`StockShare`] rule: [`StockShare::Full`] gives every shop the whole free figure (the
//!    common practice of the peers: each channel sells it all, the buffer and a fast resync
//!    guard against overselling); [`StockShare::Split`] gives each of the `n` shops
//!    `floor(free / n)`, so the shops together can never sell more than is free.
//! 3. the shop's **percentage** of the share, rounded down (AfterShip, EcomSend, Sellercloud:
//!    "% of available").
//!
//! The SKU's figure is the least over its parts of `floor(part figure / factor)`: "code x 2"
//! (a 2-pack) sells half the units, and a bundle sells only as many as its scarcest component
//! allows (§E "bundles: push min(floor(component_avail / qty_in_bundle))"). The result is
//! clamped to `0..=`[`MAX_QUANTITY`]. Every step rounds down: rounding can only undersell.
//!
//! # Warehouses
//! Update Inventory must list every warehouse the SKU is stocked in (12019028 otherwise).
//! Shopdock keeps one count per local SKU, with no location, so the whole figure goes to one
//! warehouse and the others get 0 ([`spread`]): TikTok's total (what the buyer can order) is
//! then exactly Shopdock's figure, as EcomSend does when it sums its locations into one TikTok
//! warehouse (§E peers). Splitting it would invent a distribution the seller never gave, and a
//! share parked in a restricted or disabled warehouse could not be sold. The warehouse chosen
//! is the shop's default sales warehouse when the SKU is stocked there and it is enabled, else
//! the SKU's first enabled sales warehouse, else its first warehouse.
//!
//! # One request per product
//! Update Inventory batches per product only (§E "Batching"); [`plan_products`] groups a
//! shop's linked SKUs by product, and [`changed`] keeps only the SKUs whose quantities on
//! TikTok differ from the plan: a product with no change gets no write, and pushing the same
//! plan twice is harmless (absolute values).

use crate::words::StockShare;
use shopdock_tiktok::product::{QuantityUpdate, SkuInventoryUpdate, MAX_QUANTITY};
use std::collections::{BTreeMap, HashMap};

/// A shop's stock rules (its stock settings).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StockRules {
    /// Units of each local SKU held back from this shop.
    pub buffer: i64,
    /// The share of the free figure offered, 0 to 100.
    pub percent: u8,
    /// How shops selling the same local SKU share it.
    pub share: StockShare,
}

impl Default for StockRules {
    fn default() -> Self {
        StockRules {
            buffer: 0,
            percent: 100,
            share: StockShare::Full,
        }
    }
}

/// One local SKU as the planner sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LocalStock {
    pub on_hand: i64,
    /// Units held by unshipped orders of every shop.
    pub reserved: i64,
    /// Shops with stock sync on whose SKUs use this local SKU (at least the shop planned for).
    pub shops: u32,
}

/// One part of a link: `factor` units of local SKU `code` per unit of the TikTok SKU.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    pub code: String,
    pub factor: i64,
}

/// Why a linked TikTok SKU gets no quantity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotPushed {
    /// The link has no part (nothing to compute from).
    NoParts,
    /// A part names a local SKU that does not exist (any more).
    UnknownCode(String),
    /// A part's factor is not a positive whole number.
    BadFactor(String),
    /// A TikTok virtual bundle: TikTok derives its stock from the bundled SKUs and refuses
    /// an update (12052850), so its parts are pushed instead (§I).
    VirtualBundle,
}

impl NotPushed {
    /// The seller-facing reason.
    pub fn reason(&self) -> String {
        match self {
            NotPushed::NoParts => "The link names no local SKU; link it again.".into(),
            NotPushed::UnknownCode(code) => {
                format!("The linked local SKU {code} no longer exists; link the SKU again.")
            }
            NotPushed::BadFactor(code) => {
                format!("The link to {code} has no positive unit count; link the SKU again.")
            }
            NotPushed::VirtualBundle => "This is a TikTok virtual bundle: TikTok derives its \
                stock from the bundled SKUs, which Shopdock pushes instead."
                .into(),
        }
    }
}

/// What one local SKU offers a shop: free units, its share, then the percentage.
pub fn offered(stock: &LocalStock, rules: &StockRules) -> i64 {
    let free = i128::from(stock.on_hand) - i128::from(stock.reserved) - i128::from(rules.buffer);
    let free = free.max(0);
    let share = match rules.share {
        StockShare::Full => free,
        StockShare::Split => free / i128::from(stock.shops.max(1)),
    };
    let percent = i128::from(rules.percent.min(100));
    let offered = share * percent / 100;
    i64::try_from(offered).unwrap_or(i64::MAX)
}

/// The quantity of a TikTok SKU linked to `parts`; `stock` looks a local SKU up.
pub fn sku_quantity(
    parts: &[Part],
    stock: impl Fn(&str) -> Option<LocalStock>,
    rules: &StockRules,
) -> Result<i64, NotPushed> {
    let mut least: Option<i64> = None;
    for part in parts {
        if part.factor <= 0 {
            return Err(NotPushed::BadFactor(part.code.clone()));
        }
        let local = stock(&part.code).ok_or_else(|| NotPushed::UnknownCode(part.code.clone()))?;
        let units = offered(&local, rules) / part.factor;
        least = Some(least.map_or(units, |l| l.min(units)));
    }
    least
        .map(|q| q.clamp(0, MAX_QUANTITY))
        .ok_or(NotPushed::NoParts)
}

/// A warehouse a SKU is stocked in, with what decides whether it gets the figure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkuWarehouse {
    pub warehouse_id: String,
    /// The shop's default warehouse.
    pub is_default: bool,
    /// An enabled sales warehouse (not a return warehouse, not disabled or restricted).
    pub sells: bool,
}

/// `total` spread over the SKU's warehouses: all of it to one (see the module docs), 0 to the
/// others, every warehouse listed once in the order given.
pub fn spread(total: i64, warehouses: &[SkuWarehouse]) -> Vec<(String, i64)> {
    let primary = warehouses
        .iter()
        .position(|w| w.is_default && w.sells)
        .or_else(|| warehouses.iter().position(|w| w.sells))
        .unwrap_or(0);
    let mut seen: Vec<&str> = Vec::with_capacity(warehouses.len());
    let mut out = Vec::with_capacity(warehouses.len());
    for (i, w) in warehouses.iter().enumerate() {
        if seen.contains(&w.warehouse_id.as_str()) {
            continue;
        }
        seen.push(&w.warehouse_id);
        out.push((w.warehouse_id.clone(), if i == primary { total } else { 0 }));
    }
    out
}

/// A linked TikTok SKU of one shop, with what the planner needs of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkedSku {
    pub product_id: String,
    pub sku_id: String,
    pub parts: Vec<Part>,
    /// Its warehouses (TikTok's current list when read, else the catalog's).
    pub warehouses: Vec<SkuWarehouse>,
    /// A TikTok virtual bundle (its stock is not editable).
    pub virtual_bundle: bool,
}

/// What the plan says of one SKU.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedSku {
    pub sku_id: String,
    pub outcome: Result<SkuPlan, NotPushed>,
}

/// The quantities one SKU should have on TikTok.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkuPlan {
    /// The SKU's total: what buyers can order.
    pub quantity: i64,
    /// `(warehouse_id, quantity)` for every warehouse of the SKU.
    pub warehouses: Vec<(String, i64)>,
}

/// The plan of one product: every linked SKU of it, in SKU id order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProductPlan {
    pub product_id: String,
    pub skus: Vec<PlannedSku>,
}

/// Plans one SKU.
pub fn plan_sku(
    sku: &LinkedSku,
    stock: impl Fn(&str) -> Option<LocalStock>,
    rules: &StockRules,
) -> PlannedSku {
    let outcome = if sku.virtual_bundle {
        Err(NotPushed::VirtualBundle)
    } else {
        sku_quantity(&sku.parts, stock, rules).map(|quantity| SkuPlan {
            quantity,
            warehouses: spread(quantity, &sku.warehouses),
        })
    };
    PlannedSku {
        sku_id: sku.sku_id.clone(),
        outcome,
    }
}

/// Plans a shop's linked SKUs, one [`ProductPlan`] per product (in product id order): however
/// many of a product's SKUs changed, the product gets one request.
pub fn plan_products(
    skus: &[LinkedSku],
    stock: &HashMap<String, LocalStock>,
    rules: &StockRules,
) -> Vec<ProductPlan> {
    let mut by_product: BTreeMap<&str, BTreeMap<&str, PlannedSku>> = BTreeMap::new();
    for sku in skus {
        let planned = plan_sku(sku, |code| stock.get(code).copied(), rules);
        by_product
            .entry(&sku.product_id)
            .or_default()
            .insert(&sku.sku_id, planned);
    }
    by_product
        .into_iter()
        .map(|(product_id, skus)| ProductPlan {
            product_id: product_id.to_owned(),
            skus: skus.into_values().collect(),
        })
        .collect()
}

/// A SKU's quantities on TikTok now, per warehouse (Inventory Search's `available_quantity`).
pub type CurrentQuantities = HashMap<String, Vec<(String, i64)>>;

/// Whether two warehouse lists hold the same quantities (in any order).
fn same_quantities(a: &[(String, i64)], b: &[(String, i64)]) -> bool {
    let mut a: Vec<_> = a.iter().collect();
    let mut b: Vec<_> = b.iter().collect();
    a.sort();
    b.sort();
    a == b
}

/// The SKUs of `plan` to send: planned ones whose quantities on TikTok (`current`, by SKU id)
/// differ. A SKU TikTok did not report is sent (Update Inventory then says what is wrong).
pub fn changed<'p>(
    plan: &'p ProductPlan,
    current: &CurrentQuantities,
) -> Vec<(&'p str, &'p SkuPlan)> {
    plan.skus
        .iter()
        .filter_map(|s| s.outcome.as_ref().ok().map(|p| (s.sku_id.as_str(), p)))
        .filter(|(id, p)| {
            current
                .get(*id)
                .is_none_or(|now| !same_quantities(now, &p.warehouses))
        })
        .collect()
}

/// The Update Inventory body for `skus` (one product's).
pub fn request(skus: &[(&str, &SkuPlan)]) -> Vec<SkuInventoryUpdate> {
    skus.iter()
        .map(|(id, plan)| SkuInventoryUpdate {
            id: (*id).to_owned(),
            inventory: plan
                .warehouses
                .iter()
                .map(|(wh, q)| QuantityUpdate::new(wh, *q))
                .collect(),
        })
        .collect()
}

/// Whether TikTok holds more units for open orders of a SKU than the orders Shopdock has
/// stored account for: then orders exist that Shopdock has not downloaded yet, and a figure
/// computed now would overwrite TikTok's own decrement (§E "Oversell traps"). One-sided: a
/// TikTok that releases units earlier than Shopdock (e.g. per shipped line) never trips it.
pub fn orders_missing(tiktok_committed: i64, stored_open_units: i64) -> bool {
    tiktok_committed > stored_open_units
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn part(code: &str, factor: i64) -> Part {
        Part {
            code: code.into(),
            factor,
        }
    }

    fn stock(on_hand: i64, reserved: i64, shops: u32) -> LocalStock {
        LocalStock {
            on_hand,
            reserved,
            shops,
        }
    }

    fn rules(buffer: i64, percent: u8, share: StockShare) -> StockRules {
        StockRules {
            buffer,
            percent,
            share,
        }
    }

    fn wh(id: &str, is_default: bool, sells: bool) -> SkuWarehouse {
        SkuWarehouse {
            warehouse_id: id.into(),
            is_default,
            sells,
        }
    }

    #[test]
    fn reserved_units_and_the_buffer_come_off_then_the_percentage_rounds_down() {
        let r = rules(2, 50, StockShare::Full);
        // 20 on hand, 5 sold but unshipped, 2 held back: 13 free, half is 6.5 -> 6.
        assert_eq!(offered(&stock(20, 5, 1), &r), 6);
        assert_eq!(offered(&stock(3, 5, 1), &r), 0, "never negative");
        assert_eq!(offered(&stock(20, 0, 1), &StockRules::default()), 20);
    }

    #[test]
    fn split_shares_divide_the_free_units_between_the_shops() {
        let r = rules(0, 100, StockShare::Split);
        assert_eq!(offered(&stock(10, 0, 3), &r), 3);
        assert_eq!(offered(&stock(10, 1, 3), &r), 3);
        assert_eq!(offered(&stock(10, 0, 0), &r), 10, "zero shops reads as one");
        let full = rules(0, 100, StockShare::Full);
        assert_eq!(offered(&stock(10, 0, 3), &full), 10);
    }

    #[test]
    fn a_multipack_sells_whole_packs_and_a_bundle_its_scarcest_component() {
        let on_hand: HashMap<&str, LocalStock> =
            [("MUG", stock(7, 0, 1)), ("TEA", stock(30, 3, 1))].into();
        let look = |c: &str| on_hand.get(c).copied();
        let r = StockRules::default();
        assert_eq!(sku_quantity(&[part("MUG", 2)], look, &r), Ok(3));
        // Gift set: 1 mug + 10 tea bags: mugs allow 7, tea 27 / 10 = 2.
        assert_eq!(
            sku_quantity(&[part("MUG", 1), part("TEA", 10)], look, &r),
            Ok(2)
        );
        assert_eq!(
            sku_quantity(&[part("NOPE", 1)], look, &r),
            Err(NotPushed::UnknownCode("NOPE".into()))
        );
        assert_eq!(sku_quantity(&[], look, &r), Err(NotPushed::NoParts));
        assert_eq!(
            sku_quantity(&[part("MUG", 0)], look, &r),
            Err(NotPushed::BadFactor("MUG".into()))
        );
    }

    #[test]
    fn the_cap_is_tiktoks_maximum() {
        let r = StockRules::default();
        let q = sku_quantity(&[part("A", 1)], |_| Some(stock(i64::MAX, 0, 1)), &r);
        assert_eq!(q, Ok(MAX_QUANTITY));
    }

    #[test]
    fn the_default_sales_warehouse_gets_the_figure_and_every_other_warehouse_zero() {
        let list = [
            wh("ret", true, false),
            wh("a", false, true),
            wh("b", true, true),
        ];
        assert_eq!(
            spread(9, &list),
            vec![("ret".into(), 0), ("a".into(), 0), ("b".into(), 9)]
        );
        let no_default = [
            wh("x", false, false),
            wh("a", false, true),
            wh("b", false, true),
        ];
        assert_eq!(
            spread(4, &no_default),
            vec![("x".into(), 0), ("a".into(), 4), ("b".into(), 0)]
        );
        let unknown = [wh("x", false, false), wh("y", false, false)];
        assert_eq!(spread(4, &unknown), vec![("x".into(), 4), ("y".into(), 0)]);
        assert!(spread(4, &[]).is_empty());
    }

    #[test]
    fn a_virtual_bundle_is_never_planned_and_says_why() {
        let sku = LinkedSku {
            product_id: "p".into(),
            sku_id: "s".into(),
            parts: vec![part("A", 1)],
            warehouses: vec![wh("w", true, true)],
            virtual_bundle: true,
        };
        let planned = plan_sku(&sku, |_| Some(stock(5, 0, 1)), &StockRules::default());
        assert_eq!(planned.outcome, Err(NotPushed::VirtualBundle));
        assert!(NotPushed::VirtualBundle.reason().contains("bundle"));
    }

    #[test]
    fn only_skus_whose_quantities_differ_on_tiktok_are_sent() {
        let plan = ProductPlan {
            product_id: "p".into(),
            skus: vec![
                PlannedSku {
                    sku_id: "same".into(),
                    outcome: Ok(SkuPlan {
                        quantity: 3,
                        warehouses: vec![("a".into(), 3), ("b".into(), 0)],
                    }),
                },
                PlannedSku {
                    sku_id: "moved".into(),
                    outcome: Ok(SkuPlan {
                        quantity: 3,
                        warehouses: vec![("a".into(), 3)],
                    }),
                },
                PlannedSku {
                    sku_id: "unseen".into(),
                    outcome: Ok(SkuPlan {
                        quantity: 1,
                        warehouses: vec![("a".into(), 1)],
                    }),
                },
                PlannedSku {
                    sku_id: "bundle".into(),
                    outcome: Err(NotPushed::VirtualBundle),
                },
            ],
        };
        let current: CurrentQuantities = [
            ("same".to_string(), vec![("b".into(), 0), ("a".into(), 3)]),
            ("moved".to_string(), vec![("a".into(), 4)]),
        ]
        .into();
        let ids: Vec<&str> = changed(&plan, &current).iter().map(|(id, _)| *id).collect();
        assert_eq!(ids, vec!["moved", "unseen"]);
        let body = request(&changed(&plan, &current));
        assert_eq!(body[0].inventory, vec![QuantityUpdate::new("a", 3)]);
    }

    #[test]
    fn missing_orders_are_seen_only_when_tiktok_holds_more_units() {
        assert!(orders_missing(3, 2));
        assert!(!orders_missing(2, 2));
        assert!(!orders_missing(1, 2));
    }

    fn any_rules() -> impl Strategy<Value = StockRules> {
        (
            0i64..50,
            0u8..=100,
            prop_oneof![Just(StockShare::Full), Just(StockShare::Split)],
        )
            .prop_map(|(buffer, percent, share)| StockRules {
                buffer,
                percent,
                share,
            })
    }

    fn any_stock() -> impl Strategy<Value = LocalStock> {
        (-10i64..300_000, 0i64..500, 0u32..5).prop_map(|(on_hand, reserved, shops)| LocalStock {
            on_hand,
            reserved,
            shops,
        })
    }

    fn any_skus() -> impl Strategy<Value = Vec<LinkedSku>> {
        let codes = ["A", "B", "C", "D"];
        let sku = (
            0u8..6,
            0u16..40,
            proptest::collection::vec((0usize..4, 1i64..6), 1..4),
            0usize..3,
            any::<bool>(),
        )
            .prop_map(move |(product, sku, parts, warehouses, bundle)| LinkedSku {
                product_id: format!("p{product}"),
                sku_id: format!("s{sku}"),
                parts: parts
                    .into_iter()
                    .map(|(c, factor)| part(codes[c], factor))
                    .collect(),
                warehouses: (0..warehouses)
                    .map(|w| wh(&format!("w{w}"), w == 1, w > 0))
                    .collect(),
                virtual_bundle: bundle && sku % 7 == 0,
            });
        proptest::collection::vec(sku, 0..60)
    }

    proptest! {
        #[test]
        fn a_pushed_quantity_is_never_negative_nor_above_the_cap(
            stock in any_stock(), rules in any_rules(), factor in 1i64..10,
        ) {
            let q = sku_quantity(&[part("A", factor)], |_| Some(stock), &rules).unwrap();
            prop_assert!((0..=MAX_QUANTITY).contains(&q));
        }

        #[test]
        fn a_shop_is_never_offered_more_than_is_free(stock in any_stock(), rules in any_rules()) {
            let free = (stock.on_hand - stock.reserved - rules.buffer).max(0);
            prop_assert!(offered(&stock, &rules) <= free);
        }

        #[test]
        fn split_shops_together_never_sell_more_than_is_free(
            on_hand in 0i64..10_000, reserved in 0i64..100, shops in 1u32..6, percent in 0u8..=100,
        ) {
            let stock = LocalStock { on_hand, reserved, shops };
            let rules = StockRules { buffer: 0, percent, share: StockShare::Split };
            let total = offered(&stock, &rules) * i64::from(shops);
            prop_assert!(total <= (on_hand - reserved).max(0));
        }

        #[test]
        fn a_bundle_never_sells_more_than_any_component_allows(
            a in any_stock(), b in any_stock(), fa in 1i64..8, fb in 1i64..8, rules in any_rules(),
        ) {
            let look = |c: &str| Some(if c == "A" { a } else { b });
            let bundle = sku_quantity(&[part("A", fa), part("B", fb)], look, &rules).unwrap();
            let only_a = sku_quantity(&[part("A", fa)], look, &rules).unwrap();
            let only_b = sku_quantity(&[part("B", fb)], look, &rules).unwrap();
            prop_assert!(bundle <= only_a && bundle <= only_b);
            prop_assert_eq!(bundle, only_a.min(only_b));
            // Units of each component the bundle's figure would use stay within its offer.
            prop_assert!(bundle * fa <= offered(&a, &rules).max(0));
        }

        #[test]
        fn more_reserved_units_never_raise_the_figure(
            stock in any_stock(), more in 0i64..50, rules in any_rules(),
        ) {
            let busier = LocalStock { reserved: stock.reserved + more, ..stock };
            let look = |s: LocalStock| sku_quantity(&[part("A", 1)], move |_| Some(s), &rules);
            prop_assert!(look(busier).unwrap() <= look(stock).unwrap());
        }

        #[test]
        fn a_spread_lists_every_warehouse_once_and_sums_to_the_figure(
            total in 0i64..=MAX_QUANTITY, flags in proptest::collection::vec((any::<bool>(), any::<bool>()), 1..6),
        ) {
            let list: Vec<SkuWarehouse> = flags
                .iter()
                .enumerate()
                .map(|(i, (d, s))| wh(&format!("w{i}"), *d, *s))
                .collect();
            let out = spread(total, &list);
            prop_assert_eq!(out.len(), list.len());
            prop_assert_eq!(out.iter().map(|(_, q)| q).sum::<i64>(), total);
            prop_assert!(out.iter().filter(|(_, q)| *q != 0).count() <= 1);
        }

        #[test]
        fn planning_gives_one_plan_per_product_holding_each_of_its_skus(
            skus in any_skus(), rules in any_rules(), a in any_stock(), b in any_stock(),
        ) {
            let stock: HashMap<String, LocalStock> =
                [("A".into(), a), ("B".into(), b), ("C".into(), a), ("D".into(), b)].into();
            let plans = plan_products(&skus, &stock, &rules);
            let mut products: Vec<&str> = plans.iter().map(|p| p.product_id.as_str()).collect();
            let before = products.len();
            products.dedup();
            prop_assert_eq!(before, products.len(), "one plan per product");
            for sku in &skus {
                let plan = plans.iter().find(|p| p.product_id == sku.product_id).unwrap();
                let found = plan.skus.iter().filter(|s| s.sku_id == sku.sku_id).count();
                prop_assert_eq!(found, 1, "each SKU once, in its product's plan");
            }
            for plan in &plans {
                for s in &plan.skus {
                    if let Ok(p) = &s.outcome {
                        prop_assert!((0..=MAX_QUANTITY).contains(&p.quantity));
                        prop_assert_eq!(p.warehouses.iter().map(|(_, q)| q).sum::<i64>(),
                            if p.warehouses.is_empty() { 0 } else { p.quantity });
                    }
                }
            }
        }

        #[test]
        fn pushing_a_plan_twice_sends_nothing_the_second_time(
            skus in any_skus(), rules in any_rules(), a in any_stock(), b in any_stock(),
        ) {
            let stock: HashMap<String, LocalStock> =
                [("A".into(), a), ("B".into(), b), ("C".into(), b), ("D".into(), a)].into();
            for plan in plan_products(&skus, &stock, &rules) {
                let mut tiktok = CurrentQuantities::new();
                for (id, p) in changed(&plan, &tiktok) {
                    tiktok.insert(id.to_owned(), p.warehouses.clone());
                }
                prop_assert!(changed(&plan, &tiktok).is_empty());
            }
        }
    }
}
