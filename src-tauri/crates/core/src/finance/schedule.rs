//! The automatic finance import: after a shop's order pull succeeds, an incremental import
//! starts in the background when the last one started more than [`FINANCE_EVERY_SECS`] ago
//! (statements are daily, so a few times a day is plenty) and the shop granted the finance
//! scope. "Import now" is [`Shopdock::start_finance_import`].

use crate::{scopes, Shopdock};

/// How often the automatic import runs per shop.
pub const FINANCE_EVERY_SECS: i64 = 4 * 3_600;

/// Whether an automatic import is due: never run in this process, or run long enough ago.
pub fn due(last: Option<i64>, now: i64) -> bool {
    last.is_none_or(|t| now - t >= FINANCE_EVERY_SECS)
}

/// Whether the shop's grant allows the finance endpoints (an unknown grant is tried).
pub fn finance_granted(granted: &[String]) -> bool {
    granted.is_empty()
        || scopes::STATEMENTS
            .scopes
            .iter()
            .any(|s| granted.iter().any(|g| g == s))
}

impl Shopdock {
    /// Called after a pull of `shop_id` succeeded: starts the automatic finance import when
    /// it is due. Its failure is logged, not shown: the next one tries again.
    pub(crate) fn schedule_finance(&self, shop_id: &str) {
        let now = self.now();
        {
            let mut last = self
                .inner
                .finance
                .last_auto
                .lock()
                .unwrap_or_else(|p| p.into_inner());
            if !due(last.get(shop_id).copied(), now) {
                return;
            }
            last.insert(shop_id.to_owned(), now);
        }
        let (app, id) = (self.clone(), shop_id.to_owned());
        tokio::spawn(async move {
            let granted = match app.shop_record(&id).await {
                Ok(rec) => rec
                    .authorization
                    .map(|a| a.granted_scopes)
                    .unwrap_or_default(),
                Err(e) => {
                    tracing::warn!(shop = %id, error = %e, "automatic finance import skipped");
                    return;
                }
            };
            if !finance_granted(&granted) {
                tracing::debug!(shop = %id, "the shop did not grant the finance scope");
                return;
            }
            let cancel = app.inner.supervisor.cancel.child_token();
            let Ok(_running) = app.claim_finance_import(&id, &cancel) else {
                return;
            };
            if let Err(e) = app.finance_inner(&id, None, &cancel).await {
                tracing::warn!(shop = %id, error = %e, "automatic finance import stopped");
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_automatic_import_runs_first_thing_and_then_every_few_hours() {
        assert!(due(None, 0));
        assert!(!due(Some(1_000), 1_000 + FINANCE_EVERY_SECS - 1));
        assert!(due(Some(1_000), 1_000 + FINANCE_EVERY_SECS));
    }

    #[test]
    fn only_a_grant_without_the_finance_scope_skips_it() {
        assert!(finance_granted(&[]));
        assert!(finance_granted(&["seller.finance.info".to_string()]));
        assert!(!finance_granted(&["seller.order.info".to_string()]));
    }
}
