import { describe, expect, it } from "vitest";
import type { FinanceImportProgressView } from "../lib/bindings";
import {
  EXPORT_CHOICES,
  groupTransactions,
  importFraction,
  importText,
  isNegativeAmount,
  isZeroAmount,
  nonZeroParts,
  payoutTag,
  transactionLabel,
} from "./finance";
import { part, transaction } from "./fixtures.test-support";

const progress = (over: Partial<FinanceImportProgressView>): FinanceImportProgressView => ({
  shop_id: "s1",
  step: "statements",
  statements_done: 0,
  statements_total: 0,
  orders_done: 0,
  orders_total: 0,
  finished: false,
  ...over,
});

describe("amounts read from their text", () => {
  it("tells zero and negative amounts apart without parsing a float", () => {
    for (const zero of ["0", "0.00", "-0.00", "000.0"]) expect(isZeroAmount(zero)).toBe(true);
    expect(isZeroAmount("0.01")).toBe(false);
    expect(isZeroAmount("-12345678901234567890.10")).toBe(false);
    expect(isZeroAmount(null)).toBe(true);
    expect(isNegativeAmount("-5.13")).toBe(true);
    expect(isNegativeAmount("-0.00")).toBe(false);
    expect(isNegativeAmount("5.13")).toBe(false);
  });

  it("keeps only the parts with money in them", () => {
    const parts = [part("fee.a", "-1.00"), part("fee.b", "0.00"), part("fee.c", "0")];
    expect(nonZeroParts(parts).map((p) => p.kind)).toEqual(["fee.a"]);
  });
});

describe("statements in words", () => {
  it("names TikTok's payment states and keeps one it adds later readable", () => {
    expect(payoutTag("PAID")).toMatchObject({ label: "Paid", tone: "ok" });
    expect(payoutTag("PROCESSING")).toMatchObject({ label: "Processing", tone: "neutral" });
    expect(payoutTag("FAILED")).toMatchObject({ label: "Failed", tone: "danger" });
    expect(payoutTag("ON_HOLD").label).toBe("On hold");
  });

  it("sorts a statement's transactions into orders, reserves and adjustments, in TikTok's order", () => {
    const list = [
      transaction({ transaction_id: "1" }),
      transaction({ transaction_id: "2", kind: "RESERVE", order_id: null }),
      transaction({ transaction_id: "3", kind: "PLATFORM_PENALTY", is_adjustment: true, order_id: null }),
      transaction({ transaction_id: "4" }),
      transaction({ transaction_id: "5", kind: "CHARGE_BACK", is_adjustment: true }),
    ];
    const g = groupTransactions(list);
    expect(g.orders.map((t) => t.transaction_id)).toEqual(["1", "4"]);
    expect(g.reserves.map((t) => t.transaction_id)).toEqual(["2"]);
    expect(g.adjustments.map((t) => t.transaction_id)).toEqual(["3", "5"]);
    expect(transactionLabel(list[2]!)).toBe("Platform penalty");
    expect(transactionLabel(list[1]!)).toBe("Reserve");
  });

  it("offers each table as CSV and everything as one workbook", () => {
    expect(EXPORT_CHOICES.filter((c) => c.format === "csv").map((c) => c.rows)).toEqual([
      "statements",
      "transactions",
      "orders",
    ]);
    expect(EXPORT_CHOICES.find((c) => c.format === "xlsx")?.rows).toBeNull();
  });
});

describe("the import's progress line", () => {
  it("says which step it is on and counts the steps that have a count", () => {
    const running = (p: FinanceImportProgressView) => ({ running: true, progress: p, stopped: null });
    expect(importText({ running: true, progress: null, stopped: null })).toBe("Starting the import…");
    expect(importText(running(progress({ step: "payments" })), "en-US")).toBe("Reading payouts…");
    const tx = progress({ step: "transactions", statements_done: 3, statements_total: 12 });
    expect(importText(running(tx), "en-US")).toBe(
      "Reading each statement's transactions: 3 of 12 statements",
    );
    expect(importFraction(tx)).toBe(0.25);
    const orders = progress({ step: "orders", orders_done: 1500, orders_total: 2000 });
    expect(importText(running(orders), "en-US")).toBe("Reading settled orders: 1,500 of 2,000");
    expect(importFraction(orders)).toBe(0.75);
    expect(importFraction(progress({ step: "statements" }))).toBeNull();
  });

  it("says what a finished import read, and how a stopped one can carry on", () => {
    const done = progress({ step: "orders", statements_total: 1, orders_total: 73, finished: true });
    expect(importText({ running: false, progress: done, stopped: null }, "en-US")).toBe(
      "Imported: 1 statement, 73 settled orders.",
    );
    expect(importFraction(done)).toBe(1);
    const cancelled = { code: "Cancelled" as const, message: "cancelled", detail: null, fields: [] };
    expect(importText({ running: false, progress: null, stopped: cancelled })).toMatch(/import the same dates again/);
    const failed = { code: "Network" as const, message: "TikTok did not answer.", detail: null, fields: [] };
    expect(importText({ running: false, progress: null, stopped: failed })).toBe("Stopped: TikTok did not answer.");
  });
});
