//! Cancellation records (write-api §D): every cancel of an order, by the buyer, the seller or
//! the system, and the buyer's requests the seller must answer within 48 h. The lifecycle
//! ([`super::lifecycle`]) writes them as its events fire; the return-and-refund endpoints
//! ([`crate::cancellations`]) answer, approve, reject and create them. Each record is kept
//! in the order's shop store, so a change to it and to its order happen under one lock.

use super::lifecycle::{LifecycleEvent, CANCEL_REQUEST_AUTO_APPROVE, DAY, SHIPPING_DUE};
use super::records::Initiator;
use super::OrderStore;
use shopdock_tiktok::cancellation::reasons::{self, Reason};
use shopdock_tiktok::model::OrderStatus;

/// Where a cancellation stands (SPEC:search-cancellations `cancel_status`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CancelState {
    Pending,
    Success,
    /// Rejected by the seller (or withdrawn by the buyer).
    Closed,
    Complete,
}

impl CancelState {
    /// Search Cancellations' spelling; Cancel Order's enum spells the closed state
    /// `CANCELLATION_REQUEST_CANCEL` (both are documented; the client reads both).
    pub fn as_str(self) -> &'static str {
        match self {
            CancelState::Pending => "CANCELLATION_REQUEST_PENDING",
            CancelState::Success => "CANCELLATION_REQUEST_SUCCESS",
            CancelState::Closed => "CANCELLATION_REQUEST_CANCELLED",
            CancelState::Complete => "CANCELLATION_REQUEST_COMPLETE",
        }
    }

    /// Reads a `cancel_status` filter value in either spelling.
    pub fn parse(s: &str) -> Option<CancelState> {
        Some(match s.trim() {
            "CANCELLATION_REQUEST_PENDING" => CancelState::Pending,
            "CANCELLATION_REQUEST_SUCCESS" => CancelState::Success,
            "CANCELLATION_REQUEST_CANCEL" | "CANCELLATION_REQUEST_CANCELLED" => CancelState::Closed,
            "CANCELLATION_REQUEST_COMPLETE" => CancelState::Complete,
            _ => return None,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CancelRec {
    pub id: u64,
    pub order: u64,
    /// `BUYER_CANCEL` (a request to answer) rather than `CANCEL`.
    pub buyer_request: bool,
    pub state: CancelState,
    pub role: Initiator,
    pub reason: Reason,
    pub create_time: i64,
    pub update_time: i64,
    /// When TikTok approves a pending request on its own.
    pub deadline: Option<i64>,
    /// Unit indexes cancelled (item-level); empty = the whole order.
    pub units: Vec<u16>,
    /// What the seller answered a rejected request with.
    pub reject_reason: Option<String>,
    pub comment: Option<String>,
}

/// Why a cancellation request cannot be answered (the endpoints map these to codes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnswerError {
    NotFound,
    /// Already approved or done.
    Decided,
    /// Rejected or withdrawn.
    Closed,
}

/// The reason of a generated buyer cancel.
fn buyer_reason(i: u8) -> Reason {
    reasons::BUYER_TO_SHIP_REASONS[usize::from(i) % reasons::BUYER_TO_SHIP_REASONS.len()]
}

/// The reason of a generated seller or system cancel ([`Initiator`], index as in
/// [`super::records`]).
pub(super) fn generated_reason(who: Initiator, i: u8) -> Reason {
    match who {
        Initiator::Buyer => buyer_reason(i),
        Initiator::Seller => {
            let paid = reasons::seller_cancel_reasons(
                reasons::ReasonMarket::Us,
                reasons::CancelStage::Paid,
            );
            paid[usize::from(i) % 2]
        }
        Initiator::System => reasons::SYSTEM_REASONS[usize::from(i).min(3)],
    }
}

impl OrderStore {
    fn new_cancel_id(&mut self, order: u64) -> u64 {
        self.next_cancel_id += 1 + order % 997;
        self.next_cancel_id
    }

    /// Records a cancellation of `order` at `t`; returns its id.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn record_cancel(
        &mut self,
        order: u64,
        buyer_request: bool,
        state: CancelState,
        role: Initiator,
        reason: Reason,
        t: i64,
        units: Vec<u16>,
    ) -> u64 {
        let id = self.new_cancel_id(order);
        let deadline = buyer_request.then_some(t + CANCEL_REQUEST_AUTO_APPROVE);
        if buyer_request && state == CancelState::Pending {
            self.pending_requests.insert(order, id);
        }
        self.cancel_pos.insert(id, self.cancels.len());
        self.cancels.push(CancelRec {
            id,
            order,
            buyer_request,
            state,
            role,
            reason,
            create_time: t,
            update_time: t,
            deadline,
            units,
            reject_reason: None,
            comment: None,
        });
        id
    }

    /// The order's pending buyer request, if any.
    pub fn pending_request(&self, order: u64) -> Option<&CancelRec> {
        self.pending_requests
            .get(&order)
            .and_then(|id| self.cancellation(*id))
    }

    /// Settles the order's pending request (if any) at `t` as `state`.
    /// Whether the order had one.
    pub(super) fn settle_request(&mut self, order: u64, state: CancelState, t: i64) -> bool {
        let Some(id) = self.pending_requests.remove(&order) else {
            return false;
        };
        if let Some(p) = self.cancel_pos.get(&id).copied() {
            let c = &mut self.cancels[p];
            c.state = state;
            c.update_time = t;
        }
        true
    }

    /// The cancellation and action an idempotency key was used for.
    pub fn idempotent_answer(&self, key: &str) -> Option<(u64, &'static str)> {
        self.idempotency.get(key).copied()
    }

    pub fn remember_idempotent(&mut self, key: &str, cancel: u64, action: &'static str) {
        self.idempotency.insert(key.to_string(), (cancel, action));
    }

    pub fn cancellation(&self, id: u64) -> Option<&CancelRec> {
        self.cancel_pos.get(&id).map(|p| &self.cancels[*p])
    }

    /// Every cancellation of the shop, in creation order.
    pub fn cancellations(&self) -> &[CancelRec] {
        &self.cancels
    }

    /// The buyer asks to cancel `order` now (a control action, as a buyer would in the app).
    /// ON_HOLD: accepted at once, recorded as type CANCEL (OV:rr). AWAITING_SHIPMENT: a
    /// pending request that TikTok approves after 48 h without an answer.
    pub fn request_buyer_cancel(
        &mut self,
        order: u64,
        reason: u8,
        now: i64,
    ) -> Result<u64, String> {
        self.advance_to(now);
        let pos = self.position(order).ok_or("no such order")?;
        let rec = &self.recs[pos as usize];
        if self.pending_request(order).is_some() {
            return Err("the order already has a pending cancellation request".into());
        }
        match rec.status {
            OrderStatus::OnHold => {
                self.replace_plan(pos, Vec::new());
                self.apply(pos, now, LifecycleEvent::Cancel(Initiator::Buyer, reason));
                let id = self
                    .cancels
                    .last()
                    .map(|c| c.id)
                    .ok_or("cancel not recorded")?;
                Ok(id)
            }
            OrderStatus::AwaitingShipment => {
                self.replace_plan(
                    pos,
                    vec![
                        (now, LifecycleEvent::RequestCancel(reason)),
                        (
                            now + CANCEL_REQUEST_AUTO_APPROVE,
                            LifecycleEvent::Cancel(Initiator::Buyer, reason),
                        ),
                    ],
                );
                self.advance_to(now);
                self.pending_request(order)
                    .map(|c| c.id)
                    .ok_or_else(|| "request not recorded".into())
            }
            other => Err(format!(
                "a buyer can request a cancellation only while ON_HOLD or AWAITING_SHIPMENT, not {}",
                other.as_str()
            )),
        }
    }

    /// The seller approves a pending request: the order is cancelled now.
    pub fn approve_request(&mut self, cancel: u64, now: i64) -> Result<(), AnswerError> {
        let (order, reason_index) = self.answerable(cancel)?;
        let pos = self.position(order).ok_or(AnswerError::NotFound)?;
        self.replace_plan(pos, Vec::new());
        self.apply(
            pos,
            now,
            LifecycleEvent::Cancel(Initiator::Buyer, reason_index),
        );
        self.count_write(order, None, "approve_cancellation");
        Ok(())
    }

    /// The seller rejects a pending request: the order goes on (to be shipped, or cancelled
    /// by the system when its shipping due time passes).
    pub fn reject_request(
        &mut self,
        cancel: u64,
        reject_reason: &str,
        comment: Option<&str>,
        now: i64,
    ) -> Result<(), AnswerError> {
        let (order, _) = self.answerable(cancel)?;
        let pos = self.position(order).ok_or(AnswerError::NotFound)?;
        self.settle_request(order, CancelState::Closed, now);
        if let Some(p) = self.cancel_pos.get(&cancel).copied() {
            let c = &mut self.cancels[p];
            c.reject_reason = Some(reject_reason.to_string());
            c.comment = comment.map(str::to_string);
        }
        let rec = &mut self.recs[pos as usize];
        rec.buyer_cancel_pending = false;
        let due = rec
            .release_time
            .map_or(now + DAY, |r| (r + SHIPPING_DUE).max(now + DAY));
        self.replace_plan(
            pos,
            vec![(due, LifecycleEvent::Cancel(Initiator::System, 1))],
        );
        self.touched(pos, now);
        self.count_write(order, None, "reject_cancellation");
        Ok(())
    }

    /// The order and buyer-reason index of a request still waiting for the seller.
    fn answerable(&self, cancel: u64) -> Result<(u64, u8), AnswerError> {
        let c = self.cancellation(cancel).ok_or(AnswerError::NotFound)?;
        match c.state {
            CancelState::Pending if c.buyer_request => {
                let i = reasons::BUYER_TO_SHIP_REASONS
                    .iter()
                    .position(|r| *r == c.reason)
                    .unwrap_or(0) as u8;
                Ok((c.order, i))
            }
            CancelState::Closed => Err(AnswerError::Closed),
            _ => Err(AnswerError::Decided),
        }
    }

    /// The seller cancels the whole order (`units` empty) or some of its items now; returns
    /// the new cancellation's id. The caller has checked status, reason and items.
    pub fn seller_cancel(&mut self, pos: u32, reason: Reason, units: Vec<u16>, now: i64) -> u64 {
        let order = self.recs[pos as usize].id;
        let rec = &self.recs[pos as usize];
        let all_after: usize = rec.cancelled_units.len() + units.len();
        let whole = units.is_empty() || all_after >= rec.units.len();
        let id = self.record_cancel(
            order,
            false,
            CancelState::Success,
            Initiator::Seller,
            reason,
            now,
            units.clone(),
        );
        if whole {
            self.replace_plan(pos, Vec::new());
            let rec = &mut self.recs[pos as usize];
            rec.status = OrderStatus::Cancelled;
            rec.cancel_time = Some(now);
            rec.cancel = Some((Initiator::Seller, 0));
            rec.cancel_text = Some(reason.text);
            rec.buyer_cancel_pending = false;
        }
        let rec = &mut self.recs[pos as usize];
        rec.cancelled_units.extend(units);
        rec.cancelled_units.sort_unstable();
        rec.cancelled_units.dedup();
        rec.cancel_text = Some(reason.text);
        self.touched(pos, now);
        self.count_write(order, None, "cancel_order");
        id
    }
}
