import { describe, expect, it } from "vitest";
import type { OutboxEntryView, OutboxListInput } from "../lib/bindings";
import { ACTIVITY_PAGE, activityQuery, ActivityModel, type ActivityApi } from "./activity.svelte";
import { outboxEntry } from "./fixtures.test-support";

function api(rows: OutboxEntryView[]): ActivityApi & { queries: OutboxListInput[] } {
  const queries: OutboxListInput[] = [];
  return {
    queries,
    listOutbox: (input) => {
      queries.push(input);
      return Promise.resolve(rows.filter((r) => input.before_id === null || r.id < input.before_id));
    },
    retryOutbox: (id) => Promise.resolve(outboxEntry(id, { state: "queued" })),
    dismissOutbox: (id) =>
      id === 99
        ? Promise.reject({ code: "Conflict", message: "It was sent meanwhile.", detail: null, fields: [] })
        : Promise.resolve(outboxEntry(id, { state: "dismissed" })),
  };
}

describe("activity", () => {
  it("asks core for the chosen shop and kind, every shop by default", () => {
    expect(activityQuery({ shopId: "", kind: null, failedOnly: false })).toEqual({
      shop_id: null,
      kind: null,
      failed_only: false,
      before_id: null,
      limit: ACTIVITY_PAGE,
    });
    expect(activityQuery({ shopId: "s2", kind: "mark_shipped", failedOnly: true }, 40)).toMatchObject({
      shop_id: "s2",
      kind: "mark_shipped",
      failed_only: true,
      before_id: 40,
    });
  });

  it("loads the newest rows, and a filter change asks again", async () => {
    const fake = api([outboxEntry(3), outboxEntry(2), outboxEntry(1)]);
    const model = new ActivityModel(fake);
    await model.load();
    expect(model.entries.map((e) => e.id)).toEqual([3, 2, 1]);
    expect(model.hasMore).toBe(false);
    await model.setFilters({ kind: "mark_shipped" });
    expect(fake.queries.at(-1)?.kind).toBe("mark_shipped");
  });

  it("Retry and Dismiss replace their row with core's answer; a refusal stays on the row", async () => {
    const failed = outboxEntry(5, { state: "failed", last_error: "On hold", can_retry: true });
    const model = new ActivityModel(api([failed, outboxEntry(99, { state: "failed" })]));
    await model.load();
    await model.retry(5);
    expect(model.entries[0]?.state).toBe("queued");
    await model.dismiss(99);
    expect(model.entries[1]?.state).toBe("failed");
    expect(model.rowErrors[99]).toBe("It was sent meanwhile.");
    expect(model.busy).toEqual({});
  });

  it("pages to older rows with the last id", async () => {
    const many = Array.from({ length: ACTIVITY_PAGE + 5 }, (_, i) => outboxEntry(ACTIVITY_PAGE + 5 - i));
    const fake = api(many);
    const model = new ActivityModel({
      ...fake,
      listOutbox: (input) => fake.listOutbox(input).then((rows) => rows.slice(0, input.limit ?? ACTIVITY_PAGE)),
    });
    await model.load();
    expect(model.hasMore).toBe(true);
    await model.more();
    expect(model.entries).toHaveLength(ACTIVITY_PAGE + 5);
    expect(new Set(model.entries.map((e) => e.id)).size).toBe(ACTIVITY_PAGE + 5);
    expect(model.hasMore).toBe(false);
  });
});
