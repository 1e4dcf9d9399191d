//! Request and response bodies of the fulfillment and logistics endpoints, field for field as
//! their specs (`request_body_param`, `response_param`) name them. They live in the sandbox
//! because the client crate does not model these endpoints yet; the fidelity tests check
//! every emitted field against the specs. Ids are strings, measures decimal strings, times
//! Unix seconds, as the specs type them.

use serde::{Deserialize, Serialize};

/// `{}`: the `data` of Ship Package and Update Shipping Info.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct Empty {}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PickupSlot {
    pub start_time: i64,
    pub end_time: i64,
}

/// SPEC:create-packages `weight` (`unit` GRAM | POUND).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Weight {
    pub value: String,
    pub unit: String,
}

/// SPEC:create-packages `dimension` (`unit` CM | INCH).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dimension {
    pub length: String,
    pub width: String,
    pub height: String,
    pub unit: String,
}

/// SPEC:mark-package-as-shipped request body.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct MarkShippedRequest {
    #[serde(default)]
    pub order_line_item_ids: Option<Vec<String>>,
    #[serde(default)]
    pub tracking_number: Option<String>,
    #[serde(default)]
    pub shipping_provider_id: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Warning {
    pub message: String,
}

/// SPEC:mark-package-as-shipped `data`.
#[derive(Debug, Clone, Serialize)]
pub struct MarkShippedData {
    pub order_id: String,
    pub order_line_item_ids: Vec<String>,
    pub package_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub warning: Option<Warning>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct SelfShipment {
    #[serde(default)]
    pub tracking_number: Option<String>,
    #[serde(default)]
    pub shipping_provider_id: Option<String>,
}

/// SPEC:ship-package request body (also one entry of Batch Ship Packages, plus `id`).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ShipPackageRequest {
    #[serde(default)]
    pub id: Option<String>,
    #[serde(default)]
    pub handover_method: Option<String>,
    #[serde(default)]
    pub pickup_slot: Option<PickupSlot>,
    #[serde(default)]
    pub self_shipment: Option<SelfShipment>,
}

/// SPEC:batch-ship-packages request body.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct BatchShipRequest {
    #[serde(default)]
    pub packages: Option<Vec<ShipPackageRequest>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct BatchErrorDetail {
    pub package_id: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct BatchError {
    pub code: i64,
    pub message: String,
    pub detail: BatchErrorDetail,
}

/// SPEC:batch-ship-packages `data`: per-package failures under `code 0`.
#[derive(Debug, Clone, Serialize)]
pub struct BatchShipData {
    pub errors: Vec<BatchError>,
}

/// SPEC:get-package-handover-time-slots `data`.
#[derive(Debug, Clone, Serialize)]
pub struct HandoverTimeSlots {
    pub can_pickup: bool,
    pub can_drop_off: bool,
    /// "Specific to UK": sent for UK shops only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub can_van_collection: Option<bool>,
    pub drop_off_point_url: String,
    pub pickup_slots: Vec<OfferedSlot>,
}

/// One pickup slot; `avaliable` is spelled as the spec spells it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OfferedSlot {
    pub start_time: i64,
    pub end_time: i64,
    pub avaliable: bool,
}

/// SPEC:get-eligible-shipping-service request body.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ShippingServicesQuery {
    #[serde(default)]
    pub order_line_item_ids: Option<Vec<String>>,
    #[serde(default)]
    pub weight: Option<Weight>,
    #[serde(default)]
    pub dimension: Option<Dimension>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ShippingService {
    pub id: String,
    pub name: String,
    pub price: String,
    pub currency: String,
    pub earliest_delivery_days: i64,
    pub latest_delivery_days: i64,
    pub is_default: bool,
    pub shipping_provider_name: String,
    pub shipping_provider_id: String,
}

/// SPEC:get-eligible-shipping-service `data` (`order_line_id` as the spec names it).
#[derive(Debug, Clone, Serialize)]
pub struct ShippingServices {
    pub order_id: String,
    pub order_line_id: Vec<String>,
    pub weight: Weight,
    pub shipping_services: Vec<ShippingService>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dimension: Option<Dimension>,
}

/// SPEC:create-packages request body.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct CreatePackagesRequest {
    #[serde(default)]
    pub order_id: Option<String>,
    #[serde(default)]
    pub order_line_item_ids: Option<Vec<String>>,
    #[serde(default)]
    pub dimension: Option<Dimension>,
    #[serde(default)]
    pub shipping_service_id: Option<String>,
    #[serde(default)]
    pub weight: Option<Weight>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ShippingServiceInfo {
    pub id: String,
    pub name: String,
    pub price: String,
    pub currency: String,
    pub earliest_delivery_days: i64,
    pub latest_delivery_days: i64,
    pub shipping_provider_id: String,
    pub shipping_provider_name: String,
}

/// SPEC:create-packages `data`.
#[derive(Debug, Clone, Serialize)]
pub struct CreatedPackage {
    pub order_id: String,
    pub order_line_item_ids: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dimension: Option<Dimension>,
    pub shipping_service_info: ShippingServiceInfo,
    pub package_id: String,
    pub weight: Weight,
    pub create_time: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct OrderRef {
    pub id: String,
}

/// SPEC:get-package-detail `recipient_address` / `sender_address`.
#[derive(Debug, Clone, Serialize)]
pub struct PackageAddress {
    pub full_address: String,
    pub phone_number: String,
    pub name: String,
    pub postal_code: String,
    pub address_detail: String,
    pub region_code: String,
    pub address_line1: String,
    pub address_line2: String,
    pub address_line3: String,
    pub address_line4: String,
}

/// SPEC:get-package-detail `data`.
#[derive(Debug, Clone, Serialize)]
pub struct PackageDetail {
    pub package_id: String,
    pub orders: Vec<OrderRef>,
    pub package_status: String,
    pub split_and_combine_tag: String,
    pub has_multi_skus: bool,
    pub note_tag: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shipping_provider_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shipping_provider_id: Option<String>,
    pub shipping_type: String,
    pub delivery_option_name: String,
    pub delivery_option_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tracking_number: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pickup_slot: Option<PickupSlot>,
    pub create_time: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub handover_method: Option<String>,
    pub order_line_item_ids: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recipient_address: Option<PackageAddress>,
    pub sender_address: PackageAddress,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weight: Option<Weight>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dimension: Option<Dimension>,
    pub update_time: i64,
}

/// SPEC:search-package request body.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct SearchPackagesFilter {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub create_time_ge: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub create_time_lt: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub update_time_ge: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub update_time_lt: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub package_status: Option<String>,
}

/// One package of a Search Package page.
#[derive(Debug, Clone, Serialize)]
pub struct PackageSummary {
    pub id: String,
    pub orders: Vec<OrderRef>,
    pub create_time: i64,
    pub update_time: i64,
    pub status: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tracking_number: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shipping_provider_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shipping_provider_id: Option<String>,
    pub order_line_item_ids: Vec<String>,
}

/// SPEC:search-package `data`.
#[derive(Debug, Clone, Serialize)]
pub struct PackagePage {
    pub next_page_token: String,
    pub total_count: i64,
    pub packages: Vec<PackageSummary>,
}

/// SPEC:update-shipping-info request body (both versions).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct UpdateShippingInfoRequest {
    #[serde(default)]
    pub tracking_number: Option<String>,
    #[serde(default)]
    pub shipping_provider_id: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ProviderRef {
    pub id: String,
    pub name: String,
}

/// SPEC:logistics/get-shipping-providers `data`.
#[derive(Debug, Clone, Serialize)]
pub struct ShippingProviders {
    pub shipping_providers: Vec<ProviderRef>,
}
