import { describe, expect, it } from "vitest";
import type { SettingsInput, SettingsView } from "../lib/bindings";
import { pollSeconds, SettingsModel, withChange, type SettingsApi } from "./settings.svelte";
import { shopFixture } from "../testing/fixtures";

function view(settings: Partial<SettingsInput> = {}): SettingsView {
  return {
    settings: { notifications: true, close_to_tray: true, start_at_login: false, ...settings },
    data_dir: "/data",
    log_dir: "/logs",
    version: "0.1.0",
  };
}

const polled: Array<[string, number | null]> = [];

function api(fail: boolean): SettingsApi & { saved: SettingsInput[]; opened: string[] } {
  const saved: SettingsInput[] = [];
  const opened: string[] = [];
  return {
    saved,
    opened,
    appSettings: () => Promise.resolve(view()),
    setAppSettings: (input) => {
      saved.push(input);
      return fail
        ? Promise.reject({ code: "Storage", message: "Could not change start at login.", detail: "EACCES", fields: [] })
        : Promise.resolve(view(input));
    },
    openFolder: (folder) => {
      opened.push(folder);
      return folder === "Logs" ? Promise.reject("no file manager") : Promise.resolve(null);
    },
    listShops: () => Promise.resolve([shopFixture({ id: "a", label: "A" }), shopFixture({ id: "b", label: "B" })]),
    shopOptions: (shopId) => Promise.resolve({ shop_id: shopId, options: [], poll_interval_secs: 120 }),
    setShopOptions: (shopId, patch) => {
      polled.push([shopId, patch.poll_interval_secs]);
      return shopId === "b"
        ? Promise.reject({ code: "Validation", message: "Too often.", detail: null, fields: [] })
        : Promise.resolve({ shop_id: shopId, options: [], poll_interval_secs: patch.poll_interval_secs ?? 0 });
    },
  };
}

describe("settings", () => {
  it("changes one choice and keeps the others", () => {
    expect(withChange(view().settings, "start_at_login", true)).toEqual({
      notifications: true,
      close_to_tray: true,
      start_at_login: true,
    });
  });

  it("saves a change and shows what Rust saved", async () => {
    const fake = api(false);
    const model = new SettingsModel(fake);
    await model.load();
    await model.change("close_to_tray", false);
    expect(fake.saved).toEqual([{ notifications: true, close_to_tray: false, start_at_login: false }]);
    expect(model.view?.settings.close_to_tray).toBe(false);
    expect(model.saving).toBeNull();
    expect(model.error).toBeNull();
  });

  it("a change that could not be saved goes back and says why", async () => {
    const model = new SettingsModel(api(true));
    await model.load();
    await model.change("start_at_login", true);
    expect(model.view?.settings.start_at_login).toBe(false);
    expect(model.error).toMatchObject({ code: "Storage", detail: "EACCES" });
  });

  it("nothing is saved before the settings are loaded", async () => {
    const fake = api(false);
    await new SettingsModel(fake).change("notifications", false);
    expect(fake.saved).toEqual([]);
  });

  it("a folder that does not open is reported as an error", async () => {
    const fake = api(false);
    const model = new SettingsModel(fake);
    await model.open("Data");
    expect(model.error).toBeNull();
    await model.open("Logs");
    expect(fake.opened).toEqual(["Data", "Logs"]);
    expect(model.error).toMatchObject({ code: "Internal", detail: "no file manager" });
  });

  it("reads whole seconds within core's bounds and refuses the rest", () => {
    expect(pollSeconds(" 5 ")).toBe(5);
    expect(pollSeconds("86400")).toBe(86_400);
    for (const bad of ["4", "1.5", "-2", "", "86401", "ten"]) expect(pollSeconds(bad)).toBeNull();
  });

  it("applies the poll interval to every shop and names the one that refused", async () => {
    polled.length = 0;
    const model = new SettingsModel(api(false));
    await model.loadPoll();
    expect(model.pollSecs).toBe("120");
    model.pollSecs = "600";
    await model.applyPoll();
    expect(polled).toEqual([
      ["a", 600],
      ["b", 600],
    ]);
    expect(model.pollOutcome).toBe("1 of 2 shops now check every 600 s. B: Too often.");
    model.pollSecs = "0";
    await model.applyPoll();
    expect(polled).toHaveLength(2);
  });
});
