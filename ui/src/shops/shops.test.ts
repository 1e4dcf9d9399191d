import { describe, expect, it } from "vitest";
import type { ApiError, ShopView } from "../lib/bindings";
import { shopFixture } from "../testing/fixtures";
import { ShopsModel, upsertShop, type ShopsApi } from "./shops.svelte";

function shop(id: string, label = `Shop ${id}`): ShopView {
  return shopFixture({ id, label });
}

/** A promise the test resolves when it chooses, to order concurrent calls. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe("upsertShop", () => {
  it("appends a new shop and replaces one with the same id in place", () => {
    const list = [shop("a"), shop("b")];
    expect(upsertShop(list, shop("c")).map((s) => s.id)).toEqual(["a", "b", "c"]);
    const renamed = upsertShop(list, shop("a", "Renamed"));
    expect(renamed.map((s) => s.label)).toEqual(["Renamed", "Shop b"]);
    expect(list[0]?.label).toBe("Shop a");
  });
});

describe("ShopsModel", () => {
  it("loads the list and reports failures as ApiError", async () => {
    const failure: ApiError = {
      code: "Storage",
      message: "The database is locked.",
      detail: null,
      fields: [],
    };
    let fail = false;
    const api: ShopsApi = {
      listShops: () => (fail ? Promise.reject(failure) : Promise.resolve([shop("a")])),
      addDemoShop: () => Promise.resolve(shop("demo")),
    };
    const model = new ShopsModel(api);
    expect(model.load.kind).toBe("loading");
    await model.reload();
    expect(model.load.kind).toBe("ready");
    expect(model.shops.map((s) => s.id)).toEqual(["a"]);

    fail = true;
    await model.reload();
    expect(model.load).toEqual({ kind: "failed", error: failure });
  });

  it("shows the demo shop from the returned value, even if an older load lands later", async () => {
    const staleLoad = deferred<ShopView[]>();
    const api: ShopsApi = {
      listShops: () => staleLoad.promise,
      addDemoShop: () => Promise.resolve({ ...shop("demo", "Demo shop"), is_demo: true }),
    };
    const model = new ShopsModel(api);
    const loading = model.reload();
    await model.addDemo();
    expect(model.shops.map((s) => s.label)).toEqual(["Demo shop"]);

    staleLoad.resolve([]);
    await loading;
    expect(model.shops.map((s) => s.label)).toEqual(["Demo shop"]);
    expect(model.addingDemo).toBe(false);
  });

  it("keeps a failed demo request visible and turns Tauri's bare strings into ApiError", async () => {
    const api: ShopsApi = {
      listShops: () => Promise.resolve([]),
      addDemoShop: () => Promise.reject("command add_demo_shop not found"),
    };
    const model = new ShopsModel(api);
    await model.addDemo();
    expect(model.actionError).toMatchObject({
      code: "Internal",
      detail: "command add_demo_shop not found",
    });
    expect(model.addingDemo).toBe(false);
  });
});
