//! The `shopdock-app` binary: the desktop window. Everything lives in the library so that the
//! bindings generator and the tests can reach it.

// A release build on Windows must not open a console window beside the app.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

/// Decoding order pages allocates many small strings; mimalloc serves them faster than glibc.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    shopdock_app::run()
}
