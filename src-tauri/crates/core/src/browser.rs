//! Opening the system browser for Get Auth. The shell passes tauri-plugin-opener; the CLI and
//! tests use [`SystemBrowser`], which runs the platform's opener (`xdg-open` on Linux), so a
//! test can put its own `xdg-open` first on PATH and play the browser.

use std::process::{Command, Stdio};

pub trait BrowserOpener: Send + Sync + 'static {
    /// Opens `url`; an error says why no browser could be opened.
    fn open(&self, url: &str) -> Result<(), BrowserError>;
}

/// Why no browser could be opened (Get Auth then offers "Copy the link").
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BrowserError {
    /// This environment has no browser to open (headless, or a test).
    #[error("no browser in this environment")]
    NoBrowser,
    /// The platform's opener failed to start or refused the link.
    #[error("could not start the system browser: {0}")]
    OpenerFailed(String),
}

/// The platform opener as a child process.
pub struct SystemBrowser;

impl BrowserOpener for SystemBrowser {
    fn open(&self, url: &str) -> Result<(), BrowserError> {
        let mut cmd = if cfg!(target_os = "macos") {
            Command::new("open")
        } else if cfg!(target_os = "windows") {
            let mut c = Command::new("cmd");
            c.args(["/C", "start", ""]);
            c
        } else {
            Command::new("xdg-open")
        };
        cmd.arg(url)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map(|mut child| {
                // Reap the opener when it exits so it does not linger as a zombie.
                std::thread::spawn(move || {
                    let _ = child.wait();
                });
            })
            .map_err(|e| BrowserError::OpenerFailed(e.to_string()))
    }
}

/// Opens nothing; for headless use where the URL is printed instead.
pub struct NoBrowser;

impl BrowserOpener for NoBrowser {
    fn open(&self, _url: &str) -> Result<(), BrowserError> {
        Err(BrowserError::NoBrowser)
    }
}
