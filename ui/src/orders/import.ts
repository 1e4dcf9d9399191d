// The tracking import's view model: how each previewed row reads (ready, queued before, or its
// problems by kind), the summary and the Ship button's words, which rows the table renders (a
// file can hold thousands), and which outgoing change belongs to which row once shipped. Pure,
// so the tests drive it directly; the dialog only calls core and renders.
import type {
  BulkShipResult,
  OutboxEntryView,
  TrackingPreview,
  TrackingPreviewRow,
  TrackingProblemKind,
} from "../lib/bindings";
import { formatCount } from "../lib/money";

/** Each kind of problem core names, as the row's tag (the sentence beside it says the fix). */
export const PROBLEM_LABELS: Readonly<Record<TrackingProblemKind, string>> = {
  missing_value: "Missing value",
  unknown_order: "Unknown order",
  cannot_ship: "Cannot ship now",
  unknown_carrier: "Unknown carrier",
  carriers_unavailable: "No carriers",
  duplicate_order: "Duplicate order",
  duplicate_tracking: "Duplicate tracking",
  malformed_number: "Malformed number",
  unreadable_order: "Unreadable order",
};

/** What Ship does with a row: queue it, skip it (queued before), or leave it (problems). */
export type RowState = "ready" | "already_queued" | "problem";

export const ROW_STATE_LABELS: Readonly<Record<RowState, string>> = {
  ready: "Ready",
  already_queued: "Already queued",
  problem: "Not shipped",
};

export function rowState(row: TrackingPreviewRow): RowState {
  if (row.problems.length > 0 || row.problem !== null) return "problem";
  return row.outbox_id !== null ? "already_queued" : "ready";
}

/** The row's problems as tags, each kind once, in the order core found them. */
export function problemLabels(row: TrackingPreviewRow): string[] {
  return [...new Set(row.problems.map((p) => p.kind))].map((kind) => PROBLEM_LABELS[kind]);
}

export interface ImportSummary {
  total: number;
  /** Rows Ship queues now. */
  ready: number;
  /** Valid rows whose order Shopdock queued before: not queued twice. */
  alreadyQueued: number;
  withProblems: number;
}

export function summarize(preview: TrackingPreview): ImportSummary {
  const summary: ImportSummary = { total: preview.rows.length, ready: 0, alreadyQueued: 0, withProblems: 0 };
  for (const row of preview.rows) {
    const state = rowState(row);
    if (state === "ready") summary.ready++;
    else if (state === "already_queued") summary.alreadyQueued++;
    else summary.withProblems++;
  }
  return summary;
}

function plural(n: number, one: string, many: string): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

/** "3 valid, 1 with problems (1 queued before)". */
export function summaryText(s: ImportSummary): string {
  const valid = s.ready + s.alreadyQueued;
  const parts = [`${formatCount(valid)} valid`, `${formatCount(s.withProblems)} with problems`];
  const before = s.alreadyQueued > 0 ? ` (${formatCount(s.alreadyQueued)} queued before)` : "";
  return `${parts.join(", ")}${before}`;
}

export function shipLabel(ready: number): string {
  return `Ship ${plural(ready, "order", "orders")}`;
}

/** After Ship: what was queued and what was left. */
export function resultText(result: BulkShipResult): string {
  const parts = [`Queued ${plural(result.queued, "order", "orders")} for TikTok`];
  if (result.already_queued > 0) parts.push(`${formatCount(result.already_queued)} queued before`);
  if (result.refused > 0) parts.push(`${plural(result.refused, "row", "rows")} not shipped`);
  return parts.join(", ");
}

/** How many rows the table renders at most: enough to scan, few enough to stay instant. */
export const RENDER_CAP = 200;

export type RowFilter = "all" | "problems";

export interface VisibleRows {
  rows: TrackingPreviewRow[];
  /** Rows the filter keeps that are not rendered. */
  hidden: number;
  /** Rows the filter keeps. */
  matching: number;
}

export function visibleRows(
  rows: readonly TrackingPreviewRow[],
  filter: RowFilter,
  cap = RENDER_CAP,
): VisibleRows {
  const kept = filter === "problems" ? rows.filter((r) => rowState(r) === "problem") : rows;
  return { rows: kept.slice(0, cap), hidden: Math.max(0, kept.length - cap), matching: kept.length };
}

/**
 * The outgoing change of each shipped row, by line. Core returns one id per valid row in file
 * order; when the rows changed between preview and Ship (an order shipped meanwhile), the
 * counts differ and only the rows that already had an id are matched.
 */
export function entryIdsByLine(
  rows: readonly TrackingPreviewRow[],
  result: BulkShipResult,
): Map<number, number> {
  const valid = rows.filter((r) => rowState(r) !== "problem");
  const byLine = new Map<number, number>();
  if (valid.length === result.entry_ids.length) {
    valid.forEach((row, i) => {
      const id = result.entry_ids[i];
      if (id !== undefined) byLine.set(row.line, id);
    });
  } else {
    for (const row of valid) if (row.outbox_id !== null) byLine.set(row.line, row.outbox_id);
  }
  return byLine;
}

/** The entries among `entries` whose ids are wanted, by id. */
export function entriesById(
  entries: readonly OutboxEntryView[],
  wanted: Iterable<number>,
): Map<number, OutboxEntryView> {
  const ids = new Set(wanted);
  return new Map(entries.filter((e) => ids.has(e.id)).map((e) => [e.id, e]));
}

/** The files the reader understands (its format comes from the extension). */
export const ACCEPTED_FILES = ".csv,.tsv,.txt,.xlsx,.xlsm,.xls,.ods";

