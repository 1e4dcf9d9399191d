//! The poll interval of every shop at once (Settings, `shopdock options --all`): the existing
//! shops change and shops added later start with it.

use crate::api::{ApiError, PollIntervalView};
use crate::errors::CoreError;
use crate::options::checked_poll_interval;
use crate::{CoreEvent, Shopdock};

impl Shopdock {
    /// The interval a newly added shop starts with.
    pub async fn default_poll_interval(&self) -> Result<PollIntervalView, ApiError> {
        let secs = self.db(|s| s.default_poll_interval()).await?;
        let shops = self.db(|s| s.list_shops()).await?.len();
        Ok(PollIntervalView {
            poll_interval_secs: secs,
            shops: shops as u32,
        })
    }

    /// Sets every shop's interval and the one shops added later start with, in one
    /// transaction: all change or none.
    pub async fn set_poll_interval_everywhere(
        &self,
        secs: u32,
    ) -> Result<PollIntervalView, ApiError> {
        let secs = checked_poll_interval(secs).map_err(|p| CoreError::Validation(vec![p]))?;
        let shops = self
            .db(move |s| s.set_poll_interval_everywhere(secs))
            .await?;
        tracing::info!(secs, shops, "poll interval set for every shop");
        self.emit(CoreEvent::ShopsChanged);
        Ok(PollIntervalView {
            poll_interval_secs: secs,
            shops: shops as u32,
        })
    }
}
