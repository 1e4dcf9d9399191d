//! `shopdock shop`: register, list and remove shops; and finding a shop by what a user types.

use crate::{demo, output};
use clap::{Args, Subcommand};
use shopdock_core::{ApiError, ErrorCode, RegistrationInput, ShopStatus, ShopView, Shopdock};
use std::process::ExitCode;

#[derive(Subcommand)]
pub enum ShopCommand {
    /// Register a shop (or the demo shop with --demo).
    Add(AddArgs),
    /// List shops.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Remove a shop, its keyring entries and its local data.
    Remove {
        shop: String,
        /// Required: removal deletes the shop's local orders too.
        #[arg(long)]
        yes: bool,
    },
}

#[derive(Args)]
pub struct AddArgs {
    /// Register the demo shop backed by the in-process sandbox.
    #[arg(long, conflicts_with_all = ["label", "app_key"])]
    demo: bool,
    #[arg(long)]
    label: Option<String>,
    /// US or ROW (rest of world).
    #[arg(long, default_value = "US", value_parser = crate::choices::region)]
    region: shopdock_core::Region,
    #[arg(long)]
    app_key: Option<String>,
    /// Read from the environment variable SHOPDOCK_APP_SECRET so it never lands in shell history.
    #[arg(long, env = "SHOPDOCK_APP_SECRET", hide_env_values = true)]
    app_secret: Option<String>,
    #[arg(long, default_value = "")]
    service_id: String,
    /// The Shop ID or shop code from Seller Center.
    #[arg(long, default_value = "")]
    shop: String,
    #[arg(long, default_value_t = 8723)]
    redirect_port: u16,
    #[arg(long, default_value = "")]
    authorize_url: String,
    /// Open API host (default: TikTok's); e.g. a `shopdock sandbox serve` address.
    #[arg(long, default_value = "")]
    api_base: String,
    /// Token service host (default: TikTok's).
    #[arg(long, default_value = "")]
    auth_base: String,
}

pub async fn run(app: &Shopdock, command: ShopCommand) -> Result<ExitCode, ApiError> {
    match command {
        ShopCommand::Add(args) => add(app, args).await,
        ShopCommand::List { json } => {
            let shops = app.list_shops().await?;
            output::emit(json, &shops, |shops| {
                if shops.is_empty() {
                    println!("no shops yet: `shopdock shop add --demo` adds the demo shop");
                }
                for s in shops {
                    println!("{}\t{}\t{}\t{}", s.id, s.label, s.region, status_text(s));
                }
            });
            Ok(ExitCode::SUCCESS)
        }
        ShopCommand::Remove { shop, yes } => {
            let shop = resolve(app, &shop).await?;
            if !yes {
                eprintln!(
                    "removing {} deletes its keyring entries and local orders; add --yes to confirm",
                    shop.label
                );
                return Ok(ExitCode::FAILURE);
            }
            app.remove_shop(&shop.id).await?;
            println!("removed {}", shop.label);
            Ok(ExitCode::SUCCESS)
        }
    }
}

async fn add(app: &Shopdock, args: AddArgs) -> Result<ExitCode, ApiError> {
    let shop = if args.demo {
        demo::add_demo_shop(app).await?
    } else {
        app.register_shop(RegistrationInput {
            label: args.label.unwrap_or_default(),
            region: args.region,
            app_key: args.app_key.unwrap_or_default(),
            app_secret: args.app_secret,
            service_id: args.service_id,
            shop_hint: args.shop,
            redirect_port: args.redirect_port,
            authorize_url: args.authorize_url,
            api_base: args.api_base,
            auth_base: args.auth_base,
        })
        .await?
    };
    println!("registered {} ({})", shop.label, shop.id);
    Ok(ExitCode::SUCCESS)
}

/// Finds a shop by id, label or registered Shop ID/code (case-insensitive).
pub async fn resolve(app: &Shopdock, key: &str) -> Result<ShopView, ApiError> {
    let shops = app.list_shops().await?;
    let matches: Vec<&ShopView> = shops
        .iter()
        .filter(|s| {
            s.id == key
                || s.label.eq_ignore_ascii_case(key)
                || s.shop_hint.eq_ignore_ascii_case(key)
        })
        .collect();
    match matches.as_slice() {
        [one] => Ok((*one).clone()),
        [] => Err(ApiError::new(
            ErrorCode::NotFound,
            format!("no shop matches {key:?}; `shopdock shop list` shows them"),
        )),
        _ => Err(ApiError::new(
            ErrorCode::Conflict,
            format!("{key:?} matches several shops; use the id from `shopdock shop list`"),
        )),
    }
}

fn status_text(s: &ShopView) -> String {
    match &s.status {
        ShopStatus::NotConnected => "Not connected".into(),
        ShopStatus::Connected => "Connected".into(),
        ShopStatus::ExpiresSoon { days } => format!("Expires in {days} days"),
        ShopStatus::ReconnectNeeded { reason } => format!("Reconnect needed: {reason}"),
        ShopStatus::SyncPaused => "Sync paused".into(),
    }
}

/// The shop `--shop` names, or the only one registered.
pub async fn named_or_only(app: &Shopdock, key: Option<&str>) -> Result<String, ApiError> {
    match key {
        Some(key) => Ok(resolve(app, key).await?.id),
        None => match app.list_shops().await?.as_slice() {
            [only] => Ok(only.id.clone()),
            _ => Err(crate::output::invalid(
                "several shops are registered: name one with --shop",
            )),
        },
    }
}
