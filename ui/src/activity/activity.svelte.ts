// The Activity screen's state: the outgoing changes of the chosen shop and kind, newest first,
// reloaded when core reports OutboxChanged (never polled), with Retry and Dismiss per row. A
// reply that arrives after a newer request is dropped. The API is injected for the tests.
import type {
  ApiError,
  OutboxEntryView,
  OutboxKind,
  OutboxListInput,
} from "../lib/bindings";
import { toApiError } from "../lib/ipc";

export interface ActivityApi {
  listOutbox(input: OutboxListInput): Promise<OutboxEntryView[]>;
  retryOutbox(id: number): Promise<OutboxEntryView>;
  dismissOutbox(id: number): Promise<OutboxEntryView>;
}

export interface ActivityFilters {
  /** "" = every shop. */
  shopId: string;
  kind: OutboxKind | null;
  failedOnly: boolean;
}

/** Rows per page. */
export const ACTIVITY_PAGE = 100;

export function activityQuery(filters: ActivityFilters, beforeId: number | null = null): OutboxListInput {
  return {
    shop_id: filters.shopId === "" ? null : filters.shopId,
    kind: filters.kind,
    failed_only: filters.failedOnly,
    before_id: beforeId,
    limit: ACTIVITY_PAGE,
  };
}

/** Replaces the row with the same id (a Retry or Dismiss answer) in place. */
export function replaceEntry(entries: readonly OutboxEntryView[], entry: OutboxEntryView): OutboxEntryView[] {
  return entries.map((e) => (e.id === entry.id ? entry : e));
}

function without<T>(record: Record<number, T>, id: number): Record<number, T> {
  return Object.fromEntries(Object.entries(record).filter(([key]) => Number(key) !== id));
}

export class ActivityModel {
  filters: ActivityFilters = $state({ shopId: "", kind: null, failedOnly: false });
  entries: OutboxEntryView[] = $state([]);
  loaded = $state(false);
  loading = $state(false);
  /** More, older rows exist (the last page was full). */
  hasMore = $state(false);
  error: ApiError | null = $state(null);
  /** Per row: the Retry/Dismiss that failed, shown on that row. */
  rowErrors: Record<number, string> = $state({});
  /** Rows whose Retry or Dismiss is on its way (their buttons wait). */
  busy: Record<number, boolean> = $state({});

  readonly #api: ActivityApi;
  #generation = 0;

  constructor(api: ActivityApi) {
    this.#api = api;
  }

  /** The first page for the filters (and, on OutboxChanged, the same view again). */
  async load(): Promise<void> {
    const generation = ++this.#generation;
    this.loading = true;
    try {
      // A refresh keeps as many rows as the seller paged in, so the list does not jump.
      const limit = Math.max(ACTIVITY_PAGE, this.entries.length);
      const entries = await this.#api.listOutbox({ ...activityQuery(this.filters), limit });
      if (generation !== this.#generation) return;
      this.entries = entries;
      this.hasMore = entries.length >= limit;
      this.error = null;
      this.loaded = true;
    } catch (error) {
      if (generation !== this.#generation) return;
      this.error = toApiError(error);
    } finally {
      if (generation === this.#generation) this.loading = false;
    }
  }

  setFilters(patch: Partial<ActivityFilters>): Promise<void> {
    this.filters = { ...this.filters, ...patch };
    this.entries = [];
    return this.load();
  }

  /** The next, older page. */
  async more(): Promise<void> {
    const last = this.entries.at(-1);
    if (!last || !this.hasMore) return;
    const generation = ++this.#generation;
    this.loading = true;
    try {
      const older = await this.#api.listOutbox(activityQuery(this.filters, last.id));
      if (generation !== this.#generation) return;
      this.entries = [...this.entries, ...older];
      this.hasMore = older.length >= ACTIVITY_PAGE;
    } catch (error) {
      if (generation !== this.#generation) return;
      this.error = toApiError(error);
    } finally {
      if (generation === this.#generation) this.loading = false;
    }
  }

  retry(id: number): Promise<void> {
    return this.#act(id, (i) => this.#api.retryOutbox(i));
  }

  dismiss(id: number): Promise<void> {
    return this.#act(id, (i) => this.#api.dismissOutbox(i));
  }

  async #act(id: number, action: (id: number) => Promise<OutboxEntryView>): Promise<void> {
    this.busy = { ...this.busy, [id]: true };
    this.rowErrors = without(this.rowErrors, id);
    try {
      const entry = await action(id);
      this.entries = replaceEntry(this.entries, entry);
    } catch (error) {
      this.rowErrors = { ...this.rowErrors, [id]: toApiError(error).message };
    } finally {
      this.busy = without(this.busy, id);
    }
  }
}
