//! A product and its SKUs as Get Product and Search Products send them
//! (SPEC:products/get-product, search-products). Ids are strings; money is an exact
//! [`Decimal`] read from TikTok's decimal strings (and written back as strings); enumerated
//! words keep unknown values ([`super::words`]). Every field is optional on the wire: a missing
//! or `null` field reads as empty, so a product TikTok sends in a new shape still decodes.
//! Search Products sends a subset of these fields; the ones it lacks stay empty.

use super::words::{AuditStatus, ProductStatus, ProductType, SkuStatus};
use crate::lenient::{decimal, null_as_default};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// `data` of Get Product.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Product {
    #[serde(deserialize_with = "null_as_default")]
    pub id: String,
    /// Product and audit status in one word.
    pub status: ProductStatus,
    #[serde(deserialize_with = "null_as_default")]
    pub title: String,
    /// HTML.
    #[serde(
        deserialize_with = "null_as_default",
        skip_serializing_if = "String::is_empty"
    )]
    pub description: String,
    #[serde(
        deserialize_with = "null_as_default",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub category_chains: Vec<CategoryChain>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub brand: Option<Brand>,
    #[serde(
        deserialize_with = "null_as_default",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub main_images: Vec<Image>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub package_dimensions: Option<PackageDimensions>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub package_weight: Option<PackageWeight>,
    /// A single-variant product still has one SKU (usually without `sales_attributes`).
    #[serde(deserialize_with = "null_as_default")]
    pub skus: Vec<Sku>,
    #[serde(
        deserialize_with = "null_as_default",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub product_attributes: Vec<ProductAttribute>,
    #[serde(
        deserialize_with = "null_as_default",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub audit_failed_reasons: Vec<AuditFailedReason>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub create_time: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub update_time: Option<i64>,
    #[serde(
        deserialize_with = "null_as_default",
        skip_serializing_if = "String::is_empty"
    )]
    pub external_product_id: String,
    #[serde(
        deserialize_with = "null_as_default",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub product_types: Vec<ProductType>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_not_for_sale: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_cod_allowed: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub audit: Option<Audit>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub has_draft: Option<bool>,
    /// A virtual bundle's primary product.
    #[serde(
        deserialize_with = "null_as_default",
        skip_serializing_if = "String::is_empty"
    )]
    pub primary_combined_product_id: String,
    /// The status without the audit part (`INITIAL`, `DRAFT`, `ACTIVATE`, ...).
    #[serde(
        deserialize_with = "null_as_default",
        skip_serializing_if = "String::is_empty"
    )]
    pub product_status: String,
    /// US only: `POOR`, `FAIR`, `GOOD`.
    #[serde(
        deserialize_with = "null_as_default",
        skip_serializing_if = "String::is_empty"
    )]
    pub listing_quality_tier: String,
}

impl Product {
    /// Whether this is a virtual bundle, whose stock TikTok derives from the bundled SKUs.
    pub fn is_combined(&self) -> bool {
        self.product_types.contains(&ProductType::CombinedProduct)
    }

    /// The SKU with this id.
    pub fn sku(&self, sku_id: &str) -> Option<&Sku> {
        self.skus.iter().find(|s| s.id == sku_id)
    }
}

/// One SKU (variant) of a product.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Sku {
    #[serde(deserialize_with = "null_as_default")]
    pub id: String,
    /// The seller's own code. May be blank, and may repeat across listings (write-api §I): a
    /// hint for matching, never a key.
    #[serde(deserialize_with = "null_as_default")]
    pub seller_sku: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub price: Option<SkuPrice>,
    /// One entry per warehouse the SKU is stocked in; Update Inventory must name them all.
    #[serde(deserialize_with = "null_as_default")]
    pub inventory: Vec<WarehouseStock>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub identifier_code: Option<IdentifierCode>,
    #[serde(
        deserialize_with = "null_as_default",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub sales_attributes: Vec<SalesAttribute>,
    #[serde(
        deserialize_with = "null_as_default",
        skip_serializing_if = "String::is_empty"
    )]
    pub external_sku_id: String,
    /// The bundled SKUs, when this SKU is a virtual bundle.
    #[serde(
        deserialize_with = "null_as_default",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub combined_skus: Vec<CombinedSku>,
    /// US only: the audited list price (MSRP).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub list_price: Option<ListPrice>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status_info: Option<SkuStatusInfo>,
}

impl Sku {
    /// The immediately shippable quantity summed over the SKU's warehouses.
    pub fn total_quantity(&self) -> i64 {
        self.inventory.iter().map(|w| w.quantity).sum()
    }

    /// The SKU's warehouse ids, in TikTok's order.
    pub fn warehouse_ids(&self) -> Vec<&str> {
        self.inventory
            .iter()
            .map(|w| w.warehouse_id.as_str())
            .collect()
    }
}

/// A SKU's price. Local and intra-EU sellers: `tax_exclusive_price` is the display price.
/// Global sellers: `tax_exclusive_price` is the pre-tax price and `sale_price` the display
/// price. Get Product documents `sale_price` as the display price for all sellers.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct SkuPrice {
    #[serde(deserialize_with = "null_as_default")]
    pub currency: String,
    #[serde(deserialize_with = "decimal", skip_serializing_if = "Option::is_none")]
    pub tax_exclusive_price: Option<Decimal>,
    #[serde(deserialize_with = "decimal", skip_serializing_if = "Option::is_none")]
    pub sale_price: Option<Decimal>,
    /// EU only.
    #[serde(deserialize_with = "decimal", skip_serializing_if = "Option::is_none")]
    pub unit_price: Option<Decimal>,
}

impl SkuPrice {
    /// The price buyers see before discounts: `sale_price` when sent, else
    /// `tax_exclusive_price` (a local seller's display price).
    pub fn display_price(&self) -> Option<Decimal> {
        self.sale_price.or(self.tax_exclusive_price)
    }
}

/// A SKU's stock in one warehouse.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct WarehouseStock {
    #[serde(deserialize_with = "null_as_default")]
    pub warehouse_id: String,
    /// Immediately shippable units (Inventory Search's `available_quantity`).
    #[serde(deserialize_with = "null_as_default")]
    pub quantity: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub backorder_quantity: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub handling_time: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct IdentifierCode {
    #[serde(deserialize_with = "null_as_default")]
    pub code: String,
    /// `GTIN`, `EAN`, `UPC`, `ISBN`, `JAN`.
    #[serde(rename = "type", deserialize_with = "null_as_default")]
    pub code_type: String,
}

/// One variant dimension of a SKU (e.g. Color: Red).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct SalesAttribute {
    #[serde(deserialize_with = "null_as_default")]
    pub id: String,
    #[serde(deserialize_with = "null_as_default")]
    pub name: String,
    #[serde(deserialize_with = "null_as_default")]
    pub value_id: String,
    #[serde(deserialize_with = "null_as_default")]
    pub value_name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sku_img: Option<Image>,
}

/// One SKU inside a virtual bundle.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct CombinedSku {
    #[serde(deserialize_with = "null_as_default")]
    pub product_id: String,
    #[serde(deserialize_with = "null_as_default")]
    pub sku_id: String,
    /// Units of this SKU in one bundle.
    #[serde(deserialize_with = "null_as_default")]
    pub sku_count: i64,
    #[serde(deserialize_with = "null_as_default")]
    pub seller_sku: String,
    #[serde(
        deserialize_with = "null_as_default",
        skip_serializing_if = "String::is_empty"
    )]
    pub title: String,
    #[serde(
        deserialize_with = "null_as_default",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub sales_attributes: Vec<SalesAttribute>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub price: Option<SkuPrice>,
    #[serde(
        deserialize_with = "null_as_default",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub inventory: Vec<WarehouseStock>,
}

/// A price with its currency (list prices).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ListPrice {
    #[serde(deserialize_with = "decimal", skip_serializing_if = "Option::is_none")]
    pub amount: Option<Decimal>,
    #[serde(deserialize_with = "null_as_default")]
    pub currency: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct SkuStatusInfo {
    pub status: SkuStatus,
    /// `SELLER`, `PLATFORM`, `COMBO_RELATION`.
    #[serde(
        deserialize_with = "null_as_default",
        skip_serializing_if = "String::is_empty"
    )]
    pub deactivation_source: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Audit {
    pub status: AuditStatus,
    /// `KYC_PENDING`, `RESTRICTED_CATEGORY_PENDING` (only while `PRE_APPROVED`).
    #[serde(deserialize_with = "null_as_default")]
    pub pre_approved_reasons: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct CategoryChain {
    #[serde(deserialize_with = "null_as_default")]
    pub id: String,
    /// `0` for a root category.
    #[serde(deserialize_with = "null_as_default")]
    pub parent_id: String,
    #[serde(deserialize_with = "null_as_default")]
    pub local_name: String,
    #[serde(deserialize_with = "null_as_default")]
    pub is_leaf: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Brand {
    #[serde(deserialize_with = "null_as_default")]
    pub id: String,
    #[serde(deserialize_with = "null_as_default")]
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Image {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub height: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub width: Option<i64>,
    #[serde(
        deserialize_with = "null_as_default",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub thumb_urls: Vec<String>,
    #[serde(deserialize_with = "null_as_default")]
    pub uri: String,
    #[serde(
        deserialize_with = "null_as_default",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub urls: Vec<String>,
}

/// Lengths as decimal strings, as sent.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct PackageDimensions {
    #[serde(deserialize_with = "null_as_default")]
    pub length: String,
    #[serde(deserialize_with = "null_as_default")]
    pub width: String,
    #[serde(deserialize_with = "null_as_default")]
    pub height: String,
    /// `CENTIMETER` or `INCH`.
    #[serde(deserialize_with = "null_as_default")]
    pub unit: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct PackageWeight {
    #[serde(deserialize_with = "null_as_default")]
    pub value: String,
    /// `KILOGRAM` or `POUND`.
    #[serde(deserialize_with = "null_as_default")]
    pub unit: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ProductAttribute {
    #[serde(deserialize_with = "null_as_default")]
    pub id: String,
    #[serde(deserialize_with = "null_as_default")]
    pub name: String,
    #[serde(deserialize_with = "null_as_default")]
    pub values: Vec<AttributeValue>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct AttributeValue {
    #[serde(deserialize_with = "null_as_default")]
    pub id: String,
    #[serde(deserialize_with = "null_as_default")]
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct AuditFailedReason {
    #[serde(deserialize_with = "null_as_default")]
    pub position: String,
    #[serde(deserialize_with = "null_as_default")]
    pub reasons: Vec<String>,
    #[serde(deserialize_with = "null_as_default")]
    pub suggestions: Vec<String>,
    #[serde(
        deserialize_with = "null_as_default",
        skip_serializing_if = "String::is_empty"
    )]
    pub listing_platform: String,
}
