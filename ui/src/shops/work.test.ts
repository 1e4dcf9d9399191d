import { describe, expect, it } from "vitest";
import type { OrderPageView, OrderQueryInput } from "../lib/bindings";
import { loadShopWork, toShipQuery, workPhrases } from "./work";

const page = (total: number): OrderPageView => ({
  rows: [],
  total,
  group_counts: [],
  counts_exact: true,
  unreadable: [],
});

describe("shop card work", () => {
  it("counts one shop's To ship orders with a one-row query", () => {
    const q = toShipQuery("s1");
    expect(q).toMatchObject({ shop_ids: ["s1"], status_group: "to_ship", limit: 1, offset: 0 });
  });

  it("combines To ship totals and outbox counts per shop; a failed count is left out", async () => {
    const asked: OrderQueryInput[] = [];
    const work = await loadShopWork(["a", "b"], {
      queryOrders: (q) => {
        asked.push(q);
        return q.shop_ids[0] === "a" ? Promise.resolve(page(7)) : Promise.reject(new Error("locked"));
      },
      outboxCounts: () =>
        Promise.resolve([{ shop_id: "a", queued: 1, in_flight: 1, failed: 2, needs_attention: 0 }]),
    });
    expect(work).toEqual({
      a: { toShip: 7, failures: 2, pending: 2 },
      b: { toShip: null, failures: 0, pending: 0 },
    });
    expect(asked).toHaveLength(2);
  });

  it("says only what matters", () => {
    expect(workPhrases({ toShip: 3, failures: 1, pending: 0 })).toEqual({
      toShip: "3 to ship",
      failures: "1 failed to send",
      pending: null,
    });
    expect(workPhrases({ toShip: 0, failures: 0, pending: 2 }).toShip).toBe("Nothing to ship");
    expect(workPhrases(undefined).toShip).toBeNull();
  });
});
