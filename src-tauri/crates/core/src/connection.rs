//! Test Connection: one check per capability, each passing or failing with the fix.
//!
//! The checks run in dependency order (a failed token makes the cipher check meaningless) and
//! every probe is a real, cheap, read-only TikTok call:
//! - credentials + token: Get Authorized Shops (signed with the app secret, authorized by the
//!   token), after a refresh if the token expired;
//! - shop cipher: the shop is still among the authorized shops with the same cipher, and a
//!   cipher-scoped call (Search Orders, one row) is accepted;
//! - scopes: each scope the enabled options need was granted, and its probe is not refused
//!   with 105005;
//! - clock: the server's `Date` against ours (TikTok refuses timestamps more than 5 minutes
//!   old or 30 seconds ahead).

use crate::api::{ApiError, CheckResult, ConnectionReport};
use crate::errors::{tiktok_to_api, CoreError};
use crate::options::required_scopes;
use crate::{now, Shopdock};
use shopdock_tiktok::model::{SearchOrdersFilter, SearchOrdersQuery};
use shopdock_tiktok::{Action, TikTokError};

/// Skew we tolerate before warning; TikTok itself allows 30 s ahead and 300 s behind.
pub const MAX_CLOCK_SKEW_SECS: i64 = 30;

fn check(
    id: &str,
    label: &str,
    passed: bool,
    message: impl Into<String>,
    fix: Option<String>,
) -> CheckResult {
    CheckResult {
        id: id.into(),
        label: label.into(),
        passed,
        skipped: false,
        message: message.into(),
        fix,
    }
}

/// A check that could not run because an earlier one failed.
fn skipped(id: &str, label: &str, message: impl Into<String>) -> CheckResult {
    CheckResult {
        skipped: true,
        ..check(id, label, false, message, None)
    }
}

fn scope_fix(scope: &str) -> String {
    format!("In Partner Center, open your app > Manage API scopes, enable \"{scope}\", then press Get Auth again so the new scope reaches the token.")
}

impl Shopdock {
    /// Runs every check and returns the checklist; only an unknown shop is an `Err`.
    pub async fn test_connection(&self, shop_id: &str) -> Result<ConnectionReport, ApiError> {
        let rec = self.shop_record(shop_id).await?;
        let mut checks = Vec::new();
        let mut skew = None;

        let session = match self.session(shop_id).await {
            Ok(s) => Some(s),
            Err(e) => {
                let (not_refuted, msg, fix) = describe_session_error(&e);
                checks.push(if not_refuted {
                    skipped(
                        "credentials",
                        "App key and secret accepted",
                        "Not checked: the shop has no valid token yet.",
                    )
                } else {
                    check(
                        "credentials",
                        "App key and secret accepted",
                        false,
                        msg.as_str(),
                        fix.clone(),
                    )
                });
                checks.push(check("token", "Access token valid", false, msg, fix));
                None
            }
        };

        if let Some(session) = session {
            let shops = self
                .call_shop(shop_id, |s| async move {
                    s.client.authorized_shops(&s.access_token).await
                })
                .await;
            skew = Some(session.client.last_clock_skew());
            match shops {
                Ok(shops) => {
                    checks.push(check(
                        "credentials",
                        "App key and secret accepted",
                        true,
                        "TikTok accepted the app's signature.",
                        None,
                    ));
                    checks.push(check(
                        "token",
                        "Access token valid",
                        true,
                        "The access token is valid and refreshes automatically.",
                        None,
                    ));
                    let ours = rec.authorization.as_ref();
                    let listed = ours.and_then(|a| shops.iter().find(|s| s.id == a.tiktok_shop_id));
                    match (ours, listed) {
                        (Some(a), Some(s)) if s.cipher == a.shop_cipher => {
                            let probe = self.probe_orders(shop_id).await;
                            match probe {
                                Err(CoreError::TikTok(e)) if is_cipher_error(&e) => {
                                    checks.push(check(
                                        "shop_cipher",
                                        "Shop cipher valid",
                                        false,
                                        format!("TikTok refused the shop cipher: {e}."),
                                        Some(
                                            "Press Get Auth again to fetch a fresh shop cipher."
                                                .into(),
                                        ),
                                    ))
                                }
                                _ => checks.push(check(
                                    "shop_cipher",
                                    "Shop cipher valid",
                                    true,
                                    format!("{} is authorized and its cipher is accepted.", s.name),
                                    None,
                                )),
                            }
                            self.scope_checks(shop_id, &rec, &mut checks).await;
                        }
                        (Some(_), Some(_)) => checks.push(check(
                            "shop_cipher",
                            "Shop cipher valid",
                            false,
                            "TikTok issued a new cipher for this shop.",
                            Some("Press Get Auth again to store the new shop cipher.".into()),
                        )),
                        _ => checks.push(check(
                            "shop_cipher",
                            "Shop cipher valid",
                            false,
                            "The shop is no longer among the shops this authorization covers.",
                            Some(
                                "Press Get Auth and authorize with the account that owns the shop."
                                    .into(),
                            ),
                        )),
                    }
                }
                Err(e) => {
                    let api: ApiError = e.into();
                    let creds_ok = api.code != crate::ErrorCode::InvalidCredentials;
                    checks.push(check("credentials", "App key and secret accepted", creds_ok,
                        if creds_ok { "Not refused.".to_string() } else { api.message.clone() },
                        (!creds_ok).then(|| "Copy the app key and secret again from Partner Center > App & Service > your app, and save them in the shop's registration.".into())));
                    if creds_ok {
                        checks.push(check(
                            "token",
                            "Access token valid",
                            false,
                            api.message.clone(),
                            Some("Press Get Auth to reconnect the shop.".into()),
                        ));
                    }
                }
            }
        }

        let clock = match skew {
            Some(s) if s.abs() <= MAX_CLOCK_SKEW_SECS => check("clock", "Computer clock in sync", true,
                format!("Your clock is within {} s of TikTok's.", s.abs()), None),
            Some(s) => check("clock", "Computer clock in sync", false,
                format!("Your clock is {} s {} TikTok's; TikTok refuses requests stamped more than 30 s ahead or 5 min behind.", s.abs(), if s > 0 { "behind" } else { "ahead of" }),
                Some("Turn on \"Set time automatically\" in your system settings.".into())),
            None => skipped(
                "clock",
                "Computer clock in sync",
                "Not checked: TikTok could not be reached.",
            ),
        };
        checks.push(clock);
        Ok(ConnectionReport {
            shop_id: shop_id.to_owned(),
            // Skipped checks never stand alone: the failure that skipped them is in the list.
            passed: checks.iter().all(|c| c.passed || c.skipped),
            checks,
            clock_skew_secs: skew,
            checked_at: now(),
        })
    }

    /// The cheapest cipher-scoped read: one order of Search Orders.
    async fn probe_orders(&self, shop_id: &str) -> Result<(), CoreError> {
        self.call_shop(shop_id, |s| async move {
            let q = SearchOrdersQuery {
                page_size: 1,
                ..Default::default()
            };
            s.client
                .search_orders(
                    &s.access_token,
                    &s.shop_cipher,
                    &q,
                    &SearchOrdersFilter::default(),
                )
                .await
                .map(|_| ())
        })
        .await
    }

    async fn scope_checks(
        &self,
        shop_id: &str,
        rec: &shopdock_store::ShopRecord,
        checks: &mut Vec<CheckResult>,
    ) {
        let id = shop_id.to_owned();
        let options = self
            .db(move |s| s.shop_options(&id))
            .await
            .unwrap_or_default();
        let granted = rec
            .authorization
            .as_ref()
            .map(|a| a.granted_scopes.clone())
            .unwrap_or_default();
        for scope in required_scopes(&options) {
            let label = format!("Scope {scope}");
            let id = format!("scope:{scope}");
            if !granted.iter().any(|g| g == scope) {
                checks.push(check(
                    &id,
                    &label,
                    false,
                    format!("The authorization does not include {scope}."),
                    Some(scope_fix(scope)),
                ));
                continue;
            }
            let probe = match scope {
                "seller.order.info" => Some(self.probe_orders(shop_id).await),
                _ => None,
            };
            match probe {
                Some(Err(CoreError::TikTok(e))) if e.action() == Action::EnableScope => checks
                    .push(check(
                        &id,
                        &label,
                        false,
                        format!("TikTok refused a call that needs {scope} (105005)."),
                        Some(scope_fix(scope)),
                    )),
                _ => checks.push(check(&id, &label, true, "Granted.", None)),
            }
        }
    }
}

fn is_cipher_error(e: &TikTokError) -> bool {
    matches!(
        e.api_code(),
        Some(shopdock_tiktok::codes::SHOP_CIPHER_MISSING)
            | Some(shopdock_tiktok::codes::CIPHER_MISMATCH)
    )
}

/// Turns "no usable session" into (credentials-not-refuted, message, fix).
fn describe_session_error(e: &CoreError) -> (bool, String, Option<String>) {
    match e {
        CoreError::TikTok(t) if t.action() == Action::FixCredentials => (
            false,
            tiktok_to_api(t).message,
            Some("Copy the app key and secret again from Partner Center and save them in the shop's registration.".into()),
        ),
        CoreError::NotConnected(m) => (true, m.clone(), Some("Press Get Auth.".into())),
        other => {
            let api: ApiError = crate::errors::api_error_ref(other);
            (true, api.message, Some("Press Get Auth to reconnect the shop.".into()))
        }
    }
}
