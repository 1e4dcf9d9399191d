//! Update Inventory and Inventory Search (SPEC:products/update-inventory, inventory-search;
//! write-api §E). Which refusals are per SKU under code 0 and which refuse the call is the
//! sandbox's reading, in the module docs of [`crate::products`].

use super::catalog::{ProductStore, SkuRec};
use super::search::lookup;
use super::{no, not_here, now, parse_body, synced};
use crate::state::{Inner, ShopCell};
use crate::verify::Failure;
use axum::http::HeaderMap;
use shopdock_tiktok::codes;
use shopdock_tiktok::product::{
    CampaignAllocation, InShopAllocation, InventoryDistribution, InventoryList,
    InventorySearchRequest, ProductInventory, ProductStatus, QuantityUpdate, SkuErrorDetail,
    SkuInventory, SkuUpdateError, UpdateInventoryReply, UpdateInventoryRequest, WarehouseError,
    WarehouseInventory, WarehouseType, MAX_INVENTORY_PRODUCT_IDS, MAX_INVENTORY_SKU_IDS,
    MAX_QUANTITY,
};
use std::collections::HashSet;

/// The code Update Inventory answers a body it cannot read with (its spec has no
/// "invalid parameters" code of its own, so the common one).
const UNREADABLE: i64 = codes::INVALID_PARAMETER;

fn warehouse_error(warehouse_id: &str, code: i64, message: &str) -> WarehouseError {
    WarehouseError {
        warehouse_id: warehouse_id.to_string(),
        code,
        message: message.to_string(),
    }
}

/// Why one warehouse id cannot take stock of `sku`, if it cannot.
fn warehouse_problem(
    inner: &Inner,
    shop: &ShopCell,
    store: &ProductStore,
    sku: &SkuRec,
    id: &str,
) -> Result<u8, WarehouseError> {
    let Some(at) = store.warehouses.iter().position(|w| w.id == id.trim()) else {
        let elsewhere = inner
            .shops
            .iter()
            .filter(|s| s.def.id != shop.def.id)
            .any(|s| s.def.warehouses.iter().any(|w| w == id.trim()));
        return Err(if elsewhere {
            warehouse_error(
                id,
                codes::WAREHOUSE_NOT_OURS,
                &format!("The warehouse ' {id} ' does not belong to this shop/seller."),
            )
        } else {
            warehouse_error(
                id,
                codes::WAREHOUSE_NOT_FOUND,
                "The warehouse does not exist",
            )
        });
    };
    let w = &store.warehouses[at];
    if w.kind == WarehouseType::ReturnWarehouse {
        return Err(warehouse_error(
            id,
            codes::WAREHOUSE_NOT_FOR_DELIVERY,
            "the warehouse not delivery warehouse",
        ));
    }
    if !w.holds_stock() {
        return Err(warehouse_error(
            id,
            codes::WAREHOUSE_DISABLED,
            "The warehouse is disabled.",
        ));
    }
    let at = at as u8;
    if !sku.stock.iter().any(|s| s.wh == at) {
        return Err(warehouse_error(
            id,
            codes::STOCK_WAREHOUSES_CHANGED,
            "Removal, addition, and change of warehouses are not permitted. Please specify the original warehouses for the SKUs.",
        ));
    }
    Ok(at)
}

/// The new stock of one SKU, or its warehouse errors.
fn check_sku<'e>(
    inner: &Inner,
    shop: &ShopCell,
    store: &ProductStore,
    sku: &SkuRec,
    entries: &'e [QuantityUpdate],
) -> Result<Vec<(u8, &'e QuantityUpdate)>, Vec<WarehouseError>> {
    let mut errors = Vec::new();
    let mut set = Vec::new();
    let several = sku.stock.len() > 1;
    for e in entries {
        let wh = match e.warehouse_id.as_deref().filter(|w| !w.trim().is_empty()) {
            Some(id) => match warehouse_problem(inner, shop, store, sku, id) {
                Ok(wh) => wh,
                Err(err) => {
                    errors.push(err);
                    continue;
                }
            },
            None if several => {
                errors.push(warehouse_error(
                    "",
                    codes::STOCK_LIST_ALL_WAREHOUSES,
                    "Multiple warehouses detected. Include all warehouse IDs and the corresponding details and try again.",
                ));
                continue;
            }
            None => sku.stock[0].wh,
        };
        let wid = &store.warehouses[usize::from(wh)].id;
        let floor = i64::from(store.rules.zero_quantity_refused);
        if e.quantity < floor
            || e.quantity > MAX_QUANTITY
            || e.backorder_quantity
                .is_some_and(|b| !(0..=MAX_QUANTITY).contains(&b))
        {
            errors.push(warehouse_error(
                wid,
                codes::STOCK_QUANTITY_OUT_OF_RANGE,
                "The SKU inventory quantity for the warehouse must be within allowed limits.",
            ));
            continue;
        }
        let current = sku
            .stock
            .iter()
            .find(|s| s.wh == wh)
            .map_or(0, |s| s.available);
        if sku.promotion_locked && e.quantity < current {
            errors.push(warehouse_error(
                wid,
                codes::STOCK_LOCKED_BY_PROMOTION,
                "Product locked for Promotion and stock can't be updated below current stock",
            ));
            continue;
        }
        if set.iter().any(|(w, _)| *w == wh) {
            errors.push(warehouse_error(
                wid,
                codes::STOCK_WAREHOUSES_CHANGED,
                "Removal, addition, and change of warehouses are not permitted. Please specify the original warehouses for the SKUs.",
            ));
            continue;
        }
        set.push((wh, e));
    }
    if errors.is_empty() && set.len() < sku.stock.len() {
        let missing = sku
            .stock
            .iter()
            .find(|s| !set.iter().any(|(w, _)| *w == s.wh))
            .map(|s| store.warehouses[usize::from(s.wh)].id.clone())
            .unwrap_or_default();
        errors.push(warehouse_error(
            &missing,
            codes::STOCK_LIST_ALL_WAREHOUSES,
            "Multiple warehouses detected. Include all warehouse IDs and the corresponding details and try again.",
        ));
    }
    if errors.is_empty() {
        Ok(set)
    } else {
        Err(errors)
    }
}

/// Update Inventory: `POST /product/202309/products/{product_id}/inventory/update`.
pub fn update(
    inner: &Inner,
    shop: &ShopCell,
    product_id: &str,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<UpdateInventoryReply, Failure> {
    let request: UpdateInventoryRequest = parse_body(headers, body, UNREADABLE)?;
    let mut store = synced(inner, shop);
    let Some(product) = lookup(&store, product_id) else {
        drop(store);
        return Err(not_here(inner, shop, product_id));
    };
    let pid = product.id;
    if product.status == ProductStatus::Deleted {
        return Err(no(codes::PRODUCT_NOT_FOUND, "The product does not exist"));
    }
    if product.status != ProductStatus::Activate {
        return Err(no(
            codes::PRODUCT_STATUS_NOT_ALLOWED,
            "The product in its current status is not available for this operation. Change the product status and try again.",
        ));
    }
    if product.combo {
        return Err(no(
            codes::COMBO_STOCK_NOT_EDITABLE,
            "The stock of combo does not support being edited.",
        ));
    }
    if request.skus.is_empty() {
        return Err(no(
            codes::SKU_LIST_EMPTY,
            "The SKU list is empty. Either omit the list entirely, or provide all required details.",
        ));
    }
    let mut seen = HashSet::new();
    let mut targets = Vec::new();
    for s in &request.skus {
        if s.id.trim().is_empty() {
            return Err(no(codes::SKU_ID_REQUIRED, "The SKU ID is necessary"));
        }
        if !seen.insert(s.id.trim()) {
            return Err(no(codes::SKU_DUPLICATE, "Sku id duplicate"));
        }
        let sku = product
            .skus
            .iter()
            .find(|k| k.id.to_string() == s.id.trim())
            .ok_or_else(|| no(codes::SKU_NOT_FOUND, "The SKU id not exist."))?;
        targets.push((sku.id, s));
    }
    let mut errors = Vec::new();
    let mut apply = Vec::new();
    for (sku_id, s) in targets {
        let Some((_, sku)) = store.sku(sku_id) else {
            continue;
        };
        match check_sku(inner, shop, &store, sku, &s.inventory) {
            Ok(set) => apply.push((
                sku_id,
                set.into_iter()
                    .map(|(wh, e)| (wh, e.quantity, e.backorder_quantity))
                    .collect::<Vec<_>>(),
            )),
            Err(extra_errors) => errors.push(SkuUpdateError {
                code: codes::SKU_CHECK_FAILED,
                message: "Check failed".into(),
                detail: SkuErrorDetail {
                    sku_id: sku_id.to_string(),
                    extra_errors,
                },
            }),
        }
    }
    let changed: Vec<u64> = apply.iter().map(|(id, _)| *id).collect();
    for (sku_id, set) in apply {
        if let Some(sku) = store.sku_mut(sku_id) {
            for (wh, quantity, backorder) in set {
                if let Some(stock) = sku.stock.iter_mut().find(|s| s.wh == wh) {
                    stock.available = quantity;
                    if backorder.is_some() {
                        stock.backorder = backorder;
                    }
                }
            }
        }
    }
    if !changed.is_empty() {
        if let Some(p) = store.product_mut(pid) {
            p.update_time = p.update_time.max(now(inner));
        }
    }
    store.count_write(pid, "update_inventory", &changed);
    Ok(UpdateInventoryReply { errors })
}

/// Inventory Search: `POST /product/202309/inventory/search`.
pub fn search(
    inner: &Inner,
    shop: &ShopCell,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<InventoryList, Failure> {
    let request: InventorySearchRequest = parse_body(headers, body, codes::PRODUCT_ID_INVALID)?;
    let invalid_id = || no(codes::PRODUCT_ID_INVALID, "Product id is invalid");
    let parse = |ids: &[String]| -> Result<Vec<u64>, Failure> {
        ids.iter()
            .map(|i| i.trim().parse::<u64>().map_err(|_| invalid_id()))
            .collect()
    };
    let by_sku = !request.sku_ids.is_empty();
    if by_sku && request.sku_ids.len() > MAX_INVENTORY_SKU_IDS {
        return Err(no(
            codes::INVENTORY_SKUS_OVER_LIMIT,
            "The number of SKU exceed the limit",
        ));
    }
    if !by_sku && request.product_ids.len() > MAX_INVENTORY_PRODUCT_IDS {
        return Err(no(
            codes::INVENTORY_PRODUCTS_OVER_LIMIT,
            "The number of provided product IDs exceeds the limit.",
        ));
    }
    if !by_sku && request.product_ids.is_empty() {
        return Err(invalid_id());
    }
    let store = synced(inner, shop);
    // (product id, SKU ids) in the order asked.
    let mut wanted: Vec<(u64, Vec<u64>)> = Vec::new();
    if by_sku {
        for id in parse(&request.sku_ids)? {
            let Some((p, s)) = store.sku(id) else {
                continue;
            };
            if p.status == ProductStatus::Deleted {
                continue;
            }
            match wanted.iter_mut().find(|(pid, _)| *pid == p.id) {
                Some((_, v)) if !v.contains(&s.id) => v.push(s.id),
                Some(_) => {}
                None => wanted.push((p.id, vec![s.id])),
            }
        }
    } else {
        for id in parse(&request.product_ids)? {
            let Some(p) = store.product(id) else { continue };
            if p.status == ProductStatus::Deleted || wanted.iter().any(|(w, _)| *w == id) {
                continue;
            }
            wanted.push((p.id, p.skus.iter().map(|s| s.id).collect()));
        }
    }
    let inventory = wanted
        .into_iter()
        .map(|(pid, skus)| ProductInventory {
            product_id: pid.to_string(),
            skus: skus
                .into_iter()
                .filter_map(|id| store.sku(id).map(|(_, s)| sku_inventory(&store, s)))
                .collect(),
        })
        .collect();
    Ok(InventoryList { inventory })
}

fn sku_inventory(store: &ProductStore, sku: &SkuRec) -> SkuInventory {
    let warehouse_inventory: Vec<WarehouseInventory> = store
        .stock_warehouses(sku)
        .into_iter()
        .map(|wh| WarehouseInventory {
            warehouse_id: store.warehouses[usize::from(wh)].id.clone(),
            available_quantity: store.available(sku, wh).unwrap_or(0),
            committed_quantity: store.committed(sku, wh),
        })
        .collect();
    let available: i64 = warehouse_inventory
        .iter()
        .map(|w| w.available_quantity)
        .sum();
    // A promotion-locked SKU has part of its stock allocated to its campaign.
    let campaign = if sku.promotion_locked {
        available.min(10)
    } else {
        0
    };
    SkuInventory {
        id: sku.id.to_string(),
        seller_sku: sku.seller_sku.clone(),
        total_available_quantity: available,
        total_committed_quantity: warehouse_inventory
            .iter()
            .map(|w| w.committed_quantity)
            .sum(),
        warehouse_inventory,
        total_available_inventory_distribution: Some(InventoryDistribution {
            campaign_inventory: if campaign > 0 {
                vec![CampaignAllocation {
                    quantity: campaign,
                    campaign_name: "Flash Sale".into(),
                }]
            } else {
                Vec::new()
            },
            creator_inventory: Vec::new(),
            in_shop_inventory: Some(InShopAllocation {
                quantity: available - campaign,
            }),
        }),
    }
}
