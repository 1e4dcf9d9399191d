//! The poll interval a shop uses until its own options are saved. The seller sets it once for
//! every shop (Settings, "Apply to every shop"), so a shop added later follows it too instead of
//! the built-in default.

use crate::{ShopOptions, Store, StoreError};
use rusqlite::{Connection, OptionalExtension};

impl Store {
    /// The interval a shop without saved options polls at: the seller's choice, else the
    /// built-in default.
    pub fn default_poll_interval(&self) -> Result<u32, StoreError> {
        self.read(|conn| Ok(default_for_new_shops(conn)?))
    }

    /// Sets the interval of every shop and of shops added later, in one transaction. Returns
    /// how many shops it changed.
    pub fn set_poll_interval_everywhere(&self, secs: u32) -> Result<usize, StoreError> {
        if secs == 0 {
            return Err(StoreError::Invalid(
                "poll interval must be at least one second".into(),
            ));
        }
        self.write(|tx| {
            let conn = tx.conn();
            conn.execute(
                "INSERT INTO app_defaults (id, poll_interval_secs) VALUES (1, ?1)
                 ON CONFLICT (id) DO UPDATE SET poll_interval_secs = excluded.poll_interval_secs",
                [secs],
            )?;
            conn.execute("UPDATE shop_options SET poll_interval_secs = ?1", [secs])?;
            let shops: usize = conn.query_row("SELECT COUNT(*) FROM shops", [], |r| r.get(0))?;
            Ok(shops)
        })
    }
}

/// [`Store::default_poll_interval`] on an open connection (read inside another query's snapshot).
pub(crate) fn default_for_new_shops(conn: &Connection) -> rusqlite::Result<u32> {
    let chosen: Option<u32> = conn
        .prepare_cached("SELECT poll_interval_secs FROM app_defaults WHERE id = 1")?
        .query_row([], |r| r.get(0))
        .optional()?;
    Ok(chosen.unwrap_or_else(|| ShopOptions::default().poll_interval_secs))
}
