//! One room per outbox kind: how a claimed row of that kind is sent, and how TikTok's state
//! is read back first when an earlier outcome is unknown. [`super::drain`] dispatches here.

mod answer_cancellation;
mod arrange;
mod mark_shipped;
mod price;
mod self_shipment;
mod seller_cancel;
mod stock;
mod update_tracking;
