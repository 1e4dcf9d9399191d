//! `stock_settings` (per shop) and `price_settings` (one row): the seller's rules for what is
//! pushed. A shop without a row has [`StockSettings::default`].

use super::marks::mark_shop;
use super::SyncKind;
use crate::error::is_foreign_key_violation;
use crate::{Store, StoreError};
use rusqlite::{params, Connection, OptionalExtension};

/// How shops that sell the same local SKU share its free units.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ShareRule {
    /// Every shop is offered all of them.
    #[default]
    Full,
    /// They are divided evenly between the shops.
    Split,
}

impl ShareRule {
    pub fn as_str(self) -> &'static str {
        match self {
            ShareRule::Full => "full",
            ShareRule::Split => "split",
        }
    }

    /// The stored word (the column's CHECK allows no other).
    fn parse(word: &str) -> ShareRule {
        match word {
            "split" => ShareRule::Split,
            _ => ShareRule::Full,
        }
    }
}

/// A shop's stock rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StockSettings {
    /// Units of each local SKU held back from the shop.
    pub buffer: i64,
    /// Percentage of the free units offered, 0 to 100.
    pub percent: u8,
    pub share: ShareRule,
    /// Seconds between two reconciliations with TikTok.
    pub reconcile_secs: i64,
    /// When the last reconciliation finished.
    pub reconciled_at: Option<i64>,
}

impl Default for StockSettings {
    fn default() -> Self {
        StockSettings {
            buffer: 0,
            percent: 100,
            share: ShareRule::Full,
            // WholeCell re-checks hourly to fix silent failures (write-api §E peers).
            reconcile_secs: 3600,
            reconciled_at: None,
        }
    }
}

pub(super) fn read_settings(conn: &Connection, shop_id: &str) -> Result<StockSettings, StoreError> {
    Ok(conn
        .prepare_cached(
            "SELECT buffer, percent, share_rule, reconcile_secs, reconciled_at
             FROM stock_settings WHERE shop_id = ?1",
        )?
        .query_row([shop_id], |r| {
            Ok(StockSettings {
                buffer: r.get(0)?,
                percent: r.get(1)?,
                share: ShareRule::parse(&r.get::<_, String>(2)?),
                reconcile_secs: r.get(3)?,
                reconciled_at: r.get(4)?,
            })
        })
        .optional()?
        .unwrap_or_default())
}

fn check(s: &StockSettings) -> Result<(), StoreError> {
    if s.buffer < 0 {
        return Err(StoreError::Invalid("the buffer cannot be negative".into()));
    }
    if s.percent > 100 {
        return Err(StoreError::Invalid("the percentage is at most 100".into()));
    }
    if s.reconcile_secs < 60 {
        return Err(StoreError::Invalid(
            "reconciliation runs at most once a minute".into(),
        ));
    }
    Ok(())
}

impl Store {
    /// The shop's stock rules (the defaults when none were saved).
    pub fn stock_settings(&self, shop_id: &str) -> Result<StockSettings, StoreError> {
        self.read(|conn| read_settings(conn, shop_id))
    }

    /// Saves the shop's stock rules (`reconciled_at` is kept as stored); a change of the
    /// buffer, percentage or share marks every linked product of the shop for a push, in the
    /// same transaction. `Invalid` for values out of range, `ShopNotFound` for an unknown shop.
    pub fn set_stock_settings(&self, shop_id: &str, s: &StockSettings) -> Result<(), StoreError> {
        check(s)?;
        self.write(|tx| {
            let conn = tx.conn();
            let before = read_settings(conn, shop_id)?;
            let saved = conn
                .prepare_cached(
                    "INSERT INTO stock_settings (shop_id, buffer, percent, share_rule, reconcile_secs)
                     VALUES (?1, ?2, ?3, ?4, ?5)
                     ON CONFLICT (shop_id) DO UPDATE SET buffer = excluded.buffer,
                        percent = excluded.percent, share_rule = excluded.share_rule,
                        reconcile_secs = excluded.reconcile_secs",
                )?
                .execute(params![
                    shop_id,
                    s.buffer,
                    s.percent,
                    s.share.as_str(),
                    s.reconcile_secs
                ]);
            match saved {
                Err(e) if is_foreign_key_violation(&e) => {
                    return Err(StoreError::ShopNotFound(shop_id.to_owned()))
                }
                other => other?,
            };
            let moved = (before.buffer, before.percent, before.share) != (s.buffer, s.percent, s.share);
            if moved {
                mark_shop(conn, SyncKind::Stock, shop_id)?;
                // Under the split rule, the other shops' shares depend on this shop's rule too.
                if before.share != s.share {
                    super::marks::mark_sharing_shops(conn, shop_id)?;
                }
            }
            Ok(())
        })
    }

    /// Records that the shop's reconciliation finished at `at`.
    pub fn set_stock_reconciled(&self, shop_id: &str, at: i64) -> Result<(), StoreError> {
        self.with_writer(|conn| {
            let n = conn
                .prepare_cached(
                    "INSERT INTO stock_settings (shop_id, reconciled_at) VALUES (?1, ?2)
                     ON CONFLICT (shop_id) DO UPDATE SET reconciled_at = excluded.reconciled_at",
                )?
                .execute(params![shop_id, at]);
            match n {
                Err(e) if is_foreign_key_violation(&e) => {
                    Err(StoreError::ShopNotFound(shop_id.to_owned()))
                }
                other => other.map(|_| ()).map_err(Into::into),
            }
        })
    }

    /// The shops with stock sync on whose reconciliation is due at `now` (never run, or its
    /// interval has passed), by id.
    pub fn shops_due_stock_reconcile(&self, now: i64) -> Result<Vec<String>, StoreError> {
        self.read(|conn| {
            let rows = conn
                .prepare_cached(
                    "SELECT o.shop_id FROM shop_options o
                     LEFT JOIN stock_settings s ON s.shop_id = o.shop_id
                     WHERE o.auto_stock_sync = 1
                       AND (s.reconciled_at IS NULL
                            OR s.reconciled_at + s.reconcile_secs <= ?1)
                     ORDER BY o.shop_id",
                )?
                .query_map([now], |r| r.get(0))?
                .collect::<Result<Vec<String>, _>>()?;
            Ok(rows)
        })
    }

    /// The currency the seller's own prices are in, when the seller said (ISO 4217, e.g.
    /// `USD`).
    pub fn price_currency(&self) -> Result<Option<String>, StoreError> {
        self.read(read_price_currency)
    }

    /// Says which currency the seller's own prices are in (`None`: not said). A change marks
    /// every linked product of the shops with price upload on.
    pub fn set_price_currency(&self, currency: Option<&str>) -> Result<(), StoreError> {
        let currency = currency.map(|c| c.trim().to_ascii_uppercase());
        if currency
            .as_deref()
            .is_some_and(|c| c.len() != 3 || !c.bytes().all(|b| b.is_ascii_uppercase()))
        {
            return Err(StoreError::Invalid(
                "a currency is three letters, e.g. USD".into(),
            ));
        }
        self.write(|tx| {
            let conn = tx.conn();
            if read_price_currency(conn)? == currency {
                return Ok(());
            }
            match &currency {
                Some(c) => conn
                    .prepare_cached(
                        "INSERT INTO price_settings (id, currency) VALUES (1, ?1)
                         ON CONFLICT (id) DO UPDATE SET currency = excluded.currency",
                    )?
                    .execute([c])?,
                None => conn
                    .prepare_cached("DELETE FROM price_settings")?
                    .execute([])?,
            };
            let shops = conn
                .prepare_cached("SELECT shop_id FROM shop_options WHERE price_upload = 1")?
                .query_map([], |r| r.get::<_, String>(0))?
                .collect::<Result<Vec<_>, _>>()?;
            for shop in shops {
                mark_shop(conn, SyncKind::Price, &shop)?;
            }
            Ok(())
        })
    }
}

pub(super) fn read_price_currency(conn: &Connection) -> Result<Option<String>, StoreError> {
    Ok(conn
        .prepare_cached("SELECT currency FROM price_settings WHERE id = 1")?
        .query_row([], |r| r.get(0))
        .optional()?)
}
