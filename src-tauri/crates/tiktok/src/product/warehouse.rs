//! Get Warehouse List (SPEC:logistics/get-warehouse-list): the seller's sales and return
//! warehouses. A SKU's stock lives in sales warehouses; Update Inventory needs their ids.

use super::words::{WarehouseEffectStatus, WarehouseSubType, WarehouseType};
use crate::lenient::null_as_default;
use serde::{Deserialize, Serialize};

/// `data` of Get Warehouse List.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct WarehouseList {
    #[serde(deserialize_with = "null_as_default")]
    pub warehouses: Vec<Warehouse>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Warehouse {
    #[serde(deserialize_with = "null_as_default")]
    pub id: String,
    /// Shared by warehouses at one physical place (a sales and a return warehouse).
    #[serde(
        deserialize_with = "null_as_default",
        skip_serializing_if = "String::is_empty"
    )]
    pub entity_id: String,
    /// Not unique.
    #[serde(deserialize_with = "null_as_default")]
    pub name: String,
    pub effect_status: WarehouseEffectStatus,
    #[serde(rename = "type")]
    pub warehouse_type: WarehouseType,
    pub sub_type: WarehouseSubType,
    #[serde(deserialize_with = "null_as_default")]
    pub is_default: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<WarehouseAddress>,
}

impl Warehouse {
    /// A sales warehouse whose stock is for sale now (not disabled, not on holiday).
    pub fn sells_now(&self) -> bool {
        self.warehouse_type == WarehouseType::SalesWarehouse
            && self.effect_status == WarehouseEffectStatus::Enabled
    }
}

/// The parts of a warehouse address Shopdock shows.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct WarehouseAddress {
    #[serde(
        deserialize_with = "null_as_default",
        skip_serializing_if = "String::is_empty"
    )]
    pub region: String,
    #[serde(
        deserialize_with = "null_as_default",
        skip_serializing_if = "String::is_empty"
    )]
    pub state: String,
    #[serde(
        deserialize_with = "null_as_default",
        skip_serializing_if = "String::is_empty"
    )]
    pub city: String,
    /// Spelled so by TikTok.
    #[serde(
        deserialize_with = "null_as_default",
        skip_serializing_if = "String::is_empty"
    )]
    pub distict: String,
    #[serde(
        deserialize_with = "null_as_default",
        skip_serializing_if = "String::is_empty"
    )]
    pub contact_person: String,
    #[serde(
        deserialize_with = "null_as_default",
        skip_serializing_if = "String::is_empty"
    )]
    pub postal_code: String,
    #[serde(
        deserialize_with = "null_as_default",
        skip_serializing_if = "String::is_empty"
    )]
    pub full_address: String,
    #[serde(
        deserialize_with = "null_as_default",
        skip_serializing_if = "String::is_empty"
    )]
    pub region_code: String,
    #[serde(
        deserialize_with = "null_as_default",
        skip_serializing_if = "String::is_empty"
    )]
    pub phone_number: String,
    #[serde(
        deserialize_with = "null_as_default",
        skip_serializing_if = "String::is_empty"
    )]
    pub address_line1: String,
    #[serde(
        deserialize_with = "null_as_default",
        skip_serializing_if = "String::is_empty"
    )]
    pub address_line2: String,
}
