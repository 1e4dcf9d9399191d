// What an order earned, as the order drawer lays it out: the parts with their signs down to
// TikTok's settlement (the truth), the gap where Shopdock's own sum of the parts differs (shown,
// never hidden), adjustments and the net, then the seller's cost, profit and margin. Pure, so
// the lines and their words are unit-tested; the panel only draws them.
import type { AmountPartView, OrderEarningsView } from "../lib/bindings";
import { formatMoney } from "../lib/money";
import { isZeroAmount, nonZeroParts } from "./finance";
import { dayLabel } from "./period";

/** What the drawer's panel asks core (the tests pass their own). */
export interface EarningsApi {
  orderEarnings(shopId: string, orderId: string): Promise<OrderEarningsView>;
  refreshOrderEarnings(shopId: string, orderId: string): Promise<OrderEarningsView>;
}

export interface EarningsLine {
  key: string;
  label: string;
  amount: string;
  /** The amounts by kind behind the line (each fee, each shipping discount...). */
  parts: AmountPartView[];
  /** A result line (settlement, net), drawn as a total. */
  total?: boolean;
}

function partsOf(view: OrderEarningsView, ...groups: string[]): AmountPartView[] {
  return nonZeroParts(view.parts.filter((p) => groups.includes(p.group)));
}

/** The lines from revenue to TikTok's settlement, and on to the net when adjustments name it. */
export function earningsLines(view: OrderEarningsView): EarningsLine[] {
  const lines: EarningsLine[] = [];
  const add = (key: string, label: string, amount: string | null, groups: string[], total = false) => {
    if (amount === null) return;
    const parts = partsOf(view, ...groups);
    if (!total && isZeroAmount(amount) && parts.length === 0) return;
    lines.push(total ? { key, label, amount, parts, total } : { key, label, amount, parts });
  };
  add("revenue", "Revenue", view.revenue, ["revenue"]);
  add("shipping", "Shipping", view.shipping, ["shipping"]);
  if (view.fees !== null || view.taxes !== null) {
    add("fees", "Fees", view.fees, ["fee"]);
    add("taxes", "Taxes", view.taxes, ["tax"]);
  } else {
    add("fee_tax", "Fees and taxes", view.fee_tax, ["fee", "tax"]);
  }
  add("settlement", "Settlement (TikTok)", view.settlement, [], true);
  if (!isZeroAmount(view.adjustments)) {
    add("adjustments", "Adjustments", view.adjustments, ["adjustment"]);
    add("net", "Net", view.net, [], true);
  }
  return lines;
}

/** The amounts TikTok sends for reference only (not part of the settlement). */
export function referenceParts(view: OrderEarningsView): AmountPartView[] {
  return partsOf(view, "supplementary");
}

/** Where the order stands: when and by which statement it settled, or that it has not. */
export function settledText(view: OrderEarningsView, now: number): string {
  switch (view.status) {
    case "settled": {
      const day = view.settled_day ? ` on ${dayLabel(view.settled_day, now)}` : "";
      const from =
        view.source === "order"
          ? " (read from the order: its statement is not imported yet)"
          : view.statement_id
            ? `, statement ${view.statement_id}`
            : "";
      return `Settled${day}${from}.`;
    }
    case "adjustments_only":
      return "Not settled yet, but TikTok has made adjustments for this order.";
    case "not_settled":
      return "Not settled yet. TikTok settles an order some days after delivery; what it earned shows here once that day's statement is imported.";
  }
}

/** The gap between Shopdock's sum of the parts and TikTok's settlement; null when they agree. */
export function gapText(view: OrderEarningsView): string | null {
  if (view.gap === null || isZeroAmount(view.gap)) return null;
  const c = view.currency;
  return `The parts add up to ${formatMoney(view.parts_sum, c)}, ${formatMoney(view.gap, c)} off TikTok's settlement. TikTok's amount is what it pays.`;
}

/** "30.0 %" (a decimal string as core rounded it). */
export function marginText(margin: string | null): string | null {
  return margin === null ? null : `${margin} %`;
}

/** Why there is no profit, in one line, when core said. */
export function profitMissingText(view: OrderEarningsView): string | null {
  if (view.profit !== null) return null;
  if (view.profit_missing.length === 0) return null;
  return view.profit_missing.join(" ");
}
