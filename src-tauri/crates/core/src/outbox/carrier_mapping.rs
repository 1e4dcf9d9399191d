//! The seller's carrier names, mapped once to TikTok's providers and remembered per shop, and
//! TikTok's provider lists behind them (Get Shipping Providers, cached per delivery option).
//!
//! A mapping keeps the provider's *name*: ids differ per delivery option, so the id is looked
//! up in the order's own list at ship time. A name missing from a cached list fetches the list
//! again (unless it is only a minute old) before anything is refused, so a provider TikTok
//! added is found, and one TikTok withdrew shows its mapping as broken instead of being used.

use super::carriers::{carrier_key, exact_provider, rank, resolve_carrier, CarrierProblem};
use crate::api::{CarrierMappingView, CarrierSuggestion, CarrierSuggestionsView, FormField};
use crate::errors::{CoreError, CoreResult};
use crate::{ApiError, Shopdock};
use shopdock_store::CarrierMapping;
use shopdock_tiktok::codes::{DELIVERY_OPTION_BY_TIKTOK, DELIVERY_OPTION_NOT_SUBSCRIBED};
use shopdock_tiktok::logistics::ShippingProvider;
use shopdock_tiktok::model::Order;
use std::collections::HashMap;

/// Providers fetched this long ago are fetched again (TikTok changes carriers rarely).
const PROVIDERS_TTL_SECS: i64 = 6 * 3600;
/// A list this fresh is not fetched again for a name it lacks (a file of unknown names would
/// otherwise fetch it once per row).
const PROVIDERS_FRESH_SECS: i64 = 60;
/// How many of the shop's newest seller-shipped orders name the delivery options whose
/// providers a mapping may choose from.
const RECENT_ORDERS_FOR_OPTIONS: u32 = 500;

/// Why a carrier did not resolve for an order: the seller's to fix, or TikTok's list could not
/// be had.
pub(crate) enum CarrierFailure {
    Problem(CarrierProblem),
    Fetch(CoreError),
}

impl CarrierFailure {
    /// The failure as `ship_order` answers it: a carrier field to fix, or the fetch's error.
    pub(crate) fn into_core(self) -> CoreError {
        match self {
            CarrierFailure::Problem(p) => CoreError::field(FormField::Carrier, p.message()),
            CarrierFailure::Fetch(e) => e,
        }
    }

    /// The failure as one sentence of a file's row.
    pub(crate) fn sentence(&self) -> String {
        match self {
            CarrierFailure::Problem(p) => p.message(),
            CarrierFailure::Fetch(e) => format!(
                "TikTok's carriers for this order could not be fetched: {}",
                ApiError::from(e).message
            ),
        }
    }
}

impl Shopdock {
    /// TikTok's providers for the order's delivery option, the likeliest for `name` first,
    /// with what `name` resolves to without asking (a remembered mapping or a provider's own
    /// name), for the carrier picker.
    pub async fn carrier_suggestions(
        &self,
        shop_id: &str,
        order_id: &str,
        name: &str,
    ) -> Result<CarrierSuggestionsView, ApiError> {
        let order = self.stored_order(shop_id, order_id.trim()).await?;
        let option = order
            .delivery_option_id
            .clone()
            .filter(|o| !o.is_empty())
            .ok_or_else(|| {
                CoreError::Conflict(format!(
                    "Order {} has no delivery option, so TikTok lists no carriers for it.",
                    order.id
                ))
            })?;
        let remembered = self.remembered_provider(shop_id, name).await?;
        let list = match self.cached_providers(shop_id, &option) {
            Some(list) => list,
            None => self.fetch_providers(shop_id, &option).await?,
        };
        let resolved = resolve_carrier(name, remembered.as_deref(), &list);
        let broken_mapping = match &resolved {
            Err(CarrierProblem::MappingBroken { remembered, .. }) => Some(remembered.clone()),
            _ => None,
        };
        Ok(CarrierSuggestionsView {
            order_id: order.id.clone(),
            carrier: name.trim().to_owned(),
            resolved: resolved.ok().map(|p| p.name.clone()),
            broken_mapping,
            providers: rank(name, &list)
                .into_iter()
                .map(|(p, score)| CarrierSuggestion {
                    provider_name: p.name.clone(),
                    provider_id: p.id.clone(),
                    likely: score > 0,
                })
                .collect(),
        })
    }

    /// Remembers that the seller's `seller_name` means TikTok's `provider_name` in this shop
    /// (replacing an earlier choice). The provider must be one TikTok lists for the shop's
    /// delivery options; it is kept as TikTok spells it.
    pub async fn remember_carrier(
        &self,
        shop_id: &str,
        seller_name: &str,
        provider_name: &str,
    ) -> Result<CarrierMappingView, ApiError> {
        let key = carrier_key(seller_name);
        if key.is_empty() {
            return Err(carrier_field("Name your carrier as you write it.").into());
        }
        self.shop_record(shop_id).await?;
        let known = self.known_providers(shop_id).await?;
        if known.is_empty() {
            return Err(CoreError::Conflict(
                "Shopdock knows no TikTok carriers for this shop yet: sync its seller-shipped orders first."
                    .into(),
            )
            .into());
        }
        let provider = exact_provider(provider_name, &known).ok_or_else(|| {
            carrier_field(format!(
                "TikTok lists no carrier \"{}\" for this shop; choose one of {}.",
                provider_name.trim(),
                known
                    .iter()
                    .map(|p| p.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
        })?;
        let mapping = CarrierMapping {
            seller_key: key,
            seller_name: seller_name.trim().to_owned(),
            provider_name: provider.name.clone(),
            updated_at: self.now(),
        };
        let (shop, stored) = (shop_id.to_owned(), mapping.clone());
        self.db(move |s| s.set_carrier_mapping(&shop, &stored))
            .await?;
        tracing::info!(shop = %shop_id, provider = %mapping.provider_name, "carrier mapping remembered");
        Ok(mapping_view(shop_id, mapping, Some(true)))
    }

    /// The shop's remembered carrier names, each saying whether TikTok still lists its
    /// provider (a withdrawn one is broken: it is not used until the name is mapped again).
    pub async fn carrier_mappings(
        &self,
        shop_id: &str,
    ) -> Result<Vec<CarrierMappingView>, ApiError> {
        self.shop_record(shop_id).await?;
        let shop = shop_id.to_owned();
        let mappings = self.db(move |s| s.carrier_mappings(&shop)).await?;
        if mappings.is_empty() {
            return Ok(Vec::new());
        }
        let known = match self.known_providers(shop_id).await {
            Ok(list) if !list.is_empty() => Some(list),
            Ok(_) => None,
            Err(e) => {
                tracing::warn!(shop = %shop_id, error = %e, "carriers could not be checked");
                None
            }
        };
        Ok(mappings
            .into_iter()
            .map(|m| {
                let listed = known
                    .as_ref()
                    .map(|list| exact_provider(&m.provider_name, list).is_some());
                mapping_view(shop_id, m, listed)
            })
            .collect())
    }

    /// Forgets a remembered carrier name; false when it was not remembered.
    pub async fn forget_carrier(&self, shop_id: &str, seller_name: &str) -> Result<bool, ApiError> {
        let (shop, key) = (shop_id.to_owned(), carrier_key(seller_name));
        Ok(self
            .db(move |s| s.forget_carrier_mapping(&shop, &key))
            .await?)
    }

    /// The TikTok provider the seller's carrier `name` means for `order`: looked up in the
    /// providers of the order's delivery option, through the seller's remembered mapping.
    pub(crate) async fn order_provider(
        &self,
        shop_id: &str,
        order: &Order,
        name: &str,
    ) -> CoreResult<ShippingProvider> {
        let option = order
            .delivery_option_id
            .as_deref()
            .filter(|o| !o.is_empty())
            .ok_or_else(|| {
                CoreError::Conflict(format!(
                    "Order {} has no delivery option, so TikTok lists no carriers for it; sync the order and try again.",
                    order.id
                ))
            })?;
        let remembered = self.remembered_provider(shop_id, name).await?;
        self.provider_for(shop_id, option, name, remembered.as_deref())
            .await
            .map_err(|f| f.into_core())
    }

    /// The provider the seller's remembered `name` maps to, if the seller confirmed one.
    pub(crate) async fn remembered_provider(
        &self,
        shop_id: &str,
        name: &str,
    ) -> CoreResult<Option<String>> {
        let key = carrier_key(name);
        if key.is_empty() {
            return Ok(None);
        }
        let shop = shop_id.to_owned();
        let found = self.db(move |s| s.carrier_mapping(&shop, &key)).await?;
        Ok(found.map(|m| m.provider_name))
    }

    /// Every remembered mapping of the shop, by key (for a file of many rows).
    pub(crate) async fn remembered_providers(
        &self,
        shop_id: &str,
    ) -> CoreResult<HashMap<String, String>> {
        let shop = shop_id.to_owned();
        let all = self.db(move |s| s.carrier_mappings(&shop)).await?;
        Ok(all
            .into_iter()
            .map(|m| (m.seller_key, m.provider_name))
            .collect())
    }

    /// The provider the seller's carrier `name` means for a delivery option: the remembered
    /// mapping, else the provider of that name. A name the cached list lacks fetches the list
    /// again (unless it is fresh) before it is refused.
    pub(crate) async fn provider_for(
        &self,
        shop_id: &str,
        option: &str,
        name: &str,
        remembered: Option<&str>,
    ) -> Result<ShippingProvider, CarrierFailure> {
        if let Some((fetched_at, list)) = self.cached_entry(shop_id, option) {
            match resolve_carrier(name, remembered, &list) {
                Ok(p) => return Ok(p.clone()),
                Err(problem) if self.now() - fetched_at < PROVIDERS_FRESH_SECS => {
                    return Err(CarrierFailure::Problem(problem))
                }
                Err(_) => {}
            }
        }
        let list = self
            .fetch_providers(shop_id, option)
            .await
            .map_err(CarrierFailure::Fetch)?;
        resolve_carrier(name, remembered, &list)
            .cloned()
            .map_err(CarrierFailure::Problem)
    }

    /// TikTok's providers for the delivery options of the shop's recent seller-shipped orders,
    /// one per name (cached lists are used while they last).
    async fn known_providers(&self, shop_id: &str) -> CoreResult<Vec<ShippingProvider>> {
        let shop = shop_id.to_owned();
        let options = self
            .db(move |s| s.recent_delivery_options(&shop, RECENT_ORDERS_FOR_OPTIONS))
            .await?;
        let mut known: Vec<ShippingProvider> = Vec::new();
        for option in options {
            let list = match self.cached_providers(shop_id, &option) {
                Some(list) => list,
                None => match self.fetch_providers(shop_id, &option).await {
                    Ok(list) => list,
                    // A TikTok-shipping or unsubscribed option lists no carriers to map.
                    Err(CoreError::TikTok(t))
                        if matches!(
                            t.api_code(),
                            Some(DELIVERY_OPTION_BY_TIKTOK | DELIVERY_OPTION_NOT_SUBSCRIBED)
                        ) =>
                    {
                        continue
                    }
                    Err(e) => return Err(e),
                },
            };
            for p in list {
                if exact_provider(&p.name, &known).is_none() {
                    known.push(p);
                }
            }
        }
        Ok(known)
    }

    /// Get Shipping Providers of a delivery option, fetched now and cached.
    pub(crate) async fn fetch_providers(
        &self,
        shop_id: &str,
        option: &str,
    ) -> CoreResult<Vec<ShippingProvider>> {
        let option_owned = option.to_owned();
        let list = self
            .call_shop(shop_id, |s| {
                let option = option_owned.clone();
                async move {
                    s.client
                        .shipping_providers(&s.access_token, &s.shop_cipher, &option)
                        .await
                }
            })
            .await?;
        self.inner
            .outbox
            .providers
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(
                (shop_id.to_owned(), option.to_owned()),
                (self.now(), list.clone()),
            );
        Ok(list)
    }

    /// The cached list of a delivery option while it lasts.
    pub(crate) fn cached_providers(
        &self,
        shop_id: &str,
        option: &str,
    ) -> Option<Vec<ShippingProvider>> {
        self.cached_entry(shop_id, option).map(|(_, list)| list)
    }

    fn cached_entry(&self, shop_id: &str, option: &str) -> Option<(i64, Vec<ShippingProvider>)> {
        let now = self.now();
        self.inner
            .outbox
            .providers
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(&(shop_id.to_owned(), option.to_owned()))
            .filter(|(at, _)| now - at < PROVIDERS_TTL_SECS)
            .cloned()
    }
}

fn carrier_field(message: impl Into<String>) -> CoreError {
    CoreError::field(FormField::Carrier, message)
}

fn mapping_view(shop_id: &str, m: CarrierMapping, listed: Option<bool>) -> CarrierMappingView {
    CarrierMappingView {
        shop_id: shop_id.to_owned(),
        seller_name: m.seller_name,
        provider_name: m.provider_name,
        provider_listed: listed,
        updated_at: m.updated_at,
    }
}
