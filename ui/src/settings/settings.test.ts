import { describe, expect, it } from "vitest";
import type { SettingsInput, SettingsView } from "../lib/bindings";
import { pollSeconds, SettingsModel, withChange, type SettingsApi } from "./settings.svelte";

function view(settings: Partial<SettingsInput> = {}): SettingsView {
  return {
    settings: { notifications: true, close_to_tray: true, start_at_login: false, ...settings },
    data_dir: "/data",
    log_dir: "/logs",
    version: "0.1.0",
  };
}

const polled: number[] = [];

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
    defaultPollInterval: () => Promise.resolve({ poll_interval_secs: 120, shops: 2 }),
    setPollIntervalEverywhere: (secs) => {
      polled.push(secs);
      return fail
        ? Promise.reject({ code: "Storage", message: "The disk is full.", detail: null, fields: [] })
        : Promise.resolve({ poll_interval_secs: secs, shops: 2 });
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

  it("applies the poll interval to every shop and to shops added later", async () => {
    polled.length = 0;
    const model = new SettingsModel(api(false));
    await model.loadPoll();
    expect(model.pollSecs).toBe("120");
    model.pollSecs = "600";
    await model.applyPoll();
    expect(polled).toEqual([600]);
    expect(model.pollOutcome).toBe("All 2 shops check every 600 s; shops you add will too.");
    model.pollSecs = "0";
    await model.applyPoll();
    expect(polled).toEqual([600]);
  });

  it("a poll interval that could not be saved says why and claims nothing", async () => {
    const model = new SettingsModel(api(true));
    model.pollSecs = "60";
    await model.applyPoll();
    expect(model.pollOutcome).toBeNull();
    expect(model.error).toMatchObject({ message: "The disk is full." });
  });
});
