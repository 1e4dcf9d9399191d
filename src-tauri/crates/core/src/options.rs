//! The per-shop automation options: what each does, which TikTok scope it needs, and whether
//! Shopdock can do it yet. An option whose capability is not built is shown disabled with its
//! reason, never as a toggle that silently does nothing.

use crate::api::{ApiError, OptionView, OptionsPatch, OptionsView};
use crate::errors::CoreError;
use crate::{CoreEvent, Shopdock};
use shopdock_store::ShopOptions;

/// Shortest poll interval: TikTok's limit is per app-and-shop, and a desktop app polling more
/// often than this gains nothing.
pub const MIN_POLL_SECS: u32 = 10;
pub const MAX_POLL_SECS: u32 = 24 * 3600;

/// One option's fixed facts.
pub struct OptionSpec {
    pub key: &'static str,
    pub label: &'static str,
    pub description: &'static str,
    pub scope: &'static str,
    /// `None` when Shopdock can do it; otherwise why not, in one line.
    pub unavailable: Option<&'static str>,
    get: fn(&ShopOptions) -> bool,
    set: fn(&mut ShopOptions, bool),
}

const WITH_DOWNLOAD: &str =
    "Always on with automatic order download: every pull brings the changes of synced orders.";
const NOT_YET_PUSH: &str = "Arrives with outgoing updates (the outbox) in a coming version.";

/// The catalogue, in the order the Options panel shows it.
pub const OPTIONS: &[OptionSpec] = &[
    OptionSpec {
        key: "auto_download",
        label: "Automatic order download",
        description:
            "Pulls new and changed orders from TikTok Shop into Shopdock in the background.",
        scope: "seller.order.info",
        unavailable: None,
        get: |o| o.auto_download,
        set: |o, v| o.auto_download = v,
    },
    OptionSpec {
        key: "auto_confirm",
        label: "Automatic order confirmation",
        description:
            "Arranges shipment for orders as soon as they are ready to ship (never while on hold).",
        scope: "seller.fulfillment.basic",
        unavailable: Some(NOT_YET_PUSH),
        get: |o| o.auto_confirm,
        set: |o, v| o.auto_confirm = v,
    },
    OptionSpec {
        key: "auto_ship_instructions",
        label: "Automatic fulfillment shipping instructions",
        description:
            "Sends shipping instructions (handover method, pickup slot) for confirmed packages.",
        scope: "seller.fulfillment.basic",
        unavailable: Some(NOT_YET_PUSH),
        get: |o| o.auto_ship_instructions,
        set: |o, v| o.auto_ship_instructions = v,
    },
    OptionSpec {
        key: "auto_stock_sync",
        label: "Automatic stock quantity sync",
        description: "Pushes your stock levels to the mapped TikTok SKUs.",
        scope: "seller.product.write",
        unavailable: Some("Needs SKU mapping, which arrives in a coming version."),
        get: |o| o.auto_stock_sync,
        set: |o, v| o.auto_stock_sync = v,
    },
    OptionSpec {
        key: "price_upload",
        label: "Price upload",
        description: "Pushes your prices to the mapped TikTok SKUs.",
        scope: "seller.product.write",
        unavailable: Some("Needs SKU mapping, which arrives in a coming version."),
        get: |o| o.price_upload,
        set: |o, v| o.price_upload = v,
    },
    OptionSpec {
        key: "tracking_upload",
        label: "Tracking upload",
        description:
            "Sends tracking numbers you enter to TikTok Shop and marks the packages shipped.",
        scope: "seller.fulfillment.package.write",
        unavailable: Some(NOT_YET_PUSH),
        get: |o| o.tracking_upload,
        set: |o, v| o.tracking_upload = v,
    },
    OptionSpec {
        key: "query_shipping_changes",
        label: "Query shipping changes",
        description: "Watches synced orders for new packages, carriers and tracking numbers.",
        scope: "seller.fulfillment.basic",
        unavailable: Some(WITH_DOWNLOAD),
        get: |o| o.query_shipping_changes,
        set: |o, v| o.query_shipping_changes = v,
    },
    OptionSpec {
        key: "query_status_changes",
        label: "Query order status changes",
        description: "Watches synced orders for cancellations, deliveries and completions.",
        scope: "seller.order.info",
        unavailable: Some(WITH_DOWNLOAD),
        get: |o| o.query_status_changes,
        set: |o, v| o.query_status_changes = v,
    },
];

/// Whether the option `key` can run in this build.
pub fn is_available(key: &str) -> bool {
    OPTIONS
        .iter()
        .any(|s| s.key == key && s.unavailable.is_none())
}

/// The scopes the shop's enabled (and available) options need, for Test Connection. Shop
/// info is always needed: it is how Shopdock finds the shop cipher.
pub fn required_scopes(o: &ShopOptions) -> Vec<&'static str> {
    let mut scopes = vec!["seller.authorization.info"];
    for spec in OPTIONS.iter().filter(|s| (s.get)(o)) {
        if !scopes.contains(&spec.scope) {
            scopes.push(spec.scope);
        }
    }
    scopes
}

/// What the switch shows. Options that ride along with the download show its state; other
/// options that cannot run yet show as off (the saved preference is kept for when they can).
fn shown_enabled(s: &OptionSpec, o: &ShopOptions) -> bool {
    match s.unavailable {
        None => (s.get)(o),
        Some(WITH_DOWNLOAD) => o.auto_download,
        Some(_) => false,
    }
}

fn views(shop_id: &str, o: &ShopOptions) -> OptionsView {
    OptionsView {
        shop_id: shop_id.to_owned(),
        options: OPTIONS
            .iter()
            .map(|s| OptionView {
                key: s.key.into(),
                label: s.label.into(),
                description: s.description.into(),
                enabled: shown_enabled(s, o),
                available: s.unavailable.is_none(),
                unavailable_reason: s.unavailable.map(Into::into),
                scope: Some(s.scope.into()),
            })
            .collect(),
        poll_interval_secs: o.poll_interval_secs,
    }
}

impl Shopdock {
    pub async fn shop_options(&self, shop_id: &str) -> Result<OptionsView, ApiError> {
        self.shop_record(shop_id).await?;
        let id = shop_id.to_owned();
        let o = self.db(move |s| s.shop_options(&id)).await?;
        Ok(views(shop_id, &o))
    }

    /// Applies a change. Unknown keys, unavailable options and out-of-range intervals are
    /// refused with a message; nothing is saved unless the whole patch is valid.
    pub async fn set_shop_options(
        &self,
        shop_id: &str,
        patch: OptionsPatch,
    ) -> Result<OptionsView, ApiError> {
        self.shop_record(shop_id).await?;
        let id = shop_id.to_owned();
        let mut o = self.db(move |s| s.shop_options(&id)).await?;
        let mut problems = Vec::new();
        for t in &patch.set {
            match OPTIONS.iter().find(|s| s.key == t.key) {
                None => problems.push(crate::api::FieldError {
                    field: t.key.clone(),
                    message: format!("There is no option called {:?}.", t.key),
                }),
                Some(spec) if t.enabled && spec.unavailable.is_some() => {
                    problems.push(crate::api::FieldError {
                        field: t.key.clone(),
                        message: format!(
                            "{} is not available yet: {}",
                            spec.label,
                            spec.unavailable.unwrap_or_default()
                        ),
                    })
                }
                Some(spec) => (spec.set)(&mut o, t.enabled),
            }
        }
        if let Some(secs) = patch.poll_interval_secs {
            if !(MIN_POLL_SECS..=MAX_POLL_SECS).contains(&secs) {
                problems.push(crate::api::FieldError {
                    field: "poll_interval_secs".into(),
                    message: format!(
                        "The poll interval must be between {MIN_POLL_SECS} seconds and 24 hours."
                    ),
                });
            } else {
                o.poll_interval_secs = secs;
            }
        }
        if !problems.is_empty() {
            return Err(CoreError::Validation(problems).into());
        }
        let id = shop_id.to_owned();
        self.db(move |s| s.set_shop_options(&id, &o)).await?;
        self.emit(CoreEvent::ShopsChanged);
        Ok(views(shop_id, &o))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_option_has_a_unique_key_and_a_reason_when_unavailable() {
        let mut keys: Vec<_> = OPTIONS.iter().map(|o| o.key).collect();
        keys.sort();
        keys.dedup();
        assert_eq!(keys.len(), OPTIONS.len());
        for o in OPTIONS {
            let mut opts = ShopOptions::default();
            (o.set)(&mut opts, true);
            assert!((o.get)(&opts), "{} setter and getter disagree", o.key);
            (o.set)(&mut opts, false);
            assert!(!(o.get)(&opts));
        }
    }

    #[test]
    fn required_scopes_follow_the_enabled_options() {
        let mut o = ShopOptions {
            auto_download: false,
            query_shipping_changes: false,
            query_status_changes: false,
            ..ShopOptions::default()
        };
        assert_eq!(required_scopes(&o), vec!["seller.authorization.info"]);
        o.auto_download = true;
        assert_eq!(
            required_scopes(&o),
            vec!["seller.authorization.info", "seller.order.info"]
        );
    }
}
