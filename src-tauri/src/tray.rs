//! The tray icon: the overall state at a glance (a coloured dot on the icon, the headline as
//! its tooltip and first menu line), and the menu: Open Shopdock, Sync all now, Pause all /
//! Resume, each shop's state, Quit. What it shows is decided in [`crate::tray_state`]; this
//! module draws it, and refreshes it whenever the engine reports a change ([`refresh`]).
//!
//! On Linux the icon is a StatusNotifierItem (libayatana-appindicator); it registers only with
//! a menu, and only menu clicks produce events, so everything is in the menu.

use std::sync::{Arc, Mutex};

use tauri::image::Image;
use tauri::menu::{Menu, MenuEvent, MenuItem, PredefinedMenuItem};
use tauri::tray::{TrayIcon, TrayIconBuilder};
use tauri::{AppHandle, Manager as _, Runtime};

use crate::desktop::{quit, show_main, Desktop};
use crate::facade::Core;
use crate::notify::{Calm, ShopNeeds};
use crate::tray_state::{model, Overall, TrayModel};

const TRAY_ID: &str = "shopdock";
const OPEN: &str = "open";
const SYNC_ALL: &str = "sync-all";
const PAUSE: &str = "pause";
const RESUME: &str = "resume";
const QUIT: &str = "quit";
/// Shop lines: `shop:<id>`; a click opens the Shops screen.
const SHOP_PREFIX: &str = "shop:";

/// The tray's state between refreshes.
pub struct Tray<R: Runtime> {
    icon: TrayIcon<R>,
    shown: Mutex<Option<TrayModel>>,
    calm: Mutex<Calm>,
    /// Serialises refreshes, so two events in a row never draw an older state last.
    refreshing: tokio::sync::Mutex<()>,
}

/// Creates the tray icon with its first menu (the engine's state follows in [`refresh`]).
pub fn build<R: Runtime>(app: &AppHandle<R>) -> tauri::Result<()> {
    let first = model(&[], &[], &[], false);
    let menu = menu(app, &first)?;
    let mut builder = TrayIconBuilder::with_id(TRAY_ID)
        .menu(&menu)
        .tooltip(format!("Shopdock: {}", first.headline))
        .show_menu_on_left_click(true)
        .on_menu_event(on_menu_event);
    if let Some(icon) = icon_for(app, Overall::AllGood) {
        builder = builder.icon(icon);
    }
    let icon = builder.build(app)?;
    app.manage(Arc::new(Tray {
        icon,
        shown: Mutex::new(None),
        calm: Mutex::new(Calm::default()),
        refreshing: tokio::sync::Mutex::new(()),
    }));
    Ok(())
}

fn menu<R: Runtime>(app: &AppHandle<R>, m: &TrayModel) -> tauri::Result<Menu<R>> {
    let menu = Menu::new(app)?;
    menu.append(&MenuItem::with_id(
        app,
        "headline",
        &m.headline,
        false,
        None::<&str>,
    )?)?;
    menu.append(&PredefinedMenuItem::separator(app)?)?;
    menu.append(&MenuItem::with_id(
        app,
        OPEN,
        "Open Shopdock",
        true,
        None::<&str>,
    )?)?;
    let has_shops = !m.shops.is_empty();
    menu.append(&MenuItem::with_id(
        app,
        SYNC_ALL,
        "Sync all now",
        has_shops && !m.paused,
        None::<&str>,
    )?)?;
    let (id, text) = if m.paused {
        (RESUME, "Resume syncing")
    } else {
        (PAUSE, "Pause all syncing")
    };
    menu.append(&MenuItem::with_id(app, id, text, has_shops, None::<&str>)?)?;
    if has_shops {
        menu.append(&PredefinedMenuItem::separator(app)?)?;
        for shop in &m.shops {
            let text = if shop.needs_attention {
                format!("⚠ {}", shop.text)
            } else {
                shop.text.clone()
            };
            let id = format!("{SHOP_PREFIX}{}", shop.shop_id);
            menu.append(&MenuItem::with_id(app, id, text, true, None::<&str>)?)?;
        }
    }
    menu.append(&PredefinedMenuItem::separator(app)?)?;
    menu.append(&MenuItem::with_id(
        app,
        QUIT,
        "Quit Shopdock",
        true,
        None::<&str>,
    )?)?;
    Ok(menu)
}

fn on_menu_event<R: Runtime>(app: &AppHandle<R>, event: MenuEvent) {
    let id = event.id().as_ref();
    tracing::debug!(item = id, "tray menu");
    match id {
        OPEN => show_main(app, None),
        QUIT => quit(app, 0),
        SYNC_ALL => with_engine(app, |shopdock| async move { shopdock.sync_all_now().await }),
        PAUSE | RESUME => set_paused(app, id == PAUSE),
        _ if id.starts_with(SHOP_PREFIX) => show_main(app, Some(crate::notify::Screen::Shops)),
        _ => {}
    }
}

/// Pause all / Resume: the engine holds, the choice is remembered, and the tray redraws.
pub fn set_paused<R: Runtime>(app: &AppHandle<R>, paused: bool) {
    if let Some(desktop) = app.try_state::<Arc<Desktop>>() {
        if let Err(error) = desktop.settings.update(|s| s.paused = paused) {
            tracing::warn!(%error, "could not remember Pause all");
        }
    }
    let handle = app.clone();
    with_engine(app, move |shopdock| async move {
        shopdock.set_paused_all(paused);
        tracing::info!(paused, "the seller paused or resumed all syncing");
        refresh(&handle).await;
    });
}

/// Runs `work` with the opened facade, in the background.
fn with_engine<R: Runtime, F, Fut>(app: &AppHandle<R>, work: F)
where
    F: FnOnce(shopdock_core::Shopdock) -> Fut + Send + 'static,
    Fut: std::future::Future<Output = ()> + Send,
{
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        let Some(core) = app.try_state::<Arc<Core>>() else {
            return;
        };
        let Ok(shopdock) = core.get().await else {
            return;
        };
        work(shopdock.clone()).await;
    });
}

/// Reads the engine's state and redraws the tray when it changed; announces what newly needs
/// the seller (once, see [`Calm`]).
pub async fn refresh<R: Runtime>(app: &AppHandle<R>) {
    let (Some(tray), Some(core)) = (
        app.try_state::<Arc<Tray<R>>>().map(|t| Arc::clone(&t)),
        app.try_state::<Arc<Core>>().map(|c| Arc::clone(&c)),
    ) else {
        return;
    };
    let Ok(shopdock) = core.get().await else {
        return;
    };
    let _one_at_a_time = tray.refreshing.lock().await;
    let shops = match shopdock.list_shops().await {
        Ok(shops) => shops,
        Err(error) => {
            tracing::warn!(error = %error.message, "the tray could not list the shops");
            return;
        }
    };
    let outbox = shopdock.outbox_counts().await.unwrap_or_else(|error| {
        tracing::warn!(error = %error.message, "the tray could not count the outbox");
        Vec::new()
    });
    let now = model(
        &shops,
        &shopdock.sync_statuses(),
        &outbox,
        shopdock.is_paused_all(),
    );

    let pending = shopdock
        .cancellations(shopdock_core::CancellationListInput {
            shop_id: None,
            pending_only: true,
        })
        .await
        .unwrap_or_else(|error| {
            tracing::warn!(error = %error.message, "the tray could not list cancellation requests");
            Vec::new()
        });
    let due_by = shopdock.now() + crate::notify::DUE_SOON_SECS;
    let needs: Vec<ShopNeeds> = shops
        .iter()
        .map(|shop| ShopNeeds {
            shop_id: shop.id.clone(),
            label: shop.label.clone(),
            reconnect: matches!(
                shop.status,
                shopdock_core::ShopStatus::ReconnectNeeded { .. }
            ),
            failed_changes: outbox
                .iter()
                .find(|c| c.shop_id == shop.id)
                .map_or(0, |c| c.failed + c.needs_attention),
            cancellations_due_soon: pending
                .iter()
                .filter(|c| c.shop_id == shop.id && c.buyer_request)
                .filter(|c| c.answering.is_none() && c.deadline.is_some_and(|d| d <= due_by))
                .count() as u64,
        })
        .collect();
    let notices = tray
        .calm
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .observe(&needs);
    if crate::notify::wanted(app) {
        notices.iter().for_each(|n| crate::notify::show(app, n));
    }

    let mut shown = tray.shown.lock().unwrap_or_else(|p| p.into_inner());
    if shown.as_ref() == Some(&now) {
        return;
    }
    let drawn = menu(app, &now).and_then(|menu| tray.icon.set_menu(Some(menu)));
    if let Err(error) = drawn {
        tracing::warn!(%error, "could not redraw the tray menu");
        return;
    }
    if shown.as_ref().map(|m| m.overall) != Some(now.overall) {
        if let Err(error) = tray.icon.set_icon(icon_for(app, now.overall)) {
            tracing::warn!(%error, "could not redraw the tray icon");
        }
    }
    let _ = tray
        .icon
        .set_tooltip(Some(format!("Shopdock: {}", now.headline)));
    *shown = Some(now);
}

/// The app's icon with a dot for the state in its lower right corner (none when all is good).
fn icon_for<R: Runtime>(app: &AppHandle<R>, overall: Overall) -> Option<Image<'static>> {
    let base = app.default_window_icon()?;
    let (w, h) = (base.width(), base.height());
    let mut rgba = base.rgba().to_vec();
    if let Some(color) = dot_color(overall) {
        paint_dot(&mut rgba, w, h, color);
    }
    Some(Image::new_owned(rgba, w, h))
}

/// Amber for attention, the accent for syncing, grey for paused.
fn dot_color(overall: Overall) -> Option<[u8; 4]> {
    match overall {
        Overall::NeedsAttention => Some([0xE0, 0x8E, 0x00, 0xFF]),
        Overall::Syncing => Some([0x0B, 0x9F, 0xA6, 0xFF]),
        Overall::Paused => Some([0x8A, 0x94, 0xA3, 0xFF]),
        Overall::AllGood | Overall::NoShops => None,
    }
}

/// Paints a filled circle with a white ring over the lower right of an RGBA image.
fn paint_dot(rgba: &mut [u8], w: u32, h: u32, color: [u8; 4]) {
    let size = w.min(h) as f32;
    let radius = size * 0.22;
    let ring = radius + size * 0.05;
    let (cx, cy) = (w as f32 - ring, h as f32 - ring);
    for y in 0..h {
        for x in 0..w {
            let d = ((x as f32 + 0.5 - cx).powi(2) + (y as f32 + 0.5 - cy).powi(2)).sqrt();
            let paint = if d <= radius {
                color
            } else if d <= ring {
                [0xFF, 0xFF, 0xFF, 0xFF]
            } else {
                continue;
            };
            let at = ((y * w + x) * 4) as usize;
            if let Some(px) = rgba.get_mut(at..at + 4) {
                px.copy_from_slice(&paint);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_dot_sits_in_the_lower_right_and_leaves_the_rest() {
        let (w, h) = (32, 32);
        let mut rgba = vec![0u8; (w * h * 4) as usize];
        paint_dot(&mut rgba, w, h, [1, 2, 3, 255]);
        let px = |x: u32, y: u32| &rgba[((y * w + x) * 4) as usize..][..4];
        assert_eq!(px(0, 0), [0, 0, 0, 0]);
        assert_eq!(px(w - 7, h - 7), [1, 2, 3, 255]);
        assert_eq!(dot_color(Overall::AllGood), None);
        assert_ne!(
            dot_color(Overall::NeedsAttention),
            dot_color(Overall::Syncing)
        );
    }
}
