//! From what the store and TikTok hold to what the planner takes: the shop's rules, its local
//! SKUs, each linked SKU's warehouses, and TikTok's current quantities.

use super::plan::{CurrentQuantities, LinkedSku, LocalStock, Part, SkuWarehouse, StockRules};
use crate::words::StockShare;
use shopdock_store::stock::{LocalStockRow, ProductInputs, StockInputs};
use shopdock_store::{ShareRule, StockSettings, WarehouseRecord};
use shopdock_tiktok::product::InventoryList;
use std::collections::HashMap;

/// The planner's rules from the stored settings.
pub fn rules(s: &StockSettings) -> StockRules {
    StockRules {
        buffer: s.buffer,
        percent: s.percent,
        share: match s.share {
            ShareRule::Full => StockShare::Full,
            ShareRule::Split => StockShare::Split,
        },
    }
}

/// The planner's local stock from the stored rows.
pub fn local_stock(rows: &HashMap<String, LocalStockRow>) -> HashMap<String, LocalStock> {
    rows.iter()
        .map(|(code, r)| {
            (
                code.clone(),
                LocalStock {
                    on_hand: r.on_hand,
                    reserved: r.reserved,
                    shops: r.shops,
                },
            )
        })
        .collect()
}

/// Whether a warehouse (as Get Warehouse List described it) can take the figure: an enabled
/// sales warehouse.
fn sells(w: &WarehouseRecord) -> bool {
    w.warehouse_type.to_ascii_uppercase().contains("SALES")
        && w.effect_status.eq_ignore_ascii_case("ENABLED")
}

/// The product's linked SKUs for the planner. A SKU's warehouses are TikTok's current ones
/// when `read` has the SKU (Update Inventory must name exactly those), else the catalog's.
pub fn linked_skus(
    product: &ProductInputs,
    warehouses: &[WarehouseRecord],
    read: Option<&InventoryList>,
) -> Vec<LinkedSku> {
    product
        .skus
        .iter()
        .map(|sku| {
            let ids: Vec<String> = match read.and_then(|r| r.sku(&sku.sku_id)) {
                Some(now) => now
                    .warehouse_inventory
                    .iter()
                    .map(|w| w.warehouse_id.clone())
                    .collect(),
                None => sku.warehouse_ids.clone(),
            };
            LinkedSku {
                product_id: product.product_id.clone(),
                sku_id: sku.sku_id.clone(),
                parts: sku
                    .parts
                    .iter()
                    .map(|p| Part {
                        code: p.code.clone(),
                        factor: i64::from(p.factor),
                    })
                    .collect(),
                warehouses: ids
                    .into_iter()
                    .map(|id| {
                        let known = warehouses.iter().find(|w| w.warehouse_id == id);
                        SkuWarehouse {
                            is_default: known.is_some_and(|w| w.is_default),
                            sells: known.is_some_and(sells),
                            warehouse_id: id,
                        }
                    })
                    .collect(),
                virtual_bundle: sku.is_combined,
            }
        })
        .collect()
}

/// TikTok's available units per SKU and warehouse, from Inventory Search.
pub fn current(read: &InventoryList) -> CurrentQuantities {
    read.inventory
        .iter()
        .flat_map(|p| &p.skus)
        .map(|s| {
            (
                s.id.clone(),
                s.warehouse_inventory
                    .iter()
                    .map(|w| (w.warehouse_id.clone(), w.available_quantity))
                    .collect(),
            )
        })
        .collect()
}

/// The SKUs of `product` for which TikTok holds more units for open orders than the shop's
/// stored orders account for (see [`super::plan::orders_missing`]).
pub fn skus_with_missing_orders(product: &ProductInputs, read: &InventoryList) -> Vec<String> {
    product
        .skus
        .iter()
        .filter(|s| {
            read.sku(&s.sku_id).is_some_and(|now| {
                super::plan::orders_missing(now.total_committed_quantity, s.open_lines)
            })
        })
        .map(|s| s.sku_id.clone())
        .collect()
}

/// The one product of `inputs` (a push is per product), if it still has links.
pub fn only_product(inputs: &StockInputs) -> Option<&ProductInputs> {
    inputs.products.first()
}
