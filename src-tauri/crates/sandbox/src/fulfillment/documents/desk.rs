//! The sandbox's document desk: the files Get Package Shipping Document has issued (served at
//! their `doc_url` until it expires, 24 h of sandbox time after issue: write-api §B), how
//! many calls each package's documents took (for the control API), and the "still generating"
//! knob (the first N calls for a printable package answer 11034037 or 11034023).

use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::Arc;

/// How long a `doc_url` serves its file (SPEC `doc_url`: "valid for 24 hours").
pub const LINK_LIFETIME_SECS: i64 = 24 * 3_600;
/// Expired files are forgotten (their links then answer 404, as an unknown link does) this
/// long after they expired, so a long demo session does not keep every label in memory.
const FORGET_AFTER_SECS: i64 = 7 * 24 * 3_600;

/// The "still generating" knob: how many calls for each printable package are answered as
/// still being generated before its document is ready.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct DocumentGeneration {
    /// 0 (the default): every document is ready at the first call.
    #[serde(default)]
    pub pending_calls: u32,
    /// Which answer those calls get: 11034037 ("still being generated", the default) or
    /// 11034023 ("generation timeout").
    #[serde(default)]
    pub code: Option<i64>,
}

impl DocumentGeneration {
    pub fn validate(&self) -> Result<(), String> {
        match self.code {
            None | Some(11_034_037) | Some(11_034_023) => Ok(()),
            Some(other) => Err(format!("code must be 11034037 or 11034023, not {other}")),
        }
    }
}

/// Get Package Shipping Document traffic of one package, for tests that count calls.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DocumentCalls {
    pub package_id: String,
    /// Every call for the package that reached the handler (after verification, the rate
    /// limit and injected faults).
    pub calls: u32,
    /// Answered "still generating" (11034037 or 11034023).
    pub generating: u32,
    /// Refused for any other reason (the §B refusals, bad parameters, an unknown package).
    pub refused: u32,
    /// Answered with a `doc_url`.
    pub issued: u32,
    /// Downloads of its links that got the file.
    pub downloads: u32,
    /// Downloads refused because the link had expired.
    pub expired_downloads: u32,
}

/// A file behind a `doc_url`.
#[derive(Debug, Clone)]
struct Issued {
    shop_id: String,
    package_id: String,
    content_type: &'static str,
    bytes: Arc<Vec<u8>>,
    expires_at: i64,
}

/// What a download of a `doc_url` finds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Download {
    File {
        content_type: &'static str,
        bytes: Arc<Vec<u8>>,
    },
    Expired,
    Unknown,
}

#[derive(Debug, Default)]
pub struct DocumentDesk {
    generation: DocumentGeneration,
    calls: HashMap<(String, String), DocumentCalls>,
    files: HashMap<String, Issued>,
}

impl DocumentDesk {
    pub fn set_generation(&mut self, generation: DocumentGeneration) {
        self.generation = generation;
    }

    fn entry(&mut self, shop_id: &str, package_id: &str) -> &mut DocumentCalls {
        self.calls
            .entry((shop_id.to_owned(), package_id.to_owned()))
            .or_insert_with(|| DocumentCalls {
                package_id: package_id.to_owned(),
                ..DocumentCalls::default()
            })
    }

    /// Counts a call; returns nothing (its outcome is counted by the methods below).
    pub fn count_call(&mut self, shop_id: &str, package_id: &str) {
        self.entry(shop_id, package_id).calls += 1;
    }

    pub fn count_refused(&mut self, shop_id: &str, package_id: &str) {
        self.entry(shop_id, package_id).refused += 1;
    }

    /// For a printable package: `Some(code)` while the knob says it is still generating (the
    /// call is counted as such), `None` once its document is ready.
    pub fn still_generating(&mut self, shop_id: &str, package_id: &str) -> Option<i64> {
        let generation = self.generation;
        let entry = self.entry(shop_id, package_id);
        if entry.generating < generation.pending_calls {
            entry.generating += 1;
            Some(generation.code.unwrap_or(11_034_037))
        } else {
            None
        }
    }

    /// Keeps `bytes` behind `token` until `now` + 24 h and counts the issue.
    pub fn issue(
        &mut self,
        shop_id: &str,
        package_id: &str,
        token: String,
        content_type: &'static str,
        bytes: Vec<u8>,
        now: i64,
    ) {
        self.files
            .retain(|_, f| f.expires_at + FORGET_AFTER_SECS > now);
        self.files.insert(
            token,
            Issued {
                shop_id: shop_id.to_owned(),
                package_id: package_id.to_owned(),
                content_type,
                bytes: Arc::new(bytes),
                expires_at: now + LINK_LIFETIME_SECS,
            },
        );
        self.entry(shop_id, package_id).issued += 1;
    }

    /// The file behind `token` at sandbox time `now`, counting the download.
    pub fn download(&mut self, token: &str, now: i64) -> Download {
        let Some(file) = self.files.get(token).cloned() else {
            return Download::Unknown;
        };
        let entry = self.entry(&file.shop_id, &file.package_id);
        if now >= file.expires_at {
            entry.expired_downloads += 1;
            Download::Expired
        } else {
            entry.downloads += 1;
            Download::File {
                content_type: file.content_type,
                bytes: file.bytes,
            }
        }
    }

    /// The traffic of one package (all zero when it never had a call).
    pub fn calls_of(&self, shop_id: &str, package_id: &str) -> DocumentCalls {
        self.calls
            .get(&(shop_id.to_owned(), package_id.to_owned()))
            .cloned()
            .unwrap_or_else(|| DocumentCalls {
                package_id: package_id.to_owned(),
                ..DocumentCalls::default()
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_serves_its_file_for_24_hours_of_sandbox_time_then_is_expired() {
        let mut desk = DocumentDesk::default();
        desk.issue(
            "s",
            "p",
            "t".into(),
            "application/pdf",
            b"%PDF".to_vec(),
            100,
        );
        assert!(matches!(
            desk.download("t", 100 + LINK_LIFETIME_SECS - 1),
            Download::File { .. }
        ));
        assert_eq!(
            desk.download("t", 100 + LINK_LIFETIME_SECS),
            Download::Expired
        );
        assert_eq!(desk.download("nope", 100), Download::Unknown);
        let calls = desk.calls_of("s", "p");
        assert_eq!(
            (calls.issued, calls.downloads, calls.expired_downloads),
            (1, 1, 1)
        );
    }

    #[test]
    fn the_first_n_calls_of_each_package_are_still_generating() {
        let mut desk = DocumentDesk::default();
        desk.set_generation(DocumentGeneration {
            pending_calls: 2,
            code: Some(11_034_023),
        });
        assert_eq!(desk.still_generating("s", "p"), Some(11_034_023));
        assert_eq!(desk.still_generating("s", "p"), Some(11_034_023));
        assert_eq!(desk.still_generating("s", "p"), None);
        assert_eq!(desk.still_generating("s", "q"), Some(11_034_023));
        assert!(DocumentGeneration {
            pending_calls: 1,
            code: Some(1)
        }
        .validate()
        .is_err());
    }
}
