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
//!
//! The probes gather [`Findings`]; the checklist is the pure [`verdict`] over them.

use crate::api::{ApiError, CheckKind, CheckResult, ConnectionReport, ErrorCode};
use crate::errors::{tiktok_to_api, CoreError};
use crate::options::required_scopes;
use crate::Shopdock;
use shopdock_tiktok::{Action, TikTokError};

/// Skew we tolerate before warning; TikTok itself allows 30 s ahead and 300 s behind.
pub const MAX_CLOCK_SKEW_SECS: i64 = 30;

/// What the probes found out.
#[derive(Debug, Clone, PartialEq)]
pub struct Findings {
    pub access: Access,
    /// Server clock minus ours, seconds, when TikTok answered.
    pub clock_skew_secs: Option<i64>,
}

/// How far the credentials and the token got.
#[derive(Debug, Clone, PartialEq)]
pub enum Access {
    /// No usable session: no token yet, or a refresh refused.
    NoSession {
        credentials_refused: bool,
        message: String,
        fix: Option<String>,
    },
    /// Get Authorized Shops was refused.
    Refused { error: ApiError },
    /// Get Authorized Shops answered.
    Granted { shop: ShopFinding },
}

/// Whether the registered shop is among the authorized ones, with its cipher.
#[derive(Debug, Clone, PartialEq)]
pub enum ShopFinding {
    Listed {
        name: String,
        /// TikTok's words when a cipher-scoped call refused the cipher.
        cipher_refused: Option<String>,
        scopes: Vec<ScopeFinding>,
    },
    /// Listed, with a cipher other than the stored one.
    NewCipher,
    NotListed,
}

/// One scope the enabled options need.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScopeFinding {
    pub scope: String,
    pub granted: bool,
    /// A probe that needs it was refused with 105005.
    pub refused: bool,
}

const CREDENTIALS: &str = "App key and secret accepted";
const TOKEN: &str = "Access token valid";
const CIPHER: &str = "Shop cipher valid";
const CLOCK: &str = "Computer clock in sync";

fn line(
    check: CheckKind,
    label: &str,
    passed: bool,
    message: impl Into<String>,
    fix: Option<String>,
) -> CheckResult {
    CheckResult {
        check,
        scope: None,
        label: label.into(),
        passed,
        skipped: false,
        message: message.into(),
        fix,
    }
}

/// A check that could not run because an earlier one failed.
fn skipped(check: CheckKind, label: &str, message: impl Into<String>) -> CheckResult {
    CheckResult {
        skipped: true,
        ..line(check, label, false, message, None)
    }
}

fn scope_fix(scope: &str) -> String {
    format!("In Partner Center, open your app > Manage API scopes, enable \"{scope}\", then press Get Auth again so the new scope reaches the token.")
}

/// The checklist for what the probes found, in dependency order.
pub fn verdict(findings: &Findings) -> Vec<CheckResult> {
    use CheckKind::*;
    let mut checks = Vec::new();
    match &findings.access {
        Access::NoSession {
            credentials_refused,
            message,
            fix,
        } => {
            checks.push(if *credentials_refused {
                line(
                    Credentials,
                    CREDENTIALS,
                    false,
                    message.as_str(),
                    fix.clone(),
                )
            } else {
                skipped(
                    Credentials,
                    CREDENTIALS,
                    "Not checked: the shop has no valid token yet.",
                )
            });
            checks.push(line(Token, TOKEN, false, message.as_str(), fix.clone()));
        }
        Access::Refused { error } => {
            let creds_ok = error.code != ErrorCode::InvalidCredentials;
            checks.push(line(
                Credentials,
                CREDENTIALS,
                creds_ok,
                if creds_ok { "Not refused." } else { error.message.as_str() },
                (!creds_ok).then(|| "Copy the app key and secret again from Partner Center > App & Service > your app, and save them in the shop's registration.".into()),
            ));
            if creds_ok {
                checks.push(line(
                    Token,
                    TOKEN,
                    false,
                    error.message.as_str(),
                    Some("Press Get Auth to reconnect the shop.".into()),
                ));
            }
        }
        Access::Granted { shop } => {
            checks.push(line(
                Credentials,
                CREDENTIALS,
                true,
                "TikTok accepted the app's signature.",
                None,
            ));
            checks.push(line(
                Token,
                TOKEN,
                true,
                "The access token is valid and refreshes automatically.",
                None,
            ));
            shop_lines(shop, &mut checks);
        }
    }
    checks.push(clock_line(findings.clock_skew_secs));
    checks
}

fn shop_lines(shop: &ShopFinding, checks: &mut Vec<CheckResult>) {
    match shop {
        ShopFinding::Listed {
            name,
            cipher_refused,
            scopes,
        } => {
            checks.push(match cipher_refused {
                Some(why) => line(
                    CheckKind::ShopCipher,
                    CIPHER,
                    false,
                    format!("TikTok refused the shop cipher: {why}."),
                    Some("Press Get Auth again to fetch a fresh shop cipher.".into()),
                ),
                None => line(
                    CheckKind::ShopCipher,
                    CIPHER,
                    true,
                    format!("{name} is authorized and its cipher is accepted."),
                    None,
                ),
            });
            checks.extend(scopes.iter().map(scope_line));
        }
        ShopFinding::NewCipher => checks.push(line(
            CheckKind::ShopCipher,
            CIPHER,
            false,
            "TikTok issued a new cipher for this shop.",
            Some("Press Get Auth again to store the new shop cipher.".into()),
        )),
        ShopFinding::NotListed => checks.push(line(
            CheckKind::ShopCipher,
            CIPHER,
            false,
            "The shop is no longer among the shops this authorization covers.",
            Some("Press Get Auth and authorize with the account that owns the shop.".into()),
        )),
    }
}

fn scope_line(f: &ScopeFinding) -> CheckResult {
    let scope = f.scope.as_str();
    let (passed, message) = if !f.granted {
        (
            false,
            format!("The authorization does not include {scope}."),
        )
    } else if f.refused {
        (
            false,
            format!("TikTok refused a call that needs {scope} (105005)."),
        )
    } else {
        (true, "Granted.".to_owned())
    };
    CheckResult {
        scope: Some(scope.to_owned()),
        ..line(
            CheckKind::Scope,
            &format!("Scope {scope}"),
            passed,
            message,
            (!passed).then(|| scope_fix(scope)),
        )
    }
}

fn clock_line(skew: Option<i64>) -> CheckResult {
    match skew {
        Some(s) if s.abs() <= MAX_CLOCK_SKEW_SECS => line(
            CheckKind::Clock,
            CLOCK,
            true,
            format!("Your clock is within {} s of TikTok's.", s.abs()),
            None,
        ),
        Some(s) => line(
            CheckKind::Clock,
            CLOCK,
            false,
            format!(
                "Your clock is {} s {} TikTok's; TikTok refuses requests stamped more than 30 s ahead or 5 min behind.",
                s.abs(),
                if s > 0 { "behind" } else { "ahead of" }
            ),
            Some("Turn on \"Set time automatically\" in your system settings.".into()),
        ),
        None => skipped(
            CheckKind::Clock,
            CLOCK,
            "Not checked: TikTok could not be reached.",
        ),
    }
}

impl Shopdock {
    /// Runs every probe and returns the checklist; an unknown shop or an unreadable database is
    /// an `Err`.
    pub async fn test_connection(&self, shop_id: &str) -> Result<ConnectionReport, ApiError> {
        let findings = self.probe_connection(shop_id).await?;
        let checks = verdict(&findings);
        Ok(ConnectionReport {
            shop_id: shop_id.to_owned(),
            // Skipped checks never stand alone: the failure that skipped them is in the list.
            passed: checks.iter().all(|c| c.passed || c.skipped),
            checks,
            clock_skew_secs: findings.clock_skew_secs,
            checked_at: self.now(),
        })
    }

    async fn probe_connection(&self, shop_id: &str) -> Result<Findings, CoreError> {
        let rec = self.shop_record(shop_id).await?;
        let session = match self.session(shop_id).await {
            Ok(s) => s,
            Err(e) => {
                let (credentials_refused, message, fix) = describe_session_error(&e);
                return Ok(Findings {
                    access: Access::NoSession {
                        credentials_refused,
                        message,
                        fix,
                    },
                    clock_skew_secs: None,
                });
            }
        };
        let shops = self
            .call_shop(shop_id, |s| async move {
                s.client.authorized_shops(&s.access_token).await
            })
            .await;
        let clock_skew_secs = Some(session.client.last_clock_skew());
        let shops = match shops {
            Ok(shops) => shops,
            Err(e) => {
                return Ok(Findings {
                    access: Access::Refused { error: e.into() },
                    clock_skew_secs,
                })
            }
        };
        let ours = rec.authorization.as_ref();
        let listed = ours.and_then(|a| shops.iter().find(|s| s.id == a.tiktok_shop_id));
        let shop = match (ours, listed) {
            (Some(a), Some(s)) if s.cipher == a.shop_cipher => {
                // One Search Orders call answers both the cipher and the order scope.
                let probe = self.probe_orders(shop_id).await;
                let cipher_refused = match &probe {
                    Err(CoreError::TikTok(e)) if is_cipher_error(e) => Some(e.to_string()),
                    _ => None,
                };
                let orders_scope_refused = matches!(
                    &probe,
                    Err(CoreError::TikTok(e)) if e.action() == Action::EnableScope
                );
                ShopFinding::Listed {
                    name: s.name.clone(),
                    cipher_refused,
                    scopes: self
                        .scope_findings(shop_id, &rec, orders_scope_refused)
                        .await?,
                }
            }
            (Some(_), Some(_)) => ShopFinding::NewCipher,
            _ => ShopFinding::NotListed,
        };
        Ok(Findings {
            access: Access::Granted { shop },
            clock_skew_secs,
        })
    }

    /// The cheapest cipher-scoped read: one recent order of Search Orders, with a real filter
    /// (the sources disagree on how to sign an empty JSON body, so probes never send one).
    async fn probe_orders(&self, shop_id: &str) -> Result<(), CoreError> {
        self.call_shop(shop_id, |s| async move {
            s.client
                .probe_orders(&s.access_token, &s.shop_cipher)
                .await
                .map(|_| ())
        })
        .await
    }

    /// The scopes the enabled options need, each granted or not; `orders_scope_refused` is what
    /// the Search Orders probe said of `seller.order.info`.
    async fn scope_findings(
        &self,
        shop_id: &str,
        rec: &shopdock_store::ShopRecord,
        orders_scope_refused: bool,
    ) -> Result<Vec<ScopeFinding>, CoreError> {
        let id = shop_id.to_owned();
        let options = self.db(move |s| s.shop_options(&id)).await?;
        let granted = rec
            .authorization
            .as_ref()
            .map(|a| a.granted_scopes.clone())
            .unwrap_or_default();
        let mut findings = Vec::new();
        for need in required_scopes(&options) {
            let is_granted = need.met_by(&granted);
            let refused =
                is_granted && need.any_of == ["seller.order.info"] && orders_scope_refused;
            findings.push(ScopeFinding {
                scope: need.label(),
                granted: is_granted,
                refused,
            });
        }
        Ok(findings)
    }
}

fn is_cipher_error(e: &TikTokError) -> bool {
    matches!(
        e.api_code(),
        Some(shopdock_tiktok::codes::SHOP_CIPHER_MISSING)
            | Some(shopdock_tiktok::codes::CIPHER_MISMATCH)
    )
}

/// Turns "no usable session" into (credentials refused, message, fix).
fn describe_session_error(e: &CoreError) -> (bool, String, Option<String>) {
    match e {
        CoreError::TikTok(t) if t.action() == Action::FixCredentials => (
            true,
            tiktok_to_api(t).message,
            Some("Copy the app key and secret again from Partner Center and save them in the shop's registration.".into()),
        ),
        CoreError::NotConnected(m) => (false, m.clone(), Some("Press Get Auth.".into())),
        other => (
            false,
            ApiError::from(other).message,
            Some("Press Get Auth to reconnect the shop.".into()),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn granted(scopes: Vec<ScopeFinding>) -> Findings {
        Findings {
            access: Access::Granted {
                shop: ShopFinding::Listed {
                    name: "Demo".into(),
                    cipher_refused: None,
                    scopes,
                },
            },
            clock_skew_secs: Some(2),
        }
    }

    fn kinds(checks: &[CheckResult]) -> Vec<(CheckKind, bool, bool)> {
        checks
            .iter()
            .map(|c| (c.check, c.passed, c.skipped))
            .collect()
    }

    #[test]
    fn a_healthy_shop_passes_every_line_in_dependency_order() {
        let checks = verdict(&granted(vec![ScopeFinding {
            scope: "seller.order.info".into(),
            granted: true,
            refused: false,
        }]));
        use CheckKind::*;
        assert_eq!(
            kinds(&checks),
            [
                (Credentials, true, false),
                (Token, true, false),
                (ShopCipher, true, false),
                (Scope, true, false),
                (Clock, true, false)
            ]
        );
        assert_eq!(checks[3].scope.as_deref(), Some("seller.order.info"));
    }

    #[test]
    fn a_missing_or_refused_scope_fails_with_the_partner_center_fix() {
        let checks = verdict(&granted(vec![
            ScopeFinding {
                scope: "seller.logistics".into(),
                granted: false,
                refused: false,
            },
            ScopeFinding {
                scope: "seller.order.info".into(),
                granted: true,
                refused: true,
            },
        ]));
        let scopes: Vec<_> = checks
            .iter()
            .filter(|c| c.check == CheckKind::Scope)
            .collect();
        assert_eq!(scopes.len(), 2);
        assert!(scopes.iter().all(|c| !c.passed));
        assert!(scopes[0]
            .message
            .contains("does not include seller.logistics"));
        assert!(scopes[1].message.contains("105005"));
        assert!(scopes[1]
            .fix
            .as_deref()
            .unwrap_or("")
            .contains("Manage API scopes"));
    }

    #[test]
    fn without_a_token_the_credentials_are_skipped_not_failed() {
        let checks = verdict(&Findings {
            access: Access::NoSession {
                credentials_refused: false,
                message: "The shop is not connected yet: press Get Auth.".into(),
                fix: Some("Press Get Auth.".into()),
            },
            clock_skew_secs: None,
        });
        use CheckKind::*;
        assert_eq!(
            kinds(&checks),
            [
                (Credentials, false, true),
                (Token, false, false),
                (Clock, false, true)
            ]
        );
    }

    #[test]
    fn refused_credentials_fail_the_credentials_line_only() {
        let checks = verdict(&Findings {
            access: Access::Refused {
                error: ApiError::new(ErrorCode::InvalidCredentials, "Wrong app secret."),
            },
            clock_skew_secs: Some(0),
        });
        use CheckKind::*;
        assert_eq!(
            kinds(&checks),
            [(Credentials, false, false), (Clock, true, false)]
        );
    }

    #[test]
    fn a_clock_more_than_thirty_seconds_off_fails_and_says_which_way() {
        let behind = clock_line(Some(600));
        assert!(!behind.passed && behind.message.contains("600 s behind"));
        let ahead = clock_line(Some(-31));
        assert!(!ahead.passed && ahead.message.contains("31 s ahead of"));
        assert!(clock_line(Some(30)).passed);
    }

    #[test]
    fn a_new_cipher_or_a_missing_shop_asks_for_get_auth() {
        for shop in [ShopFinding::NewCipher, ShopFinding::NotListed] {
            let checks = verdict(&Findings {
                access: Access::Granted { shop },
                clock_skew_secs: Some(0),
            });
            let cipher = checks
                .iter()
                .find(|c| c.check == CheckKind::ShopCipher)
                .expect("a cipher line");
            assert!(!cipher.passed);
            assert!(cipher.fix.as_deref().unwrap_or("").contains("Get Auth"));
        }
    }
}
