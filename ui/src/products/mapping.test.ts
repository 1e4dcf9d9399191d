import { describe, expect, it } from "vitest";
import type { MappingPreview, MappingRow } from "../lib/bindings";
import {
  exportedText,
  mappingChoice,
  mappingResultText,
  mappingRowResult,
  mappingSummary,
  rowPart,
  skusToLink,
} from "./mapping";

const row = (over: Partial<MappingRow>): MappingRow => ({
  line: 2,
  shop_id: "s1",
  sku_id: "1729001",
  product_id: "P1",
  what: "Camp mug · Olive",
  code: "MUG-01",
  factor: 1,
  status: "new",
  before: null,
  problems: [],
  warnings: [],
  ...over,
});

const preview = (rows: MappingRow[]): MappingPreview => {
  const count = (s: MappingRow["status"]) => rows.filter((r) => r.status === s).length;
  return {
    file: "links.csv",
    columns: ["sku_id", "code"],
    rows,
    ok: count("ok"),
    new: count("new"),
    changed: count("changed"),
    errors: count("error"),
    blank: count("blank"),
  };
};

describe("a mapping file's preview", () => {
  const bad = row({
    line: 4,
    sku_id: "1729009",
    status: "error",
    problems: [{ kind: "unknown_code", column: "code", message: "You have no SKU with the code NOPE." }],
  });

  it("sums up the rows by what importing does to them", () => {
    const p = preview([row({}), row({ line: 3, status: "blank" }), bad, row({ line: 5, status: "ok" })]);
    expect(mappingSummary(p)).toBe("4 rows: 1 new, 1 unchanged, 1 without a code, 1 with a problem.");
    expect(mappingSummary(preview([]))).toBe("0 rows: nothing to link.");
  });

  it("offers every row, only the valid ones, or nothing", () => {
    expect(mappingChoice(preview([row({})]))).toBe("all");
    expect(mappingChoice(preview([row({}), bad]))).toBe("valid_only");
    expect(mappingChoice(preview([bad, row({ line: 3, status: "blank" })]))).toBe("blocked");
    expect(mappingChoice(preview([row({ status: "ok" }), row({ line: 3, status: "blank" })]))).toBe("nothing");
  });

  it("counts a bundle's rows as one SKU, and the same id in two shops as two", () => {
    const p = preview([
      row({ code: "MUG-01" }),
      row({ line: 3, code: "LID", factor: 2 }),
      row({ line: 4, shop_id: "s2" }),
      row({ line: 5, sku_id: "1729002", status: "changed" }),
      row({ line: 6, sku_id: "1729003", status: "ok" }),
    ]);
    expect(skusToLink(p)).toBe(3);
  });

  it("says what each row does, a problem row its reasons", () => {
    expect(rowPart(row({ factor: 6 }))).toBe("MUG-01 × 6");
    expect(rowPart(row({ code: "", status: "blank" }))).toBe("");
    expect(mappingRowResult(row({}))).toBe("Linked on import");
    expect(mappingRowResult(row({ status: "changed", before: [{ code: "TEA", factor: 2 }] }))).toBe("Was TEA × 2");
    expect(mappingRowResult(bad)).toBe("You have no SKU with the code NOPE.");
    expect(
      mappingRowResult(
        row({
          status: "blank",
          code: "",
          warnings: [{ kind: "missing_code", column: "code", message: "No code: SKU 1729001 stays unlinked." }],
        }),
      ),
    ).toBe("No code: SKU 1729001 stays unlinked.");
  });

  it("reports what an import and an export did", () => {
    expect(mappingResultText({ linked: 1, unchanged: 0, skipped: 2 })).toBe("Linked 1 SKU, 2 rows with a problem left out.");
    expect(mappingResultText({ linked: 3, unchanged: 4, skipped: 0 })).toBe("Linked 3 SKUs, 4 already linked so.");
    expect(exportedText({ path: "/x.csv", skus: 5, linked: 2 })).toBe(
      "Saved 5 TikTok SKUs (2 linked; 3 without a link have an empty code to fill in) to",
    );
    expect(exportedText({ path: "/x.csv", skus: 1, linked: 1 })).toBe("Saved 1 TikTok SKU (1 linked) to");
  });
});
