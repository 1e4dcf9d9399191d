import { describe, expect, it } from "vitest";
import { OUTBOX_KINDS, OUTBOX_STATES } from "../lib/bindings";
import { outboxEntry } from "./fixtures.test-support";
import {
  entrySummary,
  failureCount,
  isPending,
  isProblem,
  KIND_LABELS,
  outboxTag,
  pendingCount,
  STATE_HINTS,
  STATE_LABELS,
  STATE_TONES,
} from "./outbox";

describe("outbox wording", () => {
  it("every state Rust declares has a label, a hint and a tone", () => {
    for (const state of OUTBOX_STATES) {
      expect(STATE_LABELS[state]).toMatch(/\S/);
      expect(STATE_HINTS[state]).toMatch(/\S/);
      expect(STATE_TONES[state]).toBeDefined();
    }
    expect(Object.keys(STATE_LABELS).sort()).toEqual([...OUTBOX_STATES].sort());
  });

  it("every kind Rust declares has a label, and no two kinds read the same", () => {
    for (const kind of OUTBOX_KINDS) expect(KIND_LABELS[kind]).toMatch(/\S/);
    expect(new Set(OUTBOX_KINDS.map((k) => KIND_LABELS[k])).size).toBe(OUTBOX_KINDS.length);
  });

  it("a failed tag carries TikTok's reason; a state without a reason explains itself", () => {
    expect(outboxTag("failed", "The tracking number does not match the carrier.")).toEqual({
      label: "Failed",
      tone: "danger",
      hint: "The tracking number does not match the carrier.",
    });
    expect(outboxTag("queued", null).hint).toBe(STATE_HINTS.queued);
    // A reason left on a row that was retried and sent is not shown as if it still failed.
    expect(outboxTag("sent", "old reason").hint).toBe(STATE_HINTS.sent);
  });

  it("problems are what waits for the seller; pending is what is still on its way", () => {
    expect(OUTBOX_STATES.filter(isProblem)).toEqual(["failed", "needs_attention"]);
    expect(OUTBOX_STATES.filter(isPending)).toEqual(["queued", "sending", "needs_check"]);
  });

  it("a shipment's summary names the carrier and tracking number", () => {
    expect(entrySummary(outboxEntry(1, { carrier: "USPS", tracking_number: "9400 1000" }))).toBe(
      "Ship with tracking · USPS 9400 1000",
    );
    expect(entrySummary(outboxEntry(2, { kind: "stock", carrier: null, tracking_number: null }))).toBe(
      "Stock update",
    );
  });

  it("the shop card counts failures and waiting rows of its own shop only", () => {
    const counts = [
      { shop_id: "a", queued: 2, in_flight: 1, failed: 3, needs_attention: 1 },
      { shop_id: "b", queued: 0, in_flight: 0, failed: 1, needs_attention: 0 },
    ];
    expect(failureCount(counts, "a")).toBe(4);
    expect(pendingCount(counts, "a")).toBe(3);
    expect(failureCount(counts, "b")).toBe(1);
    expect(failureCount(counts, "none")).toBe(0);
  });
});
