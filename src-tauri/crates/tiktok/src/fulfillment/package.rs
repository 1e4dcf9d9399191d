//! Packages as Get Package Detail and Search Package return them.

use crate::fulfillment::label::{Dimension, Weight};
use crate::fulfillment::ship::PickupSlot;
use crate::model::SortOrder;
use serde::{Deserialize, Serialize};

/// A package's status (Get Package Detail, Search Package), plus `TO_FULFILL`, which Get
/// Order Detail reports for line items not yet arranged. Responses keep the status as a
/// string; [`PackageStatus::parse`] says whether it is one Shopdock knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum PackageStatus {
    /// Waiting for the seller to arrange shipment (line items only).
    ToFulfill,
    /// Arranged; waiting for the carrier to collect it.
    Processing,
    /// Collected by the carrier, in transit.
    Fulfilling,
    /// Delivered.
    Completed,
    /// Cancelled (usually lost or damaged).
    Cancelled,
}

impl PackageStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            PackageStatus::ToFulfill => "TO_FULFILL",
            PackageStatus::Processing => "PROCESSING",
            PackageStatus::Fulfilling => "FULFILLING",
            PackageStatus::Completed => "COMPLETED",
            PackageStatus::Cancelled => "CANCELLED",
        }
    }

    pub fn parse(s: &str) -> Option<PackageStatus> {
        Some(match s.trim() {
            "TO_FULFILL" => PackageStatus::ToFulfill,
            "PROCESSING" => PackageStatus::Processing,
            "FULFILLING" => PackageStatus::Fulfilling,
            "COMPLETED" => PackageStatus::Completed,
            "CANCELLED" => PackageStatus::Cancelled,
            _ => return None,
        })
    }
}

/// `data` of Get Package Detail.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct PackageDetail {
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub package_id: String,
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub orders: Vec<PackageOrder>,
    /// See [`PackageStatus`].
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub package_status: String,
    /// `DEFAULT`, `COMBINE` or `SPLIT`.
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub split_and_combine_tag: String,
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub has_multi_skus: bool,
    /// `BUYER_UNNOTED` or `BUYER_NOTED`.
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub note_tag: String,
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub shipping_provider_name: String,
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub shipping_provider_id: String,
    /// `TIKTOK` or `SELLER`.
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub shipping_type: String,
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub delivery_option_name: String,
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub delivery_option_id: String,
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub tracking_number: String,
    /// Cross-border orders only.
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub last_mile_tracking_number: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pickup_slot: Option<PickupSlot>,
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub create_time: i64,
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub update_time: i64,
    /// `PICKUP` or `DROP_OFF`.
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub handover_method: String,
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub order_line_item_ids: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recipient_address: Option<PackageAddress>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sender_address: Option<PackageAddress>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weight: Option<Weight>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dimension: Option<Dimension>,
    /// US label purchases: insurance enrolled with the label.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub insurance: Option<PackageInsurance>,
}

/// An order in a package.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct PackageOrder {
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub id: String,
    /// Deprecated by TikTok; the order's line items are authoritative.
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub skus: Vec<PackageSku>,
}

/// Deprecated by TikTok, still sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct PackageSku {
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub id: String,
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub name: String,
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub image_url: String,
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub quantity: i64,
}

/// A recipient or sender address on a package (masked for TikTok Shipping).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct PackageAddress {
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub full_address: String,
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub phone_number: String,
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub name: String,
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub postal_code: String,
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub address_detail: String,
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub region_code: String,
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub address_line1: String,
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub address_line2: String,
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub address_line3: String,
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub address_line4: String,
}

/// Shipping insurance bought with a US label.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct PackageInsurance {
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub is_purchased: bool,
    /// USD, decimal string.
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub coverage_amount: String,
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub is_claim_eligible: bool,
    /// `NOT_STARTED`, `CLAIM_PENDING`, `APPROVED`, `DECLINED`.
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub claim_status: String,
}

/// `sort_field` of Search Package.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum PackageSortField {
    #[default]
    CreateTime,
    UpdateTime,
    OrderPayTime,
}

impl PackageSortField {
    pub fn as_str(self) -> &'static str {
        match self {
            PackageSortField::CreateTime => "create_time",
            PackageSortField::UpdateTime => "update_time",
            PackageSortField::OrderPayTime => "order_pay_time",
        }
    }
}

/// The query-string part of Search Package.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchPackagesQuery {
    /// 1..=[`super::MAX_PACKAGE_PAGE_SIZE`].
    pub page_size: u32,
    pub page_token: Option<String>,
    pub sort_field: PackageSortField,
    pub sort_order: SortOrder,
}

impl Default for SearchPackagesQuery {
    fn default() -> Self {
        Self {
            page_size: 20,
            page_token: None,
            sort_field: PackageSortField::CreateTime,
            sort_order: SortOrder::Desc,
        }
    }
}

/// The JSON body filters of Search Package; every one optional.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct SearchPackagesFilter {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub create_time_ge: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub create_time_lt: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub update_time_ge: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub update_time_lt: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub package_status: Option<PackageStatus>,
}

/// `data` of Search Package.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct PackagePage {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_page_token: Option<String>,
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub total_count: i64,
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub packages: Vec<PackageSummary>,
}

/// One package in a Search Package page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct PackageSummary {
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub id: String,
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub orders: Vec<PackageOrder>,
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub create_time: i64,
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub update_time: i64,
    /// See [`PackageStatus`].
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub status: String,
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub tracking_number: String,
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub shipping_provider_name: String,
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub shipping_provider_id: String,
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub order_line_item_ids: Vec<String>,
}
