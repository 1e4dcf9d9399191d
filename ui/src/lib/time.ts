// How times read in Shopdock: the seller's local time zone, short in tables, exact on hover,
// and relative where freshness matters ("Synced 12 s ago"). Pure, so the wording is tested;
// `locale` and `timeZone` default to the system's and are passed only by the tests.

export interface TimeFormat {
  locale?: string | undefined;
  timeZone?: string | undefined;
}

/** A Get Auth countdown: seconds left as "4:59", never negative. */
export function formatCountdown(secondsLeft: number): string {
  const s = Math.max(0, Math.floor(secondsLeft));
  const minutes = Math.floor(s / 60);
  const seconds = s % 60;
  return `${minutes}:${seconds.toString().padStart(2, "0")}`;
}

/** How long ago `then` was, as a short phrase: "just now", "12 s ago", "5 min ago", "3 h ago", "2 d ago". */
export function relativeTime(then: number, now: number): string {
  const elapsed = Math.floor(now - then);
  if (elapsed < 2) return "just now";
  if (elapsed < 60) return `${elapsed} s ago`;
  if (elapsed < 3600) return `${Math.floor(elapsed / 60)} min ago`;
  if (elapsed < 86_400) return `${Math.floor(elapsed / 3600)} h ago`;
  return `${Math.floor(elapsed / 86_400)} d ago`;
}

/** How far away `then` is, for deadlines: "in 3 h", "in 2 d", "3 h overdue". */
export function deadlinePhrase(then: number, now: number): string {
  const delta = Math.floor(then - now);
  const span = Math.abs(delta);
  const amount =
    span < 3600
      ? `${Math.max(1, Math.floor(span / 60))} min`
      : span < 86_400
        ? `${Math.floor(span / 3600)} h`
        : `${Math.floor(span / 86_400)} d`;
  return delta >= 0 ? `in ${amount}` : `${amount} overdue`;
}

/** A compact local date and time for tables: "Nov 21, 14:05" (the year only when not `now`'s). */
export function shortDateTime(unixSeconds: number, now: number, format: TimeFormat = {}): string {
  const date = new Date(unixSeconds * 1000);
  const sameYear = yearOf(unixSeconds, format) === yearOf(now, format);
  return new Intl.DateTimeFormat(format.locale, {
    timeZone: format.timeZone,
    month: "short",
    day: "numeric",
    ...(sameYear ? {} : { year: "numeric" }),
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).format(date);
}

/** The local time of day, 24-hour like the tables: "14:05:09". */
export function timeOfDay(unixSeconds: number, format: TimeFormat = {}): string {
  return new Intl.DateTimeFormat(format.locale, {
    timeZone: format.timeZone,
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hourCycle: "h23",
  }).format(new Date(unixSeconds * 1000));
}

/** The exact local timestamp with its zone, for hover titles: "Saturday, November 21, 2026 at 14:05:09 GMT+1". */
export function exactTimestamp(unixSeconds: number, format: TimeFormat = {}): string {
  return new Intl.DateTimeFormat(format.locale, {
    timeZone: format.timeZone,
    dateStyle: "full",
    timeStyle: "long",
  }).format(new Date(unixSeconds * 1000));
}

function yearOf(unixSeconds: number, format: TimeFormat): string {
  return new Intl.DateTimeFormat("en-US", { timeZone: format.timeZone, year: "numeric" }).format(
    new Date(unixSeconds * 1000),
  );
}

/**
 * A `<input type="date">` value ("2026-11-01") as the Unix seconds of that day's local midnight;
 * null for an empty or malformed value.
 */
export function localDayStart(value: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return null;
  const [, y, m, d] = match;
  const date = new Date(Number(y), Number(m) - 1, Number(d));
  if (date.getMonth() !== Number(m) - 1) return null;
  return Math.floor(date.getTime() / 1000);
}

/** The Unix seconds where the given local day ends (the next day's midnight): the exclusive end of a range. */
export function localDayEnd(value: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match || localDayStart(value) === null) return null;
  const [, y, m, d] = match;
  return Math.floor(new Date(Number(y), Number(m) - 1, Number(d) + 1).getTime() / 1000);
}

/** A Unix time as the local `<input type="date">` value that contains it. */
export function toDateInput(unixSeconds: number): string {
  const date = new Date(unixSeconds * 1000);
  const pad = (n: number) => n.toString().padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** Unix seconds now. */
export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
