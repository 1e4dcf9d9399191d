// Test Connection's summary line and its lines' identities. Pure, so they are tested.
import type { CheckResult, ConnectionReport } from "../lib/bindings";

/** A line's identity in the list: its check, and for scope lines the scope it checks. */
export function checkKey(check: CheckResult): string {
  return check.scope === null ? check.check : `${check.check}:${check.scope}`;
}

export function connectionSummary(report: ConnectionReport, label: string): string {
  const total = report.checks.length;
  const failed = report.checks.filter((c) => !c.passed && !c.skipped).length;
  if (failed === 0) return `All ${total} checks passed: Shopdock can work with ${label}.`;
  return `${failed} of ${total} checks failed. Follow the fix under each red line, then press Run again.`;
}
