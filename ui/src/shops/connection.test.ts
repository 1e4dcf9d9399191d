import { describe, expect, it } from "vitest";
import {
  CHECK_KINDS,
  type CheckKind,
  type CheckResult,
  type ConnectionReport,
} from "../lib/bindings";
import { checkKey, connectionSummary } from "./connection";

const check = (kind: CheckKind, passed: boolean, scope: string | null = null): CheckResult => ({
  check: kind,
  scope,
  label: kind,
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
    const good = check("credentials", true);
    expect(connectionSummary(report([good, check("token", true)]), "My shop")).toBe(
      "All 2 checks passed: Shopdock can work with My shop.",
    );
    expect(connectionSummary(report([good, check("token", false)]), "My shop")).toBe(
      "1 of 2 checks failed. Follow the fix under each red line, then press Run again.",
    );
  });
});

describe("checkKey", () => {
  it("tells every line of a report apart, one scope line per scope", () => {
    const lines = [
      ...CHECK_KINDS.filter((k) => k !== "scope").map((k) => check(k, true)),
      check("scope", true, "seller.order.info"),
      check("scope", false, "seller.authorization.info"),
    ];
    const keys = lines.map(checkKey);
    expect(new Set(keys).size).toBe(lines.length);
  });
});
