//! The `shops` table: what the seller registered, and what authorization revealed. No secrets: the
//! app secret and tokens live in the OS keyring, keyed by the shop's `id`.

use crate::{Store, StoreError};
use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSqlOutput, ValueRef};
use rusqlite::{params, Connection, OptionalExtension, Row, ToSql};

/// Which TikTok Shop platform the app belongs to; decides the authorization host.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Region {
    /// United States.
    Us,
    /// Rest of world.
    Row,
}

impl Region {
    /// The stored and displayed spelling: "US" or "ROW".
    pub fn as_str(self) -> &'static str {
        match self {
            Region::Us => "US",
            Region::Row => "ROW",
        }
    }
}

/// Where the shop stands with TikTok's authorization.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AuthState {
    /// Registered, never authorized (or disconnected).
    NotConnected,
    /// Authorized; tokens are in the keyring.
    Connected,
    /// Refresh failed for good; the seller must authorize again (`auth_problem` says why).
    ReauthNeeded,
}

impl AuthState {
    /// The stored spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            AuthState::NotConnected => "not_connected",
            AuthState::Connected => "connected",
            AuthState::ReauthNeeded => "reauth_needed",
        }
    }
}

/// Maps a stored enum string back, turning an unknown spelling into a column type error instead of
/// a silent default.
fn enum_from_sql<T>(value: ValueRef<'_>, parse: impl Fn(&str) -> Option<T>) -> FromSqlResult<T> {
    let text = value.as_str()?;
    parse(text).ok_or_else(|| FromSqlError::Other(format!("unknown value {text:?}").into()))
}

impl ToSql for Region {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(self.as_str().into())
    }
}

impl FromSql for Region {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        enum_from_sql(value, |s| match s {
            "US" => Some(Region::Us),
            "ROW" => Some(Region::Row),
            _ => None,
        })
    }
}

impl ToSql for AuthState {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(self.as_str().into())
    }
}

impl FromSql for AuthState {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        enum_from_sql(value, |s| match s {
            "not_connected" => Some(AuthState::NotConnected),
            "connected" => Some(AuthState::Connected),
            "reauth_needed" => Some(AuthState::ReauthNeeded),
            _ => None,
        })
    }
}

/// What the seller enters (and may later edit) to register a shop.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShopRegistration {
    pub label: String,
    pub region: Region,
    /// The Partner Center app's key (public; the secret is in the keyring).
    pub app_key: String,
    pub service_id: String,
    /// The Shop ID or shop code the seller typed, matched against the authorized shops.
    pub shop_hint: String,
    /// The loopback port registered as the app's redirect URL.
    pub redirect_port: u16,
    pub authorize_url: String,
    /// Base URLs are per shop so one shop can target the sandbox while another is live.
    pub api_base: String,
    pub auth_base: String,
}

/// A shop to insert. `id` is made by core (it also keys the keyring entries).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewShop {
    pub id: String,
    pub registration: ShopRegistration,
    pub is_demo: bool,
    /// Unix seconds.
    pub created_at: i64,
}

/// What authorization and Get Authorized Shops returned for the shop.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShopAuthorization {
    pub tiktok_shop_id: String,
    pub shop_cipher: String,
    pub shop_name: String,
    pub shop_code: Option<String>,
    pub shop_region: Option<String>,
    pub seller_type: Option<String>,
    pub seller_name: Option<String>,
    pub seller_base_region: Option<String>,
    pub open_id: Option<String>,
    pub granted_scopes: Vec<String>,
    /// Unix seconds.
    pub access_expires_at: i64,
    /// Unix seconds.
    pub refresh_expires_at: i64,
}

/// One stored shop.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShopRecord {
    pub id: String,
    pub registration: ShopRegistration,
    pub is_demo: bool,
    pub created_at: i64,
    /// Present once the shop has been authorized (and until the authorization is cleared).
    pub authorization: Option<ShopAuthorization>,
    pub auth_state: AuthState,
    /// Why reauthorization is needed, in words for the seller.
    pub auth_problem: Option<String>,
    pub sync_paused: bool,
}

const SHOP_COLUMNS: &str = "id, label, region, app_key, service_id, shop_hint, redirect_port,
    authorize_url, api_base, auth_base, is_demo, created_at, tiktok_shop_id, shop_cipher, shop_name,
    shop_code, shop_region, seller_type, seller_name, seller_base_region, open_id, granted_scopes,
    access_expires_at, refresh_expires_at, auth_state, auth_problem, sync_paused";

fn shop_from_row(row: &Row<'_>) -> rusqlite::Result<(ShopRecord, Option<String>)> {
    let tiktok_shop_id: Option<String> = row.get(12)?;
    let authorization = match tiktok_shop_id {
        Some(tiktok_shop_id) => Some(ShopAuthorization {
            tiktok_shop_id,
            shop_cipher: row.get::<_, Option<String>>(13)?.unwrap_or_default(),
            shop_name: row.get::<_, Option<String>>(14)?.unwrap_or_default(),
            shop_code: row.get(15)?,
            shop_region: row.get(16)?,
            seller_type: row.get(17)?,
            seller_name: row.get(18)?,
            seller_base_region: row.get(19)?,
            open_id: row.get(20)?,
            granted_scopes: Vec::new(), // filled from the JSON below
            access_expires_at: row.get::<_, Option<i64>>(22)?.unwrap_or_default(),
            refresh_expires_at: row.get::<_, Option<i64>>(23)?.unwrap_or_default(),
        }),
        None => None,
    };
    let record = ShopRecord {
        id: row.get(0)?,
        registration: ShopRegistration {
            label: row.get(1)?,
            region: row.get(2)?,
            app_key: row.get(3)?,
            service_id: row.get(4)?,
            shop_hint: row.get(5)?,
            redirect_port: row.get(6)?,
            authorize_url: row.get(7)?,
            api_base: row.get(8)?,
            auth_base: row.get(9)?,
        },
        is_demo: row.get(10)?,
        created_at: row.get(11)?,
        authorization,
        auth_state: row.get(24)?,
        auth_problem: row.get(25)?,
        sync_paused: row.get(26)?,
    };
    Ok((record, row.get(21)?))
}

/// Parses the scopes JSON outside the row closure, so a bad value surfaces as `StoreError::Json`.
fn finish_shop(
    (mut record, scopes): (ShopRecord, Option<String>),
) -> Result<ShopRecord, StoreError> {
    if let (Some(auth), Some(scopes)) = (record.authorization.as_mut(), scopes) {
        auth.granted_scopes = serde_json::from_str(&scopes)?;
    }
    Ok(record)
}

fn expect_one(changed: usize, id: &str) -> Result<(), StoreError> {
    if changed == 0 {
        return Err(StoreError::ShopNotFound(id.to_string()));
    }
    Ok(())
}

pub(crate) fn get_shop(conn: &Connection, id: &str) -> Result<Option<ShopRecord>, StoreError> {
    let sql = format!("SELECT {SHOP_COLUMNS} FROM shops WHERE id = ?1");
    conn.prepare_cached(&sql)?
        .query_row([id], shop_from_row)
        .optional()?
        .map(finish_shop)
        .transpose()
}

impl Store {
    /// Adds a shop, not yet connected.
    pub fn insert_shop(&self, shop: &NewShop) -> Result<(), StoreError> {
        let r = &shop.registration;
        self.with_writer(|conn| {
            conn.prepare_cached(
                "INSERT INTO shops (id, label, region, app_key, service_id, shop_hint, redirect_port,
                                    authorize_url, api_base, auth_base, is_demo, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            )?
            .execute(params![
                shop.id,
                r.label,
                r.region,
                r.app_key,
                r.service_id,
                r.shop_hint,
                r.redirect_port,
                r.authorize_url,
                r.api_base,
                r.auth_base,
                shop.is_demo,
                shop.created_at
            ])?;
            Ok(())
        })
    }

    /// One shop, or `None`.
    pub fn get_shop(&self, id: &str) -> Result<Option<ShopRecord>, StoreError> {
        self.read(|conn| get_shop(conn, id))
    }

    /// Every shop in the order they were added.
    pub fn list_shops(&self) -> Result<Vec<ShopRecord>, StoreError> {
        self.read(|conn| {
            let sql = format!("SELECT {SHOP_COLUMNS} FROM shops ORDER BY created_at, rowid");
            let mut stmt = conn.prepare_cached(&sql)?;
            let rows = stmt.query_map([], shop_from_row)?;
            rows.map(|row| finish_shop(row?)).collect()
        })
    }

    /// Replaces what the seller entered. Authorization is kept: core decides whether a changed app
    /// key means the shop must be authorized again.
    pub fn update_shop_registration(
        &self,
        id: &str,
        r: &ShopRegistration,
    ) -> Result<(), StoreError> {
        self.with_writer(|conn| {
            let changed = conn
                .prepare_cached(
                    "UPDATE shops SET label = ?2, region = ?3, app_key = ?4, service_id = ?5,
                        shop_hint = ?6, redirect_port = ?7, authorize_url = ?8, api_base = ?9,
                        auth_base = ?10
                     WHERE id = ?1",
                )?
                .execute(params![
                    id,
                    r.label,
                    r.region,
                    r.app_key,
                    r.service_id,
                    r.shop_hint,
                    r.redirect_port,
                    r.authorize_url,
                    r.api_base,
                    r.auth_base
                ])?;
            expect_one(changed, id)
        })
    }

    /// Records a successful authorization: state becomes `connected` and any problem is cleared.
    pub fn set_shop_authorization(
        &self,
        id: &str,
        a: &ShopAuthorization,
    ) -> Result<(), StoreError> {
        let scopes = serde_json::to_string(&a.granted_scopes)?;
        self.with_writer(|conn| {
            let changed = conn
                .prepare_cached(
                    "UPDATE shops SET tiktok_shop_id = ?2, shop_cipher = ?3, shop_name = ?4,
                        shop_code = ?5, shop_region = ?6, seller_type = ?7, seller_name = ?8,
                        seller_base_region = ?9, open_id = ?10, granted_scopes = ?11,
                        access_expires_at = ?12, refresh_expires_at = ?13,
                        auth_state = 'connected', auth_problem = NULL
                     WHERE id = ?1",
                )?
                .execute(params![
                    id,
                    a.tiktok_shop_id,
                    a.shop_cipher,
                    a.shop_name,
                    a.shop_code,
                    a.shop_region,
                    a.seller_type,
                    a.seller_name,
                    a.seller_base_region,
                    a.open_id,
                    scopes,
                    a.access_expires_at,
                    a.refresh_expires_at
                ])?;
            expect_one(changed, id)
        })
    }

    /// Records new token lifetimes after a refresh (the tokens themselves go to the keyring).
    pub fn set_shop_token_expiry(
        &self,
        id: &str,
        access_expires_at: i64,
        refresh_expires_at: i64,
    ) -> Result<(), StoreError> {
        self.with_writer(|conn| {
            let changed = conn
                .prepare_cached(
                    "UPDATE shops SET access_expires_at = ?2, refresh_expires_at = ?3 WHERE id = ?1",
                )?
                .execute(params![id, access_expires_at, refresh_expires_at])?;
            expect_one(changed, id)
        })
    }

    /// Sets the authorization state and the reason shown to the seller (`None` clears it).
    pub fn set_shop_auth_state(
        &self,
        id: &str,
        state: AuthState,
        problem: Option<&str>,
    ) -> Result<(), StoreError> {
        self.with_writer(|conn| {
            let changed = conn
                .prepare_cached(
                    "UPDATE shops SET auth_state = ?2, auth_problem = ?3 WHERE id = ?1",
                )?
                .execute(params![id, state, problem])?;
            expect_one(changed, id)
        })
    }

    /// Forgets the authorization (disconnect): every authorization column is cleared and the state
    /// goes back to `not_connected`. Orders stay.
    pub fn clear_shop_authorization(&self, id: &str) -> Result<(), StoreError> {
        self.with_writer(|conn| {
            let changed = conn
                .prepare_cached(
                    "UPDATE shops SET tiktok_shop_id = NULL, shop_cipher = NULL, shop_name = NULL,
                        shop_code = NULL, shop_region = NULL, seller_type = NULL, seller_name = NULL,
                        seller_base_region = NULL, open_id = NULL, granted_scopes = NULL,
                        access_expires_at = NULL, refresh_expires_at = NULL,
                        auth_state = 'not_connected', auth_problem = NULL
                     WHERE id = ?1",
                )?
                .execute([id])?;
            expect_one(changed, id)
        })
    }

    /// Pauses or resumes background sync for the shop.
    pub fn set_shop_sync_paused(&self, id: &str, paused: bool) -> Result<(), StoreError> {
        self.with_writer(|conn| {
            let changed = conn
                .prepare_cached("UPDATE shops SET sync_paused = ?2 WHERE id = ?1")?
                .execute(params![id, paused])?;
            expect_one(changed, id)
        })
    }

    /// Deletes the shop and, by cascade, its options, orders (with items, history, payloads and
    /// search entries), sync state and backfill jobs. Returns whether the shop existed.
    pub fn delete_shop(&self, id: &str) -> Result<bool, StoreError> {
        self.with_writer(|conn| {
            let changed = conn
                .prepare_cached("DELETE FROM shops WHERE id = ?1")?
                .execute([id])?;
            Ok(changed > 0)
        })
    }
}
