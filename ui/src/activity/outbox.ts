// The outbox's vocabulary for the seller: a word and a tone for every state and kind Rust
// declares (Records over the generated types, so a new value needs its wording here), and the
// small decisions the table, the drawer, the Activity screen and the shop card share.
import type { OutboxCountsView, OutboxEntryView, OutboxKind, OutboxState } from "../lib/bindings";
import type { Tone } from "../orders/orders";

/** Each state as a short tag. */
export const STATE_LABELS: Readonly<Record<OutboxState, string>> = {
  queued: "Queued",
  sending: "Sending",
  needs_check: "Checking",
  sent: "Sent",
  failed: "Failed",
  needs_attention: "Needs you",
  dismissed: "Dismissed",
  superseded: "Replaced",
};

/** One sentence per state, for the tag's hover text. */
export const STATE_HINTS: Readonly<Record<OutboxState, string>> = {
  queued: "Waiting its turn to be sent to TikTok.",
  sending: "Being sent to TikTok now.",
  needs_check: "The reply was lost: Shopdock checks TikTok before sending again, so nothing is sent twice.",
  sent: "TikTok accepted it.",
  failed: "TikTok refused it. Retry once the reason is fixed, or dismiss it.",
  needs_attention: "Shopdock cannot finish this alone: read the reason, then Retry or Dismiss.",
  dismissed: "You dismissed it: it will not be sent.",
  superseded: "A newer change replaced it.",
};

/** What needs the seller stands out; what is done stays quiet. */
export const STATE_TONES: Readonly<Record<OutboxState, Tone>> = {
  queued: "neutral",
  sending: "accent",
  needs_check: "accent",
  sent: "ok",
  failed: "danger",
  needs_attention: "warn",
  dismissed: "neutral",
  superseded: "neutral",
};

/** Each kind of change in the seller's words (the Activity screen's kind filter). */
export const KIND_LABELS: Readonly<Record<OutboxKind, string>> = {
  arrange_shipment: "Arrange shipment",
  mark_shipped: "Ship with tracking",
  update_tracking: "Update tracking",
  seller_cancel: "Cancel order",
  approve_cancellation: "Approve cancellation",
  reject_cancellation: "Reject cancellation",
  stock: "Stock update",
  price: "Price update",
  product_edit: "Product edit",
};

/** A row that waits for the seller: a failure, or one Shopdock cannot settle alone. */
export function isProblem(state: OutboxState): boolean {
  return state === "failed" || state === "needs_attention";
}

/** Still on its way (the table shows a spinner-like tone, Activity no buttons). */
export function isPending(state: OutboxState): boolean {
  return state === "queued" || state === "sending" || state === "needs_check";
}

export interface OutboxTag {
  label: string;
  tone: Tone;
  /** The hover text: the failure's reason when there is one, else what the state means. */
  hint: string;
}

/** The small tag an order row or an Activity line shows for its outgoing change. */
export function outboxTag(state: OutboxState, reason: string | null): OutboxTag {
  return {
    label: STATE_LABELS[state],
    tone: STATE_TONES[state],
    hint: isProblem(state) && reason ? reason : STATE_HINTS[state],
  };
}

/** What an entry sent, in one line: "Ship with tracking · UPS 1Z999" or the kind and target. */
export function entrySummary(entry: OutboxEntryView): string {
  const kind = KIND_LABELS[entry.kind];
  const shipment = [entry.carrier, entry.tracking_number].filter((part) => part).join(" ");
  return shipment ? `${kind} · ${shipment}` : kind;
}

/** A shop's failures and rows waiting for it (the card's count); zero when it has none. */
export function failureCount(counts: readonly OutboxCountsView[], shopId: string): number {
  const c = counts.find((row) => row.shop_id === shopId);
  return c ? c.failed + c.needs_attention : 0;
}

/** A shop's changes not sent yet (queued or on their way). */
export function pendingCount(counts: readonly OutboxCountsView[], shopId: string): number {
  const c = counts.find((row) => row.shop_id === shopId);
  return c ? c.queued + c.in_flight : 0;
}
