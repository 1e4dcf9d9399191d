//! `shopdock auth`: Get Auth in the browser, or with a pasted code or redirect URL. A pasted
//! code is read from standard input, never from the command line: arguments are visible to
//! every user of the machine (`ps`) and kept in shell history, and the code is worth a token.

use crate::shop::resolve;
use clap::Args;
use shopdock_core::{ApiError, AuthOutcome, CoreEvent, ErrorCode, ShopView, Shopdock};
use std::process::ExitCode;
use std::time::Duration;

#[derive(Args)]
pub struct AuthArgs {
    /// Shop id, label, or the Shop ID/code it was registered with.
    shop: String,
    /// Read the authorization code, or the full address the browser was redirected to, from
    /// standard input (paste it at the prompt, or pipe it in) instead of waiting for the
    /// browser's redirect.
    #[arg(long)]
    code: bool,
}

/// How long to wait for the browser's redirect: the loopback's five minutes, and a margin.
const REDIRECT_WAIT: Duration = Duration::from_secs(330);

pub async fn run(app: &Shopdock, args: AuthArgs) -> Result<ExitCode, ApiError> {
    let shop = resolve(app, &args.shop).await?;
    let outcome = match args.code {
        true => {
            let pasted = read_pasted_code()?;
            app.submit_redirect(&shop.id, &pasted).await?
        }
        false => wait_for_auth(app, &shop).await?,
    };
    Ok(report_outcome(outcome))
}

/// One line from standard input, with a prompt on a terminal.
fn read_pasted_code() -> Result<String, ApiError> {
    use std::io::{BufRead, IsTerminal, Write};
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        eprint!("Paste the authorization code or the address the browser was sent to: ");
        let _ = std::io::stderr().flush();
    }
    let mut line = String::new();
    stdin.lock().read_line(&mut line).map_err(|e| {
        crate::output::invalid(format!("could not read the code from standard input: {e}"))
    })?;
    let pasted = line.trim();
    if pasted.is_empty() {
        return Err(crate::output::invalid(
            "no authorization code on standard input: paste it, or pipe it in",
        ));
    }
    Ok(pasted.to_owned())
}

/// Starts Get Auth and waits for its outcome, printing the link for a headless user.
async fn wait_for_auth(app: &Shopdock, shop: &ShopView) -> Result<AuthOutcome, ApiError> {
    let mut events = app.subscribe();
    let session = app.begin_auth(&shop.id).await?;
    if session.browser_opened {
        println!("Your browser opened TikTok Shop. Log in and press Authorize.");
    } else {
        println!("Open this link in a browser, log in and press Authorize:");
    }
    println!("{}", session.authorize_url);
    println!(
        "Waiting up to 5 minutes for the redirect to 127.0.0.1:{} ...",
        session.port
    );
    loop {
        match tokio::time::timeout(REDIRECT_WAIT, events.recv()).await {
            Ok(Ok(CoreEvent::AuthFinished { shop_id, outcome })) if shop_id == shop.id => {
                return Ok(outcome)
            }
            Ok(Ok(_)) | Ok(Err(tokio::sync::broadcast::error::RecvError::Lagged(_))) => continue,
            Ok(Err(_)) | Err(_) => {
                return Err(ApiError::new(
                    ErrorCode::AuthFlow,
                    "Get Auth ended without an answer.",
                ))
            }
        }
    }
}

fn report_outcome(outcome: AuthOutcome) -> ExitCode {
    match outcome {
        AuthOutcome::Connected { shop } => {
            let name = shop.tiktok.map(|t| t.name).unwrap_or_default();
            println!("connected: {} -> {}", shop.label, name);
            ExitCode::SUCCESS
        }
        AuthOutcome::ChooseShop { candidates } => {
            println!("The authorized account does not own the shop you registered. It owns:");
            for c in candidates {
                println!("  {}  {}  {}  {}", c.shop_id, c.code, c.region, c.name);
            }
            println!("Register the shop again with one of these Shop IDs or codes.");
            ExitCode::FAILURE
        }
        AuthOutcome::Failed { error } => {
            eprintln!("error: {}", error.message);
            ExitCode::FAILURE
        }
    }
}
