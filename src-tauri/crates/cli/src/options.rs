//! `shopdock options`: show or change a shop's automation options.

use crate::{output, shop::resolve};
use clap::Args;
use shopdock_core::words::parse_word;
use shopdock_core::{ApiError, ErrorCode, OptionKey, OptionToggle, OptionsPatch, Shopdock};
use std::process::ExitCode;

#[derive(Args)]
pub struct OptionsArgs {
    /// The shop (id, label or code).
    #[arg(required_unless_present = "every_shop")]
    shop: Option<String>,
    /// With --poll-interval: set it for every shop and for shops added later.
    #[arg(long, conflicts_with_all = ["shop", "set"], requires = "poll_interval")]
    every_shop: bool,
    /// key=on|off, e.g. auto_download=on (repeatable).
    #[arg(long = "set", value_name = "KEY=on|off")]
    set: Vec<String>,
    /// Seconds between incremental order pulls.
    #[arg(long)]
    poll_interval: Option<u32>,
    #[arg(long)]
    json: bool,
}

pub async fn run(app: &Shopdock, args: OptionsArgs) -> Result<ExitCode, ApiError> {
    let shop = match (&args.shop, args.poll_interval) {
        (Some(shop), _) => resolve(app, shop).await?,
        (None, Some(secs)) => {
            let view = app.set_poll_interval_everywhere(secs).await?;
            output::emit(args.json, &view, |view| {
                println!(
                    "poll interval: {} s for {} shop(s) and shops added later",
                    view.poll_interval_secs, view.shops
                );
            });
            return Ok(ExitCode::SUCCESS);
        }
        (None, None) => {
            return Err(ApiError::new(
                ErrorCode::Validation,
                "Name a shop, or use --every-shop with --poll-interval.",
            ))
        }
    };
    let view = if args.set.is_empty() && args.poll_interval.is_none() {
        app.shop_options(&shop.id).await?
    } else {
        let patch = OptionsPatch {
            set: args
                .set
                .iter()
                .map(|s| parse_toggle(s))
                .collect::<Result<_, _>>()?,
            poll_interval_secs: args.poll_interval,
        };
        app.set_shop_options(&shop.id, patch).await?
    };
    output::emit(args.json, &view, |view| {
        for o in &view.options {
            let state = if !o.available {
                "n/a"
            } else if o.enabled {
                "on"
            } else {
                "off"
            };
            print!("{:<24} {:<4} {}", o.key, state, o.label);
            match &o.unavailable_reason {
                Some(r) => println!(" ({r})"),
                None => println!(),
            }
        }
        println!("poll interval: {} s", view.poll_interval_secs);
    });
    Ok(ExitCode::SUCCESS)
}

/// `KEY=on|off` (also true/false, 1/0); the keys are core's [`OptionKey`] words.
fn parse_toggle(s: &str) -> Result<OptionToggle, ApiError> {
    let (key, value) = s
        .split_once('=')
        .ok_or_else(|| output::invalid(format!("--set takes KEY=on|off, got {s:?}")))?;
    let enabled = match value {
        "on" | "true" | "1" => true,
        "off" | "false" | "0" => false,
        _ => {
            return Err(output::invalid(format!(
                "{key}: use on or off, not {value:?}"
            )))
        }
    };
    let key = parse_word::<OptionKey>("option", key).map_err(|e| output::invalid(e.to_string()))?;
    Ok(OptionToggle { key, enabled })
}

#[cfg(test)]
mod tests {
    use super::parse_toggle;
    use shopdock_core::OptionKey;

    #[test]
    fn toggles_read_on_and_off_in_their_spellings() {
        for (s, enabled) in [
            ("auto_download=on", true),
            ("auto_download=true", true),
            ("auto_download=1", true),
            ("auto_download=off", false),
        ] {
            let t = parse_toggle(s).unwrap();
            assert_eq!((t.key, t.enabled), (OptionKey::AutoDownload, enabled));
        }
    }

    #[test]
    fn a_toggle_without_on_or_off_is_refused_naming_what_was_given() {
        assert!(parse_toggle("auto_download")
            .unwrap_err()
            .message
            .contains("KEY=on|off"));
        assert!(parse_toggle("auto_download=maybe")
            .unwrap_err()
            .message
            .contains("\"maybe\""));
    }
}
