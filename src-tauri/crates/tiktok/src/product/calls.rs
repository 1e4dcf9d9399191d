//! The product and warehouse calls on [`Client`]; see the module docs of [`crate::product`].

use super::*;
use crate::client::{Client, Method};
use crate::error::TikTokError;
use crate::path::{check_id, with_id};
use crate::secret::Secret;
use serde::Deserialize;

/// `data: {}` of Update Price.
#[derive(Deserialize, Default)]
struct Acknowledged {}

fn json<T: serde::Serialize>(body: &T) -> Result<Vec<u8>, TikTokError> {
    serde_json::to_vec(body).map_err(|e| TikTokError::InvalidRequest(e.to_string()))
}

fn at_most(what: &str, n: usize, max: usize) -> Result<(), TikTokError> {
    if n > max {
        return Err(TikTokError::InvalidRequest(format!(
            "{what}: at most {max} per call, got {n}"
        )));
    }
    Ok(())
}

impl Client {
    /// Search Products: one page, each product decoded on its own.
    pub async fn search_products(
        &self,
        access_token: &Secret,
        shop_cipher: &str,
        query: &SearchProductsQuery,
        filter: &SearchProductsFilter,
    ) -> Result<ProductSearchPage, TikTokError> {
        at_most("seller_skus", filter.seller_skus.len(), MAX_FILTER_SKUS)?;
        at_most("sku_ids", filter.sku_ids.len(), MAX_FILTER_SKUS)?;
        let params = crate::paging::page_params(
            query.page_size,
            MAX_PRODUCT_PAGE_SIZE,
            query.page_token.as_deref(),
        )?;
        // An empty JSON object is refused by the client (signing); an empty filter is sent
        // without a body, which TikTok reads as its defaults.
        let body = (*filter != SearchProductsFilter::default())
            .then(|| json(filter))
            .transpose()?;
        let raw: RawProductPage = self
            .call(
                Method::Post,
                SEARCH_PRODUCTS_PATH,
                access_token,
                Some(shop_cipher),
                &params,
                body,
            )
            .await?;
        Ok(ProductSearchPage::from_raw(raw))
    }

    /// Get Product: every property of one product (TikTok refuses FREEZE and DELETED ones).
    pub async fn get_product(
        &self,
        access_token: &Secret,
        shop_cipher: &str,
        product_id: &str,
    ) -> Result<Product, TikTokError> {
        let path = with_id(GET_PRODUCT_PATH, "product_id", product_id)?;
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

    /// Get Warehouse List: the seller's warehouses for this shop.
    pub async fn warehouses(
        &self,
        access_token: &Secret,
        shop_cipher: &str,
    ) -> Result<WarehouseList, TikTokError> {
        self.call(
            Method::Get,
            WAREHOUSES_PATH,
            access_token,
            Some(shop_cipher),
            &[],
            None,
        )
        .await
    }

    /// Update Inventory for SKUs of one product. A reply with `code 0` may still refuse some
    /// SKUs: the outcome says, SKU by SKU.
    pub async fn update_inventory(
        &self,
        access_token: &Secret,
        shop_cipher: &str,
        product_id: &str,
        request: &UpdateInventoryRequest,
    ) -> Result<InventoryUpdateOutcome, TikTokError> {
        let path = with_id(UPDATE_INVENTORY_PATH, "product_id", product_id)?;
        if request.skus.is_empty() {
            return Err(TikTokError::InvalidRequest(
                "Update Inventory needs at least one SKU".into(),
            ));
        }
        for sku in &request.skus {
            check_id("sku id", &sku.id)?;
            if sku.inventory.iter().any(|q| q.quantity < 0) {
                return Err(TikTokError::InvalidRequest(format!(
                    "SKU {}: a quantity cannot be negative",
                    sku.id
                )));
            }
        }
        let reply: UpdateInventoryReply = self
            .call(
                Method::Post,
                &path,
                access_token,
                Some(shop_cipher),
                &[],
                Some(json(request)?),
            )
            .await?;
        Ok(InventoryUpdateOutcome::from_reply(request, reply))
    }

    /// Inventory Search: available and committed units per SKU and warehouse.
    pub async fn inventory_search(
        &self,
        access_token: &Secret,
        shop_cipher: &str,
        query: &InventoryQuery,
    ) -> Result<InventoryList, TikTokError> {
        let ids = match query {
            InventoryQuery::Products(ids) => {
                at_most("product_ids", ids.len(), MAX_INVENTORY_PRODUCT_IDS)?;
                ids
            }
            InventoryQuery::Skus(ids) => {
                at_most("sku_ids", ids.len(), MAX_INVENTORY_SKU_IDS)?;
                ids
            }
        };
        if ids.is_empty() {
            return Ok(InventoryList::default());
        }
        for id in ids {
            check_id("id", id)?;
        }
        self.call(
            Method::Post,
            INVENTORY_SEARCH_PATH,
            access_token,
            Some(shop_cipher),
            &[],
            Some(json(&InventorySearchRequest::from(query))?),
        )
        .await
    }

    /// Update Price for SKUs of one product; all or nothing.
    pub async fn update_price(
        &self,
        access_token: &Secret,
        shop_cipher: &str,
        product_id: &str,
        request: &UpdatePriceRequest,
    ) -> Result<(), TikTokError> {
        let path = with_id(UPDATE_PRICE_PATH, "product_id", product_id)?;
        if request.skus.is_empty() {
            return Err(TikTokError::InvalidRequest(
                "Update Price needs at least one SKU".into(),
            ));
        }
        for sku in &request.skus {
            check_id("sku id", &sku.id)?;
        }
        let _: Acknowledged = self
            .call(
                Method::Post,
                &path,
                access_token,
                Some(shop_cipher),
                &[],
                Some(json(request)?),
            )
            .await?;
        Ok(())
    }
}
