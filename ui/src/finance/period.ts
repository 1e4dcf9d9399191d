// The Money page's period: whole days in UTC, because TikTok closes one statement per UTC day
// (write-api §H) and core selects statements by the day they cover. Pure, so the edges (month
// starts, the exclusive end) are tested.
import type { ChartStep } from "../lib/bindings";

export const DAY = 86_400;

/** A period of days `[from, to)`, each a UTC midnight in Unix seconds. */
export interface Period {
  from: number;
  to: number;
}

export type PeriodPreset = "7d" | "30d" | "90d" | "this_month" | "last_month" | "custom";

export const PERIOD_PRESETS: readonly { id: PeriodPreset; label: string }[] = [
  { id: "7d", label: "Last 7 days" },
  { id: "30d", label: "Last 30 days" },
  { id: "90d", label: "Last 90 days" },
  { id: "this_month", label: "This month" },
  { id: "last_month", label: "Last month" },
  { id: "custom", label: "Custom dates" },
];

/** The UTC midnight that starts the day holding `seconds`. */
export function utcDayStart(seconds: number): number {
  return Math.floor(seconds / DAY) * DAY;
}

/** `YYYY-MM-DD` (a date input's value) as its UTC midnight; null when it is not a date. */
export function utcDay(value: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return null;
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const ms = Date.UTC(y, m - 1, d);
  if (new Date(ms).getUTCDate() !== d) return null;
  return ms / 1000;
}

/** A UTC midnight as the `YYYY-MM-DD` a date input shows. */
export function utcDateInput(seconds: number): string {
  return new Date(seconds * 1000).toISOString().slice(0, 10);
}

/** The days a preset covers as of `now`, today included (its statement closes tonight). */
export function presetPeriod(preset: Exclude<PeriodPreset, "custom">, now: number): Period {
  const today = utcDayStart(now);
  const to = today + DAY;
  const date = new Date(today * 1000);
  const monthStart = (offset: number) =>
    Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + offset, 1) / 1000;
  switch (preset) {
    case "7d":
      return { from: today - 6 * DAY, to };
    case "30d":
      return { from: today - 29 * DAY, to };
    case "90d":
      return { from: today - 89 * DAY, to };
    case "this_month":
      return { from: monthStart(0), to };
    case "last_month":
      return { from: monthStart(-1), to: monthStart(0) };
  }
}

/** The days between two date inputs, both included; null when either is missing or they are reversed. */
export function customPeriod(fromInput: string, toInput: string): Period | null {
  const from = utcDay(fromInput);
  const last = utcDay(toInput);
  if (from === null || last === null || last < from) return null;
  return { from, to: last + DAY };
}

/** The date inputs showing a period (the end input shows its last day). */
export function periodInputs(period: Period): { from: string; to: string } {
  return { from: utcDateInput(period.from), to: utcDateInput(period.to - DAY) };
}

/** Day bars up to about six weeks; a longer period reads better by week. */
export function defaultStep(period: Period): ChartStep {
  return period.to - period.from <= 45 * DAY ? "day" : "week";
}

/** "Nov 3" (or "Nov 3, 2025" in another year than `now`), for a UTC day. */
export function dayLabel(day: string | number, now: number, locale?: string): string {
  const seconds = typeof day === "number" ? day : utcDay(day);
  if (seconds === null) return String(day);
  const sameYear = new Date(seconds * 1000).getUTCFullYear() === new Date(now * 1000).getUTCFullYear();
  return new Intl.DateTimeFormat(locale, {
    timeZone: "UTC",
    month: "short",
    day: "numeric",
    ...(sameYear ? {} : { year: "numeric" }),
  }).format(new Date(seconds * 1000));
}
