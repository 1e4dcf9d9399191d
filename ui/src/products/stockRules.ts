// A shop's stock rules in the window: the form's check (core's own bounds, generated, so the
// seller hears about a typo before a round trip; core checks again on save), the sentence that
// explains what TikTok is offered with the numbers typed, and how a reconciliation reads.
// Pure, so the tests cover them without a window.
import {
  MAX_PUSHED_QUANTITY,
  MAX_RECONCILE_MINUTES,
  MAX_STOCK_BUFFER,
  MAX_STOCK_PERCENT,
  MIN_RECONCILE_MINUTES,
  type FormField,
  type StockFindingView,
  type StockReconcileView,
  type StockSettingsView,
  type StockShare,
  type StockStatusView,
} from "../lib/bindings";
import { plural } from "../lib/text";

/** The form's fields, named as core names them in a refusal. */
export type StockField = Extract<FormField, "stock_buffer" | "stock_percent" | "reconcile_minutes" | "price_currency">;

/** The form as typed. */
export interface StockRulesDraft {
  buffer: string;
  percent: string;
  share: StockShare;
  reconcileMinutes: string;
  /** Empty: the shops' own currency. */
  currency: string;
}

export type StockRulesCheck =
  | { ok: true; value: StockSettingsView }
  | { ok: false; errors: Partial<Record<StockField, string>> };

export function draftOf(view: StockSettingsView): StockRulesDraft {
  return {
    buffer: String(view.buffer),
    percent: String(view.percent),
    share: view.share,
    reconcileMinutes: String(view.reconcile_minutes),
    currency: view.price_currency ?? "",
  };
}

/** A whole number in `min..=max` as typed, or null. */
function whole(text: string, min: number, max: number): number | null {
  const t = text.trim();
  if (!/^\d+$/.test(t)) return null;
  const n = Number(t);
  return n >= min && n <= max ? n : null;
}

/** The settings to save, or a message under each field that is wrong (then nothing is saved). */
export function checkStockRules(draft: StockRulesDraft): StockRulesCheck {
  const errors: Partial<Record<StockField, string>> = {};
  const buffer = whole(draft.buffer, 0, MAX_STOCK_BUFFER);
  if (buffer === null) {
    errors.stock_buffer = `The buffer is a whole number of units, 0 or more (at most ${MAX_STOCK_BUFFER.toLocaleString("en-US")}).`;
  }
  const percent = whole(draft.percent, 0, MAX_STOCK_PERCENT);
  if (percent === null) errors.stock_percent = `The percentage is a whole number from 0 to ${MAX_STOCK_PERCENT}.`;
  const minutes = whole(draft.reconcileMinutes, MIN_RECONCILE_MINUTES, MAX_RECONCILE_MINUTES);
  if (minutes === null) {
    errors.reconcile_minutes = `Reconcile every ${MIN_RECONCILE_MINUTES} to ${MAX_RECONCILE_MINUTES.toLocaleString("en-US")} minutes (a week), in whole minutes.`;
  }
  const currency = draft.currency.trim().toUpperCase();
  if (currency !== "" && !/^[A-Z]{3}$/.test(currency)) {
    errors.price_currency = "A currency is its three-letter code, e.g. USD or GBP; leave it empty to use your shops' currency.";
  }
  if (buffer === null || percent === null || minutes === null || errors.price_currency) return { ok: false, errors };
  return {
    ok: true,
    value: {
      buffer,
      percent,
      share: draft.share,
      reconcile_minutes: minutes,
      price_currency: currency === "" ? null : currency,
    },
  };
}

/** Whether saving the draft would change what is stored. */
export function rulesChanged(draft: StockRulesDraft, saved: StockSettingsView): boolean {
  const now = draftOf(saved);
  return (
    draft.buffer.trim() !== now.buffer ||
    draft.percent.trim() !== now.percent ||
    draft.share !== now.share ||
    draft.reconcileMinutes.trim() !== now.reconcileMinutes ||
    draft.currency.trim().toUpperCase() !== now.currency
  );
}

export const SHARE_LABELS: Readonly<Record<StockShare, string>> = {
  full: "Each shop offers all free units",
  split: "Split the free units evenly between the shops",
};

type Rules = Pick<StockSettingsView, "buffer" | "percent" | "share">;

const fmt = (n: number) => n.toLocaleString("en-US");

/** The formula with the shop's numbers, in one line. */
export function formulaText(r: Rules): string {
  const held = r.buffer > 0 ? ` − ${plural(r.buffer, "unit")} held back` : "";
  const split = r.share === "split" ? ", split evenly between the shops that sell the SKU" : "";
  const percent = r.percent === 100 ? "" : `, × ${r.percent} %`;
  const rounded = split !== "" || percent !== "" ? ", rounded down" : "";
  return `TikTok is offered: on hand − units in unshipped orders${held}${split}${percent}${rounded}, at most ${fmt(MAX_PUSHED_QUANTITY)} per SKU.`;
}

/**
 * The formula worked through for a made-up SKU (100 on hand, 10 in unshipped orders, sold by
 * two shops under the split rule), as core's planner computes it: every step rounds down.
 */
export function exampleText(r: Rules): string {
  const onHand = 100;
  const reserved = 10;
  const shops = 2;
  const free = Math.max(0, onHand - reserved - r.buffer);
  const share = r.share === "split" ? Math.floor(free / shops) : free;
  const offered = Math.min(MAX_PUSHED_QUANTITY, Math.floor((share * r.percent) / 100));
  const steps = [`${onHand} − ${reserved}${r.buffer > 0 ? ` − ${fmt(r.buffer)}` : ""} = ${fmt(free)}`];
  if (r.share === "split") steps.push(`÷ ${shops} shops = ${fmt(share)}`);
  if (r.percent !== 100) steps.push(`× ${r.percent} % = ${fmt(offered)}`);
  return `For example, ${onHand} on hand with ${reserved} in unshipped orders: ${steps.join(", ")} on TikTok.`;
}

/** The line after "Reconcile now". */
export function reconcileSummary(r: StockReconcileView): string {
  const checked = `Checked ${plural(r.checked, "linked SKU")} against TikTok`;
  const waiting = r.waiting_for_orders > 0 ? ` ${r.waiting_for_orders} wait for new orders to download first.` : "";
  if (r.drifted.length === 0) return `${checked}: all match.${waiting}`;
  const drifted = r.drifted.length === 1 ? "1 differed and is" : `${r.drifted.length} differed and are`;
  return `${checked}: ${drifted} being set back to Shopdock's figure.${waiting}`;
}

/** One finding: what TikTok had and what Shopdock's figure was. */
export function findingText(f: StockFindingView): string {
  return `TikTok had ${fmt(f.tiktok)}, Shopdock's figure was ${fmt(f.expected)}`;
}

/** One line on the shop's linked SKUs: how many TikTok holds as Shopdock says, and the others. */
export function syncSummary(s: StockStatusView): string {
  if (s.skus.length === 0) return "No SKU of this shop is linked to one of yours yet.";
  const count = (state: string) => s.skus.filter((k) => k.stock === state).length;
  const parts = [
    `${count("pushed")} on TikTok as Shopdock says`,
    count("pending") > 0 ? `${count("pending")} being sent` : null,
    count("failed") > 0 ? `${count("failed")} failed` : null,
    count("not_pushed") > 0 ? `${count("not_pushed")} not sent yet` : null,
  ].filter((p): p is string => p !== null);
  return `${plural(s.skus.length, "linked SKU")}: ${parts.join(", ")}.`;
}
