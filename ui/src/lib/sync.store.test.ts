import { describe, expect, it } from "vitest";
import type { ApiError, SyncState, SyncStatusView } from "./bindings";
import { ShopJobs } from "./jobs.svelte";
import { SyncStore } from "./sync.svelte";

const status = (shop_id: string, state: SyncState): SyncStatusView => ({
  shop_id,
  state,
  last_sync_at: null,
  last_error: null,
});

describe("SyncStore", () => {
  it("keeps an event that arrived while the snapshot was loading", async () => {
    let answer!: (s: SyncStatusView[]) => void;
    const store = new SyncStore({ syncStatuses: () => new Promise((r) => (answer = r)) });
    const loading = store.load();
    store.handle({ type: "SyncStatus", status: status("a", "syncing") });
    answer([status("a", "idle"), status("b", "off")]);
    await loading;
    expect(store.statuses["a"]?.state).toBe("syncing");
    expect(store.statuses["b"]?.state).toBe("off");
  });

  it("follows a backfill from start to progress to its stop", () => {
    const store = new SyncStore({ syncStatuses: () => Promise.resolve([]) });
    store.backfills.starting("a");
    expect(store.backfills.byShop["a"]).toEqual({ running: true, progress: null, stopped: null });
    const progress = {
      shop_id: "a",
      job_id: 1,
      fetched: 10,
      total: 100,
      windows_done: 1,
      windows_total: 4,
      finished: false,
    };
    store.handle({ type: "BackfillProgress", progress });
    expect(store.backfills.byShop["a"]?.running).toBe(true);
    const cancelled: ApiError = { code: "Cancelled", message: "Cancelled.", detail: null, fields: [] };
    store.handle({ type: "BackfillStopped", shop_id: "a", error: cancelled });
    expect(store.backfills.byShop["a"]).toEqual({ running: false, progress, stopped: cancelled });
    store.backfills.dismiss("a");
    expect(store.backfills.byShop["a"]).toBeUndefined();
  });

  it("marks a finished backfill as no longer running", () => {
    const store = new SyncStore({ syncStatuses: () => Promise.resolve([]) });
    store.handle({
      type: "BackfillProgress",
      progress: { shop_id: "a", job_id: 1, fetched: 5, total: 5, windows_done: 1, windows_total: 1, finished: true },
    });
    expect(store.backfills.byShop["a"]?.running).toBe(false);
  });

  it("keeps a short backfill's end that arrived before its start call returned", () => {
    const store = new SyncStore({ syncStatuses: () => Promise.resolve([]) });
    const refused = store.backfills.starting("a");
    const progress = { shop_id: "a", job_id: 1, fetched: 3, total: 3, windows_done: 1, windows_total: 1, finished: true };
    store.handle({ type: "BackfillProgress", progress });
    // The start call returns after its end: nothing it does may show it as running again.
    expect(store.backfills.byShop["a"]).toEqual({ running: false, progress, stopped: null });
    refused();
    expect(store.backfills.byShop["a"]).toEqual({ running: false, progress, stopped: null });
  });

  it("undoes a refused start to what was shown before it", () => {
    const store = new SyncStore({ syncStatuses: () => Promise.resolve([]) });
    store.backfills.starting("a")();
    expect(store.backfills.byShop["a"]).toBeUndefined();
  });
});

describe("ShopJobs", () => {
  it("shows what a start says until the job's first event replaces it", () => {
    const jobs = new ShopJobs<{ shop_id: string; finished: boolean; done: number }>();
    jobs.starting("a", { shop_id: "a", finished: false, done: 0 });
    expect(jobs.byShop["a"]).toEqual({ running: true, progress: { shop_id: "a", finished: false, done: 0 }, stopped: null });
    jobs.progressed({ shop_id: "a", finished: false, done: 4 });
    expect(jobs.byShop["a"]?.progress?.done).toBe(4);
  });
});
