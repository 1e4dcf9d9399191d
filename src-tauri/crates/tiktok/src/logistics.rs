//! Logistics (202309): the shipping providers (carriers) of a delivery option, for tracking
//! upload, and a warehouse's delivery options (fact sheet §C). Provider lists differ per
//! delivery option, so callers cache them per `delivery_option_id`.

use crate::client::{Client, Method};
use crate::error::TikTokError;
use crate::path::with_id;
use crate::secret::Secret;
use serde::{Deserialize, Serialize};

/// Get Shipping Providers.
pub const SHIPPING_PROVIDERS_PATH: &str =
    "/logistics/202309/delivery_options/{delivery_option_id}/shipping_providers";
/// Get Warehouse Delivery Options.
pub const WAREHOUSE_DELIVERY_OPTIONS_PATH: &str =
    "/logistics/202309/warehouses/{warehouse_id}/delivery_options";

/// A carrier the seller may name when uploading tracking. "DHL" and "DHL eCommerce" are
/// different providers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct ShippingProvider {
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub id: String,
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub name: String,
}

/// `data` of Get Shipping Providers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct ShippingProviders {
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub shipping_providers: Vec<ShippingProvider>,
}

/// `scope` of Get Warehouse Delivery Options.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum DeliveryOptionScope {
    /// The options active for the warehouse (TikTok's default).
    #[default]
    Warehouse,
    /// Options that can be set on a product; only `id` and `name` come back.
    Product,
}

impl DeliveryOptionScope {
    pub fn as_str(self) -> &'static str {
        match self {
            DeliveryOptionScope::Warehouse => "WAREHOUSE",
            DeliveryOptionScope::Product => "PRODUCT",
        }
    }
}

/// A delivery option of a warehouse.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct DeliveryOption {
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub id: String,
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub name: String,
    /// `STANDARD`, `EXPRESS`, `ECONOMY` or `SEND_BY_SELLER` (seller shipping).
    #[serde(rename = "type", deserialize_with = "crate::lenient::null_as_default")]
    pub option_type: String,
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub description: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dimension_limit: Option<DimensionLimit>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weight_limit: Option<WeightLimit>,
    /// `TIKTOK_SHOP`, `TOKOPEDIA`.
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub platform: Vec<String>,
}

impl DeliveryOption {
    /// Whether the seller ships with their own carrier under this option.
    pub fn is_send_by_seller(&self) -> bool {
        self.option_type == "SEND_BY_SELLER"
    }
}

/// Size limits of a delivery option (numbers as TikTok sends them; not money).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct DimensionLimit {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_height: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_length: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_width: Option<f64>,
    /// `CM` or `INCH`.
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub unit: String,
}

/// Weight limits of a delivery option.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct WeightLimit {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_weight: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_weight: Option<f64>,
    /// `GRAM` or `POUND`.
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub unit: String,
}

/// `data` of Get Warehouse Delivery Options.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct DeliveryOptions {
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub delivery_options: Vec<DeliveryOption>,
}

impl Client {
    /// Get Shipping Providers for an order's `delivery_option_id`. A TikTok Shipping option
    /// has none (21008117, [`crate::codes::DELIVERY_OPTION_BY_TIKTOK`]).
    pub async fn shipping_providers(
        &self,
        access_token: &Secret,
        shop_cipher: &str,
        delivery_option_id: &str,
    ) -> Result<Vec<ShippingProvider>, TikTokError> {
        let path = with_id(
            SHIPPING_PROVIDERS_PATH,
            "delivery_option_id",
            delivery_option_id,
        )?;
        let data: ShippingProviders = self
            .call(
                Method::Get,
                &path,
                access_token,
                Some(shop_cipher),
                &[],
                None,
            )
            .await?;
        Ok(data.shipping_providers)
    }

    /// Get Warehouse Delivery Options for an order's `warehouse_id` (TikTok's default scope
    /// when `scope` is `None`).
    pub async fn warehouse_delivery_options(
        &self,
        access_token: &Secret,
        shop_cipher: &str,
        warehouse_id: &str,
        scope: Option<DeliveryOptionScope>,
    ) -> Result<Vec<DeliveryOption>, TikTokError> {
        let path = with_id(
            WAREHOUSE_DELIVERY_OPTIONS_PATH,
            "warehouse_id",
            warehouse_id,
        )?;
        let params: Vec<(String, String)> = scope
            .map(|s| ("scope".to_owned(), s.as_str().to_owned()))
            .into_iter()
            .collect();
        let data: DeliveryOptions = self
            .call(
                Method::Get,
                &path,
                access_token,
                Some(shop_cipher),
                &params,
                None,
            )
            .await?;
        Ok(data.delivery_options)
    }
}
