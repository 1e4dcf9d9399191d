// The engine's live state for every page: each shop's sync status and backfill, kept from
// `SyncStatus`, `BackfillProgress` and `BackfillStopped` events (never polled). One instance
// lives for the whole app, so leaving the Orders page does not forget a running backfill.
import type { BackfillProgressView, CoreEvent, SyncStatusView } from "./bindings";
import { ShopJobs } from "./jobs.svelte";

export interface SyncApi {
  syncStatuses(): Promise<SyncStatusView[]>;
}

export class SyncStore {
  statuses: Record<string, SyncStatusView> = $state({});
  readonly backfills = new ShopJobs<BackfillProgressView>();

  readonly #api: SyncApi;

  constructor(api: SyncApi) {
    this.#api = api;
  }

  /**
   * Reads what the engine already knows; events keep it current afterwards. A failure leaves
   * the lines empty until the next event: it can only mean core did not open, which every page
   * reports on its own.
   */
  async load(): Promise<void> {
    try {
      const statuses = await this.#api.syncStatuses();
      for (const status of statuses) {
        // An event that arrived while loading is newer than the snapshot.
        if (!(status.shop_id in this.statuses)) this.statuses[status.shop_id] = status;
      }
    } catch {
      // See above.
    }
  }

  handle(event: CoreEvent): void {
    switch (event.type) {
      case "SyncStatus":
        this.statuses[event.status.shop_id] = event.status;
        break;
      case "BackfillProgress":
        this.backfills.progressed(event.progress);
        break;
      case "BackfillStopped":
        this.backfills.stopped(event.shop_id, event.error);
        break;
      default:
        break;
    }
  }
}
