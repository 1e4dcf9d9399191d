//! TikTok's cancellation record as Shopdock stores it: status and type kept as sent (the docs
//! disagree on spellings), with `pending` read from every documented answer.

use shopdock_store::CancellationRecord;
use shopdock_tiktok::cancellation::{CancelStatus, Cancellation};

/// Whether a record waits for the seller: a pending status in either spelling, or, for a
/// status Shopdock does not know, TikTok still asking the seller to respond.
pub fn is_pending(c: &Cancellation) -> bool {
    match CancelStatus::parse(&c.cancel_status) {
        Some(status) => status == CancelStatus::Pending,
        None => c.respond_deadline().is_some(),
    }
}

/// The record to store for `c` of `shop_id`; `None` for one without ids (nothing to key it by).
pub fn to_record(shop_id: &str, c: &Cancellation, now: i64) -> Option<CancellationRecord> {
    if c.cancel_id.trim().is_empty() || c.order_id.trim().is_empty() {
        return None;
    }
    let pending = is_pending(c);
    Some(CancellationRecord {
        shop_id: shop_id.to_owned(),
        cancel_id: c.cancel_id.trim().to_owned(),
        order_id: c.order_id.trim().to_owned(),
        cancel_type: c.cancel_type.clone(),
        status: c.cancel_status.clone(),
        pending,
        role: c.role.clone(),
        reason: c.cancel_reason.clone(),
        reason_text: c.cancel_reason_text.clone().or_else(|| {
            c.cancel_reason
                .as_deref()
                .and_then(shopdock_tiktok::cancellation::reasons::reason_text)
                .map(str::to_owned)
        }),
        deadline: pending.then(|| c.respond_deadline()).flatten(),
        line_item_ids: c
            .cancel_line_items
            .iter()
            .map(|l| l.order_line_item_id.clone())
            .filter(|id| !id.is_empty())
            .collect(),
        create_time: c.create_time,
        update_time: c.update_time.or(c.create_time).unwrap_or(now),
        local_answer: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use shopdock_tiktok::cancellation::NextAction;

    fn record(status: &str, next: Option<i64>) -> Cancellation {
        Cancellation {
            cancel_id: "40".into(),
            order_id: "57".into(),
            cancel_type: "REQUEST_CANCEL_REFUND".into(),
            cancel_status: status.into(),
            role: "BUYER".into(),
            cancel_reason: Some("ecom_order_to_ship_canceled_reason_no_longer_needed".into()),
            seller_next_action_response: next
                .map(|d| {
                    vec![NextAction {
                        action: "SELLER_RESPOND_CANCEL".into(),
                        deadline: Some(d),
                    }]
                })
                .unwrap_or_default(),
            ..Default::default()
        }
    }

    #[test]
    fn a_pending_request_keeps_its_deadline_and_a_settled_one_does_not() {
        let r = to_record("s", &record("CANCELLATION_REQUEST_PENDING", Some(99)), 5).unwrap();
        assert!(r.pending);
        assert_eq!(r.deadline, Some(99));
        assert_eq!(r.reason_text.as_deref(), Some("No longer needed"));
        assert_eq!(r.update_time, 5);
        for settled in [
            "CANCELLATION_REQUEST_CANCEL",
            "CANCELLATION_REQUEST_CANCELLED",
            "CANCELLATION_REQUEST_SUCCESS",
        ] {
            let r = to_record("s", &record(settled, Some(99)), 5).unwrap();
            assert!(!r.pending, "{settled}");
            assert_eq!(r.deadline, None);
        }
    }

    #[test]
    fn an_unknown_status_is_pending_only_while_tiktok_asks_the_seller_to_respond() {
        assert!(is_pending(&record("SOMETHING_NEW", Some(1))));
        assert!(!is_pending(&record("SOMETHING_NEW", None)));
        assert!(to_record("s", &Cancellation::default(), 0).is_none());
    }
}
