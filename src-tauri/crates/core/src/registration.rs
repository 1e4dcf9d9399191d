//! Validation of what the seller types into New registration. Nothing is saved until every
//! field is valid, and each problem gets its own message naming where to find the right value.

use crate::api::{FieldError, FormField, Region, RegistrationInput};
use shopdock_store::{Region as StoredRegion, ShopRegistration};
use shopdock_tiktok::{Endpoints, Region as ApiRegion, Secret};

/// Parsed, valid registration plus the secret to put in the keyring (if one was typed).
pub struct ValidRegistration {
    pub registration: ShopRegistration,
    pub app_secret: Option<Secret>,
}

fn is_token_chars(s: &str) -> bool {
    s.chars().all(|c| c.is_ascii_alphanumeric())
}

/// Secrets are hex in practice; `-` and `_` are allowed so no real format is refused.
fn is_secret_chars(s: &str) -> bool {
    s.chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// Checks every field and returns all problems at once, not just the first.
///
/// `require_secret` is true for a new shop; when editing, an absent secret keeps the saved one.
/// `endpoints` supplies the API and auth hosts (production for real shops, the sandbox for the
/// demo shop).
pub fn validate(
    input: &RegistrationInput,
    require_secret: bool,
    endpoints: Option<&Endpoints>,
) -> Result<ValidRegistration, Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut err = |field: FormField, message: &str| {
        errors.push(FieldError {
            field,
            message: message.into(),
        })
    };

    let label = input.label.trim();
    if label.is_empty() {
        err(
            FormField::Label,
            "Give the shop a name you will recognise, e.g. \"My US store\".",
        );
    } else if label.chars().count() > 60 {
        err(FormField::Label, "Keep the name under 60 characters.");
    }

    let region = input.region;

    let app_key = input.app_key.trim();
    if app_key.is_empty() {
        err(
            FormField::AppKey,
            "Enter the app key: Partner Center > App & Service > your app > App key.",
        );
    } else if !is_token_chars(app_key) || !(6..=64).contains(&app_key.len()) {
        err(FormField::AppKey, "An app key is 6-64 letters and digits, with no spaces; copy it again from Partner Center.");
    }

    let app_secret = match input.app_secret.as_deref().map(str::trim) {
        Some(s) if !s.is_empty() => {
            if !is_secret_chars(s) || !(8..=128).contains(&s.len()) {
                err(FormField::AppSecret, "An app secret is 8-128 letters and digits, with no spaces; copy it again from Partner Center.");
            }
            Some(Secret::new(s))
        }
        _ => {
            if require_secret {
                err(
                    FormField::AppSecret,
                    "Enter the app secret: Partner Center > App & Service > your app > App secret.",
                );
            }
            None
        }
    };

    let service_id = input.service_id.trim();
    if service_id.is_empty() {
        err(
            FormField::ServiceId,
            "Enter the service ID: Partner Center > App & Service > your app > Service ID.",
        );
    } else if !service_id.chars().all(|c| c.is_ascii_digit())
        || !(6..=25).contains(&service_id.len())
    {
        err(
            FormField::ServiceId,
            "A service ID is a long number (digits only).",
        );
    }

    let shop_hint = input.shop_hint.trim();
    if shop_hint.is_empty() {
        err(
            FormField::ShopHint,
            "Enter your Shop ID or shop code: Seller Center > My Account > Seller Profile.",
        );
    } else if !is_token_chars(shop_hint) || !(4..=32).contains(&shop_hint.len()) {
        err(FormField::ShopHint, "A Shop ID is digits and a shop code is letters and digits (e.g. USLCAB12CD), with no spaces.");
    }

    if input.redirect_port < 1024 {
        err(FormField::RedirectPort, "Use the port of the redirect URL registered in Partner Center (1024-65535), e.g. 8723 for http://localhost:8723/callback.");
    }

    let authorize_url = if input.authorize_url.trim().is_empty() {
        default_authorize_url(region)
    } else {
        input.authorize_url.trim().to_owned()
    };
    match url::Url::parse(&authorize_url) {
        Ok(u) if is_safe_base(&u) => {}
        Ok(u) if u.scheme() == "http" && u.host().is_some() => err(FormField::AuthorizeUrl, PLAIN_HTTP),
        _ => err(FormField::AuthorizeUrl, "The authorization link must be a full https:// address; copy it from Partner Center (\"Copy authorization link\")."),
    }

    let defaults = endpoints
        .cloned()
        .unwrap_or_else(|| Endpoints::production(to_api_region(region)));
    let mut host = |field: FormField, typed: &str, default: String| -> String {
        let typed = typed.trim().trim_end_matches('/');
        if typed.is_empty() {
            return default;
        }
        match url::Url::parse(typed) {
            Ok(u) if is_safe_base(&u) => typed.to_owned(),
            Ok(u) if u.scheme() == "http" && u.host().is_some() => {
                err(field, PLAIN_HTTP);
                String::new()
            }
            _ => {
                err(
                    field,
                    "Leave this empty for TikTok's host, or enter a full http(s):// address.",
                );
                String::new()
            }
        }
    };
    let api_base = host(FormField::ApiBase, &input.api_base, defaults.api_base);
    let auth_base = host(FormField::AuthBase, &input.auth_base, defaults.auth_base);

    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(ValidRegistration {
        registration: ShopRegistration {
            label: label.to_owned(),
            region: stored_region(region),
            app_key: app_key.to_owned(),
            service_id: service_id.to_owned(),
            shop_hint: shop_hint.to_owned(),
            redirect_port: input.redirect_port,
            authorize_url,
            api_base,
            auth_base,
        },
        app_secret,
    })
}

/// Why a plain `http://` address off this computer is refused.
const PLAIN_HTTP: &str = "Use an https:// address: plain http:// is accepted only for this \
     computer (127.0.0.1, ::1 or localhost), e.g. a sandbox served by `shopdock sandbox serve`.";

/// An address Shopdock may send the app secret's signatures, tokens and buyers' data to:
/// `https://` anywhere, plain `http://` only on the loopback (a local sandbox), where nothing
/// crosses a network.
fn is_safe_base(u: &url::Url) -> bool {
    match (u.scheme(), u.host()) {
        ("https", Some(_)) => true,
        ("http", Some(url::Host::Domain(d))) => d.eq_ignore_ascii_case("localhost"),
        ("http", Some(url::Host::Ipv4(ip))) => ip.is_loopback(),
        ("http", Some(url::Host::Ipv6(ip))) => ip.is_loopback(),
        _ => false,
    }
}

pub fn to_api_region(r: Region) -> ApiRegion {
    match r {
        Region::Us => ApiRegion::Us,
        Region::Row => ApiRegion::RestOfWorld,
    }
}

/// TikTok's authorization link for apps of `region`, used when the seller leaves it empty.
pub fn default_authorize_url(region: Region) -> String {
    Endpoints::production(to_api_region(region)).authorize_url
}

pub fn stored_region(r: Region) -> StoredRegion {
    match r {
        Region::Us => StoredRegion::Us,
        Region::Row => StoredRegion::Row,
    }
}

pub fn region_of(r: StoredRegion) -> Region {
    match r {
        StoredRegion::Us => Region::Us,
        StoredRegion::Row => Region::Row,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn good() -> RegistrationInput {
        RegistrationInput {
            label: "My store".into(),
            region: Region::Us,
            app_key: "68xu9ks5p4i8".into(),
            app_secret: Some("e59af819cc0123456789".into()),
            service_id: "7001234567890123456".into(),
            shop_hint: "USLCAB12CD".into(),
            redirect_port: 8723,
            authorize_url: String::new(),
            api_base: String::new(),
            auth_base: String::new(),
        }
    }

    fn fields(r: Result<ValidRegistration, Vec<FieldError>>) -> Vec<String> {
        match r {
            Ok(_) => vec![],
            Err(e) => e.into_iter().map(|f| f.field.as_str().to_owned()).collect(),
        }
    }

    #[test]
    fn valid_input_fills_the_regional_authorization_link() {
        let v = validate(&good(), true, None).ok().unwrap();
        assert_eq!(
            v.registration.authorize_url,
            "https://services.us.tiktokshop.com/open/authorize"
        );
        assert_eq!(v.app_secret.unwrap().expose(), "e59af819cc0123456789");
    }

    #[test]
    fn every_bad_field_is_reported_at_once() {
        let bad = RegistrationInput {
            label: " ".into(),
            region: Region::Row,
            app_key: "has space".into(),
            app_secret: None,
            service_id: "abc".into(),
            shop_hint: "".into(),
            redirect_port: 80,
            authorize_url: "notaurl".into(),
            api_base: "ftp:/x".into(),
            auth_base: String::new(),
        };
        let f = fields(validate(&bad, true, None));
        for want in [
            "label",
            "app_key",
            "app_secret",
            "service_id",
            "shop_hint",
            "redirect_port",
            "api_base",
        ] {
            assert!(f.contains(&want.to_string()), "{want} missing from {f:?}");
        }
    }

    #[test]
    fn an_unknown_region_is_refused_at_the_boundary_naming_the_valid_ones() {
        let json = serde_json::to_value(good()).unwrap_or_default();
        let mut bad = json.clone();
        bad["region"] = "EU".into();
        assert!(serde_json::from_value::<RegistrationInput>(bad).is_err());
        assert!(serde_json::from_value::<RegistrationInput>(json).is_ok());
        let e = crate::words::parse_word::<Region>("region", "EU").unwrap_err();
        assert!(e.to_string().contains("US, ROW"), "{e}");
    }

    #[test]
    fn editing_without_a_new_secret_keeps_the_saved_one() {
        let mut i = good();
        i.app_secret = None;
        assert!(validate(&i, false, None).is_ok());
        assert_eq!(fields(validate(&i, true, None)), vec!["app_secret"]);
    }

    #[test]
    fn a_custom_authorization_link_must_be_a_url() {
        let mut i = good();
        i.authorize_url = "services.tiktokshops.us/open".into();
        assert_eq!(fields(validate(&i, true, None)), vec!["authorize_url"]);
        i.authorize_url = "https://services.tiktokshops.us/open/authorize?service_id=1".into();
        assert!(validate(&i, true, None).is_ok());
    }

    #[test]
    fn plain_http_hosts_are_accepted_only_on_the_loopback() {
        for local in [
            "http://127.0.0.1:9000",
            "http://127.8.0.1",
            "http://[::1]:9000",
            "http://localhost:9000",
            "https://open-api.example.test",
        ] {
            let mut i = good();
            i.api_base = local.into();
            i.auth_base = local.into();
            i.authorize_url = format!("{local}/open/authorize");
            assert!(validate(&i, true, None).is_ok(), "{local}");
        }
        for remote in [
            "http://open-api.example.test",
            "http://192.168.1.20:9000",
            "http://[2001:db8::1]",
            "http://localhost.example.test",
        ] {
            let mut i = good();
            i.api_base = remote.into();
            i.auth_base = remote.into();
            i.authorize_url = format!("{remote}/open/authorize");
            let Err(refused) = validate(&i, true, None) else {
                panic!("{remote} was accepted");
            };
            assert_eq!(refused.len(), 3, "{remote}");
            assert!(refused.iter().all(|e| e.message == PLAIN_HTTP), "{remote}");
        }
    }
}
