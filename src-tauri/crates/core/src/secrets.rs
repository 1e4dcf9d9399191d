//! Shop secrets (app secret, access token, refresh token) in the OS keyring, and nowhere else.
//!
//! Each secret is one keyring entry under the service [`SERVICE`] with the user name
//! `<local shop id>/<kind>`. There is no plaintext fallback: when no keyring is reachable the
//! caller gets [`SecretStoreError::Unavailable`] with a message a seller can act on.
//!
//! The keyring API blocks (D-Bus round trips), so the async helpers run it on the blocking pool.

use shopdock_tiktok::Secret;

/// The keyring service name all Shopdock entries live under.
pub const SERVICE: &str = "Shopdock";

/// Which secret of a shop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecretKind {
    AppSecret,
    AccessToken,
    RefreshToken,
}

impl SecretKind {
    pub const ALL: [SecretKind; 3] = [
        SecretKind::AppSecret,
        SecretKind::AccessToken,
        SecretKind::RefreshToken,
    ];

    fn as_str(self) -> &'static str {
        match self {
            SecretKind::AppSecret => "app_secret",
            SecretKind::AccessToken => "access_token",
            SecretKind::RefreshToken => "refresh_token",
        }
    }
}

#[derive(Debug, Clone, thiserror::Error)]
pub enum SecretStoreError {
    #[error("the system keyring is not available ({0}). Shopdock keeps app secrets and tokens only in the keyring: start or unlock your desktop's keyring (GNOME Keyring, KWallet) and try again")]
    Unavailable(String),
    #[error("the system keyring refused the operation: {0}")]
    Failed(String),
}

fn entry(shop_id: &str, kind: SecretKind) -> Result<keyring::Entry, SecretStoreError> {
    keyring::Entry::new(SERVICE, &format!("{shop_id}/{}", kind.as_str())).map_err(map_err)
}

fn map_err(e: keyring::Error) -> SecretStoreError {
    match e {
        keyring::Error::NoStorageAccess(inner) => SecretStoreError::Unavailable(inner.to_string()),
        keyring::Error::PlatformFailure(inner) => SecretStoreError::Unavailable(inner.to_string()),
        keyring::Error::NoDefaultStore => {
            SecretStoreError::Unavailable("no Secret Service on the session bus".into())
        }
        other => SecretStoreError::Failed(other.to_string()),
    }
}

/// Stores one secret (replacing any previous value).
pub fn put(shop_id: &str, kind: SecretKind, value: &Secret) -> Result<(), SecretStoreError> {
    entry(shop_id, kind)?
        .set_password(value.expose())
        .map_err(map_err)
}

/// Reads one secret; `None` when the entry does not exist.
pub fn get(shop_id: &str, kind: SecretKind) -> Result<Option<Secret>, SecretStoreError> {
    match entry(shop_id, kind)?.get_password() {
        Ok(v) => Ok(Some(Secret::new(v))),
        Err(keyring::Error::NoEntry) => Ok(None),
        Err(e) => Err(map_err(e)),
    }
}

/// Deletes one secret; deleting a missing entry is not an error.
pub fn delete(shop_id: &str, kind: SecretKind) -> Result<(), SecretStoreError> {
    match entry(shop_id, kind)?.delete_credential() {
        Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
        Err(e) => Err(map_err(e)),
    }
}

/// Deletes every secret of a shop.
pub fn delete_all(shop_id: &str) -> Result<(), SecretStoreError> {
    for kind in SecretKind::ALL {
        delete(shop_id, kind)?;
    }
    Ok(())
}

/// Async wrappers that keep D-Bus round trips off the async workers.
pub async fn put_async(
    shop_id: &str,
    kind: SecretKind,
    value: &Secret,
) -> Result<(), SecretStoreError> {
    let (id, v) = (shop_id.to_owned(), value.clone());
    blocking(move || put(&id, kind, &v)).await
}

pub async fn get_async(
    shop_id: &str,
    kind: SecretKind,
) -> Result<Option<Secret>, SecretStoreError> {
    let id = shop_id.to_owned();
    blocking(move || get(&id, kind)).await
}

/// Deletes the access and refresh tokens, keeping the app secret.
pub async fn delete_tokens_async(shop_id: &str) -> Result<(), SecretStoreError> {
    let id = shop_id.to_owned();
    blocking(move || {
        delete(&id, SecretKind::AccessToken)?;
        delete(&id, SecretKind::RefreshToken)
    })
    .await
}

pub async fn delete_all_async(shop_id: &str) -> Result<(), SecretStoreError> {
    let id = shop_id.to_owned();
    blocking(move || delete_all(&id)).await
}

async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, SecretStoreError> + Send + 'static,
) -> Result<T, SecretStoreError> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| SecretStoreError::Failed(format!("keyring task failed: {e}")))?
}
