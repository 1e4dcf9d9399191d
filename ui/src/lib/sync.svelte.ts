// The engine's live state for every page: each shop's sync status and backfill, kept from
// `SyncStatus`, `BackfillProgress` and `BackfillStopped` events (never polled). One instance
// lives for the whole app, so leaving the Orders page does not forget a running backfill.
import type { ApiError, CoreEvent, SyncStatusView } from "./bindings";
import type { BackfillState } from "./sync";

export interface SyncApi {
  syncStatuses(): Promise<SyncStatusView[]>;
}

export class SyncStore {
  statuses: Record<string, SyncStatusView> = $state({});
  backfills: Record<string, BackfillState> = $state({});

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
      case "BackfillProgress": {
        const p = event.progress;
        this.backfills[p.shop_id] = { running: !p.finished, progress: p, stopped: null };
        break;
      }
      case "BackfillStopped": {
        const previous = this.backfills[event.shop_id];
        this.backfills[event.shop_id] = {
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

  /** A backfill was started: show it as running before its first event arrives. */
  backfillStarted(shopId: string): void {
    this.backfills[shopId] = { running: true, progress: null, stopped: null };
  }

  /** Start refused: nothing runs. */
  backfillFailed(shopId: string, error: ApiError): void {
    this.backfills[shopId] = { running: false, progress: null, stopped: error };
  }

  /** Forgets a finished or stopped backfill (the seller dismissed it). */
  dismissBackfill(shopId: string): void {
    delete this.backfills[shopId];
  }
}
