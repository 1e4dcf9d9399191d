// Bulk mapping from a spreadsheet as the window shows it: what a preview would do, which button
// applies it, what each row does, and what importing or exporting did. Pure, so the tests cover
// them without a window.
import type { MappingExportView, MappingPreview, MappingResult, MappingRow } from "../lib/bindings";
import { plural } from "../lib/text";
import { linkText } from "./links";

/** One line above the preview's table: what importing would do, by rows. */
export function mappingSummary(p: MappingPreview): string {
  const parts = [
    p.new > 0 ? `${p.new} new` : null,
    p.changed > 0 ? `${p.changed} changed` : null,
    p.ok > 0 ? `${p.ok} unchanged` : null,
    p.blank > 0 ? `${p.blank} without a code` : null,
    p.errors > 0 ? `${p.errors} with a problem` : null,
  ].filter((s): s is string => s !== null);
  return `${plural(p.rows.length, "row")}: ${parts.length > 0 ? parts.join(", ") : "nothing to link"}.`;
}

/**
 * Which import the preview allows: every row ("all"), only the SKUs whose rows have no problem
 * ("valid_only", when some rows have one), or none (nothing would change, or every row that
 * would has a problem).
 */
export function mappingChoice(p: MappingPreview): "nothing" | "all" | "valid_only" | "blocked" {
  const changes = p.new + p.changed;
  if (p.errors === 0) return changes > 0 ? "all" : "nothing";
  return changes > 0 ? "valid_only" : "blocked";
}

/** How many TikTok SKUs importing links (new or changed links; a bundle's rows count once). */
export function skusToLink(p: MappingPreview): number {
  const skus = new Set(
    p.rows.filter((r) => r.status === "new" || r.status === "changed").map((r) => `${r.shop_id ?? ""}\u0000${r.sku_id}`),
  );
  return skus.size;
}

/** The row's part as the seller typed it: "MUG-01", "MUG-01 × 6". */
export function rowPart(row: MappingRow): string {
  if (row.code === "") return "";
  return linkText([{ code: row.code, factor: row.factor }]);
}

/** What the row's "Result" cell says: its problems, what it changes, or why it does nothing. */
export function mappingRowResult(row: MappingRow): string {
  switch (row.status) {
    case "error":
      return row.problems.map((p) => p.message).join(" ");
    case "blank":
      return row.warnings.map((w) => w.message).join(" ");
    case "new":
      return "Linked on import";
    case "changed":
      return row.before ? `Was ${linkText(row.before)}` : "Changes its link";
    case "ok":
      return "Already linked so";
  }
}

/** The sentence after an import. */
export function mappingResultText(r: MappingResult): string {
  const parts = [
    `Linked ${plural(r.linked, "SKU")}`,
    r.unchanged > 0 ? `${r.unchanged} already linked so` : null,
    r.skipped > 0 ? `${plural(r.skipped, "row")} with a problem left out` : null,
  ].filter((s): s is string => s !== null);
  return `${parts.join(", ")}.`;
}

/** The sentence after an export. */
export function exportedText(v: MappingExportView): string {
  const open = v.skus - v.linked;
  const rest = open > 0 ? `; ${open} without a link have an empty code to fill in` : "";
  return `Saved ${plural(v.skus, "TikTok SKU")} (${v.linked} linked${rest}) to`;
}
