//! `shopdock ship ORDER --pickup [--slot N] | --drop-off | --as-seller-center | --buy-label
//! [--service ID]`: arrange a TikTok Shipping order's shipment and wait for TikTok, and
//! `shopdock ship ORDER --options [--json]`: what can be chosen (the window's wording).

use crate::outbox::print_entry;
use crate::output::{emit, print_error};
use crate::shop::resolve;
use chrono::{Datelike, Timelike};
use clap::Args;
use shopdock_core::{
    ApiError, ArrangeChoice, ArrangeInput, ArrangementOptionsView, ErrorCode, OutboxState,
    PackageWeightInput, PickupSlotView, Shopdock, WeightUnit,
};
use std::process::ExitCode;
use std::time::Duration;

/// How long `ship` waits for TikTok's answer before leaving the row to the next run.
const WAIT: Duration = Duration::from_secs(120);
/// The exit code for input the command refuses (clap uses the same for bad flags).
const BAD_INPUT: u8 = 2;

/// Arranging shipment instead of entering tracking (flattened into `shopdock ship`).
#[derive(Args, Default)]
pub struct ArrangeArgs {
    /// Arrange TikTok's pickup, in --slot (default: the earliest slot offered).
    #[arg(long)]
    pub pickup: bool,
    /// The pickup slot: its number in --options (1 = earliest) or its start (Unix seconds).
    #[arg(long, requires = "pickup", value_name = "N_OR_START")]
    pub slot: Option<String>,
    /// Drop the package off at a TikTok drop-off point.
    #[arg(long)]
    pub drop_off: bool,
    /// SEA: hand over as the warehouse's Seller Center setting says (no method to choose).
    #[arg(long)]
    pub as_seller_center: bool,
    /// US: buy TikTok's shipping label (--service, default TikTok's default service).
    #[arg(long)]
    pub buy_label: bool,
    /// The label service id (see --options).
    #[arg(long, requires = "buy_label", value_name = "ID")]
    pub service: Option<String>,
    /// The package weight in grams, for the label price (TikTok's own otherwise).
    #[arg(long, requires = "buy_label", value_name = "GRAMS")]
    pub weight_grams: Option<String>,
    /// List what can be chosen for the order (slots, drop-off, label services).
    #[arg(long)]
    pub options: bool,
    /// With --options: print JSON.
    #[arg(long, requires = "options")]
    pub json: bool,
}

impl ArrangeArgs {
    /// Whether the command line asks to arrange (or list the choices) rather than to upload
    /// tracking.
    pub fn requested(&self) -> bool {
        self.modes() > 0
    }

    fn modes(&self) -> usize {
        [
            self.pickup,
            self.drop_off,
            self.as_seller_center,
            self.buy_label,
            self.options,
        ]
        .into_iter()
        .filter(|m| *m)
        .count()
    }
}

fn bad_input(message: impl Into<String>) -> Result<ExitCode, ApiError> {
    print_error(&ApiError::new(ErrorCode::Validation, message));
    Ok(ExitCode::from(BAD_INPUT))
}

/// `YYYY-MM-DD HH:MM` in UTC (TikTok's slots and deadlines are Unix seconds).
pub(crate) fn utc(secs: i64) -> String {
    match chrono::DateTime::from_timestamp(secs, 0) {
        Some(t) => format!(
            "{:04}-{:02}-{:02} {:02}:{:02}",
            t.year(),
            t.month(),
            t.day(),
            t.hour(),
            t.minute()
        ),
        None => secs.to_string(),
    }
}

fn print_options(v: &ArrangementOptionsView) {
    println!("Order {}: {}", v.order_id, v.summary);
    if let Some(p) = &v.package_id {
        println!("  package {p}");
    }
    if v.handover_set_in_seller_center {
        println!("  handover: as set in Seller Center (ship with --as-seller-center)");
    }
    if !v.pickup_slots.is_empty() {
        println!("  pickup slots (--pickup --slot N):");
        for (n, s) in v.pickup_slots.iter().enumerate() {
            println!(
                "    {:>2}  {} - {} UTC  (start {})",
                n + 1,
                utc(s.start_time),
                utc(s.end_time).get(11..).unwrap_or_default(),
                s.start_time
            );
        }
    } else if v.can_pickup {
        println!("  pickup: no slot can be booked now");
    }
    if v.can_drop_off {
        match &v.drop_off_point_url {
            Some(url) => println!("  drop-off: yes (--drop-off); points: {url}"),
            None => println!("  drop-off: yes (--drop-off)"),
        }
    }
    if v.can_van_collection {
        println!("  van collection: available");
    }
    if !v.services.is_empty() {
        println!("  label services (--buy-label --service ID):");
        for s in &v.services {
            let days = match (s.earliest_delivery_days, s.latest_delivery_days) {
                (Some(a), Some(b)) => format!("  {a}-{b} days"),
                _ => String::new(),
            };
            let default = if s.is_default { "  [default]" } else { "" };
            println!(
                "    {}  {} ({})  {} {}{days}{default}",
                s.id, s.name, s.provider, s.price, s.currency
            );
        }
        if v.service_allocated {
            println!("  TikTok allocates the label service for this shop: the one above is used.");
        }
    }
}

/// The slot `--slot` names among the offered ones: a 1-based number, or a start time.
fn pick_slot(offered: &[PickupSlotView], slot: Option<&str>) -> Result<PickupSlotView, String> {
    let Some(word) = slot.map(str::trim) else {
        return offered.first().copied().ok_or_else(|| {
            "TikTok offers no pickup slot for this order now: use --drop-off.".into()
        });
    };
    let n: i64 = word
        .parse()
        .map_err(|_| format!("--slot {word:?} is neither a slot number nor a Unix start time"))?;
    let found = if (1..=offered.len() as i64).contains(&n) {
        offered.get(n as usize - 1)
    } else {
        offered.iter().find(|s| s.start_time == n)
    };
    found.copied().ok_or_else(|| {
        format!(
            "--slot {word} is not one of the {} offered slots (see --options)",
            offered.len()
        )
    })
}

/// Runs `ship ORDER` with arrange flags. `tracking_given`: --carrier or --tracking was also
/// given, which arranging does not take.
pub async fn run(
    app: &Shopdock,
    order: Option<String>,
    shop: Option<&str>,
    tracking_given: bool,
    args: ArrangeArgs,
) -> Result<ExitCode, ApiError> {
    if args.modes() != 1 {
        return bad_input(
            "choose one of --pickup, --drop-off, --as-seller-center, --buy-label or --options",
        );
    }
    if tracking_given {
        return bad_input("--carrier and --tracking ship with your own carrier; arranging TikTok's shipment takes neither");
    }
    let Some(order_id) = order.filter(|o| !o.trim().is_empty()) else {
        return bad_input("name the order to arrange");
    };
    let shop_id = match shop {
        Some(key) => resolve(app, key).await?.id,
        None => match app.list_shops().await?.as_slice() {
            [only] => only.id.clone(),
            _ => return bad_input("several shops are registered: name one with --shop"),
        },
    };
    if args.options {
        let view = app.arrangement_options(&shop_id, &order_id).await?;
        emit(args.json, &view, print_options);
        return Ok(ExitCode::SUCCESS);
    }
    let choice = if args.pickup {
        let view = app.arrangement_options(&shop_id, &order_id).await?;
        match pick_slot(&view.pickup_slots, args.slot.as_deref()) {
            Ok(slot) => ArrangeChoice::Pickup { slot },
            Err(why) => return bad_input(why),
        }
    } else if args.drop_off {
        ArrangeChoice::DropOff
    } else if args.as_seller_center {
        ArrangeChoice::AsSellerCenterSays
    } else {
        ArrangeChoice::BuyLabel {
            service_id: args.service,
            weight: args.weight_grams.map(|value| PackageWeightInput {
                value,
                unit: WeightUnit::Gram,
            }),
            dimension: None,
        }
    };
    let queued = match app
        .arrange_shipment(&shop_id, ArrangeInput { order_id, choice })
        .await
    {
        Ok(q) => q,
        Err(e) if e.code == ErrorCode::Validation => {
            print_error(&e);
            return Ok(ExitCode::from(BAD_INPUT));
        }
        Err(e) => return Err(e),
    };
    wait_for_tiktok(app, &shop_id, queued.id).await
}

/// Drains the shop until the row settles or [`WAIT`] passes.
async fn wait_for_tiktok(app: &Shopdock, shop_id: &str, id: i64) -> Result<ExitCode, ApiError> {
    let deadline = tokio::time::Instant::now() + WAIT;
    loop {
        app.drain_outbox(shop_id).await?;
        let entry = app.outbox_entry(id).await?;
        match entry.state {
            OutboxState::Sent => {
                print_entry(&entry);
                if let Some(how) = &entry.arrangement {
                    println!("  {how}");
                }
                return Ok(ExitCode::SUCCESS);
            }
            OutboxState::Failed | OutboxState::NeedsAttention | OutboxState::Dismissed => {
                print_entry(&entry);
                return Ok(ExitCode::FAILURE);
            }
            _ if tokio::time::Instant::now() >= deadline => {
                print_entry(&entry);
                eprintln!(
                    "TikTok's answer is still pending; `shopdock outbox list` shows it later"
                );
                return Ok(ExitCode::FAILURE);
            }
            _ => tokio::time::sleep(Duration::from_millis(500)).await,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slots() -> Vec<PickupSlotView> {
        vec![
            PickupSlotView {
                start_time: 1_750_064_400,
                end_time: 1_750_075_200,
            },
            PickupSlotView {
                start_time: 1_750_082_400,
                end_time: 1_750_100_400,
            },
        ]
    }

    #[test]
    fn a_slot_is_named_by_number_or_start_and_defaults_to_the_earliest() {
        assert_eq!(pick_slot(&slots(), None), Ok(slots()[0]));
        assert_eq!(pick_slot(&slots(), Some("2")), Ok(slots()[1]));
        assert_eq!(pick_slot(&slots(), Some("1750082400")), Ok(slots()[1]));
        assert!(pick_slot(&slots(), Some("3")).is_err());
        assert!(pick_slot(&slots(), Some("soon")).is_err());
        assert!(pick_slot(&[], None).unwrap_err().contains("--drop-off"));
    }

    #[test]
    fn slot_times_read_in_utc() {
        assert_eq!(utc(1_750_064_400), "2025-06-16 09:00");
    }
}
