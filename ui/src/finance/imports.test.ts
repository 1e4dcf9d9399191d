import { describe, expect, it } from "vitest";
import { FinanceImports } from "./imports.svelte";

const progress = (finished: boolean) => ({
  shop_id: "a",
  step: "orders" as const,
  statements_done: 2,
  statements_total: 2,
  orders_done: 5,
  orders_total: 10,
  finished,
});

describe("FinanceImports", () => {
  it("follows an import from start to progress to its end, and to a stop", () => {
    const imports = new FinanceImports({ financeImportRunning: () => Promise.resolve(false) });
    imports.starting("a");
    expect(imports.running("a")).toBe(true);
    imports.handle({ type: "FinanceImportProgress", progress: progress(false) });
    expect(imports.byShop["a"]?.progress?.orders_done).toBe(5);
    imports.handle({ type: "FinanceImportProgress", progress: progress(true) });
    expect(imports.running("a")).toBe(false);
    imports.starting("a");
    imports.handle({ type: "FinanceImportProgress", progress: progress(false) });
    const error = { code: "Cancelled" as const, message: "cancelled", detail: null, fields: [] };
    imports.handle({ type: "FinanceImportStopped", shop_id: "a", error });
    expect(imports.byShop["a"]).toMatchObject({ running: false, stopped: error });
    expect(imports.byShop["a"]?.progress?.orders_done).toBe(5);
    imports.dismiss("a");
    expect(imports.byShop["a"]).toBeUndefined();
  });

  it("keeps the end of an import that finished before its start call returned", () => {
    const imports = new FinanceImports({ financeImportRunning: () => Promise.resolve(false) });
    const refused = imports.starting("a");
    imports.handle({ type: "FinanceImportProgress", progress: progress(true) });
    // The start call returns only now, accepted: nothing more is marked.
    expect(imports.running("a")).toBe(false);
    expect(imports.byShop["a"]?.progress?.finished).toBe(true);
    // Had it been refused after that news, the news would stay as well.
    refused();
    expect(imports.byShop["a"]?.progress?.finished).toBe(true);
  });

  it("undoes the mark of a refused start, back to what the shop showed before", () => {
    const imports = new FinanceImports({ financeImportRunning: () => Promise.resolve(false) });
    imports.starting("a")();
    expect(imports.byShop["a"]).toBeUndefined();
    imports.handle({ type: "FinanceImportProgress", progress: progress(true) });
    imports.starting("a")();
    expect(imports.running("a")).toBe(false);
    expect(imports.byShop["a"]?.progress?.finished).toBe(true);
  });

  it("learns of an import that was running before the window listened, without undoing news", async () => {
    const imports = new FinanceImports({ financeImportRunning: (id) => Promise.resolve(id !== "c") });
    imports.handle({ type: "FinanceImportProgress", progress: progress(true) });
    await imports.check(["a", "b", "c"]);
    expect(imports.running("a")).toBe(false);
    expect(imports.running("b")).toBe(true);
    expect(imports.byShop["c"]).toBeUndefined();
  });
});
