//! TikTok Shop's numeric response codes that Shopdock acts on (fact sheet §11, and the error
//! tables of the endpoint specs).

pub const SUCCESS: i64 = 0;
/// Access token invalid (deauthorized, unknown): the seller must authorize again.
pub const ACCESS_TOKEN_INVALID: i64 = 105001;
/// Access token expired: refresh it.
pub const ACCESS_TOKEN_EXPIRED: i64 = 105002;
/// The token lacks the scope this endpoint needs: enable it in Partner Center, then reauthorize.
pub const SCOPE_MISSING: i64 = 105005;
/// Bad `sign` (HTTP 401).
pub const INVALID_SIGN: i64 = 106001;
/// `shop_cipher` missing.
pub const SHOP_CIPHER_MISSING: i64 = 106013;
/// `category_asset_cipher` wrong, or the token does not match `shop_cipher`.
pub const CIPHER_MISMATCH: i64 = 101000;
/// Too many requests (HTTP 429).
pub const TOO_MANY_REQUESTS: i64 = 36009002;
/// Internal error: retryable.
pub const INTERNAL_ERROR: i64 = 36009003;
/// Invalid common parameter: app key, access token header, timestamp window, sign, unexpected
/// cipher, ... The message says which; [`crate::ApiError::action`] reads it.
pub const INVALID_PARAMETER: i64 = 36009004;
/// Request timeout.
pub const REQUEST_TIMEOUT: i64 = 36009007;
pub const INVALID_PATH: i64 = 36009009;
pub const INVALID_METHOD: i64 = 36009010;
pub const INVALID_VERSION: i64 = 36009014;
pub const IP_NOT_ALLOWED: i64 = 36009033;
/// Token service: refresh token expired.
pub const REFRESH_TOKEN_EXPIRED: i64 = 36004001;
/// Token service: no such authorization (revoked, or the auth code is unknown or used).
pub const AUTH_RECORD_NOT_FOUND: i64 = 36004005;
/// "The order or package does not belong to the current seller." (Get Order Detail spec).
pub const NOT_SELLERS_ORDER: i64 = 21008111;
/// Not TikTok's: the code Shopdock gives an HTTP error that came without TikTok's envelope
/// (a plain-text 429, an overloaded 503, a bare 404); `http_status` says which.
pub const NO_ENVELOPE: i64 = -1;
