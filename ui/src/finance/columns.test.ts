import { describe, expect, it } from "vitest";
import { COLUMNS_KEY, earningsCell, idsByShop, readColumns, toggleColumn, writeColumns } from "./columns";
import { earningsRow } from "./fixtures.test-support";

function memory(initial: Record<string, string> = {}) {
  const data = new Map(Object.entries(initial));
  return {
    getItem: (k: string) => data.get(k) ?? null,
    setItem: (k: string, v: string) => void data.set(k, v),
    data,
  };
}

describe("the orders table's money columns", () => {
  it("are off until switched on, remembered in the table's order, and survive a bad preference", () => {
    expect(readColumns(memory())).toEqual([]);
    expect(readColumns(null)).toEqual([]);
    expect(readColumns(memory({ [COLUMNS_KEY]: "{not json" }))).toEqual([]);
    expect(readColumns(memory({ [COLUMNS_KEY]: '"profit"' }))).toEqual([]);
    const store = memory();
    let columns = toggleColumn([], "profit");
    columns = toggleColumn(columns, "settlement");
    expect(columns).toEqual(["settlement", "profit"]);
    writeColumns(store, columns);
    expect(readColumns(store)).toEqual(["settlement", "profit"]);
    expect(readColumns(memory({ [COLUMNS_KEY]: '["profit","margin"]' }))).toEqual(["profit"]);
    expect(toggleColumn(columns, "settlement")).toEqual(["profit"]);
  });

  it("asks once per shop for the visible page's orders", () => {
    const rows = [
      { shop_id: "a", order_id: "1" },
      { shop_id: "b", order_id: "2" },
      { shop_id: "a", order_id: "3" },
    ];
    expect([...idsByShop(rows)]).toEqual([
      ["a", ["1", "3"]],
      ["b", ["2"]],
    ]);
  });

  it("shows settled money in the order's currency, marks a gap, and explains an empty cell", () => {
    expect(earningsCell(earningsRow(), "settlement")).toMatchObject({ text: "$130.00", gap: false });
    expect(earningsCell(earningsRow(), "fees")).toMatchObject({ text: "-$30.00", negative: true });
    expect(earningsCell(earningsRow(), "profit")).toMatchObject({ text: "$42.50", title: "Margin 21.3 % of revenue." });
    expect(earningsCell(earningsRow({ gap: "30.00" }), "settlement").gap).toBe(true);
    expect(earningsCell(earningsRow({ profit: null }), "profit").title).toMatch(/cost/);
    const unsettled = earningsCell(earningsRow({ status: "not_settled", settlement: null }), "settlement");
    expect(unsettled).toMatchObject({ text: "—" });
    expect(unsettled.title).toMatch(/Not settled yet/);
    expect(earningsCell(undefined, "profit").text).toBe("…");
  });
});
