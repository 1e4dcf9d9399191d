// The shops page's state: the list as Rust last reported it, how loading went, and the action in
// flight. The API is injected so the tests can drive it without Tauri.
import type { ApiError, ShopView } from "../lib/bindings";
import { toApiError } from "../lib/ipc";

/** The commands this page needs; `bindings.ts` provides them in the app. */
export interface ShopsApi {
  listShops(): Promise<ShopView[]>;
  addDemoShop(): Promise<ShopView>;
}

export type LoadState =
  | { kind: "loading" }
  | { kind: "ready" }
  | { kind: "failed"; error: ApiError };

/** Replaces the shop with the same id, or appends it (the backend lists shops in added order). */
export function upsertShop(shops: readonly ShopView[], shop: ShopView): ShopView[] {
  const index = shops.findIndex((s) => s.id === shop.id);
  if (index === -1) return [...shops, shop];
  return shops.map((s, i) => (i === index ? shop : s));
}

export class ShopsModel {
  shops: ShopView[] = $state([]);
  load: LoadState = $state({ kind: "loading" });
  /** True while "Try the demo shop" runs, so the button cannot be pressed twice. */
  addingDemo = $state(false);
  /** The last failed action, shown until the next one starts. */
  actionError: ApiError | null = $state(null);

  readonly #api: ShopsApi;
  /** Bumped by every load and change: a list that arrives after a newer one is dropped. */
  #generation = 0;

  constructor(api: ShopsApi) {
    this.#api = api;
  }

  /** Fetches the list again; called on start and whenever Rust reports `ShopsChanged`. */
  async reload(): Promise<void> {
    const generation = ++this.#generation;
    try {
      const shops = await this.#api.listShops();
      if (generation !== this.#generation) return;
      this.shops = shops;
      this.load = { kind: "ready" };
    } catch (error) {
      if (generation !== this.#generation) return;
      this.load = { kind: "failed", error: toApiError(error) };
    }
  }

  /** Adds the demo shop and shows it at once from the returned value. */
  async addDemo(): Promise<void> {
    if (this.addingDemo) return;
    this.addingDemo = true;
    this.actionError = null;
    try {
      const shop = await this.#api.addDemoShop();
      this.#generation++;
      this.shops = upsertShop(this.shops, shop);
      this.load = { kind: "ready" };
    } catch (error) {
      this.actionError = toApiError(error);
    } finally {
      this.addingDemo = false;
    }
  }
}
