//! The fulfillment calls on [`Client`]. Each is one signed request at the version the API
//! reference documents (202309); see the module docs of [`crate::fulfillment`].

use super::*;
use crate::client::{Client, Method, EARLIEST_CREATE_TIME};
use crate::error::TikTokError;
use crate::path::{check_id, with_id};
use crate::secret::Secret;
use serde::{Deserialize, Serialize};

/// `data: {}` of the writes that return nothing.
#[derive(Deserialize, Default)]
struct Acknowledged {}

fn json<T: Serialize>(body: &T) -> Result<Vec<u8>, TikTokError> {
    serde_json::to_vec(body).map_err(|e| TikTokError::InvalidRequest(e.to_string()))
}

impl Client {
    /// A write whose success answer carries no data (`data: {}`).
    async fn post_acknowledged<T: Serialize>(
        &self,
        access_token: &Secret,
        shop_cipher: &str,
        path: &str,
        body: &T,
    ) -> Result<(), TikTokError> {
        let _: Acknowledged = self
            .call(
                Method::Post,
                path,
                access_token,
                Some(shop_cipher),
                &[],
                Some(json(body)?),
            )
            .await?;
        Ok(())
    }

    /// Get Package Detail.
    pub async fn package_detail(
        &self,
        access_token: &Secret,
        shop_cipher: &str,
        package_id: &str,
    ) -> Result<PackageDetail, TikTokError> {
        let path = with_id(PACKAGE_DETAIL_PATH, "package_id", package_id)?;
        self.call(
            Method::Get,
            &path,
            access_token,
            Some(shop_cipher),
            &[],
            None,
        )
        .await
    }

    /// Search Package: one page. An empty filter is sent as `create_time_ge` =
    /// [`EARLIEST_CREATE_TIME`], never as `{}`.
    pub async fn search_packages(
        &self,
        access_token: &Secret,
        shop_cipher: &str,
        query: &SearchPackagesQuery,
        filter: &SearchPackagesFilter,
    ) -> Result<PackagePage, TikTokError> {
        let params = crate::paging::search_params(
            query.page_size,
            MAX_PACKAGE_PAGE_SIZE,
            query.sort_field.as_str(),
            query.sort_order.as_str(),
            query.page_token.as_deref(),
        )?;
        let body = if *filter == SearchPackagesFilter::default() {
            json(&SearchPackagesFilter {
                create_time_ge: Some(EARLIEST_CREATE_TIME),
                ..Default::default()
            })?
        } else {
            json(filter)?
        };
        self.call(
            Method::Post,
            SEARCH_PACKAGES_PATH,
            access_token,
            Some(shop_cipher),
            &params,
            Some(body),
        )
        .await
    }

    /// Get Package Shipping Document: TikTok Shipping packages only, after shipment.
    pub async fn package_shipping_document(
        &self,
        access_token: &Secret,
        shop_cipher: &str,
        package_id: &str,
        query: &ShippingDocumentQuery,
    ) -> Result<ShippingDocument, TikTokError> {
        let path = with_id(SHIPPING_DOCUMENT_PATH, "package_id", package_id)?;
        let mut params = vec![(
            "document_type".to_owned(),
            query.document_type.as_str().to_owned(),
        )];
        if let Some(size) = query.document_size {
            params.push(("document_size".to_owned(), size.as_str().to_owned()));
        }
        if let Some(format) = query.document_format {
            params.push(("document_format".to_owned(), format.as_str().to_owned()));
        }
        self.call(
            Method::Get,
            &path,
            access_token,
            Some(shop_cipher),
            &params,
            None,
        )
        .await
    }

    /// Mark Package As Shipped: seller shipping in US/UK/EU/JP. The reply carries the new
    /// package's id and, in the US, a possible tracking [`MarkedShipped::warning`].
    pub async fn mark_package_as_shipped(
        &self,
        access_token: &Secret,
        shop_cipher: &str,
        order_id: &str,
        request: &MarkShippedRequest,
    ) -> Result<MarkedShipped, TikTokError> {
        request.check()?;
        let path = with_id(MARK_SHIPPED_PATH, "order_id", order_id)?;
        self.call(
            Method::Post,
            &path,
            access_token,
            Some(shop_cipher),
            &[],
            Some(json(request)?),
        )
        .await
    }

    /// Ship Package: arrange a TikTok Shipping handover, or ship with the seller's own
    /// tracking (`SEND_BY_SELLER`).
    pub async fn ship_package(
        &self,
        access_token: &Secret,
        shop_cipher: &str,
        package_id: &str,
        request: &ShipPackageRequest,
    ) -> Result<(), TikTokError> {
        request.check()?;
        let path = with_id(SHIP_PACKAGE_PATH, "package_id", package_id)?;
        self.post_acknowledged(access_token, shop_cipher, &path, request)
            .await
    }

    /// Batch Ship Packages. Success (code 0) may still carry per-package errors: the result
    /// says, for each package sent, whether it shipped, was refused, or is unknown.
    pub async fn batch_ship_packages(
        &self,
        access_token: &Secret,
        shop_cipher: &str,
        request: &BatchShipRequest,
    ) -> Result<BatchShipOutcome, TikTokError> {
        if request.packages.is_empty() {
            return Err(TikTokError::InvalidRequest(
                "Batch Ship Packages needs at least one package".into(),
            ));
        }
        for (at, package) in request.packages.iter().enumerate() {
            check_id("package_id", &package.id)?;
            package.ship.check()?;
            if request.packages[..at].iter().any(|p| p.id == package.id) {
                return Err(TikTokError::InvalidRequest(format!(
                    "package {} appears twice; its result could not be told apart",
                    package.id
                )));
            }
        }
        let reply: BatchShipReply = self
            .call(
                Method::Post,
                BATCH_SHIP_PATH,
                access_token,
                Some(shop_cipher),
                &[],
                Some(json(request)?),
            )
            .await?;
        Ok(BatchShipOutcome::from_reply(request, reply))
    }

    /// Get Eligible Shipping Service (US TikTok Shipping): the label services for an order
    /// or some of its line items. Reads only.
    pub async fn eligible_shipping_services(
        &self,
        access_token: &Secret,
        shop_cipher: &str,
        order_id: &str,
        request: &EligibleServicesRequest,
    ) -> Result<EligibleShippingServices, TikTokError> {
        request.check()?;
        let path = with_id(ELIGIBLE_SERVICES_PATH, "order_id", order_id)?;
        self.call(
            Method::Post,
            &path,
            access_token,
            Some(shop_cipher),
            &[],
            Some(json(request)?),
        )
        .await
    }

    /// Create Packages: buys a TikTok Shipping label (US).
    pub async fn create_packages(
        &self,
        access_token: &Secret,
        shop_cipher: &str,
        request: &CreatePackagesRequest,
    ) -> Result<CreatedPackage, TikTokError> {
        check_id("order_id", &request.order_id)?;
        self.call(
            Method::Post,
            CREATE_PACKAGES_PATH,
            access_token,
            Some(shop_cipher),
            &[],
            Some(json(request)?),
        )
        .await
    }

    /// Get Package Handover Time Slots: whether the package can be picked up or dropped off,
    /// and the pickup slots.
    pub async fn package_handover_time_slots(
        &self,
        access_token: &Secret,
        shop_cipher: &str,
        package_id: &str,
    ) -> Result<HandoverTimeSlots, TikTokError> {
        let path = with_id(HANDOVER_SLOTS_PATH, "package_id", package_id)?;
        self.call(
            Method::Get,
            &path,
            access_token,
            Some(shop_cipher),
            &[],
            None,
        )
        .await
    }

    /// Update Shipping Info: corrects the tracking of an order that was not split. Spends the
    /// order's single allowed update.
    pub async fn update_shipping_info(
        &self,
        access_token: &Secret,
        shop_cipher: &str,
        order_id: &str,
        update: &ShippingInfoUpdate,
    ) -> Result<(), TikTokError> {
        update.check()?;
        let path = with_id(UPDATE_SHIPPING_INFO_PATH, "order_id", order_id)?;
        self.post_acknowledged(access_token, shop_cipher, &path, update)
            .await
    }

    /// Update Package Shipping Info: the same correction for one package of a split order.
    pub async fn update_package_shipping_info(
        &self,
        access_token: &Secret,
        shop_cipher: &str,
        package_id: &str,
        update: &ShippingInfoUpdate,
    ) -> Result<(), TikTokError> {
        update.check()?;
        let path = with_id(UPDATE_PACKAGE_SHIPPING_INFO_PATH, "package_id", package_id)?;
        self.post_acknowledged(access_token, shop_cipher, &path, update)
            .await
    }
}
