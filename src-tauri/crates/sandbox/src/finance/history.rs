//! A year (or any span) of settled history for one shop, for the finance import and its
//! benchmark (100,000 settled orders over a year): ordinary generated orders created over
//! the span, old enough that every one that is delivered has settled by now. Only the
//! orders are stored; their statements are derived lazily like all finance data.

use super::ids::DAY;
use super::synced;
use crate::control::Control;
use crate::orders::LONGEST_TO_DELIVERY;
use crate::state::lock;
use crate::SandboxError;

/// The most orders one call creates (keeps a typo from eating the machine).
pub const MAX_HISTORY_ORDERS: usize = 2_000_000;
/// The share of generated orders that end up settled (the rest are cancelled, lost, free
/// samples or replacements): a first guess, corrected after each round.
const EXPECTED_YIELD: f64 = 0.75;

impl Control {
    /// Creates orders over the `days` before now until `shop` has at least `settled_orders`
    /// settled orders in closed statements, and returns how many it has. The orders are
    /// created no later than the longest way from creation to a closed statement before now,
    /// so every one that is delivered is settled. Deterministic for a seed and the shop's
    /// orders so far.
    pub fn generate_settled_history(
        &self,
        shop: &str,
        settled_orders: usize,
        days: u32,
    ) -> Result<usize, SandboxError> {
        let cell = self
            .inner
            .shop(shop)
            .ok_or_else(|| SandboxError::UnknownShop(shop.to_string()))?;
        let settle_after = lock(&cell.finance).settle_after();
        // Creation to closed statement: to delivery, the settlement wait, up to a day of
        // jitter, and the day the statement closes.
        let margin = LONGEST_TO_DELIVERY + settle_after + 2 * DAY;
        let span = i64::from(days) * DAY;
        if span <= margin {
            return Err(SandboxError::Invalid(format!(
                "days must cover more than {} days for orders to settle",
                margin.div_euclid(DAY) + 1
            )));
        }
        let mut created = 0usize;
        loop {
            let have = self.settled_order_count(shop)?;
            if have >= settled_orders {
                return Ok(have);
            }
            let missing = settled_orders - have;
            let n = ((missing as f64 / EXPECTED_YIELD).ceil() as usize).max(16);
            if created + n > MAX_HISTORY_ORDERS {
                return Err(SandboxError::Invalid(format!(
                    "more than {MAX_HISTORY_ORDERS} orders would be needed"
                )));
            }
            let now = self.inner.clock.now();
            lock(&cell.store).create(&cell.def, n, now - margin, span - margin);
            created += n;
            tracing::debug!(shop = %cell.def.id, n, "sandbox generated settled history");
            // Bring finance up to date before counting again.
            drop(synced(&self.inner, cell));
        }
    }
}
