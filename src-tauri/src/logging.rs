//! Where Shopdock's log goes: stderr (for a terminal and the e2e harness) and a file in the
//! platform's log folder that rotates daily and keeps seven days, so a seller can send support
//! a week of history from Settings > "Open log folder".
//!
//! The file is written by tracing-appender's worker thread (a slow disk never stalls the
//! engine); its [`WorkerGuard`] flushes on drop, so [`init`]'s caller keeps it for the whole run.
//!
//! Secrets never reach a log line: the code that logs a URL redacts it first
//! (`shopdock_core::redact_url`), and every line is passed through [`redact_line`] on its way
//! out as a second net, for a URL or token that slipped through unredacted.

use std::io::Write;
use std::path::Path;

use shopdock_core::SECRET_QUERY_KEYS;
use tracing_appender::non_blocking::WorkerGuard;
use tracing_appender::rolling::{RollingFileAppender, Rotation};
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::layer::SubscriberExt as _;
use tracing_subscriber::util::SubscriberInitExt as _;
use tracing_subscriber::{EnvFilter, Layer as _};

/// The log files' prefix: `shopdock.log.2026-11-22`.
pub const LOG_FILE_PREFIX: &str = "shopdock.log";
/// How many daily files are kept.
pub const KEEP_FILES: usize = 7;

/// Logs to stderr and, when `log_dir` can be created, to the rotating file in it. `RUST_LOG`
/// overrides the level (info). Returns the guard that keeps the file writer alive (`None`
/// without a file: the reason is logged to stderr). A subscriber already set (by a test) stays.
pub fn init(log_dir: Option<&Path>) -> Option<WorkerGuard> {
    let filter = || EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let stderr = tracing_subscriber::fmt::layer()
        .with_writer(Redacting(std::io::stderr))
        .with_filter(filter());
    let (file, guard, problem) = match log_dir.map(open_appender) {
        Some(Ok(appender)) => {
            let (writer, guard) = tracing_appender::non_blocking(appender);
            let layer = tracing_subscriber::fmt::layer()
                .with_ansi(false)
                .with_writer(Redacting(writer))
                .with_filter(filter());
            (Some(layer), Some(guard), None)
        }
        Some(Err(error)) => (None, None, Some(error)),
        None => (None, None, None),
    };
    if tracing_subscriber::registry()
        .with(stderr)
        .with(file)
        .try_init()
        .is_err()
    {
        return None;
    }
    if let Some(error) = problem {
        tracing::warn!(%error, "Shopdock logs to stderr only: the log folder is unusable");
    }
    guard
}

fn open_appender(dir: &Path) -> Result<RollingFileAppender, String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    RollingFileAppender::builder()
        .rotation(Rotation::DAILY)
        .filename_prefix(LOG_FILE_PREFIX)
        .max_log_files(KEEP_FILES)
        .build(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))
}

/// Wraps a writer so every formatted line is redacted before it is written.
#[derive(Clone)]
struct Redacting<M>(M);

impl<'a, M: MakeWriter<'a>> MakeWriter<'a> for Redacting<M> {
    type Writer = RedactingWriter<M::Writer>;

    fn make_writer(&'a self) -> Self::Writer {
        RedactingWriter(self.0.make_writer())
    }
}

struct RedactingWriter<W>(W);

impl<W: Write> Write for RedactingWriter<W> {
    /// tracing's fmt layer writes each event in one call, so one call is one line (or more).
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let text = String::from_utf8_lossy(buf);
        self.0.write_all(redact_line(&text).as_bytes())?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }
}

/// Replaces the value of each secret key (TikTok's secret query keys) written `key=value`,
/// `key: value` or `"key":"value"` with `[redacted]` (a numeric `code` is TikTok's error
/// code, not an auth code, and stays). Pure; never fails.
pub fn redact_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    'scan: while !rest.is_empty() {
        for key in SECRET_QUERY_KEYS {
            let Some(after_key) = rest.strip_prefix(key) else {
                continue;
            };
            let starts_word = !out.ends_with(|c: char| c.is_ascii_alphanumeric() || c == '_');
            let Some(value_at) = value_start(after_key).filter(|_| starts_word) else {
                continue;
            };
            let value = &after_key[value_at..];
            if value.starts_with("[redacted]") {
                continue;
            }
            let end = value
                .find(|c: char| {
                    matches!(c, '&' | '"' | '\'' | ',' | '}' | ')' | ']') || c.is_whitespace()
                })
                .unwrap_or(value.len());
            let secret = &value[..end];
            // TikTok's error codes are logged as `code=36009004`; an auth code is never digits.
            let numeric = secret.bytes().all(|b| b.is_ascii_digit());
            if secret.is_empty() || (*key == "code" && numeric) {
                continue;
            }
            out.push_str(key);
            out.push_str(&after_key[..value_at]);
            out.push_str("[redacted]");
            rest = &value[end..];
            continue 'scan;
        }
        let mut chars = rest.chars();
        if let Some(c) = chars.next() {
            out.push(c);
        }
        rest = chars.as_str();
    }
    out
}

/// Where a secret's value starts after its key: after `=`, `: `, or `":"` (with spaces).
fn value_start(after_key: &str) -> Option<usize> {
    let trimmed = after_key.strip_prefix('"').unwrap_or(after_key);
    let quote = after_key.len() - trimmed.len();
    let mut chars = trimmed.char_indices();
    let (_, sep) = chars.next()?;
    if sep != '=' && sep != ':' {
        return None;
    }
    let after_sep = &trimmed[1..];
    let spaces = after_sep.len() - after_sep.trim_start().len();
    let value = &after_sep[spaces..];
    let open = usize::from(value.starts_with('"'));
    Some(quote + 1 + spaces + open)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_in_urls_fields_and_json_are_redacted() {
        let line = "GET https://x/api?app_key=k1&access_token=T0K&sign=abc123 status=200";
        assert_eq!(
            redact_line(line),
            "GET https://x/api?app_key=k1&access_token=[redacted]&sign=[redacted] status=200"
        );
        assert_eq!(
            redact_line(r#"body={"refresh_token":"R3F","open_id":"o1"}"#),
            r#"body={"refresh_token":"[redacted]","open_id":"o1"}"#
        );
        assert_eq!(
            redact_line("app_secret: S3CR3T done"),
            "app_secret: [redacted] done"
        );
        let line = "a field named code_count=3 and a design=1 stay";
        assert_eq!(redact_line(line), line, "only whole keys");
        let line = "zipcode=AB1 stays; code=ABC goes; code=36009004 (TikTok's error) stays";
        assert_eq!(
            redact_line(line),
            "zipcode=AB1 stays; code=[redacted] goes; code=36009004 (TikTok's error) stays"
        );
    }

    #[test]
    fn a_line_without_secrets_or_already_redacted_is_unchanged() {
        for line in [
            "order pull finished shop=s1 pages=3",
            "token call ?auth_code=[redacted]&x=1",
            "ünïcode ✓ sign",
        ] {
            assert_eq!(redact_line(line), line);
        }
    }

    #[test]
    fn the_file_logger_writes_redacted_lines_into_the_folder() {
        let dir = tempfile::tempdir().unwrap();
        let appender = open_appender(&dir.path().join("logs")).unwrap();
        let (writer, guard) = tracing_appender::non_blocking(appender);
        let mut redacting = Redacting(writer).make_writer();
        redacting
            .write_all(b"refresh failed ?refresh_token=SECRET&x=1\n")
            .unwrap();
        drop(redacting);
        drop(guard);
        let files: Vec<_> = std::fs::read_dir(dir.path().join("logs"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        assert_eq!(files.len(), 1, "{files:?}");
        let name = files[0].file_name().unwrap().to_string_lossy().into_owned();
        assert!(name.starts_with(LOG_FILE_PREFIX), "{name}");
        let text = std::fs::read_to_string(&files[0]).unwrap();
        assert_eq!(text, "refresh failed ?refresh_token=[redacted]&x=1\n");
    }
}
