//! The `shop_options` table: the per-shop automation toggles. A shop without a row has the
//! defaults, so adding a shop needs no second insert and the defaults live in one place
//! ([`ShopOptions::default`]).

use crate::error::is_foreign_key_violation;
use crate::{Store, StoreError};
use rusqlite::{params, OptionalExtension};

/// How automatic confirmation hands a TikTok Shipping package over, where the seller chooses
/// (not in SEA, where the warehouse's Seller Center setting decides).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ConfirmHandover {
    /// Pickup in the earliest slot that can be booked.
    #[default]
    Pickup,
    DropOff,
}

impl ConfirmHandover {
    pub fn as_str(self) -> &'static str {
        match self {
            ConfirmHandover::Pickup => "pickup",
            ConfirmHandover::DropOff => "drop_off",
        }
    }

    /// The stored word; anything else reads as the default (the column's CHECK allows none).
    fn parse(word: &str) -> ConfirmHandover {
        match word {
            "drop_off" => ConfirmHandover::DropOff,
            _ => ConfirmHandover::Pickup,
        }
    }
}

/// What Shopdock does for a shop on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ShopOptions {
    /// Pull new and changed orders.
    pub auto_download: bool,
    /// Confirm (arrange shipment for) orders as they become ready to ship.
    pub auto_confirm: bool,
    pub auto_ship_instructions: bool,
    /// Push stock levels to TikTok.
    pub auto_stock_sync: bool,
    /// Push prices to TikTok.
    pub price_upload: bool,
    /// Push tracking numbers to TikTok.
    pub tracking_upload: bool,
    /// Watch for shipping changes (packages, tracking) on synced orders.
    pub query_shipping_changes: bool,
    /// Watch for status changes (cancellations, delivery) on synced orders.
    pub query_status_changes: bool,
    /// Show a desktop notification when a pull brings orders the shop never had before.
    pub notify_new_orders: bool,
    /// Seconds between incremental pulls.
    pub poll_interval_secs: u32,
    /// The handover automatic confirmation arranges.
    pub confirm_handover: ConfirmHandover,
}

impl Default for ShopOptions {
    /// Reading is on, anything that writes to the seller's TikTok shop is off until the seller opts
    /// in.
    fn default() -> Self {
        ShopOptions {
            auto_download: true,
            auto_confirm: false,
            auto_ship_instructions: false,
            auto_stock_sync: false,
            price_upload: false,
            tracking_upload: false,
            query_shipping_changes: true,
            query_status_changes: true,
            // A new order is what a seller most wants to hear about (migration step 6 gives saved
            // rows the same default).
            notify_new_orders: true,
            // Short enough that a new order shows within about 6 s, at under 0.2 requests per
            // second per shop while idle (far under TikTok's limit).
            poll_interval_secs: 5,
            confirm_handover: ConfirmHandover::Pickup,
        }
    }
}

impl Store {
    /// The shop's options, or the defaults when none were saved (including for an unknown shop),
    /// with the poll interval the seller chose for every shop.
    pub fn shop_options(&self, shop_id: &str) -> Result<ShopOptions, StoreError> {
        self.read(|conn| {
            let saved = conn
                .prepare_cached(
                    "SELECT auto_download, auto_confirm, auto_ship_instructions, auto_stock_sync,
                            price_upload, tracking_upload, query_shipping_changes,
                            query_status_changes, poll_interval_secs, notify_new_orders,
                            confirm_handover
                     FROM shop_options WHERE shop_id = ?1",
                )?
                .query_row([shop_id], |r| {
                    Ok(ShopOptions {
                        auto_download: r.get(0)?,
                        auto_confirm: r.get(1)?,
                        auto_ship_instructions: r.get(2)?,
                        auto_stock_sync: r.get(3)?,
                        price_upload: r.get(4)?,
                        tracking_upload: r.get(5)?,
                        query_shipping_changes: r.get(6)?,
                        query_status_changes: r.get(7)?,
                        poll_interval_secs: r.get(8)?,
                        notify_new_orders: r.get(9)?,
                        confirm_handover: ConfirmHandover::parse(&r.get::<_, String>(10)?),
                    })
                })
                .optional()?;
            match saved {
                Some(saved) => Ok(saved),
                None => Ok(ShopOptions {
                    poll_interval_secs: crate::poll_default::default_for_new_shops(conn)?,
                    ..ShopOptions::default()
                }),
            }
        })
    }

    /// Saves all of the shop's options. Fails with `ShopNotFound` for an unknown shop and with
    /// `Invalid` for a zero poll interval.
    pub fn set_shop_options(&self, shop_id: &str, o: &ShopOptions) -> Result<(), StoreError> {
        if o.poll_interval_secs == 0 {
            return Err(StoreError::Invalid(
                "poll interval must be at least one second".into(),
            ));
        }
        self.with_writer(|conn| {
            let result = conn
                .prepare_cached(
                    "INSERT INTO shop_options (shop_id, auto_download, auto_confirm,
                        auto_ship_instructions, auto_stock_sync, price_upload, tracking_upload,
                        query_shipping_changes, query_status_changes, poll_interval_secs,
                        notify_new_orders, confirm_handover)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
                     ON CONFLICT (shop_id) DO UPDATE SET
                        auto_download = excluded.auto_download,
                        auto_confirm = excluded.auto_confirm,
                        auto_ship_instructions = excluded.auto_ship_instructions,
                        auto_stock_sync = excluded.auto_stock_sync,
                        price_upload = excluded.price_upload,
                        tracking_upload = excluded.tracking_upload,
                        query_shipping_changes = excluded.query_shipping_changes,
                        query_status_changes = excluded.query_status_changes,
                        poll_interval_secs = excluded.poll_interval_secs,
                        notify_new_orders = excluded.notify_new_orders,
                        confirm_handover = excluded.confirm_handover",
                )?
                .execute(params![
                    shop_id,
                    o.auto_download,
                    o.auto_confirm,
                    o.auto_ship_instructions,
                    o.auto_stock_sync,
                    o.price_upload,
                    o.tracking_upload,
                    o.query_shipping_changes,
                    o.query_status_changes,
                    o.poll_interval_secs,
                    o.notify_new_orders,
                    o.confirm_handover.as_str()
                ]);
            match result {
                Ok(_) => Ok(()),
                Err(e) if is_foreign_key_violation(&e) => {
                    Err(StoreError::ShopNotFound(shop_id.to_string()))
                }
                Err(e) => Err(e.into()),
            }
        })
    }
}
