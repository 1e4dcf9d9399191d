// Test Connection's summary line. Pure, so the wording is tested.
import type { ConnectionReport } from "../lib/bindings";

export function connectionSummary(report: ConnectionReport, label: string): string {
  const total = report.checks.length;
  const failed = report.checks.filter((c) => !c.passed && !c.skipped).length;
  if (failed === 0) return `All ${total} checks passed: Shopdock can work with ${label}.`;
  return `${failed} of ${total} checks failed. Follow the fix under each red line, then press Run again.`;
}
