import { describe, expect, it } from "vitest";
import type { LocalSkuView, SkuImportPreview, SkuImportRow } from "../lib/bindings";
import { importChoice, parseMoney, parseStock, previewSummary, rowChange, searchSkus } from "./skus";

const sku = (code: string, name: string, on_hand = 1): LocalSkuView => ({
  code,
  name,
  on_hand,
  price: null,
  cost: null,
  updated_at: 0,
  linked: 0,
});

const preview = (counts: Partial<SkuImportPreview>): SkuImportPreview => ({
  file: "skus.csv",
  columns: ["code"],
  rows: [],
  ok: 0,
  new: 0,
  changed: 0,
  errors: 0,
  ...counts,
});

describe("the SKU list", () => {
  it("finds SKUs by every word of the search in code or name, any case", () => {
    const list = [sku("MUG-01", "Blue mug"), sku("CAP-7", "Red cap"), sku("MUG-02", "Red mug")];
    expect(searchSkus(list, "red MUG").map((s) => s.code)).toEqual(["MUG-02"]);
    expect(searchSkus(list, "  ")).toHaveLength(3);
  });

  it("takes whole, non-negative stock figures only", () => {
    expect(parseStock(" 12 ")).toEqual({ ok: true, value: 12 });
    expect(parseStock("-1").ok).toBe(false);
    expect(parseStock("1.5").ok).toBe(false);
    expect(parseStock("").ok).toBe(false);
  });

  it("keeps prices as decimal strings with at most two decimals, a comma read as the point", () => {
    expect(parseMoney("12,5", "Price")).toEqual({ ok: true, value: "12.5" });
    expect(parseMoney("", "Cost")).toEqual({ ok: true, value: "" });
    expect(parseMoney("1.999", "Price").ok).toBe(false);
    expect(parseMoney("abc", "Price").ok).toBe(false);
  });
});

describe("an import preview", () => {
  it("offers the valid rows only when some rows have a problem", () => {
    expect(importChoice(preview({ new: 2 }))).toBe("all");
    expect(importChoice(preview({ new: 2, errors: 1 }))).toBe("valid_only");
    expect(importChoice(preview({ errors: 3 }))).toBe("blocked");
    expect(importChoice(preview({ ok: 4 }))).toBe("nothing");
  });

  it("sums up what importing would do", () => {
    const rows = Array.from({ length: 3 }, () => ({}) as SkuImportRow);
    expect(previewSummary(preview({ rows, new: 1, changed: 1, errors: 1 }))).toBe(
      "3 rows: 1 new, 1 changed, 1 with a problem.",
    );
  });

  it("shows a changed row's old and new values, and a problem row's reasons", () => {
    const base: SkuImportRow = {
      line: 2,
      code: "MUG-01",
      status: "changed",
      name: null,
      on_hand: 5,
      price: "9.90",
      cost: null,
      before: { ...sku("MUG-01", "Blue mug", 3), price: "8.00" },
      problems: [],
      warnings: [],
    };
    expect(rowChange(base)).toBe("stock 3 → 5, price 8.00 → 9.90");
    expect(
      rowChange({
        ...base,
        status: "error",
        problems: [{ kind: "duplicate_code", column: "code", message: "MUG-01 is also on row 5." }],
      }),
    ).toBe("MUG-01 is also on row 5.");
  });
});

describe("a link typed in the window", () => {
  it("reads codes and whole factors, and refuses blanks, zero and a code twice", async () => {
    const { parseParts, linkText } = await import("./links");
    expect(parseParts([{ code: " MUG-01 ", factor: "6" }])).toEqual({ ok: true, value: [{ code: "MUG-01", factor: 6 }] });
    expect(parseParts([{ code: "", factor: "1" }]).ok).toBe(false);
    expect(parseParts([{ code: "A", factor: "0" }]).ok).toBe(false);
    expect(parseParts([{ code: "A", factor: "1" }, { code: "a", factor: "2" }]).ok).toBe(false);
    expect(linkText([{ code: "MUG", factor: 1 }, { code: "LID", factor: 2 }])).toBe("MUG + LID × 2");
  });
});
