//! What the tray shows, decided from the engine's facts by pure rules: the overall state of the
//! icon (all good / syncing / needs attention / paused) and one line per shop for the menu.
//! The glue that draws it is in [`crate::tray`].

use shopdock_core::{OutboxCountsView, ShopStatus, ShopView, SyncState, SyncStatusView};

/// The icon's state, worst first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Overall {
    /// A shop needs the seller: reconnect, a failed change, a sync that keeps failing.
    NeedsAttention,
    Syncing,
    /// The seller paused all syncing.
    Paused,
    AllGood,
    /// No shop is registered yet.
    NoShops,
}

/// Everything the tray shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrayModel {
    pub overall: Overall,
    /// The menu's first line and the icon's tooltip, e.g. "1 shop needs attention".
    pub headline: String,
    /// One line per shop, e.g. "Demo shop: syncing…", in the shops' order.
    pub shops: Vec<ShopLine>,
    pub paused: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShopLine {
    pub shop_id: String,
    pub text: String,
    pub needs_attention: bool,
}

/// The tray for these shops, their sync states and outbox counts; `paused`: "Pause all" is on.
pub fn model(
    shops: &[ShopView],
    statuses: &[SyncStatusView],
    outbox: &[OutboxCountsView],
    paused: bool,
) -> TrayModel {
    let lines: Vec<(ShopLine, Overall)> = shops
        .iter()
        .map(|shop| {
            let status = statuses.iter().find(|s| s.shop_id == shop.id);
            let counts = outbox.iter().find(|c| c.shop_id == shop.id);
            let (state, overall) = shop_state(shop, status, counts, paused);
            let line = ShopLine {
                shop_id: shop.id.clone(),
                text: format!("{}: {state}", shop_label(shop)),
                needs_attention: overall == Overall::NeedsAttention,
            };
            (line, overall)
        })
        .collect();
    let attention = lines.iter().filter(|(l, _)| l.needs_attention).count();
    let overall = match lines.iter().map(|(_, o)| *o).min() {
        None => Overall::NoShops,
        Some(Overall::NeedsAttention) => Overall::NeedsAttention,
        Some(_) if paused => Overall::Paused,
        Some(o) => o,
    };
    let headline = match overall {
        Overall::NeedsAttention if attention == 1 => "1 shop needs attention".to_owned(),
        Overall::NeedsAttention => format!("{attention} shops need attention"),
        Overall::Syncing => "Syncing…".to_owned(),
        Overall::Paused => "Paused: nothing is synced or sent".to_owned(),
        Overall::AllGood => "All good".to_owned(),
        Overall::NoShops => "No shop connected yet".to_owned(),
    };
    TrayModel {
        overall,
        headline,
        shops: lines.into_iter().map(|(l, _)| l).collect(),
        paused,
    }
}

fn shop_label(shop: &ShopView) -> &str {
    match shop.label.trim() {
        "" => "Shop",
        label => label,
    }
}

/// A shop's words in the menu, and what it contributes to the icon.
fn shop_state(
    shop: &ShopView,
    status: Option<&SyncStatusView>,
    counts: Option<&OutboxCountsView>,
    paused: bool,
) -> (String, Overall) {
    if let ShopStatus::ReconnectNeeded { .. } = shop.status {
        return ("reconnect needed".into(), Overall::NeedsAttention);
    }
    let stuck = counts.map_or(0, |c| c.failed + c.needs_attention);
    if stuck > 0 {
        let changes = if stuck == 1 { "change" } else { "changes" };
        return (
            format!("{stuck} {changes} not sent"),
            Overall::NeedsAttention,
        );
    }
    if let ShopStatus::NotConnected = shop.status {
        return ("not connected".into(), Overall::AllGood);
    }
    if paused {
        return ("paused".into(), Overall::Paused);
    }
    match status.map(|s| s.state) {
        Some(SyncState::Error) => ("sync failed, retrying".into(), Overall::NeedsAttention),
        Some(SyncState::Syncing) => ("syncing…".into(), Overall::Syncing),
        _ if counts.is_some_and(|c| c.queued + c.in_flight > 0) => {
            ("sending changes…".into(), Overall::Syncing)
        }
        Some(SyncState::Paused) | None if matches!(shop.status, ShopStatus::SyncPaused) => {
            ("paused".into(), Overall::AllGood)
        }
        Some(SyncState::Off) => ("automatic download off".into(), Overall::AllGood),
        _ => match shop.status {
            ShopStatus::ExpiresSoon { days } => (
                format!("up to date, reconnect within {days} days"),
                Overall::AllGood,
            ),
            _ => ("up to date".into(), Overall::AllGood),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use shopdock_core::Region;

    fn shop(id: &str, status: ShopStatus) -> ShopView {
        ShopView {
            id: id.into(),
            label: format!("Shop {id}"),
            region: Region::default(),
            app_key: String::new(),
            service_id: String::new(),
            shop_hint: String::new(),
            redirect_port: 0,
            authorize_url: String::new(),
            api_base: String::new(),
            auth_base: String::new(),
            is_demo: false,
            status,
            tiktok: None,
            authorization_ends_at: None,
            banner: None,
        }
    }

    fn sync(id: &str, state: SyncState) -> SyncStatusView {
        SyncStatusView {
            shop_id: id.into(),
            state,
            last_sync_at: None,
            last_error: None,
        }
    }

    fn counts(id: &str, queued: u64, failed: u64) -> OutboxCountsView {
        OutboxCountsView {
            shop_id: id.into(),
            queued,
            in_flight: 0,
            failed,
            needs_attention: 0,
        }
    }

    #[test]
    fn connected_shops_at_rest_are_all_good() {
        let shops = [
            shop("a", ShopStatus::Connected),
            shop("b", ShopStatus::Connected),
        ];
        let m = model(&shops, &[sync("a", SyncState::Idle)], &[], false);
        assert_eq!(m.overall, Overall::AllGood);
        assert_eq!(m.headline, "All good");
        assert_eq!(m.shops[0].text, "Shop a: up to date");
        assert_eq!(model(&[], &[], &[], false).overall, Overall::NoShops);
    }

    #[test]
    fn one_shop_syncing_makes_the_icon_syncing() {
        let shops = [
            shop("a", ShopStatus::Connected),
            shop("b", ShopStatus::Connected),
        ];
        let m = model(&shops, &[sync("b", SyncState::Syncing)], &[], false);
        assert_eq!(m.overall, Overall::Syncing);
        assert_eq!(m.shops[1].text, "Shop b: syncing…");
        let sending = model(&shops, &[], &[counts("a", 2, 0)], false);
        assert_eq!(sending.overall, Overall::Syncing);
    }

    #[test]
    fn attention_wins_over_syncing_and_paused_and_is_counted() {
        let shops = [
            shop("a", ShopStatus::ReconnectNeeded { reason: "x".into() }),
            shop("b", ShopStatus::Connected),
            shop("c", ShopStatus::Connected),
        ];
        let m = model(
            &shops,
            &[sync("b", SyncState::Syncing)],
            &[counts("c", 0, 1)],
            true,
        );
        assert_eq!(m.overall, Overall::NeedsAttention);
        assert_eq!(m.headline, "2 shops need attention");
        assert_eq!(m.shops[0].text, "Shop a: reconnect needed");
        assert_eq!(m.shops[2].text, "Shop c: 1 change not sent");
        assert!(m.shops[0].needs_attention && !m.shops[1].needs_attention);
        let failing = model(&shops[1..2], &[sync("b", SyncState::Error)], &[], false);
        assert_eq!(failing.headline, "1 shop needs attention");
    }

    #[test]
    fn pause_all_shows_paused_unless_something_needs_the_seller() {
        let shops = [shop("a", ShopStatus::Connected)];
        let m = model(&shops, &[sync("a", SyncState::Paused)], &[], true);
        assert_eq!(m.overall, Overall::Paused);
        assert_eq!(m.shops[0].text, "Shop a: paused");
        assert!(m.paused);
    }
}
