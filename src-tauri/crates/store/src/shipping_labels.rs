//! The `shipping_labels` table: TikTok's shipping labels downloaded into the data folder, one
//! row per package and size naming its file. TikTok's link to a label lives 24 hours, so core
//! downloads it at once and prints from the file from then on (offline too).

use crate::error::is_foreign_key_violation;
use crate::{Store, StoreError};
use rusqlite::{params, OptionalExtension, Row};

/// One kept label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShippingLabel {
    pub shop_id: String,
    pub package_id: String,
    /// `A6` or `A5`, TikTok's word.
    pub document_size: String,
    pub order_id: String,
    pub tracking_number: Option<String>,
    /// Relative to the data folder.
    pub file_name: String,
    pub bytes: u64,
    /// Unix seconds.
    pub fetched_at: i64,
}

const COLUMNS: &str = "shop_id, package_id, document_size, order_id, tracking_number, file_name, \
                       bytes, fetched_at";

fn label_from(r: &Row<'_>) -> rusqlite::Result<ShippingLabel> {
    Ok(ShippingLabel {
        shop_id: r.get(0)?,
        package_id: r.get(1)?,
        document_size: r.get(2)?,
        order_id: r.get(3)?,
        tracking_number: r.get(4)?,
        file_name: r.get(5)?,
        bytes: r.get(6)?,
        fetched_at: r.get(7)?,
    })
}

impl Store {
    /// Keeps (or replaces) the row of a label's package and size. `ShopNotFound` for an
    /// unknown shop; `Invalid` for a row the table cannot hold (empty ids, another size).
    pub fn put_shipping_label(&self, label: &ShippingLabel) -> Result<(), StoreError> {
        if !matches!(label.document_size.as_str(), "A6" | "A5") {
            return Err(StoreError::Invalid(format!(
                "a label is A6 or A5, not {:?}",
                label.document_size
            )));
        }
        if label.package_id.is_empty() || label.order_id.is_empty() || label.file_name.is_empty() {
            return Err(StoreError::Invalid(
                "a label needs its package, order and file".into(),
            ));
        }
        self.with_writer(|conn| {
            let result = conn
                .prepare_cached(&format!(
                    "INSERT OR REPLACE INTO shipping_labels ({COLUMNS})
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
                ))?
                .execute(params![
                    label.shop_id,
                    label.package_id,
                    label.document_size,
                    label.order_id,
                    label.tracking_number,
                    label.file_name,
                    label.bytes,
                    label.fetched_at
                ]);
            match result {
                Ok(_) => Ok(()),
                Err(e) if is_foreign_key_violation(&e) => {
                    Err(StoreError::ShopNotFound(label.shop_id.clone()))
                }
                Err(e) => Err(e.into()),
            }
        })
    }

    /// The kept label of a package in one size.
    pub fn shipping_label(
        &self,
        shop_id: &str,
        package_id: &str,
        document_size: &str,
    ) -> Result<Option<ShippingLabel>, StoreError> {
        self.read(|conn| {
            Ok(conn
                .prepare_cached(&format!(
                    "SELECT {COLUMNS} FROM shipping_labels
                     WHERE shop_id = ?1 AND package_id = ?2 AND document_size = ?3"
                ))?
                .query_row(params![shop_id, package_id, document_size], label_from)
                .optional()?)
        })
    }

    /// Every kept label of an order (any package, any size), newest first.
    pub fn shipping_labels_of_order(
        &self,
        shop_id: &str,
        order_id: &str,
    ) -> Result<Vec<ShippingLabel>, StoreError> {
        self.read(|conn| {
            let rows = conn
                .prepare_cached(&format!(
                    "SELECT {COLUMNS} FROM shipping_labels
                     WHERE shop_id = ?1 AND order_id = ?2
                     ORDER BY fetched_at DESC, package_id, document_size"
                ))?
                .query_map(params![shop_id, order_id], label_from)?
                .collect::<Result<Vec<_>, _>>()?;
            Ok(rows)
        })
    }

    /// Forgets the row of a label whose file is gone; false when there was none.
    pub fn forget_shipping_label(
        &self,
        shop_id: &str,
        package_id: &str,
        document_size: &str,
    ) -> Result<bool, StoreError> {
        self.with_writer(|conn| {
            let n = conn
                .prepare_cached(
                    "DELETE FROM shipping_labels
                     WHERE shop_id = ?1 AND package_id = ?2 AND document_size = ?3",
                )?
                .execute(params![shop_id, package_id, document_size])?;
            Ok(n > 0)
        })
    }
}
