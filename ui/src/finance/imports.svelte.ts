// Each shop's finance import as the window knows it, kept from `FinanceImportProgress` and
// `FinanceImportStopped` events (never polled). One instance lives for the whole app, so an
// import started on the Money page is still followed after a visit to Orders, and the
// automatic import that runs after order pulls shows up too.
import type { CoreEvent } from "../lib/bindings";
import type { FinanceImportState } from "./finance";

export interface FinanceImportsApi {
  financeImportRunning(shopId: string): Promise<boolean>;
}

export class FinanceImports {
  byShop: Record<string, FinanceImportState> = $state({});

  readonly #api: FinanceImportsApi;

  constructor(api: FinanceImportsApi) {
    this.#api = api;
  }

  /**
   * Asks whether an import of each shop is running already (started before the window
   * subscribed, e.g. the automatic one); its progress arrives with the next event.
   */
  async check(shopIds: readonly string[]): Promise<void> {
    await Promise.all(
      shopIds.map(async (id) => {
        try {
          if ((await this.#api.financeImportRunning(id)) && !this.byShop[id]) {
            this.byShop[id] = { running: true, progress: null, stopped: null };
          }
        } catch {
          // The page reports a core that did not open on its own.
        }
      }),
    );
  }

  handle(event: CoreEvent): void {
    switch (event.type) {
      case "FinanceImportProgress": {
        const p = event.progress;
        this.byShop[p.shop_id] = { running: !p.finished, progress: p, stopped: null };
        break;
      }
      case "FinanceImportStopped": {
        const previous = this.byShop[event.shop_id];
        this.byShop[event.shop_id] = {
          running: false,
          progress: previous?.progress ?? null,
          stopped: event.error,
        };
        break;
      }
      default:
        break;
    }
  }

  /** Start was accepted: running until the events say otherwise. */
  started(shopId: string): void {
    this.byShop[shopId] = { running: true, progress: null, stopped: null };
  }

  running(shopId: string): boolean {
    return this.byShop[shopId]?.running === true;
  }

  dismiss(shopId: string): void {
    delete this.byShop[shopId];
  }
}
