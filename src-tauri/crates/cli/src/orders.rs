//! `shopdock orders`: list the stored orders, or export them as CSV.

use crate::{choices, output, shop::resolve};
use clap::{Args, Subcommand};
use shopdock_core::{ApiError, OrderQueryInput, Shopdock};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Subcommand)]
pub enum OrdersCommand {
    /// List orders, newest first.
    List {
        #[command(flatten)]
        filter: OrderFilter,
        #[arg(long, default_value_t = 50)]
        limit: u32,
        #[arg(long)]
        json: bool,
    },
    /// Export orders as CSV.
    Export {
        #[arg(long, value_name = "FILE")]
        csv: PathBuf,
        #[command(flatten)]
        filter: OrderFilter,
    },
}

/// Which orders: the same filters for the list and the export.
#[derive(Args)]
pub struct OrderFilter {
    /// A tab (status group); `all` or none lists every order.
    #[arg(long, value_parser = choices::status_group())]
    status: Option<choices::TabChoice>,
    #[arg(long)]
    search: Option<String>,
    /// Only this shop (id, label or code).
    #[arg(long)]
    shop: Option<String>,
}

impl OrderFilter {
    /// The query for these filters, newest first.
    async fn query(self, app: &Shopdock) -> Result<OrderQueryInput, ApiError> {
        let shop_ids = match self.shop {
            Some(s) => vec![resolve(app, &s).await?.id],
            None => Vec::new(),
        };
        Ok(OrderQueryInput {
            shop_ids,
            status_group: self.status.and_then(choices::TabChoice::group),
            search: self.search,
            descending: true,
            ..Default::default()
        })
    }
}

pub async fn run(app: &Shopdock, command: OrdersCommand) -> Result<ExitCode, ApiError> {
    match command {
        OrdersCommand::List {
            filter,
            limit,
            json,
        } => {
            let query = filter.query(app).await?;
            let page = app
                .query_orders(OrderQueryInput {
                    limit: Some(limit),
                    ..query
                })
                .await?;
            output::emit(json, &page, |page| {
                for r in &page.rows {
                    println!(
                        "{}\t{}\t{}\t{} {}\t{}",
                        r.order_id,
                        r.status,
                        r.buyer_name.as_deref().unwrap_or("-"),
                        r.total_amount.as_deref().unwrap_or("-"),
                        r.currency.as_deref().unwrap_or(""),
                        r.first_item_name.as_deref().unwrap_or("")
                    );
                }
                println!("{} of {} orders", page.rows.len(), page.total);
                if !page.unreadable.is_empty() {
                    let ids: Vec<&str> = page
                        .unreadable
                        .iter()
                        .map(|u| u.order_id.as_deref().unwrap_or("(no id)"))
                        .collect();
                    eprintln!(
                        "{} order(s) from TikTok could not be read and are kept raw: {} \
                         (`--json` shows what TikTok sent and why)",
                        ids.len(),
                        ids.join(", ")
                    );
                }
            });
        }
        OrdersCommand::Export { csv, filter } => {
            let query = filter.query(app).await?;
            let n = app.export_orders_csv(query, &csv).await?;
            println!("wrote {n} orders to {}", csv.display());
        }
    }
    Ok(ExitCode::SUCCESS)
}
