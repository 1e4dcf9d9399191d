//! Background jobs that run one per shop at a time (a product import, a finance import): the
//! registry that claims, cancels and tells about them, and the claim that releases itself when
//! the job ends, however it ends.

use crate::errors::{CoreError, CoreResult};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};
use tokio_util::sync::CancellationToken;

/// The running jobs of one kind, by shop, with the token that cancels each.
#[derive(Debug, Clone, Default)]
pub(crate) struct ShopJobs(Arc<Mutex<HashMap<String, CancellationToken>>>);

impl ShopJobs {
    fn map(&self) -> MutexGuard<'_, HashMap<String, CancellationToken>> {
        self.0.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Claims the shop for a job cancelled by `cancel`; refused with `busy` (a Conflict) while
    /// the shop's previous job runs.
    pub(crate) fn claim(
        &self,
        shop_id: &str,
        cancel: &CancellationToken,
        busy: &str,
    ) -> CoreResult<JobClaim> {
        let mut map = self.map();
        if map.contains_key(shop_id) {
            return Err(CoreError::Conflict(busy.to_owned()));
        }
        map.insert(shop_id.to_owned(), cancel.clone());
        Ok(JobClaim {
            jobs: self.clone(),
            shop_id: shop_id.to_owned(),
        })
    }

    /// Cancels the shop's running job, if any.
    pub(crate) fn cancel(&self, shop_id: &str) {
        if let Some(c) = self.map().get(shop_id) {
            c.cancel();
        }
    }

    pub(crate) fn is_running(&self, shop_id: &str) -> bool {
        self.map().contains_key(shop_id)
    }
}

/// A shop's claim on its job slot, released when dropped.
#[derive(Debug)]
pub(crate) struct JobClaim {
    jobs: ShopJobs,
    shop_id: String,
}

impl Drop for JobClaim {
    fn drop(&mut self) {
        self.jobs.map().remove(&self.shop_id);
    }
}
