//! The per-shop automation options: what each does, which TikTok endpoints it calls, and whether
//! Shopdock can do it yet. An option whose capability is not built is shown disabled with its
//! reason, never as a toggle that silently does nothing.

use crate::api::{
    ApiError, ConfirmHandover, FieldError, FormField, OptionKey, OptionView, OptionsPatch,
    OptionsView,
};
use crate::errors::CoreError;
use crate::scopes::Endpoint;
use crate::scopes::{
    ScopeNeed, AUTHORIZED_SHOPS, CREATE_PACKAGES, GET_PRODUCT, HANDOVER_SLOTS, INVENTORY_SEARCH,
    MARK_SHIPPED, ORDER_DETAIL, PACKAGE_DETAIL, SEARCH_ORDERS, SEARCH_PACKAGES, SEARCH_PRODUCTS,
    SHIPPING_DOCUMENT, SHIPPING_PROVIDERS, SHIPPING_SERVICES, SHIP_PACKAGE, UPDATE_INVENTORY,
    UPDATE_PRICE, UPDATE_SHIPPING_INFO,
};
use crate::{CoreEvent, Shopdock};
use shopdock_store::ShopOptions;

/// Shortest poll interval: a poll is one request while nothing changed, and a pull starts the
/// interval after the previous one ended, so 5 s costs under 0.2 requests per second per shop
/// while idle (TikTok's limit is 50 per second per app-and-shop) and shows a new order within
/// about 6 s. Polling more often would exceed that idle budget for little gain.
pub const MIN_POLL_SECS: u32 = 5;
pub const MAX_POLL_SECS: u32 = 24 * 3600;

/// One option's fixed facts.
pub struct OptionSpec {
    pub key: OptionKey,
    pub label: &'static str,
    pub description: &'static str,
    /// The endpoints it calls; its scopes follow from them (see [`crate::scopes`]).
    pub calls: &'static [&'static Endpoint],
    /// `None` when Shopdock can do it; otherwise why not, in one line.
    pub unavailable: Option<&'static str>,
    /// Works only while automatic order download is on: otherwise shown off and disabled with
    /// [`NEEDS_DOWNLOAD`], its saved choice kept for when the download is back on.
    pub needs_download: bool,
    get: fn(&ShopOptions) -> bool,
    set: fn(&mut ShopOptions, bool),
}

const WITH_DOWNLOAD: &str =
    "Always on with automatic order download: every pull brings the changes of synced orders.";
const NOT_YET_PUSH: &str = "Arrives with outgoing updates (the outbox) in a coming version.";
pub const NEEDS_DOWNLOAD: &str =
    "Needs automatic order download: new orders are noticed when Shopdock downloads them.";

/// The catalogue, in the order the Options panel shows it.
pub const OPTIONS: &[OptionSpec] = &[
    OptionSpec {
        key: OptionKey::AutoDownload,
        label: "Automatic order download",
        description:
            "Pulls new and changed orders from TikTok Shop into Shopdock in the background.",
        calls: &[&SEARCH_ORDERS, &ORDER_DETAIL],
        unavailable: None,
        needs_download: false,
        get: |o| o.auto_download,
        set: |o, v| o.auto_download = v,
    },
    OptionSpec {
        key: OptionKey::NotifyNewOrders,
        label: "Desktop notification for new orders",
        description: "Shows one desktop notification when a download brings orders you have not \
            seen yet (not for a shop's first download, nor for orders fetched by date).",
        calls: &[&SEARCH_ORDERS],
        unavailable: None,
        needs_download: true,
        get: |o| o.notify_new_orders,
        set: |o, v| o.notify_new_orders = v,
    },
    OptionSpec {
        key: OptionKey::AutoConfirm,
        label: "Automatic order confirmation",
        description:
            "Arranges TikTok Shipping for orders as soon as they are ready to ship: pickup in the \
            earliest slot or drop-off (as set for the shop), or TikTok's default label in the US. \
            Never while on hold, within the buyer's first hour, or with a cancellation request.",
        calls: &[
            &SHIP_PACKAGE,
            &CREATE_PACKAGES,
            &SHIPPING_SERVICES,
            &HANDOVER_SLOTS,
            &PACKAGE_DETAIL,
            &ORDER_DETAIL,
        ],
        unavailable: None,
        // It runs after each pull: without the download nothing would trigger it.
        needs_download: true,
        get: |o| o.auto_confirm,
        set: |o, v| o.auto_confirm = v,
    },
    OptionSpec {
        key: OptionKey::AutoShipInstructions,
        label: "Automatic fulfillment shipping instructions",
        description: "Prepares TikTok's shipping label of each package Shopdock arranges, in \
            the background (TikTok's link to it lasts 24 hours): printing the labels is then \
            instant and works offline.",
        calls: &[&SHIPPING_DOCUMENT],
        unavailable: None,
        needs_download: false,
        get: |o| o.auto_ship_instructions,
        set: |o, v| o.auto_ship_instructions = v,
    },
    OptionSpec {
        key: OptionKey::AutoStockSync,
        label: "Automatic stock quantity sync",
        description: "Pushes what you can sell of each mapped SKU to TikTok within seconds of \
            a change: your stock minus the units of unshipped orders of every shop, minus the \
            shop's buffer, at its percentage. Checks TikTok's stock regularly (hourly, unless the \
            stock rules say otherwise) and fixes drift.",
        calls: &[&SEARCH_PRODUCTS, &INVENTORY_SEARCH, &UPDATE_INVENTORY],
        unavailable: None,
        needs_download: false,
        get: |o| o.auto_stock_sync,
        set: |o, v| o.auto_stock_sync = v,
    },
    OptionSpec {
        key: OptionKey::PriceUpload,
        label: "Price upload",
        description: "Pushes your prices to the TikTok SKUs mapped one-to-one to yours, in \
            the shop's currency; a price locked by a promotion is shown on its SKU.",
        calls: &[&SEARCH_PRODUCTS, &GET_PRODUCT, &UPDATE_PRICE],
        unavailable: None,
        needs_download: false,
        get: |o| o.price_upload,
        set: |o, v| o.price_upload = v,
    },
    OptionSpec {
        key: OptionKey::TrackingUpload,
        label: "Tracking upload",
        description:
            "Sends tracking numbers you enter to TikTok Shop and marks the packages shipped.",
        calls: &[
            &MARK_SHIPPED,
            &SHIPPING_PROVIDERS,
            &UPDATE_SHIPPING_INFO,
            &PACKAGE_DETAIL,
        ],
        unavailable: Some(NOT_YET_PUSH),
        needs_download: false,
        get: |o| o.tracking_upload,
        set: |o, v| o.tracking_upload = v,
    },
    OptionSpec {
        key: OptionKey::QueryShippingChanges,
        label: "Query shipping changes",
        description: "Watches synced orders for new packages, carriers and tracking numbers.",
        calls: &[&ORDER_DETAIL, &SEARCH_PACKAGES],
        unavailable: Some(WITH_DOWNLOAD),
        needs_download: false,
        get: |o| o.query_shipping_changes,
        set: |o, v| o.query_shipping_changes = v,
    },
    OptionSpec {
        key: OptionKey::QueryStatusChanges,
        label: "Query order status changes",
        description: "Watches synced orders for cancellations, deliveries and completions.",
        calls: &[&SEARCH_ORDERS],
        unavailable: Some(WITH_DOWNLOAD),
        needs_download: false,
        get: |o| o.query_status_changes,
        set: |o, v| o.query_status_changes = v,
    },
];

/// Whether the option `key` can run in this build.
pub fn is_available(key: OptionKey) -> bool {
    OPTIONS
        .iter()
        .any(|s| s.key == key && s.unavailable.is_none())
}

/// The catalogue entry of `key`. Every key has exactly one (a test checks it), so the fallback
/// to the first entry is never taken.
pub fn spec(key: OptionKey) -> &'static OptionSpec {
    OPTIONS.iter().find(|s| s.key == key).unwrap_or(&OPTIONS[0])
}

/// Why the option cannot be switched on for a shop with options `o`, if it cannot.
fn blocked(s: &OptionSpec, o: &ShopOptions) -> Option<&'static str> {
    s.unavailable
        .or_else(|| (s.needs_download && !o.auto_download).then_some(NEEDS_DOWNLOAD))
}

/// The scopes the shop's enabled options need, for Test Connection: those of the endpoints
/// they call, plus Get Authorized Shops (how Shopdock finds the shop cipher).
pub fn required_scopes(o: &ShopOptions) -> Vec<ScopeNeed> {
    let enabled = OPTIONS
        .iter()
        .filter(|s| (s.get)(o) && (o.auto_download || !s.needs_download));
    crate::scopes::needs(
        std::iter::once(&AUTHORIZED_SHOPS).chain(enabled.flat_map(|s| s.calls.iter().copied())),
    )
}

/// What the switch shows. Options that ride along with the download show its state; other
/// options that cannot run (yet, or without the download) show as off (the saved preference is
/// kept for when they can).
fn shown_enabled(s: &OptionSpec, o: &ShopOptions) -> bool {
    match blocked(s, o) {
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
                key: s.key,
                label: s.label.into(),
                description: s.description.into(),
                enabled: shown_enabled(s, o),
                available: blocked(s, o).is_none(),
                unavailable_reason: blocked(s, o).map(Into::into),
                scopes: crate::scopes::needs(s.calls.iter().copied())
                    .iter()
                    .map(ScopeNeed::label)
                    .collect(),
            })
            .collect(),
        poll_interval_secs: o.poll_interval_secs,
    }
}

fn handover_word(h: shopdock_store::ConfirmHandover) -> ConfirmHandover {
    match h {
        shopdock_store::ConfirmHandover::Pickup => ConfirmHandover::Pickup,
        shopdock_store::ConfirmHandover::DropOff => ConfirmHandover::DropOff,
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
            let spec = spec(t.key);
            match spec.unavailable {
                Some(why) if t.enabled => problems.push(FieldError {
                    field: FormField::Options,
                    message: format!("{} is not available yet: {why}", spec.label),
                }),
                _ => (spec.set)(&mut o, t.enabled),
            }
        }
        // Checked on the result, so one patch may switch the download and the option on together.
        for t in patch.set.iter().filter(|t| t.enabled) {
            let spec = spec(t.key);
            if spec.needs_download && !o.auto_download {
                problems.push(FieldError {
                    field: FormField::Options,
                    message: format!("{} is not available: {NEEDS_DOWNLOAD}", spec.label),
                });
            }
        }
        if let Some(secs) = patch.poll_interval_secs {
            match checked_poll_interval(secs) {
                Ok(secs) => o.poll_interval_secs = secs,
                Err(problem) => problems.push(problem),
            }
        }
        if !problems.is_empty() {
            return Err(CoreError::Validation(problems).into());
        }
        let id = shop_id.to_owned();
        self.db(move |s| s.set_shop_options(&id, &o)).await?;
        self.emit(CoreEvent::ShopsChanged);
        // Stock sync or price upload just turned on marked the shop's products: push them now.
        if let Err(e) = self.flush_sync_marks(false).await {
            tracing::warn!(shop = %shop_id, error = %e, "could not queue the pushes of the options turned on");
        }
        Ok(views(shop_id, &o))
    }
}

/// A poll interval within [`MIN_POLL_SECS`]..=[`MAX_POLL_SECS`], or the field's message.
pub(crate) fn checked_poll_interval(secs: u32) -> Result<u32, FieldError> {
    if (MIN_POLL_SECS..=MAX_POLL_SECS).contains(&secs) {
        Ok(secs)
    } else {
        Err(FieldError {
            field: FormField::PollIntervalSecs,
            message: format!(
                "The poll interval must be between {MIN_POLL_SECS} seconds and 24 hours."
            ),
        })
    }
}

impl Shopdock {
    /// How automatic confirmation hands TikTok Shipping packages over in this shop, where the
    /// seller chooses (outside SEA): pickup in the earliest slot, or drop-off.
    pub async fn confirm_handover(&self, shop_id: &str) -> Result<ConfirmHandover, ApiError> {
        self.shop_record(shop_id).await?;
        let id = shop_id.to_owned();
        let o = self.db(move |s| s.shop_options(&id)).await?;
        Ok(handover_word(o.confirm_handover))
    }

    /// Sets [`Shopdock::confirm_handover`].
    pub async fn set_confirm_handover(
        &self,
        shop_id: &str,
        handover: ConfirmHandover,
    ) -> Result<ConfirmHandover, ApiError> {
        self.shop_record(shop_id).await?;
        let id = shop_id.to_owned();
        let mut o = self.db(move |s| s.shop_options(&id)).await?;
        o.confirm_handover = match handover {
            ConfirmHandover::Pickup => shopdock_store::ConfirmHandover::Pickup,
            ConfirmHandover::DropOff => shopdock_store::ConfirmHandover::DropOff,
        };
        let id = shop_id.to_owned();
        self.db(move |s| s.set_shop_options(&id, &o)).await?;
        self.emit(CoreEvent::ShopsChanged);
        Ok(handover)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_option_key_has_exactly_one_catalogue_entry() {
        let mut keys: Vec<_> = OPTIONS.iter().map(|o| o.key).collect();
        keys.sort();
        keys.dedup();
        assert_eq!(keys.len(), OPTIONS.len());
        assert_eq!(keys, crate::words::all::<OptionKey>());
        for key in crate::words::all::<OptionKey>() {
            assert_eq!(spec(*key).key, *key);
        }
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
        let labels = |o: &ShopOptions| -> Vec<String> {
            required_scopes(o).iter().map(ScopeNeed::label).collect()
        };
        assert_eq!(labels(&o), vec!["seller.authorization.info"]);
        o.auto_download = true;
        assert_eq!(
            labels(&o),
            vec!["seller.authorization.info", "seller.order.info"]
        );
    }

    /// Issue 9.11: tracking upload marks packages shipped (`seller.fulfillment.basic`) and
    /// corrects tracking with Update Shipping Info (`seller.logistics`).
    #[test]
    fn tracking_upload_needs_the_scopes_of_the_endpoints_it_calls() {
        let view = views("s1", &ShopOptions::default());
        let tracking = view
            .options
            .iter()
            .find(|v| v.key == OptionKey::TrackingUpload)
            .expect("listed");
        assert_eq!(
            tracking.scopes,
            ["seller.fulfillment.basic", "seller.logistics"]
        );
    }

    fn notify_view(o: &ShopOptions) -> OptionView {
        views("s1", o)
            .options
            .into_iter()
            .find(|v| v.key == OptionKey::NotifyNewOrders)
            .expect("the notification option is listed")
    }

    #[test]
    fn the_new_order_notification_is_on_by_default_and_needs_the_download() {
        let on = notify_view(&ShopOptions::default());
        assert_eq!(on.label, "Desktop notification for new orders");
        assert!(on.enabled && on.available, "{on:?}");
        assert_eq!(on.unavailable_reason, None);

        let no_download = ShopOptions {
            auto_download: false,
            ..ShopOptions::default()
        };
        let off = notify_view(&no_download);
        assert!(!off.enabled && !off.available, "{off:?}");
        assert_eq!(off.unavailable_reason.as_deref(), Some(NEEDS_DOWNLOAD));

        let declined = ShopOptions {
            notify_new_orders: false,
            ..ShopOptions::default()
        };
        let declined = notify_view(&declined);
        assert!(!declined.enabled && declined.available, "{declined:?}");
    }
}
