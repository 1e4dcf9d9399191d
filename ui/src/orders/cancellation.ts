// Cancellations as the orders table and the drawer show them: a buyer's pending request with
// the time left before TikTok decides on its own (48 h, then it approves by itself), the
// answer on its way, the cancels already made, and which line items they took. Pure, so the
// wording and the decisions are unit-tested; the components only wire them to core.
import type {
  ApiError,
  CancelReasonView,
  CancellationView,
  OrderDetailView,
  OrderFlag,
  OrderOutboxView,
  OrderRowView,
  OutboxEntryView,
  OutboxKind,
  SellerCancelInput,
} from "../lib/bindings";

/** Under this much time left a request is urgent: the table and the drawer make it stand out. */
export const URGENT_SECS = 12 * 3600;

export interface TimeLeft {
  /** "2 d 3 h left", "11 h left", "35 min left", "Due now". */
  text: string;
  /** The same without "left", for the table's narrow "Answer by" column: "2 d 3 h". */
  short: string;
  urgent: boolean;
  /** TikTok may have decided already; the next sync shows how. */
  due: boolean;
}

/** The time left before TikTok decides a request on its own. */
export function timeLeft(deadline: number, now: number): TimeLeft {
  const left = Math.floor(deadline - now);
  if (left <= 0) return { text: "Due now", short: "Due now", urgent: true, due: true };
  const hours = Math.floor(left / 3600);
  const days = Math.floor(hours / 24);
  const short =
    left < 3600
      ? `${Math.max(1, Math.floor(left / 60))} min`
      : hours < 24
        ? `${hours} h`
        : hours % 24 === 0
          ? `${days} d`
          : `${days} d ${hours % 24} h`;
  return { text: `${short} left`, short, urgent: left < URGENT_SECS, due: false };
}

/** The buyer's request that waits for the seller, the one TikTok decides first; else null. */
export function pendingRequest(cancellations: readonly CancellationView[]): CancellationView | null {
  const pending = cancellations.filter((c) => c.pending);
  pending.sort((a, b) => (a.deadline ?? Infinity) - (b.deadline ?? Infinity));
  return pending[0] ?? null;
}

/** The outgoing changes a cancellation makes (their state is shown with the request). */
const CANCEL_KINDS: readonly OutboxKind[] = ["approve_cancellation", "reject_cancellation", "seller_cancel"];

/** The order's latest outgoing change when it is a cancellation's; else null. */
export function cancellationOutbox(outbox: OrderOutboxView | null | undefined): OrderOutboxView | null {
  return outbox && CANCEL_KINDS.includes(outbox.kind) ? outbox : null;
}

/** An outbox row core just returned, as the order's tag shows it (until the detail has it). */
export function asOrderOutbox(entry: OutboxEntryView): OrderOutboxView {
  return {
    id: entry.id,
    kind: entry.kind,
    state: entry.state,
    reason: entry.last_error,
    warning: entry.warning,
    updated_at: entry.updated_at,
  };
}

/**
 * The seller's answer to a request in words: on its way while core marks it `answering` (until
 * TikTok's record settles), else what the latest answer row is (a refused one shows its state
 * and reason beside it); null when the seller has not answered.
 */
export function answerText(request: CancellationView, outbox: OrderOutboxView | null): string | null {
  switch (request.answering) {
    case "approve":
      return "Your approval is on its way to TikTok.";
    case "reject":
      return "Your rejection is on its way to TikTok.";
  }
  switch (outbox?.kind) {
    case "approve_cancellation":
      return "Your approval:";
    case "reject_cancellation":
      return "Your rejection:";
    default:
      return null;
  }
}

/**
 * What part of the order a cancellation covers, when it is not the whole order: "2 of 3 items"
 * (TikTok lists one line item per unit; an empty list, or every line, is the whole order).
 */
export function coveredItems(c: CancellationView, lineCount: number): string | null {
  const n = c.line_item_ids.length;
  if (n === 0 || n >= lineCount) return null;
  return `${n} of ${lineCount} items`;
}

/** Who made a cancellation, in the seller's words. */
export function cancellationTitle(c: CancellationView): string {
  if (c.buyer_request) return "Buyer's request to cancel";
  switch (c.role) {
    case "SELLER":
      return "Cancelled by you";
    case "BUYER":
      return "Cancelled by the buyer";
    case "SYSTEM":
      return "Cancelled by TikTok";
    default:
      return "Cancellation";
  }
}

/** Where a cancellation stands (either spelling TikTok uses; an unknown one as sent). */
export function cancellationStatus(c: CancellationView): string {
  if (c.pending) return "Waiting for your answer";
  switch (c.status) {
    case "CANCELLATION_REQUEST_SUCCESS":
    case "CANCEL_SUCCESS":
      return c.buyer_request ? "Approved: the refund is under way" : "Cancelled: the refund is under way";
    case "CANCELLATION_REQUEST_COMPLETE":
    case "COMPLETE":
      return "Cancelled and refunded";
    case "CANCELLATION_REQUEST_CANCEL":
    case "CANCELLATION_REQUEST_CANCELLED":
    case "CLOSED":
      return c.buyer_request ? "Rejected or withdrawn: the order goes on" : "Closed: the order goes on";
    default:
      return c.status;
  }
}

/** A settled cancellation in one line: where it stands, the reason, the part of the order. */
export function cancellationLine(c: CancellationView, lineCount: number): string {
  return [cancellationStatus(c), c.reason_text ?? c.reason, coveredItems(c, lineCount)]
    .filter((part): part is string => !!part)
    .join(" · ");
}

/** Statuses in which a cancel took effect (the items it names are gone). */
function tookEffect(c: CancellationView): boolean {
  return [
    "CANCELLATION_REQUEST_SUCCESS",
    "CANCEL_SUCCESS",
    "CANCELLATION_REQUEST_COMPLETE",
    "COMPLETE",
  ].includes(c.status);
}

/** The line items TikTok shows cancelled, or that a cancel which took effect names. */
export function cancelledLineIds(detail: OrderDetailView): Set<string> {
  const ids = new Set<string>();
  for (const item of detail.items) {
    if (item.display_status === "CANCELLED") ids.add(item.line_item_id);
  }
  for (const c of detail.cancellations) {
    if (tookEffect(c)) c.line_item_ids.forEach((id) => ids.add(id));
  }
  return ids;
}

/**
 * The table's note for an order some of whose items are cancelled ("1 of 3 cancelled"); null
 * when none are, or when the whole order is (its status says so).
 */
export function partialCancelNote(
  row: Pick<OrderRowView, "cancelled_items" | "item_count" | "status_group">,
): string | null {
  if (row.cancelled_items <= 0 || row.status_group === "cancelled") return null;
  if (row.cancelled_items >= row.item_count) return "Items cancelled";
  return `${row.cancelled_items} of ${row.item_count} cancelled`;
}

/**
 * The "Answer by" cell's hover text: what the tag means, the exact moment TikTok decides, and
 * the buyer's reason.
 */
export function requestHint(deadline: string, reason: string | null | undefined): string {
  const when = `The buyer asked to cancel: approve or reject before TikTok decides on its own at ${deadline}.`;
  return reason ? `${when} Reason: ${reason}` : when;
}

/**
 * The flags a row shows beside its "Answer by" cell. A request Shopdock has stored shows there,
 * as a tag with the time left, so the "Cancel requested" chip would say the same twice; the
 * chip stays for an order TikTok flags before its request record has arrived.
 */
export function flagsBesideRequest(row: Pick<OrderRowView, "flags" | "cancel_deadline">): OrderFlag[] {
  const shown = row.cancel_deadline !== null && row.cancel_deadline !== undefined;
  return shown ? row.flags.filter((f) => f !== "buyer_cancel_request") : [...row.flags];
}

/** Statuses in which the seller may be able to cancel (core asks TikTok and has the last word). */
const SELLER_CANCELLABLE = ["UNPAID", "ON_HOLD", "AWAITING_SHIPMENT", "AWAITING_COLLECTION"];

/**
 * Whether the drawer offers "Cancel order…": an order not shipped yet, not fulfilled by TikTok,
 * with no buyer's request to answer instead and no cancel of Shopdock's on its way. Pressing it
 * asks core, which asks TikTok's eligibility and offers only the reasons that fit.
 */
export function offersSellerCancel(detail: OrderDetailView): boolean {
  const { row } = detail;
  if (!SELLER_CANCELLABLE.includes(row.status)) return false;
  if (row.fulfillment_type === "FULFILLMENT_BY_TIKTOK") return false;
  if (pendingRequest(detail.cancellations)) return false;
  const outbox = cancellationOutbox(row.outbox);
  if (outbox?.kind !== "seller_cancel") return true;
  // A failed cancel is retried or dismissed where it shows; offered again once dismissed.
  return outbox.state === "dismissed" || outbox.state === "superseded";
}

/** The reject form: a reason from TikTok's list and an optional comment for the buyer. */
export interface RejectForm {
  reason: string;
  comment: string;
}

/** What must be chosen before a rejection is sent (core checks the rest). */
export function rejectProblem(form: RejectForm): string | null {
  return form.reason.trim() === "" ? "Choose why you reject the request." : null;
}

/** The comment as core takes it: none when empty. */
export function commentArg(comment: string): string | null {
  const trimmed = comment.trim();
  return trimmed === "" ? null : trimmed;
}

/** The seller's cancel of the whole order with one of core's reasons. */
export function sellerCancelInput(orderId: string, reason: string): SellerCancelInput {
  return { order_id: orderId, reason, line_item_ids: [] };
}

/** The confirmation question before the seller cancels, naming the reason chosen. */
export function sellerCancelQuestion(orderId: string, reason: CancelReasonView): string {
  return (
    `Cancel order ${orderId} because "${reason.text}"? ` +
    "TikTok refunds the buyer, and a cancelled order cannot be reopened."
  );
}

/** The field message core gave for the reason (a reason that no longer fits), if any. */
export function reasonFieldError(error: ApiError | null): string | null {
  return error?.fields.find((f) => f.field === "reason")?.message ?? null;
}

/** What the drawer's cancellation actions ask core: the generated commands, passed in so the
 * components stay testable without Tauri. */
export interface CancellationApi {
  rejectReasons: (shopId: string, cancelId: string) => Promise<CancelReasonView[]>;
  cancelReasons: (shopId: string, orderId: string) => Promise<CancelReasonView[]>;
  approveCancellation: (shopId: string, cancelId: string) => Promise<OutboxEntryView>;
  rejectCancellation: (
    shopId: string,
    cancelId: string,
    reason: string,
    comment: string | null,
  ) => Promise<OutboxEntryView>;
  sellerCancel: (shopId: string, input: SellerCancelInput) => Promise<OutboxEntryView>;
}
