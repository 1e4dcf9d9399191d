import { describe, expect, it } from "vitest";
import { shopFixture } from "../testing/fixtures";
import { isConnected, shopActions } from "./actions";

const labels = (shop = shopFixture()) => shopActions(shop).map((a) => a.label);
const action = (id: string, shop = shopFixture()) => shopActions(shop).find((a) => a.id === id);

describe("shopActions", () => {
  it("lists the card's actions in UX order", () => {
    expect(labels()).toEqual([
      "Get Auth",
      "Test Connection",
      "Sync now",
      "Options",
      "Edit",
      "Remove",
    ]);
  });

  it("offers Sync now only to a connected shop, and says why otherwise", () => {
    expect(action("sync-now")?.unavailable).toMatch(/Get Auth/);
    expect(action("sync-now", shopFixture({ status: { kind: "Connected" } }))?.unavailable).toBeNull();
    expect(
      action("sync-now", shopFixture({ status: { kind: "ExpiresSoon", days: 3 } }))?.unavailable,
    ).toBeNull();
    expect(action("sync-now", shopFixture({ status: { kind: "SyncPaused" } }))?.unavailable).toMatch(
      /paused/,
    );
  });

  it("keeps the demo shop's registration fixed", () => {
    expect(action("edit", shopFixture({ is_demo: true }))?.unavailable).toMatch(/demo/);
    expect(action("edit")?.unavailable).toBeNull();
  });

  it("knows which statuses hold a working authorization", () => {
    expect(isConnected(shopFixture({ status: { kind: "Connected" } }))).toBe(true);
    expect(isConnected(shopFixture({ status: { kind: "ReconnectNeeded", reason: "x" } }))).toBe(false);
  });
});
