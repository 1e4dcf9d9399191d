// An outbox row shaped like what Rust sends, for the tests.
import type { OutboxEntryView } from "../lib/bindings";

/** A queued Mark Package As Shipped of order `o<id>` in shop s1; `fields` overrides any field. */
export function outboxEntry(id: number, fields: Partial<OutboxEntryView> = {}): OutboxEntryView {
  return {
    id,
    shop_id: "s1",
    kind: "mark_shipped",
    target: `o${id}`,
    order_id: `o${id}`,
    state: "queued",
    attempts: 0,
    next_try_at: null,
    last_error: null,
    last_error_code: null,
    carrier: "USPS",
    tracking_number: `94000${id}`,
    warning: null,
    can_retry: false,
    can_dismiss: true,
    created_at: 100 + id,
    updated_at: 100 + id,
    sent_at: null,
    ...fields,
  };
}
