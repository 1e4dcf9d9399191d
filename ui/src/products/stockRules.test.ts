import { describe, expect, it } from "vitest";
import { MAX_RECONCILE_MINUTES, type StockReconcileView, type StockSettingsView, type StockStatusView } from "../lib/bindings";
import {
  checkStockRules,
  draftOf,
  exampleText,
  formulaText,
  reconcileSummary,
  rulesChanged,
  syncSummary,
  type StockRulesDraft,
} from "./stockRules";

const saved: StockSettingsView = { buffer: 0, percent: 100, share: "full", reconcile_minutes: 60, price_currency: null };
const draft = (over: Partial<StockRulesDraft>): StockRulesDraft => ({ ...draftOf(saved), ...over });

describe("the stock rules form", () => {
  it("saves whole numbers in range and a currency as its upper-case code, empty meaning the shops' own", () => {
    expect(checkStockRules(draft({ buffer: " 5 ", percent: "80", share: "split", currency: " gbp " }))).toEqual({
      ok: true,
      value: { buffer: 5, percent: 80, share: "split", reconcile_minutes: 60, price_currency: "GBP" },
    });
    expect(checkStockRules(draft({ percent: "0", reconcileMinutes: String(MAX_RECONCILE_MINUTES) })).ok).toBe(true);
    expect(checkStockRules(draft({}))).toEqual({ ok: true, value: saved });
  });

  it("names every wrong field at once, and then saves nothing", () => {
    const checked = checkStockRules(
      draft({ buffer: "-1", percent: "101", reconcileMinutes: "0", currency: "dollars" }),
    );
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(Object.keys(checked.errors).sort()).toEqual(["price_currency", "reconcile_minutes", "stock_buffer", "stock_percent"]);
    expect(checked.errors.stock_percent).toBe("The percentage is a whole number from 0 to 100.");
    for (const bad of ["", "2.5", "ten", "1e3"]) {
      expect(checkStockRules(draft({ buffer: bad })).ok, bad).toBe(false);
    }
    expect(checkStockRules(draft({ reconcileMinutes: String(MAX_RECONCILE_MINUTES + 1) })).ok).toBe(false);
  });

  it("knows when the form differs from what is saved", () => {
    expect(rulesChanged(draft({ buffer: " 0 ", currency: "" }), saved)).toBe(false);
    expect(rulesChanged(draft({ share: "split" }), saved)).toBe(true);
    expect(rulesChanged(draft({ currency: "usd" }), { ...saved, price_currency: "USD" })).toBe(false);
  });
});

describe("the formula line", () => {
  it("names only the steps the shop's rules take", () => {
    expect(formulaText(saved)).toBe(
      "TikTok is offered: on hand − units in unshipped orders, at most 99,999 per SKU.",
    );
    expect(formulaText({ buffer: 5, percent: 80, share: "split" })).toBe(
      "TikTok is offered: on hand − units in unshipped orders − 5 units held back, split evenly between the shops that sell the SKU, × 80 %, rounded down, at most 99,999 per SKU.",
    );
  });

  it("works an example through the way core rounds: down at every step", () => {
    expect(exampleText(saved)).toBe("For example, 100 on hand with 10 in unshipped orders: 100 − 10 = 90 on TikTok.");
    expect(exampleText({ buffer: 5, percent: 80, share: "split" })).toBe(
      "For example, 100 on hand with 10 in unshipped orders: 100 − 10 − 5 = 85, ÷ 2 shops = 42, × 80 % = 33 on TikTok.",
    );
    expect(exampleText({ buffer: 500, percent: 50, share: "full" })).toBe(
      "For example, 100 on hand with 10 in unshipped orders: 100 − 10 − 500 = 0, × 50 % = 0 on TikTok.",
    );
  });
});

describe("reconciliation and sync", () => {
  const report = (over: Partial<StockReconcileView>): StockReconcileView => ({
    shop_id: "s1",
    checked: 12,
    drifted: [],
    waiting_for_orders: 0,
    finished_at: 1,
    ...over,
  });
  const drift = { product_id: "P1", sku_id: "1729001", tiktok: 7, expected: 5, found_at: 1 };

  it("says what drifted and what waits", () => {
    expect(reconcileSummary(report({}))).toBe("Checked 12 linked SKUs against TikTok: all match.");
    expect(reconcileSummary(report({ drifted: [drift], waiting_for_orders: 2 }))).toBe(
      "Checked 12 linked SKUs against TikTok: 1 differed and is being set back to Shopdock's figure. 2 wait for new orders to download first.",
    );
  });

  it("counts the linked SKUs by where their push stands", () => {
    const sku = (stock: "pushed" | "pending" | "failed" | "not_pushed") => ({
      product_id: "P1",
      sku_id: "1",
      parts: "MUG",
      figure: 1,
      pushed: 1,
      pushed_at: 1,
      stock,
      stock_reason: null,
      price: null,
      currency: null,
      price_state: "not_pushed" as const,
      price_reason: null,
    });
    const status = (skus: ReturnType<typeof sku>[]): StockStatusView => ({
      shop_id: "s1",
      stock_sync: true,
      price_upload: false,
      settings: saved,
      skus,
      findings: [],
    });
    expect(syncSummary(status([]))).toBe("No SKU of this shop is linked to one of yours yet.");
    expect(syncSummary(status([sku("pushed"), sku("pushed"), sku("failed")]))).toBe(
      "3 linked SKUs: 2 on TikTok as Shopdock says, 1 failed.",
    );
  });
});
