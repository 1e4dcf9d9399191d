import { describe, expect, it } from "vitest";
import { SYNC_STATES, type BackfillProgressView, type SyncStatusView } from "./bindings";
import { backfillFraction, backfillRange, backfillText, syncLine } from "./sync";
import { localDayEnd, localDayStart } from "./time";

const now = 1_800_000_000;
const status = (over: Partial<SyncStatusView>): SyncStatusView => ({
  shop_id: "s1",
  state: "idle",
  last_sync_at: null,
  last_error: null,
  ...over,
});
const progress = (over: Partial<BackfillProgressView>): BackfillProgressView => ({
  shop_id: "s1",
  job_id: 1,
  fetched: 0,
  total: 0,
  windows_done: 0,
  windows_total: 4,
  finished: false,
  ...over,
});

describe("syncLine", () => {
  it("says how fresh the orders are", () => {
    expect(syncLine(status({ last_sync_at: now - 12 }), now)).toMatchObject({
      text: "Synced 12 s ago",
      tone: "ok",
    });
    expect(syncLine(status({ state: "syncing" }), now)?.text).toBe("Syncing…");
    expect(syncLine(status({}), now)?.text).toBe("Waiting for the first sync");
    expect(syncLine(undefined, now)).toBeNull();
  });

  it("names the failure and what happens next", () => {
    const line = syncLine(status({ state: "error", last_error: "TikTok is busy." }), now);
    expect(line?.text).toBe("Sync failed: TikTok is busy.");
    expect(line?.tone).toBe("danger");
    expect(line?.detail).toMatch(/Sync now/);
    expect(syncLine(status({ state: "paused" }), now)?.text).toMatch(/Get Auth/);
    expect(syncLine(status({ state: "off" }), now)?.detail).toMatch(/Options/);
  });

  it("words every sync state core sends, never the raw word", () => {
    for (const state of SYNC_STATES) {
      const text = syncLine(status({ state, last_error: "x" }), now)?.text ?? "";
      expect(text).toMatch(/^[A-Z]/);
      expect(text).not.toBe(state);
    }
  });
});

describe("backfill", () => {
  it("measures progress by orders, or by windows before the total is known", () => {
    expect(backfillFraction(null)).toBeNull();
    expect(backfillFraction(progress({ fetched: 250, total: 1000 }))).toBe(0.25);
    expect(backfillFraction(progress({ windows_done: 1 }))).toBe(0.25);
    expect(backfillFraction(progress({ finished: true }))).toBe(1);
  });

  it("reads as progress, completion or the reason it stopped", () => {
    const running = { running: true, stopped: null };
    expect(backfillText({ ...running, progress: null })).toMatch(/how many/);
    expect(
      backfillText({ ...running, progress: progress({ fetched: 1200, total: 5000 }) }, "en-US"),
    ).toBe("Fetched 1,200 of 5,000 orders");
    expect(
      backfillText(
        { running: false, stopped: null, progress: progress({ total: 5000, fetched: 5000, finished: true }) },
        "en-US",
      ),
    ).toBe("Fetched all 5,000 orders.");
    const cancelled = {
      running: false,
      progress: progress({ fetched: 300, total: 5000 }),
      stopped: { code: "Cancelled" as const, message: "Cancelled.", detail: null, fields: [] },
    };
    expect(backfillText(cancelled, "en-US")).toBe(
      "Cancelled. 300 fetched orders are kept. Fetch the same dates again to resume.",
    );
  });
});

describe("backfillRange", () => {
  const noon = (localDayStart("2026-03-10") ?? 0) + 12 * 3600;

  it("covers whole local days from the first to the last picked", () => {
    expect(backfillRange("2026-03-01", "2026-03-05", noon)).toEqual({
      start: localDayStart("2026-03-01"),
      end: localDayEnd("2026-03-05"),
    });
  });

  it("ends a minute past now when the last day is today", () => {
    expect(backfillRange("2026-03-01", "2026-03-10", noon)).toEqual({
      start: localDayStart("2026-03-01"),
      end: noon + 60,
    });
  });

  it("says why days that are not a range are refused", () => {
    expect(backfillRange("", "2026-03-05", noon)).toBe("Pick both dates.");
    expect(backfillRange("2026-03-05", "2026-03-01", noon)).toBe(
      "The end date must be on or after the start date.",
    );
    // A first day after today: the range would end before it starts.
    expect(backfillRange("2026-03-11", "2026-03-12", noon)).toBe(
      "The end date must be on or after the start date.",
    );
  });
});
