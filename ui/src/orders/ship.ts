// The Ship dialog's view model: one line per selected order (its tracking number, then how its
// shipOrder call ended), the checks made before anything is sent, and the run that asks core
// for each order in turn. Pure apart from the injected `ship`, so the tests drive it directly.
import type {
  ApiError,
  ArrangeInput,
  ArrangementOptionsView,
  CarrierMappingView,
  CarrierSuggestionsView,
  OutboxEntryView,
  ShipInput,
} from "../lib/bindings";
import { toApiError } from "../lib/ipc";

/**
 * `checking`: asking core how the order ships; `unavailable`: core said it cannot ship now
 * (the reason is its message; sending again would not help).
 */
export type LineState = "checking" | "editing" | "sending" | "queued" | "refused" | "unavailable";

export interface ShipLine {
  shop_id: string;
  order_id: string;
  tracking: string;
  state: LineState;
  /** Why core refused it (shown inline under the order), or what is missing before sending. */
  message: string | null;
  /** The outbox row core queued (or already had) for it. */
  entry: OutboxEntryView | null;
}

export function newLines(orders: readonly { shop_id: string; order_id: string }[]): ShipLine[] {
  return orders.map((o) => ({
    shop_id: o.shop_id,
    order_id: o.order_id,
    tracking: "",
    state: "editing",
    message: null,
    entry: null,
  }));
}

/** The lines still to send: new ones and refused ones the seller may have corrected. */
export function pendingLines<L extends ShipLine>(lines: readonly L[]): L[] {
  return lines.filter((l) => l.state === "editing" || l.state === "refused");
}

export interface ShipProblems {
  carrier: string | null;
  /** order_id -> what is missing. */
  lines: Record<string, string>;
}

/** What must be filled in before Ship sends anything (core checks the rest). */
export function checkBeforeSending(carrier: string, lines: readonly ShipLine[]): ShipProblems {
  const problems: ShipProblems = { carrier: null, lines: {} };
  if (carrier.trim() === "") problems.carrier = "Enter the carrier, as on the label (for example USPS).";
  for (const line of pendingLines(lines)) {
    if (line.tracking.trim() === "") problems.lines[line.order_id] = "Enter this order's tracking number.";
  }
  return problems;
}

export function hasProblems(problems: ShipProblems): boolean {
  return problems.carrier !== null || Object.keys(problems.lines).length > 0;
}

export function shipInput(line: ShipLine, carrier: string): ShipInput {
  return {
    order_id: line.order_id,
    carrier: carrier.trim(),
    tracking_number: line.tracking.trim(),
    line_item_ids: [],
  };
}

/** A refusal as the seller reads it: core's sentence, plus its per-field messages. */
export function refusalText(error: ApiError): string {
  const fields = error.fields.map((f) => f.message).filter((m) => m && m !== error.message);
  return [error.message, ...fields].join(" ");
}

/** What the Ship dialog asks core: the generated commands, passed in so it stays testable. */
export interface ShipApi {
  shipOrder: (shopId: string, input: ShipInput) => Promise<OutboxEntryView>;
  arrangementOptions: (shopId: string, orderId: string) => Promise<ArrangementOptionsView>;
  arrangeShipment: (shopId: string, input: ArrangeInput) => Promise<OutboxEntryView>;
  carrierSuggestions: (shopId: string, orderId: string, name: string) => Promise<CarrierSuggestionsView>;
  rememberCarrier: (shopId: string, sellerName: string, providerName: string) => Promise<CarrierMappingView>;
}

export type ShipOrder = (shopId: string, input: ShipInput) => Promise<OutboxEntryView>;

/**
 * Sends every pending line, one after another (core queues them; the drainer paces the calls),
 * reporting each line's change through `update` so the dialog shows progress as it goes.
 * A refusal stays on its line; the others carry on.
 */
export async function sendLines<L extends ShipLine>(
  lines: readonly L[],
  send: (line: L) => Promise<OutboxEntryView>,
  update: (line: L) => void,
): Promise<L[]> {
  const done: L[] = [];
  for (const line of lines) {
    if (line.state !== "editing" && line.state !== "refused") {
      done.push(line);
      continue;
    }
    update({ ...line, state: "sending", message: null });
    let result: L;
    try {
      const entry = await send(line);
      result = { ...line, state: "queued", message: null, entry };
    } catch (error) {
      result = { ...line, state: "refused", message: refusalText(toApiError(error)), entry: null };
    }
    update(result);
    done.push(result);
  }
  return done;
}

/** {@link sendLines} with the seller's carrier and each line's tracking number. */
export function shipAll(
  lines: readonly ShipLine[],
  carrier: string,
  ship: ShipOrder,
  update: (line: ShipLine) => void,
): Promise<ShipLine[]> {
  return sendLines(lines, (line) => ship(line.shop_id, shipInput(line, carrier)), update);
}

/**
 * "2 queued, 1 refused" once a run has finished; null before and while any order is still
 * being checked or sent, so the summary never reports a run that is half done.
 */
export function runSummary(lines: readonly ShipLine[]): string | null {
  if (lines.some((l) => l.state === "sending" || l.state === "checking")) return null;
  const queued = lines.filter((l) => l.state === "queued").length;
  const refused = lines.filter((l) => l.state === "refused").length;
  if (queued + refused === 0) return null;
  const parts = [];
  if (queued) parts.push(`${queued} queued for TikTok`);
  if (refused) parts.push(`${refused} refused`);
  return parts.join(", ");
}

/**
 * The carriers the seller shipped with before, most recent first and each once (ignoring
 * case), to suggest in the carrier field; TikTok's own list is named by its refusal.
 */
export function recentCarriers(entries: readonly OutboxEntryView[], max = 8): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const e of [...entries].sort((a, b) => b.id - a.id)) {
    const name = e.carrier?.trim();
    if (!name || seen.has(name.toLowerCase())) continue;
    seen.add(name.toLowerCase());
    out.push(name);
    if (out.length === max) break;
  }
  return out;
}
