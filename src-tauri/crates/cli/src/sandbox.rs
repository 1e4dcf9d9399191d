//! `shopdock sandbox`: the TikTok Shop simulator, served on its own or driven as a browser.

use clap::Subcommand;
use shopdock_core::{ApiError, ErrorCode};
use shopdock_sandbox::browser::{press, Decision};
use std::process::ExitCode;

#[derive(Subcommand)]
pub enum SandboxCommand {
    /// Serve the simulator on 127.0.0.1 until interrupted.
    Serve {
        #[arg(long, default_value_t = 8780)]
        port: u16,
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Act as the browser on a sandbox authorization page: press Authorize (or Deny) and
    /// follow the redirect. For headless setups and the end-to-end tests.
    Browse {
        url: String,
        #[arg(long)]
        deny: bool,
    },
}

pub async fn run(command: SandboxCommand) -> Result<ExitCode, ApiError> {
    match command {
        SandboxCommand::Serve { port, seed } => serve(port, seed).await,
        SandboxCommand::Browse { url, deny } => browse(&url, deny).await,
    }
}

async fn serve(port: u16, seed: u64) -> Result<ExitCode, ApiError> {
    let sandbox = shopdock_sandbox::serve(port, seed).await.map_err(|e| {
        ApiError::new(
            ErrorCode::Internal,
            format!("the sandbox could not start: {e}"),
        )
    })?;
    println!("{}", sandbox.demo_info());
    println!("seed {seed}; press Ctrl-C to stop");
    let _ = tokio::signal::ctrl_c().await;
    sandbox.shutdown().await;
    Ok(ExitCode::SUCCESS)
}

async fn browse(url: &str, deny: bool) -> Result<ExitCode, ApiError> {
    let decision = if deny {
        Decision::Deny
    } else {
        Decision::Authorize
    };
    let landing = press(url, decision)
        .await
        .map_err(|e| ApiError::new(ErrorCode::AuthFlow, e.to_string()))?;
    // The redirect carries the authorization code: never print it.
    println!(
        "redirected to {}",
        shopdock_core::redact_url(&landing.redirected_to)
    );
    Ok(ExitCode::SUCCESS)
}
