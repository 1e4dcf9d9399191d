//! The `local_skus` table: the seller's SKUs with their on-hand stock and optional price and
//! cost. Every write goes through [`WriteTxn::save_local_sku`], so a single edit and a
//! spreadsheet of thousands share one rule, and a spreadsheet commits whole or not at all.

use super::sku_code_key;
use crate::{Store, StoreError, WriteTxn};
use rusqlite::types::Type;
use rusqlite::{params, Connection, OptionalExtension, Row};
use rust_decimal::Decimal;
use std::collections::HashMap;

/// One of the seller's SKUs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalSku {
    /// As the seller first typed it (trimmed).
    pub code: String,
    pub name: String,
    /// Units the seller has on hand, for every shop together.
    pub on_hand: i64,
    /// Exact, with the scale it was given ("12.50" stays 12.50); stored as its string.
    pub price: Option<Decimal>,
    pub cost: Option<Decimal>,
    /// Unix seconds of the last change.
    pub updated_at: i64,
}

/// What one save changes; `None` keeps the stored value. For price and cost, `Some(None)`
/// clears it. A SKU created by a save starts from an empty name, no stock and no price.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LocalSkuPatch {
    pub name: Option<String>,
    pub on_hand: Option<i64>,
    pub price: Option<Option<Decimal>>,
    pub cost: Option<Option<Decimal>>,
}

/// What a save did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SaveOutcome {
    Created,
    Updated,
    /// Every value given was already stored: nothing was written (not even the time).
    Unchanged,
}

/// A saved SKU as it is stored now, and what the save did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedLocalSku {
    pub sku: LocalSku,
    pub outcome: SaveOutcome,
}

const COLUMNS: &str = "code, name, on_hand, price, cost, updated_at";

fn sku_from(r: &Row<'_>) -> rusqlite::Result<LocalSku> {
    Ok(LocalSku {
        code: r.get(0)?,
        name: r.get(1)?,
        on_hand: r.get(2)?,
        price: decimal_at(r, 3)?,
        cost: decimal_at(r, 4)?,
        updated_at: r.get(5)?,
    })
}

/// A decimal column (TEXT): a value that does not parse is a column type error, never a
/// silent zero.
fn decimal_at(r: &Row<'_>, idx: usize) -> rusqlite::Result<Option<Decimal>> {
    r.get::<_, Option<String>>(idx)?
        .map(|t| {
            t.parse::<Decimal>().map_err(|e| {
                rusqlite::Error::FromSqlConversionFailure(idx, Type::Text, Box::new(e))
            })
        })
        .transpose()
}

/// The SKU whose code is `code` ignoring case and surrounding spaces.
pub(super) fn find(conn: &Connection, code: &str) -> Result<Option<LocalSku>, StoreError> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM local_skus WHERE code_key = ?1"
        ))?
        .query_row([sku_code_key(code)], sku_from)
        .optional()?)
}

impl Store {
    /// Every local SKU, by code (ignoring case).
    pub fn local_skus(&self) -> Result<Vec<LocalSku>, StoreError> {
        self.read(|conn| {
            let rows = conn
                .prepare_cached(&format!(
                    "SELECT {COLUMNS} FROM local_skus ORDER BY code_key"
                ))?
                .query_map([], sku_from)?
                .collect::<Result<Vec<_>, _>>()?;
            Ok(rows)
        })
    }

    /// The local SKU of `code`, compared ignoring case and surrounding spaces.
    pub fn local_sku(&self, code: &str) -> Result<Option<LocalSku>, StoreError> {
        self.read(|conn| find(conn, code))
    }

    /// Saves one SKU (see [`WriteTxn::save_local_sku`]).
    pub fn save_local_sku(
        &self,
        code: &str,
        patch: &LocalSkuPatch,
        now: i64,
    ) -> Result<SavedLocalSku, StoreError> {
        self.write(|tx| tx.save_local_sku(code, patch, now))
    }

    /// Saves every row in one transaction: all of them, or (on the first failure) none.
    pub fn save_local_skus(
        &self,
        rows: &[(String, LocalSkuPatch)],
        now: i64,
    ) -> Result<Vec<SavedLocalSku>, StoreError> {
        self.write(|tx| {
            rows.iter()
                .map(|(code, patch)| tx.save_local_sku(code, patch, now))
                .collect()
        })
    }

    /// Deletes a local SKU; false when there was none. Refused with `LocalSkuInUse` while a
    /// link still names it.
    pub fn delete_local_sku(&self, code: &str) -> Result<bool, StoreError> {
        self.write(|tx| {
            let conn = tx.conn();
            let Some(sku) = find(conn, code)? else {
                return Ok(false);
            };
            let links: u32 = conn
                .prepare_cached("SELECT COUNT(*) FROM sku_link_parts WHERE code = ?1")?
                .query_row([&sku.code], |r| r.get(0))?;
            if links > 0 {
                return Err(StoreError::LocalSkuInUse {
                    code: sku.code,
                    links,
                });
            }
            conn.prepare_cached("DELETE FROM local_skus WHERE code = ?1")?
                .execute([&sku.code])?;
            Ok(true)
        })
    }

    /// How many TikTok SKUs each linked code feeds (codes without a link are absent).
    pub fn link_counts(&self) -> Result<HashMap<String, u32>, StoreError> {
        self.read(|conn| {
            let rows = conn
                .prepare_cached("SELECT code, COUNT(*) FROM sku_link_parts GROUP BY code")?
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<Result<HashMap<_, _>, _>>()?;
            Ok(rows)
        })
    }
}

impl WriteTxn<'_> {
    /// Creates the SKU of `code`, or changes the one whose code matches it ignoring case and
    /// surrounding spaces (its stored spelling stays). Values equal to the stored ones write
    /// nothing (a price equal in value, 12.5 for 12.50, is the same price). Refused with
    /// `Invalid` for an empty code, negative stock, or a negative price or cost.
    pub fn save_local_sku(
        &self,
        code: &str,
        patch: &LocalSkuPatch,
        now: i64,
    ) -> Result<SavedLocalSku, StoreError> {
        let code = code.trim();
        if code.is_empty() {
            return Err(StoreError::Invalid("a local SKU needs a code".into()));
        }
        if patch.on_hand.is_some_and(|n| n < 0) {
            return Err(StoreError::Invalid(format!(
                "the stock of {code} cannot be negative"
            )));
        }
        let negative = |v: &Option<Option<Decimal>>| matches!(v, Some(Some(d)) if d.is_sign_negative() && !d.is_zero());
        if negative(&patch.price) || negative(&patch.cost) {
            return Err(StoreError::Invalid(format!(
                "the price or cost of {code} cannot be negative"
            )));
        }
        let conn = self.conn();
        let stored = find(conn, code)?;
        let base = stored.clone().unwrap_or_else(|| LocalSku {
            code: code.to_owned(),
            name: String::new(),
            on_hand: 0,
            price: None,
            cost: None,
            updated_at: now,
        });
        let next = LocalSku {
            name: patch.name.clone().unwrap_or_else(|| base.name.clone()),
            on_hand: patch.on_hand.unwrap_or(base.on_hand),
            price: patch.price.unwrap_or(base.price),
            cost: patch.cost.unwrap_or(base.cost),
            updated_at: now,
            code: base.code.clone(),
        };
        let outcome = match &stored {
            None => {
                conn.prepare_cached(
                    "INSERT INTO local_skus (code, code_key, name, on_hand, price, cost, updated_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                )?
                .execute(params![
                    next.code,
                    sku_code_key(&next.code),
                    next.name,
                    next.on_hand,
                    next.price.map(|d| d.to_string()),
                    next.cost.map(|d| d.to_string()),
                    now
                ])?;
                SaveOutcome::Created
            }
            Some(old) if same_values(old, &next) => {
                return Ok(SavedLocalSku {
                    sku: old.clone(),
                    outcome: SaveOutcome::Unchanged,
                })
            }
            Some(_) => {
                conn.prepare_cached(
                    "UPDATE local_skus SET name = ?2, on_hand = ?3, price = ?4, cost = ?5,
                                           updated_at = ?6
                     WHERE code = ?1",
                )?
                .execute(params![
                    next.code,
                    next.name,
                    next.on_hand,
                    next.price.map(|d| d.to_string()),
                    next.cost.map(|d| d.to_string()),
                    now
                ])?;
                SaveOutcome::Updated
            }
        };
        Ok(SavedLocalSku { sku: next, outcome })
    }
}

/// Decimal equality is by value, so a price re-typed with another scale is no change.
fn same_values(a: &LocalSku, b: &LocalSku) -> bool {
    (&a.name, a.on_hand, a.price, a.cost) == (&b.name, b.on_hand, b.price, b.cost)
}
