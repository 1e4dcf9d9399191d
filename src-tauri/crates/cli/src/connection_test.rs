//! `shopdock test`: Test Connection, one line per check; the exit code says whether all passed.

use crate::{output, shop::resolve};
use clap::Args;
use shopdock_core::{ApiError, Shopdock};
use std::process::ExitCode;

#[derive(Args)]
pub struct TestArgs {
    shop: String,
    #[arg(long)]
    json: bool,
}

pub async fn run(app: &Shopdock, args: TestArgs) -> Result<ExitCode, ApiError> {
    let shop = resolve(app, &args.shop).await?;
    let report = app.test_connection(&shop.id).await?;
    output::emit(args.json, &report, |report| {
        for c in &report.checks {
            println!(
                "[{}] {}: {}",
                if c.passed { "pass" } else { "FAIL" },
                c.label,
                c.message
            );
            if let Some(fix) = &c.fix {
                println!("       fix: {fix}");
            }
        }
    });
    Ok(output::passed(report.passed))
}
