//! Fulfillment (202309): packages, arranging shipment, tracking upload, TikTok shipping labels,
//! and the corrections after shipment (fact sheet §A, §C; the `fulfillment/` specs).
//!
//! Models keep TikTok's field names. Ids are strings, money (a label's price) is a decimal
//! string, and enumerated response fields (`package_status`, `handover_method`, units, ...)
//! are strings, so a value TikTok adds later is kept as sent; requests use Rust enums where
//! the spec lists the values. Every write here is a POST that [`crate::client::is_read_only`]
//! counts as a write, so an unreadable reply is [`crate::TikTokError::UnconfirmedWrite`]; Search
//! Package and Get Eligible Shipping Service are POSTs that only read.

mod calls;
pub mod download;
pub mod label;
pub mod package;
pub mod ship;

pub use download::{DocumentFile, MAX_DOCUMENT_BYTES};
pub use label::{
    CreatePackagesRequest, CreatedPackage, Dimension, DocumentFormat, DocumentSize, DocumentType,
    EligibleServicesRequest, EligibleShippingServices, ShippingDocument, ShippingDocumentQuery,
    ShippingService, Weight,
};
pub use package::{
    PackageAddress, PackageDetail, PackageInsurance, PackageOrder, PackagePage, PackageSku,
    PackageSortField, PackageStatus, PackageSummary, SearchPackagesFilter, SearchPackagesQuery,
};
pub use ship::{
    BatchShipOutcome, BatchShipPackage, BatchShipReply, BatchShipRequest, HandoverMethod,
    HandoverSlot, HandoverTimeSlots, MarkShippedRequest, MarkedShipped, PackageErrorDetail,
    PackageShipError, PackageShipOutcome, PackageShipResult, PickupSlot, SelfShipment,
    ShipPackageRequest, ShippingInfoUpdate, TrackingWarning,
};

/// Get Package Detail.
pub const PACKAGE_DETAIL_PATH: &str = "/fulfillment/202309/packages/{package_id}";
/// Search Package (a POST that only reads).
pub const SEARCH_PACKAGES_PATH: &str = "/fulfillment/202309/packages/search";
/// Get Package Shipping Document.
pub const SHIPPING_DOCUMENT_PATH: &str =
    "/fulfillment/202309/packages/{package_id}/shipping_documents";
/// Mark Package As Shipped (seller shipping, US/UK/EU/JP).
pub const MARK_SHIPPED_PATH: &str = "/fulfillment/202309/orders/{order_id}/packages";
/// Ship Package.
pub const SHIP_PACKAGE_PATH: &str = "/fulfillment/202309/packages/{package_id}/ship";
/// Batch Ship Packages.
pub const BATCH_SHIP_PATH: &str = "/fulfillment/202309/packages/ship";
/// Get Eligible Shipping Service (a POST that only reads).
pub const ELIGIBLE_SERVICES_PATH: &str =
    "/fulfillment/202309/orders/{order_id}/shipping_services/query";
/// Create Packages (buys a TikTok shipping label in the US).
pub const CREATE_PACKAGES_PATH: &str = "/fulfillment/202309/packages";
/// Get Package Handover Time Slots.
pub const HANDOVER_SLOTS_PATH: &str =
    "/fulfillment/202309/packages/{package_id}/handover_time_slots";
/// Update Shipping Info (orders that were not split).
pub const UPDATE_SHIPPING_INFO_PATH: &str =
    "/fulfillment/202309/orders/{order_id}/shipping_info/update";
/// Update Package Shipping Info (split orders).
pub const UPDATE_PACKAGE_SHIPPING_INFO_PATH: &str =
    "/fulfillment/202309/packages/{package_id}/shipping_info/update";
/// The largest `page_size` Search Package accepts.
pub const MAX_PACKAGE_PAGE_SIZE: u32 = 50;
