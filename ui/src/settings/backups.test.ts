import { describe, expect, it } from "vitest";
import type { BackupView } from "../lib/bindings";
import { BackupsModel, fileName, type BackupsApi } from "./backups.svelte";

function api(failBackup: boolean): BackupsApi & { stored: BackupView[] } {
  const stored: BackupView[] = [{ path: "/d/backups/shopdock-20261205.sqlite3", taken_at: 1_700_000_000 }];
  return {
    stored,
    backups: () => Promise.resolve([...stored].reverse()),
    backupNow: () => {
      if (failBackup) {
        return Promise.reject({ code: "DiskFull", message: "The disk is full.", detail: null, fields: [] });
      }
      const made = { path: "/d/backups/shopdock-20261206.sqlite3", taken_at: 1_700_086_400 };
      stored.push(made);
      return Promise.resolve(made);
    },
    openFolder: () => Promise.resolve(null),
  };
}

describe("backups card", () => {
  it("shows the file name, not the folder", () => {
    expect(fileName("/home/a/.local/share/shopdock/backups/x.sqlite3")).toBe("x.sqlite3");
    expect(fileName("C:\\data\\backups\\y.sqlite3")).toBe("y.sqlite3");
  });

  it("a backup made now is listed first", async () => {
    const model = new BackupsModel(api(false));
    await model.load();
    expect(model.list).toHaveLength(1);
    await model.backUpNow();
    expect(model.made?.path).toContain("20261206");
    expect(model.list?.map((b) => fileName(b.path))).toEqual([
      "shopdock-20261206.sqlite3",
      "shopdock-20261205.sqlite3",
    ]);
    expect(model.working).toBe(false);
  });

  it("a backup that failed says why and keeps the list", async () => {
    const model = new BackupsModel(api(true));
    await model.load();
    await model.backUpNow();
    expect(model.error).toMatchObject({ code: "DiskFull" });
    expect(model.made).toBeNull();
    expect(model.list).toHaveLength(1);
  });
});
