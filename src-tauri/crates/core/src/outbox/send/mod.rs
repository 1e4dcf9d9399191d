//! One room per outbox kind: how a claimed row of that kind is sent, and how TikTok's state
//! is read back first when an earlier outcome is unknown. [`super::drain`] dispatches here.

mod arrange;
mod mark_shipped;
mod self_shipment;
mod update_tracking;
