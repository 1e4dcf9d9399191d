//! How every command answers: JSON for scripts or lines for people, and the exit code.

use shopdock_core::{ApiError, ErrorCode};
use std::process::ExitCode;

/// Prints `value` as pretty JSON when `json` is set, else as `text` renders it.
pub fn emit<T: serde::Serialize>(json: bool, value: &T, text: impl FnOnce(&T)) {
    if json {
        print_json(value);
    } else {
        text(value);
    }
}

fn print_json<T: serde::Serialize>(value: &T) {
    match serde_json::to_string_pretty(value) {
        Ok(s) => println!("{s}"),
        Err(e) => eprintln!("error: could not encode JSON: {e}"),
    }
}

/// Success when every check passed, else the failure code.
pub fn passed(ok: bool) -> ExitCode {
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// The process's exit: the command's own code, or the error on stderr and the failure code.
pub fn exit_code(result: Result<ExitCode, ApiError>) -> ExitCode {
    match result {
        Ok(code) => code,
        Err(e) => {
            print_error(&e);
            ExitCode::FAILURE
        }
    }
}

/// The error's message, then each field's problem, then the technical detail.
pub fn print_error(e: &ApiError) {
    eprintln!("error: {}", e.message);
    for f in &e.fields {
        eprintln!("  {}: {}", f.field, f.message);
    }
    if let Some(d) = &e.detail {
        eprintln!("  ({d})");
    }
}

/// A command-line value the CLI itself refuses (core validates everything else).
pub fn invalid(message: impl Into<String>) -> ApiError {
    ApiError::new(ErrorCode::Validation, message)
}
