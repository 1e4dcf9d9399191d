// The seller's SKU list in the window: what a search shows, what an inline edit may save, and
// how an import's preview and result read. Pure, so the tests cover them without a window.
import type {
  LocalSkuInput,
  LocalSkuView,
  SkuImportPreview,
  SkuImportResult,
  SkuImportRow,
  SkuRowStatus,
} from "../lib/bindings";
import { plural } from "../lib/text";

/** The SKUs whose code or name holds every word of `query` (any case). */
export function searchSkus(list: readonly LocalSkuView[], query: string): LocalSkuView[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...list];
  return list.filter((sku) => {
    const text = `${sku.code} ${sku.name}`.toLowerCase();
    return words.every((w) => text.includes(w));
  });
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

/** A stock figure as typed: a whole number of units, zero or more. */
export function parseStock(text: string): Parsed<number> {
  const t = text.trim();
  if (!/^\d+$/.test(t)) {
    return { ok: false, message: "Stock is a whole number of units, 0 or more." };
  }
  const value = Number(t);
  if (!Number.isSafeInteger(value)) return { ok: false, message: "That is more units than Shopdock can count." };
  return { ok: true, value };
}

/**
 * A price or cost as typed, kept as the decimal string core expects (never a float): digits
 * with at most two decimals, a comma accepted as the decimal mark; empty clears it.
 */
export function parseMoney(text: string, what: "Price" | "Cost"): Parsed<string> {
  const t = text.trim().replace(",", ".");
  if (t === "") return { ok: true, value: "" };
  if (!/^\d+(\.\d{1,2})?$/.test(t)) {
    return { ok: false, message: `${what} is an amount like 12.50 (at most two decimals), or empty.` };
  }
  return { ok: true, value: t };
}

/** The edit an inline cell saves: only the field it changed. */
export function stockEdit(code: string, onHand: number): LocalSkuInput {
  return { code, on_hand: onHand };
}

export function moneyEdit(code: string, field: "price" | "cost", value: string): LocalSkuInput {
  return field === "price" ? { code, price: value } : { code, cost: value };
}

export const ROW_STATUS_LABELS: Readonly<Record<SkuRowStatus, string>> = {
  ok: "No change",
  new: "New",
  changed: "Changes",
  error: "Problem",
  blank: "No code",
};

/** One line under the preview's table: what importing would do. */
export function previewSummary(p: SkuImportPreview): string {
  const parts = [
    p.new > 0 ? `${p.new} new` : null,
    p.changed > 0 ? `${p.changed} changed` : null,
    p.ok > 0 ? `${p.ok} unchanged` : null,
    p.errors > 0 ? `${p.errors} with a problem` : null,
  ].filter((s): s is string => s !== null);
  const rows = p.rows.length;
  return `${plural(rows, "row")}: ${parts.length > 0 ? parts.join(", ") : "nothing to import"}.`;
}

/** Whether importing would change anything, and whether it must leave rows out. */
export function importChoice(p: SkuImportPreview): "nothing" | "all" | "valid_only" | "blocked" {
  const changes = p.new + p.changed;
  if (p.errors === 0) return changes > 0 ? "all" : "nothing";
  return changes > 0 ? "valid_only" : "blocked";
}

export function resultText(r: SkuImportResult): string {
  const parts = [
    `${r.created} created`,
    `${r.updated} updated`,
    r.unchanged > 0 ? `${r.unchanged} unchanged` : null,
    r.skipped > 0 ? `${plural(r.skipped, "row")} with a problem left out` : null,
  ].filter((s): s is string => s !== null);
  return `Imported: ${parts.join(", ")}.`;
}

/** What a preview row shows in its "Result" cell: the change, with the old value beside it. */
export function rowChange(row: SkuImportRow): string {
  if (row.status === "error") return row.problems.map((p) => p.message).join(" ");
  if (row.status === "new") return "Added";
  if (row.status === "ok" || !row.before) return "Already so";
  const before = row.before;
  const changes: string[] = [];
  if (row.name != null && row.name !== before.name) changes.push(`name "${before.name}" → "${row.name}"`);
  if (row.on_hand != null && row.on_hand !== before.on_hand) changes.push(`stock ${before.on_hand} → ${row.on_hand}`);
  if (row.price != null && row.price !== (before.price ?? "")) changes.push(`price ${before.price ?? "none"} → ${row.price}`);
  if (row.cost != null && row.cost !== (before.cost ?? "")) changes.push(`cost ${before.cost ?? "none"} → ${row.cost}`);
  return changes.length > 0 ? changes.join(", ") : "Updated";
}
