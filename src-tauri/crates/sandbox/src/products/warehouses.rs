//! Each shop's warehouses (SPEC:logistics/get-warehouse-list), derived from the shop's seed.
//!
//! The first one (and, in a shop with FBT, the second) are the warehouses the shop's orders
//! already name in `warehouse_id`, so products, stock and orders agree. Every shop then has a
//! second sales warehouse (where the multi-warehouse SKUs are stocked), a return warehouse at
//! the main warehouse's address (same `entity_id`, as the spec describes), and a disabled
//! sales warehouse, so each of Update Inventory's warehouse refusals has a cause.

use crate::generator::ShopDef;
use crate::rng::{derive, label, Rng};
use shopdock_tiktok::product::{
    Warehouse, WarehouseAddress, WarehouseEffectStatus, WarehouseSubType, WarehouseType,
};

/// One warehouse of a shop.
#[derive(Debug, Clone)]
pub struct WarehouseDef {
    pub id: String,
    pub entity_id: String,
    pub name: String,
    pub kind: WarehouseType,
    pub status: WarehouseEffectStatus,
    pub sub_type: WarehouseSubType,
    pub is_default: bool,
}

impl WarehouseDef {
    /// A warehouse a SKU's stock may be in: an enabled sales warehouse.
    pub fn holds_stock(&self) -> bool {
        self.kind == WarehouseType::SalesWarehouse && self.status != WarehouseEffectStatus::Disabled
    }
}

/// Index of the shop's main warehouse.
pub const MAIN: u8 = 0;

/// The warehouses of `def`, main first.
pub fn build(def: &ShopDef) -> Vec<WarehouseDef> {
    let mut rng = Rng::new(derive(def.seed, &[label("warehouses")]));
    let mut id = || (6_955_000_000_000_000_000 + rng.below(1_000_000_000_000_000)).to_string();
    let entity = id();
    let sub_type = if def.seller_type == "CROSS_BORDER" {
        WarehouseSubType::CbDirectShippingWarehouse
    } else {
        WarehouseSubType::DomesticWarehouse
    };
    let sales = |id: String, entity_id: String, name: String| WarehouseDef {
        id,
        entity_id,
        name,
        kind: WarehouseType::SalesWarehouse,
        status: WarehouseEffectStatus::Enabled,
        sub_type: sub_type.clone(),
        is_default: false,
    };
    let mut out = vec![WarehouseDef {
        is_default: true,
        ..sales(
            def.warehouses[0].clone(),
            entity.clone(),
            format!("{} Main Warehouse", def.name),
        )
    }];
    if let Some(fbt) = def.warehouses.get(1) {
        out.push(WarehouseDef {
            sub_type: WarehouseSubType::DomesticWarehouse,
            ..sales(fbt.clone(), id(), "TikTok Fulfillment Center".into())
        });
    }
    out.push(sales(
        id(),
        id(),
        format!("{} Overflow Warehouse", def.name),
    ));
    out.push(WarehouseDef {
        kind: WarehouseType::ReturnWarehouse,
        ..sales(id(), entity, format!("{} Returns", def.name))
    });
    out.push(WarehouseDef {
        status: WarehouseEffectStatus::Disabled,
        ..sales(id(), id(), format!("{} Closed Warehouse", def.name))
    });
    out
}

/// Index of the second sales warehouse (after main and, with FBT, the FBT one).
pub fn overflow(def: &ShopDef) -> u8 {
    if def.warehouses.len() > 1 {
        2
    } else {
        1
    }
}

/// A warehouse as Get Warehouse List sends it.
pub fn render(def: &ShopDef, w: &WarehouseDef) -> Warehouse {
    let place = &def.market.places[0];
    let cross_border = w.sub_type == WarehouseSubType::CbDirectShippingWarehouse;
    let address = if cross_border {
        WarehouseAddress {
            region: "China".into(),
            state: "Guangdong".into(),
            city: "Shenzhen".into(),
            distict: "Nanshan".into(),
            postal_code: "518000".into(),
            full_address: "88 Keyuan Road, Nanshan, Shenzhen".into(),
            region_code: "CN".into(),
            ..WarehouseAddress::default()
        }
    } else {
        WarehouseAddress {
            region: def.market.country.into(),
            state: place.l1.into(),
            city: place.city.into(),
            distict: place.l2.into(),
            postal_code: place.postal.into(),
            full_address: format!("100 {}, {}", place.street, place.city),
            region_code: def.region.into(),
            ..WarehouseAddress::default()
        }
    };
    Warehouse {
        id: w.id.clone(),
        entity_id: w.entity_id.clone(),
        name: w.name.clone(),
        effect_status: w.status.clone(),
        warehouse_type: w.kind.clone(),
        sub_type: w.sub_type.clone(),
        is_default: w.is_default,
        address: Some(WarehouseAddress {
            contact_person: "Warehouse Desk".into(),
            phone_number: format!("{}***0100", def.market.phone_prefix),
            ..address
        }),
    }
}
