import { describe, expect, it } from "vitest";
import type { TrackingPreviewRow, TrackingProblemKind } from "../lib/bindings";
import { outboxEntry } from "../activity/fixtures.test-support";
import {
  entriesById,
  entryIdsByLine,
  PROBLEM_LABELS,
  problemLabels,
  resultText,
  rowState,
  shipLabel,
  summarize,
  summaryText,
  visibleRows,
} from "./import";

/** A previewed row of line `line`; `problems` by kind, with a sentence each. */
function row(
  line: number,
  problems: TrackingProblemKind[] = [],
  fields: Partial<TrackingPreviewRow> = {},
): TrackingPreviewRow {
  const list = problems.map((kind) => ({ kind, message: `${kind} on line ${line}.` }));
  return {
    line,
    order_id: `57700000000000000${line}`,
    carrier: "UPS",
    tracking: `1Z${line}`,
    problem: list.length ? list.map((p) => p.message).join(" ") : null,
    problems: list,
    carrier_suggestions: [],
    shop_id: "s1",
    outbox_id: null,
    ...fields,
  };
}

describe("tracking import preview", () => {
  it("labels every problem kind core declares, each with its own words", () => {
    const labels = Object.values(PROBLEM_LABELS);
    expect(new Set(labels).size).toBe(labels.length);
    expect(labels.every((l) => l.trim().length > 0)).toBe(true);
    expect(PROBLEM_LABELS.unknown_order).toBe("Unknown order");
    expect(PROBLEM_LABELS.duplicate_tracking).toBe("Duplicate tracking");
  });

  it("tags a row once per kind of problem, in the order core found them", () => {
    const r = row(4, ["duplicate_tracking", "unknown_carrier", "duplicate_tracking"]);
    expect(problemLabels(r)).toEqual(["Duplicate tracking", "Unknown carrier"]);
    expect(problemLabels(row(2))).toEqual([]);
  });

  it("tells ready rows from rows queued before and rows with problems", () => {
    expect(rowState(row(2))).toBe("ready");
    expect(rowState(row(3, [], { outbox_id: 7 }))).toBe("already_queued");
    expect(rowState(row(4, ["unknown_order"]))).toBe("problem");
    // A problem core only wrote as a sentence still keeps the row out.
    expect(rowState(row(5, [], { problem: "Something is wrong." }))).toBe("problem");
  });

  it("counts valid rows (queued before included) and rows with problems", () => {
    const summary = summarize({
      rows: [row(2), row(3, [], { outbox_id: 9 }), row(4, ["unknown_order"]), row(5, ["malformed_number"])],
      valid: 2,
    });
    expect(summary).toEqual({ total: 4, ready: 1, alreadyQueued: 1, withProblems: 2 });
    expect(summaryText(summary)).toBe("2 valid, 2 with problems (1 queued before)");
    expect(summaryText({ total: 1, ready: 1, alreadyQueued: 0, withProblems: 0 })).toBe(
      "1 valid, 0 with problems",
    );
    expect(shipLabel(1)).toBe("Ship 1 order");
    expect(shipLabel(1200)).toBe(`Ship ${(1200).toLocaleString()} orders`);
  });

  it("says what Ship queued and what it left", () => {
    expect(resultText({ queued: 1, already_queued: 0, refused: 1, entry_ids: [5] })).toBe(
      "Queued 1 order for TikTok, 1 row not shipped",
    );
    expect(resultText({ queued: 3, already_queued: 2, refused: 0, entry_ids: [1, 2, 3, 4, 5] })).toBe(
      "Queued 3 orders for TikTok, 2 queued before",
    );
  });

  it("renders at most the cap of a large file and says how many more match", () => {
    const rows = Array.from({ length: 5000 }, (_, i) => row(i + 2, i % 10 === 0 ? ["unknown_order"] : []));
    const all = visibleRows(rows, "all", 200);
    expect(all.rows).toHaveLength(200);
    expect(all.rows[0]?.line).toBe(2);
    expect(all.hidden).toBe(4800);
    expect(all.matching).toBe(5000);
    const problems = visibleRows(rows, "problems", 200);
    expect(problems.matching).toBe(500);
    expect(problems.hidden).toBe(300);
    expect(problems.rows.every((r) => rowState(r) === "problem")).toBe(true);
  });

  it("matches each shipped row to its outgoing change in file order", () => {
    const rows = [row(2), row(3, ["unknown_order"]), row(4, [], { outbox_id: 40 }), row(5)];
    const result = { queued: 2, already_queued: 1, refused: 1, entry_ids: [50, 40, 51] };
    expect([...entryIdsByLine(rows, result)]).toEqual([
      [2, 50],
      [4, 40],
      [5, 51],
    ]);
    // The rows changed between preview and Ship: only ids known from the preview are trusted.
    const changed = { queued: 1, already_queued: 1, refused: 2, entry_ids: [40, 52] };
    expect([...entryIdsByLine(rows, changed)]).toEqual([[4, 40]]);
  });

  it("keeps only the wanted entries, by id", () => {
    const entries = [outboxEntry(1), outboxEntry(2, { state: "sent" }), outboxEntry(3)];
    const byId = entriesById(entries, [2, 3, 9]);
    expect([...byId.keys()]).toEqual([2, 3]);
    expect(byId.get(2)?.state).toBe("sent");
  });
});
