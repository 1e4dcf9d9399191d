//! `shopdock carriers`: the shop's own carrier names mapped once to TikTok's providers (what
//! `ship` and tracking files use), listed, added and forgotten.

use crate::output::emit;
use crate::shop::resolve;
use clap::{Args, Subcommand};
use shopdock_core::{ApiError, CarrierMappingView, Shopdock};
use std::process::ExitCode;

#[derive(Args)]
pub struct CarriersArgs {
    /// The shop (id, label or code).
    shop: String,
    #[arg(long)]
    json: bool,
    #[command(subcommand)]
    command: Option<CarriersCommand>,
}

#[derive(Subcommand)]
pub enum CarriersCommand {
    /// Remember that your carrier name means one of TikTok's providers.
    Map {
        /// Your carrier name, as your shipping software writes it.
        seller_name: String,
        /// TikTok's provider name (`shopdock ship` names the likely ones).
        provider: String,
    },
    /// Forget a remembered carrier name.
    Forget { seller_name: String },
}

pub async fn run(app: &Shopdock, args: CarriersArgs) -> Result<ExitCode, ApiError> {
    let shop = resolve(app, &args.shop).await?;
    match args.command {
        None => {
            let mappings = app.carrier_mappings(&shop.id).await?;
            emit(args.json, &mappings, |list| {
                if list.is_empty() {
                    println!("no carrier names remembered for {}", shop.label);
                }
                list.iter().for_each(print_mapping);
            });
        }
        Some(CarriersCommand::Map {
            seller_name,
            provider,
        }) => {
            let mapping = app
                .remember_carrier(&shop.id, &seller_name, &provider)
                .await?;
            emit(args.json, &mapping, print_mapping);
        }
        Some(CarriersCommand::Forget { seller_name }) => {
            if !app.forget_carrier(&shop.id, &seller_name).await? {
                eprintln!("{seller_name:?} was not remembered");
                return Ok(ExitCode::FAILURE);
            }
            println!("forgot {seller_name:?}");
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn print_mapping(m: &CarrierMappingView) {
    let note = match m.provider_listed {
        Some(true) => "",
        Some(false) => "  (broken: TikTok no longer lists it; map the name again)",
        None => "  (not checked: TikTok could not be asked)",
    };
    println!("{} -> {}{note}", m.seller_name, m.provider_name);
}
