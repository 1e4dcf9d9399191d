// How a shop's sync state reads ("Synced 12 s ago", "Syncing…") and how a backfill's progress
// reads. Pure, so the wording is tested; `sync.svelte.ts` keeps the live state.
import type { ApiError, BackfillProgressView, SyncStatusView } from "./bindings";
import type { JobState } from "./jobs.svelte";
import { formatCount } from "./money";
import { localDayEnd, localDayStart, relativeTime } from "./time";

export type SyncTone = "neutral" | "busy" | "ok" | "warn" | "danger";

export interface SyncLine {
  text: string;
  tone: SyncTone;
  /** More detail for a hover title (the full error, the exact time). */
  detail: string | null;
}

/** One line about a shop's automatic download; null before the engine has looked at the shop. */
export function syncLine(status: SyncStatusView | undefined, now: number): SyncLine | null {
  if (!status) return null;
  const last = status.last_sync_at;
  const lastPhrase = last !== null ? `Last synced ${relativeTime(last, now)}.` : null;
  switch (status.state) {
    case "syncing":
      return { text: "Syncing…", tone: "busy", detail: lastPhrase };
    case "idle":
      return last !== null
        ? { text: `Synced ${relativeTime(last, now)}`, tone: "ok", detail: null }
        : { text: "Waiting for the first sync", tone: "neutral", detail: null };
    case "error":
      return {
        text: `Sync failed: ${status.last_error ?? "unknown error"}`,
        tone: "danger",
        detail: ["Shopdock tries again by itself in a moment, or press Sync now.", lastPhrase]
          .filter(Boolean)
          .join(" "),
      };
    case "paused":
      return {
        text: "Sync waits for Get Auth",
        tone: "warn",
        detail: "Orders download once the shop is connected.",
      };
    case "off":
      return {
        text: "Automatic download is off",
        tone: "neutral",
        detail: "Switch it on in Options, or press Sync now for one pull.",
      };
    default:
      return unreachable(status.state);
  }
}

/** Makes `switch` exhaustive: a new `SyncState` from Rust fails type-checking here. */
function unreachable(state: never): never {
  throw new Error(`unhandled sync state: ${JSON.stringify(state)}`);
}

/**
 * A backfill's `[start, end)` in Unix seconds for the local days picked (`YYYY-MM-DD`), ending
 * a minute past `now` at the latest (TikTok has no orders from the future), or why the days
 * are not a range.
 */
export function backfillRange(from: string, to: string, now: number): { start: number; end: number } | string {
  const start = localDayStart(from);
  const endOfDay = localDayEnd(to);
  if (start === null || endOfDay === null) return "Pick both dates.";
  const end = Math.min(endOfDay, now + 60);
  if (end <= start) return "The end date must be on or after the start date.";
  return { start, end };
}

/** A backfill as the page shows it. */
export type BackfillState = JobState<BackfillProgressView>;

/** 0..1 for a progress bar; null while TikTok's total is not known yet. */
export function backfillFraction(progress: BackfillProgressView | null): number | null {
  if (!progress) return null;
  if (progress.finished) return 1;
  if (progress.total <= 0) {
    return progress.windows_total > 0 ? progress.windows_done / progress.windows_total : null;
  }
  return Math.min(1, progress.fetched / progress.total);
}

/** "Fetched 1,200 of 5,000 orders", "Fetched all 5,000 orders", "Stopped: …". */
export function backfillText(state: BackfillState, locale?: string): string {
  const p = state.progress;
  if (state.stopped) {
    const kept = p ? ` ${formatCount(p.fetched, locale)} fetched orders are kept.` : "";
    return state.stopped.code === "Cancelled"
      ? `Cancelled.${kept} Fetch the same dates again to resume.`
      : `Stopped: ${state.stopped.message}${kept}`;
  }
  if (!p) return state.running ? "Asking TikTok how many orders there are…" : "";
  if (p.finished) {
    return p.total === 0
      ? "No orders were created in those dates."
      : `Fetched all ${formatCount(p.total, locale)} orders.`;
  }
  return `Fetched ${formatCount(p.fetched, locale)} of ${formatCount(p.total, locale)} orders`;
}
