//! TikTok Shipping labels: eligible shipping services and Create Packages (US label purchase),
//! and Get Package Shipping Document (§A, §B).

use crate::error::TikTokError;
use serde::{Deserialize, Serialize};

/// A package weight. `value` is a decimal string; `unit` is `GRAM` or `POUND`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct Weight {
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub value: String,
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub unit: String,
}

impl Weight {
    pub fn grams(value: impl Into<String>) -> Self {
        Self {
            value: value.into(),
            unit: "GRAM".into(),
        }
    }

    pub fn pounds(value: impl Into<String>) -> Self {
        Self {
            value: value.into(),
            unit: "POUND".into(),
        }
    }
}

/// Package dimensions, all three together. Values are decimal strings; `unit` is `CM` or `INCH`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct Dimension {
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub length: String,
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub width: String,
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub height: String,
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub unit: String,
}

impl Dimension {
    pub fn centimetres(length: &str, width: &str, height: &str) -> Self {
        Self::with_unit(length, width, height, "CM")
    }

    pub fn inches(length: &str, width: &str, height: &str) -> Self {
        Self::with_unit(length, width, height, "INCH")
    }

    fn with_unit(length: &str, width: &str, height: &str, unit: &str) -> Self {
        Self {
            length: length.into(),
            width: width.into(),
            height: height.into(),
            unit: unit.into(),
        }
    }
}

/// Body of Get Eligible Shipping Service. At least one field is required, because an empty
/// body `{}` is not sent (see [`crate::Client::call`]): name the order's line items to ask
/// for the whole order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct EligibleServicesRequest {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub order_line_item_ids: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weight: Option<Weight>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dimension: Option<Dimension>,
}

impl EligibleServicesRequest {
    pub(crate) fn check(&self) -> Result<(), TikTokError> {
        if self.order_line_item_ids.is_empty() && self.weight.is_none() && self.dimension.is_none()
        {
            return Err(TikTokError::InvalidRequest(
                "Get Eligible Shipping Service needs line item ids, a weight or dimensions".into(),
            ));
        }
        Ok(())
    }
}

/// `data` of Get Eligible Shipping Service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct EligibleShippingServices {
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub order_id: String,
    /// The line items asked about (TikTok's name for the field).
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub order_line_id: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weight: Option<Weight>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dimension: Option<Dimension>,
    /// For sellers under TikTok's label allocation only one comes back, and the id passed to
    /// Create Packages is ignored (§A).
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub shipping_services: Vec<ShippingService>,
}

impl EligibleShippingServices {
    /// The service TikTok marks as default, if any.
    pub fn default_service(&self) -> Option<&ShippingService> {
        self.shipping_services.iter().find(|s| s.is_default)
    }
}

/// A label service: carrier, estimated price and delivery days.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct ShippingService {
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub id: String,
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub name: String,
    /// Estimated price, decimal string in `currency`.
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub price: String,
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub currency: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub earliest_delivery_days: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub latest_delivery_days: Option<i64>,
    /// Get Eligible Shipping Service only.
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub is_default: bool,
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub shipping_provider_name: String,
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub shipping_provider_id: String,
}

/// Body of Create Packages (buys the label; the order moves to AWAITING_COLLECTION).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct CreatePackagesRequest {
    pub order_id: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub order_line_item_ids: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dimension: Option<Dimension>,
    /// TikTok's default service when absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shipping_service_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weight: Option<Weight>,
}

/// `data` of Create Packages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct CreatedPackage {
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub order_id: String,
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub order_line_item_ids: Vec<String>,
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub package_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shipping_service_info: Option<ShippingService>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weight: Option<Weight>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dimension: Option<Dimension>,
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub create_time: i64,
}

/// `document_type` of Get Package Shipping Document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum DocumentType {
    ShippingLabel,
    PackingSlip,
    ShippingLabelAndPackingSlip,
    /// PNG; the size is ignored.
    ShippingLabelPicture,
    /// A4, only for packages with hazmat items.
    HazmatLabel,
    /// BR only, A6.
    InvoiceLabel,
}

impl DocumentType {
    pub fn as_str(self) -> &'static str {
        match self {
            DocumentType::ShippingLabel => "SHIPPING_LABEL",
            DocumentType::PackingSlip => "PACKING_SLIP",
            DocumentType::ShippingLabelAndPackingSlip => "SHIPPING_LABEL_AND_PACKING_SLIP",
            DocumentType::ShippingLabelPicture => "SHIPPING_LABEL_PICTURE",
            DocumentType::HazmatLabel => "HAZMAT_LABEL",
            DocumentType::InvoiceLabel => "INVOICE_LABEL",
        }
    }
}

/// `document_size`: A6 (TikTok's default) or A5. There is no 4x6 or letter size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum DocumentSize {
    A6,
    A5,
}

impl DocumentSize {
    pub fn as_str(self) -> &'static str {
        match self {
            DocumentSize::A6 => "A6",
            DocumentSize::A5 => "A5",
        }
    }
}

/// `document_format`: PDF (default) or ZPL (BR only).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum DocumentFormat {
    Pdf,
    Zpl,
}

impl DocumentFormat {
    pub fn as_str(self) -> &'static str {
        match self {
            DocumentFormat::Pdf => "PDF",
            DocumentFormat::Zpl => "ZPL",
        }
    }
}

/// The query of Get Package Shipping Document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ShippingDocumentQuery {
    pub document_type: DocumentType,
    pub document_size: Option<DocumentSize>,
    pub document_format: Option<DocumentFormat>,
}

impl ShippingDocumentQuery {
    pub fn new(document_type: DocumentType) -> Self {
        Self {
            document_type,
            document_size: None,
            document_format: None,
        }
    }
}

/// `data` of Get Package Shipping Document. `doc_url` is valid for 24 hours: download the
/// file at once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct ShippingDocument {
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub doc_url: String,
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub tracking_number: String,
}
