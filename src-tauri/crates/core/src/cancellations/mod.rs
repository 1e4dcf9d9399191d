//! Cancellations in both directions (write-api §D): the buyer's requests the seller approves
//! or rejects, and the seller's own cancels. TikTok's records are pulled with the orders
//! (`pull`), stored per shop, and shown on the orders ([`views`]); every answer goes
//! through the outbox (`queue`, sent by `outbox/send/*_cancellation.rs` and
//! `seller_cancel.rs`). Pure decisions apart and unit-tested: [`records`] (TikTok's record as
//! stored), [`offer`] (which reasons the seller is offered for one order) and [`news`] (which
//! new requests a desktop notification announces).

pub mod news;
pub mod offer;
mod pull;
pub(crate) mod queue;
pub mod records;
pub mod views;

pub use views::{CancelReasonView, CancellationListInput, CancellationView, SellerCancelInput};
