// The orders table's optional money columns (Settlement, Fees, Profit): which ones the seller
// switched on (remembered on this computer; a view preference, not data), the visible page's
// orders per shop for one earnings call each, and each cell's text and hover. Pure, so the
// preference parsing and the words are unit-tested.
import type { OrderEarningsRowView } from "../lib/bindings";
import { formatMoney } from "../lib/money";
import { isNegativeAmount, isZeroAmount } from "./finance";

export type EarningsColumn = "settlement" | "fees" | "profit";

export const EARNINGS_COLUMNS: readonly { id: EarningsColumn; label: string; hint: string }[] = [
  { id: "settlement", label: "Settlement", hint: "What TikTok settled for the order (its statement's amount)" },
  { id: "fees", label: "Fees", hint: "TikTok's fees and taxes on the order" },
  { id: "profit", label: "Profit", hint: "What the order brought in, less what its units cost you" },
];

/** Where the choice is kept (localStorage). */
export const COLUMNS_KEY = "shopdock.orders.earningsColumns";

const KNOWN = new Set<string>(EARNINGS_COLUMNS.map((c) => c.id));

/** The columns switched on, in the table's order; none when nothing (or nonsense) is stored. */
export function readColumns(storage: Pick<Storage, "getItem"> | null): EarningsColumn[] {
  let stored: unknown;
  try {
    stored = JSON.parse(storage?.getItem(COLUMNS_KEY) ?? "[]");
  } catch {
    return [];
  }
  if (!Array.isArray(stored)) return [];
  return EARNINGS_COLUMNS.map((c) => c.id).filter((id) => stored.includes(id) && KNOWN.has(id));
}

export function writeColumns(storage: Pick<Storage, "setItem"> | null, columns: readonly EarningsColumn[]): void {
  try {
    storage?.setItem(COLUMNS_KEY, JSON.stringify(columns));
  } catch {
    // A full or blocked storage only forgets the choice for next time.
  }
}

/** Switches one column on or off, keeping the table's order. */
export function toggleColumn(columns: readonly EarningsColumn[], id: EarningsColumn): EarningsColumn[] {
  const on = new Set(columns);
  if (on.has(id)) on.delete(id);
  else on.add(id);
  return EARNINGS_COLUMNS.map((c) => c.id).filter((c) => on.has(c));
}

/** The visible orders of each shop, in the table's order: one earnings call per shop. */
export function idsByShop(rows: readonly { shop_id: string; order_id: string }[]): Map<string, string[]> {
  const byShop = new Map<string, string[]>();
  for (const row of rows) {
    const ids = byShop.get(row.shop_id) ?? [];
    if (!ids.includes(row.order_id)) ids.push(row.order_id);
    byShop.set(row.shop_id, ids);
  }
  return byShop;
}

export function earningsKey(row: { shop_id: string; order_id: string }): string {
  return `${row.shop_id}/${row.order_id}`;
}

export interface EarningsCell {
  text: string;
  /** The hover: what the figure is, or why there is none. */
  title: string;
  negative: boolean;
  /** Shopdock's sum of the parts differs from TikTok's settlement. */
  gap: boolean;
}

const NOT_SETTLED = "Not settled yet: TikTok settles an order some days after delivery.";

/** One money cell of one order; `row` undefined while the page's earnings load. */
export function earningsCell(row: OrderEarningsRowView | undefined, column: EarningsColumn): EarningsCell {
  const blank = (title: string): EarningsCell => ({ text: "—", title, negative: false, gap: false });
  if (!row) return { text: "…", title: "Loading earnings", negative: false, gap: false };
  if (row.status !== "settled") {
    return blank(
      row.status === "adjustments_only"
        ? "Not settled yet; TikTok has made adjustments for this order (open it for details)."
        : NOT_SETTLED,
    );
  }
  const money = (amount: string | null, title: string, gap = false): EarningsCell =>
    amount === null
      ? blank(title)
      : { text: formatMoney(amount, row.currency), title, negative: isNegativeAmount(amount), gap };
  switch (column) {
    case "settlement": {
      const gap = row.gap !== null && !isZeroAmount(row.gap);
      return money(
        row.settlement,
        gap
          ? `What TikTok settled. The order's parts add up to a different amount (TikTok's is ${formatMoney(row.gap, row.currency)} off their sum); open the order for details.`
          : "What TikTok settled for the order.",
        gap,
      );
    }
    case "fees":
      return money(row.fee_tax, "TikTok's fees and taxes on the order.");
    case "profit":
      return row.profit === null
        ? blank("No profit: link the order's TikTok SKUs to your SKUs and give them a cost (open the order to see what is missing).")
        : money(row.profit, row.margin_percent !== null ? `Margin ${row.margin_percent} % of revenue.` : "Profit.");
  }
}
