import { describe, expect, it } from "vitest";
import { REGIONS } from "../lib/bindings";
import { REGION_NAMES, regionName, statusChip } from "./status";

describe("statusChip", () => {
  it("names every status as UX.md does, with a tone", () => {
    expect(statusChip({ kind: "NotConnected" })).toMatchObject({
      text: "Not connected",
      tone: "neutral",
    });
    expect(statusChip({ kind: "Connected" })).toMatchObject({ text: "Connected", tone: "ok" });
    expect(statusChip({ kind: "SyncPaused" })).toMatchObject({ text: "Sync paused", tone: "warn" });
    expect(statusChip({ kind: "ReconnectNeeded", reason: "The refresh token was revoked" }))
      .toMatchObject({ text: "Reconnect needed", tone: "danger" });
  });

  it("counts down the days before the authorization expires", () => {
    expect(statusChip({ kind: "ExpiresSoon", days: 3 })).toMatchObject({
      text: "Expires in 3 days",
      tone: "warn",
    });
    expect(statusChip({ kind: "ExpiresSoon", days: 1 }).text).toBe("Expires in 1 day");
    expect(statusChip({ kind: "ExpiresSoon", days: 0 }).text).toBe("Expires today");
  });

  it("puts the reason for reconnecting into the hint as a sentence", () => {
    const hint = statusChip({ kind: "ReconnectNeeded", reason: "The refresh token was revoked" })
      .hint;
    expect(hint).toMatch(/^The refresh token was revoked\. Use Get Auth/);
    const punctuated = statusChip({ kind: "ReconnectNeeded", reason: "Access was denied." }).hint;
    expect(punctuated).toMatch(/^Access was denied\. Use/);
  });

  it("fails loudly on a status kind the UI does not know", () => {
    const unknown = { kind: "Teleported" } as unknown as Parameters<typeof statusChip>[0];
    expect(() => statusChip(unknown)).toThrow(/Teleported/);
  });
});

describe("regionName", () => {
  it("spells out the two TikTok Shop regions", () => {
    expect(regionName("US")).toBe("United States");
    expect(regionName("ROW")).toBe("Rest of world");
  });

  it("has a name for every region core knows, and no other", () => {
    expect(Object.keys(REGION_NAMES).sort()).toEqual([...REGIONS].sort());
    for (const region of REGIONS) expect(regionName(region)).toMatch(/\S/);
  });
});
