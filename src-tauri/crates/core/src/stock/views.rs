//! What the window and the CLI see of stock and price sync: each linked SKU's figure now, what
//! TikTok last confirmed, and where its push stands.

use super::inputs::{linked_skus, local_stock, rules};
use super::plan;
use super::reconcile::StockFindingView;
use super::settings_check::check_stock_settings;
use crate::errors::{CoreError, CoreResult};
use crate::words::{PushState, StockShare};
use crate::{ApiError, Shopdock};
use serde::{Deserialize, Serialize};
use shopdock_store::outbox::{OutboxFilter, OutboxKind, OutboxState};
use shopdock_store::stock::{PriceSyncRow, StockSyncRow};
use shopdock_store::{ShareRule, StockSettings};
use std::collections::{HashMap, HashSet};
use ts_rs::TS;

/// A shop's stock rules, as shown and edited.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct StockSettingsView {
    /// Units of each local SKU held back from this shop.
    pub buffer: i64,
    /// Percentage of the free units offered (0-100).
    pub percent: u8,
    pub share: StockShare,
    /// Minutes between two reconciliations with TikTok.
    pub reconcile_minutes: i64,
    /// The currency of the seller's own prices (for every shop); `None` = the one currency
    /// of the shops with price upload on.
    pub price_currency: Option<String>,
}

/// One linked TikTok SKU's stock and price sync.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SkuSyncView {
    pub product_id: String,
    pub sku_id: String,
    /// What it sells, e.g. "MUG-1 x2 + TEA".
    pub parts: String,
    /// Shopdock's figure now (`None`: it cannot be computed, see `stock_reason`).
    pub figure: Option<i64>,
    /// The last figure TikTok confirmed, and when.
    pub pushed: Option<i64>,
    pub pushed_at: Option<i64>,
    pub stock: PushState,
    pub stock_reason: Option<String>,
    /// The last price computed for it, with its currency.
    pub price: Option<String>,
    pub currency: Option<String>,
    pub price_state: PushState,
    pub price_reason: Option<String>,
}

/// A shop's stock and price sync.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct StockStatusView {
    pub shop_id: String,
    pub stock_sync: bool,
    pub price_upload: bool,
    pub settings: StockSettingsView,
    pub skus: Vec<SkuSyncView>,
    /// The newest reconciliation findings, newest first.
    pub findings: Vec<StockFindingView>,
}

fn settings_view(s: &StockSettings, price_currency: Option<String>) -> StockSettingsView {
    StockSettingsView {
        buffer: s.buffer,
        percent: s.percent,
        share: match s.share {
            ShareRule::Full => StockShare::Full,
            ShareRule::Split => StockShare::Split,
        },
        reconcile_minutes: s.reconcile_secs / 60,
        price_currency,
    }
}

/// Products of the shop with a push of `kind` not settled yet.
fn pending(entries: &[shopdock_store::OutboxEntry], kind: OutboxKind) -> HashSet<String> {
    entries
        .iter()
        .filter(|e| e.kind == kind)
        .map(|e| e.target.clone())
        .collect()
}

fn stock_state(
    row: Option<&StockSyncRow>,
    figure: Option<i64>,
    pending: bool,
) -> (PushState, Option<String>) {
    if let Some(reason) = row.and_then(|r| r.error_reason.clone()) {
        return (PushState::Failed, Some(reason));
    }
    if pending {
        return (PushState::Pending, None);
    }
    match row {
        Some(r) if r.pushed.is_some() && r.pushed == figure => (PushState::Pushed, None),
        Some(r) if r.pushed.is_some() => (PushState::Pending, None),
        _ => (PushState::NotPushed, None),
    }
}

fn price_state(row: Option<&PriceSyncRow>, pending: bool) -> (PushState, Option<String>) {
    if let Some(reason) = row.and_then(|r| r.error_reason.clone()) {
        return (PushState::Failed, Some(reason));
    }
    if pending {
        return (PushState::Pending, None);
    }
    match row {
        Some(r) if r.pushed.is_some() && r.pushed == r.planned => (PushState::Pushed, None),
        _ => (PushState::NotPushed, None),
    }
}

impl Shopdock {
    /// Every linked SKU of the shop with its figure now and where its pushes stand.
    pub async fn stock_status(&self, shop_id: &str) -> Result<StockStatusView, ApiError> {
        Ok(self.stock_status_inner(shop_id).await?)
    }

    async fn stock_status_inner(&self, shop_id: &str) -> CoreResult<StockStatusView> {
        self.shop_record(shop_id).await?;
        let shop = shop_id.to_owned();
        let (inputs, stock_rows, price_rows, options, currency, findings, entries) = self
            .db(move |s| {
                let products = s.linked_products(&shop)?;
                let entries = s
                    .list_outbox(&OutboxFilter {
                        shop_id: Some(shop.clone()),
                        states: vec![
                            OutboxState::Queued,
                            OutboxState::Sending,
                            OutboxState::NeedsCheck,
                            OutboxState::Failed,
                        ],
                        limit: shopdock_store::MAX_OUTBOX_PAGE,
                        ..OutboxFilter::default()
                    })?
                    .entries;
                Ok((
                    s.stock_inputs(&shop, &products)?,
                    s.stock_sync_rows(&shop)?,
                    s.price_sync_rows(&shop)?,
                    s.shop_options(&shop)?,
                    s.price_currency()?,
                    s.stock_findings(&shop, 20)?,
                    entries,
                ))
            })
            .await?;
        let stock_pending = pending(&entries, OutboxKind::Stock);
        let price_pending = pending(&entries, OutboxKind::Price);
        let stock_rows: HashMap<&str, &StockSyncRow> =
            stock_rows.iter().map(|r| (r.sku_id.as_str(), r)).collect();
        let price_rows: HashMap<&str, &PriceSyncRow> =
            price_rows.iter().map(|r| (r.sku_id.as_str(), r)).collect();
        let stock = local_stock(&inputs.local);
        let rules = rules(&inputs.settings);
        let mut skus = Vec::new();
        for product in &inputs.products {
            for (linked, planned) in linked_skus(product, &inputs.warehouses, None)
                .iter()
                .map(|l| (l, plan::plan_sku(l, |c| stock.get(c).copied(), &rules)))
            {
                let (figure, not_pushed) = match planned.outcome {
                    Ok(p) => (Some(p.quantity), None),
                    Err(why) => (None, Some(why.reason())),
                };
                let row = stock_rows.get(linked.sku_id.as_str()).copied();
                let (mut state, mut reason) =
                    stock_state(row, figure, stock_pending.contains(&product.product_id));
                if !options.auto_stock_sync && state != PushState::Failed {
                    state = PushState::NotPushed;
                }
                if let Some(why) = not_pushed {
                    state = PushState::Failed;
                    reason = Some(why);
                }
                let price_row = price_rows.get(linked.sku_id.as_str()).copied();
                let (price_state, price_reason) =
                    price_state(price_row, price_pending.contains(&product.product_id));
                skus.push(SkuSyncView {
                    product_id: product.product_id.clone(),
                    sku_id: linked.sku_id.clone(),
                    parts: linked
                        .parts
                        .iter()
                        .map(|p| {
                            if p.factor == 1 {
                                p.code.clone()
                            } else {
                                format!("{} x{}", p.code, p.factor)
                            }
                        })
                        .collect::<Vec<_>>()
                        .join(" + "),
                    figure,
                    pushed: row.and_then(|r| r.pushed),
                    pushed_at: row.and_then(|r| r.pushed_at),
                    stock: state,
                    stock_reason: reason,
                    price: price_row.and_then(|r| r.planned.clone()),
                    currency: price_row.and_then(|r| r.currency.clone()),
                    price_state,
                    price_reason,
                });
            }
        }
        Ok(StockStatusView {
            shop_id: shop_id.to_owned(),
            stock_sync: options.auto_stock_sync,
            price_upload: options.price_upload,
            settings: settings_view(&inputs.settings, currency),
            skus,
            findings: findings.into_iter().map(StockFindingView::from).collect(),
        })
    }

    /// The shop's stock rules and the currency of the seller's prices.
    pub async fn stock_settings(&self, shop_id: &str) -> Result<StockSettingsView, ApiError> {
        Ok(self.stock_settings_inner(shop_id).await?)
    }

    async fn stock_settings_inner(&self, shop_id: &str) -> CoreResult<StockSettingsView> {
        self.shop_record(shop_id).await?;
        let shop = shop_id.to_owned();
        let (s, c) = self
            .db(move |st| Ok((st.stock_settings(&shop)?, st.price_currency()?)))
            .await?;
        Ok(settings_view(&s, c))
    }

    /// Saves the shop's stock rules and the currency of the seller's prices; a change pushes
    /// the products it moves. A value out of range is refused on its field (see
    /// [`super::settings_check`]) and then nothing is saved.
    pub async fn set_stock_settings(
        &self,
        shop_id: &str,
        input: StockSettingsView,
    ) -> Result<StockSettingsView, ApiError> {
        Ok(self.set_stock_settings_inner(shop_id, input).await?)
    }

    async fn set_stock_settings_inner(
        &self,
        shop_id: &str,
        input: StockSettingsView,
    ) -> CoreResult<StockSettingsView> {
        self.shop_record(shop_id).await?;
        // Every value first: the rules and the currency are two writes, and a refused
        // currency must not leave the rules half saved.
        let input = check_stock_settings(input).map_err(CoreError::Validation)?;
        let shop = shop_id.to_owned();
        let currency = input.price_currency.clone();
        self.db(move |s| {
            let mut saved = s.stock_settings(&shop)?;
            saved.buffer = input.buffer;
            saved.percent = input.percent;
            saved.share = match input.share {
                StockShare::Full => ShareRule::Full,
                StockShare::Split => ShareRule::Split,
            };
            saved.reconcile_secs = input.reconcile_minutes.saturating_mul(60);
            s.set_stock_settings(&shop, &saved)?;
            s.set_price_currency(currency.as_deref())
        })
        .await?;
        self.flush_sync_marks(false).await?;
        self.stock_settings_inner(shop_id).await
    }
}
