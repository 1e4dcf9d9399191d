// The Money page's words: payout states, transaction kinds, a statement's transactions sorted
// into orders, reserves and adjustments, the export choices, and the import's progress line.
// Amounts stay decimal strings: these helpers read their sign and zeroes from the text, never
// by turning them into numbers. Pure, so the wording is unit-tested.
import type {
  AmountPartView,
  ApiError,
  FinanceExportRows,
  FinanceImportProgressView,
  SpreadsheetFormat,
  TransactionView,
} from "../lib/bindings";
import type { JobState } from "../lib/jobs.svelte";
import { formatCount } from "../lib/money";
import type { Tone } from "../orders/orders";

const DECIMAL = /^\s*(-)?(\d*)(?:\.(\d*))?\s*$/;

/** True for "0", "0.00", "-0.0" (and for what is not a decimal at all: nothing to show). */
export function isZeroAmount(amount: string | null | undefined): boolean {
  if (amount === null || amount === undefined) return true;
  const match = DECIMAL.exec(amount);
  if (!match) return false;
  return /^0*$/.test(match[2] ?? "") && /^0*$/.test(match[3] ?? "");
}

/** True when the decimal string is below zero ("-0.00" is not). */
export function isNegativeAmount(amount: string | null | undefined): boolean {
  if (amount === null || amount === undefined) return false;
  return DECIMAL.exec(amount)?.[1] === "-" && !isZeroAmount(amount);
}

/** The amounts worth a line: present and not zero. */
export function nonZeroParts(parts: readonly AmountPartView[]): AmountPartView[] {
  return parts.filter((p) => !isZeroAmount(p.amount));
}

/** A TikTok word as a seller reads it: "CHARGE_BACK" -> "Charge back". */
export function words(tiktok: string): string {
  const text = tiktok.replace(/_/g, " ").trim().toLowerCase();
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A statement's payment status (PAID, PROCESSING, FAILED) as a tag. */
export function payoutTag(status: string): { label: string; tone: Tone; hint: string } {
  switch (status) {
    case "PAID":
      return { label: "Paid", tone: "ok", hint: "TikTok paid this statement out." };
    case "PROCESSING":
      return {
        label: "Processing",
        tone: "neutral",
        hint: "TikTok is paying it out, or holds a small amount to pay with later statements.",
      };
    case "FAILED":
      return {
        label: "Failed",
        tone: "danger",
        hint: "TikTok could not pay it out: check the bank account in Seller Center.",
      };
    default:
      return { label: status ? words(status) : "Unknown", tone: "neutral", hint: status };
  }
}

/** What a transaction is: "Order", "Reserve", or the adjustment's kind in words. */
export function transactionLabel(t: Pick<TransactionView, "kind">): string {
  switch (t.kind) {
    case "ORDER":
      return "Order";
    case "RESERVE":
      return "Reserve";
    default:
      return words(t.kind);
  }
}

export interface TransactionGroups {
  orders: TransactionView[];
  reserves: TransactionView[];
  /** Adjustments, with and without an order (a penalty, a reimbursement of a lost parcel). */
  adjustments: TransactionView[];
}

/** A statement's transactions in the three groups the drawer lists, each in TikTok's order. */
export function groupTransactions(transactions: readonly TransactionView[]): TransactionGroups {
  const groups: TransactionGroups = { orders: [], reserves: [], adjustments: [] };
  for (const t of transactions) {
    if (t.is_adjustment) groups.adjustments.push(t);
    else if (t.kind === "RESERVE") groups.reserves.push(t);
    else groups.orders.push(t);
  }
  return groups;
}

/** One export the page offers: a CSV of one table, or the workbook with all three. */
export interface ExportChoice {
  format: SpreadsheetFormat;
  rows: FinanceExportRows | null;
  label: string;
  hint: string;
}

export const EXPORT_CHOICES: readonly ExportChoice[] = [
  {
    format: "csv",
    rows: "statements",
    label: "Statements (CSV)",
    hint: "One row per daily statement and its payout.",
  },
  {
    format: "csv",
    rows: "transactions",
    label: "Transactions (CSV)",
    hint: "One row per order, reserve and adjustment, with each fee in its own column.",
  },
  {
    format: "csv",
    rows: "orders",
    label: "Order earnings (CSV)",
    hint: "One row per settled order: fees, settlement, cost and profit.",
  },
  {
    format: "xlsx",
    rows: null,
    label: "Everything (Excel)",
    hint: "A workbook with a sheet of statements, transactions and order earnings.",
  },
];

/** A shop's finance import as the page shows it (running from Start, or an automatic import's first event). */
export type FinanceImportState = JobState<FinanceImportProgressView>;

/** 0..1 for a progress bar; null while a step has no count (listing statements and payouts). */
export function importFraction(progress: FinanceImportProgressView | null): number | null {
  if (!progress) return null;
  if (progress.finished) return 1;
  const [done, total] =
    progress.step === "transactions"
      ? [progress.statements_done, progress.statements_total]
      : progress.step === "orders"
        ? [progress.orders_done, progress.orders_total]
        : [0, 0];
  return total > 0 ? Math.min(1, done / total) : null;
}

/** The import's line: the step it is on and how far, how it ended, or why it stopped. */
export function importText(state: FinanceImportState, locale?: string): string {
  const p = state.progress;
  const n = (x: number) => formatCount(x, locale);
  if (state.stopped) {
    return state.stopped.code === "Cancelled"
      ? "Cancelled. What was imported is kept: import the same dates again to carry on."
      : `Stopped: ${state.stopped.message}`;
  }
  if (!p) return state.running ? "Starting the import…" : "";
  if (p.finished) {
    return `Imported: ${n(p.statements_total)} ${p.statements_total === 1 ? "statement" : "statements"}, ${n(p.orders_total)} settled ${p.orders_total === 1 ? "order" : "orders"}.`;
  }
  switch (p.step) {
    case "statements":
      return "Reading statements…";
    case "payments":
      return "Reading payouts…";
    case "transactions":
      return `Reading each statement's transactions: ${n(p.statements_done)} of ${n(p.statements_total)} statements`;
    case "orders":
      return `Reading settled orders: ${n(p.orders_done)} of ${n(p.orders_total)}`;
  }
}
