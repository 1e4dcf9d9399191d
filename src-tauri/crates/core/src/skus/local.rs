//! The seller's SKU list: read, edit one SKU (creating it when the code is new), delete one.
//! Every change announces itself ([`Shopdock::local_skus_changed`]), so the SKUs screen
//! refreshes and the stock sync pushes what moved.

use super::cells::{money_cell, MAX_STOCK};
use super::views::{LocalSkuInput, LocalSkuView};
use crate::api::FormField;
use crate::errors::{CoreError, CoreResult};
use crate::sheet::Cell;
use crate::{ApiError, CoreEvent, Shopdock};
use rust_decimal::Decimal;
use shopdock_store::{LocalSkuPatch, SaveOutcome, StoreError};

impl Shopdock {
    /// Every local SKU, by code, with how many TikTok SKUs sell it.
    pub async fn local_skus(&self) -> Result<Vec<LocalSkuView>, ApiError> {
        let (skus, links) = self.db(|s| Ok((s.local_skus()?, s.link_counts()?))).await?;
        Ok(skus
            .into_iter()
            .map(|sku| {
                let linked = links.get(&sku.code).copied().unwrap_or(0);
                LocalSkuView::new(sku, linked)
            })
            .collect())
    }

    /// The local SKU of `code` (ignoring case and surrounding spaces).
    pub async fn local_sku(&self, code: &str) -> Result<LocalSkuView, ApiError> {
        let code = code.to_owned();
        let (sku, linked) = self
            .db(move |s| {
                let sku = s
                    .local_sku(&code)?
                    .ok_or_else(|| StoreError::LocalSkuNotFound(code.trim().to_owned()))?;
                let linked = s.link_counts()?.get(&sku.code).copied().unwrap_or(0);
                Ok((sku, linked))
            })
            .await?;
        Ok(LocalSkuView::new(sku, linked))
    }

    /// Saves one SKU: creates it when the code is new, else changes the given values of the
    /// stored one (its code keeps the stored spelling). Refuses an empty code, stock below 0
    /// or not a whole number, and a price or cost that is not an amount, each on its field.
    pub async fn save_local_sku(&self, input: LocalSkuInput) -> Result<LocalSkuView, ApiError> {
        let (code, patch) = validate(&input)?;
        let now = self.now();
        let saved = self
            .db(move |s| s.save_local_sku(&code, &patch, now))
            .await?;
        if saved.outcome != SaveOutcome::Unchanged {
            tracing::info!(code = %saved.sku.code, outcome = ?saved.outcome, "local SKU saved");
            self.local_skus_changed(vec![saved.sku.code.clone()]);
        }
        self.local_sku(&saved.sku.code).await
    }

    /// Deletes a local SKU. Refused (Conflict) while TikTok SKUs are linked to it, and
    /// NotFound for an unknown code.
    pub async fn delete_local_sku(&self, code: &str) -> Result<(), ApiError> {
        let owned = code.to_owned();
        let deleted = self.db(move |s| s.delete_local_sku(&owned)).await?;
        if !deleted {
            return Err(
                CoreError::Store(StoreError::LocalSkuNotFound(code.trim().to_owned())).into(),
            );
        }
        self.local_skus_changed(vec![code.trim().to_owned()]);
        Ok(())
    }

    /// Tells the window and the stock sync that these SKUs changed.
    pub(crate) fn local_skus_changed(&self, codes: Vec<String>) {
        if !codes.is_empty() {
            self.emit(CoreEvent::LocalSkusChanged { codes });
        }
    }

    /// Tells the window and the stock sync that a shop's links changed.
    pub(crate) fn sku_links_changed(&self, shop_id: &str) {
        self.emit(CoreEvent::SkuLinksChanged {
            shop_id: shop_id.to_owned(),
        });
    }
}

/// The input as a save, or the fields the seller must fix.
fn validate(input: &LocalSkuInput) -> CoreResult<(String, LocalSkuPatch)> {
    let mut fields = Vec::new();
    let code = input.code.trim().to_owned();
    if code.is_empty() {
        fields.push((FormField::SkuCode, "Type the SKU's code.".to_owned()));
    }
    if let Some(n) = input.on_hand.filter(|n| !(0..=MAX_STOCK).contains(n)) {
        fields.push((
            FormField::OnHand,
            format!("The stock {n} is not a number of units from 0 to {MAX_STOCK}."),
        ));
    }
    let mut money =
        |text: &Option<String>, field: FormField, what: &str| -> Option<Option<Decimal>> {
            let text = text.as_deref()?.trim();
            if text.is_empty() {
                return Some(None);
            }
            match money_cell(&Cell::Text(text.to_owned())) {
                Ok(d) => Some(Some(d)),
                Err(reason) => {
                    fields.push((field, format!("The {what} {reason}.")));
                    None
                }
            }
        };
    let price = money(&input.price, FormField::Price, "price");
    let cost = money(&input.cost, FormField::Cost, "cost");
    if !fields.is_empty() {
        return Err(CoreError::Validation(
            fields
                .into_iter()
                .map(|(field, message)| crate::api::FieldError { field, message })
                .collect(),
        ));
    }
    Ok((
        code,
        LocalSkuPatch {
            name: input.name.as_ref().map(|n| n.trim().to_owned()),
            on_hand: input.on_hand,
            price,
            cost,
        },
    ))
}
