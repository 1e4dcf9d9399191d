// Each shop's finance import as the window knows it, kept from `FinanceImportProgress` and
// `FinanceImportStopped` events (never polled). One instance lives for the whole app, so an
// import started on the Money page is still followed after a visit to Orders, and the
// automatic import that runs after order pulls shows up too.
import type { CoreEvent, FinanceImportProgressView } from "../lib/bindings";
import { ShopJobs } from "../lib/jobs.svelte";

export interface FinanceImportsApi {
  financeImportRunning(shopId: string): Promise<boolean>;
}

export class FinanceImports extends ShopJobs<FinanceImportProgressView> {
  readonly #api: FinanceImportsApi;

  constructor(api: FinanceImportsApi) {
    super();
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
          if (await this.#api.financeImportRunning(id)) this.foundRunning(id);
        } catch {
          // The page reports a core that did not open on its own.
        }
      }),
    );
  }

  handle(event: CoreEvent): void {
    if (event.type === "FinanceImportProgress") this.progressed(event.progress);
    else if (event.type === "FinanceImportStopped") this.stopped(event.shop_id, event.error);
  }
}
