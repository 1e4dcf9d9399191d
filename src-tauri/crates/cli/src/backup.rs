//! `shopdock backup [FILE]` and `shopdock restore FILE`: the seller's own copies of the
//! database. A backup is one consistent snapshot even while the window syncs; a restore checks
//! the file first, refuses while any Shopdock uses the database, and keeps the replaced
//! database aside.

use crate::output::emit;
use clap::Args;
use shopdock_core::{ApiError, BackupView, Shopdock};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Args)]
pub struct BackupArgs {
    /// Where to write the copy (a new file); without it, into the data folder's backups,
    /// kept with the automatic daily ones.
    file: Option<PathBuf>,
    /// Print the result as JSON.
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
pub struct RestoreArgs {
    /// A backup of Shopdock's database (from `shopdock backup` or the backups folder).
    file: PathBuf,
    /// Print the result as JSON.
    #[arg(long)]
    json: bool,
}

pub async fn backup(app: &Shopdock, args: BackupArgs) -> Result<ExitCode, ApiError> {
    let made: BackupView = match &args.file {
        Some(file) => app.backup_to(file).await?,
        None => app.backup_now().await?,
    };
    emit(args.json, &made, |b| println!("backed up to {}", b.path));
    Ok(ExitCode::SUCCESS)
}

/// Runs without opening the app: a restore needs the database to itself.
pub async fn restore(args: RestoreArgs) -> Result<ExitCode, ApiError> {
    let restored = shopdock_core::restore_database(&crate::demo::options(), &args.file).await?;
    emit(args.json, &restored, |r| println!("{}", r.message));
    Ok(ExitCode::SUCCESS)
}
