import { describe, expect, it } from "vitest";
import type { ApiError, ShipInput } from "../lib/bindings";
import { outboxEntry } from "../activity/fixtures.test-support";
import {
  checkBeforeSending,
  hasProblems,
  newLines,
  pendingLines,
  recentCarriers,
  runSummary,
  shipAll,
  type ShipLine,
} from "./ship";

const orders = [
  { shop_id: "s1", order_id: "A" },
  { shop_id: "s1", order_id: "B" },
];

const refusal: ApiError = {
  code: "Conflict",
  message: "Order B is on hold: TikTok accepts no tracking until the hold ends.",
  detail: "21011044",
  fields: [],
};

describe("ship dialog", () => {
  it("asks for the carrier and each tracking number before sending anything", () => {
    const lines = newLines(orders);
    const problems = checkBeforeSending(" ", lines);
    expect(problems.carrier).toMatch(/carrier/);
    expect(Object.keys(problems.lines)).toEqual(["A", "B"]);
    const filled = lines.map((l) => ({ ...l, tracking: "1Z 999" }));
    expect(hasProblems(checkBeforeSending("UPS", filled))).toBe(false);
  });

  it("sends each order with the trimmed carrier and tracking; a refusal stays on its line", async () => {
    const sent: ShipInput[] = [];
    const updates: ShipLine[] = [];
    const lines = newLines(orders).map((l) => ({ ...l, tracking: ` ${l.order_id}-1 ` }));
    const done = await shipAll(
      lines,
      " UPS ",
      (_shop, input) => {
        sent.push(input);
        return input.order_id === "B" ? Promise.reject(refusal) : Promise.resolve(outboxEntry(7));
      },
      (line) => updates.push(line),
    );
    expect(sent).toEqual([
      { order_id: "A", carrier: "UPS", tracking_number: "A-1", line_item_ids: [] },
      { order_id: "B", carrier: "UPS", tracking_number: "B-1", line_item_ids: [] },
    ]);
    expect(done.map((l) => l.state)).toEqual(["queued", "refused"]);
    expect(done[1]?.message).toBe(refusal.message);
    expect(updates.map((l) => `${l.order_id}:${l.state}`)).toEqual([
      "A:sending",
      "A:queued",
      "B:sending",
      "B:refused",
    ]);
    expect(runSummary(done)).toBe("1 queued for TikTok, 1 refused");
  });

  it("the summary waits until every order of the run has an answer", () => {
    const [a, b] = newLines(orders) as [ShipLine, ShipLine];
    const queuedA: ShipLine = { ...a, state: "queued" };
    expect(runSummary([queuedA, { ...b, state: "sending" }])).toBeNull();
    expect(runSummary([queuedA, { ...b, state: "queued" }])).toBe("2 queued for TikTok");
  });

  it("sending again sends only the refused orders, never a queued one twice", async () => {
    const sent: string[] = [];
    const first = newLines(orders).map((l, i) => ({
      ...l,
      tracking: "T",
      state: i === 0 ? ("queued" as const) : ("refused" as const),
    }));
    expect(pendingLines(first).map((l) => l.order_id)).toEqual(["B"]);
    await shipAll(first, "UPS", (_s, input) => {
      sent.push(input.order_id);
      return Promise.resolve(outboxEntry(1));
    }, () => {});
    expect(sent).toEqual(["B"]);
  });

  it("field messages of a refusal are read with it", async () => {
    const withField: ApiError = {
      ...refusal,
      message: "Unknown carrier.",
      fields: [{ field: "carrier", message: "Valid carriers: USPS, UPS, FedEx." }],
    };
    const [line] = await shipAll(newLines([orders[0]!]), "DHLX", () => Promise.reject(withField), () => {});
    expect(line?.message).toBe("Unknown carrier. Valid carriers: USPS, UPS, FedEx.");
  });

  it("says nothing before a run", () => {
    expect(runSummary(newLines(orders))).toBeNull();
  });
});

describe("carrier suggestions", () => {
  it("offers the carriers used before, newest first, each once whatever its case", () => {
    const entries = [
      outboxEntry(1, { carrier: "USPS" }),
      outboxEntry(3, { carrier: "usps " }),
      outboxEntry(2, { carrier: "UPS" }),
      outboxEntry(4, { carrier: null }),
    ];
    expect(recentCarriers(entries)).toEqual(["usps", "UPS"]);
    expect(recentCarriers(entries, 1)).toEqual(["usps"]);
  });
});
