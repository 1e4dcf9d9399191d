//! The control API's catalog edits: what a seller changes in Seller Center (a title, a status,
//! variants removed, the main image) and an import must pick up, and the shape of the fillers a
//! catalog grows with. An edit sets the product's `update_time` to now, as any change on TikTok
//! does.

use super::now;
use crate::control::Control;
use crate::state::lock;
use crate::SandboxError;
use serde::Deserialize;
use shopdock_tiktok::product::ProductStatus;

/// A seller's edit of one product; `None` and empty leave that part as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct ProductEdit {
    pub title: Option<String>,
    /// A documented product status (`ACTIVATE`, `SELLER_DEACTIVATED`, `DELETED`, ...).
    pub status: Option<String>,
    /// SKU ids to remove (none that orders name).
    pub remove_skus: Vec<String>,
    /// The seller uploads a new main image (it gets a new link).
    pub new_image: bool,
}

impl Control {
    /// Applies a seller's edit to `product_id` of `shop` (see [`ProductEdit`]).
    pub fn edit_product(
        &self,
        shop: &str,
        product_id: &str,
        edit: &ProductEdit,
    ) -> Result<(), SandboxError> {
        let s = self
            .inner
            .shop(shop)
            .ok_or_else(|| SandboxError::UnknownShop(shop.to_string()))?;
        let id: u64 = product_id
            .trim()
            .parse()
            .map_err(|_| SandboxError::Invalid(format!("product {product_id:?} is not an id")))?;
        let status = match edit.status.as_deref().map(ProductStatus::parse) {
            Some(ProductStatus::Other(s)) => {
                return Err(SandboxError::Invalid(format!(
                    "unknown product status {s:?}"
                )))
            }
            other => other,
        };
        let remove = edit
            .remove_skus
            .iter()
            .map(|k| k.trim().parse::<u64>())
            .collect::<Result<Vec<_>, _>>()
            .map_err(|_| SandboxError::Invalid("a SKU to remove is not an id".into()))?;
        let at = now(&self.inner);
        let mut store = lock(&s.products);
        if store.product(id).is_none() {
            return Err(SandboxError::Invalid(format!(
                "no product {product_id} in shop {shop}"
            )));
        }
        store
            .remove_skus(id, &remove)
            .map_err(SandboxError::Invalid)?;
        if let Some(p) = store.product_mut(id) {
            if let Some(title) = &edit.title {
                p.title = title.clone();
            }
            if let Some(status) = status {
                p.status = status;
            }
            if edit.new_image {
                p.image += 1;
            }
            p.update_time = p.update_time.max(at);
        }
        Ok(())
    }

    /// Every filler `shop`'s catalog grows with from now on has `skus` SKUs (1 to 3); `None`
    /// draws one to three per product (the default).
    pub fn set_filler_skus(&self, shop: &str, skus: Option<usize>) -> Result<(), SandboxError> {
        let s = self
            .inner
            .shop(shop)
            .ok_or_else(|| SandboxError::UnknownShop(shop.to_string()))?;
        lock(&s.products)
            .set_filler_skus(skus)
            .map_err(SandboxError::Invalid)
    }
}
