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
  /** Per shop, how many times its state changed: tells a refused start whether news came. */
  readonly #changes = new Map<string, number>();

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
            this.#set(id, { running: true, progress: null, stopped: null });
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
        this.#set(p.shop_id, { running: !p.finished, progress: p, stopped: null });
        break;
      }
      case "FinanceImportStopped": {
        const previous = this.byShop[event.shop_id];
        this.#set(event.shop_id, {
          running: false,
          progress: previous?.progress ?? null,
          stopped: event.error,
        });
        break;
      }
      default:
        break;
    }
  }

  /**
   * A start is being asked for: running from now until the events say otherwise. Marked before
   * the call returns, because a short import's last event can arrive first (marking after it
   * would show "Starting the import…" for an import that had ended). Returns what undoes the
   * mark if the start is refused, unless an event has told more since.
   */
  starting(shopId: string): () => void {
    const previous = this.byShop[shopId];
    const before = previous === undefined ? undefined : $state.snapshot(previous);
    this.#set(shopId, { running: true, progress: null, stopped: null });
    const mark = this.#changes.get(shopId);
    return () => {
      if (this.#changes.get(shopId) !== mark) return;
      if (before === undefined) this.dismiss(shopId);
      else this.#set(shopId, before);
    };
  }

  running(shopId: string): boolean {
    return this.byShop[shopId]?.running === true;
  }

  dismiss(shopId: string): void {
    delete this.byShop[shopId];
    this.#bump(shopId);
  }

  #set(shopId: string, state: FinanceImportState): void {
    this.byShop[shopId] = state;
    this.#bump(shopId);
  }

  #bump(shopId: string): void {
    this.#changes.set(shopId, (this.#changes.get(shopId) ?? 0) + 1);
  }
}
