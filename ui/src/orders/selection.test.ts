import { describe, expect, it } from "vitest";
import {
  allSelected,
  clickRow,
  EMPTY_SELECTION,
  keepVisible,
  someSelected,
  toggleAll,
  type Selection,
} from "./selection";

const rows = ["s/1", "s/2", "s/3", "s/4", "s/5"];
const keys = (s: Selection) => [...s.keys].sort();

describe("work list selection", () => {
  it("a click flips one row and anchors there", () => {
    const one = clickRow(EMPTY_SELECTION, rows, 1, false);
    expect(keys(one)).toEqual(["s/2"]);
    expect(one.anchor).toBe(1);
    expect(keys(clickRow(one, rows, 1, false))).toEqual([]);
  });

  it("shift-click selects the range from the anchor, in either direction", () => {
    const anchored = clickRow(EMPTY_SELECTION, rows, 1, false);
    expect(keys(clickRow(anchored, rows, 3, true))).toEqual(["s/2", "s/3", "s/4"]);
    const below = clickRow(EMPTY_SELECTION, rows, 4, false);
    expect(keys(clickRow(below, rows, 2, true))).toEqual(["s/3", "s/4", "s/5"]);
  });

  it("shift-click on a selected row clears the range, keeping rows outside it", () => {
    let s = toggleAll(EMPTY_SELECTION, rows);
    s = clickRow(s, rows, 1, false); // clears s/2, anchors at 1
    s = clickRow(s, rows, 3, true); // s/4 is selected: the range 1..3 is cleared
    expect(keys(s)).toEqual(["s/1", "s/5"]);
  });

  it("shift-click without an anchor acts like a click", () => {
    expect(keys(clickRow(EMPTY_SELECTION, rows, 2, true))).toEqual(["s/3"]);
  });

  it("select all in view selects every row, then none; the header knows when it is mixed", () => {
    const all = toggleAll(EMPTY_SELECTION, rows);
    expect(allSelected(all, rows)).toBe(true);
    expect(someSelected(all, rows)).toBe(false);
    const none = toggleAll(all, rows);
    expect(keys(none)).toEqual([]);
    expect(allSelected(none, [])).toBe(false);
    expect(someSelected(clickRow(none, rows, 0, false), rows)).toBe(true);
  });

  it("select all adds the view to rows selected on another page", () => {
    const other = { keys: new Set(["t/9"]), anchor: null };
    expect(keys(toggleAll(other, rows))).toEqual([...rows, "t/9"].sort());
  });

  it("orders that left the view (shipped, moved tab) leave the selection", () => {
    const s = toggleAll(EMPTY_SELECTION, rows);
    const kept = keepVisible(s, ["s/2", "s/5"]);
    expect(keys(kept)).toEqual(["s/2", "s/5"]);
    expect(keepVisible(kept, ["s/2", "s/5"])).toBe(kept);
  });
});
