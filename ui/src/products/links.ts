// How a TikTok SKU's link reads and is typed in the window: "MUG-01 × 6", or a bundle of codes.
import type { LinkPartView } from "../lib/bindings";
import type { Parsed } from "./skus";

/** A part as the seller types it, before it is checked. */
export interface PartDraft {
  code: string;
  factor: string;
}

/** The parts of a link from the typed rows: codes without surrounding spaces, whole factors of 1 or more, a code at most once. */
export function parseParts(drafts: readonly PartDraft[]): Parsed<LinkPartView[]> {
  const parts: LinkPartView[] = [];
  const seen = new Set<string>();
  for (const draft of drafts) {
    const code = draft.code.trim();
    if (code === "") return { ok: false, message: "Every row needs one of your codes (or remove the row)." };
    const factor = draft.factor.trim();
    if (!/^\d+$/.test(factor) || Number(factor) < 1) {
      return { ok: false, message: `The units per sale of ${code} is a whole number, 1 or more.` };
    }
    const key = code.toLowerCase();
    if (seen.has(key)) return { ok: false, message: `${code} is on two rows: put its units on one.` };
    seen.add(key);
    parts.push({ code, factor: Number(factor) });
  }
  if (parts.length === 0) return { ok: false, message: "Name at least one of your codes." };
  return { ok: true, value: parts };
}

/** "MUG-01", "MUG-01 × 6", or "MUG-01 + LID-02 × 2" for a bundle. */
export function linkText(parts: readonly LinkPartView[]): string {
  return parts.map((p) => (p.factor === 1 ? p.code : `${p.code} × ${p.factor}`)).join(" + ");
}
