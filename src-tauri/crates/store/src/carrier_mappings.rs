//! The `carrier_mappings` table: each shop's own carrier names, mapped once by the seller to
//! the name of one of TikTok's shipping providers. Names, not ids, are kept: a provider's id
//! differs per delivery option while its name is stable, so core resolves the id per order at
//! ship time. The key is core's normalised spelling of the seller's name (case, spaces and
//! punctuation ignored); the name as the seller first typed it is kept for display.

use crate::error::is_foreign_key_violation;
use crate::{Store, StoreError};
use rusqlite::{params, OptionalExtension, Row};

/// One remembered mapping.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CarrierMapping {
    /// The normalised seller name (core's key).
    pub seller_key: String,
    /// The seller's name as typed when the mapping was confirmed.
    pub seller_name: String,
    /// TikTok's provider name, as TikTok spells it.
    pub provider_name: String,
    /// Unix seconds.
    pub updated_at: i64,
}

fn mapping_from(r: &Row<'_>) -> rusqlite::Result<CarrierMapping> {
    Ok(CarrierMapping {
        seller_key: r.get(0)?,
        seller_name: r.get(1)?,
        provider_name: r.get(2)?,
        updated_at: r.get(3)?,
    })
}

impl Store {
    /// The shop's mapping of one seller key, if the seller confirmed one.
    pub fn carrier_mapping(
        &self,
        shop_id: &str,
        seller_key: &str,
    ) -> Result<Option<CarrierMapping>, StoreError> {
        self.read(|conn| {
            Ok(conn
                .prepare_cached(
                    "SELECT seller_key, seller_name, provider_name, updated_at
                     FROM carrier_mappings WHERE shop_id = ?1 AND seller_key = ?2",
                )?
                .query_row(params![shop_id, seller_key], mapping_from)
                .optional()?)
        })
    }

    /// Every mapping of the shop, by seller name.
    pub fn carrier_mappings(&self, shop_id: &str) -> Result<Vec<CarrierMapping>, StoreError> {
        self.read(|conn| {
            let rows = conn
                .prepare_cached(
                    "SELECT seller_key, seller_name, provider_name, updated_at
                     FROM carrier_mappings WHERE shop_id = ?1 ORDER BY seller_key",
                )?
                .query_map([shop_id], mapping_from)?
                .collect::<Result<Vec<_>, _>>()?;
            Ok(rows)
        })
    }

    /// Remembers (or replaces) the provider a seller name means. Fails with `ShopNotFound` for
    /// an unknown shop and with `Invalid` for an empty key or provider.
    pub fn set_carrier_mapping(
        &self,
        shop_id: &str,
        mapping: &CarrierMapping,
    ) -> Result<(), StoreError> {
        if mapping.seller_key.is_empty() || mapping.provider_name.trim().is_empty() {
            return Err(StoreError::Invalid(
                "a carrier mapping needs a seller name and a provider".into(),
            ));
        }
        self.with_writer(|conn| {
            let result = conn
                .prepare_cached(
                    "INSERT INTO carrier_mappings
                        (shop_id, seller_key, seller_name, provider_name, updated_at)
                     VALUES (?1, ?2, ?3, ?4, ?5)
                     ON CONFLICT (shop_id, seller_key) DO UPDATE SET
                        seller_name = excluded.seller_name,
                        provider_name = excluded.provider_name,
                        updated_at = excluded.updated_at",
                )?
                .execute(params![
                    shop_id,
                    mapping.seller_key,
                    mapping.seller_name,
                    mapping.provider_name,
                    mapping.updated_at
                ]);
            match result {
                Ok(_) => Ok(()),
                Err(e) if is_foreign_key_violation(&e) => {
                    Err(StoreError::ShopNotFound(shop_id.to_owned()))
                }
                Err(e) => Err(e.into()),
            }
        })
    }

    /// Forgets a mapping; false when there was none.
    pub fn forget_carrier_mapping(
        &self,
        shop_id: &str,
        seller_key: &str,
    ) -> Result<bool, StoreError> {
        self.with_writer(|conn| {
            let n = conn
                .prepare_cached(
                    "DELETE FROM carrier_mappings WHERE shop_id = ?1 AND seller_key = ?2",
                )?
                .execute(params![shop_id, seller_key])?;
            Ok(n > 0)
        })
    }

    /// The delivery options of the shop's `recent` newest seller-shipped orders: the options
    /// whose carriers a mapping can name (TikTok lists providers per delivery option).
    pub fn recent_delivery_options(
        &self,
        shop_id: &str,
        recent: u32,
    ) -> Result<Vec<String>, StoreError> {
        self.read(|conn| {
            // Absent and empty options are dropped here rather than in a WHERE, which would
            // unpack every order's raw JSON a second time.
            let rows = conn
                .prepare_cached(
                    "SELECT DISTINCT json_extract(order_json(p.raw_json), '$.delivery_option_id')
                     FROM (SELECT id FROM orders
                           WHERE shop_id = ?1 AND shipping_type = 'SELLER'
                           ORDER BY create_time DESC LIMIT ?2) o
                     JOIN order_details p ON p.order_ref = o.id",
                )?
                .query_map(params![shop_id, recent], |r| r.get::<_, Option<String>>(0))?
                .filter_map(|option| option.transpose())
                .filter(|option| option.as_ref().map_or(true, |o| !o.is_empty()))
                .collect::<Result<Vec<_>, _>>()?;
            Ok(rows)
        })
    }
}
