import { describe, expect, it } from "vitest";
import type { CheckResult, ConnectionReport } from "../lib/bindings";
import { connectionSummary } from "./connection";

const check = (id: string, passed: boolean): CheckResult => ({
  id,
  label: id,
  passed,
  skipped: false,
  message: "",
  fix: passed ? null : "Do this.",
});
const report = (checks: CheckResult[]): ConnectionReport => ({
  shop_id: "s",
  passed: checks.every((c) => c.passed),
  checks,
  clock_skew_secs: 0,
  checked_at: 0,
});

describe("connectionSummary", () => {
  it("does not count checks that could not run as failures", () => {
    const skipped = { ...check("clock", false), skipped: true, fix: null };
    expect(connectionSummary(report([check("token", false), skipped]), "My shop")).toBe(
      "1 of 2 checks failed. Follow the fix under each red line, then press Run again.",
    );
  });

  it("says all is well, or how many lines need a fix", () => {
    expect(connectionSummary(report([check("a", true), check("b", true)]), "My shop")).toBe(
      "All 2 checks passed: Shopdock can work with My shop.",
    );
    expect(connectionSummary(report([check("a", true), check("b", false)]), "My shop")).toBe(
      "1 of 2 checks failed. Follow the fix under each red line, then press Run again.",
    );
  });
});
